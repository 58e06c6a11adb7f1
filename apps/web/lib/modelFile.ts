import { safeParseModel, type ModelBootstrapDraw, type ModelFileV1 } from "@qqt/data";
import { AdvisorError, problemFromIssue, type Problem, type Result } from "./AdvisorError";

// Model files in the advisor: @qqt/data owns the `qqt.model/v1` type and its reader; this module adds the advisor's
// own limits (what it can draw) and turns @qqt/data's located issues into the app's problems.
//
// Bundle note: this module imports @qqt/data's reader, so the page loads it lazily (`import("./modelFile")`) and only
// `import type` from it elsewhere.

export type { ModelFileV1 };
/** A bootstrap refit: task parameters and per-bucket `b`, `tau` aligned with the model's `buckets`. */
export type BootstrapDraw = ModelBootstrapDraw;

/** The format tag of a model file. */
export const MODEL_FORMAT = "qqt.model/v1";
/** Largest model a share link may unpack to, in bytes (a 10-bucket model with 1000 bootstrap draws is ~0.3 MB). */
export const MAX_MODEL_FILE_BYTES = 5 * 1024 * 1024;
/** Most buckets a model may have to be shown (the charts stay readable; the law itself has no limit). */
export const MAX_BUCKETS = 100;
/** Most bootstrap draws a model may carry to be shown. */
export const MAX_DRAWS = 10_000;

/**
 * Reads a `qqt.model/v1` model (JSON text, or a value already parsed) with @qqt/data's `parseModel`, then checks the
 * advisor's limits. Every problem keeps @qqt/data's file, line, column, field, expected value and suggestion.
 *
 * @example
 * ```ts
 * readModel('{"format": "qqt.model/v1"}', "model.json");
 * // not ok: INVALID_MODEL "model.json is not a valid qqt.model/v1 model: 3 problems found."
 * //   problems[0] → { file: "model.json", line: 1, column: 1, path: "law", message: 'required field "law" is missing', … }
 * ```
 */
export function readModel(input: string | object, file: string): Result<ModelFileV1> {
  const parsed = safeParseModel(input, { file });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(problemFromIssue);
    const json = parsed.error.code === "INVALID_JSON";
    const count = problems.length;
    const message = json
      ? `${file} is not valid JSON; expected a ${MODEL_FORMAT} JSON document.`
      : `${file} is not a valid ${MODEL_FORMAT} model: ${count} problem${count === 1 ? "" : "s"} found.`;
    return { ok: false, error: new AdvisorError(json ? "INVALID_JSON" : "INVALID_MODEL", message, problems) };
  }
  return checkModelLimits(parsed.data, file);
}

/**
 * Checks what the advisor can show: at most {@link MAX_BUCKETS} buckets and {@link MAX_DRAWS} bootstrap draws.
 *
 * @example
 * ```ts
 * checkModelLimits(modelWith200Buckets, "big.json");
 * // not ok: INVALID_MODEL, problem { file: "big.json", path: "buckets", message: "got 200 buckets; the advisor shows at most 100" }
 * ```
 */
export function checkModelLimits(model: ModelFileV1, file: string): Result<ModelFileV1> {
  const problems: Problem[] = [];
  if (model.buckets.length > MAX_BUCKETS) {
    problems.push({ file, path: "buckets", message: `got ${model.buckets.length} buckets; the advisor shows at most ${MAX_BUCKETS}` });
  }
  const draws = model.fit?.bootstrap?.draws.length ?? 0;
  if (draws > MAX_DRAWS) {
    problems.push({ file, path: "fit.bootstrap.draws", message: `got ${draws} draws; the advisor reads at most ${MAX_DRAWS}` });
  }
  if (problems.length === 0) return { ok: true, value: model };
  return { ok: false, error: new AdvisorError("INVALID_MODEL", `${file} is too large for the advisor to show.`, problems) };
}
