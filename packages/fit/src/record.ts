// Internal: the fit's record for the model — what the runs cover and how noisy a run is around the law.
import type { ModelCoverage, ModelNoise } from "@qqt/core";
import type { Layout } from "./layout.js";
import type { Problem } from "./problem.js";

/**
 * What the fitted runs cover: samples-seen range, per bucket the runs and most passes that inform its parameters
 * (a bucket whose half-life is tied to others' — a shared or quality-grouped `tau` — is covered by their runs too),
 * and every pool trained on.
 */
export function runCoverage(problem: Problem, layout: Layout): ModelCoverage {
  let low = Infinity;
  let high = -Infinity;
  for (const n of problem.samples) {
    low = Math.min(low, n);
    high = Math.max(high, n);
  }
  const p = problem.buckets.length;
  const runs = new Float64Array(p);
  const passes = new Float64Array(p);
  for (let j = 0; j < problem.count; j++) {
    const pool = problem.pools[problem.poolOf[j] as number]!;
    const made = (problem.samples[j] as number) / pool.size;
    for (const i of pool.buckets) {
      runs[i] = (runs[i] as number) + 1;
      passes[i] = Math.max(passes[i] as number, made);
    }
  }
  // Pool the coverage of buckets that share one free tau (their decay is learned from all of their runs).
  const bySlot = new Map<number, number[]>();
  for (let i = 0; i < p; i++) {
    const slot = layout.tauSlot[i] as number;
    if (slot < 0) continue;
    let members = bySlot.get(slot);
    if (members === undefined) bySlot.set(slot, (members = []));
    members.push(i);
  }
  const groupRuns = Float64Array.from(runs);
  const groupPasses = Float64Array.from(passes);
  for (const members of bySlot.values()) {
    let r = 0;
    let m = 0;
    for (const i of members) {
      r += runs[i] as number;
      m = Math.max(m, passes[i] as number);
    }
    for (const i of members) {
      groupRuns[i] = r;
      groupPasses[i] = m;
    }
  }
  const pools = problem.pools.map((pool) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const j of pool.observations) {
      lo = Math.min(lo, problem.samples[j] as number);
      hi = Math.max(hi, problem.samples[j] as number);
    }
    return { pool: Array.from(pool.buckets, (i) => problem.buckets[i]!.id), runs: pool.observations.length, samplesSeen: { low: lo, high: hi } };
  });
  return {
    samplesSeen: { low, high },
    buckets: problem.buckets.map((b, i) => ({ id: b.id, runs: groupRuns[i] as number, maxPasses: groupPasses[i] as number })),
    pools,
  };
}

/**
 * The run-to-run noise of a new run: the residual standard deviation `sqrt(Σ w·r² / (n − k))` (on log error for
 * the `huber-log` loss), or the pooled standard deviation of repeated runs (same pool, same samples seen) when that
 * is larger; `undefined` without degrees of freedom for either.
 */
export function runNoise(problem: Problem, layout: Layout, predicted: Float64Array, logScale: boolean): ModelNoise | undefined {
  const scale = logScale ? "log" : "error";
  const value = (y: number) => (logScale ? Math.log(y) : y);
  const n = problem.count;
  const df = n - layout.size;
  let residual: ModelNoise | undefined;
  if (df >= 1) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += (problem.weight[j] as number) * (value(problem.y[j] as number) - value(predicted[j] as number)) ** 2;
    if (Number.isFinite(sum)) residual = { sd: Math.sqrt(sum / df), degreesOfFreedom: df, scale, source: "residuals" };
  }
  // Replicates: runs of one pool at one budget (seeds).
  const groups = new Map<string, number[]>();
  for (let j = 0; j < n; j++) {
    const key = `${problem.poolOf[j]}@${problem.samples[j]}`;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(j);
  }
  let within = 0;
  let withinDf = 0;
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const mean = members.reduce((s, j) => s + value(problem.y[j] as number), 0) / members.length;
    for (const j of members) within += (value(problem.y[j] as number) - mean) ** 2;
    withinDf += members.length - 1;
  }
  const replicates: ModelNoise | undefined =
    withinDf >= 1 && Number.isFinite(within) ? { sd: Math.sqrt(within / withinDf), degreesOfFreedom: withinDf, scale, source: "replicates" } : undefined;
  if (residual === undefined) return replicates;
  if (replicates === undefined) return residual;
  return replicates.sd > residual.sd ? replicates : residual;
}
