import type { PoolExclusions } from "@qqt/data";
import { rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { PoolError, quoteValue } from "./PoolError.js";
import type { EngineOptions, PoolSource, PoolWarning } from "./types.js";
import { atomicOutput } from "./internal/atomicOutput.js";
import { bucketsOf, parseBucketId, resolveEdges, type BucketSpec } from "./internal/edges.js";
import { withEngine, type Engine } from "./internal/engine.js";
import { NPY_HEADER_BYTES, npyHeader } from "./internal/npy.js";
import { percentOf, rankAt } from "./internal/percent.js";
import { profile } from "./internal/profile.js";
import { columnsSql, describeShards, findShards, readerSql, readFailed, rowsSql, type ShardGroup } from "./internal/sources.js";
import { doubleLiteral, ident, literal } from "./internal/sql.js";
import { poolWarnings } from "./internal/warnings.js";

/**
 * Which rows a subset holds.
 *
 * @remarks
 * - `{ kind: "bucket", bucket: "top10-20" }`: one bucket, by exact rank (as {@link bucketPool} cuts it).
 * - `{ kind: "pool", buckets: ["top0-10", "top10-20"] }`: the union of buckets.
 * - `{ kind: "top", percent: 30 }`: exactly `round(0.30 · N)` rows, best first, ties by id (the union of the first
 *   three buckets when 30 is an edge). With `rule: "datacomp"`: DataComp's threshold rule instead,
 *   `t = -sort(-s)[int(N · f)]` and keep every row with `s >= t` (ties at `t` all included, so a few more rows).
 * @example
 * ```ts
 * const selection: SubsetSelection = { kind: "top", percent: 30, rule: "datacomp" };
 * ```
 */
export type SubsetSelection =
  | {
      /** One bucket. */
      kind: "bucket";
      /** Its id, `top<from>-<to>` in percent. */
      bucket: string;
    }
  | {
      /** A union of buckets. */
      kind: "pool";
      /** Their ids. */
      buckets: readonly string[];
    }
  | {
      /** The best rows. */
      kind: "top";
      /** How many, in percent of the valid rows (0 < percent <= 100). */
      percent: number;
      /** `"exact-rank"` (default) or DataComp's threshold rule `"datacomp"`. */
      rule?: "exact-rank" | "datacomp";
    };

/**
 * The file formats of a subset.
 *
 * @remarks `datacomp-npy`: NumPy v1.0 `.npy` of dtype `[('f0','<u8'),('f1','<u8')]`, shape `(n,)`, `f0 = int(uid[:16], 16)`,
 * `f1 = int(uid[16:32], 16)`, sorted ascending (what DataComp's `resharder.py` and `load_subset` read; needs 32-hex-digit
 * uids). `parquet`, `jsonl`: one row per sample with the id column (and the score with `withScore`), best first.
 * `txt`: ids one per line, best first (`id<TAB>score` with `withScore`).
 * @example
 * ```ts
 * const format: SubsetFormat = "datacomp-npy";
 * ```
 */
export type SubsetFormat = "datacomp-npy" | "parquet" | "jsonl" | "txt";

/**
 * The subset formats, in the order the CLI lists them.
 *
 * @example
 * ```ts
 * SUBSET_FORMATS; // ["datacomp-npy", "parquet", "jsonl", "txt"]
 * ```
 */
export const SUBSET_FORMATS: readonly SubsetFormat[] = Object.freeze(["datacomp-npy", "parquet", "jsonl", "txt"]);

/**
 * Options of {@link writeSubset}.
 *
 * @example
 * ```ts
 * const options: WriteSubsetOptions = {
 *   input: "metadata/", score: "clip_l14_similarity_score",
 *   select: { kind: "top", percent: 30 }, format: "datacomp-npy", output: "top30.npy",
 * };
 * ```
 */
export interface WriteSubsetOptions extends PoolSource, EngineOptions {
  /** The rows to write. */
  select: SubsetSelection;
  /** The file format. */
  format: SubsetFormat;
  /** The file to write (replaced only once it is complete). */
  output: string;
  /** Also write each row's score (parquet, jsonl, txt). */
  withScore?: boolean;
  /** The buckets the ids of `select` refer to, as in {@link bucketPool} (needed only for ids like `top0-33.33` of `buckets: 3`). */
  buckets?: number;
  /** The edges the ids of `select` refer to, as in {@link bucketPool}. */
  edges?: readonly number[];
}

/**
 * What {@link writeSubset} wrote.
 *
 * @example
 * ```ts
 * const r: SubsetResult = await writeSubset(options);
 * r.rows; // 3840000
 * ```
 */
export interface SubsetResult {
  /** The file written. */
  output: string;
  /** Its format. */
  format: SubsetFormat;
  /** Rows written. */
  rows: number;
  /** The selection in words, e.g. `"top 30% (exact rank)"`. */
  description: string;
  /** The rank ranges written (1-based, inclusive, best first); the `datacomp` rule keeps ranks 1 … rows. */
  ranks: Array<{
    /** First rank. */
    from: number;
    /** Last rank. */
    to: number;
  }>;
  /** The `datacomp` rule's threshold `t` (rows with a score at least as good were kept). */
  threshold?: number;
  /** The pool the rows were chosen from. */
  pool: {
    /** Rows read. */
    read: number;
    /** Valid rows (the `N` of the percents). */
    valid: number;
    /** Rows excluded, by reason. */
    excluded: PoolExclusions;
  };
  /** Excluded rows, DataComp rule ties. */
  warnings: PoolWarning[];
  /** The statement that selected and wrote the rows. */
  sql: string;
  /** Wall-clock seconds. */
  seconds: number;
}

interface Selection {
  description: string;
  sql: string;
  ranks: Array<{ from: number; to: number }>;
  threshold?: number;
}

function mergeRanges(ranges: Array<{ from: number; to: number }>): Array<{ from: number; to: number }> {
  const sorted = ranges.filter((r) => r.to >= r.from).sort((a, b) => a.from - b.from);
  const out: Array<{ from: number; to: number }> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

async function select(engine: Engine, options: WriteSubsetOptions, groups: readonly ShardGroup[], source: { id: string; score: string }, n: number, known: readonly BucketSpec[]): Promise<Selection> {
  const lower = options.lowerIsBetter === true;
  const order = `score ${lower ? "ASC" : "DESC"}, id ASC`;
  const valid = rowsSql(groups, source, "valid");
  const s = options.select;
  const rangeOf = (b: BucketSpec) => ({ from: rankAt(n, b.from) + 1, to: rankAt(n, b.to) });
  let ranges: Array<{ from: number; to: number }>;
  let description: string;
  if (s.kind === "top") {
    if (typeof s.percent !== "number" || !Number.isFinite(s.percent) || !(s.percent > 0) || s.percent > 100) {
      throw new PoolError("INVALID_OPTION", `top is ${s.percent}%. Expected a percent of the pool in (0, 100], e.g. 30 for the best 30%.`, { field: "top", value: String(s.percent) });
    }
    if (s.rule === "datacomp") {
      // DataComp's rule, in floating point as NumPy does it: t = -sort(-s)[int(N * f)], keep s >= t.
      const index = Math.trunc(n * (s.percent / 100));
      let threshold: number | undefined;
      if (index < n) {
        const [row] = await engine.rows("subset", `WITH valid AS (\n${valid}\n)\nSELECT score FROM valid ORDER BY score ${lower ? "ASC" : "DESC"} LIMIT 1 OFFSET ${index}`);
        threshold = Number(row!.score);
      }
      const keep = threshold === undefined ? "" : ` WHERE score ${lower ? "<=" : ">="} ${doubleLiteral(threshold)}`;
      const [count] = await engine.rows("subset", `WITH valid AS (\n${valid}\n)\nSELECT count(*) AS n FROM valid${keep}`);
      const rows = Number(count!.n);
      return {
        description: `top ${s.percent}% (DataComp threshold rule${threshold === undefined ? ": every row" : `: score ${lower ? "<=" : ">="} ${threshold}`})`,
        sql: `WITH valid AS (\n${valid}\n)\nSELECT id, score FROM valid${keep} ORDER BY ${order}`,
        ranks: rows > 0 ? [{ from: 1, to: rows }] : [],
        ...(threshold !== undefined ? { threshold } : {}),
      };
    }
    if (s.rule !== undefined && s.rule !== "exact-rank") {
      throw new PoolError("INVALID_OPTION", `rule is ${JSON.stringify(String(s.rule).slice(0, 200))}. Expected "exact-rank" or "datacomp".`, { field: "rule", value: String(s.rule) });
    }
    ranges = [{ from: 1, to: rankAt(n, percentOf(s.percent)) }];
    description = `top ${s.percent}% (exact rank)`;
  } else if (s.kind === "bucket") {
    const b = parseBucketId(s.bucket, known);
    ranges = [rangeOf(b)];
    description = `bucket ${b.id}`;
  } else if (s.kind === "pool") {
    if (s.buckets.length === 0) throw new PoolError("INVALID_OPTION", "the pool names no bucket. Expected bucket ids joined by +, e.g. top0-10+top10-20.", { field: "pool" });
    const list = s.buckets.map((id) => parseBucketId(id, known));
    ranges = mergeRanges(list.map(rangeOf));
    description = `pool ${list.map((b) => b.id).join("+")}`;
  } else {
    throw new PoolError("INVALID_OPTION", `select.kind is ${JSON.stringify(String((s as { kind: unknown }).kind).slice(0, 200))}. Expected "bucket", "pool" or "top".`, { field: "select" });
  }
  ranges = mergeRanges(ranges);
  const rows = ranges.reduce((sum, r) => sum + r.to - r.from + 1, 0);
  if (rows === 0) {
    throw new PoolError("TOO_FEW_ROWS", `${description} holds no row of the ${n} valid rows. Expected a selection of at least one row: choose a wider range.`, { field: s.kind });
  }
  const sql =
    ranges.length === 1
      ? `WITH valid AS (\n${valid}\n)\nSELECT id, score FROM valid ORDER BY ${order} LIMIT ${rows} OFFSET ${ranges[0]!.from - 1}`
      : `WITH valid AS (\n${valid}\n), ranked AS (\n  SELECT id, score, row_number() OVER (ORDER BY ${order}) AS rank FROM valid\n)\nSELECT id, score FROM ranked WHERE ${ranges.map((r) => `rank BETWEEN ${r.from} AND ${r.to}`).join(" OR ")} ORDER BY rank`;
  return { description, sql, ranks: ranges };
}

/** Finds where an id first occurs in the shards: file and line (CSV/TSV, JSONL) or row index (parquet). */
async function locate(engine: Engine, groups: readonly ShardGroup[], source: { id: string; score: string }, value: string): Promise<{ file?: string; line?: number; row?: number }> {
  for (const g of groups) {
    const c = columnsSql(g, source, true);
    if (g.format === "parquet") {
      const rows = await engine.rows("check", `SELECT filename, file_row_number FROM ${readerSql(g.format, g.paths, ", filename = true, file_row_number = true")} WHERE ${c.id} = ${literal(value)} ORDER BY filename, file_row_number LIMIT 1`);
      if (rows.length > 0) return { file: String(rows[0]!.filename), row: Number(rows[0]!.file_row_number) };
      continue;
    }
    for (const path of g.paths) {
      const rows = await engine.rows("check", `SELECT rn FROM (SELECT ${c.id} AS id, row_number() OVER () AS rn FROM ${readerSql(g.format, [path])}) WHERE id = ${literal(value)} ORDER BY rn LIMIT 1`);
      if (rows.length > 0) return { file: path, line: Number(rows[0]!.rn) + (g.format === "jsonl" ? 0 : 1) };
    }
  }
  return {};
}

/**
 * Writes the selection's uids as a .npy file: DuckDB validates them (32 hex digits), sorts them (lower-case hex order
 * is the order of the (f0, f1) uint64 pairs) and writes them as text, one per line, to a scratch file; then the text
 * is decoded in large blocks (hex to bytes, then each 8-byte half byte-swapped to little-endian) into the .npy body.
 * A bad uid sorts first (prefixed "!"), so it is found on the first line without a second pass over the selection.
 */
async function writeNpy(engine: Engine, selection: string, path: string, scratch: string): Promise<{ rows: number } | { bad: string; badRows: number }> {
  const ok = "regexp_full_match(id, '[0-9a-fA-F]{32}')";
  const sql = `COPY (\nWITH selected AS (\n${selection}\n)\nSELECT CASE WHEN ${ok} THEN lower(id) ELSE '!' || replace(replace(id, chr(10), ' '), chr(13), ' ') END AS u FROM selected ORDER BY u\n) TO ${literal(scratch)} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\\t')`;
  await engine.track("subset", (c) => c.run(sql));
  const RECORD = 33;
  const input = await open(scratch, "r");
  const output = await open(path, "w");
  try {
    const size = (await input.stat()).size;
    const block = Buffer.alloc(RECORD * 65536);
    const first = await input.read(block, 0, Math.min(block.length, size), 0);
    if (first.bytesRead > 0 && block[0] === 0x21) {
      // Bad uids come first: count them and report the first.
      const text = block.subarray(0, first.bytesRead).toString("utf8").split("\n");
      const bad = text.filter((l) => l.startsWith("!"));
      let badRows = bad.length;
      if (bad.length === text.length) badRows = Math.round(size / RECORD); // more than a block: at least this many
      return { bad: bad[0]!.slice(1), badRows };
    }
    if (size % RECORD !== 0) throw new PoolError("WRITE_FAILED", `cannot write ${path}: the sorted uids are not 32 hex digits each (${size} bytes of text). No file was written.`, { file: path });
    const rows = size / RECORD;
    let position = 0;
    let written = NPY_HEADER_BYTES;
    while (position < size) {
      engine.checkAborted();
      const { bytesRead } = await input.read(block, 0, Math.min(block.length, size - position), position);
      if (bytesRead % RECORD !== 0) throw new PoolError("WRITE_FAILED", `cannot write ${path}: short read of the sorted uids. No file was written.`, { file: path });
      position += bytesRead;
      let hex = "";
      for (let at = 0; at < bytesRead; at += RECORD * 4096) hex += block.toString("latin1", at, Math.min(bytesRead, at + RECORD * 4096)).replaceAll("\n", "");
      const bytes = Buffer.from(hex, "hex");
      bytes.swap64(); // big-endian hex halves -> little-endian uint64 (f0 = int(uid[:16], 16), f1 = int(uid[16:], 16))
      await output.write(bytes, 0, bytes.length, written);
      written += bytes.length;
    }
    await output.write(npyHeader(rows), 0, NPY_HEADER_BYTES, 0);
    return { rows };
  } finally {
    await input.close();
    await output.close();
  }
}

/**
 * Writes the rows of a pool that a selection picks — a bucket, a union of buckets, or the best `percent` by exact
 * rank or by DataComp's threshold rule — as a trainer-ready file.
 *
 * @remarks The ranks are {@link bucketPool}'s (best first, ties by id), computed by DuckDB from the rows present.
 * The file is written under a temporary name in the output's directory and renamed once complete: a failure or an
 * abort leaves no file behind (and an existing output untouched). For `datacomp-npy`, a selected id that is not 32
 * hexadecimal digits is a `PoolError` `INVALID_UID` naming its file, line or row and value.
 * @throws {@link PoolError} with the codes of {@link bucketPool}, and `INVALID_UID`, `WRITE_FAILED`.
 * @example
 * ```ts
 * const r = await writeSubset({
 *   input: "metadata/", score: "clip_l14_similarity_score",
 *   select: { kind: "top", percent: 30 }, format: "datacomp-npy", output: "top30.npy",
 * });
 * r.rows; // round(0.3 · N)
 * ```
 */
export async function writeSubset(options: WriteSubsetOptions): Promise<SubsetResult> {
  const started = Date.now();
  const source = { id: options.id ?? "uid", score: options.score };
  if (!(["datacomp-npy", "parquet", "jsonl", "txt"] as const).includes(options.format)) {
    throw new PoolError("INVALID_OPTION", `format is ${JSON.stringify(String(options.format).slice(0, 200))}. Expected one of ${SUBSET_FORMATS.join(", ")}.`, { field: "format" });
  }
  const known = options.buckets !== undefined || options.edges !== undefined ? bucketsOf(resolveEdges(options)) : [];
  const out = atomicOutput(options.output);
  return withEngine(options, async (engine) => {
    try {
      const shards = await findShards(options.input, engine);
      if (shards.files.some((f) => resolve(f.path) === resolve(options.output))) {
        throw new PoolError("INVALID_OPTION", `the output ${options.output} is one of the inputs. Expected an output path that is not a shard being read.`, { file: options.output });
      }
      const groups = await describeShards(shards, source, engine);
      const { profile: p } = await profile(engine, groups, source, [], false);
      if (p.valid === 0) {
        throw new PoolError("EMPTY_INPUT", `no valid rows: ${p.read === 0 ? "the files hold no rows" : `all ${p.read} rows read were excluded`}. Expected rows with an id (--id ${source.id}) and a finite numeric score (--score ${source.score}).`, { field: source.score });
      }
      const chosen = await select(engine, options, groups, source, p.valid, known);
      let rows: number;
      let statement: string;
      if (options.format === "datacomp-npy") {
        if (groups.some((g) => !/^VARCHAR/i.test(g.idType))) {
          const g = groups.find((x) => !/^VARCHAR/i.test(x.idType))!;
          throw new PoolError("INVALID_UID", `the id column ${JSON.stringify(source.id)} of ${g.paths[0]} holds ${g.idType} values, not uids. Expected DataComp uids of 32 hexadecimal digits (datacomp-npy stores them as two uint64 halves).`, { file: g.paths[0]!, field: source.id });
        }
        statement = chosen.sql;
        const text = out.temp.replace(/\.tmp$/, ".uids.tmp");
        let written;
        try {
          written = await writeNpy(engine, chosen.sql, out.temp, text);
        } finally {
          rmSync(text, { force: true });
        }
        if ("bad" in written) {
          out.discard();
          const where = await locate(engine, groups, source, written.bad);
          const place = where.file === undefined ? "a selected row" : where.line !== undefined ? `${where.file}:${where.line}` : `${where.file} row ${where.row} (0-based)`;
          throw new PoolError(
            "INVALID_UID",
            `${place}: ${source.id} ${quoteValue(written.bad)} is not 32 hexadecimal digits${written.badRows > 1 ? ` (${written.badRows} selected rows have such ids)` : ""}. Expected a DataComp uid of 32 hex digits, e.g. "6a1f0c2e9b3d4f5a8c7e6d5b4a392817"; datacomp-npy stores it as two uint64 halves. No file was written.`,
            { ...where, field: source.id, value: written.bad },
          );
        }
        rows = written.rows;
      } else {
        const columns = `id AS ${ident(source.id)}${options.withScore === true ? `, score AS ${ident(source.score)}` : ""}`;
        const format = options.format === "parquet" ? "FORMAT parquet" : options.format === "jsonl" ? "FORMAT json" : `FORMAT csv, HEADER false, DELIMITER '\\t'`;
        statement = `COPY (\nWITH selected AS (\n${chosen.sql}\n)\nSELECT ${columns} FROM selected\n) TO ${literal(out.temp)} (${format})`;
        const result = await engine.track("subset", (c) => c.run(statement));
        rows = Number(result.rowsChanged);
      }
      engine.checkAborted();
      await out.commit();
      const warnings = poolWarnings(p);
      if (chosen.threshold !== undefined && options.select.kind === "top") {
        const exact = rankAt(p.valid, percentOf(options.select.percent));
        if (rows !== exact) warnings.push({ code: "TIED_EDGE", message: `the DataComp rule kept ${rows} rows where the exact rank keeps ${exact} (int(N·f) + 1 rows, and every row tied with the threshold ${chosen.threshold})` });
      }
      return {
        output: options.output,
        format: options.format,
        rows,
        description: chosen.description,
        ranks: chosen.ranks,
        ...(chosen.threshold !== undefined ? { threshold: chosen.threshold } : {}),
        pool: { read: p.read, valid: p.valid, excluded: p.excluded },
        warnings,
        sql: statement,
        seconds: (Date.now() - started) / 1000,
      };
    } catch (error) {
      out.discard();
      if (error instanceof PoolError) throw error;
      throw readFailed(error, options.output, "parquet");
    }
  });
}

