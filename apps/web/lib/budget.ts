import { AdvisorError, type Result } from "./AdvisorError";

/** The smallest budget the advisor accepts, in samples seen. */
export const MIN_BUDGET = 1e3;
/** The largest budget the advisor accepts, in samples seen (far past any run on record, still exact in float64). */
export const MAX_BUDGET = 1e15;
/** Seconds per hour, for GPU-hour budgets. */
const SECONDS_PER_HOUR = 3600;

/** Power of ten of each unit suffix (short scale): k = 10³, M = 10⁶, B or G = 10⁹, T = 10¹². */
const SUFFIX_EXPONENTS: Readonly<Record<string, number>> = { "": 0, k: 3, m: 6, b: 9, g: 9, t: 12 };

/** A plain number: digits with optional `_`/`,` groups, decimals and exponent. */
const NUMBER = String.raw`(\d[\d_,]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?`;
const AMOUNT = new RegExp(String.raw`^${NUMBER}\s*([kmbgt])?$`, "i");
const GPU = new RegExp(
  String.raw`^(.+?)\s*(?:gpu[\s-]*h(?:ours?|rs?)?|gpuh)\s*(?:[x×*@]|at)\s*(.+?)\s*(?:samples?)?\s*(?:\/|per)\s*(?:s|sec|second)\s*(?:(?:\/|per)\s*gpu)?$`,
  "i",
);
/** Digit groups are only accepted when they are whole groups of three (`1,000,000`, `1_000_000`). */
const GROUPED = /^\d{1,3}([_,]\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/;

/** How a parsed budget was written. */
export type BudgetSource =
  | { kind: "samples" }
  | { kind: "gpu-hours"; gpuHours: number; samplesPerSecondPerGpu: number };

/**
 * A budget read from text.
 *
 * @example
 * ```ts
 * // parseBudget("640M") → { ok: true, value: { samples: 6.4e8, source: { kind: "samples" } } }
 * ```
 */
export interface ParsedBudget {
  /** Samples seen. */
  samples: number;
  source: BudgetSource;
}

const EXPECTED =
  "expected a number of samples seen such as 640M, 1.28B, 6.4e8 or 1_000_000, or GPU-hours × samples/s per GPU such as 500 GPU-h × 2500/s";

/**
 * Reads a training budget (samples seen) typed by a user.
 *
 * @remarks Accepts a number with an optional unit suffix — `k` (10³), `M` (10⁶), `B` or `G` (10⁹), `T` (10¹²),
 * case-insensitive — scientific notation and digit groups (`1_000_000`, `1,000,000`). It also accepts compute as
 * GPU-hours times the per-GPU throughput: `500 GPU-h × 2500/s`, `500 gpu-hours at 2.5k samples/s per GPU`,
 * which is `gpuHours · 3600 · samplesPerSecondPerGpu` samples. The budget must lie in
 * [{@link MIN_BUDGET}, {@link MAX_BUDGET}].
 * @example
 * ```ts
 * parseBudget("1.28B");             // ok, samples 1.28e9
 * parseBudget("100 GPU-h x 1000/s"); // ok, samples 3.6e8
 * parseBudget("lots");              // not ok: AdvisorError INVALID_BUDGET
 * ```
 */
export function parseBudget(text: string): Result<ParsedBudget> {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (trimmed === "") return fail(`Budget is empty; ${EXPECTED}.`);
  const gpu = GPU.exec(trimmed);
  if (gpu) {
    const hours = parseAmount(gpu[1]!);
    const rate = parseAmount(gpu[2]!);
    if (hours === undefined || rate === undefined) return fail(`Budget "${trimmed}" is not a valid GPU-hour budget; ${EXPECTED}.`);
    return budgetFromGpuHours({ gpuHours: hours, samplesPerSecondPerGpu: rate });
  }
  const samples = parseAmount(trimmed);
  if (samples === undefined) return fail(`Budget "${trimmed}" is not a number of samples; ${EXPECTED}.`);
  return checked(samples, { kind: "samples" }, trimmed);
}

/**
 * The samples seen that a compute budget in GPU-hours buys: `gpuHours · 3600 · samplesPerSecondPerGpu`.
 *
 * @example
 * ```ts
 * budgetFromGpuHours({ gpuHours: 100, samplesPerSecondPerGpu: 1000 }); // ok, samples 3.6e8
 * ```
 */
export function budgetFromGpuHours(compute: { gpuHours: number; samplesPerSecondPerGpu: number }): Result<ParsedBudget> {
  const { gpuHours, samplesPerSecondPerGpu } = compute;
  if (!Number.isFinite(gpuHours) || gpuHours <= 0) {
    return fail(`GPU-hours must be a finite number > 0; got ${String(gpuHours)}.`);
  }
  if (!Number.isFinite(samplesPerSecondPerGpu) || samplesPerSecondPerGpu <= 0) {
    return fail(`Samples per second per GPU must be a finite number > 0; got ${String(samplesPerSecondPerGpu)}.`);
  }
  const samples = gpuHours * SECONDS_PER_HOUR * samplesPerSecondPerGpu;
  return checked(samples, { kind: "gpu-hours", gpuHours, samplesPerSecondPerGpu }, `${gpuHours} GPU-hours × ${samplesPerSecondPerGpu}/s`);
}

/** A number with optional suffix, or undefined. */
function parseAmount(text: string): number | undefined {
  const match = AMOUNT.exec(text.trim());
  if (!match) return undefined;
  const digits = match[1]!;
  if (!GROUPED.test(digits.startsWith(".") ? `0${digits}` : digits)) return undefined;
  const exponent = (match[2] === undefined ? 0 : Number(match[2])) + SUFFIX_EXPONENTS[(match[3] ?? "").toLowerCase()]!;
  // One decimal-to-binary conversion (Number("1.28e9")), so 1.28B is exactly 1.28e9 and not 1.28 · 1e9.
  const value = Number(`${digits.replace(/[_,]/g, "")}e${exponent}`);
  return Number.isFinite(value) ? value : undefined;
}

function checked(samples: number, source: BudgetSource, shown: string): Result<ParsedBudget> {
  if (!Number.isFinite(samples) || samples < MIN_BUDGET || samples > MAX_BUDGET) {
    return fail(`Budget ${shown} = ${samples} samples is out of range; expected between 1k and 1000T samples seen.`);
  }
  return { ok: true, value: { samples, source } };
}

function fail(message: string): Result<ParsedBudget> {
  return { ok: false, error: new AdvisorError("INVALID_BUDGET", message) };
}
