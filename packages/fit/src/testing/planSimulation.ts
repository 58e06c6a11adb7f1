// The planner's simulation benchmark: ground truths around the paper's T-MARS parameters, four policies that choose
// which runs to train, compared at equal compute by how often the decision at the target budget is right and by its
// regret. Shared by bench/planSimulation.test.ts (the full run) and src/plan.test.ts (a small version).
import { adviceEngine, deriveSeed, predictError, seededRandom, standardNormal, type Bucket, type TaskParams } from "@qqt/core";
import { bootstrap } from "../bootstrap.js";
import { fit } from "../fit.js";
import { coldStartDesign, planNextRuns, type PlanCandidate } from "../plan.js";
import type { Observation } from "../types.js";

const LAW = { variant: "reference" as const };
const SIZE = 12_800_000;
const PAPER_EPOCHS = [2, 4, 6, 8, 10];
const PASSES = [1, 2, 4, 8, 16];

export interface Truth {
  buckets: Bucket[];
  task: TaskParams;
  noise: number;
  target: number;
  seed: number;
}

/** A ground truth near the T-MARS parameters: B buckets of 12.8M, b from −0.18 to −0.08 and tau from 4.4 to 1.2 (jittered). */
export function drawTruth(seed: number, bucketRange: [number, number] = [4, 10]): Truth {
  const random = seededRandom(deriveSeed(seed, 77));
  const B = bucketRange[0] + Math.floor(random() * (bucketRange[1] - bucketRange[0] + 1));
  const jitter = (x: number, r: number) => x * (1 + r * (2 * random() - 1));
  const buckets = Array.from({ length: B }, (_, i) => {
    const f = B === 1 ? 0 : i / (B - 1);
    return { id: `q${i}`, size: SIZE, b: jitter(-0.18 + 0.1 * f, 0.08), tau: jitter(4.4 - 3.2 * f, 0.15) };
  });
  return { buckets, task: { a: jitter(0.022, 0.1), d: jitter(0.1, 0.1) }, noise: 0.002 + 0.003 * random(), target: 640e6, seed };
}

/** Every candidate run: each bucket alone at 1, 2, 4, 8, 16 passes; each nested pool at those passes up to the target and at it. */
export function candidateRuns(truth: Truth): PlanCandidate[] {
  const out: PlanCandidate[] = [];
  const seen = new Set<string>();
  const push = (pool: string[], n: number) => {
    const key = `${pool.join("+")}@${Math.round(n)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ pool, samplesSeen: Math.round(n) });
    }
  };
  for (const b of truth.buckets) for (const p of PASSES) push([b.id], p * b.size);
  truth.buckets.forEach((_, k) => {
    const pool = truth.buckets.slice(0, k + 1);
    const size = pool.reduce((s, b) => s + b.size, 0);
    for (const p of PASSES) if (p * size <= truth.target) push(pool.map((b) => b.id), p * size);
    push(pool.map((b) => b.id), truth.target);
  });
  return out;
}

/** The observed error of a run: the truth plus noise seeded by the run itself (every policy sees the same outcome). */
function observe(truth: Truth, run: PlanCandidate): Observation {
  const byId = new Map(truth.buckets.map((b) => [b.id, b]));
  let h = truth.seed;
  for (const ch of `${run.pool.join("+")}@${run.samplesSeen}`) h = deriveSeed(h, ch.charCodeAt(0));
  const error = predictError(run.pool.map((id) => byId.get(id)!), truth.task, run.samplesSeen, LAW) + truth.noise * standardNormal(seededRandom(h));
  return { pool: [...run.pool], samplesSeen: run.samplesSeen, error };
}

function trueErrors(truth: Truth): number[] {
  return truth.buckets.map((_, k) => predictError(truth.buckets.slice(0, k + 1), truth.task, truth.target, LAW));
}

interface Outcome {
  right: boolean;
  regret: number;
}

/** The decision of the point fit of some runs at the target, scored against the truth (top-1 when nothing can be fitted). */
function decide(truth: Truth, runs: readonly PlanCandidate[]): Outcome {
  const errors = trueErrors(truth);
  const best = errors.indexOf(Math.min(...errors));
  let chosen = 0;
  if (runs.length >= 2) {
    try {
      const result = fit({ buckets: truth.buckets.map(({ id, size }) => ({ id, size })), observations: runs.map((r) => observe(truth, r)) }, { law: LAW });
      chosen = adviceEngine(result.model).advise(truth.target).best.index;
    } catch {
      chosen = 0; // a design whose fit cannot run (a bucket without runs): the naive smallest pool
    }
  }
  return { right: chosen === best, regret: errors[chosen]! - errors[best]! };
}

function cost(runs: readonly PlanCandidate[]): number {
  return runs.reduce((s, r) => s + r.samplesSeen, 0);
}

/** The runs of a sequence that fit within `budget` (the longest prefix). */
function prefix(sequence: readonly PlanCandidate[], budget: number): PlanCandidate[] {
  const out: PlanCandidate[] = [];
  let spent = 0;
  for (const r of sequence) {
    if (spent + r.samplesSeen > budget) break;
    spent += r.samplesSeen;
    out.push(r);
  }
  return out;
}

export type Policy = "paper design" | "random" | "cheapest first" | "qqt plan";

export interface SimulationOptions {
  truths: number;
  /** Checkpoints as fractions of the paper design's compute (default 0.25, 0.5, 0.75, 1). */
  checkpoints?: number[];
  /** Bootstrap refits per planning round (default 30). */
  samples?: number;
  /** Buckets per truth, inclusive range (default 4–10). */
  buckets?: [number, number];
  /** Most planning rounds (default 10). */
  rounds?: number;
  seed?: number;
}

export interface SimulationRow {
  policy: Policy;
  /** Fraction of the paper design's compute. */
  fraction: number;
  accuracy: number;
  meanRegret: number;
  /** Mean compute actually spent, as a fraction of the paper design's (a settled plan stops early). */
  spent: number;
}

/** Runs every policy on `truths` ground truths and tabulates accuracy and mean regret at each checkpoint. */
export async function simulatePlanning(options: SimulationOptions): Promise<SimulationRow[]> {
  const checkpoints = options.checkpoints ?? [0.25, 0.5, 0.75, 1];
  const policies: Policy[] = ["paper design", "random", "cheapest first", "qqt plan"];
  const tally = new Map<string, { right: number; regret: number; spent: number; n: number }>();
  const add = (policy: Policy, f: number, o: Outcome, spent: number) => {
    const key = `${policy}|${f}`;
    const t = tally.get(key) ?? { right: 0, regret: 0, spent: 0, n: 0 };
    t.n++;
    t.regret += o.regret;
    t.spent += spent;
    if (o.right) t.right++;
    tally.set(key, t);
  };
  for (let k = 0; k < options.truths; k++) {
    const truth = drawTruth(deriveSeed(options.seed ?? 0, k), options.buckets);
    const paperCost = truth.buckets.reduce((s, b) => s + PAPER_EPOCHS.reduce((t, e) => t + e, 0) * b.size, 0);
    const candidates = candidateRuns(truth);
    // Paper design: every bucket at 2, 4, …, 10 epochs, round by round.
    const paper = PAPER_EPOCHS.flatMap((e) => truth.buckets.map((b) => ({ pool: [b.id], samplesSeen: e * b.size })));
    // Random order (seeded), and cheapest first.
    const random = seededRandom(deriveSeed(truth.seed, 5));
    const shuffled = [...candidates].map((c) => ({ c, r: random() })).sort((u, v) => u.r - v.r).map((x) => x.c);
    const cheapest = [...candidates].sort((u, v) => u.samplesSeen - v.samplesSeen);
    // qqt plan: the cold-start design, then rounds of 3 planned runs until settled or out of compute.
    const plan = await planSequence(truth, candidates, paperCost, options.samples ?? 30, options.rounds ?? 10);
    for (const f of checkpoints) {
      const budget = f * paperCost;
      for (const [policy, sequence] of [
        ["paper design", paper],
        ["random", shuffled],
        ["cheapest first", cheapest],
        ["qqt plan", plan],
      ] as const) {
        const runs = prefix(sequence, budget);
        add(policy, f, decide(truth, runs), cost(runs) / paperCost);
      }
    }
  }
  return policies.flatMap((policy) =>
    checkpoints.map((f) => {
      const t = tally.get(`${policy}|${f}`)!;
      return { policy, fraction: f, accuracy: t.right / t.n, meanRegret: t.regret / t.n, spent: t.spent / t.n };
    }),
  );
}

/** The runs qqt plan asks for, in order: its cold start, then planned batches on the refitted, bootstrapped model. */
async function planSequence(truth: Truth, candidates: PlanCandidate[], limit: number, samples: number, rounds: number): Promise<PlanCandidate[]> {
  const buckets = truth.buckets.map(({ id, size }) => ({ id, size }));
  const sequence: PlanCandidate[] = coldStartDesign(buckets, [truth.target]).next.map((r) => ({ pool: r.pool, samplesSeen: r.samplesSeen }));
  for (let round = 0; round < rounds; round++) {
    const spent = cost(sequence);
    if (spent >= limit) break;
    let model;
    try {
      model = (await bootstrap({ buckets, observations: sequence.map((r) => observe(truth, r)) }, { law: LAW, samples, refitStarts: 0 })).model;
    } catch {
      break;
    }
    const taken = new Set(sequence.map((r) => `${r.pool.join("+")}@${r.samplesSeen}`));
    const fresh = candidates.filter((c) => !taken.has(`${c.pool.join("+")}@${c.samplesSeen}`));
    let planned;
    try {
      planned = planNextRuns(model, [truth.target], fresh, { next: 3, maxCost: limit - spent });
    } catch {
      break; // no candidate changes the decision any more
    }
    if (planned.settled || planned.next.length === 0) break;
    sequence.push(...planned.next.map((r) => ({ pool: r.pool, samplesSeen: r.samplesSeen })));
  }
  return sequence;
}
