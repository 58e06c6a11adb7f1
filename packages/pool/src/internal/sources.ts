// The input shards: one file, a directory (recursive) or a glob, grouped by format, and the SQL that reads them as
// rows (id, score, why a row is excluded) with every type normalised by DuckDB.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { PoolError } from "../PoolError.js";
import type { PoolSource } from "../types.js";
import type { Engine } from "./engine.js";
import { ident, literal, literalList } from "./sql.js";

export type ShardFormat = "parquet" | "csv" | "tsv" | "jsonl";

const EXTENSIONS: ReadonlyArray<[RegExp, ShardFormat]> = [
  [/\.(parquet|pq)$/i, "parquet"],
  [/\.csv(\.(gz|zst))?$/i, "csv"],
  [/\.(tsv|tab)(\.(gz|zst))?$/i, "tsv"],
  [/\.(jsonl|ndjson)(\.(gz|zst))?$/i, "jsonl"],
];
export const FORMATS_HELP = ".parquet, .pq, .csv, .tsv, .tab, .jsonl, .ndjson (CSV, TSV and JSON lines also .gz or .zst)";

export function formatOf(path: string): ShardFormat | undefined {
  return EXTENSIONS.find(([re]) => re.test(path))?.[1];
}

/** The shards to read, sorted, each with its format. */
export interface Shards {
  files: Array<{ path: string; format: ShardFormat }>;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

const GLOB = /[*?[]/;

/** Finds the shards of `input` (globs are expanded by DuckDB's `glob`). */
export async function findShards(input: PoolSource["input"], engine: Engine): Promise<Shards> {
  const inputs = typeof input === "string" ? [input] : [...input];
  if (inputs.length === 0) throw new PoolError("NO_SHARDS", `no input was given. Expected a file, a directory or a glob of ${FORMATS_HELP} shards.`);
  const found: Array<{ path: string; format: ShardFormat }> = [];
  for (const item of inputs) {
    if (GLOB.test(item)) {
      const rows = await engine.rows("check", `SELECT file FROM glob(${literal(item)}) ORDER BY file`);
      const paths = rows.map((r) => String(r.file));
      const usable = paths.filter((p) => formatOf(p) !== undefined);
      if (usable.length === 0) {
        throw new PoolError("NO_SHARDS", `the glob ${JSON.stringify(item.slice(0, 200))} matches ${paths.length === 0 ? "no file" : `${paths.length} files, none of them a shard (e.g. ${paths[0]})`}. Expected files ending ${FORMATS_HELP}.`, { file: item });
      }
      for (const p of usable) found.push({ path: p, format: formatOf(p)! });
      continue;
    }
    let stats;
    try {
      stats = statSync(item);
    } catch {
      throw new PoolError("FILE_NOT_FOUND", `${item} — no such file or directory. Expected a file, a directory or a glob of ${FORMATS_HELP} shards.`, { file: item });
    }
    if (stats.isDirectory()) {
      const all: string[] = [];
      walk(item, all);
      const usable = all.filter((p) => formatOf(p) !== undefined);
      if (usable.length === 0) {
        const seen = all.slice(0, 3).map((p) => p.slice(item.length).replace(/^\//, ""));
        throw new PoolError(
          "NO_SHARDS",
          `the directory ${item} holds no shards${all.length === 0 ? " (it is empty)" : ` (${all.length} other ${all.length === 1 ? "file" : "files"}, e.g. ${seen.join(", ")})`}. Expected files ending ${FORMATS_HELP}.`,
          { file: item },
        );
      }
      for (const p of usable) found.push({ path: p, format: formatOf(p)! });
      continue;
    }
    const format = formatOf(item);
    if (format === undefined) {
      throw new PoolError("UNSUPPORTED_FORMAT", `${item} is not a shard format qqt reads. Expected a file ending ${FORMATS_HELP}.`, { file: item });
    }
    found.push({ path: item, format });
  }
  const seen = new Set<string>();
  const files = found.filter((f) => {
    const key = resolve(f.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (const f of files) {
    let size: number;
    try {
      size = statSync(f.path).size;
    } catch {
      throw new PoolError("FILE_NOT_FOUND", `${f.path} — no such file. Expected a readable shard.`, { file: f.path });
    }
    if (size === 0) throw new PoolError("EMPTY_INPUT", `${f.path} is empty (0 bytes). Expected a ${f.format} shard with a header and rows of ids and scores.`, { file: f.path });
  }
  return { files };
}

/** The DuckDB table function reading `paths` of one format. */
export function readerSql(format: ShardFormat, paths: readonly string[], extra = ""): string {
  const list = literalList(paths);
  switch (format) {
    case "parquet":
      return `read_parquet(${list}, union_by_name = true${extra})`;
    case "csv":
    case "tsv":
      return `read_csv(${list}, header = true, all_varchar = true, union_by_name = true, delim = ${format === "csv" ? "','" : "'\\t'"}${extra})`;
    case "jsonl":
      return `read_json(${list}, format = 'newline_delimited', union_by_name = true${extra})`;
  }
}

/** One format's shards with the types of their id and score columns. */
export interface ShardGroup {
  format: ShardFormat;
  paths: string[];
  idType: string;
  scoreType: string;
}

const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** The column a mistyped name most likely means: same name in another case, a long shared prefix, or a small edit. */
function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = names.find((n) => n.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const prefix = (n: string) => {
    let k = 0;
    while (k < n.length && k < lower.length && n[k]!.toLowerCase() === lower[k]) k++;
    return k;
  };
  const scored = names.map((n) => ({ n, d: editDistance(lower, n.toLowerCase()), p: prefix(n) })).sort((a, b) => a.d - b.d || b.p - a.p);
  const best = scored.find((c) => c.d <= Math.max(2, Math.floor(lower.length / 3)) || c.p >= 6 || c.n.toLowerCase().includes(lower) || lower.includes(c.n.toLowerCase()));
  return best?.n;
}

/** Checks that every shard has both columns (naming the file and the columns it has) and gets their types. */
export async function describeShards(shards: Shards, source: { id: string; score: string }, engine: Engine): Promise<ShardGroup[]> {
  const groups: ShardGroup[] = [];
  for (const format of ["parquet", "csv", "tsv", "jsonl"] as const) {
    const paths = shards.files.filter((f) => f.format === format).map((f) => f.path);
    if (paths.length === 0) continue;
    // Each file on its own, so that a shard without the column is named (a union would read it as all-NULL).
    const types = new Map<string, string>();
    for (const path of paths) {
      let columns: Array<{ name: string; type: string }>;
      try {
        const rows = await engine.rows("check", `DESCRIBE SELECT * FROM ${readerSql(format, [path])}`);
        columns = rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
      } catch (error) {
        throw readFailed(error, path, format);
      }
      const names = columns.map((c) => c.name);
      for (const [role, column] of [["id", source.id], ["score", source.score]] as const) {
        const hit = columns.find((c) => c.name === column) ?? columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
        if (hit === undefined) {
          const guess = closestName(column, names);
          const shown = names.length > 20 ? `${names.slice(0, 20).join(", ")}, … (${names.length} in all)` : names.join(", ");
          throw new PoolError(
            "MISSING_COLUMN",
            `column ${JSON.stringify(column)} (the ${role} column) is missing from ${path}. Expected a column named ${JSON.stringify(column)}; the file has ${names.length === 0 ? "no columns" : `columns ${shown}`}${guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}? give it with ${role === "id" ? "--id" : "--score"})` : ""}.`,
            { file: path, field: column },
          );
        }
        const key = role;
        const prev = types.get(key);
        types.set(key, prev === undefined || prev === hit.type ? hit.type : "VARCHAR");
      }
    }
    groups.push({ format, paths, idType: types.get("id")!, scoreType: types.get("score")! });
  }
  return groups;
}

/** A DuckDB error while reading, as a PoolError naming the file. */
export function readFailed(error: unknown, path: string, format: ShardFormat): PoolError {
  if (error instanceof PoolError) return error;
  const message = (error as Error).message.split("\n")[0]!.slice(0, 300);
  return new PoolError("READ_FAILED", `cannot read ${path} as ${format}: ${message}. Expected a valid ${format} file with a header (CSV/TSV) and one row per sample.`, { file: path });
}

/** SQL expressions of one group: the id, the score as DOUBLE, and the exclusion reason (NULL when valid). */
export function columnsSql(group: ShardGroup, source: { id: string; score: string }, castId: boolean): { id: string; score: string; reason: string; valid: string } {
  const idCol = ident(source.id);
  const scoreCol = ident(source.score);
  const textId = !NUMERIC.test(group.idType);
  const id = castId && group.idType.toUpperCase() !== "VARCHAR" ? `CAST(${idCol} AS VARCHAR)` : idCol;
  const missingId = textId ? `(${idCol} IS NULL OR CAST(${idCol} AS VARCHAR) = '')` : `${idCol} IS NULL`;
  const numeric = NUMERIC.test(group.scoreType);
  if (numeric) {
    const score = group.scoreType.toUpperCase() === "DOUBLE" ? scoreCol : `CAST(${scoreCol} AS DOUBLE)`;
    return {
      id,
      score,
      reason: `CASE WHEN ${missingId} THEN 'missingId' WHEN ${scoreCol} IS NULL THEN 'missingScore' WHEN isnan(${score}) THEN 'nanScore' WHEN isinf(${score}) THEN 'infiniteScore' END`,
      valid: `NOT ${missingId} AND isfinite(${score})`,
    };
  }
  // Text scores (CSV/TSV, JSON strings): blank is missing, NaN is NaN, anything else that is not a number is counted.
  const text = `trim(CAST(${scoreCol} AS VARCHAR), ' "')`;
  const score = `TRY_CAST(${text} AS DOUBLE)`;
  return {
    id,
    score,
    reason: `CASE WHEN ${missingId} THEN 'missingId' WHEN ${scoreCol} IS NULL OR ${text} = '' THEN 'missingScore' WHEN ${score} IS NULL THEN 'nonNumericScore' WHEN isnan(${score}) THEN 'nanScore' WHEN isinf(${score}) THEN 'infiniteScore' END`,
    valid: `NOT ${missingId} AND isfinite(${score})`,
  };
}

/** `SELECT id, score[, reason] FROM …` over every group (UNION ALL), either all rows with a reason or the valid rows only. */
export function rowsSql(groups: readonly ShardGroup[], source: { id: string; score: string }, which: "all" | "valid"): string {
  const castId = new Set(groups.map((g) => g.idType.toUpperCase())).size > 1;
  return groups
    .map((g) => {
      const c = columnsSql(g, source, castId);
      return which === "all"
        ? `SELECT ${c.id} AS id, ${c.score} AS score, ${c.reason} AS reason FROM ${readerSql(g.format, g.paths)}`
        : `SELECT ${c.id} AS id, ${c.score} AS score FROM ${readerSql(g.format, g.paths)} WHERE ${c.valid}`;
    })
    .join("\nUNION ALL\n");
}
