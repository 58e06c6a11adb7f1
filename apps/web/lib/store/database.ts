// Opening the database: SQLite (better-sqlite3, one file) by default, PostgreSQL (pg) when a URL is given.
// Opening always runs the pending migrations.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { migrateToLatest, type MigrationReport } from "./migrations";
import type { Database } from "./schema";

/** Which database engine a {@link StoreDatabase} talks to. */
export type DialectName = "sqlite" | "postgres";

/** Default time a SQLite writer waits for another process's write lock before giving up (then retried). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** Default size of the PostgreSQL connection pool. */
export const POSTGRES_POOL_SIZE = 10;

/** Where the database is: a PostgreSQL URL, or a SQLite file. */
export type DatabaseLocation = { kind: "postgres"; url: string } | { kind: "sqlite"; file: string };

/** Tuning of {@link openDatabase}. */
export interface OpenOptions {
  /** SQLite: milliseconds to wait for another connection's write lock (default {@link SQLITE_BUSY_TIMEOUT_MS}). */
  busyTimeoutMs?: number;
  /** PostgreSQL: most connections in the pool (default {@link POSTGRES_POOL_SIZE}). */
  poolSize?: number;
}

/** An open database: the Kysely instance, its dialect, where it is (password redacted) and how to close it. */
export interface StoreDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human-readable location with any password replaced by `***`, safe to log. */
  where: string;
  /** Migrations applied while opening. */
  migrations: MigrationReport;
  close(): Promise<void>;
}

/**
 * Opens (and creates, for SQLite) the database and applies pending migrations.
 *
 * @remarks SQLite runs in WAL mode with `synchronous = FULL` (a saved version survives a power cut), foreign keys on
 * and a busy timeout; its directory is created (mode 0700) if missing. PostgreSQL uses a `pg` pool.
 * @example
 * ```ts
 * const store = await openDatabase({ kind: "sqlite", file: "/srv/qqt/.data/qqt.sqlite" });
 * store.migrations.applied; // ["0001_studies_and_versions", …] the first time, [] afterwards
 * await store.close();
 * ```
 */
export async function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): Promise<StoreDatabase> {
  const { db, dialect, where } = connectDatabase(location, options);
  try {
    const migrations = await migrateToLatest(db as Kysely<unknown>);
    return { db, dialect, where, migrations, close: () => db.destroy() };
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
}

/**
 * Connects to the database without migrating it (for tools and tests that manage the schema themselves; the app
 * uses {@link openDatabase}). The caller closes it with `db.destroy()`.
 *
 * @example
 * ```ts
 * const { db } = connectDatabase({ kind: "sqlite", file: "/tmp/old.sqlite" });
 * await db.destroy();
 * ```
 */
export function connectDatabase(location: DatabaseLocation, options: OpenOptions = {}): { db: Kysely<Database>; dialect: DialectName; where: string } {
  if (location.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: location.url, max: options.poolSize ?? POSTGRES_POOL_SIZE });
    // A lost connection (server restart, terminated session) is reported to the query that was running, which
    // fails its request; the 'error' event it also emits must not crash the process. The pool drops such clients
    // and the next query reconnects.
    pool.on("error", () => {});
    pool.on("connect", (client) => client.on("error", () => {}));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: "postgres", where: redactUrl(location.url) };
  }
  if (location.file !== ":memory:") mkdirSync(dirname(location.file), { recursive: true, mode: 0o700 });
  const sqlite = new BetterSqlite3(location.file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS))}`);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: "sqlite", where: location.file };
}

/**
 * A database URL with its password replaced by `***` (for logs and messages).
 *
 * @example
 * ```ts
 * redactUrl("postgres://qqt:s3cret@db:5432/qqt"); // "postgres://qqt:***@db:5432/qqt"
 * ```
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    for (const key of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(key)) u.searchParams.set(key, "***");
    return u.toString();
  } catch {
    return "(unparsable database URL)";
  }
}

/**
 * Names of the tables in the database (for tests and diagnostics).
 *
 * @example
 * ```ts
 * await tableNames(store); // ["kysely_migration", "kysely_migration_lock", "sessions", "studies", "study_versions"]
 * ```
 */
export async function tableNames(store: Pick<StoreDatabase, "db" | "dialect">): Promise<string[]> {
  const rows =
    store.dialect === "sqlite"
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(store.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(store.db);
  return rows.rows.map((r) => r.name);
}
