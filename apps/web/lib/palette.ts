// Colour-blind-safe series styles: the Okabe–Ito palette (Okabe & Ito 2008), ordered so that the first colours
// have the most contrast on white, with dash patterns taking over past eight series.

/**
 * Okabe–Ito colours in the order the charts use them (yellow last: weakest on white).
 *
 * @example
 * ```ts
 * OKABE_ITO[0]; // "#0072B2" (blue)
 * ```
 */
export const OKABE_ITO: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
];

/** Dash patterns cycled once the colours repeat (solid first). */
const DASHES: readonly (string | undefined)[] = [undefined, "6 3", "2 3", "8 3 2 3"];

/**
 * The style of series `i` (0-based): a colour and, from the ninth series on, a dash pattern, so that every
 * series of up to 32 stays distinguishable without relying on colour alone.
 *
 * @example
 * ```ts
 * seriesStyle(8); // { color: "#0072B2", dash: "6 3" }
 * ```
 */
export function seriesStyle(i: number): { color: string; dash: string | undefined } {
  const n = OKABE_ITO.length;
  return { color: OKABE_ITO[i % n]!, dash: DASHES[Math.floor(i / n) % DASHES.length] };
}

/** The colour of the best-pool envelope: a dark neutral drawn wide beneath the pool curves. */
export const ENVELOPE_COLOR = "#333333";
/** The colour of the chosen-budget line. */
export const BUDGET_COLOR = "#6a1b9a";

/** The shading of the samples-seen range the fitted runs cover, behind the pool curves. */
export const COVERAGE_COLOR = "#9e9e9e";
/** Fill opacity of that shading: visible, never hiding the curves. */
export const COVERAGE_OPACITY = 0.18;

/** The neutral swatch that stands for every pool's band in the legend (each band takes its pool's colour). */
export const BAND_LEGEND_COLOR = "#7a7a7a";
