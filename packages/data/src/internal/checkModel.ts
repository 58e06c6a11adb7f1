import { LAW_DOMAIN } from "@qqt/core";
import type { Checker, NumberRule } from "./check.js";
import { jsonDepth } from "./check.js";
import { joinJsonPath } from "../locateJson.js";
import type {
  Interval,
  ModelBootstrap,
  ModelBucket,
  ModelBucketCoverage,
  ModelCoverage,
  ModelFileV1,
  ModelFit,
  ModelNoise,
  ModelPoolCoverage,
  SourceInfo,
} from "../types.js";
import { checkCandidates } from "./checkCandidates.js";

export const MODEL_FORMAT = "qqt.model/v1" as const;
export const STUDY_FORMAT = "qqt.study/v1" as const;
const MAX_OPTIONS_DEPTH = 32;

/** Checks `source`. @internal */
export function checkSource(value: unknown, path: string, c: Checker): SourceInfo | undefined {
  const r = c.object(value, path, [], ["citation", "url", "licence", "synthetic", "note"], "an object { citation?, url?, licence?, synthetic?, note? }");
  if (r === undefined) return undefined;
  const out: SourceInfo = {};
  for (const key of ["citation", "url", "licence"] as const) {
    const s = c.optionalString(r, key, path);
    if (s !== undefined) out[key] = s;
  }
  if (r.synthetic !== undefined) {
    const b = c.boolean(r.synthetic, joinJsonPath(path, "synthetic"));
    if (b !== undefined) out.synthetic = b;
  }
  const note = c.optionalString(r, "note", path);
  if (note !== undefined) out.note = note;
  return out;
}

/** Checks the `format` field of a study or model document; false when it is not `expected`. @internal */
export function checkFormat(record: Record<string, unknown>, expected: string, c: Checker): boolean {
  const format = record.format;
  const other = expected === STUDY_FORMAT ? MODEL_FORMAT : STUDY_FORMAT;
  if (format === expected) return true;
  if (format === undefined) {
    c.add({
      code: "UNKNOWN_FORMAT",
      field: "format",
      message: "the document has no \"format\" field",
      expected: `"format": "${expected}"`,
      suggestion: `add "format": "${expected}" as the first field`,
    });
  } else if (format === other) {
    c.add({
      code: "UNKNOWN_FORMAT",
      field: "format",
      message: `this is a ${other === MODEL_FORMAT ? "model" : "study"} file (${other}), not a ${expected === MODEL_FORMAT ? "model" : "study"}`,
      expected: `"format": "${expected}"`,
      suggestion: `read it with ${other === MODEL_FORMAT ? "parseModel" : "parseStudy"} (or parseAuto)`,
    });
  } else if (typeof format === "string" && format.startsWith(expected.slice(0, expected.indexOf("/") + 1))) {
    c.add({
      code: "UNSUPPORTED_VERSION",
      field: "format",
      message: `format ${JSON.stringify(format)} is not supported by this version of @qqt/data`,
      expected: `"${expected}"`,
      suggestion: "upgrade @qqt/data",
    });
  } else {
    c.add({
      code: "UNKNOWN_FORMAT",
      field: "format",
      message: `format is ${JSON.stringify(format)}`,
      expected: `"${expected}"`,
    });
  }
  return false;
}

function checkInterval(value: unknown, path: string, c: Checker): Interval | undefined {
  const r = c.object(value, path, ["low", "high"], [], "an interval { low, high }");
  if (r === undefined) return undefined;
  const low = c.number(r.low, joinJsonPath(path, "low"), { expected: "a finite number" });
  const high = c.number(r.high, joinJsonPath(path, "high"), { expected: "a finite number" });
  if (low === undefined || high === undefined) return undefined;
  if (low > high) {
    c.add({ code: "OUT_OF_RANGE", field: path, message: `${path}.low (${low}) is above .high (${high})`, expected: "low <= high" });
    return undefined;
  }
  return { low, high };
}

function checkBucketRefs<T extends { id: string }>(
  value: unknown,
  path: string,
  bucketIds: ReadonlySet<string>,
  c: Checker,
  fields: readonly string[],
  each: (r: Record<string, unknown>, p: string, out: T) => void,
): T[] | undefined {
  const list = c.array(value, path, "an array of { id, … } per bucket", false);
  if (list === undefined) return undefined;
  const out: T[] = [];
  list.forEach((item, i) => {
    const p = joinJsonPath(path, i);
    const r = c.object(item, p, ["id"], fields, `an object { id, ${fields.map((f) => `${f}?`).join(", ")} }`);
    if (r === undefined) return;
    const id = c.string(r.id, joinJsonPath(p, "id"));
    if (id === undefined) return;
    if (!bucketIds.has(id)) {
      c.add({ code: "UNKNOWN_BUCKET", field: joinJsonPath(p, "id"), message: `bucket ${JSON.stringify(id)} is not in buckets`, expected: "the id of a model bucket" });
      return;
    }
    const o = { id } as T;
    each(r, p, o);
    out.push(o);
  });
  return out;
}

function checkFit(value: unknown, path: string, buckets: readonly ModelBucket[], c: Checker): ModelFit | undefined {
  const r = c.object(
    value,
    path,
    ["generator", "loss", "seed", "observations", "sse", "rmse", "iterations", "converged", "warnings"],
    ["createdAt", "options", "freeParameters", "standardErrors", "coverage", "noise", "bootstrap"],
    "fit diagnostics { generator, loss, seed, observations, sse, rmse, iterations, converged, warnings, … }",
  );
  if (r === undefined) return undefined;
  const p = (k: string) => joinJsonPath(path, k);
  const generator = c.string(r.generator, p("generator"));
  const createdAt = r.createdAt === undefined ? undefined : c.string(r.createdAt, p("createdAt"));
  if (createdAt !== undefined && Number.isNaN(Date.parse(createdAt))) {
    c.add({ code: "INVALID_VALUE", field: p("createdAt"), message: `createdAt ${JSON.stringify(createdAt)} is not a date`, expected: "an ISO 8601 time, e.g. 2024-06-01T12:00:00Z" });
  }
  const loss = c.oneOf(r.loss, p("loss"), ["sse", "huber-log"] as const);
  const seed = c.number(r.seed, p("seed"), { expected: "a finite number" });
  let options: Record<string, unknown> | undefined;
  if (r.options !== undefined) {
    const o = c.object(r.options, p("options"), [], Object.keys((r.options ?? {}) as object), "an object");
    if (o !== undefined && jsonDepth(o, MAX_OPTIONS_DEPTH) > MAX_OPTIONS_DEPTH) {
      c.add({ code: "INVALID_VALUE", field: p("options"), message: "options are nested too deeply", expected: `at most ${MAX_OPTIONS_DEPTH} levels` });
    } else options = o;
  }
  const observations = c.number(r.observations, p("observations"), { min: 0, integer: true, expected: "a whole number >= 0" });
  const freeParameters =
    r.freeParameters === undefined ? undefined : c.number(r.freeParameters, p("freeParameters"), { min: 0, integer: true, expected: "a whole number >= 0" });
  const sse = c.number(r.sse, p("sse"), { min: 0, expected: "a finite number >= 0" });
  const rmse = c.number(r.rmse, p("rmse"), { min: 0, expected: "a finite number >= 0" });
  const iterations = c.number(r.iterations, p("iterations"), { min: 0, integer: true, expected: "a whole number >= 0" });
  const converged = c.boolean(r.converged, p("converged"));
  const warningList = c.array(r.warnings, p("warnings"), "an array of { code, message }", false);
  const warnings: Array<{ code: string; message: string }> = [];
  warningList?.forEach((w, i) => {
    const wp = joinJsonPath(p("warnings"), i);
    const wr = c.object(w, wp, ["code", "message"], [], "{ code, message }");
    if (wr === undefined) return;
    const code = c.string(wr.code, joinJsonPath(wp, "code"));
    const message = c.string(wr.message, joinJsonPath(wp, "message"), false);
    if (code !== undefined && message !== undefined) warnings.push({ code, message });
  });
  const ids = new Set(buckets.map((b) => b.id));
  let standardErrors: ModelFit["standardErrors"];
  if (r.standardErrors !== undefined) {
    const sp = p("standardErrors");
    const s = c.object(r.standardErrors, sp, ["buckets"], ["a", "d"], "{ a?, d?, buckets: [{ id, b?, tau? }] }");
    if (s !== undefined) {
      const se = { expected: "a standard error >= 0", min: 0 };
      const a = s.a === undefined ? undefined : c.number(s.a, joinJsonPath(sp, "a"), se);
      const d = s.d === undefined ? undefined : c.number(s.d, joinJsonPath(sp, "d"), se);
      const list = checkBucketRefs<{ id: string; b?: number; tau?: number }>(s.buckets, joinJsonPath(sp, "buckets"), ids, c, ["b", "tau"], (br, bp, o) => {
        if (br.b !== undefined) {
          const v = c.number(br.b, joinJsonPath(bp, "b"), se);
          if (v !== undefined) o.b = v;
        }
        if (br.tau !== undefined) {
          const v = c.number(br.tau, joinJsonPath(bp, "tau"), se);
          if (v !== undefined) o.tau = v;
        }
      });
      if (list !== undefined) {
        standardErrors = { ...(a !== undefined ? { a } : {}), ...(d !== undefined ? { d } : {}), buckets: list };
      }
    }
  }
  const coverage = r.coverage === undefined ? undefined : checkCoverage(r.coverage, p("coverage"), ids, c);
  const noise = r.noise === undefined ? undefined : checkNoise(r.noise, p("noise"), c);
  let bootstrap: ModelBootstrap | undefined;
  if (r.bootstrap !== undefined) bootstrap = checkBootstrap(r.bootstrap, p("bootstrap"), buckets, ids, c);
  if (
    generator === undefined || loss === undefined || seed === undefined || observations === undefined ||
    sse === undefined || rmse === undefined || iterations === undefined || converged === undefined
  ) {
    return undefined;
  }
  const fit = { generator } as ModelFit;
  Object.assign(fit, createdAt !== undefined ? { createdAt } : {});
  Object.assign(fit, { loss, seed });
  if (options !== undefined) fit.options = options;
  fit.observations = observations;
  if (freeParameters !== undefined) fit.freeParameters = freeParameters;
  Object.assign(fit, { sse, rmse, iterations, converged, warnings });
  if (standardErrors !== undefined) fit.standardErrors = standardErrors;
  if (coverage !== undefined) fit.coverage = coverage;
  if (noise !== undefined) fit.noise = noise;
  if (bootstrap !== undefined) fit.bootstrap = bootstrap;
  return fit;
}

function checkCoverage(value: unknown, path: string, ids: ReadonlySet<string>, c: Checker): ModelCoverage | undefined {
  const r = c.object(value, path, ["samplesSeen", "buckets", "pools"], [], "{ samplesSeen: { low, high }, buckets: [{ id, runs, maxPasses }], pools: [{ pool, runs, samplesSeen }] }");
  if (r === undefined) return undefined;
  const p = (k: string) => joinJsonPath(path, k);
  const samplesSeen = checkInterval(r.samplesSeen, p("samplesSeen"), c);
  const buckets = checkBucketRefs<ModelBucketCoverage>(r.buckets, p("buckets"), ids, c, ["runs", "maxPasses"], (br, bp, o) => {
    const runs = c.number(br.runs, joinJsonPath(bp, "runs"), { min: 0, integer: true, expected: "a whole number of runs >= 0" });
    const maxPasses = c.number(br.maxPasses, joinJsonPath(bp, "maxPasses"), { min: 0, expected: "a number of passes >= 0" });
    if (runs !== undefined) o.runs = runs;
    if (maxPasses !== undefined) o.maxPasses = maxPasses;
  });
  const list = c.array(r.pools, p("pools"), "an array of { pool, runs, samplesSeen }", false);
  const pools: ModelPoolCoverage[] = [];
  let poolsOk = list !== undefined;
  list?.forEach((item, i) => {
    const ip = joinJsonPath(p("pools"), i);
    const pr = c.object(item, ip, ["pool", "runs", "samplesSeen"], [], "{ pool: [bucket ids], runs, samplesSeen: { low, high } }");
    if (pr === undefined) return void (poolsOk = false);
    const poolList = c.array(pr.pool, joinJsonPath(ip, "pool"), "a non-empty array of bucket ids", true);
    const pool: string[] = [];
    poolList?.forEach((id, k) => {
      const s = c.string(id, joinJsonPath(joinJsonPath(ip, "pool"), k));
      if (s === undefined) return;
      if (!ids.has(s)) c.add({ code: "UNKNOWN_BUCKET", field: joinJsonPath(joinJsonPath(ip, "pool"), k), message: `bucket ${JSON.stringify(s)} is not in buckets`, expected: "the id of a model bucket" });
      else pool.push(s);
    });
    const runs = c.number(pr.runs, joinJsonPath(ip, "runs"), { min: 1, integer: true, expected: "a whole number of runs >= 1" });
    const seen = checkInterval(pr.samplesSeen, joinJsonPath(ip, "samplesSeen"), c);
    if (poolList === undefined || pool.length !== poolList.length || runs === undefined || seen === undefined) poolsOk = false;
    else pools.push({ pool, runs, samplesSeen: seen });
  });
  if (samplesSeen === undefined || buckets === undefined || !poolsOk || buckets.some((b) => b.runs === undefined || b.maxPasses === undefined)) return undefined;
  return { samplesSeen, buckets, pools };
}

function checkNoise(value: unknown, path: string, c: Checker): ModelNoise | undefined {
  const r = c.object(value, path, ["sd", "degreesOfFreedom", "scale", "source"], [], '{ sd, degreesOfFreedom, scale: "error" | "log", source: "residuals" | "replicates" }');
  if (r === undefined) return undefined;
  const p = (k: string) => joinJsonPath(path, k);
  const sd = c.number(r.sd, p("sd"), { min: 0, expected: "a standard deviation >= 0" });
  const degreesOfFreedom = c.number(r.degreesOfFreedom, p("degreesOfFreedom"), { min: 1, expected: "degrees of freedom >= 1" });
  const scale = c.oneOf(r.scale, p("scale"), ["error", "log"] as const);
  const source = c.oneOf(r.source, p("source"), ["residuals", "replicates"] as const);
  if (sd === undefined || degreesOfFreedom === undefined || scale === undefined || source === undefined) return undefined;
  return { sd, degreesOfFreedom, scale, source };
}

function checkBootstrap(
  value: unknown,
  path: string,
  buckets: readonly ModelBucket[],
  ids: ReadonlySet<string>,
  c: Checker,
): ModelBootstrap | undefined {
  const r = c.object(value, path, ["method", "samples", "seed", "confidence", "intervals", "draws"], [], "{ method, samples, seed, confidence, intervals, draws }");
  if (r === undefined) return undefined;
  const p = (k: string) => joinJsonPath(path, k);
  const method = c.oneOf(r.method, p("method"), ["runs", "residuals"] as const);
  const samples = c.number(r.samples, p("samples"), { min: 0, integer: true, expected: "a whole number >= 0" });
  const seed = c.number(r.seed, p("seed"), { expected: "a finite number" });
  const confidence = c.number(r.confidence, p("confidence"), { above: 0, below: 1, expected: "a level strictly between 0 and 1, e.g. 0.95" });
  const ip = p("intervals");
  const ir = c.object(r.intervals, ip, ["buckets"], ["a", "d"], "{ a?, d?, buckets: [{ id, b?, tau? }] }");
  let intervals: ModelBootstrap["intervals"] | undefined;
  if (ir !== undefined) {
    const a = ir.a === undefined ? undefined : checkInterval(ir.a, joinJsonPath(ip, "a"), c);
    const d = ir.d === undefined ? undefined : checkInterval(ir.d, joinJsonPath(ip, "d"), c);
    const list = checkBucketRefs<{ id: string; b?: Interval; tau?: Interval }>(ir.buckets, joinJsonPath(ip, "buckets"), ids, c, ["b", "tau"], (br, bp, o) => {
      if (br.b !== undefined) {
        const v = checkInterval(br.b, joinJsonPath(bp, "b"), c);
        if (v !== undefined) o.b = v;
      }
      if (br.tau !== undefined) {
        const v = checkInterval(br.tau, joinJsonPath(bp, "tau"), c);
        if (v !== undefined) o.tau = v;
      }
    });
    if (list !== undefined) intervals = { ...(a !== undefined ? { a } : {}), ...(d !== undefined ? { d } : {}), buckets: list };
  }
  const drawList = c.array(r.draws, p("draws"), "an array of { a, d, b: [...], tau: [...] }", false);
  const draws: ModelBootstrap["draws"] = [];
  let drawsOk = drawList !== undefined;
  drawList?.forEach((item, i) => {
    const dp = joinJsonPath(p("draws"), i);
    const dr = c.object(item, dp, ["a", "d", "b", "tau"], [], "{ a, d, b: [...], tau: [...] }");
    if (dr === undefined) return void (drawsOk = false);
    const a = c.number(dr.a, joinJsonPath(dp, "a"), { expected: "a finite number" });
    const d = c.number(dr.d, joinJsonPath(dp, "d"), { expected: "a finite number" });
    const vec = (key: "b" | "tau"): number[] | undefined => {
      const vp = joinJsonPath(dp, key);
      const arr = c.array(dr[key], vp, `an array of ${buckets.length} numbers (one per bucket, in bucket order)`, false);
      if (arr === undefined) return undefined;
      if (arr.length !== buckets.length) {
        c.add({ code: "INVALID_VALUE", field: vp, message: `${vp} has ${arr.length} values but the model has ${buckets.length} buckets`, expected: `${buckets.length} numbers in bucket order` });
        return undefined;
      }
      const out: number[] = [];
      arr.forEach((x, k) => {
        const v = c.number(x, joinJsonPath(vp, k), { expected: "a finite number" });
        if (v !== undefined) out.push(v);
      });
      return out.length === arr.length ? out : undefined;
    };
    const b = vec("b");
    const tau = vec("tau");
    if (a === undefined || d === undefined || b === undefined || tau === undefined) drawsOk = false;
    else draws.push({ a, d, b, tau });
  });
  if (method === undefined || samples === undefined || seed === undefined || confidence === undefined || intervals === undefined || !drawsOk) {
    return undefined;
  }
  return { method, samples, seed, confidence, intervals, draws };
}

/** A bucket's unique samples, inside `@qqt/core`'s LAW_DOMAIN (one rule for studies and models). @internal */
export const SIZE_RULE: NumberRule = { min: LAW_DOMAIN.minSize, max: LAW_DOMAIN.maxSize, expected: "a number of unique samples in [1, 1e18]" };

/** Checks a `qqt.model/v1` document at `path` (`""` for a model file, `model` inside a study). @internal */
export function checkModel(value: unknown, path: string, c: Checker): ModelFileV1 | undefined {
  const r = c.object(
    value,
    path,
    ["law", "task", "buckets"],
    ["format", "name", "description", "source", "metric", "fit", "candidates"],
    'a qqt model { "format": "qqt.model/v1", law, task, buckets, … }',
  );
  if (r === undefined) return undefined;
  const before = c.issues.length;
  const p = (k: string) => joinJsonPath(path, k);
  if (!checkFormat(r, MODEL_FORMAT, c)) {
    // Report other problems only when the document is at least meant to be a model.
    if (r.format !== undefined) return undefined;
  }
  const name = c.optionalString(r, "name", path);
  const description = c.optionalString(r, "description", path);
  const source = r.source === undefined ? undefined : checkSource(r.source, p("source"), c);
  let metric: ModelFileV1["metric"];
  if (r.metric !== undefined) {
    const m = c.object(r.metric, p("metric"), ["name"], ["description", "kind"], '{ name, description?, kind?: "error" | "1-accuracy" | "loss" }');
    if (m !== undefined) {
      const mName = c.string(m.name, joinJsonPath(p("metric"), "name"));
      const mDesc = c.optionalString(m, "description", p("metric"));
      const mKind = m.kind === undefined ? undefined : c.oneOf(m.kind, joinJsonPath(p("metric"), "kind"), ["error", "1-accuracy", "loss"] as const);
      if (mName !== undefined) metric = { name: mName, ...(mDesc !== undefined ? { description: mDesc } : {}), ...(mKind !== undefined ? { kind: mKind } : {}) };
    }
  }
  let law: ModelFileV1["law"] | undefined;
  const lr = c.object(r.law, p("law"), ["formulation", "variant"], [], '{ "formulation": "utility" | "effective-data", "variant": "paper" | "reference" }');
  if (lr !== undefined) {
    const formulation = c.oneOf(lr.formulation, joinJsonPath(p("law"), "formulation"), ["utility", "effective-data"] as const);
    const variant = c.oneOf(lr.variant, joinJsonPath(p("law"), "variant"), ["paper", "reference"] as const);
    if (formulation !== undefined && variant !== undefined) law = { formulation, variant };
  }
  let task: ModelFileV1["task"] | undefined;
  const tr = c.object(r.task, p("task"), ["a", "d", "normalizer"], [], "{ a, d, normalizer }");
  if (tr !== undefined) {
    const tp = (k: string) => joinJsonPath(p("task"), k);
    const a = c.number(tr.a, tp("a"), { above: 0, expected: "a sample-count scale a > 0" });
    const d = c.number(tr.d, tp("d"), { min: 0, expected: "an irreducible error d >= 0" });
    const normalizer = c.number(tr.normalizer, tp("normalizer"), { above: 0, expected: "a normalizer > 0 (1e5 in the official code)" });
    if (a !== undefined && d !== undefined && normalizer !== undefined) task = { a, d, normalizer };
  }
  const bucketList = c.array(r.buckets, p("buckets"), "a non-empty array of { id, size, b, tau, label? }, best first", true);
  const buckets: ModelBucket[] = [];
  const seen = new Map<string, number>();
  let bucketsOk = bucketList !== undefined;
  bucketList?.forEach((item, i) => {
    const bp = joinJsonPath(p("buckets"), i);
    const br = c.object(item, bp, ["id", "size", "b", "tau"], ["label"], "a bucket { id, size, b, tau, label? }");
    if (br === undefined) return void (bucketsOk = false);
    const id = c.string(br.id, joinJsonPath(bp, "id"));
    const size = c.number(br.size, joinJsonPath(bp, "size"), SIZE_RULE);
    const b = c.number(br.b, joinJsonPath(bp, "b"), { below: 0, min: LAW_DOMAIN.minUtility, expected: `a utility exponent b in [${LAW_DOMAIN.minUtility}, 0)` });
    const tau = c.number(br.tau, joinJsonPath(bp, "tau"), { above: 0, max: LAW_DOMAIN.maxHalfLife, expected: "a half-life tau in (0, 1e12] repetitions" });
    const label = c.optionalString(br, "label", bp);
    if (id !== undefined && seen.has(id)) {
      c.add({ code: "DUPLICATE_BUCKET", field: joinJsonPath(bp, "id"), message: `bucket id ${JSON.stringify(id)} repeats buckets[${seen.get(id)}]`, expected: "unique bucket ids" });
      bucketsOk = false;
    }
    if (id !== undefined && !seen.has(id)) seen.set(id, i);
    if (id === undefined || size === undefined || b === undefined || tau === undefined) return void (bucketsOk = false);
    buckets.push({ id, size, b, tau, ...(label !== undefined ? { label } : {}) });
  });
  const fit = r.fit === undefined || !bucketsOk ? undefined : checkFit(r.fit, p("fit"), buckets, c);
  const candidates = r.candidates === undefined || !bucketsOk ? undefined : checkCandidates(r.candidates, p("candidates"), new Set(buckets.map((b) => b.id)), c);
  if (c.issues.length > before || law === undefined || task === undefined || !bucketsOk) return undefined;
  const model = { format: MODEL_FORMAT } as ModelFileV1;
  if (name !== undefined) model.name = name;
  if (description !== undefined) model.description = description;
  if (source !== undefined) model.source = source;
  if (metric !== undefined) model.metric = metric;
  Object.assign(model, { law, task, buckets });
  if (fit !== undefined) model.fit = fit;
  if (candidates !== undefined) model.candidates = candidates;
  return model;
}
