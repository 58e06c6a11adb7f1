// Pools as users name them (`top-3`, `top30%`, `top0-10+top10-20`, `top0-10,top10-20`) and as people read them
// ("top 30%: 3 buckets, 38.4M unique samples, ~17 passes").
import type { Bucket } from "@qqt/core";
import { usage } from "./errors.js";
import { formatCount } from "@qqt/core";
import { formatPasses } from "./output/numbers.js";

/** The quality range of a bucket in percent of the ranked pool (0 = best), when its id or label says it. */
export interface PercentRange {
  from: number;
  to: number;
}

const LABEL_RANGE = /(\d+(?:\.\d+)?)\s*[-–—]\s*(\d+(?:\.\d+)?)\s*%/;
const ID_RANGE = /^top[-_]?(\d+(?:\.\d+)?)[-_–](\d+(?:\.\d+)?)%?$/i;
const TOP_K = /^top-(\d+)$/i;
const TOP_PERCENT = /^top\s*(\d+(?:\.\d+)?)\s*%$/i;
const PERCENT_TOLERANCE = 1e-9;
/** `bucket:<id>` names one bucket, also one whose id reads like a pool (`bucket:all`). */
const BUCKET_PREFIX = "bucket:";

/** A bucket's percent range from its label ("top 10–20% by T-MARS") or id ("top10-20"). */
export function percentRange(bucket: Pick<Bucket, "id" | "label">): PercentRange | undefined {
  const m = (bucket.label !== undefined ? LABEL_RANGE.exec(bucket.label) : null) ?? ID_RANGE.exec(bucket.id);
  if (m === null) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to > from ? { from, to } : undefined;
}

/** Ids of a pool in the model's (best-first) order. */
function ordered(ids: Iterable<string>, buckets: readonly Bucket[]): string[] {
  const set = new Set(ids);
  return buckets.filter((b) => set.has(b.id)).map((b) => b.id);
}

/**
 * Resolves a pool specification against the model's buckets; returns bucket ids best-first.
 * Forms: a bucket id; `top-K` (the K best buckets); `topX%` (the best buckets down to X% when ids or labels give
 * percent ranges); `all`; ids joined by `+` or `,`.
 */
export function resolvePool(spec: string, buckets: readonly Bucket[], option = "--pool"): string[] {
  const text = spec.trim();
  const ids = new Set(buckets.map((b) => b.id));
  if (text.startsWith(BUCKET_PREFIX)) {
    const id = text.slice(BUCKET_PREFIX.length);
    if (!ids.has(id)) throw usage(`${option}: unknown bucket "${id}" in "${text}". ${poolHelp(buckets)}`);
    return [id];
  }
  const syntax = text.toLowerCase() === "all" || TOP_K.test(text) || TOP_PERCENT.test(text);
  if (ids.has(text)) {
    // A bucket named like a pool ("all", "top-2") would silently mean one or the other: make the user say which.
    if (syntax) throw usage(`${option}: "${text}" is both a bucket id and a pool of the best buckets. Write "${BUCKET_PREFIX}${text}" for the bucket, or the pool's bucket ids joined by +.`);
    return [text];
  }
  if (text.toLowerCase() === "all") return buckets.map((b) => b.id);
  const k = TOP_K.exec(text);
  if (k !== null) {
    const n = Number(k[1]);
    if (n < 1 || n > buckets.length) throw usage(`${option}: "${text}" asks for the ${n} best buckets, but the model has ${buckets.length} (top-1 … top-${buckets.length}).`);
    return buckets.slice(0, n).map((b) => b.id);
  }
  const percent = TOP_PERCENT.exec(text);
  if (percent !== null) {
    const target = Number(percent[1]);
    const prefixes = nestedPercents(buckets);
    const i = prefixes.findIndex((p) => Math.abs(p - target) < PERCENT_TOLERANCE);
    if (i < 0) {
      const known = prefixes.length > 0 ? `top ${prefixes.map((p) => `${p}%`).join(", ")}` : "none (bucket ids and labels do not give percent ranges; use top-K)";
      throw usage(`${option}: no nested pool is "${text}". Pools by percent: ${known}.`);
    }
    return buckets.slice(0, i + 1).map((b) => b.id);
  }
  const parts = text.split(/[+,]/).map((s) => s.trim());
  if (parts.some((s) => s === "")) throw usage(`${option}: "${text}" has an empty bucket id. ${poolHelp(buckets)}`);
  const unknown = parts.filter((s) => !ids.has(s));
  if (unknown.length > 0) throw usage(`${option}: unknown bucket ${unknown.map((u) => `"${u}"`).join(", ")} in "${text}". ${poolHelp(buckets)}`);
  if (new Set(parts).size !== parts.length) throw usage(`${option}: "${text}" names a bucket twice.`);
  return ordered(parts, buckets);
}

function poolHelp(buckets: readonly Bucket[]): string {
  return `Buckets: ${buckets.map((b) => b.id).join(", ")}; pools: an id, ids joined by + or ",", top-K (K = 1…${buckets.length}) or all.`;
}

/** Upper percent of each nested pool top-1 … top-k while the buckets' ranges are contiguous from 0. */
function nestedPercents(buckets: readonly Bucket[]): number[] {
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

/** Short name of a pool: `top 30%`, `10–30%`, `top-3`, or its ids joined by `+`. */
export function poolName(ids: readonly string[], buckets: ReadonlyArray<Pick<Bucket, "id" | "label">>): string {
  const byId = new Map(buckets.map((b) => [b.id, b]));
  const ranges = ids.map((id) => percentRange(byId.get(id) ?? { id }));
  if (ranges.every((r) => r !== undefined)) {
    const sorted = [...(ranges as PercentRange[])].sort((u, v) => u.from - v.from);
    const contiguous = sorted.every((r, i) => i === 0 || Math.abs(r.from - sorted[i - 1]!.to) < PERCENT_TOLERANCE);
    if (contiguous) {
      const from = sorted[0]!.from;
      const to = sorted[sorted.length - 1]!.to;
      return from === 0 ? `top ${to}%` : `${from}–${to}%`;
    }
    return sorted.map((r) => (r.from === 0 ? `top ${r.to}%` : `${r.from}–${r.to}%`)).join(" + ");
  }
  const isPrefix = ids.length <= buckets.length && ids.every((id, i) => buckets[i]?.id === id);
  // "top-K", unless a bucket is named so (then the name would read as that bucket).
  if (isPrefix && ids.length > 1 && !byId.has(`top-${ids.length}`)) return `top-${ids.length}`;
  return ids.join("+");
}

/** Unique samples of a pool. */
export function poolSize(ids: readonly string[], buckets: ReadonlyArray<Pick<Bucket, "id" | "size">>): number {
  const byId = new Map(buckets.map((b) => [b.id, b]));
  return ids.reduce((sum, id) => sum + (byId.get(id)?.size ?? 0), 0);
}

/** "top 30%: 3 buckets, 38.4M unique samples, ~17 passes" (passes when a budget is given). */
export function poolLabel(ids: readonly string[], buckets: ReadonlyArray<Pick<Bucket, "id" | "size" | "label">>, budget?: number): string {
  const size = poolSize(ids, buckets);
  const parts = [`${ids.length} ${ids.length === 1 ? "bucket" : "buckets"}`, `${formatCount(size)} unique samples`];
  if (budget !== undefined && size > 0) parts.push(formatPasses(budget / size));
  return `${poolName(ids, buckets)}: ${parts.join(", ")}`;
}
