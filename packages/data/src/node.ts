/// <reference types="node" />
// @qqt/data/node: Node-only file-system helpers. Reads files and directories in bounded memory (streaming line by
// line) and reuses the browser-safe readers of `@qqt/data`.
import { createReadStream, type Stats } from "node:fs";
import { open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { TextDecoder } from "node:util";
import { DataError } from "./DataError.js";
import { MAX_INPUT_BYTES } from "./internal/limits.js";
import { lineOfFirstInvalidByte } from "./decodeText.js";
import { DataCompReader } from "./datacomp/DataCompReader.js";
import type { DataCompOptions } from "./datacomp/DataCompReader.js";
import type { ExampleId } from "./examples.js";
import { MANIFEST_FILE_NAMES, parseDataCompManifest } from "./datacomp/manifest.js";
import { normalizeHeader } from "./internal/columns.js";
import { firstLine } from "./internal/DelimitedTokenizer.js";
import { naturalCompare } from "./internal/LineSplitter.js";
import { safelyAsync } from "./internal/safely.js";
import { OpenClipReader } from "./openclip/OpenClipReader.js";
import type { OpenClipOptions } from "./openclip/OpenClipReader.js";
import type { ParseAutoOptions, ParsedInput } from "./parseAuto.js";
import { parseModel } from "./parseModel.js";
import { parseStudy } from "./parseStudy.js";
import type { ParseStudyOptions } from "./parseStudy.js";
import { TidyCsvReader } from "./tidy/TidyCsvReader.js";
import type { TidyCsvOptions } from "./tidy/TidyCsvReader.js";
import type { InputFormat, ModelFileV1, ParseResult, SafeParseResult, Study } from "./types.js";
import { writeModel } from "./writeModel.js";
import { writeStudy } from "./writeStudy.js";

/** Files up to this size are read in one call; larger ones are streamed. */
const WHOLE_FILE_LIMIT = 1 << 20;
/** Evaluation files read ahead of the one being parsed. */
const READ_AHEAD = 16;
/** Chunk size of streamed reads. */
const STREAM_CHUNK = 1 << 18;
/** Files whose sizes are asked for at once. */
const STAT_BATCH = 64;

function fileError(error: unknown, path: string): DataError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") {
    return new DataError([{ code: "FILE_NOT_FOUND", file: path, message: "no such file or directory", expected: "an existing path" }]);
  }
  return new DataError([{ code: "READ_FAILED", file: path, message: `cannot read it: ${(error as Error).message}`, expected: "a readable file or directory" }]);
}

/**
 * How far a read has got, for a progress bar: bytes consumed of the input's total (a directory's total is the sum of
 * the files it reads).
 *
 * @example
 * ```ts
 * const progress: ReadProgress = { path: "runs.csv", bytesRead: 262144, totalBytes: 1048576 }; // a quarter read
 * ```
 */
export interface ReadProgress {
  /** The file or directory being read, as given. */
  path: string;
  /** Bytes read so far. */
  bytesRead: number;
  /** Bytes the whole read will consume. */
  totalBytes: number;
}

/**
 * Options of the file-system readers: a progress callback, called after each streamed chunk or evaluation file.
 *
 * @example
 * ```ts
 * const options: ReadOptions = { onProgress: ({ bytesRead, totalBytes }) => console.error(`${bytesRead}/${totalBytes}`) };
 * ```
 */
export interface ReadOptions {
  /** Called as bytes are consumed (from 0 to `totalBytes`); never with more than the total. */
  onProgress?: (progress: ReadProgress) => void;
}

/** What a path is when it is not a regular file, for the message. */
function kindOf(s: Stats): string {
  return s.isCharacterDevice() || s.isBlockDevice() ? "a device" : s.isFIFO() ? "a pipe" : s.isSocket() ? "a socket" : "not a regular file";
}

/**
 * Bytes of a regular file, checked before anything is read: a device, pipe or socket (whose read may never end, like
 * `/dev/zero`) is `READ_FAILED`, a file over {@link MAX_INPUT_BYTES} is `INPUT_TOO_LARGE`.
 */
async function sizeOf(path: string): Promise<number> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (!s.isFile()) {
    throw new DataError([{ code: "READ_FAILED", file: path, message: `it is ${kindOf(s)}, not a file: qqt reads regular files of at most 256 MiB, so that a read always ends`, expected: "a regular file, or a directory of DataComp evaluations" }]);
  }
  if (s.size > MAX_INPUT_BYTES) throw tooLarge(path, s.size);
  return s.size;
}

function tooLarge(path: string, bytes: number): DataError {
  return new DataError([
    {
      code: "INPUT_TOO_LARGE",
      file: path,
      message: `the file is ${bytes} bytes${bytes > MAX_INPUT_BYTES ? "" : " or more"}, more than qqt reads`,
      expected: `at most ${MAX_INPUT_BYTES} bytes (256 MiB) per file`,
      suggestion: "split the runs into several files (qqt merges them), or keep only the columns qqt reads",
    },
  ]);
}

/** Streams a text file to `onChunk`, decoding UTF-8 (or UTF-16 with a BOM) strictly. Memory: one chunk. */
async function streamText(path: string, onChunk: (text: string) => void, onBytes?: (bytes: number) => void): Promise<void> {
  await sizeOf(path); // a device, pipe or too large a file is refused before the first byte
  let decoder: TextDecoder | undefined;
  let encoding = "utf-8";
  let total = 0;
  try {
    const stream = createReadStream(path, { highWaterMark: STREAM_CHUNK });
    for await (const buffer of stream as AsyncIterable<Buffer>) {
      // Files that report no size (e.g. under /proc) are bounded as they stream.
      total += buffer.length;
      if (total > MAX_INPUT_BYTES) {
        stream.destroy();
        throw tooLarge(path, total);
      }
      if (decoder === undefined) {
        encoding = buffer[0] === 0xff && buffer[1] === 0xfe ? "utf-16le" : buffer[0] === 0xfe && buffer[1] === 0xff ? "utf-16be" : "utf-8";
        decoder = new TextDecoder(encoding, { fatal: true });
      }
      let text: string | undefined;
      try {
        text = decoder.decode(buffer, { stream: true });
      } catch {
        // The lines before this chunk are counted only now, by reading them again: not on every chunk of every file.
        text = undefined;
      }
      if (text === undefined) throw encodingError(path, (await newlinesIn(path, total - buffer.length, encoding)) + lineOfFirstInvalidByte(buffer));
      onChunk(text);
      onBytes?.(buffer.length);
    }
    if (decoder !== undefined) {
      let rest: string | undefined;
      try {
        rest = decoder.decode();
      } catch {
        rest = undefined;
      }
      if (rest === undefined) throw encodingError(path, (await newlinesIn(path, total, encoding)) + 1);
      if (rest !== "") onChunk(rest);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw fileError(error, path);
  }
}

/**
 * How many `\n` the first `bytes` bytes of a file hold, decoded as `encoding` (they decoded without error): the
 * lines before a decoding error, counted only when there is one.
 */
async function newlinesIn(path: string, bytes: number, encoding: string): Promise<number> {
  if (bytes <= 0) return 0;
  const decoder = new TextDecoder(encoding);
  let newlines = 0;
  for await (const buffer of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: STREAM_CHUNK }) as AsyncIterable<Buffer>) {
    const text = decoder.decode(buffer, { stream: true });
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) newlines++;
  }
  return newlines;
}

function encodingError(path: string, line: number): DataError {
  return new DataError([{ code: "INVALID_ENCODING", file: path, line, message: "the file is not valid UTF-8 text", expected: "UTF-8 (with or without BOM) or UTF-16 with a BOM", suggestion: "re-save the file as UTF-8" }]);
}

async function readBytes(path: string): Promise<Uint8Array> {
  await sizeOf(path);
  try {
    return await readFile(path);
  } catch (error) {
    throw fileError(error, path);
  }
}

/** A file's bytes when it is at most {@link WHOLE_FILE_LIMIT}, else `"large"` (to be streamed). */
async function readSmall(path: string, size: number): Promise<Uint8Array | "large"> {
  if (size > WHOLE_FILE_LIMIT) return "large";
  try {
    const handle = await open(path, "r");
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(error, path);
  }
}

/**
 * Reads a `qqt.study/v1` file.
 *
 * @throws A {@link DataError}: `FILE_NOT_FOUND`, `READ_FAILED`, or any {@link parseStudy} issue, with the path as file.
 * @example
 * ```ts
 * const { data } = await readStudyFile("study.json");
 * ```
 */
export async function readStudyFile(path: string, options: Omit<ParseStudyOptions, "file"> = {}): Promise<ParseResult<Study>> {
  return parseStudy(await readBytes(path), { ...options, file: path });
}

/**
 * Reads a `qqt.model/v1` file.
 *
 * @throws A {@link DataError}: `FILE_NOT_FOUND`, `READ_FAILED`, or any {@link parseModel} issue.
 * @example
 * ```ts
 * const { data } = await readModelFile(examplePath("tmars-paper") + "/tmars-imagenet.model.json");
 * data.task; // { a: 0.022, d: 0.1, normalizer: 100000 }
 * ```
 */
export async function readModelFile(path: string): Promise<ParseResult<ModelFileV1>> {
  return parseModel(await readBytes(path), { file: path });
}

/**
 * Reads a tidy CSV/TSV file, streaming it: memory holds the rows read, never the whole text.
 *
 * @throws A {@link DataError}, as {@link index!parseTidyCsv | parseTidyCsv} throws, with the path as file.
 * @example
 * ```ts
 * const { data, summary } = await readTidyCsvFile("runs.csv", { accuracyScale: "fraction" });
 * ```
 */
export async function readTidyCsvFile(path: string, options: Omit<TidyCsvOptions, "file"> & ReadOptions = {}): Promise<ParseResult<Study>> {
  const { onProgress, ...tidy } = options;
  const reader = new TidyCsvReader({ ...tidy, file: path });
  reader.expectLength(await sizeOf(path));
  await streamText(path, (chunk) => reader.push(chunk), await byteCounter(path, onProgress));
  return reader.end();
}

/** A per-chunk byte counter that reports to `onProgress` (undefined without one). */
async function byteCounter(path: string, onProgress: ReadOptions["onProgress"]): Promise<((bytes: number) => void) | undefined> {
  if (onProgress === undefined) return undefined;
  const totalBytes = await sizeOf(path);
  let bytesRead = 0;
  onProgress({ path, bytesRead, totalBytes });
  return (bytes) => {
    bytesRead = Math.min(totalBytes, bytesRead + bytes);
    onProgress({ path, bytesRead, totalBytes });
  };
}

/**
 * Reads the OpenCLIP `zeroshot_results.csv`, streaming it, into one study per architecture.
 *
 * @example
 * ```ts
 * const { data } = await readOpenClipCsvFile(examplePath("laion-openclip") + "/zeroshot_results.csv");
 * data.map((s) => s.name); // ["OpenCLIP ViT-B-16 on LAION", "OpenCLIP ViT-B-32 on LAION", …]
 * ```
 */
export async function readOpenClipCsvFile(path: string, options: Omit<OpenClipOptions, "file"> & ReadOptions = {}): Promise<ParseResult<Study[]>> {
  const { onProgress, ...openclip } = options;
  const reader = new OpenClipReader({ ...openclip, file: path });
  await streamText(path, (chunk) => reader.push(chunk), await byteCounter(path, onProgress));
  return reader.end();
}

/** Every file under `dir` (relative, `/`-separated, naturally sorted); hidden entries are kept for counting. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith(".") || e.name === "node_modules") continue;
        await visit(full);
      } else if (e.isFile()) out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  try {
    await visit(dir);
  } catch (error) {
    throw fileError(error, dir);
  }
  return out.sort(naturalCompare);
}

/**
 * Reads a DataComp evaluation directory into a study, one file at a time and line by line (bounded memory: a 100 MB
 * directory of checkpoints needs no more than its largest line plus the per-file scores).
 *
 * @remarks Same layouts, manifest and metrics as {@link index!parseDataComp | parseDataComp}; `qqt-manifest.json` / `.csv` at the root of
 * `dir` is used when present. Hidden folders and `node_modules` are not visited.
 * @throws A {@link DataError}, as {@link index!parseDataComp | parseDataComp} throws, with paths under `dir`.
 * @example
 * ```ts
 * const { data, summary } = await readDataCompDirectory(examplePath("datacomp-synthetic"), { metric: "avg18" });
 * data.source?.synthetic; // true
 * summary.skipped.find((s) => s.detail === "mnist")?.count; // 32 (one line per file, not used by avg18)
 * ```
 */
export async function readDataCompDirectory(dir: string, options: DataCompOptions & ReadOptions = {}): Promise<ParseResult<Study>> {
  const { onProgress, ...datacomp } = options;
  const files = await walk(dir);
  let manifest = datacomp.manifest;
  let manifestPath = datacomp.manifestFile;
  if (manifest === undefined) {
    const found = files.find((f) => MANIFEST_FILE_NAMES.includes(f));
    if (found !== undefined) {
      manifestPath = found;
      manifest = parseDataCompManifest(await readBytes(join(dir, found)), { file: join(dir, found) });
    }
  }
  const reader = new DataCompReader({ ...datacomp, root: datacomp.root ?? dir }, manifest, manifestPath);
  // Classify every file first (in order), then read the evaluation files with a few reads in flight and feed them
  // in order: memory holds at most READ_AHEAD small files, large ones are streamed when their turn comes.
  const jobs: Array<{ full: string; sink: NonNullable<ReturnType<DataCompReader["open"]>> }> = [];
  for (const rel of files) {
    const sink = reader.open(rel);
    if (sink !== undefined) jobs.push({ full: join(dir, rel), sink });
  }
  const sizes = await sizesOf(jobs.map((j) => j.full));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  let bytesRead = 0;
  const advance = (bytes: number) => {
    bytesRead = Math.min(totalBytes, bytesRead + bytes);
    onProgress?.({ path: dir, bytesRead, totalBytes });
  };
  onProgress?.({ path: dir, bytesRead, totalBytes });
  const pending = new Map<number, Promise<Uint8Array | "large">>();
  const start = (i: number) => {
    if (i < jobs.length && !pending.has(i)) pending.set(i, readSmall(jobs[i]!.full, sizes[i]!));
  };
  for (let i = 0; i < jobs.length; i++) {
    for (let k = i; k < i + READ_AHEAD; k++) start(k);
    const { full, sink } = jobs[i]!;
    const content = await pending.get(i)!;
    pending.delete(i);
    if (content === "large") await streamText(full, (chunk) => sink.push(chunk), advance);
    else {
      let text: string;
      try {
        const enc = content[0] === 0xff && content[1] === 0xfe ? "utf-16le" : "utf-8";
        text = new TextDecoder(enc, { fatal: true }).decode(content);
      } catch {
        throw encodingError(full, lineOfFirstInvalidByte(content));
      }
      sink.push(text);
      advance(content.length);
    }
    sink.end();
  }
  return reader.finish();
}

/** Sizes of files, stat-ed a batch at a time. */
async function sizesOf(paths: readonly string[]): Promise<number[]> {
  const sizes: number[] = [];
  for (let i = 0; i < paths.length; i += STAT_BATCH) sizes.push(...(await Promise.all(paths.slice(i, i + STAT_BATCH).map(sizeOf))));
  return sizes;
}

/** Format of a path, from the file system and the first bytes. */
async function detectPathFormat(path: string): Promise<InputFormat> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw fileError(error, path);
  }
  if (isDir) return "datacomp";
  await sizeOf(path); // a device or pipe is refused before its head is read
  const name = basename(path).toLowerCase();
  if (name.endsWith(".jsonl") || MANIFEST_FILE_NAMES.includes(name)) return "datacomp";
  let head: string;
  try {
    const handle = await open(path, "r");
    try {
      const buffer = new Uint8Array(8192);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = new TextDecoder("utf-8").decode(buffer.subarray(0, bytesRead)).replace(/^\uFEFF/, "");
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(error, path);
  }
  if (head.trim() === "") throw new DataError([{ code: "EMPTY_INPUT", file: path, message: "the file is empty", expected: "a study/model JSON, a CSV/TSV, or a DataComp directory" }]);
  if (head.trimStart().startsWith("{") || name.endsWith(".json")) {
    const format = /"format"\s*:\s*"([^"]*)"/.exec(head)?.[1];
    if (format?.startsWith("qqt.model/")) return "qqt.model/v1";
    return "qqt.study/v1";
  }
  const header = firstLine(head).split(/[,\t;]/).map(normalizeHeader);
  if (["upstream_dataset", "downstream_dataset", "arch"].every((c) => header.includes(c))) return "openclip-csv";
  return "tidy-csv";
}

/**
 * Reads any supported path, detecting its format: a directory or `.jsonl` file (DataComp), a study or model JSON
 * (by its `format`), the OpenCLIP results CSV (by its columns), or a tidy CSV/TSV. Large inputs are streamed.
 *
 * @remarks `onProgress` reports the bytes consumed of CSV files and DataComp directories (the inputs that can be
 * large); JSON files are read in one piece and report nothing.
 * @throws A {@link DataError}: `FILE_NOT_FOUND`, `EMPTY_INPUT`, or any issue of the detected reader.
 * @example
 * ```ts
 * const { data } = await readPath(examplePath("tmars-paper") + "/tmars-imagenet.model.json");
 * data.format; // "qqt.model/v1"
 * data.model?.buckets.length; // 4
 * ```
 */
export async function readPath(path: string, options: ParseAutoOptions & ReadOptions = {}): Promise<ParseResult<ParsedInput>> {
  const format = await detectPathFormat(path);
  const progress: ReadOptions = options.onProgress !== undefined ? { onProgress: options.onProgress } : {};
  switch (format) {
    case "qqt.study/v1": {
      const r = await readStudyFile(path, options.withOrigins !== undefined ? { withOrigins: options.withOrigins } : {});
      return { data: { format, studies: [r.data], ...(r.data.model !== undefined ? { model: r.data.model } : {}) }, summary: r.summary };
    }
    case "qqt.model/v1": {
      const r = await readModelFile(path);
      return { data: { format, studies: [], model: r.data }, summary: r.summary };
    }
    case "openclip-csv": {
      const r = await readOpenClipCsvFile(path, { ...options.openclip, ...progress });
      return { data: { format, studies: r.data }, summary: r.summary };
    }
    case "tidy-csv": {
      const r = await readTidyCsvFile(path, { ...options.tidy, ...progress });
      return { data: { format, studies: [r.data] }, summary: r.summary };
    }
    case "datacomp": {
      const isDir = (await stat(path)).isDirectory();
      if (isDir) {
        const r = await readDataCompDirectory(path, { ...options.datacomp, ...progress });
        return { data: { format, studies: [r.data] }, summary: r.summary };
      }
      // A single evaluation file: read it with its parent folder, which names the bucket or run.
      const parent = dirname(path);
      const { parseDataComp } = await import("./parseDataComp.js");
      const r = parseDataComp([{ path: `${basename(parent)}/${basename(path)}`, text: await readBytes(path) }], { ...options.datacomp, root: options.datacomp?.root ?? dirname(parent) });
      return { data: { format, studies: [r.data] }, summary: r.summary };
    }
  }
}

/**
 * {@link readPath} without throwing a {@link DataError}.
 *
 * @example
 * ```ts
 * const r = await safeReadPath("missing.csv");
 * if (!r.success) r.error.code; // "FILE_NOT_FOUND"
 * ```
 */
export async function safeReadPath(path: string, options: ParseAutoOptions & ReadOptions = {}): Promise<SafeParseResult<ParsedInput>> {
  return safelyAsync(() => readPath(path, options));
}

/** A failed write as a `WRITE_FAILED` DataError: "cannot write <path>: <reason>". */
function writeError(error: unknown, path: string): DataError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === "ENOENT"
      ? `the directory ${dirname(path)} does not exist`
      : code === "EACCES" || code === "EPERM"
        ? `permission denied (${(error as Error).message})`
        : (error as Error).message;
  return new DataError([{ code: "WRITE_FAILED", file: path, message: `cannot write ${path}: ${reason}`, expected: "a path in an existing, writable directory" }]);
}

/**
 * Writes a study as stable `qqt.study/v1` JSON (see {@link writeStudy}).
 *
 * @example
 * ```ts
 * await writeStudyFile("study.json", study);
 * ```
 * @throws A {@link DataError} `WRITE_FAILED` ("cannot write <path>: <reason>") when the file cannot be written.
 */
export async function writeStudyFile(path: string, study: Study): Promise<void> {
  const text = writeStudy(study);
  try {
    await writeFile(path, text, "utf8");
  } catch (error) {
    throw writeError(error, path);
  }
}

/**
 * Writes a model as stable `qqt.model/v1` JSON (see {@link writeModel}).
 *
 * @example
 * ```ts
 * await writeModelFile("model.json", model);
 * ```
 * @throws A {@link DataError} `WRITE_FAILED` ("cannot write <path>: <reason>") when the file cannot be written.
 */
export async function writeModelFile(path: string, model: ModelFileV1): Promise<void> {
  const text = writeModel(model);
  try {
    await writeFile(path, text, "utf8");
  } catch (error) {
    throw writeError(error, path);
  }
}

/**
 * The ids of the built-in examples, for {@link examplePath} (the same type as `@qqt/data/examples`'s `ExampleId`).
 *
 * @example
 * ```ts
 * const id: ExampleId = "laion-openclip";
 * examplePath(id); // "/…/node_modules/@qqt/data/examples/laion-openclip"
 * ```
 */
export type { ExampleId } from "./examples.js";

/**
 * The absolute path of a built-in example's folder in the installed package (for the CLI and tests; the browser
 * uses `@qqt/data/examples`).
 *
 * @example
 * ```ts
 * examplePath("tmars-paper"); // "/…/node_modules/@qqt/data/examples/tmars-paper"
 * ```
 */
export function examplePath(id: ExampleId): string {
  return fileURLToPath(new URL(`../examples/${id}`, import.meta.url));
}
