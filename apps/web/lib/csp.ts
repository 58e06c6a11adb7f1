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

/** The Content Security Policy of one page response, and the nonce in it. */
export interface PagePolicy {
  /** The nonce Next.js puts on the page's scripts (made by {@link newNonce}). */
  nonce: string;
  /** The `Content-Security-Policy` header value. */
  policy: string;
}

/**
 * The policy of one page response, with a nonce made for it: scripts only with that nonce (and the scripts those
 * load, `'strict-dynamic'`), `'unsafe-eval'` only in development. Styles keep `'unsafe-inline'`: React and recharts
 * set style attributes, which a nonce cannot cover, and a style cannot run code.
 *
 * @example
 * ```ts
 * pagePolicy().policy;
 * // "default-src 'self'; script-src 'self' 'nonce-v2Yc0qS8m1kA3dFh7TzLpQ9x' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; …"
 * ```
 */
export function pagePolicy(): PagePolicy {
  const nonce = newNonce();
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ...COMMON,
  ].join("; ");
  return { nonce, policy };
}

/**
 * The policy of the app's static files (`/_next/static/…`): it governs the fit worker, whose script is one of them.
 * No inline scripts, no eval (except in development).
 */
export const STATIC_POLICY = ["default-src 'self'", `script-src 'self'${isDev ? " 'unsafe-eval'" : ""}`, "style-src 'self' 'unsafe-inline'", ...COMMON].join("; ");

/** The policy of the API's JSON answers and downloads: nothing may load or run from them. */
export const API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
