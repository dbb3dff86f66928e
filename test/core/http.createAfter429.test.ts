/**
 * A create answered 429 is retried for as long as the operation's deadline allows, as a read is: the server
 * certainly did not act on it, so a burst of creates against a rate-limited API is absorbed rather than failed
 * after a fixed number of attempts (which the load benchmarks saw with the client-side limit off).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withDeadline } from "../../provider/core/deadline";
import { ApiError } from "../../provider/core/errors";
import { HttpClient } from "../../provider/core/http";
import { resetRateLimits } from "../../provider/core/rateLimit";
import { Answer, TestServer, startServer, within } from "./httpTestServer";

let server: TestServer;
let answer: () => Answer = () => ({ status: 201, body: { id: "created" } });

beforeAll(async () => {
  server = await startServer(() => answer());
});
afterAll(() => server.close());
beforeEach(() => {
  server.plan = [];
  server.seen = [];
});
afterEach(() => resetRateLimits());

let accounts = 0;
const client = () =>
  new HttpClient({
    vendor: "Acme",
    baseURL: server.base,
    account: `create-429-${++accounts}`,
    retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 40 },
    parseError: () => ({ problems: [] }),
    credentialsHelp: "set ACME_KEY.",
  });

describe("a create answered 429", () => {
  it("is sent again until it goes through, past the fixed number of retries", async () => {
    server.plan = Array.from({ length: 6 }, () => ({ status: 429, headers: { "Retry-After": "0" } }));
    answer = () => ({ status: 201, body: { id: "created" } });
    const created = await within(
      20_000,
      withDeadline(15_000, () => client().post<{ id: string }>("/things", { name: "a" })),
    );
    expect(created.data).toEqual({ id: "created" });
    // Six 429s, then the create: seven attempts, more than 1 + retries (2).
    expect(server.seen).toHaveLength(7);
  });

  it("gives up at the deadline with the 429 and the attempts counted", async () => {
    answer = () => ({ status: 429, headers: { "Retry-After": "0" } });
    const error = await within(
      20_000,
      withDeadline(600, () => client().post("/things", { name: "a" })).catch((e) => e),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(server.seen.length);
    expect(server.seen.length).toBeGreaterThan(3);
  });

  it("still stops after the fixed number of retries on a 503", async () => {
    answer = () => ({ status: 503 });
    const error = await withDeadline(15_000, () => client().post("/things", { name: "a" })).catch((e) => e);
    expect(error.status).toBe(503);
    expect(server.seen).toHaveLength(3);
  });
});
