// Number formats of the human-readable output (JSON output always carries the full numbers).

/** Decimals of a predicted or observed error. */
export const ERROR_DECIMALS = 4;
/** Significant digits of a fitted parameter. */
const PARAMETER_DIGITS = 4;

/** An error value: `0.8120`. */
export function formatError(value: number): string {
  return value.toFixed(ERROR_DECIMALS);
}

/** A signed difference of errors: `+0.0114`. */
export function formatDelta(value: number): string {
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(ERROR_DECIMALS)}`;
}

/** A parameter with four significant digits: `0.01917`, `-0.1796`, `4.487`, `8.65e-5`. */
export function formatParameter(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) return value.toExponential(PARAMETER_DIGITS - 1).replace(/\.?0+e/, "e").replace("e+", "e");
  return String(Number(value.toPrecision(PARAMETER_DIGITS)));
}

/** An interval `[low, high]` with {@link formatParameter}. */
export function formatInterval(low: number, high: number, format: (x: number) => string = formatParameter): string {
  return `[${format(low)}, ${format(high)}]`;
}

/** A fraction as a percentage with one decimal: `0.6%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Passes at or above this are written in scientific notation (`~2.6e9 passes`). */
const SCIENTIFIC_PASSES = 1e6;
/** Passes below this keep two significant digits (`~0.026 passes`) instead of one decimal. */
const FRACTIONAL_PASSES = 0.1;

/** Passes over a pool: `2.5 passes`, `~17 passes`, `1 pass`, `~0.026 passes`, `~2.6e9 passes`. */
export function formatPasses(passes: number): string {
  let shown: number;
  let text: string;
  if (passes >= SCIENTIFIC_PASSES) {
    shown = Number(passes.toPrecision(2));
    text = shown.toExponential().replace("e+", "e");
  } else {
    shown = passes < FRACTIONAL_PASSES ? Number(passes.toPrecision(2)) : passes < 10 ? Math.round(passes * 10) / 10 : Math.round(passes);
    text = String(shown);
  }
  const approx = Math.abs(shown - passes) > 1e-9 * Math.max(1, passes) ? "~" : "";
  return `${approx}${text} ${shown === 1 ? "pass" : "passes"}`;
}
