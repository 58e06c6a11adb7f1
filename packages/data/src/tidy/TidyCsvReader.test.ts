import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError } from "../DataError.js";
import type { DataIssue } from "../DataError.js";
import type { ParseResult, Study } from "../types.js";
import { TidyCsvReader } from "./TidyCsvReader.js";
import type { TidyCsvOptions } from "./TidyCsvReader.js";

type Outcome = { result: ParseResult<Study> } | { issues: readonly DataIssue[] };

/** Reads `text` in `mode`, pushed whole or in chunks of `chunk` characters; the result or the issues thrown. */
function read(text: string, options: TidyCsvOptions, mode: "fast" | "full", chunk = 0): Outcome & { fastRows: number } {
  const reader = new TidyCsvReader({ file: "runs.csv", ...options }, mode);
  try {
    if (chunk === 0) reader.push(text);
    else for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
    return { result: reader.end(), fastRows: reader.fastRows };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { issues: error.issues, fastRows: reader.fastRows };
  }
}

/** The fast path gives what the full path gives, for the text whole and in chunks; returns the outcome. */
function same(text: string, options: TidyCsvOptions = {}): Outcome & { fastRows: number } {
  const { fastRows: _none, ...full } = read(text, options, "full");
  const fast = read(text, options, "fast");
  const { fastRows: _f, ...fastOutcome } = fast;
  expect(fastOutcome).toEqual(full);
  for (const chunk of [1, 2, 5, 17]) {
    const { fastRows: _c, ...chunked } = read(text, options, "fast", chunk);
    expect(chunked).toEqual(full);
  }
  return fast;
}

const HEADER = "bucket,pool_size,samples_seen,error,seed\n";

/** Tricky rows after a few plain ones (which put the bucket, its size and the seed in the fast path's tables). */
const CASES: Array<[name: string, csv: string, options?: TidyCsvOptions]> = [
  ["plain rows", `${HEADER}a,12.8M,1M,0.5,1\na,12.8M,2M,0.4,1\nb,640k,1M,0.6,1\nb,,2M,0.55,1\n`],
  ["suffixes, exponents, separators", `${HEADER}a,12.8M,1M,0.5,1\na,12800000,2.56e7,0.4,1\na,12.8M,"12,800,000",0.3,1\na,12.8M,1_000_000,0.2,2\na,12.8M,3bn,0.1,1\na,12.8M,1.28B,.25,1\na,12.8M,1T,0.05,1\na,12.8M,5.M,5.,1\n`],
  ["quoted fields, doubled quotes, line breaks inside quotes", `${HEADER}a,12.8M,1M,0.5,1\n"a",12.8M,"2M",0.4,"1"\n"a",12.8M,3M,0.3,"x\ny"\na,12.8M,4M,0.2,"say ""hi"""\na,12.8M,5M,0.1,1\n`],
  ["CRLF and lone CR line ends", `bucket,pool_size,samples_seen,error\r\na,1M,1M,0.5\r\na,1M,2M,0.4\ra,,3M,0.3\r\n\r\na,,4M,0.2`],
  ["BOM, comments and blank lines", `\uFEFF# runs\n\n${HEADER}a,1M,1M,0.5,1\n\n# a comment\n  # indented comment\n   \na,1M,2M,0.4,1\n`],
  ["spaces around fields", `${HEADER}a,1M,1M,0.5,1\n a ,1M,2M,0.4,1\na, 1M ,3M,0.3,1\na,1M,4M , 0.2 ,1\na,1M,5M,0.1, 1 \n\u00a0a,1M,6M,0.1,1\na,1M,7M,0.1\u3000,1\n`],
  ["bad numbers with their messages", `${HEADER}a,1M,1M,0.5,1\na,1M,12.8m,0.4,1\na,1M,abc,0.4,1\na,1M,-5,0.4,1\na,1M,1e400,0.4,1\na,1M,,0.4,1\na,1M,0,0.4,1\na,1M,2M,NaN,1\na,1M,3M,Infinity,1\na,1M,4M,-0.1,1\na,1M,5M,,1\na,0,6M,0.1,1\na,2M,7M,0.1,1\na,1M,8M,0.1.2,1\na,1M,9M,1e-1x,1\na,1M,10M,1.5,1\n`],
  ["decimal commas in a TSV", "bucket\tpool_size\tsamples_seen\terror\na\t1M\t1M\t0.5\na\t1M\t2M\t0,5\na\t1,5M\t3M\t0.4\n"],
  ["percent signs and accuracy scales", "bucket,pool_size,samples_seen,accuracy\na,1M,1M,51.938\na,1M,2M,24%\na,1M,3M,0\na,1M,4M,60\na,1M,5M,100\na,1M,6M,101\n"],
  ["accuracy mixing scales", "bucket,pool_size,samples_seen,accuracy\na,1M,1M,0.5\na,1M,2M,0.6\na,1M,3M,0.7\na,1M,4M,28.07\n"],
  ["fraction accuracy when told", "bucket,pool_size,samples_seen,accuracy\na,1M,1M,0.5\na,1M,2M,0.6\na,1M,3M,0.7\n", { accuracyScale: "fraction" }],
  ["wrong number of fields, extra empty fields", `${HEADER}a,1M,1M,0.5,1\na,1M,2M,0.4\na,1M,3M,0.3,1,,\na,1M,4M,0.2,1,x\na,1M,5M,0.1,1, \n`],
  ["duplicates, with and without seeds", `${HEADER}a,1M,1M,0.5,1\na,1M,1M,0.4,1\na,1M,1M,0.4,2\na,1M,2M,0.3,\na,1M,2M,0.3,\nb,1M,1M,0.5,1\n`],
  ["inconsistent and missing sizes", `${HEADER}a,1M,1M,0.5,1\na,2M,2M,0.4,1\nb,,1M,0.5,1\nc,x,1M,0.5,1\n`],
  ["pools of several buckets, epochs", "pool,pool_size,epochs,error\na,10,2,0.5\nb,30,1,0.6\na+b,40,2,0.4\n b + a ,,3,0.3\na+b,41,4,0.2\na+a,,1,0.2\n+a,,1,0.2\na,,0,0.2\na,,-1,0.2\na,,2%,0.2\n"],
  ["samples and epochs together", "bucket,pool_size,samples_seen,epochs,error\na,10,20,2,0.5\na,,,3,0.4\na,,50,4,0.3\na,,,,0.2\n"],
  ["errors above 1, percent errors, losses", `${HEADER}a,1M,1M,0.5,1\na,1M,2M,1.5,1\n`],
  ["percent error scale", `${HEADER}a,1M,1M,50,1\na,1M,2M,40,1\na,1M,3M,140,1\n`, { errorScale: "percent" }],
  ["a loss column", "bucket,pool_size,samples_seen,loss\na,1M,1M,3.25\na,1M,2M,2.5\na,1M,3M,-1\n"],
  ["metrics, several and one selected", "bucket,pool_size,samples_seen,error,metric\na,1M,1M,0.5,imagenet\na,1M,1M,0.6,vtab\na,1M,2M,0.4,imagenet\na,1M,2M,0.5,vtab\na,1M,3M,0.3,\na,1M,3M,0.3, imagenet\n"],
  ["one metric selected", "bucket,pool_size,samples_seen,error,metric\na,1M,1M,0.5,imagenet\na,1M,1M,0.6,vtab\na,1M,2M,0.4,imagenet\na,1M,2M,0.5,vtab\na,1M,3M,0.5,vtab\na,1M,3M,0.3,imagenet\n", { metric: "imagenet" }],
  ["an unknown metric selected", "bucket,pool_size,samples_seen,error,metric\na,1M,1M,0.5,imagenet\na,1M,2M,0.4,imagenet\n", { metric: "vtab" }],
  ["model, seed and tag columns, weights", "bucket,pool_size,samples_seen,error,model,seed,lr,weight\na,1M,1M,0.5,vit,1,0.1,2\na,1M,1M,0.5,vit,2,0.1,\na,1M,1M,0.5,rn50,1,0.1,1.5\na,1M,1M,0.5,vit,1,0.2,0\na,1M,2M,0.4,vit,1,0.1,-1\na,1M,2M,0.4,,,0.1,x\na,1M,2M,0.4,,,,\na,1M,3M,0.4,vit,,0.1,1\n", { tagColumns: ["lr"] }],
  ["quality groups", "bucket,pool_size,samples_seen,error,quality\na,1M,1M,0.5,top\na,1M,2M,0.4,top\na,1M,3M,0.3,\nb,1M,1M,0.5,low\nb,1M,2M,0.4,top\na+b,,1M,0.3,top\n"],
  ["non-ASCII bucket names and values", `${HEADER}état,1M,1M,0.5,1\nétat,1M,2M,0.4,1\n桶,1M,1M,0.4,1\n桶,1M,2M,0.3,種\n`],
  ["a last line without a line end", `${HEADER}a,1M,1M,0.5,1\na,1M,2M,0.4,1`],
  ["a quoted field never closed", `${HEADER}a,1M,1M,0.5,1\na,1M,2M,"0.4,1\na,1M,3M,0.3,1\n`],
  ["text after a closing quote", `${HEADER}a,1M,1M,0.5,1\na,1M,2M,"0.4"x,1\na,1M,3M,0.3,1\n`],
  ["a header only", HEADER],
  ["no header row", "top0-10,12.8M,25.6M,0.836\ntop0-10,,51.2M,0.76\n"],
  ["many digits", `${HEADER}a,1M,1M,0.1234567890123456789,1\na,1M,123456789012345,0.5,1\na,1M,1234567890123456,0.5,1\na,1M,0000000000000001,0.5,1\n`],
];

describe("TidyCsvReader: the fast path reads what the full path reads", () => {
  for (const [name, csv, options] of CASES) {
    it(name, () => {
      same(csv, options);
    });
  }

  it("reads plain rows on the fast path, with their values, lines and columns", () => {
    const out = same(`${HEADER}a,12.8M,1M,0.5,1\na,12.8M,2M,0.4,1\nb,640k,1M,0.6,1\nb,,2M,0.55,1\na,12.8M,3M,0.25,1\n`);
    // The first row of each bucket (and of each tag set) goes through the full path and fills the tables.
    expect(out.fastRows).toBe(3);
    if (!("result" in out)) throw new Error("expected a study");
    expect(out.result.data.observations).toEqual([
      { pool: ["a"], samplesSeen: 1e6, error: 0.5, tags: { seed: "1" }, origin: { file: "runs.csv", line: 2 } },
      { pool: ["a"], samplesSeen: 2e6, error: 0.4, tags: { seed: "1" }, origin: { file: "runs.csv", line: 3 } },
      { pool: ["b"], samplesSeen: 1e6, error: 0.6, tags: { seed: "1" }, origin: { file: "runs.csv", line: 4 } },
      { pool: ["b"], samplesSeen: 2e6, error: 0.55, tags: { seed: "1" }, origin: { file: "runs.csv", line: 5 } },
      { pool: ["a"], samplesSeen: 3e6, error: 0.25, tags: { seed: "1" }, origin: { file: "runs.csv", line: 6 } },
    ]);
    expect(out.result.data.buckets).toEqual([
      { id: "a", size: 12.8e6 },
      { id: "b", size: 640e3 },
    ]);
    expect(out.result.summary).toMatchObject({ rowsRead: 5, rowsUsed: 5, rowsSkipped: 0, observations: 5 });
  });

  it("reads rows with a metric, two tag columns, weights and a skipped metric on the fast path once their values are known", () => {
    const csv = "bucket,pool_size,samples_seen,error,metric,model,seed,weight\na,1M,1M,0.5,imagenet,vit,1,2\na,1M,1M,0.6,vtab,vit,1,2\na,1M,2M,0.4,imagenet,vit,1,2\na,1M,2M,0.5,vtab,vit,1,1\na,1M,3M,0.3,imagenet,vit,1,\n";
    const out = same(csv, { metric: "imagenet" });
    expect(out.fastRows).toBe(3); // lines 4-6: a selected row, a skipped one, a row without weight
    if (!("result" in out)) throw new Error("expected a study");
    expect(out.result.data.observations.map((o) => [o.samplesSeen, o.error, o.weight, o.metric, o.tags])).toEqual([
      [1e6, 0.5, 2, "imagenet", { model: "vit", seed: "1" }],
      [2e6, 0.4, 2, "imagenet", { model: "vit", seed: "1" }],
      [3e6, 0.3, undefined, "imagenet", { model: "vit", seed: "1" }],
    ]);
    expect(out.result.summary).toMatchObject({ rowsRead: 5, rowsUsed: 3, rowsSkipped: 2 });
  });

  it("leaves bad numbers to the full path, with the same codes, messages, lines and columns", () => {
    const out = same(`${HEADER}a,1M,1M,0.5,1\na,1M,12.8m,0.4,1\na,1M,2M,0.4.1,1\na,1M,3M,-0.1,1\na,1M,4M,2,1\na,1M,1M,0.3,1\n`);
    if (!("issues" in out)) throw new Error("expected issues");
    expect(out.issues.map(({ code, line, column, field, message }) => ({ code, line, column, field, message }))).toEqual([
      { code: "INVALID_NUMBER", line: 3, column: 6, field: "samples_seen", message: 'samples_seen: "12.8m" uses "m", which may mean milli or million' },
      { code: "INVALID_NUMBER", line: 4, column: 9, field: "error", message: 'error: "0.4.1" is not a number' },
      { code: "NEGATIVE_NUMBER", line: 5, column: 9, field: "error", message: "error is -0.1" },
      { code: "OUT_OF_RANGE", line: 6, column: 9, field: "error", message: "error 2 is above 1" },
      { code: "DUPLICATE_OBSERVATION", line: 7, column: undefined, field: undefined, message: "this row repeats line 2 (pool a, 1000000 samples seen)" },
    ]);
  });

  it("keeps a pending CR across chunks and quoted records across chunks", () => {
    const csv = `${HEADER}a,1M,1M,0.5,1\r\na,1M,2M,0.4,"x\r\ny"\r\na,1M,3M,0.3,1\ra,1M,4M,0.2,1\r`;
    const out = same(csv);
    if (!("result" in out)) throw new Error("expected a study");
    expect(out.result.data.observations.map((o) => o.origin!.line)).toEqual([2, 3, 5, 6]);
  });

  it("gives the same outcome for random files of plain and tricky fields, in random chunks", () => {
    const bucket = fc.constantFrom("a", "b", "a+b", " a", "", '"a"', "é", "#c");
    const count = fc.constantFrom("1M", "12.8M", "", "0", "2.5e6", "1,000", "1m", "-1", " 3M", "640k", "1_000", '"2M"', "1bn", "x");
    const value = fc.constantFrom("0.5", "0.25", "", "1.5", "-0.1", "50%", "0,5", ".5", "5.", "0", "1e-1", "NaN", " 0.3", '"0.4"');
    const seed = fc.constantFrom("1", "2", "", " 1", "é", '"x\ny"');
    const row = fc.tuple(bucket, count, count, value, seed).map((f) => f.join(","));
    const ending = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(fc.array(fc.tuple(row, ending), { maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (rows, chunk) => {
        const csv = HEADER + rows.map(([r, e]) => r + e).join("");
        const { fastRows: _a, ...full } = read(csv, {}, "full");
        const { fastRows: _b, ...fast } = read(csv, {}, "fast", chunk);
        expect(fast).toEqual(full);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same outcome for random files with metrics, tags, weights, epochs and pools, selected or not", () => {
    const header = "pool,pool_size,samples_seen,epochs,accuracy,metric,model,seed,weight\n";
    const pool = fc.constantFrom("a", "b", "a+b", "b+a", "a + b");
    const size = fc.constantFrom("10", "", "30", "40", "2M");
    const samples = fc.constantFrom("20", "", "40", "1M", "60");
    const epochs = fc.constantFrom("", "2", "1", "0.5", "x");
    const accuracy = fc.constantFrom("0.5", "50", "24%", "0", "0.25", "101", "");
    const name = fc.constantFrom("imagenet", "vtab", "", " vtab");
    const tag = fc.constantFrom("", "vit", "rn50", "1", "2");
    const weight = fc.constantFrom("", "1", "2.5", "0", "-1");
    const row = fc.tuple(pool, size, samples, epochs, accuracy, name, tag, tag, weight).map((f) => f.join(","));
    const options = fc.constantFrom<TidyCsvOptions>({}, { metric: "imagenet" }, { metric: "vtab", accuracyScale: "percent" }, { accuracyScale: "fraction" });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 14 }), options, fc.integer({ min: 1, max: 60 }), (rows, opts, chunk) => {
        const csv = header + rows.map((r) => `${r}\n`).join("");
        const { fastRows: _a, ...full } = read(csv, opts, "full");
        const { fastRows: _b, ...fast } = read(csv, opts, "fast", chunk);
        expect(fast).toEqual(full);
      }),
      { numRuns: 300 },
    );
  });
});
