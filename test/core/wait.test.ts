import { afterEach, describe, expect, it } from "vitest";
import { onProgress } from "../../provider/core/progress";
import {
  WaitError,
  formatElapsed,
  parseDuration,
  timeoutFor,
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

  it("polls first at once, then backs off exponentially up to the cap", async () => {
    const s = script(["A", "A", "A", "A", "A", "UP"]);
    const started = Date.now();
    await waitForStatus({
      ...base,
      poll: s.poll,
      targets: ["UP"],
      timeoutMs: 5_000,
      initialDelayMs: 10,
      maxDelayMs: 40,
    });
    expect(s.calls[0] - started).toBeLessThan(50);
    const gaps = s.calls.slice(1).map((t, i) => t - s.calls[i]);
    // 10, 20, 40, 40, 40 (timers may fire a little late, never early)
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[1]).toBeGreaterThanOrEqual(19);
    expect(gaps[2]).toBeGreaterThanOrEqual(39);
    expect(gaps[4]).toBeLessThan(200);
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
