/**
 * The rate-limit mode every emulator offers (off by default): a token bucket per credential, as API gateways
 * limit callers. Each vendor tells the core how to name a request's credential; a request without one (OVH's
 * GET /auth/time) is counted against its source address. Buckets refill on the emulator clock, which is the wall
 * clock plus the offset tests add, so they refill in real time and a clock jump refills them at once.
 */
import { z } from "zod";

export const rateLimitSchema = z
  .object({
    /** Requests per second a credential may make in the long run. */
    rate: z.number().positive().max(1_000_000),
    /** Requests a credential may make at once, after a quiet spell; default: the rate rounded up (at least 1). */
    burst: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

export type RateLimitInput = z.input<typeof rateLimitSchema>;

export interface RateLimitSettings {
  rate: number;
  burst: number;
}

export interface RateLimiter {
  /** The current settings; undefined while the mode is off. */
  settings(): RateLimitSettings | undefined;
  /** Validates (throws a ZodError) and applies new settings, with full buckets; undefined switches it off. */
  configure(input: RateLimitInput | undefined): RateLimitSettings | undefined;
  /** Takes a token from the credential's bucket: 0 when there was one, else the milliseconds until there is. */
  take(credential: string, now: number): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(): RateLimiter {
  let current: RateLimitSettings | undefined;
  let buckets = new Map<string, Bucket>();
  return {
    settings: () => current && { ...current },
    configure(input) {
      const parsed = input === undefined ? undefined : rateLimitSchema.parse(input);
      buckets = new Map();
      current = parsed && { rate: parsed.rate, burst: parsed.burst ?? Math.max(1, Math.ceil(parsed.rate)) };
      return current && { ...current };
    },
    take(credential, now) {
      if (!current) return 0;
      const { rate, burst } = current;
      const bucket = buckets.get(credential) ?? { tokens: burst, at: now };
      // A clock reset (back to the wall clock) moves time backwards: it refills nothing.
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * rate) / 1000);
      bucket.at = now;
      buckets.set(credential, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return ((1 - bucket.tokens) * 1000) / rate;
    },
  };
}
