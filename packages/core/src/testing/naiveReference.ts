// Straightforward O(K) implementations of the QQT law, written from the formulas of the spec (§3–§5) with no
// log-space tricks, prefix tables or tail truncation. They exist only to cross-check the fast engine in tests and
// to serve as the baseline of the benchmarks; they are not part of the public API.
import type { Bucket, Law, TaskParams } from "../types.js";

const BASE = 0.5;

/** The official code's `power(x, p)`: 0 when x is 0, else x**p. */
function power(x: number, p: number): number {
  return x === 0 ? 0 : x ** p;
}

function floorDiv(n: number, s: number): number {
  let k = Math.floor(n / s);
  if (k * s > n) k -= 1;
  else if ((k + 1) * s <= n) k += 1;
  return k;
}

/**
 * Port of the arithmetic of `objective.func_effective_utility_aggregation` (and, with one bucket,
 * `func_effective_utility`): plain mean of `b_i · base^(e / c_i)`, product of per-epoch sample ratios.
 * As `estimate_best_pool.py` does, the caller passes `c_i = p · tau_i` and `samplesPerEpoch = p · S`.
 */
export function officialUtilityAggregation(
  samplesSeen: number,
  params: { a: number; b: readonly number[]; c: readonly number[]; d: number },
  samplesPerEpoch: number,
  normalizer = 100_000,
): number {
  const { a, b, c, d } = params;
  const K = floorDiv(samplesSeen, samplesPerEpoch);
  const bDecayed: number[] = [];
  for (let e = 0; e <= K; e++) {
    let sum = 0;
    for (let i = 0; i < b.length; i++) sum += b[i]! * BASE ** (e / c[i]!);
    bDecayed.push(sum / b.length);
  }
  const samples = (e: number) => (a * Math.min(samplesPerEpoch * (e + 1), samplesSeen)) / normalizer;
  const samplesBefore = (e: number) => (a * samplesPerEpoch * e) / normalizer;
  let loss = d + power(samples(0), bDecayed[0]!);
  let product = 1;
  for (let e = 1; e <= K; e++) product *= (samples(e) / samplesBefore(e)) ** bDecayed[e]!;
  loss *= product;
  return loss;
}

/**
 * Port of the arithmetic of `objective.func_effective_data_aggregation` (with one bucket it equals
 * `func_effective_data`). Same calling convention as {@link officialUtilityAggregation}.
 */
export function officialEffectiveDataAggregation(
  samplesSeen: number,
  params: { a: number; b: readonly number[]; c: readonly number[]; d: number },
  samplesPerEpoch: number,
  normalizer = 100_000,
): number {
  const { a, b, c, d } = params;
  const p = b.length;
  const K = floorDiv(samplesSeen, samplesPerEpoch);
  const deltas: number[][] = b.map((_, i) => Array.from({ length: K + 1 }, (_, e) => BASE ** (e / c[i]!)));
  const bEffective: number[] = [];
  for (let e = 0; e <= K; e++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < p; i++) {
      num += b[i]! * deltas[i]![e]!;
      den += deltas[i]![e]!;
    }
    bEffective.push(num / den);
  }
  const samples = (e: number) => (a * Math.min(samplesPerEpoch * (e + 1), samplesSeen)) / normalizer;
  const samplesBefore = (e: number) => (a * samplesPerEpoch * e) / normalizer;
  let loss = power(samples(0), bEffective[0]!);
  let previous = 0;
  for (let e = 0; e <= K; e++) {
    let current = previous;
    const perBucket = (samples(e) - samplesBefore(e)) / p;
    for (let i = 0; i < p; i++) current += perBucket * deltas[i]![e]!;
    if (e > 0) loss *= power(current / previous, bEffective[e]!);
    previous = current;
  }
  return loss + d;
}

/**
 * The QQT law for any pool (unequal sizes by the size-weighted extension of Theorem 1), computed epoch by epoch
 * with plain powers and products: the O(K) baseline the fast engine must agree with.
 */
export function naivePredictError(pool: readonly Bucket[], task: TaskParams, samplesSeen: number, law?: Law): number {
  return naive(pool, task, samplesSeen, law, false);
}

/**
 * {@link naivePredictError} with the per-pass factors multiplied as a compensated (Neumaier) sum of their logs:
 * still O(K) and free of any series trick, but without the √K rounding drift of a million-factor product.
 * The judge for budgets of 10^5–10^6 passes.
 */
export function naivePredictErrorCompensated(
  pool: readonly Bucket[],
  task: TaskParams,
  samplesSeen: number,
  law?: Law,
): number {
  return naive(pool, task, samplesSeen, law, true);
}

/** Product of factors, plainly or as exp of a compensated sum of logs. */
class Product {
  private product = 1;
  private sum = 0;
  private compensation = 0;
  constructor(private readonly compensated: boolean) {}
  times(base: number, exponent: number): void {
    if (!this.compensated) {
      this.product *= base ** exponent;
      return;
    }
    const term = exponent * Math.log(base);
    const next = this.sum + term;
    this.compensation += Math.abs(this.sum) >= Math.abs(term) ? this.sum - next + term : term - next + this.sum;
    this.sum = next;
  }
  value(): number {
    return this.compensated ? Math.exp(this.sum + this.compensation) : this.product;
  }
}

function naive(
  pool: readonly Bucket[],
  task: TaskParams,
  samplesSeen: number,
  law: Law | undefined,
  compensated: boolean,
): number {
  const formulation = law?.formulation ?? "utility";
  const variant = law?.variant ?? "paper";
  const N = task.normalizer ?? 100_000;
  const S = pool.reduce((sum, bucket) => sum + bucket.size, 0);
  const w = pool.map((bucket) => bucket.size / S);
  const tauHat = pool.map((bucket, i) => bucket.tau / w[i]!);
  const K = floorDiv(samplesSeen, S);
  const delta = (i: number, e: number) => BASE ** (e / tauHat[i]!);
  const hi = (e: number) => Math.min((e + 1) * S, samplesSeen);
  const lo = (e: number) => e * S;

  if (samplesSeen === 0) return variant === "reference" ? task.d : Infinity;

  if (formulation === "utility") {
    const bEff = (e: number) => pool.reduce((sum, bucket, i) => sum + w[i]! * bucket.b * delta(i, e), 0);
    const first = ((task.a * hi(0)) / N) ** bEff(0);
    const product = new Product(compensated);
    for (let e = 1; e <= K; e++) product.times(hi(e) / lo(e), bEff(e));
    return variant === "reference" ? (first + task.d) * product.value() : first * product.value() + task.d;
  }

  // effective data: n_eff accumulates each bucket's share of an epoch, discounted by its own δ_i^e.
  let nEff = 0;
  const y = new Product(compensated);
  for (let e = 0; e <= K; e++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < pool.length; i++) {
      num += w[i]! * pool[i]!.b * delta(i, e);
      den += w[i]! * delta(i, e);
    }
    if (den === 0) continue; // every δ_i^e underflowed: this and later passes add nothing
    const next = nEff + ((task.a * (hi(e) - lo(e))) / N) * den;
    y.times(e === 0 ? next : next / nEff, num / den);
    nEff = next;
  }
  return y.value() + task.d;
}
