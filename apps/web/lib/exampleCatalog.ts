import type { DataCompMetric, ModelFileV1, ReadSummary, Study } from "@qqt/data";
import {
  EXAMPLES as DATA_EXAMPLES,
  loadDataCompSyntheticStudy,
  loadLaionOpenClipStudies,
  loadTmarsPaperModel,
} from "@qqt/data/examples";
import { AdvisorError } from "./AdvisorError";
import { LAION_ARCHITECTURES, LAION_PREFIX, type ExampleEntry } from "./examples";

// The built-in examples' data, from @qqt/data/examples. Runs where bundle size does not matter: on the server when the
// page is built (the default model and the list), and in the worker when an example study is opened.

/**
 * Every built-in example in the order a newcomer should see them: the paper's T-MARS model, the SYNTHETIC DataComp
 * study, then one real OpenCLIP study per architecture.
 *
 * @example
 * ```ts
 * exampleCatalog().map((e) => e.id);
 * // ["tmars-paper", "datacomp-synthetic", "laion-openclip/ViT-B-32", "laion-openclip/ViT-B-16", "laion-openclip/ViT-L-14"]
 * ```
 */
export function exampleCatalog(): ExampleEntry[] {
  const entries: ExampleEntry[] = [];
  for (const e of DATA_EXAMPLES) {
    if (e.kind === "studies") {
      for (const arch of LAION_ARCHITECTURES) {
        entries.push({
          id: `${LAION_PREFIX}${arch}`,
          title: `OpenCLIP ${arch} on LAION (Cherti et al. 2023)`,
          description: `Real results: ${arch} trained on LAION-80M, 400M and 2B-en for about 3B, 13B and 34B samples seen; ImageNet zero-shot error. Fitted in your browser with one b and tau for the three pools.`,
          synthetic: false,
          kind: "study",
          source: { ...e.source },
        });
      }
    } else {
      entries.push({ id: e.id, title: e.title, description: e.description, synthetic: e.synthetic, kind: e.kind, source: { ...e.source } });
    }
  }
  return entries;
}

/**
 * The data of one example: the model of a model example, or the study (and what reading it did) of a study example.
 *
 * @throws {@link AdvisorError} `INVALID_ARGUMENT` for an unknown id.
 * @example
 * ```ts
 * (await loadExample("datacomp-synthetic", { metric: "avg18" })).study?.metric?.name; // "avg18"
 * (await loadExample("tmars-paper")).model?.task.a; // 0.022
 * ```
 */
export async function loadExample(
  id: string,
  options: { metric?: DataCompMetric } = {},
): Promise<{ model?: ModelFileV1; study?: Study; summary?: ReadSummary }> {
  if (id === "tmars-paper") return { model: (await loadTmarsPaperModel()).data };
  if (id === "datacomp-synthetic") {
    const { data, summary } = await loadDataCompSyntheticStudy(options.metric === undefined ? {} : { metric: options.metric });
    return { study: data, summary };
  }
  if (id.startsWith(LAION_PREFIX)) {
    const arch = id.slice(LAION_PREFIX.length);
    if ((LAION_ARCHITECTURES as readonly string[]).includes(arch)) {
      const { data, summary } = await loadLaionOpenClipStudies({ architectures: [arch] });
      return { study: data[0]!, summary };
    }
  }
  throw new AdvisorError("INVALID_ARGUMENT", `Unknown example ${JSON.stringify(id)}; expected one of ${exampleCatalog().map((e) => e.id).join(", ")}.`);
}
