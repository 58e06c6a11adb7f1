import { parsePoolManifest, writePoolManifest } from "@qqt/data";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bucketPool } from "./bucketPool.js";
import { PoolError } from "./PoolError.js";
import { query, scratch, write } from "./testing/helpers.js";
import { writeSubset } from "./writeSubset.js";

const ROWS = 1_000_000;
// Injected into the 10^6 rows: ids/scores that must be excluded, each counted under its reason.
const MISSING_ID = 11; // i % 90001 = 1 (NULL uid) — 11 rows of 10^6
const MISSING_SCORE = 13;
const NAN = 7;
const INF = 5;
let dir: string;
let big: string;
let valid: number;

async function caught(p: Promise<unknown>): Promise<PoolError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PoolError) return e;
    throw e;
  }
  throw new Error("expected a PoolError");
}

beforeAll(async () => {
  dir = scratch();
  big = join(dir, "scores.parquet");
  // uid: md5 of the row number (32 hex digits); score: a hash in [0, 1), some rows broken on purpose.
  await query(`COPY (
    SELECT CASE WHEN i < ${MISSING_ID} THEN NULL ELSE md5(i::VARCHAR) END AS uid,
      CASE WHEN i BETWEEN 100 AND ${99 + MISSING_SCORE} THEN NULL
           WHEN i BETWEEN 200 AND ${199 + NAN} THEN 'NaN'::DOUBLE
           WHEN i BETWEEN 300 AND ${299 + INF} THEN (CASE WHEN i % 2 = 0 THEN 'inf' ELSE '-inf' END)::DOUBLE
           ELSE (hash(i) % 1000000007)::DOUBLE / 1000000007 END AS clip_score,
      i AS n
    FROM range(${ROWS}) t(i)
  ) TO '${big}' (FORMAT parquet)`);
  valid = ROWS - MISSING_ID - MISSING_SCORE - NAN - INF;
});

describe("bucketPool on a generated 10^6-row parquet", () => {
  let result: Awaited<ReturnType<typeof bucketPool>>;
  beforeAll(async () => {
    result = await bucketPool({ input: big, score: "clip_score", buckets: 10, threads: 1 });
  });

  it("counts every row read, excluded by reason, and valid — exactly", () => {
    expect(result.manifest.rows).toEqual({
      read: ROWS,
      valid,
      excluded: { missingId: MISSING_ID, missingScore: MISSING_SCORE, nanScore: NAN, infiniteScore: INF, nonNumericScore: 0 },
      duplicates: { ids: 0, rows: 0, examples: [] },
    });
    expect(result.warnings.map((w) => w.code)).toEqual(["EXCLUDED_ROWS"]);
    expect(result.warnings[0]!.message).toBe(`36 rows of ${ROWS} excluded: 11 missing id, 13 missing score, 7 NaN score, 5 infinite score`);
  });

  it("gives 10 best-first buckets whose counts differ by at most one and add up to the valid rows", () => {
    const { buckets } = result.manifest;
    expect(buckets.map((b) => b.id)).toEqual(["top0-10", "top10-20", "top20-30", "top30-40", "top40-50", "top50-60", "top60-70", "top70-80", "top80-90", "top90-100"]);
    const counts = buckets.map((b) => b.count);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(valid);
    // Exact ranks: bucket k ends at round(k/10 · N).
    let end = 0;
    buckets.forEach((b, k) => {
      end += b.count;
      expect(end).toBe(Math.round(((k + 1) * valid) / 10));
    });
    for (let k = 1; k < buckets.length; k++) expect(buckets[k]!.scoreMax).toBeLessThanOrEqual(buckets[k - 1]!.scoreMin);
    expect(result.manifest.rule).toEqual({ kind: "exact-rank", edges: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], ties: "id-ascending" });
  });

  it("writes a manifest that @qqt/data reads back", () => {
    const text = writePoolManifest(result.manifest);
    expect(parsePoolManifest(text, { file: "manifest.json" })).toEqual(result.manifest);
    expect(result.manifest.source).toEqual({ files: [big], id: "uid", score: "clip_score", order: "higher-is-better" });
    expect(result.manifest.generator).toMatch(/^@qqt\/pool \d+\.\d+\.\d+/);
  });

  it("prints the two statements it runs: edges, then assignment", () => {
    expect(result.sql.edges).toMatch(/count\(DISTINCT hash\(id\)\)/);
    expect(result.sql.edges).toMatch(/AS ranks FROM counts$/);
    expect(result.sql.assignment).toMatch(/row_number\(\) OVER \(ORDER BY score DESC, id ASC\)/);
    expect(result.sql.assignment).toContain(`WHEN rank <= ${Math.round(valid / 10)} THEN 0`);
  });

  it("buckets are disjoint and their union is every valid row (read back from the written subsets)", async () => {
    const parts: string[] = [];
    for (const b of result.manifest.buckets) {
      const output = join(dir, `${b.id}.parquet`);
      const r = await writeSubset({ input: big, score: "clip_score", select: { kind: "bucket", bucket: b.id }, format: "parquet", output, withScore: true, threads: 1 });
      expect(r.rows).toBe(b.count);
      parts.push(output);
    }
    const [row] = await query(`
      WITH parts AS (SELECT uid, clip_score, filename FROM read_parquet([${parts.map((p) => `'${p}'`).join(", ")}], filename = true)),
      src AS (SELECT uid FROM read_parquet('${big}') WHERE uid IS NOT NULL AND isfinite(clip_score))
      SELECT (SELECT count(*) FROM parts) AS total, (SELECT count(DISTINCT uid) FROM parts) AS distinct_ids,
        (SELECT count(*) FROM src ANTI JOIN parts USING (uid)) AS missing,
        (SELECT count(*) FROM (SELECT filename, min(clip_score) lo, max(clip_score) hi FROM parts GROUP BY filename)) AS files`);
    expect(row).toEqual({ total: BigInt(valid), distinct_ids: BigInt(valid), missing: 0n, files: 10n });
  });

  it("--top 30% is exactly round(0.3 N) rows, the union of the first three buckets", async () => {
    const top = join(dir, "top30.txt");
    const r = await writeSubset({ input: big, score: "clip_score", select: { kind: "top", percent: 30 }, format: "txt", output: top, threads: 1 });
    expect(r.rows).toBe(Math.round(0.3 * valid));
    expect(r.ranks).toEqual([{ from: 1, to: Math.round(0.3 * valid) }]);
    const pool = join(dir, "pool.txt");
    await writeSubset({ input: big, score: "clip_score", select: { kind: "pool", buckets: ["top0-10", "top10-20", "top20-30"] }, format: "txt", output: pool, threads: 1 });
    expect(readFileSync(pool, "utf8")).toBe(readFileSync(top, "utf8"));
    const ids = readFileSync(top, "utf8").trimEnd().split("\n");
    expect(ids).toHaveLength(r.rows);
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });
});

describe("bucketPool on small inputs", () => {
  it("counts duplicate ids (never merged) and reports examples", async () => {
    const d = scratch();
    const csv = write(d, "dups.csv", "uid,score\na,0.9\nb,0.8\na,0.7\nc,0.6\nc,0.6\nc,0.1\nd,0.5\ne,0.4\n");
    const r = await bucketPool({ input: csv, score: "score", buckets: 2, threads: 1 });
    expect(r.manifest.rows.duplicates).toEqual({ ids: 2, rows: 5, examples: ["a", "c"] });
    expect(r.manifest.rows.valid).toBe(8);
    expect(r.manifest.buckets.map((b) => b.count)).toEqual([4, 4]);
    expect(r.warnings.find((w) => w.code === "DUPLICATE_IDS")!.message).toBe('2 ids occur on more than one row (5 rows), e.g. "a", "c"; every row is kept and counted');
  });

  it("reports tied scores straddling an edge, broken by id", async () => {
    const d = scratch();
    // 10 rows: 0.9 x2, 0.5 x5 (ids p..t), 0.1 x3. Edge at 50% = rank 5: ranks 3..5 are 0.5 (p, q, r), 6..7 (s, t).
    const csv = write(d, "ties.tsv", "uid\tscore\nz\t0.9\ny\t0.9\nt\t0.5\ns\t0.5\nr\t0.5\nq\t0.5\np\t0.5\nc\t0.1\nb\t0.1\na\t0.1\n");
    const r = await bucketPool({ input: csv, score: "score", edges: [0, 50, 100], threads: 1 });
    expect(r.manifest.edges).toEqual([{ percent: 50, rank: 5, tiedAbove: 3, tiedBelow: 2 }]);
    expect(r.warnings.map((w) => w.message)).toEqual(["5 rows of equal score straddle the edge at 50% (3 above, 2 below); their ids decided"]);
    const out = join(d, "top.txt");
    await writeSubset({ input: csv, score: "score", select: { kind: "bucket", bucket: "top0-50" }, format: "txt", output: out, threads: 1 });
    expect(readFileSync(out, "utf8")).toBe("y\nz\np\nq\nr\n");
  });

  it("ranks lower-is-better scores from the lowest, and reads directories, globs and mixed formats", async () => {
    const d = scratch();
    mkdirSync(join(d, "shards", "b"), { recursive: true });
    write(d, "shards/a.csv", "uid,loss\nu1,3\nu2,1\n");
    write(d, "shards/b/c.jsonl", '{"uid":"u3","loss":2}\n{"uid":"u4","loss":4.5}\n');
    write(d, "shards/notes.txt", "not a shard\n");
    await query(`COPY (SELECT 'u5' AS uid, 0.5::DOUBLE AS loss) TO '${join(d, "shards", "b", "d.parquet")}' (FORMAT parquet)`);
    const byDir = await bucketPool({ input: join(d, "shards"), score: "loss", lowerIsBetter: true, buckets: 5, threads: 1 });
    expect(byDir.manifest.source.files.map((f) => f.slice(d.length))).toEqual(["/shards/a.csv", "/shards/b/c.jsonl", "/shards/b/d.parquet"]);
    expect(byDir.manifest.buckets.map((b) => [b.id, b.scoreMin])).toEqual([["top0-20", 0.5], ["top20-40", 1], ["top40-60", 2], ["top60-80", 3], ["top80-100", 4.5]]);
    expect(byDir.manifest.source.order).toBe("lower-is-better");
    const byGlob = await bucketPool({ input: join(d, "shards", "**", "*.jsonl"), score: "loss", buckets: 2, threads: 1 });
    expect(byGlob.manifest.rows.valid).toBe(2);
  });

  it("counts NaN, missing and non-numeric text scores of a CSV as exclusions", async () => {
    const d = scratch();
    const csv = write(d, "s.csv", "uid,score\na,0.5\nb,nan\nc,\nd,high\n,0.3\ne,NaN\nf,inf\ng,0.7\n");
    const r = await bucketPool({ input: csv, score: "score", buckets: 2, threads: 1 });
    expect(r.manifest.rows).toMatchObject({ read: 8, valid: 2, excluded: { missingId: 1, missingScore: 1, nanScore: 2, infiniteScore: 1, nonNumericScore: 1 } });
  });
});

describe("bucketPool errors", () => {
  it("a missing column names the file, the columns it has, and a likely match", async () => {
    const d = scratch();
    const csv = write(d, "s.csv", "uid,clip_l14_similarity_score\na,0.5\n");
    const e = await caught(bucketPool({ input: csv, score: "clip_l14_score", threads: 1 }));
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.file).toBe(csv);
    expect(e.field).toBe("clip_l14_score");
    expect(e.message).toBe(`column "clip_l14_score" (the score column) is missing from ${csv}. Expected a column named "clip_l14_score"; the file has columns uid, clip_l14_similarity_score (did you mean "clip_l14_similarity_score"? give it with --score).`);
  });

  it.each([
    ["an empty file", (d: string) => write(d, "empty.parquet", ""), "EMPTY_INPUT", /empty\.parquet is empty \(0 bytes\)/],
    ["a directory with no shards", (d: string) => (mkdirSync(join(d, "none")), write(d, "none/readme.md", "x"), join(d, "none")), "NO_SHARDS", /holds no shards \(1 other file, e\.g\. readme\.md\)\. Expected files ending \.parquet/],
    ["a glob that matches nothing", (d: string) => join(d, "*.parquet"), "NO_SHARDS", /matches no file/],
    ["a missing path", (d: string) => join(d, "nope.parquet"), "FILE_NOT_FOUND", /nope\.parquet — no such file or directory/],
    ["an unknown extension", (d: string) => write(d, "x.xlsx", "x"), "UNSUPPORTED_FORMAT", /x\.xlsx is not a shard format/],
    ["a header-only CSV", (d: string) => write(d, "h.csv", "uid,score\n"), "EMPTY_INPUT", /no valid rows: the files hold no rows/],
    ["only NaN scores", (d: string) => write(d, "n.csv", "uid,score\na,nan\nb,NaN\n"), "EMPTY_INPUT", /all 2 rows read were excluded \(2 NaN score\)/],
    ["a corrupt parquet", (d: string) => write(d, "bad.parquet", "PAR1 not really"), "READ_FAILED", /cannot read .*bad\.parquet as parquet/],
  ])("%s", async (_, make, code, message) => {
    const e = await caught(bucketPool({ input: make(scratch()), score: "score", threads: 1 }));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("refuses too few rows for the buckets and bad options before reading", async () => {
    const d = scratch();
    const csv = write(d, "s.csv", "uid,score\na,1\nb,2\n");
    expect((await caught(bucketPool({ input: csv, score: "score", buckets: 10, threads: 1 }))).message).toMatch(/2 valid rows are too few for 10 buckets: bucket top0-10 would be empty/);
    expect((await caught(bucketPool({ input: csv, score: "score", edges: [10, 50, 100] }))).message).toMatch(/edges run from 10 to 100\. Expected percents increasing from 0 to 100/);
    expect((await caught(bucketPool({ input: csv, score: "score", buckets: 0 }))).code).toBe("INVALID_OPTION");
    expect((await caught(bucketPool({ input: csv, score: "score", memoryLimit: "lots" }))).message).toMatch(/memoryLimit is "lots"\. Expected an amount of memory such as 4GB/);
  });

  it("an aborted run stops with ABORTED and leaves its spill directory removed", async () => {
    const controller = new AbortController();
    const tmp = scratch();
    const run = bucketPool({ input: big, score: "clip_score", threads: 1, tempDirectory: tmp, signal: controller.signal, onProgress: () => controller.abort() });
    const e = await caught(run);
    expect(e.code).toBe("ABORTED");
    expect(existsSync(tmp) ? readdirSync(tmp).filter((f) => !f.startsWith("duckdb_temp")).length : 0).toBe(0);
  });
});
