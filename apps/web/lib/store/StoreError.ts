/**
 * What went wrong in a {@link StoreError}. Each code maps to one HTTP status ({@link STATUS_OF}).
 *
 * @example
 * ```ts
 * const code: StoreErrorCode = "NOT_FOUND";
 * ```
 */
export type StoreErrorCode =
  /** The request is malformed in a way that is not about the document (bad query parameter, bad id). */
  | "BAD_REQUEST"
  /** The body is not valid JSON. */
  | "INVALID_JSON"
  /** The body is JSON but does not match the expected shape; `issues` lists every problem. */
  | "VALIDATION_FAILED"
  /** The body is larger than the configured limit. */
  | "PAYLOAD_TOO_LARGE"
  /** The body is not `application/json`. */
  | "UNSUPPORTED_MEDIA_TYPE"
  /** No valid access token (header or session cookie) was presented. */
  | "UNAUTHORIZED"
  /** Too many wrong access tokens from this client: wait `retryAfterSeconds` (the `Retry-After` header). */
  | "RATE_LIMITED"
  /** The body did not arrive in time. */
  | "REQUEST_TIMEOUT"
  /** The request was refused although authenticated, e.g. a cross-site write. */
  | "FORBIDDEN"
  /** No such study or version. */
  | "NOT_FOUND"
  /** The study exists but was deleted (soft delete); it can be restored. */
  | "GONE"
  /** A write could not be completed because of concurrent writes, even after retrying. */
  | "CONFLICT"
  /** The server's configuration is invalid (e.g. an access token that is too easy to guess). */
  | "CONFIGURATION"
  /** The database failed; details are logged on the server, never sent to the client. */
  | "INTERNAL";

/** The HTTP status of each {@link StoreErrorCode}. */
export const STATUS_OF: Readonly<Record<StoreErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_FAILED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  REQUEST_TIMEOUT: 408,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  GONE: 410,
  CONFLICT: 409,
  CONFIGURATION: 500,
  INTERNAL: 500,
};

/**
 * One problem found in a request body: where (`path`, and `line`/`column` in the body text when known), what, and —
 * for problems in a study or model document, found by @qqt/data — its issue code, the expected format and how to
 * fix it.
 *
 * @example
 * ```ts
 * const issue: Issue = { path: "study.buckets[0].size", message: "buckets[0].size is -1", code: "OUT_OF_RANGE",
 *   expected: "a number of unique samples in [1, 1e18]", line: 3, column: 42 };
 * ```
 */
export interface Issue {
  /** JSON path of the offending value, e.g. `study.observations[3].pool[1]`; `""` for the whole body. */
  path: string;
  /** What was found (and, for envelope fields, what was expected). */
  message: string;
  /** @qqt/data's issue code (e.g. `UNKNOWN_BUCKET`, `OUT_OF_RANGE`), for documents and JSON syntax errors. */
  code?: string;
  /** The expected format or range. */
  expected?: string;
  /** How to fix it, e.g. `did you mean "top0-10"?`. */
  suggestion?: string;
  /** 1-based line of the offending value in the request body, when known. */
  line?: number;
  /** 1-based column of the offending value in the request body, when known. */
  column?: number;
}

/**
 * The one error class of the storage layer and its HTTP API. Carries a {@link StoreErrorCode}, a message that leads
 * with what failed and says what was expected, and, for validation errors, every {@link Issue} found.
 *
 * @example
 * ```ts
 * throw new StoreError("NOT_FOUND", 'Study "k3J9x2LmQp0aZ1bC" has no version 7; its latest version is 4.');
 * ```
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;
  readonly issues: readonly Issue[];
  /** For `RATE_LIMITED`: whole seconds to wait before trying again (sent as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: StoreErrorCode, message: string, issues: readonly Issue[] = [], options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = issues;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** The HTTP status for this error. */
  get status(): number {
    return STATUS_OF[this.code];
  }
}

/**
 * Whether a value is a {@link StoreError} — also one made by another copy of this module. Next.js bundles the server
 * start (instrumentation) and each route separately, so the store opened at start throws errors of a class that is
 * not the one a route imported: `instanceof` alone would turn a 404 into a 500.
 *
 * @example
 * ```ts
 * isStoreError(new StoreError("NOT_FOUND", "No study.")); // true
 * isStoreError(new Error("x")); // false
 * ```
 */
export function isStoreError(value: unknown): value is StoreError {
  if (value instanceof StoreError) return true;
  if (!(value instanceof Error) || value.name !== "StoreError") return false;
  const { code, issues } = value as { code?: unknown; issues?: unknown };
  return typeof code === "string" && Object.hasOwn(STATUS_OF, code) && Array.isArray(issues);
}

/**
 * The JSON body of every error response: `{ error: { code, message, issues? } }`.
 *
 * @example
 * ```ts
 * const body: ErrorBody = { error: { code: "NOT_FOUND", message: 'No study "abc".' } };
 * ```
 */
export interface ErrorBody {
  error: { code: StoreErrorCode; message: string; issues?: Issue[] };
}

/**
 * The response body for a {@link StoreError}; `issues` is present only when there are some.
 *
 * @example
 * ```ts
 * errorBody(new StoreError("GONE", "Study was deleted.")); // { error: { code: "GONE", message: "Study was deleted." } }
 * ```
 */
export function errorBody(error: Pick<StoreError, "code" | "message" | "issues">): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.issues.length > 0) body.error.issues = [...error.issues];
  return body;
}
