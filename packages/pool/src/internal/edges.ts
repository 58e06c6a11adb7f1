// Bucket edges: from `buckets: k` or `edges: [0, 10, …, 100]` to exact percents and best-first bucket ids.
import { PoolError } from "../PoolError.js";
import { comparePercent, fractionPercent, percentLabel, percentOf, percentValue, type Percent } from "./percent.js";

/** At most this many buckets (the assignment is one CASE over the edges). */
export const MAX_BUCKETS = 1000;

/** One bucket of a rule: its id and its percent range. */
export interface BucketSpec {
  id: string;
  from: Percent;
  to: Percent;
}

/** The id of the bucket from `from` to `to` percent: `top0-10`, `top12.5-25`. */
export function bucketIdOf(from: Percent, to: Percent): string {
  return `top${percentLabel(from)}-${percentLabel(to)}`;
}

/** The edges of `k` equal buckets, or of explicit percent edges, checked. */
export function resolveEdges(options: { buckets?: number | undefined; edges?: readonly number[] | undefined }): Percent[] {
  const { buckets, edges } = options;
  if (buckets !== undefined && edges !== undefined) {
    throw new PoolError("INVALID_OPTION", "buckets and edges were both given. Expected one of them: buckets: 10, or edges: [0, 10, 20, 30, 40, 100].", { field: "buckets" });
  }
  if (edges === undefined) {
    const k = buckets ?? 10;
    if (!Number.isInteger(k) || k < 1 || k > MAX_BUCKETS) {
      throw new PoolError("INVALID_OPTION", `buckets is ${k}. Expected a whole number of buckets from 1 to ${MAX_BUCKETS}, e.g. 10.`, { field: "buckets", value: String(k) });
    }
    return Array.from({ length: k + 1 }, (_, j) => fractionPercent(j, k));
  }
  const expected = "Expected percents increasing from 0 to 100, e.g. [0, 10, 20, 30, 40, 100].";
  if (edges.length < 2 || edges.length > MAX_BUCKETS + 1) {
    throw new PoolError("INVALID_OPTION", `edges has ${edges.length} values. ${expected}`, { field: "edges", value: edges.join(",") });
  }
  const bad = edges.find((e) => typeof e !== "number" || !Number.isFinite(e) || e < 0 || e > 100);
  if (bad !== undefined) throw new PoolError("INVALID_OPTION", `edges holds ${bad}, not a percent from 0 to 100. ${expected}`, { field: "edges", value: edges.join(",") });
  const list = edges.map(percentOf);
  if (percentValue(list[0]!) !== 0 || percentValue(list[list.length - 1]!) !== 100) {
    throw new PoolError("INVALID_OPTION", `edges run from ${edges[0]} to ${edges[edges.length - 1]}. ${expected} (add 0 and 100 at the ends)`, { field: "edges", value: edges.join(",") });
  }
  for (let i = 1; i < list.length; i++) {
    if (comparePercent(list[i]!, list[i - 1]!) <= 0) {
      throw new PoolError("INVALID_OPTION", `edges are not increasing at ${edges[i - 1]}, ${edges[i]}. ${expected}`, { field: "edges", value: edges.join(",") });
    }
  }
  return list;
}

/** The best-first buckets between consecutive edges. */
export function bucketsOf(edges: readonly Percent[]): BucketSpec[] {
  return edges.slice(1).map((to, i) => ({ id: bucketIdOf(edges[i]!, to), from: edges[i]!, to }));
}

/**
 * A bucket id `top<from>-<to>` (percents, 0 <= from < to <= 100) as its range; looked up first in `known` (the
 * buckets of the rule in use), so that ids of `buckets: 3` (`top0-33.33`) mean exactly a third.
 */
export function parseBucketId(id: string, known: readonly BucketSpec[] = []): BucketSpec {
  const found = known.find((b) => b.id === id);
  if (found !== undefined) return found;
  const m = /^top(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(id.trim());
  const from = m === null ? undefined : Number(m[1]);
  const to = m === null ? undefined : Number(m[2]);
  if (from === undefined || to === undefined || !(from < to) || to > 100) {
    throw new PoolError(
      "INVALID_OPTION",
      `bucket ${JSON.stringify(id.slice(0, 200))} is not a bucket id. Expected top<from>-<to> in percent of the pool, best first, with 0 <= from < to <= 100, e.g. top0-10 or top10-20.`,
      { field: "bucket", value: id },
    );
  }
  return { id: id.trim(), from: percentOf(from), to: percentOf(to) };
}
