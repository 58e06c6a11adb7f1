// One approach in a fresh process: time, CPU time (user + system, all threads: the GC's and the file reads' too),
// peak RSS (resourceUsage().maxRSS) and the heap the result keeps alive.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseTidyCsv } from "../dist/index.js";
import { readDataCompDirectory, readTidyCsvFile } from "../dist/node.js";
import { naiveCsv, naiveDataComp } from "./baselines.mjs";

const [mode, path] = process.argv.slice(2);
const labels = {
  "stream-csv": "readTidyCsvFile (streaming, validated)",
  "whole-csv": "parseTidyCsv(readFileSync) (validated)",
  "naive-csv": "baseline: readFileSync + split",
  "stream-datacomp": "readDataCompDirectory (streaming, validated)",
  "naive-datacomp": "baseline: readFileSync + JSON.parse",
};
globalThis.gc();
const heap0 = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let result;
if (mode === "stream-csv") result = (await readTidyCsvFile(path)).data.observations;
else if (mode === "whole-csv") result = parseTidyCsv(readFileSync(path, "utf8"), { file: path }).data.observations;
else if (mode === "naive-csv") result = naiveCsv(path);
else if (mode === "stream-datacomp") result = (await readDataCompDirectory(path, { metric: "all", bucketSize: "12.8M" })).data.observations;
else result = naiveDataComp(path);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
globalThis.gc();
const resultHeapMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ label: labels[mode], ms, cpuMs, maxRssMB, resultHeapMB, observations: result.length }));
