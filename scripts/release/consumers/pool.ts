// Type-level consumer of @qqt/pool: must compile under moduleResolution nodenext and bundler.
import type { PoolManifestV1 } from "@qqt/data";
import {
  bucketPool,
  PoolError,
  SUBSET_FORMATS,
  writeSubset,
  type BucketPoolResult,
  type PoolErrorCode,
  type PoolProgress,
  type SubsetFormat,
  type SubsetResult,
  type SubsetSelection,
} from "@qqt/pool";

const select: SubsetSelection = { kind: "top", percent: 30, rule: "datacomp" };
const format: SubsetFormat = SUBSET_FORMATS[0]!;
async function manifestOf(input: string): Promise<PoolManifestV1> {
  const r: BucketPoolResult = await bucketPool({ input, score: "clip_l14_similarity_score", edges: [0, 10, 20, 30, 40, 100], memoryLimit: "8GB" });
  return r.manifest;
}
async function subset(input: string, output: string): Promise<number> {
  const r: SubsetResult = await writeSubset({ input, score: "s", select, format, output, onProgress: (p: PoolProgress) => void p.percent });
  return r.rows;
}
function codeOf(error: unknown): PoolErrorCode | undefined {
  return error instanceof PoolError ? error.code : undefined;
}
export { manifestOf, subset, codeOf };
