// `pnpm bench` (packages/pool): buckets and subsets a generated pool of (uid, score) — 10^8 rows by default — with
// @qqt/pool, then does the same work with one hand-written DuckDB statement per operation in the same process, and
// prints time, rows/s, peak RSS and the ratio. The pool is written to a temporary directory (removed at the end).
//   pnpm --filter @qqt/pool bench                 # 10^8 rows (about 2 GB of parquet, several minutes on 2 cores)
//   pnpm --filter @qqt/pool bench -- --rows 1e6   # a quick run (also QQT_POOL_BENCH_ROWS=1e6)
//   --repeat 3 (QQT_POOL_BENCH_REPEAT): each pair (hand-written statement, @qqt/pool) runs that many times, in
//   alternating order (baseline first, then @qqt/pool first, ...), and the medians are compared, so that a slow
//   minute on a shared machine does not fall on one side only.
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
const repeat = Math.max(1, Number(arg("--repeat") ?? process.env.QQT_POOL_BENCH_REPEAT ?? 1));
const memoryLimit = arg("--memory-limit") ?? "8GB";
const dir = mkdtempSync(join(arg("--dir") ?? tmpdir(), "qqt-pool-bench-"));
const pool = join(dir, "pool.parquet");
const score = "clip_l14_similarity_score";
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const fmt = (s) => `${s.toFixed(2)} s`;
const rate = (s) => `${(rows / s / 1e6).toFixed(2)}M rows/s`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

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

  // Each operation is a pair (the hand-written statement, @qqt/pool), repeated `repeat` times in alternating order.
  const results = { bucket: [], baseBucket: [], baseDistinct: [], subset: [], baseSubset: [], npy: [], baseSorted: [] };
  let last = {};
  let afterBucket = 0;
  const pair = async (rep, baseName, base, oursName, ours) => {
    const steps = [[baseName, base], [oursName, ours]];
    if (rep % 2 === 1) steps.reverse();
    for (const [name, run] of steps) {
      const r = await run();
      results[name].push(r.seconds);
      last[name] = r.value;
    }
  };
  for (let rep = 0; rep < repeat; rep++) {
    await pair(rep, "baseBucket", () => sql(`SELECT b, count(*), min(s), max(s) FROM (SELECT ${score} AS s, ntile(10) OVER (ORDER BY ${score} DESC, uid) AS b FROM ${src} WHERE ${valid}) GROUP BY b ORDER BY b`),
      "bucket", () => timed(() => bucketPool({ input: pool, score, buckets: 10, ...engine })));
    results.baseDistinct.push((await sql(`SELECT count(*) - count(DISTINCT uid) AS duplicates FROM ${src} WHERE ${valid}`)).seconds);
    afterBucket = Math.max(afterBucket, peakMB());
    await pair(rep, "baseSubset", () => sql(`COPY (SELECT uid FROM ${src} WHERE ${valid} ORDER BY ${score} DESC, uid LIMIT ${k}) TO '${join(dir, "base30.parquet")}' (FORMAT parquet)`),
      "subset", () => timed(() => writeSubset({ input: pool, score, select: { kind: "top", percent: 30 }, format: "parquet", output: join(dir, "top30.parquet"), ...engine })));
    await pair(rep, "baseSorted", () => sql(`COPY (SELECT uid FROM (SELECT uid FROM ${src} WHERE ${valid} ORDER BY ${score} DESC, uid LIMIT ${k}) ORDER BY uid) TO '${join(dir, "base30sorted.parquet")}' (FORMAT parquet)`),
      "npy", () => timed(() => writeSubset({ input: pool, score, select: { kind: "top", percent: 30 }, format: "datacomp-npy", output: join(dir, "top30.npy"), ...engine })));
    const r = (a, b) => (results[a][rep] / results[b][rep]).toFixed(2);
    console.log(`repetition ${rep + 1}/${repeat} (${rep % 2 ? "@qqt/pool first" : "hand-written first"}): bucket ${r("bucket", "baseBucket")}×, subset ${r("subset", "baseSubset")}×, npy ${r("npy", "baseSorted")}×, load ${loadavg()[0].toFixed(1)}`);
  }
  const afterPool = peakMB();
  const bucket = { seconds: median(results.bucket), value: last.bucket };
  const subset = { seconds: median(results.subset), value: last.subset };
  const npy = { seconds: median(results.npy), value: last.npy };
  const baseBucket = { seconds: median(results.baseBucket) };
  const baseDistinct = { seconds: median(results.baseDistinct) };
  const baseSubset = { seconds: median(results.baseSubset) };
  const baseSorted = { seconds: median(results.baseSorted) };
  if (repeat > 1) console.log(`medians of ${repeat} repetitions:`);

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
