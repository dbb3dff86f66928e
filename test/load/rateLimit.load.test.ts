/**
 * The load benchmarks' correctness, smaller and without timing (bench/load.bench.ts measures the time): Equinix
 * pairs, Console Connect connections and a few OVH configurations created all at once through the real provider
 * code against an emulator in its rate-limit mode. Whatever the client-side limit — the API's own rate, or none
 * (what a loopback endpoint gets by default, so that 429s come thick) — every object comes up, none is created
 * twice, and every 429 is absorbed: no create fails. Each run is bounded by its own deadline.
 */
import { describe, expect, it } from "vitest";
import { LoadResult, consoleConnectConnections, equinixPairs, ovhEstate } from "../../bench/load";

/** A run's deadline; each test allows a little more. */
const RUN_MS = 45_000;
const TEST_MS = 60_000;
const RATE = 10;

function expectAllUpOnce(r: LoadResult): void {
  expect(r.failures).toEqual([]);
  expect(r.timedOut).toBe(false);
  expect(r.up).toBe(r.resources);
  expect(r.duplicates).toBe(0);
  // No listing of the account's objects around a create.
  expect(r.accountListings).toBe(0);
}

describe("Equinix: 20 redundant pairs at once under an API limit", () => {
  it(
    "with the provider's limit at the API's rate: all up, none twice, no failure",
    async () => {
      const r = await equinixPairs(20, { rate: RATE, timeoutMs: RUN_MS });
      expectAllUpOnce(r);
      // One POST per leg, and nothing read before a create.
      expect(r.byKind.create).toBe(40);
      expect(r.byKind.read + r.byKind.listing).toBe(0);
    },
    TEST_MS,
  );

  it(
    "without a client-side limit: 429s come, every one is absorbed, no leg is created twice",
    async () => {
      const r = await equinixPairs(20, { rate: RATE, clientLimit: "off", timeoutMs: RUN_MS });
      expect(r.throttled).toBeGreaterThan(0);
      expectAllUpOnce(r);
      // Each leg's POST went through exactly once: the refused ones did nothing.
      expect(r.byKind.create).toBe(40);
    },
    TEST_MS,
  );

  it(
    "with polls not shared (INTERCONNECT_BATCH_POLLS=off): the same outcome, one GET per poll",
    async () => {
      const r = await equinixPairs(20, { rate: RATE, batched: false, timeoutMs: RUN_MS });
      expectAllUpOnce(r);
      expect(r.sharedPolls).toBe(0);
    },
    TEST_MS,
  );
});

describe("Console Connect: 20 connections at once under an API limit", () => {
  it(
    "with the provider's limit at the API's rate: all active, none twice, no failure",
    async () => {
      const r = await consoleConnectConnections(20, { rate: RATE, timeoutMs: RUN_MS });
      expectAllUpOnce(r);
      expect(r.byKind.create).toBe(20);
      expect(r.byKind.read + r.byKind.listing).toBe(0);
    },
    TEST_MS,
  );

  it(
    "without a client-side limit: 429s come, every one is absorbed, no connection is created twice",
    async () => {
      const r = await consoleConnectConnections(20, { rate: RATE, clientLimit: "off", timeoutMs: RUN_MS });
      expect(r.throttled).toBeGreaterThan(0);
      expectAllUpOnce(r);
      expect(r.byKind.create).toBe(20);
    },
    TEST_MS,
  );
});

describe("OVHcloud: a PoP config, 6 datacenter configs and their extras under an API limit", () => {
  it(
    "with the provider's limit at the API's rate: all active, none twice, no failure",
    async () => {
      // Four of the seed's datacenters and two invented load ones (the emulator's loadDatacenters).
      const r = await ovhEstate(6, { rate: RATE, timeoutMs: RUN_MS });
      expectAllUpOnce(r);
      expect(r.resources).toBe(13);
      expect(r.byKind.create).toBe(13);
    },
    TEST_MS,
  );

  it(
    "without a client-side limit: 429s come, every one is absorbed, nothing is created twice",
    async () => {
      const r = await ovhEstate(6, { rate: RATE, clientLimit: "off", timeoutMs: RUN_MS });
      expect(r.throttled).toBeGreaterThan(0);
      expectAllUpOnce(r);
      expect(r.byKind.create).toBe(13);
    },
    TEST_MS,
  );
});
