import type { NextConfig } from "next";
import { fileURLToPath } from "node:url";

// Security headers for every route. The app makes no request to any other origin: no fonts, scripts, images or
// data from elsewhere, so the policy only allows 'self' (plus data:/blob: images for the PNG export).
//
// Why 'unsafe-inline' in script-src: Next's app router streams the page's data in inline <script> tags. A nonce
// would need a per-request proxy and turns every page dynamic (no static HTML); hashes change with every build and
// every payload. The page is static and renders no user-provided HTML (React escapes all text), so an injected
// script would first need an HTML injection that this app does not have. 'unsafe-eval' is allowed only in
// development (React's dev tooling needs it), never in production.
const isDev = process.env.NODE_ENV !== "production";

const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  // React and recharts set style attributes; Next injects inline <style> for its own CSS.
  "style-src 'self' 'unsafe-inline'",
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
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The monorepo root, so that Turbopack resolves the workspace packages (@qqt/core's built dist).
  turbopack: { root: fileURLToPath(new URL("../..", import.meta.url)) },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
