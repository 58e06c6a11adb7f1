/** Exact powers of ten (up to 10^22 every power of ten is a double). */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Digits beyond which the digits, read as an integer, may not be exact in a double (10^15 < 2^53). */
const MAX_DIGITS = 15;

/**
 * The fast path of the CSV readers' numbers: reads `text[start, end)` when it is a plain unsigned decimal (`42`,
 * `0.836`, `.5`, `2.`) of at most 15 digits and, when `suffixes` is set, a magnitude suffix right after it (`12.8M`,
 * `640k`, `1.28B`, `3bn`). Returns NaN for anything else (empty, spaces, signs, exponents, separators, `%`, …): the
 * caller then uses the full parser, which reads or refuses it with its message.
 *
 * @remarks The value is the same double as the full parser's (`Number` of the decimal string): the digits form an
 * exact integer m below 2^53 and the power of ten p is exact (|p| ≤ 22), so one multiplication or division m × 10^p
 * rounds once, correctly (Clinger's fast path). `-0` cannot occur (no sign). @internal
 * @example
 * ```ts
 * scanPlainNumber("a,12.8M,x", 2, 7, true); // 12800000
 * scanPlainNumber("0.836", 0, 5, false); // 0.836
 * scanPlainNumber("1e6", 0, 3, false); // NaN: the full parser decides
 * ```
 */
export function scanPlainNumber(text: string, start: number, end: number, suffixes: boolean): number {
  let m = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      digits++;
      if (dot) fraction++;
    } else if (c === 0x2e && !dot) dot = true;
    else break;
  }
  if (digits === 0 || digits > MAX_DIGITS) return NaN;
  let exponent = -fraction;
  if (i < end) {
    if (!suffixes) return NaN;
    const c = text.charCodeAt(i++);
    if (c === 0x4d) exponent += 6; // M
    else if (c === 0x6b || c === 0x4b) exponent += 3; // k K
    else if (c === 0x42 || c === 0x47) exponent += 9; // B G
    else if (c === 0x62) {
      exponent += 9; // b, bn
      if (i < end && text.charCodeAt(i) === 0x6e) i++;
    } else if (c === 0x54) exponent += 12; // T
    else return NaN;
    if (i !== end) return NaN;
  }
  if (exponent === 0) return m;
  return exponent > 0 ? m * POW10[exponent]! : m / POW10[-exponent]!;
}
