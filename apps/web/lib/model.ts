import type { Bucket, Law, TaskParams } from "@qqt/core";
import { formatSamples } from "./format";
import type { ModelFileV1 } from "./modelFile";

// Glue between the model file format and @qqt/core's types, and the names of the nested pools.

/**
 * The model's buckets as @qqt/core buckets (best first).
 *
 * @example
 * ```ts
 * coreBuckets(tmars)[0]; // { id: "top0-10", size: 12800000, b: -0.18, tau: 4.3636…, label: "top 0–10%" }
 * ```
 */
export function coreBuckets(model: ModelFileV1): Bucket[] {
  return model.buckets.map((b) => (b.label === undefined ? { id: b.id, size: b.size, b: b.b, tau: b.tau } : { ...b }));
}

/**
 * The model's task parameters for @qqt/core.
 *
 * @example
 * ```ts
 * coreTask(tmars); // { a: 0.022, d: 0.1, normalizer: 100000 }
 * ```
 */
export function coreTask(model: ModelFileV1): TaskParams {
  return { a: model.task.a, d: model.task.d, normalizer: model.task.normalizer };
}

/**
 * The model's law for @qqt/core.
 *
 * @example
 * ```ts
 * coreLaw(tmars); // { formulation: "utility", variant: "reference" }
 * ```
 */
export function coreLaw(model: ModelFileV1): Law {
  return { formulation: model.law.formulation, variant: model.law.variant };
}

/**
 * A nested pool `top-k` described for people.
 *
 * @example
 * ```ts
 * // poolInfo(tmars, 3) → { k: 3, name: "top 30%", buckets: 3, uniqueSamples: 38.4e6, bucketLabels: "top 0–10% + …" }
 * ```
 */
export interface PoolInfo {
  /** Number of best buckets in the pool (1-based). */
  k: number;
  /** "top 30%" when the bucket labels give quality percentiles from 0, otherwise "top 3 buckets". */
  name: string;
  /** Number of buckets. */
  buckets: number;
  /** Unique samples, `Σ S_i`. */
  uniqueSamples: number;
  /** The bucket labels (or ids) joined by ` + `. */
  bucketLabels: string;
}

/** A percentile range in a label or id: "top 10–20%", "top10-20", "10-20%". */
const PERCENT_RANGE = /(\d+(?:\.\d+)?)\s*(?:%\s*)?(?:–|-|—|to)\s*(\d+(?:\.\d+)?)\s*%?/;

/**
 * The pools a model compares: its `candidates` when it lists them (named by their bucket ids), else the nested
 * pools top-1 … top-p, named by quality percentile when the buckets say so.
 *
 * @remarks When every bucket's label (or id) holds a percentile range and the ranges are contiguous from 0
 * (`0–10`, `10–20`, …), pool `k` is named "top X%" with X the upper end of bucket `k`. Otherwise pools are named
 * "top k buckets" ("top bucket" for k = 1), so a name is never a guess.
 * @example
 * ```ts
 * poolInfos(tmars).map((p) => p.name); // ["top 10%", "top 20%", "top 30%", "top 40%"]
 * ```
 */
export function poolInfos(model: ModelFileV1): PoolInfo[] {
  if (model.candidates !== undefined) return candidateInfos(model, model.candidates);
  const ranges = model.buckets.map((b) => percentRange(b.label) ?? percentRange(b.id));
  let contiguous = ranges.every((r) => r !== undefined);
  if (contiguous) {
    let expectedFrom = 0;
    for (const r of ranges) {
      if (Math.abs(r!.from - expectedFrom) > 1e-9 || r!.to <= r!.from || r!.to > 100) contiguous = false;
      expectedFrom = r!.to;
    }
  }
  let uniqueSamples = 0;
  const labels: string[] = [];
  return model.buckets.map((bucket, i) => {
    uniqueSamples += bucket.size;
    labels.push(bucket.label ?? bucket.id);
    const k = i + 1;
    const name = contiguous ? `top ${trimPercent(ranges[i]!.to)}%` : k === 1 ? "top bucket" : `top ${k} buckets`;
    return { k, name, buckets: k, uniqueSamples, bucketLabels: labels.join(" + ") };
  });
}

/** Pools a model lists as its candidates (e.g. LAION-80M, LAION-400M, LAION-2B alone), named by their bucket ids. */
function candidateInfos(model: ModelFileV1, candidates: readonly (readonly string[])[]): PoolInfo[] {
  const byId = new Map(model.buckets.map((b) => [b.id, b]));
  return candidates.map((ids, i) => {
    const members = ids.map((id) => byId.get(id)!);
    return {
      k: i + 1,
      name: ids.join(" + "),
      buckets: ids.length,
      uniqueSamples: members.reduce((sum, b) => sum + b.size, 0),
      bucketLabels: members.map((b) => b.label ?? b.id).join(" + "),
    };
  });
}

function percentRange(text: string | undefined): { from: number; to: number } | undefined {
  if (text === undefined) return undefined;
  const m = PERCENT_RANGE.exec(text);
  if (!m) return undefined;
  return { from: Number(m[1]), to: Number(m[2]) };
}

function trimPercent(x: number): string {
  return String(Number(x.toFixed(2)));
}

/**
 * A one-line summary of a model for pickers: name, bucket count and total size.
 *
 * @example
 * ```ts
 * modelSummary(tmars); // "4 buckets, 51.2M unique samples, utility law (reference)"
 * ```
 */
export function modelSummary(model: ModelFileV1): string {
  const total = model.buckets.reduce((s, b) => s + b.size, 0);
  const n = model.buckets.length;
  return `${n} bucket${n === 1 ? "" : "s"}, ${formatSamples(total)} unique samples, ${model.law.formulation} law (${model.law.variant})`;
}
