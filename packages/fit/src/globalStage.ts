import { DIRECT_PASS_LIMIT } from "./constants.js";
import { LOG_HALF_LIFE_BASE_VALUE } from "./math.js";
import { emptyParams, toTheta, type Layout } from "./layout.js";
import type { Objective } from "./objective.js";
import { floorPasses, type Problem } from "./problem.js";
import { unionFind } from "./unionFind.js";

// Internal: the global stage. For the utility law the log of the power-law part is linear in the b's:
//   log(y_j − d) ≈ Σ_{k ∈ pool_j} b_k · z_jk,   z_jk = w_k·(log a + log(m_j/N) + A_k(n_j; tau_k))
// (exact for the paper variant; a starting approximation for the others). So for every (a, d, tau) on a grid the
// b's come from one small weighted linear least-squares solve (variable projection), weights w_j·(y_j − d)² making
// the log-scale residuals match the error scale. The best grid cells get a coordinate search over per-bucket tau,
// then the exact loss ranks them and the best few become Levenberg–Marquardt starts.

const A_POINTS = 16;
const TAU_POINTS = 12;
/** Span of the a grid around N / (typical first-pass samples), in natural-log units. */
const LOG_A_BELOW = 3;
const LOG_A_ABOVE = 15;
const TAU_GRID = { min: 0.25, max: 250 };
/** Fractions of (min observed error − lower bound of d) tried for d. */
const D_FRACTIONS = [0, 0.2, 0.4, 0.6, 0.8, 0.95];
/** Grid cells refined per bucket. */
const REFINED = 4;
const COORDINATE_SWEEPS = 2;
/** Cells kept from the log-space scan, per refined cell, to be ranked by the exact loss. */
const KEPT_PER_REFINED = 12;

interface Candidate {
  logA: number;
  d: number;
  tauChoice: Int32Array;
  score: number;
}

export function globalCandidates(objective: Objective, count: number): Float64Array[] {
  const { problem, layout } = objective;
  const p = problem.buckets.length;
  const stage = new StructuredGrid(problem, layout);

  const { bounds } = layout;
  // a grid (log a), centred on where a·m/N ≈ 1 for the median first-pass sample count.
  const firstPass = Array.from(problem.samples, (n, j) => Math.min(n, (problem.pools[problem.poolOf[j] as number] as { size: number }).size)).sort((u, v) => u - v);
  const mMedian = firstPass[Math.floor(firstPass.length / 2)] as number;
  const centre = Math.log(problem.normalizer / mMedian);
  const logAs =
    layout.aSlot < 0
      ? [Math.log(layout.aFixed)]
      : spaced(
          Math.max(Math.log(bounds.a.min), centre - LOG_A_BELOW),
          Math.min(Math.log(bounds.a.max), centre + LOG_A_ABOVE),
          A_POINTS,
          Math.log(bounds.a.min),
          Math.log(bounds.a.max),
        );
  let minY = Infinity;
  for (const y of problem.y) minY = Math.min(minY, y);
  const dHigh = Math.min(bounds.d.max, minY);
  const ds =
    layout.dSlot < 0
      ? [layout.dFixed]
      : dHigh > bounds.d.min
        ? D_FRACTIONS.map((f) => bounds.d.min + f * (dHigh - bounds.d.min))
        : [bounds.d.min];
  const tauGrid = stage.gridIndices;

  // Score every cell (d outer, a, common tau); keep the best few per distinct (a, d) pair.
  const choice = new Int32Array(p);
  const refineCount = Math.max(REFINED, count);
  const keep = refineCount * KEPT_PER_REFINED;
  // The kept cells, best first (sorted insertion into fixed arrays: the scan allocates nothing per cell).
  const keptScore = new Float64Array(keep);
  const keptLogA = new Float64Array(keep);
  const keptD = new Float64Array(keep);
  const keptT = new Int32Array(keep);
  let kept = 0;
  // The loss of a cell is quadratic in log a given (d, tau): the moments of each (d, tau) serve every a value.
  for (const d of ds) {
    for (const t of tauGrid) {
      stage.assignCommonTau(choice, t);
      stage.moments(d, choice);
      for (const logA of logAs) {
        const score = stage.scoreAt(logA);
        if (!(score < Infinity)) continue;
        if (kept === keep && score >= (keptScore[keep - 1] as number)) continue;
        let at = kept;
        while (at > 0 && (keptScore[at - 1] as number) > score) at--;
        // Shift the worse ones down one place (the last falls off when full).
        for (let c = Math.min(kept, keep - 1); c > at; c--) {
          keptScore[c] = keptScore[c - 1] as number;
          keptLogA[c] = keptLogA[c - 1] as number;
          keptD[c] = keptD[c - 1] as number;
          keptT[c] = keptT[c - 1] as number;
        }
        keptScore[at] = score;
        keptLogA[at] = logA;
        keptD[at] = d;
        keptT[at] = t;
        if (kept < keep) kept++;
      }
    }
  }
  const bestScores = Array.from(keptScore.subarray(0, kept));
  const bestCells = Array.from({ length: kept }, (_, c) => ({ logA: keptLogA[c] as number, d: keptD[c] as number, t: keptT[c] as number }));

  // Rank the kept cells by the exact loss (the log-space score is exact only up to scale for the paper variant and
  // an approximation for the others), then refine the best ones (one per (a, d) pair) by coordinate search over
  // per-bucket tau.
  const r = new Float64Array(problem.count);
  const exact = bestCells.map((cell, c) => {
    const tauChoice = new Int32Array(p);
    stage.assignCommonTau(tauChoice, cell.t);
    return { cell, score: bestScores[c] as number, loss: objective.residuals(stage.toTheta(cell.logA, cell.d, tauChoice), r) };
  });
  exact.sort((u, v) => u.loss - v.loss);
  // Diversity first: the best cell of each d value (separate basins of the loss often differ in d), then the
  // next best distinct (a, d) pairs.
  const picked: typeof exact = [];
  const dsSeen = new Set<number>();
  for (const e of exact) {
    if (picked.length >= refineCount) break;
    if (dsSeen.has(e.cell.d)) continue;
    dsSeen.add(e.cell.d);
    picked.push(e);
  }
  const pairs = new Set(picked.map((e) => `${e.cell.logA}|${e.cell.d}`));
  for (const e of exact) {
    if (picked.length >= refineCount) break;
    const key = `${e.cell.logA}|${e.cell.d}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    picked.push(e);
  }
  const refined: Candidate[] = [];
  for (const { cell, score } of picked) {
    const tauChoice = new Int32Array(p);
    stage.assignCommonTau(tauChoice, cell.t);
    const cand: Candidate = { logA: cell.logA, d: cell.d, tauChoice, score };
    if (stage.perBucketTau.length > 1) {
      // Changing one tau group moves only the loss of the components that hold its buckets (the rest of the sum is
      // unchanged), so each trial costs the size of those components, not of the whole study.
      stage.score(cand.logA, cand.d, cand.tauChoice);
      const parts = Float64Array.from(stage.componentScores);
      for (let sweep = 0; sweep < COORDINATE_SWEEPS; sweep++) {
        let improved = false;
        for (let g = 0; g < stage.perBucketTau.length; g++) {
          // A group alone on its components has the same scores in every sweep: the first one settled it.
          if (sweep > 0 && stage.isolatedGroup[g] === 1) continue;
          const group = stage.perBucketTau[g] as number[];
          const touched = stage.groupComponents[g] as Int32Array;
          const current = cand.tauChoice[group[0] as number] as number;
          let before = 0;
          for (const c of touched) before += parts[c] as number;
          let bestT = current;
          let bestPart = before;
          for (const t of tauGrid) {
            if (t === current) continue;
            for (const i of group) cand.tauChoice[i] = t;
            let part = 0;
            for (const c of touched) part += stage.scoreComponent(c, cand.logA, cand.d, cand.tauChoice);
            if (part < bestPart) {
              bestPart = part;
              bestT = t;
            }
          }
          for (const i of group) cand.tauChoice[i] = bestT;
          if (bestT !== current) {
            improved = true;
            for (const c of touched) parts[c] = stage.scoreComponent(c, cand.logA, cand.d, cand.tauChoice);
            let total = 0;
            for (let c = 0; c < parts.length; c++) total += parts[c] as number;
            cand.score = total;
          }
        }
        if (!improved) break;
      }
    }
    refined.push(cand);
  }

  // Rank by the exact loss.
  const ranked = refined.map((cand) => {
    const theta = stage.toTheta(cand.logA, cand.d, cand.tauChoice);
    const value = objective.residuals(theta, r);
    return { theta, value };
  });
  ranked.sort((u, v) => u.value - v.value);
  return ranked.slice(0, count).map((c) => c.theta);
}

/** `count` points evenly spaced in [lo, hi] (one point when the range is empty), kept inside [min, max]. */
function spaced(lo: number, hi: number, count: number, min: number, max: number): number[] {
  if (!(hi > lo)) return [Math.min(Math.max((lo + hi) / 2, min), max)];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

class StructuredGrid {
  /** Tau values: the grid first, then one per fixed-tau bucket. */
  readonly tauValues: number[];
  readonly gridIndices: number[];
  /** The buckets of each free, unshared tau slot (one bucket, or a quality group's buckets), searched together. */
  readonly perBucketTau: number[][];
  private readonly fixedTauIndex: Int32Array;
  /** Entries (observation, pool member): bucket, size weight, and T = w·(log(m/N) + A) per tau value. */
  private readonly entryStart: Int32Array;
  private readonly entryBucket: Int32Array;
  private readonly entryWeight: Float64Array;
  private readonly table: Float64Array[];
  /** Column of each bucket's b in the least-squares solve (−1 when fixed). */
  private readonly column: Int32Array;
  private readonly bcol: Float64Array;
  // Connected components: buckets linked by a run that mixes them or by a shared b. The log-space loss is a sum over
  // components and each component's b's solve apart, so a score costs O(entries + Σ k_c³) instead of O(R·B + B³),
  // and a change of one tau group re-scores only its components.
  /** The loss of each component at the last {@link score}. */
  readonly componentScores: Float64Array;
  /** The components each tau group of {@link perBucketTau} touches. */
  readonly groupComponents: Int32Array[];
  /** Per tau group, 1 when no other group touches its components (its scores depend on its own tau only). */
  readonly isolatedGroup: Uint8Array;
  private readonly componentRuns: Int32Array[];
  /** Global b column of each local column of a component. */
  private readonly componentColumns: Int32Array[];
  /** Per run, the distinct local columns its entries touch, and per entry its local column (−1 for a fixed b). */
  private readonly runColumns: Int32Array[];
  private readonly entryLocal: Int32Array;
  private readonly M: Float64Array[];
  private readonly v: Float64Array[];
  private readonly z: Float64Array[];
  /** Per component, the loss as a quadratic in L = log a: M(L) = L²·M2 + L·M1 + M0, v(L) = L²·v2 + L·v1 + v0, c(L) likewise. */
  private readonly M2: Float64Array[];
  private readonly M1: Float64Array[];
  private readonly M0: Float64Array[];
  private readonly v2: Float64Array[];
  private readonly v1: Float64Array[];
  private readonly v0: Float64Array[];
  private readonly c012: Float64Array;
  private readonly zp: Float64Array[];
  private readonly x: Float64Array[];
  private readonly L: Float64Array[];

  constructor(
    private readonly problem: Problem,
    private readonly layout: Layout,
  ) {
    const p = problem.buckets.length;
    const { tau } = layout.bounds;
    const lo = Math.max(tau.min, TAU_GRID.min);
    const hi = Math.min(tau.max, TAU_GRID.max);
    const grid =
      hi > lo
        ? spaced(Math.log(lo), Math.log(hi), TAU_POINTS, -Infinity, Infinity).map(Math.exp)
        : spaced(Math.log(tau.min), Math.log(tau.max), TAU_POINTS, -Infinity, Infinity).map(Math.exp);
    this.tauValues = [...grid];
    this.gridIndices = grid.map((_, i) => i);
    this.fixedTauIndex = new Int32Array(p).fill(-1);
    for (let i = 0; i < p; i++) {
      if ((layout.tauSlot[i] as number) < 0) {
        this.fixedTauIndex[i] = this.tauValues.length;
        this.tauValues.push(layout.tauFixed[i] as number);
      }
    }
    this.perBucketTau = [];
    if (!layout.shareTau) {
      const bySlot = new Map<number, number[]>();
      for (let i = 0; i < p; i++) {
        const slot = layout.tauSlot[i] as number;
        if (slot < 0) continue;
        let list = bySlot.get(slot);
        if (list === undefined) {
          bySlot.set(slot, (list = []));
          this.perBucketTau.push(list);
        }
        list.push(i);
      }
    }

    // Flatten (observation, member) entries.
    const starts: number[] = [0];
    const bucketsOf: number[] = [];
    const weightsOf: number[] = [];
    for (let j = 0; j < problem.count; j++) {
      const pool = problem.pools[problem.poolOf[j] as number]!;
      for (let k = 0; k < pool.buckets.length; k++) {
        bucketsOf.push(pool.buckets[k] as number);
        weightsOf.push(pool.weights[k] as number);
      }
      starts.push(bucketsOf.length);
    }
    this.entryStart = Int32Array.from(starts);
    this.entryBucket = Int32Array.from(bucketsOf);
    this.entryWeight = Float64Array.from(weightsOf);
    this.table = this.tauValues.map((t) => this.buildTable(t));

    this.column = new Int32Array(p).fill(-1);
    const slotColumn = new Map<number, number>();
    for (let i = 0; i < p; i++) {
      const slot = layout.bSlot[i] as number;
      if (slot < 0) continue;
      if (!slotColumn.has(slot)) slotColumn.set(slot, slotColumn.size);
      this.column[i] = slotColumn.get(slot) as number;
    }
    this.bcol = new Float64Array(slotColumn.size);

    // Union–find over buckets: a run joins its buckets, a shared b column joins its buckets.
    const { find, join } = unionFind(p);
    for (let j = 0; j < problem.count; j++) {
      const start = this.entryStart[j] as number;
      const end = this.entryStart[j + 1] as number;
      for (let e = start + 1; e < end; e++) join(this.entryBucket[start] as number, this.entryBucket[e] as number);
    }
    const firstOfColumn = new Int32Array(slotColumn.size).fill(-1);
    for (let i = 0; i < p; i++) {
      const c = this.column[i] as number;
      if (c < 0) continue;
      if ((firstOfColumn[c] as number) < 0) firstOfColumn[c] = i;
      else join(firstOfColumn[c] as number, i);
    }
    const componentOf = new Int32Array(p).fill(-1);
    let components = 0;
    for (let i = 0; i < p; i++) {
      const root = find(i);
      if ((componentOf[root] as number) < 0) componentOf[root] = components++;
      componentOf[i] = componentOf[root] as number;
    }
    const runs: number[][] = Array.from({ length: components }, () => []);
    const cols: number[][] = Array.from({ length: components }, () => []);
    const localOf = new Int32Array(slotColumn.size).fill(-1);
    for (let i = 0; i < p; i++) {
      const c = this.column[i] as number;
      if (c < 0 || (localOf[c] as number) >= 0) continue;
      const list = cols[componentOf[i] as number] as number[];
      localOf[c] = list.length;
      list.push(c);
    }
    this.entryLocal = new Int32Array(this.entryBucket.length).fill(-1);
    this.runColumns = [];
    for (let j = 0; j < problem.count; j++) {
      const start = this.entryStart[j] as number;
      const end = this.entryStart[j + 1] as number;
      (runs[componentOf[this.entryBucket[start] as number] as number] as number[]).push(j);
      const touched: number[] = [];
      for (let e = start; e < end; e++) {
        const c = this.column[this.entryBucket[e] as number] as number;
        if (c < 0) continue;
        const local = localOf[c] as number;
        this.entryLocal[e] = local;
        if (!touched.includes(local)) touched.push(local);
      }
      this.runColumns.push(Int32Array.from(touched.sort((u, w) => u - w)));
    }
    this.componentRuns = runs.map((list) => Int32Array.from(list));
    this.componentColumns = cols.map((list) => Int32Array.from(list));
    this.componentScores = new Float64Array(components);
    this.M = cols.map((list) => new Float64Array(list.length * list.length));
    this.L = cols.map((list) => new Float64Array(list.length * list.length));
    this.v = cols.map((list) => new Float64Array(list.length));
    this.z = cols.map((list) => new Float64Array(list.length));
    this.zp = cols.map((list) => new Float64Array(list.length));
    this.M2 = cols.map((list) => new Float64Array(list.length * list.length));
    this.M1 = cols.map((list) => new Float64Array(list.length * list.length));
    this.M0 = cols.map((list) => new Float64Array(list.length * list.length));
    this.v2 = cols.map((list) => new Float64Array(list.length));
    this.v1 = cols.map((list) => new Float64Array(list.length));
    this.v0 = cols.map((list) => new Float64Array(list.length));
    this.c012 = new Float64Array(3 * components);
    this.x = cols.map((list) => new Float64Array(list.length));
    this.groupComponents = this.perBucketTau.map((group) =>
      Int32Array.from(new Set(group.map((i) => componentOf[i] as number))),
    );
    const groupsOn = new Int32Array(components);
    for (const touched of this.groupComponents) for (const c of touched) groupsOn[c] = (groupsOn[c] as number) + 1;
    this.isolatedGroup = Uint8Array.from(this.groupComponents, (touched) => (touched.every((c) => groupsOn[c] === 1) ? 1 : 0));
  }

  assignCommonTau(choice: Int32Array, t: number): void {
    for (let i = 0; i < choice.length; i++) {
      const fixed = this.fixedTauIndex[i] as number;
      choice[i] = fixed >= 0 ? fixed : t;
    }
  }

  /** T-table for one tau value: every entry's w·(log(m/N) + A(n)) (series summed directly, capped). */
  private buildTable(tau: number): Float64Array {
    const { problem } = this;
    const out = new Float64Array(this.entryBucket.length);
    const logN = Math.log(problem.normalizer);
    for (let j = 0; j < problem.count; j++) {
      const pool = problem.pools[problem.poolOf[j] as number]!;
      const n = problem.samples[j] as number;
      const S = pool.size;
      const K = Math.min(n < S ? 0 : floorPasses(n, S), DIRECT_PASS_LIMIT);
      const head = Math.log(Math.min(n, S)) - logN;
      for (let k = 0; k < pool.buckets.length; k++) {
        const w = pool.weights[k] as number;
        const ln = (LOG_HALF_LIFE_BASE_VALUE * w) / tau;
        let A = 0;
        for (let e = 1; e < K; e++) {
          const delta = Math.exp(e * ln);
          A += delta * Math.log1p(1 / e);
          if (delta < 1e-17) break;
        }
        const excess = n - K * S;
        if (K >= 1 && excess > 0) A += Math.exp(K * ln) * Math.log1p(excess / (K * S));
        out[(this.entryStart[j] as number) + k] = w * (head + A);
      }
    }
    return out;
  }

  /** Weighted log-space residual after projecting out the free b's (and storing them in `bcol`). */
  score(logA: number, d: number, choice: Int32Array): number {
    let total = 0;
    for (let c = 0; c < this.componentScores.length; c++) {
      const part = this.scoreComponent(c, logA, d, choice);
      this.componentScores[c] = part;
      total += part;
    }
    return total;
  }

  /**
   * Accumulates, for every component, the loss's coefficients in L = log a at this (d, tau choice): each entry's
   * value is w·L + T, so z = L·p + q and lhs = α − L·β per run, and M, v and Σ W lhs² are quadratics in L.
   */
  moments(d: number, choice: Int32Array): void {
    const { layout, entryStart, entryBucket, entryWeight, entryLocal, table } = this;
    const { lhs: lhs0, W: weights } = this.targets(d);
    for (let component = 0; component < this.componentScores.length; component++) {
      const M2 = this.M2[component] as Float64Array;
      const M1 = this.M1[component] as Float64Array;
      const M0 = this.M0[component] as Float64Array;
      const v2 = this.v2[component] as Float64Array;
      const v1 = this.v1[component] as Float64Array;
      const v0 = this.v0[component] as Float64Array;
      const q = this.z[component] as Float64Array;
      const pw = this.zp[component] as Float64Array;
      const k = v0.length;
      M2.fill(0);
      M1.fill(0);
      M0.fill(0);
      v2.fill(0);
      v1.fill(0);
      v0.fill(0);
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      const runs = this.componentRuns[component] as Int32Array;
      for (let r = 0; r < runs.length; r++) {
        const j = runs[r] as number;
        let alpha = lhs0[j] as number;
        let beta = 0;
        const W = weights[j] as number;
        const touched = this.runColumns[j] as Int32Array;
        for (let t = 0; t < touched.length; t++) {
          q[touched[t] as number] = 0;
          pw[touched[t] as number] = 0;
        }
        const end = entryStart[j + 1] as number;
        for (let e = entryStart[j] as number; e < end; e++) {
          const i = entryBucket[e] as number;
          const w = entryWeight[e] as number;
          const T = (table[choice[i] as number] as Float64Array)[e]!;
          const local = entryLocal[e] as number;
          if (local >= 0) {
            pw[local] = (pw[local] as number) + w;
            q[local] = (q[local] as number) + T;
          } else {
            const b = layout.bFixed[i] as number;
            alpha -= b * T;
            beta += b * w;
          }
        }
        s0 += W * alpha * alpha;
        s1 -= 2 * W * alpha * beta;
        s2 += W * beta * beta;
        for (let t = 0; t < touched.length; t++) {
          const row = touched[t] as number;
          const pr = pw[row] as number;
          const qr = q[row] as number;
          v2[row] = (v2[row] as number) - W * pr * beta;
          v1[row] = (v1[row] as number) + W * (pr * alpha - qr * beta);
          v0[row] = (v0[row] as number) + W * qr * alpha;
          for (let u = 0; u <= t; u++) {
            const col = touched[u] as number;
            const pc = pw[col] as number;
            const qc = q[col] as number;
            const at = row * k + col;
            M2[at] = (M2[at] as number) + W * pr * pc;
            M1[at] = (M1[at] as number) + W * (pr * qc + qr * pc);
            M0[at] = (M0[at] as number) + W * qr * qc;
          }
        }
      }
      this.c012[3 * component] = s0;
      this.c012[3 * component + 1] = s1;
      this.c012[3 * component + 2] = s2;
    }
  }

  /** The loss at log a = `L` from the last {@link moments}, summed over components (b's stored in `bcol`). */
  scoreAt(L: number): number {
    let total = 0;
    for (let component = 0; component < this.componentScores.length; component++) {
      const M = this.M[component] as Float64Array;
      const v = this.v[component] as Float64Array;
      const M2 = this.M2[component] as Float64Array;
      const M1 = this.M1[component] as Float64Array;
      const M0 = this.M0[component] as Float64Array;
      const v2 = this.v2[component] as Float64Array;
      const v1 = this.v1[component] as Float64Array;
      const v0 = this.v0[component] as Float64Array;
      const L2 = L * L;
      for (let x = 0; x < M.length; x++) M[x] = L2 * (M2[x] as number) + L * (M1[x] as number) + (M0[x] as number);
      for (let x = 0; x < v.length; x++) v[x] = L2 * (v2[x] as number) + L * (v1[x] as number) + (v0[x] as number);
      const c0 = (this.c012[3 * component] as number) + L * (this.c012[3 * component + 1] as number) + L2 * (this.c012[3 * component + 2] as number);
      const part = this.solveComponent(component, c0);
      this.componentScores[component] = part;
      total += part;
    }
    return total;
  }

  /** The log-space residual of one component, its b's solved and stored in `bcol`. */
  scoreComponent(component: number, logA: number, d: number, choice: Int32Array): number {
    const { layout, entryStart, entryBucket, entryWeight, entryLocal, table } = this;
    const { lhs: lhs0, W: weights } = this.targets(d);
    const M = this.M[component] as Float64Array;
    const v = this.v[component] as Float64Array;
    const z = this.z[component] as Float64Array;
    const runs = this.componentRuns[component] as Int32Array;
    const k = v.length;
    M.fill(0);
    v.fill(0);
    let c0 = 0;
    for (let r = 0; r < runs.length; r++) {
      const j = runs[r] as number;
      let lhs = lhs0[j] as number;
      const W = weights[j] as number;
      const touched = this.runColumns[j] as Int32Array;
      for (let t = 0; t < touched.length; t++) z[touched[t] as number] = 0;
      const end = entryStart[j + 1] as number;
      for (let e = entryStart[j] as number; e < end; e++) {
        const i = entryBucket[e] as number;
        const value = (entryWeight[e] as number) * logA + (table[choice[i] as number] as Float64Array)[e]!;
        const local = entryLocal[e] as number;
        if (local >= 0) z[local] = (z[local] as number) + value;
        else lhs -= (layout.bFixed[i] as number) * value;
      }
      c0 += W * lhs * lhs;
      for (let t = 0; t < touched.length; t++) {
        const row = touched[t] as number;
        const zr = z[row] as number;
        if (zr === 0) continue;
        v[row] = (v[row] as number) + W * zr * lhs;
        // touched is ascending: the columns up to this one fill the lower triangle.
        for (let u = 0; u <= t; u++) {
          const col = touched[u] as number;
          M[row * k + col] = (M[row * k + col] as number) + W * zr * (z[col] as number);
        }
      }
    }
    return this.solveComponent(component, c0);
  }

  /** Solves a component's normal equations (M, v filled) for its b's, clamps them, stores them; returns the loss. */
  private solveComponent(component: number, c0: number): number {
    const { layout, bcol } = this;
    const M = this.M[component] as Float64Array;
    const v = this.v[component] as Float64Array;
    const x = this.x[component] as Float64Array;
    const globalColumn = this.componentColumns[component] as Int32Array;
    const k = v.length;
    if (k === 1) return this.solveSingle(component, M[0] as number, v[0] as number, c0);
    solveSymmetric(M, v, x, k, this.L[component]);
    const bMin = layout.bounds.b.min;
    const bMax = layout.bounds.b.max;
    for (let c = 0; c < k; c++) {
      const b = x[c] as number;
      x[c] = Number.isFinite(b) ? Math.min(Math.max(b, bMin), bMax) : bMax;
      bcol[globalColumn[c] as number] = x[c] as number;
    }
    // Σ W (lhs − zᵀb)² = Σ W lhs² − 2 bᵀv + bᵀ M b (M symmetric, lower triangle stored).
    let total = c0;
    for (let r = 0; r < k; r++) {
      const br = x[r] as number;
      total -= 2 * br * (v[r] as number);
      total += br * br * (M[r * k + r] as number);
      for (let c = 0; c < r; c++) total += 2 * br * (x[c] as number) * (M[r * k + c] as number);
    }
    return Math.max(total, 0);
  }

  /**
   * {@link solveComponent} for a component of one b column (a bucket run alone: most of them), with the same
   * floating-point operations as {@link solveSymmetric} at n = 1 (so the same scores), without its loops.
   */
  private solveSingle(component: number, m: number, v: number, c0: number): number {
    const ridge = 1e-12 * m + 1e-300;
    const root = Math.sqrt(Math.max(m + ridge, ridge));
    let b = v / root / root;
    b = Number.isFinite(b) ? Math.min(Math.max(b, this.layout.bounds.b.min), this.layout.bounds.b.max) : this.layout.bounds.b.max;
    (this.x[component] as Float64Array)[0] = b;
    this.bcol[(this.componentColumns[component] as Int32Array)[0] as number] = b;
    let total = c0;
    total -= 2 * b * v;
    total += b * b * m;
    return Math.max(total, 0);
  }

  private lastD = NaN;
  private lastTargets: { lhs: Float64Array; W: Float64Array } | undefined;
  /** `log(y − d)` and the weights `w·(y − d)²` for one d (cached: the grid visits each d in a row). */
  private targets(d: number): { lhs: Float64Array; W: Float64Array } {
    if (d === this.lastD && this.lastTargets !== undefined) return this.lastTargets;
    const { problem } = this;
    const lhs = new Float64Array(problem.count);
    const W = new Float64Array(problem.count);
    for (let j = 0; j < problem.count; j++) {
      const y = problem.y[j] as number;
      const gap = Math.max(y - d, 1e-3 * y, 1e-12);
      lhs[j] = Math.log(gap);
      W[j] = (problem.weight[j] as number) * gap * gap;
    }
    this.lastD = d;
    this.lastTargets = { lhs, W };
    return this.lastTargets;
  }

  toTheta(logA: number, d: number, choice: Int32Array): Float64Array {
    const p = this.problem.buckets.length;
    this.score(logA, d, choice); // refresh bcol
    const params = emptyParams(p);
    params.a = Math.exp(logA);
    params.d = d;
    for (let i = 0; i < p; i++) {
      const c = this.column[i] as number;
      params.b[i] = c >= 0 ? (this.bcol[c] as number) : (this.layout.bFixed[i] as number);
      params.tau[i] = this.tauValues[choice[i] as number] as number;
    }
    return toTheta(this.layout, params);
  }
}

/** Solves the symmetric positive semi-definite system M x = v (lower triangle of M filled) by Cholesky with a ridge. */
export function solveSymmetric(
  M: Float64Array,
  v: Float64Array,
  x: Float64Array,
  n: number,
  L: Float64Array = new Float64Array(n * n),
): void {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += M[i * n + i] as number;
  const ridge = 1e-12 * (trace / Math.max(n, 1)) + 1e-300;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (M[i * n + j] as number) + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= (L[i * n + k] as number) * (L[j * n + k] as number);
      if (i === j) L[i * n + i] = Math.sqrt(Math.max(sum, ridge));
      else L[i * n + j] = sum / (L[j * n + j] as number);
    }
  }
  for (let i = 0; i < n; i++) {
    let sum = v[i] as number;
    for (let k = 0; k < i; k++) sum -= (L[i * n + k] as number) * (x[k] as number);
    x[i] = sum / (L[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (L[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (L[i * n + i] as number);
  }
}
