// Bootstrap coverage validation: on synthetic paper-design studies with known parameters and Gaussian noise, how often
// does the 95% bootstrap interval of each free parameter contain the true value? And that of the predicted error of
// the nested pools at budgets inside the data (64M) and beyond it (640M, 6.4B: what a recommendation extrapolates to)?
// Usage (after `pnpm build`): node scripts/validate-coverage.mjs [repetitions=100] [samples=200] [method=residuals] [noise=0.005]
import { adviceEngine, predictError, seededRandom, standardNormal } from "@qqt/core";
import { bootstrap } from "../dist/index.js";

const [repetitions = 100, samples = 200] = process.argv.slice(2, 4).map(Number);
const method = process.argv[4] ?? "residuals";
const noise = Number(process.argv[5] ?? 0.005);
const SIZE = 12_800_000;
const tauGrid = (i) => 1 + (9 * i) / 99;
const TRUE = [
  { id: "top0-10", size: SIZE, b: -0.18, tau: tauGrid(37) },
  { id: "top10-20", size: SIZE, b: -0.15, tau: tauGrid(36) },
  { id: "top20-30", size: SIZE, b: -0.12, tau: tauGrid(22) },
  { id: "top30-40", size: SIZE, b: -0.1, tau: tauGrid(6) },
  { id: "top40-50", size: SIZE, b: -0.08, tau: 1.2 },
];
const TASK = { a: 0.022, d: 0.1 };
/** Budgets at which the predicted error of every nested pool is checked: inside the data, then 5× and 50× past it. */
const PREDICTION_BUDGETS = [64e6, 640e6, 6.4e9];

const hits = new Map();
const hit = (name, interval, truth) => {
  const entry = hits.get(name) ?? { covered: 0, total: 0, widths: [] };
  entry.total++;
  entry.widths.push((interval.high - interval.low) / Math.abs(truth));
  if (interval.low <= truth && truth <= interval.high) entry.covered++;
  hits.set(name, entry);
};
const started = Date.now();
let failures = 0;
for (let rep = 0; rep < repetitions; rep++) {
  const random = seededRandom(1000 + rep);
  const observations = [];
  for (const bucket of TRUE) {
    for (const epochs of [2, 4, 6, 8, 10]) {
      const n = epochs * SIZE;
      observations.push({ pool: [bucket.id], samplesSeen: n, error: predictError([bucket], TASK, n) + noise * standardNormal(random) });
    }
  }
  const input = { buckets: TRUE.map(({ id, size }) => ({ id, size })), observations };
  const boot = await bootstrap(input, { samples, seed: rep, method });
  failures += boot.failures;
  hit("a", boot.intervals.a, TASK.a);
  hit("d", boot.intervals.d, TASK.d);
  boot.intervals.buckets.forEach((b, i) => {
    hit("b", b.b, TRUE[i].b);
    hit("tau", b.tau, TRUE[i].tau);
  });
  for (let k = 1; k <= TRUE.length; k++) {
    const pool = TRUE.slice(0, k);
    // The band of the mean curve (meanInterval) against the true mean curve; prediction intervals of new runs are
    // checked by bench/predictionCoverage.test.ts.
    const forecast = adviceEngine(boot.model).predict(pool.map((b) => b.id), PREDICTION_BUDGETS);
    forecast.predictions.forEach((p, j) => hit(`error@${PREDICTION_BUDGETS[j] / 1e6}M`, p.meanInterval, predictError(pool, TASK, PREDICTION_BUDGETS[j])));
  }
}
console.log(`bootstrap coverage: ${repetitions} studies (5 buckets × 5 points, noise ${noise}), ${samples} ${method} resamples each, nominal 95%`);
let covered = 0;
let total = 0;
for (const [name, e] of hits) {
  if (!name.startsWith("error@")) {
    covered += e.covered;
    total += e.total;
  }
  const widths = e.widths.sort((x, y) => x - y);
  const median = widths[Math.floor(widths.length / 2)];
  console.log(`  ${name.padEnd(11)} ${((100 * e.covered) / e.total).toFixed(1)}% of ${e.total} intervals (median width ${(100 * median).toFixed(1)}% of the true value)`);
}
console.log(`  all parameters ${((100 * covered) / total).toFixed(1)}% of ${total} intervals; failed refits ${failures}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
