import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DataError } from "./DataError.js";
import { parsePoolManifest } from "./parsePoolManifest.js";
import { poolManifestSchema } from "./schemas/poolManifestSchema.js";
import type { PoolManifestV1 } from "./types.js";
import { writePoolManifest } from "./writePoolManifest.js";

const good = (): PoolManifestV1 => ({
  format: "qqt.pool/v1",
  generator: "@qqt/pool 0.0.0",
  source: { files: ["scores.parquet"], id: "uid", score: "clip_l14_similarity_score", order: "higher-is-better" },
  rows: {
    read: 25,
    valid: 21,
    excluded: { missingId: 1, missingScore: 1, nanScore: 1, infiniteScore: 0, nonNumericScore: 1 },
    duplicates: { ids: 1, rows: 2, examples: ["a1"] },
  },
  rule: { kind: "exact-rank", edges: [0, 50, 100], ties: "id-ascending" },
  buckets: [
    { id: "top0-50", count: 11, scoreMin: 0.31, scoreMax: 0.42, fromPercent: 0, toPercent: 50 },
    { id: "top50-100", count: 10, scoreMin: 0.12, scoreMax: 0.31, fromPercent: 50, toPercent: 100 },
  ],
  edges: [{ percent: 50, rank: 11, tiedAbove: 1, tiedBelow: 2 }],
});

function issuesOf(text: string): DataError {
  try {
    parsePoolManifest(text, { file: "m.json" });
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("expected a DataError");
}

describe("parsePoolManifest", () => {
  it("reads a manifest and writes it back exactly", () => {
    const text = writePoolManifest(good());
    expect(parsePoolManifest(text)).toEqual(good());
    expect(writePoolManifest(parsePoolManifest(text))).toBe(text);
  });

  it("agrees with Ajv on the schema (the one source of the format)", () => {
    const validate = new Ajv2020().compile(poolManifestSchema);
    expect(validate(good())).toBe(true);
    const bad = { ...good(), buckets: [{ id: "top0-100", count: 0, scoreMin: 0, scoreMax: 1, fromPercent: 0, toPercent: 100 }] };
    expect(validate(bad)).toBe(false);
    expect(() => parsePoolManifest(bad)).toThrow(DataError);
  });

  it("locates structural problems with file, line and field", () => {
    const text = JSON.stringify({ ...good(), rows: { ...good().rows, valid: -3, excluded: { ...good().rows.excluded, nanScore: "1" } } }, null, 2);
    const e = issuesOf(text);
    const fields = e.issues.map((i) => i.field);
    expect(fields).toContain("rows.valid");
    expect(fields).toContain("rows.excluded.nanScore");
    const valid = e.issues.find((i) => i.field === "rows.valid")!;
    expect(valid).toMatchObject({ code: "NEGATIVE_NUMBER", file: "m.json", line: 14 });
    expect(valid.expected).toMatch(/whole number >= 0/);
    const nan = e.issues.find((i) => i.field === "rows.excluded.nanScore")!;
    expect(nan).toMatchObject({ code: "INVALID_TYPE", suggestion: "write the number without quotes" });
  });

  it("names unknown and missing fields with a suggestion", () => {
    const { buckets, ...rest } = good();
    const e = issuesOf(JSON.stringify({ ...rest, bukets: buckets }));
    expect(e.issues.map((i) => [i.code, i.field, i.suggestion, i.line])).toEqual(
      expect.arrayContaining([
        ["UNKNOWN_FIELD", "bukets", 'did you mean "buckets"?', 1],
        ["MISSING_FIELD", "buckets", 'rename "bukets" to "buckets"', 1],
      ]),
    );
    expect(e.issues).toHaveLength(2);
  });

  it("refuses another format or version first", () => {
    expect(issuesOf('{"format":"qqt.study/v1","buckets":[]}').issues.map((i) => i.code)).toEqual(["UNKNOWN_FORMAT"]);
    expect(issuesOf('{"format":"qqt.pool/v2"}').issues.map((i) => i.code)).toEqual(["UNSUPPORTED_VERSION"]);
    expect(issuesOf("").code).toBe("EMPTY_INPUT");
    expect(issuesOf("{").code).toBe("INVALID_JSON");
  });

  it("checks what the schema cannot: unique ids, score order, counts that add up, edges", () => {
    const m = good();
    m.buckets[1]!.id = "top0-50";
    m.buckets[0]!.scoreMin = 0.5;
    m.rows.valid = 20;
    m.rule.edges = [0, 60, 50, 100];
    const e = issuesOf(JSON.stringify(m, null, 1));
    expect(e.issues.map((i) => [i.code, i.field])).toEqual(
      expect.arrayContaining([
        ["DUPLICATE_BUCKET", "buckets[1].id"],
        ["OUT_OF_RANGE", "buckets[0].scoreMin"],
        ["INCONSISTENT_VALUE", "rows.valid"],
        ["INCONSISTENT_VALUE", "rows.read"],
        ["INVALID_VALUE", "rule.edges"],
      ]),
    );
    expect(e.message).toMatch(/the bucket counts add up to 21, but rows\.valid is 20/);
  });
});
