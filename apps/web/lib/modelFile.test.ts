import { describe, expect, it } from "vitest";
import { formatProblem } from "./AdvisorError";
import { checkModelLimits, MAX_BUCKETS, readModel, type ModelFileV1 } from "./modelFile";
import { syntheticModel } from "./synthetic";
import { TMARS } from "./testing/fixtures";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("readModel: @qqt/data's reader with the advisor's located problems", () => {
  it("reads the paper model from text and from a value", () => {
    const text = readModel(JSON.stringify(TMARS, null, 2), "tmars.json");
    expect(text.ok && text.value).toEqual(TMARS);
    expect(readModel(clone(TMARS), "share link").ok).toBe(true);
    expect(readModel("\uFEFF" + JSON.stringify(TMARS), "bom.json").ok).toBe(true);
  });

  it("gives the file, line, column, field and expected value of each invalid field", () => {
    const m = clone(TMARS) as ModelFileV1;
    m.buckets[2]!.tau = -3;
    m.task.a = 0;
    const text = JSON.stringify(m, null, 2);
    const r = readModel(text, "fit.json");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("INVALID_MODEL");
    expect(r.error.message).toBe("fit.json is not a valid qqt.model/v1 model: 2 problems found.");
    const lines = text.split("\n");
    const tau = r.error.problems.find((p) => p.path === "buckets[2].tau")!;
    expect(tau).toMatchObject({ file: "fit.json", code: "NEGATIVE_NUMBER", message: "buckets[2].tau is -3", expected: "a half-life tau in (0, 1e12] repetitions" });
    expect(lines[tau.line! - 1]).toContain('"tau": -3');
    expect(formatProblem(tau)).toBe(`fit.json line ${tau.line}:${tau.column}, buckets[2].tau: buckets[2].tau is -3. Expected a half-life tau in (0, 1e12] repetitions.`);
    expect(r.error.problems.find((p) => p.path === "task.a")).toMatchObject({ message: "task.a is 0", expected: "a sample-count scale a > 0" });
  });

  it("reports a JSON syntax error with line and column", () => {
    const r = readModel('{\n  "format": "qqt.model/v1",\n  "task": {"a": 0.02,}\n}', "broken.json");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("INVALID_JSON");
    expect(r.error.message).toBe("broken.json is not valid JSON; expected a qqt.model/v1 JSON document.");
    expect(r.error.problems[0]).toMatchObject({ file: "broken.json", line: 3, column: 22, code: "INVALID_JSON" });
  });

  it("says when a study file is given instead of a model", () => {
    const r = readModel({ format: "qqt.study/v1", buckets: [], observations: [] }, "s.json");
    expect(!r.ok && r.error.problems[0]).toMatchObject({ path: "format", message: "this is a study file (qqt.study/v1), not a model" });
  });

  it("refuses models beyond what the advisor can show", () => {
    const big = syntheticModel({ buckets: MAX_BUCKETS + 1, seed: 1 });
    const r = checkModelLimits(big, "big.json");
    expect(!r.ok && r.error.problems).toEqual([{ file: "big.json", path: "buckets", message: "got 101 buckets; the advisor shows at most 100" }]);
    expect(readModel(big, "big.json").ok).toBe(false);
    expect(checkModelLimits(syntheticModel({ buckets: MAX_BUCKETS, seed: 1 }), "ok.json").ok).toBe(true);
  });
});
