# Baseline for bench/scaling.test.ts: 1,000 residual-bootstrap refits of the paper design with scipy's
# least_squares (trust-region reflective, analytic-free 2-point Jacobian), the paper variant of the law
# (y = R(n) + d, single-bucket pools), θ = (log a, d, log(-b_k), log tau_k). Reads JSON on stdin, prints JSON.
import json, sys, time
import numpy as np
from scipy.optimize import least_squares

cfg = json.load(sys.stdin)
S = np.array(cfg["size"], dtype=float)          # per observation: its bucket's size
n = np.array(cfg["samplesSeen"], dtype=float)
k = np.array(cfg["bucket"], dtype=int)
y = np.array(cfg["error"], dtype=float)
B = int(cfg["buckets"]); norm = float(cfg["normalizer"]); x0 = np.array(cfg["theta0"], dtype=float)
refits = int(cfg["refits"]); rng = np.random.default_rng(0)
K = int(np.ceil(n / S).max()) + 1

def model(t):
    a = np.exp(t[0]); d = t[1]; b = -np.exp(t[2:2 + B]); tau = np.exp(t[2 + B:2 + 2 * B])
    bb = b[k]; delta = 0.5 ** (1.0 / tau[k])
    logr = bb * np.log(a * np.minimum(n, S) / norm)
    for e in range(1, K):
        hi = np.minimum((e + 1) * S, n); ratio = np.where(n > e * S, hi / (e * S), 1.0)
        logr += bb * delta ** e * np.log(ratio)
    return np.exp(logr) + d

def solve(target, start):
    return least_squares(lambda t: model(t) - target, start, method="trf", xtol=1e-12, ftol=1e-12, gtol=1e-12).x

point = solve(y, x0)
fitted = model(point); res = y - fitted; m = len(y); p = len(x0)
res = res * np.sqrt(m / (m - p))
start = time.perf_counter()
for _ in range(refits):
    solve(fitted + rng.choice(res, size=m, replace=True), point)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "sse": float(np.sum((model(point) - y) ** 2))}))
