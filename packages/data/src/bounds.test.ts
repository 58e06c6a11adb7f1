import { execFileSync } from "node:child_process";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, MAX_ISSUE_TEXT } from "./DataError.js";
import { readPath, safeReadPath } from "./node.js";
import { safeParseModel } from "./parseModel.js";
import { safeParseStudy } from "./parseStudy.js";
import { safeParseTidyCsv } from "./parseTidyCsv.js";
import { issueWith } from "./testing/helpers.js";
import type { SafeParseResult } from "./types.js";

// Bounded everything: no input reaches a stack overflow, an endless read, a non-finite number or a megabyte message.
const deep = (n: number, inner = "1") => `{"format":"qqt.study/v1","buckets":[],"observations":[],"name":${"[".repeat(n)}${inner}${"]".repeat(n)}}`;

describe("bounded inputs", () => {
  it.each([5_000, 100_000])("refuses nesting %d deep with TOO_DEEP at its position, not a RangeError", (n) => {
    for (const parse of [safeParseStudy, safeParseModel] as Array<(text: string, options: { file: string }) => SafeParseResult<unknown>>) {
      const issue = issueWith(parse(deep(n), { file: "deep.json" }), "TOO_DEEP");
      expect(issue.line).toBe(1);
      // The outer object is level 1, so the 64th "[" of `name` is level 65: the first too deep.
      expect(issue.column).toBe(deep(n).indexOf('"name":[') + '"name":'.length + 64);
      expect(issue.message).toMatch(/more than 64 levels deep/);
    }
  });

  it("refuses a number JSON reads as Infinity, at its path", () => {
    const text = JSON.stringify({ format: "qqt.model/v1", law: { formulation: "utility", variant: "paper" }, task: { a: 0.02, d: 0.1, normalizer: 1e5 }, buckets: [{ id: "a", size: 1e6, b: -0.1, tau: 2 }] }).replace('"normalizer":100000', '"normalizer":1e999');
    const issue = issueWith(safeParseModel(text, { file: "m.json" }), "INVALID_NUMBER");
    expect(issue.field).toBe("task.normalizer");
    expect(issue.line).toBe(1);
    expect(issue.message).toMatch(/too large for a double/);
  });

  it("quotes at most a few hundred characters of a 4 MB value in any message", () => {
    const id = "x".repeat(4 << 20);
    const r = safeParseStudy(JSON.stringify({ format: "qqt.study/v1", buckets: [{ id: "a", size: 1 }], observations: [{ pool: [id], samplesSeen: 1, error: 0.5 }] }), { file: "s.json" });
    expect(r.success).toBe(false);
    if (!r.success) {
      for (const issue of r.error.issues) for (const text of [issue.message, issue.expected, issue.suggestion]) expect((text ?? "").length).toBeLessThanOrEqual(MAX_ISSUE_TEXT);
      expect(r.error.message.length).toBeLessThan(4 * MAX_ISSUE_TEXT);
      expect(r.error.issues[0]!.message).toMatch(/more characters\)$/);
    }
    const csv = safeParseTidyCsv(`bucket,pool_size,samples_seen,error\n${"y".repeat(3 << 20)},1M,2M,0.5\n`);
    if (!csv.success) for (const issue of csv.error.issues) expect(issue.message.length).toBeLessThanOrEqual(MAX_ISSUE_TEXT);
  });

  it("refuses devices and pipes before reading, and files over 256 MiB", async () => {
    const dev = await safeReadPath("/dev/zero");
    expect(dev.success).toBe(false);
    if (!dev.success) expect(dev.error.issues[0]).toMatchObject({ code: "READ_FAILED", message: expect.stringMatching(/is a device, not a file/) });
    const dir = mkdtempSync(join(tmpdir(), "qqt-bounds-"));
    const fifo = join(dir, "runs.csv");
    execFileSync("mkfifo", [fifo]);
    const pipe = await safeReadPath(fifo);
    expect(pipe.success).toBe(false);
    if (!pipe.success) expect(pipe.error.issues[0]!.message).toMatch(/is a pipe, not a file/);
    const big = join(dir, "big.csv");
    writeFileSync(big, "bucket,pool_size,samples_seen,error\n");
    truncateSync(big, 300 * 2 ** 20); // sparse: no disk used
    await expect(readPath(big)).rejects.toMatchObject({ code: "INPUT_TOO_LARGE" });
    await expect(readPath(big)).rejects.toBeInstanceOf(DataError);
  });
});
