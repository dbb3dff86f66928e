/**
 * What a provider process asks a vendor once and then reuses: server time offsets, the company behind an API
 * key, and bearer tokens.
 */

/**
 * One pending promise per key, shared by every caller; a failed one is forgotten, so that the next caller asks
 * again instead of inheriting the failure.
 */
export function sharedPerKey<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  start: () => Promise<T>,
): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    const request = start();
    pending = request;
    cache.set(key, request);
    request.catch(() => cache.get(key) === request && cache.delete(key));
  }
  return pending;
}

/** A token as the vendor issued it. */
export interface IssuedToken {
  token: string;
  /** Lifetime in seconds, as the vendor states it. */
  expiresInSeconds: number;
}

interface TokenEntry {
  request: Promise<{ token: string; expiresAt: number }>;
  /** performance.now() when the token was asked for. */
  requestedAt: number;
}

/**
 * Bearer tokens per key (endpoint and client id): one per process, reused until `marginMs` before it expires,
 * asked for once however many calls need it at the same time, and renewed after the API refuses it — once for all
 * the calls it refused together.
 */
export class TokenCache {
  private readonly entries = new Map<string, TokenEntry>();

  constructor(private readonly marginMs: number) {}

  async get(key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const cached = this.entries.get(key);
    if (cached) {
      const token = await cached.request.catch(() => undefined);
      if (token && token.expiresAt > Date.now()) return token.token;
      if (this.entries.get(key) === cached) this.entries.delete(key);
    }
    let entry = this.entries.get(key);
    if (!entry) {
      const created: TokenEntry = {
        requestedAt: performance.now(),
        request: issue().then(({ token, expiresInSeconds }) => ({
          token,
          expiresAt: Date.now() + Math.max(expiresInSeconds * 1000 - this.marginMs, 0),
        })),
      };
      entry = created;
      this.entries.set(key, created);
      // A failed token request is not cached: the next call asks again.
      created.request.catch(() => this.entries.get(key) === created && this.entries.delete(key));
    }
    return (await entry.request).token;
  }

  /**
   * Forgets the token after the API refused a call sent at `sentAt` (performance.now()), unless the token was
   * asked for after that call: then another refused call has already renewed it.
   */
  invalidate(key: string, sentAt: number): void {
    const entry = this.entries.get(key);
    if (entry && entry.requestedAt < sentAt) this.entries.delete(key);
  }
}
