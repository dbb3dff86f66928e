import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError, registerSecret } from "../../provider/core/errors";
import { HttpClient, createOnce } from "../../provider/core/http";

/** A scripted server: each request takes the next planned answer; the log records what arrived. */
type Plan = { status: number; body?: unknown; headers?: Record<string, string> } | "reset";
let plan: Plan[] = [];
let seen: { method: string; url: string; at: number; body: string }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, at: Date.now(), body });
      const next = plan.shift() ?? { status: 200, body: { ok: true } };
      if (next === "reset") return req.socket.destroy();
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(next.body === undefined ? "" : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  plan = [];
  seen = [];
});

function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({
    vendor: "Acme",
    baseURL: base,
    retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 50 },
    parseError: (data) => {
      const d = data as { code?: string; message?: string; field?: string } | undefined;
      return { problems: d ? [{ code: d.code, message: d.message, property: d.field }] : [] };
    },
    credentialsHelp: "set ACME_KEY.",
    ...extra,
  });
}

describe("HttpClient retries", () => {
  for (const status of [429, 502, 503, 504]) {
    it(`retries a GET after ${status} and returns the later answer`, async () => {
      plan = [{ status }, { status: 200, body: { n: 1 } }];
      const res = await client().get<{ n: number }>("/thing");
      expect(res.data).toEqual({ n: 1 });
      expect(seen).toHaveLength(2);
    });
  }

  it("does not retry other errors such as 400 or 404", async () => {
    plan = [{ status: 400, body: { code: "E400", message: "bad" } }];
    await expect(client().get("/thing")).rejects.toThrow(/HTTP 400/);
    plan = [{ status: 404 }];
    await expect(client().get("/thing")).rejects.toThrow(/HTTP 404/);
    expect(seen).toHaveLength(2);
  });

  it("gives up on a create after the bounded number of attempts with the vendor's message", async () => {
    plan = [
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503, body: { code: "BUSY", message: "try later" } },
    ];
    const err = await client()
      .post("/things", { name: "a" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe(
      "Acme API call POST /things failed with HTTP 503 after 4 attempts: [BUSY] try later. The vendor's service failed; try again later, and contact the vendor if it persists.",
    );
    expect(seen).toHaveLength(4);
  });

  it("honours Retry-After when it asks for longer than the backoff", async () => {
    plan = [
      { status: 429, headers: { "Retry-After": "1" } },
      { status: 200, body: {} },
    ];
    await client().get("/thing");
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
  });

  it("backs off exponentially with jitter, capped", () => {
    const c = new HttpClient({
      vendor: "Acme",
      baseURL: base,
      retry: { baseDelayMs: 100, maxDelayMs: 1000 },
      parseError: () => ({ problems: [] }),
      credentialsHelp: "",
    });
    for (let i = 0; i < 20; i++) {
      const first = c.retryDelay(1);
      expect(first).toBeGreaterThanOrEqual(100);
      expect(first).toBeLessThanOrEqual(120);
      const third = c.retryDelay(3);
      expect(third).toBeGreaterThanOrEqual(400);
      expect(third).toBeLessThanOrEqual(480);
      expect(c.retryDelay(10)).toBe(1000);
    }
  });

  it("retries a GET whose connection was reset", async () => {
    plan = ["reset", { status: 200, body: { ok: 1 } }];
    expect((await client().get("/thing")).data).toEqual({ ok: 1 });
    expect(seen).toHaveLength(2);
  });

  it("retries a POST after 429 and 503, where the server certainly did nothing", async () => {
    plan = [{ status: 429 }, { status: 503 }, { status: 201, body: { id: "x" } }];
    expect((await client().post("/things", { name: "a" })).data).toEqual({ id: "x" });
    expect(seen.map((s) => s.method)).toEqual(["POST", "POST", "POST"]);
  });

  for (const failure of ["reset", 502, 504] as const) {
    it(`does not re-send a POST after an ambiguous ${failure}: it raises an ambiguous error`, async () => {
      plan = [failure === "reset" ? "reset" : { status: failure }];
      const err = await client()
        .post("/things", { name: "a" })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err.ambiguous).toBe(true);
      expect(seen).toHaveLength(1);
    });
  }
});

describe("createOnce", () => {
  it("after an ambiguous failure, returns the object the first attempt created instead of sending again", async () => {
    plan = ["reset", { status: 200, body: [{ id: "created-1", name: "a" }] }];
    const c = client();
    const result = await createOnce({
      send: async () => (await c.post<{ id: string }>("/things", { name: "a" })).data,
      findExisting: async () =>
        (await c.get<{ id: string; name: string }[]>("/things")).data.find((t) => t.name === "a"),
    });
    expect(result).toEqual({ id: "created-1", name: "a" });
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET"]);
  });

  it("sends again when the lookup finds nothing", async () => {
    plan = ["reset", { status: 200, body: [] }, { status: 200, body: { id: "created-2" } }];
    const c = client();
    const result = await createOnce({
      send: async () => (await c.post<{ id: string }>("/things", { name: "a" })).data,
      findExisting: async () => (await c.get<{ id: string }[]>("/things")).data[0],
    });
    expect(result).toEqual({ id: "created-2" });
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET", "POST"]);
  });

  it("after a timeout, keeps looking for what the server may still create before sending again (fault matrix: slow create)", async () => {
    // A server that creates the object 250 ms after the request arrived, whatever became of the client.
    const things: { id: string }[] = [];
    let posts = 0;
    const slow = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.method === "POST") {
          posts++;
          setTimeout(() => {
            things.push({ id: `thing-${posts}` });
            if (!res.destroyed) res.end(JSON.stringify(things.at(-1)));
          }, 250);
        } else res.end(JSON.stringify(things));
      });
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    try {
      const c = client({
        baseURL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
        timeoutMs: 100,
      });
      const result = await createOnce({
        send: async () => (await c.post<{ id: string }>("/things", {})).data,
        findExisting: async () => (await c.get<{ id: string }[]>("/things")).data[0],
      });
      expect(result).toEqual({ id: "thing-1" });
      expect(posts).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(things).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it("says what may exist when the lookup after an ambiguous create fails", async () => {
    plan = ["reset", { status: 400, body: { code: "DOWN", message: "search is down" } }];
    const c = client();
    const err = await createOnce({
      send: async () => (await c.post("/things", { name: "a" })).data,
      findExisting: async () => (await c.get<{ id: string }[]>("/things/search")).data[0],
      what: 'the thing "a"',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(
      /^Acme API call GET \/things\/search failed with HTTP 400: \[DOWN\] search is down\. It was looking for what POST \/things created \(that call got no clear answer\): the thing "a" may exist although the stack does not hold it\./,
    );
    expect(seen.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("looks for the object after the last ambiguous attempt too", async () => {
    plan = ["reset", { status: 200, body: [] }, "reset", { status: 200, body: [{ id: "late" }] }];
    const c = client();
    const result = await createOnce({
      send: async () => (await c.post<{ id: string }>("/things", {})).data,
      findExisting: async () => (await c.get<{ id: string }[]>("/things")).data[0],
      attempts: 2,
    });
    expect(result).toEqual({ id: "late" });
    expect(seen.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET"]);
  });

  it("does not retry a plain refusal", async () => {
    plan = [{ status: 400, body: { code: "BAD", message: "bad name", field: "name" } }];
    const c = client();
    const err = await createOnce({
      send: async () => (await c.post("/things", {})).data,
      findExisting: async () => undefined,
    }).catch((e) => e);
    expect(err.message).toMatch(/\[BAD\] bad name \(property name\)\. Fix the input named above/);
    expect(seen).toHaveLength(1);
  });
});

describe("errors", () => {
  it("names vendor, call, status, code, message and property, and never prints a credential", async () => {
    registerSecret("s3cr3t-token-value");
    plan = [{ status: 401, body: { code: "AUTH", message: "token s3cr3t-token-value expired" } }];
    const err = await client()
      .get("/things/1")
      .catch((e) => e);
    expect(err.message).toBe(
      "Acme API call GET /things/1 failed with HTTP 401: [AUTH] token *** expired. The credentials were refused: set ACME_KEY.",
    );
    expect(err.stack).not.toMatch(/at .*\.ts/);
  });

  it("re-sends once after a 401 when fresh credentials were obtained", async () => {
    plan = [{ status: 401 }, { status: 200, body: { ok: true } }];
    let refreshed = 0;
    let token = "old";
    const c = client({
      authorize: async () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        refreshed++;
        token = "new";
        return true;
      },
    });
    expect((await c.get("/x")).data).toEqual({ ok: true });
    expect(refreshed).toBe(1);
    expect(seen).toHaveLength(2);
  });

  it("reports a refused connection with the endpoint to check", async () => {
    const c = new HttpClient({
      vendor: "Acme",
      baseURL: "http://127.0.0.1:1",
      retry: { retries: 1, baseDelayMs: 1 },
      parseError: () => ({ problems: [] }),
      credentialsHelp: "",
    });
    const err = await c.get("/x").catch((e) => e);
    // A refused connection is retried a bounded number of times (a wrong endpoint, more often than not).
    expect(err.message).toMatch(
      /^Acme API call GET \/x failed with no HTTP answer \(ECONNREFUSED\) after 2 attempts\. Check that http:\/\/127\.0\.0\.1:1/,
    );
  });
});
