// "Open in advisor": a link to the advisor page (/) that carries a version's model in the URL fragment, in the
// advisor's own share-link format (lib/share.ts). The fragment never reaches a server.
import type { ModelFileV1, Study } from "@qqt/data";

/** Budget the advisor opens at when the study has no runs: 640M samples seen (five passes over 128M samples). */
export const FALLBACK_ADVISOR_BUDGET = 640e6;

/**
 * The budget to open the advisor at: the largest budget the study's runs trained at, so the advice is about the
 * scale the team works at; {@link FALLBACK_ADVISOR_BUDGET} without runs.
 *
 * @example
 * ```ts
 * advisorBudget({ format: "qqt.study/v1", buckets: [], observations: [{ pool: ["a"], samplesSeen: 128e6, error: 0.6 }] }); // 128000000
 * ```
 */
export function advisorBudget(study: Pick<Study, "observations">): number {
  let budget = 0;
  for (const o of study.observations) if (Number.isFinite(o.samplesSeen) && o.samplesSeen > budget) budget = o.samplesSeen;
  return budget > 0 ? budget : FALLBACK_ADVISOR_BUDGET;
}

/**
 * The advisor link for a model, named after the study: `/#v=1&budget=…&model=z.…`, or `null` with the reason when
 * the model is too large for a URL.
 *
 * @example
 * ```ts
 * await advisorHref(model, study); // { href: "/#v=1&budget=640000000&model=z.q1ZKy81NzdFPKkpMTk3…" }
 * ```
 */
export async function advisorHref(model: ModelFileV1, study: Pick<Study, "observations">, name?: string): Promise<{ href: string } | { href: null; reason: string }> {
  const { encodeShareHash, MAX_SHARE_LENGTH } = await import("../../lib/share"); // the advisor's format, loaded on demand
  const named: ModelFileV1 = name !== undefined && model.name === undefined ? { ...model, name } : model;
  // The whole model (bootstrap draws included, so the advisor shows intervals): a link followed by a click, not typed.
  const hash = await encodeShareHash({ source: { kind: "inline", model: named }, budget: advisorBudget(study) }, "full");
  if (hash.length - 1 > MAX_SHARE_LENGTH) {
    return { href: null, reason: `The model is too large for a link (${hash.length} characters; the advisor reads at most ${MAX_SHARE_LENGTH}). Download it and import the file in the advisor.` };
  }
  return { href: `/${hash}` };
}
