// Test fixtures made with DuckDB (parquet of generated uids and scores) and small text files.
import { DuckDBInstance } from "@duckdb/node-api";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "qqt-pool-test-"));
}

export function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs SQL on a throwaway in-memory DuckDB (one thread) and returns the rows as JS values. */
export async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Runs Python 3 with NumPy; returns stdout (throws with stderr on failure). */
export function python(code: string, args: readonly string[] = []): string {
  const r = spawnSync("python3", ["-c", code, ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}${r.error?.message ?? ""}`);
  return r.stdout;
}
