/**
 * The one wait loop every resource uses: poll until the object reaches a target status, with a first poll at
 * once, a schedule whose gaps grow with the time already waited (see `nextPollDelay`), a deadline at which the
 * last poll happens, immediate failure on failure states, and a progress line for every status change.
 */
import { WaitClock, systemClock, waitClock } from "./clock";
import { redact } from "./errors";
import { remainingMs } from "./deadline";
import { reportProgress } from "./progress";

export { VirtualClock, systemClock, useWaitClock, waitClock } from "./clock";
export type { WaitClock } from "./clock";

export interface WaitSpec<S> {
  /** What is being waited for, as the user knows it: `Equinix connection "db-link" (primary)`. */
  subject: string;
  /**
   * Reads the object's current state; return `undefined` when the object no longer exists. A poll made by
   * `batchedPoller` (a `SharedPoll`) makes the wait poll on the shared grid (see `alignMs`).
   */
  poll: () => Promise<S | undefined>;
  /**
   * The object as the call that started the wait answered it (a create's answer): it stands for the first poll,
   * which would only read the same again, so the first request goes out one gap later — on the shared grid, for
   * a shared poll, where it meets the other waits' polls.
   */
  initial?: S;
  /** The status field of a snapshot. */
  status: (snapshot: S) => string;
  /** Statuses that end the wait successfully. */
  targets: readonly string[];
  /** Statuses that end the wait with an error at once. */
  failures?: readonly string[];
  /** The vendor's reason for a failure status, when it gives one. */
  reason?: (snapshot: S) => string | undefined;
  /** Whether a vanished object (poll returned undefined) means success (deletes) or failure (creates). */
  goneIsSuccess?: boolean;
  /** Extra text for a status, shown in progress lines: `waiting for the seller to approve`. */
  explain?: (status: string) => string | undefined;
  /** The deadline, from the first poll: the last poll happens exactly then. */
  timeoutMs: number;
  /** The first gap between polls, and the constant part of every gap (default 1 s, or `INTERCONNECT_POLL_MS`). */
  initialDelayMs?: number;
  /** The longest gap between polls, before jitter (default 5 min). */
  maxDelayMs?: number;
  /** The share of the time already waited that each gap adds (default 0.15). */
  growth?: number;
  /** Each gap is multiplied by a random factor in [1 - jitter, 1 + jitter] (default 0.1). */
  jitter?: number;
  /**
   * Poll on instants shared by every wait in the process (multiples of a power-of-two multiple of `alignMs`)
   * instead of jittered ones, so that a shared poller answers many waits with one request. Taken from the poll
   * function when it is a `SharedPoll`.
   */
  alignMs?: number;
  /** Time and randomness (default: the process's wait clock, see `useWaitClock`). */
  clock?: WaitClock;
  /**
   * Settles when the caller no longer needs this wait (another wait of its group failed, see `waitForAll`): the
   * wait wakes from its sleep and ends without polling again.
   */
  abandon?: Promise<void>;
}

/** A poll function answered by a shared poller (`batchedPoller`): waits using it poll on a shared grid. */
export interface SharedPoll<S> {
  (): Promise<S | undefined>;
  readonly alignMs: number;
}

export type WaitOutcome<S> = { status: string; snapshot: S | undefined };

/** The wait ended without reaching a target: a failure status, a vanished object, or the deadline. */
export class WaitError extends Error {
  constructor(
    message: string,
    /** "abandoned": the caller stopped waiting (see `WaitSpec.abandon`); never the error a person reads. */
    readonly kind: "failed" | "timeout" | "gone" | "abandoned",
    readonly lastStatus: string | undefined,
  ) {
    super(redact(message));
    this.name = "WaitError";
    this.stack = `${this.name}: ${this.message}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The poll schedule.
//
// The gap before the next poll is `initialDelay + growth × elapsed`, at most `maxDelay`, times a random factor
// in [1 - jitter, 1 + jitter]. With the defaults (1 s, 0.15, 5 min, 0.1) the polls happen at about 0, 1, 2.2,
// 3.5, 5, 6.7, 8.8, 11, 14, 17, 20, 24, 29 s … and every 5 min (±10%) from about half an hour on. Why these:
//
// - Detection lag. An object that reaches its target after T seconds is seen at the next poll, on average half
//   a gap later: about 0.5 s + 7.5% of T. The goal is at most 1 s + 10% of T (median), for T up to an hour.
// - Requests. Without the cap the poll times are t_k = (1 s / 0.15)·(1.15^k − 1): a wait of T seconds makes
//   about 2 + ln(1 + 0.15·T)/ln 1.15 polls (3 for 1 s, 14 for 30 s, about 50 with the cap for an hour), within
//   the budget of 4·log2(T) + 6. Asymptotically that is ln 2 / ln 1.15 ≈ 5 polls per doubling of T, more than
//   the budget's 4, and a ratio above 2^(1/4) ≈ 1.19 would break the lag goal instead: the constant 1 s (one
//   poll a second at first, never a burst) is what leaves room for both up to an hour.
// - The cap. Human approvals take hours; a cap keeps them polled every few minutes (not every 30 s) and stays
//   under the lag goal at an hour (10% of 1 h is 6 min, and 5 min + 10% jitter is 5.5 min).
// - Jitter. Waits started together (one `pulumi up` creating many objects) drift apart instead of polling in
//   lockstep, unless they share a poller (then they poll together on purpose, see `alignMs`).
//
// terraform's providers wait with helper/retry's StateChangeConf (hashicorp/terraform-plugin-sdk,
// helper/retry/state.go): a fixed Delay before the first poll (30 s for Equinix Fabric connections in
// equinix/terraform-provider-equinix, 30 s for OVHcloud Connect tasks in ovh/terraform-provider-ovh), then gaps
// of at least MinTimeout (30 s and 5 s) and at most 10 s unless MinTimeout is larger. bench/README.md compares
// both schedules against the same scripted API.
// ---------------------------------------------------------------------------------------------------------

export interface PollSchedule {
  initialDelayMs: number;
  maxDelayMs: number;
  growth: number;
  jitter: number;
}

export const DEFAULT_POLL_SCHEDULE: Readonly<PollSchedule> = {
  initialDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  growth: 0.15,
  jitter: 0.1,
};

/** Defaults shared by every wait; `INTERCONNECT_POLL_MS` shortens the first (and smallest) gap in tests and demos. */
export function pollDelays(): PollSchedule {
  const fromEnv = Number(process.env.INTERCONNECT_POLL_MS);
  return {
    ...DEFAULT_POLL_SCHEDULE,
    initialDelayMs: fromEnv > 0 ? fromEnv : DEFAULT_POLL_SCHEDULE.initialDelayMs,
  };
}

/** The gap before the next poll, `elapsedMs` after the first one; `random` is uniform in [0, 1). */
export function nextPollDelay(elapsedMs: number, schedule: PollSchedule, random: number): number {
  const base = Math.min(
    schedule.maxDelayMs,
    schedule.initialDelayMs + schedule.growth * Math.max(0, elapsedMs),
  );
  return base * (1 + schedule.jitter * (2 * random - 1));
}

/**
 * The delay until the next shared instant for a wait whose schedule asks for a gap of `gapMs`: instants are
 * multiples of a step `alignMs·2^k`, the largest at most half the gap, so that waits with similar gaps land on
 * the same instants and every coarser grid is part of every finer one. The target `now + gap − step/2` is
 * rounded up, so the gap is unchanged on average and spread by ±step/2, at most ±25% (which replaces the jitter).
 */
export function alignedDelay(nowMs: number, gapMs: number, alignMs: number): number {
  const step = Math.max(1, alignMs * 2 ** Math.floor(Math.log2(gapMs / 2 / alignMs)));
  return Math.ceil((nowMs + gapMs - step / 2) / step) * step - nowMs;
}

function scheduleOf<S>(spec: WaitSpec<S>): PollSchedule {
  const defaults = pollDelays();
  return {
    initialDelayMs: spec.initialDelayMs ?? defaults.initialDelayMs,
    maxDelayMs: spec.maxDelayMs ?? defaults.maxDelayMs,
    growth: spec.growth ?? defaults.growth,
    jitter: spec.jitter ?? defaults.jitter,
  };
}

export async function waitForStatus<S>(spec: WaitSpec<S>): Promise<WaitOutcome<S>> {
  const clock = spec.clock ?? waitClock();
  const schedule = scheduleOf(spec);
  const alignMs = spec.alignMs ?? (spec.poll as Partial<SharedPoll<S>>).alignMs;
  const started = clock.now();
  // Within an operation's deadline (core/deadline.ts), the wait ends first, so that its own message — what it
  // waited for, and the last status — is what the person reads.
  const left = clock === systemClock ? remainingMs() : undefined;
  const deadline = started + Math.min(spec.timeoutMs, left ?? Infinity);
  let last: string | undefined;
  let known = spec.initial;
  let abandoned = false;
  const abandon = spec.abandon?.then(() => {
    abandoned = true;
  });

  for (;;) {
    if (abandoned) throw new WaitError(`${spec.subject}: no longer waited for`, "abandoned", last);
    const snapshot = known ?? (await spec.poll());
    known = undefined;
    const now = clock.now();
    const elapsed = formatElapsed(now - started);
    if (snapshot === undefined) {
      if (spec.goneIsSuccess) {
        if (last !== undefined)
          reportProgress(`${spec.subject}: ${last} → gone (${elapsed})`, { durable: true });
        return { status: "GONE", snapshot: undefined };
      }
      throw new WaitError(
        `${spec.subject} disappeared while waiting (last status ${last ?? "unknown"})`,
        "gone",
        last,
      );
    }
    const status = spec.status(snapshot);
    if (status !== last) {
      const explanation = spec.explain?.(status);
      const arrow = last === undefined ? status : `${last} → ${status}`;
      // A passing status shows on the resource's row; the end of a wait that had to wait (approved, rejected)
      // stays in the summary.
      const ends = spec.targets.includes(status) || (spec.failures?.includes(status) ?? false);
      reportProgress(`${spec.subject}: ${arrow} (${elapsed})${explanation ? `: ${explanation}` : ""}`, {
        durable: ends && last !== undefined,
      });
      last = status;
    }
    if (spec.targets.includes(status)) return { status, snapshot };
    if (spec.failures?.includes(status)) {
      const reason = spec.reason?.(snapshot);
      throw new WaitError(
        `${spec.subject} reached ${status}${reason ? `: ${reason}` : ""}`,
        "failed",
        status,
      );
    }
    const remaining = deadline - now;
    if (remaining <= 0) {
      throw new WaitError(
        `${spec.subject} is still ${status} after ${formatElapsed(deadline - started)} (the ${spec.targets.join(" or ")} state was not reached in time)`,
        "timeout",
        status,
      );
    }
    const gap = alignMs
      ? alignedDelay(now, nextPollDelay(now - started, { ...schedule, jitter: 0 }, 0.5), alignMs)
      : nextPollDelay(now - started, schedule, clock.random());
    // Never sleep past the deadline: the last poll happens at the deadline itself.
    const sleeping = clock.sleep(Math.min(gap, remaining));
    await (abandon ? Promise.race([sleeping, abandon]) : sleeping);
  }
}

/**
 * Waits for several objects at once; if any fails, reports every failure together. A failure that waiting cannot
 * undo (a failure status, a vanished object) ends the group at once: the other waits stop at their next poll
 * (they wake from their sleep for it), and whatever failed by then is reported.
 */
export async function waitForAll<S>(specs: WaitSpec<S>[]): Promise<WaitOutcome<S>[]> {
  let abandonAll!: () => void;
  const abandon = new Promise<void>((resolve) => (abandonAll = resolve));
  const runs = specs.map((s) => {
    const run = waitForStatus({ ...s, abandon: s.abandon ? Promise.race([s.abandon, abandon]) : abandon });
    run.catch((e: unknown) => {
      if (e instanceof WaitError && (e.kind === "failed" || e.kind === "gone")) abandonAll();
    });
    return run;
  });
  const results = await Promise.allSettled(runs);
  abandonAll();
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length === 0) return results.map((r) => (r as PromiseFulfilledResult<WaitOutcome<S>>).value);
  const errors = failures
    .map((f) => f.reason as Error)
    .filter((e) => !(e instanceof WaitError && e.kind === "abandoned"));
  if (errors.length === 1) throw errors[0];
  const kind = errors.every((e) => e instanceof WaitError && e.kind === "timeout") ? "timeout" : "failed";
  throw new WaitError(errors.map((e) => e.message).join("; "), kind, undefined);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
}

// ---------------------------------------------------------------------------------------------------------
// Resource timeouts. Pulumi's customTimeouts never reach a dynamic provider, so each resource takes its own
// `timeouts: { create, update, delete }` input, written the way customTimeouts are ("90s", "20m", "1h30m").
// ---------------------------------------------------------------------------------------------------------

export interface Timeouts {
  create?: string;
  update?: string;
  delete?: string;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

/** Parses "90s", "20m", "1h30m"; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(n) * UNIT_MS[unit];
  return total;
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** The deadline for one operation: the resource's own timeout or the given default. */
export function timeoutFor(timeouts: Timeouts | undefined, op: keyof Timeouts, defaultMs: number): number {
  const text = timeouts?.[op];
  return (text && parseDuration(text)) || defaultMs;
}
