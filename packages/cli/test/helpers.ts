// End-to-end helpers: run the BUILT binary (dist/bin.js) as a child process, and write fixture files.
import { predictError, type Bucket } from "@qqt/core";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/bin.js …args` with a clean environment (no inherited NO_COLOR / FORCE_COLOR) plus `env`. */
export function qqt(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "", ...(options.env ?? {}) };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: options.cwd, encoding: "utf8", maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh temporary directory. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "qqt-cli-e2e-"));
}

/** Writes `text` to `dir/name` and returns the path. */
export function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The paper's T-MARS parameters (docs/qqt-law.md §6). */
export const TMARS: Bucket[] = [
  { id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636363636363 },
  { id: "top10-20", size: 12.8e6, b: -0.15, tau: 4.272727272727273 },
  { id: "top20-30", size: 12.8e6, b: -0.12, tau: 3 },
  { id: "top30-40", size: 12.8e6, b: -0.1, tau: 1.5454545454545454 },
];
export const TMARS_TASK = { a: 0.022, d: 0.1 };
export const REFERENCE = { variant: "reference" as const };

/** Rows `{ pool, samplesSeen, error }` generated from the T-MARS law with small deterministic noise. */
export function tmarsRuns(buckets = TMARS.slice(0, 3)): Array<{ pool: string[]; samplesSeen: number; error: number }> {
  const rows: Array<{ pool: string[]; samplesSeen: number; error: number }> = [];
  let k = 0;
  const noise = () => 0.002 * Math.sin(1.7 * ++k);
  for (const b of buckets) {
    for (const epochs of [2, 4, 6, 8, 10]) {
      rows.push({ pool: [b.id], samplesSeen: epochs * b.size, error: predictError([b], TMARS_TASK, epochs * b.size, REFERENCE) + noise() });
    }
  }
  const pool = buckets.slice(0, 2);
  for (const passes of [1, 2, 4, 8]) {
    const n = passes * 25.6e6;
    rows.push({ pool: pool.map((b) => b.id), samplesSeen: n, error: predictError(pool, TMARS_TASK, n, REFERENCE) + noise() });
  }
  return rows;
}

/** A tidy CSV of runs (`bucket`/`pool`, `pool_size`, `samples_seen`, and the value column). */
export function tidyCsv(rows: ReturnType<typeof tmarsRuns>, value: "error" | "accuracy" = "error", size = 12.8e6): string {
  const header = `pool,pool_size,samples_seen,${value}`;
  const lines = rows.map((r) => `${r.pool.join("+")},${r.pool.length === 1 ? size : ""},${r.samplesSeen},${(value === "error" ? r.error : 1 - r.error).toFixed(6)}`);
  return [header, ...lines].join("\n") + "\n";
}

/** Percentile (type 7, numpy's default) of values. */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((u, v) => u - v);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}
