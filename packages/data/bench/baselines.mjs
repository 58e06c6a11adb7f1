// Naive baselines: read the whole input into memory, split into lines, parse with no validation. What a quick script
// would do; the readers must be compared against them in the same process.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** readFile + split("\n") + split(",") + Number(): no quoting, no suffixes, no checks. */
export function naiveCsv(path) {
  const lines = readFileSync(path, "utf8").split("\n");
  const out = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    const f = lines[i].split(",");
    out.push({ pool: [f[0]], samplesSeen: Number(f[2].replace("M", "")) * 1e6, error: Number(f[3]), tags: { seed: f[4] } });
  }
  return out;
}

/** Every file read whole, split into lines, JSON.parse each, mean of main_metric over all tasks. */
export function naiveDataComp(dir) {
  const out = [];
  for (const bucket of readdirSync(dir)) {
    if (bucket.startsWith(".")) continue;
    for (const name of readdirSync(join(dir, bucket))) {
      const k = Number(/epoch_(\d+)/.exec(name)[1]);
      const lines = readFileSync(join(dir, bucket, name), "utf8").split("\n").filter((l) => l !== "");
      const scores = lines.map((l) => JSON.parse(l).metrics.main_metric);
      out.push({ pool: [bucket], samplesSeen: k * 12.8e6, error: 1 - scores.reduce((a, b) => a + b, 0) / scores.length });
    }
  }
  return out;
}
