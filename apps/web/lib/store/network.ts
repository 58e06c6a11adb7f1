// Where a request comes from, by the connection rather than by what the client wrote in its headers.
//
// A route handler only sees a Web `Request`: Next.js does not pass it the socket, and the X-Forwarded-For header it
// adds is the client's own when the client sent one. So the server guard (`installServerGuard`, run by
// `instrumentation.ts` when the server starts) wraps the HTTP server's request listener: before Next.js reads a
// request, it replaces any `x-qqt-peer` header the client sent with the connection's remote address, signed with a
// secret that lives only in this process. `readPeer` trusts that header only when the secret matches, so a request
// the guard did not see (or a client that forges the header) has no known address, and is treated as remote.
//
// The guard also decides where the server listens: `next start` without `-H` listens on every interface, so the
// guard moves it to 127.0.0.1; an explicit non-loopback address (`-H 0.0.0.0`) is refused without an access token.
import { randomBytes } from "node:crypto";
import { isIP, Server as NetServer, type AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { secretsEqual } from "./auth";
import { StoreError } from "./StoreError";

/** The request header the server guard sets to the connection's remote address (any client-sent value is replaced). */
export const PEER_HEADER = "x-qqt-peer";

/** Request headers that say a request was relayed by a proxy (a loopback connection carrying one is not local). */
export const FORWARDING_HEADERS: readonly string[] = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip"];

/** Where a request comes from, as far as the server can tell. */
export interface Peer {
  /** The connection's remote address (`127.0.0.1`, `::1`, `10.0.0.7`), or null when the server guard did not see it. */
  address: string | null;
  /** Whether `address` is a loopback address (127.0.0.0/8, ::1, or ::ffff:127.x.y.z). */
  loopback: boolean;
  /** Whether the client sent a forwarding header (Forwarded, X-Forwarded-For, X-Forwarded-Host, X-Real-IP). */
  forwarded: boolean;
  /** The client's X-Forwarded-For as it arrived (before Next.js appends to it), or null. */
  forwardedFor: string | null;
}

interface NetworkState {
  /** Signs the peer header; made once per process, never leaves it. */
  secret: string;
  /** Servers already guarded (a second `register()` in dev must not wrap them twice). */
  guarded: WeakSet<object>;
}

const KEY = Symbol.for("qqt.store.network");
const state: NetworkState = ((globalThis as Record<symbol, NetworkState | undefined>)[KEY] ??= {
  secret: randomBytes(32).toString("base64url"),
  guarded: new WeakSet(),
});

/**
 * Whether an IP address is a loopback address: 127.0.0.0/8, `::1`, and IPv4-mapped `::ffff:127.x.y.z`. Host names
 * (`localhost`) are not addresses and are not loopback here.
 *
 * @example
 * ```ts
 * isLoopbackAddress("127.0.0.2"); // true
 * isLoopbackAddress("::ffff:127.0.0.1"); // true
 * isLoopbackAddress("10.0.0.1"); // false
 * ```
 */
export function isLoopbackAddress(address: string): boolean {
  const v4 = ipv4Of(address);
  if (v4 !== null) return v4.startsWith("127.");
  const groups = ipv6Groups(address);
  return groups !== null && groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
}

/**
 * The key rate limits count a client under: an IPv4 address as is (also when IPv4-mapped), an IPv6 address by its
 * /64 prefix (one host usually owns a whole /64, so counting single addresses would let it rotate through them),
 * and `"unknown"` for anything else.
 *
 * @example
 * ```ts
 * clientKey("::ffff:10.1.2.3"); // "10.1.2.3"
 * clientKey("2001:db8:1:2:aaaa::5"); // "2001:db8:1:2::/64"
 * ```
 */
export function clientKey(address: string | null): string {
  if (address === null) return "unknown";
  const v4 = ipv4Of(address);
  if (v4 !== null) return v4;
  const groups = ipv6Groups(address);
  if (groups === null) return "unknown";
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The dotted IPv4 address of `address` (also of an IPv4-mapped IPv6 address), or null. */
function ipv4Of(address: string): string | null {
  if (isIP(address) === 4) return address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped !== null && isIP(mapped[1]!) === 4 ? mapped[1]! : null;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIP(bare) !== 6) return null;
  let text = bare;
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (tail !== null) {
    const [a, b, c, d] = tail[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.includes("::") ? (text.split("::") as [string, string]) : [text, undefined];
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const fill = rest === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => "0");
  const groups = [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The value of the peer header for a connection from `address`: what the server guard sets, and what tests send to
 * play a client at that address.
 *
 * @example
 * ```ts
 * new Request("http://127.0.0.1:3000/api/studies", { headers: { [PEER_HEADER]: peerStamp({ address: "10.0.0.7" }) } });
 * ```
 */
export function peerStamp(peer: { address: string; forwarded?: boolean; forwardedFor?: string | null }): string {
  const forwardedFor = peer.forwardedFor ?? "";
  return ["v1", state.secret, encodeURIComponent(peer.address), peer.forwarded ? "1" : "0", encodeURIComponent(forwardedFor)].join(";");
}

/**
 * Where a request comes from: the address the server guard stamped on it, or `address: null` when the stamp is
 * missing or not genuine (a client cannot forge it without this process's secret).
 *
 * @example
 * ```ts
 * readPeer(request); // { address: "127.0.0.1", loopback: true, forwarded: false, forwardedFor: null }
 * ```
 */
export function readPeer(request: Request): Peer {
  const unknown: Peer = { address: null, loopback: false, forwarded: false, forwardedFor: null };
  const stamp = request.headers.get(PEER_HEADER);
  if (stamp === null || stamp.length > 4096) return unknown;
  const parts = stamp.split(";");
  if (parts.length !== 5 || parts[0] !== "v1" || !secretsEqual(parts[1]!, state.secret)) return unknown;
  let address: string;
  let forwardedFor: string;
  try {
    address = decodeURIComponent(parts[2]!);
    forwardedFor = decodeURIComponent(parts[4]!);
  } catch {
    return unknown;
  }
  return { address, loopback: isLoopbackAddress(address), forwarded: parts[3] === "1", forwardedFor: forwardedFor === "" ? null : forwardedFor };
}

/**
 * The address rate limits and logs count a request under: the connection's address, or — when that is one of
 * `trustedProxies` and the proxy said whom it relays — the last X-Forwarded-For entry that is not itself a trusted
 * proxy (entries left of it were written by the client and prove nothing).
 *
 * @example
 * ```ts
 * clientAddress({ address: "127.0.0.1", loopback: true, forwarded: true, forwardedFor: "6.6.6.6, 203.0.113.9" }, ["127.0.0.1"]); // "203.0.113.9"
 * ```
 */
export function clientAddress(peer: Peer, trustedProxies: readonly string[]): string | null {
  if (peer.address === null || !peer.forwarded || peer.forwardedFor === null || !isTrusted(peer.address, trustedProxies)) return peer.address;
  const hops = peer.forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer.address; // garbage in the header: count the proxy, not a made-up client
    if (!isTrusted(hop, trustedProxies)) return hop;
  }
  return peer.address;
}

function isTrusted(address: string, trusted: readonly string[]): boolean {
  const key = clientKey(address);
  return trusted.some((t) => t === address || clientKey(t) === key);
}

/**
 * Replaces the client's peer header on an incoming request with the connection's address (done by the server guard
 * before Next.js reads the request).
 */
export function stampIncoming(request: IncomingMessage): void {
  const headers = request.headers;
  const forwarded = FORWARDING_HEADERS.some((h) => headers[h] !== undefined);
  const xff = headers["x-forwarded-for"];
  const forwardedFor = Array.isArray(xff) ? xff.join(", ") : (xff ?? null);
  delete headers[PEER_HEADER];
  const address = request.socket.remoteAddress;
  if (address !== undefined) headers[PEER_HEADER] = peerStamp({ address, forwarded, forwardedFor });
}

/** What {@link installServerGuard} did to one server. */
export interface GuardedServer {
  /** Where the server listened when the guard found it, e.g. `[::]:3000` or `0.0.0.0:3000`. */
  found: string;
  /** What the guard did: kept it (loopback, or a non-loopback address with a token) or moved it to 127.0.0.1. */
  action: "kept" | "moved-to-loopback";
  /** Where it listens now (for `moved-to-loopback`, once the new socket is bound). */
  listening: string;
}

/** Options of {@link installServerGuard}. */
export interface ServerGuardOptions {
  /** Whether `QQT_ACCESS_TOKEN` is set (a valid one: the configuration was read). */
  hasToken: boolean;
  /** The process's command line, to tell `next start -H ::` from `next start` (default `process.argv`). */
  argv?: readonly string[];
  /** The HTTP servers to guard (default: every listening server of this process that has a request listener). */
  servers?: readonly NetServer[];
}

/**
 * Guards the process's HTTP servers: every request gets the peer header (see {@link readPeer}), and the listening
 * address is checked. A server on a loopback address is kept. A server on a wildcard address (`::`, or `0.0.0.0`
 * without IPv6) with no `-H` or `--hostname` on the command line is what `next start` does by default: it is moved
 * to 127.0.0.1 on the same port. Any other non-loopback address was asked for explicitly: it is kept when there is
 * an access token, and refused (a `CONFIGURATION` {@link StoreError}, which the caller turns into an exit) when
 * there is none.
 *
 * @remarks `next dev` runs its server in a child process whose command line does not carry `-H`, so under
 * `next dev` a wildcard is always moved to 127.0.0.1, with or without a token.
 *
 * @returns what was done to each server; an empty list when the process has no HTTP server (then `readPeer` never
 * knows an address, and without a token the API refuses every request).
 * @example
 * ```ts
 * // instrumentation.ts, in register():
 * const guarded = await installServerGuard({ hasToken: config.accessToken !== null });
 * ```
 */
export async function installServerGuard(options: ServerGuardOptions): Promise<GuardedServer[]> {
  const servers = options.servers ?? findHttpServers();
  const argv = options.argv ?? process.argv;
  const explicitHost = argv.some((a) => a === "-H" || a === "--hostname" || a.startsWith("--hostname=") || /^-H.+/.test(a));
  const out: GuardedServer[] = [];
  for (const server of servers) {
    if (state.guarded.has(server)) continue;
    const address = server.address() as AddressInfo | string | null;
    if (address === null || typeof address === "string") continue; // a Unix socket or pipe: not reachable over the network
    const found = formatAddress(address);
    // What Node.js binds when given no host: `::`, or `0.0.0.0` on a machine without IPv6.
    const isDefaultWildcard = (address.address === "::" || address.address === "0.0.0.0") && !explicitHost;
    if (!isLoopbackAddress(address.address) && !isDefaultWildcard && !options.hasToken) {
      throw new StoreError(
        "CONFIGURATION",
        `Refusing to serve on ${found} without QQT_ACCESS_TOKEN: anyone who can reach this address could read and change the workspace. Set QQT_ACCESS_TOKEN (generate one with: openssl rand -base64 32), or listen on 127.0.0.1 (drop -H).`,
      );
    }
    wrapRequestListeners(server);
    state.guarded.add(server);
    if (isDefaultWildcard) {
      await moveToLoopback(server, address.port);
      out.push({ found, action: "moved-to-loopback", listening: formatAddress(server.address() as AddressInfo) });
    } else {
      out.push({ found, action: "kept", listening: found });
    }
  }
  return out;
}

/** Every listening server of this process that serves HTTP requests. */
function findHttpServers(): NetServer[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((h): h is NetServer => h instanceof NetServer && h.listening && h.listenerCount("request") > 0);
}

/** Puts {@link stampIncoming} in front of the server's request listeners (Next.js's own included). */
function wrapRequestListeners(server: NetServer): void {
  const listeners = server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners("request");
  server.on("request", function guarded(this: NetServer, req: IncomingMessage, res: ServerResponse) {
    stampIncoming(req);
    for (const listener of listeners) listener.call(this, req, res);
  });
}

/**
 * Closes the server's wildcard socket and listens again on 127.0.0.1, same port. Connections already accepted stay
 * open (their requests are still stamped, so the API still knows they are remote). The server's own `listening`
 * handlers already ran; they are set aside so they do not run a second time.
 */
async function moveToLoopback(server: NetServer, port: number): Promise<void> {
  const listening = server.listeners("listening");
  server.removeAllListeners("listening");
  try {
    server.close();
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      server.once("error", failed);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", failed);
        resolve();
      });
    });
  } finally {
    for (const l of listening) server.on("listening", l as () => void);
  }
}

function formatAddress(address: AddressInfo): string {
  return address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}
