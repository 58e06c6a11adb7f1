import { IssueCollector } from "../DataError.js";
import { verifyStudy } from "../internal/verifyStudy.js";
import { complement, COUNT_FORMAT, scanCount, scanDecimal } from "../parseCount.js";
import { closest, closestKey, listKeys } from "../internal/check.js";
import { normalizeHeader } from "../internal/columns.js";
import { DelimitedTokenizer, firstLine, sniffDelimiter } from "../internal/DelimitedTokenizer.js";
import type { DelimitedRecord } from "../internal/DelimitedTokenizer.js";
import { observationKey } from "../internal/keys.js";
import { naturalCompare } from "../internal/LineSplitter.js";
import { SummaryBuilder } from "../internal/SummaryBuilder.js";
import type { ParseResult, SourceInfo, Study, StudyBucket, StudyObservation } from "../types.js";
import { countOf } from "../internal/countOf.js";

/**
 * The LAION datasets of the OpenCLIP scaling-law runs (Cherti et al., CVPR 2023) as buckets, with their unique-sample
 * counts, keyed by the `upstream_dataset` values of `zeroshot_results.csv`.
 *
 * @remarks Sizes from the dataset's `trained_models_info.csv` and SOURCE.md: LAION-80M = 80,000,415 (its
 * `samples_per_epoch`, a real pass); LAION-400M = 407,332,084 (the `samples_per_epoch` of most 400M runs; three runs
 * list the nominal 413,000,000); LAION-2B-en ≈ 2.32 B (SOURCE.md; its runs use shorter "virtual epochs", so no
 * per-run count gives the pool size). Order: smallest first; the three are not quality slices of one pool, so the
 * studies list each dataset alone as a candidate (`candidates`) instead of unions of them.
 * @example
 * ```ts
 * LAION_BUCKETS.map((b) => b.size); // [80000415, 407332084, 2320000000]
 * ```
 */
export const LAION_BUCKETS: readonly StudyBucket[] = Object.freeze([
  { id: "LAION-80M", size: 80_000_415, label: "LAION-80M (subset of LAION-400M)" },
  { id: "LAION-400M", size: 407_332_084, label: "LAION-400M" },
  { id: "LAION-2B", size: 2_320_000_000, label: "LAION-2B-en" },
]);

/** Accuracy-like columns of `zeroshot_results.csv` that can serve as the score. */
const SCORE_COLUMNS = ["acc1", "acc5", "mean_per_class_recall", "image_retrieval_recall@5", "text_retrieval_recall@5", "mean_average_precision"] as const;

/**
 * Credit for the OpenCLIP scaling-law results.
 *
 * @example
 * ```ts
 * OPENCLIP_SOURCE.citation; // "Cherti et al., \"Reproducible scaling laws for contrastive language-image learning\", CVPR 2023 (arXiv:2212.07143)"
 * ```
 */
export const OPENCLIP_SOURCE: SourceInfo = Object.freeze({
  citation: 'Cherti et al., "Reproducible scaling laws for contrastive language-image learning", CVPR 2023 (arXiv:2212.07143)',
  url: "https://github.com/LAION-AI/scaling-laws-openclip",
  licence: "no licence file in the repository; results published with the paper, used here as reference data",
});

/**
 * Options of {@link parseOpenClipCsv}.
 *
 * @example
 * ```ts
 * const options: OpenClipOptions = { task: "imagenet1k", score: "acc1", architectures: ["ViT-B-32"] };
 * ```
 */
export interface OpenClipOptions {
  /** Names the input in errors and origins (default `<input>`). */
  file?: string;
  /** The `downstream_dataset` to read (default `imagenet1k`). */
  task?: string;
  /** The accuracy-like column to turn into error = 1 − score (default `acc1`). */
  score?: string;
  /** Architectures to read, in the order of the returned studies (default: every one with a LAION run, sorted). */
  architectures?: string[];
  /** The buckets (default {@link LAION_BUCKETS}); rows of other upstream datasets are skipped and counted. */
  buckets?: readonly StudyBucket[];
}

const REQUIRED = ["arch", "samples_seen", "upstream_dataset", "downstream_dataset"] as const;

/** Incremental reader of `zeroshot_results.csv`. @internal */
export class OpenClipReader {
  private readonly file: string;
  private readonly issues: IssueCollector;
  private readonly summary = new SummaryBuilder("openclip-csv");
  private tokenizer: DelimitedTokenizer | undefined;
  private head = "";
  private header: string[] | undefined;
  private index: Record<string, number> = {};
  private headerOk = false;
  private readonly task: string;
  private readonly score: string;
  private readonly buckets: readonly StudyBucket[];
  private readonly byArch = new Map<string, StudyObservation[]>();
  private readonly seen = new Map<string, number>();
  private readonly tasksSeen = new Set<string>();

  constructor(private readonly options: OpenClipOptions = {}) {
    this.file = options.file ?? "<input>";
    this.issues = new IssueCollector(this.file);
    this.summary.files.push(this.file);
    this.task = options.task ?? "imagenet1k";
    this.score = normalizeHeader(options.score ?? "acc1");
    this.buckets = options.buckets ?? LAION_BUCKETS;
    for (const a of options.architectures ?? []) this.byArch.set(a, []);
  }

  push(chunk: string): void {
    if (this.tokenizer !== undefined) return this.tokenizer.push(chunk);
    this.head += chunk;
    if (/[\r\n]/.test(this.head)) this.start();
  }

  private start(): void {
    let text = this.head;
    this.head = "";
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const sniffed = sniffDelimiter(firstLine(text), this.file);
    this.tokenizer = new DelimitedTokenizer(typeof sniffed === "string" ? sniffed : ",", (r) => this.record(r), (i) => this.issues.add(i));
    this.tokenizer.push(text);
  }

  private record(r: DelimitedRecord): void {
    if (this.header === undefined) {
      if (r.fields.length === 1 && r.fields[0]!.trim() === "") return;
      this.header = r.fields.map(normalizeHeader);
      this.header.forEach((h, i) => (this.index[h] ??= i));
      const before = this.issues.size;
      for (const need of [...REQUIRED, this.score]) {
        if (this.index[need] === undefined) {
          const guess = closest(need, this.header);
          this.issues.add({ code: "MISSING_COLUMN", line: r.line, field: need, message: `column \`${need}\` is missing`, expected: `OpenCLIP zeroshot_results.csv columns: ${[...REQUIRED, this.score].join(", ")}`, ...(guess !== undefined ? { suggestion: `found \`${guess}\`` } : {}) });
        }
      }
      this.headerOk = this.issues.size === before;
      return;
    }
    this.summary.rowsRead++;
    if (r.fields.length === 1 && r.fields[0]!.trim() === "") return void this.summary.skip("BLANK_LINE", "blank line", this.file, r.line);
    if (!this.headerOk) return;
    if (r.fields.length !== this.header.length) {
      this.issues.add({ code: "INVALID_CSV", line: r.line, message: `the row has ${countOf(r.fields.length, "field")} but the header has ${this.header.length}`, expected: `${countOf(this.header.length, "field")} per row` });
      return;
    }
    const get = (name: string) => r.fields[this.index[name]!]!.trim();
    const col = (name: string) => r.columns[this.index[name]!];
    const task = get("downstream_dataset");
    this.tasksSeen.add(task);
    if (task !== this.task) return void this.summary.skip("TASK_NOT_IN_METRIC", task, this.file, r.line);
    const upstream = get("upstream_dataset");
    if (!this.buckets.some((b) => b.id === upstream)) return void this.summary.skip("NOT_A_BUCKET", upstream, this.file, r.line);
    const arch = get("arch");
    if (arch === "") {
      this.issues.add({ code: "MISSING_VALUE", line: r.line, column: col("arch"), field: "arch", message: "the architecture is empty", expected: "e.g. ViT-B-32" });
      return;
    }
    if (this.options.architectures !== undefined && !this.options.architectures.includes(arch)) {
      return void this.summary.skip("ARCHITECTURE_NOT_SELECTED", arch, this.file, r.line);
    }
    const before = this.issues.size;
    const samples = scanCount(get("samples_seen"));
    if (!samples.ok) this.issues.add({ code: samples.code, line: r.line, column: col("samples_seen"), field: "samples_seen", message: `samples_seen: ${samples.message}`, expected: COUNT_FORMAT });
    else if (samples.value <= 0) this.issues.add({ code: "OUT_OF_RANGE", line: r.line, column: col("samples_seen"), field: "samples_seen", message: "samples_seen is 0", expected: "a number of samples seen > 0" });
    const score = scanDecimal(get(this.score));
    if (!score.ok) {
      // Retrieval tasks have no acc1: say which score columns this row does have.
      const others = SCORE_COLUMNS.filter((c) => c !== this.score && this.index[c] !== undefined && get(c) !== "");
      this.issues.add({
        code: score.code,
        line: r.line,
        column: col(this.score),
        field: this.score,
        message: `${this.score} of ${arch} on ${upstream}: ${score.message}`,
        expected: "an accuracy in [0, 1]",
        ...(others.length > 0 ? { suggestion: `this task's rows have ${others.join(", ")} instead: pass score: "${others[0]}" (or another of them)` } : {}),
      });
    }
    else if (score.percent || score.value < 0 || score.value > 1) this.issues.add({ code: score.value < 0 ? "NEGATIVE_NUMBER" : "OUT_OF_RANGE", line: r.line, column: col(this.score), field: this.score, message: `${this.score} is ${get(this.score)}`, expected: "an accuracy in [0, 1]" });
    if (this.issues.size > before || !samples.ok || !score.ok) return;
    const obs: StudyObservation = { pool: [upstream], samplesSeen: samples.value, error: complement(score.value), metric: this.task };
    const tags: Record<string, string> = { arch };
    if (this.index.name !== undefined && get("name") !== "") tags.model = get("name");
    if (this.index.samples_seen_pretty !== undefined && get("samples_seen_pretty") !== "") tags.samples = get("samples_seen_pretty");
    obs.tags = tags;
    obs.origin = { file: this.file, line: r.line };
    const key = `${arch}\u0003${observationKey({ pool: obs.pool, samplesSeen: obs.samplesSeen })}`;
    const previous = this.seen.get(key);
    if (previous !== undefined) {
      this.issues.add({ code: "DUPLICATE_OBSERVATION", line: r.line, message: `${arch} on ${upstream} at ${obs.samplesSeen} samples seen repeats line ${previous}`, expected: "one row per architecture, dataset, samples seen and task" });
      return;
    }
    this.seen.set(key, r.line);
    this.summary.rowsUsed++;
    let list = this.byArch.get(arch);
    if (list === undefined) this.byArch.set(arch, (list = []));
    list.push(obs);
  }

  end(): ParseResult<Study[]> {
    if (this.tokenizer === undefined) {
      if (this.head.replace(/^\uFEFF/, "").trim() === "") {
        this.issues.add({ code: "EMPTY_INPUT", message: "the file is empty", expected: "OpenCLIP zeroshot_results.csv" });
        this.issues.throwIfAny();
      }
      this.start();
    }
    this.tokenizer!.end();
    if (this.header === undefined) this.issues.add({ code: "EMPTY_INPUT", message: "the file has no header", expected: "OpenCLIP zeroshot_results.csv" });
    if (this.headerOk && !this.tasksSeen.has(this.task)) {
      const guess = closestKey(this.task, this.tasksSeen);
      this.issues.add({ code: "UNKNOWN_METRIC", line: 1, field: "downstream_dataset", message: `no row has downstream_dataset ${JSON.stringify(this.task)}`, expected: `a downstream_dataset of the file: ${listKeys(this.tasksSeen)}`, ...(guess !== undefined ? { suggestion: `did you mean ${JSON.stringify(guess)}?` } : {}) });
    }
    for (const [arch, list] of this.byArch) {
      if (list.length === 0) this.issues.add({ code: "NO_OBSERVATIONS", field: "arch", message: `no ${this.task} row of architecture ${JSON.stringify(arch)} on a LAION bucket`, expected: "an architecture of the file" });
    }
    if (this.byArch.size === 0 && this.issues.size === 0) this.issues.add({ code: "NO_OBSERVATIONS", message: "no row is a LAION run", expected: `rows with upstream_dataset ${this.buckets.map((b) => b.id).join(", ")}` });
    this.issues.throwIfAny();
    const archs = this.options.architectures ?? [...this.byArch.keys()].sort(naturalCompare);
    const order = new Map(this.buckets.map((b, i) => [b.id, i]));
    const studies: Study[] = archs.map((arch) => {
      const observations = [...this.byArch.get(arch)!].sort((a, b) => order.get(a.pool[0]!)! - order.get(b.pool[0]!)! || a.samplesSeen - b.samplesSeen);
      return {
        format: "qqt.study/v1",
        name: `OpenCLIP ${arch} on LAION`,
        description: `${arch} trained on LAION-80M, LAION-400M and LAION-2B-en for about 3B, 13B and 34B samples seen; error = 1 − ${this.task} zero-shot ${this.score}. Each run trains on one dataset, so each observation's pool is a single bucket.`,
        source: { ...OPENCLIP_SOURCE },
        metric: { name: this.task, description: `${this.task} zero-shot error (1 − ${this.score})`, kind: "1-accuracy" },
        buckets: this.buckets.map((b) => ({ ...b })),
        observations,
        // The datasets are nested (80M ⊂ 400M ⊂ 2B), not slices of one pool: each is a candidate on its own.
        candidates: this.buckets.map((b) => [b.id]),
      };
    });
    for (const s of studies) verifyStudy(s, this.file);
    const all = studies.flatMap((s) => s.observations);
    return { data: studies, summary: this.summary.build(this.buckets, all) };
  }
}
