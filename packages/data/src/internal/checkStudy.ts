import { LAW_DOMAIN } from "@qqt/core";
import type { Checker } from "./check.js";
import { closest } from "./check.js";
import { checkCandidates } from "./checkCandidates.js";
import { checkFormat, checkModel, checkSource, SIZE_RULE, STUDY_FORMAT } from "./checkModel.js";
import { observationKey, poolLabel } from "./keys.js";
import type { BucketQuality, MetricKind, Study, StudyBucket, StudyMetric, StudyObservation } from "../types.js";

const METRIC_KINDS = ["error", "1-accuracy", "loss"] as const;

/** The range check of an observation's error for a metric kind. @internal */
export function errorRule(kind: MetricKind | undefined): { max?: number; expected: string } {
  return kind === "loss"
    ? { expected: "a loss >= 0" }
    : { max: 1, expected: 'an error in [0, 1] (set metric.kind to "loss" for losses)' };
}

/** Checks a `qqt.study/v1` document. @internal */
export function checkStudy(value: unknown, c: Checker): Study | undefined {
  const r = c.object(
    value,
    "",
    ["buckets", "observations"],
    ["format", "name", "description", "source", "metric", "model", "candidates"],
    'a qqt study { "format": "qqt.study/v1", buckets, observations, … }',
  );
  if (r === undefined) return undefined;
  const before = c.issues.length;
  if (!checkFormat(r, STUDY_FORMAT, c) && r.format !== undefined) return undefined;
  const name = c.optionalString(r, "name", "");
  const description = c.optionalString(r, "description", "");
  const source = r.source === undefined ? undefined : checkSource(r.source, "source", c);
  let metric: StudyMetric | undefined;
  if (r.metric !== undefined) {
    const m = c.object(r.metric, "metric", ["name"], ["description", "kind", "tasks"], '{ name, description?, kind?: "error" | "1-accuracy" | "loss", tasks? }');
    if (m !== undefined) {
      const mName = c.string(m.name, "metric.name");
      const mDesc = c.optionalString(m, "description", "metric");
      const kind = m.kind === undefined ? undefined : c.oneOf(m.kind, "metric.kind", METRIC_KINDS);
      let tasks: string[] | undefined;
      if (m.tasks !== undefined) {
        const list = c.array(m.tasks, "metric.tasks", "an array of task names", false);
        if (list !== undefined) {
          tasks = [];
          list.forEach((t, i) => {
            const s = c.string(t, `metric.tasks[${i}]`);
            if (s !== undefined) tasks!.push(s);
          });
        }
      }
      if (mName !== undefined) {
        metric = { name: mName };
        if (mDesc !== undefined) metric.description = mDesc;
        if (kind !== undefined) metric.kind = kind;
        if (tasks !== undefined) metric.tasks = tasks;
      }
    }
  }
  const buckets = checkBuckets(r.buckets, c);
  const ids = new Set<string>();
  if (Array.isArray(r.buckets)) {
    for (const b of r.buckets as unknown[]) {
      const id = (b as { id?: unknown } | null)?.id;
      if (typeof id === "string") ids.add(id);
    }
  }
  const observations = checkObservations(r.observations, ids, Array.isArray(r.buckets), metric?.kind, c);
  let model = undefined;
  if (r.model !== undefined) {
    model = checkModel(r.model, "model", c);
    if (model !== undefined && buckets !== undefined) {
      const sizes = new Map(buckets.map((b) => [b.id, b.size]));
      model.buckets.forEach((b, i) => {
        const size = sizes.get(b.id);
        if (size === undefined) {
          c.add({ code: "UNKNOWN_BUCKET", field: `model.buckets[${i}].id`, message: `model bucket ${JSON.stringify(b.id)} is not a study bucket`, expected: "model buckets that are study buckets" });
        } else if (size !== b.size) {
          c.add({ code: "INCONSISTENT_BUCKET_SIZE", field: `model.buckets[${i}].size`, message: `model bucket ${JSON.stringify(b.id)} has size ${b.size} but the study bucket has ${size}`, expected: "the same size in the study and its model" });
        }
      });
    }
  }
  const candidates = r.candidates === undefined || !Array.isArray(r.buckets) ? undefined : checkCandidates(r.candidates, "candidates", ids, c);
  if (c.issues.length > before || buckets === undefined || observations === undefined) return undefined;
  const study = { format: STUDY_FORMAT } as Study;
  if (name !== undefined) study.name = name;
  if (description !== undefined) study.description = description;
  if (source !== undefined) study.source = source;
  if (metric !== undefined) study.metric = metric;
  study.buckets = buckets;
  study.observations = observations;
  if (model !== undefined) study.model = model;
  if (candidates !== undefined) study.candidates = candidates;
  return study;
}

/**
 * Whether {@link checkStudy} would find nothing wrong with the values of a study a reader built (well-formed objects):
 * the same rules on bucket ids and sizes, pools, samples seen, errors (by the metric's kind) and weights, checked
 * without allocating, so a reader of 10^6 runs pays one loop. Duplicate runs are left to the readers, which detect
 * them with their files and lines. A property test holds the two to agreement. @internal
 */
export function studyLooksValid(study: Study): boolean {
  const ids = new Set<string>();
  for (const b of study.buckets) {
    if (typeof b.id !== "string" || b.id === "" || ids.has(b.id)) return false;
    if (typeof b.size !== "number" || !Number.isFinite(b.size) || !(b.size >= LAW_DOMAIN.minSize && b.size <= LAW_DOMAIN.maxSize)) return false;
    ids.add(b.id);
  }
  const max = errorRule(study.metric?.kind).max ?? Infinity;
  for (const o of study.observations) {
    const pool = o.pool;
    if (!Array.isArray(pool) || pool.length === 0) return false;
    for (let k = 0; k < pool.length; k++) {
      const id = pool[k];
      if (typeof id !== "string" || !ids.has(id)) return false;
      for (let m = 0; m < k; m++) if (pool[m] === id) return false;
    }
    const n = o.samplesSeen;
    if (typeof n !== "number" || !Number.isFinite(n) || !(n > 0)) return false;
    const e = o.error;
    if (typeof e !== "number" || !Number.isFinite(e) || e < 0 || e > max) return false;
    const w = o.weight;
    if (w !== undefined && (typeof w !== "number" || !Number.isFinite(w) || !(w > 0))) return false;
  }
  return true;
}

function checkBuckets(value: unknown, c: Checker): StudyBucket[] | undefined {
  const list = c.array(value, "buckets", "a non-empty array of { id, size, label?, quality? }, best first", true);
  if (list === undefined) return undefined;
  const out: StudyBucket[] = [];
  const seen = new Map<string, number>();
  let ok = true;
  list.forEach((item, i) => {
    const p = `buckets[${i}]`;
    const r = c.object(item, p, ["id", "size"], ["label", "quality"], "a bucket { id, size, label?, quality? }");
    if (r === undefined) return void (ok = false);
    const id = c.string(r.id, `${p}.id`);
    const size = c.number(r.size, `${p}.size`, SIZE_RULE);
    const label = c.optionalString(r, "label", p);
    let quality: BucketQuality | undefined;
    if (r.quality !== undefined) {
      const q = c.object(
        r.quality,
        `${p}.quality`,
        [],
        ["score", "fromPercentile", "toPercentile", "group"],
        '{ score?, fromPercentile?, toPercentile?, group? }, e.g. { "score": "T-MARS", "fromPercentile": 10, "toPercentile": 20 } or { "group": "top10" }',
      );
      if (q !== undefined) {
        const score = q.score === undefined ? undefined : c.string(q.score, `${p}.quality.score`);
        const group = q.group === undefined ? undefined : c.string(q.group, `${p}.quality.group`);
        const pct = { min: 0, max: 100, expected: "a percentile in [0, 100]" };
        const from = q.fromPercentile === undefined ? undefined : c.number(q.fromPercentile, `${p}.quality.fromPercentile`, pct);
        const to = q.toPercentile === undefined ? undefined : c.number(q.toPercentile, `${p}.quality.toPercentile`, pct);
        if (from !== undefined && to !== undefined && from >= to) {
          c.add({ code: "OUT_OF_RANGE", field: `${p}.quality`, message: `fromPercentile (${from}) is not below toPercentile (${to})`, expected: "fromPercentile < toPercentile" });
        }
        if (score === undefined && group === undefined && q.score === undefined && q.group === undefined) {
          c.add({ code: "MISSING_FIELD", field: `${p}.quality`, message: "quality names neither a score nor a group", expected: '{ "score": "…" } and/or { "group": "…" }' });
        }
        if (score !== undefined || group !== undefined) {
          quality = {};
          if (score !== undefined) quality.score = score;
          if (from !== undefined) quality.fromPercentile = from;
          if (to !== undefined) quality.toPercentile = to;
          if (group !== undefined) quality.group = group;
        }
      }
    }
    if (id !== undefined && seen.has(id)) {
      c.add({ code: "DUPLICATE_BUCKET", field: `${p}.id`, message: `bucket id ${JSON.stringify(id)} repeats buckets[${seen.get(id)}]`, expected: "unique bucket ids" });
      ok = false;
      return;
    }
    if (id !== undefined) seen.set(id, i);
    if (id === undefined || size === undefined) return void (ok = false);
    const bucket: StudyBucket = { id, size };
    if (label !== undefined) bucket.label = label;
    if (quality !== undefined) bucket.quality = quality;
    out.push(bucket);
  });
  return ok ? out : undefined;
}

function checkObservations(
  value: unknown,
  ids: ReadonlySet<string>,
  bucketsKnown: boolean,
  kind: MetricKind | undefined,
  c: Checker,
): StudyObservation[] | undefined {
  const list = c.array(value, "observations", "an array of { pool, samplesSeen, error, … }", false);
  if (list === undefined) return undefined;
  const out: StudyObservation[] = [];
  const seen = new Map<string, number>();
  const range = errorRule(kind);
  let ok = true;
  list.forEach((item, i) => {
    const p = `observations[${i}]`;
    const r = c.object(item, p, ["pool", "samplesSeen", "error"], ["weight", "metric", "tags", "origin"], "an observation { pool, samplesSeen, error, weight?, metric?, tags?, origin? }");
    if (r === undefined) return void (ok = false);
    const before = c.issues.length;
    const poolList = c.array(r.pool, `${p}.pool`, 'a non-empty array of bucket ids, e.g. ["top0-10"]', true);
    const pool: string[] = [];
    poolList?.forEach((id, k) => {
      const s = c.string(id, `${p}.pool[${k}]`);
      if (s === undefined) return;
      if (pool.includes(s)) {
        c.add({ code: "INVALID_VALUE", field: `${p}.pool[${k}]`, message: `bucket ${JSON.stringify(s)} appears twice in the pool`, expected: "each bucket once per pool" });
      } else if (bucketsKnown && !ids.has(s)) {
        const guess = closest(s, ids);
        c.add({
          code: "UNKNOWN_BUCKET",
          field: `${p}.pool[${k}]`,
          message: `bucket ${JSON.stringify(s)} is not in buckets`,
          expected: `one of ${[...ids].slice(0, 8).map((x) => JSON.stringify(x)).join(", ")}${ids.size > 8 ? ", …" : ""}`,
          suggestion: guess !== undefined ? `did you mean ${JSON.stringify(guess)}?` : "add it to buckets with its size",
        });
      }
      pool.push(s);
    });
    const samplesSeen = c.number(r.samplesSeen, `${p}.samplesSeen`, { above: 0, expected: "a number of samples seen > 0" });
    const error = c.number(r.error, `${p}.error`, { min: 0, ...range });
    const weight = r.weight === undefined ? undefined : c.number(r.weight, `${p}.weight`, { above: 0, expected: "a weight > 0" });
    const metric = c.optionalString(r, "metric", p, true);
    const tags = r.tags === undefined ? undefined : c.stringRecord(r.tags, `${p}.tags`);
    let origin: StudyObservation["origin"];
    if (r.origin !== undefined) {
      const o = c.object(r.origin, `${p}.origin`, ["file", "line"], [], "{ file, line }");
      if (o !== undefined) {
        const file = c.string(o.file, `${p}.origin.file`);
        const line = c.number(o.line, `${p}.origin.line`, { min: 1, integer: true, expected: "a line number >= 1" });
        if (file !== undefined && line !== undefined) origin = { file, line };
      }
    }
    if (c.issues.length > before || samplesSeen === undefined || error === undefined) return void (ok = false);
    const obs: StudyObservation = { pool, samplesSeen, error };
    if (weight !== undefined) obs.weight = weight;
    if (metric !== undefined) obs.metric = metric;
    if (tags !== undefined) obs.tags = tags;
    if (origin !== undefined) obs.origin = origin;
    const key = observationKey(obs);
    const previous = seen.get(key);
    if (previous !== undefined) {
      c.add({
        code: "DUPLICATE_OBSERVATION",
        field: p,
        message: `observation repeats observations[${previous}] (pool ${poolLabel(pool)}, ${samplesSeen} samples seen)`,
        expected: "one observation per pool, samples seen, metric and tags",
        suggestion: 'tell repeated runs apart with a tag, e.g. "tags": { "seed": "2" }, or remove one',
      });
      return void (ok = false);
    }
    seen.set(key, i);
    out.push(obs);
  });
  return ok ? out : undefined;
}
