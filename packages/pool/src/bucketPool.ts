import type { PoolDuplicates, PoolManifestBucket, PoolManifestEdge, PoolManifestV1 } from "@qqt/data";
import { PoolError } from "./PoolError.js";
import type { EngineOptions, PoolSource, PoolWarning } from "./types.js";
import { VERSION } from "./version.js";
import { bucketsOf, resolveEdges } from "./internal/edges.js";
import { withEngine, type Engine } from "./internal/engine.js";
import { percentValue } from "./internal/percent.js";
import { duplicates, profile } from "./internal/profile.js";
import { describeShards, findShards, readFailed, rowsSql, type ShardGroup } from "./internal/sources.js";
import { doubleLiteral } from "./internal/sql.js";
import { countWord, describeExclusions, poolWarnings } from "./internal/warnings.js";

/**
 * Options of {@link bucketPool}: the source, the buckets (`buckets: k` equal buckets, default 10, or `edges` in
 * percent) and the engine settings.
 *
 * @example
 * ```ts
 * const options: BucketPoolOptions = { input: "metadata/", score: "clip_l14_similarity_score", edges: [0, 10, 20, 30, 40, 100], memoryLimit: "8GB" };
 * ```
 */
export interface BucketPoolOptions extends PoolSource, EngineOptions {
  /** Equal buckets: `k` buckets of `round(N/k)`-ish rows (sizes differ by at most one). Default 10. */
  buckets?: number;
  /** Bucket edges in percent of the valid rows, best first, increasing from 0 to 100, e.g. `[0, 10, 20, 30, 40, 100]`. */
  edges?: readonly number[];
}

/**
 * What {@link bucketPool} found: the manifest (sizes, score ranges, counts, rule), warnings, and the SQL it ran.
 *
 * @example
 * ```ts
 * const { manifest, warnings, sql } = await bucketPool({ input: "scores.parquet", score: "score", buckets: 10 });
 * manifest.buckets.map((b) => b.count); // [100000, 100000, …]
 * ```
 */
export interface BucketPoolResult {
  /** The `qqt.pool/v1` manifest, ready for `writePoolManifest` (`@qqt/data`). */
  manifest: PoolManifestV1;
  /** Rows excluded, duplicate ids, ties straddling an edge. */
  warnings: PoolWarning[];
  /** The two statements run: `edges` (counts and the rank of every edge) and `assignment` (ranks, buckets). */
  sql: {
    /** Counts rows read, excluded by reason and valid, distinct ids, and computes every edge's rank. */
    edges: string;
    /** Ranks the valid rows best first (ties by id) and aggregates each bucket's count and score range. */
    assignment: string;
  };
  /** Wall-clock seconds. */
  seconds: number;
}

/** The assignment statement: exact ranks, one CASE over the edge ranks, and each bucket's count and score range. */
function assignmentSql(groups: readonly ShardGroup[], source: { id: string; score: string }, ranks: readonly number[], lowerIsBetter: boolean): string {
  const cases = ranks.slice(1, -1).map((r, i) => `WHEN rank <= ${r} THEN ${i}`);
  const bucket = cases.length === 0 ? "0" : `CASE ${cases.join(" ")} ELSE ${ranks.length - 2} END`;
  return `WITH valid AS (
${rowsSql(groups, source, "valid")}
), ranked AS (
  SELECT score, row_number() OVER (ORDER BY score ${lowerIsBetter ? "ASC" : "DESC"}, id ASC) AS rank FROM valid
)
SELECT ${bucket} AS bucket, count(*) AS count, min(score) AS score_min, max(score) AS score_max
FROM ranked GROUP BY bucket ORDER BY bucket`;
}

/** For each inner edge whose neighbours share a score, how many rows of that score lie above and below it. */
async function tiedEdges(engine: Engine, groups: readonly ShardGroup[], source: { id: string; score: string }, buckets: readonly PoolManifestBucket[], ranks: readonly number[], lowerIsBetter: boolean): Promise<PoolManifestEdge[]> {
  const edges = buckets.slice(0, -1).map((b, i) => {
    const next = buckets[i + 1]!;
    const last = lowerIsBetter ? b.scoreMax : b.scoreMin;
    const first = lowerIsBetter ? next.scoreMin : next.scoreMax;
    return { index: i, rank: ranks[i + 1]!, tie: last === first ? last : undefined };
  });
  const tied = edges.filter((e) => e.tie !== undefined);
  const counts = new Map<number, { equal: number; better: number }>();
  if (tied.length > 0) {
    const better = lowerIsBetter ? "<" : ">";
    const columns = tied.flatMap((e) => [`count(*) FILTER (WHERE score = ${doubleLiteral(e.tie!)}) AS eq${e.index}`, `count(*) FILTER (WHERE score ${better} ${doubleLiteral(e.tie!)}) AS bt${e.index}`]);
    const [row] = await engine.rows("check", `WITH valid AS (\n${rowsSql(groups, source, "valid")}\n)\nSELECT ${columns.join(", ")} FROM valid`);
    for (const e of tied) counts.set(e.index, { equal: Number(row![`eq${e.index}`]), better: Number(row![`bt${e.index}`]) });
  }
  return edges.map((e) => {
    const c = counts.get(e.index);
    const tiedAbove = c === undefined ? 0 : e.rank - c.better;
    return { percent: 0, rank: e.rank, tiedAbove, tiedBelow: c === undefined ? 0 : c.equal - tiedAbove };
  });
}

/**
 * Buckets a scored pool best first by exact rank: the `N` valid rows are ranked by score (best first; equal scores
 * by id, ascending) and bucket `topA-B` holds ranks `round(A% · N) + 1 … round(B% · N)`, so sizes are exact, buckets
 * are disjoint and cover every valid row, and equal buckets differ by at most one row.
 *
 * @remarks Runs on embedded DuckDB, reading the shards in place: first the `edges` statement (one scan: counts by
 * exclusion reason, distinct ids, the rank of each edge), then the `assignment` statement (a global sort by score
 * and id, then one aggregate per bucket). Rows with a missing or empty id, or a missing, NaN, infinite or non-numeric
 * score are excluded and counted by reason. Duplicate ids are counted and reported (every row is kept). When equal
 * scores straddle an edge (the ids decided), the manifest's `edges` say how many rows lie on each side.
 * @throws {@link PoolError} `FILE_NOT_FOUND`, `NO_SHARDS`, `UNSUPPORTED_FORMAT`, `EMPTY_INPUT`, `MISSING_COLUMN`,
 * `TOO_FEW_ROWS`, `READ_FAILED`, `INVALID_OPTION` or `ABORTED`.
 * @example
 * ```ts
 * const { manifest } = await bucketPool({ input: "metadata/*.parquet", score: "clip_l14_similarity_score", buckets: 10 });
 * manifest.buckets[0]; // { id: "top0-10", count: 1280000, scoreMin: 0.3124, scoreMax: 0.5127, fromPercent: 0, toPercent: 10 }
 * ```
 */
export async function bucketPool(options: BucketPoolOptions): Promise<BucketPoolResult> {
  const started = Date.now();
  const source = { id: options.id ?? "uid", score: options.score };
  const lowerIsBetter = options.lowerIsBetter === true;
  const edges = resolveEdges(options);
  const specs = bucketsOf(edges);
  return withEngine(options, async (engine) => {
    const shards = await findShards(options.input, engine);
    const groups = await describeShards(shards, source, engine);
    const { profile: p, sql: edgesSql } = await profile(engine, groups, source, edges, true);
    if (p.valid === 0) {
      throw new PoolError("EMPTY_INPUT", `no valid rows: ${p.read === 0 ? "the files hold no rows" : `all ${p.read} rows read were excluded (${describeExclusions(p.excluded)})`}. Expected rows with an id (--id ${source.id}) and a finite numeric score (--score ${source.score}).`, { field: source.score });
    }
    const empty = specs.findIndex((_, i) => p.ranks[i + 1]! <= p.ranks[i]!);
    if (empty >= 0) {
      throw new PoolError("TOO_FEW_ROWS", `${p.valid} valid rows are too few for ${specs.length} buckets: bucket ${specs[empty]!.id} would be empty. Expected at least one row per bucket: use fewer buckets or wider edges.`, { field: "buckets" });
    }
    const assignment = assignmentSql(groups, source, p.ranks, lowerIsBetter);
    let rows;
    try {
      rows = await engine.rows("assignment", assignment);
    } catch (error) {
      throw readFailed(error, shards.files.map((f) => f.path).join(", ").slice(0, 300), groups[0]!.format);
    }
    const buckets: PoolManifestBucket[] = specs.map((spec, i) => {
      const row = rows.find((r) => Number(r.bucket) === i);
      return {
        id: spec.id,
        count: Number(row?.count ?? 0),
        scoreMin: Number(row?.score_min),
        scoreMax: Number(row?.score_max),
        fromPercent: percentValue(spec.from),
        toPercent: percentValue(spec.to),
      };
    });
    const edgeInfo = (await tiedEdges(engine, groups, source, buckets, p.ranks, lowerIsBetter)).map((e, i) => ({ ...e, percent: percentValue(edges[i + 1]!) }));
    const dup: PoolDuplicates = p.distinctHashes === p.valid ? { ids: 0, rows: 0, examples: [] } : await duplicates(engine, groups, source);
    const manifest: PoolManifestV1 = {
      format: "qqt.pool/v1",
      generator: `@qqt/pool ${VERSION}`,
      source: { files: shards.files.map((f) => f.path), id: source.id, score: source.score, order: lowerIsBetter ? "lower-is-better" : "higher-is-better" },
      rows: { read: p.read, valid: p.valid, excluded: p.excluded, duplicates: dup },
      rule: { kind: "exact-rank", edges: edges.map(percentValue), ties: "id-ascending" },
      buckets,
      ...(edgeInfo.length > 0 ? { edges: edgeInfo } : {}),
    };
    const warnings = poolWarnings(manifest.rows);
    for (const e of edgeInfo) {
      if (e.tiedAbove > 0 || e.tiedBelow > 0) {
        warnings.push({ code: "TIED_EDGE", message: `${countWord(e.tiedAbove + e.tiedBelow, "row")} of equal score straddle the edge at ${e.percent}% (${e.tiedAbove} above, ${e.tiedBelow} below); their ids decided` });
      }
    }
    return { manifest, warnings, sql: { edges: edgesSql, assignment }, seconds: (Date.now() - started) / 1000 };
  });
}
