// The public API of @qqt/core. Every export here is part of the semver contract; review additions.

export {
  HALF_LIFE_BASE,
  DEFAULT_NORMALIZER,
  TAIL_TOLERANCE,
  TIE_TOLERANCE,
  DEFAULT_CONFIDENCE,
  EXTRAPOLATION_LIMIT,
  LAW_DOMAIN,
} from "./constants.js";
export type { LawDomain } from "./constants.js";
export { CoreError } from "./CoreError.js";
export type { CoreErrorCode } from "./CoreError.js";
export type {
  Bucket,
  TaskParams,
  Law,
  ResolvedLaw,
  CandidatePool,
  Recommendation,
  PoolRecommendation,
  Crossover,
} from "./types.js";

export { predictError } from "./predictError.js";
export { predictCurve } from "./predictCurve.js";
export { poolModel } from "./poolModel.js";
export type { PoolModel } from "./poolModel.js";
export { limitingError } from "./limitingError.js";

export { decayFactor } from "./decayFactor.js";
export { halfLife } from "./halfLife.js";
export { utilityAtRepetition } from "./utilityAtRepetition.js";
export { poolUtilityAtRepetition } from "./poolUtilityAtRepetition.js";
export { poolHalfLives } from "./poolHalfLives.js";
export { epochsCompleted } from "./epochsCompleted.js";
export { resolveLaw } from "./resolveLaw.js";

export { nestedPools } from "./nestedPools.js";
export { recommend } from "./recommend.js";
export { recommendPools } from "./recommendPools.js";
export { findCrossovers } from "./findCrossovers.js";
export type { CrossoverRange } from "./findCrossovers.js";

// The model value and the advice over it.
export type {
  Model,
  ModelSource,
  ModelMetric,
  ModelTask,
  ModelFit,
  ModelFitWarning,
  ModelStandardErrors,
  ModelBucketStandardErrors,
  ModelCoverage,
  ModelBucketCoverage,
  ModelPoolCoverage,
  ModelNoise,
  Interval,
  ModelBootstrap,
  ModelBootstrapIntervals,
  ModelBucketIntervals,
  ModelBootstrapDraw,
} from "./Model.js";
export { adviceEngine } from "./adviceEngine.js";
export { scaleModel } from "./scaleModel.js";
export type { AdviceEngine, AdviceOptions } from "./adviceEngine.js";
export type {
  PoolSummary,
  MeanInterval,
  Extrapolation,
  AdviceWarningCode,
  AdviceWarning,
  PoolPrediction,
  PoolAdvice,
  BudgetAdvice,
  CrossoverAdvice,
  UncertaintyStatus,
  AdviceReport,
  CurveSet,
  CandidateCurve,
  PoolForecast,
} from "./advice.js";

// Rules every front end shares: one of each.
export { lawStart } from "./lawStart.js";
export { poolName, percentRange, nestedPercents } from "./poolName.js";
export type { PercentRange } from "./poolName.js";
export { formatCount } from "./formatCount.js";
export { formatProbability } from "./formatProbability.js";
export { seededRandom, deriveSeed, standardNormal } from "./seededRandom.js";
export { quantileSorted, percentileInterval } from "./quantileSorted.js";
export { studentTCdf, studentTQuantile } from "./studentT.js";
