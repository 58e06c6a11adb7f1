// Fixtures for the unit tests: the real built-in examples of @qqt/data, loaded once (top-level await).
import { loadDataCompSyntheticStudy, loadTmarsPaperModel } from "@qqt/data/examples";
import type { ModelFileV1, Study } from "@qqt/data";
import { withSyntheticDraws } from "../synthetic";

/** The paper's T-MARS ImageNet model (`tmars-paper`), as @qqt/data reads it. */
export const TMARS: ModelFileV1 = (await loadTmarsPaperModel()).data;

/** The SYNTHETIC DataComp-style study (`datacomp-synthetic`), metric imagenet1k. */
export const DATACOMP_SYNTHETIC: Study = (await loadDataCompSyntheticStudy()).data;

/** The paper model with 200 SYNTHETIC bootstrap draws (seeded): for tests of intervals, bands and probabilities. */
export const TMARS_WITH_DRAWS: ModelFileV1 = {
  ...withSyntheticDraws(TMARS, { count: 200, seed: 20240617 }),
  name: "T-MARS with synthetic draws (tests)",
  source: { ...TMARS.source, synthetic: true },
};
