// Property tests: random and mutated inputs never make a reader throw anything but a DataError, never produce a
// non-finite number, and never hang (vitest's timeout bounds every case).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataError, MAX_ISSUES } from "./DataError.js";
import { safeParseAuto } from "./parseAuto.js";
import { safeParseDataComp } from "./parseDataComp.js";
import { safeParseModel } from "./parseModel.js";
import { safeParseOpenClipCsv } from "./parseOpenClipCsv.js";
import { parseStudy, safeParseStudy } from "./parseStudy.js";
import { parseTidyCsv, safeParseTidyCsv } from "./parseTidyCsv.js";
import { evalLine, MINIMAL_STUDY } from "./testing/helpers.js";
import type { SafeParseResult } from "./types.js";
import { writeStudy } from "./writeStudy.js";

const MODEL = readFileSync(new URL("../examples/tmars-paper/tmars-imagenet.model.json", import.meta.url), "utf8");
const RUNS = [1, 2, 3].map((i) => `top0-10,12.8M,${i * 12.8}M,0.${90 - i}`).join("\n");
const TIDY = `bucket,pool_size,samples_seen,error,seed\n${RUNS}\n`;

/** Every number anywhere in a value is finite. */
function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value === null || typeof value !== "object") return true;
  return Object.values(value as Record<string, unknown>).every(allFinite);
}

/** The result is a success with finite numbers, or a DataError with at least one located issue. */
function wellBehaved<T>(result: SafeParseResult<T>): void {
  if (result.success) {
    expect(allFinite(result.data)).toBe(true);
    expect(result.summary.rowsRead).toBe(result.summary.rowsUsed + result.summary.rowsSkipped);
  } else {
    expect(result.error).toBeInstanceOf(DataError);
    expect(result.error.issues.length).toBeGreaterThan(0);
    expect(result.error.issues.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
    for (const i of result.error.issues) expect(typeof i.file === "string" && i.message.length > 0).toBe(true);
  }
}

const noisyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(",", "\t", ";", '"', "\n", "\r", "\r\n", "\uFEFF", "a", "1", ".", "e", "-", "M", "B", "%", " ", "+", "#", "{", "}", "[", "]", ":", "NaN"), maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);

describe("properties: JSON readers", () => {
  it("every truncation of a study or model is a DataError (INVALID_JSON or EMPTY_INPUT), never a crash", () => {
    for (const text of [MINIMAL_STUDY, MODEL]) {
      for (let n = 0; n <= text.lastIndexOf("}") ; n++) {
        const r = text === MODEL ? safeParseModel(text.slice(0, n)) : safeParseStudy(text.slice(0, n));
        expect(r.success).toBe(false);
        if (!r.success) expect(["INVALID_JSON", "EMPTY_INPUT"]).toContain(r.error.code);
      }
    }
  });

  it("random text and bytes", () => {
    fc.assert(
      fc.property(noisyText, (text) => {
        wellBehaved(safeParseStudy(text));
        wellBehaved(safeParseModel(text));
        wellBehaved(safeParseStudy(new TextEncoder().encode(text)));
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => wellBehaved(safeParseStudy(bytes))), { numRuns: 200 });
  });

  it("a valid study with one value replaced by anything (wrong types, huge numbers, NaN) is read or refused cleanly; success round-trips", () => {
    const base = JSON.parse(MINIMAL_STUDY) as Record<string, unknown>;
    const paths = [["format"], ["buckets"], ["buckets", 0], ["buckets", 0, "id"], ["buckets", 0, "size"], ["observations"], ["observations", 0], ["observations", 0, "pool"], ["observations", 0, "pool", 0], ["observations", 0, "samplesSeen"], ["observations", 0, "error"], ["observations", 0, "tags"], ["metric"], ["model"]];
    const weird = fc.oneof(fc.anything(), fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -0, Number.MAX_VALUE, 1e-320, "12.8M", [], {}, null));
    fc.assert(
      fc.property(fc.constantFrom(...paths), weird, (path, value) => {
        const doc = structuredClone(base);
        let target = doc as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
        target[path[path.length - 1]!] = value;
        const fromObject = safeParseStudy(doc);
        wellBehaved(fromObject);
        let text: string | undefined;
        try {
          text = JSON.stringify(doc);
        } catch {
          text = undefined;
        }
        if (text !== undefined) wellBehaved(safeParseStudy(text));
        if (fromObject.success) expect(parseStudy(writeStudy(fromObject.data)).data).toEqual(fromObject.data);
      }),
      { numRuns: 500 },
    );
  });

  it("deeply nested JSON is refused, not a stack overflow", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    wellBehaved(safeParseStudy(deep));
    wellBehaved(safeParseStudy(`{"format":"qqt.study/v1","x":${deep.slice(0, 99_999)}`));
  });
});

describe("properties: CSV readers", () => {
  it("random and mutated text (quotes, delimiters, CRLF, BOM, %, suffixes)", () => {
    const mutated = fc.tuple(fc.integer({ min: 0, max: TIDY.length }), fc.integer({ min: 0, max: 20 }), noisyText).map(([at, cut, insert]) => TIDY.slice(0, at) + insert + TIDY.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(noisyText, mutated), (text) => {
        wellBehaved(safeParseTidyCsv(text, { file: "x.csv" }));
        wellBehaved(safeParseTidyCsv(text, { file: "x.tsv", accuracyScale: "percent" }));
        wellBehaved(safeParseOpenClipCsv(text));
        wellBehaved(safeParseAuto([{ path: "x.csv", text }]));
      }),
      { numRuns: 400 },
    );
  });

  it("huge and tiny numbers are refused or read, never Infinity", () => {
    for (const v of ["1e308", "1e309", "9".repeat(400), "1e-400", "0.0000001"]) {
      wellBehaved(safeParseTidyCsv(`bucket,pool_size,samples_seen,error\na,${v},${v},${v}\n`));
    }
    expect(safeParseTidyCsv("bucket,pool_size,samples_seen,error\na,1,1e309,0.5\n")).toMatchObject({ success: false, error: { code: "OUT_OF_RANGE" } });
  });

  it("a 10^5-line CSV is read completely, with the same result whatever its line ends", () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `b${i % 10},1M,${i + 1},0.5,${i}`);
    const lf = `bucket,pool_size,samples_seen,error,seed\n${rows.join("\n")}\n`;
    const a = parseTidyCsv(lf);
    const b = parseTidyCsv(`\uFEFF${lf.replaceAll("\n", "\r\n")}`);
    expect(a.data.observations).toHaveLength(100_000);
    expect(a.data.observations[99_999]).toMatchObject({ pool: ["b9"], samplesSeen: 100_000, tags: { seed: "99999" }, origin: { line: 100_001 } });
    expect(JSON.stringify(b.data)).toBe(JSON.stringify(a.data));
  }, 60_000);

  it("a 10^5-line CSV where every row is bad lists 100 issues and counts the rest", () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `b,1M,${i + 1},2`);
    const r = safeParseTidyCsv(`bucket,pool_size,samples_seen,error\n${rows.join("\n")}\n`);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues).toHaveLength(MAX_ISSUES + 1);
      expect(r.error.issues[MAX_ISSUES]!.message).toBe(`and ${100_000 - MAX_ISSUES} more problems not listed (the first ${MAX_ISSUES} are)`);
      expect(r.error.message.split("\n")[0]).toBe("100000 problems in <input>:");
    }
  }, 60_000);
});

describe("properties: DataComp reader", () => {
  it("random file sets with random lines", () => {
    const path = fc.constantFrom("a/eval_results_epoch_2_step_-1.jsonl", "a_2x/eval_results.jsonl", "b/eval_results_epoch_4_step_-1.jsonl", "x.jsonl", "README.md", "qqt-manifest.json", "root/a/eval_results_epoch_1_step_-1.jsonl");
    const line = fc.oneof(
      fc.constantFrom(evalLine("imagenet1k", 0.3), evalLine("imagenet1k", null), evalLine("mnist", 2), "{}\n", "\n", '{"key":1}\n', '{"key":"imagenet1k","metrics":{"main_metric":NaN}}\n'),
      noisyText,
    );
    const file = fc.record({ path, text: fc.array(line, { maxLength: 6 }).map((l) => l.join("")) });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 5 }), fc.constantFrom("imagenet1k", "avg18", "all", ["mnist"]), (files, metric) => {
        wellBehaved(safeParseDataComp(files, { metric, bucketSize: "12.8M" }));
        wellBehaved(safeParseDataComp(files, { metric }));
        wellBehaved(safeParseAuto(files));
      }),
      { numRuns: 300 },
    );
  });
});
