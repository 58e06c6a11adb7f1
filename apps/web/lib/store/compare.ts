// Side-by-side comparison of two versions of a study: what changed in the data (observations added, removed or
// re-measured) and in the fit (law, task parameters, per-bucket utility and half-life, diagnostics). Pure and free
// of Node APIs, so the UI can use it on the client as well as through GET /api/studies/:id/compare.
import type { FitSummary, VersionDetail } from "./StudyStore";
import type { StudyObservation } from "./validate";

/** The identity of one side of a comparison. */
export interface ComparedVersion {
  version: number;
  createdAt: string;
  author: string | null;
  label: string | null;
  hasModel: boolean;
}

/** A number on both sides and their difference (`b − a`), or which side lacks it. */
export interface NumberChange {
  a: number | null;
  b: number | null;
  /** `b − a` when both exist, else null. */
  delta: number | null;
}

/** Most runs listed in each of {@link VersionComparison.runs}' lists (the counts are always complete). */
export const MAX_LISTED_RUNS = 200;

/** A run that was added, removed or re-measured between two versions: its identity and its error on each side. */
export interface RunChange {
  pool: string[];
  samplesSeen: number;
  tags?: Record<string, string>;
  metric?: string;
  /** The error in version A, or null when the run is not there. */
  errorA: number | null;
  /** The error in version B, or null when the run is not there. */
  errorB: number | null;
}

/** One bucket's fitted parameters in both versions. */
export interface BucketChange {
  id: string;
  label?: string;
  inStudyA: boolean;
  inStudyB: boolean;
  b: NumberChange;
  tau: NumberChange;
}

/**
 * What differs between two versions of a study.
 *
 * @example
 * ```ts
 * const c = compareVersions(v1, v3);
 * c.observations; // { a: 12, b: 20, added: 8, removed: 0, changed: 0 }
 * c.runs.added[0]; // { pool: ["top0-10"], samplesSeen: 640000000, errorA: null, errorB: 0.61 }
 * c.buckets[0].b; // { a: -0.18, b: -0.17, delta: 0.01 }
 * ```
 */
export interface VersionComparison {
  a: ComparedVersion;
  b: ComparedVersion;
  /** Observations in each version; added/removed/changed by run identity (pool, samples seen, tags). */
  observations: { a: number; b: number; added: number; removed: number; changed: number };
  /**
   * The runs behind those counts, in B's order (added, changed) and A's order (removed), at most
   * {@link MAX_LISTED_RUNS} each; `truncated` says when a list was cut.
   */
  runs: { added: RunChange[]; removed: RunChange[]; changed: RunChange[]; truncated: boolean };
  law: { a: { formulation: string; variant: string } | null; b: { formulation: string; variant: string } | null; same: boolean };
  task: { a: NumberChange; d: NumberChange; normalizer: NumberChange };
  /** Buckets of either version's study or model, in the order of B's study then A's. */
  buckets: BucketChange[];
  fit: { a: FitSummary | null; b: FitSummary | null; rmse: NumberChange; sse: NumberChange };
}

function change(a: number | undefined | null, b: number | undefined | null): NumberChange {
  const x = a ?? null;
  const y = b ?? null;
  return { a: x, b: y, delta: x !== null && y !== null ? y - x : null };
}

/** A run's identity: its pool (as a set), its budget and its tags. */
function runKey(o: StudyObservation): string {
  const tags = o.tags ? Object.entries(o.tags).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)) : [];
  return JSON.stringify([[...o.pool].sort(), o.samplesSeen, tags, o.metric ?? null]);
}

function side(v: VersionDetail): ComparedVersion {
  return { version: v.version, createdAt: v.createdAt, author: v.author, label: v.label, hasModel: v.model !== null };
}

/**
 * Compares two versions of a study (typically two fits) field by field.
 *
 * @remarks Runs are matched by pool (order-insensitive), samples seen, tags and metric; a matched run whose error
 * differs counts as `changed`. Runs repeated with the same identity are matched by multiplicity.
 * @example
 * ```ts
 * compareVersions(await store.getVersion(id, 2), await store.getVersion(id, 5)).law.same; // true
 * ```
 */
export function compareVersions(a: VersionDetail, b: VersionDetail): VersionComparison {
  const runsA = new Map<string, Array<{ o: StudyObservation; index: number }>>();
  a.study.observations.forEach((o, index) => {
    const key = runKey(o);
    const list = runsA.get(key);
    if (list) list.push({ o, index });
    else runsA.set(key, [{ o, index }]);
  });
  const runs: VersionComparison["runs"] = { added: [], removed: [], changed: [], truncated: false };
  const list = (target: RunChange[], o: StudyObservation, errorA: number | null, errorB: number | null) => {
    if (target.length >= MAX_LISTED_RUNS) {
      runs.truncated = true;
      return;
    }
    const run: RunChange = { pool: [...o.pool], samplesSeen: o.samplesSeen, errorA, errorB };
    if (o.tags !== undefined) run.tags = { ...o.tags };
    if (o.metric !== undefined) run.metric = o.metric;
    target.push(run);
  };
  let added = 0;
  let changed = 0;
  for (const o of b.study.observations) {
    const candidates = runsA.get(runKey(o));
    if (candidates === undefined || candidates.length === 0) {
      added++;
      list(runs.added, o, null, o.error);
      continue;
    }
    const same = candidates.findIndex((c) => c.o.error === o.error);
    if (same >= 0) candidates.splice(same, 1);
    else {
      const previous = candidates.shift()!;
      changed++;
      list(runs.changed, o, previous.o.error, o.error);
    }
  }
  const left = [...runsA.values()].flat().sort((x, y) => x.index - y.index);
  for (const { o } of left) list(runs.removed, o, o.error, null);
  const removed = left.length;

  const order: string[] = [];
  const seen = new Set<string>();
  const labels = new Map<string, string>();
  for (const bucket of [...b.study.buckets, ...a.study.buckets, ...(b.model?.buckets ?? []), ...(a.model?.buckets ?? [])]) {
    if (!seen.has(bucket.id)) {
      seen.add(bucket.id);
      order.push(bucket.id);
    }
    if (bucket.label !== undefined && !labels.has(bucket.id)) labels.set(bucket.id, bucket.label);
  }
  const studyIdsA = new Set(a.study.buckets.map((x) => x.id));
  const studyIdsB = new Set(b.study.buckets.map((x) => x.id));
  const paramsA = new Map((a.model?.buckets ?? []).map((x) => [x.id, x]));
  const paramsB = new Map((b.model?.buckets ?? []).map((x) => [x.id, x]));
  const buckets = order.map((id): BucketChange => {
    const entry: BucketChange = {
      id,
      inStudyA: studyIdsA.has(id),
      inStudyB: studyIdsB.has(id),
      b: change(paramsA.get(id)?.b, paramsB.get(id)?.b),
      tau: change(paramsA.get(id)?.tau, paramsB.get(id)?.tau),
    };
    const label = labels.get(id);
    if (label !== undefined) entry.label = label;
    return entry;
  });

  const lawA = a.model?.law ?? null;
  const lawB = b.model?.law ?? null;
  return {
    a: side(a),
    b: side(b),
    observations: { a: a.study.observations.length, b: b.study.observations.length, added, removed, changed },
    runs,
    law: { a: lawA, b: lawB, same: lawA !== null && lawB !== null && lawA.formulation === lawB.formulation && lawA.variant === lawB.variant },
    task: {
      a: change(a.model?.task.a, b.model?.task.a),
      d: change(a.model?.task.d, b.model?.task.d),
      normalizer: change(a.model?.task.normalizer, b.model?.task.normalizer),
    },
    buckets,
    fit: { a: a.fit, b: b.fit, rmse: change(a.fit?.rmse, b.fit?.rmse), sse: change(a.fit?.sse, b.fit?.sse) },
  };
}
