// Server-side sessions: what `POST /api/session` opens and `DELETE /api/session` closes. A session is a row of the
// workspace database (table `sessions`, same migrations on SQLite and PostgreSQL); the browser's cookie holds a
// random secret whose SHA-256 is the row's id. A session is valid while its row exists, has not expired, and was
// opened with the access token the server has now (its `token_mark`), so signing out, the lifetime and a new token
// each end it, whatever the browser keeps.
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { StoreDatabase } from "./database";
import type { Database } from "./schema";

/** Lifetime of a session: 30 days from sign-in (not extended by use). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Version tag at the start of a session cookie's value. */
export const SESSION_COOKIE_VERSION = "v2";
/** Random bytes in a session secret (256 bits). */
const SECRET_BYTES = 32;
/** A session cookie's value: the version tag, then 43 base64url characters. */
const COOKIE_VALUE = /^v2\.([A-Za-z0-9_-]{43})$/;

/** A valid session. */
export interface Session {
  /** SHA-256 of the secret, base64url (the row's id; safe to log). */
  id: string;
  createdAt: string;
  expiresAt: string;
}

/** Options of {@link SessionStore}. */
export interface SessionStoreOptions {
  /** Clock (default `new Date()`). */
  now?: () => Date;
}

/**
 * The mark of an access token kept with each session: an HMAC of a fixed text keyed by the token, so the database
 * holds nothing from which the token could be recovered, and a new token makes every old mark differ.
 *
 * @example
 * ```ts
 * tokenMark("q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E"); // "3qk…" (43 base64url characters)
 * ```
 */
export function tokenMark(token: string): string {
  return createHmac("sha256", token).update("qqt-session-token-mark.v1").digest("base64url");
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}

/**
 * Sessions in the workspace database.
 *
 * @example
 * ```ts
 * const sessions = new SessionStore(database);
 * const { cookieValue } = await sessions.open(tokenMark(token)); // Set-Cookie: qqt_session=<cookieValue>
 * await sessions.find(cookieValue, tokenMark(token)); // { id, createdAt, expiresAt }
 * await sessions.close(cookieValue); // true; find() now answers null
 * ```
 */
export class SessionStore {
  private readonly db: Kysely<Database>;
  private readonly now: () => Date;

  constructor(database: Pick<StoreDatabase, "db">, options: SessionStoreOptions = {}) {
    this.db = database.db;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Opens a session for a client that presented the access token whose mark is `mark`; returns the cookie value
   * (shown to no one else: only its hash is stored). Expired sessions, and those of an earlier access token, are
   * deleted on the way.
   */
  async open(mark: string): Promise<{ cookieValue: string; session: Session }> {
    const secret = randomBytes(SECRET_BYTES).toString("base64url");
    const now = this.now();
    const session: Session = {
      id: hashSecret(secret),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString(),
    };
    await this.purgeExpired();
    await this.db.deleteFrom("sessions").where("token_mark", "<>", mark).execute();
    await this.db.insertInto("sessions").values({ id: session.id, created_at: session.createdAt, expires_at: session.expiresAt, token_mark: mark }).execute();
    return { cookieValue: `${SESSION_COOKIE_VERSION}.${secret}`, session };
  }

  /**
   * The session a cookie value stands for, or null when the value is malformed, the session was closed or expired,
   * or it was opened with another access token (`mark` is the current token's {@link tokenMark}).
   */
  async find(cookieValue: string, mark: string): Promise<Session | null> {
    const match = COOKIE_VALUE.exec(cookieValue);
    if (match === null) return null;
    const row = await this.db.selectFrom("sessions").selectAll().where("id", "=", hashSecret(match[1]!)).executeTakeFirst();
    if (row === undefined || row.token_mark !== mark || row.expires_at <= this.now().toISOString()) return null;
    return { id: row.id, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /**
   * Closes (deletes) the session of a cookie value, so the cookie never works again, even if a copy of it was kept.
   *
   * @returns whether there was such a session.
   */
  async close(cookieValue: string): Promise<boolean> {
    const match = COOKIE_VALUE.exec(cookieValue);
    if (match === null) return false;
    const result = await this.db.deleteFrom("sessions").where("id", "=", hashSecret(match[1]!)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Deletes the sessions that have expired.
   *
   * @returns how many were deleted.
   */
  async purgeExpired(): Promise<number> {
    const result = await this.db.deleteFrom("sessions").where("expires_at", "<=", this.now().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Number of sessions in the table, expired ones included (for tests and diagnostics). */
  async count(): Promise<number> {
    const row = await this.db.selectFrom("sessions").select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
