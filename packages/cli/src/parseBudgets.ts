import { safeParseBudget } from "@qqt/data";
import { usage } from "./errors.js";

/**
 * Budgets in a range written without a step (`32M..10B`) when `--points` is not given.
 *
 * @example
 * ```ts
 * parseBudgets("1M..1B").length; // DEFAULT_RANGE_POINTS (10)
 * ```
 */
export const DEFAULT_RANGE_POINTS = 10;
/**
 * Most budgets one specification may expand to (a typo such as `1k..1T:+1k` must not allocate 10^9 numbers).
 *
 * @example
 * ```ts
 * parseBudgets("1k..1T:+1k"); // throws CliError USAGE: "… gives more than 10000 budgets; use a coarser step."
 * ```
 */
export const MAX_BUDGETS = 10_000;

/**
 * Options of {@link parseBudgets}.
 *
 * @example
 * ```ts
 * const options: BudgetOptions = { points: 5, option: "--samples" };
 * ```
 */
export interface BudgetOptions {
  /** Log-spaced points of each range written without a step, ends included (default 10, at least 2). */
  points?: number;
  /** Names the option in error messages (default `--budgets`). */
  option?: string;
}

const THOUSANDS_ONLY = /^\d{1,3}(?:,\d{3})+$/;
const RANGE = /^(.+?)\.\.(.+?)(?::(.+))?$/;

const FORMAT =
  "a list such as 32M,128M,640M; a range 32M..10B (log-spaced, --points N, default 10); " +
  "a range with a factor 32M..10B:x2 or a step 12.8M..128M:+12.8M; counts like 640M, 1.28B, 6.4e8, 1_000_000, or compute like 500 GPU-h × 2500/s";

/**
 * Parses a budget specification (samples seen): a list, log-spaced ranges, geometric or linear steps.
 *
 * @remarks Grammar: items separated by commas; an item is a count (as `parseCount` of `@qqt/data` reads it:
 * `640M`, `1.28B`, `6.4e8`, `1_000_000`) or a range `FROM..TO` with an optional step: none (`points` log-spaced
 * budgets, both ends included), `:xF` (geometric: FROM, FROM·F, FROM·F², … up to TO; also `:*F`) or `:+S` (linear:
 * FROM, FROM+S, … up to TO). TO is included only when a step lands on it (within 1e-9 relative). Values are
 * rounded to whole samples, sorted and deduplicated. Thousands separators (`12,800,000`) are refused because
 * commas separate budgets: write `12_800_000` or `12.8M`.
 * @throws A {@link CliError} with code `USAGE` that quotes the faulty item and shows the accepted forms.
 * @example
 * ```ts
 * parseBudgets("32M,128M,640M"); // [32000000, 128000000, 640000000]
 * parseBudgets("1M..1B", { points: 4 }); // [1000000, 10000000, 100000000, 1000000000]
 * parseBudgets("32M..1B:x2"); // [32000000, 64000000, 128000000, 256000000, 512000000]
 * parseBudgets("12.8M..64M:+12.8M"); // [12800000, 25600000, 38400000, 51200000, 64000000]
 * ```
 */
export function parseBudgets(spec: string, options: BudgetOptions = {}): number[] {
  const option = options.option ?? "--budgets";
  const points = options.points ?? DEFAULT_RANGE_POINTS;
  if (!Number.isInteger(points) || points < 2 || points > MAX_BUDGETS) {
    throw usage(`--points: expected a whole number of budgets per range from 2 to ${MAX_BUDGETS}, got ${String(points)}.`);
  }
  const text = String(spec).trim();
  if (text === "") throw usage(`${option}: no budget given. Expected ${FORMAT}.`);
  if (THOUSANDS_ONLY.test(text)) {
    throw usage(
      `${option}: "${text}" is ambiguous: commas separate budgets. Write ${text.replaceAll(",", "_")} or ${text.replaceAll(",", "")} for one budget.`,
    );
  }
  const out: number[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") throw usage(`${option}: empty item in "${text}" (two commas in a row, or a comma at an end). Expected ${FORMAT}.`);
    const range = RANGE.exec(item);
    if (range === null && item.includes("..")) throw usage(`${option}: the range "${item}" needs both ends, e.g. 32M..10B. Expected ${FORMAT}.`);
    if (range === null) {
      out.push(count(item, option));
    } else {
      const from = count(range[1]!.trim(), option);
      const to = count(range[2]!.trim(), option);
      if (!(to > from)) throw usage(`${option}: the range "${item}" must go from a smaller to a larger budget.`);
      const step = range[3]?.trim();
      if (step === undefined) out.push(...logSpaced(from, to, points));
      else out.push(...stepped(from, to, step, item, option));
    }
    if (out.length > MAX_BUDGETS) throw usage(`${option}: "${text}" gives more than ${MAX_BUDGETS} budgets; use a coarser step.`);
  }
  return [...new Set(out)].sort((u, v) => u - v);
}

/** One budget by @qqt/data's budget grammar (the web's budget box reads the same), as a usage error when it is not. */
function count(text: string, option: string): number {
  const r = safeParseBudget(text, "budget");
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const why = issue.message.replace(/^budget: /, "").replace(/\.$/, "");
    throw usage(`${option}: ${why}${issue.suggestion !== undefined ? ` (${issue.suggestion})` : ""}. Expected ${FORMAT}.`);
  }
  return r.data.samples;
}

function logSpaced(from: number, to: number, points: number): number[] {
  const lo = Math.log(from);
  const hi = Math.log(to);
  return Array.from({ length: points }, (_, i) => (i === 0 ? from : i === points - 1 ? to : Math.round(Math.exp(lo + ((hi - lo) * i) / (points - 1)))));
}

function stepped(from: number, to: number, step: string, item: string, option: string): number[] {
  const limit = to * (1 + 1e-9);
  const out: number[] = [];
  if (/^[x*×]/.test(step)) {
    const factor = Number(step.slice(1));
    if (!Number.isFinite(factor) || factor <= 1) throw usage(`${option}: the factor in "${item}" must be a number above 1, e.g. :x2.`);
    for (let k = 0; from * factor ** k <= limit; k++) {
      out.push(Math.round(from * factor ** k));
      if (out.length > MAX_BUDGETS) break;
    }
    return out;
  }
  if (step.startsWith("+")) {
    const size = count(step.slice(1), option);
    for (let k = 0; from + k * size <= limit; k++) {
      out.push(Math.round(from + k * size));
      if (out.length > MAX_BUDGETS) break;
    }
    return out;
  }
  throw usage(`${option}: unknown step "${step}" in "${item}". Expected :xF (a factor, e.g. :x2) or :+S (a step, e.g. :+12.8M).`);
}
