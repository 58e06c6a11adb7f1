import type { ModelFileV1 } from "@qqt/data";

// The parameter table and fit diagnostics of a model, as text ready to show.

/**
 * One row of the parameter table.
 *
 * @example
 * ```ts
 * // { key: "b:top0-10", symbol: "b", description: "utility exponent, top 0–10%", estimate: "-0.1802", standardError: "0.004", interval: "[-0.19, -0.17]" }
 * ```
 */
export interface ParameterRow {
  /** Stable key: `a`, `d`, `b:<bucket id>`, `tau:<bucket id>`, or `b:*` / `tau:*` when shared. */
  key: string;
  symbol: string;
  description: string;
  estimate: string;
  /** The standard error, "fixed" for a held-constant parameter, "—" when not available. */
  standardError: string;
  /** `[low, high]`, "fixed", or "—". */
  interval: string;
}

/** Significant digits of the parameter table. */
const DIGITS = 4;

/**
 * A parameter value with 4 significant digits, without trailing zeros.
 *
 * @example
 * ```ts
 * formatParameter(4.363636363636363); // "4.364"
 * formatParameter(0.022);             // "0.022"
 * ```
 */
export function formatParameter(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return String(Number(x.toPrecision(DIGITS)));
}

/** What a fit's options say was shared and fixed (read defensively: the options are free-form JSON). */
function fitStructure(model: ModelFileV1): { shared: Set<string>; fixed: Set<string> } {
  const options = model.fit?.options ?? {};
  const shared = new Set<string>(Array.isArray(options.share) ? options.share.filter((x): x is string => typeof x === "string") : []);
  const fixed = new Set<string>();
  const f = options.fixed;
  if (f !== null && typeof f === "object") for (const [k, v] of Object.entries(f)) if (v !== undefined) fixed.add(k);
  return { shared, fixed };
}

/**
 * The parameter table of a model: `a`, `d`, then `b` and `tau` of each bucket (one row each when shared), with the
 * fit's standard errors and bootstrap intervals; held-constant parameters say "fixed".
 *
 * @example
 * ```ts
 * parameterRows(tmars).map((r) => `${r.symbol}=${r.estimate}`).slice(0, 3); // ["a=0.022", "d=0.1", "b=-0.18"]
 * ```
 */
export function parameterRows(model: ModelFileV1): ParameterRow[] {
  const fit = model.fit;
  const se = fit?.standardErrors;
  const intervals = fit?.bootstrap?.intervals;
  const { shared, fixed } = fitStructure(model);
  const interval = (iv: { low: number; high: number } | undefined) => (iv ? `[${formatParameter(iv.low)}, ${formatParameter(iv.high)}]` : "—");
  const cell = (name: string, value: number | undefined) => (fixed.has(name) ? "fixed" : value === undefined ? "—" : formatParameter(value));
  const ivCell = (name: string, value: { low: number; high: number } | undefined) => (fixed.has(name) ? "fixed" : interval(value));
  const rows: ParameterRow[] = [
    { key: "a", symbol: "a", description: "sample-count scale", estimate: formatParameter(model.task.a), standardError: cell("a", se?.a), interval: ivCell("a", intervals?.a) },
    { key: "d", symbol: "d", description: "irreducible error", estimate: formatParameter(model.task.d), standardError: cell("d", se?.d), interval: ivCell("d", intervals?.d) },
  ];
  const seById = new Map(se?.buckets.map((b) => [b.id, b]) ?? []);
  const ivById = new Map(intervals?.buckets.map((b) => [b.id, b]) ?? []);
  for (const parameter of ["b", "tau"] as const) {
    const description = parameter === "b" ? "utility exponent" : "half-life (repetitions)";
    if (shared.has(parameter) && model.buckets.length > 0) {
      const first = model.buckets[0]!;
      rows.push({
        key: `${parameter}:*`,
        symbol: parameter,
        description: `${description}, shared by every bucket`,
        estimate: formatParameter(first[parameter]),
        standardError: cell(parameter, seById.get(first.id)?.[parameter]),
        interval: ivCell(parameter, ivById.get(first.id)?.[parameter]),
      });
      continue;
    }
    for (const b of model.buckets) {
      rows.push({
        key: `${parameter}:${b.id}`,
        symbol: parameter,
        description: `${description}, ${b.label ?? b.id}`,
        estimate: formatParameter(b[parameter]),
        standardError: cell(parameter, seById.get(b.id)?.[parameter]),
        interval: ivCell(parameter, ivById.get(b.id)?.[parameter]),
      });
    }
  }
  return rows;
}

/**
 * A model's fit diagnostics as label–value pairs (empty for a hand-entered model).
 *
 * @example
 * ```ts
 * fitDiagnostics(fitted).map((d) => d.key); // ["generator", "observations", "sse", "rmse", "iterations", "converged", "loss", "seed", "bootstrap"]
 * ```
 */
export function fitDiagnostics(model: ModelFileV1): Array<{ key: string; label: string; value: string }> {
  const fit = model.fit;
  if (!fit) return [];
  const out = [
    { key: "generator", label: "Fitted by", value: fit.createdAt ? `${fit.generator}, ${fit.createdAt.slice(0, 19).replace("T", " ")} UTC` : fit.generator },
    { key: "observations", label: "Runs fitted", value: String(fit.observations) },
    { key: "sse", label: "SSE", value: fit.sse.toPrecision(DIGITS) },
    { key: "rmse", label: "RMSE", value: fit.rmse.toPrecision(DIGITS) },
    { key: "iterations", label: "Iterations", value: String(fit.iterations) },
    { key: "converged", label: "Converged", value: fit.converged ? "yes" : "no: see the warnings" },
    { key: "loss", label: "Loss", value: fit.loss === "sse" ? "squared error" : "Huber on log error" },
    { key: "seed", label: "Seed", value: String(fit.seed) },
  ];
  const boot = fit.bootstrap;
  out.push({
    key: "bootstrap",
    label: "Bootstrap",
    value: boot
      ? `${boot.draws.length} of ${boot.samples} refits succeeded (${boot.method}), ${Math.round(boot.confidence * 1000) / 10}% intervals`
      : "none: no intervals, bands or probability of being best",
  });
  return out;
}
