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
export { VERSION } from "./version.js";

export { fit } from "./fit.js";
export { referenceGridSearch, linspace } from "./referenceGridSearch.js";
export type { ReferenceGridOptions, ReferenceGridResult } from "./referenceGridSearch.js";

export { bootstrap } from "./bootstrap.js";
export type {
  AbortSignalLike,
  BootstrapProgress,
  BootstrapOptions,
  Interval,
  ParameterIntervals,
  BootstrapDraw,
  BootstrapResult,
} from "./bootstrap.js";
export { predictedErrorIntervals, crossoverIntervals, bestPoolProbabilities } from "./uncertainty.js";
export type { ErrorInterval, CrossoverInterval, BestPoolProbability } from "./uncertainty.js";

export { holdout } from "./holdout.js";
export type { HoldoutPrediction, HoldoutSummary, HoldoutResult } from "./holdout.js";

export { toModelFile } from "./toModelFile.js";
export type { ModelFileV1, ModelFileMeta } from "./toModelFile.js";
