/**
 * The poll schedule, measured rather than asserted: this package's real `waitForStatus` and terraform's
 * StateChangeConf loop against the same scripted API on a virtual clock (bench/simulate.ts), for objects that
 * reach their target T = 1 s … 1 h after the request. The figures go to bench/README.md (bench/report.ts).
 */
import { bench, describe } from "vitest";
import { DEFAULT_POLL_SCHEDULE } from "../provider/core/wait";
import { writeResults } from "./results";
import { OFFSETS, Summary, concurrentWaits, oursOnce, previousOnce, sweep, terraformOnce } from "./simulate";
import { TERRAFORM_FABRIC, TERRAFORM_OVH_TASK } from "./terraform";

process.env.INTERCONNECT_QUIET = "1";

export interface WaitsResults {
  offsets: number;
  schedule: typeof DEFAULT_POLL_SCHEDULE;
  rows: Record<string, Summary[]>;
  tradeoff: { growth: number; rows: Summary[] }[];
  concurrent: {
    label: string;
    perObject: Awaited<ReturnType<typeof concurrentWaits>>;
    shared: Awaited<ReturnType<typeof concurrentWaits>>;
  }[];
  simulatedMs: number;
}

describe("poll schedule against a scripted API (virtual clock)", async () => {
  const started = performance.now();
  const rows: Record<string, Summary[]> = {
    ours: await sweep("ours", (ready, seed) => oursOnce(ready, seed)),
    oursShared: await sweep("ours-shared", (ready, seed) => oursOnce(ready, seed, { alignMs: 250 })),
    terraformFabric: await sweep("tf-fabric", (ready) => terraformOnce(TERRAFORM_FABRIC, ready)),
    terraformOvh: await sweep("tf-ovh", (ready) => terraformOnce(TERRAFORM_OVH_TASK, ready)),
    previous: await sweep("previous", (ready) => previousOnce(ready)),
  };
  const tradeoff = [];
  for (const growth of [0.05, 0.1, 0.15, 0.2, 0.5, 1])
    tradeoff.push({
      growth,
      rows: await sweep(`growth-${growth}`, (ready, seed) => oursOnce(ready, seed, { growth })),
    });
  const concurrent = [];
  for (const [n, spread] of [
    [50, 20_000],
    [200, 60_000],
  ]) {
    concurrent.push({
      label: `${n} waits started over ${spread / 1000} s, each approved 30 s – 10 min later`,
      perObject: await concurrentWaits(n, spread, false),
      shared: await concurrentWaits(n, spread, true),
    });
  }
  const results: WaitsResults = {
    offsets: OFFSETS.length,
    schedule: DEFAULT_POLL_SCHEDULE,
    rows,
    tradeoff,
    concurrent,
    simulatedMs: performance.now() - started,
  };
  writeResults("waits", results);

  bench("one simulated 1-hour wait (real waitForStatus, virtual clock)", async () => {
    await oursOnce(3_600_000, 7);
  });
  bench(
    "200 concurrent 30 s – 10 min waits through one shared poller (virtual clock)",
    async () => {
      await concurrentWaits(200, 60_000, true);
    },
    { iterations: 5, time: 0 },
  );
});
