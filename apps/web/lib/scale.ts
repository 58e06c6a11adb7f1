import { formatSamples, roundSignificant } from "./format";

/**
 * A closed range of budgets (samples seen), `0 < min < max`.
 *
 * @example
 * ```ts
 * const range: BudgetRange = { min: 1e6, max: 1e11 };
 * ```
 */
export interface BudgetRange {
  min: number;
  max: number;
}

/** Positions of the log slider: 0 … SLIDER_STEPS (1000 steps over the range: fine enough for arrow keys). */
export const SLIDER_STEPS = 1000;
/** Slider budgets are rounded to this many significant digits so that the text box shows clean values. */
const SLIDER_DIGITS = 3;

/**
 * The budget at a log-slider position: `min · (max/min)^(position/steps)`, rounded to 3 significant digits.
 *
 * @example
 * ```ts
 * sliderToBudget(500, { min: 1e6, max: 1e10 }); // 1e8
 * ```
 */
export function sliderToBudget(position: number, range: BudgetRange, steps: number = SLIDER_STEPS): number {
  const t = Math.min(Math.max(position / steps, 0), 1);
  const raw = Math.exp(Math.log(range.min) + t * Math.log(range.max / range.min));
  return Math.min(Math.max(roundSignificant(raw, SLIDER_DIGITS), range.min), range.max);
}

/**
 * The log-slider position of a budget (clamped to the range), the inverse of {@link sliderToBudget}.
 *
 * @example
 * ```ts
 * budgetToSlider(1e8, { min: 1e6, max: 1e10 }); // 500
 * ```
 */
export function budgetToSlider(budget: number, range: BudgetRange, steps: number = SLIDER_STEPS): number {
  if (!Number.isFinite(budget) || budget <= range.min) return 0;
  if (budget >= range.max) return steps;
  return Math.round((Math.log(budget / range.min) / Math.log(range.max / range.min)) * steps);
}

/**
 * A tick of a chart axis: its value and label.
 *
 * @example
 * ```ts
 * const t: Tick = { value: 32e6, label: "32M" };
 * ```
 */
export interface Tick {
  value: number;
  label: string;
}

/** Mantissas of ticks per decade, by how many decades the axis spans (fewer per decade on wide axes). */
const TICK_MANTISSAS: ReadonlyArray<{ maxDecades: number; mantissas: readonly number[] }> = [
  { maxDecades: 1.5, mantissas: [1, 2, 3, 5, 7] },
  { maxDecades: 3, mantissas: [1, 2, 5] },
  { maxDecades: 6, mantissas: [1, 3] },
  { maxDecades: Infinity, mantissas: [1] },
];
/** Above this many decades, only every second, third … power of ten is labelled. */
const MAX_DECADE_TICKS = 8;

/**
 * Readable ticks for a log-scaled sample axis: 1-2-5 (or 1-3, or powers of ten) per decade, labelled 32M, 1B.
 *
 * @remarks Only ticks inside `[min, max]` are returned, ascending. The density adapts to the span so that labels
 * do not collide; at least the range ends' decades are present for any span of one decade or more.
 * @example
 * ```ts
 * logTicks({ min: 1e7, max: 1e9 }).map((t) => t.label);
 * // ["10M", "20M", "50M", "100M", "200M", "500M", "1B"]
 * ```
 */
export function logTicks(range: BudgetRange): Tick[] {
  const { min, max } = range;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min > 0 && max > min)) return [];
  const decades = Math.log10(max / min);
  const { mantissas } = TICK_MANTISSAS.find((m) => decades <= m.maxDecades)!;
  const stride = Math.max(1, Math.ceil(decades / MAX_DECADE_TICKS));
  const first = Math.floor(Math.log10(min));
  const last = Math.ceil(Math.log10(max));
  const ticks: Tick[] = [];
  for (let p = first; p <= last; p++) {
    if (mantissas.length === 1 && (p - first) % stride !== 0) continue;
    for (const m of mantissas) {
      const value = Number(`${m}e${p}`);
      if (value >= min * (1 - 1e-12) && value <= max * (1 + 1e-12)) ticks.push({ value, label: formatSamples(value) });
    }
  }
  // A narrow range inside one decade may hold fewer than two ticks: label its ends instead.
  if (ticks.length < 2) return [min, max].map((value) => ({ value, label: formatSamples(value) }));
  return ticks;
}

/**
 * `count` budgets spaced evenly in log scale from `min` to `max`, both included.
 *
 * @example
 * ```ts
 * Array.from(logSpace({ min: 1e6, max: 1e8 }, 3)); // [1e6, 1e7, 1e8]
 * ```
 */
export function logSpace(range: BudgetRange, count: number): Float64Array {
  const out = new Float64Array(count);
  if (count === 1) {
    out[0] = range.min;
    return out;
  }
  const lo = Math.log(range.min);
  const step = Math.log(range.max / range.min) / (count - 1);
  for (let i = 0; i < count; i++) out[i] = Math.exp(lo + step * i);
  out[0] = range.min;
  out[count - 1] = range.max;
  return out;
}

/**
 * A linear axis that holds every finite value: domain ends on multiples of a nice 1-2-5 step, and the ticks are
 * those multiples (about `target` intervals), so the first and last tick are the domain's ends.
 *
 * @example
 * ```ts
 * niceAxis([0.57, 0.99]); // { min: 0.5, max: 1, ticks: [0.5, 0.6, 0.7, 0.8, 0.9, 1], decimals: 2 }
 * ```
 */
export function niceAxis(values: Iterable<number>, target = 6): { min: number; max: number; ticks: number[]; decimals: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    const pad = Math.max(Math.abs(lo) * 0.05, 1e-3);
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / target);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const snap = (x: number) => Number(x.toFixed(decimals)) + 0; // + 0 turns -0 into 0
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(snap(i * step));
  return { min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks, decimals: Math.max(2, decimals) };
}

/**
 * A padded linear domain for an error axis that holds every finite value, rounded outwards to a nice step
 * (about 8 intervals; see {@link niceAxis}).
 *
 * @example
 * ```ts
 * errorDomain([0.61, 0.93]); // { min: 0.6, max: 0.95 }
 * ```
 */
export function errorDomain(values: Iterable<number>): { min: number; max: number } {
  const { min, max } = niceAxis(values, 8);
  return { min, max };
}

/** The 1-2-5 step at or above `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return roundSignificant(m * power, 1);
  return 10 * power;
}

