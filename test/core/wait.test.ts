import { afterEach, describe, expect, it } from "vitest";
import { onProgress } from "../../provider/core/progress";
import {
  DEFAULT_POLL_SCHEDULE,
  VirtualClock,
  WaitError,
  alignedDelay,
  formatElapsed,
  nextPollDelay,
  parseDuration,
  pollDelays,
  timeoutFor,
  useWaitClock,
  waitForAll,
  waitForStatus,
} from "../../provider/core/wait";

/** A poll function that walks through the given statuses, one per call, then repeats the last. */
function script(statuses: (string | undefined)[]) {
  let i = 0;
  const calls: number[] = [];
  return {
    calls,
    poll: async () => {
      calls.push(Date.now());
      const s = statuses[Math.min(i++, statuses.length - 1)];
      return s === undefined ? undefined : { status: s, why: `because ${s}` };
    },
  };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function collect() {
  const lines: string[] = [];
  stop = onProgress((l) => lines.push(l));
  return lines;
}

const base = {
  subject: "thing",
  status: (s: { status: string }) => s.status,
  initialDelayMs: 5,
  maxDelayMs: 20,
};

describe("waitForStatus", () => {
  it("polls until a target status and reports each transition once", async () => {
    const lines = collect();
    const s = script(["PENDING", "PENDING", "BUILDING", "UP"]);
    const out = await waitForStatus({
      ...base,
      poll: s.poll,
      targets: ["UP"],
      timeoutMs: 5_000,
      explain: (x) => (x === "PENDING" ? "waiting for the other side" : undefined),
    });
    expect(out.status).toBe("UP");
    expect(s.calls).toHaveLength(4);
    expect(lines.map((l) => l.replace(/\(\d+s\)/, "(Ns)"))).toEqual([
      "thing: PENDING (Ns): waiting for the other side",
      "thing: PENDING → BUILDING (Ns)",
      "thing: BUILDING → UP (Ns)",
    ]);
  });

  it("fails at once on a failure status, with the vendor's reason", async () => {
    const s = script(["PENDING", "REJECTED", "UP"]);
    const err = await waitForStatus({
      ...base,
      poll: s.poll,
      targets: ["UP"],
      failures: ["REJECTED"],
      reason: (x) => x.why,
      timeoutMs: 5_000,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.kind).toBe("failed");
    expect(err.message).toBe("thing reached REJECTED: because REJECTED");
    expect(s.calls).toHaveLength(2);
  });

  it("times out with the last status", async () => {
    const s = script(["PENDING"]);
    const err = await waitForStatus({ ...base, poll: s.poll, targets: ["UP"], timeoutMs: 60 }).catch(
      (e) => e,
    );
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/^thing is still PENDING after 0s \(the UP state was not reached in time\)/);
    const clock = new VirtualClock();
    const late = await waitForStatus({
      subject: "approval",
      status: (x: { status: string }) => x.status,
      poll: script(["PENDING_APPROVAL"]).poll,
      targets: ["PROVISIONED"],
      timeoutMs: 20 * 60_000,
      clock,
    }).catch((e) => e);
    expect(late.message).toBe(
      "approval is still PENDING_APPROVAL after 20m (the PROVISIONED state was not reached in time)",
    );
    expect(clock.now()).toBe(20 * 60_000);
  });

  it("treats a vanished object as success for deletes and as failure otherwise", async () => {
    expect(
      (
        await waitForStatus({
          ...base,
          poll: script(["GOING", undefined]).poll,
          targets: ["GONE"],
          goneIsSuccess: true,
          timeoutMs: 1_000,
        })
      ).status,
    ).toBe("GONE");
    const err = await waitForStatus({
      ...base,
      poll: script(["BUILDING", undefined]).poll,
      targets: ["UP"],
      timeoutMs: 1_000,
    }).catch((e) => e);
    expect(err.kind).toBe("gone");
  });

  it("waitForAll reports every failure together", async () => {
    const err = await waitForAll([
      {
        ...base,
        subject: "primary",
        poll: script(["REJECTED"]).poll,
        targets: ["UP"],
        failures: ["REJECTED"],
        timeoutMs: 1_000,
      },
      {
        ...base,
        subject: "secondary",
        poll: script(["REJECTED"]).poll,
        targets: ["UP"],
        failures: ["REJECTED"],
        timeoutMs: 1_000,
      },
    ]).catch((e) => e);
    expect(err.message).toBe("primary reached REJECTED; secondary reached REJECTED");
  });

  it("waitForAll ends at once when one wait fails for good, and the others stop polling (secret scan: one leg rejected)", async () => {
    const pending = script(["PENDING"]);
    const started = Date.now();
    const err = await waitForAll([
      {
        ...base,
        subject: "primary",
        poll: script(["PENDING", "REJECTED"]).poll,
        targets: ["UP"],
        failures: ["REJECTED"],
        initialDelayMs: 20,
        timeoutMs: 5_000,
      },
      {
        ...base,
        subject: "secondary",
        poll: pending.poll,
        targets: ["UP"],
        failures: ["REJECTED"],
        // Its next poll would be seconds away.
        initialDelayMs: 3_000,
        timeoutMs: 5_000,
      },
    ]).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.message).toBe("primary reached REJECTED");
    const polls = pending.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pending.calls.length).toBe(polls);
  });
});

/** A scripted API on a virtual clock: the object is PENDING until `readyMs`, then UP. */
function scripted(readyMs: number, seed = 1) {
  const clock = new VirtualClock(0, seed);
  const polls: number[] = [];
  const spec = {
    subject: "scripted",
    status: (x: { status: string }) => x.status,
    targets: ["UP"],
    timeoutMs: 2 * 3_600_000,
    initialDelayMs: 1_000,
    clock,
    poll: async () => {
      polls.push(clock.now());
      return { status: clock.now() >= readyMs ? "UP" : "PENDING" };
    },
  };
  return { clock, polls, spec };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe("the poll schedule (virtual clock)", () => {
  it("polls at once, then after gaps of 1 s + 15% of the time waited (±10%), up to the cap", async () => {
    const { clock, polls, spec } = scripted(Infinity);
    await waitForStatus({ ...spec, timeoutMs: 3_600_000 }).catch(() => undefined);
    expect(polls[0]).toBe(0);
    expect(polls[1]).toBeGreaterThanOrEqual(900);
    expect(polls[1]).toBeLessThanOrEqual(1_100);
    // Every gap but the last, which the deadline cuts short.
    for (let i = 1; i < polls.length - 2; i++) {
      const gap = polls[i + 1] - polls[i];
      const planned = Math.min(5 * 60_000, 1_000 + 0.15 * polls[i]);
      expect(gap).toBeGreaterThanOrEqual(planned * 0.9 - 1e-6);
      expect(gap).toBeLessThanOrEqual(planned * 1.1 + 1e-6);
    }
    // The cap: polled every 5 min (±10%) near the end of the hour, not every 30 s.
    const [a, b, c] = polls.slice(-4, -1);
    for (const g of [b - a, c - b]) expect(g).toBeGreaterThan(4.5 * 60_000);
    expect(polls.length).toBeLessThan(60);
    expect(clock.now()).toBe(3_600_000);
  });

  it.each([1, 10, 90, 600, 3600])(
    "detects an object ready at T = %d s (+0–24%%) within 1 s + 10%% of T (median), in ≤ 4·log2(T)+6 polls",
    async (T) => {
      const lags: number[] = [];
      const calls: number[] = [];
      for (let i = 0; i <= 24; i++) {
        const ready = T * 1000 * (1 + i / 100);
        const { clock, polls, spec } = scripted(ready, 1000 + i);
        await waitForStatus(spec);
        lags.push(clock.now() - ready);
        calls.push(polls.length);
      }
      expect(median(lags)).toBeLessThanOrEqual(1_000 + 100 * T);
      expect(Math.max(...calls)).toBeLessThanOrEqual(4 * Math.log2(T) + 6);
    },
  );

  it("never sleeps past the deadline, and polls one last time at the deadline", async () => {
    for (const timeoutMs of [1, 999, 1_500, 61_234, 3_600_000]) {
      const { clock, polls, spec } = scripted(Infinity, timeoutMs);
      const err = await waitForStatus({ ...spec, timeoutMs }).catch((e) => e);
      expect(err.kind).toBe("timeout");
      expect(polls.at(-1)).toBe(timeoutMs);
      expect(polls.every((t) => t <= timeoutMs)).toBe(true);
      expect(clock.pending).toBe(0);
    }
  });

  it("keeps failure and vanished-object behaviour on a virtual clock", async () => {
    const clock = new VirtualClock();
    const steps = script(["PENDING", "PENDING", "REJECTED"]);
    const err = await waitForStatus({
      ...base,
      clock,
      poll: steps.poll,
      targets: ["UP"],
      failures: ["REJECTED"],
      initialDelayMs: 1_000,
      maxDelayMs: undefined,
      timeoutMs: 60_000,
    }).catch((e) => e);
    expect(err.kind).toBe("failed");
    expect(clock.now()).toBeGreaterThan(1_500);
    expect(clock.now()).toBeLessThan(3_000);
  });

  it("jitters: waits started together do not poll in lockstep", async () => {
    const a = scripted(Infinity, 1);
    const b = scripted(Infinity, 2);
    await Promise.all([
      waitForStatus({ ...a.spec, timeoutMs: 120_000 }).catch(() => undefined),
      waitForStatus({ ...b.spec, timeoutMs: 120_000 }).catch(() => undefined),
    ]);
    expect(a.polls.slice(1, -1).some((t, i) => t !== b.polls[i + 1])).toBe(true);
  });

  it("takes the first gap from INTERCONNECT_POLL_MS, and the clock from useWaitClock", async () => {
    const saved = process.env.INTERCONNECT_POLL_MS;
    process.env.INTERCONNECT_POLL_MS = "50";
    const clock = new VirtualClock(0, 7);
    const restore = useWaitClock(clock);
    try {
      expect(pollDelays()).toEqual({ ...DEFAULT_POLL_SCHEDULE, initialDelayMs: 50 });
      const { spec, polls } = scripted(Infinity);
      const { clock: _ignored, initialDelayMs: _default, ...rest } = spec;
      const seen: number[] = [];
      await waitForStatus({
        ...rest,
        timeoutMs: 1_000,
        poll: async () => {
          seen.push(clock.now());
          return { status: "PENDING" };
        },
      }).catch(() => undefined);
      expect(polls).toEqual([]);
      expect(seen[1]).toBeGreaterThanOrEqual(45);
      expect(seen[1]).toBeLessThanOrEqual(55);
      expect(seen.at(-1)).toBe(1_000);
    } finally {
      restore();
      if (saved === undefined) delete process.env.INTERCONNECT_POLL_MS;
      else process.env.INTERCONNECT_POLL_MS = saved;
    }
  });

  it("computes gaps and shared instants", () => {
    const s = { ...DEFAULT_POLL_SCHEDULE };
    expect(nextPollDelay(0, s, 0.5)).toBe(1_000);
    expect(nextPollDelay(100_000, s, 0.5)).toBe(16_000);
    expect(nextPollDelay(100_000, s, 0)).toBeCloseTo(14_400);
    expect(nextPollDelay(10 * 3_600_000, s, 0.5)).toBe(300_000);
    // A 16 s gap polls on an 8 s grid (250 ms · 2^5, at most half the gap), 12–20 s ahead.
    for (const now of [0, 1_234, 99_999]) {
      const d = alignedDelay(now, 16_000, 250);
      expect((now + d) % 8_000).toBe(0);
      expect(d).toBeGreaterThanOrEqual(12_000);
      expect(d).toBeLessThanOrEqual(20_000);
    }
    // A 15.9 s gap: the next grid down (4 s), which contains every 8 s instant.
    expect((1_234 + alignedDelay(1_234, 15_900, 250)) % 4_000).toBe(0);
  });

  it("simulates an hour-long wait without real time", async () => {
    const started = Date.now();
    const { clock, spec } = scripted(3_600_000);
    await waitForStatus(spec);
    expect(clock.now()).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("durations", () => {
  it.each([
    ["90s", 90_000],
    ["20m", 1_200_000],
    ["1h30m", 5_400_000],
    ["250ms", 250],
  ])("parses %s", (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(["", "soon", "10", "m5", "1d"])("rejects %j", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
  it("uses the resource's timeout or the default", () => {
    expect(timeoutFor({ create: "2m" }, "create", 5)).toBe(120_000);
    expect(timeoutFor({ create: "2m" }, "delete", 5)).toBe(5);
    expect(timeoutFor(undefined, "update", 7)).toBe(7);
  });
  it("formats elapsed time", () => {
    expect(formatElapsed(4_400)).toBe("4s");
    expect(formatElapsed(120_000)).toBe("2m");
    expect(formatElapsed(125_000)).toBe("2m5s");
  });
});
