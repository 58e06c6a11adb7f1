// HTTP glue shared by the route handlers in app/api: where the request comes from, the access check, bounded JSON
// body reading, parameter parsing, JSON responses and the one error shape `{ error: { code, message, issues? } }`.
// Framework-independent (Web Request/Response only), so the handlers stay thin and everything here is tested
// directly.
import { locateJson } from "@qqt/data";
import { checkAccess, type Access, type AccessContext } from "./auth";
import { boundErrorBody, boundText, findDeepNesting, MAX_JSON_DEPTH, quote } from "./bounded";
import { redact, type StoreConfig } from "./config";
import { clientAddress, clientKey, readPeer, type Peer } from "./network";
import type { FailureLimiter } from "./rateLimit";
import { getConfig, getLimiter, getSessions, getStore } from "./runtime";
import type { SessionStore } from "./sessions";
import { errorBody, isStoreError, STATUS_OF, StoreError, type Issue } from "./StoreError";
import type { StudyStore } from "./StudyStore";
import { locateIssues, type Validation } from "./validate";

export { redact };

/** Longest time the server waits for a request body to arrive: 60 seconds (then 408). */
export const BODY_TIMEOUT_MS = 60_000;

/** What a handler gets: the request, its route parameters, where it comes from, the configuration and the store. */
export interface ApiContext<P> {
  request: Request;
  params: P;
  url: URL;
  config: StoreConfig;
  /** The connection the request came on (see network.ts). */
  peer: Peer;
  /** The client's rate-limit key: its address (or the client a trusted proxy names), IPv6 by /64. */
  client: string;
  /** How the request was let in (`{ ok: true, via: "open" }` for routes that check nothing). */
  access: Access;
  limiter: FailureLimiter;
  /** Opens the store on first use (so e.g. the session endpoint works without a database). */
  store(): Promise<StudyStore>;
  /** The sessions, in the store's database. */
  sessions(): Promise<SessionStore>;
}

/** The signature Next.js expects of a route handler with route parameters `P`. */
export type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Wraps a handler: without an access token, refuses requests that do not come from this machine
 * ({@link checkLocal}); with one, checks it (unless `open`: then the handler checks what it needs), wrong tokens
 * counted per client and throttled with 429; refuses cross-site writes; and turns any thrown error into the JSON
 * error shape (a {@link StoreError} into its status; anything else into a logged 500 whose details stay on the
 * server), never longer than 64 KiB.
 *
 * @example
 * ```ts
 * export const GET = api<{ id: string }>(async ({ params, store }) => json(200, { study: await (await store()).getStudy(params.id) }));
 * ```
 */
export function api<P = Record<string, never>>(handler: (context: ApiContext<P>) => Promise<Response>, options: { open?: boolean } = {}): RouteHandler<P> {
  return async (request, context) => {
    let config: StoreConfig | undefined;
    try {
      config = getConfig();
      const peer = readPeer(request);
      checkLocal(request, config, peer);
      const client = clientKey(clientAddress(peer, config.trustedProxies));
      const limiter = getLimiter();
      const accessContext: AccessContext = { token: config.accessToken, client, limiter, sessions: getSessions };
      let access: Access = { ok: true, via: "open" };
      if (!options.open) {
        access = await checkAccess(request, accessContext);
        if (!access.ok) throw unauthorized(access.reason);
      }
      // A browser says where a request comes from; a write from another site is refused even with a valid cookie
      // (SameSite=Strict already withholds the cookie; this also covers the open, tokenless setup).
      if (UNSAFE_METHODS.has(request.method) && request.headers.get("sec-fetch-site") === "cross-site") {
        throw new StoreError("FORBIDDEN", "Cross-site writes are refused; use the app itself or a non-browser client.");
      }
      const params = await context.params;
      return await handler({ request, params, url: new URL(request.url), config, peer, client, access, limiter, store: getStore, sessions: getSessions });
    } catch (error) {
      return errorResponse(error, request, config);
    }
  };
}

/** The 401 for a request the access check refused. */
function unauthorized(reason: Extract<Access, { ok: false }>["reason"]): StoreError {
  const how = "send Authorization: Bearer <token>, or sign in with POST /api/session.";
  if (reason === "wrong-token") return new StoreError("UNAUTHORIZED", `Wrong access token: ${how}`);
  if (reason === "no-session") return new StoreError("UNAUTHORIZED", `Your session has ended (signed out, expired, or the token changed): ${how}`);
  return new StoreError("UNAUTHORIZED", `This server requires the access token: ${how}`);
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Without an access token the API is meant for this machine only. It answers a request only when the connection it
 * came on is from a loopback address (the socket's, never a header's: see network.ts), was not relayed by a proxy
 * (no Forwarded, X-Forwarded-For, X-Forwarded-Host or X-Real-IP from the client — a proxy on this machine would
 * make every client look local), and is addressed to a loopback name or to `QQT_ALLOWED_HOSTS` (which defeats DNS
 * rebinding, where a web page makes the browser send requests to 127.0.0.1 under the attacker's host name). Anything
 * else is refused with 403. With a token, the token decides.
 *
 * @example
 * ```ts
 * checkLocal(request, config, readPeer(request)); // throws FORBIDDEN for a request from 10.0.0.7 when config.accessToken is null
 * ```
 */
export function checkLocal(request: Request, config: Pick<StoreConfig, "accessToken" | "allowedHosts">, peer: Peer): void {
  if (config.accessToken !== null) return;
  const share = "Set QQT_ACCESS_TOKEN to share this server.";
  if (peer.address === null) {
    throw new StoreError(
      "FORBIDDEN",
      `This server has no access token, so it answers only programs on this machine, and it cannot tell where this request came from (the server guard did not see the connection: start the app with pnpm start or next start). ${share}`,
    );
  }
  if (!peer.loopback) {
    throw new StoreError("FORBIDDEN", `This server has no access token, so it answers only programs on this machine; this request came from ${boundText(peer.address, 60)}. ${share}`);
  }
  if (peer.forwarded) {
    throw new StoreError(
      "FORBIDDEN",
      `This server has no access token, so it answers only programs on this machine; this request was relayed by a proxy (it carries a forwarding header), which makes every client look local. ${share}`,
    );
  }
  const host = request.headers.get("host") ?? new URL(request.url).host;
  const name = host.toLowerCase().replace(/:\d+$/, "");
  if (LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || config.allowedHosts.includes(name)) return;
  throw new StoreError(
    "FORBIDDEN",
    `This server has no access token, so it answers only requests to localhost; got Host ${quote(host, 100)}. Set QQT_ACCESS_TOKEN to share this server, or list the host in QQT_ALLOWED_HOSTS.`,
  );
}

/**
 * A JSON response that no cache keeps.
 *
 * @example
 * ```ts
 * json(201, { study }, { location: `/api/studies/${study.id}` });
 * ```
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/**
 * The response for a thrown error: a {@link StoreError} as its status and `{ error }` body; anything else as 500
 * `INTERNAL`, logged on the server with secrets redacted (never the request body).
 */
export function errorResponse(error: unknown, request: Request, config?: StoreConfig): Response {
  if (isStoreError(error) && error.code !== "INTERNAL") {
    if (error.code === "CONFIGURATION") logFailure(request, error, config);
    const headers: Record<string, string> = {};
    if (error.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="qqt"';
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (error.code === "RATE_LIMITED" && typeof retryAfter === "number" && Number.isFinite(retryAfter)) headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfter)));
    return json(STATUS_OF[error.code], boundErrorBody(errorBody(error)), headers);
  }
  logFailure(request, error, config);
  return json(500, errorBody(new StoreError("INTERNAL", "The server failed to complete the request; the details are in its log.")));
}

function logFailure(request: Request, error: unknown, config: StoreConfig | undefined): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[qqt/api] ${request.method} ${new URL(request.url).pathname} failed: ${redact(message, config)}`);
}

/**
 * Reads a JSON request body of at most `maxBytes`: 415 unless `Content-Type: application/json`, 413 as soon as the
 * declared or streamed size exceeds the limit (the rest is not read), 408 when it takes longer than
 * {@link BODY_TIMEOUT_MS}, 400 for invalid UTF-8, an empty body or a JSON syntax error (with line and column), and
 * 422 for arrays and objects nested deeper than {@link MAX_JSON_DEPTH} — found by a flat scan of the text before
 * it is parsed, so no recursive step ever sees such a body.
 *
 * @example
 * ```ts
 * const { value, text } = await readJsonBody(request, 5 * 1024 * 1024);
 * ```
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ value: unknown; text: string }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new StoreError("UNSUPPORTED_MEDIA_TYPE", `The body must be JSON: got Content-Type ${type === "" ? "(none)" : quote(type, 60)}; expected application/json.`);
  }
  const limitText = `the limit is ${formatBytes(maxBytes)} (QQT_MAX_BODY_BYTES)`;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    throw new StoreError("PAYLOAD_TOO_LARGE", `The body is ${formatBytes(Number(declared))}; ${limitText}.`);
  }
  const bytes = await readBounded(request, maxBytes, limitText);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new StoreError("INVALID_JSON", "The body is not valid UTF-8; expected a UTF-8 JSON document.");
  }
  if (text.trim() === "") throw new StoreError("INVALID_JSON", "The body is empty; expected a JSON object.");
  const deep = findDeepNesting(text, MAX_JSON_DEPTH);
  if (deep !== null) {
    throw new StoreError("VALIDATION_FAILED", `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels (at line ${deep.line}, column ${deep.column}).`, [
      { path: "", message: `nesting deeper than ${MAX_JSON_DEPTH} levels starts here`, code: "TOO_DEEP", expected: `at most ${MAX_JSON_DEPTH} levels of arrays and objects`, line: deep.line, column: deep.column },
    ]);
  }
  try {
    return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), text };
  } catch {
    const [issue] = locateSyntaxError(text);
    const where = issue?.line !== undefined ? ` at line ${issue.line}, column ${issue.column}` : "";
    throw new StoreError("INVALID_JSON", `The body is not valid JSON${where}: ${boundText(issue?.message ?? "syntax error")}.`, issue ? [issue] : []);
  }
}

async function readBounded(request: Request, maxBytes: number, limitText: string, timeoutMs: number = BODY_TIMEOUT_MS): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { done, value } = await readBefore(reader, deadline);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new StoreError("PAYLOAD_TOO_LARGE", `The body is larger than ${formatBytes(maxBytes)}; ${limitText}.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** One read of the body, or a 408 `REQUEST_TIMEOUT` (and the body cancelled) when `deadline` passes first. */
async function readBefore(reader: ReadableStreamDefaultReader<Uint8Array>, deadline: number): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreError("REQUEST_TIMEOUT", `The body did not arrive within ${Math.round(BODY_TIMEOUT_MS / 1000)} seconds.`)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The first JSON syntax error of `text`, located. */
function locateSyntaxError(text: string): Issue[] {
  const located = locateJson(text);
  if (located.ok) return [];
  return [{ path: "", message: boundText(located.message), line: located.position.line, column: located.position.column }];
}

/**
 * Reads and validates a JSON body: {@link readJsonBody}, then `validate`; a schema failure is a 422
 * `VALIDATION_FAILED` whose issues carry their line and column in the body.
 *
 * @example
 * ```ts
 * const input = await readValidBody(request, config.maxBodyBytes, validateCreateStudy);
 * ```
 */
export async function readValidBody<T>(request: Request, maxBytes: number, validate: (value: unknown) => Validation<T>): Promise<T> {
  const { value, text } = await readJsonBody(request, maxBytes);
  const result = validate(value);
  if (result.ok) return result.value;
  const count = result.issues.length;
  throw new StoreError("VALIDATION_FAILED", `The request body has ${count} problem${count === 1 ? "" : "s"}; see issues.`, locateIssues(result.issues, text));
}

/**
 * An integer query parameter within `[min, max]`, or `fallback` when absent; 400 otherwise.
 *
 * @example
 * ```ts
 * intParam(new URL("http://x/?limit=20"), "limit", { min: 1, max: 500, fallback: 100 }); // 20
 * ```
 */
export function intParam(url: URL, name: string, range: { min: number; max: number; fallback: number }): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return range.fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < range.min || Number(raw) > range.max) {
    throw new StoreError("BAD_REQUEST", `Query parameter ${name} is ${quote(raw, 30)}; expected an integer from ${range.min} to ${range.max}.`);
  }
  return Number(raw);
}

/**
 * One of a fixed set of values for a query parameter, or `fallback` when absent; 400 otherwise.
 *
 * @example
 * ```ts
 * choiceParam(new URL("http://x/?deleted=only"), "deleted", ["exclude", "only", "include"], "exclude"); // "only"
 * ```
 */
export function choiceParam<T extends string>(url: URL, name: string, choices: readonly T[], fallback: T): T {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new StoreError("BAD_REQUEST", `Query parameter ${name} is ${quote(raw, 30)}; expected one of ${choices.join(", ")}.`);
  }
  return raw as T;
}

/**
 * A version route parameter or query value: a positive integer or `latest`; 400 otherwise.
 *
 * @example
 * ```ts
 * versionParam("3"); // 3
 * versionParam("latest"); // "latest"
 * ```
 */
export function versionParam(raw: string): number | "latest" {
  if (raw === "latest") return "latest";
  if (/^[1-9]\d{0,8}$/.test(raw)) return Number(raw);
  throw new StoreError("BAD_REQUEST", `Version ${quote(raw, 30)} is not a version number; expected 1, 2, 3, … or "latest".`);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KiB`;
  return `${bytes} bytes`;
}
