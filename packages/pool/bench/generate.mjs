// Generates a scored pool of N rows as parquet, with DuckDB: uid = md5 of the row number (32 hex digits, as
// DataComp's uids), clip_l14_similarity_score = a hash of it in [0, 1). Deterministic: the same N gives the same file.
//   node packages/pool/bench/generate.mjs --rows 1e6 -o pool.parquet
import { DuckDBInstance } from "@duckdb/node-api";
import { performance } from "node:perf_hooks";

/** Writes the pool; resolves to the seconds it took. */
export async function generatePool({ rows, output, threads }) {
  const started = performance.now();
  const instance = await DuckDBInstance.create(":memory:", threads === undefined ? {} : { threads: String(threads) });
  const connection = await instance.connect();
  try {
    const path = output.replaceAll("'", "''");
    await connection.run(`COPY (
      SELECT md5(i::VARCHAR) AS uid, (hash(i) % 1000000007)::DOUBLE / 1000000007 AS clip_l14_similarity_score
      FROM range(${Math.round(rows)}) t(i)
    ) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return (performance.now() - started) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const rows = Number(arg("--rows") ?? 1e6);
  const output = arg("-o") ?? arg("--output") ?? "pool.parquet";
  if (!(rows >= 1)) throw new Error("--rows: expected a number of rows >= 1, e.g. 1e6");
  const seconds = await generatePool({ rows, output });
  console.log(`Wrote ${output}: ${rows} rows (uid, clip_l14_similarity_score) in ${seconds.toFixed(1)} s`);
}
