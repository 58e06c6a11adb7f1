// The public API of @qqt/pool (Node only): bucketing a scored pool and writing subsets, on embedded DuckDB. Review additions.

export { bucketPool } from "./bucketPool.js";
export type { BucketPoolOptions, BucketPoolResult } from "./bucketPool.js";
export { writeSubset, SUBSET_FORMATS } from "./writeSubset.js";
export type { SubsetFormat, SubsetResult, SubsetSelection, WriteSubsetOptions } from "./writeSubset.js";
export { PoolError, quoteValue } from "./PoolError.js";
export type { PoolErrorCode, PoolErrorLocation } from "./PoolError.js";
export type { EngineOptions, PoolProgress, PoolSource, PoolWarning } from "./types.js";
export { VERSION } from "./version.js";
