import type { ModelFileV1 } from "@qqt/data";

// The short form of a model for share links: what the advice engine needs to give the same point answer (law, task,
// buckets, candidates, the fit's record: warnings, coverage, noise), in short keys and arrays, every number exact.
// Left out: the bootstrap draws and intervals (most of a fitted model's size: 200 draws are ~44 kB of JSON), the
// standard errors, the fit options, the description and the source's note. The link says how many draws it left out.

/** Marker of a compact model: `q: 1`. */
export const COMPACT_MODEL_VERSION = 1;

/**
 * A model in the compact layout of share links (see {@link compactModel}).
 *
 * @example
 * ```ts
 * const c: CompactModel = { q: 1, l: ["utility", "paper"], t: [0.022, 0.1, 1e5], b: [["top0-10", 12.8e6, -0.18, 4.36]] };
 * ```
 */
export interface CompactModel {
  q: typeof COMPACT_MODEL_VERSION;
  /** name */
  n?: string;
  /** metric */
  m?: ModelFileV1["metric"];
  /** source (without its note) */
  s?: Omit<NonNullable<ModelFileV1["source"]>, "note">;
  /** law: formulation, variant */
  l: [string, string];
  /** task: a, d, normalizer */
  t: [number, number, number];
  /** buckets: id, size, b, tau, label? */
  b: Array<[string, number, number, number] | [string, number, number, number, string]>;
  /** candidates as 0-based bucket indices */
  c?: number[][];
  /** fit: generator, loss, seed, observations, sse, rmse, iterations, converged (0/1), freeParameters (-1: absent) */
  f?: [string, string, number, number, number, number, number, number, number];
  /** fit warnings: code, message */
  w?: Array<[string, string]>;
  /** coverage: samples-seen min, max, per bucket [runs, maxPasses], pools [bucket indices, runs, min, max] */
  v?: [number, number, Array<[number, number]>, Array<[number[], number, number, number]>];
  /** noise: sd, degrees of freedom, scale, source */
  z?: [number, number, string, string];
  /** bootstrap draws left out */
  d?: number;
}

/**
 * The compact form of a model: the same point answers, without the bootstrap draws.
 *
 * @remarks Every number is kept exactly (JSON's shortest round-trip form), so {@link expandModel} gives a model whose
 * engine answers the same best pool, predicted errors, margin, crossovers, warnings and extrapolation. What is left out
 * is listed above; `d` counts the draws dropped, so the page can say the link carries no intervals.
 * @example
 * ```ts
 * compactModel(tmars).t; // [0.022, 0.1, 100000]
 * compactModel(fittedWith200Draws).d; // 200
 * ```
 */
export function compactModel(model: ModelFileV1): CompactModel {
  const index = new Map(model.buckets.map((b, i) => [b.id, i]));
  const c: CompactModel = {
    q: COMPACT_MODEL_VERSION,
    l: [model.law.formulation, model.law.variant],
    t: [model.task.a, model.task.d, model.task.normalizer],
    b: model.buckets.map((b) => (b.label !== undefined ? [b.id, b.size, b.b, b.tau, b.label] : [b.id, b.size, b.b, b.tau])),
  };
  if (model.name !== undefined) c.n = model.name;
  if (model.metric !== undefined) c.m = model.metric;
  if (model.source !== undefined) {
    const { note: _note, ...source } = model.source;
    if (Object.keys(source).length > 0) c.s = source;
  }
  if (model.candidates !== undefined) c.c = model.candidates.map((pool) => pool.map((id) => index.get(id) ?? -1));
  const fit = model.fit;
  if (fit !== undefined) {
    c.f = [fit.generator, fit.loss, fit.seed, fit.observations, fit.sse, fit.rmse, fit.iterations, fit.converged ? 1 : 0, fit.freeParameters ?? -1];
    if (fit.warnings.length > 0) c.w = fit.warnings.map((w) => [w.code, w.message]);
    if (fit.coverage !== undefined) {
      const cov = fit.coverage;
      const byId = new Map(cov.buckets.map((b) => [b.id, b]));
      c.v = [
        cov.samplesSeen.low,
        cov.samplesSeen.high,
        model.buckets.map((b) => {
          const x = byId.get(b.id);
          return [x?.runs ?? 0, x?.maxPasses ?? 0];
        }),
        cov.pools.map((p) => [p.pool.map((id) => index.get(id) ?? -1), p.runs, p.samplesSeen.low, p.samplesSeen.high]),
      ];
    }
    if (fit.noise !== undefined) c.z = [fit.noise.sd, fit.noise.degreesOfFreedom, fit.noise.scale, fit.noise.source];
    if (fit.bootstrap !== undefined) c.d = fit.bootstrap.draws.length;
  }
  return c;
}

/**
 * Whether a parsed share payload is a compact model (`q: 1`) rather than a whole `qqt.model/v1` model.
 *
 * @example
 * ```ts
 * isCompactModel({ q: 1 }); // true
 * isCompactModel({ format: "qqt.model/v1" }); // false
 * ```
 */
export function isCompactModel(value: unknown): value is { q: number } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "q" in value;
}

/**
 * The model of a compact form, for @qqt/data's reader to validate (it checks every field; a damaged compact form gives
 * located problems, never an exception).
 *
 * @returns the model, or a message when the compact layout itself is broken (wrong version, missing arrays).
 * @example
 * ```ts
 * expandModel(compactModel(tmars)); // { ok: true, value: { format: "qqt.model/v1", name: "T-MARS …", … } }
 * expandModel({ q: 2 }); // { ok: false, message: "compact model version 2; expected 1" }
 * ```
 */
export function expandModel(value: unknown): { ok: true; value: Record<string, unknown>; droppedDraws: number } | { ok: false; message: string } {
  if (!isCompactModel(value)) return { ok: false, message: "not a compact model" };
  const c = value as Partial<CompactModel> & { q: unknown };
  if (c.q !== COMPACT_MODEL_VERSION) return { ok: false, message: `compact model version ${JSON.stringify(c.q)}; expected ${COMPACT_MODEL_VERSION}` };
  if (!isArray(c.l, 2) || !isArray(c.t, 3) || !Array.isArray(c.b)) return { ok: false, message: "compact model without law, task or buckets" };
  if (!c.b.every((b) => isArray(b, 4) || isArray(b, 5))) return { ok: false, message: "compact model with a malformed bucket" };
  const ids = c.b.map((b) => b[0]);
  const id = (i: unknown): unknown => (typeof i === "number" && Number.isInteger(i) && i >= 0 && i < ids.length ? ids[i] : `#${String(i)}`);
  const model: Record<string, unknown> = { format: "qqt.model/v1" };
  if (c.n !== undefined) model.name = c.n;
  if (c.s !== undefined) model.source = c.s;
  if (c.m !== undefined) model.metric = c.m;
  model.law = { formulation: c.l[0], variant: c.l[1] };
  model.task = { a: c.t[0], d: c.t[1], normalizer: c.t[2] };
  model.buckets = c.b.map((b) => {
    const bucket: Record<string, unknown> = { id: b[0], size: b[1], b: b[2], tau: b[3] };
    if (b.length === 5) bucket.label = b[4];
    return bucket;
  });
  if (c.f !== undefined) {
    if (!isArray(c.f, 9)) return { ok: false, message: "compact model with a malformed fit record" };
    const [generator, loss, seed, observations, sse, rmse, iterations, converged, freeParameters] = c.f;
    const fit: Record<string, unknown> = { generator, loss, seed, observations };
    if (freeParameters !== -1) fit.freeParameters = freeParameters;
    Object.assign(fit, { sse, rmse, iterations, converged: converged === 1, warnings: [] });
    if (c.w !== undefined) {
      if (!Array.isArray(c.w) || !c.w.every((w) => isArray(w, 2))) return { ok: false, message: "compact model with malformed warnings" };
      fit.warnings = c.w.map(([code, message]) => ({ code, message }));
    }
    if (c.v !== undefined) {
      if (!isArray(c.v, 4) || !Array.isArray(c.v[2]) || !Array.isArray(c.v[3])) return { ok: false, message: "compact model with a malformed coverage" };
      const [low, high, buckets, pools] = c.v;
      if (!buckets.every((b) => isArray(b, 2)) || !pools.every((p) => isArray(p, 4) && Array.isArray(p[0]))) {
        return { ok: false, message: "compact model with a malformed coverage" };
      }
      fit.coverage = {
        samplesSeen: { low, high },
        buckets: buckets.map(([runs, maxPasses], i) => ({ id: id(i), runs, maxPasses })),
        pools: pools.map(([pool, runs, min, max]) => ({ pool: pool.map(id), runs, samplesSeen: { low: min, high: max } })),
      };
    }
    if (c.z !== undefined) {
      if (!isArray(c.z, 4)) return { ok: false, message: "compact model with a malformed noise record" };
      fit.noise = { sd: c.z[0], degreesOfFreedom: c.z[1], scale: c.z[2], source: c.z[3] };
    }
    model.fit = fit;
  }
  if (c.c !== undefined) {
    if (!Array.isArray(c.c) || !c.c.every(Array.isArray)) return { ok: false, message: "compact model with malformed candidates" };
    model.candidates = c.c.map((pool) => pool.map(id));
  }
  return { ok: true, value: model, droppedDraws: typeof c.d === "number" && c.d > 0 ? c.d : 0 };
}

function isArray(value: unknown, length: number): value is unknown[] {
  return Array.isArray(value) && value.length === length;
}
