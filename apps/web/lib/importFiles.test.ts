import { describe, expect, it } from "vitest";
import {
  checkImportSize,
  formatBytes,
  groupImports,
  isFolderDataFile,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILES,
  readImport,
  walkEntries,
  type EntryLike,
  type PickedFile,
} from "./importFiles";

const file = (path: string, text = "x", size = text.length): PickedFile => ({ path, size, bytes: async () => new TextEncoder().encode(text) });

describe("groupImports", () => {
  it("makes one import per loose file and one per top folder, leaving non-data files of a folder unread", () => {
    const batches = groupImports([
      file("runs.csv"),
      file("evals/top0-10/eval_results_epoch_2_step_-1.jsonl"),
      file("model.json"),
      file("evals/qqt-manifest.json"),
      file("evals/checkpoints/epoch_2.pt"),
      file("evals/.DS_Store"),
      file("other/x.tsv"),
    ]);
    expect(batches.map((b) => [b.name, b.kind, b.files.map((f) => f.path), b.skipped])).toEqual([
      ["runs.csv", "file", ["runs.csv"], []],
      ["evals/", "folder", ["evals/top0-10/eval_results_epoch_2_step_-1.jsonl", "evals/qqt-manifest.json"], ["evals/checkpoints/epoch_2.pt", "evals/.DS_Store"]],
      ["model.json", "file", ["model.json"], []],
      ["other/", "folder", ["other/x.tsv"], []],
    ]);
  });

  it("normalizes Windows separators and a leading slash (dropped folders' full paths)", () => {
    expect(groupImports([file("\\evals\\a\\x.jsonl"), file("/evals/b/y.jsonl")]).map((b) => [b.name, b.files.map((f) => f.path)])).toEqual([
      ["evals/", ["evals/a/x.jsonl", "evals/b/y.jsonl"]],
    ]);
  });

  it.each([
    ["top0-10/eval_results_epoch_2_step_-1.jsonl", true],
    ["a/QQT-MANIFEST.JSON", true],
    ["a/runs.TSV", true],
    ["a/README.md", false],
    ["a/ckpt.pt", false],
    ["a/.hidden.json", false],
  ])("isFolderDataFile(%s) = %s", (path, expected) => expect(isFolderDataFile(path)).toBe(expected));
});

describe("size limits, checked before anything is read", () => {
  it("refuses an import over MAX_IMPORT_BYTES, naming the size, the limit and the constant", () => {
    const files = Array.from({ length: 3 }, (_, i) => file(`evals/r${i}/eval_results.jsonl`, "", 21 * 1024 * 1024));
    const r = checkImportSize(groupImports(files)[0]!);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("IMPORT_TOO_LARGE");
    expect(r.error.message).toBe(
      "evals/ is 63 MB in 3 files; the limit is 50 MB per import (MAX_IMPORT_BYTES). Nothing was read. Import a smaller part (e.g. one folder of runs), or remove files that are not evaluation output.",
    );
    expect(checkImportSize(groupImports([file("big.csv", "", MAX_IMPORT_BYTES)])[0]!).ok).toBe(true);
    expect(checkImportSize(groupImports([file("big.csv", "", MAX_IMPORT_BYTES + 1)])[0]!).ok).toBe(false);
  });

  it("refuses too many files and an empty folder", () => {
    const many = Array.from({ length: MAX_IMPORT_FILES + 1 }, (_, i) => file(`evals/${i}.jsonl`));
    const r = checkImportSize(groupImports(many)[0]!);
    expect(!r.ok && r.error.message).toContain(`holds ${MAX_IMPORT_FILES + 1} data files; the limit is ${MAX_IMPORT_FILES}`);
    const empty = checkImportSize(groupImports([file("pics/a.png")])[0]!);
    expect(!empty.ok && empty.error.message).toBe(
      "pics/ holds no data files (.jsonl, .json, .csv, .tsv); 1 other file(s) were not read. Expected a DataComp evaluation folder with .jsonl files, or study, model or CSV files.",
    );
  });

  it.each([
    [820, "820 B"],
    [14.2 * 1024, "14.2 kB"],
    [50 * 1024 * 1024, "50 MB"],
    [62.34 * 1024 * 1024, "62.3 MB"],
  ])("formatBytes(%d) = %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe("reading an import", () => {
  it("reads every file's bytes, or fails naming the file that could not be read", async () => {
    const [batch] = groupImports([file("evals/a.jsonl", "{}"), file("evals/b.jsonl", "[]")]);
    const ok = await readImport(batch!);
    expect(ok.ok && ok.value.map((f) => [f.path, new TextDecoder().decode(f.text)])).toEqual([
      ["evals/a.jsonl", "{}"],
      ["evals/b.jsonl", "[]"],
    ]);
    const broken = await readImport({ name: "x.csv", kind: "file", skipped: [], files: [{ path: "x.csv", size: 1, bytes: () => Promise.reject(new Error("NotReadableError")) }] });
    expect(!broken.ok && broken.error.message).toBe("x.csv could not be read (NotReadableError); nothing of x.csv was imported.");
  });

  it("walks dropped folders, reading every batch of entries, keeping the folder in the paths", async () => {
    const fileEntry = (fullPath: string, text: string): EntryLike => ({
      isFile: true,
      isDirectory: false,
      name: fullPath.slice(fullPath.lastIndexOf("/") + 1),
      fullPath,
      file: (ok) => ok({ name: fullPath, size: text.length, arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer }),
    });
    const dir = (fullPath: string, batches: EntryLike[][]): EntryLike => ({
      isFile: false,
      isDirectory: true,
      name: fullPath.slice(fullPath.lastIndexOf("/") + 1),
      fullPath,
      createReader: () => {
        let i = 0;
        return { readEntries: (ok) => ok(batches[i++] ?? []) };
      },
    });
    const tree = dir("/evals", [
      [fileEntry("/evals/qqt-manifest.json", "{}"), dir("/evals/top0-10", [[fileEntry("/evals/top0-10/e2.jsonl", "a")], [fileEntry("/evals/top0-10/e4.jsonl", "bb")]])],
      [fileEntry("/evals/README.md", "ccc")],
    ]);
    const files = await walkEntries([tree, fileEntry("/runs.csv", "dddd")]);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ["evals/qqt-manifest.json", 2],
      ["evals/top0-10/e2.jsonl", 1],
      ["evals/top0-10/e4.jsonl", 2],
      ["evals/README.md", 3],
      ["runs.csv", 4],
    ]);
    expect(new TextDecoder().decode(await files[2]!.bytes())).toBe("bb");
    expect(groupImports(files).map((b) => [b.name, b.files.length, b.skipped])).toEqual([
      ["evals/", 3, ["evals/README.md"]],
      ["runs.csv", 1, []],
    ]);
  });
});
