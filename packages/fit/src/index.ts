// The public API of @qqt/fit. Every export here is part of the semver contract; review additions.

export { FitError } from "./FitError.js";
export type { FitErrorCode } from "./FitError.js";
export type {
  Observation,
  FitBucket,
  FitInput,
  Range,
  FitBounds,
  PerBucket,
  FixedParameters,
  InitialParameters,
  LossName,
  FitOptions,
  FitWarning,
  StandardErrors,
  FitResidual,
  FitOptionsEcho,
  FitResult,
} from "./types.js";
export { DEFAULT_BOUNDS } from "./constants.js";
export { fit } from "./fit.js";
export { referenceGridSearch, linspace } from "./referenceGridSearch.js";
export type { ReferenceGridOptions, ReferenceGridResult } from "./referenceGridSearch.js";
