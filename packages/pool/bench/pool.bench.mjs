// `pnpm bench` (packages/pool): buckets and subsets a generated pool of (uid, score) — 10^8 rows by default — with
// @qqt/pool, then does the same work with one hand-written DuckDB statement per operation in the same process, and
// prints time, rows/s, peak RSS and the ratio. The pool is written to a temporary directory (removed at the end).
//   pnpm --filter @qqt/pool bench                 # 10^8 rows (about 2 GB of parquet, several minutes on 2 cores)
//   pnpm --filter @qqt/pool bench -- --rows 1e6   # a quick run (also QQT_POOL_BENCH_ROWS=1e6)
import { DuckDBInstance } from "@duckdb/node-api";
import { performance } from "node:perf_hooks";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { bucketPool, writeSubset } from "../dist/index.js";
import { generatePool } from "./generate.mjs";

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const rows = Number(arg("--rows") ?? process.env.QQT_POOL_BENCH_ROWS ?? 1e8);
const threads = Number(arg("--threads") ?? Math.min(2, cpus().length));
const memoryLimit = arg("--memory-limit") ?? "8GB";
const dir = mkdtempSync(join(arg("--dir") ?? tmpdir(), "qqt-pool-bench-"));
const pool = join(dir, "pool.parquet");
const score = "clip_l14_similarity_score";
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const fmt = (s) => `${s.toFixed(2)} s`;
const rate = (s) => `${(rows / s / 1e6).toFixed(2)}M rows/s`;

async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - started) / 1000, value };
}

try {
  console.log(`@qqt/pool benchmark: ${rows.toExponential(0)} rows, ${threads} threads, memory limit ${memoryLimit}, node ${process.version}`);
  const gen = await generatePool({ rows, output: pool, threads });
  console.log(`generated ${pool} (${(statSync(pool).size / 1e9).toFixed(2)} GB) in ${fmt(gen)}`);
  const engine = { threads, memoryLimit, tempDirectory: dir };
  const src = `read_parquet('${pool}')`;
  const valid = `uid IS NOT NULL AND isfinite(${score})`;
  const k = Math.round(0.3 * rows);
  // One hand-written statement on its own DuckDB (same threads, memory limit and spill directory), closed before
  // @qqt/pool runs the same operation, so that neither holds the other's memory.
  const sql = async (text) => {
    const instance = await DuckDBInstance.create(":memory:", { threads: String(threads), memory_limit: memoryLimit, temp_directory: dir });
    const c = await instance.connect();
    try {
      return await timed(() => c.run(text));
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  };

  // Each operation: first the hand-written statement, then @qqt/pool (same process, same file, same settings).
  const baseBucket = await sql(`SELECT b, count(*), min(s), max(s) FROM (SELECT ${score} AS s, ntile(10) OVER (ORDER BY ${score} DESC, uid) AS b FROM ${src} WHERE ${valid}) GROUP BY b ORDER BY b`);
  const baseDistinct = await sql(`SELECT count(*) - count(DISTINCT uid) AS duplicates FROM ${src} WHERE ${valid}`);
  const bucket = await timed(() => bucketPool({ input: pool, score, buckets: 10, ...engine }));
  const afterBucket = peakMB();
  const baseSubset = await sql(`COPY (SELECT uid FROM ${src} WHERE ${valid} ORDER BY ${score} DESC, uid LIMIT ${k}) TO '${join(dir, "base30.parquet")}' (FORMAT parquet)`);
  const subset = await timed(() => writeSubset({ input: pool, score, select: { kind: "top", percent: 30 }, format: "parquet", output: join(dir, "top30.parquet"), ...engine }));
  const baseSorted = await sql(`COPY (SELECT uid FROM (SELECT uid FROM ${src} WHERE ${valid} ORDER BY ${score} DESC, uid LIMIT ${k}) ORDER BY uid) TO '${join(dir, "base30sorted.parquet")}' (FORMAT parquet)`);
  const npy = await timed(() => writeSubset({ input: pool, score, select: { kind: "top", percent: 30 }, format: "datacomp-npy", output: join(dir, "top30.npy"), ...engine }));
  const afterPool = peakMB();

  const line = (name, t, base) => console.log(`${name.padEnd(34)} ${fmt(t).padStart(9)}  ${rate(t).padStart(16)}  ${base === undefined ? "" : `hand-written SQL ${fmt(base).padStart(9)}  ratio ${(t / base).toFixed(2)}×`}`);
  console.log("");
  line("bucket (10 buckets, exact ranks)", bucket.seconds, baseBucket.seconds);
  line("  vs SQL + its duplicate count", bucket.seconds, baseBucket.seconds + baseDistinct.seconds);
  line("subset top 30% -> parquet", subset.seconds, baseSubset.seconds);
  line("subset top 30% -> datacomp-npy", npy.seconds, baseSorted.seconds);
  console.log(`${"".padEnd(34)} (its SQL baseline: the same rows sorted by uid, written as parquet)`);
  const ours = bucket.seconds + subset.seconds;
  const theirs = baseBucket.seconds + baseSubset.seconds;
  line("bucket + subset (parquet)", ours, theirs);
  console.log("");
  console.log(`peak RSS of the process (DuckDB's memory included; it is the peak so far, and the hand-written statement ran before each step): ${afterBucket} MB after bucketing, ${afterPool} MB at the end`);
  console.log(`load average while it ran: ${loadavg().map((x) => x.toFixed(1)).join(", ")} (other work on the machine slows both sides)`);
  console.log(`rows: ${bucket.value.manifest.rows.valid} valid; top 30% = ${subset.value.rows} rows (npy ${npy.value.rows})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
