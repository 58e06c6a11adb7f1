import { DataError } from "./DataError.js";
import { decodeText } from "./decodeText.js";
import type { DataCompOptions } from "./datacomp/DataCompReader.js";
import { MANIFEST_FILE_NAMES } from "./datacomp/manifest.js";
import { firstLine } from "./internal/DelimitedTokenizer.js";
import { normalizeHeader } from "./internal/columns.js";
import { safely } from "./internal/safely.js";
import type { OpenClipOptions } from "./openclip/OpenClipReader.js";
import { parseDataComp } from "./parseDataComp.js";
import { parseModel } from "./parseModel.js";
import { parseOpenClipCsv } from "./parseOpenClipCsv.js";
import { parseStudy } from "./parseStudy.js";
import { parseTidyCsv } from "./parseTidyCsv.js";
import type { TidyCsvOptions } from "./tidy/TidyCsvReader.js";
import type { InputFile, InputFormat, ModelFileV1, ParseResult, SafeParseResult, Study } from "./types.js";

/**
 * What {@link parseAuto} read: the studies (none for a model file) and the model (of a model file, or embedded in a
 * study).
 *
 * @example
 * ```ts
 * // { format: "qqt.model/v1", studies: [], model: { format: "qqt.model/v1", … } }
 * ```
 */
export interface ParsedInput {
  /** The detected format. */
  format: InputFormat;
  /** The studies read: one for most formats, one per architecture for the OpenCLIP CSV, none for a model file. */
  studies: Study[];
  /** The model of a model file, or the one embedded in a study file. */
  model?: ModelFileV1;
}

/**
 * Options of {@link parseAuto}: per-format options, used only for the detected format.
 *
 * @example
 * ```ts
 * const options: ParseAutoOptions = { datacomp: { metric: "avg18" }, tidy: { accuracyScale: "fraction" } };
 * ```
 */
export interface ParseAutoOptions {
  /** Options used when the input is a tidy CSV/TSV (the file name comes from the input). */
  tidy?: Omit<TidyCsvOptions, "file">;
  /** Options used when the input is DataComp evaluation output. */
  datacomp?: DataCompOptions;
  /** Options used when the input is the OpenCLIP results CSV (the file name comes from the input). */
  openclip?: Omit<OpenClipOptions, "file">;
  /** Fill observation origins of study JSON (see `ParseStudyOptions.withOrigins`). */
  withOrigins?: boolean;
}

const OPENCLIP_COLUMNS = ["upstream_dataset", "downstream_dataset", "arch"];

/**
 * Detects the format of in-memory files: a study or model JSON (by its `format`), a DataComp directory (several
 * files, `.jsonl` files or a manifest), the OpenCLIP results CSV (by its columns), or a tidy CSV/TSV.
 *
 * @throws {@link DataError} `EMPTY_INPUT`, or `UNKNOWN_FORMAT` for JSON without a known `format`.
 * @example
 * ```ts
 * detectFormat([{ path: "s.json", text: '{"format":"qqt.study/v1","buckets":[],"observations":[]}' }]); // "qqt.study/v1"
 * detectFormat([{ path: "runs.csv", text: "bucket,pool_size,samples_seen,error\n" }]); // "tidy-csv"
 * ```
 */
export function detectFormat(files: readonly InputFile[]): InputFormat {
  if (files.length === 0) throw new DataError([{ code: "EMPTY_INPUT", file: "<files>", message: "no files were given", expected: "a study/model JSON, a CSV/TSV, or a DataComp directory" }]);
  const names = files.map((f) => f.path.replaceAll("\\", "/").split("/").pop()!.toLowerCase());
  if (files.length > 1 || names.some((n) => n.endsWith(".jsonl") || MANIFEST_FILE_NAMES.includes(n))) return "datacomp";
  const file = files[0]!;
  const text = decodeText(file.text, file.path);
  const start = text.trimStart();
  if (start === "") throw new DataError([{ code: "EMPTY_INPUT", file: file.path, message: "the file is empty", expected: "a study/model JSON, a CSV/TSV, or a DataComp directory" }]);
  if (start.startsWith("{") || names[0]!.endsWith(".json")) {
    const m = /"format"\s*:\s*"([^"]*)"/.exec(text.slice(0, 4096));
    const format = m?.[1];
    if (format === "qqt.study/v1" || format === "qqt.model/v1") return format;
    if (format?.startsWith("qqt.study/") || format?.startsWith("qqt.model/")) return format.startsWith("qqt.study/") ? "qqt.study/v1" : "qqt.model/v1";
    throw new DataError([
      {
        code: "UNKNOWN_FORMAT",
        file: file.path,
        line: 1,
        message: format === undefined ? "the JSON document has no \"format\" field" : `unknown format ${JSON.stringify(format)}`,
        expected: '"format": "qqt.study/v1" or "qqt.model/v1"',
        suggestion: /"observations"/.test(text) ? 'add "format": "qqt.study/v1"' : /"task"/.test(text) ? 'add "format": "qqt.model/v1"' : "see the JSON Schemas in @qqt/data/schemas",
      },
    ]);
  }
  const header = firstLine(start).split(/[,\t;]/).map(normalizeHeader);
  if (OPENCLIP_COLUMNS.every((c) => header.includes(c))) return "openclip-csv";
  return "tidy-csv";
}

/**
 * Reads any supported input given as in-memory files, detecting its format with {@link detectFormat}.
 *
 * @throws {@link DataError} from the detected reader.
 * @example
 * ```ts
 * const { data, summary } = parseAuto([{ path: "runs.csv", text: "bucket,pool_size,samples_seen,error\na,1M,2M,0.5\n" }]);
 * data.format; // "tidy-csv"
 * data.studies[0].observations.length; // 1
 * ```
 */
export function parseAuto(files: readonly InputFile[], options: ParseAutoOptions = {}): ParseResult<ParsedInput> {
  const format = detectFormat(files);
  const file = files[0]!;
  switch (format) {
    case "qqt.study/v1": {
      const r = parseStudy(file.text, { file: file.path, ...(options.withOrigins !== undefined ? { withOrigins: options.withOrigins } : {}) });
      return { data: { format, studies: [r.data], ...(r.data.model !== undefined ? { model: r.data.model } : {}) }, summary: r.summary };
    }
    case "qqt.model/v1": {
      const r = parseModel(file.text, { file: file.path });
      return { data: { format, studies: [], model: r.data }, summary: r.summary };
    }
    case "openclip-csv": {
      const r = parseOpenClipCsv(file.text, { ...options.openclip, file: file.path });
      return { data: { format, studies: r.data }, summary: r.summary };
    }
    case "tidy-csv": {
      const r = parseTidyCsv(file.text, { ...options.tidy, file: file.path });
      return { data: { format, studies: [r.data] }, summary: r.summary };
    }
    case "datacomp": {
      const r = parseDataComp(files, options.datacomp);
      return { data: { format, studies: [r.data] }, summary: r.summary };
    }
  }
}

/**
 * {@link parseAuto} without throwing.
 *
 * @example
 * ```ts
 * safeParseAuto([{ path: "x.json", text: "{}" }]).success; // false (UNKNOWN_FORMAT)
 * ```
 */
export function safeParseAuto(files: readonly InputFile[], options: ParseAutoOptions = {}): SafeParseResult<ParsedInput> {
  return safely(() => parseAuto(files, options));
}
