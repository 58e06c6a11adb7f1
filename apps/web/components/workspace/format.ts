// Formatting for the workspace views: counts, parameters, differences and times. Never shows NaN: a missing or
// non-finite value is "—".

/** Shown for a value that is absent or not finite. */
export const NONE = "—";

const UNITS: ReadonlyArray<{ factor: number; suffix: string }> = [
  { factor: 1e12, suffix: "T" },
  { factor: 1e9, suffix: "B" },
  { factor: 1e6, suffix: "M" },
  { factor: 1e3, suffix: "k" },
];

/**
 * A sample count with a unit suffix and 3 significant digits.
 *
 * @example
 * ```ts
 * formatCount(12.8e6); // "12.8M"
 * formatCount(1_280_000_000); // "1.28B"
 * ```
 */
export function formatCount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NONE;
  const abs = Math.abs(x);
  for (const { factor, suffix } of UNITS) {
    if (abs >= factor) return `${Number((x / factor).toPrecision(3))}${suffix}`;
  }
  return String(Number(x.toPrecision(3)));
}

/**
 * A parameter or metric with `digits` significant digits (exponent notation for very small or large values).
 *
 * @example
 * ```ts
 * formatNumber(0.0220004); // "0.0220004"
 * formatNumber(4.363636363636363); // "4.36364"
 * ```
 */
export function formatNumber(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NONE;
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs < 1e-4 || abs >= 1e7) return x.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(digits)));
}

/**
 * A difference `b − a` with its sign, or "—" when a side is missing; "0" when equal.
 *
 * @example
 * ```ts
 * formatDelta(0.01); // "+0.01"
 * formatDelta(-0.001); // "−0.001"
 * ```
 */
export function formatDelta(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NONE;
  if (x === 0) return "0";
  const text = formatNumber(Math.abs(x), digits);
  return `${x > 0 ? "+" : "−"}${text}`;
}

/**
 * An ISO time as the reader's local date and time, to the minute.
 *
 * @example
 * ```ts
 * formatTime("2026-11-26T10:12:05.123Z"); // "26 Nov 2026, 11:12" (in Europe/Paris, en-GB)
 * ```
 */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return NONE;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/**
 * "1 run", "2 runs".
 *
 * @example
 * ```ts
 * plural(2, "run"); // "2 runs"
 * ```
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
