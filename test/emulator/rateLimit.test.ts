/**
 * The rate-limit mode of every emulator: a token bucket per credential, 429 with a whole-second Retry-After and
 * the vendor's error body once it is empty, refill at the rate, off by default, driven by the factory options,
 * /__emulator/rate-limit, startAllEmulators and the CLI; rate-limited answers are in the request log.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import axios, { AxiosInstance } from "axios";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_PARTNER_API_KEY,
  EQUINIX_DEMO_CREDENTIALS,
  ListeningEmulator,
  OVH_DEMO_CREDENTIALS,
  createEmulator,
  startAllEmulators,
  startConsoleConnectEmulator,
  startEquinixEmulator,
  startOvhEmulator,
} from "../../emulator";
import { signRequest } from "../../provider/ovh/client";

type Json = any;

const fakeVendorErrorBody = (status: number, code: string, message: string) => ({
  fake: { status, code, message },
});

describe("rate-limit mode in the emulator core", () => {
  let server: ListeningEmulator;
  let http: AxiosInstance;
  let processed = 0;
  const emulator = createEmulator({
    vendor: "fake",
    errorBody: fakeVendorErrorBody,
    credentialOf: (request) => {
      const key = request.headers["x-key"];
      return typeof key === "string" ? `key ${key}` : undefined;
    },
  });
  emulator.app.get("/things", async () => ({ things: ++processed }));

  beforeAll(async () => {
    server = await emulator.listen(0);
    http = axios.create({ baseURL: server.url, validateStatus: () => true });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await http.post("/__emulator/reset");
  });

  const get = (key?: string) => http.get("/things", { headers: key ? { "x-key": key } : {} });
  const statuses = async (n: number, key?: string) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await get(key)).status);
    return out;
  };
  const limit = (body: unknown) => http.post("/__emulator/rate-limit", body);

  it("is off by default", async () => {
    expect((await http.get("/__emulator/rate-limit")).data).toEqual({ enabled: false });
    expect(new Set(await statuses(30, "a"))).toEqual(new Set([200]));
  });

  it("answers the burst, then 429 with a whole-second Retry-After and the vendor's body, logged", async () => {
    expect((await limit({ rate: 0.5, burst: 3 })).data).toEqual({ enabled: true, rate: 0.5, burst: 3 });
    expect(await statuses(5, "a")).toEqual([200, 200, 200, 429, 429]);
    const refused = await get("a");
    expect(refused.status).toBe(429);
    // One token comes back after 2 s at 0.5 requests/s.
    expect(refused.headers["retry-after"]).toBe("2");
    expect(refused.data.fake).toMatchObject({ status: 429, code: "EMULATOR-RATE-LIMITED" });
    expect(refused.data.fake.message).toMatch(/rate limit of 0\.5 requests\/s \(burst 3\)/);
    const log = (await http.get("/__emulator/requests")).data;
    expect(log.filter((e: Json) => e.status === 429)).toHaveLength(3);
    expect(log.filter((e: Json) => e.fault === "rate-limit")).toHaveLength(3);
  });

  it("refills at the rate, on the emulator clock and in real time", async () => {
    await limit({ rate: 2, burst: 2 });
    expect(await statuses(3, "a")).toEqual([200, 200, 429]);
    emulator.clock.advance(500);
    expect(await statuses(2, "a")).toEqual([200, 429]);
    emulator.clock.advance(10_000);
    // Never more than the burst, however long the wait.
    expect(await statuses(3, "a")).toEqual([200, 200, 429]);
    await limit({ rate: 20, burst: 1 });
    expect(await statuses(2, "b")).toEqual([200, 429]);
    await new Promise((r) => setTimeout(r, 120));
    expect(await statuses(1, "b")).toEqual([200]);
  });

  it("keeps one bucket per credential; requests without one share their address's", async () => {
    await limit({ rate: 0.1, burst: 2 });
    expect(await statuses(3, "a")).toEqual([200, 200, 429]);
    expect(await statuses(3, "b")).toEqual([200, 200, 429]);
    expect(await statuses(3)).toEqual([200, 200, 429]);
    expect(await statuses(1, "c")).toEqual([200]);
  });

  it("is driven by POST, GET and DELETE /__emulator/rate-limit, which are never limited themselves", async () => {
    expect((await limit({ rate: 0 })).status).toBe(400);
    expect((await limit({ rate: 1, burst: 1.5 })).status).toBe(400);
    expect((await limit({ rate: 1, extra: true })).status).toBe(400);
    // The default burst is the rate rounded up.
    expect((await limit({ rate: 2.5 })).data).toEqual({ enabled: true, rate: 2.5, burst: 3 });
    await limit({ rate: 0.1, burst: 1 });
    expect(await statuses(2, "a")).toEqual([200, 429]);
    for (let i = 0; i < 5; i++) expect((await http.get("/__emulator/rate-limit")).status).toBe(200);
    // New settings start with full buckets.
    await limit({ rate: 0.1, burst: 1 });
    expect(await statuses(1, "a")).toEqual([200]);
    expect((await http.delete("/__emulator/rate-limit")).status).toBe(204);
    expect((await http.get("/__emulator/rate-limit")).data).toEqual({ enabled: false });
    expect(new Set(await statuses(5, "a"))).toEqual(new Set([200]));
  });

  it("spends no fault on a rate-limited request, and reset switches the mode back off", async () => {
    await limit({ rate: 0.1, burst: 1 });
    await http.post("/__emulator/faults", { kind: "status", status: 503 });
    expect(await statuses(1, "a")).toEqual([503]);
    await http.post("/__emulator/faults", { kind: "status", status: 503 });
    expect(await statuses(2, "a")).toEqual([429, 429]);
    expect((await http.get("/__emulator/faults")).data).toHaveLength(1);
    await http.post("/__emulator/reset");
    expect((await http.get("/__emulator/rate-limit")).data).toEqual({ enabled: false });
  });

  it("starts on with the factory option, and reset goes back to it", async () => {
    const limited = createEmulator({
      vendor: "fake",
      errorBody: fakeVendorErrorBody,
      rateLimit: { rate: 1 },
    });
    limited.app.get("/things", async () => ({}));
    const running = await limited.listen(0);
    try {
      const client = axios.create({ baseURL: running.url, validateStatus: () => true });
      expect((await client.get("/__emulator/rate-limit")).data).toEqual({ enabled: true, rate: 1, burst: 1 });
      await client.delete("/__emulator/rate-limit");
      await client.post("/__emulator/reset");
      expect((await client.get("/__emulator/rate-limit")).data.enabled).toBe(true);
    } finally {
      await running.close();
    }
  });
});

describe("rate-limit mode of each vendor emulator: the credential it counts, and its error body", () => {
  const RATE = { rate: 0.1, burst: 1 };

  it("Console Connect: per API key (and per login email), with the LoopBack body", async () => {
    const running = await startConsoleConnectEmulator({ rateLimit: RATE });
    try {
      const ports = `/api/company/${CONSOLE_CONNECT_DEMO_COMPANY.username}/ports`;
      const get = (key: string) =>
        fetch(`${running.url}${ports}`, { headers: { Authorization: `Bearer ${key}` } });
      expect((await get(CONSOLE_CONNECT_DEMO_API_KEY)).status).toBe(200);
      const refused = await get(CONSOLE_CONNECT_DEMO_API_KEY);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("10");
      expect((await refused.json()).error).toMatchObject({ statusCode: 429, name: "Error" });
      expect((await get(CONSOLE_CONNECT_PARTNER_API_KEY)).status).toBe(200);
      const login = (email: string) =>
        fetch(`${running.url}/api/auth/token`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: "wrong" }),
        });
      expect((await login("a@example.com")).status).toBe(401);
      expect((await login("a@example.com")).status).toBe(429);
      expect((await login("b@example.com")).status).toBe(401);
    } finally {
      await running.close();
    }
  });

  it("OVHcloud: per application key + consumer key, per OAuth2 client, and GET /auth/time by address", async () => {
    const running = await startOvhEmulator({ rateLimit: RATE });
    try {
      const signed = async (consumerKey: string) => {
        const url = `${running.endpoint}/ovhCloudConnect`;
        const timestamp = Math.floor(Date.now() / 1000);
        const { applicationKey, applicationSecret } = OVH_DEMO_CREDENTIALS;
        return fetch(url, {
          headers: {
            "X-Ovh-Application": applicationKey,
            "X-Ovh-Consumer": consumerKey,
            "X-Ovh-Timestamp": String(timestamp),
            "X-Ovh-Signature": signRequest({
              applicationSecret,
              consumerKey,
              method: "GET",
              url,
              body: "",
              timestamp,
            }),
          },
        });
      };
      expect((await signed(OVH_DEMO_CREDENTIALS.consumerKey)).status).toBe(200);
      const refused = await signed(OVH_DEMO_CREDENTIALS.consumerKey);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ class: "Client::TooManyRequests" });
      // Another consumer key is another bucket (the emulator then refuses the key itself: 403, not 429).
      expect((await signed("another-consumer-key")).status).toBe(403);
      const time = () => fetch(`${running.endpoint}/auth/time`);
      expect((await time()).status).toBe(200);
      expect((await time()).status).toBe(429);
      const token = (clientId: string) =>
        fetch(`${running.url}/auth/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: clientId,
            client_secret: OVH_DEMO_CREDENTIALS.clientSecret,
          }).toString(),
        });
      expect((await token(OVH_DEMO_CREDENTIALS.clientId)).status).toBe(200);
      expect((await token(OVH_DEMO_CREDENTIALS.clientId)).status).toBe(429);
      expect((await token("someone-else")).status).toBe(401);
    } finally {
      await running.close();
    }
  });

  it("Equinix: per OAuth client, token endpoint included", async () => {
    const running = await startEquinixEmulator({ rateLimit: { rate: 0.1, burst: 2 } });
    try {
      const token = (clientId: string) =>
        fetch(`${running.url}/oauth2/v1/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            grant_type: "client_credentials",
            client_id: clientId,
            client_secret: EQUINIX_DEMO_CREDENTIALS.clientSecret,
          }),
        });
      const granted = await token(EQUINIX_DEMO_CREDENTIALS.clientId);
      const { access_token: accessToken } = await granted.json();
      const ports = () =>
        fetch(`${running.url}/ecx/v3/port/userport`, { headers: { Authorization: `Bearer ${accessToken}` } });
      // The token request and this read share the client's burst of 2.
      expect((await ports()).status).not.toBe(429);
      const refused = await ports();
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ errorCode: "EMULATOR-RATE-LIMITED" });
      expect((await token(EQUINIX_DEMO_CREDENTIALS.clientId)).status).toBe(429);
      expect((await token("another-client")).status).toBe(401);
    } finally {
      await running.close();
    }
  });
});

describe("rate-limit mode for every emulator at once", () => {
  it("startAllEmulators({rateLimit}) turns it on everywhere; a vendor's own option wins", async () => {
    const all = await startAllEmulators({
      rateLimit: { rate: 5, burst: 10 },
      ovh: { rateLimit: { rate: 1 } },
    });
    try {
      const settings = async (url: string) => (await fetch(`${url}/__emulator/rate-limit`)).json();
      expect(await settings(all.urls.equinix)).toEqual({ enabled: true, rate: 5, burst: 10 });
      expect(await settings(all.urls.consoleconnect)).toEqual({ enabled: true, rate: 5, burst: 10 });
      expect(await settings(all.urls.ovh)).toEqual({ enabled: true, rate: 1, burst: 1 });
    } finally {
      await all.close();
    }
  });

  it("the CLI takes --rate-limit RATE[:BURST], and refuses anything else with the usage", async () => {
    const CLI = path.resolve(__dirname, "../../emulator/dist/cli.js");
    const run = (args: string[]) => {
      const child = spawn("node", [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      return { child, exited, output: () => output };
    };
    const started = run(["consoleconnect", "--port", "0", "--rate-limit", "5:10"]);
    try {
      for (let i = 0; i < 100 && !/Rate-limit mode/.test(started.output()); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(started.output()).toMatch(/Rate-limit mode: 5 requests\/s per credential, burst 10/);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.output())![1];
      expect(await (await fetch(`${url}/__emulator/rate-limit`)).json()).toEqual({
        enabled: true,
        rate: 5,
        burst: 10,
      });
    } finally {
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    }
    for (const bad of ["fast", "0", "5:1.5", "-1"]) {
      const refused = run(["ovh", "--port", "0", `--rate-limit=${bad}`]);
      expect(await refused.exited).toBe(2);
      expect(refused.output()).toMatch(/--rate-limit must be RATE or RATE:BURST[\s\S]*usage: .*--rate-limit/);
    }
  });
});
