/**
 * Waits against a scripted API on a virtual clock: the object is PENDING until exactly `ready` ms after the
 * request, then at its target. Our side runs the real `waitForStatus`; terraform's side runs the port of
 * StateChangeConf's loop (terraform.ts). Both see the same API and the same clock.
 *
 * - detection lag: when the wait returns minus `ready`;
 * - calls: the API calls (GETs) the wait made.
 */
import { batchedPoller } from "../provider/core/batch";
import { SharedPoll, VirtualClock, WaitSpec, waitForStatus } from "../provider/core/wait";
import { StateChangeConfTiming, stateChangeConf } from "./terraform";

/** Nominal times to target, in seconds. */
export const T_VALUES = [1, 3, 10, 30, 90, 300, 1200, 3600];
/** Each T is shifted by 0–24% (241 phase offsets, 0.1% apart): the object is ready at T·(1 + offset). */
export const OFFSETS = Array.from({ length: 241 }, (_, i) => i / 1000);

export const lagGoalMs = (T: number) => 1_000 + 100 * T;
export const callGoal = (T: number) => 4 * Math.log2(T) + 6;

export interface Sample {
  lagMs: number;
  calls: number;
}

export interface Summary {
  T: number;
  medianLagMs: number;
  maxLagMs: number;
  medianCalls: number;
  minCalls: number;
  maxCalls: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function summarize(T: number, samples: Sample[]): Summary {
  const lags = samples.map((s) => s.lagMs);
  const calls = samples.map((s) => s.calls);
  return {
    T,
    medianLagMs: median(lags),
    maxLagMs: Math.max(...lags),
    medianCalls: median(calls),
    minCalls: Math.min(...calls),
    maxCalls: Math.max(...calls),
  };
}

/** A deterministic seed per (variant, T, offset), so that every run of the bench draws the same jitter. */
function seedOf(variant: string, T: number, i: number): number {
  let h = 2166136261;
  for (const c of `${variant}/${T}/${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** Schedule settings a variant overrides (the trade-off table), on top of the package's defaults. */
export type Variant = Pick<
  WaitSpec<unknown>,
  "initialDelayMs" | "maxDelayMs" | "growth" | "jitter" | "alignMs"
>;

/** Starts on a realistic epoch time, so that aligned waits see arbitrary phases of the shared grid. */
const EPOCH = 1_780_000_000_000;

export async function oursOnce(readyMs: number, seed: number, variant: Variant = {}): Promise<Sample> {
  const clock = new VirtualClock(EPOCH + (seed % 1_000_000), seed);
  const started = clock.now();
  let calls = 0;
  await waitForStatus({
    subject: "scripted object",
    status: (s: string) => s,
    targets: ["UP"],
    timeoutMs: 6 * 3_600_000,
    initialDelayMs: 1_000,
    ...variant,
    clock,
    poll: async () => {
      calls++;
      return clock.now() - started >= readyMs ? "UP" : "PENDING";
    },
  });
  return { lagMs: clock.now() - started - readyMs, calls };
}

export async function terraformOnce(timing: StateChangeConfTiming, readyMs: number): Promise<Sample> {
  const clock = new VirtualClock(0);
  const calls = await stateChangeConf(timing, clock, async () => clock.now() >= readyMs);
  return { lagMs: clock.now() - readyMs, calls };
}

/** The schedule before this change: first poll at once, then 1 s doubling up to 30 s. */
export async function previousOnce(readyMs: number): Promise<Sample> {
  let t = 0;
  let delay = 1_000;
  let calls = 0;
  for (;;) {
    calls++;
    if (t >= readyMs) return { lagMs: t - readyMs, calls };
    t += delay;
    delay = Math.min(30_000, delay * 2);
  }
}

export type Runner = (readyMs: number, seed: number) => Promise<Sample>;

export async function sweep(name: string, run: Runner, Ts = T_VALUES, offsets = OFFSETS): Promise<Summary[]> {
  const out: Summary[] = [];
  for (const T of Ts) {
    const samples: Sample[] = [];
    for (let i = 0; i < offsets.length; i++)
      samples.push(await run(T * 1000 * (1 + offsets[i]), seedOf(name, T, i)));
    out.push(summarize(T, samples));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Many waits at once: per-object polls versus one shared poller.
// ---------------------------------------------------------------------------------------------------------

export interface ConcurrentResult {
  waits: number;
  polls: number;
  requests: number;
  /** The most requests started within any one second. */
  peakPerSecond: number;
  medianLagMs: number;
}

/**
 * `n` waits whose requests went out over `spreadMs` (one `pulumi up` creating many connections), each approved
 * 30 s to 10 min after its request; either one GET per poll, or a shared poller (`maxBatch` ids per call).
 */
export async function concurrentWaits(
  n: number,
  spreadMs: number,
  shared: boolean,
  maxBatch = 100,
): Promise<ConcurrentResult> {
  const clock = new VirtualClock(EPOCH, 99);
  const origin = clock.now();
  const starts = Array.from({ length: n }, (_, i) => (i * spreadMs) / n);
  const ready = starts.map((s, i) => s + 30_000 + ((seedOf("ready", n, i) % 1000) / 1000) * 570_000);
  const requestTimes: number[] = [];
  let polls = 0;
  const statusOf = (i: number) => (clock.now() - origin >= ready[i] ? "UP" : "PENDING_APPROVAL");
  const poller = batchedPoller<string>({
    key: `bench-${n}-${spreadMs}-${maxBatch}`,
    maxBatch,
    clock,
    fetchMany: async (ids) => {
      requestTimes.push(clock.now() - origin);
      return new Map(ids.map((id) => [id, statusOf(Number(id))]));
    },
  });
  const lags = await Promise.all(
    starts.map(async (start, i) => {
      await clock.sleep(start);
      // Shared polls are on here (INTERCONNECT_BATCH_POLLS is for the load bench's comparison).
      const sharedPoll = poller.poll(String(i)) as SharedPoll<string>;
      const poll = shared
        ? Object.assign(() => (polls++, sharedPoll()), { alignMs: sharedPoll.alignMs })
        : async () => {
            polls++;
            requestTimes.push(clock.now() - origin);
            return statusOf(i);
          };
      await waitForStatus({
        subject: `connection ${i}`,
        status: (s: string) => s,
        targets: ["UP"],
        timeoutMs: 3_600_000,
        initialDelayMs: 1_000,
        clock,
        poll,
      });
      return clock.now() - origin - ready[i];
    }),
  );
  const perSecond = new Map<number, number>();
  for (const t of requestTimes)
    perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  return {
    waits: n,
    polls,
    requests: requestTimes.length,
    peakPerSecond: Math.max(...perSecond.values()),
    medianLagMs: median(lags),
  };
}
