import { DataError } from "./DataError.js";
import { MAX_INPUT_BYTES } from "./internal/limits.js";
import type { TextInput } from "./types.js";

const UTF8_BOM = "\uFEFF";

/**
 * Turns text input into a string: strips a byte-order mark, decodes UTF-8 strictly, and UTF-16 when it has a BOM
 * (as Excel's "Unicode text" export does).
 *
 * @throws {@link DataError} `INVALID_ENCODING` when the bytes are not valid UTF-8 (and have no UTF-16 BOM).
 * @example
 * ```ts
 * decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), "a.csv"); // "a"
 * ```
 */
export function decodeText(input: TextInput, file: string): string {
  const size = typeof input === "string" ? input.length : input instanceof Uint8Array ? input.byteLength : 0;
  if (size > MAX_INPUT_BYTES) {
    throw new DataError([{ code: "INPUT_TOO_LARGE", file, message: `the input is ${size} ${typeof input === "string" ? "characters" : "bytes"}, more than qqt reads`, expected: `at most ${MAX_INPUT_BYTES} bytes (256 MiB) per file` }]);
  }
  if (typeof input === "string") return input.startsWith(UTF8_BOM) ? input.slice(1) : input;
  if (!(input instanceof Uint8Array)) {
    throw new DataError([
      { code: "INVALID_TYPE", file, message: `input is ${describeType(input)}`, expected: "a string or a Uint8Array" },
    ]);
  }
  let encoding = "utf-8";
  if (input.length >= 2 && input[0] === 0xff && input[1] === 0xfe) encoding = "utf-16le";
  else if (input.length >= 2 && input[0] === 0xfe && input[1] === 0xff) encoding = "utf-16be";
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(input);
  } catch {
    throw new DataError([
      {
        code: "INVALID_ENCODING",
        file,
        line: lineOfFirstInvalidByte(input),
        message: "the file is not valid UTF-8 text",
        expected: "UTF-8 (with or without BOM) or UTF-16 with a BOM",
        suggestion: "re-save the file as UTF-8 (CSV UTF-8 in Excel)",
      },
    ]);
  }
}

function describeType(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return `a ${typeof x}`;
}

/** The 1-based line of the first byte sequence that is not valid UTF-8. @internal */
export function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
