// Internal: dense symmetric eigen-decomposition for the diagnostics (JᵀJ of all free parameters: 2B + 2 of them, a
// few hundred at most). Householder reduction to tridiagonal form, then the implicit QL iteration with Wilkinson-free
// shifts (the tred2/tql2 pair of EISPACK, as in JAMA), in one flat row-major buffer: about 4n³ flops in all, against
// ~30n³ for the cyclic Jacobi rotations used before (src/testing/jacobiEigen.ts, kept as the test oracle).

/** A symmetric eigen-decomposition `A = V·diag(values)·Vᵀ`; `vectors[k]` is the unit eigenvector of `values[k]`. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Row-major n × n: column k (entries `vectors[i * n + k]`) is the eigenvector of `values[k]`. */
  vectors: Float64Array;
  /** False when the QL iteration did not settle (non-finite input); the values are then not to be used. */
  converged: boolean;
}

/** Most QL iterations per eigenvalue before giving up (a finite symmetric matrix needs two or three). */
const MAX_QL_ITERATIONS = 64;
const EPSILON = 2 ** -52;

/**
 * Eigen-decomposition of the symmetric `n × n` matrix `a` (row-major; only read, never written).
 * @example symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values // Float64Array [1, 3]
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const V = Float64Array.from(a.subarray(0, n * n));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: V, converged: true };
  tridiagonalize(V, d, e, n);
  const converged = diagonalize(V, d, e, n);
  // Sort ascending (selection sort on values, swapping vector columns).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if ((d[j] as number) < (d[k] as number)) k = j;
    if (k === i) continue;
    const t = d[i] as number;
    d[i] = d[k] as number;
    d[k] = t;
    for (let r = 0; r < n; r++) {
      const x = V[r * n + i] as number;
      V[r * n + i] = V[r * n + k] as number;
      V[r * n + k] = x;
    }
  }
  return { values: d, vectors: V, converged };
}

/** Householder reduction of V (holding A) to tridiagonal form: diagonal in d, subdiagonal in e, transforms in V. */
function tridiagonalize(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j] as number;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j] as number;
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        const x = (d[k] as number) / scale;
        d[k] = x;
        h += x * x;
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        V[j * n + i] = f;
        g = (e[j] as number) + (V[j * n + j] as number) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const vkj = V[k * n + j] as number;
          g += vkj * (d[k] as number);
          e[k] = (e[k] as number) + vkj * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        const x = (e[j] as number) / h;
        e[j] = x;
        f += x * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        for (let k = j; k <= i - 1; k++) V[k * n + j] = (V[k * n + j] as number) - (f * (e[k] as number) + g * (d[k] as number));
        d[j] = V[(i - 1) * n + j] as number;
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i] as number;
    V[i * n + i] = 1;
    const h = d[i + 1] as number;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (V[k * n + i + 1] as number) / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += (V[k * n + i + 1] as number) * (V[k * n + j] as number);
        for (let k = 0; k <= i; k++) V[k * n + j] = (V[k * n + j] as number) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j] as number;
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e), rotating V's columns; false if an eigenvalue did not settle. */
function diagonalize(V: Float64Array, d: Float64Array, e: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n && !(Math.abs(e[m] as number) <= EPSILON * tst1)) m++;
    if (m === n) return false; // only reached with NaN entries
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > MAX_QL_ITERATIONS) return false;
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * (e[i] as number);
          h = c * p;
          r = Math.hypot(p, e[i] as number);
          e[i + 1] = s * r;
          s = (e[i] as number) / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          for (let k = 0; k < n; k++) {
            const row = k * n;
            const hk = V[row + i + 1] as number;
            const vk = V[row + i] as number;
            V[row + i + 1] = s * vk + c * hk;
            V[row + i] = c * vk - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > EPSILON * tst1);
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
  return true;
}
