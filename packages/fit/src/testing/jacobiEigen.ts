// Test oracle: the cyclic Jacobi eigen-decomposition the diagnostics used before the Householder + QL one of
// src/linalg.ts (Jacobi costs ~10 sweeps of 3n³ and was a quarter of a 100-bucket fit). Kept to check the new one.

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: `A = V·diag(values)·Vᵀ`. */
export function jacobiEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const A = matrix.map((row) => [...row]);
  const V = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const MAX_SWEEPS = 100;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = (A[i] as number[])[j] as number;
        norm += x * x;
        if (i !== j) off += x * x;
      }
    }
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const Ap = A[p] as number[];
        const Aq = A[q] as number[];
        const apq = Ap[q] as number;
        if (apq === 0) continue;
        const theta = ((Aq[q] as number) - (Ap[p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const Ak = A[k] as number[];
          const akp = Ak[p] as number;
          const akq = Ak[q] as number;
          Ak[p] = c * akp - s * akq;
          Ak[q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = Ap[k] as number;
          const aqk = Aq[k] as number;
          Ap[k] = c * apk - s * aqk;
          Aq[k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const Vk = V[k] as number[];
          const vkp = Vk[p] as number;
          const vkq = Vk[q] as number;
          Vk[p] = c * vkp - s * vkq;
          Vk[q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = A.map((row, i) => row[i] as number);
  const vectors = values.map((_, k) => V.map((row) => row[k] as number));
  return { values, vectors };
}
