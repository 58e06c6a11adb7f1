// qqt pool bucket | subset: bucket a scored pool into best-first quality buckets (a qqt.pool/v1 manifest) and write
// the subset a trainer reads (DataComp .npy, parquet, JSONL, ids). The work is @qqt/pool's (DuckDB), loaded only here.
import { DataError, writePoolManifest } from "@qqt/data";
import type { BucketPoolResult, EngineOptions, PoolProgress, SubsetFormat, SubsetResult, SubsetSelection } from "@qqt/pool";
import { adviceEngine, formatCount } from "@qqt/core";
import type { Command } from "commander";
import { Option } from "commander";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { rename } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Context, Progress } from "../context.js";
import { CliError, usage } from "../errors.js";
import { parseInteger } from "../fitOptions.js";
import { loadModel } from "../model.js";
import { parseBudgets } from "../parseBudgets.js";
import { renderTable } from "../output/renderTable.js";
import type { Runner } from "../program.js";
import { plural } from "./shared.js";

interface SourceOptions {
  score: string;
  id: string;
  lowerIsBetter?: boolean;
  buckets?: string;
  edges?: string;
  memoryLimit?: string;
  threads?: string;
  tempDir?: string;
  json?: boolean;
}

interface BucketOptions extends SourceOptions {
  output?: string;
  printSql?: boolean;
}

interface SubsetOptions extends SourceOptions {
  bucket?: string;
  top?: string;
  pool?: string;
  model?: string;
  budget?: string;
  rule: "exact-rank" | "datacomp";
  format: SubsetFormat;
  output: string;
  withScore?: boolean;
}

/** `10%`, `12.5%` or `10` → 10 (a percent in (0, 100]). */
export function parsePercent(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = m === null ? NaN : Number(m[1]);
  if (!(value > 0 && value <= 100)) throw usage(`${option}: expected a percent of the pool in (0, 100], e.g. 30% or 12.5%, got "${text.slice(0, 200)}".`);
  return value;
}

/** `0,10,20,30,40,100` → the edges in percent. */
export function parseEdges(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim().replace(/%$/, ""));
  const values = parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : NaN));
  const bad = parts.find((_, i) => !(values[i]! >= 0 && values[i]! <= 100));
  if (bad !== undefined || values.length < 2) {
    throw usage(`--edges: expected percents from 0 to 100, increasing, comma-separated, e.g. 0,10,20,30,40,100, got "${text.slice(0, 200)}".`);
  }
  return values;
}

/** The engine and source options for @qqt/pool, from the command line. */
function engineOptions(o: SourceOptions, ctx: Context, signal: AbortSignal): EngineOptions & { id: string; score: string; lowerIsBetter: boolean; buckets?: number; edges?: number[] } {
  if (o.buckets !== undefined && o.edges !== undefined) throw usage("--buckets and --edges: give one of them (--buckets 10, or --edges 0,10,20,30,40,100).");
  return {
    id: o.id,
    score: o.score,
    lowerIsBetter: o.lowerIsBetter === true,
    ...(o.buckets !== undefined ? { buckets: parseInteger(o.buckets, "--buckets", 1, 1000) } : {}),
    ...(o.edges !== undefined ? { edges: parseEdges(o.edges) } : {}),
    ...(o.memoryLimit !== undefined ? { memoryLimit: o.memoryLimit } : {}),
    ...(o.threads !== undefined ? { threads: parseInteger(o.threads, "--threads", 1, 1024) } : {}),
    ...(o.tempDir !== undefined ? { tempDirectory: o.tempDir } : {}),
    signal,
    onProgress: progressReporter(ctx),
  };
}

/** One progress bar per statement, on stderr (rows processed by DuckDB, the rows scanned first). */
function progressReporter(ctx: Context): (p: PoolProgress) => void {
  let bar: Progress | undefined;
  let current: string | undefined;
  const stop = () => bar?.stop();
  process.once("beforeExit", stop);
  return (p) => {
    if (p.statement !== current) {
      bar?.stop();
      current = p.statement;
      bar = ctx.progress(`pool: ${p.statement}`, { unit: "rows", delayMs: 500 });
    }
    bar!.update(Math.min(p.rowsProcessed, p.totalRows), p.totalRows);
  };
}

/** Runs `fn` with an AbortSignal that Ctrl+C fires (the library then stops DuckDB and removes partial output). */
async function cancellable<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on("SIGINT", onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** Writes text to a temporary name beside `path`, then renames it: never a half-written manifest. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, text);
    await rename(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new DataError([{ code: "WRITE_FAILED", file: path, message: `cannot write the manifest (${(error as Error).message.slice(0, 200)})`, expected: "a writable path in an existing directory" }]);
  }
}

/** A score with up to 8 significant digits (never rounded up to a misleading 1). */
function score(x: number): string {
  return String(Number(x.toPrecision(8)));
}

/** The exclusion reasons of a manifest in words. */
const REASONS: Readonly<Record<string, string>> = {
  missingId: "missing id",
  missingScore: "missing score",
  nanScore: "NaN score",
  infiniteScore: "infinite score",
  nonNumericScore: "non-numeric score",
};

/** Passes as the recommendation prints them: `2.5`, `17`. */
function formatPasses(passes: number): string {
  return passes >= 10 ? String(Math.round(passes)) : String(Number(passes.toPrecision(2)));
}

/** The human-readable report of `pool bucket`. */
function renderBucket(ctx: Context, r: BucketPoolResult): string {
  const m = r.manifest;
  const p = ctx.out;
  const lines: string[] = [];
  const order = m.source.order === "higher-is-better" ? "higher is better" : "lower is better";
  lines.push(
    `${p.bold(`Bucketed ${formatCount(m.rows.valid)} valid rows`)} of ${formatCount(m.rows.read)} read from ${plural(m.source.files.length, "file")} by ${m.source.score} (${order}) into ${plural(m.buckets.length, "bucket")}: exact ranks, ties by ${m.source.id}`,
  );
  const excluded = Object.entries(m.rows.excluded).filter(([, n]) => n > 0);
  lines.push(`Excluded: ${excluded.length === 0 ? "none" : excluded.map(([k, n]) => `${n} ${REASONS[k] ?? k}`).join(", ")}`);
  const d = m.rows.duplicates;
  lines.push(`Duplicate ids: ${d.ids === 0 ? "none" : `${d.ids} ids on ${d.rows} rows (kept), e.g. ${d.examples.slice(0, 3).join(", ")}`}`);
  lines.push("");
  const edges = m.edges ?? [];
  const ties = edges.some((e) => e.tiedAbove + e.tiedBelow > 0);
  const rows = m.buckets.map((b, i) => {
    const e = edges[i];
    const tie = e !== undefined && e.tiedAbove + e.tiedBelow > 0 ? `${e.tiedAbove} above, ${e.tiedBelow} below` : "";
    return [b.id, String(b.count), score(b.scoreMin), score(b.scoreMax), ...(ties ? [tie] : [])];
  });
  const columns = [{ header: "bucket" }, { header: "rows", align: "right" as const }, { header: "score min", align: "right" as const }, { header: "score max", align: "right" as const }];
  lines.push(renderTable(ties ? [...columns, { header: "equal scores across the next edge" }] : columns, rows).trimEnd());
  for (const w of r.warnings) if (w.code !== "EXCLUDED_ROWS") lines.push(p.yellow(`warning: ${w.message}`));
  return lines.join("\n") + "\n";
}

/** Registers `qqt pool` and its subcommands. */
export function registerPool(cmd: Command, run: Runner): void {
  cmd
    .summary("bucket a scored pool into quality buckets, write trainer-ready subsets (DuckDB)")
    .description(
      "Works on the scored pool itself (parquet, CSV/TSV or JSONL shards: a file, a directory or a glob), on embedded DuckDB: `bucket` ranks the rows best first and cuts them into buckets (a qqt.pool/v1 manifest whose sizes `qqt fit --bucket-sizes manifest.json` reads); `subset` writes the rows of a bucket, a pool of buckets or the top k% in the format a trainer reads.",
    );
  const source = (c: Command) =>
    c
      .argument("<scores...>", "the scored pool: parquet, CSV, TSV or JSONL shards — files, directories (recursive) or globs (quote them)")
      .requiredOption("--score <column>", "the score column, e.g. clip_l14_similarity_score")
      .option("--id <column>", "the id column", "uid")
      .option("--lower-is-better", "lower scores are better (default: higher is better)")
      .option("--buckets <k>", "k equal buckets, best first (default 10)")
      .option("--edges <percents>", "bucket edges in percent, e.g. 0,10,20,30,40,100")
      .optionsGroup("Resources:")
      .option("--memory-limit <size>", "DuckDB's memory limit, e.g. 8GB (larger sorts spill to disk)")
      .option("--threads <n>", "DuckDB threads (default: one per core)")
      .option("--temp-dir <dir>", "where DuckDB spills (default: a fresh directory in the system temp, removed at the end)")
      .option("--json", "print the result as JSON on stdout");

  const bucket = cmd.command("bucket");
  source(bucket)
    .summary("rank a scored pool best first and cut it into buckets; write a qqt.pool/v1 manifest")
    .description(
      "Ranks the valid rows by score, best first (equal scores by id, ascending) and cuts them at exact ranks: bucket topA-B holds ranks round(A% · N) + 1 … round(B% · N) of the N valid rows, so buckets are disjoint, cover every valid row and equal buckets differ by at most one row. Rows with a missing id or a missing, NaN, infinite or non-numeric score are excluded and counted; duplicate ids are reported (every row is kept).",
    )
    .option("-o, --output <file>", "write the qqt.pool/v1 manifest to this file")
    .option("--print-sql", "also print the two SQL statements run (edges, then assignment), to run the same plan elsewhere")
    .addHelpText(
      "after",
      `
Examples:
  qqt pool bucket metadata/ --score clip_l14_similarity_score --buckets 10 -o manifest.json
  qqt pool bucket 'shards/*.parquet' --score clip_b32_similarity_score --edges 0,10,20,30,40,100
  qqt pool bucket scores.csv --id doc_id --score perplexity --lower-is-better --print-sql`,
    )
    .action(
      run(async (ctx, inputs: string[], o: BucketOptions) => {
        const { bucketPool } = await import("@qqt/pool");
        const result = await cancellable((signal) => bucketPool({ input: inputs, ...engineOptions(o, ctx, signal) }));
        if (o.output !== undefined) await writeAtomically(o.output, writePoolManifest(result.manifest));
        if (o.json === true) {
          ctx.printJson({ manifest: result.manifest, warnings: result.warnings, sql: result.sql, seconds: result.seconds });
          return;
        }
        for (const w of result.warnings) if (w.code === "EXCLUDED_ROWS") ctx.warn(w.message);
        if (o.printSql === true) {
          ctx.print(ctx.out.dim("-- 1. edges: counts rows read, excluded by reason and valid, distinct ids, and the rank of every edge"));
          ctx.print(`${result.sql.edges};\n`);
          ctx.print(ctx.out.dim("-- 2. assignment: ranks the valid rows best first (ties by id) and aggregates each bucket"));
          ctx.print(`${result.sql.assignment};\n`);
        }
        ctx.print(renderBucket(ctx, result));
        if (o.output !== undefined) ctx.note(`Wrote ${o.output} (qqt.pool/v1, ${plural(result.manifest.buckets.length, "bucket")}). Its sizes: qqt fit runs.csv --bucket-sizes ${o.output}`);
      }),
    );

  const subset = cmd.command("subset");
  source(subset)
    .summary("write the rows of a bucket, a pool or the top k% as a DataComp .npy, parquet, JSONL or id list")
    .description(
      "Writes the rows chosen by --bucket, --pool or --top, ranked as `qqt pool bucket` ranks them (best first, ties by id). --top 30% keeps exactly round(0.30 · N) rows (the first three buckets when 30% is an edge); with --rule datacomp it is DataComp's threshold rule instead: t = -sort(-s)[int(N · f)], keep every row with s >= t (ties at t included). The file is written under a temporary name and renamed when complete: a failure or Ctrl+C leaves nothing behind.",
    )
    .option("--bucket <id>", "one bucket, e.g. top10-20")
    .option("--pool <ids>", "a union of buckets, e.g. top0-10+top10-20")
    .option("--top <percent>", "the best k% of the valid rows, e.g. 30%")
    .option("--model <file>", "with --budget: the pool the model's advice picks for that budget (a qqt.model/v1 file from qqt fit -o)")
    .option("--budget <samples>", "with --model: the training budget in samples seen, e.g. 640M")
    .addOption(new Option("--rule <rule>", "for --top: exact-rank (exactly round(k% · N) rows) or datacomp (DataComp's threshold rule)").choices(["exact-rank", "datacomp"]).default("exact-rank"))
    .addOption(
      new Option("--format <format>", "datacomp-npy (NumPy structured uint64 pairs, what DataComp's resharder reads), parquet, jsonl, or txt (ids one per line)")
        .choices(["datacomp-npy", "parquet", "jsonl", "txt"])
        .makeOptionMandatory(),
    )
    .requiredOption("-o, --output <file>", "the file to write")
    .option("--with-score", "also write each row's score (parquet, jsonl, txt)")
    .addHelpText(
      "after",
      `
Examples:
  qqt pool subset metadata/ --score clip_l14_similarity_score --top 30% --format datacomp-npy -o top30.npy
  qqt pool subset metadata/ --score clip_l14_similarity_score --top 30% --rule datacomp --format datacomp-npy -o dc30.npy
  qqt pool subset scores.parquet --score s --bucket top10-20 --format parquet --with-score -o top10-20.parquet
  qqt pool subset scores.parquet --score s --pool top0-10+top20-30 --format txt -o ids.txt
  qqt pool subset metadata/ --score clip_l14_similarity_score --model model.json --budget 640M --format datacomp-npy -o best.npy`,
    )
    .action(
      run(async (ctx, inputs: string[], o: SubsetOptions) => {
        const chosen = [o.bucket, o.pool, o.top, o.model].filter((x) => x !== undefined).length;
        if (chosen !== 1) throw usage("choose the rows with exactly one of --bucket top10-20, --pool top0-10+top10-20, --top 30% or --model model.json --budget 640M.");
        if ((o.model === undefined) !== (o.budget === undefined)) throw usage("--model and --budget go together: --model model.json --budget 640M picks the model's best pool for that budget.");
        if (o.rule === "datacomp" && o.top === undefined) throw usage("--rule datacomp applies to --top (DataComp's threshold rule keeps the top fraction).");
        if (o.withScore === true && o.format === "datacomp-npy") throw usage("--with-score: datacomp-npy holds uids only; use parquet, jsonl or txt to write scores.");
        let select: SubsetSelection;
        let pick: { budget: number; pool: string[]; name: string; size: number; passes: number } | undefined;
        if (o.model !== undefined) {
          const budgets = parseBudgets(o.budget!, { option: "--budget" });
          if (budgets.length !== 1) throw usage(`--budget: expected one budget in samples seen, e.g. 640M, got "${o.budget!.slice(0, 200)}".`);
          const model = await loadModel(o.model, ctx);
          const advice = adviceEngine(model).advise(budgets[0]!);
          const best = advice.best;
          const notPoolIds = best.pool.filter((id) => !/^top\d+(\.\d+)?-\d+(\.\d+)?$/.test(id));
          if (notPoolIds.length > 0) {
            throw new CliError(
              "NOT_A_MODEL",
              `the model's best pool at ${formatCount(budgets[0]!)} is ${best.pool.join("+")}, but ${notPoolIds.map((id) => `"${id}"`).join(", ")} is not a bucket of a pool (top<from>-<to>, as qqt pool bucket names them). Fit the model to runs on the buckets of qqt pool bucket.`,
            );
          }
          for (const w of advice.warnings) ctx.warn(w.message);
          pick = { budget: budgets[0]!, pool: best.pool, name: best.name, size: best.size, passes: best.passes };
          select = { kind: "pool", buckets: best.pool };
        } else {
          select =
            o.bucket !== undefined
              ? { kind: "bucket", bucket: o.bucket }
              : o.pool !== undefined
                ? { kind: "pool", buckets: o.pool.split(/[+,]/).map((s) => s.trim()).filter((s) => s !== "") }
                : { kind: "top", percent: parsePercent(o.top!, "--top"), rule: o.rule };
        }
        const { writeSubset } = await import("@qqt/pool");
        const result: SubsetResult = await cancellable((signal) =>
          writeSubset({ input: inputs, ...engineOptions(o, ctx, signal), select, format: o.format, output: o.output, ...(o.withScore === true ? { withScore: true } : {}) }),
        );
        if (o.json === true) {
          ctx.printJson(pick !== undefined ? { ...result, advice: pick } : result);
          return;
        }
        for (const w of result.warnings) ctx.warn(w.message);
        if (pick !== undefined) {
          ctx.print(`Best pool at ${formatCount(pick.budget)} samples seen (${o.model}): ${pick.name} = ${pick.pool.join("+")}, ${formatCount(pick.size)} unique samples, ${formatPasses(pick.passes)} passes.`);
          if (Math.abs(result.rows - pick.size) > 0.01 * pick.size) {
            ctx.warn(`the model's pool holds ${formatCount(pick.size)} unique samples but these rows give it ${formatCount(result.rows)}: the model was fitted to buckets of another size (passes at this budget: ${formatPasses(pick.budget / result.rows)} over these rows).`);
          }
        }
        ctx.print(
          `${ctx.out.bold(`Wrote ${o.output}`)}: ${formatCount(result.rows)} rows (${result.rows}), ${result.description}, of ${formatCount(result.pool.valid)} valid rows — ${o.format}`,
        );
      }),
    );
}
