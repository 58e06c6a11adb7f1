import type { IssueDraft } from "./DataError.js";
import { Checker } from "./internal/check.js";
import { checkStudy } from "./internal/checkStudy.js";
import { parseJsonDocument, raiseLocated } from "./internal/jsonDocument.js";
import { locateJson } from "./locateJson.js";
import { SummaryBuilder } from "./internal/SummaryBuilder.js";
import { safely } from "./internal/safely.js";
import type { ParseResult, SafeParseResult, Study, TextInput } from "./types.js";

/**
 * Options of {@link parseStudy}.
 *
 * @example
 * ```ts
 * const options: ParseStudyOptions = { file: "study.json", withOrigins: true };
 * ```
 */
export interface ParseStudyOptions {
  /** Names the input in errors and origins (default `<input>`). */
  file?: string;
  /**
   * Give every observation without an `origin` the file and line where it starts, so later errors (a fit's outlier
   * residuals, …) can point at it. Off by default: with it, writing the study back adds the origins.
   */
  withOrigins?: boolean;
}

/**
 * Reads a `qqt.study/v1` document (text, bytes, or an already parsed object) and checks it completely.
 *
 * @remarks Checks: the format and version; buckets (unique ids, sizes > 0, quality percentiles); observations (a
 * non-empty pool of known, distinct bucket ids, `samplesSeen > 0`, `error >= 0` and `<= 1` unless `metric.kind` is
 * `loss`, `weight > 0`, string tags, no duplicate of pool + samples seen + metric + tags); the embedded model;
 * unknown fields (with "did you mean"). Every problem is reported at once with its line and column.
 * @throws {@link DataError} with every issue found.
 * @example
 * ```ts
 * const { data, summary } = parseStudy(
 *   '{"format":"qqt.study/v1","buckets":[{"id":"top0-10","size":12800000}],' +
 *   '"observations":[{"pool":["top0-10"],"samplesSeen":25600000,"error":0.83}]}',
 * );
 * data.observations[0].error; // 0.83
 * summary.buckets; // [{ id: "top0-10", size: 12800000, observations: 1 }]
 * ```
 */
export function parseStudy(input: TextInput | object, options: ParseStudyOptions = {}): ParseResult<Study> {
  const file = options.file ?? "<input>";
  let value: unknown;
  let text: string | undefined;
  if (typeof input === "string" || input instanceof Uint8Array) ({ value, text } = parseJsonDocument(input, file));
  else value = input;
  const drafts: IssueDraft[] = [];
  const study = checkStudy(value, new Checker(drafts));
  if (study === undefined || drafts.length > 0) raiseLocated(text, drafts, file);
  if (options.withOrigins === true && text !== undefined) {
    const located = locateJson(text);
    if (located.ok) {
      study.observations.forEach((o, i) => {
        const pos = located.positions.get(`observations[${i}]`);
        if (o.origin === undefined && pos !== undefined) o.origin = { file, line: pos.line };
      });
    }
  }
  const summary = new SummaryBuilder("qqt.study/v1");
  summary.files.push(file);
  summary.rowsRead = study.observations.length;
  summary.rowsUsed = study.observations.length;
  return { data: study, summary: summary.build(study.buckets, study.observations) };
}

/**
 * {@link parseStudy} without throwing: `{ success: true, data, summary }` or `{ success: false, error }`.
 *
 * @example
 * ```ts
 * const r = safeParseStudy('{"format":"qqt.study/v1","buckets":[],"observations":[]}', { file: "s.json" });
 * r.success; // false
 * if (!r.success) r.error.issues[0]; // { code: "INVALID_VALUE", file: "s.json", line: 1, column: 27, field: "buckets", … }
 * ```
 */
export function safeParseStudy(input: TextInput | object, options: ParseStudyOptions = {}): SafeParseResult<Study> {
  return safely(() => parseStudy(input, options));
}

