// Internal: disjoint sets over 0..n−1 (path halving), for the components of a study — buckets or slots coupled by a
// mixture run or a shared parameter — in the global stage and the structured solver.

/** Disjoint sets over `0 … n − 1`. */
export interface UnionFind {
  /** The representative of `i`'s set. */
  find(i: number): number;
  /** Merges the sets of `i` and `k` (the smaller representative wins, so the result does not depend on the order). */
  join(i: number, k: number): void;
}

/** `n` singleton sets. @example const sets = unionFind(3); sets.join(0, 2); sets.find(2) // 0 */
export function unionFind(n: number): UnionFind {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  return {
    find,
    join(i, k) {
      const ri = find(i);
      const rk = find(k);
      if (ri !== rk) parent[Math.max(ri, rk)] = Math.min(ri, rk);
    },
  };
}
