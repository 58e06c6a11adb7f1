// qqt pool bucket | subset on the built binary: manifests, subsets, --print-sql, --bucket-sizes manifest.json, errors
// and exit codes, Ctrl+C leaving nothing behind.
import { DuckDBInstance } from "@duckdb/node-api";
import { parsePoolManifest } from "@qqt/data";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, qqt, scratch, write } from "./helpers.js";

let dir: string;
let csv: string;
let big: string;

async function sql(text: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    await connection.run(text);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const hex = (i: number) => i.toString(16).padStart(32, "0");

beforeAll(async () => {
  dir = scratch();
  // 40 rows: ids 0..39 as 32 hex digits, score = i / 40 (best: i = 39), plus a NaN and a missing score.
  const lines = ["uid,clip_score", ...Array.from({ length: 40 }, (_, i) => `${hex(i)},${i / 40}`), `${hex(100)},nan`, `${hex(101)},`];
  csv = write(dir, "scores.csv", `${lines.join("\n")}\n`);
  big = join(dir, "big.parquet");
  await sql(`COPY (SELECT md5(i::VARCHAR) AS uid, hash(i)::DOUBLE AS s FROM range(3000000) t(i)) TO '${big}' (FORMAT parquet)`);
}, 120_000); // DuckDB writes 3M rows in a few seconds, more on a loaded 2-core machine

describe("qqt pool bucket", () => {
  it("prints the buckets and writes a qqt.pool/v1 manifest", async () => {
    const manifest = join(dir, "manifest.json");
    const r = await qqt(["pool", "bucket", csv, "--score", "clip_score", "--buckets", "4", "-o", manifest]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Bucketed 40 valid rows of 42 read from 1 file by clip_score (higher is better) into 4 buckets: exact ranks, ties by uid");
    expect(r.stdout).toContain("Excluded: 1 missing score, 1 NaN score");
    expect(r.stdout).toMatch(/top0-25\s+10\s+0\.75\s+0\.975/);
    expect(r.stderr).toContain("warning: 2 rows of 42 excluded: 1 missing score, 1 NaN score");
    expect(r.stderr).toContain(`Wrote ${manifest} (qqt.pool/v1, 4 buckets). Its sizes: qqt fit runs.csv --bucket-sizes ${manifest}`);
    const m = parsePoolManifest(readFileSync(manifest), { file: manifest });
    expect(m.buckets.map((b) => [b.id, b.count])).toEqual([["top0-25", 10], ["top25-50", 10], ["top50-75", 10], ["top75-100", 10]]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("--json prints the manifest, warnings and SQL; --print-sql prints the two statements", async () => {
    const json = await qqt(["pool", "bucket", csv, "--score", "clip_score", "--edges", "0,10,50,100", "--json"]);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { manifest: { buckets: Array<{ id: string; count: number }> }; sql: { edges: string; assignment: string } };
    expect(out.manifest.buckets.map((b) => [b.id, b.count])).toEqual([["top0-10", 4], ["top10-50", 16], ["top50-100", 20]]);
    const printed = await qqt(["pool", "bucket", csv, "--score", "clip_score", "--print-sql", "--no-color"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout.indexOf("-- 1. edges")).toBeLessThan(printed.stdout.indexOf("-- 2. assignment"));
    expect(printed.stdout).toContain(out.sql.edges.split("\n")[0]!);
    expect(printed.stdout).toContain("row_number() OVER (ORDER BY score DESC, id ASC)");
  });

  it("its manifest gives qqt the bucket sizes (--bucket-sizes manifest.json)", async () => {
    const manifest = join(dir, "sizes.json");
    expect((await qqt(["pool", "bucket", csv, "--score", "clip_score", "--edges", "0,50,100", "-o", manifest])).code).toBe(0);
    const runs = write(dir, "runs.csv", "bucket,samples_seen,error\ntop0-50,40,0.8\ntop0-50,80,0.7\ntop50-100,40,0.85\n");
    const r = await qqt(["validate", runs, "--bucket-sizes", manifest, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { inputs: Array<{ studies: Array<{ buckets: Array<{ id: string; size: number }> }> }> };
    expect(out.inputs[0]!.studies[0]!.buckets.map((b) => [b.id, b.size])).toEqual([["top0-50", 20], ["top50-100", 20]]);
    const missing = await qqt(["validate", runs, "--bucket-sizes", join(dir, "nope.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json --bucket-sizes — no such file \(expected a qqt\.pool\/v1 manifest \(qqt pool bucket -o manifest\.json\) or sizes by id/);
    const notManifest = await qqt(["validate", runs, "--bucket-sizes", runs]);
    expect(notManifest.code).toBe(1);
    expect(notManifest.stderr).toMatch(/runs\.csv.*invalid JSON/);
  });

  it("bad input: a clear message and exit 1; bad options: exit 2", async () => {
    const missing = await qqt(["pool", "bucket", csv, "--score", "clip"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error (qqt pool bucket): column "clip" (the score column) is missing from ${csv}. Expected a column named "clip"; the file has columns uid, clip_score (did you mean "clip_score"? give it with --score). [MISSING_COLUMN]`);
    const unwritable = await qqt(["pool", "bucket", csv, "--score", "clip_score", "--buckets", "2", "-o", join(dir, "no", "m.json")]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/error \(qqt pool bucket\): cannot write .*no\/m\.json:\n.*cannot write the manifest \(ENOENT/);
    const empty = await qqt(["pool", "bucket", scratch(), "--score", "s"]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/holds no shards \(it is empty\)\. Expected files ending \.parquet/);
    for (const [args, message] of [
      [["--buckets", "4", "--edges", "0,50,100"], /--buckets and --edges: give one of them/],
      [["--edges", "0,50,abc"], /--edges: expected percents from 0 to 100/],
      [["--buckets", "0"], /--buckets: expected a whole number from 1/],
    ] as const) {
      const r = await qqt(["pool", "bucket", csv, "--score", "clip_score", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect((await qqt(["pool", "bucket", csv])).stderr).toMatch(/required option '--score <column>' not specified/);
  });
});

describe("qqt pool subset", () => {
  it("writes the top 25% as a DataComp .npy (sorted uint64 halves) and as ids", async () => {
    const npy = join(dir, "top25.npy");
    const r = await qqt(["pool", "subset", csv, "--score", "clip_score", "--top", "25%", "--format", "datacomp-npy", "-o", npy]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Wrote ${npy}: 10 rows (10), top 25% (exact rank), of 40 valid rows — datacomp-npy\n`);
    const bytes = readFileSync(npy);
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("\x93NUMPY");
    expect(bytes.subarray(10, 128).toString("latin1")).toMatch(/^\{'descr': \[\('f0', '<u8'\), \('f1', '<u8'\)\], 'fortran_order': False, 'shape': \(10,\), \} *\n$/);
    // uids 30..39: f0 = 0, f1 = i, ascending.
    const body = new BigUint64Array(bytes.buffer.slice(bytes.byteOffset + 128, bytes.byteOffset + bytes.length));
    expect([...body]).toEqual(Array.from({ length: 10 }, (_, k) => [0n, BigInt(30 + k)]).flat());
    const txt = join(dir, "b.txt");
    const ids = await qqt(["pool", "subset", csv, "--score", "clip_score", "--bucket", "top0-10", "--format", "txt", "--with-score", "-o", txt]);
    expect(ids.code).toBe(0);
    expect(readFileSync(txt, "utf8")).toBe(`${hex(39)}\t0.975\n${hex(38)}\t0.95\n${hex(37)}\t0.925\n${hex(36)}\t0.9\n`);
    const json = await qqt(["pool", "subset", csv, "--score", "clip_score", "--pool", "top0-10+top20-30", "--format", "jsonl", "-o", join(dir, "p.jsonl"), "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 8, ranks: [{ from: 1, to: 4 }, { from: 9, to: 12 }], description: "pool top0-10+top20-30" });
  });

  it("--model --budget writes the pool the advice engine picks for that budget, with its unique samples and passes", async () => {
    const out = join(dir, "best.txt");
    const r = await qqt(["pool", "subset", csv, "--score", "clip_score", "--model", "example:tmars-paper", "--budget", "640M", "--format", "txt", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Best pool at 640M samples seen (example:tmars-paper): top 30% = top0-10+top10-20+top20-30, 38.4M unique samples, 17 passes.");
    expect(r.stdout).toContain(`Wrote ${out}: 12 rows (12), pool top0-10+top10-20+top20-30, of 40 valid rows — txt`);
    expect(r.stderr).toContain("the model's pool holds 38.4M unique samples but these rows give it 12");
    expect(readFileSync(out, "utf8").trimEnd().split("\n")).toEqual(Array.from({ length: 12 }, (_, k) => hex(39 - k)));
    const json = await qqt(["pool", "subset", csv, "--score", "clip_score", "--model", "example:tmars-paper", "--budget", "32M", "--format", "txt", "-o", out, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 4, advice: { budget: 32e6, pool: ["top0-10"], name: "top 10%", size: 12.8e6, passes: 2.5 } });
    const alone = await qqt(["pool", "subset", csv, "--score", "clip_score", "--model", "example:tmars-paper", "--format", "txt", "-o", out]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--model and --budget go together/);
  });

  it("a non-hex uid fails naming the line and value, and leaves no file", async () => {
    const d = scratch();
    const bad = write(d, "bad.csv", `uid,s\n${hex(1)},0.1\nxyz,0.9\n`);
    const r = await qqt(["pool", "subset", bad, "--score", "s", "--top", "100%", "--format", "datacomp-npy", "-o", join(d, "o.npy")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error (qqt pool subset): ${bad}:3: uid "xyz" is not 32 hexadecimal digits. Expected a DataComp uid of 32 hex digits`);
    expect(readdirSync(d)).toEqual(["bad.csv"]);
  });

  it("usage errors exit 2", async () => {
    for (const [args, message] of [
      [["--format", "txt", "-o", "x.txt"], /exactly one of --bucket top10-20, --pool top0-10\+top10-20, --top 30% or --model model.json --budget 640M/],
      [["--top", "30%", "--bucket", "top0-10", "--format", "txt", "-o", "x.txt"], /exactly one of/],
      [["--top", "130%", "--format", "txt", "-o", "x.txt"], /--top: expected a percent of the pool in \(0, 100\]/],
      [["--bucket", "top0-10", "--rule", "datacomp", "--format", "txt", "-o", "x.txt"], /--rule datacomp applies to --top/],
      [["--top", "30%", "--format", "npy", "-o", "x.npy"], /argument 'npy' is invalid\. Allowed choices are datacomp-npy, parquet, jsonl, txt/],
      [["--top", "30%", "-o", "x.npy"], /required option '--format <format>' not specified/],
    ] as const) {
      const r = await qqt(["pool", "subset", csv, "--score", "clip_score", ...args], { cwd: scratch() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it("Ctrl+C stops DuckDB and leaves no output and no temporary file", async () => {
    const d = scratch();
    const output = join(d, "out.npy");
    const args = [BIN, "pool", "subset", big, "--score", "s", "--pool", "top0-10+top20-30", "--format", "datacomp-npy", "--threads", "1", "-o", output];
    const child = spawn(process.execPath, args, { env: { PATH: process.env["PATH"] ?? "" } });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    // Interrupt once the writer has opened its temporary file (DuckDB then sorts for a second or more).
    const poll = setInterval(() => {
      if (readdirSync(d).some((f) => f.endsWith(".tmp"))) {
        clearInterval(poll);
        child.kill("SIGINT");
      }
    }, 10);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    clearInterval(poll);
    expect(stderr).toContain("cancelled: the operation was aborted before it finished; no output was written. [ABORTED]");
    expect(code).toBe(1);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });
});
