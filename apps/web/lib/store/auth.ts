// Access control: the shared access token (`QQT_ACCESS_TOKEN`), presented either as `Authorization: Bearer <token>`
// or as a session cookie obtained from `POST /api/session`. The cookie holds an expiry and an HMAC keyed by the token,
// never the token itself, so it stops working when the token is changed. All comparisons are constant-time.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Name of the session cookie. */
export const SESSION_COOKIE = "qqt_session";
/** Lifetime of a session cookie: 30 days. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const SESSION_VERSION = "v1";

/** How a request was let in, or that it was not. */
export type Access = { ok: true; via: "open" | "header" | "cookie" } | { ok: false };

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

function signature(token: string, expires: number): string {
  return createHmac("sha256", token).update(`qqt-session.${SESSION_VERSION}.${expires}`).digest("base64url");
}

/**
 * The value of a session cookie valid until `now + SESSION_MAX_AGE_SECONDS`.
 *
 * @example
 * ```ts
 * sessionValue("s3cret-token-of-32-chars…", new Date("2026-11-26T10:00:00Z")); // "v1.1798884000.Yk3…"
 * ```
 */
export function sessionValue(token: string, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_MAX_AGE_SECONDS;
  return `${SESSION_VERSION}.${expires}.${signature(token, expires)}`;
}

/** Whether a session cookie value is genuine (made with `token`) and not expired. */
export function sessionValid(value: string, token: string, now: Date = new Date()): boolean {
  const parts = value.split(".");
  if (parts.length !== 3 || parts[0] !== SESSION_VERSION || !/^\d{1,12}$/.test(parts[1]!)) return false;
  const expires = Number(parts[1]);
  const genuine = secretsEqual(parts[2]!, signature(token, expires));
  return genuine && expires > now.getTime() / 1000;
}

/**
 * Reads one cookie from a `Cookie` header.
 *
 * @example
 * ```ts
 * readCookie("a=1; qqt_session=v1.2.x", "qqt_session"); // "v1.2.x"
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

/**
 * Checks a request against the access token: open when no token is configured, else a matching bearer header or a
 * valid session cookie.
 *
 * @example
 * ```ts
 * checkAccess(new Request("http://x/api/studies", { headers: { authorization: `Bearer ${token}` } }), token); // { ok: true, via: "header" }
 * ```
 */
export function checkAccess(request: Request, token: string | null, now: Date = new Date()): Access {
  if (token === null) return { ok: true, via: "open" };
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    // A wrong header is a failure even if a cookie is present: the client asked to be judged by the header.
    return match !== null && secretsEqual(match[1]!, token) ? { ok: true, via: "header" } : { ok: false };
  }
  const cookie = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (cookie !== undefined && sessionValid(cookie, token, now)) return { ok: true, via: "cookie" };
  return { ok: false };
}

/** Whether the client reached us over HTTPS (directly, or through a proxy that says so). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * The `Set-Cookie` header that starts a session: HttpOnly, SameSite=Strict, Path=/, 30 days, and Secure over HTTPS.
 *
 * @example
 * ```ts
 * sessionCookieHeader(value, { secure: true }); // "qqt_session=v1.…; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict; Secure"
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
