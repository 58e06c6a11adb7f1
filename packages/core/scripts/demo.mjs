// `pnpm demo`: the golden table of the spec §6 computed by @qqt/core from the paper's T-MARS ImageNet parameters
// (Goyal et al., CVPR 2024, Fig. 4 legend; tau on the official grid linspace(1, 10, 100)), with the best pool per
// budget and the exact crossover budgets. Later issues replace this with the CLI and the web app.
import { findCrossovers, nestedPools, predictError, recommend } from "../dist/index.js";

const tauGrid = (i) => 1 + (9 * i) / 99;
const S = 12_800_000;
const buckets = [
  { id: "top0-10", size: S, b: -0.18, tau: tauGrid(37), label: "top 10%" },
  { id: "top10-20", size: S, b: -0.15, tau: tauGrid(36), label: "top 20%" },
  { id: "top20-30", size: S, b: -0.12, tau: tauGrid(22), label: "top 30%" },
  { id: "top30-40", size: S, b: -0.1, tau: tauGrid(6), label: "top 40%" },
];
const task = { a: 0.022, d: 0.1 };
const law = { formulation: "utility", variant: "reference" };
const budgets = [32e6, 64e6, 128e6, 640e6];
const fmt = (n) => (n >= 1e9 ? `${+(n / 1e9).toFixed(2)}B` : `${+(n / 1e6).toFixed(1)}M`);

console.log("qqt demo: predicted ImageNet error of nested T-MARS pools (paper parameters, official 'reference' law)\n");
const header = ["samples seen", ...buckets.map((b) => b.label), "best"];
const rows = recommend(buckets, task, budgets, law).map((r) => [
  fmt(r.budget),
  ...r.errors.map((e) => e.toFixed(6)),
  buckets[r.best - 1].label,
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));

console.log("\nBest pool changes (exact crossovers between 10M and 10B samples):");
for (const c of findCrossovers(nestedPools(buckets), task, { min: 1e7, max: 1e10 }, law)) {
  console.log(`  at ${fmt(c.budget).padStart(7)}: ${buckets[c.from].label} -> ${buckets[c.to].label} (error ${c.error.toFixed(4)})`);
}
const check = predictError([buckets[0]], task, 32e6, law);
console.log(`\nCheck: top 10% at 32M = ${check.toFixed(6)} (official code: 0.811987)`);
