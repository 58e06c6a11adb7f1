import { nestedPercents, type Bucket } from "@qqt/core";
import { DataError, type DataErrorCode } from "./DataError.js";

const TOP_K = /^top-(\d+)$/i;
const TOP_PERCENT = /^top\s*(\d+(?:\.\d+)?)\s*%$/i;
const PERCENT_TOLERANCE = 1e-9;
/** `bucket:<id>` names one bucket, also one whose id reads like a pool (`bucket:all`). */
const BUCKET_PREFIX = "bucket:";

/**
 * The pool grammar of qqt: which buckets a pool specification names, best-first.
 *
 * @remarks Forms: a bucket id (`top10-20`); `bucket:<id>` (a bucket whose id reads like a pool, e.g. `bucket:all`);
 * `top-K` (the K best buckets); `topX%` / `top X%` (the best buckets down to X %, when ids or labels give
 * contiguous percent ranges from 0); `all`; ids joined by `+` or `,` (`top0-10+top30-40`). A bucket id that reads
 * like a pool (`all`, `top-2`) must be written `bucket:<id>` — it would silently mean one or the other. The result
 * is in the buckets' order. Used by the CLI's `--pool`, `--candidates`, `--bucket` options.
 * @param spec - The specification as typed.
 * @param buckets - The model's (or study's) buckets, best first.
 * @param field - Names the option or field in messages (default `pool`).
 * @throws {@link DataError} `UNKNOWN_BUCKET` for an id no bucket has, `INVALID_VALUE` for any other misfit, with
 * the buckets and forms that would do.
 * @example
 * ```ts
 * resolvePool("top30%", tmarsBuckets); // ["top0-10", "top10-20", "top20-30"]
 * resolvePool("top30-40+top0-10", tmarsBuckets); // ["top0-10", "top30-40"]
 * ```
 */
export function resolvePool(spec: string, buckets: ReadonlyArray<Pick<Bucket, "id" | "label">>, field = "pool"): string[] {
  const text = String(spec).trim();
  const ids = new Set(buckets.map((b) => b.id));
  const fail = (code: DataErrorCode, message: string): never => {
    throw new DataError([{ code, file: "<input>", field, message: `${field}: ${message}`, expected: poolHelp(buckets) }]);
  };
  if (text.startsWith(BUCKET_PREFIX)) {
    const id = text.slice(BUCKET_PREFIX.length);
    if (!ids.has(id)) fail("UNKNOWN_BUCKET", `unknown bucket "${id}" in "${text}". ${poolHelp(buckets)}`);
    return [id];
  }
  const syntax = text.toLowerCase() === "all" || TOP_K.test(text) || TOP_PERCENT.test(text);
  if (ids.has(text)) {
    if (syntax) fail("INVALID_VALUE", `"${text}" is both a bucket id and a pool of the best buckets. Write "${BUCKET_PREFIX}${text}" for the bucket, or the pool's bucket ids joined by +.`);
    return [text];
  }
  if (text.toLowerCase() === "all") return buckets.map((b) => b.id);
  const k = TOP_K.exec(text);
  if (k !== null) {
    const n = Number(k[1]);
    if (n < 1 || n > buckets.length) fail("INVALID_VALUE", `"${text}" asks for the ${n} best buckets, but the model has ${buckets.length} (top-1 … top-${buckets.length}).`);
    return buckets.slice(0, n).map((b) => b.id);
  }
  const percent = TOP_PERCENT.exec(text);
  if (percent !== null) {
    const target = Number(percent[1]);
    const prefixes = nestedPercents(buckets);
    const i = prefixes.findIndex((p) => Math.abs(p - target) < PERCENT_TOLERANCE);
    if (i < 0) {
      const known = prefixes.length > 0 ? `top ${prefixes.map((p) => `${p}%`).join(", ")}` : "none (bucket ids and labels do not give percent ranges; use top-K)";
      fail("INVALID_VALUE", `no nested pool is "${text}". Pools by percent: ${known}.`);
    }
    return buckets.slice(0, i + 1).map((b) => b.id);
  }
  const parts = text.split(/[+,]/).map((s) => s.trim());
  if (parts.some((s) => s === "")) fail("INVALID_VALUE", `"${text}" has an empty bucket id. ${poolHelp(buckets)}`);
  const unknown = parts.filter((s) => !ids.has(s));
  if (unknown.length > 0) fail("UNKNOWN_BUCKET", `unknown bucket ${unknown.slice(0, 5).map((u) => `"${u.length > 60 ? `${u.slice(0, 57)}…` : u}"`).join(", ")} in "${text.length > 120 ? `${text.slice(0, 117)}…` : text}". ${poolHelp(buckets)}`);
  if (new Set(parts).size !== parts.length) fail("INVALID_VALUE", `"${text}" names a bucket twice.`);
  const set = new Set(parts);
  return buckets.filter((b) => set.has(b.id)).map((b) => b.id);
}

function poolHelp(buckets: ReadonlyArray<Pick<Bucket, "id">>): string {
  const shown = buckets.slice(0, 20).map((b) => b.id).join(", ") + (buckets.length > 20 ? `, … ${buckets.length - 20} more` : "");
  return `Buckets: ${shown}; pools: an id, ids joined by + or ",", top-K (K = 1…${buckets.length}) or all.`;
}
