// NumPy .npy (format version 1.0) of the structured dtype [('f0', '<u8'), ('f1', '<u8')], shape (n,): what DataComp's
// resharder and load_subset read. The header is a fixed 128 bytes (padded with spaces, as NumPy pads to a multiple
// of 64), written last, once n is known; the body is 16 little-endian bytes per uid.

/** Bytes before the data: magic, version, header length, the padded header dict. */
export const NPY_HEADER_BYTES = 128;

/** The 128-byte .npy v1.0 header of `n` uids. */
export function npyHeader(n: number): Uint8Array {
  const dict = `{'descr': [('f0', '<u8'), ('f1', '<u8')], 'fortran_order': False, 'shape': (${n},), }`;
  const headerLength = NPY_HEADER_BYTES - 10;
  if (dict.length + 1 > headerLength) throw new Error(`npy header for ${n} rows does not fit`);
  const bytes = new Uint8Array(NPY_HEADER_BYTES);
  bytes.set([0x93, ...Array.from("NUMPY", (c) => c.charCodeAt(0)), 1, 0, headerLength & 0xff, headerLength >> 8], 0);
  const text = dict.padEnd(headerLength - 1, " ") + "\n";
  for (let i = 0; i < text.length; i++) bytes[10 + i] = text.charCodeAt(i);
  return bytes;
}
