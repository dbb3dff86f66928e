/**
 * terraform's wait loop, for comparison: the timing of `StateChangeConf.WaitForStateContext` in
 * hashicorp/terraform-plugin-sdk `helper/retry/state.go` (v2), ported step for step onto a `WaitClock`:
 *
 *   1. sleep `Delay`;
 *   2. refresh at once (`wait` starts at 0; after that first sleep it becomes 100 ms);
 *   3. after each refresh that is not the target: `wait *= 2`, then, unless `PollInterval` is set (and under
 *      180 s), `wait = MinTimeout` if below it, else 10 s if above 10 s; sleep `wait`; refresh again.
 *
 * So a MinTimeout above 10 s alternates: MinTimeout 30 s gives gaps of 30, 10, 30, 10 … s (60 s is clamped to
 * 10 s, whose double, 20 s, is raised back to 30 s). The overall `Timeout` is a separate timer; it is not
 * modelled here (the bench reports where the providers' timeouts would have failed the wait instead).
 *
 * Settings of the waits compared (read at the commits the bench README names):
 * - equinix/terraform-provider-equinix `internal/resources/fabric/connection/resource.go`: every connection wait
 *   (create, update, delete, AWS acceptance) uses Delay 30 s, MinTimeout 30 s; Timeout = the resource's timeout
 *   (default 15 min) minus what has elapsed.
 * - ovh/terraform-provider-ovh `ovh/ovhcloud_connect_task.go`: OVHcloud Connect tasks use Delay 30 s,
 *   MinTimeout 5 s, Timeout 10 min (fixed, no `timeouts` block); `ovh/vrack_task.go`: vRack tasks use Delay
 *   10 s, MinTimeout 3 s, Timeout 60 min.
 */
import type { WaitClock } from "../provider/core/clock";

export interface StateChangeConfTiming {
  name: string;
  delayMs: number;
  minTimeoutMs: number;
  pollIntervalMs?: number;
  /** The wait's Timeout in the provider (for the report only). */
  timeoutMs: number;
  /** Whether the user can raise the timeout (a `timeouts` block). */
  timeoutConfigurable: boolean;
}

export const TERRAFORM_FABRIC: StateChangeConfTiming = {
  name: "terraform Fabric v4 (Delay 30 s, MinTimeout 30 s)",
  delayMs: 30_000,
  minTimeoutMs: 30_000,
  timeoutMs: 15 * 60_000,
  timeoutConfigurable: true,
};

export const TERRAFORM_OVH_TASK: StateChangeConfTiming = {
  name: "terraform OVH task (Delay 30 s, MinTimeout 5 s)",
  delayMs: 30_000,
  minTimeoutMs: 5_000,
  timeoutMs: 10 * 60_000,
  timeoutConfigurable: false,
};

/**
 * Runs StateChangeConf's refresh loop until `refresh` reports the target; resolves with the number of refreshes.
 * (Errors, Pending checks and NotFoundChecks do not change the timing and are left out.)
 */
export async function stateChangeConf(
  timing: StateChangeConfTiming,
  clock: WaitClock,
  refresh: () => Promise<boolean>,
): Promise<number> {
  const MS = 1;
  await clock.sleep(timing.delayMs);
  let wait = 0;
  let refreshes = 0;
  for (;;) {
    await clock.sleep(wait);
    if (wait === 0) wait = 100 * MS;
    refreshes++;
    if (await refresh()) return refreshes;
    wait *= 2;
    if (timing.pollIntervalMs && timing.pollIntervalMs > 0 && timing.pollIntervalMs < 180_000) {
      wait = timing.pollIntervalMs;
    } else if (wait < timing.minTimeoutMs) {
      wait = timing.minTimeoutMs;
    } else if (wait > 10_000) {
      wait = 10_000;
    }
  }
}
