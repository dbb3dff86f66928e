import { describe, expect, it } from "vitest";
import { batchedPoller, singleOrBulkReads } from "../../provider/core/batch";
import { VirtualClock, WaitError, waitForAll, waitForStatus } from "../../provider/core/wait";

interface Obj {
  id: string;
  status: string;
}

let keys = 0;

/**
 * A scripted vendor on a virtual clock: object `i` becomes UP at `readyAt(i)`; every call of fetchMany is
 * recorded with its time and ids. `drop` leaves ids out of the answer (deleted objects).
 */
function vendor(readyAt: (id: string) => number, options: { maxBatch?: number; drop?: Set<string> } = {}) {
  const clock = new VirtualClock(0, 42);
  const fetches: { at: number; ids: string[] }[] = [];
  let fail: ((ids: string[]) => Error | undefined) | undefined;
  const poller = batchedPoller<Obj>({
    key: `test-${keys++}`,
    maxBatch: options.maxBatch ?? 100,
    clock,
    fetchMany: async (ids) => {
      fetches.push({ at: clock.now(), ids });
      const error = fail?.(ids);
      if (error) throw error;
      return new Map(
        ids
          .filter((id) => !options.drop?.has(id))
          .map((id) => [id, { id, status: clock.now() >= readyAt(id) ? "UP" : "PENDING" }]),
      );
    },
  });
  const spec = (id: string, timeoutMs = 3_600_000) => ({
    subject: `object ${id}`,
    poll: poller.poll(id),
    status: (o: Obj) => o.status,
    targets: ["UP"],
    failures: ["REJECTED"],
    initialDelayMs: 1_000,
    timeoutMs,
    clock,
  });
  return { clock, fetches, poller, spec, failWhen: (f: typeof fail) => (fail = f) };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);

describe("batchedPoller", () => {
  it("answers N concurrent waits with ceil(N / maxBatch) calls per tick", async () => {
    const v = vendor(() => 45_000, { maxBatch: 20 });
    const results = await waitForAll(ids(50).map((id) => v.spec(id)));
    expect(results.every((r) => r.status === "UP")).toBe(true);
    const ticks = new Map<number, number>();
    for (const f of v.fetches) ticks.set(f.at, (ticks.get(f.at) ?? 0) + 1);
    // Every tick: 50 ids in calls of at most 20, i.e. 3 calls, each id once.
    for (const [at, calls] of ticks) {
      expect(calls).toBe(3);
      const polled = v.fetches.filter((f) => f.at === at).flatMap((f) => f.ids);
      expect(polled.sort()).toEqual(ids(50).sort());
    }
    expect(v.fetches.every((f) => f.ids.length <= 20)).toBe(true);
    // As many ticks as one wait alone would poll (≈ 16 up to 45 s), not 50 times that.
    expect(ticks.size).toBeLessThan(20);
  });

  it("lets waits started at different times meet on shared instants", async () => {
    // 40 waits started over 40 s, each ready 30–90 s after its start.
    const start = (i: number) => i * 1_000;
    const v = vendor((id) => {
      const i = Number(id.slice(3));
      return start(i) + 30_000 + ((i * 7919) % 60_000);
    });
    let perObjectPolls = 0;
    const counted = (spec: ReturnType<typeof v.spec>) => ({
      ...spec,
      poll: Object.assign(
        () => {
          perObjectPolls++;
          return spec.poll();
        },
        { alignMs: spec.poll.alignMs },
      ),
    });
    await Promise.all(
      ids(40).map(async (id, i) => {
        await v.clock.sleep(start(i));
        return waitForStatus(counted(v.spec(id)));
      }),
    );
    // Each wait still polls on its own schedule; the vendor sees far fewer calls than polls.
    expect(v.fetches.length).toBeLessThan(perObjectPolls / 4);
  });

  it("fails every poll of a failed call, and only those", async () => {
    const v = vendor(() => 5_000, { maxBatch: 2 });
    v.failWhen((batch) => (batch.includes("id-0") ? new Error("HTTP 503 from search") : undefined));
    const settled = await Promise.allSettled(ids(4).map((id) => waitForStatus(v.spec(id))));
    // id-0 and id-1 were in the failing call; id-2 and id-3 in the other one.
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled"]);
    expect((settled[0] as PromiseRejectedResult).reason.message).toBe("HTTP 503 from search");
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("HTTP 503 from search");
    expect(v.fetches[0].ids).toEqual(["id-0", "id-1"]);
  });

  it("reads an object missing from the answer as gone", async () => {
    const v = vendor(() => Infinity, { drop: new Set(["id-1"]) });
    const [kept, gone, deleted] = await Promise.allSettled([
      waitForStatus(v.spec("id-0", 10_000)),
      waitForStatus(v.spec("id-1")),
      waitForStatus({ ...v.spec("id-1"), targets: ["DELETED"], goneIsSuccess: true }),
    ]);
    expect((kept as PromiseRejectedResult).reason.kind).toBe("timeout");
    const error = (gone as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(WaitError);
    expect(error.kind).toBe("gone");
    expect((deleted as PromiseFulfilledResult<{ status: string }>).value.status).toBe("GONE");
    // The two waits on id-1 shared the same calls: each id appears once per call.
    expect(v.fetches.every((f) => new Set(f.ids).size === f.ids.length)).toBe(true);
  });

  it("splits a large batch and shares an id polled twice in one tick", async () => {
    const v = vendor(() => 0, { maxBatch: 3 });
    const polls = [...ids(7), "id-0"].map((id) => v.poller.poll(id)());
    const answers = await Promise.all(polls);
    expect(answers.map((a) => a?.id)).toEqual([...ids(7), "id-0"]);
    expect(v.fetches.map((f) => f.ids.length)).toEqual([3, 3, 1]);
  });
});

describe("singleOrBulkReads", () => {
  function api(listed: string[]) {
    const calls: string[] = [];
    const fetchMany = singleOrBulkReads<Obj>({
      singleReadsUpTo: 2,
      readOne: async (id) => {
        calls.push(`one ${id}`);
        return id === "gone" ? undefined : { id, status: "ONE" };
      },
      readMany: async (ids) => {
        calls.push(`many ${ids.join(",")}`);
        return new Map(ids.filter((id) => listed.includes(id)).map((id) => [id, { id, status: "MANY" }]));
      },
    });
    return { calls, fetchMany };
  }

  it("reads up to the threshold one by one, without the bulk call", async () => {
    const { calls, fetchMany } = api(["a", "b"]);
    const found = await fetchMany(["a", "gone"]);
    expect(calls.sort()).toEqual(["one a", "one gone"]);
    expect(found.get("a")).toEqual({ id: "a", status: "ONE" });
    expect(found.has("gone") && found.get("gone") === undefined).toBe(true);
  });

  it("reads more with one bulk call, and what it left out one by one (never taken for gone)", async () => {
    const { calls, fetchMany } = api(["a", "b"]);
    const found = await fetchMany(["a", "b", "c"]);
    expect(calls).toEqual(["many a,b,c", "one c"]);
    expect([...found.values()].map((o) => o?.status)).toEqual(["MANY", "MANY", "ONE"]);
  });
});
