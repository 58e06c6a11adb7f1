import { nestedPools, recommend } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { exampleCatalog, loadExample } from "./exampleCatalog";
import { canonicalExampleId, DEFAULT_EXAMPLE_ID, exampleFitSettings, LAION_ARCHITECTURES } from "./examples";
import { DEFAULT_FIT_SETTINGS } from "./fitSettings";

describe("the built-in examples come from @qqt/data", () => {
  it("lists the paper model first, then the SYNTHETIC DataComp study, then one real OpenCLIP study per architecture", () => {
    const catalog = exampleCatalog();
    expect(catalog.map((e) => [e.id, e.kind, e.synthetic])).toEqual([
      ["tmars-paper", "model", false],
      ["datacomp-synthetic", "study", true],
      ["laion-openclip/ViT-B-32", "study", false],
      ["laion-openclip/ViT-B-16", "study", false],
      ["laion-openclip/ViT-L-14", "study", false],
    ]);
    expect(catalog[0]!.id).toBe(DEFAULT_EXAMPLE_ID);
    // Labelled with their source; the generated one says SYNTHETIC in its title.
    expect(catalog[0]!.source.citation).toContain("Goyal et al., CVPR 2024");
    expect(catalog[1]!.title).toMatch(/^SYNTHETIC /);
    expect(catalog[1]!.source.synthetic).toBe(true);
    for (const e of catalog.slice(2)) expect(e.source.citation).toContain("Cherti et al., CVPR 2023");
  });

  it("loads the paper's T-MARS model: its recommendation at 640M is @qqt/core's top 30% (spec §6)", async () => {
    const { model, study } = await loadExample("tmars-paper");
    expect(study).toBeUndefined();
    const { buckets, task, law } = model!;
    const r = recommend(buckets, task, [640e6], law)[0]!;
    expect(r.best).toBe(3);
    expect(r.errors[2]).toBeCloseTo(0.599218, 6);
    expect(nestedPools(buckets)).toHaveLength(4);
  });

  it("loads the SYNTHETIC DataComp study with the metric asked for", async () => {
    const imagenet = await loadExample("datacomp-synthetic");
    expect(imagenet.study!.observations).toHaveLength(32);
    expect(imagenet.study!.source?.synthetic).toBe(true);
    expect(imagenet.study!.metric?.name).toBe("imagenet1k");
    const avg18 = await loadExample("datacomp-synthetic", { metric: "avg18" });
    expect(avg18.study!.metric?.name).toBe("avg18");
    expect(avg18.study!.observations[0]!.error).not.toBe(imagenet.study!.observations[0]!.error);
  });

  it.each(LAION_ARCHITECTURES.map((a) => [a]))("loads the real OpenCLIP study of %s alone", async (arch) => {
    const { study } = await loadExample(`laion-openclip/${arch}`);
    expect(study!.name).toBe(`OpenCLIP ${arch} on LAION`);
    expect(study!.buckets.map((b) => b.id)).toEqual(["LAION-80M", "LAION-400M", "LAION-2B"]);
    expect(study!.observations).toHaveLength(9);
  });

  it("refuses an unknown example with the list of known ones", async () => {
    await expect(loadExample("laion-openclip/RN50")).rejects.toThrow('Unknown example "laion-openclip/RN50"; expected one of tmars-paper, datacomp-synthetic');
  });

  it("maps the previous id of the paper model and picks fit settings per example", () => {
    expect(canonicalExampleId("tmars-imagenet")).toBe("tmars-paper");
    expect(canonicalExampleId("datacomp-synthetic")).toBe("datacomp-synthetic");
    expect(exampleFitSettings("datacomp-synthetic")).toEqual({ ...DEFAULT_FIT_SETTINGS, variant: "reference" });
    expect(exampleFitSettings("laion-openclip/ViT-L-14").share).toEqual({ b: true, tau: true });
    expect(exampleFitSettings("laion-openclip/ViT-L-14").variant).toBe("paper");
  });
});
