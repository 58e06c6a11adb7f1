import { IssueCollector } from "../DataError.js";
import { verifyStudy } from "../internal/verifyStudy.js";
import { closest, closestKey, listKeys } from "../internal/check.js";
import { observationKey, poolLabel } from "../internal/keys.js";
import { LineSplitter, naturalCompare } from "../internal/LineSplitter.js";
import { locateJson } from "../locateJson.js";
import { SummaryBuilder } from "../internal/SummaryBuilder.js";
import { complement, scanCount } from "../parseCount.js";
import type { ParseResult, SourceInfo, Study, StudyBucket, StudyMetric, StudyObservation } from "../types.js";
import type { DataCompManifest, ManifestFile } from "./manifest.js";
import { MANIFEST_FILE_NAMES, normalizePath } from "./manifest.js";
import { AVG18_TASKS, DATACOMP_38_TASKS, DATACOMP_TASK_ALIASES } from "./tasks.js";

/**
 * Which DataComp score becomes the observation's error (error = 1 − score).
 *
 * @remarks A task key (`"imagenet1k"`, `"vtab/cifar100"`, …): its `main_metric`. `"avg18"`: the mean `main_metric`
 * of {@link AVG18_TASKS} (the official QQT code's "18tasks"). `"avg38"`: the mean over {@link DATACOMP_38_TASKS}.
 * `"all"`: the mean over every task with a non-null `main_metric`, which must be the same set in every file.
 * A list of keys: their mean. A required task missing from a file is an error naming the task and the file; a task
 * missing from every file is one error (`UNKNOWN_METRIC` for a key the caller named, `MISSING_TASK` for a task of
 * avg18/avg38) that lists the task keys the files have and suggests the likely one.
 * @example
 * ```ts
 * const metric: DataCompMetric = ["imagenet1k", "imagenetv2", "imagenet_sketch"];
 * ```
 */
export type DataCompMetric = string | readonly string[];

/**
 * Options of {@link parseDataComp} and `readDataCompDirectory`.
 *
 * @example
 * ```ts
 * const options: DataCompOptions = { metric: "avg18", bucketSize: "12.8M" };
 * ```
 */
export interface DataCompOptions {
  /** Default: the manifest's `metric`, else `"imagenet1k"` (the official code's default). */
  metric?: DataCompMetric;
  /** Sizes of buckets not declared in a manifest (counts or strings such as `"12.8M"`). */
  bucketSizes?: Record<string, number | string>;
  /** One size for every bucket not otherwise sized (the official code's `samples_per_epoch`, e.g. `"12.8M"`). */
  bucketSize?: number | string;
  /** Best-first order of buckets not declared in a manifest (default: path order). */
  bucketOrder?: string[];
  /** A manifest given separately (otherwise `qqt-manifest.json` / `.csv` at the root of the files is used). */
  manifest?: DataCompManifest;
  /** Names the manifest in errors when given as an object. */
  manifestFile?: string;
  /** Prefix for file names in errors and origins (the Node reader passes the directory). */
  root?: string;
  /** Study name (default: the manifest's `name`, else `"DataComp evaluations"`). */
  name?: string;
  /** Study description (default: the manifest's `description`). */
  description?: string;
  /** Where the runs come from (default: the manifest's `source`). */
  source?: SourceInfo;
}

const EPOCH_FILE = /^eval_results_epoch_(\d+)_step_-1\.jsonl$/;
const RUN_DIR = /^(.+)_(\d+(?:\.\d+)?)x$/;
const NON_JSON_NUMBER = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g;

interface Mapping {
  pool: string[];
  samplesSeen: number;
  tags?: Record<string, string>;
}

interface FileResult {
  path: string;
  mapping: Mapping;
  /** While reading; dropped at the end of the file (only the mean and the task set are kept). */
  scores: Map<string, { value: number; line: number }>;
  nullTasks: Map<string, number>;
  /** Tasks whose line was refused (reported there): not "missing" as well. */
  refused: Set<string>;
  firstLine: number;
  /** Mean score, set at the end of the file. */
  score: number;
  /** Line for the origin, set at the end of the file. */
  originLine: number;
  /** Index of the file's task set in `taskSets` (metric all). */
  taskSet: number;
}

/** Where a line goes: its handler and end. @internal */
export interface DataCompFileSink {
  push(chunk: string): void;
  end(): void;
}

/** Incremental DataComp reader: `open(path)` per file, push its text, then `finish()`. @internal */
export class DataCompReader {
  private readonly issues: IssueCollector;
  private readonly summary = new SummaryBuilder("datacomp");
  private readonly buckets = new Map<string, StudyBucket>();
  private readonly autoBuckets: string[] = [];
  private readonly manifestFiles = new Map<string, ManifestFile>();
  private readonly usedManifestFiles = new Set<string>();
  private readonly reportedBuckets = new Set<string>();
  private readonly results: FileResult[] = [];
  private readonly metricName: string;
  private readonly tasks: readonly string[] | "all";
  private readonly taskSet: ReadonlySet<string>;
  /** Other keys of the tasks of a named metric (avg18, avg38), to the key the metric's list uses. */
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly defaultSize: number | undefined;
  private readonly sizes = new Map<string, number>();
  private nonJsonLines = 0;
  private readonly taskSetIds = new Map<string, number>();
  private readonly taskSets: Array<Set<string>> = [];
  private firstNonJson: { file: string; line: number } | undefined;
  /** Whether the metric names task keys (a key or a list given by the caller or the manifest, not avg18/avg38/all). */
  private readonly explicitKeys: boolean;
  /** Task keys of the files (as written and as the metric's list names them), for "did you mean" and listings. */
  private readonly keysSeen = new Set<string>();
  /** Files that lack tasks of the metric, reported once every file is read (a task no file has is reported once). */
  private readonly missingTasks: Array<{ file: string; missing: string[]; isNull: boolean }> = [];

  constructor(
    private readonly options: DataCompOptions,
    private readonly manifest: DataCompManifest | undefined,
    private readonly manifestPath: string | undefined,
  ) {
    this.issues = new IssueCollector(this.display(manifestPath ?? ""));
    const metric = options.metric ?? manifest?.metric ?? "imagenet1k";
    if (metric === "avg18") this.tasks = AVG18_TASKS;
    else if (metric === "avg38") this.tasks = DATACOMP_38_TASKS;
    else if (metric === "all") this.tasks = "all";
    else if (typeof metric === "string") this.tasks = [metric];
    else this.tasks = [...new Set(metric)];
    if (this.tasks !== "all" && this.tasks.length === 0) {
      this.issues.add({ code: "UNKNOWN_METRIC", field: "metric", message: "the metric is an empty list of tasks", expected: 'a task key, "avg18", "avg38", "all", or a non-empty list of task keys' });
    }
    this.metricName = typeof metric === "string" ? metric : `mean(${this.tasks === "all" ? "all" : this.tasks.join(", ")})`;
    this.taskSet = new Set(this.tasks === "all" ? [] : this.tasks);
    const named = metric === "avg18" || metric === "avg38";
    this.explicitKeys = (options.metric ?? manifest?.metric) !== undefined && !named && metric !== "all";
    this.aliases = new Map(named ? Object.entries(DATACOMP_TASK_ALIASES).filter(([, key]) => this.taskSet.has(key)) : []);
    for (const b of manifest?.buckets ?? []) this.buckets.set(b.id, b);
    for (const [id, raw] of Object.entries(options.bucketSizes ?? {})) {
      const size = this.count(raw, `bucketSizes.${id}`);
      if (size !== undefined) {
        const declared = this.buckets.get(id);
        if (declared !== undefined && declared.size !== size) {
          this.issues.add({ file: this.display(manifestPath ?? "<options>"), code: "INCONSISTENT_BUCKET_SIZE", field: `bucketSizes.${id}`, message: `bucket ${JSON.stringify(id)} has size ${declared.size} in the manifest but ${size} in bucketSizes`, expected: "one size per bucket" });
        }
        this.sizes.set(id, size);
      }
    }
    this.defaultSize = options.bucketSize === undefined ? undefined : this.count(options.bucketSize, "bucketSize");
    for (const f of manifest?.files ?? []) this.manifestFiles.set(f.file, f);
  }

  private count(raw: number | string, field: string): number | undefined {
    const s = typeof raw === "number" ? { ok: Number.isFinite(raw) && raw > 0, value: raw } : scanCount(raw);
    if (!s.ok || !("value" in s) || s.value <= 0) {
      this.issues.add({ file: "<options>", code: "OUT_OF_RANGE", field, message: `${field} is ${JSON.stringify(raw)}`, expected: "a number of unique samples > 0, e.g. 12800000 or \"12.8M\"" });
      return undefined;
    }
    return s.value;
  }

  /** The name shown for a path. */
  private display(path: string): string {
    const root = this.options.root;
    return root === undefined || root === "" ? path : `${root.replace(/[\\/]+$/, "")}/${path}`;
  }

  /** The bucket (with its size) for an id, creating it from the options; undefined after reporting why not. */
  private bucket(id: string, where: { file: string; line?: number }): StudyBucket | undefined {
    const known = this.buckets.get(id);
    if (known !== undefined) return known;
    const size = this.sizes.get(id) ?? this.defaultSize;
    if (size !== undefined && (this.manifest?.buckets === undefined || this.sizes.has(id))) {
      const bucket = { id, size };
      this.buckets.set(id, bucket);
      this.autoBuckets.push(id);
      return bucket;
    }
    if (!this.reportedBuckets.has(id)) {
      this.reportedBuckets.add(id);
      if (this.manifest?.buckets !== undefined) {
        const guess = closest(id, this.buckets.keys());
        this.issues.add({
          file: where.file,
          ...(where.line !== undefined ? { line: where.line } : {}),
          code: "UNKNOWN_BUCKET",
          message: `bucket ${JSON.stringify(id)} is not declared in the manifest`,
          expected: `one of ${[...this.buckets.keys()].join(", ")}`,
          suggestion: guess !== undefined ? `did you mean ${JSON.stringify(guess)}? Or map the directory with "pools"` : `add it to the manifest's buckets, or map the directory to bucket ids with "pools"`,
        });
      } else {
        this.issues.add({
          file: where.file,
          ...(where.line !== undefined ? { line: where.line } : {}),
          code: "MISSING_BUCKET_SIZE",
          message: `bucket ${JSON.stringify(id)} has no size, so its epochs cannot be turned into samples seen`,
          expected: "the number of unique samples of every bucket",
          suggestion: `add a qqt-manifest.json with "buckets", or pass bucketSizes / bucketSize (e.g. "12.8M")`,
        });
      }
    }
    return undefined;
  }

  private resolvePool(name: string, where: { file: string; line?: number }): StudyBucket[] | undefined {
    const ids = this.manifest?.pools?.[name] ?? (name.includes("+") ? name.split("+") : [name]);
    const out: StudyBucket[] = [];
    for (const id of ids) {
      const b = this.bucket(id, where);
      if (b === undefined) return undefined;
      out.push(b);
    }
    return out;
  }

  /** How a path is read: a mapping, `skip` (counted), or undefined after an issue. */
  private classify(path: string): Mapping | "skip" | "manifest" | undefined {
    const parts = path.split("/");
    const base = parts[parts.length - 1]!;
    const parent = parts.length >= 2 ? parts[parts.length - 2]! : undefined;
    if (parts.length === 1 && MANIFEST_FILE_NAMES.includes(base)) return "manifest";
    if (parts.some((p) => p.startsWith("."))) return "skip";
    const display = this.display(path);
    const explicit = this.manifestFiles.get(path);
    if (explicit !== undefined) {
      this.usedManifestFiles.add(path);
      const where = { file: this.display(this.manifestPath ?? "<manifest>"), ...(explicit.line !== undefined ? { line: explicit.line } : {}) };
      const buckets: StudyBucket[] = [];
      for (const id of explicit.pool) {
        const b = this.bucket(id, where);
        if (b === undefined) return undefined;
        buckets.push(b);
      }
      const size = buckets.reduce((s, b) => s + b.size, 0);
      const mapping: Mapping = { pool: explicit.pool, samplesSeen: explicit.samplesSeen ?? explicit.epochs! * size };
      if (explicit.tags !== undefined) mapping.tags = explicit.tags;
      return mapping;
    }
    const epoch = EPOCH_FILE.exec(base);
    if (epoch !== null && parent !== undefined) {
      const buckets = this.resolvePool(parent, { file: display });
      if (buckets === undefined) return undefined;
      return { pool: buckets.map((b) => b.id), samplesSeen: Number(epoch[1]) * buckets.reduce((s, b) => s + b.size, 0) };
    }
    const run = parent === undefined ? null : RUN_DIR.exec(parent);
    if (base === "eval_results.jsonl" && run !== null) {
      const buckets = this.resolvePool(run[1]!, { file: display });
      if (buckets === undefined) return undefined;
      return { pool: buckets.map((b) => b.id), samplesSeen: Number(run[2]) * buckets.reduce((s, b) => s + b.size, 0) };
    }
    if (base.toLowerCase().endsWith(".jsonl")) {
      this.issues.add({
        file: display,
        code: "UNMAPPED_FILE",
        message: "this evaluation file matches no known layout, so its pool and samples seen are unknown",
        expected: "<bucket>/eval_results_epoch_<k>_step_-1.jsonl, <run>_<k>x/eval_results.jsonl, or an entry in qqt-manifest.json \"files\"",
        suggestion: "list it in the manifest with its pool and samplesSeen, or move it out of the directory",
      });
      return undefined;
    }
    return "skip";
  }

  /** Starts reading a file; returns where to push its text, or undefined when it is skipped or unusable. */
  open(path: string): DataCompFileSink | undefined {
    const rel = normalizePath(path);
    const kind = this.classify(rel);
    if (kind === "manifest" || kind === undefined) return undefined;
    if (kind === "skip") {
      const dot = rel.lastIndexOf(".");
      const ext = dot > rel.lastIndexOf("/") ? rel.slice(dot).toLowerCase() : "(no extension)";
      this.summary.skipFile("NOT_AN_EVAL_FILE", ext, this.display(rel));
      return undefined;
    }
    const display = this.display(rel);
    this.summary.files.push(display);
    const result: FileResult = { path: display, mapping: kind, scores: new Map(), nullTasks: new Map(), refused: new Set(), firstLine: 0, score: NaN, originLine: 1, taskSet: -1 };
    const splitter = new LineSplitter((text, line) => this.line(result, text, line));
    return {
      push: (chunk) => splitter.push(line0(chunk, result)),
      end: () => {
        splitter.end();
        this.endFile(result);
      },
    };
  }

  private line(result: FileResult, text: string, line: number): void {
    this.summary.rowsRead++;
    const file = result.path;
    if (text.trim() === "") return void this.summary.skip("BLANK_LINE", "blank line", file, line);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const repaired = text.replace(NON_JSON_NUMBER, "$1null");
      try {
        value = JSON.parse(repaired);
        this.nonJsonLines++;
        this.firstNonJson ??= { file, line };
      } catch {
        const located = locateJson(text);
        this.issues.add({
          file,
          line,
          ...(located.ok ? {} : { column: located.position.column }),
          code: "INVALID_JSON",
          message: `invalid JSON${located.ok ? "" : `: ${located.message}`}`,
          expected: 'one JSON object per line: {"key": "imagenet1k", "dataset": "ImageNet 1k", "metrics": {"main_metric": 0.31, …}}',
        });
        return;
      }
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.issues.add({ file, line, code: "INVALID_TYPE", message: "the line is not a JSON object", expected: '{"key", "dataset", "metrics": {"main_metric", …}}' });
      return;
    }
    const record = value as { key?: unknown; metrics?: unknown };
    if (typeof record.key !== "string" || record.key === "") {
      this.issues.add({ file, line, field: "key", code: record.key === undefined ? "MISSING_FIELD" : "INVALID_TYPE", message: "the line has no task \"key\"", expected: 'a task key such as "imagenet1k"' });
      return;
    }
    const key = this.aliases.get(record.key) ?? record.key;
    if (this.keysSeen.size < MAX_KEYS_SEEN) this.keysSeen.add(record.key).add(key);
    const used = this.tasks === "all" || this.taskSet.has(key);
    if (!used) return void this.summary.skip("TASK_NOT_IN_METRIC", key, file, line);
    const metrics = record.metrics;
    const main = metrics !== null && typeof metrics === "object" ? (metrics as { main_metric?: unknown }).main_metric : undefined;
    if (main === null && this.tasks === "all") {
      result.nullTasks.set(key, line);
      return void this.summary.skip("TASK_WITHOUT_SCORE", key, file, line);
    }
    if (typeof main !== "number") {
      this.issues.add({
        file,
        line,
        field: "metrics.main_metric",
        code: metrics === undefined || main === undefined ? "MISSING_FIELD" : "INVALID_NUMBER",
        message: `task ${JSON.stringify(key)} has ${metrics === undefined ? "no metrics" : main === undefined ? "no main_metric" : `main_metric ${JSON.stringify(main)}`}`,
        expected: "metrics.main_metric: a score in [0, 1]",
      });
      result.refused.add(key);
      return;
    }
    if (main < 0 || main > 1) {
      this.issues.add({ file, line, field: "metrics.main_metric", code: main < 0 ? "NEGATIVE_NUMBER" : "OUT_OF_RANGE", message: `task ${JSON.stringify(key)} has main_metric ${main}`, expected: "an accuracy-like score in [0, 1]" });
      result.refused.add(key);
      return;
    }
    const previous = result.scores.get(key);
    if (previous !== undefined) {
      const alias = key !== record.key ? ` as ${JSON.stringify(record.key)}` : "";
      this.issues.add({ file, line, field: "key", code: "DUPLICATE_TASK", message: `task ${JSON.stringify(key)} appears again${alias} (first on line ${previous.line})`, expected: "one line per task", suggestion: "remove the repeated evaluation" });
      return;
    }
    this.summary.rowsUsed++;
    if (result.firstLine === 0) result.firstLine = line;
    result.scores.set(key, { value: main, line });
  }

  private endFile(result: FileResult): void {
    if (this.tasks === "all" && result.scores.size === 0) {
      this.issues.add({
        file: result.path,
        field: "key",
        code: "MISSING_TASK",
        message: "the file has no task with a main_metric",
        expected: 'one JSON line per task: {"key": "imagenet1k", "metrics": {"main_metric": 0.31}}',
      });
    }
    if (this.tasks !== "all") {
      const missing = this.tasks.filter((t) => !result.scores.has(t) && !result.refused.has(t));
      if (missing.length > 0) this.missingTasks.push({ file: result.path, missing, isNull: missing.some((t) => result.nullTasks.has(t)) });
    }
    let sum = 0;
    for (const v of result.scores.values()) sum += v.value;
    result.score = sum / result.scores.size;
    result.originLine = this.tasks !== "all" && this.tasks.length === 1 ? (result.scores.get(this.tasks[0]!)?.line ?? 1) : Math.max(1, result.firstLine);
    if (this.tasks === "all") {
      const key = [...result.scores.keys()].sort().join("\n");
      let id = this.taskSetIds.get(key);
      if (id === undefined) {
        this.taskSetIds.set(key, (id = this.taskSets.length));
        this.taskSets.push(new Set(result.scores.keys()));
      }
      result.taskSet = id;
    }
    result.scores = EMPTY_SCORES;
    result.nullTasks = EMPTY_NULLS;
    result.refused = EMPTY_REFUSED;
    this.results.push(result);
  }

  /**
   * Reports the tasks of the metric that files lack. A task that no file has (not even with an unusable score) is one
   * issue listing the keys the files do have, with the likely key: a mistyped metric, not 32 files to re-evaluate.
   */
  private reportMissingTasks(): void {
    if (this.tasks === "all" || this.missingTasks.length === 0) return;
    const files = this.results.length;
    const count = new Map<string, number>();
    for (const m of this.missingTasks) for (const t of m.missing) count.set(t, (count.get(t) ?? 0) + 1);
    const nowhere = this.tasks.filter((t) => count.get(t) === files && !this.keysSeen.has(t));
    const once = nowhere.length > 0 && (this.explicitKeys || files > 1);
    if (once) {
      const root = this.options.root;
      const file = files === 1 ? this.results[0]!.path : root !== undefined && root !== "" ? root.replace(/[\\/]+$/, "") : "<files>";
      const quoted = nowhere.map((t) => JSON.stringify(t)).join(", ");
      const guesses = nowhere.flatMap((t) => {
        // A key newer DataComp outputs use for the task (retrieval/flickr30k), else the nearest key.
        const alias = Object.keys(DATACOMP_TASK_ALIASES).find((a) => DATACOMP_TASK_ALIASES[a] === t && this.keysSeen.has(a));
        const g = alias ?? closestKey(t, this.keysSeen);
        return g === undefined ? [] : [{ t, g }];
      });
      const guess =
        guesses.length === 0
          ? undefined
          : guesses.length === 1 && nowhere.length === 1
            ? `did you mean ${JSON.stringify(guesses[0]!.g)}?`
            : `did you mean ${guesses.map(({ t, g }) => `${JSON.stringify(g)} for ${JSON.stringify(t)}`).join(", ")}?`;
      if (this.explicitKeys) {
        const example = this.keysSeen.has("imagenet1k") ? "imagenet1k" : [...this.keysSeen].sort()[0];
        this.issues.add({
          file,
          field: "metric",
          code: "UNKNOWN_METRIC",
          message: `no evaluation file has task${nowhere.length > 1 ? "s" : ""} ${quoted}${this.tasks.length > 1 ? ` (of ${this.tasks.length <= 4 ? this.metricName : `the ${this.tasks.length} tasks of the metric`})` : ""}`,
          expected: `a task key of the files: ${listKeys(this.keysSeen)}`,
          ...(guess !== undefined
            ? { suggestion: guess }
            : example !== undefined
              ? { suggestion: `pass metric: ${JSON.stringify(example)} (or another key of the files, "avg18", "avg38" or "all")` }
              : {}),
        });
      } else {
        this.issues.add({
          file,
          field: "key",
          code: "MISSING_TASK",
          message:
            nowhere.length === 1
              ? `task ${quoted} of ${this.metricName} is missing from all ${files} files`
              : `${nowhere.length} tasks of ${this.metricName} are missing from all ${files} files: ${quoted}`,
          expected: `a line for every task of ${this.metricName}; the files have ${listKeys(this.keysSeen)}`,
          suggestion: guess ?? "evaluate the missing task(s), or choose a metric the files cover",
        });
      }
    }
    const skip = new Set(once ? nowhere : []);
    for (const { file, missing: all, isNull } of this.missingTasks) {
      const missing = all.filter((t) => !skip.has(t));
      if (missing.length === 0) continue;
      this.issues.add({
        file,
        field: "key",
        code: "MISSING_TASK",
        message:
          missing.length === 1
            ? `task ${JSON.stringify(missing[0])} is missing${this.tasks.length > 1 ? ` (one of the ${this.tasks.length} tasks of ${this.metricName})` : ""}`
            : `${missing.length} tasks of ${this.metricName} are missing: ${missing.slice(0, 6).map((t) => JSON.stringify(t)).join(", ")}${missing.length > 6 ? ", …" : ""}`,
        expected: `a line for every task of ${this.metricName}`,
        suggestion: isNull ? "" : "evaluate the missing task(s), or choose a metric the file covers",
      });
    }
  }

  /** Builds the study once every file has been read. */
  finish(): ParseResult<Study> {
    this.reportMissingTasks();
    for (const [path, entry] of this.manifestFiles) {
      if (!this.usedManifestFiles.has(path)) {
        this.issues.add({ file: this.display(this.manifestPath ?? "<manifest>"), ...(entry.line !== undefined ? { line: entry.line } : {}), code: "FILE_NOT_FOUND", field: "file", message: `the manifest lists ${JSON.stringify(path)} but there is no such file`, expected: "paths relative to the manifest's directory" });
      }
    }
    if (this.tasks === "all" && this.results.length > 0) {
      const union = new Set<string>();
      for (const set of this.taskSets) for (const k of set) union.add(k);
      for (const r of this.results) {
        const set = this.taskSets[r.taskSet];
        const missing = set === undefined ? [] : [...union].filter((k) => !set.has(k));
        if (missing.length > 0) {
          this.issues.add({ file: r.path, field: "key", code: "MISSING_TASK", message: `${missing.length} task(s) that other files have are missing: ${missing.slice(0, 6).map((t) => JSON.stringify(t)).join(", ")}`, expected: "the same tasks in every file for metric all" });
        }
      }
    }
    if (this.results.length === 0 && this.issues.size === 0) {
      this.issues.add({ file: this.display(""), code: "NO_OBSERVATIONS", message: "no evaluation files were found", expected: "<bucket>/eval_results_epoch_<k>_step_-1.jsonl or <run>_<k>x/eval_results.jsonl files, or a manifest listing them" });
    }
    if (this.nonJsonLines > 0 && this.firstNonJson !== undefined) {
      this.summary.warn({ ...this.firstNonJson, code: "INVALID_JSON", message: `${this.nonJsonLines} line(s) use NaN or Infinity, which are not JSON; those values were read as null`, suggestion: "write null (Python: json.dumps(..., allow_nan=False))" });
    }
    // Duplicate runs depend only on the files' pools and budgets: they are looked for even when lines of some file
    // had problems, so that every problem of the directory is reported at once.
    this.results.sort((a, b) => naturalCompare(a.path, b.path));
    const observations: StudyObservation[] = [];
    const seen = new Map<string, string>();
    for (const r of this.results) {
      const score = r.score;
      const obs: StudyObservation = { pool: r.mapping.pool, samplesSeen: r.mapping.samplesSeen, error: clamp01(complement(score)) };
      if (r.mapping.tags !== undefined) obs.tags = r.mapping.tags;
      obs.origin = { file: r.path, line: r.originLine };
      const key = observationKey(obs);
      const previous = seen.get(key);
      if (previous !== undefined) {
        this.issues.add({ file: r.path, code: "DUPLICATE_OBSERVATION", message: `this file has the same pool (${poolLabel(obs.pool)}) and samples seen (${obs.samplesSeen}) as ${previous}`, expected: "one evaluation per pool and samples seen", suggestion: "remove one, or list both in the manifest with different tags (e.g. seed)" });
        continue;
      }
      seen.set(key, r.path);
      observations.push(obs);
    }
    this.issues.throwIfAny();
    const order: string[] = [...(this.manifest?.buckets ?? []).map((b) => b.id)];
    for (const id of this.options.bucketOrder ?? []) if (!order.includes(id) && this.buckets.has(id)) order.push(id);
    for (const id of [...this.autoBuckets].sort(naturalCompare)) if (!order.includes(id)) order.push(id);
    const buckets = order.map((id) => this.buckets.get(id)!);
    const metric: StudyMetric = {
      name: this.metricName,
      description:
        this.tasks === "all"
          ? "1 − mean DataComp main_metric over every task with a score"
          : this.tasks.length === 1
            ? `1 − DataComp main_metric of ${this.tasks[0]}`
            : `1 − mean DataComp main_metric over ${this.tasks.length} tasks`,
      kind: "1-accuracy",
    };
    if (this.tasks !== "all") metric.tasks = [...this.tasks];
    const source = this.options.source ?? this.manifest?.source;
    const description = this.options.description ?? this.manifest?.description;
    const study: Study = {
      format: "qqt.study/v1",
      name: this.options.name ?? this.manifest?.name ?? "DataComp evaluations",
      ...(description !== undefined ? { description } : {}),
      ...(source !== undefined ? { source } : {}),
      metric,
      buckets,
      observations,
    };
    verifyStudy(study, this.display(""));
    return { data: study, summary: this.summary.build(buckets, observations) };
  }
}

/** Most distinct task keys remembered for messages. */
const MAX_KEYS_SEEN = 10_000;

const EMPTY_SCORES: FileResult["scores"] = new Map();
const EMPTY_NULLS: FileResult["nullTasks"] = new Map();
/** Shared by every finished file (nothing is added after a file ends). */
const EMPTY_REFUSED: Set<string> = new Set();

/** Strips a BOM at the start of a file's first chunk. */
function line0(chunk: string, result: FileResult): string {
  if (result.firstLine === 0 && chunk.charCodeAt(0) === 0xfeff) return chunk.slice(1);
  return chunk;
}

/** 1 − score can be −0 or a rounding hair outside [0, 1]; scores were checked to be in [0, 1]. */
function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}
