import { poolModel, type Bucket, type Law, type ResolvedLaw } from "@qqt/core";
import { FitError, show } from "./FitError.js";
import { buildLayout } from "./layout.js";
import { checkSeed } from "./options.js";
import { buildProblem, type Problem } from "./problem.js";
import { deriveSeed, permutation, seededRandom } from "./random.js";
import { FIT_DEFAULT_NORMALIZER } from "./constants.js";
import type { FitInput, FittedTask, FixedParameters } from "./types.js";

/**
 * Options of {@link referenceGridSearch}. Grids default to the official code's.
 *
 * @example
 * ```ts
 * const options: ReferenceGridOptions = { law: { variant: "reference" }, a: [0.01, 0.022, 0.03], seed: 1 };
 * ```
 */
export interface ReferenceGridOptions {
  /** Law (default paper variant of the utility formulation; the official code is `{ variant: 'reference' }`). */
  law?: Law;
  /** Divides the sample count (> 0; default 1e5, as in the official code). */
  normalizer?: number;
  /** Seeds the shuffled evaluation order, which decides exact ties as the official `np.random.shuffle` does. */
  seed?: number;
  /** Parameters that take one value for all buckets (default none); `['b', 'tau']` allows pooled runs. */
  share?: Array<"b" | "tau">;
  /** Fixed parameters replace their grid by the single value. */
  fixed?: FixedParameters;
  /** Values of the shared `a` (outer sweep). Default `linspace(1e-4, aUpper, 100)` as in `grid_search`. */
  a?: number[];
  /** Upper end of the default `a` grid (default 0.2, the official `a_upper`). */
  aUpper?: number;
  /** Values of each bucket's utility exponent `b` (each < 0). Default `linspace(−0.005, −0.5, 100)`. */
  b?: number[];
  /** Values of each bucket's half-life `tau`, in repetitions (each > 0). Default `linspace(1, 10, 100)`. */
  tau?: number[];
  /** Values of the shared `d` (outer sweep). Default `linspace(0.02, 0.15, 10)` as in the paper's sweep (`finding_a.py`). */
  d?: number[];
}

/**
 * The best point of the reference grid.
 *
 * @example
 * ```ts
 * referenceGridSearch(input, { a: linspace(0.018, 0.026, 9), d: [0.09, 0.1, 0.11] });
 * // { law: { formulation: "utility", variant: "paper" }, task: { a: 0.022, d: 0.1, normalizer: 100000 },
 * //   buckets: [{ id: "top0-10", size: 12800000, b: -0.18, tau: 4.3636 }, { id: "top10-20", …, b: -0.15, tau: 4.2727 }],
 * //   sse: 7.8e-9, gridPoints: 540000, evaluations: 2700000, seed: 0 } (values rounded)
 * ```
 */
export interface ReferenceGridResult {
  /** The law evaluated, with defaults filled in. */
  law: ResolvedLaw;
  /** The best grid point's `a` and `d` (or their fixed values) and the normalizer. */
  task: FittedTask;
  /** The buckets in input order with the best grid point's `b` and `tau`. */
  buckets: Bucket[];
  /** Σ w·(y − ŷ)² at the best grid point. */
  sse: number;
  /** Grid points compared (outer × inner, summed over independent bucket groups). */
  gridPoints: number;
  /** Single-observation model evaluations. */
  evaluations: number;
  /** The seed of the tie-breaking order (default 0). */
  seed: number;
}

/**
 * `numpy.linspace(start, stop, count)`: `count` evenly spaced values from `start` to `stop`, both included (the
 * last value is exactly `stop`).
 *
 * @example
 * ```ts
 * linspace(1, 10, 4); // [1, 4, 7, 10]
 * linspace(0.02, 0.15, 10)[8]; // 0.13555555555555557
 * ```
 */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : start + step * i));
}

const OFFICIAL = {
  aLow: 1e-4,
  aUpper: 0.2,
  points: 100,
  b: [-0.005, -0.5] as const,
  tau: [1, 10] as const,
  d: [0.02, 0.15, 10] as const,
};

/**
 * A faithful, seeded and exhaustive port of the official brute-force fit (`grid_search.py` with the paper's outer
 * sweep over `a` and `d` of `ablations/finding_a.py`), kept as the comparison baseline and usable as a global stage.
 *
 * @remarks The official `grid_search` scores every point of `a × b × tau × d` by the SSE of one bucket, in a random
 * order without a seed, and stops after 100,000 points. The paper fits a study by sweeping a shared `a` and `d`
 * outside and calling it per bucket with both fixed (10⁴ points per call, so the cap never binds), keeping the
 * `(a, d)` with the lowest total loss. This port does exactly that, exhaustively: for every `d` (outer), every `a`,
 * and every bucket, the best `(b, tau)` of the 100 × 100 grid; buckets are independent once `a` and `d` are fixed, so
 * this is the exhaustive minimum over the joint grid. Exact ties go to the earlier point of a seeded shuffle (the
 * official rule, made reproducible). With `share: ['b','tau']` all buckets form one group (one `(b, tau)`); a shared
 * `b` or `tau` alone joins the outer sweep. Observation weights multiply the squared errors (the official code has
 * none: weights 1). Model values are the law of `@qqt/core`, evaluated through the identity
 * `log R = b·(log a + L(tau))` for a pool whose buckets share `b` and `tau`, with `L` computed once per `tau`.
 * @throws A {@link FitError}: `UNSUPPORTED` when an observation pools several buckets whose `b` or `tau` are not
 * shared, or no grid point gives a finite loss; `INVALID_OPTION` for a bad normalizer, seed or grid; the input
 * errors of {@link fit} (`INVALID_BUCKET`, `INVALID_OBSERVATION`, `UNKNOWN_BUCKET`, `INSUFFICIENT_DATA`).
 * @example
 * ```ts
 * // A narrow grid of (d, a) around the truth, with the official 100 × 100 grid of (b, tau) per bucket.
 * const grid = referenceGridSearch(input, { a: linspace(0.018, 0.026, 9), d: [0.09, 0.1, 0.11] });
 * grid.task; // { a: 0.022, d: 0.1, normalizer: 100000 }
 * grid.sse > fit(input).sse; // true: the grid is the baseline a fit must match or beat
 * ```
 */
export function referenceGridSearch(input: FitInput, options: ReferenceGridOptions = {}): ReferenceGridResult {
  if (options === null || typeof options !== "object") {
    throw new FitError("INVALID_OPTION", "options", `expected an object, got ${show(options)}.`);
  }
  const normalizer = options.normalizer ?? FIT_DEFAULT_NORMALIZER;
  if (typeof normalizer !== "number" || !Number.isFinite(normalizer) || normalizer <= 0) {
    throw new FitError("INVALID_OPTION", "options.normalizer", `expected a finite number > 0, got ${show(normalizer)}.`);
  }
  const seed = checkSeed(options.seed);
  const problem = buildProblem(input, options.law, normalizer, false);
  const layout = buildLayout(problem, options.share, options.fixed, undefined);
  const { shareB, shareTau } = layout;
  const p = problem.buckets.length;
  if (!(shareB && shareTau) && problem.groupNames.length < problem.buckets.length) {
    throw new FitError(
      "UNSUPPORTED",
      "buckets",
      "the reference grid fits buckets one at a time, so buckets cannot share a quality group (quality.group) unless b and tau are both shared; use fit() for quality groups.",
    );
  }
  if (!(shareB && shareTau) && problem.pools.some((pool) => pool.buckets.length > 1)) {
    throw new FitError(
      "UNSUPPORTED",
      "observations",
      "the reference grid fits buckets one at a time, so every observation must be on a single bucket unless b and tau are both shared (options.share: ['b', 'tau']); use fit() for pooled runs.",
    );
  }
  const aUpper = options.aUpper ?? OFFICIAL.aUpper;
  const aValues = layout.aSlot < 0 ? [layout.aFixed] : grid(options.a, "a", (x) => x > 0, linspace(OFFICIAL.aLow, aUpper, OFFICIAL.points));
  const dValues = layout.dSlot < 0 ? [layout.dFixed] : grid(options.d, "d", (x) => x >= 0, linspace(...OFFICIAL.d));
  const bGrid = grid(options.b, "b", (x) => x < 0, linspace(...OFFICIAL.b, OFFICIAL.points));
  const tauGrid = grid(options.tau, "tau", (x) => x > 0, linspace(...OFFICIAL.tau, OFFICIAL.points));

  // Tau values with a table: the grid, then fixed values.
  const tauValues = [...tauGrid];
  const tauChoices: number[][] = [];
  const bChoices: number[][] = [];
  for (let i = 0; i < p; i++) {
    if ((layout.tauSlot[i] as number) < 0) {
      tauChoices.push([tauValues.length]);
      tauValues.push(layout.tauFixed[i] as number);
    } else tauChoices.push(tauGrid.map((_, t) => t));
    bChoices.push((layout.bSlot[i] as number) < 0 ? [layout.bFixed[i] as number] : bGrid);
  }
  const tables = tauValues.map((tau) => logScaleTable(problem, tau));
  const reference = problem.law.variant === "reference" && problem.law.formulation === "utility";
  const logN = Math.log(normalizer);
  const H = Float64Array.from(problem.samples, (n, j) => Math.log(Math.min(n, problem.pools[problem.poolOf[j] as number]!.size)) - logN);

  // Groups of buckets solved together, with their observations.
  const groups: Array<{ buckets: number[]; observations: Int32Array }> = [];
  if (shareB && shareTau) {
    groups.push({ buckets: problem.buckets.map((_, i) => i), observations: Int32Array.from(problem.y, (_, j) => j) });
  } else {
    for (let i = 0; i < p; i++) {
      const obs: number[] = [];
      for (let j = 0; j < problem.count; j++) if (problem.pools[problem.poolOf[j] as number]!.buckets[0] === i) obs.push(j);
      groups.push({ buckets: [i], observations: Int32Array.from(obs) });
    }
  }
  const { y, weight } = problem;
  const random = seededRandom(deriveSeed(seed, 0x9e1d));
  const ranks = groups.map((g) => {
    const first = g.buckets[0] as number;
    const inner = (shareB && !shareTau ? 1 : bChoices[first]!.length) * (shareTau && !shareB ? 1 : tauChoices[first]!.length);
    const order = permutation(inner, random);
    const rank = new Uint32Array(inner);
    for (let k = 0; k < inner; k++) rank[order[k] as number] = k;
    return rank;
  });

  // Outer sweeps: d, a, then a shared b or tau that is not shared with the other.
  const outerB = shareB && !shareTau ? bChoices[0]! : [NaN];
  const outerTau = shareTau && !shareB ? tauChoices[0]! : [-1];
  let best = { total: Infinity, a: NaN, d: NaN, b: new Float64Array(p), tau: new Float64Array(p) };
  let gridPoints = 0;
  let evaluations = 0;
  const chosenB = new Float64Array(p);
  const chosenTau = new Float64Array(p);
  for (const d of dValues) {
    for (const a of aValues) {
      const logA = Math.log(a);
      for (const ob of outerB) {
        for (const ot of outerTau) {
          let total = 0;
          for (let g = 0; g < groups.length; g++) {
            const group = groups[g]!;
            const first = group.buckets[0] as number;
            const bList = Number.isNaN(ob) ? bChoices[first]! : [ob];
            const tList = ot < 0 ? tauChoices[first]! : [ot];
            const found = searchGroup(group.observations, bList, tList, tables, ranks[g]!, y, weight, H, logA, d, reference);
            gridPoints += tList.length * bList.length;
            evaluations += tList.length * bList.length * group.observations.length;
            total += found.loss;
            for (const i of group.buckets) {
              chosenB[i] = found.b;
              chosenTau[i] = tauValues[found.t] as number;
            }
          }
          if (total < best.total) {
            best = { total, a, d, b: Float64Array.from(chosenB), tau: Float64Array.from(chosenTau) };
          }
        }
      }
    }
  }
  if (!Number.isFinite(best.total)) {
    throw new FitError("UNSUPPORTED", "observations", "no grid point gives a finite loss for these observations; check the errors and grids.");
  }
  return {
    law: problem.law,
    task: { a: best.a, d: best.d, normalizer },
    buckets: problem.buckets.map((bucket, i) => ({
      id: bucket.id,
      size: bucket.size,
      b: best.b[i] as number,
      tau: best.tau[i] as number,
      ...(bucket.label !== undefined ? { label: bucket.label } : {}),
    })),
    sse: best.total,
    gridPoints,
    evaluations,
    seed,
  };
}

/**
 * The best `(b, tau)` of one group for fixed `a`, `d`: the inner loop of the official `grid_search`, exhaustive,
 * ties to the earlier point of the seeded shuffle (`rank`).
 */
function searchGroup(
  obs: Int32Array,
  bList: readonly number[],
  tList: readonly number[],
  tables: readonly Float64Array[],
  rank: Uint32Array,
  y: Float64Array,
  weight: Float64Array,
  H: Float64Array,
  logA: number,
  d: number,
  reference: boolean,
): { loss: number; b: number; t: number } {
  let bestLoss = Infinity;
  let bestRank = Infinity;
  let bestB = NaN;
  let bestT = -1;
  const nb = bList.length;
  for (let ti = 0; ti < tList.length; ti++) {
    const t = tList[ti] as number;
    const table = tables[t] as Float64Array;
    for (let bi = 0; bi < nb; bi++) {
      const b = bList[bi] as number;
      let loss = 0;
      for (let o = 0; o < obs.length; o++) {
        const j = obs[o] as number;
        const L = table[j] as number;
        const value = reference
          ? (Math.exp(b * (logA + (H[j] as number))) + d) * Math.exp(b * (L - (H[j] as number)))
          : Math.exp(b * (logA + L)) + d;
        const r = (y[j] as number) - value;
        loss += (weight[j] as number) * r * r;
      }
      if (loss <= bestLoss) {
        const k = rank[ti * nb + bi] as number;
        if (loss < bestLoss || k < bestRank) {
          bestLoss = loss;
          bestRank = k;
          bestB = b;
          bestT = t;
        }
      }
    }
  }
  return { loss: bestLoss, b: bestB, t: bestT };
}

function grid(values: number[] | undefined, name: string, domain: (x: number) => boolean, fallback: number[]): number[] {
  if (values === undefined) return fallback;
  if (!Array.isArray(values) || values.length === 0 || values.some((x) => typeof x !== "number" || !Number.isFinite(x) || !domain(x))) {
    throw new FitError("INVALID_OPTION", `options.${name}`, `expected a non-empty array of finite values in the domain of ${name}, got ${show(values)}.`);
  }
  return values;
}

/**
 * `L_j(tau)` for every observation: `log R = b·(log a + L)` when all buckets of the pool share `b` and `tau`.
 * Computed by the core law at `a = 1, b = −1, d = 0` (paper variant), where `log R = −L`.
 */
function logScaleTable(problem: Problem, tau: number): Float64Array {
  const out = new Float64Array(problem.count);
  const task = { a: 1, d: 0, normalizer: problem.normalizer };
  const law = { formulation: problem.law.formulation, variant: "paper" as const };
  for (const pool of problem.pools) {
    const buckets: Bucket[] = Array.from(pool.buckets, (i) => ({
      id: problem.buckets[i]!.id,
      size: problem.buckets[i]!.size,
      b: -1,
      tau,
    }));
    const model = poolModel(buckets, task, law);
    for (const j of pool.observations) out[j] = -Math.log(model.errorAt(problem.samples[j] as number));
  }
  return out;
}
