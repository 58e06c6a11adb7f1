// The HTTP API, by calling the exported route handlers with Request objects, on a real SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as session from "../../app/api/session/route";
import * as compareRoute from "../../app/api/studies/[id]/compare/route";
import * as exportRoute from "../../app/api/studies/[id]/export/route";
import * as studyRoute from "../../app/api/studies/[id]/route";
import * as versionRoute from "../../app/api/studies/[id]/versions/[version]/route";
import * as versionsRoute from "../../app/api/studies/[id]/versions/route";
import * as studiesRoute from "../../app/api/studies/route";
import { SESSION_COOKIE } from "./auth";
import { readConfig, type StoreConfig } from "./config";
import { openDatabase } from "./database";
import type { RouteHandler } from "./http";
import { PEER_HEADER, peerStamp } from "./network";
import { MAX_ERROR_BODY_BYTES } from "./bounded";
import { FailureLimiter } from "./rateLimit";
import { setRuntime } from "./runtime";
import { SESSION_MAX_AGE_SECONDS, SessionStore } from "./sessions";
import { StudyStore, type StudySummary } from "./StudyStore";
import { makeModel, makeStudy } from "./testing/fixtures";

const ORIGIN = "http://127.0.0.1:3000";
const TOKEN = "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E";

const root = mkdtempSync(join(tmpdir(), "qqt-api-"));
let store: StudyStore;
let config: StoreConfig;
let dbCount = 0;

beforeAll(() => undefined);
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(async () => {
  config = readConfig({ QQT_DATA_DIR: join(root, `d${++dbCount}`) }, root);
  store = new StudyStore(await openDatabase(config.location));
  setRuntime({ config, store });
});
afterEach(async () => {
  setRuntime({});
  await store.close();
  vi.restoreAllMocks();
});

/** Calls a route handler as Next.js would. */
async function call<P>(handler: RouteHandler<P>, request: Request, params: P): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let body: unknown = undefined;
  if ((response.headers.get("content-type") ?? "").startsWith("application/json") && text !== "") body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body, text };
}

/**
 * A request as the route handler sees it behind the server guard: stamped with the connection's address, by default
 * 127.0.0.1 (`peer: null` for a request the guard never saw).
 */
function request(method: string, path: string, options: { body?: unknown; raw?: BodyInit; headers?: Record<string, string>; peer?: string | null } = {}): Request {
  const peer = options.peer === undefined ? "127.0.0.1" : options.peer;
  const headers: Record<string, string> = { ...(peer === null ? {} : { [PEER_HEADER]: peerStamp({ address: peer }) }), ...options.headers };
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const init: RequestInit & { duplex?: "half" } = { method, headers, body };
  if (body instanceof ReadableStream) init.duplex = "half";
  return new Request(`${ORIGIN}${path}`, init);
}

const noParams = {} as Record<string, never>;

async function createViaApi(body: unknown = { name: "ImageNet T-MARS", study: makeStudy(), model: makeModel(), author: "ana" }, headers: Record<string, string> = {}) {
  const r = await call(studiesRoute.POST, request("POST", "/api/studies", { body, headers }), noParams);
  expect(r.status).toBe(201);
  return r.body as { study: StudySummary; version: { version: number } };
}

/** Everything in the database, to prove that a rejected request wrote nothing. */
async function snapshot(): Promise<unknown> {
  const page = await store.listStudies({ deleted: "include" });
  return Promise.all(page.studies.map(async (s) => ({ s, versions: await store.listVersions(s.id).catch(() => "gone") })));
}

describe("studies API", () => {
  it("creates, lists, reads, saves versions, reads history and versions, exports, renames, deletes and restores", async () => {
    const created = await createViaApi();
    const id = created.study.id;
    expect(created.version.version).toBe(1);

    const list = await call(studiesRoute.GET, request("GET", "/api/studies"), noParams);
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toBe("no-store");
    expect(list.body).toMatchObject({ total: 1, limit: 100, offset: 0, studies: [{ id, name: "ImageNet T-MARS", buckets: 4, observations: 20, latestVersion: 1 }] });

    const got = await call(studyRoute.GET, request("GET", `/api/studies/${id}`), { id });
    expect(got.body).toMatchObject({ study: { id, lastFit: { version: 1 } } });

    const saved = await call(
      versionsRoute.POST,
      request("POST", `/api/studies/${id}/versions`, { body: { study: makeStudy({ runs: 8 }), parentVersion: 1, label: "new runs" } }),
      { id },
    );
    expect(saved.status).toBe(201);
    expect(saved.headers.get("location")).toBe(`/api/studies/${id}/versions/2`);
    expect(saved.body).toMatchObject({ version: { version: 2, parentVersion: 1, label: "new runs", hasModel: false, observations: 8 } });

    const history = await call(versionsRoute.GET, request("GET", `/api/studies/${id}/versions`), { id });
    expect((history.body as { versions: Array<{ version: number }> }).versions.map((v) => v.version)).toEqual([2, 1]);

    const v1 = await call(versionRoute.GET, request("GET", `/api/studies/${id}/versions/1`), { id, version: "1" });
    expect(v1.body).toMatchObject({ study: { id, name: "ImageNet T-MARS" }, version: { version: 1, author: "ana", study: makeStudy(), model: makeModel() } });
    const latest = await call(versionRoute.GET, request("GET", `/api/studies/${id}/versions/latest`), { id, version: "latest" });
    expect((latest.body as { version: { version: number } }).version.version).toBe(2);

    const file = await call(exportRoute.GET, request("GET", `/api/studies/${id}/export?version=1`), { id });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="imagenet-t-mars.v1.study.json"');
    expect(JSON.parse(file.text)).toEqual({ ...makeStudy(), name: "ImageNet T-MARS", model: makeModel() });
    const modelFile = await call(exportRoute.GET, request("GET", `/api/studies/${id}/export?version=1&part=model`), { id });
    expect(JSON.parse(modelFile.text)).toEqual(makeModel());

    const compared = await call(compareRoute.GET, request("GET", `/api/studies/${id}/compare?a=1&b=latest`), { id });
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({ comparison: { a: { version: 1, hasModel: true }, b: { version: 2, hasModel: false }, observations: { a: 20, b: 8, added: 0, removed: 12 } } });
    expect((await call(compareRoute.GET, request("GET", `/api/studies/${id}/compare`), { id })).status).toBe(400);

    const renamed = await call(studyRoute.PATCH, request("PATCH", `/api/studies/${id}`, { body: { name: "  T-MARS v2  " } }), { id });
    expect(renamed.body).toMatchObject({ study: { name: "T-MARS v2", latestVersion: 2 } });

    const deleted = await call(studyRoute.DELETE, request("DELETE", `/api/studies/${id}`), { id });
    expect(deleted.status).toBe(200);
    expect((deleted.body as { study: StudySummary }).study.deletedAt).not.toBeNull();
    expect((await call(studiesRoute.GET, request("GET", "/api/studies"), noParams)).body).toMatchObject({ total: 0, studies: [] });
    const trash = await call(studiesRoute.GET, request("GET", "/api/studies?deleted=only"), noParams);
    expect((trash.body as { studies: StudySummary[] }).studies.map((s) => s.id)).toEqual([id]);
    const gone = await call(studyRoute.GET, request("GET", `/api/studies/${id}`), { id });
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ error: { code: "GONE" } });

    const restored = await call(studyRoute.PATCH, request("PATCH", `/api/studies/${id}`, { body: { deleted: false } }), { id });
    expect(restored.body).toMatchObject({ study: { deletedAt: null } });
    expect((await call(studiesRoute.GET, request("GET", "/api/studies?q=t-mars"), noParams)).body).toMatchObject({ total: 1 });
  });

  it("answers 404 for unknown studies and versions, 400 for malformed parameters, all in the error shape", async () => {
    const { study } = await createViaApi();
    const unknown = await call(studyRoute.GET, request("GET", "/api/studies/AAAAAAAAAAAAAAAA"), { id: "AAAAAAAAAAAAAAAA" });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND", message: 'No study with id "AAAAAAAAAAAAAAAA".' } } });
    const noVersion = await call(versionRoute.GET, request("GET", "/"), { id: study.id, version: "9" });
    expect(noVersion).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const badVersion = await call(versionRoute.GET, request("GET", "/"), { id: study.id, version: "1.5" });
    expect(badVersion).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
    for (const query of ["limit=0", "limit=501", "offset=-1", "limit=abc", "deleted=maybe"]) {
      const r = await call(studiesRoute.GET, request("GET", `/api/studies?${query}`), noParams);
      expect([query, r.status, (r.body as { error: { code: string } }).error.code]).toEqual([query, 400, "BAD_REQUEST"]);
    }
    const badPart = await call(exportRoute.GET, request("GET", `/api/studies/${study.id}/export?part=zip`), { id: study.id });
    expect(badPart.status).toBe(400);
  });
});

describe("rejected requests write nothing", () => {
  it("413 for a body over the limit, declared by Content-Length or streamed without one; a body under the limit is accepted", async () => {
    const { study } = await createViaApi();
    const before = await snapshot();
    const limit = config.maxBodyBytes;
    expect(limit).toBe(5 * 1024 * 1024);
    // A valid study padded to just over the limit.
    const padded = (bytes: number) => {
      const body = { study: { ...makeStudy(), description: "" } };
      const base = Buffer.byteLength(JSON.stringify(body));
      body.study.description = "x".repeat(bytes - base);
      return JSON.stringify(body);
    };
    const over = padded(limit + 1);
    expect(Buffer.byteLength(over)).toBe(limit + 1);

    const declared = await call(versionsRoute.POST, request("POST", "/", { raw: over, headers: { "content-type": "application/json", "content-length": String(limit + 1) } }), { id: study.id });
    expect(declared).toMatchObject({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE", message: "The body is 5 MiB; the limit is 5 MiB (QQT_MAX_BODY_BYTES)." } } });

    const bytes = new TextEncoder().encode(over);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = bytes.subarray(pulled, pulled + 65536);
        pulled += chunk.byteLength;
        if (chunk.byteLength === 0) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await call(studiesRoute.POST, request("POST", "/api/studies", { raw: stream, headers: { "content-type": "application/json" } }), noParams);
    expect(streamed).toMatchObject({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE" } } });
    expect(await snapshot()).toEqual(before);

    const under = await call(versionsRoute.POST, request("POST", "/", { raw: padded(limit), headers: { "content-type": "application/json" } }), { id: study.id });
    expect(under.status).toBe(201);
    expect((await store.getVersion(study.id, 2)).study.description).toHaveLength(JSON.parse(padded(limit)).study.description.length);
  });

  it("400 for malformed JSON (with line and column), an empty body or invalid UTF-8; 415 for a non-JSON content type", async () => {
    const { study } = await createViaApi();
    const before = await snapshot();
    const malformed = await call(studiesRoute.POST, request("POST", "/api/studies", { raw: '{\n  "study": {"format": "qqt.study/v1",}\n}', headers: { "content-type": "application/json" } }), noParams);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: "INVALID_JSON", issues: [{ path: "", line: 2, column: 38 }] } });
    expect((malformed.body as { error: { message: string } }).error.message).toMatch(/^The body is not valid JSON at line 2, column 38: /);

    const empty = await call(versionsRoute.POST, request("POST", "/", { raw: "", headers: { "content-type": "application/json" } }), { id: study.id });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: "INVALID_JSON", message: "The body is empty; expected a JSON object." } } });
    const latin1 = await call(versionsRoute.POST, request("POST", "/", { raw: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]), headers: { "content-type": "application/json" } }), { id: study.id });
    expect(latin1).toMatchObject({ status: 400, body: { error: { code: "INVALID_JSON" } } });
    const form = await call(studiesRoute.POST, request("POST", "/api/studies", { raw: "study=1", headers: { "content-type": "application/x-www-form-urlencoded" } }), noParams);
    expect(form).toMatchObject({ status: 415, body: { error: { code: "UNSUPPORTED_MEDIA_TYPE" } } });
    const rename = await call(studyRoute.PATCH, request("PATCH", "/", { raw: "[", headers: { "content-type": "application/json" } }), { id: study.id });
    expect(rename.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("422 with every issue located in the body for schema problems", async () => {
    const { study } = await createViaApi();
    const before = await snapshot();
    const bad = makeStudy() as unknown as { buckets: Array<{ size: number }>; observations: Array<{ pool: string[] }> };
    bad.buckets[1]!.size = -5;
    bad.observations[0]!.pool = ["top0-10", "top90-100"];
    const text = JSON.stringify({ study: bad, parentVersion: 0, studdy: 1 }, null, 2);
    const r = await call(versionsRoute.POST, request("POST", "/", { raw: text, headers: { "content-type": "application/json" } }), { id: study.id });
    expect(r.status).toBe(422);
    const error = (r.body as { error: { code: string; message: string; issues: Array<{ path: string; message: string; line?: number }> } }).error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe("The request body has 4 problems; see issues.");
    expect(error.issues.map((i) => i.path)).toEqual(["studdy", "study.buckets[1].size", "study.observations[0].pool[1]", "parentVersion"]);
    const lines = text.split("\n");
    for (const issue of error.issues) expect(issue.line).toBeGreaterThan(0);
    expect(lines[error.issues[1]!.line! - 1]).toContain('"size": -5');
    expect(lines[error.issues[2]!.line! - 1]).toContain('"top90-100"');
    // Document issues come from @qqt/data with its code, expected format and suggestion.
    expect(error.issues[2]).toMatchObject({
      message: 'bucket "top90-100" is not in buckets',
      code: "UNKNOWN_BUCKET",
      expected: 'one of "top0-10", "top10-20", "top20-30", "top30-40"',
      suggestion: 'did you mean "top0-10"?',
    });

    const noName = await call(studyRoute.PATCH, request("PATCH", "/", { body: { name: "   " } }), { id: study.id });
    expect(noName).toMatchObject({ status: 422, body: { error: { issues: [{ path: "name" }] } } });
    const noStudy = await call(studiesRoute.POST, request("POST", "/api/studies", { body: { name: "x" } }), noParams);
    expect(noStudy).toMatchObject({ status: 422, body: { error: { issues: [{ path: "study" }] } } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("access token", () => {
  beforeEach(() => {
    config = { ...config, accessToken: TOKEN };
    setRuntime({ config, store });
  });

  const routes: Array<[string, RouteHandler<never>, string]> = [
    ["GET /api/studies", studiesRoute.GET as RouteHandler<never>, "GET"],
    ["POST /api/studies", studiesRoute.POST as RouteHandler<never>, "POST"],
    ["GET /api/studies/:id", studyRoute.GET as RouteHandler<never>, "GET"],
    ["PATCH /api/studies/:id", studyRoute.PATCH as RouteHandler<never>, "PATCH"],
    ["DELETE /api/studies/:id", studyRoute.DELETE as RouteHandler<never>, "DELETE"],
    ["GET /api/studies/:id/versions", versionsRoute.GET as RouteHandler<never>, "GET"],
    ["POST /api/studies/:id/versions", versionsRoute.POST as RouteHandler<never>, "POST"],
    ["GET /api/studies/:id/versions/:version", versionRoute.GET as RouteHandler<never>, "GET"],
    ["GET /api/studies/:id/export", exportRoute.GET as RouteHandler<never>, "GET"],
    ["GET /api/studies/:id/compare", compareRoute.GET as RouteHandler<never>, "GET"],
  ];

  it("answers 401 on every studies route without a token, with a wrong one or a forged cookie, and writes nothing", async () => {
    // 60 wrong tokens from one client would be throttled (see "rate limits" below): count none here.
    setRuntime({ config, store, limiter: new FailureLimiter({ freeFailures: 1000 }) });
    const { study } = await createViaApi(undefined, { authorization: `Bearer ${TOKEN}` });
    const before = await snapshot();
    const params = { id: study.id, version: "1" } as never;
    const body = { study: makeStudy(), name: "intruder" };
    const how = "send Authorization: Bearer <token>, or sign in with POST /api/session.";
    const attempts: Array<[Record<string, string>, string]> = [
      [{}, `This server requires the access token: ${how}`],
      [{ authorization: `Bearer ${TOKEN}x` }, `Wrong access token: ${how}`],
      [{ authorization: `Bearer ${TOKEN.slice(0, -1)}` }, `Wrong access token: ${how}`],
      [{ authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}` }, `Wrong access token: ${how}`],
      [{ cookie: `${SESSION_COOKIE}=${TOKEN}` }, `Your session has ended (signed out, expired, or the token changed): ${how}`],
      [{ cookie: `${SESSION_COOKIE}=v2.${"x".repeat(43)}` }, `Your session has ended (signed out, expired, or the token changed): ${how}`],
    ];
    for (const [name, handler, method] of routes) {
      for (const [headers, message] of attempts) {
        const r = await call(handler, request(method, "/", method === "GET" || method === "DELETE" ? { headers } : { body, headers }), params);
        expect([name, headers, r.status, r.body]).toEqual([name, headers, 401, { error: { code: "UNAUTHORIZED", message } }]);
        expect(r.headers.get("www-authenticate")).toBe('Bearer realm="qqt"');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets the right bearer token through on every route", async () => {
    const auth = { authorization: `bearer ${TOKEN}` };
    const { study } = await createViaApi(undefined, auth);
    const params = { id: study.id, version: "1" } as never;
    const expected: Record<string, number> = { POST: 201, GET: 200, PATCH: 200, DELETE: 200 };
    for (const [name, handler, method] of routes) {
      if (method === "DELETE") continue;
      const body = name.startsWith("PATCH") ? { name: "renamed" } : name === "POST /api/studies" ? { study: makeStudy() } : { study: makeStudy() };
      const r = await call(handler, request(method, "/?a=1", method === "GET" ? { headers: auth } : { body, headers: auth }), params);
      expect([name, r.status]).toEqual([name, expected[method]]);
    }
    const del = await call(studyRoute.DELETE, request("DELETE", "/", { headers: auth }), { id: study.id });
    expect(del.status).toBe(200);
  });

  it("signs in with POST /api/session: wrong token 401, right token sets an HttpOnly SameSite=Strict cookie that then works", async () => {
    const status = await call(session.GET, request("GET", "/api/session"), noParams);
    expect(status.body).toEqual({ authRequired: true, authenticated: false });

    const wrong = await call(session.POST, request("POST", "/api/session", { body: { token: "guess-guess-guess-guess" } }), noParams);
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED", message: "Wrong access token." } } });
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const login = await call(session.POST, request("POST", "/api/session", { body: { token: TOKEN } }), noParams);
    expect(login.status).toBe(204);
    const setCookie = login.headers.get("set-cookie")!;
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v2\\.[A-Za-z0-9_-]{43}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict$`));
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(";")[0]!;

    const listed = await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { cookie: `theme=dark; ${cookie}` } }), noParams);
    expect(listed.status).toBe(200);
    const created = await call(studiesRoute.POST, request("POST", "/api/studies", { body: { study: makeStudy() }, headers: { cookie } }), noParams);
    expect(created.status).toBe(201);
    expect((await call(session.GET, request("GET", "/api/session", { headers: { cookie } }), noParams)).body).toEqual({ authRequired: true, authenticated: true });

    const tampered = cookie.slice(0, -2) + (cookie.endsWith("AA") ? "BB" : "AA");
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { cookie: tampered } }), noParams)).status).toBe(401);

    const logout = await call(session.DELETE, request("DELETE", "/api/session", { headers: { cookie } }), noParams);
    expect(logout.status).toBe(204);
    expect(logout.headers.get("set-cookie")).toBe(`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`);

    // The session is closed on the server: a copy of the cookie kept by an attacker (or the browser) is refused.
    const replayed = await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { cookie } }), noParams);
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED", message: expect.stringMatching(/^Your session has ended/) } } });
    expect((await call(session.GET, request("GET", "/api/session", { headers: { cookie } }), noParams)).body).toEqual({ authRequired: true, authenticated: false });
  });

  it("marks the cookie Secure over HTTPS, directly or behind a proxy that says so", async () => {
    const direct = await session.POST(
      new Request("https://qqt.example/api/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TOKEN }) }),
      { params: Promise.resolve(noParams) },
    );
    expect(direct.headers.get("set-cookie")).toMatch(/; Secure$/);
    const proxied = await call(session.POST, request("POST", "/api/session", { body: { token: TOKEN }, headers: { "x-forwarded-proto": "https" } }), noParams);
    expect(proxied.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("without QQT_ACCESS_TOKEN everything is open and the session endpoint says so", async () => {
    setRuntime({ config: { ...config, accessToken: null }, store });
    expect((await call(session.GET, request("GET", "/api/session"), noParams)).body).toEqual({ authRequired: false, authenticated: true });
    expect((await call(studiesRoute.GET, request("GET", "/api/studies"), noParams)).status).toBe(200);
  });
});

describe("safety", () => {
  it("refuses cross-site writes from browsers (403) but not reads", async () => {
    const { study } = await createViaApi();
    const before = await snapshot();
    const crossSite = { "sec-fetch-site": "cross-site" };
    const post = await call(versionsRoute.POST, request("POST", "/", { body: { study: makeStudy() }, headers: crossSite }), { id: study.id });
    expect(post).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    const del = await call(studyRoute.DELETE, request("DELETE", "/", { headers: crossSite }), { id: study.id });
    expect(del.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await call(studyRoute.GET, request("GET", "/", { headers: crossSite }), { id: study.id })).status).toBe(200);
    const sameOrigin = await call(versionsRoute.POST, request("POST", "/", { body: { study: makeStudy() }, headers: { "sec-fetch-site": "same-origin" } }), { id: study.id });
    expect(sameOrigin.status).toBe(201);
  });

  it("without a token, refuses requests addressed to any host but localhost (DNS rebinding, accidental exposure)", async () => {
    const { study } = await createViaApi();
    const before = await snapshot();
    const rebinding = { host: "attacker.example:3000" };
    const read = await call(studiesRoute.GET, request("GET", "/api/studies", { headers: rebinding }), noParams);
    expect(read).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    const write = await call(versionsRoute.POST, request("POST", "/", { body: { study: makeStudy() }, headers: rebinding }), { id: study.id });
    expect(write.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { host: "localhost:3000" } }), noParams)).status).toBe(200);
    setRuntime({ config: { ...config, accessToken: TOKEN }, store });
    const withToken = await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { ...rebinding, authorization: `Bearer ${TOKEN}` } }), noParams);
    expect(withToken.status).toBe(200);
  });

  it("turns a database failure into a generic 500 and logs it without the body or secrets", async () => {
    setRuntime({ config: { ...config, accessToken: TOKEN }, store });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await store.close(); // every query now fails inside the driver
    const marker = "SECRET-PAYLOAD-MARKER";
    const r = await call(studiesRoute.POST, request("POST", "/api/studies", { body: { name: marker, study: makeStudy() }, headers: { authorization: `Bearer ${TOKEN}` } }), noParams);
    expect(r).toMatchObject({ status: 500, body: { error: { code: "INTERNAL", message: "The server failed to complete the request; the details are in its log." } } });
    expect(logged).toHaveBeenCalledTimes(1);
    const line = String(logged.mock.calls[0]![0]);
    expect(line).toMatch(/^\[qqt\/api\] POST \/api\/studies failed: /);
    expect(line).not.toContain(marker);
    expect(line).not.toContain(TOKEN);
    store = new StudyStore(await openDatabase(config.location)); // for afterEach
  });

  it("answers 500 CONFIGURATION when the token is too short, for every request", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    setRuntime({});
    const saved = process.env.QQT_ACCESS_TOKEN;
    process.env.QQT_ACCESS_TOKEN = "short";
    try {
      const r = await call(studiesRoute.GET, request("GET", "/api/studies"), noParams);
      expect(r).toMatchObject({ status: 500, body: { error: { code: "CONFIGURATION" } } });
      expect((r.body as { error: { message: string } }).error.message).not.toContain("short");
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      if (saved === undefined) delete process.env.QQT_ACCESS_TOKEN;
      else process.env.QQT_ACCESS_TOKEN = saved;
      setRuntime({ config, store });
    }
  });
});

describe("remote clients (peer address from the server guard)", () => {
  it("without a token, a request from a non-loopback address is refused whatever Host and forwarding headers it sends", async () => {
    const { study } = await createViaApi();
    const before = await snapshot();
    const forged: Array<Record<string, string>> = [{ host: "localhost" }, { host: "127.0.0.1:3000", "x-forwarded-for": "127.0.0.1" }, { host: "[::1]", forwarded: "for=127.0.0.1", "x-real-ip": "127.0.0.1" }];
    for (const headers of forged) {
      const read = await call(studiesRoute.GET, request("GET", "/api/studies", { headers, peer: "10.231.0.2" }), noParams);
      expect(read).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
      const write = await call(versionsRoute.POST, request("POST", "/", { body: { study: makeStudy() }, headers, peer: "10.231.0.2" }), { id: study.id });
      expect(write.status).toBe(403);
    }
    // A loopback connection that a proxy relayed, and a request the guard never saw, are not local either.
    const relayed = { [PEER_HEADER]: peerStamp({ address: "127.0.0.1", forwarded: true, forwardedFor: "203.0.113.9" }) };
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: relayed }), noParams)).status).toBe(403);
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { host: "localhost" }, peer: null }), noParams)).status).toBe(403);
    expect((await call(session.GET, request("GET", "/api/session", { peer: "10.231.0.2" }), noParams)).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    // ::1 and the rest of 127.0.0.0/8 are this machine.
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { peer: "::1" }), noParams)).status).toBe(200);
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { peer: "127.0.0.2" }), noParams)).status).toBe(200);
  });
});

describe("rate limits on wrong tokens", () => {
  beforeEach(() => {
    config = { ...config, accessToken: TOKEN };
    setRuntime({ config, store });
  });

  it("500 wrong sign-ins and 500 wrong bearer tokens from one address draw 429 with Retry-After; the right token works for other clients", async () => {
    // A clock that stands still while the burst runs (a loaded machine must not let blocks run out in between).
    const now = Date.now();
    setRuntime({ config, store, limiter: new FailureLimiter({ now: () => now }) });
    const attacker = "203.0.113.9";
    const statuses: Record<string, number> = {};
    let retryAfter: string | null = null;
    for (let i = 0; i < 500; i++) {
      const r = await call(session.POST, request("POST", "/api/session", { body: { token: `wrong-${i}-${"x".repeat(24)}` }, peer: attacker }), noParams);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 429) {
        retryAfter ??= r.headers.get("retry-after");
        expect(r.body).toMatchObject({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many wrong access tokens from your address; try again in \d+ seconds?\.$/) } });
      }
    }
    // 5 free wrong tokens, the 6th starts a 1 s block, and every attempt during it is refused without a comparison.
    expect(statuses).toEqual({ 401: 6, 429: 494 });
    expect(retryAfter).toBe("1");

    const bearer: Record<string, number> = {};
    for (let i = 0; i < 500; i++) {
      const r = await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { authorization: `Bearer wrong-${i}-${"y".repeat(24)}` }, peer: "203.0.113.10" }), noParams);
      bearer[r.status] = (bearer[r.status] ?? 0) + 1;
      if (r.status === 429) expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(bearer).toEqual({ 401: 6, 429: 494 });

    // The attacker waits for the right token too; everyone else does not.
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { authorization: `Bearer ${TOKEN}` }, peer: attacker }), noParams)).status).toBe(429);
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { authorization: `Bearer ${TOKEN}` }, peer: "198.51.100.4" }), noParams)).status).toBe(200);
    expect((await call(session.POST, request("POST", "/api/session", { body: { token: TOKEN }, peer: "198.51.100.5" }), noParams)).status).toBe(204);
  });

  it("behind a trusted proxy, counts each client named by X-Forwarded-For, not the proxy", async () => {
    const now = Date.now();
    setRuntime({ config: { ...config, trustedProxies: ["127.0.0.1"] }, store, limiter: new FailureLimiter({ now: () => now }) });
    const viaProxy = (client: string, token: string) =>
      request("POST", "/api/session", { body: { token }, headers: { [PEER_HEADER]: peerStamp({ address: "127.0.0.1", forwarded: true, forwardedFor: client }) } });
    for (let i = 0; i < 30; i++) await call(session.POST, viaProxy("203.0.113.9", `wrong-${i}-${"z".repeat(24)}`), noParams);
    expect((await call(session.POST, viaProxy("203.0.113.9", TOKEN), noParams)).status).toBe(429);
    expect((await call(session.POST, viaProxy("198.51.100.4", TOKEN), noParams)).status).toBe(204);
  });

  it("a session expires 30 days after sign-in", async () => {
    let now = Date.now();
    setRuntime({ config, store, sessions: new SessionStore(store.database, { now: () => new Date(now) }) });
    const login = await call(session.POST, request("POST", "/api/session", { body: { token: TOKEN } }), noParams);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    now += SESSION_MAX_AGE_SECONDS * 1000 - 1000;
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { cookie } }), noParams)).status).toBe(200);
    now += 1000;
    expect((await call(studiesRoute.GET, request("GET", "/api/studies", { headers: { cookie } }), noParams)).status).toBe(401);
  });
});

describe("bounded bodies and answers", () => {
  const post = (raw: string) => call(studiesRoute.POST, request("POST", "/api/studies", { raw, headers: { "content-type": "application/json" } }), noParams);

  it("nesting 5,000 or 100,000 levels deep is a 422, not a stack overflow; 64 levels are read", async () => {
    const before = await snapshot();
    for (const depth of [65, 5000, 100_000]) {
      const r = await post(`{"study":{"format":${"[".repeat(depth)}${"]".repeat(depth)},"buckets":[],"observations":[]}}`);
      expect([depth, r.status]).toEqual([depth, 422]);
      expect(r.body).toMatchObject({ error: { code: "VALIDATION_FAILED", issues: [{ code: "TOO_DEEP", line: 1 }] } });
      expect(r.text.length).toBeLessThan(1000);
    }
    // Depth 64 in total (the body and study objects are two of them) passes the scan and is judged by the format.
    const ok = await post(`{"study":{"format":${"[".repeat(62)}${"]".repeat(62)},"buckets":[],"observations":[]}}`);
    expect(ok.status).toBe(422);
    expect((ok.body as { error: { issues: Array<{ code?: string }> } }).error.issues.some((i) => i.code === "TOO_DEEP")).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it("a 4 MB string in a refused field, key or bucket id is quoted with at most 200 characters, and no answer exceeds 64 KiB", async () => {
    const big = "x".repeat(4 * 1024 * 1024);
    const study = makeStudy({ runs: 2 }) as unknown as { buckets: Array<{ id: string }>; observations: Array<{ pool: string[] }> };
    const cases = [
      { study: { ...makeStudy(), buckets: [{ id: big, size: 1 }] } },
      { study: makeStudy(), [big]: 1 },
      { study: { ...study, observations: [{ ...study.observations[0]!, pool: [big] }] } },
      { study: makeStudy(), name: big },
      { study: big },
    ];
    for (const body of cases) {
      const started = Date.now();
      const r = await post(JSON.stringify(body));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(r.status).toBe(422);
      expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES);
      expect(r.text).not.toMatch(/x{201}/);
      if (r.text.includes("xxxxxxxx")) expect(r.text).toMatch(/… \d{6,} more/);
    }
  });

  it("a hundred problems each quoting a long value still answer within 64 KiB", async () => {
    const long = "y".repeat(5000);
    const study: Record<string, unknown> = { ...makeStudy({ runs: 1 }) };
    for (let i = 0; i < 300; i++) study[`${long}${i}`] = `${long}${i}`; // 300 unknown fields, each named and valued by 5,000 characters
    const r = await post(JSON.stringify({ study }));
    expect(r.status).toBe(422);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES);
    const issues = (r.body as { error: { issues: Array<{ message: string }> } }).error.issues;
    expect(issues.length).toBeGreaterThan(10);
    expect(issues.at(-1)!.message).toMatch(/more problems/);
  });

  it("searches names with Unicode case folding; a search text over 200 characters is a 400", async () => {
    await createViaApi({ name: "Études 2026", study: makeStudy() });
    await createViaApi({ name: "ImageNet", study: makeStudy() });
    const found = await call(studiesRoute.GET, request("GET", `/api/studies?q=${encodeURIComponent("é")}`), noParams);
    expect(found.body).toMatchObject({ total: 1, studies: [{ name: "Études 2026" }] });
    const long = await call(studiesRoute.GET, request("GET", `/api/studies?q=${"q".repeat(201)}`), noParams);
    expect(long).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
  });

  it("a body that stops arriving is answered 408 (the read is bounded in time too)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"study":')) });
      const pending = call(studiesRoute.POST, request("POST", "/api/studies", { raw: stalled, headers: { "content-type": "application/json" } }), noParams);
      await vi.advanceTimersByTimeAsync(61_000);
      expect(await pending).toMatchObject({ status: 408, body: { error: { code: "REQUEST_TIMEOUT" } } });
    } finally {
      vi.useRealTimers();
    }
  });
});
