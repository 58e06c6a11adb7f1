// What a save sends: the study and its model as separate documents.
import type { ModelFileV1, Study } from "@qqt/data";

/**
 * The document that is saved: the study without its embedded model plus the model beside it, or — for a model
 * alone — a study of the model's buckets with no runs yet.
 *
 * @example
 * ```ts
 * saveDocuments(undefined, model).study.observations; // []
 * ```
 */
export function saveDocuments(study: Study | undefined, model: ModelFileV1 | undefined): { study: Study; model?: ModelFileV1 } | null {
  if (study !== undefined) {
    const { model: embedded, ...rest } = study;
    const chosen = model ?? embedded;
    return chosen === undefined ? { study: rest } : { study: rest, model: chosen };
  }
  if (model === undefined) return null;
  const derived: Study = {
    format: "qqt.study/v1",
    buckets: model.buckets.map((b) => (b.label === undefined ? { id: b.id, size: b.size } : { id: b.id, size: b.size, label: b.label })),
    observations: [],
  };
  if (model.name !== undefined) derived.name = model.name;
  if (model.source !== undefined) derived.source = { ...model.source };
  if (model.metric !== undefined) derived.metric = { ...model.metric };
  return { study: derived, model };
}
