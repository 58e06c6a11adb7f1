// Internal: small dense symmetric linear algebra (a few dozen parameters at most). Hand-written because the
// general-purpose routines of mathjs cost milliseconds per call at this size, which is the whole budget of a fit.

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: `A = V·diag(values)·Vᵀ`. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
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

/** Inverse of a symmetric positive-definite matrix from its eigen-decomposition; `undefined` if not SPD. */
export function symmetricInverse(matrix: readonly (readonly number[])[]): number[][] | undefined {
  const { values, vectors } = symmetricEigen(matrix);
  const n = matrix.length;
  if (values.some((v) => !(v > 0) || !Number.isFinite(v))) return undefined;
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let k = 0; k < n; k++) {
    const v = vectors[k] as number[];
    const inv = 1 / (values[k] as number);
    for (let i = 0; i < n; i++) {
      const vi = (v[i] as number) * inv;
      const row = out[i] as number[];
      for (let j = 0; j < n; j++) row[j] = (row[j] as number) + vi * (v[j] as number);
    }
  }
  return out;
}
