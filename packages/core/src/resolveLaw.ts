import { CoreError } from "./CoreError.js";
import type { Law, ResolvedLaw } from "./types.js";

/**
 * Checks a {@link Law} and fills in its defaults (`formulation: 'utility'`, `variant: 'paper'`).
 *
 * @remarks Throws a {@link CoreError} with code `INVALID_LAW` for an unknown formulation or variant.
 * @example
 * ```ts
 * resolveLaw({ variant: "reference" }); // { formulation: "utility", variant: "reference" }
 * ```
 */
export function resolveLaw(law: Law | undefined, path = "law"): ResolvedLaw {
  if (law === undefined) return { formulation: "utility", variant: "paper" };
  if (law === null || typeof law !== "object") {
    throw new CoreError("INVALID_LAW", path, law, "an object { formulation?, variant? }");
  }
  const formulation = law.formulation === undefined ? "utility" : law.formulation;
  if (formulation !== "utility" && formulation !== "effective-data") {
    throw new CoreError("INVALID_LAW", `${path}.formulation`, law.formulation, '"utility" or "effective-data"');
  }
  const variant = law.variant === undefined ? "paper" : law.variant;
  if (variant !== "paper" && variant !== "reference") {
    throw new CoreError("INVALID_LAW", `${path}.variant`, law.variant, '"paper" or "reference"');
  }
  return { formulation, variant };
}

