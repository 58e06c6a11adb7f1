import type { Model, ModelBootstrapDraw, ModelNoise } from "./Model.js";

// Internal: what the engine reads off a model's fit record, deriving what older model files lack.

/** Relative spread of every parameter over the draws below which the draws count as one fit. */
const COLLAPSE_TOLERANCE = 1e-9;

/** Fit warnings that mean the parameters are not determined by the runs. */
const UNDETERMINED_CODES = new Set(["NOT_IDENTIFIABLE", "NO_STANDARD_ERRORS"]);

/**
 * Free parameters of a fit: the record's count, else derived from the echoed options (`share`, `fixed`), else
 * `2 + 2·buckets` (a, d, and b, tau per bucket). @internal
 */
export function freeParameterCount(model: Model): number | undefined {
  const fit = model.fit;
  if (fit === undefined) return undefined;
  if (fit.freeParameters !== undefined) return fit.freeParameters;
  const options = (fit.options ?? {}) as { share?: unknown; fixed?: Record<string, unknown> };
  const share = Array.isArray(options.share) ? options.share : [];
  const fixed = options.fixed ?? {};
  const ids = model.buckets.map((b) => b.id);
  const perBucket = (key: "b" | "tau"): number => {
    const f = fixed[key];
    if (typeof f === "number") return 0;
    const fixedIds = f !== null && typeof f === "object" ? new Set(Object.keys(f)) : new Set<string>();
    const free = ids.filter((id) => !fixedIds.has(id)).length;
    return share.includes(key) ? Math.min(free, 1) : free;
  };
  return (typeof fixed.a === "number" ? 0 : 1) + (typeof fixed.d === "number" ? 0 : 1) + perBucket("b") + perBucket("tau");
}

/**
 * The run-to-run noise of the model: the record's, else the residual standard deviation `sqrt(sse / (n − k))`
 * when there are residual degrees of freedom. @internal
 */
export function noiseOf(model: Model, freeParameters: number | undefined): ModelNoise | undefined {
  const fit = model.fit;
  if (fit === undefined) return undefined;
  if (fit.noise !== undefined) return fit.noise;
  if (freeParameters === undefined) return undefined;
  const df = fit.observations - freeParameters;
  if (df < 1 || !Number.isFinite(fit.sse)) return undefined;
  return { sd: Math.sqrt(fit.sse / df), degreesOfFreedom: df, scale: "error", source: "residuals" };
}

/** Whether every draw is the same fit (to {@link COLLAPSE_TOLERANCE}): a bootstrap that says nothing. @internal */
export function drawsCollapsed(draws: readonly ModelBootstrapDraw[]): boolean {
  if (draws.length < 2) return draws.length === 1;
  const first = draws[0] as ModelBootstrapDraw;
  const same = (x: number, y: number) => Math.abs(x - y) <= COLLAPSE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y), Number.MIN_VALUE);
  return draws.every(
    (d) => same(d.a, first.a) && same(d.d, first.d) && d.b.every((b, i) => same(b, first.b[i] as number)) && d.tau.every((t, i) => same(t, first.tau[i] as number)),
  );
}

/** Why the fit cannot support intervals or probabilities (empty when it can). @internal */
export function notEstimableReasons(model: Model, freeParameters: number | undefined, draws: readonly ModelBootstrapDraw[]): string[] {
  const fit = model.fit;
  if (fit === undefined) return [];
  const reasons: string[] = [];
  if (freeParameters !== undefined && fit.observations <= freeParameters) {
    reasons.push(`${fit.observations} run${fit.observations === 1 ? "" : "s"} for ${freeParameters} free parameters: the runs do not determine the fit`);
  }
  const flagged = fit.warnings.filter((w) => UNDETERMINED_CODES.has(w.code)).map((w) => w.code);
  if (flagged.length > 0) reasons.push(`the fit reports ${[...new Set(flagged)].join(" and ")}`);
  if (draws.length > 0 && drawsCollapsed(draws)) {
    reasons.push(`the ${draws.length} bootstrap refit${draws.length === 1 ? " is" : "s are all"} the same fit, so ${draws.length === 1 ? "it says" : "they say"} nothing about its uncertainty`);
  }
  return reasons;
}
