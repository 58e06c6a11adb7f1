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
import { SESSION_COOKIE, sessionValue } from "./auth";
import { readConfig, type StoreConfig } from "./config";
import { openDatabase } from "./database";
import type { RouteHandler } from "./http";
import { setRuntime } from "./runtime";
import { StudyStore, type StudySummary } from "./StudyStore";
import { makeModel, makeStudy } from "./testing/fixtures";

const ORIGIN = "http://127.0.0.1:3000";
const TOKEN = "k9V2-test-token-0123456789abcdef";

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

function request(method: string, path: string, options: { body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { ...options.headers };
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
    const { study } = await createViaApi(undefined, { authorization: `Bearer ${TOKEN}` });
    const before = await snapshot();
    const params = { id: study.id, version: "1" } as never;
    const body = { study: makeStudy(), name: "intruder" };
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}` },
      { cookie: `${SESSION_COOKIE}=${TOKEN}` },
      { cookie: `${SESSION_COOKIE}=${sessionValue("another-token-of-32-characters!!")}` },
      { cookie: `${SESSION_COOKIE}=${sessionValue(TOKEN, new Date(Date.now() - 31 * 24 * 3600 * 1000))}` },
    ];
    for (const [name, handler, method] of routes) {
      for (const headers of attempts) {
        const r = await call(handler, request(method, "/", method === "GET" || method === "DELETE" ? { headers } : { body, headers }), params);
        expect([name, headers, r.status, r.body]).toEqual([
          name,
          headers,
          401,
          { error: { code: "UNAUTHORIZED", message: "This server requires the access token: send Authorization: Bearer <token>, or sign in with POST /api/session." } },
        ]);
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
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.\\d+\\.[A-Za-z0-9_-]+; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict$`));
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
