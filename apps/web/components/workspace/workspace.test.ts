// The workspace page's pure parts: its addresses, what a save sends, the advisor link, issue display, formatting.
import { safeParseStudy } from "@qqt/data";
import { loadDataCompSyntheticStudy, loadTmarsPaperModel } from "@qqt/data/examples";
import { describe, expect, it } from "vitest";
import { decodeShareHash } from "../../lib/share";
import { advisorBudget, advisorHref, FALLBACK_ADVISOR_BUDGET } from "./advisorLink";
import { exportUrl, workspaceHref } from "./client";
import { saveDocuments } from "./documents";
import { formatCount, formatDelta, formatNumber, plural } from "./format";
import { shownApiIssue, shownDataIssue } from "./Problem";
import { parseRoute } from "./route";

const { data: STUDY } = await loadDataCompSyntheticStudy();
const { data: MODEL } = await loadTmarsPaperModel();
const ID = "k3J9x2LmQp0aZ1bC";

describe("addresses", () => {
  it("workspaceHref and parseRoute are inverse for every view", () => {
    const cases = [{}, { study: ID }, { study: ID, version: 3 }, { study: ID, version: 3, compare: [1, 3] as [number, number] }, { trash: true }];
    for (const target of cases) {
      const href = workspaceHref(target);
      const route = parseRoute(new URL(href, "http://127.0.0.1").searchParams);
      expect(route).toEqual({
        study: target.study ?? null,
        version: target.version ?? null,
        compare: target.compare ?? null,
        trash: target.trash ?? false,
        invalid: null,
      });
    }
    expect(workspaceHref({ study: ID, version: 2 })).toBe(`/workspace?study=${ID}&version=2`);
    expect(exportUrl(ID, 2, "model")).toBe(`/api/studies/${ID}/export?version=2&part=model`);
  });

  it("says which parameter of a damaged link is wrong, and treats version=latest as the latest", () => {
    expect(parseRoute(new URLSearchParams(`study=${ID}&version=0`)).invalid).toBe("The link's version is “0”; expected a version number (1, 2, …).");
    expect(parseRoute(new URLSearchParams(`study=${ID}&version=2x`)).version).toBeNull();
    expect(parseRoute(new URLSearchParams(`study=${ID}&compare=1..3`)).invalid).toBe("The link's comparison is “1..3”; expected two version numbers such as 1-3.");
    expect(parseRoute(new URLSearchParams(`study=${ID}&version=latest`))).toMatchObject({ version: null, invalid: null });
  });
});

describe("saveDocuments", () => {
  it("sends an embedded model beside the study, and a given model instead of the embedded one", () => {
    const withModel = { ...STUDY, model: MODEL };
    const sent = saveDocuments(withModel, undefined)!;
    expect(sent.model).toBe(MODEL);
    expect("model" in sent.study).toBe(false);
    expect(sent.study.observations).toHaveLength(32);
    const other = { ...MODEL, name: "refit" };
    expect(saveDocuments(withModel, other)!.model).toBe(other);
    expect(saveDocuments(STUDY, undefined)).toEqual({ study: STUDY });
    expect(saveDocuments(undefined, undefined)).toBeNull();
  });

  it("saves a model alone with a study of its buckets (same ids, sizes and labels) and no runs", () => {
    const { study, model } = saveDocuments(undefined, MODEL)!;
    expect(model).toBe(MODEL);
    expect(study).toEqual({
      format: "qqt.study/v1",
      name: MODEL.name,
      source: MODEL.source,
      metric: MODEL.metric,
      buckets: MODEL.buckets.map((b) => ({ id: b.id, size: b.size, label: b.label })),
      observations: [],
    });
    // …which @qqt/data (and so the server) accepts with the model embedded.
    expect(safeParseStudy({ ...study, model }).success).toBe(true);
  });
});

describe("advisor link", () => {
  it("opens the advisor at the study's largest budget with the model, which the advisor's own decoder reads back", async () => {
    expect(advisorBudget(STUDY)).toBe(Math.max(...STUDY.observations.map((o) => o.samplesSeen)));
    expect(advisorBudget({ observations: [] })).toBe(FALLBACK_ADVISOR_BUDGET);
    const link = await advisorHref({ ...MODEL, name: undefined }, STUDY, "ImageNet study");
    expect(link.href).toMatch(/^\/#v=1&budget=\d+&model=z\./);
    const decoded = await decodeShareHash(link.href!.slice(1), []);
    expect(decoded).toEqual({
      ok: true,
      value: { source: { kind: "inline", model: { ...MODEL, name: "ImageNet study" } }, budget: advisorBudget(STUDY) },
    });
  });
});

describe("issue display", () => {
  it("locates API issues in the body and @qqt/data issues in the file", () => {
    expect(shownApiIssue({ path: "study.buckets[0].size", message: "buckets[0].size is 0", code: "OUT_OF_RANGE", expected: "a number > 0", line: 3, column: 9 })).toEqual({
      where: "study.buckets[0].size (line 3, column 9)",
      message: "buckets[0].size is 0",
      expected: "a number > 0",
    });
    expect(shownApiIssue({ path: "", message: "Wrong access token." })).toEqual({ message: "Wrong access token." });
    expect(
      shownDataIssue({ code: "UNKNOWN_BUCKET", file: "runs.json", line: 9, column: 20, field: "observations[3].pool[1]", message: "m", suggestion: "did you mean x?" }),
    ).toEqual({ where: "runs.json:9:20, observations[3].pool[1]", message: "m", suggestion: "did you mean x?" });
  });
});

describe("formatting", () => {
  it.each([
    [12.8e6, "12.8M"],
    [1.28e9, "1.28B"],
    [640e6, "640M"],
    [999, "999"],
    [Number.NaN, "—"],
  ])("formatCount(%d) = %s", (x, text) => expect(formatCount(x)).toBe(text));

  it.each([
    [0.022, "0.022"],
    [4.363636363636363, "4.36364"],
    [-0.18900000000000003, "-0.189"],
    [0.00001419, "1.419e-5"],
    [null, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("formatNumber(%s) = %s", (x, text) => expect(formatNumber(x)).toBe(text));

  it("signs differences and never shows NaN", () => {
    expect(formatDelta(-0.18 - -0.189)).toBe("+0.009");
    expect(formatDelta(-0.001)).toBe("−0.001");
    expect(formatDelta(0)).toBe("0");
    expect(formatDelta(Number.NaN)).toBe("—");
    expect(plural(1, "run")).toBe("1 run");
    expect(plural(2, "study", "studies")).toBe("2 studies");
  });
});
