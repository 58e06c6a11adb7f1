/** Suffixes of {@link formatCount}, largest first (the ones `parseCount` of `@qqt/data` reads back). */
const SUFFIXES: ReadonlyArray<{ suffix: string; power: number }> = [
  { suffix: "T", power: 1e12 },
  { suffix: "B", power: 1e9 },
  { suffix: "M", power: 1e6 },
  { suffix: "k", power: 1e3 },
];

/** Significant digits shown by {@link formatCount} by default. */
const COUNT_DIGITS = 4;

/**
 * Formats a count of samples for people: `32M`, `1.28B`, `439.6M`, `640k`, `950` (the inverse of `@qqt/data`'s
 * `parseCount`, used in every message and table of qqt).
 *
 * @remarks At most `digits` (default four) significant digits, trailing zeros dropped, with the suffixes `k`, `M`, `B`, `T` that
 * `parseCount` of `@qqt/data` reads back (exactly, when the count has at most four significant digits); from 1000T
 * on, scientific notation (`2.5e17`).
 * @example
 * ```ts
 * formatCount(32e6); // "32M"
 * formatCount(1.28e9); // "1.28B"
 * formatCount(439_631_927); // "439.6M"
 * formatCount(999_990_000); // "1B"
 * formatCount(2.5e17); // "2.5e17"
 * formatCount(439_631_927, 3); // "440M"
 * ```
 */
export function formatCount(count: number, digits: number = COUNT_DIGITS): string {
  if (!Number.isFinite(count)) return String(count);
  const sign = count < 0 ? "-" : "";
  const n = Math.abs(count);
  for (let i = 0; i < SUFFIXES.length; i++) {
    const { suffix, power } = SUFFIXES[i]!;
    if (n < power) continue;
    const shown = trim((n / power).toPrecision(digits));
    if (Number(shown) >= 1000) {
      // Past the largest suffix (1000T and up): scientific notation, which parseCount reads too.
      if (i === 0) return `${sign}${scientific(n, digits)}`;
      // 999.96M rounds to "1000": show it with the next larger suffix.
      return `${sign}${trim((n / SUFFIXES[i - 1]!.power).toPrecision(digits))}${SUFFIXES[i - 1]!.suffix}`;
    }
    return `${sign}${shown}${suffix}`;
  }
  const shown = Number.isInteger(n) ? String(n) : trim(n.toPrecision(digits));
  if (Number(shown) >= 1000) return `${sign}1k`;
  return `${sign}${shown}`;
}

/** `1e15`, `2.5e17`: four significant digits, trailing zeros dropped. */
function scientific(n: number, digits: number): string {
  const [mantissa, exponent] = n.toExponential(digits - 1).split("e");
  return `${trim(mantissa!)}e${Number(exponent)}`;
}

function trim(text: string): string {
  return text.includes(".") && !text.includes("e") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
