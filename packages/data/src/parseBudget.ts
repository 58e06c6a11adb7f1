import { DataError } from "./DataError.js";
import { safelyValue } from "./internal/safely.js";
import { scanCount } from "./parseCount.js";

/**
 * The smallest training budget qqt accepts: one sample seen.
 *
 * @example
 * ```ts
 * MIN_BUDGET; // 1
 * ```
 */
export const MIN_BUDGET = 1;

/**
 * The largest training budget qqt accepts: 10^15 samples seen (1000T), far past any training run on record and
 * still exact in float64.
 *
 * @example
 * ```ts
 * MAX_BUDGET; // 1e15
 * ```
 */
export const MAX_BUDGET = 1e15;

const SECONDS_PER_HOUR = 3600;

/** `<hours> GPU-h × <rate>/s [per GPU]`, also `gpu-hours`, `at`, `x`, `*`, `@`, `samples/s`, `per second`. */
const GPU = /^(.+?)\s*(?:gpu[\s-]*h(?:ours?|rs?)?|gpuh)\s*(?:[x×*@]|at)\s*(.+?)\s*(?:samples?)?\s*(?:\/|per)\s*(?:s|sec|second)\s*(?:(?:\/|per)\s*gpu)?$/i;

/**
 * What the budget grammar accepts, for messages and help texts.
 *
 * @example
 * ```ts
 * BUDGET_FORMAT; // "samples seen such as 640M, 1.28B, 6.4e8 or 1_000_000, or GPU-hours × samples/s per GPU …"
 * ```
 */
export const BUDGET_FORMAT =
  "samples seen such as 640M, 1.28B, 6.4e8 or 1_000_000, or GPU-hours × samples/s per GPU such as 500 GPU-h × 2500/s";

/**
 * A training budget read by {@link parseBudget}: samples seen, and how it was written.
 *
 * @example
 * ```ts
 * const b: ParsedBudget = { samples: 4.5e9, source: { kind: "gpu-hours", gpuHours: 500, samplesPerSecondPerGpu: 2500 } };
 * ```
 */
export interface ParsedBudget {
  /** Samples seen, rounded to a whole number. */
  samples: number;
  /** `samples` when written as a count; `gpu-hours` with its two factors when written as compute. */
  source:
    | {
        /** Written as a count of samples. */
        kind: "samples";
      }
    | {
        /** Written as compute: GPU-hours times samples per second per GPU. */
        kind: "gpu-hours";
        /** The GPU-hours. */
        gpuHours: number;
        /** The throughput, samples per second per GPU. */
        samplesPerSecondPerGpu: number;
      };
}

/**
 * Reads a training budget, the one budget grammar of qqt (the CLI's `--budgets` items, the web's budget box,
 * budgets in files).
 *
 * @remarks A count as {@link parseCount} reads it (`640M`, `1.28B`, `6.4e8`, `1_000_000`, `12,800,000`; `m` is
 * refused as milli-or-million, an exponent with a suffix as ambiguous), or compute written as GPU-hours times the
 * per-GPU throughput (`500 GPU-h × 2500/s`, `500 gpu-hours at 2.5k samples/s per GPU`), which is
 * `gpuHours · 3600 · samplesPerSecondPerGpu` samples. The result is rounded to whole samples and must lie in
 * [{@link MIN_BUDGET}, {@link MAX_BUDGET}].
 * @param text - The budget as typed.
 * @param field - Names the value in the error message (default `budget`).
 * @throws {@link DataError} `MISSING_VALUE`, `INVALID_NUMBER`, `NEGATIVE_NUMBER` or `OUT_OF_RANGE`, with the
 * expected format and a suggestion where there is one.
 * @example
 * ```ts
 * parseBudget("1.28B").samples; // 1280000000
 * parseBudget("500 GPU-h × 2500/s").samples; // 4500000000
 * parseBudget("640m"); // throws DataError INVALID_NUMBER: … uses "m", which may mean milli or million (write 640M)
 * ```
 */
export function parseBudget(text: string, field = "budget"): ParsedBudget {
  const s = typeof text === "string" ? text.trim() : String(text);
  const gpu = GPU.exec(s);
  if (gpu !== null) {
    const gpuHours = amount(gpu[1] as string, `${field} (GPU-hours)`);
    const samplesPerSecondPerGpu = amount(gpu[2] as string, `${field} (samples/s per GPU)`);
    return { samples: checked(gpuHours * SECONDS_PER_HOUR * samplesPerSecondPerGpu, s, field), source: { kind: "gpu-hours", gpuHours, samplesPerSecondPerGpu } };
  }
  return { samples: checked(amount(s, field), s, field), source: { kind: "samples" } };
}

/**
 * {@link parseBudget} without throwing.
 *
 * @example
 * ```ts
 * safeParseBudget("640M"); // { success: true, data: { samples: 640000000, source: { kind: "samples" } } }
 * safeParseBudget("0"); // { success: false, error: DataError OUT_OF_RANGE "budget: 0 samples seen is …" }
 * ```
 */
export function safeParseBudget(
  text: string,
  field = "budget",
):
  | {
      /** `true`: the text is a valid budget. */
      success: true;
      /** The budget. */
      data: ParsedBudget;
    }
  | {
      /** `false`: the text is not a valid budget. */
      success: false;
      /** Why, with the expected format and a suggestion when there is one. */
      error: DataError;
    } {
  return safelyValue(() => parseBudget(text, field));
}

/** `12,800,000`: commas separate budgets in lists, so a budget never uses them as thousands separators. */
const THOUSANDS = /^\s*\d{1,3}(?:,\d{3})+\s*$/;

function amount(text: string, field: string): number {
  if (THOUSANDS.test(text)) {
    const t = text.trim();
    throw new DataError([
      {
        code: "INVALID_NUMBER",
        file: "<input>",
        field,
        message: `${field}: "${t}" uses commas, which separate budgets in a list`,
        expected: BUDGET_FORMAT,
        suggestion: `write ${t.replaceAll(",", "_")} or ${t.replaceAll(",", "")}`,
      },
    ]);
  }
  const scan = scanCount(text);
  if (scan.ok) return scan.value;
  throw new DataError([
    {
      code: scan.code,
      file: "<input>",
      field,
      message: `${field}: ${scan.message}`,
      expected: BUDGET_FORMAT,
      ...(scan.suggestion !== undefined ? { suggestion: scan.suggestion } : {}),
    },
  ]);
}

function checked(samples: number, text: string, field: string): number {
  const rounded = Math.round(samples);
  if (!(rounded >= MIN_BUDGET && rounded <= MAX_BUDGET)) {
    throw new DataError([
      {
        code: "OUT_OF_RANGE",
        file: "<input>",
        field,
        message: `${field}: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text)} is ${samples} samples seen, outside what qqt accepts`,
        expected: `a budget from 1 to 1000T (${MAX_BUDGET}) samples seen`,
      },
    ]);
  }
  return rounded;
}

