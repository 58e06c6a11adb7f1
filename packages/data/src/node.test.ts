import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { loadTmarsPaperModel } from "./examples.js";
import {
  examplePath,
  readDataCompDirectory,
  readModelFile,
  readOpenClipCsvFile,
  readPath,
  readStudyFile,
  readTidyCsvFile,
  safeReadPath,
  type ReadProgress,
  writeModelFile,
  writeStudyFile,
} from "./node.js";
import { parseTidyCsv } from "./parseTidyCsv.js";
import { evalLine, MINIMAL_STUDY } from "./testing/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "qqt-data-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
};

describe("@qqt/data/node: readPath detects every format", () => {
  it("study JSON, model JSON, tidy CSV, OpenCLIP CSV, DataComp directory and single DataComp file", async () => {
    expect((await readPath(write("s.json", MINIMAL_STUDY))).data.format).toBe("qqt.study/v1");
    const model = await readPath(join(examplePath("tmars-paper"), "tmars-imagenet.model.json"));
    expect(model.data).toMatchObject({ format: "qqt.model/v1", studies: [] });
    expect(model.data.model?.buckets).toHaveLength(4);
    expect((await readPath(write("r.tsv", "bucket\tpool_size\tsamples_seen\terror\na\t1M\t2M\t0.5\n"))).data.studies[0]!.observations).toHaveLength(1);
    const openclip = await readPath(join(examplePath("laion-openclip"), "zeroshot_results.csv"), { openclip: { architectures: ["ViT-B-32"] } });
    expect(openclip.data).toMatchObject({ format: "openclip-csv" });
    expect(openclip.data.studies).toHaveLength(1);
    const datacomp = await readPath(examplePath("datacomp-synthetic"), { datacomp: { metric: "avg18" } });
    expect(datacomp.data.studies[0]!.observations).toHaveLength(32);
    expect(datacomp.data.studies[0]!.observations[0]!.origin!.file).toBe(join(examplePath("datacomp-synthetic"), "top0-10/eval_results_epoch_2_step_-1.jsonl"));
    const single = await readPath(join(examplePath("datacomp-synthetic"), "top0-10", "eval_results_epoch_4_step_-1.jsonl"), { datacomp: { bucketSize: "12.8M" } });
    expect(single.data.studies[0]!.observations.map((o) => [o.pool, o.samplesSeen])).toEqual([[["top0-10"], 51.2e6]]);
  });

  it("missing paths and empty files are DataErrors", async () => {
    const missing = await safeReadPath(join(dir, "nope.csv"));
    expect(missing.success || missing.error.code).toBe("FILE_NOT_FOUND");
    const empty = await safeReadPath(write("empty.csv", ""));
    expect(empty.success || [empty.error.code, empty.error.file]).toEqual(["EMPTY_INPUT", join(dir, "empty.csv")]);
    await expect(readStudyFile(join(dir, "none.json"))).rejects.toBeInstanceOf(DataError);
    await expect(readDataCompDirectory(join(dir, "no-dir"))).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
  });
});

describe("@qqt/data/node: streaming readers equal the in-memory ones", () => {
  it("a 3 MB tidy CSV streamed in chunks gives the same study as parseTidyCsv", async () => {
    const rows = ["bucket,pool_size,samples_seen,error,seed"];
    for (let i = 0; i < 60_000; i++) rows.push(`b${i % 7},12.8M,${(i % 50) + 1}M,0.${(i % 900) + 100},${Math.floor(i / 350)}`);
    const text = `${rows.join("\r\n")}\r\n`;
    const path = write("big.csv", text);
    const streamed = await readTidyCsvFile(path);
    const inMemory = parseTidyCsv(text, { file: path });
    expect(streamed.data).toEqual(inMemory.data);
    expect(streamed.summary).toEqual(inMemory.summary);
    expect(streamed.data.observations).toHaveLength(60_000);
  });

  it("a DataComp file larger than 1 MB is streamed line by line", async () => {
    const root = join(dir, "dc");
    const filler = Array.from({ length: 12_000 }, (_, i) => evalLine(`extra/${i}`, 0.5, { note: "x".repeat(80) })).join("");
    write("dc/top0-10/eval_results_epoch_2_step_-1.jsonl", evalLine("imagenet1k", 0.25) + filler);
    write("dc/top0-10/eval_results_epoch_4_step_-1.jsonl", evalLine("imagenet1k", 0.35));
    write("dc/.hidden/x.jsonl", "not read");
    const { data, summary } = await readDataCompDirectory(root, { bucketSize: 100 });
    expect(data.observations.map((o) => [o.samplesSeen, o.error])).toEqual([
      [200, 0.75],
      [400, 0.65],
    ]);
    expect(summary.rowsRead).toBe(12_002);
    expect(summary.skipped).toEqual([{ reason: "TASK_NOT_IN_METRIC", detail: "extra/0", count: 1, file: join(root, "top0-10/eval_results_epoch_2_step_-1.jsonl"), line: 2 }, ...summary.skipped.slice(1)]);
  });

  it("invalid UTF-8 and UTF-16 files", async () => {
    const bad = write("bad.csv", new Uint8Array([...new TextEncoder().encode("bucket,samples_seen,error\na,1,"), 0xff, 0x0a]));
    await expect(readTidyCsvFile(bad)).rejects.toMatchObject({ code: "INVALID_ENCODING", file: bad, line: 2 });
    const text = "bucket,pool_size,samples_seen,error\na,1M,2M,0.5\n";
    const utf16 = new Uint8Array(2 + 2 * text.length);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    expect((await readTidyCsvFile(write("u16.csv", utf16))).data.observations[0]!.error).toBe(0.5);
  });

  it("an invalid byte far into a file, and a file ending inside a character, on their lines", async () => {
    // 30,000 lines (~600 KB): the invalid byte is in the third 256 KB chunk, after lines counted only on error.
    const rows = Array.from({ length: 30_000 }, (_, i) => `a,1M,${i + 1}M,0.5\n`).join("");
    const head = new TextEncoder().encode(`bucket,pool_size,samples_seen,error\n${rows}`);
    const far = write("far.csv", new Uint8Array([...head, 0x61, 0x2c, 0xff, 0x0a]));
    await expect(readTidyCsvFile(far)).rejects.toMatchObject({ code: "INVALID_ENCODING", file: far, line: 30_002 });
    const cut = write("cut.csv", new Uint8Array([...head, 0xc3]));
    await expect(readTidyCsvFile(cut)).rejects.toMatchObject({ code: "INVALID_ENCODING", file: cut, line: 30_002 });
  });

  it("readOpenClipCsvFile streams the real file", async () => {
    const { data } = await readOpenClipCsvFile(join(examplePath("laion-openclip"), "zeroshot_results.csv"), { architectures: ["ViT-L-14"] });
    expect(data[0]!.observations).toHaveLength(9);
  });
});

describe("@qqt/data/node: progress of a read", () => {
  it("a streamed CSV reports its bytes, increasing, from 0 to the file's size", async () => {
    const rows = ["bucket,pool_size,samples_seen,error,seed"];
    for (let i = 0; i < 40_000; i++) rows.push(`b${i % 5},12.8M,${(i % 40) + 1}M,0.${(i % 800) + 100},${Math.floor(i / 40)}`);
    const path = write("progress.csv", `${rows.join("\n")}\n`);
    const size = statSync(path).size;
    const seen: ReadProgress[] = [];
    const { data } = await readPath(path, { onProgress: (p) => seen.push(p) });
    expect(data.studies[0]!.observations).toHaveLength(40_000);
    expect(seen[0]).toEqual({ path, bytesRead: 0, totalBytes: size });
    expect(seen.at(-1)).toEqual({ path, bytesRead: size, totalBytes: size });
    expect(seen.length).toBe(1 + Math.ceil(size / (1 << 18)));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytesRead).toBeGreaterThan(seen[i - 1]!.bytesRead);
  });

  it("a DataComp directory reports the sum of the files it reads, one step per file", async () => {
    const root = examplePath("datacomp-synthetic");
    const seen: ReadProgress[] = [];
    const { data } = await readPath(root, { datacomp: { metric: "avg18" }, onProgress: (p) => seen.push(p) });
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".jsonl"));
    const total = files.reduce((sum, f) => sum + statSync(join(root, f)).size, 0);
    expect(data.studies[0]!.observations.length).toBe(files.length);
    expect(seen).toHaveLength(files.length + 1);
    expect(seen.every((p) => p.path === root && p.totalBytes === total)).toBe(true);
    expect(seen.map((p) => p.bytesRead)).toEqual([...seen.map((p) => p.bytesRead)].sort((x, y) => x - y));
    expect(seen.at(-1)!.bytesRead).toBe(total);
  });

  it("the OpenCLIP reader reports progress too; JSON files report nothing", async () => {
    const csv = join(examplePath("laion-openclip"), "zeroshot_results.csv");
    const seen: ReadProgress[] = [];
    await readOpenClipCsvFile(csv, { architectures: ["ViT-B-32"], onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ path: csv, bytesRead: statSync(csv).size, totalBytes: statSync(csv).size });
    const none: ReadProgress[] = [];
    await readPath(write("p.json", MINIMAL_STUDY), { onProgress: (p) => none.push(p) });
    expect(none).toEqual([]);
  });
});

describe("@qqt/data/node: writers", () => {
  it("write then read a study and a model gives them back", async () => {
    const { data: model } = await loadTmarsPaperModel();
    const modelPath = join(dir, "m.json");
    await writeModelFile(modelPath, model);
    expect((await readModelFile(modelPath)).data).toEqual(model);
    const study = (await readStudyFile(write("s2.json", MINIMAL_STUDY))).data;
    const studyPath = join(dir, "s3.json");
    await writeStudyFile(studyPath, { ...study, model: { ...model, buckets: [{ ...model.buckets[0]!, id: "top0-10", size: 12_800_000 }] } });
    expect((await readStudyFile(studyPath)).data.model?.buckets).toHaveLength(1);
  });

  it("a write into a directory that does not exist is WRITE_FAILED, saying 'cannot write' (not 'cannot read')", async () => {
    const study = (await readStudyFile(write("s4.json", MINIMAL_STUDY))).data;
    const target = join(dir, "missing-dir", "x.json");
    const error = await writeStudyFile(target, study).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    const issue = (error as DataError).issues[0]!;
    expect(issue).toMatchObject({ code: "WRITE_FAILED", file: target, expected: "a path in an existing, writable directory" });
    expect(issue.message).toBe(`cannot write ${target}: the directory ${join(dir, "missing-dir")} does not exist`);
    expect((error as DataError).message).not.toContain("cannot read");
    const { data: model } = await loadTmarsPaperModel();
    await expect(writeModelFile(join(dir, "missing-dir", "m.json"), model)).rejects.toMatchObject({ code: "WRITE_FAILED", file: join(dir, "missing-dir", "m.json") });
    // A directory in the way: the reason is the system's.
    const error2 = await writeModelFile(dir, model).then(() => undefined, (e: unknown) => e);
    const reason = (error2 as DataError).issues[0]!.message;
    expect(reason.startsWith(`cannot write ${dir}: `) && reason.includes("EISDIR")).toBe(true);
  });
});
