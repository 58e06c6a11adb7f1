import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PoolError } from "./PoolError.js";
import { python, query, scratch, write } from "./testing/helpers.js";
import { writeSubset, type SubsetFormat } from "./writeSubset.js";

const ROWS = 20_000;
let dir: string;
let pool: string;

async function caught(p: Promise<unknown>): Promise<PoolError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PoolError) return e;
    throw e;
  }
  throw new Error("expected a PoolError");
}

/** The files in `d` (temporary files included: nothing half-written may remain). */
const filesIn = (d: string) => readdirSync(d).sort();

beforeAll(async () => {
  dir = scratch();
  pool = join(dir, "pool.parquet");
  // Scores rounded to 3 decimals so that ties are common; uids are md5 hex (32 digits, some upper case).
  await query(`COPY (
    SELECT CASE WHEN i % 7 = 0 THEN upper(md5(i::VARCHAR)) ELSE md5(i::VARCHAR) END AS uid,
      round((hash(i) % 1000003)::DOUBLE / 1000003, 3) AS score
    FROM range(${ROWS}) t(i)
  ) TO '${pool}' (FORMAT parquet)`);
});

describe("writeSubset formats", () => {
  it("datacomp-npy: NumPy reads a sorted (n,) array of [('f0','<u8'),('f1','<u8')] equal to the uids' halves", async () => {
    const npy = join(dir, "top30.npy");
    const ids = join(dir, "top30.txt");
    const r = await writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 30 }, format: "datacomp-npy", output: npy, threads: 1 });
    await writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 30 }, format: "txt", output: ids, threads: 1 });
    expect(r.rows).toBe(6000);
    const out = python(
      `
import sys, numpy as np
a = np.load(sys.argv[1])
uids = [l.strip() for l in open(sys.argv[2]) if l.strip()]
halves = sorted((int(u[:16], 16), int(u[16:32], 16)) for u in uids)
assert a.dtype == np.dtype([('f0', '<u8'), ('f1', '<u8')]), a.dtype
assert a.shape == (len(uids),), a.shape
order = np.lexsort((a['f1'], a['f0']))
assert (order == np.arange(len(a))).all(), "not sorted"
assert [(int(x), int(y)) for x, y in a.tolist()] == halves, "values differ"
print(a.shape[0], a.dtype.descr)
`,
      [npy, ids],
    );
    expect(out.trim()).toBe("6000 [('f0', '<u8'), ('f1', '<u8')]");
    expect(readFileSync(npy).subarray(0, 6).toString("latin1")).toBe("\x93NUMPY");
    expect(readFileSync(npy).length).toBe(128 + 16 * 6000);
  });

  it.each<[SubsetFormat, string]>([
    ["parquet", "SELECT * FROM read_parquet('OUT')"],
    ["jsonl", "SELECT * FROM read_json('OUT', format = 'newline_delimited')"],
    ["txt", "SELECT * FROM read_csv('OUT', header = false, delim = '\\t', columns = {'uid': 'VARCHAR', 'score': 'DOUBLE'})"],
  ])("%s with --with-score: read back, best first, the same rows as the exact ranks", async (format, reader) => {
    const output = join(dir, `b.${format}`);
    const r = await writeSubset({ input: pool, score: "score", select: { kind: "bucket", bucket: "top10-20" }, format, output, withScore: true, threads: 1 });
    expect(r.rows).toBe(2000);
    const back = await query(reader.replace("OUT", output));
    const expected = await query(`SELECT uid, score FROM read_parquet('${pool}') ORDER BY score DESC, uid LIMIT 2000 OFFSET 2000`);
    expect(back).toEqual(expected);
  });

  it("txt without the score: one id per line; jsonl: one object per line", async () => {
    const txt = join(dir, "ids.txt");
    await writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 0.05 }, format: "txt", output: txt, threads: 1 });
    const expected = await query(`SELECT uid FROM read_parquet('${pool}') ORDER BY score DESC, uid LIMIT 10`);
    expect(readFileSync(txt, "utf8")).toBe(expected.map((r) => `${String(r.uid)}\n`).join(""));
    const jsonl = join(dir, "ids.jsonl");
    await writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 0.05 }, format: "jsonl", output: jsonl, threads: 1 });
    expect(readFileSync(jsonl, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual(expected);
  });

  it("a pool of non-adjacent buckets is their union, best first", async () => {
    const out = join(dir, "pool.txt");
    const r = await writeSubset({ input: pool, score: "score", select: { kind: "pool", buckets: ["top0-10", "top20-30"] }, format: "txt", output: out, threads: 1 });
    expect(r.ranks).toEqual([{ from: 1, to: 2000 }, { from: 4001, to: 6000 }]);
    const expected = await query(`SELECT uid FROM (SELECT uid, row_number() OVER (ORDER BY score DESC, uid) AS rank FROM read_parquet('${pool}')) WHERE rank <= 2000 OR rank BETWEEN 4001 AND 6000 ORDER BY rank`);
    expect(readFileSync(out, "utf8")).toBe(expected.map((e) => `${String(e.uid)}\n`).join(""));
  });
});

describe("DataComp's threshold rule", () => {
  it("keeps every row scoring at least -sort(-s)[int(N·f)], as NumPy computes it", async () => {
    const out = join(dir, "dc.txt");
    const r = await writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 30, rule: "datacomp" }, format: "txt", output: out, withScore: true, threads: 1 });
    const scores = join(dir, "scores.csv");
    await query(`COPY (SELECT score FROM read_parquet('${pool}')) TO '${scores}' (HEADER false)`);
    const numpy = python(
      `
import sys, numpy as np
s = np.loadtxt(sys.argv[1])
t = -np.sort(-s)[int(len(s) * 0.3)]
print(repr(float(t)), int((s >= t).sum()))
`,
      [scores],
    ).trim();
    expect(`${r.threshold} ${r.rows}`).toBe(numpy.replace(/^(\S+)/, (t) => String(Number(t))));
    expect(r.rows).toBeGreaterThan(6000); // ties at the threshold are all kept
    expect(r.warnings.map((w) => w.code)).toContain("TIED_EDGE");
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(r.rows);
    expect(lines.every((l) => Number(l.split("\t")[1]) >= r.threshold!)).toBe(true);
  });
});

describe("writeSubset errors leave nothing behind", () => {
  it("a uid that is not 32 hex digits names the file, line and value; no file, and an old output is untouched", async () => {
    const d = scratch();
    const csv = write(d, "s.csv", `uid,score\n${"a".repeat(32)},0.9\nnot-a-uid,0.8\n${"b".repeat(32)},0.7\n${"c".repeat(31)},0.1\n`);
    const output = join(d, "subset.npy");
    writeFileSync(output, "previous");
    const e = await caught(writeSubset({ input: csv, score: "score", select: { kind: "top", percent: 100 }, format: "datacomp-npy", output, threads: 1 }));
    expect(e.code).toBe("INVALID_UID");
    expect(e).toMatchObject({ file: csv, line: 5, field: "uid", value: "c".repeat(31) });
    expect(e.message).toMatch(new RegExp(`^${csv.replace(/[/.]/g, "\\$&")}:5: uid "c{31}" is not 32 hexadecimal digits \\(2 selected rows have such ids\\)\\. Expected a DataComp uid of 32 hex digits`));
    expect(readFileSync(output, "utf8")).toBe("previous");
    expect(filesIn(d)).toEqual(["s.csv", "subset.npy"]);
    // Only the selected rows matter: the best two include one bad uid, the best one does not.
    const ok = await writeSubset({ input: csv, score: "score", select: { kind: "top", percent: 25 }, format: "datacomp-npy", output: join(d, "best.npy"), threads: 1 });
    expect(ok.rows).toBe(1);
  });

  it("names the parquet row of a bad uid", async () => {
    const d = scratch();
    const file = join(d, "p.parquet");
    await query(`COPY (SELECT * FROM (VALUES ('${"1".repeat(32)}', 1.0), ('${"2".repeat(32)}', 0.5), ('x${"3".repeat(31)}', 0.7)) t(uid, score)) TO '${file}' (FORMAT parquet)`);
    const e = await caught(writeSubset({ input: file, score: "score", select: { kind: "top", percent: 100 }, format: "datacomp-npy", output: join(d, "o.npy"), threads: 1 }));
    expect(e).toMatchObject({ code: "INVALID_UID", file, row: 2 });
    expect(e.message).toMatch(/p\.parquet row 2 \(0-based\): uid "x3{31}" is not 32 hexadecimal digits\./);
    expect(filesIn(d)).toEqual(["p.parquet"]);
  });

  it("numeric ids cannot be DataComp uids", async () => {
    const d = scratch();
    const csv = write(d, "s.jsonl", '{"uid": 1, "score": 0.5}\n');
    const e = await caught(writeSubset({ input: csv, score: "score", select: { kind: "top", percent: 100 }, format: "datacomp-npy", output: join(d, "o.npy"), threads: 1 }));
    expect(e.code).toBe("INVALID_UID");
    expect(e.message).toMatch(/holds BIGINT values, not uids/);
  });

  it("an abort leaves no output and no temporary file", async () => {
    const d = scratch();
    const controller = new AbortController();
    const output = join(d, "o.parquet");
    const running = writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 50 }, format: "parquet", output, threads: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    const e = await caught(running);
    expect(e.code).toBe("ABORTED");
    expect(filesIn(d)).toEqual([]);
    controller.abort();
    const again = await caught(writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 50 }, format: "parquet", output, threads: 1, signal: controller.signal }));
    expect(again.message).toMatch(/^cancelled: the operation was aborted before it finished; no output was written\.$/);
    expect(existsSync(output)).toBe(false);
  });

  it.each([
    [{ kind: "bucket", bucket: "best10" } as const, /bucket "best10" is not a bucket id\. Expected top<from>-<to>/],
    [{ kind: "top", percent: 0 } as const, /top is 0%\. Expected a percent of the pool in \(0, 100\]/],
    [{ kind: "top", percent: 0.001 } as const, /top 0\.001% \(exact rank\) holds no row of the 20000 valid rows/],
  ])("refuses a bad selection (%#)", async (selection, message) => {
    const d = scratch();
    const e = await caught(writeSubset({ input: pool, score: "score", select: selection, format: "txt", output: join(d, "o.txt"), threads: 1 }));
    expect(e.message).toMatch(message);
    expect(filesIn(d)).toEqual([]);
  });

  it("refuses an output in a missing directory and an output that is an input", async () => {
    expect((await caught(writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 10 }, format: "txt", output: join(dir, "no", "o.txt") }))).code).toBe("FILE_NOT_FOUND");
    expect((await caught(writeSubset({ input: pool, score: "score", select: { kind: "top", percent: 10 }, format: "parquet", output: pool, threads: 1 }))).message).toMatch(/is one of the inputs/);
  });
});
