/**
 * Loads under a vendor's rate limit (bench/load.ts): 100 redundant Equinix pairs, 100 Console Connect
 * connections and an OVH estate of 25 datacenter configs with extras, each created all at once through the real
 * provider code against an emulator limited to RATE requests per second (429 with Retry-After beyond), with the
 * provider's own limit set to the same rate. The Equinix and Console Connect loads run once with shared polls
 * and once without (INTERCONNECT_BATCH_POLLS=off); the Equinix one also without any client-side limit (what a
 * loopback endpoint gets by default), to show what the limit is for. Figures go to .cache/bench/load.json for
 * bench/report.ts. Every run is bounded (RUN_TIMEOUT_MS); the whole file takes about two minutes.
 */
import { bench, describe } from "vitest";
import os from "node:os";
import { LoadOptions, LoadResult, consoleConnectConnections, equinixPairs, ovhEstate } from "./load";
import { writeResults } from "./results";

/** The API's limit and the provider's own, requests per second. */
export const RATE = 20;
const PAIRS = 100;
const CONNECTIONS = 100;
const DATACENTERS = 25;
const RUN_TIMEOUT_MS = 180_000;
const ONCE = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };

export interface LoadRun extends LoadResult {
  /** What the run is for in the report: the goal run, the comparison without shared polls, or without a limit. */
  role: "goal" | "unshared" | "no client limit";
}

export interface LoadResults {
  rate: number;
  runs: LoadRun[];
  errors: string[];
  cpus: number;
}

const results: LoadResults = { rate: RATE, runs: [], errors: [], cpus: os.cpus().length };

describe("loads under a rate limit", () => {
  const options = (extra: Partial<LoadOptions> = {}): LoadOptions => ({
    rate: RATE,
    timeoutMs: RUN_TIMEOUT_MS,
    ...extra,
  });
  const run =
    (label: string, role: LoadRun["role"], fn: () => Promise<LoadResult>) => async (): Promise<void> => {
      try {
        results.runs.push({ ...(await fn()), role });
      } catch (e) {
        results.errors.push(`${label}: ${(e as Error).message.split("\n").slice(0, 20).join("\n")}`);
      }
      writeResults("load", results);
    };
  const scenario = (label: string, role: LoadRun["role"], fn: () => Promise<LoadResult>) =>
    bench(label, run(label, role, fn), ONCE);

  scenario(`Equinix: ${PAIRS} redundant pairs at ${RATE}/s`, "goal", () => equinixPairs(PAIRS, options()));
  scenario(`Equinix: ${PAIRS} redundant pairs at ${RATE}/s, polls not shared`, "unshared", () =>
    equinixPairs(PAIRS, options({ batched: false })),
  );
  scenario(`Equinix: ${PAIRS} redundant pairs at ${RATE}/s, no client-side limit`, "no client limit", () =>
    equinixPairs(PAIRS, options({ clientLimit: "off" })),
  );
  scenario(`Console Connect: ${CONNECTIONS} connections at ${RATE}/s`, "goal", () =>
    consoleConnectConnections(CONNECTIONS, options()),
  );
  scenario(`Console Connect: ${CONNECTIONS} connections at ${RATE}/s, polls not shared`, "unshared", () =>
    consoleConnectConnections(CONNECTIONS, options({ batched: false })),
  );
  scenario(`OVHcloud: ${DATACENTERS} datacenter configs with extras at ${RATE}/s`, "goal", () =>
    ovhEstate(DATACENTERS, options()),
  );
});
