import { adviceEngine, formatCount, poolName, studentTQuantile, type AdviceEngine, type Bucket, type Model } from "@qqt/core";
import { checkBuckets } from "./problem.js";
import { fromCoreError } from "./fromCoreError.js";
import { FitError, show } from "./FitError.js";

/**
 * The expected regret (in error units) below which a decision counts as settled: 0.002, the run-to-run noise of a
 * typical CLIP evaluation — deciding finer than a run can measure buys nothing.
 *
 * @example
 * ```ts
 * PLAN_TOLERANCE; // 0.002
 * ```
 */
export const PLAN_TOLERANCE = 0.002;

/** Passes over a bucket (or a candidate pool) at which default candidate runs are proposed. */
const DEFAULT_PASSES = [1, 2, 4, 8, 16];
/** Simulated noise values per bootstrap draw (stratified normal quantiles). */
const NOISE_QUANTILES = 5;
/** A reduction of the expected regret below this (error units) changes nothing. */
const NEGLIGIBLE = 1e-9;

/**
 * A training run the planner may propose: a pool (one bucket or a union) trained for some samples seen.
 *
 * @example
 * ```ts
 * const run: PlanCandidate = { pool: ["top0-10", "top10-20"], samplesSeen: 640e6 };
 * ```
 */
export interface PlanCandidate {
  /** Bucket ids of the pool. */
  pool: string[];
  /** Samples seen of the run (> 0). */
  samplesSeen: number;
}

/**
 * Options of {@link planNextRuns} and {@link coldStartDesign}.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { next: 3, maxCost: 2e9, overhead: 5e6, tolerance: 0.002 };
 * ```
 */
export interface PlanOptions {
  /** How many runs to propose, chosen greedily so that each accounts for the ones before it (default 3). */
  next?: number;
  /** Most samples seen the proposed runs may cost together (default: no limit). */
  maxCost?: number;
  /** Fixed cost of any run, in samples seen (start-up, evaluation), added to its samples seen (default 0). */
  overhead?: number;
  /** Expected regret below which a decision is settled (default {@link PLAN_TOLERANCE}). */
  tolerance?: number;
  /** Budgets (samples seen) of the study's runs, also proposed for the decision's pools (default none). */
  studyBudgets?: readonly number[];
  /** The pools the decision chooses among (default the model's candidates, else its nested pools). */
  decisionPools?: ReadonlyArray<readonly string[]>;
  /** For a cold start: share `tau` (one half-life for all buckets) — cheaper, but the paper found it fits worse. */
  shareTau?: boolean;
}

/**
 * A proposed run, with its cost and what observing it is expected to leave of the decision's regret.
 *
 * @example
 * ```ts
 * const run: PlannedRun = { pool: ["top0-10", "top10-20"], name: "top 20%", samplesSeen: 640e6, passes: 25, cost: 640e6,
 *   expectedRegretAfter: 0.0009, why: "decides top 20% against top 30% at 640M (P(best) 61%)" };
 * ```
 */
export interface PlannedRun extends PlanCandidate {
  /** Short name of the pool. */
  name: string;
  /** Passes over the pool. */
  passes: number;
  /** Samples seen plus the per-run overhead. */
  cost: number;
  /** Expected regret at the targets (largest over them) once this run and the ones before it are observed. */
  expectedRegretAfter?: number;
  /** Why it is worth running. */
  why: string;
}

/**
 * The current decision at one target budget.
 *
 * @example
 * ```ts
 * const d: PlanDecision = { budget: 640e6, best: ["top0-10", "top10-20", "top20-30"], name: "top 30%", probability: 0.62, expectedRegret: 0.0021 };
 * ```
 */
export interface PlanDecision {
  /** The target budget (samples seen). */
  budget: number;
  /** Bucket ids of the best pool under the point fit. */
  best: string[];
  /** Its name. */
  name: string;
  /** Share of the bootstrap draws in which it is best (absent when not estimable). */
  probability?: number;
  /** Expected regret of choosing it: the mean over draws of its error minus the best pool's (absent when not estimable). */
  expectedRegret?: number;
}

/**
 * What to run next, and why.
 *
 * @example
 * ```ts
 * const plan = planNextRuns(model, [640e6]);
 * plan.settled; // false
 * plan.next.map((r) => `${r.name} at ${r.samplesSeen}`); // ["top 20% at 640000000", …]
 * ```
 */
export interface PlanResult {
  /** The decision now, per target. */
  decision: PlanDecision[];
  /** Every target's expected regret is below `tolerance`: no run is worth its cost for this decision. */
  settled: boolean;
  /** The largest expected regret over the targets now (absent when not estimable). */
  expectedRegret?: number;
  /** The tolerance used. */
  tolerance: number;
  /**
   * `value-of-information` (runs ranked by the regret they are expected to remove per unit cost), `identifiability`
   * (the fit cannot support a decision yet: the cheapest runs that make it identifiable), or `cold-start` (no runs).
   */
  method: "value-of-information" | "identifiability" | "cold-start";
  /** The proposed runs, in the order to run them (empty when settled). */
  next: PlannedRun[];
  /** Their total cost. */
  totalCost: number;
  /** Candidate runs considered. */
  candidates: number;
  /** The paper's design for these buckets (2, 4, 6, 8, 10 passes each) and its cost, for comparison (cold start). */
  paperDesign?: {
    /** Runs of the paper's design. */
    runs: number;
    /** Their samples seen (plus overheads). */
    cost: number;
  };
  /** Bootstrap draws the probabilities and regrets are computed from (absent without an ensemble). */
  draws?: number;
  /** What limits the plan, in sentences. */
  notes: string[];
}

/**
 * Ranks the training runs worth doing next for a filtering decision at some target budgets: the expected reduction of
 * the decision's regret per unit cost, from the model's bootstrap ensemble.
 *
 * @remarks **Method** (value of information by reweighting the ensemble; no refits). The bootstrap draws are a sample
 * of plausible truths. For a candidate run, each draw `i` predicts its error `μ_i`; its outcome is simulated as
 * `μ_i + s·z` with the model's run-to-run noise `s` (the sd of the prediction intervals, used as normal) at
 * five stratified normal quantiles `z`. Observing `y` reweights every draw `j` by its likelihood
 * `exp(−(y − μ_j)² / 2(s² + h²))`, `h` a kernel bandwidth (Silverman's rule on the draws' spread of `μ`) so that a
 * precise run cannot collapse the finite ensemble onto one draw; the decision at each target becomes the pool with the lowest weighted mean error, and its
 * expected regret the weighted mean of `error(chosen) − min error` over the draws. Averaged over the simulated
 * outcomes this is the expected regret *after* the run; the runs are ranked by `(regret now − regret after) / cost`.
 * A batch (`next` > 1) is built greedily: each further run is scored together with the ones already chosen (their
 * outcomes simulated from the same draw), so two runs that tell the same thing are not both proposed.
 * **Approximations**: the ensemble is fixed (reweighting cannot move the fit beyond its draws, so the value of a run
 * far outside the data is understated); noise is normal with the residual sd; the law's form is trusted.
 * A fit that is not estimable (runs ≤ free parameters, collapsed draws, no draws) gets the runs that make it
 * identifiable instead (`method: "identifiability"`).
 * @throws A {@link FitError}: `INVALID_OPTION` for targets that are not budgets > 0 or all below every fitted run,
 * options out of range, or candidates none of which can change the decision; `UNKNOWN_BUCKET` for a candidate pool
 * naming a bucket the model lacks.
 * @example
 * ```ts
 * const plan = planNextRuns(boot.model, [640e6], undefined, { next: 3 });
 * plan.decision[0]; // { budget: 640000000, best: [...], name: "top 30%", probability: 0.62, expectedRegret: 0.0021 }
 * plan.next[0]; // { pool: [...], samplesSeen: 640000000, passes: 16.7, cost: 640000000, expectedRegretAfter: 0.0008, why: "…" }
 * ```
 */
export function planNextRuns(
  model: Model,
  targets: readonly number[],
  candidates?: readonly PlanCandidate[],
  options: PlanOptions = {},
): PlanResult {
  const settings = checkOptions(options);
  checkTargets(targets);
  const engine = fromCoreError("model", () => adviceEngine(model, options.decisionPools !== undefined ? { candidates: options.decisionPools } : {}));
  const low = model.fit?.coverage?.samplesSeen.low;
  if (low !== undefined && targets.every((t) => t < low)) {
    throw new FitError(
      "INVALID_OPTION",
      "targets",
      `every target (${targets.map((t) => formatCount(t)).join(", ")}) is below the smallest fitted run (${formatCount(low)} samples seen): the planner settles decisions at budgets the runs lead up to; give the budget you will train at.`,
    );
  }
  if (candidates !== undefined && !Array.isArray(candidates)) {
    throw new FitError("INVALID_OPTION", "candidates", `expected an array of { pool: [bucket ids], samplesSeen } (or undefined for the default candidates), got ${show(candidates)}.`);
  }
  const pool = (candidates === undefined ? defaultCandidates(model, engine, targets, settings.studyBudgets) : candidates).map((c, i) => checkCandidate(c, i, model));
  const decision = targets.map((budget) => {
    const a = engine.advise(budget);
    return { budget, best: [...a.best.pool], name: a.best.name, ...(a.best.probability !== undefined ? { probability: a.best.probability } : {}) } as PlanDecision;
  });
  const noise = engine.uncertainty.noise;
  if (engine.uncertainty.kind !== "estimated" || noise === undefined) {
    return identifiabilityPlan(model, engine, targets, pool, decision, settings);
  }
  const vi = new ValueOfInformation(engine, targets, pool, noise.sd, noise.scale === "log");
  const now = vi.regret([]);
  decision.forEach((d, t) => (d.expectedRegret = vi.regretOfPoint(t, engine.candidates.findIndex((c) => c.pool.join("+") === d.best.join("+")))));
  const worst = Math.max(...decision.map((d) => d.expectedRegret ?? 0));
  const base = { decision, tolerance: settings.tolerance, candidates: pool.length, method: "value-of-information" as const, draws: engine.uncertainty.draws };
  if (decision.every((d) => (d.expectedRegret ?? 0) < settings.tolerance)) {
    return { ...base, settled: true, expectedRegret: worst, next: [], totalCost: 0, notes: [] };
  }
  const chosen: number[] = [];
  const next: PlannedRun[] = [];
  let current = now;
  let spent = 0;
  const notes: string[] = [];
  while (next.length < settings.next) {
    let bestIndex = -1;
    let bestScore = 0;
    let bestAfter = current;
    for (let c = 0; c < pool.length; c++) {
      if (chosen.includes(c)) continue;
      const cost = pool[c]!.samplesSeen + settings.overhead;
      if (settings.maxCost !== undefined && spent + cost > settings.maxCost) continue;
      const after = vi.regret([...chosen, c]);
      const reduction = sum(current) - sum(after);
      if (reduction <= NEGLIGIBLE) continue;
      const score = reduction / cost;
      if (score > bestScore) {
        bestScore = score;
        bestIndex = c;
        bestAfter = after;
      }
    }
    if (bestIndex < 0) break;
    const run = pool[bestIndex]!;
    const cost = run.samplesSeen + settings.overhead;
    chosen.push(bestIndex);
    spent += cost;
    next.push({
      pool: [...run.pool],
      name: poolName(run.pool, model.buckets),
      samplesSeen: run.samplesSeen,
      passes: run.samplesSeen / poolSize(run.pool, model.buckets),
      cost,
      expectedRegretAfter: Math.max(...bestAfter),
      why: whyRun(engine, targets, current, bestAfter),
    });
    current = bestAfter;
  }
  if (next.length === 0) {
    throw new FitError(
      "INVALID_OPTION",
      "candidates",
      `none of the ${pool.length} candidate runs can change the decision at ${targets.map((t) => formatCount(t)).join(", ")} (expected regret ${round(worst)} > tolerance ${settings.tolerance})${
        settings.maxCost !== undefined ? ` within --max-cost ${formatCount(settings.maxCost)}` : ""
      }: propose runs on the pools being compared at or near the target budgets, or raise the cost limit.`,
    );
  }
  if (next.length < settings.next) notes.push(`Only ${next.length} of the ${settings.next} runs asked for reduce the expected regret${settings.maxCost !== undefined ? " within the cost limit" : ""}.`);
  notes.push("Method: the bootstrap draws reweighted by each run's simulated outcome (no refits); the law's form is trusted, so runs far outside the data may be worth more than shown.");
  return { ...base, settled: false, expectedRegret: worst, next, totalCost: spent, notes };
}

/**
 * The first design for a study with bucket sizes and no runs: the cheapest runs that make the law identifiable.
 *
 * @remarks Per bucket, runs at 1, 2 and 4 passes (`2B + 2` free parameters for `3B` runs: identifiable from 4
 * buckets on), plus the nested pools at 2 passes until there are two runs more than free parameters. With
 * `shareTau` (one half-life for all buckets, `B + 3` parameters) runs at 1 and 2 passes per bucket, plus 4 passes on
 * the best buckets as needed. The result lists it next to the paper's design (every bucket at 2, 4, 6, 8, 10 passes).
 * @throws A {@link FitError} `INVALID_BUCKET` for buckets without a positive size, `INVALID_OPTION` for bad targets.
 * @example
 * ```ts
 * const design = coldStartDesign([{ id: "top0-10", size: 12.8e6 }, …], [640e6]);
 * design.totalCost; // 358400000 for four 12.8M buckets: 7 passes each
 * design.paperDesign; // { runs: 20, cost: 1536000000 }
 * ```
 */
export function coldStartDesign(buckets: ReadonlyArray<Pick<Bucket, "id" | "size"> & { label?: string }>, targets: readonly number[], options: PlanOptions = {}): PlanResult {
  const settings = checkOptions(options);
  checkTargets(targets);
  if (!Array.isArray(buckets) || buckets.length === 0) throw new FitError("INVALID_BUCKET", "buckets", "expected at least one bucket { id, size }.");
  checkBuckets(buckets); // the fit's own rule: unique ids, sizes inside the law's domain
  const B = buckets.length;
  const runs: PlanCandidate[] = [];
  const add = (ids: string[], passes: number) => runs.push({ pool: ids, samplesSeen: passes * poolSize(ids, buckets) });
  const free = settings.shareTau ? B + 3 : 2 * B + 2;
  for (const b of buckets) for (const passes of settings.shareTau ? [1, 2] : [1, 2, 4]) add([b.id], passes);
  // Too few runs for the parameters (few buckets): nested pools at 2 passes, then further passes of the best buckets.
  for (let k = 2; k <= B && runs.length < free + 2; k++) add(buckets.slice(0, k).map((b) => b.id), 2);
  for (let k = 0; runs.length < free + 2; k++) add([buckets[k % B]!.id], settings.shareTau ? 4 : 8 * (1 + Math.floor(k / B)));
  const next = runs.map((r) => ({
    ...r,
    name: poolName(r.pool, buckets),
    passes: r.samplesSeen / poolSize(r.pool, buckets),
    cost: r.samplesSeen + settings.overhead,
    why: r.pool.length === 1 ? `the utility and half-life of ${r.pool[0]} (${passesText(r.samplesSeen / poolSize(r.pool, buckets))})` : `pins down a and d with a mixture run (${poolName(r.pool, buckets)})`,
  }));
  const totalCost = next.reduce((s, r) => s + r.cost, 0);
  const paperRuns = 5 * B;
  const paperCost = buckets.reduce((s, b) => s + (2 + 4 + 6 + 8 + 10) * b.size, 0) + paperRuns * settings.overhead;
  return {
    decision: [],
    settled: false,
    tolerance: settings.tolerance,
    method: "cold-start",
    next,
    totalCost,
    candidates: next.length,
    paperDesign: { runs: paperRuns, cost: paperCost },
    notes: [
      `${next.length} runs for ${free} free parameters (a, d${settings.shareTau ? ", b per bucket, one shared tau" : ", b and tau per bucket"}): ${formatCount(totalCost)} samples seen, ${Math.round((100 * totalCost) / paperCost)}% of the paper's design (${paperRuns} runs, ${formatCount(paperCost)}).`,
      "Fit them, then plan again: the next runs are chosen for the decision at your budget.",
    ],
  };
}

// ---- internals ----

interface Settings {
  next: number;
  maxCost: number | undefined;
  overhead: number;
  tolerance: number;
  studyBudgets: readonly number[];
  shareTau: boolean;
}

function checkOptions(options: PlanOptions): Settings {
  if (options === null || typeof options !== "object") throw new FitError("INVALID_OPTION", "options", `expected { next?, maxCost?, … }, got ${show(options)}.`);
  const next = options.next === undefined ? 3 : options.next;
  if (!Number.isInteger(next) || next < 1 || next > 100) throw new FitError("INVALID_OPTION", "options.next", `expected a whole number of runs from 1 to 100, got ${show(options.next)}.`);
  const positive = (x: unknown, path: string, zero = false): number | undefined => {
    if (x === undefined) return undefined;
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || (!zero && x === 0)) throw new FitError("INVALID_OPTION", path, `expected a finite number ${zero ? ">= 0" : "> 0"}, got ${show(x)}.`);
    return x;
  };
  const maxCost = positive(options.maxCost, "options.maxCost");
  const overhead = positive(options.overhead, "options.overhead", true) ?? 0;
  const tolerance = positive(options.tolerance, "options.tolerance") ?? PLAN_TOLERANCE;
  const studyBudgets = options.studyBudgets === undefined ? [] : options.studyBudgets;
  if (!Array.isArray(studyBudgets)) throw new FitError("INVALID_OPTION", "options.studyBudgets", `expected an array of budgets (samples seen > 0), got ${show(studyBudgets)}.`);
  studyBudgets.forEach((n, i) => positive(n, `options.studyBudgets[${i}]`));
  if (options.shareTau !== undefined && typeof options.shareTau !== "boolean") throw new FitError("INVALID_OPTION", "options.shareTau", `expected a boolean, got ${show(options.shareTau)}.`);
  return { next, maxCost, overhead, tolerance, studyBudgets, shareTau: options.shareTau === true };
}

function checkTargets(targets: readonly number[]): void {
  if (!Array.isArray(targets) || targets.length === 0 || targets.some((t) => typeof t !== "number" || !Number.isFinite(t) || t <= 0)) {
    throw new FitError("INVALID_OPTION", "targets", `expected target budgets (samples seen > 0), got ${show(targets)}.`);
  }
}

function checkCandidate(c: PlanCandidate, i: number, model: Model): PlanCandidate {
  const ids = new Set(model.buckets.map((b) => b.id));
  if (c === null || typeof c !== "object" || !Array.isArray(c.pool) || c.pool.length === 0) {
    throw new FitError("INVALID_OPTION", `candidates[${i}]`, `expected { pool: [bucket ids], samplesSeen }, got ${show(c)}.`);
  }
  c.pool.forEach((id, k) => {
    if (!ids.has(id)) throw new FitError("UNKNOWN_BUCKET", `candidates[${i}].pool[${k}]`, `no bucket of the model has id ${show(id)} (buckets: ${[...ids].slice(0, 20).join(", ")}).`);
  });
  if (!(typeof c.samplesSeen === "number" && Number.isFinite(c.samplesSeen) && c.samplesSeen > 0)) {
    throw new FitError("INVALID_OPTION", `candidates[${i}].samplesSeen`, `expected samples seen > 0, got ${show(c.samplesSeen)}.`);
  }
  const order = new Map(model.buckets.map((b, k) => [b.id, k]));
  return { pool: [...c.pool].sort((u, v) => order.get(u)! - order.get(v)!), samplesSeen: c.samplesSeen };
}

function poolSize(ids: readonly string[], buckets: ReadonlyArray<Pick<Bucket, "id" | "size">>): number {
  const byId = new Map(buckets.map((b) => [b.id, b.size]));
  return ids.reduce((s, id) => s + (byId.get(id) ?? 0), 0);
}

/** Each bucket alone at 1, 2, 4, 8, 16 passes; each decision pool at those passes and the study's budgets up to the largest target. */
function defaultCandidates(model: Model, engine: AdviceEngine, targets: readonly number[], studyBudgets: readonly number[]): PlanCandidate[] {
  const top = Math.max(...targets);
  const seen = new Set<string>();
  const out: PlanCandidate[] = [];
  const push = (pool: string[], samplesSeen: number) => {
    const n = Math.round(samplesSeen);
    const key = `${pool.join("+")}@${n}`;
    if (n <= 0 || seen.has(key)) return;
    seen.add(key);
    out.push({ pool, samplesSeen: n });
  };
  for (const b of model.buckets) for (const passes of DEFAULT_PASSES) push([b.id], passes * b.size);
  for (const c of engine.candidates) {
    for (const passes of DEFAULT_PASSES) if (passes * c.size <= top) push([...c.pool], passes * c.size);
    for (const n of studyBudgets) if (n <= top) push([...c.pool], n);
    for (const t of targets) push([...c.pool], t);
  }
  return out;
}

/** The runs that make a not-estimable fit identifiable: the cheapest ones that add passes where its buckets lack them. */
function identifiabilityPlan(
  model: Model,
  engine: AdviceEngine,
  targets: readonly number[],
  pool: readonly PlanCandidate[],
  decision: PlanDecision[],
  settings: Settings,
): PlanResult {
  const fit = model.fit;
  if (fit === undefined) {
    const design = coldStartDesign(model.buckets, targets, settings);
    return { ...design, decision, notes: ["The model has no fit record (hand-entered parameters): a first design to fit is proposed.", ...design.notes] };
  }
  const runs = fit.observations;
  const free = fit.freeParameters ?? 2 * model.buckets.length + 2;
  const needed = Math.max(1, free + 2 - runs);
  const coverage = new Map((fit.coverage?.buckets ?? []).map((c) => [c.id, c]));
  // Runs on single buckets with few runs, at passes beyond what they were trained to; cheapest first.
  const scored = pool
    .filter((c) => c.pool.length === 1)
    .map((c) => {
      const cov = coverage.get(c.pool[0]!);
      const passes = c.samplesSeen / poolSize(c.pool, model.buckets);
      const lacking = (cov?.runs ?? 0) < 3 ? 1 : 0;
      const beyond = passes > (cov?.maxPasses ?? 0) ? 1 : 0;
      return { c, passes, priority: lacking + beyond, cost: c.samplesSeen + settings.overhead };
    })
    .filter((s) => s.priority > 0)
    .sort((u, v) => v.priority - u.priority || u.cost - v.cost);
  const next: PlannedRun[] = [];
  const perBucket = new Map<string, number>();
  const limit = Math.max(settings.next, needed);
  for (const s of scored) {
    if (next.length >= limit) break;
    const id = s.c.pool[0]!;
    if ((perBucket.get(id) ?? 0) >= 2) continue;
    if (settings.maxCost !== undefined && next.reduce((t, r) => t + r.cost, 0) + s.cost > settings.maxCost) continue;
    perBucket.set(id, (perBucket.get(id) ?? 0) + 1);
    next.push({
      ...s.c,
      pool: [...s.c.pool],
      name: poolName(s.c.pool, model.buckets),
      passes: s.passes,
      cost: s.cost,
      why: `${id} has ${coverage.get(id)?.runs ?? 0} fitted run${coverage.get(id)?.runs === 1 ? "" : "s"}, up to ${passesText(coverage.get(id)?.maxPasses ?? 0)}: a run at ${passesText(s.passes)} helps pin down its b and tau`,
    });
  }
  const reasons = engine.uncertainty.reasons.length > 0 ? engine.uncertainty.reasons.join("; ") : "the model has no bootstrap draws";
  return {
    decision,
    settled: false,
    tolerance: settings.tolerance,
    method: "identifiability",
    next,
    totalCost: next.reduce((s, r) => s + r.cost, 0),
    candidates: pool.length,
    notes: [
      `The decision cannot be weighed yet: ${reasons}. ${runs} runs for ${free} free parameters: at least ${needed} more run${needed === 1 ? "" : "s"} (or sharing tau, or fixing d) before the planner can rank runs by what they settle.`,
      ...(engine.uncertainty.kind === "none" ? ["Fit with a bootstrap (the default of qqt fit) so the planner has an ensemble to weigh."] : []),
    ],
  };
}

/** Expected regrets over the ensemble, before and after observing candidate runs (importance reweighting). */
class ValueOfInformation {
  private readonly J: number;
  private readonly T: number;
  private readonly P: number;
  /** E[(j·T + t)·P + p]: draw j's error of decision pool p at target t. */
  private readonly E: Float64Array;
  /** minE[j·T + t]. */
  private readonly minE: Float64Array;
  /** M[c][j]: draw j's predicted error of candidate run c (log error for multiplicative noise). */
  private readonly M: Float64Array[];
  private readonly z: Float64Array;
  private readonly weights: Float64Array;
  private readonly logw: Float64Array;
  private readonly sd: number;
  /** 2 × (noise² + bandwidth²) per candidate run. */
  private readonly width2: number[];

  constructor(
    engine: AdviceEngine,
    targets: readonly number[],
    candidates: readonly PlanCandidate[],
    sd: number,
    log: boolean,
  ) {
    // A fit with no residual noise (exact synthetic runs) still needs a likelihood: one part in 10^6 of the error.
    this.sd = Math.max(sd, 1e-6);
    const per = engine.candidates.map((c) => engine.ensemble(c.pool, targets));
    this.J = per[0]!.length;
    this.T = targets.length;
    this.P = per.length;
    this.E = new Float64Array(this.J * this.T * this.P);
    this.minE = new Float64Array(this.J * this.T).fill(Infinity);
    for (let p = 0; p < this.P; p++) {
      for (let j = 0; j < this.J; j++) {
        for (let t = 0; t < this.T; t++) {
          const e = per[p]![j]![t]!;
          this.E[(j * this.T + t) * this.P + p] = e;
          if (e < this.minE[j * this.T + t]!) this.minE[j * this.T + t] = e;
        }
      }
    }
    const scale = (x: number) => (log ? Math.log(x) : x);
    this.M = candidates.map((c) => Float64Array.from(engine.ensemble(c.pool, [c.samplesSeen]), (row) => scale(row[0]!)));
    // The likelihood's width per run: the noise, widened by a kernel bandwidth (Silverman's rule on the draws' spread of
    // the run's prediction), so that a precise run does not put all the weight on one or two draws of a finite ensemble.
    const silverman = 1.06 * this.J ** -0.2;
    this.width2 = this.M.map((m) => {
      let mean = 0;
      for (const x of m) mean += x;
      mean /= m.length;
      let v = 0;
      for (const x of m) v += (x - mean) ** 2;
      const h = silverman * Math.sqrt(v / Math.max(m.length - 1, 1));
      return 2 * (this.sd * this.sd + h * h);
    });
    this.z = Float64Array.from({ length: NOISE_QUANTILES }, (_, r) => studentTQuantile((r + 0.5) / NOISE_QUANTILES, 1e9));
    this.weights = new Float64Array(this.J);
    this.logw = new Float64Array(this.J);
  }

  /** Expected regret of decision pool `p` at target `t` under the unweighted ensemble. */
  regretOfPoint(t: number, p: number): number {
    if (p < 0) return NaN;
    let s = 0;
    for (let j = 0; j < this.J; j++) s += this.E[(j * this.T + t) * this.P + p]! - this.minE[j * this.T + t]!;
    return s / this.J;
  }

  /** Expected regret per target after observing the runs `runs` (none: the Bayes decision now). */
  regret(runs: readonly number[]): number[] {
    const out = new Array<number>(this.T).fill(0);
    if (runs.length === 0) {
      this.weights.fill(1 / this.J);
      this.accumulate(out, 1);
      return out;
    }
    const scenarios = this.J * NOISE_QUANTILES;
    for (let i = 0; i < this.J; i++) {
      for (let r = 0; r < NOISE_QUANTILES; r++) {
        this.logw.fill(0);
        runs.forEach((c, k) => {
          const M = this.M[c]!;
          const w2 = this.width2[c]!;
          // The k-th run of a batch takes the noise quantile r + k (mod R): one scenario, independent-looking noise.
          const y = M[i]! + this.sd * this.z[(r + k) % NOISE_QUANTILES]!;
          for (let j = 0; j < this.J; j++) this.logw[j]! -= ((y - M[j]!) * (y - M[j]!)) / w2;
        });
        let max = -Infinity;
        for (let j = 0; j < this.J; j++) max = Math.max(max, this.logw[j]!);
        let total = 0;
        for (let j = 0; j < this.J; j++) total += this.weights[j] = Math.exp(this.logw[j]! - max);
        for (let j = 0; j < this.J; j++) this.weights[j]! /= total;
        this.accumulate(out, 1 / scenarios);
      }
    }
    return out;
  }

  /** Adds `share` × the posterior expected regret of the Bayes decision at each target, under `weights`. */
  private accumulate(out: number[], share: number): void {
    const { J, T, P, E, minE, weights } = this;
    for (let t = 0; t < T; t++) {
      let best = 0;
      let bestMean = Infinity;
      for (let p = 0; p < P; p++) {
        let mean = 0;
        for (let j = 0; j < J; j++) mean += weights[j]! * E[(j * T + t) * P + p]!;
        if (mean < bestMean) {
          bestMean = mean;
          best = p;
        }
      }
      let regret = 0;
      for (let j = 0; j < J; j++) regret += weights[j]! * (E[(j * T + t) * P + best]! - minE[j * T + t]!);
      out[t]! += share * regret;
    }
  }
}

function passesText(passes: number): string {
  const n = Number(passes.toPrecision(3));
  return `${n} ${n === 1 ? "pass" : "passes"}`;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

function round(x: number): string {
  return String(Number(x.toPrecision(2)));
}

/** "settles top 20% against top 30% at 640M: expected regret 0.0031 → 0.0009". */
function whyRun(engine: AdviceEngine, targets: readonly number[], before: readonly number[], after: readonly number[]): string {
  let t = 0;
  for (let k = 1; k < targets.length; k++) if (before[k]! - after[k]! > before[t]! - after[t]!) t = k;
  const a = engine.advise(targets[t]!);
  const against = a.runnerUp !== undefined ? ` against ${a.runnerUp.name}` : "";
  const p = a.best.probability !== undefined ? ` (P(best) ${Math.round(100 * a.best.probability)}%)` : "";
  return `decides ${a.best.name}${against} at ${formatCount(targets[t]!)}${p}: expected regret ${before[t]!.toPrecision(2)} → ${after[t]!.toPrecision(2)}`;
}
