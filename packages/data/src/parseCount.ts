import { DataError } from "./DataError.js";
import { safelyValue } from "./internal/safely.js";
import type { DataErrorCode } from "./DataError.js";

/** Powers of ten of the accepted magnitude suffixes. `m` is refused: it reads as milli as often as million. */
const SUFFIX_EXPONENT: Readonly<Record<string, number>> = { k: 3, K: 3, M: 6, B: 9, b: 9, bn: 9, G: 9, T: 12 };

const PLAIN_INTEGER = /^\d{1,15}$/;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;
const NUMBER = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(?: ?(k|K|M|B|b|bn|G|T))?$/;
const BAD_UNDERSCORE = /(^|\D)_|_(\D|$)/;

/** The outcome of scanning a count: the value, or why it is not one. @internal */
export type CountScan =
  | { ok: true; value: number }
  | { ok: false; code: DataErrorCode; message: string; suggestion?: string };

/** What a count looks like, for error messages. */
export const COUNT_FORMAT = "a count such as 12800000, 12.8M, 1.28B, 640k, 3e9, 1_000_000 or 12,800,000";

/**
 * Scans a count without throwing (the hot path of the CSV readers). @internal
 */
export function scanCount(text: string): CountScan {
  const s = text.trim();
  if (PLAIN_INTEGER.test(s)) return { ok: true, value: Number(s) };
  if (s.length === 0) return { ok: false, code: "MISSING_VALUE", message: "the value is empty" };
  let body = s[0] === "+" ? s.slice(1) : s;
  if (body[0] === "-" || body[0] === "\u2212") {
    const rest = scanCount(body.slice(1));
    if (rest.ok && rest.value === 0) return { ok: true, value: 0 };
    return rest.ok
      ? { ok: false, code: "NEGATIVE_NUMBER", message: `${JSON.stringify(s)} is negative` }
      : { ok: false, code: "INVALID_NUMBER", message: `${JSON.stringify(s)} is not a number` };
  }
  if (body.includes(",")) {
    if (!THOUSANDS.test(body)) {
      return {
        ok: false,
        code: "INVALID_NUMBER",
        message: `${JSON.stringify(s)} has a comma that is not a thousands separator`,
        suggestion: "commas are accepted only as thousands separators in whole numbers (12,800,000); write 12.8M for 12,8M",
      };
    }
    body = body.replaceAll(",", "");
  }
  if (body.includes("_")) {
    if (BAD_UNDERSCORE.test(body)) {
      return { ok: false, code: "INVALID_NUMBER", message: `${JSON.stringify(s)} has a misplaced "_"` };
    }
    body = body.replaceAll("_", "");
  }
  const match = NUMBER.exec(body);
  if (match === null) {
    if (/^(\d+(?:\.\d*)?|\.\d+) ?m$/.test(body)) {
      return {
        ok: false,
        code: "INVALID_NUMBER",
        message: `${JSON.stringify(s)} uses "m", which may mean milli or million`,
        suggestion: `write ${body.replace(/ ?m$/, "M")} for million`,
      };
    }
    if (/^(inf|infinity|nan)$/i.test(body)) {
      return { ok: false, code: "INVALID_NUMBER", message: `${JSON.stringify(s)} is not a finite number` };
    }
    return { ok: false, code: "INVALID_NUMBER", message: `${JSON.stringify(s)} is not a count` };
  }
  const mantissa = match[1]!;
  const exponent = Number(match[2] ?? "0") + (match[3] !== undefined ? SUFFIX_EXPONENT[match[3]]! : 0);
  if (match[2] !== undefined && match[3] !== undefined) {
    return {
      ok: false,
      code: "INVALID_NUMBER",
      message: `${JSON.stringify(s)} mixes an exponent and a suffix`,
      suggestion: "use either 3e9 or 3B",
    };
  }
  // Build the decimal string and let Number round once: 1.28B is exactly 1280000000, not 1.28 * 1e9.
  const value = Number(`${mantissa}e${exponent}`);
  if (!Number.isFinite(value)) {
    return { ok: false, code: "OUT_OF_RANGE", message: `${JSON.stringify(s)} is too large to represent` };
  }
  return { ok: true, value };
}

/**
 * Parses a count of samples: `12800000`, `12.8M`, `1.28B`, `640k`, `3e9`, `1_000_000`, `12,800,000`.
 *
 * @remarks Suffixes: `k`/`K` = 10^3, `M` = 10^6, `B`/`b`/`bn`/`G` = 10^9, `T` = 10^12, optionally after one space.
 * Lowercase `m` is refused (milli or million?). Commas are accepted only as thousands separators of a whole number
 * (`^\d{1,3}(,\d{3})+$`), so `1,280` is 1280 and `12,8M` (a decimal comma) is refused rather than guessed.
 * Underscores must sit between digits. The decimal string is rounded once, so `1.28B` is exactly 1280000000.
 * Zero is accepted (`-0` too); negative values, `Infinity`, `NaN` and values beyond `Number.MAX_VALUE` are not.
 * The CLI and the web app use it for budgets.
 * @param text - The text to parse.
 * @param field - Names the value in the error message (default `count`).
 * @throws {@link DataError} `MISSING_VALUE`, `INVALID_NUMBER`, `NEGATIVE_NUMBER` or `OUT_OF_RANGE`.
 * @example
 * ```ts
 * parseCount("12.8M"); // 12800000
 * parseCount("1.28B"); // 1280000000
 * parseCount("1_000_000"); // 1000000
 * parseCount("12,800,000"); // 12800000
 * parseCount("640k"); // 640000
 * ```
 */
export function parseCount(text: string, field = "count"): number {
  const scan = typeof text === "string" ? scanCount(text) : scanCount(String(text));
  if (scan.ok) return scan.value;
  throw new DataError([
    {
      code: scan.code,
      file: "<input>",
      field,
      message: `${field}: ${scan.message}`,
      expected: scan.code === "NEGATIVE_NUMBER" ? "a count >= 0" : COUNT_FORMAT,
      ...(scan.suggestion !== undefined ? { suggestion: scan.suggestion } : {}),
    },
  ]);
}

/**
 * {@link parseCount} without throwing.
 *
 * @example
 * ```ts
 * safeParseCount("12.8M"); // { success: true, data: 12800000 }
 * safeParseCount("12.8m"); // { success: false, error: DataError INVALID_NUMBER "… write 12.8M for million" }
 * ```
 */
export function safeParseCount(
  text: string,
  field = "count",
):
  | {
      /** `true`: the text is a valid count. */
      success: true;
      /** The count. */
      data: number;
    }
  | {
      /** `false`: the text is not a valid count. */
      success: false;
      /** Why, with the expected format and a suggestion when there is one. */
      error: DataError;
    } {
  return safelyValue(() => parseCount(text, field));
}

const DECIMAL = /^[+-]?(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A scanned decimal (error, accuracy, epochs, weight): the value and whether it carried a `%` sign. @internal */
export type DecimalScan =
  | { ok: true; value: number; percent: boolean }
  | { ok: false; code: DataErrorCode; message: string };

/** Scans a plain decimal number with an optional trailing `%`. @internal */
export function scanDecimal(text: string): DecimalScan {
  let s = text.trim();
  if (s.length === 0) return { ok: false, code: "MISSING_VALUE", message: "the value is empty" };
  let percent = false;
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trimEnd();
  }
  if (!DECIMAL.test(s)) {
    if (/^[+-]?\d+,\d+$/.test(s)) {
      return { ok: false, code: "INVALID_NUMBER", message: `${JSON.stringify(text.trim())} uses a decimal comma` };
    }
    return { ok: false, code: "INVALID_NUMBER", message: `${JSON.stringify(text.trim())} is not a number` };
  }
  const value = Number(s);
  if (!Number.isFinite(value)) {
    return { ok: false, code: "OUT_OF_RANGE", message: `${JSON.stringify(text.trim())} is too large to represent` };
  }
  return { ok: true, value: value === 0 ? 0 : value, percent };
}

/** Significant digits kept in `1 − score`, so 1 − 0.51938 is written 0.48062, not 0.48062000000000005. */
const COMPLEMENT_DIGITS = 15;

/** `1 − x` rounded to 15 significant digits (removes binary noise; the change is below 1e-15 relative). @internal */
export function complement(x: number): number {
  const y = 1 - x;
  return y === 0 ? 0 : Number(y.toPrecision(COMPLEMENT_DIGITS));
}
