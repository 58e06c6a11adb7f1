import { metricLabel } from "./chartSpecs";
import type { CrossoverRow } from "./crossoverTable";
import type { ModelFileV1 } from "./modelFile";

/**
 * The lines written under an exported chart's title, so that the file says what it shows on its own: the model's
 * name, the metric (name, kind and description) and every crossover of the best pool with its interval.
 *
 * @example
 * ```ts
 * exportNotes(tmars, crossoverRows(advisor.crossovers({ min: 1e7, max: 1e11 }), advisor.pools));
 * // ["Model: T-MARS ImageNet (paper parameters)",
 * //  "Metric: imagenet1k error — ImageNet zero-shot top-1 error (1 − acc1)",
 * //  "Best pool changes at 49.3M: top 10% → top 20%", "Best pool changes at 440M: top 20% → top 30%"]
 * ```
 */
export function exportNotes(model: Pick<ModelFileV1, "name" | "metric">, crossovers: readonly CrossoverRow[] | undefined): string[] {
  const metric = model.metric;
  const notes = [
    `Model: ${model.name ?? "unnamed model"}`,
    `Metric: ${metricLabel(metric)}${metric?.description !== undefined ? ` — ${metric.description}` : ""}`,
  ];
  if (crossovers === undefined) return notes;
  if (crossovers.length === 0) return [...notes, "The same pool is best over the whole range shown."];
  return [...notes, ...crossovers.map((c) => `Best pool changes at ${c.label}`)];
}
