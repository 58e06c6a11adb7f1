import type { IssueDraft } from "../DataError.js";
import { DataError } from "../DataError.js";
import { decodeText } from "../decodeText.js";
import { COUNT_FORMAT, scanCount, scanDecimal } from "../parseCount.js";
import { Checker } from "../internal/check.js";
import { checkSource } from "../internal/checkModel.js";
import { normalizeHeader } from "../internal/columns.js";
import { DelimitedTokenizer, firstLine, sniffDelimiter } from "../internal/DelimitedTokenizer.js";
import { parseJsonDocument, raiseLocated } from "../internal/jsonDocument.js";
import { joinJsonPath, locateJson } from "../locateJson.js";
import type { SourceInfo, StudyBucket, TextInput } from "../types.js";

/**
 * The `format` of a DataComp manifest, `"qqt.datacomp-manifest/v1"`: the value of {@link DataCompManifest.format}.
 *
 * @example
 * ```ts
 * const manifest: DataCompManifest = { format: MANIFEST_FORMAT, metric: "avg18" };
 * MANIFEST_FORMAT; // "qqt.datacomp-manifest/v1"
 * ```
 */
export const MANIFEST_FORMAT = "qqt.datacomp-manifest/v1" as const;

/**
 * File names recognised as a manifest at the root of a DataComp directory.
 *
 * @example
 * ```ts
 * MANIFEST_FILE_NAMES; // ["qqt-manifest.json", "qqt-manifest.csv"]
 * ```
 */
export const MANIFEST_FILE_NAMES: readonly string[] = Object.freeze(["qqt-manifest.json", "qqt-manifest.csv"]);

/**
 * One evaluation file mapped explicitly to its pool and budget.
 *
 * @example
 * ```ts
 * const entry: ManifestFile = { file: "runs/a/eval_results.jsonl", pool: ["top0-10", "top10-20"], samplesSeen: 51.2e6 };
 * ```
 */
export interface ManifestFile {
  /** Path relative to the manifest's directory, `/`-separated. */
  file: string;
  /** Ids of the buckets the run trained on (sampled uniformly). */
  pool: string[];
  /** Samples seen; or give `epochs` (× pool size). */
  samplesSeen?: number;
  /** Passes over the pool (> 0, may be fractional), used when `samplesSeen` is absent: samples seen = epochs × pool size. */
  epochs?: number;
  /** Labels copied to the observation's `tags`, e.g. `{ model: "ViT-B-32", seed: "1" }`. */
  tags?: Record<string, string>;
  /** Line of the entry in the manifest (set by the reader). */
  line?: number;
}

/**
 * A DataComp manifest (`qqt.datacomp-manifest/v1`): the buckets with their sizes (best-first), which bucket(s) a
 * run directory trained on, and optionally an explicit file → pool and samples-seen mapping.
 *
 * @remarks As JSON (`qqt-manifest.json`) or as CSV (`qqt-manifest.csv` with columns `file`, `bucket` or `pool`,
 * `samples_seen` or `epochs`, optional `pool_size`, `model`, `seed`). Files not listed are mapped by the official
 * layouts: `<bucket>/eval_results_epoch_<k>_step_-1.jsonl` and `<run>_<k>x/eval_results.jsonl`, where `pools`
 * resolves a `<bucket>` or `<run>` name that is not a bucket id.
 * @example
 * ```ts
 * const manifest: DataCompManifest = {
 *   format: "qqt.datacomp-manifest/v1",
 *   metric: "avg18",
 *   buckets: [{ id: "top0-10", size: 12800000 }, { id: "top10-20", size: 12800000 }],
 *   pools: { "top0-20": ["top0-10", "top10-20"] },
 * };
 * ```
 */
export interface DataCompManifest {
  /** Format and version tag: always `"qqt.datacomp-manifest/v1"`. */
  format: typeof MANIFEST_FORMAT;
  /** Name of the study read (overridden by `DataCompOptions.name`). */
  name?: string;
  /** Description of the study read (overridden by `DataCompOptions.description`). */
  description?: string;
  /** Where the runs come from (overridden by `DataCompOptions.source`); `synthetic: true` marks generated data. */
  source?: SourceInfo;
  /** Default metric (see `DataCompOptions.metric`). */
  metric?: string | string[];
  /** The buckets with their sizes, best quality first (this also fixes the study's bucket order). */
  buckets?: StudyBucket[];
  /** Bucket ids of each `<bucket>` or `<run>` folder name that is not a bucket id, e.g. `{ "top0-20": ["top0-10", "top10-20"] }`. */
  pools?: Record<string, string[]>;
  /** Explicit file → pool and samples-seen mappings; files not listed follow the official layouts. */
  files?: ManifestFile[];
}

/**
 * Reads a DataComp manifest, as JSON or CSV (recognised by its first character).
 *
 * @throws {@link DataError} with every problem, with lines.
 * @example
 * ```ts
 * parseDataCompManifest('{"format":"qqt.datacomp-manifest/v1","buckets":[{"id":"top0-10","size":12800000}]}').buckets;
 * // [{ id: "top0-10", size: 12800000 }]
 * parseDataCompManifest("file,bucket,pool_size,epochs\na/eval_results.jsonl,top0-10,12.8M,2\n", { file: "m.csv" }).files;
 * // [{ file: "a/eval_results.jsonl", pool: ["top0-10"], epochs: 2, line: 2 }]
 * ```
 */
export function parseDataCompManifest(input: TextInput, options: { file?: string } = {}): DataCompManifest {
  const file = options.file ?? "<manifest>";
  const text = decodeText(input, file);
  if (text.trimStart().startsWith("{")) return parseJsonManifest(text, file);
  return parseCsvManifest(text, file);
}

function parseJsonManifest(input: string, file: string): DataCompManifest {
  const { value, text } = parseJsonDocument(input, file);
  const drafts: IssueDraft[] = [];
  const c = new Checker(drafts);
  const r = c.object(value, "", ["format"], ["name", "description", "source", "metric", "buckets", "pools", "files"], 'a manifest { "format": "qqt.datacomp-manifest/v1", buckets?, pools?, files?, metric? }');
  const out: DataCompManifest = { format: MANIFEST_FORMAT };
  if (r !== undefined) {
    if (r.format !== MANIFEST_FORMAT) {
      c.add({ code: r.format === undefined ? "UNKNOWN_FORMAT" : "UNSUPPORTED_VERSION", field: "format", message: `format is ${JSON.stringify(r.format ?? null)}`, expected: `"${MANIFEST_FORMAT}"` });
    }
    const name = c.optionalString(r, "name", "");
    if (name !== undefined) out.name = name;
    const description = c.optionalString(r, "description", "");
    if (description !== undefined) out.description = description;
    if (r.source !== undefined) {
      const s = checkSource(r.source, "source", c);
      if (s !== undefined) out.source = s;
    }
    if (r.metric !== undefined) {
      if (typeof r.metric === "string" && r.metric.trim() !== "") out.metric = r.metric;
      else if (Array.isArray(r.metric) && r.metric.length > 0 && r.metric.every((t) => typeof t === "string" && t !== "")) out.metric = r.metric as string[];
      else c.add({ code: "INVALID_VALUE", field: "metric", message: "metric is not a task key, avg18, avg38, all, or a list of task keys", expected: 'e.g. "avg18" or ["imagenet1k", "cifar10"]' });
    }
    if (r.buckets !== undefined) {
      const list = c.array(r.buckets, "buckets", "an array of { id, size, label?, quality? }, best first", true);
      const buckets: StudyBucket[] = [];
      const seen = new Set<string>();
      list?.forEach((b, i) => {
        const p = `buckets[${i}]`;
        const br = c.object(b, p, ["id", "size"], ["label", "quality"], "{ id, size, label?, quality? }");
        if (br === undefined) return;
        const id = c.string(br.id, `${p}.id`);
        const size = c.number(br.size, `${p}.size`, { above: 0, expected: "a number of unique samples > 0" });
        if (id !== undefined && seen.has(id)) c.add({ code: "DUPLICATE_BUCKET", field: `${p}.id`, message: `bucket ${JSON.stringify(id)} is listed twice`, expected: "unique bucket ids" });
        if (id === undefined || size === undefined) return;
        seen.add(id);
        const bucket: StudyBucket = { id, size };
        const label = c.optionalString(br, "label", p);
        if (label !== undefined) bucket.label = label;
        if (br.quality !== undefined) {
          const q = c.object(br.quality, `${p}.quality`, ["score"], ["fromPercentile", "toPercentile"], "{ score, fromPercentile?, toPercentile? }");
          const score = q === undefined ? undefined : c.string(q.score, `${p}.quality.score`);
          if (q !== undefined && score !== undefined) {
            const pct = { min: 0, max: 100, expected: "a percentile in [0, 100]" };
            bucket.quality = { score };
            if (q.fromPercentile !== undefined) {
              const v = c.number(q.fromPercentile, `${p}.quality.fromPercentile`, pct);
              if (v !== undefined) bucket.quality.fromPercentile = v;
            }
            if (q.toPercentile !== undefined) {
              const v = c.number(q.toPercentile, `${p}.quality.toPercentile`, pct);
              if (v !== undefined) bucket.quality.toPercentile = v;
            }
          }
        }
        buckets.push(bucket);
      });
      out.buckets = buckets;
    }
    if (r.pools !== undefined) {
      const pr = c.object(r.pools, "pools", [], Object.keys((r.pools ?? {}) as object), 'an object { "<run name>": ["bucket", …] }');
      if (pr !== undefined) {
        const pools: Record<string, string[]> = {};
        for (const [name, ids] of Object.entries(pr)) {
          const p = joinJsonPath("pools", name);
          const list = c.array(ids, p, "a non-empty array of bucket ids", true);
          if (list !== undefined && list.every((x, k) => c.string(x, joinJsonPath(p, k)) !== undefined)) pools[name] = list as string[];
        }
        out.pools = pools;
      }
    }
    if (r.files !== undefined) {
      const located = locateJson(text);
      const list = c.array(r.files, "files", "an array of { file, pool, samplesSeen | epochs, tags? }", false);
      const files: ManifestFile[] = [];
      list?.forEach((f, i) => {
        const p = `files[${i}]`;
        const fr = c.object(f, p, ["file", "pool"], ["samplesSeen", "epochs", "tags"], "{ file, pool, samplesSeen | epochs, tags? }");
        if (fr === undefined) return;
        const path = c.string(fr.file, `${p}.file`);
        const poolList = c.array(fr.pool, `${p}.pool`, "a non-empty array of bucket ids", true);
        const pool = poolList?.every((x, k) => c.string(x, `${p}.pool[${k}]`) !== undefined) ? (poolList as string[]) : undefined;
        const samplesSeen = fr.samplesSeen === undefined ? undefined : c.number(fr.samplesSeen, `${p}.samplesSeen`, { above: 0, expected: "a number of samples seen > 0" });
        const epochs = fr.epochs === undefined ? undefined : c.number(fr.epochs, `${p}.epochs`, { above: 0, expected: "a number of passes > 0" });
        if (fr.samplesSeen === undefined && fr.epochs === undefined) {
          c.add({ code: "MISSING_FIELD", field: `${p}.samplesSeen`, message: `${p} has neither samplesSeen nor epochs`, expected: "samplesSeen (or epochs, with bucket sizes)" });
        }
        const tags = fr.tags === undefined ? undefined : c.stringRecord(fr.tags, `${p}.tags`);
        if (path === undefined || pool === undefined) return;
        const entry: ManifestFile = { file: normalizePath(path), pool };
        if (samplesSeen !== undefined) entry.samplesSeen = samplesSeen;
        if (epochs !== undefined) entry.epochs = epochs;
        if (tags !== undefined) entry.tags = tags;
        const pos = located.ok ? located.positions.get(p) : undefined;
        if (pos !== undefined) entry.line = pos.line;
        files.push(entry);
      });
      out.files = files;
    }
  }
  if (drafts.length > 0) raiseLocated(text, drafts, file);
  return out;
}

function parseCsvManifest(text: string, file: string): DataCompManifest {
  if (text.trim() === "") throw new DataError([{ code: "EMPTY_INPUT", file, message: "the manifest is empty", expected: "a header file,bucket|pool,samples_seen|epochs[,pool_size] and one row per file" }]);
  const issues: IssueDraft[] = [];
  const sniffed = sniffDelimiter(firstLine(text), file);
  const delimiter = typeof sniffed === "string" ? sniffed : ",";
  let header: string[] | undefined;
  const files: ManifestFile[] = [];
  const sizes = new Map<string, number>();
  const order: string[] = [];
  const tokenizer = new DelimitedTokenizer(
    delimiter,
    (r) => {
      if (r.fields.length === 1 && r.fields[0]!.trim() === "") return;
      if (header === undefined) {
        header = r.fields.map(normalizeHeader);
        for (const need of [["file"], ["bucket", "pool"], ["samples_seen", "epochs"]]) {
          if (!need.some((n) => header!.includes(n))) {
            issues.push({ code: "MISSING_COLUMN", line: r.line, field: need[0], message: `manifest column ${need.map((n) => `\`${n}\``).join(" or ")} is missing`, expected: "columns file, bucket|pool, samples_seen|epochs, pool_size (optional)" });
          }
        }
        return;
      }
      const get = (name: string) => {
        const i = header!.indexOf(name);
        return i < 0 ? undefined : (r.fields[i] ?? "").trim();
      };
      const col = (name: string) => r.columns[header!.indexOf(name)];
      const path = get("file");
      const poolText = get("bucket") ?? get("pool") ?? "";
      const pool = poolText.split("+").map((s) => s.trim());
      if (path === undefined || path === "" || pool.some((p) => p === "")) {
        issues.push({ code: "MISSING_VALUE", line: r.line, field: path ? "pool" : "file", message: "the row has no file or no bucket", expected: "a file path and a bucket id (or pool)" });
        return;
      }
      const entry: ManifestFile = { file: normalizePath(path), pool, line: r.line };
      const samples = get("samples_seen");
      if (samples !== undefined && samples !== "") {
        const s = scanCount(samples);
        if (!s.ok || s.value <= 0) issues.push({ code: s.ok ? "OUT_OF_RANGE" : s.code, line: r.line, column: col("samples_seen"), field: "samples_seen", message: `samples_seen ${JSON.stringify(samples)} is not a count > 0`, expected: COUNT_FORMAT });
        else entry.samplesSeen = s.value;
      }
      const epochs = get("epochs");
      if (epochs !== undefined && epochs !== "") {
        const s = scanDecimal(epochs);
        if (!s.ok || s.value <= 0) issues.push({ code: s.ok ? "OUT_OF_RANGE" : s.code, line: r.line, column: col("epochs"), field: "epochs", message: `epochs ${JSON.stringify(epochs)} is not a number > 0`, expected: "a number of passes > 0" });
        else entry.epochs = s.value;
      }
      if (entry.samplesSeen === undefined && entry.epochs === undefined && !issues.some((i) => i.line === r.line)) {
        issues.push({ code: "MISSING_VALUE", line: r.line, field: "samples_seen", message: "the row has neither samples_seen nor epochs", expected: "samples_seen or epochs" });
      }
      const size = get("pool_size");
      if (size !== undefined && size !== "") {
        const s = scanCount(size);
        if (!s.ok || s.value <= 0) issues.push({ code: s.ok ? "OUT_OF_RANGE" : s.code, line: r.line, column: col("pool_size"), field: "pool_size", message: `pool_size ${JSON.stringify(size)} is not a count > 0`, expected: COUNT_FORMAT });
        else if (pool.length === 1) {
          const known = sizes.get(pool[0]!);
          if (known !== undefined && known !== s.value) issues.push({ code: "INCONSISTENT_BUCKET_SIZE", line: r.line, column: col("pool_size"), field: "pool_size", message: `bucket ${JSON.stringify(pool[0])} has pool_size ${s.value} here and ${known} before`, expected: "one size per bucket" });
          sizes.set(pool[0]!, s.value);
        }
      }
      for (const id of pool) if (!order.includes(id)) order.push(id);
      const tags: Record<string, string> = {};
      for (const t of ["model", "seed"]) {
        const v = get(t);
        if (v !== undefined && v !== "") tags[t] = v;
      }
      if (Object.keys(tags).length > 0) entry.tags = tags;
      files.push(entry);
    },
    (i) => issues.push(i),
  );
  tokenizer.push(text);
  tokenizer.end();
  if (issues.length > 0) raiseLocated(undefined, issues, file);
  const manifest: DataCompManifest = { format: MANIFEST_FORMAT, files };
  const buckets = order.filter((id) => sizes.has(id)).map((id) => ({ id, size: sizes.get(id)! }));
  if (buckets.length > 0) manifest.buckets = buckets;
  return manifest;
}

/** `./a\\b/c` → `a/b/c`. @internal */
export function normalizePath(path: string): string {
  return path.replaceAll("\\", "/").replace(/^(\.\/)+/, "").replace(/\/{2,}/g, "/");
}
