/** Bits of the hash sorted per radix pass (3 passes: 11 + 11 + 10 bits). */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/**
 * Finds repeated keys among `count` items given by their 32-bit key hashes: for each item, the index of the first
 * earlier item with an equal key, or -1 when it is the first of its key. `same(i, j)` tells whether items i and j
 * (same hash) have equal keys; it is only called for equal hashes.
 *
 * @remarks The items are sorted by hash (a stable LSD radix sort on typed arrays: sequential passes, no hash table
 * probed at random, which costs a cache miss per item at 10^6 items), then each run of equal hashes is read in item
 * order. Memory: five `Int32Array`s of `count`. `hashes` is overwritten. @internal
 * @example
 * ```ts
 * const keys = [7, 3, 7, 7];
 * findDuplicates(Int32Array.from(keys), 4, (i, j) => keys[i] === keys[j]); // Int32Array [-1, -1, 0, 0]
 * ```
 */
export function findDuplicates(hashes: Int32Array, count: number, same: (i: number, j: number) => boolean): Int32Array {
  let keys: Int32Array = hashes;
  let order: Int32Array = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let keysOut: Int32Array = new Int32Array(count);
  let orderOut: Int32Array = new Int32Array(count);
  const histogram = new Int32Array(RADIX);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    histogram.fill(0);
    for (let i = 0; i < count; i++) histogram[(keys[i]! >>> shift) & (RADIX - 1)]!++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = histogram[d]!;
      histogram[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const k = keys[i]!;
      const at = histogram[(k >>> shift) & (RADIX - 1)]!++;
      keysOut[at] = k;
      orderOut[at] = order[i]!;
    }
    [keys, keysOut] = [keysOut, keys];
    [order, orderOut] = [orderOut, order];
  }
  const earlier = new Int32Array(count).fill(-1);
  for (let s = 0; s < count; ) {
    const h = keys[s]!;
    let e = s + 1;
    while (e < count && keys[e] === h) e++;
    // Within a run, items are in increasing order (the sort is stable): compare each with the firsts before it.
    for (let a = s + 1; a < e; a++) {
      const i = order[a]!;
      for (let b = s; b < a; b++) {
        const j = order[b]!;
        if (earlier[j] === -1 && same(i, j)) {
          earlier[i] = j;
          break;
        }
      }
    }
    s = e;
  }
  return earlier;
}
