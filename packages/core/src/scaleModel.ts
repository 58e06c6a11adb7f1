import { LAW_DOMAIN } from "./constants.js";
import { CoreError } from "./CoreError.js";
import { checkPool } from "./validate.js";
import type { Bucket } from "./types.js";
import type { Model } from "./Model.js";

/**
 * The same model for a pool `factor` times larger: every bucket's size times `factor`, every other parameter as
 * fitted — scale transfer, e.g. runs on a 1/10 pilot pool (DataComp small, 12.8M) answering for the full pool
 * (medium, 128M).
 *
 * @remarks The law's `b` and `tau` are per pass, so a bucket of the same quality but 10× the samples keeps them;
 * `a` and `d` are the task's. What changes is where the first pass ends (`min(n, S)`), so budgets beyond the fitted
 * runs stay extrapolations: the fit's record (`coverage`) is kept as it is, and the `adviceEngine` says how far
 * each answer is from the runs. The name says the factor; the bootstrap draws carry over (sizes are not fitted).
 * @throws A {@link CoreError} `INVALID_ARGUMENT` unless `factor` is a finite number > 0.
 * @example
 * ```ts
 * const full = scaleModel(pilot, 10); // buckets of 1.28M → 12.8M
 * adviceEngine(full).advise(128e6).best.name; // the top-k% to keep at the full pool
 * ```
 */
export function scaleModel(model: Model, factor: number): Model {
  if (typeof factor !== "number" || !Number.isFinite(factor) || factor <= 0) {
    throw new CoreError("INVALID_ARGUMENT", "factor", factor, "a finite factor > 0 (10 for a pool ten times larger)");
  }
  if (model === null || typeof model !== "object") {
    throw new CoreError("INVALID_ARGUMENT", "model", model, "a qqt model { law, task, buckets, … }");
  }
  checkPool(model.buckets, "model.buckets");
  for (let i = 0; i < model.buckets.length; i++) {
    const scaled = (model.buckets[i] as Bucket).size * factor;
    if (!(scaled >= LAW_DOMAIN.minSize && scaled <= LAW_DOMAIN.maxSize)) {
      throw new CoreError("INVALID_ARGUMENT", "factor", factor, `a factor that keeps every bucket between ${LAW_DOMAIN.minSize} and 1e18 unique samples (model.buckets[${i}] would hold ${scaled})`);
    }
  }
  const shown = Number(factor.toPrecision(4));
  return {
    ...model,
    name: `${model.name ?? "model"} (pool ×${shown})`,
    buckets: model.buckets.map((b) => ({ ...b, size: b.size * factor })),
  };
}
