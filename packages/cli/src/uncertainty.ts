// Uncertainty of predictions from the bootstrap draws stored in a qqt.model/v1 file, computed with @qqt/core.
// Same definitions as @qqt/fit's predictedErrorIntervals / bestPoolProbabilities / crossoverIntervals (percentile
// intervals with linear interpolation, ties to the earlier candidate), which need a live BootstrapResult; a unit
// test checks both agree on a real bootstrap.
import { findCrossovers, poolModel, type Bucket, type Law, type PoolModel, type TaskParams } from "@qqt/core";
import type { ModelBootstrapDraw, ModelFileV1 } from "@qqt/data";

/** A percentile interval and the median. */
export interface DrawInterval {
  low: number;
  median: number;
  high: number;
}

/** A crossover with its spread over the draws. */
export interface CrossoverSpread extends DrawInterval {
  from: number;
  to: number;
  /** Fraction of draws with this crossover in the range. */
  probability: number;
}

/** The `q`-quantile of ascending values, linear interpolation (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const x = sorted[lo]!;
  return x + (h - lo) * (sorted[hi]! - x);
}

function interval(values: ArrayLike<number>, confidence: number): DrawInterval {
  const sorted = Float64Array.from(values).sort();
  return {
    low: quantileSorted(sorted, (1 - confidence) / 2),
    median: quantileSorted(sorted, 0.5),
    high: quantileSorted(sorted, (1 + confidence) / 2),
  };
}

/** The bootstrap draws of a model (empty when it has none). */
export function drawsOf(model: ModelFileV1): readonly ModelBootstrapDraw[] {
  return model.fit?.bootstrap?.draws ?? [];
}

interface Parameters {
  buckets: Bucket[];
  task: TaskParams;
  law: Law;
}

function pointParameters(model: ModelFileV1): Parameters {
  return {
    buckets: model.buckets.map((b) => ({ id: b.id, size: b.size, b: b.b, tau: b.tau })),
    task: { ...model.task },
    law: { ...model.law },
  };
}

function drawParameters(model: ModelFileV1, draw: ModelBootstrapDraw): Parameters {
  return {
    buckets: model.buckets.map((b, i) => ({ id: b.id, size: b.size, b: draw.b[i]!, tau: draw.tau[i]! })),
    task: { a: draw.a, d: draw.d, normalizer: model.task.normalizer },
    law: { ...model.law },
  };
}

function compile(p: Parameters, pools: readonly (readonly string[])[]): PoolModel[] {
  const byId = new Map(p.buckets.map((b) => [b.id, b]));
  return pools.map((ids) => poolModel(ids.map((id) => byId.get(id)!), p.task, p.law));
}

/** `[pool][budget]` intervals of the predicted error over the draws. */
export function errorIntervals(
  model: ModelFileV1,
  pools: readonly (readonly string[])[],
  budgets: readonly number[],
  confidence: number,
): DrawInterval[][] {
  const curves = drawsOf(model).map((draw) => compile(drawParameters(model, draw), pools).map((m) => m.curve(budgets)));
  return pools.map((_, p) => budgets.map((_, k) => interval(curves.map((c) => c[p]![k]!), confidence)));
}

/** `[budget][candidate]`: fraction of draws in which each candidate has the lowest predicted error. */
export function bestProbabilities(model: ModelFileV1, candidates: readonly (readonly string[])[], budgets: readonly number[]): number[][] {
  const draws = drawsOf(model);
  const counts = budgets.map(() => new Array<number>(candidates.length).fill(0));
  for (const draw of draws) {
    const curves = compile(drawParameters(model, draw), candidates).map((m) => m.curve(budgets));
    budgets.forEach((_, k) => {
      let best = 0;
      for (let i = 1; i < curves.length; i++) if (curves[i]![k]! < curves[best]![k]!) best = i;
      counts[k]![best]! += 1;
    });
  }
  return counts.map((row) => row.map((c) => c / draws.length));
}

/** Crossovers of the candidates under every draw, grouped by `(from, to)`, sorted by median budget. */
export function crossoverSpreads(
  model: ModelFileV1,
  candidates: readonly (readonly string[])[],
  range: { min: number; max: number },
  confidence: number,
): CrossoverSpread[] {
  const draws = drawsOf(model);
  const groups = new Map<string, { from: number; to: number; budgets: number[] }>();
  for (const draw of draws) {
    const p = drawParameters(model, draw);
    const byId = new Map(p.buckets.map((b) => [b.id, b]));
    const seen = new Set<string>();
    for (const c of findCrossovers(candidates.map((ids) => ({ buckets: ids.map((id) => byId.get(id)!) })), p.task, range, p.law)) {
      const key = `${c.from}>${c.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { from: c.from, to: c.to, budgets: [] }));
      g.budgets.push(c.budget);
    }
  }
  return [...groups.values()]
    .map((g) => ({ from: g.from, to: g.to, ...interval(g.budgets, confidence), probability: g.budgets.length / draws.length }))
    .sort((u, v) => u.median - v.median);
}

/** The point model's compiled pools (for predictions). */
export function pointModels(model: ModelFileV1, pools: readonly (readonly string[])[]): PoolModel[] {
  return compile(pointParameters(model), pools);
}
