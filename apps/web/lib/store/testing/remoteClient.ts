// A client whose connections come from a non-loopback address, to test what the server does with requests from
// other machines. As root with iproute2: a network namespace made for the test, joined to this one by a veth pair
// on a random 10.x.y.z/30 — the client really is another host as far as the server's sockets can tell. Otherwise,
// when this machine has a non-loopback IPv4 address: connections from that address to itself (their remote address
// is that address, not loopback). Otherwise the tests that need one are skipped, and say so.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { request as httpRequest } from "node:http";
import { networkInterfaces } from "node:os";

/** One HTTP request to send from the remote client. */
export interface RemoteRequest {
  method: string;
  port: number;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What came back (status 0 and `error` when the connection failed, e.g. `ECONNREFUSED`). */
export interface RemoteResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  error?: string;
}

/** A client on a non-loopback address. */
export interface RemoteClient {
  /** How it was made. */
  kind: "netns" | "own-address";
  /** The address the client's connections come from. */
  clientAddress: string;
  /** The address of this machine the client connects to (the server must listen on it, or on 0.0.0.0). */
  serverAddress: string;
  /** Sends the requests one after the other; connection failures are answers too. */
  send(requests: readonly RemoteRequest[]): Promise<RemoteResponse[]>;
  /** Removes the namespace (no-op for `own-address`). */
  close(): void;
}

/** Why there is no remote client on this machine, or the client. */
export type RemoteAvailability = { ok: true; client: RemoteClient } | { ok: false; reason: string };

/** The script run inside the namespace: reads requests as JSON from argv, prints the answers as JSON. */
const CLIENT_SCRIPT = `
const http = require("node:http");
const [host, json] = process.argv.slice(1);
(async () => {
  const out = [];
  for (const r of JSON.parse(json)) out.push(await new Promise((resolve) => {
    const req = http.request({ host, port: r.port, path: r.path, method: r.method, headers: r.headers || {}, timeout: 10000 }, (res) => {
      const chunks = []; res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ status: 0, headers: {}, body: "", error: e.code || e.message }));
    if (r.body !== undefined) req.write(r.body);
    req.end();
  }));
  process.stdout.write(JSON.stringify(out));
})();
`;

function run(args: string[]): { ok: boolean; stderr: string } {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  return { ok: r.status === 0, stderr: (r.stderr ?? "").trim() || (r.error?.message ?? "") };
}

/** A network namespace with a veth pair, or why one cannot be made here. */
function makeNamespace(): RemoteAvailability {
  if (process.getuid?.() !== 0) return { ok: false, reason: "not root (a network namespace needs it)" };
  const tag = randomBytes(3).toString("hex");
  const ns = `qqt-test-${tag}`;
  const [outside, inside] = [`qqt${tag}a`, `qqt${tag}b`];
  const base = `10.${200 + randomInt(50)}.${randomInt(256)}`;
  const last = 4 * randomInt(64);
  const [serverAddress, clientAddress] = [`${base}.${last + 1}`, `${base}.${last + 2}`];
  const steps = [
    ["ip", "netns", "add", ns],
    ["ip", "link", "add", outside, "type", "veth", "peer", "name", inside],
    ["ip", "link", "set", inside, "netns", ns],
    ["ip", "addr", "add", `${serverAddress}/30`, "dev", outside],
    ["ip", "link", "set", outside, "up"],
    ["ip", "netns", "exec", ns, "ip", "addr", "add", `${clientAddress}/30`, "dev", inside],
    ["ip", "netns", "exec", ns, "ip", "link", "set", inside, "up"],
  ];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off("exit", close);
    run(["ip", "netns", "del", ns]); // takes the pair with it
    run(["ip", "link", "del", outside]);
  };
  // Whatever happens to the test, the namespace does not outlive the process.
  process.once("exit", close);
  for (const step of steps) {
    const r = run(step);
    if (!r.ok) {
      close();
      return { ok: false, reason: `${step.join(" ")} failed: ${r.stderr}` };
    }
  }
  // Asynchronous: the server under test usually runs in this very process and must keep answering meanwhile.
  const send = (requests: readonly RemoteRequest[]) =>
    new Promise<RemoteResponse[]>((resolve, reject) => {
      const args = ["netns", "exec", ns, process.execPath, "-e", CLIENT_SCRIPT, serverAddress, JSON.stringify(requests)];
      execFile("ip", args, { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`the client in ${ns} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as RemoteResponse[]);
      });
    });
  return { ok: true, client: { kind: "netns", clientAddress, serverAddress, send, close } };
}

/** Connections from this machine's own non-loopback IPv4 address to itself. */
function ownAddress(): RemoteAvailability {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === "IPv4" && !i.internal)?.address;
  if (address === undefined) return { ok: false, reason: "no network namespace and no non-loopback IPv4 address on this machine" };
  const one = (r: RemoteRequest) =>
    new Promise<RemoteResponse>((resolve) => {
      const req = httpRequest({ host: address, localAddress: address, port: r.port, path: r.path, method: r.method, headers: r.headers ?? {}, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, body: "", error: e.code ?? e.message }));
      if (r.body !== undefined) req.write(r.body);
      req.end();
    });
  const send = async (requests: readonly RemoteRequest[]) => {
    const out: RemoteResponse[] = [];
    for (const r of requests) out.push(await one(r));
    return out;
  };
  return { ok: true, client: { kind: "own-address", clientAddress: address, serverAddress: address, send, close: () => {} } };
}

/**
 * A remote client: a network namespace when possible, else this machine's own non-loopback address, else why not.
 *
 * @example
 * ```ts
 * const remote = remoteClient();
 * if (remote.ok) await remote.client.send([{ method: "GET", port, path: "/api/studies", headers: { host: "localhost" } }]);
 * ```
 */
export function remoteClient(): RemoteAvailability {
  const ns = makeNamespace();
  if (ns.ok) return ns;
  const own = ownAddress();
  return own.ok ? own : { ok: false, reason: `${ns.reason}; ${own.reason}` };
}
