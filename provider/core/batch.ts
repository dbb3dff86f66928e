/**
 * Shared polls: many concurrent waits of one vendor answered by one request per tick, where the API returns many
 * objects in one call (Fabric v4 `POST /fabric/v4/connections/search` with a `/uuid` filter, the Console Connect
 * connection list). Each wait keeps its own `waitForStatus` (subject, targets, deadline, progress lines); only the
 * reads are pooled.
 *
 * ```ts
 * const connections = batchedPoller<Connection>({
 *   key: `equinix-v4 ${endpoint} ${clientId}`,
 *   maxBatch: 100,
 *   fetchMany: async (uuids) => {
 *     const found = await client.searchConnections({ filter: { property: "/uuid", operator: "=", values: uuids } });
 *     return new Map(found.map((c) => [c.uuid, c]));
 *   },
 * });
 * await waitForAll(legs.map((leg) => ({ ...waitUp(leg), poll: connections.poll(leg.uuid) })));
 * ```
 *
 * How the polls meet: a `poll()` does not fetch at once; it joins the batch being collected for its key, which is
 * fetched `windowMs` later (one request per `maxBatch` ids). Waits whose poll is a `SharedPoll` also poll at
 * shared instants (see `alignedDelay` in wait.ts) rather than jittered ones, so waits started at different times
 * still meet in the same batches.
 *
 * `INTERCONNECT_BATCH_POLLS=off` (read when a wait starts) turns the sharing off: each poll then reads its own
 * object at once, on the wait's own jittered schedule, as before shared polls existed. It is an internal switch
 * for the benchmarks (bench/load.bench.ts measures requests with and without) and for comparing in a support
 * case, not a setting to tune.
 */
import { WaitClock, waitClock } from "./clock";
import type { SharedPoll } from "./wait";

export interface BatchedPollerOptions<S> {
  /**
   * Pollers with the same key share their batches, across resources of the same provider process: the key must
   * name everything the answer depends on (vendor, endpoint, account), never a secret itself.
   */
  key: string;
  /**
   * Reads the given objects in one call. An id missing from the answer (or mapped to `undefined`) reads as gone.
   * A rejection fails every poll of that batch, and only those.
   */
  fetchMany: (ids: string[]) => Promise<Map<string, S | undefined>>;
  /** The most ids one call may carry (the API's page size); a larger batch is split into several calls. */
  maxBatch: number;
  /** How long a batch collects polls before it is fetched (default 10 ms). */
  windowMs?: number;
  /** The finest step of the shared poll instants (default 250 ms). */
  alignMs?: number;
  /** Default: the process's wait clock. */
  clock?: WaitClock;
}

export interface BatchedPoller<S> {
  /**
   * A poll function for one object, usable as `WaitSpec.poll`: a shared one, or with sharing switched off
   * (`INTERCONNECT_BATCH_POLLS=off`) a plain one that reads the object alone.
   */
  poll(id: string): SharedPoll<S> | (() => Promise<S | undefined>);
}

/** Whether polls are shared: `INTERCONNECT_BATCH_POLLS` unset, or anything but off, false, no or 0. */
export function batchedPollsEnabled(): boolean {
  const value = process.env.INTERCONNECT_BATCH_POLLS?.trim().toLowerCase();
  return !["off", "false", "no", "0"].includes(value ?? "");
}

interface Waiter<S> {
  resolve: (snapshot: S | undefined) => void;
  reject: (error: unknown) => void;
}

interface Batch<S> {
  options: BatchedPollerOptions<S>;
  waiters: Map<string, Waiter<S>[]>;
}

/** Batches being collected, by key: one at a time per key. */
const collecting = new Map<string, Batch<unknown>>();

export function batchedPoller<S>(options: BatchedPollerOptions<S>): BatchedPoller<S> {
  if (!(options.maxBatch >= 1)) throw new Error(`batchedPoller ${options.key}: maxBatch must be at least 1`);
  const alignMs = options.alignMs ?? 250;
  return {
    poll(id) {
      if (!batchedPollsEnabled()) return async () => (await options.fetchMany([id]))?.get(id);
      const poll = () => enqueue(options, id);
      return Object.assign(poll, { alignMs });
    },
  };
}

function enqueue<S>(options: BatchedPollerOptions<S>, id: string): Promise<S | undefined> {
  return new Promise<S | undefined>((resolve, reject) => {
    let batch = collecting.get(options.key) as Batch<S> | undefined;
    if (!batch) {
      batch = { options, waiters: new Map() };
      collecting.set(options.key, batch as Batch<unknown>);
      const started = batch;
      const clock = options.clock ?? waitClock();
      void clock.sleep(options.windowMs ?? 10).then(() => {
        if (collecting.get(options.key) === (started as Batch<unknown>)) collecting.delete(options.key);
        fetchBatch(started);
      });
    }
    const waiters = batch.waiters.get(id) ?? [];
    waiters.push({ resolve, reject });
    batch.waiters.set(id, waiters);
  });
}

/** One call per `maxBatch` ids; each call settles only the polls of its own ids. */
function fetchBatch<S>(batch: Batch<S>): void {
  const ids = [...batch.waiters.keys()];
  for (let i = 0; i < ids.length; i += batch.options.maxBatch) {
    const chunk = ids.slice(i, i + batch.options.maxBatch);
    let answer: Promise<Map<string, S | undefined>>;
    try {
      answer = Promise.resolve(batch.options.fetchMany(chunk));
    } catch (e) {
      answer = Promise.reject(e);
    }
    answer.then(
      (found) => {
        for (const id of chunk) for (const w of batch.waiters.get(id)!) w.resolve(found?.get(id));
      },
      (error) => {
        for (const id of chunk) for (const w of batch.waiters.get(id)!) w.reject(error);
      },
    );
  }
}

/**
 * A `fetchMany` for APIs that read one object per call or many in one bulk call (a search, a list): up to
 * `singleReadsUpTo` objects are read one by one (as cheap as the bulk call, and exact), more with one bulk call.
 * An object the bulk answer left out (a search index lagging behind a create, a status the list does not cover)
 * is then read on its own, never taken for gone.
 */
export function singleOrBulkReads<S>(options: {
  singleReadsUpTo: number;
  readOne: (id: string) => Promise<S | undefined>;
  /** The objects of these ids that one bulk call returns, by id (others may be missing). */
  readMany: (ids: string[]) => Promise<Map<string, S>>;
}): (ids: string[]) => Promise<Map<string, S | undefined>> {
  const readEach = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => [id, await options.readOne(id)] as const));
  return async (ids) => {
    if (ids.length <= options.singleReadsUpTo) return new Map(await readEach(ids));
    const found = new Map<string, S | undefined>(await options.readMany(ids));
    for (const [id, snapshot] of await readEach(ids.filter((id) => !found.has(id)))) found.set(id, snapshot);
    return found;
  };
}
