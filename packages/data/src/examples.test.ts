import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { predictError } from "@qqt/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { AVG18_TASKS } from "./datacomp/tasks.js";
import { EXAMPLES, loadDataCompSyntheticStudy, loadExampleFiles, loadLaionOpenClipStudies, loadTmarsPaperModel } from "./examples.js";
import { manifestSchema, modelSchema, poolManifestSchema, studySchema } from "./index.js";
import { parseStudy } from "./parseStudy.js";
import { writeStudy } from "./writeStudy.js";

const root = new URL("..", import.meta.url).pathname;
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

function ajv() {
  const a = new Ajv2020({ allErrors: true, strict: false });
  a.addSchema(modelSchema);
  return a;
}

describe("built-in examples", () => {
  it("the embedded copies (browser) are identical to the files in examples/", async () => {
    for (const { id } of EXAMPLES) {
      for (const f of await loadExampleFiles(id)) {
        expect(readFileSync(join(root, "examples", id, f.path), "utf8"), `${id}/${f.path}`).toBe(f.text);
      }
    }
    const dc = walk(join(root, "examples", "datacomp-synthetic")).map((p) => relative(join(root, "examples", "datacomp-synthetic"), p).split(sep).join("/"));
    expect((await loadExampleFiles("datacomp-synthetic")).map((f) => f.path)).toEqual(dc);
  });

  it("every example says where it comes from; only the synthetic one is marked synthetic", () => {
    expect(EXAMPLES.map((e) => [e.id, e.synthetic])).toEqual([
      ["tmars-paper", false],
      ["datacomp-synthetic", true],
      ["laion-openclip", false],
    ]);
    for (const e of EXAMPLES) expect(e.source.citation).toBeTruthy();
    expect(readFileSync(join(root, "examples/laion-openclip/SOURCE.md"), "utf8")).toContain("Cherti et al.");
    expect(readFileSync(join(root, "examples/datacomp-synthetic/README.md"), "utf8")).toMatch(/^# datacomp-synthetic — SYNTHETIC/);
  });

  it("tmars-paper: the paper's model gives the spec's golden values", async () => {
    const { data } = await loadTmarsPaperModel();
    const { buckets, task, law } = data;
    expect(predictError(buckets.slice(0, 1), task, 64e6, law)).toBeCloseTo(0.751573, 6);
    expect(predictError(buckets.slice(0, 3), task, 640e6, law)).toBeCloseTo(0.599218, 6);
    expect(predictError(buckets.slice(3, 4), task, 128e6, law)).toBeCloseTo(0.928277, 6);
  });

  it("datacomp-synthetic: ImageNet errors are the model's predictions plus small noise, labelled synthetic", async () => {
    const [{ data: study, summary }, { data: model }] = await Promise.all([loadDataCompSyntheticStudy(), loadTmarsPaperModel()]);
    const { buckets, task, law } = model;
    expect(study.source?.synthetic).toBe(true);
    expect(study.name).toMatch(/^SYNTHETIC/);
    expect(study.buckets.map((b) => [b.id, b.size, b.quality])).toEqual(buckets.map((b, i) => [b.id, 12_800_000, { score: "T-MARS", fromPercentile: 10 * i, toPercentile: 10 * (i + 1) }]));
    expect(study.observations).toHaveLength(32);
    const residuals = study.observations.map((o) => o.error - predictError(buckets.filter((b) => o.pool.includes(b.id)), task, o.samplesSeen, law));
    expect(Math.max(...residuals.map(Math.abs))).toBeLessThan(0.01);
    const rms = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    expect(rms).toBeGreaterThan(0.0005);
    expect(rms).toBeLessThan(0.004);
    // Paper design: every bucket at 2, 4, 6, 8, 10 epochs; nested pools at 1, 2, 4, 8 passes.
    const single = study.observations.filter((o) => o.pool.length === 1);
    expect(single.map((o) => `${o.pool[0]}@${o.samplesSeen / 12.8e6}`).sort()).toEqual(
      buckets.flatMap((b) => [2, 4, 6, 8, 10].map((k) => `${b.id}@${k}`)).sort(),
    );
    expect(study.observations.filter((o) => o.pool.length === 4).map((o) => o.samplesSeen)).toEqual([1, 2, 4, 8].map((k) => k * 51.2e6));
    expect(summary.skipped.find((s) => s.detail === "fairness/fairface")).toMatchObject({ reason: "TASK_NOT_IN_METRIC", count: 32 });
  });

  it("datacomp-synthetic: avg18 is computable from every file", async () => {
    const { data, summary } = await loadDataCompSyntheticStudy({ metric: "avg18" });
    expect(data.metric?.tasks).toEqual([...AVG18_TASKS]);
    expect(summary.rowsUsed).toBe(32 * 18);
    expect(summary.rowsSkipped).toBe(32 * 4);
    for (const o of data.observations) expect(o.error).toBeGreaterThan(0.2);
  });

  it("datacomp-synthetic: the generator reproduces the committed files byte for byte", () => {
    const out = mkdtempSync(join(tmpdir(), "qqt-synthetic-"));
    try {
      execFileSync(process.execPath, [join(root, "scripts/generate-datacomp-synthetic.mjs"), out], { stdio: "pipe" });
      const committed = join(root, "examples", "datacomp-synthetic");
      const generated = walk(out).map((p) => relative(out, p));
      expect(generated.length).toBe(33);
      for (const p of generated) expect(readFileSync(join(out, p), "utf8"), p).toBe(readFileSync(join(committed, p), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("laion-openclip: three architectures of nine real runs each", async () => {
    const { data } = await loadLaionOpenClipStudies();
    expect(data.map((s) => [s.name, s.observations.length])).toEqual([
      ["OpenCLIP ViT-B-32 on LAION", 9],
      ["OpenCLIP ViT-B-16 on LAION", 9],
      ["OpenCLIP ViT-L-14 on LAION", 9],
    ]);
    expect(data.flatMap((s) => s.observations).every((o) => o.pool.length === 1 && o.error > 0.2 && o.error < 0.5)).toBe(true);
  });

  it("every example study round-trips through writeStudy exactly", async () => {
    const studies = [(await loadDataCompSyntheticStudy()).data, ...(await loadLaionOpenClipStudies()).data];
    for (const s of studies) {
      const text = writeStudy(s);
      expect(parseStudy(text).data).toEqual(s);
      expect(writeStudy(parseStudy(text).data)).toBe(text);
    }
  });
});

describe("shipped JSON Schemas", () => {
  it("the files in schemas/ are exactly the exported schema objects", () => {
    const read = (name: string) => JSON.parse(readFileSync(join(root, "schemas", name), "utf8")) as unknown;
    expect(read("qqt.study.v1.schema.json")).toEqual(studySchema);
    expect(read("qqt.model.v1.schema.json")).toEqual(modelSchema);
    expect(read("qqt.datacomp-manifest.v1.schema.json")).toEqual(manifestSchema);
    expect(read("qqt.pool.v1.schema.json")).toEqual(poolManifestSchema);
  });

  it("validate every example (studies, model, manifest) and a study with an embedded model", async () => {
    const a = ajv();
    const study = a.compile(studySchema);
    const model = a.getSchema(modelSchema.$id)!;
    const manifest = a.compile(manifestSchema);
    const studies = [(await loadDataCompSyntheticStudy({ metric: "avg18" })).data, ...(await loadLaionOpenClipStudies()).data];
    for (const s of studies) expect(study(JSON.parse(writeStudy(s))), JSON.stringify(study.errors)).toBe(true);
    const tmars = (await loadTmarsPaperModel()).data;
    expect(model(tmars), JSON.stringify(model.errors)).toBe(true);
    const embedded = { ...studies[0]!, model: tmars };
    expect(study(JSON.parse(writeStudy(embedded))), JSON.stringify(study.errors)).toBe(true);
    expect(manifest(JSON.parse(readFileSync(join(root, "examples/datacomp-synthetic/qqt-manifest.json"), "utf8")))).toBe(true);
  });

  it("reject what the readers reject structurally", () => {
    const a = ajv();
    const study = a.compile(studySchema);
    const model = a.getSchema(modelSchema.$id)!;
    const good = { format: "qqt.study/v1", buckets: [{ id: "a", size: 1 }], observations: [{ pool: ["a"], samplesSeen: 1, error: 0.5 }] };
    expect(study(good)).toBe(true);
    expect(study({ ...good, format: "qqt.study/v2" })).toBe(false);
    expect(study({ ...good, buckets: [] })).toBe(false);
    expect(study({ ...good, observations: [{ pool: ["a"], samplesSeen: 0, error: 0.5 }] })).toBe(false);
    expect(study({ ...good, observations: [{ pool: ["a"], samplesSeen: 1, error: 0.5, sample: 1 }] })).toBe(false);
    expect(study({ ...good, observations: [{ pool: ["a", "a"], samplesSeen: 1, error: 0.5 }] })).toBe(false);
    expect(model({ format: "qqt.model/v1", law: { formulation: "utility", variant: "paper" }, task: { a: 1, d: 0, normalizer: 1 }, buckets: [{ id: "a", size: 1, b: 0.1, tau: 1 }] })).toBe(false);
  });
});
