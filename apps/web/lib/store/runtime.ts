// The process-wide store: configuration read once, the database opened (and migrated) once, on first use or at
// server start (see `registerStore`). Kept on globalThis so that Next's dev-mode module reloads reuse it.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readConfig, redact, type StoreConfig } from "./config";
import { openDatabase } from "./database";
import { StudyStore } from "./StudyStore";

interface Holder {
  config?: StoreConfig;
  store?: Promise<StudyStore>;
}

const KEY = Symbol.for("qqt.store.runtime");
const holder: Holder = ((globalThis as Record<symbol, Holder | undefined>)[KEY] ??= {});

/**
 * The configuration, read from the environment on first call.
 *
 * @example
 * ```ts
 * getConfig().maxBodyBytes; // 5242880
 * ```
 */
export function getConfig(): StoreConfig {
  return (holder.config ??= readConfig());
}

/**
 * The store, opened on first call: creates the data directory (with a `.gitignore` so a checkout never commits the
 * database), opens the database and applies pending migrations. A failure is not cached: the next call retries.
 *
 * @example
 * ```ts
 * const store = await getStore();
 * await store.listStudies();
 * ```
 */
export function getStore(): Promise<StudyStore> {
  if (holder.store === undefined) {
    const opening = openStore(getConfig());
    holder.store = opening;
    opening.catch(() => {
      if (holder.store === opening) holder.store = undefined;
    });
  }
  return holder.store;
}

async function openStore(config: StoreConfig): Promise<StudyStore> {
  if (config.location.kind === "sqlite") ensureDataDir(config.dataDir);
  const database = await openDatabase(config.location);
  const applied = database.migrations.applied;
  console.info(
    `[qqt/store] ${database.dialect} database at ${database.where}${applied.length > 0 ? `; applied migrations ${applied.join(", ")}` : ""}; access token ${config.accessToken === null ? "not required" : "required"}`,
  );
  return new StudyStore(database);
}

/** Creates the data directory (mode 0700) with a `.gitignore` of `*` inside. */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ignore = join(dir, ".gitignore");
  if (!existsSync(ignore)) writeFileSync(ignore, "# qqt's database and backups: never commit them.\n*\n");
}

/**
 * Opens the store at server start, so migrations run before the first request. Called from the app's
 * `instrumentation.ts` `register()` (Node runtime only).
 *
 * @remarks A failure (a bad `QQT_ACCESS_TOKEN` or `DATABASE_URL`, a database that is not up yet) is logged with
 * secrets redacted and does not stop the server: the advisor keeps working, the API answers 500 and retries opening
 * the database on the next request, so a PostgreSQL server that starts later is picked up without a restart.
 * @returns whether the store is open.
 * @example
 * ```ts
 * // apps/web/instrumentation.ts
 * export async function register() {
 *   if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/store/runtime")).registerStore();
 * }
 * ```
 */
export async function registerStore(log: Pick<Console, "error"> = console): Promise<boolean> {
  let config: StoreConfig | undefined;
  try {
    config = getConfig();
    await getStore();
    return true;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.error(`[qqt/store] could not open the database at start: ${redact(message, config)} — the API answers 500 and retries on the next request.`);
    return false;
  }
}

/**
 * Replaces the configuration and/or store (tests). Pass `undefined` fields to go back to reading the environment.
 *
 * @example
 * ```ts
 * setRuntime({ config: { ...getConfig(), accessToken: "x".repeat(32) }, store });
 * ```
 */
export function setRuntime(runtime: { config?: StoreConfig; store?: StudyStore }): void {
  holder.config = runtime.config;
  holder.store = runtime.store === undefined ? undefined : Promise.resolve(runtime.store);
}
