import { LAW_DOMAIN, resolveLaw, type Law, type ResolvedLaw } from "@qqt/core";
import { FitError, show } from "./FitError.js";
import type { FitBucket, FitInput, Observation } from "./types.js";

// Internal: a validated FitInput in flat arrays, with each distinct pool compiled once.

/** A distinct pool: its buckets, their size weights and the observations made on it (sorted by budget). */
export interface PoolInfo {
  /** Bucket indices, ascending. */
  buckets: Int32Array;
  /** `w_i = S_i / Σ S_j`, aligned with `buckets`. */
  weights: Float64Array;
  /** Total unique samples `Σ S_i`. */
  size: number;
  /** Indices of the observations on this pool, by ascending samples seen. */
  observations: Int32Array;
  /** Largest number of completed passes among them. */
  maxPasses: number;
}

export interface Problem {
  buckets: FitBucket[];
  bucketIndex: Map<string, number>;
  law: ResolvedLaw;
  normalizer: number;
  count: number;
  /** Observed errors, weights, samples seen and the pool of each observation. */
  y: Float64Array;
  weight: Float64Array;
  samples: Float64Array;
  poolOf: Int32Array;
  pools: PoolInfo[];
  /** Per bucket: whether any observation's pool contains it. */
  touched: boolean[];
  /** Per bucket: the index of its quality group (buckets without a `quality.group` are a group of their own). */
  group: Int32Array;
  /** The groups' names, by group index (a bucket's own id when it has no `quality.group`). */
  groupNames: string[];
  /** Largest passes over any pool: decides the evaluation path. */
  maxPasses: number;
  /** Original observations, for reporting. */
  source: Observation[];
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** `floor(n / S)` corrected so that `K·S ≤ n < (K+1)·S` (as `@qqt/core` and Python's `//`). */
export function floorPasses(n: number, size: number): number {
  let k = Math.floor(n / size);
  if (k * size > n) k -= 1;
  else if ((k + 1) * size <= n) k += 1;
  return k;
}

/** Quality groups of the buckets: one per distinct `quality.group`, and one per bucket without one. */
function qualityGroups(buckets: readonly FitBucket[]): { group: Int32Array; groupNames: string[] } {
  const group = new Int32Array(buckets.length);
  const byName = new Map<string, number>();
  const groupNames: string[] = [];
  buckets.forEach((bucket, i) => {
    const name = bucket.quality?.group;
    if (name === undefined) {
      group[i] = groupNames.length;
      groupNames.push(bucket.id);
      return;
    }
    let g = byName.get(name);
    if (g === undefined) {
      g = groupNames.length;
      byName.set(name, g);
      groupNames.push(name);
    }
    group[i] = g;
  });
  return { group, groupNames };
}

/** Checks the buckets of a FitInput and indexes them by id. */
export function checkBuckets(buckets: unknown): { buckets: FitBucket[]; index: Map<string, number> } {
  if (!Array.isArray(buckets)) {
    throw new FitError("INVALID_BUCKET", "buckets", `expected an array of { id, size, label? }, got ${show(buckets)}.`);
  }
  const index = new Map<string, number>();
  buckets.forEach((bucket: FitBucket, i) => {
    const path = `buckets[${i}]`;
    if (bucket === null || typeof bucket !== "object") {
      throw new FitError("INVALID_BUCKET", path, `expected an object { id, size, label? }, got ${show(bucket)}.`);
    }
    if (typeof bucket.id !== "string" || bucket.id.length === 0) {
      throw new FitError("INVALID_BUCKET", `${path}.id`, `expected a non-empty string, got ${show(bucket.id)}.`);
    }
    if (index.has(bucket.id)) {
      throw new FitError("INVALID_BUCKET", `${path}.id`, `duplicate bucket id ${show(bucket.id)}; ids must be unique.`);
    }
    if (!isFiniteNumber(bucket.size) || bucket.size < LAW_DOMAIN.minSize || bucket.size > LAW_DOMAIN.maxSize) {
      throw new FitError(
        "INVALID_BUCKET",
        `${path}.size`,
        `expected a number of unique samples in [1, 1e18] (@qqt/core's LAW_DOMAIN), got ${show(bucket.size)}.`,
      );
    }
    const quality = (bucket as { quality?: unknown }).quality;
    if (quality !== undefined && (quality === null || typeof quality !== "object")) {
      throw new FitError("INVALID_BUCKET", `${path}.quality`, `expected { group?, … }, got ${show(quality)}.`);
    }
    const group = (quality as { group?: unknown } | undefined)?.group;
    if (group !== undefined && (typeof group !== "string" || group.length === 0)) {
      throw new FitError("INVALID_BUCKET", `${path}.quality.group`, `expected a non-empty string naming the quality group, got ${show(group)}.`);
    }
    index.set(bucket.id, i);
  });
  return { buckets: buckets as FitBucket[], index };
}

/**
 * Validates a FitInput and builds the flat problem. `needPositive` requires errors > 0 (for the log loss).
 */
export function buildProblem(
  input: FitInput,
  law: Law | undefined,
  normalizer: number,
  needPositive: boolean,
): Problem {
  if (input === null || typeof input !== "object") {
    throw new FitError("INSUFFICIENT_DATA", "input", `expected { buckets, observations }, got ${show(input)}.`);
  }
  let resolved: ResolvedLaw;
  try {
    resolved = resolveLaw(law);
  } catch (e) {
    throw new FitError("INVALID_OPTION", "options.law", (e as Error).message);
  }
  const { buckets, index } = checkBuckets(input.buckets);
  const observations = input.observations;
  if (!Array.isArray(observations)) {
    throw new FitError("INSUFFICIENT_DATA", "observations", `expected an array of observations, got ${show(observations)}.`);
  }
  if (observations.length < 2) {
    throw new FitError(
      "INSUFFICIENT_DATA",
      "observations",
      `got ${observations.length} observation(s); at least 2 runs are needed to fit anything (and at least one per free parameter to pin them down).`,
    );
  }
  const count = observations.length;
  const y = new Float64Array(count);
  const weight = new Float64Array(count);
  const samples = new Float64Array(count);
  const poolOf = new Int32Array(count);
  const poolKeys = new Map<string, number>();
  const poolMembers: number[][] = [];
  const poolObs: number[][] = [];
  const touched = buckets.map(() => false);

  for (let j = 0; j < count; j++) {
    const obs = observations[j] as Observation;
    const path = `observations[${j}]`;
    if (obs === null || typeof obs !== "object") {
      throw new FitError("INVALID_OBSERVATION", path, `expected { pool, samplesSeen, error, weight? }, got ${show(obs)}.`);
    }
    if (!Array.isArray(obs.pool) || obs.pool.length === 0) {
      throw new FitError(
        "INVALID_OBSERVATION",
        `${path}.pool`,
        `expected a non-empty array of bucket ids, e.g. ["top0-10"], got ${show(obs.pool)}.`,
      );
    }
    const members: number[] = [];
    obs.pool.forEach((id, k) => {
      const i = index.get(id);
      if (i === undefined) {
        throw new FitError(
          "UNKNOWN_BUCKET",
          `${path}.pool[${k}]`,
          `no bucket has id ${show(id)}; known ids: ${[...index.keys()].map((x) => JSON.stringify(x)).join(", ")}.`,
        );
      }
      if (members.includes(i)) {
        throw new FitError("INVALID_OBSERVATION", `${path}.pool[${k}]`, `bucket ${show(id)} appears twice in the pool.`);
      }
      members.push(i);
    });
    if (!isFiniteNumber(obs.samplesSeen) || obs.samplesSeen <= 0) {
      throw new FitError(
        "INVALID_OBSERVATION",
        `${path}.samplesSeen`,
        `expected a finite number of samples seen > 0, got ${show(obs.samplesSeen)}.`,
      );
    }
    if (!isFiniteNumber(obs.error) || obs.error < 0 || (needPositive && obs.error === 0)) {
      throw new FitError(
        "INVALID_OBSERVATION",
        `${path}.error`,
        `expected a finite error ${needPositive ? "> 0 (the huber-log loss takes its log)" : ">= 0"}, got ${show(obs.error)}.`,
      );
    }
    const w = obs.weight === undefined ? 1 : obs.weight; // null is not the default: @qqt/data refuses it too
    if (!isFiniteNumber(w) || w <= 0) {
      throw new FitError("INVALID_OBSERVATION", `${path}.weight`, `expected a finite weight > 0 (default 1), got ${show(obs.weight)}.`);
    }
    members.sort((p, q) => p - q);
    const key = members.join(",");
    let pool = poolKeys.get(key);
    if (pool === undefined) {
      pool = poolMembers.length;
      poolKeys.set(key, pool);
      poolMembers.push(members);
      poolObs.push([]);
    }
    for (const i of members) touched[i] = true;
    (poolObs[pool] as number[]).push(j);
    y[j] = obs.error;
    weight[j] = w;
    samples[j] = obs.samplesSeen;
    poolOf[j] = pool;
  }

  let maxPasses = 0;
  const pools: PoolInfo[] = poolMembers.map((members, p) => {
    let size = 0;
    for (const i of members) size += (buckets[i] as FitBucket).size;
    const obsList = (poolObs[p] as number[]).slice().sort((u, v) => (samples[u] as number) - (samples[v] as number));
    const last = obsList[obsList.length - 1] as number;
    const passes = floorPasses(samples[last] as number, size);
    maxPasses = Math.max(maxPasses, passes);
    return {
      buckets: Int32Array.from(members),
      weights: Float64Array.from(members, (i) => (buckets[i] as FitBucket).size / size),
      size,
      observations: Int32Array.from(obsList),
      maxPasses: passes,
    };
  });

  return {
    buckets,
    bucketIndex: index,
    law: resolved,
    normalizer,
    count,
    y,
    weight,
    samples,
    poolOf,
    pools,
    touched,
    ...qualityGroups(buckets),
    maxPasses,
    source: observations,
  };
}
