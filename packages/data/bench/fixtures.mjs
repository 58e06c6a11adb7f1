// Generates the benchmark inputs into a temporary folder (never committed): a 10^6-row tidy CSV (~40 MB) and a
// ~100 MB DataComp-style evaluation directory (300 runs × 30 checkpoints × 38 tasks). Deterministic.
import { existsSync, mkdirSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DATACOMP_38_TASKS } from "../dist/index.js";

export const BENCH_DIR = join(tmpdir(), "qqt-data-bench-v1");
export const CSV_ROWS = 1_000_000;
export const RUNS = 300;
export const CHECKPOINTS = 30;

export function csvPath() {
  const path = join(BENCH_DIR, "runs-1e6.csv");
  if (existsSync(path)) return path;
  mkdirSync(BENCH_DIR, { recursive: true });
  const parts = ["bucket,pool_size,samples_seen,error,seed\n"];
  for (let i = 0; i < CSV_ROWS; i++) {
    parts.push(`top${i % 10}0-${(i % 10) + 1}0,12.8M,${(i % 1000) + 1}M,0.${String(100000 + ((i * 7919) % 899999)).slice(0, 6)},${Math.floor(i / 1000)}\n`);
  }
  writeFileSync(path, parts.join(""));
  return path;
}

export function datacompPath() {
  const dir = join(BENCH_DIR, "datacomp-100mb");
  if (existsSync(join(dir, ".complete"))) return dir;
  mkdirSync(dir, { recursive: true });
  for (let r = 0; r < RUNS; r++) {
    for (let k = 1; k <= CHECKPOINTS; k++) {
      const runDir = join(dir, `bucket${r}`);
      mkdirSync(runDir, { recursive: true });
      const lines = DATACOMP_38_TASKS.map((key, t) => {
        const acc = ((r * 31 + k * 17 + t * 7) % 1000) / 1000;
        return JSON.stringify({
          key,
          dataset: key,
          metrics: { acc1: acc, acc5: Math.min(1, acc + 0.2), mean_per_class_recall: acc, main_metric: acc, per_class_note: "x".repeat(160) },
        });
      });
      writeFileSync(join(runDir, `eval_results_epoch_${k}_step_-1.jsonl`), `${lines.join("\n")}\n`);
    }
  }
  writeFileSync(join(dir, ".complete"), "");
  return dir;
}

export function sizeOf(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}
