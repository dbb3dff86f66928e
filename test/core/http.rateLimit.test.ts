/**
 * The per-account request budget, the operation deadline and deadline-bounded retries, against real servers on
 * 127.0.0.1. Assertions are on counts and order; the only times asserted are lower bounds (a loaded machine can
 * only make things slower) and generous upper bounds on "does not hang".
 */
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from "vitest";
import { currentDeadline, remainingMs, withDeadline } from "../../provider/core/deadline";
import { ApiError, ConfigurationError } from "../../provider/core/errors";
import { HttpClient, HttpClientOptions } from "../../provider/core/http";
import {
  DEFAULT_RATE_LIMITS,
  formatRateLimit,
  parseRateLimit,
  rateLimitStats,
  resetRateLimits,
} from "../../provider/core/rateLimit";
import { ConsoleConnectClient } from "../../provider/consoleconnect/client";
import { EquinixClient } from "../../provider/equinix/client";
import { OvhClient } from "../../provider/ovh/client";
import { Answer, Arrival, TestServer, maxInWindow, startServer, within } from "./httpTestServer";

let server: TestServer;
let answer: (req: Arrival, seen: Arrival[]) => Answer | Promise<Answer> = () => ({ status: 200, body: {} });

beforeAll(async () => {
  server = await startServer((req, seen) => answer(req, seen));
});
afterAll(() => server.close());
beforeEach(() => {
  server.plan = [];
  server.seen = [];
  answer = () => ({ status: 200, body: {} });
});
afterEach(() => resetRateLimits());

let accounts = 0;
/** A client of a fresh account unless one is named. */
function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    vendor: "Acme",
    baseURL: server.base,
    account: `account-${++accounts}`,
    retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 50 },
    parseError: () => ({ problems: [] }),
    credentialsHelp: "set ACME_KEY.",
    rateLimitSetting: "interconnect:acmeRateLimit or ACME_RATE_LIMIT",
    ...extra,
  });
}

describe("the settings format RATE[/s|/m][:BURST]", () => {
  const at = "interconnect:acmeRateLimit or ACME_RATE_LIMIT";
  it("reads rates per second and per minute, with or without a burst", () => {
    // Without a burst: half a second's worth, at least 1 (slack for calls that arrive closer than they left).
    expect(parseRateLimit("10", at, 8)).toEqual({ ratePerSecond: 10, burst: 5, maxConcurrent: 8 });
    expect(parseRateLimit("10/s:20", at, 8)).toEqual({ ratePerSecond: 10, burst: 20, maxConcurrent: 8 });
    expect(parseRateLimit(" 2.5/S ", at, 4)).toEqual({ ratePerSecond: 2.5, burst: 2, maxConcurrent: 4 });
    expect(parseRateLimit("50/m:10", at, 4)).toEqual({ ratePerSecond: 50 / 60, burst: 10, maxConcurrent: 4 });
    expect(parseRateLimit("30/m", at, 4)).toEqual({ ratePerSecond: 0.5, burst: 1, maxConcurrent: 4 });
  });
  it("turns the limit off with off, none or 0", () => {
    for (const text of ["off", "OFF", "none", "0"]) expect(parseRateLimit(text, at, 8)).toBe("off");
  });
  it("refuses anything else, naming the setting and the format", () => {
    for (const text of ["fast", "10/h", "-1", "10:0", "/s", "10/s:"]) {
      expect(() => parseRateLimit(text, at, 8)).toThrow(ConfigurationError);
    }
    expect(() => parseRateLimit("fast", at, 8)).toThrow(
      'pulumi-interconnect: interconnect:acmeRateLimit or ACME_RATE_LIMIT is "fast", which is not a rate limit. Write RATE[/s|/m][:BURST]',
    );
  });
  it("writes limits back in the same format", () => {
    expect(formatRateLimit(DEFAULT_RATE_LIMITS.ovh)).toBe("50/m:10");
    expect(formatRateLimit(DEFAULT_RATE_LIMITS.equinix)).toBe("10/s:20");
  });
});

describe("vendor defaults and settings", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("limits the vendors' own endpoints by default, and not the loopback emulators", () => {
    for (const key of ["EQUINIX_RATE_LIMIT", "OVH_RATE_LIMIT", "CONSOLE_CONNECT_RATE_LIMIT"])
      delete process.env[key];
    const equinix = new EquinixClient({ endpoint: "https://api.equinix.com", clientId: "id-defaults" });
    expect(equinix.http.rateLimitStats()).toMatchObject({ limited: true, configuredRate: 10, burst: 20 });
    const ovh = new OvhClient({ endpoint: "ovh-eu", applicationKey: "ak", consumerKey: "ck-defaults-value" });
    expect(ovh.http.rateLimitStats()).toMatchObject({ limited: true, configuredRate: 50 / 60, burst: 10 });
    const cc = new ConsoleConnectClient({ endpoint: "https://api.consoleconnect.com", apiKey: "k-defaults" });
    expect(cc.http.rateLimitStats()).toMatchObject({ limited: true, configuredRate: 10, burst: 20 });
    const emulator = new EquinixClient({ endpoint: server.base, clientId: "id-defaults" });
    expect(emulator.http.rateLimitStats().limited).toBe(false);
  });

  it("takes EQUINIX_RATE_LIMIT, OVH_RATE_LIMIT and CONSOLE_CONNECT_RATE_LIMIT, even for a loopback endpoint", async () => {
    const { credentialsFromSettings: equinix } = await import("../../provider/equinix/client");
    const { credentialsFromSettings: ovh } = await import("../../provider/ovh/client");
    const { credentialsFromSettings: cc } = await import("../../provider/consoleconnect/client");
    Object.assign(process.env, {
      EQUINIX_RATE_LIMIT: "5/s:2",
      OVH_RATE_LIMIT: "off",
      CONSOLE_CONNECT_RATE_LIMIT: "120/m",
    });
    const e = new EquinixClient({ ...equinix(), endpoint: server.base, clientId: "id-settings" });
    expect(e.http.rateLimitStats()).toMatchObject({ limited: true, configuredRate: 5, burst: 2 });
    const o = new OvhClient({
      ...ovh(),
      endpoint: "ovh-eu",
      applicationKey: "ak",
      consumerKey: "ck-settings",
    });
    expect(o.http.rateLimitStats().limited).toBe(false);
    const c = new ConsoleConnectClient({
      ...cc(),
      endpoint: "https://api.consoleconnect.com",
      apiKey: "k-settings",
    });
    expect(c.http.rateLimitStats()).toMatchObject({ limited: true, configuredRate: 2, burst: 1 });
  });

  it("keys an account by a hash of its identity, never the identity in clear", () => {
    new ConsoleConnectClient({ endpoint: "https://api.consoleconnect.com", apiKey: "cc-api-key-in-clear" });
    const text = JSON.stringify(rateLimitStats());
    expect(text).not.toContain("cc-api-key-in-clear");
    expect(rateLimitStats("Console Connect")[0].account).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe("the shared request budget", () => {
  it("answers a burst of concurrent calls without failure, sending them no faster than the configured rate", async () => {
    // The server allows 20 calls in any second and answers 429 beyond; the client is set to 10/s with a burst of 5.
    let refused = 0;
    answer = (req, seen) => {
      const recent = seen.filter((s) => s.at > req.at - 1000);
      if (recent.length > 20) {
        refused++;
        return { status: 429, headers: { "Retry-After": "1" } };
      }
      return { status: 200, body: { n: seen.length } };
    };
    const c = client({ rateLimit: { ratePerSecond: 10, burst: 5, maxConcurrent: 4 } });
    const started = Date.now();
    const results = await within(
      20_000,
      Promise.all(Array.from({ length: 30 }, (_, i) => c.get<{ n: number }>(`/burst/${i}`))),
    );
    expect(results).toHaveLength(30);
    expect(refused).toBe(0);
    expect(server.seen).toHaveLength(30);
    // At most the burst plus one second's worth in any second (+2 for timer and socket jitter).
    expect(maxInWindow(server.seen, 1000)).toBeLessThanOrEqual(5 + 10 + 2);
    // 25 calls beyond the burst at 10/s cannot all have gone out in under ~2.4 s (a lower bound: load only slows).
    expect(server.seen[29].at - started).toBeGreaterThanOrEqual(2_000);
    expect(c.rateLimitStats()).toMatchObject({ sent: 30, throttled: 0, queued: 0, running: 0 });
  });

  it("never has more than maxConcurrent calls in flight", async () => {
    let inFlight = 0;
    let most = 0;
    answer = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      return { status: 200, body: {} };
    };
    const c = client({ rateLimit: { ratePerSecond: 1000, burst: 100, maxConcurrent: 3 } });
    await within(10_000, Promise.all(Array.from({ length: 12 }, (_, i) => c.get(`/slot/${i}`))));
    expect(server.seen).toHaveLength(12);
    expect(most).toBeLessThanOrEqual(3);
  });

  it("puts every attempt, retries included, through the limiter", async () => {
    server.plan = [{ status: 503 }, { status: 502 }];
    const c = client({ rateLimit: "100/s:10" });
    await c.get("/retried");
    expect(c.rateLimitStats()).toMatchObject({ sent: 3, throttled: 0 });
  });

  it("slows down on a 429, pauses for its Retry-After, then recovers the configured rate", async () => {
    // The third call is refused with Retry-After: 1; the rate seen by the next call is recorded when it arrives.
    let rateAfterPause: number | undefined;
    let throttledAt = 0;
    const c = client({
      rateLimit: { ratePerSecond: 20, burst: 2, maxConcurrent: 1 },
      rateLimitTuning: { recoveryIntervalMs: 2_000, recoveryStepFraction: 0.25 },
    });
    answer = (req, seen) => {
      if (seen.length === 3) {
        throttledAt = req.at;
        return { status: 429, headers: { "Retry-After": "1" } };
      }
      if (seen.length === 4) rateAfterPause = c.rateLimitStats().currentRate;
      return { status: 200, body: {} };
    };
    await within(20_000, Promise.all(Array.from({ length: 6 }, (_, i) => c.get(`/aimd/${i}`))));
    expect(server.seen).toHaveLength(7);
    expect(c.rateLimitStats().throttled).toBe(1);
    // Nothing went out during the pause (lower bound), and the rate was halved (10/s, maybe one step back up).
    expect(server.seen[3].at - throttledAt).toBeGreaterThanOrEqual(950);
    expect(rateAfterPause).toBeLessThanOrEqual(15);
    expect(rateAfterPause).toBeGreaterThanOrEqual(10);
    // Additive increase: 10 → 15 → 20/s, one step per quiet 2 s.
    for (let i = 0; i < 150 && c.rateLimitStats().currentRate! < 20; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(c.rateLimitStats().currentRate).toBe(20);
  });

  it("halves the rate once for a burst refused together, not once per refused call", async () => {
    // The server holds the first four calls until all four arrived, then refuses them all.
    const held: (() => void)[] = [];
    answer = async (_req, seen) => {
      if (seen.length <= 4) {
        await new Promise<void>((r) => {
          held.push(r);
          if (held.length === 4) held.forEach((f) => f());
        });
        return { status: 429 };
      }
      return { status: 200, body: {} };
    };
    const c = client({
      rateLimit: { ratePerSecond: 40, burst: 4, maxConcurrent: 4 },
      rateLimitTuning: { recoveryIntervalMs: 60_000 },
    });
    await within(20_000, Promise.all(Array.from({ length: 4 }, (_, i) => c.get(`/together/${i}`))));
    expect(c.rateLimitStats()).toMatchObject({ throttled: 4, currentRate: 20 });
  });

  it("is shared by every client of an account, and separate across accounts", async () => {
    const slow = { ratePerSecond: 1 / 60, burst: 1, maxConcurrent: 1 };
    const a = client({ account: "shared-account", rateLimit: slow });
    const b = client({ account: "shared-account", rateLimit: slow });
    const other = client({ account: "other-account", rateLimit: slow });
    await a.get("/a");
    // b draws on the same empty bucket: it waits in the queue until its deadline.
    const err = await within(
      10_000,
      withDeadline(300, () => b.get("/b")).catch((e) => e),
    );
    expect(err.message).toMatch(/rate limit queue/);
    // Another account has its own budget.
    await within(10_000, other.get("/other"));
    expect(server.seen.map((s) => s.url)).toEqual(["/a", "/other"]);
    const stats = rateLimitStats("Acme");
    expect(stats).toHaveLength(2);
    expect(a.rateLimitStats()).toEqual(b.rateLimitStats());
    expect(a.rateLimitStats()).toMatchObject({ sent: 1, queueTimeouts: 1 });
    expect(other.rateLimitStats()).toMatchObject({ sent: 1, queueTimeouts: 0 });
  });

  it("runs each attempt in its own caller's deadline context, whoever let the queue move", async () => {
    const labels: [string, string | undefined][] = [];
    answer = async () => {
      await new Promise((r) => setTimeout(r, 20));
      return { status: 200, body: {} };
    };
    const c = client({
      rateLimit: { ratePerSecond: 1000, burst: 100, maxConcurrent: 1 },
      authorize: async ({ url }) => {
        labels.push([new URL(url).pathname, currentDeadline()?.label]);
        return {};
      },
    });
    await Promise.all(
      ["a", "b", "c"].map((name) => withDeadline(60_000, () => c.get(`/${name}`), { label: name })),
    );
    // Each call authorizes twice (before queueing and in its slot), always under its own deadline.
    expect(labels).toHaveLength(6);
    for (const [path, label] of labels) expect(path).toBe(`/${label}`);
  });

  it("still counts calls when the limit is off", async () => {
    const c = client({ rateLimit: "off" });
    await Promise.all([c.get("/1"), c.get("/2")]);
    expect(c.rateLimitStats()).toMatchObject({ limited: false, sent: 2, throttled: 0 });
    expect(c.rateLimitStats().currentRate).toBeUndefined();
  });

  it("lets token calls through first, so that calls holding slots never wait on them for ever", async () => {
    answer = (req) =>
      req.url.startsWith("/oauth2")
        ? { status: 200, body: { access_token: "urgent-token-value", token_timeout: "3600" } }
        : { status: 200, body: [] };
    const equinix = new EquinixClient({
      endpoint: server.base,
      clientId: "urgent-client",
      clientSecret: "urgent-secret-value",
      rateLimit: { ratePerSecond: 100, burst: 10, maxConcurrent: 1 },
    });
    await within(
      10_000,
      Promise.all(Array.from({ length: 5 }, () => equinix.http.get("/ecx/v3/port/userport"))),
    );
    expect(server.seen.filter((s) => s.url.startsWith("/oauth2"))).toHaveLength(1);
    expect(server.seen).toHaveLength(6);
  });
});

describe("the operation deadline", () => {
  it("is set by withDeadline, seen through awaits, and only ever shortened by nesting", async () => {
    expect(currentDeadline()).toBeUndefined();
    expect(remainingMs()).toBeUndefined();
    await withDeadline(
      60_000,
      async () => {
        const outer = currentDeadline()!;
        expect(outer.label).toBe("create");
        await new Promise((r) => setTimeout(r, 1));
        expect(currentDeadline()).toBe(outer);
        await withDeadline(120_000, async () => expect(currentDeadline()!.at).toBe(outer.at));
        await withDeadline(1_000, async () => {
          expect(currentDeadline()!.at).toBeLessThan(outer.at);
          expect(currentDeadline()!.label).toBe("create");
          expect(remainingMs()).toBeLessThanOrEqual(1_000);
        });
        // A clean-up after the operation's deadline may replace it explicitly.
        await withDeadline(
          120_000,
          async () => {
            expect(currentDeadline()!.at).toBeGreaterThan(outer.at);
            expect(currentDeadline()!.label).toBe("record partial state");
          },
          { override: true, label: "record partial state" },
        );
        expect(currentDeadline()).toBe(outer);
      },
      { label: "create" },
    );
    expect(currentDeadline()).toBeUndefined();
  });

  it("retries an idempotent read until the deadline, not a fixed number of times, then counts the attempts", async () => {
    answer = () => ({ status: 503 });
    const c = client({ retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 40 } });
    const started = Date.now();
    const err = await within(
      10_000,
      withDeadline(800, () => c.get("/flaky")).catch((e) => e),
    );
    expect(err).toBeInstanceOf(ApiError);
    // More attempts than `retries` allows a create, and exactly as many as the server saw.
    expect(server.seen.length).toBeGreaterThan(2 + 1);
    expect(err.attempts).toBe(server.seen.length);
    expect(err.message).toMatch(
      new RegExp(`^Acme API call GET /flaky failed with HTTP 503 after ${server.seen.length} attempts\\.`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("reports the last failure, not a bare deadline, when a backoff overran the deadline", async () => {
    // The answer is followed by a 400 ms stall of this process (the machine is busy): the 50 ms backoff ends past
    // the 200 ms deadline.
    answer = (req) => {
      if (req.url === "/warm") return { status: 200, body: {} };
      setTimeout(() => {
        const until = Date.now() + 400;
        while (Date.now() < until);
      }, 5);
      return { status: 503, body: {} };
    };
    const c = client({ retry: { retries: 3, baseDelayMs: 50, maxDelayMs: 50 } });
    await c.get("/warm");
    const err = await withDeadline(200, () => c.get("/stalled")).catch((e) => e);
    expect(server.seen.map((s) => s.url)).toEqual(["/warm", "/stalled"]);
    expect(err.message).toMatch(/^Acme API call GET \/stalled failed with HTTP 503 on the first attempt\./);
  });

  it("reports the vendor's answer, not the timeout, when the deadline cut a read's last attempt short", async () => {
    server.plan = [{ status: 503, body: {} }, { hangMs: 5_000 }];
    const err = await within(
      4_000,
      withDeadline(500, () => client({ timeoutMs: 30_000 }).get("/cut")).catch((e) => e),
    );
    expect(err.message).toMatch(/^Acme API call GET \/cut failed with HTTP 503 after 2 attempts\./);
  });

  it("keeps a create's cut-short attempt ambiguous: it may have landed", async () => {
    server.plan = [{ status: 503, body: {} }, { hangMs: 5_000 }];
    const err = await within(
      4_000,
      withDeadline(500, () => client({ timeoutMs: 30_000 }).post("/things", {})).catch((e) => e),
    );
    expect(err.message).toMatch(
      /^Acme API call POST \/things failed with no HTTP answer \(timed out\) after 2 attempts\./,
    );
    expect(err.ambiguous).toBe(true);
  });

  it("gives reads a default deadline when none is set (implicitDeadlineMs)", async () => {
    answer = () => ({ status: 504 });
    const c = client({ retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 40, implicitDeadlineMs: 500 } });
    const err = await within(
      10_000,
      c.get("/gateway").catch((e) => e),
    );
    expect(server.seen.length).toBeGreaterThan(2);
    expect(err.attempts).toBe(server.seen.length);
  });

  it("keeps the fixed number of retries for a create after a failure the server did not act on", async () => {
    answer = () => ({ status: 503 });
    const c = client({ retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 40 } });
    const err = await withDeadline(60_000, () => c.post("/things", { a: 1 })).catch((e) => e);
    expect(server.seen).toHaveLength(3);
    expect(err.message).toMatch(/^Acme API call POST \/things failed with HTTP 503 after 3 attempts\./);
  });

  for (const fault of ["reset", 500, 502, 504, "timeout"] as const) {
    it(`never re-sends a create after an ambiguous ${fault}, even with time left`, async () => {
      server.plan = [
        fault === "reset" ? "reset" : fault === "timeout" ? { hangMs: 2_000 } : { status: fault },
      ];
      const c = client({ timeoutMs: 200 });
      const err = await within(
        10_000,
        withDeadline(60_000, () => c.post("/things", { name: "a" })).catch((e) => e),
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err.ambiguous).toBe(true);
      expect(err.attempts).toBe(1);
      expect(server.seen).toHaveLength(1);
    });
  }

  it("fails a call that cannot leave the rate limit queue before the deadline, and never sends it", async () => {
    const c = client({ rateLimit: { ratePerSecond: 1 / 60, burst: 1, maxConcurrent: 1 } });
    await c.get("/first");
    const err = await within(
      10_000,
      withDeadline(300, () => c.get("/second"), { label: 'create of "db-link"' }).catch((e) => e),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe(
      'Acme API call GET /second was not sent: it was still waiting in the rate limit queue when the deadline of create of "db-link" passed. ' +
        "All calls to this Acme account share one request budget (1/m:1). Give the resource longer timeouts, run fewer " +
        "operations at once (pulumi up --parallel), or raise interconnect:acmeRateLimit or ACME_RATE_LIMIT if the vendor allows it.",
    );
    expect(server.seen.map((s) => s.url)).toEqual(["/first"]);
    expect(c.rateLimitStats()).toMatchObject({ sent: 1, queueTimeouts: 1, queued: 0 });
  });

  it("cuts the wait for an answer at the deadline", async () => {
    server.plan = [{ hangMs: 5_000 }];
    const c = client({ timeoutMs: 30_000 });
    const err = await within(
      4_000,
      withDeadline(300, () => c.get("/slow")).catch((e) => e),
    );
    expect(err.message).toMatch(
      /^Acme API call GET \/slow failed with no HTTP answer \(timed out\) on the first attempt/,
    );
  });

  it("does not start a call whose deadline has already passed", async () => {
    const err = await withDeadline(0, () => client().get("/late")).catch((e) => e);
    expect(err.message).toMatch(
      /^Acme API call GET \/late was not sent: the operation's deadline passed before it could be sent\./,
    );
    expect(server.seen).toHaveLength(0);
  });
});
