import { AdvisorError, type Problem, type Result } from "./AdvisorError";

// What the user hands the advisor — picked files, a picked folder, dropped files and folders — grouped into
// imports and checked against the size limits before anything is read. Browser-agnostic (tests use plain objects).

/** Most bytes one import may read (all its files together). Change it here; the message names this constant. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Most files one import may read. */
export const MAX_IMPORT_FILES = 20_000;
/**
 * Files of a folder that are read: DataComp evaluation output (`.jsonl`), its manifest (`.json`/`.csv`), and study,
 * model and CSV/TSV files. Everything else in a folder (checkpoints, logs, images) is listed as skipped, never read.
 */
export const FOLDER_DATA_EXTENSIONS: readonly string[] = [".jsonl", ".json", ".csv", ".tsv"];

/**
 * A file as the advisor sees it: its path (for a folder, relative to the folder's parent, as `webkitRelativePath`),
 * its size, and its bytes on demand (a browser `File` is adapted by the page).
 *
 * @example
 * ```ts
 * const f: PickedFile = { path: "evals/top0-10/eval_results_epoch_2_step_-1.jsonl", size: 4096, bytes: async () => new Uint8Array() };
 * ```
 */
export interface PickedFile {
  path: string;
  size: number;
  bytes(): Promise<Uint8Array>;
}

/**
 * One import: a single file, or a folder whose data files are read together (a DataComp evaluation directory).
 *
 * @example
 * ```ts
 * // { name: "evals/", kind: "folder", files: [32 .jsonl files, qqt-manifest.json], skipped: ["evals/README.md"] }
 * ```
 */
export interface ImportBatch {
  /** The file name, or the folder name with a trailing `/`. */
  name: string;
  kind: "file" | "folder";
  files: PickedFile[];
  /** Paths in the folder that are not data and are not read. */
  skipped: string[];
}

/**
 * Whether a file of a folder is read (by extension, case-insensitive; hidden files are not).
 *
 * @example
 * ```ts
 * isFolderDataFile("evals/top0-10/eval_results_epoch_2_step_-1.jsonl"); // true
 * isFolderDataFile("evals/checkpoints/epoch_2.pt"); // false
 * ```
 */
export function isFolderDataFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return !name.startsWith(".") && FOLDER_DATA_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/**
 * Groups picked or dropped files into imports: files with a folder in their path (a folder pick or a dropped folder)
 * are grouped by their top folder; every other file is an import of its own.
 *
 * @example
 * ```ts
 * groupImports([file("runs.csv"), file("evals/a/x.jsonl"), file("evals/b/y.jsonl"), file("evals/ckpt.pt")]);
 * // [{ name: "runs.csv", kind: "file", files: [runs.csv], skipped: [] },
 * //  { name: "evals/", kind: "folder", files: [x.jsonl, y.jsonl], skipped: ["evals/ckpt.pt"] }]
 * ```
 */
export function groupImports(files: readonly PickedFile[]): ImportBatch[] {
  const batches: ImportBatch[] = [];
  const folders = new Map<string, ImportBatch>();
  for (const file of files) {
    const path = file.path.replaceAll("\\", "/").replace(/^\/+/, "");
    const slash = path.indexOf("/");
    if (slash < 0) {
      batches.push({ name: path, kind: "file", files: [{ path, size: file.size, bytes: () => file.bytes() }], skipped: [] });
      continue;
    }
    const name = `${path.slice(0, slash)}/`;
    let batch = folders.get(name);
    if (!batch) {
      batch = { name, kind: "folder", files: [], skipped: [] };
      folders.set(name, batch);
      batches.push(batch);
    }
    if (isFolderDataFile(path)) batch.files.push({ path, size: file.size, bytes: () => file.bytes() });
    else batch.skipped.push(path);
  }
  return batches;
}

/**
 * A byte count for people: `820 B`, `14.2 kB`, `62.3 MB`.
 *
 * @example
 * ```ts
 * formatBytes(50 * 1024 * 1024); // "50 MB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${trim(kb)} kB`;
  return `${trim(kb / 1024)} MB`;
}

function trim(x: number): string {
  return x.toFixed(1).replace(/\.0$/, "");
}

/**
 * Checks an import against {@link MAX_IMPORT_BYTES} and {@link MAX_IMPORT_FILES} before any file is read.
 *
 * @example
 * ```ts
 * checkImportSize({ name: "evals/", kind: "folder", files: hugeFiles, skipped: [] });
 * // not ok: IMPORT_TOO_LARGE "evals/ is 62.3 MB in 120 files; the limit is 50 MB per import. …"
 * ```
 */
export function checkImportSize(batch: ImportBatch): Result<null> {
  const bytes = batch.files.reduce((s, f) => s + f.size, 0);
  const count = batch.files.length;
  let message: string | undefined;
  if (count === 0) {
    message =
      batch.kind === "folder"
        ? `${batch.name} holds no data files (${FOLDER_DATA_EXTENSIONS.join(", ")})${batch.skipped.length > 0 ? `; ${batch.skipped.length} other file(s) were not read` : ""}. Expected a DataComp evaluation folder with .jsonl files, or study, model or CSV files.`
        : `${batch.name} is empty.`;
    return fail("INVALID_INPUT", batch.name, message);
  }
  if (bytes > MAX_IMPORT_BYTES) {
    const what = count === 1 ? `${batch.name} is ${formatBytes(bytes)}` : `${batch.name} is ${formatBytes(bytes)} in ${count} files`;
    message = `${what}; the limit is ${formatBytes(MAX_IMPORT_BYTES)} per import (MAX_IMPORT_BYTES). Nothing was read. Import a smaller part (e.g. one folder of runs), or remove files that are not evaluation output.`;
  } else if (count > MAX_IMPORT_FILES) {
    message = `${batch.name} holds ${count} data files; the limit is ${MAX_IMPORT_FILES} per import (MAX_IMPORT_FILES). Nothing was read. Import a smaller part.`;
  }
  return message === undefined ? { ok: true, value: null } : fail("IMPORT_TOO_LARGE", batch.name, message);
}

function fail(code: "IMPORT_TOO_LARGE" | "INVALID_INPUT", file: string, message: string): { ok: false; error: AdvisorError } {
  const problem: Problem = { file, path: "", message };
  return { ok: false, error: new AdvisorError(code, message, [problem]) };
}

/**
 * Reads the files of an import into `{ path, text }` inputs for @qqt/data (bytes: @qqt/data decodes them, BOM and
 * UTF-16 included). A file that cannot be read fails the import with its name.
 *
 * @example
 * ```ts
 * await readImport(batch); // { ok: true, value: [{ path: "runs.csv", text: Uint8Array [...] }] }
 * ```
 */
export async function readImport(batch: ImportBatch): Promise<Result<Array<{ path: string; text: Uint8Array }>>> {
  const out: Array<{ path: string; text: Uint8Array }> = [];
  for (const file of batch.files) {
    try {
      out.push({ path: file.path, text: await file.bytes() });
    } catch (error) {
      const message = `${file.path} could not be read (${(error as Error)?.message ?? "unknown error"}); nothing of ${batch.name} was imported.`;
      return fail("INVALID_INPUT", file.path, message);
    }
  }
  return { ok: true, value: out };
}

/**
 * A dropped file-system entry, as far as the advisor needs it (the browser's `FileSystemEntry`, structurally).
 *
 * @example
 * ```ts
 * // dataTransfer.items[0].webkitGetAsEntry() → { isFile: false, isDirectory: true, name: "evals", fullPath: "/evals", createReader }
 * ```
 */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  /** Files: their content. */
  file?(success: (file: FileLike) => void, failure?: (error: unknown) => void): void;
  /** Folders: a reader whose `readEntries` returns the children in batches until an empty batch. */
  createReader?(): { readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void };
}

/** A browser `File`, structurally. */
export interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Deepest folder nesting followed in a dropped folder (a guard against link cycles). */
const MAX_FOLDER_DEPTH = 32;

/**
 * Every file under dropped entries (folders walked recursively, every batch of `readEntries` read), as picked
 * files whose paths keep the dropped folder's name (`evals/top0-10/…jsonl`), like a folder picked with the input.
 *
 * @example
 * ```ts
 * await walkEntries([folderEntry]); // [{ path: "evals/top0-10/eval_results_epoch_2_step_-1.jsonl", size: 4096, bytes }]
 * ```
 */
export async function walkEntries(entries: readonly EntryLike[]): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const visit = async (entry: EntryLike, depth: number): Promise<void> => {
    const path = entry.fullPath.replace(/^\/+/, "") || entry.name;
    if (entry.isFile && entry.file) {
      const file = await new Promise<FileLike>((resolve, reject) => entry.file!(resolve, reject));
      out.push(pickedFile(path, file));
    } else if (entry.isDirectory && entry.createReader && depth < MAX_FOLDER_DEPTH) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await visit(child, depth + 1);
      }
    }
  };
  for (const entry of entries) await visit(entry, 0);
  return out;
}

/**
 * A browser file as a picked file at `path`.
 *
 * @example
 * ```ts
 * pickedFile(file.webkitRelativePath || file.name, file);
 * ```
 */
export function pickedFile(path: string, file: FileLike): PickedFile {
  return { path, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()) };
}
