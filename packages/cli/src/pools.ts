// Pools as users name them on the command line: @qqt/data's pool grammar, with its errors as usage errors (exit 2).
import type { Bucket } from "@qqt/core";
import { DataError, resolvePool as resolvePoolSpec } from "@qqt/data";
import { usage } from "./errors.js";

/** Resolves a pool specification (`top-3`, `top30%`, `a+b`, `bucket:<id>`, `all`) to bucket ids, best-first. */
export function resolvePool(spec: string, buckets: ReadonlyArray<Pick<Bucket, "id" | "label">>, option = "--pool"): string[] {
  try {
    return resolvePoolSpec(spec, buckets, option);
  } catch (error) {
    if (error instanceof DataError) throw usage(error.issues[0]!.message);
    throw error;
  }
}
