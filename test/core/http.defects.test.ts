/**
 * The HTTP layer's defects, each against a real server on 127.0.0.1: hangs on the first unauthenticated call,
 * HTTP 500, plain-HTTP endpoints, secrets in error fields, and the client timeout of every vendor.
 */
import { z } from "zod";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withDeadline } from "../../provider/core/deadline";
import { partialFailure } from "../../provider/core/dynamic";
import { ApiError, ConfigurationError, redact, registerSecret } from "../../provider/core/errors";
import { HttpClient, HttpClientOptions } from "../../provider/core/http";
import { resetRateLimits } from "../../provider/core/rateLimit";
import { useStackConfig } from "../../provider/core/settings";
import {
  ConsoleConnectClient,
  credentialsFromSettings as consoleConnectSettings,
} from "../../provider/consoleconnect/client";
import { EquinixClient, credentialsFromSettings as equinixSettings } from "../../provider/equinix/client";
import { OvhClient, credentialsFromSettings as ovhSettings } from "../../provider/ovh/client";
import { Answer, TestServer, startServer, within } from "./httpTestServer";

let server: TestServer;
/** Answers by path when the plan is empty. */
let route: (url: string) => Answer = () => ({ status: 200, body: { ok: true } });

beforeAll(async () => {
  server = await startServer((req) => route(req.url));
});
afterAll(() => server.close());
beforeEach(() => {
  server.plan = [];
  server.seen = [];
  route = () => ({ status: 200, body: { ok: true } });
});
afterEach(() => resetRateLimits());

const FAST = { retries: 3, baseDelayMs: 5, maxDelayMs: 40 };

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    vendor: "Acme",
    baseURL: server.base,
    retry: FAST,
    parseError: (data, headers) => {
      const d = data as { code?: string; message?: string } | undefined;
      return {
        problems: d && typeof d === "object" ? [{ code: d.code, message: d.message }] : [],
        requestId: headers["x-request-id"],
      };
    },
    credentialsHelp: "set ACME_KEY.",
    ...extra,
  });
}

const paths = () => server.seen.map((s) => `${s.method} ${s.url}`);

// A fault on the first unauthenticated call used to strip its "anonymous" marker in place; axios-retry then re-sent
// it as an authenticated call that waited for the token (or clock) this very call was fetching: a hang.
const FAULTS: [string, Answer][] = [
  ["429", { status: 429 }],
  ["502", { status: 502 }],
  ["503", { status: 503 }],
  ["504", { status: 504 }],
  ["a reset", "reset"],
  ["a timeout", { hangMs: 2_000 }],
];

describe("defect 1: a failing first unauthenticated call no longer hangs every call of the vendor", () => {
  FAULTS.forEach(([name, fault], i) => {
    it(`Equinix: ${name} on POST /oauth2/v1/token is retried, then the call goes through`, async () => {
      route = (url) =>
        url.startsWith("/oauth2/v1/token")
          ? { status: 200, body: { access_token: `token-${i}-abcdef`, token_timeout: "3600" } }
          : { status: 200, body: [] };
      server.plan = [fault];
      const equinix = new EquinixClient({
        endpoint: server.base,
        clientId: `defect1-client-${i}`,
        clientSecret: "defect1-secret-value",
        timeoutMs: 300,
        retry: FAST,
      });
      const [first, second] = await within(
        10_000,
        Promise.all([equinix.http.get("/ecx/v3/port/userport"), equinix.http.get("/ecx/v3/port/userport")]),
      );
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(paths()).toEqual([
        "POST /oauth2/v1/token",
        "POST /oauth2/v1/token",
        "GET /ecx/v3/port/userport",
        "GET /ecx/v3/port/userport",
      ]);
      expect(server.seen[2].headers.authorization).toBe(`Bearer token-${i}-abcdef`);
    });

    it(`OVHcloud: ${name} on GET /auth/time is retried, then the signed call goes through`, async () => {
      route = (url) =>
        url.endsWith("/auth/time")
          ? { status: 200, body: Math.floor(Date.now() / 1000) }
          : { status: 200, body: ["svc"] };
      server.plan = [fault];
      const ovh = new OvhClient({
        // The clock offset is cached per base URL: one per case.
        endpoint: `${server.base}/case${i}/1.0`,
        applicationKey: "defect1-app-key",
        applicationSecret: "defect1-app-secret",
        consumerKey: "defect1-consumer-key",
        timeoutMs: 300,
        retry: FAST,
      });
      expect(await within(10_000, ovh.get("/ovhCloudConnect", z.array(z.string())))).toEqual(["svc"]);
      expect(paths()).toEqual([
        `GET /case${i}/1.0/auth/time`,
        `GET /case${i}/1.0/auth/time`,
        `GET /case${i}/1.0/ovhCloudConnect`,
      ]);
      expect(server.seen[2].headers["x-ovh-signature"]).toMatch(/^\$1\$/);
    });
  });

  it("bounds a wait on credentials that never come by the call's own deadline", async () => {
    const c = client({ authorize: () => new Promise(() => undefined) });
    const err = await within(
      10_000,
      withDeadline(200, () => c.get("/never")).catch((e) => e),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(
      /^Acme API call GET \/never was not sent: it was still waiting for credentials \(a token or the server clock\) when the operation's deadline passed\./,
    );
    expect(server.seen).toHaveLength(0);
  });
});

describe("defect 2: HTTP 500 and the number of attempts", () => {
  it("retries an idempotent call after HTTP 500", async () => {
    server.plan = [{ status: 500 }, { status: 200, body: { n: 1 } }];
    expect((await client().get("/thing")).data).toEqual({ n: 1 });
    expect(server.seen).toHaveLength(2);
  });

  it("retries a PUT after HTTP 500 a bounded number of times, and says how many attempts were made", async () => {
    route = () => ({ status: 500, body: { code: "E500", message: "boom" } });
    const err = await client()
      .put("/thing/1", { a: 1 })
      .catch((e) => e);
    expect(server.seen).toHaveLength(4);
    expect(err.attempts).toBe(4);
    expect(err.message).toBe(
      "Acme API call PUT /thing/1 failed with HTTP 500 after 4 attempts: [E500] boom. The vendor's service failed; try again later, and contact the vendor if it persists.",
    );
  });

  it("never re-sends a create after HTTP 500: the error is ambiguous and says it was the first attempt", async () => {
    server.plan = [{ status: 500 }];
    const err = await client()
      .post("/things", { name: "a" })
      .catch((e) => e);
    expect(server.seen).toHaveLength(1);
    expect(err.ambiguous).toBe(true);
    expect(err.message).toMatch(/^Acme API call POST \/things failed with HTTP 500 on the first attempt\. /);
  });

  it("counts the attempts of a call retried until its deadline", async () => {
    route = () => ({ status: 503, body: { code: "BUSY", message: "try later" } });
    const err = await withDeadline(400, () => client().get("/thing")).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(server.seen.length).toBeGreaterThan(1);
    expect(err.message).toBe(
      `Acme API call GET /thing failed with HTTP 503 after ${server.seen.length} attempts: [BUSY] try later. The vendor's service failed; try again later, and contact the vendor if it persists.`,
    );
  });

  it("leaves plain refusals as they were: no attempt count on a 400 sent once", async () => {
    server.plan = [{ status: 400, body: { code: "BAD", message: "bad name" } }];
    const err = await client()
      .get("/thing")
      .catch((e) => e);
    expect(err.message).toBe(
      "Acme API call GET /thing failed with HTTP 400: [BAD] bad name. Fix the input named above and run the command again.",
    );
  });

  it("joins a partial-state message with a single period", async () => {
    server.plan = [{ status: 503 }];
    const cause = await client({ retry: { ...FAST, retries: 0 } })
      .post("/things", {})
      .catch((e) => e);
    expect(cause.message).toMatch(/persists\.$/);
    const e = partialFailure("id-1", { __provider: "p" }, {}, cause, "The connection is recorded.");
    expect(e.reasons[0]).toMatch(/if it persists\. The connection is recorded\.$/);
    expect(e.message).not.toContain("..");
    const plain = partialFailure("id-1", {}, {}, new Error("still PENDING"), "Run pulumi up again");
    expect(plain.reasons).toEqual(["still PENDING. Run pulumi up again"]);
  });
});

describe("defect 3: credentials never travel in clear to another machine", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    useStackConfig(undefined);
  });

  it("refuses a plain-HTTP endpoint on another host, saying what to set", () => {
    delete process.env.INTERCONNECT_ALLOW_INSECURE_HTTP;
    let err: unknown;
    try {
      client({ baseURL: "http://api.example.com/v1" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toMatch(
      /^Acme: the endpoint "http:\/\/api\.example\.com\/v1" is plain HTTP/,
    );
    expect((err as Error).message).toContain("pulumi config set interconnect:allowInsecureHttp true");
    expect((err as Error).message).toContain("INTERCONNECT_ALLOW_INSECURE_HTTP=1");
  });

  it.each([
    "http://127.0.0.1:18080",
    "http://127.10.0.3",
    "http://localhost:8080/api",
    "http://LOCALHOST",
    "http://[::1]:9000",
    "http://[::ffff:127.0.0.1]",
    "https://api.example.com",
  ])("accepts %s", (baseURL) => {
    expect(() => client({ baseURL })).not.toThrow();
  });

  it.each(["http://10.0.0.5", "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[::2]"])(
    "refuses %s without the opt-in",
    (baseURL) => {
      delete process.env.INTERCONNECT_ALLOW_INSECURE_HTTP;
      expect(() => client({ baseURL })).toThrow(ConfigurationError);
    },
  );

  it("refuses what is not an http(s) URL", () => {
    expect(() => client({ baseURL: "ftp://api.example.com" })).toThrow(/neither https:\/\/ nor http:\/\//);
    expect(() => client({ baseURL: "api.example.com" })).toThrow(/is not a URL/);
  });

  it("accepts plain HTTP to another host when the user opts in (environment, stack config or option)", () => {
    process.env.INTERCONNECT_ALLOW_INSECURE_HTTP = "1";
    expect(() => client({ baseURL: "http://api.example.com" })).not.toThrow();
    delete process.env.INTERCONNECT_ALLOW_INSECURE_HTTP;
    useStackConfig({ get: (k) => (k === "interconnect:allowInsecureHttp" ? "true" : undefined) });
    expect(() => client({ baseURL: "http://api.example.com" })).not.toThrow();
    useStackConfig({ get: () => undefined });
    expect(() => client({ baseURL: "http://api.example.com" })).toThrow(ConfigurationError);
    expect(() => client({ baseURL: "http://api.example.com", allowInsecureHttp: true })).not.toThrow();
  });

  it("is checked for every vendor, naming the vendor's endpoint setting", () => {
    delete process.env.INTERCONNECT_ALLOW_INSECURE_HTTP;
    expect(
      () => new EquinixClient({ endpoint: "http://api.equinix.example", clientId: "i", clientSecret: "s" }),
    ).toThrow(/^Equinix: the endpoint \(interconnect:equinixEndpoint or EQUINIX_API_ENDPOINT\)/);
    expect(() => new OvhClient({ endpoint: "http://eu.api.ovh.example/1.0" })).toThrow(
      /^OVHcloud: the endpoint \(interconnect:ovhEndpoint or OVH_ENDPOINT\)/,
    );
    expect(() => new ConsoleConnectClient({ endpoint: "http://api.consoleconnect.example" })).toThrow(
      /^Console Connect: the endpoint \(interconnect:consoleConnectApiUrl or CONSOLE_CONNECT_API_URL\)/,
    );
  });
});

describe("defect 4: no secret in any field of an error", () => {
  it("redacts problems, request id and path, not only the message", async () => {
    const token = "defect4-bearer-token-0123456789";
    const key = "defect4/key+with=specials";
    registerSecret(token);
    registerSecret(key);
    server.plan = [
      {
        status: 401,
        body: { code: "AUTH", message: `Authorization: Bearer ${token} is not valid` },
        headers: { "x-request-id": `req-${token}` },
      },
    ];
    const err = await client()
      .get(`/keys/${encodeURIComponent(key)}`)
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    const everything = JSON.stringify({ ...err, message: err.message });
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(encodeURIComponent(key));
    expect(err.problems[0].message).toBe("Authorization: Bearer *** is not valid");
    expect(err.requestId).toBe("req-***");
    expect(err.path).toBe("/keys/***");
  });

  it("masks a secret that contains another one whole, and overlapping ones too", () => {
    registerSecret("defect4-short");
    registerSecret("defect4-short-and-longer");
    expect(redact("a defect4-short-and-longer b defect4-short c")).toBe("a *** b *** c");
    registerSecret("overlap-AAAABBBB");
    registerSecret("BBBBCCCC-overlap");
    expect(redact("x overlap-AAAABBBBCCCC-overlap y")).toBe("x *** y");
  });

  it("registers each value once, and ignores values too short to be credentials", () => {
    registerSecret("defect4-once-value");
    registerSecret("defect4-once-value");
    expect(redact("defect4-once-value")).toBe("***");
    registerSecret("abc");
    expect(redact("abc")).toBe("abc");
  });
});

describe("defect 5: the client timeout is configurable for every vendor", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    useStackConfig(undefined);
  });

  it("reads EQUINIX_API_TIMEOUT, OVH_API_TIMEOUT and CONSOLE_CONNECT_API_TIMEOUT in seconds", () => {
    Object.assign(process.env, {
      EQUINIX_API_TIMEOUT: "45",
      OVH_API_TIMEOUT: "7",
      CONSOLE_CONNECT_API_TIMEOUT: "2.5",
    });
    expect(equinixSettings().timeoutMs).toBe(45_000);
    expect(ovhSettings().timeoutMs).toBe(7_000);
    expect(consoleConnectSettings().timeoutMs).toBe(2_500);
  });

  it("reads interconnect:ovhTimeout and interconnect:consoleConnectTimeout from the stack config", () => {
    useStackConfig({
      get: (k) => ({ "interconnect:ovhTimeout": "12", "interconnect:consoleConnectTimeout": "3" })[k],
    });
    expect(ovhSettings().timeoutMs).toBe(12_000);
    expect(consoleConnectSettings().timeoutMs).toBe(3_000);
  });

  it("refuses a timeout that is not a number of seconds, naming the setting", () => {
    process.env.OVH_API_TIMEOUT = "soon";
    expect(() => ovhSettings()).toThrow(
      'OVHcloud: interconnect:ovhTimeout or OVH_API_TIMEOUT is "soon", which is not a number of seconds greater than 0. Set it to a number of seconds, for example 60',
    );
  });

  it("applies CONSOLE_CONNECT_API_TIMEOUT to the calls", async () => {
    process.env.CONSOLE_CONNECT_API_TIMEOUT = "0.2";
    server.plan = [{ hangMs: 3_000 }];
    const cc = new ConsoleConnectClient({
      ...consoleConnectSettings(),
      endpoint: server.base,
      apiKey: "defect5-api-key-value",
      retry: { ...FAST, retries: 0 },
    });
    // A create is not retried after a timeout: one attempt, cut at 0.2 s.
    const err = await within(
      5_000,
      cc.http.put("/api/v2/company/acme/connections/layer2", {}, { idempotent: false }).catch((e) => e),
    );
    expect(err.message).toMatch(/failed with no HTTP answer \(timed out\) on the first attempt/);
    expect(err.ambiguous).toBe(true);
  });
});
