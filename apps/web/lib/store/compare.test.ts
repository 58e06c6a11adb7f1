import { describe, expect, it } from "vitest";
import { compareVersions, MAX_LISTED_RUNS } from "./compare";
import { fitSummary, type VersionDetail } from "./StudyStore";
import { makeModel, makeStudy } from "./testing/fixtures";
import type { ModelFileV1, StudyDocument } from "./validate";

function version(n: number, study: StudyDocument, model: ModelFileV1 | null): VersionDetail {
  return {
    studyId: "AAAAAAAAAAAAAAAA",
    version: n,
    createdAt: `2026-11-2${n}T10:00:00.000Z`,
    author: null,
    label: `v${n}`,
    parentVersion: n > 1 ? n - 1 : null,
    buckets: study.buckets.length,
    observations: study.observations.length,
    hasModel: model !== null,
    law: model?.law ?? null,
    fit: model?.fit ? fitSummary(model.fit) : null,
    study,
    model,
  };
}

describe("compareVersions", () => {
  it("counts runs added, removed and re-measured, matching pools as sets and repeated runs by multiplicity", () => {
    const a = makeStudy({ runs: 6 });
    const b = makeStudy({ runs: 10 });
    b.observations[0]!.error += 0.01; // re-measured
    b.observations[1]!.pool = [...b.observations[1]!.pool].reverse(); // same run, pool listed in another order
    b.observations.splice(2, 1); // removed
    b.observations.push({ ...b.observations[3]! }); // the same run twice in B, once in A: one added
    const c = compareVersions(version(1, a, null), version(2, b, null));
    expect(c.observations).toEqual({ a: 6, b: 10, added: 5, removed: 1, changed: 1 });
    // The runs behind the counts, with their errors on each side.
    const run = (o: StudyDocument["observations"][number]) => ({ pool: o.pool, samplesSeen: o.samplesSeen, tags: o.tags });
    expect(c.runs.removed).toEqual([{ ...run(a.observations[2]!), errorA: a.observations[2]!.error, errorB: null }]);
    expect(c.runs.changed).toEqual([{ ...run(a.observations[0]!), errorA: a.observations[0]!.error, errorB: a.observations[0]!.error + 0.01 }]);
    expect(c.runs.added.map((r) => [r.samplesSeen, r.errorA, r.errorB])).toEqual(
      [...b.observations.slice(5, 9), b.observations[9]!].map((o) => [o.samplesSeen, null, o.error]),
    );
    expect(c.runs.truncated).toBe(false);
    expect(c.a).toEqual({ version: 1, createdAt: "2026-11-21T10:00:00.000Z", author: null, label: "v1", hasModel: false });
  });

  it("lists at most MAX_LISTED_RUNS runs per kind but always counts them all", () => {
    const many = (offset: number): StudyDocument => {
      const s = makeStudy({ runs: 1 });
      s.observations = Array.from({ length: MAX_LISTED_RUNS + 50 }, (_, i) => ({ pool: ["top0-10"], samplesSeen: 1e6 * (i + 1 + offset), error: 0.5 }));
      return s;
    };
    const c = compareVersions(version(1, many(0), null), version(2, many(10_000), null));
    expect(c.observations).toMatchObject({ added: MAX_LISTED_RUNS + 50, removed: MAX_LISTED_RUNS + 50 });
    expect([c.runs.added.length, c.runs.removed.length, c.runs.truncated]).toEqual([MAX_LISTED_RUNS, MAX_LISTED_RUNS, true]);
    expect(c.runs.removed[0]!.samplesSeen).toBe(1e6);
  });

  it("tells tags apart: the same pool and budget with another seed is another run", () => {
    const a = makeStudy({ runs: 4, tag: "seed1" });
    const b = makeStudy({ runs: 4, tag: "seed2" });
    expect(compareVersions(version(1, a, null), version(2, b, null)).observations).toEqual({ a: 4, b: 4, added: 4, removed: 4, changed: 0 });
  });

  it("gives per-bucket and task parameter changes as b − a, and null where a side has no model", () => {
    const m1 = makeModel({ rmse: 0.004 });
    const m2 = makeModel({ rmse: 0.003 });
    m2.buckets[0]!.b = -0.17;
    m2.task.a = 0.025;
    const c = compareVersions(version(1, makeStudy(), m1), version(2, makeStudy(), m2));
    expect(c.law).toEqual({ a: m1.law, b: m2.law, same: true });
    expect(c.buckets[0]!.id).toBe("top0-10");
    expect(c.buckets[0]!.b.delta).toBeCloseTo(0.01, 12);
    expect(c.buckets[1]!.b).toEqual({ a: -0.15, b: -0.15, delta: 0 });
    expect(c.task.a.delta).toBeCloseTo(0.003, 12);
    expect(c.task.normalizer).toEqual({ a: 1e5, b: 1e5, delta: 0 });
    expect(c.fit.rmse.delta).toBeCloseTo(-0.001, 12);

    const none = compareVersions(version(1, makeStudy(), null), version(2, makeStudy(), m2));
    expect(none.law.same).toBe(false);
    expect(none.task.a).toEqual({ a: null, b: 0.025, delta: null });
    expect(none.buckets[0]!.tau).toEqual({ a: null, b: m2.buckets[0]!.tau, delta: null });
    expect(none.fit).toMatchObject({ a: null, rmse: { a: null, b: 0.003, delta: null } });
  });

  it("lists buckets of either side, marking which study has them", () => {
    const a = makeStudy();
    const b = makeStudy();
    b.buckets.push({ id: "top40-50", size: 12.8e6, label: "top 40–50%" });
    a.buckets.splice(3, 1);
    a.observations = a.observations.filter((o) => !o.pool.includes("top30-40"));
    const c = compareVersions(version(1, a, null), version(2, b, null));
    expect(c.buckets.map((x) => [x.id, x.inStudyA, x.inStudyB, x.label])).toEqual([
      ["top0-10", true, true, "top 0–10%"],
      ["top10-20", true, true, "top 10–20%"],
      ["top20-30", true, true, "top 20–30%"],
      ["top30-40", false, true, "top 30–40%"],
      ["top40-50", false, true, "top 40–50%"],
    ]);
  });
});
