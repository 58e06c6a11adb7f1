// Reading the runs: any format @qqt/data reads, with the command-line options mapped to the readers' options,
// one study picked per input, and several inputs merged into one study when they are compatible.
import { DataError, MAX_ISSUES, parsePoolManifest, type PoolManifestV1, type DataIssue, type InputFormat, type ModelFileV1, type ParseAutoOptions, type ReadSummary, type Study, type StudyBucket, type StudyObservation, type TidyField } from "@qqt/data";
import { readPath } from "@qqt/data/node";
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Context } from "./context.js";
import { CliError, usage } from "./errors.js";
import { resolveInput } from "./examples.js";
import { formatCount } from "@qqt/core";

/** The reading options shared by `fit`, `validate` and `holdout` (as commander parses them). */
export interface InputOptions {
  metric?: string;
  accuracyScale?: "fraction" | "percent";
  errorScale?: "fraction" | "percent";
  metricKind?: "error" | "1-accuracy" | "loss";
  study?: string;
  score?: string;
  columns?: string;
  bucketSize?: string;
  bucketSizes?: string;
  delimiter?: string;
  bucketOrder?: string;
}

/** A comma-separated list of ids. */
export function parseList(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** One input as read. */
export interface InputRead {
  path: string;
  format: InputFormat;
  studies: Study[];
  model?: ModelFileV1;
  summary: ReadSummary;
}

const TIDY_FIELDS: Readonly<Record<string, TidyField>> = {
  bucket: "bucket",
  pool: "pool",
  poolsize: "poolSize",
  pool_size: "poolSize",
  samplesseen: "samplesSeen",
  samples_seen: "samplesSeen",
  epochs: "epochs",
  error: "error",
  accuracy: "accuracy",
  loss: "loss",
  metric: "metric",
  model: "model",
  seed: "seed",
  weight: "weight",
};

const DELIMITERS: Readonly<Record<string, "," | "\t" | ";">> = { ",": ",", comma: ",", tab: "\t", "\\t": "\t", "\t": "\t", ";": ";", semicolon: ";" };

/** `key=value,key=value` → pairs (values may not contain commas). */
export function parseAssignments(text: string, option: string, example: string): Array<[string, string]> {
  return text.split(",").map((part) => {
    const i = part.indexOf("=");
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (i < 0 || key === "" || value === "") throw usage(`${option}: "${part.trim()}" is not key=value. Expected e.g. ${example}.`);
    return [key, value];
  });
}

/**
 * A `qqt.pool/v1` manifest (from `qqt pool bucket -o`) given as `--bucket-sizes manifest.json`: its buckets' row
 * counts are the bucket sizes.
 */
export function readPoolManifest(path: string): PoolManifestV1 {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new DataError([
      {
        code: missing ? "FILE_NOT_FOUND" : "READ_FAILED",
        file: path,
        field: "--bucket-sizes",
        message: missing ? "no such file" : `cannot read the file (${(error as Error).message})`,
        expected: "a qqt.pool/v1 manifest (qqt pool bucket -o manifest.json) or sizes by id, e.g. top0-10=12.8M,top10-20=12.8M",
      },
    ]);
  }
  return parsePoolManifest(bytes, { file: path });
}

/** The readers' options for the command-line options. */
export function readerOptions(o: InputOptions): ParseAutoOptions {
  const tidy: NonNullable<ParseAutoOptions["tidy"]> = {};
  const datacomp: NonNullable<ParseAutoOptions["datacomp"]> = {};
  const openclip: NonNullable<ParseAutoOptions["openclip"]> = {};
  if (o.metric !== undefined) {
    const list = o.metric.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (list.length === 0) throw usage(`--metric: expected a task key, avg18, avg38, all or a comma-separated list of task keys.`);
    datacomp.metric = list.length === 1 ? list[0]! : list;
    if (list.length === 1) {
      tidy.metric = list[0]!;
      openclip.task = list[0]!;
    }
  }
  if (o.score !== undefined) openclip.score = o.score;
  if (o.accuracyScale !== undefined) tidy.accuracyScale = o.accuracyScale;
  if (o.errorScale !== undefined) tidy.errorScale = o.errorScale;
  if (o.metricKind !== undefined) tidy.metricKind = o.metricKind;
  if (o.columns !== undefined) {
    const columns: Partial<Record<TidyField, string>> = {};
    for (const [key, header] of parseAssignments(o.columns, "--columns", "samplesSeen=samples,error=err")) {
      const field = TIDY_FIELDS[key.toLowerCase()];
      if (field === undefined) throw usage(`--columns: unknown field "${key}". Fields: ${[...new Set(Object.values(TIDY_FIELDS))].join(", ")}.`);
      columns[field] = header;
    }
    tidy.columns = columns;
  }
  if (o.bucketSizes !== undefined) {
    const sizes: Record<string, string | number> = {};
    if (!o.bucketSizes.includes("=") && (/\.json$/i.test(o.bucketSizes) || o.bucketSizes.includes("/") || existsSync(o.bucketSizes))) for (const b of readPoolManifest(o.bucketSizes).buckets) sizes[b.id] = b.count;
    else for (const [id, size] of parseAssignments(o.bucketSizes, "--bucket-sizes", "top0-10=12.8M,top10-20=12.8M")) sizes[id] = size;
    tidy.bucketSizes = sizes;
    datacomp.bucketSizes = sizes;
  }
  if (o.bucketSize !== undefined) datacomp.bucketSize = o.bucketSize;
  if (o.bucketOrder !== undefined) {
    tidy.bucketOrder = parseList(o.bucketOrder);
    datacomp.bucketOrder = parseList(o.bucketOrder);
  }
  if (o.delimiter !== undefined) {
    const d = DELIMITERS[o.delimiter];
    if (d === undefined) throw usage(`--delimiter: expected ",", ";" or tab, got "${o.delimiter}".`);
    tidy.delimiter = d;
  }
  return { tidy, datacomp, openclip, withOrigins: true };
}

/** Reads that end sooner than this draw no progress bar. */
const READ_PROGRESS_DELAY_MS = 300;

const FORMAT_NAMES: Readonly<Record<InputFormat, string>> = {
  "qqt.study/v1": "qqt.study/v1 JSON",
  "qqt.model/v1": "qqt.model/v1 JSON",
  "tidy-csv": "tidy CSV/TSV",
  datacomp: "DataComp evaluation output",
  "openclip-csv": "OpenCLIP results CSV",
};

/** A format for people. */
export function formatName(format: InputFormat): string {
  return FORMAT_NAMES[format];
}

/**
 * Reads one input (throws the reader's DataError), with a progress bar of the bytes read on a terminal once a read
 * lasts longer than {@link READ_PROGRESS_DELAY_MS}.
 */
export async function readInput(input: string, options: ParseAutoOptions, ctx: Context): Promise<InputRead> {
  const path = resolveInput(input);
  const progress = ctx.progress(`reading ${path}`, { unit: "bytes", delayMs: READ_PROGRESS_DELAY_MS });
  try {
    const { data, summary } = await readPath(path, { ...options, onProgress: ({ bytesRead, totalBytes }) => progress.update(bytesRead, totalBytes) });
    return { path, format: data.format, studies: data.studies, ...(data.model !== undefined ? { model: data.model } : {}), summary };
  } finally {
    progress.stop();
  }
}

/** The study of an input that `--study` names (exact name, else a unique case-insensitive part of one). */
export function pickStudy(read: InputRead, name: string | undefined): Study {
  const { studies } = read;
  if (studies.length === 0) {
    throw new CliError(
      "NO_STUDY",
      read.format === "qqt.model/v1"
        ? `${read.path} is a model (qqt.model/v1), not training runs. Give runs to fit (study JSON, CSV, DataComp directory); use the model with \`qqt predict\` or \`qqt recommend\`.`
        : `${read.path} holds no study.`,
    );
  }
  const names = studies.map((s, i) => s.name ?? `study ${i + 1}`);
  const list = names.map((n) => `"${n}"`).join(", ");
  if (name === undefined) {
    if (studies.length === 1) return studies[0]!;
    throw new CliError("AMBIGUOUS_STUDY", `${read.path} holds ${studies.length} studies: ${list}. Pick one with --study <name> (a unique part of the name is enough, e.g. --study ${shortHint(names)}).`);
  }
  const exact = names.findIndex((n) => n === name);
  if (exact >= 0) return studies[exact]!;
  const needle = name.toLowerCase();
  const matches = names.map((n, i) => [n, i] as const).filter(([n]) => n.toLowerCase().includes(needle));
  if (matches.length === 1) return studies[matches[0]![1]]!;
  throw new CliError(
    "AMBIGUOUS_STUDY",
    matches.length === 0
      ? `--study "${name}" matches none of the ${studies.length} studies in ${read.path}: ${list}.`
      : `--study "${name}" matches ${matches.length} studies in ${read.path}: ${matches.map(([n]) => `"${n}"`).join(", ")}. Give more of the name.`,
  );
}

function shortHint(names: string[]): string {
  const word = names[0]!.split(/\s+/).find((w) => names.filter((n) => n.includes(w)).length === 1);
  return JSON.stringify(word ?? names[0]!);
}

/**
 * How many problems a list of issues stands for: a list cut at {@link MAX_ISSUES} ends with a `TOO_MANY_ERRORS` issue
 * ("and 13 more problems not listed"), which counts the problems left out rather than being one.
 */
export function countProblems(issues: readonly DataIssue[]): number {
  return issues.reduce((n, issue) => {
    if (issue.code !== "TOO_MANY_ERRORS") return n + 1;
    const more = /and (\d+) more/.exec(issue.message);
    return n + (more !== null ? Number(more[1]) : 1);
  }, 0);
}

/** What identifies a run: the pool as a set of bucket ids, samples seen, metric and tags (as the readers key them). */
function runKey(o: StudyObservation, study: Study): string {
  const pool = [...new Set(o.pool)].sort().join("\u0001");
  const tags = Object.entries(o.tags ?? {}).sort(([u], [v]) => (u < v ? -1 : u > v ? 1 : 0)).map(([k, v]) => `\u0002${k}\u0003${v}`).join("");
  return `${pool}\u0002${o.samplesSeen}\u0002${o.metric ?? study.metric?.name ?? ""}${tags}`;
}

/** Where an observation was read: `file:line`, else its index in the input. */
function place(path: string, o: StudyObservation, index: number): string {
  return o.origin !== undefined ? `${o.origin.file}:${o.origin.line}` : `${path} (observations[${index}])`;
}

/**
 * The observations of each input that repeat one of an earlier input (same pool as a set of bucket ids, samples seen,
 * metric and tags): one `DUPLICATE_OBSERVATION` issue each, located at the repeat and naming the first place. At most
 * `limit` issues per input are listed, then a `TOO_MANY_ERRORS` issue counts the rest (as the readers do).
 */
export function findDuplicateObservations(parts: ReadonlyArray<{ path: string; study: Study }>, limit = MAX_ISSUES): Array<{ part: number; issue: DataIssue }> {
  const first = new Map<string, string>();
  const out: Array<{ part: number; issue: DataIssue }> = [];
  parts.forEach(({ path, study }, part) => {
    const mine = new Map<string, string>();
    let listed = 0;
    let dropped = 0;
    study.observations.forEach((o, i) => {
      const key = runKey(o, study);
      const earlier = first.get(key);
      if (!mine.has(key)) mine.set(key, place(path, o, i));
      if (earlier === undefined) return;
      if (listed === limit) return void dropped++;
      listed++;
      const what = [`pool ${[...o.pool].join("+")}`, `${o.samplesSeen} samples seen`, ...(o.metric !== undefined ? [`metric ${o.metric}`] : []), ...Object.entries(o.tags ?? {}).map(([k, v]) => `${k} ${v}`)];
      out.push({
        part,
        issue: {
          code: "DUPLICATE_OBSERVATION",
          file: o.origin?.file ?? path,
          ...(o.origin !== undefined ? { line: o.origin.line } : {}),
          message: `this run repeats ${earlier} (${what.join(", ")})`,
          expected: "each run in one input only (one per pool, samples seen, metric and tags)",
          suggestion: "for repeated runs, add a `seed` or `model` tag column that tells them apart; else give each run once",
        },
      });
    });
    if (dropped > 0) {
      out.push({
        part,
        issue: {
          code: "TOO_MANY_ERRORS",
          file: path,
          message: `and ${dropped} more problems not listed (the first ${limit} are)`,
          suggestion: "fix the problems listed and read the inputs again",
        },
      });
    }
    for (const [key, where] of mine) if (!first.has(key)) first.set(key, where);
  });
  return out;
}

/**
 * Merges the studies of several inputs into one: the same bucket must have the same size everywhere and the metric
 * must be the same. Buckets keep the order of first appearance (the first input's best-first order), or
 * `bucketOrder`; an input listing buckets in another order gets a warning. A run repeated from an earlier input
 * (see {@link findDuplicateObservations}) throws a DataError, unless `duplicates` is `"ignore"` (the caller lists them).
 */
export function mergeStudies(
  parts: ReadonlyArray<{ path: string; study: Study }>,
  options: { bucketOrder?: readonly string[]; warn?: (message: string) => void; duplicates?: "error" | "ignore" } = {},
): Study {
  if (parts.length === 1 && options.bucketOrder === undefined) return parts[0]!.study;
  const buckets: StudyBucket[] = [];
  const where = new Map<string, { path: string; index: number }>();
  for (const { path, study } of parts) {
    for (const b of study.buckets) {
      const seen = where.get(b.id);
      if (seen === undefined) {
        where.set(b.id, { path, index: buckets.length });
        buckets.push(b);
      } else if (buckets[seen.index]!.size !== b.size) {
        throw new CliError(
          "INCOMPATIBLE_INPUTS",
          `bucket "${b.id}" has ${formatCount(buckets[seen.index]!.size)} samples in ${seen.path} but ${formatCount(b.size)} in ${path}; inputs can be merged only when every bucket has one size.`,
        );
      }
    }
  }
  if (options.bucketOrder !== undefined) {
    const rank = new Map(options.bucketOrder.map((id, i) => [id, i]));
    const unknown = options.bucketOrder.filter((id) => !where.has(id));
    if (unknown.length > 0) throw usage(`--bucket-order: no input has bucket ${unknown.map((u) => `"${u}"`).join(", ")}. Buckets: ${buckets.map((b) => b.id).join(", ")}.`);
    buckets.sort((u, v) => (rank.get(u.id) ?? Infinity) - (rank.get(v.id) ?? Infinity));
  } else {
    for (const { path, study } of parts.slice(1)) {
      const order = study.buckets.map((b) => buckets.findIndex((x) => x.id === b.id));
      const i = order.findIndex((k, j) => j > 0 && k < order[j - 1]!);
      if (i > 0) {
        options.warn?.(
          `${path} lists bucket "${study.buckets[i - 1]!.id}" before "${study.buckets[i]!.id}"; using the order of the first input, best first: ${buckets.map((b) => b.id).join(", ")} (set it with --bucket-order).`,
        );
      }
    }
  }
  const metrics = parts.filter((p) => p.study.metric !== undefined).map((p) => ({ path: p.path, name: p.study.metric!.name }));
  const other = metrics.find((m) => m.name !== metrics[0]!.name);
  if (other !== undefined) {
    throw new CliError(
      "INCOMPATIBLE_INPUTS",
      `the inputs measure different metrics: "${metrics[0]!.name}" in ${metrics[0]!.path}, "${other.name}" in ${other.path}. Pick one with --metric, or fit them separately.`,
    );
  }
  if (options.duplicates !== "ignore") {
    const duplicates = findDuplicateObservations(parts);
    if (duplicates.length > 0) throw new DataError(duplicates.map((d) => d.issue));
  }
  const first = parts[0]!.study;
  const synthetic = parts.some((p) => p.study.source?.synthetic === true);
  const source = first.source !== undefined || synthetic ? { ...first.source, ...(synthetic ? { synthetic: true } : {}) } : undefined;
  const metric = parts.find((p) => p.study.metric !== undefined)?.study.metric;
  return {
    format: "qqt.study/v1",
    name: parts.map((p) => p.study.name ?? basename(p.path)).join(" + "),
    ...(source !== undefined ? { source } : {}),
    ...(metric !== undefined ? { metric } : {}),
    buckets,
    observations: parts.flatMap((p) => p.study.observations),
  };
}

/** Reads every input, prints the readers' warnings, picks and merges the studies. */
export async function loadStudy(paths: readonly string[], o: InputOptions, ctx: Context): Promise<{ study: Study; reads: InputRead[] }> {
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup !== undefined) throw usage(`${dup} is given twice; each input is read once.`);
  const options = readerOptions(o);
  const reads: Array<InputRead | undefined> = [];
  const deferred: number[] = [];
  for (const path of paths) {
    try {
      reads.push(await readInput(path, options, ctx));
    } catch (error) {
      // With several inputs, a pool may name a bucket sized only in another input: read that one again below.
      if (paths.length > 1 && error instanceof DataError && error.issues.every((i) => i.code === "MISSING_BUCKET_SIZE")) {
        deferred.push(reads.length);
        reads.push(undefined);
      } else throw error;
    }
  }
  if (deferred.length > 0) {
    const sizes: Record<string, number | string> = {};
    for (const r of reads) for (const s of r?.studies ?? []) for (const b of s.buckets) sizes[b.id] ??= b.size;
    const withSizes: ParseAutoOptions = {
      ...options,
      tidy: { ...options.tidy, bucketSizes: { ...sizes, ...options.tidy?.bucketSizes } },
      datacomp: { ...options.datacomp, bucketSizes: { ...sizes, ...options.datacomp?.bucketSizes } },
    };
    for (const i of deferred) reads[i] = await readInput(paths[i]!, withSizes, ctx);
  }
  const done = reads as InputRead[];
  for (const read of done) for (const w of read.summary.warnings) ctx.warn(`${w.file}${w.line !== undefined ? `:${w.line}` : ""}: ${w.message}`);
  const study = mergeStudies(
    done.map((r) => ({ path: r.path, study: pickStudy(r, o.study) })),
    { ...(o.bucketOrder !== undefined ? { bucketOrder: parseList(o.bucketOrder) } : {}), warn: (m) => ctx.warn(m) },
  );
  return { study, reads: done };
}
