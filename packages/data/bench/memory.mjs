// Peak memory per approach, each in its own Node process (maxRSS is per process): `node bench/memory.mjs`.
// Prints a Markdown table for BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { csvPath, datacompPath, sizeOf } from "./fixtures.mjs";

const here = new URL(".", import.meta.url).pathname;
const csv = csvPath();
const datacomp = datacompPath();
const cases = [
  ["tidy CSV 10^6 rows", "stream-csv", csv],
  ["tidy CSV 10^6 rows", "whole-csv", csv],
  ["tidy CSV 10^6 rows", "naive-csv", csv],
  ["DataComp ~100 MB", "stream-datacomp", datacomp],
  ["DataComp ~100 MB", "naive-datacomp", datacomp],
];
console.log(`inputs: CSV ${(sizeOf(csv) / 1e6).toFixed(1)} MB, DataComp ${(sizeOf(datacomp) / 1e6).toFixed(1)} MB\n`);
console.log("| input | approach | time (s) | CPU (s) | peak RSS (MB) | result heap (MB) | observations |");
console.log("|---|---|---|---|---|---|---|");
for (const [input, mode, path] of cases) {
  const out = execFileSync(process.execPath, ["--expose-gc", `${here}memory-child.mjs`, mode, path], { encoding: "utf8" });
  const r = JSON.parse(out);
  console.log(`| ${input} | ${r.label} | ${(r.ms / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${r.maxRssMB.toFixed(0)} | ${r.resultHeapMB.toFixed(0)} | ${r.observations} |`);
}
