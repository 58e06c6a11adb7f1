import { describe, expect, it } from "vitest";
import { DataError, MAX_ISSUES } from "./DataError.js";
import { parseStudy, safeParseStudy } from "./parseStudy.js";
import { issuesOf, issueWith, MINIMAL_STUDY } from "./testing/helpers.js";
import type { Study } from "./types.js";
import { writeStudy } from "./writeStudy.js";

const file = "study.json";
const parse = (text: string) => safeParseStudy(text, { file });

describe("parseStudy: good documents", () => {
  it("reads the minimal example of the issue", () => {
    const { data, summary } = parseStudy(MINIMAL_STUDY, { file });
    expect(data).toEqual({
      format: "qqt.study/v1",
      buckets: [{ id: "top0-10", size: 12800000 }],
      observations: [{ pool: ["top0-10"], samplesSeen: 25600000, error: 0.83 }],
    });
    expect(summary).toMatchObject({ format: "qqt.study/v1", files: [file], rowsRead: 1, rowsUsed: 1, rowsSkipped: 0, observations: 1 });
    expect(summary.buckets).toEqual([{ id: "top0-10", size: 12800000, observations: 1 }]);
  });

  it("reads every optional field and bytes with a BOM", () => {
    const study: Study = {
      format: "qqt.study/v1",
      name: "T-MARS",
      description: "runs",
      source: { citation: "me", url: "https://x", licence: "MIT", synthetic: true, note: "n" },
      metric: { name: "avg18", description: "18 tasks", kind: "1-accuracy", tasks: ["imagenet1k", "cifar10"] },
      buckets: [
        { id: "a", size: 1e6, label: "top 10%", quality: { score: "T-MARS", fromPercentile: 0, toPercentile: 10 } },
        { id: "b", size: 2e6 },
      ],
      observations: [
        { pool: ["a", "b"], samplesSeen: 3e6, error: 0.5, weight: 2, metric: "avg18", tags: { seed: "1" }, origin: { file: "x.csv", line: 3 } },
        { pool: ["a", "b"], samplesSeen: 3e6, error: 0.52, tags: { seed: "2" } },
      ],
    };
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(study))]);
    expect(parseStudy(bytes).data).toEqual(study);
    expect(parseStudy(bytes).summary.buckets).toEqual([
      { id: "a", size: 1e6, observations: 2 },
      { id: "b", size: 2e6, observations: 2 },
    ]);
  });

  it("allows errors above 1 for a loss metric", () => {
    const text = MINIMAL_STUDY.replace('"error":0.83', '"error":3.2').replace('"buckets"', '"metric":{"name":"val loss","kind":"loss"},"buckets"');
    expect(parseStudy(text).data.observations[0]!.error).toBe(3.2);
  });

  it("fills origins with the line of each observation when asked", () => {
    const text = MINIMAL_STUDY.replace('"observations":[', '"observations":[\n').replace("}]}", "},\n{\"pool\":[\"top0-10\"],\"samplesSeen\":51200000,\"error\":0.7}]}");
    const { data } = parseStudy(text, { file, withOrigins: true });
    expect(data.observations.map((o) => o.origin)).toEqual([
      { file, line: 2 },
      { file, line: 3 },
    ]);
    expect(parseStudy(text, { file }).data.observations[0]!.origin).toBeUndefined();
  });

  it("round-trips exactly: read → write → read gives the same study, and write is stable", () => {
    const { data } = parseStudy(MINIMAL_STUDY);
    const text = writeStudy(data);
    expect(text).toBe(
      '{\n  "format": "qqt.study/v1",\n  "buckets": [{ "id": "top0-10", "size": 12800000 }],\n  "observations": [{ "pool": ["top0-10"], "samplesSeen": 25600000, "error": 0.83 }]\n}\n',
    );
    expect(parseStudy(text).data).toEqual(data);
    expect(writeStudy(parseStudy(text).data)).toBe(text);
  });

  it("writes fields in canonical order and omits undefined ones", () => {
    const text = writeStudy({ observations: [{ error: 0.5, samplesSeen: 2, pool: ["a"], weight: undefined }], buckets: [{ size: 1, id: "a" }], format: "qqt.study/v1" } as unknown as Study);
    expect(text).toBe('{\n  "format": "qqt.study/v1",\n  "buckets": [{ "id": "a", "size": 1 }],\n  "observations": [{ "pool": ["a"], "samplesSeen": 2, "error": 0.5 }]\n}\n');
  });

  it("accepts an already parsed object", () => {
    expect(parseStudy(JSON.parse(MINIMAL_STUDY) as object).data.buckets[0]!.id).toBe("top0-10");
  });
});

describe("parseStudy: bad documents, with code, file, line, column and field", () => {
  it("empty input", () => {
    expect(issuesOf(parse("  \n"))).toEqual([{ code: "EMPTY_INPUT", file, message: "the file is empty", expected: "a JSON document" }]);
  });

  it("invalid JSON: trailing comma, with line and column", () => {
    const issue = issueWith(parse('{\n  "format": "qqt.study/v1",\n}'), "INVALID_JSON");
    expect(issue).toMatchObject({ file, line: 3, column: 1 });
    expect(issue.message).toContain("no trailing comma");
  });

  it("invalid JSON: NaN is named", () => {
    expect(issueWith(parse('{"format":"qqt.study/v1","x":NaN}'), "INVALID_JSON").message).toContain("NaN and Infinity are not JSON");
  });

  it("truncated JSON points at the end", () => {
    expect(issueWith(parse(MINIMAL_STUDY.slice(0, 60)), "INVALID_JSON")).toMatchObject({ line: 1, column: 61 });
  });

  it("missing, wrong and future formats", () => {
    expect(issueWith(parse('{"buckets":[],"observations":[]}'), "UNKNOWN_FORMAT").suggestion).toBe('add "format": "qqt.study/v1" as the first field');
    expect(issueWith(parse('{"format":"qqt.model/v1"}'), "UNKNOWN_FORMAT").suggestion).toContain("parseModel");
    expect(issueWith(parse('{"format":"qqt.study/v2"}'), "UNSUPPORTED_VERSION").field).toBe("format");
  });

  it("a document that is not an object", () => {
    expect(issueWith(parse("[1,2]"), "INVALID_TYPE").expected).toContain("qqt study");
  });

  it("reports every problem at once, sorted by position, each located", () => {
    const text = [
      "{",
      '  "format": "qqt.study/v1",',
      '  "buckets": [{ "id": "a", "size": -1 }, { "id": "a", "size": 5 }],',
      '  "observations": [',
      '    { "pool": ["b"], "samplesSeen": "12.8M", "error": 1.3, "sample": 1 },',
      '    { "pool": [], "samplesSeen": 0, "error": -0.1 }',
      "  ]",
      "}",
    ].join("\n");
    const issues = issuesOf(parse(text));
    expect(issues.map((i) => [i.code, i.field, i.line])).toEqual([
      ["NEGATIVE_NUMBER", "buckets[0].size", 3],
      ["DUPLICATE_BUCKET", "buckets[1].id", 3],
      ["UNKNOWN_BUCKET", "observations[0].pool[0]", 5],
      ["INVALID_TYPE", "observations[0].samplesSeen", 5],
      ["OUT_OF_RANGE", "observations[0].error", 5],
      ["UNKNOWN_FIELD", "observations[0].sample", 5],
      ["INVALID_VALUE", "observations[1].pool", 6],
      ["OUT_OF_RANGE", "observations[1].samplesSeen", 6],
      ["NEGATIVE_NUMBER", "observations[1].error", 6],
    ]);
    expect(issues.every((i) => i.file === file && i.column !== undefined)).toBe(true);
    expect(issues.find((i) => i.code === "UNKNOWN_FIELD")!.suggestion).toBe('did you mean "samplesSeen"?');
    expect(issues.find((i) => i.code === "INVALID_TYPE")!.suggestion).toContain("without quotes");
  });

  it("duplicate observations (same pool as a set, samples, metric and tags)", () => {
    const text = MINIMAL_STUDY.replace(
      '"observations":[',
      '"observations":[{"pool":["top0-10"],"samplesSeen":25600000,"error":0.8},\n',
    );
    const issue = issueWith(parse(text), "DUPLICATE_OBSERVATION");
    expect(issue).toMatchObject({ file, line: 2, field: "observations[1]" });
    expect(issue.suggestion).toContain("seed");
  });

  it("unknown bucket with a suggestion, a bucket twice in a pool, bad tags, bad weight, bad origin", () => {
    const text = MINIMAL_STUDY.replace(
      '{"pool":["top0-10"],"samplesSeen":25600000,"error":0.83}',
      '{"pool":["top0-1O"],"samplesSeen":1,"error":0.8},{"pool":["top0-10","top0-10"],"samplesSeen":2,"error":0.8,"tags":{"seed":1},"weight":0,"origin":{"file":"x","line":0}}',
    );
    const issues = issuesOf(parse(text));
    expect(issues.find((i) => i.code === "UNKNOWN_BUCKET")).toMatchObject({ field: "observations[0].pool[0]", suggestion: 'did you mean "top0-10"?' });
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(["observations[1].pool[1]", "observations[1].tags.seed", "observations[1].weight", "observations[1].origin.line"]),
    );
    expect(issues.find((i) => i.field === "observations[1].tags.seed")!.suggestion).toBe('write it as a string: "1"');
  });

  it("quality percentiles and metric kind are checked", () => {
    const text = MINIMAL_STUDY.replace('"size":12800000}', '"size":12800000,"quality":{"score":"T","fromPercentile":20,"toPercentile":10}}').replace('"buckets"', '"metric":{"name":"m","kind":"acc"},"buckets"');
    const issues = issuesOf(parse(text));
    expect(issues.map((i) => i.field)).toEqual(["metric.kind", "buckets[0].quality"]);
  });

  it("an embedded model must use study buckets with the same sizes", () => {
    const model = '{"format":"qqt.model/v1","law":{"formulation":"utility","variant":"paper"},"task":{"a":0.02,"d":0.1,"normalizer":100000},"buckets":[{"id":"top0-10","size":1,"b":-0.1,"tau":2},{"id":"zz","size":1,"b":-0.1,"tau":2}]}';
    const issues = issuesOf(parse(MINIMAL_STUDY.replace(/}$/, `,"model":${model}}`)));
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ["INCONSISTENT_BUCKET_SIZE", "model.buckets[0].size"],
      ["UNKNOWN_BUCKET", "model.buckets[1].id"],
    ]);
  });

  it("candidates: known, distinct bucket ids, each pool once; they round-trip", () => {
    const two = MINIMAL_STUDY.replace('{"id":"top0-10","size":12800000}', '{"id":"top0-10","size":12800000},{"id":"top10-20","size":12800000}');
    const good = parseStudy(two.replace(/}$/, ',"candidates":[["top10-20"],["top0-10","top10-20"]]}'), { file }).data;
    expect(good.candidates).toEqual([["top10-20"], ["top0-10", "top10-20"]]);
    expect(parseStudy(writeStudy(good)).data).toEqual(good);
    const bad = issuesOf(parse(two.replace(/}$/, ',\n"candidates":[["top0-1O"],["top0-10","top0-10"],["top10-20","top0-10"],["top0-10","top10-20"],[]]}')));
    expect(bad.map((i) => [i.code, i.field, i.line])).toEqual([
      ["UNKNOWN_BUCKET", "candidates[0][0]", 2],
      ["INVALID_VALUE", "candidates[1][1]", 2],
      ["INVALID_VALUE", "candidates[3]", 2],
      ["INVALID_VALUE", "candidates[4]", 2],
    ]);
    expect(bad[0]!.suggestion).toBe('did you mean "top0-10"?');
    expect(bad[2]!.message).toBe("this pool repeats candidates[2]");
    expect(issueWith(parse(two.replace(/}$/, ',"candidates":[]}')), "INVALID_VALUE").field).toBe("candidates");
  });

  it("stops listing at MAX_ISSUES and says how many more", () => {
    const observations = Array.from({ length: 150 }, (_, i) => `{"pool":["top0-10"],"samplesSeen":${i + 1},"error":2}`).join(",\n");
    const result = parse(`{"format":"qqt.study/v1","buckets":[{"id":"top0-10","size":1}],"observations":[\n${observations}]}`);
    const issues = issuesOf(result);
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[MAX_ISSUES]).toMatchObject({ code: "TOO_MANY_ERRORS", message: "and 50 more problems not listed (the first 100 are)" });
    expect(issues[99]!.line).toBe(101);
    if (!result.success) expect(result.error.message.split("\n")[0]).toBe("150 problems in study.json:");
  });

  it("parseStudy throws the DataError that safeParseStudy returns", () => {
    expect(() => parseStudy("{}", { file })).toThrow(DataError);
    expect(() => parseStudy("{}", { file })).toThrow(/^3 problems in study\.json:\n {2}- study\.json:1:1: format: the document has no "format" field/);
  });

  it("writeStudy refuses an invalid study", () => {
    expect(() => writeStudy({ format: "qqt.study/v1", buckets: [], observations: [] })).toThrow(DataError);
    expect(() => writeStudy({ format: "qqt.study/v1", buckets: [{ id: "a", size: 1 }], observations: [{ pool: ["a"], samplesSeen: 1, error: NaN }] })).toThrow(/observations\[0\]\.error is NaN/);
  });
});
