// Runs before every page (Next.js Proxy, Node runtime): a fresh Content Security Policy nonce per response. The policy
// goes on the request, where Next.js finds the nonce and puts it on each script it renders, and on the response,
// where the browser enforces it. API routes and static files get fixed policies from next.config.ts instead.
import { NextResponse, type NextRequest } from "next/server";
import { pagePolicy } from "./lib/csp";

/** Sets the page's Content Security Policy with a new nonce (request header for Next.js, response header for the browser). */
export function proxy(request: NextRequest): NextResponse {
  const { policy } = pagePolicy();
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Everything but the API and the static files (whose policies are fixed, in next.config.ts).
  matcher: ["/((?!api/|api$|_next/static/|_next/image).*)"],
};
