import { describe, expect, it } from "vitest";
import { API_POLICY, newNonce, pagePolicy, STATIC_POLICY } from "./csp";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

describe("Content Security Policy", () => {
  it("a page's scripts need this response's nonce: no 'unsafe-inline', no eval in production, nothing from other origins", () => {
    const { nonce, policy } = pagePolicy();
    expect(directive(policy, "script-src")).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "default-src")).toBe("default-src 'self'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(policy).not.toMatch(/https?:|\*/);
    expect(directive(STATIC_POLICY, "script-src")).toBe("script-src 'self'");
    expect(API_POLICY).toContain("default-src 'none'");
  });

  it("every policy has a fresh 24-character base64 nonce", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => pagePolicy().nonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });
});
