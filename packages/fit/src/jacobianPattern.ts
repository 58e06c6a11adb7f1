import type { Layout } from "./layout.js";
import type { Problem } from "./problem.js";

// Internal: the sparsity of ∂r/∂θ. A run touches a, d and the b, tau slots of its pool's buckets only, so the
// Jacobian is stored row by row (CSR): every run of a pool has the same columns, in the pool's column order.

/** CSR pattern of the Jacobian: row j holds entries rowStart[j] .. rowStart[j + 1] − 1, θ slots `column`. */
export interface JacobianPattern {
  /** Rows (observations) and columns (θ slots). */
  rows: number;
  columns: number;
  rowStart: Int32Array;
  column: Int32Array;
  /** Stored entries (Σ of the row widths). */
  nonzeros: number;
  /** θ slots of the rows of each pool (distinct), by pool index. */
  poolColumns: Int32Array[];
  /** Entry of a and of d within the rows of each pool (−1 when fixed). */
  poolA: Int32Array;
  poolD: Int32Array;
  /** Entry of each pool member's b and tau within the pool's rows (aligned with `PoolInfo.buckets`; −1 when fixed). */
  memberB: Int32Array[];
  memberTau: Int32Array[];
}

/** Builds the CSR pattern of the Jacobian of a problem under a θ layout. */
export function buildJacobianPattern(problem: Problem, layout: Layout): JacobianPattern {
  const pools = problem.pools.length;
  const poolColumns: Int32Array[] = [];
  const poolA = new Int32Array(pools);
  const poolD = new Int32Array(pools);
  const memberB: Int32Array[] = [];
  const memberTau: Int32Array[] = [];
  for (let p = 0; p < pools; p++) {
    const pool = problem.pools[p]!;
    const slots: number[] = [];
    const position = (slot: number): number => {
      if (slot < 0) return -1;
      const at = slots.indexOf(slot);
      if (at >= 0) return at;
      slots.push(slot);
      return slots.length - 1;
    };
    poolA[p] = position(layout.aSlot);
    poolD[p] = position(layout.dSlot);
    const bPos = new Int32Array(pool.buckets.length);
    const tauPos = new Int32Array(pool.buckets.length);
    for (let k = 0; k < pool.buckets.length; k++) {
      const i = pool.buckets[k] as number;
      bPos[k] = position(layout.bSlot[i] as number);
      tauPos[k] = position(layout.tauSlot[i] as number);
    }
    poolColumns.push(Int32Array.from(slots));
    memberB.push(bPos);
    memberTau.push(tauPos);
  }
  const rowStart = new Int32Array(problem.count + 1);
  for (let j = 0; j < problem.count; j++) {
    rowStart[j + 1] = (rowStart[j] as number) + (poolColumns[problem.poolOf[j] as number] as Int32Array).length;
  }
  const nonzeros = rowStart[problem.count] as number;
  const column = new Int32Array(nonzeros);
  for (let j = 0; j < problem.count; j++) column.set(poolColumns[problem.poolOf[j] as number] as Int32Array, rowStart[j] as number);
  return { rows: problem.count, columns: layout.size, rowStart, column, nonzeros, poolColumns, poolA, poolD, memberB, memberTau };
}
