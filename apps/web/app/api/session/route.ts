// GET /api/session — { authRequired, authenticated }: whether the UI must show the sign-in form
// POST /api/session — { token }: checks the access token (wrong ones throttled per client: 429 with Retry-After) and
//   opens a server-side session: 204 with its HttpOnly cookie, else 401
// DELETE /api/session — signs out: closes the session (its cookie never works again) and clears the cookie
import { checkAccess, checkTokenAttempt, clearSessionCookieHeader, isHttps, readCookie, SESSION_COOKIE, sessionCookieHeader } from "../../../lib/store/auth";
import { api, json, readValidBody } from "../../../lib/store/http";
import { tokenMark } from "../../../lib/store/sessions";
import { StoreError } from "../../../lib/store/StoreError";
import { validateSession } from "../../../lib/store/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Largest sign-in body: a token is at most 1 KiB. */
const MAX_SESSION_BODY_BYTES = 4096;

const noStore = { "cache-control": "no-store" };

export const GET = api(
  async ({ request, config, client, limiter, sessions }) => {
    const access = await checkAccess(request, { token: config.accessToken, client, limiter, sessions });
    return json(200, { authRequired: config.accessToken !== null, authenticated: access.ok });
  },
  { open: true },
);

export const POST = api(
  async ({ request, config, client, limiter, sessions }) => {
    const { token } = await readValidBody(request, MAX_SESSION_BODY_BYTES, validateSession);
    if (config.accessToken === null) return new Response(null, { status: 204, headers: noStore });
    if (!checkTokenAttempt(token, { token: config.accessToken, client, limiter })) throw new StoreError("UNAUTHORIZED", "Wrong access token.");
    const { cookieValue } = await (await sessions()).open(tokenMark(config.accessToken));
    return new Response(null, { status: 204, headers: { "set-cookie": sessionCookieHeader(cookieValue, { secure: isHttps(request) }), ...noStore } });
  },
  { open: true },
);

export const DELETE = api(
  async ({ request, config, sessions }) => {
    const cookie = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
    if (cookie !== undefined && config.accessToken !== null) await (await sessions()).close(cookie);
    return new Response(null, { status: 204, headers: { "set-cookie": clearSessionCookieHeader({ secure: isHttps(request) }), ...noStore } });
  },
  { open: true },
);
