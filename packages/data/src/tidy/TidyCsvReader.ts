import type { IssueDraft } from "../DataError.js";
import { verifyStudy } from "../internal/verifyStudy.js";
import { IssueCollector } from "../DataError.js";
import { complement, COUNT_FORMAT, scanCount, scanDecimal } from "../parseCount.js";
import { findAliases, normalizeHeader, stripPercent } from "../internal/columns.js";
import { closest } from "../internal/check.js";
import { DelimitedTokenizer, firstContentLine, firstLine, sniffDelimiter } from "../internal/DelimitedTokenizer.js";
import { DelimitedScanner } from "../internal/DelimitedScanner.js";
import { IntPairMap } from "../internal/IntPairMap.js";
import { RangeInterner } from "../internal/RangeInterner.js";
import { scanPlainNumber } from "../internal/scanPlainNumber.js";
import { findDuplicates } from "../internal/findDuplicates.js";
import type { DelimitedRecord, Delimiter } from "../internal/DelimitedTokenizer.js";
import { poolLabel } from "../internal/keys.js";
import { SummaryBuilder } from "../internal/SummaryBuilder.js";
import type { MetricKind, ParseResult, SourceInfo, Study, StudyBucket, StudyObservation } from "../types.js";
import { countOf } from "../internal/countOf.js";
import { TidyRowColumns } from "./TidyRowColumns.js";

/**
 * The fields of a tidy CSV, by their option names. Header names are the snake_case forms: `bucket`, `pool`,
 * `pool_size`, `samples_seen`, `epochs`, `error`, `accuracy`, `loss`, `metric`, `model`, `seed`, `weight`.
 *
 * @example
 * ```ts
 * const field: TidyField = "samplesSeen"; // header `samples_seen`
 * ```
 */
export type TidyField =
  | "bucket"
  | "pool"
  | "poolSize"
  | "samplesSeen"
  | "epochs"
  | "error"
  | "accuracy"
  | "loss"
  | "metric"
  | "model"
  | "seed"
  | "weight"
  | "quality";

const HEADER_OF: Readonly<Record<TidyField, string>> = {
  bucket: "bucket",
  pool: "pool",
  poolSize: "pool_size",
  samplesSeen: "samples_seen",
  epochs: "epochs",
  error: "error",
  accuracy: "accuracy",
  loss: "loss",
  metric: "metric",
  model: "model",
  seed: "seed",
  weight: "weight",
  quality: "quality",
};

/** Names people use for the same thing; only ever offered as a suggestion. */
const ALIASES: Readonly<Record<TidyField, readonly string[]>> = {
  bucket: ["bucket_id", "subset", "filter", "split", "data", "dataset", "upstream_dataset", "bucket_name"],
  pool: ["pools", "buckets", "pool_id"],
  poolSize: ["bucket_size", "size", "n_unique", "unique_samples", "dataset_size", "pool_samples", "num_unique"],
  quality: ["quality_group", "group", "filter_quality"],
  samplesSeen: ["samples", "n", "num_samples", "n_samples", "samples_seen_pretty", "budget", "compute", "seen"],
  epochs: ["epoch", "num_epochs", "repetitions", "passes"],
  error: ["err", "error_rate", "top1_error", "top_1_error", "val_error"],
  accuracy: ["acc", "acc1", "top1", "top_1", "top1_accuracy", "top_1_accuracy", "imagenet_acc", "val_acc", "score"],
  loss: ["val_loss", "validation_loss", "test_loss"],
  metric: ["task", "downstream_dataset", "benchmark", "eval"],
  model: ["arch", "architecture", "model_name"],
  seed: ["random_seed", "run_seed"],
  weight: ["weights", "w"],
};

/**
 * Options of {@link parseTidyCsv}.
 *
 * @example
 * ```ts
 * const options: TidyCsvOptions = { file: "runs.csv", accuracyScale: "fraction", columns: { samplesSeen: "samples" } };
 * ```
 */
export interface TidyCsvOptions {
  /** Names the input in errors and origins (default `<input>`); its extension also picks the delimiter (`.tsv`). */
  file?: string;
  /** Field delimiter; sniffed from the header line when absent (tab, comma or semicolon). */
  delimiter?: "," | "\t" | ";";
  /** Read a field from a differently named column, e.g. `{ samplesSeen: "samples" }`. */
  columns?: Partial<Record<TidyField, string>>;
  /**
   * Scale of the `accuracy` column. Without it, the column is percent when the header says so (`accuracy_pct`,
   * `accuracy (%)`) or when its values read as percents (above 1 or with a `%` sign); it is refused as ambiguous
   * (`AMBIGUOUS_ACCURACY`) when every value lies in [0, 1], and when values that read as percents sit next to values
   * in (0, 1] without a `%` sign (a typo such as 28.07 among 0.28s, or two files pasted together). With it, every
   * value is read on that scale (a `%` sign still means percent) and values out of range are refused per row.
   */
  accuracyScale?: "fraction" | "percent";
  /** Scale of the `error` column (default `fraction`: values above 1 are refused unless the metric is a loss). */
  errorScale?: "fraction" | "percent";
  /** Overrides the metric kind implied by the column (`error` → `error`, `accuracy` → `1-accuracy`, `loss` → `loss`). */
  metricKind?: MetricKind;
  /** With a `metric` column holding several metrics: the one to read (other rows are skipped and counted). */
  metric?: string;
  /** Bucket sizes (counts or count strings such as `"12.8M"`), in addition to or instead of a `pool_size` column. */
  bucketSizes?: Record<string, number | string>;
  /** Best-first order of the buckets; default: order of first appearance. */
  bucketOrder?: string[];
  /** Further columns to keep as observation tags (as `model` and `seed` are). */
  tagColumns?: string[];
  /** Study name (default: the file name). */
  name?: string;
  /** Study description (default: none). */
  description?: string;
  /** Where the runs come from, copied to the study (default: none). */
  source?: SourceInfo;
}

interface Column {
  index: number;
  header: string;
  percent: boolean;
}

/** Where an accuracy scale shows: the first value of a kind and how many values are of that kind. */
interface ScaleEvidence {
  line: number;
  column: number;
  text: string;
  count: number;
}

/** A date such as 2023-04-28, 04-28-2023 or 28/4/2023. */
const DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;

/** Fraction by which `samples_seen` and `epochs × pool size` may differ when both are given. */
const EPOCHS_TOLERANCE = 0.01;
const PERCENT = 100;
const HASH = 0x23;
/** Characters at the start of the input whose lines estimate the rows of the whole input. */
const RESERVE_SAMPLE = 1 << 16;
const RESERVE_MIN_LINES = 64;
/** Room for lines somewhat shorter than those of the sample. */
const RESERVE_SLACK = 1.02;
/** Outcomes of the per-row checks when the study is built. */
const KEEP = 0;
const SKIP = 1;
const REFUSED = 2;

/**
 * Whether a field may start or end with char code `c` for the fast path to read it as its trimmed text: no ASCII
 * control or space, no Unicode space (what `String.prototype.trim` removes is read by the full path).
 */
function plainEdge(c: number): boolean {
  if (c < 0x7f) return c > 0x20;
  if (c < 0xa1) return false;
  return !(c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

/** Whether `text[start, end)` is non-empty and reads the same trimmed. */
function plainText(text: string, start: number, end: number): boolean {
  return start < end && plainEdge(text.charCodeAt(start)) && plainEdge(text.charCodeAt(end - 1));
}

/** Incremental tidy-CSV reader: push text chunks, then `end()`. Memory: the rows read, never the text. @internal */
export class TidyCsvReader {
  private readonly file: string;
  private readonly issues: IssueCollector;
  private readonly summary = new SummaryBuilder("tidy-csv");
  /** Splits the text into records: the scanner (fast path), or the tokenizer alone (`full` mode). */
  private splitter: { push(chunk: string): void; end(): void } | undefined;
  private scanner: DelimitedScanner | undefined;
  private delimiter: Delimiter = ",";
  private head = "";
  private header: string[] | undefined;
  private headerLine = 1;
  private cols: Partial<Record<TidyField, Column>> = {};
  private tagCols: Column[] = [];
  private valueField: "error" | "accuracy" | "loss" = "error";
  private headerOk = false;
  /** Pool texts (trimmed) by pool id, the index into {@link TidyCsvReader.pools}. */
  private readonly poolIds = new RangeInterner();
  private readonly pools: string[][] = [];
  /** Per pool of one bucket: the bucket's size once known (NaN before), a cache of {@link TidyCsvReader.sizes}. */
  private readonly poolSize: number[] = [];
  private readonly bucketFirst = new Map<string, number>();
  private readonly sizes = new Map<string, { size: number; line: number }>();
  /** The distinct tag sets, by their values: rows share them. */
  private readonly tagSets = new Map<string, Record<string, string>>();
  /** Quality group per bucket (the `quality` column), with the line it was first given on. */
  private readonly qualities = new Map<string, { group: string; line: number }>();
  /** The valid rows; replaced, with the columns the file has, once the header is read. */
  private rows = new TidyRowColumns();
  /** Rows to make room for once the header is read (see {@link TidyCsvReader.expectLength}). */
  private expectedRows = 0;
  /** Every metric name read (valid row or not): the fast path names skipped metrics with them. */
  private readonly metricTexts = new RangeInterner();
  /** Number of fields of the header. */
  private width = 0;
  /** See {@link TidyCsvReader.expectLength}. */
  private expectedLength = 0;
  /** Rows read by the fast path (the others went through {@link TidyCsvReader.row}); for tests and profiling. */
  fastRows = 0;
  /** Field index per column for the fast path (-1: no such column), set with the header. */
  private fx = { metric: -1, pool: -1, poolSize: -1, quality: -1, samples: -1, epochs: -1, value: -1, weight: -1 };
  /** The tag columns in tag-key order (model, seed, tagColumns), by field index. */
  private tagIndex: number[] = [];
  /** Per tag column: its distinct values (trimmed), by value id (the key of the tag trie is value id + 1; 0: empty). */
  private tagValues: RangeInterner[] = [];
  /** Trie of tag sets: (node, value id + 1) → child node; the root is node 0. */
  private readonly tagTrie = new IntPairMap();
  /** Per trie node: the tag-set id (+1, 0: no tags) of a row whose tags end there, or -1 until a row was read there. */
  private readonly tagSetOfNode: number[] = [-1];
  /** First accuracy that reads as a percent (a `%` sign or above 1) and how many do. */
  private readonly percentLike: ScaleEvidence = { line: 0, column: 0, text: "", count: 0 };
  /** First accuracy that reads as a fraction (in (0, 1], no `%` sign) and how many do. */
  private readonly fractionLike: ScaleEvidence = { line: 0, column: 0, text: "", count: 0 };
  /** Whether a row (valid or not) has the metric chosen by `options.metric`. */
  private selectedMetricSeen = false;
  /** Rows reported before their metric was read (too many or too few fields, an empty metric). */
  private rowsUnread = 0;
  /**
   * Buckets whose size may be in a row already reported (a malformed pool_size, a row with the wrong number of
   * fields): no MISSING_BUCKET_SIZE is added for them, which would only repeat that problem.
   */
  private readonly sizeReported = new Set<string>();

  /**
   * @param mode - `fast` (default): lines without quotes are split by char codes and plain rows read from their field
   * ranges; `full`: every record goes through the tokenizer and {@link TidyCsvReader.row}, the reference the tests
   * compare the fast path with (same study, summary and errors).
   */
  constructor(
    private readonly options: TidyCsvOptions = {},
    private readonly mode: "fast" | "full" = "fast",
  ) {
    this.file = options.file ?? "<input>";
    this.issues = new IssueCollector(this.file);
    this.summary.files.push(this.file);
  }

  /**
   * Tells the reader how long its whole input is (characters, or bytes of a UTF-8 file): its row columns are then
   * sized once, from the length of the first lines, instead of grown by doubling (copies, and twice the memory of
   * the columns while the last copy is made).
   */
  expectLength(length: number): void {
    this.expectedLength = length;
  }

  push(chunk: string): void {
    if (this.splitter !== undefined) return this.splitter.push(chunk);
    this.head += chunk;
    // Start once the header (the first line that is not blank or a # comment) is complete: the delimiter is sniffed
    // from it, not from a comment before it.
    if (firstContentLine(this.head)?.complete === true) this.start();
  }

  private start(): void {
    let text = this.head;
    this.head = "";
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let delimiter: Delimiter;
    if (this.options.delimiter !== undefined) delimiter = this.options.delimiter;
    else {
      const sniffed = sniffDelimiter(firstContentLine(text)?.line ?? firstLine(text), this.file);
      if (typeof sniffed === "object") {
        this.issues.add({
          code: "AMBIGUOUS_DELIMITER",
          line: 1,
          message: `the header contains several possible delimiters (${sniffed.ambiguous.join(", ")})`,
          expected: "one delimiter: comma, tab or semicolon",
          suggestion: "pass delimiter: \",\" (or \"\\t\", \";\"), or name the file .csv / .tsv",
        });
        delimiter = ",";
      } else delimiter = sniffed;
    }
    this.delimiter = delimiter;
    this.reserveRows(text);
    if (this.mode === "full") {
      this.splitter = new DelimitedTokenizer(
        delimiter,
        (r) => this.record(r),
        (i) => this.issues.add(i),
      );
    } else {
      this.splitter = this.scanner = new DelimitedScanner(
        delimiter,
        (t, start, count, line) => this.line(t, start, count, line),
        (r) => this.record(r),
        (i) => this.issues.add(i),
      );
    }
    this.splitter.push(text);
  }

  /** Sizes the row columns for the whole input, from the mean length of the lines at its start. */
  private reserveRows(text: string): void {
    const length = Math.max(this.expectedLength, text.length);
    const sample = Math.min(text.length, RESERVE_SAMPLE);
    let lines = 0;
    for (let i = text.indexOf("\n"); i >= 0 && i < sample; i = text.indexOf("\n", i + 1)) lines++;
    // A sample of a few lines says little (and a file of a few lines needs no reserve).
    if (lines < RESERVE_MIN_LINES) return;
    this.expectedRows = Math.ceil((length / sample) * lines * RESERVE_SLACK) + RESERVE_MIN_LINES;
  }

  /** A line without quotes, as field ranges: read by the fast path, or as a record by the full one. */
  private line(text: string, lineStart: number, count: number, line: number): void {
    if (this.headerOk && this.fastRow(text, lineStart, count, line)) return;
    this.record(this.scanner!.record(text, lineStart, count, line));
  }

  /**
   * Reads a row that holds nothing unusual straight from its field ranges into the columns: the expected number of
   * fields, pools, metrics, tag values, sizes and qualities seen before, plain numbers (see {@link scanPlainNumber}),
   * no value that would be refused. Returns false, having changed nothing, for any other row: {@link TidyCsvReader.row}
   * reads it (and reports its problems) from its fields as strings. Both paths give the same rows.
   */
  private fastRow(text: string, lineStart: number, count: number, line: number): boolean {
    if (count !== this.width) return false;
    const starts = this.scanner!.starts;
    const ends = this.scanner!.ends;
    // A comment or blank line, or a first field with spaces around it: the full path decides.
    if (starts[0]! < ends[0]!) {
      const c = text.charCodeAt(starts[0]!);
      if (c === HASH || !plainEdge(c)) return false;
    }
    const fx = this.fx;
    let metric = 0;
    if (fx.metric >= 0) {
      const a = starts[fx.metric]!;
      const b = ends[fx.metric]!;
      if (!plainText(text, a, b)) return false;
      const wanted = this.options.metric;
      if (wanted !== undefined && !(b - a === wanted.length && text.startsWith(wanted, a))) {
        const id = this.metricTexts.idOf(text, a, b);
        if (id < 0) return false;
        this.summary.rowsRead++;
        this.summary.skip("METRIC_NOT_SELECTED", this.metricTexts.value(id), this.file, line);
        this.fastRows++;
        return true;
      }
      metric = this.rows.metrics.idOf(text, a, b) + 1;
      if (metric === 0) return false;
    }
    // The tables hold trimmed, non-empty texts: a range equal to one is its own trimmed text, so no edge check is
    // needed before looking it up.
    let a = starts[fx.pool]!;
    let b = ends[fx.pool]!;
    const pool = this.poolIds.idOf(text, a, b);
    if (pool < 0) return false;
    const ids = this.pools[pool]!;
    let poolSize = NaN;
    if (fx.poolSize >= 0) {
      a = starts[fx.poolSize]!;
      b = ends[fx.poolSize]!;
      if (a < b) {
        poolSize = scanPlainNumber(text, a, b, true);
        if (!(poolSize > 0)) return false;
        if (ids.length === 1) {
          let known = this.poolSize[pool]!;
          // A bucket's size never changes once known (another one is refused): cache it for the pool.
          if (Number.isNaN(known)) known = this.poolSize[pool] = this.sizes.get(ids[0]!)?.size ?? NaN;
          if (known !== poolSize) return false;
        }
      }
    }
    if (fx.quality >= 0) {
      a = starts[fx.quality]!;
      b = ends[fx.quality]!;
      if (a < b) {
        if (ids.length !== 1) return false;
        const group = this.qualities.get(ids[0]!)?.group;
        if (group === undefined || group.length !== b - a || !text.startsWith(group, a)) return false;
      }
    }
    let samples = NaN;
    if (fx.samples >= 0) {
      a = starts[fx.samples]!;
      b = ends[fx.samples]!;
      if (a < b) {
        samples = scanPlainNumber(text, a, b, true);
        if (!(samples > 0)) return false;
      } else if (fx.epochs < 0) return false;
    }
    let epochs = NaN;
    if (fx.epochs >= 0) {
      a = starts[fx.epochs]!;
      b = ends[fx.epochs]!;
      if (a < b) {
        epochs = scanPlainNumber(text, a, b, false);
        if (!(epochs > 0)) return false;
      } else if (Number.isNaN(samples)) return false;
    }
    const valueStart = starts[fx.value]!;
    const value = scanPlainNumber(text, valueStart, ends[fx.value]!, false);
    if (Number.isNaN(value)) return false;
    let evidence: ScaleEvidence | undefined;
    if (this.valueField === "accuracy") {
      evidence = value > 1 ? this.percentLike : value > 0 ? this.fractionLike : undefined;
      // The first value of a scale is remembered with its text: the full path does that.
      if (evidence !== undefined && evidence.count === 0) return false;
    }
    let weight = NaN;
    if (fx.weight >= 0) {
      a = starts[fx.weight]!;
      b = ends[fx.weight]!;
      if (a < b) {
        weight = scanPlainNumber(text, a, b, false);
        if (!(weight > 0)) return false;
      }
    }
    let node = 0;
    const tagIndex = this.tagIndex;
    for (let t = 0; t < tagIndex.length; t++) {
      a = starts[tagIndex[t]!]!;
      b = ends[tagIndex[t]!]!;
      let v = 0;
      if (a < b) {
        v = this.tagValues[t]!.idOf(text, a, b) + 1;
        if (v === 0) return false;
      }
      node = this.tagTrie.get(node, v);
      if (node < 0) return false;
    }
    const tags = this.tagSetOfNode[node]!;
    if (tags < 0) return false;
    // Nothing unusual: count and keep the row.
    if (evidence !== undefined) evidence.count++;
    if (fx.metric >= 0) this.selectedMetricSeen = true;
    this.summary.rowsRead++;
    this.summary.rowsUsed++;
    this.fastRows++;
    const samplesIndex = fx.samples >= 0 ? fx.samples : fx.epochs;
    this.rows.push(
      line,
      pool,
      poolSize,
      fx.poolSize >= 0 ? starts[fx.poolSize]! - lineStart + 1 : 0,
      samples,
      starts[samplesIndex]! - lineStart + 1,
      epochs,
      value,
      valueStart - lineStart + 1,
      false,
      weight,
      metric,
      tags,
    );
    return true;
  }

  private record(r: DelimitedRecord): void {
    const fields = r.fields;
    if (this.header === undefined) {
      const blank = fields.length === 1 && fields[0]!.trim() === "";
      if (blank || fields[0]!.trimStart().startsWith("#")) {
        // Lines before the header count as read (and skipped), keeping rowsRead = rowsUsed + rowsSkipped.
        this.summary.rowsRead++;
        return void this.summary.skip(blank ? "BLANK_LINE" : "COMMENT_LINE", blank ? "blank line" : "comment line", this.file, r.line);
      }
      this.header = fields;
      this.headerLine = r.line;
      this.readHeader(fields, r.line);
      return;
    }
    this.summary.rowsRead++;
    if (fields.length === 1 && fields[0]!.trim() === "") return void this.summary.skip("BLANK_LINE", "blank line", this.file, r.line);
    if (fields[0]!.trimStart().startsWith("#")) return void this.summary.skip("COMMENT_LINE", "comment line", this.file, r.line);
    if (!this.headerOk) return;
    this.row(r);
  }

  private readHeader(fields: string[], line: number): void {
    const normalized = fields.map((f) => normalizeHeader(f));
    const seen = new Map<string, number>();
    normalized.forEach((n, i) => {
      if (n === "") return;
      if (seen.has(n)) {
        this.issues.add({ code: "DUPLICATE_COLUMN", line, column: i + 1, field: fields[i]!.trim(), message: `column ${JSON.stringify(fields[i]!.trim())} appears twice (columns ${seen.get(n)! + 1} and ${i + 1})`, expected: "each column once" });
      } else seen.set(n, i);
    });
    const find = (field: TidyField): Column | undefined => {
      const mapped = this.options.columns?.[field];
      if (mapped !== undefined) {
        const idx = normalized.indexOf(normalizeHeader(mapped));
        if (idx < 0) {
          this.issues.add({ code: "MISSING_COLUMN", line, field: mapped, message: `columns.${field} names ${JSON.stringify(mapped)} but the header has no such column`, expected: `one of the header's columns: ${fields.map((f) => f.trim()).join(", ")}` });
          return undefined;
        }
        return { index: idx, header: fields[idx]!.trim(), percent: stripPercent(normalized[idx]!).percent };
      }
      const canonical = HEADER_OF[field];
      for (let i = 0; i < normalized.length; i++) {
        const { base, percent } = stripPercent(normalized[i]!);
        if (normalized[i] === canonical || ((field === "accuracy" || field === "error") && base === canonical)) {
          return { index: i, header: fields[i]!.trim(), percent };
        }
      }
      return undefined;
    };
    const all: TidyField[] = ["bucket", "pool", "poolSize", "samplesSeen", "epochs", "error", "accuracy", "loss", "metric", "model", "seed", "weight", "quality"];
    for (const f of all) {
      const c = find(f);
      if (c !== undefined) this.cols[f] = c;
    }
    const missing = (field: TidyField, alternatives: TidyField[], expected: string) => {
      const names = [field, ...alternatives];
      const aliases = names.flatMap((f) => findAliases(fields, HEADER_OF[f], ALIASES[f]).map((a) => ({ a, f })));
      const first = aliases[0];
      this.issues.add({
        code: "MISSING_COLUMN",
        line,
        field: HEADER_OF[field],
        message: `column ${names.map((n) => `\`${HEADER_OF[n]}\``).join(" or ")} is missing`,
        expected,
        suggestion:
          first !== undefined
            ? `found \`${first.a}\`; rename it to \`${HEADER_OF[first.f]}\` or pass columns: { ${first.f}: ${JSON.stringify(first.a)} }`
            : `the header is: ${fields.map((f) => f.trim()).join(", ")}`,
      });
    };
    const conflict = (a: TidyField, b: TidyField, why: string) =>
      this.issues.add({
        code: "CONFLICTING_COLUMNS",
        line,
        column: this.cols[b]!.index + 1,
        field: HEADER_OF[b],
        message: `columns \`${this.cols[a]!.header}\` and \`${this.cols[b]!.header}\` are both present`,
        expected: why,
        suggestion: `remove one of them`,
      });
    const before = this.issues.size;
    if (this.headerless(fields, normalized, line)) {
      this.headerOk = false;
      return;
    }
    if (this.cols.bucket === undefined && this.cols.pool === undefined) {
      missing("bucket", ["pool"], "a `bucket` column (one bucket id per row) or a `pool` column (bucket ids joined by +)");
    } else if (this.cols.bucket !== undefined && this.cols.pool !== undefined) {
      conflict("bucket", "pool", "either `bucket` or `pool`, not both");
    }
    if (this.cols.samplesSeen === undefined && this.cols.epochs === undefined) {
      missing("samplesSeen", ["epochs"], "a `samples_seen` column (e.g. 25600000 or 25.6M), or `epochs` with bucket sizes");
    }
    const values = (["error", "accuracy", "loss"] as const).filter((f) => this.cols[f] !== undefined);
    if (values.length === 0) missing("error", ["accuracy", "loss"], "an `error` column in [0, 1], an `accuracy` column, or a `loss` column");
    else if (values.length > 1) conflict(values[0]!, values[1]!, "one of `error`, `accuracy`, `loss`");
    else this.valueField = values[0]!;
    for (const name of this.options.tagColumns ?? []) {
      const idx = normalized.indexOf(normalizeHeader(name));
      if (idx < 0) {
        this.issues.add({ code: "MISSING_COLUMN", line, field: name, message: `tag column ${JSON.stringify(name)} is not in the header`, expected: `one of: ${fields.map((f) => f.trim()).join(", ")}` });
      } else this.tagCols.push({ index: idx, header: fields[idx]!.trim(), percent: false });
    }
    const used = new Set([...Object.values(this.cols).map((c) => c!.index), ...this.tagCols.map((c) => c.index)]);
    fields.forEach((f, i) => {
      if (!used.has(i) && f.trim() !== "") {
        const guess = closest(normalized[i]!, Object.values(HEADER_OF));
        this.summary.warn({
          code: "UNKNOWN_FIELD",
          file: this.file,
          line,
          column: i + 1,
          field: f.trim(),
          message: `column ${JSON.stringify(f.trim())} is not used`,
          expected: "bucket|pool, pool_size, samples_seen|epochs, error|accuracy|loss, metric, model, seed, weight",
          suggestion: guess !== undefined ? `did you mean \`${guess}\`? Otherwise keep it as a tag with tagColumns` : "keep it as an observation tag with tagColumns",
        });
      }
    });
    this.headerOk = this.issues.size === before;
    if (!this.headerOk) return;
    const cols = this.cols;
    const at = (c: Column | undefined) => (c === undefined ? -1 : c.index);
    this.width = fields.length;
    this.fx = {
      metric: at(cols.metric),
      pool: at(cols.bucket ?? cols.pool),
      poolSize: at(cols.poolSize),
      quality: at(cols.quality),
      samples: at(cols.samplesSeen),
      epochs: at(cols.epochs),
      value: at(cols[this.valueField]),
      weight: at(cols.weight),
    };
    this.tagIndex = this.tagColumns().map((c) => c.index);
    this.rows = new TidyRowColumns({
      poolSize: cols.pool !== undefined && cols.poolSize !== undefined,
      epochs: cols.epochs !== undefined,
      samplesColumn: cols.epochs !== undefined && cols.samplesSeen !== undefined,
      weight: cols.weight !== undefined,
      metric: cols.metric !== undefined,
      tags: this.tagIndex.length > 0,
    });
    this.rows.reserve(this.expectedRows);
    this.tagValues = this.tagIndex.map(() => new RangeInterner());
  }

  /** The columns kept as tags, in the order of the tag key: model, seed, then `tagColumns`. */
  private tagColumns(): Column[] {
    return [this.cols.model, this.cols.seed, ...this.tagCols].filter((c): c is Column => c !== undefined);
  }

  /**
   * Reports a first line that looks like data (no known column name, and at least half of its fields numbers, counts,
   * dates or URLs) as a missing header row, instead of one MISSING_COLUMN per field that quotes the data as a header.
   */
  private headerless(fields: readonly string[], normalized: readonly string[], line: number): boolean {
    if (Object.keys(this.cols).length > 0) return false;
    const known = new Set<string>([...Object.values(HEADER_OF), ...Object.values(ALIASES).flat()]);
    if (normalized.some((n) => known.has(n) || known.has(stripPercent(n).base))) return false;
    const cells = fields.map((f) => f.trim()).filter((f) => f !== "");
    const dataLike = cells.filter((c) => scanDecimal(c).ok || scanCount(c).ok || DATE.test(c) || /^https?:\/\//i.test(c)).length;
    if (cells.length === 0 || dataLike * 2 < cells.length) return false;
    const clip = (c: string) => (c.length > 30 ? `${c.slice(0, 30)}…` : c);
    const shown = cells.slice(0, 4).map(clip).join(", ") + (cells.length > 4 ? ", …" : "");
    const sep = this.delimiter;
    const header = ["bucket", "pool_size", "samples_seen", "error"].join(sep);
    const named = sep === "\t" ? "tab-separated; " : sep === ";" ? "semicolon-separated; " : "";
    this.issues.add({
      code: "MISSING_COLUMN",
      line,
      message: `the file seems to have no header row: line ${line} looks like data (${shown})`,
      expected: "a first line naming the columns, e.g. bucket,pool_size,samples_seen,error",
      suggestion: `add the header line \`${header}\` (${named}or accuracy / loss instead of error, epochs instead of samples_seen) naming each of the ${fields.length} columns`,
    });
    return true;
  }

  private rowIssue(r: DelimitedRecord, col: Column, issue: Omit<IssueDraft, "line" | "column" | "field">): void {
    this.issues.add({ ...issue, line: r.line, column: r.columns[col.index], field: col.header });
  }

  private row(r: DelimitedRecord): void {
    const f = r.fields;
    const width = this.header!.length;
    if (f.length !== width) {
      const extraEmpty = f.length > width && f.slice(width).every((x) => x.trim() === "");
      if (!extraEmpty) {
        this.rowsUnread++;
        const poolCol = this.cols.bucket ?? this.cols.pool;
        if (this.cols.poolSize !== undefined && poolCol !== undefined && poolCol.index < f.length) {
          for (const id of f[poolCol.index]!.split(this.cols.pool !== undefined ? "+" : "\u0000")) this.sizeReported.add(id.trim());
        }
        this.issues.add({
          code: "INVALID_CSV",
          line: r.line,
          message: `the row has ${countOf(f.length, "field")} but the header has ${width}`,
          expected: `${countOf(width, "field")} per row`,
          suggestion: "quote fields that contain the delimiter (\"a,b\")",
        });
        return;
      }
    }
    const cols = this.cols;
    const before = this.issues.size;
    let metric: string | undefined;
    if (cols.metric !== undefined) {
      metric = f[cols.metric.index]!.trim();
      if (metric !== "") this.metricTexts.intern(metric);
      if (metric === "") {
        this.rowsUnread++;
        this.rowIssue(r, cols.metric, { code: "MISSING_VALUE", message: "the metric is empty", expected: "a metric name" });
        return;
      }
      if (this.options.metric !== undefined && metric !== this.options.metric) {
        this.summary.skip("METRIC_NOT_SELECTED", metric, this.file, r.line);
        return;
      }
      this.selectedMetricSeen = true;
    }
    // Pool.
    const poolCol = (cols.bucket ?? cols.pool)!;
    const poolText = f[poolCol.index]!.trim();
    let pool = this.poolIds.idOfString(poolText);
    if (pool < 0) {
      const ids = cols.pool !== undefined ? poolText.split("+").map((s) => s.trim()) : [poolText];
      if (ids.some((id) => id === "")) {
        this.rowIssue(r, poolCol, {
          code: poolText === "" ? "MISSING_VALUE" : "INVALID_VALUE",
          message: poolText === "" ? `the ${poolCol.header} is empty` : `pool ${JSON.stringify(poolText)} has an empty bucket id`,
          expected: cols.pool !== undefined ? "bucket ids joined by +, e.g. top0-10+top10-20" : "a bucket id",
        });
        return;
      }
      if (new Set(ids).size !== ids.length) {
        this.rowIssue(r, poolCol, { code: "INVALID_VALUE", message: `pool ${JSON.stringify(poolText)} names a bucket twice`, expected: "each bucket once per pool" });
        return;
      }
      pool = this.pools.length;
      this.pools.push(ids);
      this.poolSize.push(NaN);
      this.poolIds.intern(poolText);
      for (const id of ids) if (!this.bucketFirst.has(id)) this.bucketFirst.set(id, r.line);
    }
    const ids = this.pools[pool]!;
    // Pool size.
    let poolSize = NaN;
    if (cols.poolSize !== undefined) {
      const text = f[cols.poolSize.index]!;
      if (text.trim() !== "") {
        const s = scanCount(text);
        if (!s.ok || s.value <= 0) {
          if (ids.length === 1) this.sizeReported.add(ids[0]!);
          if (!s.ok) this.rowIssue(r, cols.poolSize, { code: s.code, message: `pool_size: ${s.message}`, expected: COUNT_FORMAT, ...(s.suggestion ? { suggestion: s.suggestion } : {}) });
          else this.rowIssue(r, cols.poolSize, { code: "OUT_OF_RANGE", message: "pool_size is 0", expected: "a number of unique samples > 0" });
        } else {
          poolSize = s.value;
          if (ids.length === 1) {
            const known = this.sizes.get(ids[0]!);
            if (known === undefined) this.sizes.set(ids[0]!, { size: s.value, line: r.line });
            else if (known.size !== s.value) {
              this.rowIssue(r, cols.poolSize, {
                code: "INCONSISTENT_BUCKET_SIZE",
                message: `bucket ${JSON.stringify(ids[0])} has pool_size ${s.value} here but ${known.size} on line ${known.line}`,
                expected: "one size per bucket (it may be given once)",
              });
            }
          }
        }
      }
    }
    // Quality group: buckets of one quality (e.g. the same top-k% of pools of different sizes) share b and tau.
    if (cols.quality !== undefined) {
      const group = (f[cols.quality.index] ?? "").trim();
      if (group !== "") {
        if (ids.length !== 1) {
          this.rowIssue(r, cols.quality, {
            code: "INVALID_VALUE",
            message: `quality ${JSON.stringify(group.slice(0, 60))} is given on a run of the pool ${poolLabel(ids)}, but a quality belongs to one bucket`,
            expected: "a quality on rows of a single bucket (once per bucket is enough); empty on pool rows",
          });
        } else {
          const known = this.qualities.get(ids[0]!);
          if (known === undefined) this.qualities.set(ids[0]!, { group, line: r.line });
          else if (known.group !== group) {
            this.rowIssue(r, cols.quality, {
              code: "INVALID_VALUE",
              message: `bucket ${JSON.stringify(ids[0])} has quality ${JSON.stringify(group.slice(0, 60))} here but ${JSON.stringify(known.group.slice(0, 60))} on line ${known.line}`,
              expected: "one quality per bucket (it may be given once)",
            });
          }
        }
      }
    }
    // Samples seen and epochs.
    let samples = NaN;
    let epochs = NaN;
    if (cols.samplesSeen !== undefined) {
      const text = f[cols.samplesSeen.index]!;
      if (text.trim() !== "" || cols.epochs === undefined) {
        const s = scanCount(text);
        if (!s.ok) this.rowIssue(r, cols.samplesSeen, { code: s.code, message: `samples_seen: ${s.message}`, expected: COUNT_FORMAT, ...(s.suggestion ? { suggestion: s.suggestion } : {}) });
        else if (s.value <= 0) this.rowIssue(r, cols.samplesSeen, { code: "OUT_OF_RANGE", message: "samples_seen is 0", expected: "a number of samples seen > 0" });
        else samples = s.value;
      }
    }
    if (cols.epochs !== undefined) {
      const text = f[cols.epochs.index]!;
      if (text.trim() !== "" || Number.isNaN(samples)) {
        const s = scanDecimal(text);
        if (!s.ok) this.rowIssue(r, cols.epochs, { code: s.code, message: `epochs: ${s.message}`, expected: "a number of passes over the pool > 0, e.g. 2 or 2.5" });
        else if (s.value <= 0 || s.percent) this.rowIssue(r, cols.epochs, { code: s.value < 0 ? "NEGATIVE_NUMBER" : "OUT_OF_RANGE", message: `epochs is ${text.trim()}`, expected: "a number of passes over the pool > 0" });
        else epochs = s.value;
      }
    }
    // The value.
    const valueCol = cols[this.valueField]!;
    const v = scanDecimal(f[valueCol.index]!);
    let value = NaN;
    let valuePercent = false;
    if (!v.ok) {
      const expected =
        this.valueField === "accuracy"
          ? "a number such as 0.83 (or 83% / 83 for a percent accuracy)"
          : this.valueField === "loss"
            ? "a loss such as 2.31"
            : (this.options.errorScale ?? (valueCol.percent ? "percent" : "fraction")) === "percent"
              ? "an error in percent such as 17 or 17%"
              : "an error such as 0.17 (or 17% with a % sign)";
      this.rowIssue(r, valueCol, { code: v.code, message: `${valueCol.header}: ${v.message}`, expected });
    } else if (v.value < 0) {
      this.rowIssue(r, valueCol, { code: "NEGATIVE_NUMBER", message: `${valueCol.header} is ${v.value}`, expected: `${this.valueField === "loss" ? "a loss" : "a value"} >= 0` });
    } else {
      value = v.value;
      valuePercent = v.percent;
      if (this.valueField === "accuracy") {
        // 0 is 0 on either scale, so it shows neither.
        const evidence = v.percent || v.value > 1 ? this.percentLike : v.value > 0 ? this.fractionLike : undefined;
        if (evidence !== undefined && evidence.count++ === 0) {
          evidence.line = r.line;
          evidence.column = r.columns[valueCol.index]!;
          evidence.text = f[valueCol.index]!.trim();
        }
      }
    }
    // Weight and tags.
    let weight = NaN;
    if (cols.weight !== undefined && f[cols.weight.index]!.trim() !== "") {
      const w = scanDecimal(f[cols.weight.index]!);
      if (!w.ok) this.rowIssue(r, cols.weight, { code: w.code, message: `weight: ${w.message}`, expected: "a weight > 0" });
      else if (w.value <= 0 || w.percent) this.rowIssue(r, cols.weight, { code: w.value < 0 ? "NEGATIVE_NUMBER" : "OUT_OF_RANGE", message: `weight is ${w.value}`, expected: "a weight > 0" });
      else weight = w.value;
    }
    let tags: Record<string, string> | undefined;
    let tagKey = "";
    // The path of the tag set in the tag trie (value id + 1 per tag column, 0 when empty), for the fast path.
    const tagPath: number[] = [];
    const tagCols = this.tagColumns();
    for (let k = 0; k < tagCols.length; k++) {
      const c = tagCols[k]!;
      const t = f[c.index]!.trim();
      tagPath.push(t === "" ? 0 : this.tagValues[k]!.intern(t) + 1);
      if (t === "") continue;
      (tags ??= {})[c === cols.model ? "model" : c === cols.seed ? "seed" : c.header] = t;
      tagKey += `${c.index}\u0001${t}\u0002`;
    }
    // One object per distinct tag set, shared by its rows (a seed column repeats a few values over 10^6 rows).
    if (tags !== undefined) {
      const known = this.tagSets.get(tagKey);
      if (known !== undefined) tags = known;
      else this.tagSets.set(tagKey, tags);
    }
    if (this.issues.size > before) return;
    this.summary.rowsUsed++;
    const metricId = metric === undefined ? 0 : this.rows.metricId(metric);
    const tagSet = tags === undefined ? 0 : this.rows.tagSetId(tags);
    let node = 0;
    for (const v of tagPath) {
      let next = this.tagTrie.get(node, v);
      if (next < 0) {
        next = this.tagSetOfNode.length;
        this.tagSetOfNode.push(-1);
        this.tagTrie.set(node, v, next);
      }
      node = next;
    }
    this.tagSetOfNode[node] = tagSet;
    this.rows.push(
      r.line,
      pool,
      poolSize,
      cols.poolSize !== undefined ? r.columns[cols.poolSize.index]! : 0,
      samples,
      r.columns[(cols.samplesSeen ?? cols.epochs)!.index]!,
      epochs,
      value,
      r.columns[valueCol.index]!,
      valuePercent,
      weight,
      metricId,
      tagSet,
    );
  }

  /**
   * Pass 2 of {@link TidyCsvReader.finish}, in file order: reports the refused rows (`check(i, true)`) and the
   * duplicates (`earlier`: per kept row, its first kept row of the same key, by position in `candidates`, or -1).
   */
  private reportRows(status: Uint8Array, earlier: Int32Array, candidates: Int32Array, check: (i: number, report: boolean) => number): void {
    const rows = this.rows;
    const metricNames = rows.metrics.values();
    for (let i = 0, c = 0; i < status.length; i++) {
      const st = status[i]!;
      if (st === SKIP) continue;
      if (st === REFUSED) {
        check(i, true);
        continue;
      }
      const first = earlier[c++]!;
      if (first < 0) continue;
      const pool = this.pools[rows.pool[i]!]!;
      const mk = rows.metricOf(i);
      const metric = mk === 0 ? undefined : metricNames[mk - 1]!;
      const previous = rows.line[candidates[first]!]!;
      this.issues.add({ code: "DUPLICATE_OBSERVATION", line: rows.line[i]!, message: `this row repeats line ${previous} (pool ${poolLabel(pool)}, ${rows.samples[i]!} samples seen${metric !== undefined ? `, metric ${metric}` : ""})`, expected: "one row per pool, samples seen, metric, model and seed", suggestion: "add a `seed` column to tell repeated runs apart, or remove one of the rows" });
    }
  }

  /**
   * Pass 3: the observations of the kept rows that repeat no earlier one, in file order, counted per pool. Only
   * this loop allocates (two objects per row), and alone in its function: when V8 moves its allocations to the old
   * generation (they all live as long as the study) the code it deoptimizes and compiles again is this small loop.
   */
  private buildObservations(earlier: Int32Array, candidates: Int32Array, count: number, perPool: Int32Array): StudyObservation[] {
    const rows = this.rows;
    const metricNames = rows.metrics.values();
    const file = this.file;
    const observations: StudyObservation[] = [];
    for (let c = 0; c < count; c++) {
      if (earlier[c]! >= 0) continue;
      const i = candidates[c]!;
      const mk = rows.metricOf(i);
      const tk = rows.tagsOf(i);
      const p = rows.pool[i]!;
      perPool[p]!++;
      observations.push(observation(this.pools[p]!, rows.samples[i]!, rows.value[i]!, rows.weightOf(i), mk === 0 ? undefined : metricNames[mk - 1]!, tk === 0 ? undefined : rows.tagSets[tk - 1]!, file, rows.line[i]!));
    }
    return observations;
  }

  end(): ParseResult<Study> {
    if (this.splitter === undefined) {
      if (this.head.replace(/^\uFEFF/, "").trim() === "") {
        this.issues.add({ code: "EMPTY_INPUT", message: "the file is empty", expected: "a header line and one row per run" });
        this.issues.throwIfAny();
      }
      this.start();
    }
    this.splitter!.end();
    if (this.header === undefined) {
      this.issues.add({ code: "EMPTY_INPUT", message: "the file has no header line", expected: "a header line and one row per run" });
    }
    // Without a usable header no row was read; otherwise the file-level checks run on the rows that were valid, so
    // that one error lists the row problems and the file problems (an error above 1, a missing size, …) together.
    if (!this.headerOk) this.issues.throwIfAny();
    return this.finish();
  }

  private finish(): ParseResult<Study> {
    const issues = this.issues;
    const file = this.file;
    const opts = this.options;
    // Metric selection: the metrics of the valid rows, in order of their first one.
    const metrics = this.rows.metrics.values();
    if (metrics.length > 1 && opts.metric === undefined) {
      issues.add({
        code: "MULTIPLE_METRICS",
        line: this.headerLine,
        field: this.cols.metric!.header,
        message: `the file holds ${metrics.length} metrics (${metrics.slice(0, 6).join(", ")}${metrics.length > 6 ? ", …" : ""})`,
        expected: "one metric per study",
        suggestion: `pass metric: ${JSON.stringify(metrics[0])} to read one of them`,
      });
    }
    if (opts.metric !== undefined && this.cols.metric !== undefined && !this.selectedMetricSeen && this.rowsUnread === 0 && this.summary.rowsRead > 0) {
      issues.add({
        code: "UNKNOWN_METRIC",
        line: this.headerLine,
        field: this.cols.metric.header,
        message: `no row has metric ${JSON.stringify(opts.metric)}`,
        expected: "a metric of the file",
      });
    }
    // Bucket sizes from the options.
    const sizes = new Map<string, number>();
    for (const [id, s] of this.sizes) sizes.set(id, s.size);
    for (const [id, raw] of Object.entries(opts.bucketSizes ?? {})) {
      const s = typeof raw === "number" ? (Number.isFinite(raw) && raw > 0 ? { ok: true as const, value: raw } : { ok: false as const, code: "OUT_OF_RANGE" as const, message: `${raw}` }) : scanCount(raw);
      if (!s.ok || s.value <= 0) {
        issues.add({ code: s.ok ? "OUT_OF_RANGE" : s.code, field: `bucketSizes.${id}`, message: `bucketSizes[${JSON.stringify(id)}] is ${JSON.stringify(raw)}`, expected: "a number of unique samples > 0" });
        continue;
      }
      const fromFile = this.sizes.get(id);
      if (fromFile !== undefined && fromFile.size !== s.value) {
        issues.add({ code: "INCONSISTENT_BUCKET_SIZE", line: fromFile.line, field: this.cols.poolSize?.header ?? "pool_size", message: `bucket ${JSON.stringify(id)} has pool_size ${fromFile.size} in the file but ${s.value} in bucketSizes`, expected: "one size per bucket" });
      }
      sizes.set(id, s.value);
    }
    // Bucket order.
    const order: string[] = [];
    const inOrder = new Set<string>();
    const push = (id: string) => {
      if (!inOrder.has(id)) {
        inOrder.add(id);
        order.push(id);
      }
    };
    for (const id of opts.bucketOrder ?? []) push(id);
    for (const id of this.bucketFirst.keys()) push(id);
    for (const id of sizes.keys()) push(id);
    if (opts.bucketOrder !== undefined) {
      for (const id of this.bucketFirst.keys()) {
        if (!opts.bucketOrder.includes(id)) {
          issues.add({ code: "UNKNOWN_BUCKET", line: this.bucketFirst.get(id)!, field: (this.cols.bucket ?? this.cols.pool)?.header, message: `bucket ${JSON.stringify(id)} is not in bucketOrder`, expected: `bucketOrder listing every bucket: ${opts.bucketOrder.join(", ")}` });
        }
      }
    }
    const missingSize = new Set<string>();
    for (const id of order) {
      if (!sizes.has(id) && !this.sizeReported.has(id)) {
        missingSize.add(id);
        const line = this.bucketFirst.get(id);
        const viaEpochs = this.rows.usesEpochs(this.pools, id);
        issues.add({
          code: "MISSING_BUCKET_SIZE",
          ...(line !== undefined ? { line } : {}),
          field: this.cols.poolSize?.header ?? "pool_size",
          message: viaEpochs ? `epochs are given for bucket ${JSON.stringify(id)} but its size is not` : `bucket ${JSON.stringify(id)} has no size`,
          expected: "the number of unique samples of every bucket",
          suggestion: "add a pool_size column (once per bucket is enough) or pass bucketSizes",
        });
      }
    }
    const kind: MetricKind = opts.metricKind ?? (this.valueField === "accuracy" ? "1-accuracy" : this.valueField === "loss" ? "loss" : "error");
    // Accuracy scale.
    const valueCol = this.cols[this.valueField]!;
    let scale: "fraction" | "percent" = "fraction";
    if (this.valueField === "accuracy") {
      const pct = this.percentLike;
      const frac = this.fractionLike;
      if (opts.accuracyScale !== undefined) scale = opts.accuracyScale;
      else if (valueCol.percent) scale = "percent";
      else if (pct.count > 0 && frac.count > 0) {
        // Percents and fractions in one column: a typo (28.07 among 0.28s) or a file pasted together. Reading it
        // all as percent would turn every fraction into an accuracy below 1%.
        scale = "percent";
        const odd = pct.count <= frac.count ? pct : frac;
        issues.add({
          code: "AMBIGUOUS_ACCURACY",
          line: odd.line,
          column: odd.column,
          field: valueCol.header,
          message:
            `${valueCol.header} mixes scales: ` +
            (odd === pct
              ? `${pct.text} (line ${pct.line}) reads as a percent, but ${frac.text} (line ${frac.line}, column ${frac.column}) reads as a fraction`
              : `${frac.text} (line ${frac.line}) reads as a fraction, but ${pct.text} (line ${pct.line}, column ${pct.column}) reads as a percent`) +
            `; ${countOf(pct.count, "value reads as a percent", "values read as percents")}, ${countOf(frac.count, "as a fraction", "as fractions")}`,
          expected: "one scale for the whole column: fractions in [0, 1] (0.31 = 31%) or percents (31 or 31%)",
          suggestion: `fix line ${odd.line} if it is a typo, or pass accuracyScale: "fraction" if 0.31 means 31% or accuracyScale: "percent" if 24 means 24%`,
        });
      } else if (pct.count > 0) scale = "percent";
      else if (this.rows.length > 0) {
        issues.add({
          code: "AMBIGUOUS_ACCURACY",
          line: this.headerLine,
          column: valueCol.index + 1,
          field: valueCol.header,
          message: "every accuracy is in [0, 1], so it could be a fraction (0.31 = 31%) or a percent (0.31%)",
          expected: "accuracyScale: \"fraction\" or \"percent\", a % sign, or a header such as accuracy_pct",
          suggestion: "pass accuracyScale: \"fraction\" if 0.31 means 31%",
        });
      }
    } else if (this.valueField === "error") {
      scale = opts.errorScale ?? (valueCol.percent ? "percent" : "fraction");
    }
    // Observations.
    const maxValue = kind === "loss" ? Infinity : 1;
    // Duplicate keys use one index per pool as a set (a+b and b+a are the same pool), not the ids.
    const canonical = new Map<string, number>();
    const poolKey = this.pools.map((ids) => {
      const key = [...ids].sort().join("\u0001");
      let k = canonical.get(key);
      if (k === undefined) canonical.set(key, (k = canonical.size));
      return k;
    });
    const rows = this.rows;
    const n = rows.length;
    // Per pool: the sum of its bucket sizes, NaN when one is unknown.
    const poolSizes = this.pools.map((ids) => {
      let total = 0;
      for (const id of ids) total += sizes.get(id) ?? NaN;
      return total;
    });
    const poolHeader = this.cols.poolSize?.header;
    const samplesHeader = this.cols.samplesSeen?.header;
    const percent = scale === "percent";
    const accuracy = this.valueField === "accuracy";
    /**
     * Checks row i on its own (sizes, epochs, range): KEEP, SKIP (epochs of a pool of unknown size, already
     * reported) or REFUSED, reported when `report` is set. A kept row gets its samples seen (from epochs when
     * needed) in `rows.samples` and its error in `rows.value`, in place: a kept row is not checked again.
     */
    const check = (i: number, report: boolean): number => {
      const pool = rows.pool[i]!;
      const rowPoolSize = rows.poolSizeOf(i);
      const poolSize = poolSizes[pool]!;
      const known = !Number.isNaN(poolSize);
      if (known && this.pools[pool]!.length > 1 && !Number.isNaN(rowPoolSize) && Math.abs(rowPoolSize - poolSize) > 1e-9 * poolSize) {
        if (report) issues.add({ code: "INCONSISTENT_BUCKET_SIZE", line: rows.line[i]!, column: rows.poolSizeColumn[i]!, field: poolHeader, message: `pool ${poolLabel(this.pools[pool]!)} has pool_size ${rowPoolSize} but its buckets add up to ${poolSize}`, expected: "the sum of the bucket sizes (or leave it empty)" });
        return REFUSED;
      }
      let samples = rows.samples[i]!;
      const epochs = rows.epochsOf(i);
      if (!Number.isNaN(epochs)) {
        if (!known) return SKIP;
        const fromEpochs = epochs * poolSize;
        if (Number.isNaN(samples)) samples = fromEpochs;
        else if (Math.abs(samples - fromEpochs) > EPOCHS_TOLERANCE * samples) {
          if (report) issues.add({ code: "INCONSISTENT_VALUE", line: rows.line[i]!, column: rows.samplesColumn[i]!, field: samplesHeader, message: `samples_seen ${samples} disagrees with epochs × pool size = ${epochs} × ${poolSize} = ${fromEpochs}`, expected: `values within ${EPOCHS_TOLERANCE * 100}% of each other` });
          return REFUSED;
        }
      }
      const value = rows.value[i]!;
      const valuePercent = rows.percent[i] === 1;
      let error: number;
      if (accuracy) {
        const acc = percent || valuePercent ? value / PERCENT : value;
        if (acc > 1) {
          if (report) issues.add({ code: "OUT_OF_RANGE", line: rows.line[i]!, column: rows.valueColumn[i]!, field: valueCol.header, message: `accuracy ${value}${percent ? "%" : ""} is above ${percent ? "100%" : "1"}`, expected: percent ? "a percent in [0, 100]" : "a fraction in [0, 1]" });
          return REFUSED;
        }
        error = complement(acc);
      } else {
        error = percent || valuePercent ? value / PERCENT : value;
        if (error > maxValue) {
          if (report) issues.add({ code: "OUT_OF_RANGE", line: rows.line[i]!, column: rows.valueColumn[i]!, field: valueCol.header, message: `${valueCol.header} ${value} is above 1`, expected: "an error in [0, 1]", suggestion: "pass errorScale: \"percent\" if the errors are percentages, or metricKind: \"loss\" (or a `loss` column) for losses" });
          return REFUSED;
        }
      }
      rows.samples[i] = samples;
      rows.value[i] = error === 0 ? 0 : error;
      return KEEP;
    };
    // Pass 1: check each row, and hash the duplicate key (pool as a set, samples seen, metric id, tag-set id) of
    // those that pass. Rows are still collected after a problem elsewhere, so that every duplicate of the file is
    // reported at once.
    const status = new Uint8Array(n);
    const candidates = new Int32Array(n);
    const hashes = new Int32Array(n);
    const m = checkRows(n, check, (i) => mixKey(poolKey[rows.pool[i]!]!, rows.samples[i]!, rows.metricOf(i), rows.tagsOf(i)), status, candidates, hashes);
    const earlier = findDuplicates(hashes, m, (a, b) => {
      const i = candidates[a]!;
      const j = candidates[b]!;
      return poolKey[rows.pool[i]!] === poolKey[rows.pool[j]!] && rows.samples[i] === rows.samples[j] && rows.metricOf(i) === rows.metricOf(j) && rows.tagsOf(i) === rows.tagsOf(j);
    });
    // Pass 2, in file order: the problems (as pass 1 found them); pass 3: the observations, counted per pool.
    this.reportRows(status, earlier, candidates, check);
    const perPool = new Int32Array(this.pools.length);
    const observations = this.buildObservations(earlier, candidates, m, perPool);
    if (observations.length === 0 && issues.size === 0) {
      issues.add({ code: "NO_OBSERVATIONS", line: this.headerLine, message: "the file has a header but no data rows", expected: "one row per training run" });
    }
    issues.throwIfAny();
    const buckets: StudyBucket[] = order.map((id) => {
      const quality = this.qualities.get(id);
      return { id, size: sizes.get(id)!, ...(quality !== undefined ? { quality: { group: quality.group } } : {}) };
    });
    const metricName = opts.metric ?? (metrics.length === 1 ? metrics[0]! : valueCol.header);
    const study: Study = {
      format: "qqt.study/v1",
      name: opts.name ?? baseName(file),
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.source !== undefined ? { source: opts.source } : {}),
      metric: { name: metricName, kind },
      buckets,
      observations,
    };
    verifyStudy(study, this.file);
    const perBucket = new Map(buckets.map((b) => [b.id, 0]));
    this.pools.forEach((ids, p) => {
      for (const id of ids) perBucket.set(id, (perBucket.get(id) ?? 0) + perPool[p]!);
    });
    return { data: study, summary: this.summary.build(buckets, observations, perBucket) };
  }
}

/** The last path component, without a trailing extension. @internal */
export function baseName(path: string): string {
  const last = path.split(/[\\/]/).filter((s) => s !== "").pop() ?? path;
  return last.replace(/\.(csv|tsv|tab|txt|json|jsonl)$/i, "");
}

/**
 * Pass 1 of the study build: `check(i, false)` of every row into `status`, and the kept rows with the hashes of
 * their duplicate keys into `candidates` and `hashes`; returns how many were kept. A function of its own so that its
 * loop is compiled alone (the reader runs it once per file).
 */
function checkRows(n: number, check: (i: number, report: boolean) => number, hashOf: (i: number) => number, status: Uint8Array, candidates: Int32Array, hashes: Int32Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const st = check(i, false);
    status[i] = st;
    if (st !== KEEP) continue;
    candidates[m] = i;
    hashes[m++] = hashOf(i);
  }
  return m;
}

/**
 * An observation with its properties in the order of the study format (weight, metric and tags when present),
 * created whole in the common cases: one object of final shape, no property added later.
 */
function observation(
  pool: string[],
  samplesSeen: number,
  error: number,
  weight: number,
  metric: string | undefined,
  tags: Record<string, string> | undefined,
  file: string,
  line: number,
): StudyObservation {
  // The origin is a nested literal: V8 then decides for the two objects together whether to allocate them in the old
  // generation (they all live as long as the study), instead of copying them through the young one.
  if (Number.isNaN(weight) && metric === undefined) return tags === undefined ? { pool, samplesSeen, error, origin: { file, line } } : { pool, samplesSeen, error, tags, origin: { file, line } };
  const obs: StudyObservation = { pool, samplesSeen, error };
  if (!Number.isNaN(weight)) obs.weight = weight;
  if (metric !== undefined) obs.metric = metric;
  if (tags !== undefined) obs.tags = tags;
  obs.origin = { file, line };
  return obs;
}

/** A 32-bit hash of a duplicate key: pool id, samples seen (a double), metric id, tag-set id. @internal */
function mixKey(pool: number, samples: number, metric: number, tags: number): number {
  let h = Math.imul(pool ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (samples % 4294967296 >>> 0), 0xc2b2ae35);
  h = Math.imul(h ^ Math.floor(samples / 4294967296), 0x27d4eb2f);
  h = Math.imul(h ^ metric, 0x165667b1);
  h = Math.imul(h ^ tags, 0x9e3779b1);
  // Murmur3's finalizer: the low bits (the slot) depend on every input bit, not only on the inputs' low bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
