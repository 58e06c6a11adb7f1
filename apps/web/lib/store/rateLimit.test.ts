import { describe, expect, it } from "vitest";
import { FailureLimiter, MAX_BLOCK_MS } from "./rateLimit";

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe("FailureLimiter", () => {
  it("allows 5 wrong tokens, then blocks for 1 s, 2 s, 4 s, … doubling up to 15 minutes", () => {
    const c = clock();
    const limiter = new FailureLimiter({ now: c.now });
    const blocks: number[] = [];
    for (let i = 0; i < 20; i++) {
      const verdict = limiter.check("a");
      if (!verdict.allowed) c.advance(verdict.retryAfterMs);
      expect(limiter.check("a")).toEqual({ allowed: true });
      blocks.push(limiter.fail("a"));
    }
    expect(blocks.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(blocks.slice(5, 16)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 512000, MAX_BLOCK_MS]);
    expect(blocks.slice(16)).toEqual([MAX_BLOCK_MS, MAX_BLOCK_MS, MAX_BLOCK_MS, MAX_BLOCK_MS]);
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterMs: MAX_BLOCK_MS });
    c.advance(MAX_BLOCK_MS - 1);
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterMs: 1 });
  });

  it("counts clients separately, forgets a success, and forgets failures after an hour without one", () => {
    const c = clock();
    const limiter = new FailureLimiter({ now: c.now });
    for (let i = 0; i < 6; i++) limiter.fail("a");
    expect(limiter.check("a").allowed).toBe(false);
    expect(limiter.check("b")).toEqual({ allowed: true });
    limiter.succeed("a");
    expect(limiter.check("a")).toEqual({ allowed: true });
    expect(limiter.fail("a")).toBe(0); // counting starts over

    for (let i = 0; i < 5; i++) limiter.fail("c");
    c.advance(60 * 60 * 1000 + 1);
    expect(limiter.fail("c")).toBe(0); // the five before were forgotten
  });

  it("tracks at most maxClients: forgettable records go first, then the oldest; the newest client is always tracked", () => {
    const c = clock();
    const limiter = new FailureLimiter({ now: c.now, maxClients: 3 });
    limiter.fail("stale");
    c.advance(2 * 60 * 60 * 1000);
    for (let i = 0; i < 6; i++) limiter.fail("blocked");
    limiter.fail("x");
    limiter.fail("y"); // 4 records: the stale one goes, not the oldest live one
    expect(limiter.size).toBe(3);
    expect(limiter.check("blocked").allowed).toBe(false);
    for (const key of ["p", "q", "r", "s"]) for (let i = 0; i < 6; i++) limiter.fail(key);
    expect(limiter.size).toBe(3);
    for (const key of ["q", "r", "s"]) expect([key, limiter.check(key).allowed]).toEqual([key, false]);
    for (const key of ["blocked", "x", "y", "p"]) expect([key, limiter.check(key).allowed]).toEqual([key, true]);
  });
});
