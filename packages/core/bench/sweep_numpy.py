"""The numpy baseline of the bench group "sweep: 10^6 budgets × 10 nested pools" (issue 15, point 3).

The same computation as `poolModel(pool, task, law).curve(budgets)` of `src/poolModel.ts`, utility formulation,
`reference` variant, in vectorized numpy:

- per pool, the prefix tables `U[e] = Σ_i w_i b_i δ_i^e` and `H[k] = Σ_{e=1..k−1} U[e]·log1p(1/e)` (Neumaier sum),
  grown like `extend()` (δ_i^e by recurrence, exact every 32 passes, tail bound checked every 4 passes) up to the
  pool's tail cutoff or the largest `K` of the budgets. Scalar Python, outside the timing — as for qqt, whose tables
  are grown before its timing;
- the budgets with array ops, timed: `K = floor(n/S)` (corrected so that `K·S ≤ n < (K+1)·S`), then for `n ≥ S`
  `exp(log(P(S) + d) + H[min(K, cutoff)] + U[K]·log1p((n − K·S)/(K·S)))` (no partial pass at or past the cutoff)
  and for `0 < n < S` `exp(logaddexp(b0·log(a·n/N), log d))`; `d` at `n = 0`.

Input (stdin, JSON): {"buckets": [{"size", "b", "tau"}, ...] (nested pools are its prefixes 1..len),
"task": {"a", "d", "normalizer"}, "budgets": path to raw little-endian float64, "values": path to write the values
to (raw float64, pool after pool; optional), "repetitions": int (≥ 5)}.
Output (stdout, JSON): {"median_ms", "values_checksum" (Σ of all values), "times_ms", "numpy"}.
"""

import json
import math
import sys
import time

import numpy as np

LOG_HALF_LIFE_BASE = math.log(0.5)
TAIL_TOLERANCE = 1e-15
TABLE_LIMIT = 1 << 16
POWER_REFRESH = 32
TAIL_CHECK_EVERY = 4


def log_add_exp(x, y):
    """log(e^x + e^y) as src/poolModel.ts computes it (scalars)."""
    if x == -math.inf:
        return y
    if y == -math.inf:
        return x
    m = max(x, y)
    if m == math.inf:
        return math.inf
    return m + math.log1p(math.exp(-abs(x - y)))


class Pool:
    """One nested pool compiled like CompiledPool (utility formulation): constants and prefix tables."""

    def __init__(self, buckets, a, d, normalizer):
        self.size = 0.0
        for bucket in buckets:
            self.size += bucket["size"]
        self.w, self.bw, self.ln_delta, self.tail_scale, self.delta = [], [], [], [], []
        b0 = 0.0
        for bucket in buckets:
            w = bucket["size"] / self.size
            ln_delta = (LOG_HALF_LIFE_BASE * w) / bucket["tau"]
            self.w.append(w)
            self.bw.append(w * bucket["b"])
            self.ln_delta.append(ln_delta)
            self.tail_scale.append(abs(w * bucket["b"]) / -math.expm1(ln_delta))
            self.delta.append(math.exp(ln_delta))
            b0 += w * bucket["b"]
        self.powers = [1.0] * len(buckets)
        self.b0, self.a, self.d, self.normalizer = b0, a, d, normalizer
        self.log_d = math.log(d) if d > 0 else -math.inf
        self.log_first_full = log_add_exp(self.head(self.size), self.log_d)
        self.U, self.H = [b0], [0.0, 0.0]
        self.built, self.running_sum, self.compensation, self.cutoff = 1, 0.0, 0.0, math.inf

    def head(self, m):
        return self.b0 * math.log((self.a * m) / self.normalizer)

    def extend(self, target):
        """extend() of src/poolModel.ts for the utility formulation."""
        last = min(target, TABLE_LIMIT)
        while self.built <= last and self.cutoff == math.inf:
            e = self.built
            exact = e % POWER_REFRESH == 1
            u = 0.0
            for i in range(len(self.w)):
                delta = math.exp(e * self.ln_delta[i]) if exact else self.powers[i] * self.delta[i]
                self.powers[i] = delta
                u += self.bw[i] * delta
            self.U.append(u)
            if e % TAIL_CHECK_EVERY == 0:
                tail = 0.0
                for i in range(len(self.w)):
                    tail += self.tail_scale[i] * self.powers[i]
                if tail / e <= TAIL_TOLERANCE:
                    self.cutoff = e
                    break
            term = u * math.log1p(1 / e)
            s = self.running_sum + term
            if abs(self.running_sum) >= abs(term):
                self.compensation += self.running_sum - s + term
            else:
                self.compensation += term - s + self.running_sum
            self.running_sum = s
            self.H.append(s + self.compensation)
            self.built = e + 1

    def tables(self, budgets):
        """Grows the tables for these budgets and returns them as arrays, with the last index to read."""
        k_max = int(np.floor(budgets.max() / self.size)) + 1
        self.extend(k_max)
        if self.cutoff == math.inf and self.built <= k_max:
            raise SystemExit("a budget past the prefix table (far field): not part of this baseline")
        last = self.cutoff if self.cutoff != math.inf else self.built - 1
        U = np.array(self.U[: last + 1])
        if self.cutoff != math.inf:
            U[last] = 0.0  # past the cutoff the series is complete: no partial pass
        return np.array(self.H[: last + 1]), U, last


class Scratch:
    """Work arrays reused by every pool and repetition: out= keeps numpy from allocating (and page-faulting) 8 MB
    temporaries per operation, which made the baseline 1.7× slower. The result array is new per pool, as in qqt."""

    def __init__(self, size):
        self.K = np.empty(size)
        self.KS = np.empty(size)
        self.t = np.empty(size)
        self.index = np.empty(size, dtype=np.intp)
        self.flag = np.empty(size, dtype=bool)


def evaluate(pool, H, U, last, n, w):
    """The predicted errors of one pool at budgets `n`, in a new array as `curve` returns (the timed part)."""
    S = pool.size
    out = np.empty_like(n)
    K, KS, t = w.K, w.KS, w.t
    # K = floor(n / S), corrected so that K·S ≤ n < (K + 1)·S (floorPasses).
    np.floor(np.divide(n, S, out=K), out=K)
    np.subtract(K, np.greater(np.multiply(K, S, out=KS), n, out=w.flag), out=K)
    np.add(K, np.less_equal(np.multiply(np.add(K, 1, out=t), S, out=t), n, out=w.flag), out=K)
    np.multiply(K, S, out=KS)
    np.copyto(w.index, np.minimum(K, last, out=t), casting="unsafe")
    # n ≥ S: exp(log(P(S) + d) + (H[K] + U[K]·log1p(excess / (K·S)))); U is 0 at the cutoff (no partial pass past it).
    np.log1p(np.divide(np.subtract(n, KS, out=t), KS, out=t), out=t)
    t *= U.take(w.index)
    t += H.take(w.index)
    t += pool.log_first_full
    np.exp(t, out=out)
    # 0 < n < S: (P + d) with log(P + d) = max + log1p(exp(−|head − log d|)), as logAddExp in src/poolModel.ts.
    first = np.less(n, S, out=w.flag)
    if first.any():
        head = pool.b0 * np.log((pool.a * n[first]) / pool.normalizer)
        out[first] = np.exp(np.maximum(head, pool.log_d) + np.log1p(np.exp(-np.abs(head - pool.log_d))))
        out[n == 0] = pool.d
    return out


def main():
    spec = json.load(sys.stdin)
    budgets = np.fromfile(spec["budgets"], dtype="<f8")
    task = spec["task"]
    buckets = spec["buckets"]
    repetitions = max(5, int(spec.get("repetitions", 5)))
    pools = [Pool(buckets[: k + 1], task["a"], task["d"], task.get("normalizer", 100_000)) for k in range(len(buckets))]
    tables = [pool.tables(budgets) for pool in pools]
    out = [None] * len(pools)
    scratch = Scratch(budgets.size)
    times = []
    with np.errstate(all="ignore"):  # n < S divides by K·S = 0 on the path whose values it then overwrites
        for _ in range(repetitions + 1):  # the first is a warm-up
            start = time.perf_counter()
            for k, pool in enumerate(pools):
                out[k] = evaluate(pool, *tables[k], budgets, scratch)
            times.append((time.perf_counter() - start) * 1e3)
    times = times[1:]
    out = np.concatenate(out)
    if spec.get("values"):
        out.tofile(spec["values"])
    print(json.dumps({
        "median_ms": float(np.median(times)),
        "values_checksum": float(out.sum()),
        "times_ms": times,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
