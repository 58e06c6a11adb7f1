import type { IssueDraft } from "./DataError.js";
import { Checker } from "./internal/check.js";
import { checkModel } from "./internal/checkModel.js";
import { parseJsonDocument, raiseLocated } from "./internal/jsonDocument.js";
import { safely } from "./internal/safely.js";
import { SummaryBuilder } from "./internal/SummaryBuilder.js";
import type { ModelFileV1, ParseResult, SafeParseResult, TextInput } from "./types.js";

/**
 * Options of {@link parseModel}.
 *
 * @example
 * ```ts
 * const options: ParseModelOptions = { file: "tmars.model.json" };
 * ```
 */
export interface ParseModelOptions {
  /** Names the input in errors (default `<input>`). */
  file?: string;
}

/**
 * Reads a `qqt.model/v1` document (text, bytes, or an already parsed object) and checks it completely.
 *
 * @remarks Checks the law (`formulation`, `variant`), task (`a > 0`, `d >= 0`, `normalizer > 0`), buckets (unique ids,
 * `size > 0`, `b < 0`, `tau > 0`, as `@qqt/core` requires) and the fit diagnostics, including that standard errors
 * and intervals name model buckets and every bootstrap draw has one `b` and one `tau` per bucket.
 * @throws {@link DataError} with every issue found, with lines and columns.
 * @example
 * ```ts
 * const { data } = parseModel(
 *   '{"format":"qqt.model/v1","law":{"formulation":"utility","variant":"reference"},' +
 *   '"task":{"a":0.022,"d":0.1,"normalizer":100000},' +
 *   '"buckets":[{"id":"top0-10","size":12800000,"b":-0.18,"tau":4.363636363636363}]}',
 * );
 * data.task.a; // 0.022
 * ```
 */
export function parseModel(input: TextInput | object, options: ParseModelOptions = {}): ParseResult<ModelFileV1> {
  const file = options.file ?? "<input>";
  let value: unknown;
  let text: string | undefined;
  if (typeof input === "string" || input instanceof Uint8Array) ({ value, text } = parseJsonDocument(input, file));
  else value = input;
  const drafts: IssueDraft[] = [];
  const model = checkModel(value, "", new Checker(drafts));
  if (model === undefined || drafts.length > 0) raiseLocated(text, drafts, file);
  const summary = new SummaryBuilder("qqt.model/v1");
  summary.files.push(file);
  return { data: model, summary: summary.build(model.buckets, []) };
}

/**
 * {@link parseModel} without throwing.
 *
 * @example
 * ```ts
 * const r = safeParseModel('{"format":"qqt.model/v1"}');
 * if (!r.success) r.error.issues.map((i) => i.field); // ["law", "task", "buckets"]
 * ```
 */
export function safeParseModel(input: TextInput | object, options: ParseModelOptions = {}): SafeParseResult<ModelFileV1> {
  return safely(() => parseModel(input, options));
}
