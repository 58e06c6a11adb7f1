import { CoreError } from "@qqt/core";
import { FitError, type FitErrorCode } from "./FitError.js";

const CODES: Partial<Record<CoreError["code"], FitErrorCode>> = {
  INVALID_BUCKET: "INVALID_BUCKET",
  DUPLICATE_BUCKET: "INVALID_BUCKET",
  EMPTY_POOL: "INVALID_BUCKET",
  NOT_FINITE: "NUMERICAL",
};

/**
 * Runs `call` and turns a `CoreError` from `@qqt/core` into this package's `FitError` (every error of `@qqt/fit`
 * is a FitError), with `path` prefixed to the argument core named. Other errors pass through. @internal
 */
export function fromCoreError<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    const code = CODES[error.code] ?? "INVALID_OPTION";
    const argument = error.argument.replace(/^model\./, "");
    throw new FitError(code, path === "" ? argument : `${path}.${argument}`, error.message);
  }
}
