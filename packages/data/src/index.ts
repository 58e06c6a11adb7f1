// The public, browser-safe API of @qqt/data. Nothing reachable from here imports node:*. Review additions.

export { DataError, formatIssue, MAX_ISSUES, MAX_ISSUE_TEXT } from "./DataError.js";
export { MAX_INPUT_BYTES } from "./internal/limits.js";
export { MAX_JSON_DEPTH } from "./internal/jsonDocument.js";
export type { DataErrorCode, DataIssue } from "./DataError.js";
export type {
  Study,
  StudyBucket,
  StudyObservation,
  StudyMetric,
  MetricKind,
  BucketQuality,
  ObservationOrigin,
  SourceInfo,
  ModelFileV1,
  ModelMetric,
  ModelLaw,
  ModelTask,
  ModelBucket,
  ModelFit,
  ModelFitWarning,
  ModelStandardErrors,
  ModelBucketStandardErrors,
  ModelBootstrap,
  ModelBootstrapIntervals,
  ModelBucketIntervals,
  ModelBootstrapDraw,
  ModelCoverage,
  ModelBucketCoverage,
  ModelPoolCoverage,
  ModelNoise,
  Interval,
  ReadSummary,
  ReadSummaryBucket,
  SkipCount,
  SkipReason,
  InputFormat,
  ParseResult,
  SafeParseResult,
  TextInput,
  InputFile,
  PoolManifestV1,
  PoolManifestSource,
  PoolManifestRows,
  PoolExclusions,
  PoolDuplicates,
  PoolManifestRule,
  PoolManifestBucket,
  PoolManifestEdge,
} from "./types.js";

export { parseCount, safeParseCount } from "./parseCount.js";
export { parseBudget, safeParseBudget, MIN_BUDGET, MAX_BUDGET, BUDGET_FORMAT } from "./parseBudget.js";
export type { ParsedBudget } from "./parseBudget.js";
export { resolvePool } from "./resolvePool.js";
export { decodeText } from "./decodeText.js";
export { joinJsonPath, locateJson, positionOf } from "./locateJson.js";
export type { LocatedJson, TextPosition } from "./locateJson.js";

export { parseStudy, safeParseStudy } from "./parseStudy.js";
export type { ParseStudyOptions } from "./parseStudy.js";
export { parseModel, safeParseModel } from "./parseModel.js";
export type { ParseModelOptions } from "./parseModel.js";
export { writeStudy } from "./writeStudy.js";
export { writeModel } from "./writeModel.js";

export { parseTidyCsv, safeParseTidyCsv } from "./parseTidyCsv.js";
export type { TidyCsvOptions, TidyField } from "./tidy/TidyCsvReader.js";

export { parseDataComp, safeParseDataComp } from "./parseDataComp.js";
export type { DataCompOptions, DataCompMetric } from "./datacomp/DataCompReader.js";
export { parseDataCompManifest, MANIFEST_FORMAT, MANIFEST_FILE_NAMES } from "./datacomp/manifest.js";
export type { DataCompManifest, ManifestFile } from "./datacomp/manifest.js";
export { AVG18_TASKS, DATACOMP_38_TASKS, DATACOMP_TASK_ALIASES } from "./datacomp/tasks.js";

export { parseOpenClipCsv, safeParseOpenClipCsv } from "./parseOpenClipCsv.js";
export { LAION_BUCKETS, OPENCLIP_SOURCE } from "./openclip/OpenClipReader.js";
export type { OpenClipOptions } from "./openclip/OpenClipReader.js";

export { parsePoolManifest, POOL_MANIFEST_FORMAT } from "./parsePoolManifest.js";
export type { ParsePoolManifestOptions } from "./parsePoolManifest.js";
export { writePoolManifest } from "./writePoolManifest.js";

export { detectFormat, parseAuto, safeParseAuto } from "./parseAuto.js";
export type { ParsedInput, ParseAutoOptions } from "./parseAuto.js";

export { studySchema } from "./schemas/studySchema.js";
export { modelSchema } from "./schemas/modelSchema.js";
export { manifestSchema } from "./schemas/manifestSchema.js";
export { poolManifestSchema } from "./schemas/poolManifestSchema.js";
export type { JsonSchema } from "./schemas/JsonSchema.js";
