import { formatCount } from "@qqt/core";

// Number formatting for the advisor: sample counts (32M, 1.28B), errors, percentages, passes.

/** Significant digits of sample counts in labels: 12.8M, 1.28B, 640M. */
export const SAMPLE_DIGITS = 3;

/**
 * A sample count as a short label: @qqt/core's `formatCount` (the one count formatter of qqt, read back by the budget
 * grammar) at `digits` significant digits — three in labels — and `"—"` for a non-finite value, so a label never shows
 * `NaN`.
 *
 * @example
 * ```ts
 * formatSamples(1.28e9); // "1.28B"
 * formatSamples(32e6);   // "32M"
 * formatSamples(439_612_345, 4); // "439.6M"
 * ```
 */
export function formatSamples(samples: number, digits: number = SAMPLE_DIGITS): string {
  return Number.isFinite(samples) ? formatCount(samples, digits) : "—";
}

/** `x` rounded to `digits` significant digits. */
export function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** A number without exponent notation or trailing zeros (for values between 1e-6 and 1e21). */
function trimNumber(x: number): string {
  return String(x);
}

/**
 * A predicted error (1 − accuracy or a loss) with a fixed number of decimals.
 *
 * @example
 * ```ts
 * formatError(0.6072551); // "0.6073"
 * ```
 */
export function formatError(error: number, decimals = 4): string {
  if (!Number.isFinite(error)) return "—";
  return error.toFixed(decimals);
}

/**
 * A probability as a percentage, with `<1%` and `>99%` at the ends so that 0.996 does not read as certain.
 *
 * @example
 * ```ts
 * formatProbability(0.815); // "82%"
 * formatProbability(1);     // "100%"
 * formatProbability(0.999); // ">99%"
 * ```
 */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return "—";
  if (p <= 0) return "0%";
  if (p >= 1) return "100%";
  if (p < 0.01) return "<1%";
  if (p > 0.99) return ">99%";
  return `${Math.round(p * 100)}%`;
}

/**
 * How many passes over a pool a budget makes, in words: "about 17 passes", "about 2.5 passes", "0.4 of one pass".
 *
 * @example
 * ```ts
 * formatPasses(640e6 / 38.4e6); // "about 17 passes"
 * formatPasses(1);              // "1 pass"
 * ```
 */
export function formatPasses(passes: number): string {
  if (!Number.isFinite(passes) || passes < 0) return "—";
  if (passes === 1) return "1 pass";
  if (passes < 1) return `${trimNumber(roundSignificant(passes, 2))} of one pass (no sample repeated)`;
  if (passes < 10) {
    const rounded = Math.round(passes * 10) / 10;
    return rounded === passes ? `${rounded} passes` : `about ${rounded} passes`;
  }
  const rounded = Math.round(passes);
  return rounded === passes ? `${rounded} passes` : `about ${rounded} passes`;
}

/**
 * A plain number for tables and CSV: finite values as shortest round-trip strings, anything else as empty.
 *
 * @example
 * ```ts
 * formatPlain(0.1 + 0.2); // "0.30000000000000004"
 * formatPlain(NaN);       // ""
 * ```
 */
export function formatPlain(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "" : String(x);
}

/**
 * A pass count for tables: one decimal below 10, whole numbers above.
 *
 * @example
 * ```ts
 * formatPassCount(16.67); // "17"
 * formatPassCount(2.54);  // "2.5"
 * ```
 */
export function formatPassCount(passes: number): string {
  if (!Number.isFinite(passes)) return "—";
  return passes < 10 ? passes.toFixed(1) : String(Math.round(passes));
}

/**
 * How much worse the runner-up is: four decimals, or two significant digits when that would read as zero.
 *
 * @example
 * ```ts
 * formatMargin(0.0080374); // "0.0080"
 * formatMargin(0.0000312); // "0.000031"
 * formatMargin(0);         // "0 (a tie)"
 * ```
 */
export function formatMargin(margin: number): string {
  if (!Number.isFinite(margin)) return "—";
  if (margin === 0) return "0 (a tie)";
  if (Math.abs(margin) >= 0.001) return margin.toFixed(4);
  return String(Number(margin.toPrecision(2)));
}
