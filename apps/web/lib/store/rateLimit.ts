// Throttling of access-token guesses per client address, with exponential backoff. Kept in the server's memory (one
// process); a restart forgets it. Only failures count: a client that keeps presenting the right token, or a valid
// session cookie, is never slowed down, and a blocked client blocks no one else.

/** Wrong tokens a client may present before it is throttled. */
export const FREE_FAILURES = 5;
/** Wait after the first throttled failure; doubled with each further failure. */
export const BASE_BLOCK_MS = 1000;
/** Longest wait: 15 minutes. */
export const MAX_BLOCK_MS = 15 * 60 * 1000;
/** A client's failures are forgotten after this long without one: 1 hour. */
export const FORGET_AFTER_MS = 60 * 60 * 1000;
/**
 * Most clients tracked at once; beyond it, records past {@link FORGET_AFTER_MS} go first, then those whose last
 * failure is oldest (the client that just failed is always kept, so a full table cannot make anyone untracked).
 */
export const MAX_TRACKED_CLIENTS = 10_000;

/** Settings of a {@link FailureLimiter} (all optional; the defaults are the constants above). */
export interface FailureLimiterOptions {
  freeFailures?: number;
  baseBlockMs?: number;
  maxBlockMs?: number;
  forgetAfterMs?: number;
  maxClients?: number;
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number;
}

/** Whether a client may try a token now, and if not, for how long it must wait. */
export type LimiterVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

interface ClientState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/**
 * Counts failed token checks per client key and blocks a client for `baseBlockMs × 2^(n−1)` (at most `maxBlockMs`)
 * after its n-th failure beyond the first `freeFailures`. A success clears the client's record.
 *
 * @example
 * ```ts
 * const limiter = new FailureLimiter();
 * if (!limiter.check(client).allowed) answer429();
 * else if (tokenIsWrong) limiter.fail(client);
 * else limiter.succeed(client);
 * ```
 */
export class FailureLimiter {
  private readonly clients = new Map<string, ClientState>();
  private readonly freeFailures: number;
  private readonly baseBlockMs: number;
  private readonly maxBlockMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: FailureLimiterOptions = {}) {
    this.freeFailures = options.freeFailures ?? FREE_FAILURES;
    this.baseBlockMs = options.baseBlockMs ?? BASE_BLOCK_MS;
    this.maxBlockMs = options.maxBlockMs ?? MAX_BLOCK_MS;
    this.forgetAfterMs = options.forgetAfterMs ?? FORGET_AFTER_MS;
    this.maxClients = options.maxClients ?? MAX_TRACKED_CLIENTS;
    this.now = options.now ?? Date.now;
  }

  /** Whether `client` may present a token now. */
  check(client: string): LimiterVerdict {
    const state = this.current(client);
    if (state === undefined) return { allowed: true };
    const wait = state.blockedUntil - this.now();
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /**
   * Records a wrong token from `client`.
   *
   * @returns how long the client is now blocked for (0 while it still has free failures).
   */
  fail(client: string): number {
    const now = this.now();
    const state = this.current(client) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    state.failures += 1;
    state.lastFailureAt = now;
    const over = state.failures - this.freeFailures;
    const block = over > 0 ? Math.min(this.maxBlockMs, this.baseBlockMs * 2 ** Math.min(over - 1, 40)) : 0;
    state.blockedUntil = block > 0 ? now + block : 0;
    // Re-inserting keeps the map ordered from least to most recently failed, which eviction relies on.
    this.clients.delete(client);
    this.clients.set(client, state);
    this.evict(now);
    return block;
  }

  /** Records a right token from `client`: its failures are forgotten. */
  succeed(client: string): void {
    this.clients.delete(client);
  }

  /** Number of clients with a record (for tests and diagnostics). */
  get size(): number {
    return this.clients.size;
  }

  private current(client: string): ClientState | undefined {
    const state = this.clients.get(client);
    if (state !== undefined && this.now() - state.lastFailureAt > this.forgetAfterMs && state.blockedUntil <= this.now()) {
      this.clients.delete(client);
      return undefined;
    }
    return state;
  }

  private evict(now: number): void {
    if (this.clients.size <= this.maxClients) return;
    for (const [key, state] of this.clients) {
      if (now - state.lastFailureAt > this.forgetAfterMs && state.blockedUntil <= now) this.clients.delete(key);
    }
    // Still full: forget the ones that failed longest ago (the map is in that order; the newest is last).
    for (const key of this.clients.keys()) {
      if (this.clients.size <= this.maxClients) break;
      this.clients.delete(key);
    }
  }
}
