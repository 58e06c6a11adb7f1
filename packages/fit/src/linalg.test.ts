import { describe, expect, it } from "vitest";
import { symmetricEigen } from "./linalg.js";
import { seededRandom } from "./random.js";
import { jacobiEigen } from "./testing/jacobiEigen.js";

/** A random symmetric matrix: JᵀJ of a random m × n J (m < n makes it singular), optionally with equal diagonal blocks. */
function gram(n: number, m: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const J = Array.from({ length: m * n }, () => random() - 0.5);
  const A = new Float64Array(n * n);
  for (let s = 0; s < n; s++) for (let t = 0; t < n; t++) for (let j = 0; j < m; j++) A[s * n + t] = (A[s * n + t] as number) + J[j * n + s]! * J[j * n + t]!;
  return A;
}

describe("symmetricEigen (Householder + QL)", () => {
  it.each([
    { n: 1, m: 3, seed: 1 },
    { n: 2, m: 5, seed: 2 },
    { n: 7, m: 20, seed: 3 },
    { n: 12, m: 8, seed: 4 }, // rank 8: four zero eigenvalues
    { n: 40, m: 120, seed: 5 },
    { n: 202, m: 400, seed: 6 }, // the diagnostics of a 100-bucket fit
  ])("n = $n, rank ≤ $m: A·v = λ·v, V orthonormal, same values as Jacobi", ({ n, m, seed }) => {
    const A = gram(n, m, seed);
    const { values, vectors, converged } = symmetricEigen(A, n);
    expect(converged).toBe(true);
    let largest = 0;
    for (const v of values) largest = Math.max(largest, Math.abs(v));
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
      let residual = 0;
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A[i * n + j]! * vectors[j * n + k]!;
        residual = Math.max(residual, Math.abs(av - values[k]! * vectors[i * n + k]!));
      }
      expect(residual).toBeLessThan(1e-12 * largest * n);
      for (let l = 0; l <= k; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + k]! * vectors[i * n + l]!;
        expect(Math.abs(dot - (l === k ? 1 : 0))).toBeLessThan(1e-12 * n);
      }
    }
    if (n <= 40) {
      const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
      const oracle = jacobiEigen(rows).values.sort((u, v) => u - v);
      oracle.forEach((value, k) => expect(Math.abs(values[k]! - value)).toBeLessThan(1e-12 * largest * n));
    }
    if (m < n) expect(Math.abs(values[n - m - 1]!)).toBeLessThan(1e-12 * largest);
  });

  it("reports a matrix with NaN as not converged", () => {
    expect(symmetricEigen(Float64Array.of(1, Number.NaN, Number.NaN, 1), 2).converged).toBe(false);
  });

  it("handles the empty and the diagonal matrix", () => {
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0);
    expect(Array.from(symmetricEigen(Float64Array.of(3, 0, 0, 0, 1, 0, 0, 0, 2), 3).values)).toEqual([1, 2, 3]);
  });
});
