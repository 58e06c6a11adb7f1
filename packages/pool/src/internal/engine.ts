// One embedded DuckDB for one operation: bounded memory, threads and a private spill directory (removed at the
// end), progress polled from the running statement, and cancellation through an AbortSignal.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PoolError } from "../PoolError.js";
import type { EngineOptions, PoolProgress } from "../types.js";

const MEMORY_LIMIT = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;
const PROGRESS_MS = 200;

/** A row of a query result, with BIGINT/HUGEINT as bigint. */
export type Row = Record<string, unknown>;

export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly spill: string | undefined,
    private readonly options: EngineOptions,
  ) {}

  static async open(options: EngineOptions): Promise<Engine> {
    const config: Record<string, string> = {};
    if (options.memoryLimit !== undefined) {
      if (!MEMORY_LIMIT.test(options.memoryLimit)) {
        throw new PoolError("INVALID_OPTION", `memoryLimit is ${JSON.stringify(options.memoryLimit.slice(0, 200))}. Expected an amount of memory such as 4GB, 512MB or 16GiB.`, { field: "memoryLimit", value: options.memoryLimit });
      }
      config.memory_limit = options.memoryLimit.replace(/\s+/g, "");
    }
    if (options.threads !== undefined) {
      if (!Number.isInteger(options.threads) || options.threads < 1 || options.threads > 1024) {
        throw new PoolError("INVALID_OPTION", `threads is ${options.threads}. Expected a whole number of threads from 1 to 1024.`, { field: "threads", value: String(options.threads) });
      }
      config.threads = String(options.threads);
    }
    const spill = options.tempDirectory === undefined ? mkdtempSync(join(tmpdir(), "qqt-pool-spill-")) : undefined;
    config.temp_directory = options.tempDirectory ?? spill!;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(":memory:", config);
    } catch (error) {
      if (spill !== undefined) rmSync(spill, { recursive: true, force: true });
      throw new PoolError("INVALID_OPTION", `DuckDB refused the settings ${JSON.stringify(config)}: ${(error as Error).message}`);
    }
    const connection = await instance.connect();
    // Progress is tracked only with the progress bar enabled; DuckDB must not print its own.
    await connection.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
    return new Engine(instance, connection, spill, options);
  }

  /** Throws ABORTED when the signal has fired. */
  checkAborted(): void {
    if (this.options.signal?.aborted === true) throw new PoolError("ABORTED", "cancelled: the operation was aborted before it finished; no output was written.");
  }

  /** Runs `fn` (one statement on the connection), reporting progress as `statement` and interrupting on abort. */
  async track<T>(statement: PoolProgress["statement"], fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.checkAborted();
    const onAbort = () => this.connection.interrupt();
    this.options.signal?.addEventListener("abort", onAbort, { once: true });
    const report = this.options.onProgress;
    const started = Date.now();
    const timer =
      report === undefined
        ? undefined
        : setInterval(() => {
            const p = this.connection.progress;
            if (p.percentage < 0) return;
            report({ statement, percent: Math.min(100, p.percentage), rowsProcessed: Number(p.rows_processed), totalRows: Number(p.total_rows_to_process), seconds: (Date.now() - started) / 1000 });
          }, PROGRESS_MS);
    timer?.unref?.();
    try {
      return await fn(this.connection);
    } catch (error) {
      if (this.options.signal?.aborted === true) throw new PoolError("ABORTED", "cancelled: the operation was aborted before it finished; no output was written.");
      throw error;
    } finally {
      if (timer !== undefined) clearInterval(timer);
      this.options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Runs a query and returns its rows as JS values. */
  async rows(statement: PoolProgress["statement"], sql: string): Promise<Row[]> {
    return this.track(statement, async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Row[]);
  }

  close(): void {
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      if (this.spill !== undefined) rmSync(this.spill, { recursive: true, force: true });
    }
  }
}

/** Opens an engine, runs `fn`, and always closes it. */
export async function withEngine<T>(options: EngineOptions, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await Engine.open(options);
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}
