import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccess, checkTokenAttempt, readCookie, secretsEqual, SESSION_COOKIE, sessionCookieHeader, type AccessContext } from "./auth";
import { openDatabase, type StoreDatabase } from "./database";
import { FailureLimiter } from "./rateLimit";
import { SessionStore, tokenMark } from "./sessions";
import { StoreError } from "./StoreError";

const TOKEN = "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E";
const req = (headers: Record<string, string>) => new Request("http://127.0.0.1/api/studies", { headers });

let database: StoreDatabase;
let sessions: SessionStore;
beforeAll(async () => {
  database = await openDatabase({ kind: "sqlite", file: ":memory:" });
  sessions = new SessionStore(database);
});
afterAll(() => database.close());

function context(overrides: Partial<AccessContext> = {}): AccessContext {
  return { token: TOKEN, client: "10.0.0.7", limiter: new FailureLimiter(), sessions: async () => sessions, ...overrides };
}

describe("secretsEqual", () => {
  it("is true exactly for equal strings (property)", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => secretsEqual(a, b) === (a === b)));
    expect(secretsEqual(TOKEN, TOKEN)).toBe(true);
    expect(secretsEqual(TOKEN, `${TOKEN} `)).toBe(false);
  });
});

describe("cookies", () => {
  it("readCookie finds one cookie among several", () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=v2.x; b=2`, SESSION_COOKIE)).toBe("v2.x");
    expect(readCookie("a=1", SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(null, SESSION_COOKIE)).toBeUndefined();
  });

  it("the session cookie is HttpOnly, SameSite=Strict, 30 days, Secure only over HTTPS", () => {
    expect(sessionCookieHeader("v2.abc", { secure: false })).toBe(`${SESSION_COOKIE}=v2.abc; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict`);
    expect(sessionCookieHeader("v2.abc", { secure: true })).toMatch(/; Secure$/);
  });
});

describe("checkAccess", () => {
  it("is open without a token; otherwise needs a matching bearer header or the cookie of an open session", async () => {
    const { cookieValue } = await sessions.open(tokenMark(TOKEN));
    expect(await checkAccess(req({}), context({ token: null }))).toEqual({ ok: true, via: "open" });
    expect(await checkAccess(req({}), context())).toEqual({ ok: false, reason: "no-credentials" });
    expect(await checkAccess(req({ authorization: `Bearer ${TOKEN}` }), context())).toEqual({ ok: true, via: "header" });
    expect(await checkAccess(req({ authorization: `Bearer  ${TOKEN} ` }), context())).toEqual({ ok: true, via: "header" });
    expect(await checkAccess(req({ authorization: TOKEN }), context())).toEqual({ ok: false, reason: "wrong-token" });
    expect(await checkAccess(req({ cookie: `${SESSION_COOKIE}=${cookieValue}` }), context())).toMatchObject({ ok: true, via: "cookie", session: { id: expect.any(String) } });
    expect(await checkAccess(req({ cookie: `${SESSION_COOKIE}=v2.${"A".repeat(43)}` }), context())).toEqual({ ok: false, reason: "no-session" });
    // A wrong header is not rescued by a valid cookie.
    expect(await checkAccess(req({ authorization: "Bearer nope", cookie: `${SESSION_COOKIE}=${cookieValue}` }), context())).toEqual({ ok: false, reason: "wrong-token" });
    // A session opened with another token is void.
    expect(await checkAccess(req({ cookie: `${SESSION_COOKIE}=${cookieValue}` }), context({ token: `${TOKEN}-rotated` }))).toEqual({ ok: false, reason: "no-session" });
  });

  it("a request without a cookie or header never opens the database", async () => {
    let opened = 0;
    const lazy = context({ sessions: async () => (opened++, sessions) });
    await checkAccess(req({}), lazy);
    await checkAccess(req({ authorization: `Bearer ${TOKEN}` }), lazy);
    expect(opened).toBe(0);
  });
});

describe("checkTokenAttempt", () => {
  it("throttles a client after 5 wrong tokens with a RATE_LIMITED error and Retry-After, without comparing; other clients are unaffected", () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter({ now: () => now });
    const attacker = { token: TOKEN, client: "203.0.113.9", limiter };
    for (let i = 0; i < 5; i++) expect(checkTokenAttempt(`guess-${i}`, attacker)).toBe(false);
    expect(checkTokenAttempt("guess-5", attacker)).toBe(false); // the 6th failure starts a 1 s block
    let blocked: unknown;
    try {
      checkTokenAttempt(TOKEN, attacker); // even the right token waits: it is not compared while blocked
    } catch (error) {
      blocked = error;
    }
    expect(blocked).toBeInstanceOf(StoreError);
    expect(blocked).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 1, message: "Too many wrong access tokens from your address; try again in 1 second." });
    expect(checkTokenAttempt(TOKEN, { ...attacker, client: "198.51.100.4" })).toBe(true);
    now += 1000;
    expect(checkTokenAttempt(TOKEN, attacker)).toBe(true);
    expect(limiter.size).toBe(0);
  });
});
