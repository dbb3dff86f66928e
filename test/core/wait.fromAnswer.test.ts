/**
 * Two things the load benchmarks (bench/load.bench.ts) led to in the wait loop: a wait that starts from the answer
 * of the call that started it (no read at once, which would only read the same again), and the internal switch
 * that turns shared polls off for the comparison.
 */
import { afterEach, describe, expect, it } from "vitest";
import { batchedPoller, batchedPollsEnabled } from "../../provider/core/batch";
import { VirtualClock, WaitError, waitForAll, waitForStatus } from "../../provider/core/wait";

interface Obj {
  id: string;
  status: string;
}

/** An object that becomes UP at `readyAt` on the virtual clock; every read is logged with its time. */
function scripted(readyAt: number) {
  const clock = new VirtualClock(0, 7);
  const reads: number[] = [];
  const spec = {
    subject: "object x",
    poll: async (): Promise<Obj> => {
      reads.push(clock.now());
      return { id: "x", status: clock.now() >= readyAt ? "UP" : "PENDING" };
    },
    status: (o: Obj) => o.status,
    targets: ["UP"],
    failures: ["REJECTED"],
    timeoutMs: 3_600_000,
    initialDelayMs: 1_000,
    jitter: 0,
    clock,
  };
  return { clock, reads, spec };
}

describe("a wait that starts from the create call's answer", () => {
  it("takes the answer for its first poll: the first read goes out one gap later, then the schedule goes on", async () => {
    const plain = scripted(10_000);
    await waitForStatus(plain.spec);
    const fromAnswer = scripted(10_000);
    const outcome = await waitForStatus({ ...fromAnswer.spec, initial: { id: "x", status: "PENDING" } });
    expect(outcome.status).toBe("UP");
    // Without the answer: a read at once, then 1 s, 2.15 s … With it: the same instants minus the one at once.
    expect(plain.reads[0]).toBe(0);
    expect(fromAnswer.reads).toEqual(plain.reads.slice(1));
  });

  it("ends without any read when the answer already shows the target, or a failure", async () => {
    const up = scripted(0);
    expect(await waitForStatus({ ...up.spec, initial: { id: "x", status: "UP" } })).toMatchObject({
      status: "UP",
    });
    expect(up.reads).toEqual([]);
    const refused = scripted(0);
    const error = await waitForStatus({ ...refused.spec, initial: { id: "x", status: "REJECTED" } }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(WaitError);
    expect(error.kind).toBe("failed");
    expect(refused.reads).toEqual([]);
  });

  it("through a shared poller, meets the other waits' first reads on the shared grid", async () => {
    const clock = new VirtualClock(0, 3);
    const fetches: { at: number; ids: string[] }[] = [];
    const poller = batchedPoller<Obj>({
      key: "from-answer",
      maxBatch: 100,
      clock,
      fetchMany: async (ids) => {
        fetches.push({ at: clock.now(), ids });
        return new Map(ids.map((id) => [id, { id, status: clock.now() >= 5_000 ? "UP" : "PENDING" }]));
      },
    });
    // Ten waits started 20 ms apart (creates answered one after the other), each from its create's answer:
    // their first gap (1 s) puts them on the 500 ms grid, at the same instant.
    const waits = Array.from({ length: 10 }, async (_, i) => {
      await clock.sleep(20 * i);
      return waitForStatus({
        subject: `object ${i}`,
        poll: poller.poll(`id-${i}`),
        initial: { id: `id-${i}`, status: "PENDING" },
        status: (o: Obj) => o.status,
        targets: ["UP"],
        timeoutMs: 60_000,
        initialDelayMs: 1_000,
        clock,
      });
    });
    await Promise.all(waits);
    // Nothing was read at once; the first read answered all ten waits in one call.
    expect(fetches[0].at).toBe(1_000 + 10); // the instant, then the batch window
    expect(fetches[0].ids).toHaveLength(10);
  });
});

describe("INTERCONNECT_BATCH_POLLS", () => {
  afterEach(() => {
    delete process.env.INTERCONNECT_BATCH_POLLS;
  });

  it("is on unless set to off, false, no or 0", () => {
    expect(batchedPollsEnabled()).toBe(true);
    for (const value of ["off", "OFF", "false", "no", "0"]) {
      process.env.INTERCONNECT_BATCH_POLLS = value;
      expect(batchedPollsEnabled()).toBe(false);
    }
    process.env.INTERCONNECT_BATCH_POLLS = "on";
    expect(batchedPollsEnabled()).toBe(true);
  });

  it("off: each poll reads its own object at once, on the wait's own jittered schedule", async () => {
    process.env.INTERCONNECT_BATCH_POLLS = "off";
    const clock = new VirtualClock(0, 5);
    const fetches: { at: number; ids: string[] }[] = [];
    const poller = batchedPoller<Obj>({
      key: "switched-off",
      maxBatch: 100,
      clock,
      fetchMany: async (ids) => {
        fetches.push({ at: clock.now(), ids });
        return new Map(ids.map((id) => [id, { id, status: clock.now() >= 3_000 ? "UP" : "PENDING" }]));
      },
    });
    const polls = ["a", "b", "c"].map((id) => poller.poll(id));
    // Plain polls: the waits do not align on the shared grid.
    expect(polls.every((p) => !("alignMs" in p))).toBe(true);
    await waitForAll(
      polls.map((poll, i) => ({
        subject: `object ${i}`,
        poll,
        status: (o: Obj) => o.status,
        targets: ["UP"],
        timeoutMs: 60_000,
        initialDelayMs: 1_000,
        clock,
      })),
    );
    expect(fetches.every((f) => f.ids.length === 1)).toBe(true);
    // The three first reads at once, then jittered instants: the waits drift apart.
    expect(fetches.slice(0, 3).map((f) => f.at)).toEqual([0, 0, 0]);
    expect(new Set(fetches.slice(3).map((f) => f.at)).size).toBeGreaterThan(1);
  });
});
