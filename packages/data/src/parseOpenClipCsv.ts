import { decodeText } from "./decodeText.js";
import { safely } from "./internal/safely.js";
import { OpenClipReader } from "./openclip/OpenClipReader.js";
import type { OpenClipOptions } from "./openclip/OpenClipReader.js";
import type { ParseResult, SafeParseResult, Study, TextInput } from "./types.js";

/**
 * Reads the OpenCLIP scaling-law results (`zeroshot_results.csv` of LAION-AI/scaling-laws-openclip) into one study
 * per architecture, with LAION-80M, LAION-400M and LAION-2B-en as buckets and each run as an observation.
 *
 * @remarks error = 1 − `acc1` of the chosen `downstream_dataset` (default `imagenet1k`). Rows of other tasks, of
 * OpenAI's CLIP-WIT models and of unselected architectures are skipped and counted. Each observation is tagged with
 * `arch`, `model` (the checkpoint name) and `samples` (3B/13B/34B) and has its `origin` line.
 * @throws {@link DataError} for missing columns, bad numbers, duplicates, or an unknown task.
 * @example
 * ```ts
 * const { data } = parseOpenClipCsv(csvText, { file: "zeroshot_results.csv", architectures: ["ViT-B-32"] });
 * data[0].observations.length; // 9 (3 datasets × 3 budgets)
 * data[0].observations[0]; // { pool: ["LAION-80M"], samplesSeen: 2560013280, error: 0.48062, metric: "imagenet1k", tags: {…}, origin: {…} }
 * ```
 */
export function parseOpenClipCsv(input: TextInput, options: OpenClipOptions = {}): ParseResult<Study[]> {
  const reader = new OpenClipReader(options);
  reader.push(decodeText(input, options.file ?? "<input>"));
  return reader.end();
}

/**
 * {@link parseOpenClipCsv} without throwing.
 *
 * @example
 * ```ts
 * safeParseOpenClipCsv("arch,samples_seen\n").success; // false (MISSING_COLUMN upstream_dataset, …)
 * ```
 */
export function safeParseOpenClipCsv(input: TextInput, options: OpenClipOptions = {}): SafeParseResult<Study[]> {
  return safely(() => parseOpenClipCsv(input, options));
}
