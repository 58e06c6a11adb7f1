import type { Bucket } from "./types.js";

/**
 * A bucket's quality range in percent of the ranked pool (0 = the best sample), as its label or id states it.
 *
 * @example
 * ```ts
 * const r: PercentRange = { from: 10, to: 20 };
 * ```
 */
export interface PercentRange {
  /** Start of the range, in percent (best first). */
  from: number;
  /** End of the range, in percent (> `from`). */
  to: number;
}

/** "top 10–20% by T-MARS", "10-20%", "10% to 20%". */
const LABEL_RANGE = /(\d+(?:\.\d+)?)\s*%?\s*(?:[-–—]|to)\s*(\d+(?:\.\d+)?)\s*%/;
/** "top10-20", "top_10_20", "top10-20%". */
const ID_RANGE = /^top[-_]?(\d+(?:\.\d+)?)[-_–](\d+(?:\.\d+)?)%?$/i;
const PERCENT_TOLERANCE = 1e-9;

/**
 * A bucket's percent range from its label (`"top 10–20% by T-MARS"`) or, failing that, its id (`"top10-20"`).
 *
 * @remarks `undefined` when neither states one, or the range is empty or reversed: a name is never a guess.
 * @example
 * ```ts
 * percentRange({ id: "top10-20" }); // { from: 10, to: 20 }
 * percentRange({ id: "b3", label: "top 20–30% by CLIP score" }); // { from: 20, to: 30 }
 * percentRange({ id: "LAION-400M" }); // undefined
 * ```
 */
export function percentRange(bucket: Pick<Bucket, "id" | "label">): PercentRange | undefined {
  const m = (bucket.label !== undefined ? LABEL_RANGE.exec(bucket.label) : null) ?? ID_RANGE.exec(bucket.id);
  if (m === null) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to > from && to <= 100 ? { from, to } : undefined;
}

/**
 * The short name of a pool, the one namer of qqt: `top 30%`, `10–30%`, `top-3`, or its bucket ids joined by `+`.
 *
 * @remarks When every bucket of the pool states a percent range ({@link percentRange}) and the ranges are
 * contiguous, the pool is named by its span (`top 30%` from 0, `10–30%` otherwise); non-contiguous ranges are
 * listed (`top 10% + 30–40%`). Otherwise the `k` best buckets of the model are `top-k` (unless a bucket is itself
 * named so), and any other pool is its ids joined by `+`.
 * @example
 * ```ts
 * poolName(["top0-10", "top10-20", "top20-30"], tmarsBuckets); // "top 30%"
 * poolName(["top0-10", "top30-40"], tmarsBuckets); // "top 10% + 30–40%"
 * poolName(["LAION-400M"], laionBuckets); // "LAION-400M"
 * ```
 */
export function poolName(ids: readonly string[], buckets: ReadonlyArray<Pick<Bucket, "id" | "label">>): string {
  const byId = new Map(buckets.map((b) => [b.id, b]));
  const ranges = ids.map((id) => percentRange(byId.get(id) ?? { id }));
  if (ranges.length > 0 && ranges.every((r) => r !== undefined)) {
    const sorted = [...(ranges as PercentRange[])].sort((u, v) => u.from - v.from);
    const contiguous = sorted.every((r, i) => i === 0 || Math.abs(r.from - (sorted[i - 1] as PercentRange).to) < PERCENT_TOLERANCE);
    const span = (r: PercentRange) => (r.from === 0 ? `top ${trim(r.to)}%` : `${trim(r.from)}–${trim(r.to)}%`);
    if (contiguous) return span({ from: (sorted[0] as PercentRange).from, to: (sorted[sorted.length - 1] as PercentRange).to });
    return sorted.map(span).join(" + ");
  }
  const isPrefix = ids.length <= buckets.length && ids.every((id, i) => buckets[i]?.id === id);
  if (isPrefix && ids.length > 1 && !byId.has(`top-${ids.length}`)) return `top-${ids.length}`;
  return ids.join("+");
}

/**
 * The upper percent of each nested pool top-1 … top-k of best-first buckets, as long as their percent ranges are
 * contiguous from 0 (so `top 30%` can name the three best 10 % buckets).
 *
 * @example
 * ```ts
 * nestedPercents(tmarsBuckets); // [10, 20, 30, 40]
 * ```
 */
export function nestedPercents(buckets: ReadonlyArray<Pick<Bucket, "id" | "label">>): number[] {
  const out: number[] = [];
  let end = 0;
  for (const b of buckets) {
    const r = percentRange(b);
    if (r === undefined || Math.abs(r.from - end) > PERCENT_TOLERANCE) break;
    end = r.to;
    out.push(end);
  }
  return out;
}

function trim(x: number): string {
  return String(Number(x.toFixed(2)));
}
