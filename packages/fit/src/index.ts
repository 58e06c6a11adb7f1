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
  FitWarningCode,
  FitWarning,
  StandardErrors,
  BucketStandardErrors,
  FitResidual,
  FitOptionsEcho,
  FittedTask,
  FitResult,
} from "./types.js";
export { DEFAULT_BOUNDS } from "./constants.js";
// DEFAULT_FIT_SETTINGS: from "@qqt/fit/defaults" (an entry point that does not load the fitter).
export type { DefaultBounds } from "./constants.js";
export { VERSION } from "./version.js";

export { fit } from "./fit.js";
export { referenceGridSearch, linspace } from "./referenceGridSearch.js";
export type { ReferenceGridOptions, ReferenceGridResult } from "./referenceGridSearch.js";

export { bootstrap } from "./bootstrap.js";
export type {
  AbortSignalLike,
  BootstrapProgress,
  BootstrapOptions,
  ParameterIntervals,
  BucketIntervals,
  BootstrapDraw,
  BootstrapResult,
} from "./bootstrap.js";
export { holdout } from "./holdout.js";
export type { HoldoutOptions, HoldoutBootstrap, HoldoutPrediction, HoldoutSummary, HoldoutCoverage, HoldoutResult } from "./holdout.js";

export { planNextRuns, coldStartDesign, PLAN_TOLERANCE } from "./plan.js";
export type { PlanCandidate, PlanOptions, PlannedRun, PlanDecision, PlanResult } from "./plan.js";

export { toModelFile } from "./toModelFile.js";
export type { ModelFileMeta } from "./toModelFile.js";
// The model file and interval types are @qqt/data's (the owner of the qqt.model/v1 contract), re-exported here.
export type { ModelFileV1, Interval } from "@qqt/data";
