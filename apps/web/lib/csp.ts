// The Content Security Policy of every response. Pages get a policy with a fresh nonce per request (set by
// `proxy.ts`): Next.js reads the nonce from the request's policy header and puts it on every script it renders, so
// script-src needs no 'unsafe-inline' and an injected <script> without the nonce does not run. The app makes no
// request to any other origin: no fonts, scripts, images or data from elsewhere.

/** Whether these policies are for `next dev` (React's dev tooling needs eval, and hot reload a WebSocket). */
const isDev = process.env.NODE_ENV === "development";

/** The directives every policy shares: nothing from other origins, no plugins, no framing, no <base>, no forms. */
const COMMON = [
  "img-src 'self' data: blob:",
  "font-src 'self'",
  `connect-src 'self'${isDev ? " ws:" : ""}`,
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/**
 * A fresh nonce for one response: 18 random bytes, base64 (24 characters).
 *
 * @example
 * ```ts
 * newNonce(); // "v2Yc0qS8m1kA3dFh7TzLpQ9x"
 * ```
 */
export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy of a page: scripts only with this response's `nonce` (and the scripts those load, `'strict-dynamic'`),
 * `'unsafe-eval'` only in development. Styles keep `'unsafe-inline'`: React and recharts set style attributes, which
 * a nonce cannot cover, and a style cannot run code.
 *
 * @example
 * ```ts
 * pagePolicy("v2Yc0qS8m1kA3dFh7TzLpQ9x");
 * // "default-src 'self'; script-src 'self' 'nonce-v2Yc0qS8m1kA3dFh7TzLpQ9x' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; …"
 * ```
 */
export function pagePolicy(nonce: string): string {
  if (!/^[A-Za-z0-9+/]{16,}={0,2}$/.test(nonce)) throw new RangeError("A CSP nonce must be base64, at least 16 characters.");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ...COMMON,
  ].join("; ");
}

/**
 * The policy of the app's static files (`/_next/static/…`): it governs the fit worker, whose script is one of them.
 * No inline scripts, no eval (except in development).
 */
export const STATIC_POLICY = ["default-src 'self'", `script-src 'self'${isDev ? " 'unsafe-eval'" : ""}`, "style-src 'self' 'unsafe-inline'", ...COMMON].join("; ");

/** The policy of the API's JSON answers and downloads: nothing may load or run from them. */
export const API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
