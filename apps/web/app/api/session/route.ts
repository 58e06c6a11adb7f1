// GET /api/session — { authRequired, authenticated }: whether the UI must show the sign-in form
// POST /api/session — { token }: checks the access token and sets the HttpOnly session cookie (204), else 401
// DELETE /api/session — signs out (clears the cookie)
import { checkAccess, clearSessionCookieHeader, isHttps, secretsEqual, sessionCookieHeader, sessionValue } from "../../../lib/store/auth";
import { api, json, readValidBody } from "../../../lib/store/http";
import { StoreError } from "../../../lib/store/StoreError";
import { validateSession } from "../../../lib/store/validate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Largest sign-in body: a token is at most 1 KiB. */
const MAX_SESSION_BODY_BYTES = 4096;

export const GET = api(
  async ({ request, config }) =>
    json(200, { authRequired: config.accessToken !== null, authenticated: checkAccess(request, config.accessToken).ok }),
  { open: true },
);

export const POST = api(
  async ({ request, config }) => {
    const { token } = await readValidBody(request, MAX_SESSION_BODY_BYTES, validateSession);
    if (config.accessToken === null) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    if (!secretsEqual(token, config.accessToken)) throw new StoreError("UNAUTHORIZED", "Wrong access token.");
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": sessionCookieHeader(sessionValue(config.accessToken), { secure: isHttps(request) }), "cache-control": "no-store" },
    });
  },
  { open: true },
);

export const DELETE = api(
  async ({ request }) =>
    new Response(null, { status: 204, headers: { "set-cookie": clearSessionCookieHeader({ secure: isHttps(request) }), "cache-control": "no-store" } }),
  { open: true },
);
