import { CoreError } from "./CoreError.js";
import { DEFAULT_NORMALIZER, LAW_DOMAIN } from "./constants.js";
import type { Bucket, TaskParams } from "./types.js";

const SMALL_POOL = 16;

// Internal argument checks shared by every public entry point. Each throws a CoreError naming the argument.

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

const SIZE = `a number of unique samples in [${LAW_DOMAIN.minSize}, ${exponential(LAW_DOMAIN.maxSize)}]`;
const UTILITY = `a utility exponent in [${LAW_DOMAIN.minUtility}, 0)`;
const HALF_LIFE = `a half-life in repetitions in (0, ${exponential(LAW_DOMAIN.maxHalfLife)}]`;

/** 1e12 rather than 1000000000000 in messages. */
function exponential(x: number): string {
  return x.toExponential().replace("e+", "e");
}

/** A bucket size inside the law's domain ({@link LAW_DOMAIN}). */
function isSize(x: unknown): x is number {
  return typeof x === "number" && x >= LAW_DOMAIN.minSize && x <= LAW_DOMAIN.maxSize;
}

/** A half-life inside the law's domain. */
function isHalfLife(x: unknown): x is number {
  return typeof x === "number" && x > 0 && x <= LAW_DOMAIN.maxHalfLife;
}


/** Checks one bucket; `path` names it in messages, e.g. `pool[1]`. */
export function checkBucket(bucket: Bucket, path: string): void {
  if (bucket === null || typeof bucket !== "object") {
    throw new CoreError("INVALID_BUCKET", path, bucket, "an object { id, size, b, tau }");
  }
  if (typeof bucket.id !== "string" || bucket.id.length === 0) {
    throw new CoreError("INVALID_BUCKET", `${path}.id`, bucket.id, "a non-empty string");
  }
  if (!isSize(bucket.size)) throw new CoreError("INVALID_BUCKET", `${path}.size`, bucket.size, SIZE);
  if (!isFiniteNumber(bucket.b) || bucket.b >= 0 || bucket.b < LAW_DOMAIN.minUtility) {
    throw new CoreError("INVALID_BUCKET", `${path}.b`, bucket.b, UTILITY);
  }
  if (!isHalfLife(bucket.tau)) throw new CoreError("INVALID_BUCKET", `${path}.tau`, bucket.tau, HALF_LIFE);
}

/** Checks a pool: non-empty, every bucket valid, ids unique. */
export function checkPool(pool: readonly Bucket[], path = "pool"): void {
  if (!Array.isArray(pool)) {
    throw new CoreError("INVALID_ARGUMENT", path, pool, "an array of buckets");
  }
  if (pool.length === 0) {
    throw new CoreError("EMPTY_POOL", path, pool, "at least one bucket");
  }
  // Small pools (the usual case) are checked pairwise: cheaper than building a Set on every evaluation.
  const seen = pool.length > SMALL_POOL ? new Set<string>() : undefined;
  for (let i = 0; i < pool.length; i++) {
    const bucket = pool[i] as Bucket;
    checkBucket(bucket, `${path}[${i}]`);
    let duplicate = false;
    if (seen) {
      duplicate = seen.has(bucket.id);
      seen.add(bucket.id);
    } else {
      for (let j = 0; j < i && !duplicate; j++) duplicate = (pool[j] as Bucket).id === bucket.id;
    }
    if (duplicate) {
      throw new CoreError("DUPLICATE_BUCKET", `${path}[${i}].id`, bucket.id, "bucket ids that appear once per pool");
    }
  }
}

/** Checks task parameters and returns the normalizer to use. */
export function checkTask(task: TaskParams, path = "task"): number {
  if (task === null || typeof task !== "object") {
    throw new CoreError("INVALID_TASK", path, task, "an object { a, d, normalizer? }");
  }
  if (!isFiniteNumber(task.a) || task.a <= 0) {
    throw new CoreError("INVALID_TASK", `${path}.a`, task.a, "a finite sample-count scale > 0");
  }
  if (!isFiniteNumber(task.d) || task.d < 0) {
    throw new CoreError("INVALID_TASK", `${path}.d`, task.d, "a finite irreducible error >= 0");
  }
  const normalizer = task.normalizer === undefined ? DEFAULT_NORMALIZER : task.normalizer;
  if (!isFiniteNumber(normalizer) || normalizer <= 0) {
    throw new CoreError("INVALID_TASK", `${path}.normalizer`, task.normalizer, "a finite number > 0 (default 1e5)");
  }
  return normalizer;
}

/** Checks a number of samples seen. */
export function checkSamplesSeen(samplesSeen: number, path = "samplesSeen"): void {
  if (!isFiniteNumber(samplesSeen) || samplesSeen < 0) {
    throw new CoreError("INVALID_SAMPLES", path, samplesSeen, "a finite number of samples seen >= 0");
  }
}

/**
 * Checks every budget of a list; a plain comparison per entry, the argument path (`name[j]`) and message built only
 * for the one that fails (a sweep of 10^6 budgets builds no strings).
 */
export function checkSamplesSeenList(samplesSeen: ArrayLike<number>, name: string): void {
  if (samplesSeen === null || typeof samplesSeen !== "object" || !Number.isSafeInteger(samplesSeen.length) || samplesSeen.length < 0) {
    throw new CoreError("INVALID_SAMPLES", name, samplesSeen, "an array (or typed array) of samples seen");
  }
  for (let j = 0; j < samplesSeen.length; j++) {
    const n = samplesSeen[j];
    if (typeof n === "number" && n >= 0 && n < Infinity) continue;
    checkSamplesSeen(n as number, `${name}[${j}]`);
  }
}

/** Checks a repetition index (0-based epoch). */
export function checkRepetition(repetition: number, path = "repetition"): void {
  if (!isFiniteNumber(repetition) || repetition < 0) {
    throw new CoreError("INVALID_ARGUMENT", path, repetition, "a finite repetition index >= 0 (the first pass is 0)");
  }
}

/** Checks a half-life. */
export function checkHalfLife(tau: number, path = "tau"): void {
  if (!isHalfLife(tau)) throw new CoreError("INVALID_ARGUMENT", path, tau, HALF_LIFE);
}
