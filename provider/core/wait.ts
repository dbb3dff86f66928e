/**
 * The one wait loop every resource uses: poll until the object reaches a target status, with a first poll
 * within about a second, exponential backoff up to a cap, a deadline, immediate failure on failure states, and
 * a progress line for every status change.
 */
import { redact } from "./errors";
import { reportProgress } from "./progress";

export interface WaitSpec<S> {
  /** What is being waited for, as the user knows it: `Equinix connection "db-link" (primary)`. */
  subject: string;
  /** Reads the object's current state; return `undefined` when the object no longer exists. */
  poll: () => Promise<S | undefined>;
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
  timeoutMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export type WaitOutcome<S> = { status: string; snapshot: S | undefined };

/** The wait ended without reaching a target: a failure status, a vanished object, or the deadline. */
export class WaitError extends Error {
  constructor(
    message: string,
    readonly kind: "failed" | "timeout" | "gone",
    readonly lastStatus: string | undefined,
  ) {
    super(redact(message));
    this.name = "WaitError";
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Defaults shared by every wait; `INTERCONNECT_POLL_MS` shortens the first delay in tests and demos. */
export function pollDelays(): { initialDelayMs: number; maxDelayMs: number } {
  const fromEnv = Number(process.env.INTERCONNECT_POLL_MS);
  return { initialDelayMs: fromEnv > 0 ? fromEnv : 1_000, maxDelayMs: 30_000 };
}

export async function waitForStatus<S>(spec: WaitSpec<S>): Promise<WaitOutcome<S>> {
  const defaults = pollDelays();
  let delay = spec.initialDelayMs ?? defaults.initialDelayMs;
  const maxDelay = spec.maxDelayMs ?? defaults.maxDelayMs;
  const started = Date.now();
  const deadline = started + spec.timeoutMs;
  let last: string | undefined;

  for (;;) {
    const snapshot = await spec.poll();
    const elapsed = formatElapsed(Date.now() - started);
    if (snapshot === undefined) {
      if (spec.goneIsSuccess) {
        if (last !== undefined) reportProgress(`${spec.subject}: ${last} → gone (${elapsed})`);
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
      reportProgress(`${spec.subject}: ${arrow} (${elapsed})${explanation ? `: ${explanation}` : ""}`);
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
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new WaitError(
        `${spec.subject} is still ${status} after ${formatElapsed(spec.timeoutMs)} (the ${spec.targets.join(" or ")} state was not reached in time)`,
        "timeout",
        status,
      );
    }
    await sleep(Math.min(delay, remaining));
    delay = Math.min(maxDelay, delay * 2);
  }
}

/** Waits for several objects at once; if any fails, reports every failure together. */
export async function waitForAll<S>(specs: WaitSpec<S>[]): Promise<WaitOutcome<S>[]> {
  const results = await Promise.allSettled(specs.map((s) => waitForStatus(s)));
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length === 0) return results.map((r) => (r as PromiseFulfilledResult<WaitOutcome<S>>).value);
  if (failures.length === 1) throw failures[0].reason;
  const errors = failures.map((f) => f.reason as Error);
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
