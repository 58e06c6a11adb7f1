import { decodeText } from "./decodeText.js";
import { DataError } from "./DataError.js";
import { DataCompReader } from "./datacomp/DataCompReader.js";
import type { DataCompOptions } from "./datacomp/DataCompReader.js";
import { MANIFEST_FILE_NAMES, normalizePath, parseDataCompManifest } from "./datacomp/manifest.js";
import { naturalCompare } from "./internal/LineSplitter.js";
import { safely } from "./internal/safely.js";
import type { InputFile, ParseResult, SafeParseResult, Study } from "./types.js";

/**
 * Reads DataComp evaluation output given as in-memory files (e.g. a folder picked in the browser) into a study.
 *
 * @remarks Layouts of the official code: `<bucket>/eval_results_epoch_<k>_step_-1.jsonl` (samples seen = k × bucket
 * size) and `<run>_<k>x/eval_results.jsonl` (k × pool size; `<run>` is a bucket id, ids joined by `+`, or a name
 * mapped by the manifest's `pools`), plus explicit entries of a `qqt-manifest.json` / `.csv` at the root. Each JSONL
 * line is `{"key", "dataset", "metrics": {"main_metric", …}}`; error = 1 − the chosen score (see {@link DataCompMetric}).
 * Tasks the metric does not use are counted in `summary.skipped`; other files (README, checkpoints) too. A common
 * leading folder (as in `webkitRelativePath`) is ignored. Lines with Python's `NaN` are read with a warning.
 * @throws {@link DataError}: `MISSING_TASK` (naming the task and file), `MISSING_BUCKET_SIZE`, `UNMAPPED_FILE`,
 * `INVALID_JSON` (file and line), `DUPLICATE_TASK`, `DUPLICATE_OBSERVATION`, …
 * @example
 * ```ts
 * const line = (key: string, v: number) => JSON.stringify({ key, dataset: key, metrics: { main_metric: v } }) + "\n";
 * const { data } = parseDataComp(
 *   [{ path: "top0-10/eval_results_epoch_2_step_-1.jsonl", text: line("imagenet1k", 0.16) + line("mnist", 0.5) }],
 *   { bucketSize: "12.8M" },
 * );
 * data.observations; // [{ pool: ["top0-10"], samplesSeen: 25600000, error: 0.84,
 * //   origin: { file: "top0-10/eval_results_epoch_2_step_-1.jsonl", line: 1 } }]
 * ```
 */
export function parseDataComp(files: readonly InputFile[], options: DataCompOptions = {}): ParseResult<Study> {
  if (!Array.isArray(files) || files.length === 0) {
    throw new DataError([{ code: "EMPTY_INPUT", file: options.root ?? "<files>", message: "no files were given", expected: "the files of a DataComp evaluation directory" }]);
  }
  const paths = files.map((f) => normalizePath(f.path));
  const manifests = paths
    .filter((p) => MANIFEST_FILE_NAMES.includes(p.slice(p.lastIndexOf("/") + 1)))
    .sort((a, b) => a.split("/").length - b.split("/").length);
  const prefix = options.manifest === undefined && manifests.length > 0 ? manifests[0]!.slice(0, manifests[0]!.lastIndexOf("/") + 1) : commonFolder(paths);
  const relative = (path: string) => {
    const p = normalizePath(path);
    return p.startsWith(prefix) ? p.slice(prefix.length) : p;
  };
  const sorted = [...files].sort((a, b) => naturalCompare(relative(a.path), relative(b.path)));
  let manifest = options.manifest;
  let manifestPath = options.manifestFile;
  if (manifest === undefined) {
    const found = sorted.find((f) => MANIFEST_FILE_NAMES.includes(relative(f.path)));
    if (found !== undefined) {
      manifestPath = normalizePath(found.path);
      manifest = parseDataCompManifest(found.text, { file: manifestPath });
    }
  }
  const reader = new DataCompReader({ ...options, ...(prefix !== "" ? { root: joinRoot(options.root, prefix) } : {}) }, manifest, manifestPath === undefined ? undefined : manifestPath.slice(prefix.length));
  for (const f of sorted) {
    const sink = reader.open(relative(f.path));
    if (sink === undefined) continue;
    sink.push(decodeText(f.text, normalizePath(f.path)));
    sink.end();
  }
  return reader.finish();
}

/**
 * {@link parseDataComp} without throwing.
 *
 * @example
 * ```ts
 * const r = safeParseDataComp([{ path: "a/eval_results_epoch_2_step_-1.jsonl", text: "{}\n" }]);
 * r.success; // false (MISSING_BUCKET_SIZE: no size for bucket "a")
 * ```
 */
export function safeParseDataComp(files: readonly InputFile[], options: DataCompOptions = {}): SafeParseResult<Study> {
  return safely(() => parseDataComp(files, options));
}

/** The folder every path starts with (`evals/` for `evals/a/x.jsonl` and `evals/b/y.jsonl`), or "". */
function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  const first = paths[0]!.split("/");
  let n = first.length - 1;
  for (const p of paths) {
    const parts = p.split("/");
    let k = 0;
    while (k < n && k < parts.length - 2 && parts[k] === first[k]) k++;
    n = k;
  }
  // Keep each file's parent folder: it names the bucket or run.
  return n === 0 ? "" : `${first.slice(0, n).join("/")}/`;
}

function joinRoot(root: string | undefined, prefix: string): string {
  const p = prefix.replace(/\/$/, "");
  return root === undefined || root === "" ? p : `${root.replace(/[\\/]+$/, "")}/${p}`;
}
