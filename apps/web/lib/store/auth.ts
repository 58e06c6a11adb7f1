// Access control: the shared access token (`QQT_ACCESS_TOKEN`), presented either as `Authorization: Bearer <token>`
// or through a session cookie obtained from `POST /api/session` (a server-side session, see sessions.ts). Wrong
// tokens are counted per client and throttled (rateLimit.ts). All token comparisons are constant-time.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FailureLimiter } from "./rateLimit";
import { SESSION_MAX_AGE_SECONDS, tokenMark, type Session, type SessionStore } from "./sessions";
import { StoreError } from "./StoreError";

export { SESSION_MAX_AGE_SECONDS };

/** Name of the session cookie. */
export const SESSION_COOKIE = "qqt_session";

/** How a request was let in, or why it was not. */
export type Access =
  | { ok: true; via: "open" | "header" }
  | { ok: true; via: "cookie"; session: Session }
  | { ok: false; reason: "no-credentials" | "wrong-token" | "no-session" };

/**
 * Whether two secrets are equal, in time independent of where they differ (both are hashed to 32 bytes first, so
 * the length is not revealed either).
 *
 * @example
 * ```ts
 * secretsEqual("abc", "abc"); // true
 * ```
 */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Reads one cookie from a `Cookie` header.
 *
 * @example
 * ```ts
 * readCookie("a=1; qqt_session=v2.xyz", "qqt_session"); // "v2.xyz"
 * ```
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** What {@link checkAccess} and {@link checkTokenAttempt} need besides the request. */
export interface AccessContext {
  /** The configured access token, or null (then everything is open). */
  token: string | null;
  /** The client's rate-limit key (see `clientKey` in network.ts). */
  client: string;
  limiter: FailureLimiter;
  /** The sessions (opened on first use: a request without a cookie needs no database). */
  sessions: () => Promise<SessionStore>;
}

/**
 * Checks one presented token against the configured one, counting it for the client's rate limit: a `RATE_LIMITED`
 * {@link StoreError} (429, with `retryAfterSeconds`) while the client is blocked — the token is then not even
 * compared — else whether it matched.
 *
 * @example
 * ```ts
 * checkTokenAttempt(presented, { token, client: "10.0.0.7", limiter }); // true, false, or throws RATE_LIMITED
 * ```
 */
export function checkTokenAttempt(presented: string, context: Pick<AccessContext, "token" | "client" | "limiter">): boolean {
  if (context.token === null) return true;
  const verdict = context.limiter.check(context.client);
  if (!verdict.allowed) {
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    throw new StoreError(
      "RATE_LIMITED",
      `Too many wrong access tokens from your address; try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
      [],
      { retryAfterSeconds: seconds },
    );
  }
  if (secretsEqual(presented, context.token)) {
    context.limiter.succeed(context.client);
    return true;
  }
  context.limiter.fail(context.client);
  return false;
}

/**
 * Checks a request against the access token: open when no token is configured, else a matching bearer header
 * (rate-limited per client, see {@link checkTokenAttempt}) or the cookie of an open session.
 *
 * @example
 * ```ts
 * await checkAccess(new Request("http://x/api/studies", { headers: { authorization: `Bearer ${token}` } }), context); // { ok: true, via: "header" }
 * ```
 */
export async function checkAccess(request: Request, context: AccessContext): Promise<Access> {
  if (context.token === null) return { ok: true, via: "open" };
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    // A wrong header is a failure even if a cookie is present: the client asked to be judged by the header.
    return match !== null && checkTokenAttempt(match[1]!, context) ? { ok: true, via: "header" } : { ok: false, reason: "wrong-token" };
  }
  const cookie = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (cookie === undefined) return { ok: false, reason: "no-credentials" };
  const session = await (await context.sessions()).find(cookie, tokenMark(context.token));
  return session === null ? { ok: false, reason: "no-session" } : { ok: true, via: "cookie", session };
}

/** Whether the client reached us over HTTPS (directly, or through a proxy that says so). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * The `Set-Cookie` header that starts a session: HttpOnly, SameSite=Strict, Path=/, the session's lifetime, and
 * Secure over HTTPS.
 *
 * @example
 * ```ts
 * sessionCookieHeader(cookieValue, { secure: true }); // "qqt_session=v2.…; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict; Secure"
 * ```
 */
export function sessionCookieHeader(value: string, options: { secure: boolean }): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, "Path=/", `Max-Age=${SESSION_MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Strict"];
  if (options.secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** The `Set-Cookie` header that ends a session. */
export function clearSessionCookieHeader(options: { secure: boolean }): string {
  const attributes = [`${SESSION_COOKIE}=`, "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"];
  if (options.secure) attributes.push("Secure");
  return attributes.join("; ");
}
