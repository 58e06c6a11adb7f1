import { describe, expect, it, vi } from "vitest";
import { readConfig } from "./config";
import { redactUrl } from "./database";
import { checkLocal, errorResponse, intParam, redact, versionParam } from "./http";
import type { Peer } from "./network";
import { StoreError } from "./StoreError";
import { slug } from "./StudyStore";

function configError(env: Record<string, string>): StoreError {
  try {
    readConfig(env, "/srv/app");
  } catch (error) {
    return error as StoreError;
  }
  throw new Error("expected a configuration error");
}

describe("readConfig", () => {
  it("defaults to a SQLite file in <app>/.data, no token and a 5 MiB body limit", () => {
    expect(readConfig({}, "/srv/app")).toEqual({
      location: { kind: "sqlite", file: "/srv/app/.data/qqt.sqlite" },
      dataDir: "/srv/app/.data",
      accessToken: null,
      maxBodyBytes: 5 * 1024 * 1024,
      allowedHosts: [],
      trustedProxies: [],
    });
  });

  it("reads DATABASE_URL, QQT_DATA_DIR (relative to the app), QQT_ACCESS_TOKEN (trimmed) and QQT_MAX_BODY_BYTES", () => {
    const token = "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E";
    expect(
      readConfig(
        {
          DATABASE_URL: "postgresql://qqt:pw@db:5432/qqt",
          QQT_DATA_DIR: "../var/qqt",
          QQT_ACCESS_TOKEN: ` ${token}\n`,
          QQT_MAX_BODY_BYTES: "65536",
          QQT_ALLOWED_HOSTS: "qqt.lab.internal, QQT ",
          QQT_TRUSTED_PROXIES: "127.0.0.1, ::1",
        },
        "/srv/app",
      ),
    ).toEqual({
      location: { kind: "postgres", url: "postgresql://qqt:pw@db:5432/qqt" },
      dataDir: "/srv/var/qqt",
      accessToken: token,
      maxBodyBytes: 65536,
      allowedHosts: ["qqt.lab.internal", "qqt"],
      trustedProxies: ["127.0.0.1", "::1"],
    });
    expect(readConfig({ QQT_DATA_DIR: "/data/qqt", QQT_ACCESS_TOKEN: "   " }, "/srv/app")).toMatchObject({
      location: { file: "/data/qqt/qqt.sqlite" },
      accessToken: null,
    });
  });

  it("refuses a token below 128 bits, a non-PostgreSQL URL, a silly body limit and proxies that are not addresses, without echoing secrets", () => {
    const short = configError({ QQT_ACCESS_TOKEN: "hunter2" });
    expect(short.code).toBe("CONFIGURATION");
    expect(short.message).toBe(
      "QQT_ACCESS_TOKEN is too easy to guess: about 36 bits of entropy (7 characters, letters of one case and digits); expected at least 128 bits. Generate one with: openssl rand -base64 32",
    );
    const repeated = configError({ QQT_ACCESS_TOKEN: "aaaaaaaaaaaaaaaa" });
    expect(repeated.message).toBe(
      "QQT_ACCESS_TOKEN is too easy to guess: about 8 bits of entropy (16 characters, hexadecimal digits, 14 of them repeating or continuing a pattern); expected at least 128 bits. Generate one with: openssl rand -base64 32",
    );
    expect(repeated.message).not.toContain("aaaa");
    expect(configError({ QQT_ACCESS_TOKEN: "x".repeat(2000) }).message).toMatch(/^QQT_ACCESS_TOKEN is 2000 characters long; expected at most 1024/);
    // What `openssl rand -base64 32` prints is accepted.
    expect(readConfig({ QQT_ACCESS_TOKEN: "Zk3m9Q2vX8pL0aR5tY7wB1nC4dE6fG8hJ0kL2mN4pQ=" }, "/srv/app").accessToken).toBe("Zk3m9Q2vX8pL0aR5tY7wB1nC4dE6fG8hJ0kL2mN4pQ=");
    expect(configError({ QQT_TRUSTED_PROXIES: "127.0.0.1,proxy.internal" }).message).toBe(
      'QQT_TRUSTED_PROXIES lists "proxy.internal"; expected IP addresses (e.g. 127.0.0.1,::1), comma-separated.',
    );
    const mysql = configError({ DATABASE_URL: "mysql://root:pw@db/qqt" });
    expect(mysql.message).toMatch(/^DATABASE_URL is not a PostgreSQL URL; expected postgres:\/\//);
    expect(mysql.message).not.toContain("pw");
    for (const bad of ["12", "1e6", "-5", "200000000", "5MB"]) expect(configError({ QQT_MAX_BODY_BYTES: bad }).code).toBe("CONFIGURATION");
  });
});

describe("secrets stay out of logs", () => {
  it("redactUrl hides the password of a database URL", () => {
    expect(redactUrl("postgres://qqt:s3cr%40t@db:5432/qqt?sslmode=require&password=x")).toBe("postgres://qqt:***@db:5432/qqt?sslmode=require&password=***");
    expect(redactUrl("postgres://db/qqt")).toBe("postgres://db/qqt");
    expect(redactUrl("not a url")).toBe("(unparsable database URL)");
  });

  it("redact removes the token and the database password (raw and URL-decoded) from a message", () => {
    const config = { accessToken: "tok-0123456789abcdef", location: { kind: "postgres" as const, url: "postgres://u:p%40ss@h/db" } };
    expect(redact("auth tok-0123456789abcdef failed for postgres://u:p%40ss@h/db (p@ss)", config)).toBe("auth *** failed for postgres://u:***@h/db (***)");
    expect(redact("nothing secret", undefined)).toBe("nothing secret");
  });
});

describe("checkLocal", () => {
  const at = (url: string, host?: string) => new Request(url, host === undefined ? {} : { headers: { host } });
  const local: Peer = { address: "127.0.0.1", loopback: true, forwarded: false, forwardedFor: null };
  const open = { accessToken: null, allowedHosts: ["qqt.lab"] };

  it("without a token answers loopback connections addressed to loopback names and QQT_ALLOWED_HOSTS", () => {
    for (const host of ["localhost:3000", "127.0.0.1", "127.0.0.2:80", "[::1]:3000", "LOCALHOST", "qqt.lab:8080"]) {
      expect(() => checkLocal(at("http://127.0.0.1/api/studies", host), open, local)).not.toThrow();
    }
    expect(() => checkLocal(at("http://localhost:3000/api/studies"), open, { ...local, address: "::1" })).not.toThrow();
    for (const host of ["evil.example", "127.0.0.1.evil.example", "192.168.1.20:3000", "qqt.lab.evil"]) {
      expect(() => checkLocal(at("http://127.0.0.1/api/studies", host), open, local)).toThrow(/^This server has no access token, so it answers only requests to localhost/);
    }
  });

  it("without a token refuses a remote connection whatever its Host, a relayed request, and one the guard did not see", () => {
    const remote: Peer = { address: "10.231.0.2", loopback: false, forwarded: false, forwardedFor: null };
    for (const host of ["localhost", "127.0.0.1:3000", "[::1]"]) {
      expect(() => checkLocal(at("http://127.0.0.1/api/studies", host), open, remote)).toThrow(
        "This server has no access token, so it answers only programs on this machine; this request came from 10.231.0.2. Set QQT_ACCESS_TOKEN to share this server.",
      );
    }
    expect(() => checkLocal(at("http://127.0.0.1/", "localhost"), open, { ...local, forwarded: true, forwardedFor: "127.0.0.1" })).toThrow(/relayed by a proxy/);
    expect(() => checkLocal(at("http://127.0.0.1/", "localhost"), open, { address: null, loopback: false, forwarded: false, forwardedFor: null })).toThrow(
      /cannot tell where this request came from/,
    );
  });

  it("with a token allows any host and any address (the token protects it)", () => {
    const remote: Peer = { address: "203.0.113.9", loopback: false, forwarded: true, forwardedFor: "127.0.0.1" };
    expect(() => checkLocal(at("http://x/", "qqt.example.org"), { accessToken: "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E", allowedHosts: [] }, remote)).not.toThrow();
  });
});

describe("parameters", () => {
  it("versionParam takes positive integers and latest", () => {
    expect(versionParam("1")).toBe(1);
    expect(versionParam("123456789")).toBe(123456789);
    expect(versionParam("latest")).toBe("latest");
    for (const bad of ["0", "01", "-1", "1.0", "1e3", "", "Latest", "9999999999"]) {
      expect(() => versionParam(bad)).toThrow(StoreError);
    }
  });

  it("intParam enforces its range", () => {
    const url = new URL("http://x/?a=5&b=600&c=");
    expect(intParam(url, "a", { min: 1, max: 10, fallback: 3 })).toBe(5);
    expect(intParam(url, "c", { min: 1, max: 10, fallback: 3 })).toBe(3);
    expect(intParam(url, "missing", { min: 1, max: 10, fallback: 3 })).toBe(3);
    expect(() => intParam(url, "b", { min: 1, max: 500, fallback: 3 })).toThrow("Query parameter b is \"600\"; expected an integer from 1 to 500.");
  });

  it("slug makes file-name-safe names", () => {
    expect(slug("ImageNet — T-MARS (6 buckets)")).toBe("imagenet-t-mars-6-buckets");
    expect(slug("Études élevées")).toBe("etudes-elevees");
    expect(slug("../../etc/passwd")).toBe("etc-passwd");
    expect(slug("日本語")).toBe("study");
    expect(slug("a".repeat(100))).toHaveLength(60);
  });
});

describe("errorResponse", () => {
  // Next.js bundles the server start (instrumentation.ts, which opens the store) and each route separately, so the
  // store's errors can be instances of another copy of the StoreError class than the one http.ts imported.
  class ForeignStoreError extends Error {
    override readonly name = "StoreError";
    constructor(
      readonly code: string,
      message: string,
      readonly issues: unknown[] = [],
    ) {
      super(message);
    }
  }
  const request = new Request("http://127.0.0.1/api/studies/AAAAAAAAAAAAAAAA");

  it("answers a StoreError from another copy of the module with its own status and body", async () => {
    const response = errorResponse(new ForeignStoreError("NOT_FOUND", 'No study with id "AAAAAAAAAAAAAAAA".'), request);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: 'No study with id "AAAAAAAAAAAAAAAA".' } });
    expect(errorResponse(new ForeignStoreError("GONE", "In the trash."), request).status).toBe(410);
  });

  it("treats anything else as a 500 whose details stay in the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const error of [new ForeignStoreError("NO_SUCH_CODE", "x"), Object.assign(new Error("y"), { name: "StoreError" }), "a string"]) {
      const response = errorResponse(error, request);
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INTERNAL");
    }
    expect(log).toHaveBeenCalledTimes(3);
    log.mockRestore();
  });
});
