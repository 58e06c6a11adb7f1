// The "edges" statement: one scan that counts the rows read, excluded (by reason) and valid, the distinct ids, and
// computes each edge's rank from the valid count (exact integer rounding in SQL). Then, only when needed, the exact
// duplicate ids.
import type { PoolDuplicates, PoolExclusions } from "@qqt/data";
import type { Engine } from "./engine.js";
import { rankSql, type Percent } from "./percent.js";
import { readFailed, rowsSql, type ShardGroup } from "./sources.js";

export interface Profile {
  read: number;
  valid: number;
  excluded: PoolExclusions;
  /** Distinct id hashes among the valid rows (equal to `valid` exactly when no id repeats). */
  distinctHashes: number | undefined;
  /** The rank of each edge (rows above it). */
  ranks: number[];
}

const REASONS = ["missingId", "missingScore", "nanScore", "infiniteScore", "nonNumericScore"] as const;

/** The edges statement (SQL). */
export function profileSql(groups: readonly ShardGroup[], source: { id: string; score: string }, edges: readonly Percent[], distinct: boolean): string {
  const counts = REASONS.map((r) => `count(*) FILTER (WHERE reason = '${r}') AS "${r}"`).join(",\n    ");
  const ranks = edges.length === 0 ? "[]::BIGINT[]" : `[${edges.map((p) => rankSql("valid", p)).join(", ")}]`;
  return `WITH pool AS (
${rowsSql(groups, source, "all")}
), counts AS (
  SELECT count(*) AS "read",
    ${counts},
    count(*) FILTER (WHERE reason IS NULL) AS valid${distinct ? `,\n    count(DISTINCT hash(id)) FILTER (WHERE reason IS NULL) AS distinct_hashes` : ""}
  FROM pool
)
SELECT *, ${ranks} AS ranks FROM counts`;
}

export async function profile(engine: Engine, groups: readonly ShardGroup[], source: { id: string; score: string }, edges: readonly Percent[], distinct: boolean): Promise<{ profile: Profile; sql: string }> {
  const sql = profileSql(groups, source, edges, distinct);
  let row;
  try {
    [row] = await engine.rows("edges", sql);
  } catch (error) {
    throw readFailed(error, groups.flatMap((g) => g.paths).join(", ").slice(0, 300), groups[0]!.format);
  }
  const n = (key: string) => Number(row![key] ?? 0);
  const excluded = Object.fromEntries(REASONS.map((r) => [r, n(r)])) as unknown as PoolExclusions;
  return {
    sql,
    profile: {
      read: n("read"),
      valid: n("valid"),
      excluded,
      distinctHashes: distinct ? n("distinct_hashes") : undefined,
      ranks: (row!.ranks as Array<number | bigint>).map(Number),
    },
  };
}

/** The exact duplicate ids (run only when the distinct hashes say some id may repeat). */
export async function duplicates(engine: Engine, groups: readonly ShardGroup[], source: { id: string; score: string }): Promise<PoolDuplicates> {
  const sql = `WITH valid AS (
${rowsSql(groups, source, "valid")}
), repeated AS (
  SELECT hash(id) AS h FROM valid GROUP BY h HAVING count(*) > 1
), dups AS (
  SELECT CAST(id AS VARCHAR) AS id, count(*) AS n FROM valid WHERE hash(id) IN (SELECT h FROM repeated) GROUP BY id HAVING count(*) > 1
)
SELECT count(*) AS ids, coalesce(sum(n), 0) AS "rows", (SELECT list(id ORDER BY id) FROM (SELECT id FROM dups ORDER BY id LIMIT 10)) AS examples FROM dups`;
  const [row] = await engine.rows("check", sql);
  return { ids: Number(row!.ids), rows: Number(row!.rows), examples: ((row!.examples as string[] | null) ?? []).map(String) };
}
