import { stableJson } from "./internal/stableJson.js";
import { parsePoolManifest } from "./parsePoolManifest.js";
import type { PoolManifestV1 } from "./types.js";
import { dropUndefined } from "./writeStudy.js";

/**
 * Serializes a pool manifest as stable, pretty `qqt.pool/v1` JSON; round-trip exact with {@link parsePoolManifest}.
 *
 * @remarks The manifest is checked first, so the writer never produces a file the reader would refuse.
 * @throws {@link DataError} when the manifest is invalid.
 * @example
 * ```ts
 * const text = writePoolManifest(manifest);
 * parsePoolManifest(text); // deep-equals manifest
 * ```
 */
export function writePoolManifest(manifest: PoolManifestV1): string {
  return stableJson(parsePoolManifest(dropUndefined(manifest), { file: "<manifest>" }));
}
