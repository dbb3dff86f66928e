/**
 * One request budget per vendor account, shared by every call of the provider process.
 *
 * All resources of a stack run in one provider process, and `pulumi up` runs many of them at once. Each vendor
 * account — vendor, endpoint and credential identity (Equinix client id, OVH application key + consumer key,
 * Console Connect API key, kept only as a SHA-256 hash) — gets one client-side limiter built on Bottleneck
 * (https://github.com/SGrondin/bottleneck), the limiter octokit's plugin-throttling is built on: a token bucket
 * (Bottleneck's reservoir, refilled here at the current rate up to the burst size) and a cap on calls in flight
 * (`maxConcurrent`). Calls beyond the budget wait in a FIFO queue instead of failing; every attempt, retries
 * included, takes a token.
 *
 * The rate adapts to 429 answers (AIMD, as TCP does): a 429 for a request sent at the current rate halves the
 * rate and empties the bucket, a `Retry-After` pauses the whole account for that long (capped), and each quiet
 * `recoveryIntervalMs` gives back a tenth of the configured rate until it is reached again.
 *
 * The reservoir is refilled by this module's own timer rather than by Bottleneck's `reservoirIncrease*`
 * settings: Bottleneck stops that refill for good after any `updateSettings` call
 * (https://github.com/SGrondin/bottleneck/issues/185), and the limiter changes its settings on every 429.
 */
import { AsyncResource } from "node:async_hooks";
import { createHash } from "node:crypto";
import Bottleneck from "bottleneck";
import { ConfigurationError } from "./errors";

export interface RateLimit {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Requests that may go out at once after a quiet period: the size of the bucket. */
  burst: number;
  /** Requests in flight at once. */
  maxConcurrent: number;
}

/** How the rate reacts to 429 answers. */
export interface AdaptiveTuning {
  /** The rate is multiplied by this on a 429 (multiplicative decrease). */
  decreaseFactor: number;
  /** The rate never goes below this fraction of the configured rate. */
  minRateFraction: number;
  /** After this long without a 429 (or a pause), the rate grows by one step. */
  recoveryIntervalMs: number;
  /** One step of additive increase, as a fraction of the configured rate. */
  recoveryStepFraction: number;
  /** The longest pause a `Retry-After` can impose on the whole account. */
  maxPauseMs: number;
}

export const DEFAULT_TUNING: AdaptiveTuning = {
  decreaseFactor: 0.5,
  minRateFraction: 1 / 16,
  recoveryIntervalMs: 2_000,
  recoveryStepFraction: 0.1,
  maxPauseMs: 120_000,
};

/**
 * Defaults per vendor, applied to the vendors' own endpoints (a loopback endpoint — the emulators — has no limit
 * unless one is set).
 *
 * - OVHcloud documents no numbers; its maintainers' guidance is "if you are not over 60 req/min by consumer key,
 *   you should be ok" (https://github.com/ovh/python-ovh/issues/81). 50 per minute with a burst of 10 keeps any
 *   60-second window at 60 requests or fewer.
 * - Equinix documents HTTP 429 but publishes no rate; Console Connect documents none at all. 10 per second with a
 *   burst of 20 is a conservative choice for an infrastructure API, not a published figure.
 */
export const DEFAULT_RATE_LIMITS = {
  equinix: { ratePerSecond: 10, burst: 20, maxConcurrent: 8 },
  ovh: { ratePerSecond: 50 / 60, burst: 10, maxConcurrent: 4 },
  consoleConnect: { ratePerSecond: 10, burst: 20, maxConcurrent: 8 },
} as const satisfies Record<string, RateLimit>;

/** The settings text format, for messages and the README. */
export const RATE_LIMIT_FORMAT = "RATE[/s|/m][:BURST] (for example 10/s:20 or 50/m:10), or off";

/**
 * Reads `RATE[/s|/m][:BURST]`: RATE requests per second (`/s`, the default) or per minute (`/m`), BURST requests at
 * once after a quiet period (default: half a second's worth, at least 1). `off`, `none` or `0` disable the limit.
 * `setting` names where the text came from, for the error message.
 *
 * Why half a second: a client set to the vendor's own rate and burst has no slack at all. Its bucket refills from
 * when its calls leave, the vendor's from when they arrive, and calls that arrive closer together than they left
 * (a slow first connection, a busy event loop) find the vendor's bucket empty: measured with bench/load.ts at
 * 20/s with a burst of 20 on both sides, one 429 in the first second, which halves the rate and pauses the
 * account: 100 Equinix pairs took 15.0 s instead of 11.5 s, 1.38× the time their requests need at 20/s. Half
 * the burst leaves half a second of slack, and costs half a second at most.
 */
export function parseRateLimit(
  text: string,
  setting: string,
  maxConcurrent: number,
  vendor = "pulumi-interconnect",
): RateLimit | "off" {
  const t = text.trim().toLowerCase();
  if (t === "off" || t === "none" || t === "0") return "off";
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute))?\s*(?::\s*(\d+))?$/.exec(t);
  const rate = m ? Number(m[1]) : NaN;
  const perMinute = m?.[2]?.startsWith("m") ?? false;
  const burst = m?.[3] === undefined ? undefined : Number(m[3]);
  if (!m || !(rate > 0) || (burst !== undefined && burst < 1)) {
    throw new ConfigurationError(
      vendor,
      `${setting} is "${text}", which is not a rate limit`,
      `Write ${RATE_LIMIT_FORMAT}`,
    );
  }
  const ratePerSecond = perMinute ? rate / 60 : rate;
  return { ratePerSecond, burst: burst ?? Math.max(1, Math.ceil(ratePerSecond / 2)), maxConcurrent };
}

/** `10/s:20`, `50/m:10`: the settings format of a limit. */
export function formatRateLimit(limit: RateLimit): string {
  const perSecond = Number.isInteger(limit.ratePerSecond);
  const rate = perSecond ? `${limit.ratePerSecond}/s` : `${round(limit.ratePerSecond * 60)}/m`;
  return `${rate}:${limit.burst}`;
}

/** Counters of one account, for tests, benchmarks and diagnostics. */
export interface RateLimitStats {
  vendor: string;
  endpoint: string;
  /** The first 12 hex digits of the SHA-256 of the credential identity. */
  account: string;
  /** False when no limit applies (calls are still counted). */
  limited: boolean;
  /** Attempts sent on the wire, retries included. */
  sent: number;
  /** 429 answers received. */
  throttled: number;
  /** Calls that gave up in the queue because their operation's deadline came first. */
  queueTimeouts: number;
  /** Calls waiting for a token or a free slot. */
  queued: number;
  /** Attempts in flight. */
  running: number;
  /** Requests per second now (lower than `configuredRate` after 429s), when limited. */
  currentRate?: number;
  configuredRate?: number;
  burst?: number;
  maxConcurrent?: number;
  /** Epoch ms until which a `Retry-After` holds every call back, when one does. */
  pausedUntil?: number;
}

export interface ScheduleOptions {
  /** Epoch ms: a call still queued then is given up with `onTimeout()`. */
  deadline: number;
  /** Calls that others wait for (token, server time) go first. */
  urgent?: boolean;
  onTimeout: () => Error;
}

/** The limiter of one account. Obtain it with `accountLimiter`. */
export class AccountLimiter {
  private limit?: RateLimit;
  private tuning: AdaptiveTuning = DEFAULT_TUNING;
  private bottleneck?: Bottleneck;
  /** Tokens per second now. */
  private rate = 0;
  /** Fractional tokens earned but not yet put in the bucket. */
  private credit = 0;
  private lastRefill = Date.now();
  /** When the rate last changed (a decrease or a recovery step). */
  private lastRateChange = 0;
  /** When the rate was last decreased: 429s for requests sent before it do not decrease it again. */
  private lastDecrease = -Infinity;
  private pausedUntil = 0;
  private timer?: NodeJS.Timeout;
  private ticking = false;
  /** Bumped when the bucket is emptied: tokens computed before that are not added after it. */
  private epoch = 0;
  private counters = { sent: 0, throttled: 0, queueTimeouts: 0, queued: 0, running: 0 };

  constructor(
    readonly vendor: string,
    readonly endpoint: string,
    readonly account: string,
  ) {}

  /** Applies a limit (undefined: none). Changing it keeps the queue; the current rate never exceeds the new one. */
  configure(limit: RateLimit | undefined, tuning: Partial<AdaptiveTuning> = {}): void {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    if (sameLimit(limit, this.limit)) return;
    const previous = this.limit;
    this.limit = limit;
    if (!limit) {
      // Calls already queued on the old limiter are let through at once; new calls go straight out.
      this.bottleneck?.updateSettings({ reservoir: null, maxConcurrent: null });
      this.bottleneck = undefined;
      this.stopTimer();
      return;
    }
    this.rate = previous ? Math.min(this.rate, limit.ratePerSecond) : limit.ratePerSecond;
    this.lastRateChange = Date.now();
    if (this.bottleneck && previous) {
      this.bottleneck.updateSettings({ maxConcurrent: limit.maxConcurrent });
    } else {
      this.bottleneck = new Bottleneck({ maxConcurrent: limit.maxConcurrent, reservoir: limit.burst });
      this.lastRefill = Date.now();
      this.credit = 0;
    }
  }

  /**
   * Runs one attempt when the budget allows: `attempt` is called once a token and a slot are free, and the
   * slot is held until it settles. A call still queued at `deadline` is rejected with `onTimeout()` and never
   * sent.
   */
  run<T>(options: ScheduleOptions, attempt: () => Promise<T>): Promise<T> {
    const bottleneck = this.bottleneck;
    if (!bottleneck) return this.counted(attempt);
    this.counters.queued++;
    this.ensureTimer();
    // The attempt runs in its caller's async context (its operation deadline), not in whichever call's context
    // happened to let the queue move.
    const bound = AsyncResource.bind(attempt);
    return new Promise<T>((resolve, reject) => {
      let state: "queued" | "started" | "abandoned" = "queued";
      const giveUp = () => {
        if (state !== "queued") return;
        state = "abandoned";
        this.counters.queued--;
        this.counters.queueTimeouts++;
        reject(options.onTimeout());
      };
      const timer = setTimeout(giveUp, Math.max(0, options.deadline - Date.now()));
      bottleneck
        .schedule({ priority: options.urgent ? 0 : 5 }, async () => {
          if (state === "queued" && Date.now() >= options.deadline) giveUp();
          if (state === "abandoned") {
            // Nothing was sent: give the token back to the calls behind.
            await this.addTokens(bottleneck, 1);
            return;
          }
          clearTimeout(timer);
          state = "started";
          this.counters.queued--;
          try {
            resolve(await this.counted(bound));
          } catch (e) {
            reject(e);
          }
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          if (state === "queued") {
            this.counters.queued--;
            reject(e);
          }
        });
    });
  }

  private async counted<T>(attempt: () => Promise<T>): Promise<T> {
    this.counters.sent++;
    this.counters.running++;
    try {
      return await attempt();
    } finally {
      this.counters.running--;
    }
  }

  /**
   * A 429 answer to a request sent at `sentAt` (Date.now()): halves the rate unless it was already lowered after
   * that request went out, empties the bucket, and pauses every call of the account for `retryAfterMs` (capped).
   */
  throttled(sentAt: number, retryAfterMs: number): void {
    this.counters.throttled++;
    const limit = this.limit;
    const bottleneck = this.bottleneck;
    if (!limit || !bottleneck) return;
    const now = Date.now();
    this.recover(now);
    if (sentAt >= this.lastDecrease) {
      const floor = limit.ratePerSecond * this.tuning.minRateFraction;
      this.rate = Math.max(floor, this.rate * this.tuning.decreaseFactor);
      this.lastDecrease = now;
      this.lastRateChange = now;
    }
    if (retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, this.tuning.maxPauseMs));
    }
    this.credit = 0;
    this.lastRefill = now;
    this.epoch++;
    // Safe with Bottleneck's reservoir bug (#185): this limiter uses no reservoirIncrease/Refresh settings.
    bottleneck.updateSettings({ reservoir: 0 });
    this.stopTimer();
    this.ensureTimer();
  }

  stats(): RateLimitStats {
    const now = Date.now();
    this.recover(now);
    const limit = this.limit;
    return {
      vendor: this.vendor,
      endpoint: this.endpoint,
      account: this.account,
      limited: limit !== undefined,
      ...this.counters,
      ...(limit
        ? {
            currentRate: this.rate,
            configuredRate: limit.ratePerSecond,
            burst: limit.burst,
            maxConcurrent: limit.maxConcurrent,
            ...(this.pausedUntil > now ? { pausedUntil: this.pausedUntil } : {}),
          }
        : {}),
    };
  }

  /** Stops the refill timer (tests); queued calls stay queued until their deadline. */
  dispose(): void {
    this.stopTimer();
  }

  /** Additive increase: one step per quiet `recoveryIntervalMs` since the last change or the end of a pause. */
  private recover(now: number): void {
    const limit = this.limit;
    if (!limit || this.rate >= limit.ratePerSecond || now < this.pausedUntil) return;
    const since = Math.max(this.lastRateChange, this.pausedUntil);
    const steps = Math.floor((now - since) / this.tuning.recoveryIntervalMs);
    if (steps <= 0) return;
    this.rate = Math.min(
      limit.ratePerSecond,
      this.rate + steps * limit.ratePerSecond * this.tuning.recoveryStepFraction,
    );
    this.lastRateChange = since + steps * this.tuning.recoveryIntervalMs;
  }

  private ensureTimer(): void {
    if (this.timer || this.ticking || !this.bottleneck) return;
    // The timer only stops when the bucket is full or has just been emptied: tokens accrue from now.
    this.lastRefill = Date.now();
    this.schedule(this.nextTickMs());
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.tick(), ms);
    // The bucket is no reason to keep the process alive; queued calls hold their own deadline timers.
    this.timer.unref();
  }

  /** Time until the next whole token at the current rate, kept between 10 ms and 1 s. */
  private nextTickMs(): number {
    const now = Date.now();
    if (now < this.pausedUntil) return Math.min(1000, this.pausedUntil - now);
    const missing = Math.max(0, 1 - this.credit);
    return Math.min(1000, Math.max(10, (missing / Math.max(this.rate, 1e-9)) * 1000));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const bottleneck = this.bottleneck;
    if (!bottleneck) return;
    this.ticking = true;
    let full = false;
    try {
      const now = Date.now();
      this.recover(now);
      if (now < this.pausedUntil) {
        this.lastRefill = now;
      } else {
        this.credit += (this.rate * Math.max(0, now - Math.max(this.lastRefill, this.pausedUntil))) / 1000;
        this.lastRefill = now;
        const whole = Math.floor(this.credit);
        if (whole > 0) this.credit -= whole;
        full = await this.addTokens(bottleneck, whole);
        if (full) this.credit = 0;
      }
    } finally {
      this.ticking = false;
    }
    // Keep refilling while calls wait or the bucket is not full; an idle, full bucket needs no timer.
    if (bottleneck !== this.bottleneck) return;
    if (!full || this.counters.queued > 0) this.schedule(this.nextTickMs());
  }

  /** Puts up to `n` tokens in the bucket, never above the burst size; answers whether it is full. */
  private async addTokens(bottleneck: Bottleneck, n: number): Promise<boolean> {
    const burst = this.limit?.burst ?? 0;
    const epoch = this.epoch;
    const current = (await bottleneck.currentReservoir()) ?? 0;
    // A 429 emptied the bucket meanwhile: these tokens belong to the time before it.
    if (epoch !== this.epoch) return false;
    const room = burst - current;
    // Tokens are only taken between the two awaits, never added elsewhere, so this cannot exceed the burst.
    if (n > 0 && room > 0) await bottleneck.incrementReservoir(Math.min(n, room));
    return room <= n;
  }
}

function sameLimit(a: RateLimit | undefined, b: RateLimit | undefined): boolean {
  if (!a || !b) return a === b;
  return a.ratePerSecond === b.ratePerSecond && a.burst === b.burst && a.maxConcurrent === b.maxConcurrent;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

const limiters = new Map<string, AccountLimiter>();

/** The SHA-256 of a credential identity, as hex: the only form in which it is kept. */
export function accountHash(identity: string): string {
  return createHash("sha256").update(identity).digest("hex");
}

/**
 * The limiter of an account, created on first use and shared by every HttpClient of the process for the same
 * vendor, endpoint and credential identity (`identity` is hashed at once and never kept).
 */
export function accountLimiter(vendor: string, endpoint: string, identity: string): AccountLimiter {
  const hash = accountHash(identity);
  const key = `${vendor}\n${endpoint}\n${hash}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new AccountLimiter(vendor, endpoint, hash.slice(0, 12));
    limiters.set(key, limiter);
  }
  return limiter;
}

/** The counters of every account this process has called, optionally of one vendor only. */
export function rateLimitStats(vendor?: string): RateLimitStats[] {
  return [...limiters.values()]
    .filter((l) => vendor === undefined || l.vendor === vendor)
    .map((l) => l.stats());
}

/** Forgets every limiter and its counters (tests and benchmarks). Calls already queued keep their deadlines. */
export function resetRateLimits(): void {
  for (const limiter of limiters.values()) limiter.dispose();
  limiters.clear();
}
