#!/usr/bin/env node
// Backup and restore of qqt's database, for the configured database (the same environment as the server):
//
//   pnpm --filter @qqt/web db:backup  <file>   SQLite: a consistent copy made with SQLite's online backup API (safe
//                                              while the server runs), checked with PRAGMA integrity_check.
//                                              PostgreSQL (DATABASE_URL): pg_dump --format=custom.
//   pnpm --filter @qqt/web db:restore <file>   SQLite: checks the file is a sound qqt database, keeps the current one
//                                              as <db>.before-restore-<time>, copies the backup in. Stop the server first.
//                                              PostgreSQL: pg_restore --clean --if-exists --no-owner into DATABASE_URL.
//
// Relative paths are taken from the directory the command was typed in. Plain JavaScript so that it runs with
// node alone (no build step). The database password is passed to pg_dump/pg_restore in PGPASSWORD, never on the
// command line (where `ps` would show it), and never printed.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const APP_DIR = fileURLToPath(new URL("../../..", import.meta.url));
const USAGE = "usage: db.mjs backup <file> | restore <file>";

/** The database the server would use: mirrors lib/store/config.ts. */
function location(env) {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url };
  const dataDir = resolve(APP_DIR, env.QQT_DATA_DIR?.trim() || ".data");
  return { kind: "sqlite", file: join(dataDir, "qqt.sqlite") };
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

function fail(message) {
  console.error(`db: ${message}`);
  process.exit(1);
}

/** Opens a SQLite file read-only and checks that it is an intact qqt database; returns its counts. */
function inspectSqlite(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`integrity check failed: ${integrity}`);
    const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").all().map((r) => r.name));
    for (const t of ["studies", "study_versions", "kysely_migration"]) if (!tables.has(t)) throw new Error(`it has no "${t}" table: not a qqt database`);
    return {
      studies: db.prepare("select count(*) as n from studies").get().n,
      versions: db.prepare("select count(*) as n from study_versions").get().n,
    };
  } finally {
    db.close();
  }
}

/** Environment and connection string for pg_dump/pg_restore, with the password moved to PGPASSWORD. */
function pgArgs(url) {
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  return { env, dbname: u.toString() };
}

function pgTool(name) {
  const dir = process.env.QQT_PG_BIN;
  return dir ? join(dir, name) : name;
}

function run(tool, args, env) {
  const result = spawnSync(tool, args, { env, stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
  if (result.error) fail(`could not run ${tool}: ${result.error.message} (install the PostgreSQL client, e.g. apt-get install postgresql-client, or set QQT_PG_BIN)`);
  if (result.status !== 0) fail(`${tool} failed (exit ${result.status}): ${result.stderr.trim()}`);
}

async function backup(target, where) {
  if (existsSync(target)) fail(`${target} already exists; choose a new file name`);
  if (where.kind === "sqlite" && !existsSync(where.file)) fail(`no database at ${where.file} (QQT_DATA_DIR); nothing to back up`);
  mkdirSync(dirname(target), { recursive: true });
  if (where.kind === "postgres") {
    const { env, dbname } = pgArgs(where.url);
    run(pgTool("pg_dump"), ["--format=custom", "--no-owner", `--file=${target}`, `--dbname=${dbname}`], env);
    console.log(`db: backed up ${redact(where.url)} to ${target} (pg_dump custom format; restore with db:restore)`);
    return;
  }
  const db = new Database(where.file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const counts = inspectSqlite(target);
  console.log(`db: backed up ${where.file} to ${target} (${counts.studies} studies, ${counts.versions} versions; integrity ok)`);
}

async function restore(source, where) {
  if (!existsSync(source)) fail(`${source} does not exist`);
  // A device or a pipe would be read forever (or block the open): a backup is always a regular file.
  if (!statSync(source).isFile()) fail(`${source} is not a regular file; expected a backup made by db:backup`);
  if (where.kind === "postgres") {
    const { env, dbname } = pgArgs(where.url);
    run(pgTool("pg_restore"), ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${dbname}`, source], env);
    console.log(`db: restored ${source} into ${redact(where.url)}`);
    return;
  }
  let counts;
  try {
    counts = inspectSqlite(source);
  } catch (error) {
    fail(`${source} cannot be restored: ${error.message}`);
  }
  mkdirSync(dirname(where.file), { recursive: true });
  if (existsSync(where.file)) {
    const kept = `${where.file}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    const current = new Database(where.file, { fileMustExist: true });
    try {
      await current.backup(kept);
    } finally {
      current.close();
    }
    console.log(`db: kept the current database as ${kept}`);
  }
  // Copy through a temporary file and the backup API, so the live file is replaced page by page under SQLite's locks.
  const staging = `${where.file}.restoring`;
  rmSync(staging, { force: true });
  copyFileSync(source, staging);
  const from = new Database(staging, { readonly: true, fileMustExist: true });
  try {
    await from.backup(where.file);
  } finally {
    from.close();
    rmSync(staging, { force: true });
  }
  inspectSqlite(where.file);
  console.log(`db: restored ${source} into ${where.file} (${counts.studies} studies, ${counts.versions} versions)`);
}

const [command, file] = process.argv.slice(2);
if (!file || (command !== "backup" && command !== "restore")) fail(USAGE);
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
const where = location(process.env);
try {
  await (command === "backup" ? backup(path, where) : restore(path, where));
} catch (error) {
  fail(`${command} failed: ${error.message}`);
}
