/**
 * The shared request budget against the Equinix emulator in its rate-limit mode (a token bucket per OAuth client,
 * 429 with Retry-After beyond it): a burst of calls queues instead of failing.
 */
import axios from "axios";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EQUINIX_DEMO_CREDENTIALS, startEquinixEmulator } from "../../emulator/equinix";
import { resetRateLimits } from "../../provider/core/rateLimit";
import { EquinixClient } from "../../provider/equinix/client";
import { within } from "./httpTestServer";

let emulator: Awaited<ReturnType<typeof startEquinixEmulator>>;

beforeAll(async () => {
  // 10 calls per second per OAuth client, 10 at once.
  emulator = await startEquinixEmulator({ port: 0, rateLimit: { rate: 10, burst: 10 } });
});
afterAll(() => emulator.close());
afterEach(async () => {
  resetRateLimits();
  await axios.delete(`${emulator.url}/__emulator/requests`);
  // Let the emulator's bucket fill up again before the next case.
  await new Promise((r) => setTimeout(r, 1_200));
});

async function refused(): Promise<number> {
  const log: { status: number }[] = (await axios.get(`${emulator.url}/__emulator/requests`)).data;
  return log.filter((r) => r.status === 429).length;
}

const client = (rateLimit: string) =>
  new EquinixClient({
    endpoint: emulator.url,
    ...EQUINIX_DEMO_CREDENTIALS,
    rateLimit,
    retry: { baseDelayMs: 50, maxDelayMs: 500 },
  });

describe("the request budget against a rate-limited API", () => {
  it("stays under the API's limit when set below it: 30 concurrent calls, no 429", async () => {
    const equinix = client("8/s:8");
    const all = await within(
      30_000,
      Promise.all(Array.from({ length: 30 }, () => equinix.http.get("/ecx/v3/port/userport"))),
    );
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(await refused()).toBe(0);
    expect(equinix.http.rateLimitStats()).toMatchObject({ throttled: 0, sent: 31 });
  });

  it("adapts when set above it: every call succeeds, and the 429s slow the account down", async () => {
    const equinix = client("40/s:40");
    const all = await within(
      60_000,
      Promise.all(Array.from({ length: 40 }, () => equinix.http.get("/ecx/v3/port/userport"))),
    );
    expect(all.every((r) => r.status === 200)).toBe(true);
    const stats = equinix.http.rateLimitStats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.throttled).toBe(await refused());
    expect(stats.currentRate).toBeLessThan(40);
  });
});
