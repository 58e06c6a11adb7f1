import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeModel, makeStudy } from "./testing/fixtures";
import {
  checkModelValue,
  checkStudyValue,
  MAX_ISSUES,
  MAX_STUDY_BUCKETS,
  validateCreateStudy,
  validateModelDocument,
  validateSaveVersion,
  validateSession,
  validateStudyDocument,
  validateUpdateStudy,
} from "./validate";

const MINIMAL = '{"format":"qqt.study/v1","buckets":[{"id":"top0-10","size":12800000}],"observations":[{"pool":["top0-10"],"samplesSeen":25600000,"error":0.83}]}';

type Mutation = [string, (s: Record<string, unknown> & { buckets: Array<Record<string, unknown>>; observations: Array<Record<string, unknown>> }) => void, string, string, string];

// Each case breaks one thing in a valid study and names the one issue @qqt/data reports: path, code and the start of
// the message (its `expected` is checked for a few).
const CASES: Mutation[] = [
  ["wrong version", (s) => (s.format = "qqt.study/v2"), "format", "UNSUPPORTED_VERSION", 'format "qqt.study/v2" is not supported'],
  ["a model file", (s) => (s.format = "qqt.model/v1"), "format", "UNKNOWN_FORMAT", "this is a model file (qqt.model/v1), not a study"],
  ["buckets not an array", (s) => ((s as Record<string, unknown>).buckets = { id: "a" }), "buckets", "INVALID_TYPE", "buckets is an object"],
  ["zero size", (s) => (s.buckets[2]!.size = 0), "buckets[2].size", "OUT_OF_RANGE", "buckets[2].size is 0"],
  ["size as string", (s) => (s.buckets[2]!.size = "12.8M"), "buckets[2].size", "INVALID_TYPE", 'buckets[2].size is "12.8M"'],
  ["percentiles reversed", (s) => (s.buckets[0]!.quality = { score: "T-MARS", fromPercentile: 20, toPercentile: 10 }), "buckets[0].quality", "OUT_OF_RANGE", "fromPercentile (20) is not below toPercentile (10)"],
  ["percentile over 100", (s) => (s.buckets[0]!.quality = { score: "T-MARS", toPercentile: 120 }), "buckets[0].quality.toPercentile", "OUT_OF_RANGE", "buckets[0].quality.toPercentile is 120"],
  ["observations missing", (s) => delete (s as Record<string, unknown>).observations, "observations", "MISSING_FIELD", 'required field "observations" is missing'],
  ["empty pool", (s) => (s.observations[3]!.pool = []), "observations[3].pool", "INVALID_VALUE", "observations[3].pool is empty"],
  ["unknown bucket in pool", (s) => (s.observations[3]!.pool = ["top0-10", "nope"]), "observations[3].pool[1]", "UNKNOWN_BUCKET", 'bucket "nope" is not in buckets'],
  ["bucket twice in pool", (s) => (s.observations[3]!.pool = ["top0-10", "top0-10"]), "observations[3].pool[1]", "INVALID_VALUE", 'bucket "top0-10" appears twice in the pool'],
  ["negative samples", (s) => (s.observations[0]!.samplesSeen = -1), "observations[0].samplesSeen", "NEGATIVE_NUMBER", "observations[0].samplesSeen is -1"],
  ["error in percent", (s) => (s.observations[0]!.error = 83), "observations[0].error", "OUT_OF_RANGE", "observations[0].error is 83"],
  ["NaN error (null in JSON)", (s) => (s.observations[0]!.error = null), "observations[0].error", "INVALID_TYPE", "observations[0].error is null"],
  ["zero weight", (s) => (s.observations[0]!.weight = 0), "observations[0].weight", "OUT_OF_RANGE", "observations[0].weight is 0"],
  ["numeric tag", (s) => (s.observations[0]!.tags = { seed: 1 }), "observations[0].tags.seed", "INVALID_TYPE", "observations[0].tags.seed is 1"],
  ["odd tag key", (s) => (s.observations[0]!.tags = { "model name": 1 }), 'observations[0].tags["model name"]', "INVALID_TYPE", 'observations[0].tags["model name"] is 1'],
  ["origin line 0", (s) => (s.observations[0]!.origin = { file: "runs.csv", line: 0 }), "observations[0].origin.line", "OUT_OF_RANGE", "observations[0].origin.line is 0"],
  ["bad metric kind", (s) => (s.metric = { name: "err", kind: "accuracy" }), "metric.kind", "INVALID_VALUE", 'metric.kind is "accuracy"'],
  ["metric without name", (s) => (s.metric = { kind: "loss" }), "metric.name", "MISSING_FIELD", 'required field "name" is missing'],
  ["synthetic as string", (s) => (s.source = { synthetic: "yes" }), "source.synthetic", "INVALID_TYPE", 'source.synthetic is "yes"'],
  ["name not a string", (s) => (s.name = 42), "name", "INVALID_TYPE", "name is 42"],
  ["embedded model invalid", (s) => (s.model = { ...makeModel(), task: { a: -1, d: 0.1, normalizer: 1e5 } }), "model.task.a", "NEGATIVE_NUMBER", "model.task.a is -1"],
  [
    "embedded model with a foreign bucket",
    (s) => (s.model = { ...makeModel(), buckets: [{ id: "other", size: 1, b: -0.1, tau: 2 }], fit: undefined }),
    "model.buckets[0].id",
    "UNKNOWN_BUCKET",
    'model bucket "other" is not a study bucket',
  ],
  // Stricter than the store's own validator was (it accepted these):
  ["an unknown field (typo)", (s) => ((s as Record<string, unknown>).observation = []), "observation", "UNKNOWN_FIELD", 'unknown field "observation"'],
  ["a quality without its score", (s) => (s.buckets[0]!.quality = { fromPercentile: 0, toPercentile: 10 }), "buckets[0].quality", "MISSING_FIELD", "quality names neither a score nor a group"],
  ["the same run twice", (s) => (s.observations[1] = { ...s.observations[0]! }), "observations[1]", "DUPLICATE_OBSERVATION", "observation repeats observations[0]"],
  [
    "an embedded model whose bucket size differs",
    (s) => (s.model = { ...makeModel(), fit: undefined, buckets: makeModel().buckets.map((b, i) => (i === 0 ? { ...b, size: 1 } : b)) }),
    "model.buckets[0].size",
    "INCONSISTENT_BUCKET_SIZE",
    'model bucket "top0-10" has size 1 but the study bucket has 12800000',
  ],
];

describe("validateStudyDocument (@qqt/data's parseStudy)", () => {
  it("accepts the minimal example of the format and a full study with an embedded model", () => {
    const minimal = validateStudyDocument(MINIMAL);
    expect(minimal).toEqual({ ok: true, study: JSON.parse(MINIMAL) });
    const full = { ...makeStudy({ name: "x" }), description: "d", source: { citation: "c", synthetic: false }, model: makeModel() };
    expect(validateStudyDocument(JSON.stringify(full))).toEqual({ ok: true, study: full });
  });

  it("accepts a study without observations yet and losses above 1 when metric.kind is loss", () => {
    expect(checkStudyValue({ format: "qqt.study/v1", buckets: [{ id: "a", size: 1 }], observations: [] })).toEqual([]);
    const loss = { ...makeStudy(), metric: { name: "val loss", kind: "loss" } };
    loss.observations[0]!.error = 3.2;
    expect(checkStudyValue(loss)).toEqual([]);
  });

  it.each(CASES)("reports %s at its path with @qqt/data's code", (_name, mutate, path, code, message) => {
    const study = JSON.parse(JSON.stringify(makeStudy()));
    mutate(study);
    const issues = checkStudyValue(study);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, code });
    expect(issues[0]!.message.startsWith(message)).toBe(true);
  });

  it("keeps @qqt/data's expected format and suggestion, and puts paths under the envelope's field", () => {
    const study = makeStudy();
    study.observations[3]!.pool = ["top0-10", "top10-2O"];
    expect(checkStudyValue(study, "study")).toEqual([
      {
        path: "study.observations[3].pool[1]",
        message: 'bucket "top10-2O" is not in buckets',
        code: "UNKNOWN_BUCKET",
        expected: 'one of "top0-10", "top10-20", "top20-30", "top30-40"',
        suggestion: 'did you mean "top10-20"?',
      },
    ]);
    const typo = { ...makeStudy(), observation: [] };
    expect(checkStudyValue(typo)[0]).toMatchObject({ path: "observation", suggestion: 'did you mean "observations"?' });
  });

  it("reports every run that names a broken bucket (@qqt/data does not suppress the follow-on issues)", () => {
    const study = makeStudy();
    study.buckets[1]!.id = "top0-10"; // duplicate: runs on top10-20 now name an unknown bucket
    const issues = checkStudyValue(study);
    expect(issues[0]).toMatchObject({ path: "buckets[1].id", code: "DUPLICATE_BUCKET", message: 'bucket id "top0-10" repeats buckets[0]' });
    // 15 of the 20 runs use a pool of two or more buckets, so they include top10-20.
    expect(issues.slice(1).map((i) => i.code)).toEqual(Array.from({ length: 15 }, () => "UNKNOWN_BUCKET"));
  });

  it("refuses a value that is not an object without reading it as JSON text", () => {
    expect(checkStudyValue(JSON.stringify(makeStudy()), "study")).toEqual([
      { path: "study", message: `got ${JSON.stringify(JSON.stringify(makeStudy()).slice(0, 60))}… ${JSON.stringify(makeStudy()).length - 60} more`, code: "INVALID_TYPE", expected: "a qqt.study/v1 JSON object" },
    ]);
    expect(checkStudyValue(undefined, "study")).toEqual([
      { path: "study", message: "got nothing (the field is missing)", code: "MISSING_FIELD", expected: "a qqt.study/v1 JSON object" },
    ]);
  });

  it("locates issues by line and column in the text, and syntax errors too", () => {
    const text = '{\n  "format": "qqt.study/v1",\n  "buckets": [{"id": "a", "size": -1}],\n  "observations": []\n}';
    expect(validateStudyDocument(text)).toEqual({
      ok: false,
      issues: [{ path: "buckets[0].size", message: "buckets[0].size is -1", code: "NEGATIVE_NUMBER", expected: "a number of unique samples in [1, 1e18]", line: 3, column: 27 }],
    });
    const syntax = validateStudyDocument('{"format": "qqt.study/v1",\n "buckets": [}');
    expect(syntax).toMatchObject({ ok: false, issues: [{ path: "", code: "INVALID_JSON", line: 2, column: 14 }] });
  });

  it("reports at most @qqt/data's MAX_ISSUES problems and summarises the rest", () => {
    const study = makeStudy();
    const many = Array.from({ length: 300 }, (_, i) => ({ pool: ["x"], samplesSeen: i + 1, error: 0.5 }));
    const issues = checkStudyValue({ ...study, observations: many });
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[MAX_ISSUES]).toEqual({
      path: "",
      message: "and 200 more problems not listed (the first 100 are)",
      code: "TOO_MANY_ERRORS",
      suggestion: "fix the problems listed and read the file again",
    });
  });

  it("refuses bucket ids, references and field names over 200 characters before @qqt/data reads them (it would spend seconds on suggestions)", () => {
    const big = "x".repeat(4 * 1024 * 1024);
    const base = makeStudy({ runs: 2 });
    const started = Date.now();
    expect(checkStudyValue({ ...base, [big]: 1 }, "study")).toEqual([
      { path: "study", message: `got a field name of ${big.length} characters`, code: "OUT_OF_RANGE", expected: "field names of at most 200 characters" },
    ]);
    expect(checkStudyValue({ ...base, buckets: [{ id: big, size: 1 }] }, "study")).toEqual([
      { path: "study.buckets[0].id", message: `got a bucket id of ${big.length} characters`, code: "OUT_OF_RANGE", expected: "a bucket id of at most 200 characters" },
    ]);
    const pools = checkStudyValue({ ...base, observations: [{ ...base.observations[0]!, pool: ["top0-10", big] }] }, "study");
    expect(pools.map((i) => i.path)).toEqual(["study.observations[0].pool[1]"]);
    expect(checkModelValue({ ...makeModel(), candidates: [[big]] }).map((i) => i.path)).toEqual(["candidates[0][0]"]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(checkStudyValue({ ...base, buckets: [...base.buckets.slice(0, 3), { ...base.buckets[3]!, id: "y".repeat(200) }] }, "study").some((i) => i.code === "OUT_OF_RANGE")).toBe(false);
  });

  it("refuses more than MAX_STUDY_BUCKETS buckets before reading them", () => {
    const buckets = Array.from({ length: MAX_STUDY_BUCKETS + 1 }, (_, i) => ({ id: `b${i}`, size: 1 }));
    expect(checkStudyValue({ format: "qqt.study/v1", buckets, observations: [] }, "study")).toEqual([
      { path: "study.buckets", message: `got ${MAX_STUDY_BUCKETS + 1} buckets`, code: "OUT_OF_RANGE", expected: `at most ${MAX_STUDY_BUCKETS} buckets` },
    ]);
  });

  it("never throws and never accepts a non-finite or negative size (property)", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const issues = checkStudyValue(value);
        expect(Array.isArray(issues)).toBe(true);
        expect(issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.double({ max: 0 }), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY)), (size) => {
        const study = makeStudy();
        study.buckets[0]!.size = size;
        expect(checkStudyValue(study).map((i) => i.path)).toEqual(["buckets[0].size"]);
      }),
    );
  });
});

describe("validateModelDocument (@qqt/data's parseModel)", () => {
  it("accepts a fitted model and reports a broken one with its location", () => {
    expect(validateModelDocument(JSON.stringify(makeModel()))).toEqual({ ok: true, model: makeModel() });
    const broken = JSON.stringify({ ...makeModel(), law: { formulation: "utility", variant: "mine" } }, null, 1);
    const r = validateModelDocument(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ path: "law.variant", code: "INVALID_VALUE", message: 'law.variant is "mine"', expected: 'one of "paper", "reference"' });
      expect(broken.split("\n")[r.issues[0]!.line! - 1]).toContain('"mine"');
    }
  });

  it("reports the missing parts of a bare model, and a bootstrap draw of the wrong length", () => {
    expect(checkModelValue({ format: "qqt.model/v1" }).map((i) => [i.path, i.code])).toEqual([
      ["law", "MISSING_FIELD"],
      ["task", "MISSING_FIELD"],
      ["buckets", "MISSING_FIELD"],
    ]);
    const model = makeModel();
    model.fit!.bootstrap!.draws[1]!.b.pop();
    expect(checkModelValue(model, "model").map((i) => i.path)).toEqual(["model.fit.bootstrap.draws[1].b"]);
  });
});

describe("request bodies", () => {
  const study = makeStudy();

  it("create: study required, name trimmed and bounded, unknown fields refused, model checked against the study", () => {
    expect(validateCreateStudy({ study, name: "  A  " })).toEqual({ ok: true, value: { study, name: "A" } });
    expect(validateCreateStudy({ study, model: makeModel(), label: "l", author: "a" }).ok).toBe(true);
    const r = validateCreateStudy({ name: "x".repeat(201), studdy: study, model: { ...makeModel(), fit: undefined }, author: 7 });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["studdy", "name", "study", "author"]);
    const foreign = validateCreateStudy({ study, model: { ...makeModel(), buckets: [{ id: "zz", size: 1, b: -0.1, tau: 1 }], fit: undefined } });
    expect(foreign.ok ? [] : foreign.issues).toEqual([
      { path: "model.buckets[0].id", message: 'model bucket "zz" is not a study bucket', code: "UNKNOWN_BUCKET", expected: "model buckets that are study buckets" },
    ]);
    // Stricter than before, as @qqt/data is for an embedded model: a model sent beside the study must agree on sizes.
    const resized = validateCreateStudy({ study, model: { ...makeModel(), buckets: makeModel().buckets.map((b) => ({ ...b, size: 2 * b.size })), fit: undefined } });
    expect(resized.ok ? [] : resized.issues.map((i) => [i.path, i.code])).toEqual([0, 1, 2, 3].map((i) => [`model.buckets[${i}].size`, "INCONSISTENT_BUCKET_SIZE"]));
    expect(validateCreateStudy({ study, name: "tab\there" }).ok).toBe(false);
    expect(validateCreateStudy([study]).ok).toBe(false);
  });

  it("save: parentVersion a positive integer, label and author bounded", () => {
    expect(validateSaveVersion({ study, parentVersion: 3 }).ok).toBe(true);
    for (const parentVersion of [0, -1, 1.5, "2", null]) {
      const r = validateSaveVersion({ study, parentVersion });
      expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["parentVersion"]);
    }
    const r = validateSaveVersion({ study, label: "x".repeat(501), author: "y".repeat(101) });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([
      "got a string of 501 characters; expected a label of at most 500 characters",
      "got a string of 101 characters; expected an author name of at most 100 characters",
    ]);
  });

  it("update: at least one change; deleted a boolean", () => {
    expect(validateUpdateStudy({ name: " B " })).toEqual({ ok: true, value: { name: "B" } });
    expect(validateUpdateStudy({ deleted: false })).toEqual({ ok: true, value: { deleted: false } });
    expect(validateUpdateStudy({})).toEqual({ ok: false, issues: [{ path: "", message: 'got no change; expected at least one of "name", "deleted"' }] });
    expect(validateUpdateStudy({ deleted: "yes" }).ok).toBe(false);
  });

  it("session: a token string, never echoed in messages", () => {
    expect(validateSession({ token: "abc" })).toEqual({ ok: true, value: { token: "abc" } });
    const long = "s".repeat(2000);
    const r = validateSession({ token: long });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("sss");
  });
});
