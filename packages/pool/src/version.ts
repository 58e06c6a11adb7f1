import { readFileSync } from "node:fs";

/**
 * The version of `@qqt/pool`, as written in manifests (`generator: "@qqt/pool <VERSION>"`).
 *
 * @example
 * ```ts
 * VERSION; // "0.0.0"
 * ```
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
