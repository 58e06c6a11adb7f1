import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAccess, readCookie, secretsEqual, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, sessionValid, sessionValue } from "./auth";

const TOKEN = "0123456789abcdef-token";
const at = (iso: string) => new Date(iso);
const req = (headers: Record<string, string>) => new Request("http://127.0.0.1/api/studies", { headers });

describe("secretsEqual", () => {
  it("is true exactly for equal strings (property)", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => secretsEqual(a, b) === (a === b)));
    expect(secretsEqual(TOKEN, TOKEN)).toBe(true);
    expect(secretsEqual(TOKEN, `${TOKEN} `)).toBe(false);
  });
});

describe("session cookies", () => {
  it("are valid for 30 days with the token that made them, and never contain it", () => {
    const issued = at("2026-11-26T10:00:00Z");
    const value = sessionValue(TOKEN, issued);
    expect(value).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(value).not.toContain(TOKEN);
    expect(Number(value.split(".")[1])).toBe(issued.getTime() / 1000 + SESSION_MAX_AGE_SECONDS);
    expect(sessionValid(value, TOKEN, at("2026-12-25T09:59:59Z"))).toBe(true);
    expect(sessionValid(value, TOKEN, at("2026-12-26T10:00:00Z"))).toBe(false);
    expect(sessionValid(value, `${TOKEN}-rotated`, issued)).toBe(false);
  });

  it("reject forged expiry, other versions and garbage", () => {
    const value = sessionValue(TOKEN, at("2026-11-26T10:00:00Z"));
    const [v, exp, sig] = value.split(".");
    expect(sessionValid(`${v}.${Number(exp) + 1000}.${sig}`, TOKEN, at("2026-11-27T00:00:00Z"))).toBe(false);
    expect(sessionValid(`v2.${exp}.${sig}`, TOKEN, at("2026-11-27T00:00:00Z"))).toBe(false);
    for (const junk of ["", "v1", "v1..", "v1.abc.def", TOKEN]) expect(sessionValid(junk, TOKEN)).toBe(false);
  });

  it("readCookie finds one cookie among several", () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=v1.2.x; b=2`, SESSION_COOKIE)).toBe("v1.2.x");
    expect(readCookie("a=1", SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(null, SESSION_COOKIE)).toBeUndefined();
  });
});

describe("checkAccess", () => {
  it("is open without a token; otherwise needs a matching bearer header or a valid cookie", () => {
    expect(checkAccess(req({}), null)).toEqual({ ok: true, via: "open" });
    expect(checkAccess(req({}), TOKEN)).toEqual({ ok: false });
    expect(checkAccess(req({ authorization: `Bearer ${TOKEN}` }), TOKEN)).toEqual({ ok: true, via: "header" });
    expect(checkAccess(req({ authorization: `Bearer  ${TOKEN} ` }), TOKEN)).toEqual({ ok: true, via: "header" });
    expect(checkAccess(req({ authorization: TOKEN }), TOKEN)).toEqual({ ok: false });
    expect(checkAccess(req({ cookie: `${SESSION_COOKIE}=${sessionValue(TOKEN)}` }), TOKEN)).toEqual({ ok: true, via: "cookie" });
    // A wrong header is not rescued by a valid cookie.
    expect(checkAccess(req({ authorization: "Bearer nope", cookie: `${SESSION_COOKIE}=${sessionValue(TOKEN)}` }), TOKEN)).toEqual({ ok: false });
  });
});
