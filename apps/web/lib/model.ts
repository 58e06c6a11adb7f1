import { formatSamples } from "./format";
import type { ModelFileV1 } from "./modelFile";

// The model for pickers. The model is @qqt/core's `Model` (the qqt.model/v1 file is that value); its pools are named by
// the advice engine (@qqt/core's `poolName`, see lib/advisor.ts), so nothing here converts or names.

/**
 * A one-line summary of a model for pickers: bucket count, total size and law.
 *
 * @example
 * ```ts
 * modelSummary(tmars); // "4 buckets, 51.2M unique samples, utility law (reference)"
 * ```
 */
export function modelSummary(model: ModelFileV1): string {
  const total = model.buckets.reduce((s, b) => s + b.size, 0);
  const n = model.buckets.length;
  return `${n} bucket${n === 1 ? "" : "s"}, ${formatSamples(total)} unique samples, ${model.law.formulation} law (${model.law.variant})`;
}
