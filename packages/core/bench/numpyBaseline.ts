// The numpy baseline of the sweep figure (issue 15, point 3): bench/sweep_numpy.py evaluates the same budgets on the
// same nested pools with vectorized numpy in a child process of this run; its values are checked against qqt's.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bucket, PoolModel, TaskParams } from "../src/index.js";

/** The values of the two engines may differ by this much, relatively (libm ulps): more means a different law. */
const AGREEMENT = 1e-12;
const SCRIPT = fileURLToPath(new URL("./sweep_numpy.py", import.meta.url));

/** What {@link compareWithNumpy} measured. */
export interface NumpyComparison {
  /** numpy's version. */
  readonly numpy: string;
  /** Median time of qqt's sweep (every model's `curve` over the budgets), ms. */
  readonly qqtMs: number;
  /** Median time of numpy's vectorized sweep, ms. */
  readonly numpyMs: number;
  /** `qqtMs / numpyMs`: below 1, qqt is faster. */
  readonly ratio: number;
  /** Largest `|qqt − numpy| / |qqt|` over every pool and budget. */
  readonly maxRelativeDifference: number;
}

/** Median of a list of times. */
function median(times: readonly number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Times `models[k].curve(budgets)` for every nested pool `buckets.slice(0, k + 1)` against bench/sweep_numpy.py on
 * the same budgets (median of `repetitions` ≥ 5 each, tables grown before timing on both sides, qqt's repetitions
 * split before and after numpy's), prints both, the ratio and the largest relative difference of the values, and
 * throws if they disagree. Returns `undefined`, with a printed note, when python3 or numpy is missing (`QQT_PYTHON`
 * names another interpreter).
 */
export function compareWithNumpy(
  buckets: readonly Bucket[],
  task: TaskParams,
  models: readonly PoolModel[],
  budgets: Float64Array,
  repetitions = 8,
): NumpyComparison | undefined {
  if (!(repetitions >= 5)) throw new Error(`repetitions ${repetitions}: a median needs at least 5`);
  const python = process.env.QQT_PYTHON ?? "python3";
  const probe = spawnSync(python, ["-c", "import numpy"], { encoding: "utf8" });
  if (probe.status !== 0) {
    console.log(`sweep vs numpy: skipped (${python} with numpy not found; install python3-numpy to measure it)`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "qqt-sweep-"));
  try {
    const budgetsPath = join(dir, "budgets.f64");
    const valuesPath = join(dir, "values.f64");
    writeFileSync(budgetsPath, new Uint8Array(budgets.buffer, budgets.byteOffset, budgets.byteLength));
    const spec = { buckets: buckets.map(({ size, b, tau }) => ({ size, b, tau })), task, budgets: budgetsPath, values: valuesPath, repetitions };

    // qqt is timed around numpy, half of its repetitions before and half after, so load that changes during the run
    // weighs on both sides alike.
    const outs = models.map((model) => model.curve(budgets)); // warm-up; grows every table
    const times: number[] = [];
    const timeQqt = (count: number) => {
      for (let r = 0; r < count; r++) {
        const start = performance.now();
        for (let k = 0; k < models.length; k++) outs[k] = models[k]!.curve(budgets);
        times.push(performance.now() - start);
      }
    };
    timeQqt(Math.ceil(repetitions / 2));
    const run = spawnSync(python, [SCRIPT], { input: JSON.stringify(spec), encoding: "utf8", maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`${SCRIPT} failed (${run.status}): ${run.stderr}`);
    const numpy = JSON.parse(run.stdout) as { median_ms: number; values_checksum: number; numpy: string };
    timeQqt(Math.floor(repetitions / 2));

    const bytes = readFileSync(valuesPath);
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
    const values = new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
    if (values.length !== models.length * budgets.length) throw new Error(`numpy wrote ${values.length} values`);
    let maxRelativeDifference = 0;
    let checksum = 0;
    for (let k = 0; k < models.length; k++) {
      const out = outs[k]!;
      for (let j = 0; j < budgets.length; j++) {
        const q = out[j]!;
        const difference = Math.abs(q - values[k * budgets.length + j]!) / Math.abs(q);
        if (difference > maxRelativeDifference) maxRelativeDifference = difference;
        else if (Number.isNaN(difference)) maxRelativeDifference = Infinity; // a NaN on either side fails the check
        checksum += q;
      }
    }
    const qqtMs = median(times);
    const result = { numpy: numpy.numpy, qqtMs, numpyMs: numpy.median_ms, ratio: qqtMs / numpy.median_ms, maxRelativeDifference };
    console.log(
      `sweep vs numpy ${result.numpy} (${models.length} pools × ${budgets.length} budgets, median of ${repetitions}): ` +
        `qqt ${qqtMs.toFixed(1)} ms, numpy ${result.numpyMs.toFixed(1)} ms, ratio ${result.ratio.toFixed(2)}× ` +
        `(${result.ratio <= 1 ? "qqt at most numpy's time" : "qqt slower"}); max relative difference ` +
        `${maxRelativeDifference.toExponential(2)}; checksums ${checksum} (qqt) vs ${numpy.values_checksum} (numpy)`,
    );
    if (!(maxRelativeDifference < AGREEMENT)) {
      throw new Error(`qqt and numpy disagree: max relative difference ${maxRelativeDifference} ≥ ${AGREEMENT}`);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
