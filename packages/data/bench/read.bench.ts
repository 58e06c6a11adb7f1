// `pnpm bench`: time of the streaming Node readers vs naive whole-file baselines, same process, same data.
// Memory is measured per approach in separate processes by bench/memory.mjs (run after this by `pnpm bench`).
import { bench, describe } from "vitest";
import { readDataCompDirectory, readTidyCsvFile } from "../dist/node.js";
import { parseTidyCsv } from "../dist/index.js";
import { readFileSync } from "node:fs";
// @ts-expect-error: plain ESM helpers without types
import { csvPath, datacompPath } from "./fixtures.mjs";
// @ts-expect-error: plain ESM helpers without types
import { naiveCsv, naiveDataComp } from "./baselines.mjs";

const csv: string = csvPath();
const datacomp: string = datacompPath();
const options = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 };

describe("tidy CSV, 10^6 rows (~40 MB)", () => {
  bench("readTidyCsvFile (streaming, validated)", async () => {
    await readTidyCsvFile(csv);
  }, options);
  bench("parseTidyCsv(readFileSync) (whole text in memory, validated)", () => {
    parseTidyCsv(readFileSync(csv, "utf8"), { file: csv });
  }, options);
  bench("baseline: readFileSync + split, no validation", () => {
    naiveCsv(csv);
  }, options);
});

describe("DataComp directory, ~100 MB (9,000 checkpoints × 38 tasks)", () => {
  bench("readDataCompDirectory, metric all (validated)", async () => {
    await readDataCompDirectory(datacomp, { metric: "all", bucketSize: "12.8M" });
  }, options);
  bench("baseline: readFileSync every file + JSON.parse, no validation", () => {
    naiveDataComp(datacomp);
  }, options);
});
