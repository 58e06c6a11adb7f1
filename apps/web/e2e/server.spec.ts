import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { remoteClient, type RemoteClient, type RemoteRequest, type RemoteResponse } from "../lib/store/testing/remoteClient";

// The production server as people start it (`next start`, with and without -H and a token), probed from another
// address: a network namespace made by the test when it runs as root, else this machine's own non-loopback address.
// Issue 17: access is decided by the connection's address, never by the Host or X-Forwarded-For headers.

const APP = fileURLToPath(new URL("..", import.meta.url));
const NEXT = join(APP, "node_modules", "next", "dist", "bin", "next");
const TOKEN = randomBytes(32).toString("base64");

// Made in the worker that runs the tests (Playwright also loads this file in its runner to list them).
let client: RemoteClient;
test.beforeAll(() => {
  const remote = remoteClient();
  if (!remote.ok) console.warn(`\n*** Server probes from another address SKIPPED: ${remote.reason} ***\n`);
  test.skip(!remote.ok, `no non-loopback client here: ${remote.ok ? "" : remote.reason}`);
  if (remote.ok) client = remote.client;
});
test.afterAll(() => client?.close());

interface Started {
  process: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const dirs: string[] = [];
const running: ChildProcess[] = [];
test.afterEach(async () => {
  for (const p of running.splice(0)) {
    p.kill("SIGTERM");
    await new Promise((r) => (p.exitCode !== null ? r(null) : p.once("exit", r)));
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts `next start` with these arguments and environment; resolves once it answers, or once it exits. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "qqt-server-"));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [NEXT, "start", "-p", String(port), ...args], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", QQT_DATA_DIR: dataDir, QQT_ACCESS_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone && Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/session`).then(
      (r) => r.status > 0,
      () => false,
    );
    if (ok && /\[qqt\/store\]|\[qqt\/server\] not starting/.test(output)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { process: child, port, output: () => output, exited };
}

const local = (port: number, path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}${path}`, init);
const study = JSON.stringify({
  study: { format: "qqt.study/v1", buckets: [{ id: "top0-10", size: 12800000 }], observations: [{ pool: ["top0-10"], samplesSeen: 25600000, error: 0.83 }] },
  name: "from another machine",
});
const forged: Array<Record<string, string>> = [
  { host: "localhost" },
  { host: "127.0.0.1" },
  { host: "localhost:3000", "x-forwarded-for": "127.0.0.1" },
  { host: "[::1]", forwarded: "for=127.0.0.1", "x-real-ip": "127.0.0.1" },
  { host: "localhost", "x-qqt-peer": "v1;guess;127.0.0.1;0;" },
];
const attacks = (port: number): RemoteRequest[] =>
  forged.flatMap((headers) => [
    { method: "GET", port, path: "/api/studies", headers },
    { method: "POST", port, path: "/api/studies", headers: { ...headers, "content-type": "application/json" }, body: study },
  ]);
const statuses = (answers: RemoteResponse[]) => answers.map((a) => a.status);

test.describe("the production server, reached from another address", () => {
  test.describe.configure({ timeout: 180_000 });

  test("`next start` without -H listens on 127.0.0.1 only: another machine cannot connect, this one can", async () => {
    const server = await start([]);
    expect(server.output()).toMatch(new RegExp(`\\[qqt/server\\] listening on 127\\.0\\.0\\.1:${server.port} only \\(was (\\[::\\]|0\\.0\\.0\\.0):${server.port}\\)`));
    expect(statuses(await client.send(attacks(server.port)))).toEqual(attacks(server.port).map(() => 0));
    expect((await client.send([{ method: "GET", port: server.port, path: "/", headers: {} }]))[0]!.error).toBe("ECONNREFUSED");
    expect((await local(server.port, "/api/studies")).status).toBe(200);
  });

  test("`next start -H 0.0.0.0` without a token refuses to start; a token below 128 bits too", async () => {
    const open = await start(["-H", "0.0.0.0"]);
    expect(await open.exited).toBe(1);
    expect(open.output()).toContain(`[qqt/server] not starting: Refusing to serve on 0.0.0.0:${open.port} without QQT_ACCESS_TOKEN`);
    const weak = await start(["-H", "0.0.0.0"], { QQT_ACCESS_TOKEN: "aaaaaaaaaaaaaaaa" });
    expect(await weak.exited).toBe(1);
    expect(weak.output()).toContain("QQT_ACCESS_TOKEN is too easy to guess: about 8 bits of entropy");
    expect(weak.output()).toContain("Generate one with: openssl rand -base64 32");
  });

  test("`next start -H 0.0.0.0` with a token: forged Host and forwarding headers get 401, the token 201, a replayed cookie 401, a burst of wrong tokens 429", async () => {
    const server = await start(["-H", "0.0.0.0"], { QQT_ACCESS_TOKEN: TOKEN });
    const port = server.port;
    expect(statuses(await client.send(attacks(port)))).toEqual(attacks(port).map(() => 401));

    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const [created] = await client.send([{ method: "POST", port, path: "/api/studies", headers: auth, body: study }]);
    expect(created!.status).toBe(201);

    const [signIn] = await client.send([{ method: "POST", port, path: "/api/session", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TOKEN }) }]);
    expect(signIn!.status).toBe(204);
    const cookie = String(signIn!.headers["set-cookie"]).split(";")[0]!;
    const replay = await client.send([
      { method: "GET", port, path: "/api/studies", headers: { cookie } },
      { method: "DELETE", port, path: "/api/session", headers: { cookie } },
      { method: "GET", port, path: "/api/studies", headers: { cookie } },
    ]);
    expect(statuses(replay)).toEqual([200, 204, 401]);

    const burst = await client.send(
      Array.from({ length: 500 }, (_, i) => ({ method: "POST", port, path: "/api/session", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: `wrong-${i}-${TOKEN.slice(8)}` }) })),
    );
    const limited = burst.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(450);
    expect(burst.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    expect(Number(limited[0]!.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // Another client with the right token is not slowed down.
    expect((await local(port, "/api/studies", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  test("pages carry a nonce-based Content Security Policy without 'unsafe-inline' for scripts", async () => {
    const server = await start([]);
    for (const path of ["/", "/workspace"]) {
      const response = await local(server.port, path);
      const policy = response.headers.get("content-security-policy") ?? "";
      const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src "))!;
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
      expect(nonce, `${path}: ${scriptSrc}`).toBeDefined();
      expect(scriptSrc).not.toContain("unsafe-inline");
      expect(scriptSrc).not.toContain("unsafe-eval");
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      // A second load gets another nonce.
      const again = (await local(server.port, path)).headers.get("content-security-policy");
      expect(again).not.toContain(nonce!);
    }
    expect((await local(server.port, "/api/studies")).headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
