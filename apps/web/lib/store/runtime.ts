// The process-wide store: configuration read once, the database opened (and migrated) once, on first use or at
// server start (see `registerStore`). Kept on globalThis so that Next's dev-mode module reloads reuse it.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readConfig, redact, type StoreConfig } from "./config";
import { openDatabase } from "./database";
import { installServerGuard } from "./network";
import { FailureLimiter } from "./rateLimit";
import { SessionStore } from "./sessions";
import { StudyStore } from "./StudyStore";

interface Holder {
  config?: StoreConfig;
  store?: Promise<StudyStore>;
  /** The sessions of `store` (made from its database on first use). */
  sessions?: { of: StudyStore; sessions: SessionStore };
  /** Given by a test; else made from the store. */
  fixedSessions?: SessionStore;
  limiter?: FailureLimiter;
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

/**
 * The sessions, in the store's database (opened on first call, like {@link getStore}).
 *
 * @example
 * ```ts
 * await (await getSessions()).find(cookieValue, tokenMark(token));
 * ```
 */
export async function getSessions(): Promise<SessionStore> {
  if (holder.fixedSessions !== undefined) return holder.fixedSessions;
  const store = await getStore();
  if (holder.sessions?.of !== store) holder.sessions = { of: store, sessions: new SessionStore(store.database) };
  return holder.sessions.sessions;
}

/**
 * The process's limiter of wrong access tokens (one per process: a restart forgets it).
 *
 * @example
 * ```ts
 * getLimiter().check("10.0.0.7"); // { allowed: true }
 * ```
 */
export function getLimiter(): FailureLimiter {
  return (holder.limiter ??= new FailureLimiter());
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

/** How {@link registerServer} reports and stops. */
export interface ServerIo {
  log: Pick<Console, "error" | "info">;
  /** Ends the process (default `process.exit`). */
  exit: (code: number) => void;
}

/**
 * Everything the server does at start, from the app's `instrumentation.ts` `register()` (Node runtime only): reads
 * the configuration, guards the HTTP server ({@link installServerGuard}: the peer address of every request, and
 * 127.0.0.1 unless another address was asked for with a token), then opens the store ({@link registerStore}).
 *
 * @remarks A configuration that is wrong (an access token that is too easy to guess, a bad `DATABASE_URL`) or a
 * non-loopback address without a token stops the server: the reason is logged (secrets redacted) and the process
 * exits with status 1. A database that is not reachable yet does not (see {@link registerStore}).
 * @returns whether the store is open (when the process was not stopped).
 * @example
 * ```ts
 * // apps/web/instrumentation.ts
 * export async function register() {
 *   if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/store/runtime")).registerServer();
 * }
 * ```
 */
export async function registerServer(io: ServerIo = { log: console, exit: (code) => process.exit(code) }): Promise<boolean> {
  let config: StoreConfig | undefined;
  try {
    config = getConfig();
    const guarded = await installServerGuard({ hasToken: config.accessToken !== null });
    for (const g of guarded) {
      if (g.action === "moved-to-loopback") {
        io.log.info(`[qqt/server] listening on ${g.listening} only (was ${g.found}); to serve other machines, set QQT_ACCESS_TOKEN and run next start -H 0.0.0.0.`);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.log.error(`[qqt/server] not starting: ${redact(message, config)}`);
    io.exit(1);
    return false;
  }
  return registerStore(io.log);
}

/**
 * Replaces the configuration, store, sessions and/or limiter (tests). Pass `undefined` fields to go back to the
 * defaults (the environment, the configured database, its sessions, a fresh limiter).
 *
 * @example
 * ```ts
 * setRuntime({ config: { ...getConfig(), accessToken: "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E" }, store });
 * ```
 */
export function setRuntime(runtime: { config?: StoreConfig; store?: StudyStore; sessions?: SessionStore; limiter?: FailureLimiter }): void {
  holder.config = runtime.config;
  holder.store = runtime.store === undefined ? undefined : Promise.resolve(runtime.store);
  holder.sessions = undefined;
  holder.fixedSessions = runtime.sessions;
  holder.limiter = runtime.limiter;
}
