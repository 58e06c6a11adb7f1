// Test-only loader of the OpenCLIP scaling-law results (Cherti et al. 2023) copied to test-data/ (see its README).
// Not part of the published library (it reads files with node:fs).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FitInput, Observation } from "../types.js";

const DATA_DIR = fileURLToPath(new URL("../../test-data/", import.meta.url));

/**
 * Unique samples in each LAION pool. 80M and 400M: `samples_per_epoch` of the runs on them in
 * trained_models_info.csv, where a checkpoint epoch is a real pass (80,000,415 and 407,332,084; a few 400M runs
 * use a rounded 413,000,000). 2B: LAION-2B-en ≈ 2.32B (SOURCE.md), since 2B runs checkpoint on shorter virtual epochs.
 */
export const LAION_SIZES: Record<string, number> = {
  "LAION-80M": 80_000_415,
  "LAION-400M": 407_332_084,
  "LAION-2B": 2_320_000_000,
};

export interface LaionRun {
  arch: string;
  dataset: string;
  samplesSeen: number;
  pretty: string;
  top1: number;
  line: number;
}

/** Minimal CSV parser for this file (no quoted commas in the rows used). */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] as string).split(",");
  return { header, rows: lines.slice(1).map((l) => l.split(",")) };
}

/** ImageNet-1k zero-shot top-1 of every LAION run in zeroshot_results.csv. */
export function loadLaionImagenet(): LaionRun[] {
  const { header, rows } = parseCsv(readFileSync(`${DATA_DIR}zeroshot_results.csv`, "utf8"));
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`zeroshot_results.csv: missing column ${name}`);
    return i;
  };
  const [arch, samples, upstream, downstream, acc1, pretty] = [
    col("arch"),
    col("samples_seen"),
    col("upstream_dataset"),
    col("downstream_dataset"),
    col("acc1"),
    col("samples_seen_pretty"),
  ];
  const runs: LaionRun[] = [];
  rows.forEach((row, i) => {
    if (row[downstream] !== "imagenet1k" || !(row[upstream] as string).startsWith("LAION-")) return;
    const samplesSeen = Number(row[samples]);
    const top1 = Number(row[acc1]);
    if (!Number.isFinite(samplesSeen) || !Number.isFinite(top1)) {
      throw new Error(`zeroshot_results.csv line ${i + 2}: expected numeric samples_seen and acc1`);
    }
    runs.push({ arch: row[arch] as string, dataset: row[upstream] as string, samplesSeen, pretty: row[pretty] as string, top1, line: i + 2 });
  });
  return runs;
}

/** One architecture as a study: the three LAION pools as buckets, error = 1 − top-1. */
export function laionStudy(arch: string, budgets: string[]): { input: FitInput; runs: LaionRun[] } {
  const runs = loadLaionImagenet().filter((r) => r.arch === arch && budgets.includes(r.pretty));
  const observations: Observation[] = runs.map((r) => ({ pool: [r.dataset], samplesSeen: r.samplesSeen, error: 1 - r.top1 }));
  const buckets = Object.entries(LAION_SIZES).map(([id, size]) => ({ id, size }));
  return { input: { buckets, observations }, runs };
}
