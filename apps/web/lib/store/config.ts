// The storage layer's configuration, read once from the environment.
import { join, resolve } from "node:path";
import { isIP } from "node:net";
import type { DatabaseLocation } from "./database";
import { StoreError } from "./StoreError";
import { MIN_TOKEN_BITS, tokenEntropy } from "./tokenEntropy";

export { MIN_TOKEN_BITS };

/** Default largest request body, in bytes (5 MiB; a study with 20 000 observations is about 2 MB). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Largest value accepted for `QQT_MAX_BODY_BYTES` (100 MiB). */
export const MAX_MAX_BODY_BYTES = 100 * 1024 * 1024;
/** Longest accepted access token, in characters (the sign-in form takes at most this many). */
export const MAX_TOKEN_LENGTH = 1024;
/** Name of the SQLite file inside the data directory. */
export const SQLITE_FILE_NAME = "qqt.sqlite";

/**
 * Everything the storage layer and its API read from the environment.
 *
 * @example
 * ```ts
 * const c: StoreConfig = { location: { kind: "sqlite", file: "/srv/qqt/apps/web/.data/qqt.sqlite" },
 *   dataDir: "/srv/qqt/apps/web/.data", accessToken: null, maxBodyBytes: 5242880, allowedHosts: [], trustedProxies: [] };
 * ```
 */
export interface StoreConfig {
  /** `DATABASE_URL` (PostgreSQL) when set, else the SQLite file in {@link StoreConfig.dataDir}. */
  location: DatabaseLocation;
  /** `QQT_DATA_DIR`, default `<app>/.data`. */
  dataDir: string;
  /** `QQT_ACCESS_TOKEN`: when set, every API request needs it (at least {@link MIN_TOKEN_BITS} bits by {@link tokenEntropy}). */
  accessToken: string | null;
  /** `QQT_MAX_BODY_BYTES`, default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes: number;
  /**
   * `QQT_ALLOWED_HOSTS` (comma-separated host names, lower case): without an access token the API answers only
   * requests from a loopback connection that are addressed to a loopback name (localhost, 127.0.0.1, [::1]) or to
   * one of these.
   */
  allowedHosts: string[];
  /**
   * `QQT_TRUSTED_PROXIES` (comma-separated IP addresses): connections from these are reverse proxies whose
   * X-Forwarded-For names the client, so that rate limits count each client rather than the proxy.
   */
  trustedProxies: string[];
}

/**
 * Reads the configuration; throws a `CONFIGURATION` {@link StoreError} naming the variable and what was expected.
 *
 * @remarks Variables: `DATABASE_URL` (`postgres://` or `postgresql://`), `QQT_DATA_DIR` (relative paths are resolved
 * against `appDir`), `QQT_ACCESS_TOKEN` (at least {@link MIN_TOKEN_BITS} bits of entropy as estimated by
 * {@link tokenEntropy}, at most {@link MAX_TOKEN_LENGTH} characters; surrounding whitespace is ignored),
 * `QQT_MAX_BODY_BYTES` (an integer number of bytes, 1 KiB … 100 MiB), `QQT_ALLOWED_HOSTS`, `QQT_TRUSTED_PROXIES`
 * (IP addresses). Error messages never contain the token or the database password.
 * @example
 * ```ts
 * readConfig({ DATABASE_URL: "postgres://qqt:pw@db/qqt", QQT_ACCESS_TOKEN: "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E" }, "/srv/app").location;
 * // { kind: "postgres", url: "postgres://qqt:pw@db/qqt" }
 * ```
 */
export function readConfig(env: Record<string, string | undefined> = process.env, appDir: string = process.cwd()): StoreConfig {
  const dataDir = resolve(appDir, nonEmpty(env.QQT_DATA_DIR) ?? ".data");
  const url = nonEmpty(env.DATABASE_URL);
  if (url !== undefined && !/^postgres(ql)?:\/\//i.test(url)) {
    throw new StoreError(
      "CONFIGURATION",
      "DATABASE_URL is not a PostgreSQL URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE (unset it to use the embedded SQLite file).",
    );
  }
  const location: DatabaseLocation = url !== undefined ? { kind: "postgres", url } : { kind: "sqlite", file: join(dataDir, SQLITE_FILE_NAME) };

  const token = nonEmpty(env.QQT_ACCESS_TOKEN);
  if (token !== undefined) checkToken(token);

  let maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  const limit = nonEmpty(env.QQT_MAX_BODY_BYTES);
  if (limit !== undefined) {
    maxBodyBytes = Number(limit);
    if (!/^\d+$/.test(limit) || maxBodyBytes < 1024 || maxBodyBytes > MAX_MAX_BODY_BYTES) {
      throw new StoreError("CONFIGURATION", `QQT_MAX_BODY_BYTES is "${limit.slice(0, 20)}"; expected an integer number of bytes from 1024 to ${MAX_MAX_BODY_BYTES}.`);
    }
  }
  const allowedHosts = list(env.QQT_ALLOWED_HOSTS).map((h) => h.toLowerCase());
  const trustedProxies = list(env.QQT_TRUSTED_PROXIES);
  const notAddress = trustedProxies.find((a) => isIP(a) === 0);
  if (notAddress !== undefined) {
    throw new StoreError("CONFIGURATION", `QQT_TRUSTED_PROXIES lists ${JSON.stringify(notAddress.slice(0, 60))}; expected IP addresses (e.g. 127.0.0.1,::1), comma-separated.`);
  }
  return { location, dataDir, accessToken: token ?? null, maxBodyBytes, allowedHosts, trustedProxies };
}

/**
 * Refuses an access token that is too easy to guess (below {@link MIN_TOKEN_BITS} bits by {@link tokenEntropy}) or
 * too long; the message says how to make a good one and never shows the token.
 */
function checkToken(token: string): void {
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new StoreError("CONFIGURATION", `QQT_ACCESS_TOKEN is ${token.length} characters long; expected at most ${MAX_TOKEN_LENGTH} (generate one with: openssl rand -base64 32).`);
  }
  const estimate = tokenEntropy(token);
  if (estimate.bits < MIN_TOKEN_BITS) {
    const patterned = estimate.length - estimate.counted;
    throw new StoreError(
      "CONFIGURATION",
      `QQT_ACCESS_TOKEN is too easy to guess: about ${Math.floor(estimate.bits)} bits of entropy (${estimate.length} characters, ${estimate.alphabet}${patterned > 0 ? `, ${patterned} of them repeating or continuing a pattern` : ""}); expected at least ${MIN_TOKEN_BITS} bits. Generate one with: openssl rand -base64 32`,
    );
  }
}

function list(value: string | undefined): string[] {
  return (nonEmpty(value) ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

/**
 * Removes secrets from a text meant for the log: the access token and the database password.
 *
 * @example
 * ```ts
 * redact("connect postgres://u:pw@h/db failed", { accessToken: null, location: { kind: "postgres", url: "postgres://u:pw@h/db" } });
 * // "connect postgres://u:***@h/db failed"
 * ```
 */
export function redact(text: string, config: Pick<StoreConfig, "accessToken" | "location"> | undefined): string {
  let out = text;
  const secrets: string[] = [];
  if (config?.accessToken) secrets.push(config.accessToken);
  if (config?.location.kind === "postgres") {
    try {
      const password = new URL(config.location.url).password;
      if (password !== "") secrets.push(password, decodeURIComponent(password));
    } catch {
      // not a URL: nothing to extract
    }
  }
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join("***");
  return out;
}
