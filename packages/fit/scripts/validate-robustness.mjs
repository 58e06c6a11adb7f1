/* global performance */
// Robustness validation: random synthetic studies (2–5 buckets, paper or nested design, paper or reference variant,
// noise 0 / 0.002 / 0.01). Compares the default fit's SSE with a 20-start fit and with the SSE of the true parameters,
// printing every study where the default is worse. Usage (after `pnpm build`): node scripts/validate-robustness.mjs [studies=60]
import { predictError, seededRandom, standardNormal } from "@qqt/core";
import { fit } from "../dist/index.js";
const normal = standardNormal;
let worse = 0, aboveTruth = 0, total = 0;
const studies = Number(process.argv[2] ?? 60);
for (let k = 0; k < studies; k++) {
  const r = seededRandom(500 + k);
  const p = 2 + Math.floor(r() * 4);
  const law = r() < 0.5 ? { variant: "paper" } : { variant: "reference" };
  const noise = [0, 0.002, 0.01][Math.floor(r() * 3)];
  const task = { a: Math.exp(Math.log(0.005) + r() * Math.log(20)), d: r() * 0.3 };
  const buckets = Array.from({ length: p }, (_, i) => ({ id: "q" + i, size: 12.8e6 * (1 + Math.floor(r() * 3)), b: -(0.05 + r() * 0.25), tau: 1 + r() * 9 }));
  const nested = r() < 0.4;
  const obs = [];
  if (nested) { for (let i = 1; i <= p; i++) for (const n of [25.6e6, 51.2e6, 102e6, 204e6, 409e6]) { const pool = buckets.slice(0, i); obs.push({ pool: pool.map(b => b.id), samplesSeen: n, error: predictError(pool, task, n, law) + noise * normal(r) }); } }
  else { for (const b of buckets) for (const e of [2, 4, 6, 8, 10]) obs.push({ pool: [b.id], samplesSeen: e * b.size, error: predictError([b], task, e * b.size, law) + noise * normal(r) }); }
  const input = { buckets: buckets.map(({ id, size }) => ({ id, size })), observations: obs };
  let truth = 0; const byId = new Map(buckets.map(b => [b.id, b]));
  for (const o of obs) truth += (o.error - predictError(o.pool.map(id => byId.get(id)), task, o.samplesSeen, law)) ** 2;
  const t0 = performance.now();
  const def = fit(input, { law });
  const dt = performance.now() - t0;
  const many = fit(input, { law, starts: 20 });
  total++;
  const best = Math.min(many.sse, truth);
  const bad = def.sse > best * (1 + 1e-6) + 1e-24;
  if (bad) worse++;
  if (def.sse > truth * (1 + 1e-9) + 1e-24) aboveTruth++;
  if (bad || def.sse > truth + 1e-24) console.log(k, law.variant, nested ? "nested" : "paper", p, noise, "def", def.sse.toExponential(4), "many", many.sse.toExponential(4), "truth", truth.toExponential(4), dt.toFixed(0) + "ms", def.warnings.map(w => w.code).join(","));
}
console.log(`default fit worse than the best of (20-start fit, truth): ${worse} of ${total} studies; SSE above the true parameters' SSE: ${aboveTruth}`);
