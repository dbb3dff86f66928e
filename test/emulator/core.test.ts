// The shared emulator core, exercised through a minimal fake vendor so that nothing Equinix-specific leaks in.
import axios, { AxiosInstance } from "axios";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ListeningEmulator, createEmulator } from "../../emulator/core";

const fakeVendorErrorBody = (status: number, code: string, message: string) => ({
  fake: { status, code, message },
});

let server: ListeningEmulator;
let http: AxiosInstance;
let vendorResets = 0;
let processedWrites = 0;

beforeAll(async () => {
  const emulator = createEmulator({ vendor: "fake", errorBody: fakeVendorErrorBody });
  emulator.app.get("/things", async () => ({ things: [] }));
  emulator.app.post("/things", async () => ({ written: ++processedWrites }));
  emulator.onReset(() => vendorResets++);
  server = await emulator.listen(0);
  http = axios.create({ baseURL: server.url, validateStatus: () => true });
});

afterAll(() => server.close());

beforeEach(async () => {
  await http.post("/__emulator/reset");
});

const addFault = (fault: object) => http.post("/__emulator/faults", fault);

describe("emulator core", () => {
  it("listens on 127.0.0.1 with a random port when asked for port 0", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("answers unknown routes with the vendor's error body", async () => {
    const response = await http.get("/nowhere");
    expect(response.status).toBe(404);
    expect(response.data.fake).toMatchObject({ status: 404, code: "EMULATOR-NOT-FOUND" });
  });

  it("answers malformed JSON with the vendor's error body", async () => {
    const response = await http.post("/things", "{not json", {
      headers: { "content-type": "application/json" },
      transformRequest: [(body: string) => body], // axios would otherwise send it as a JSON string
    });
    expect(response.status).toBe(400);
    expect(response.data.fake.status).toBe(400);
  });

  it("refuses a non-JSON body with 415 but treats an empty one as no body", async () => {
    const form = await http.post("/things", "a=1", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(form.data.fake.status).toBe(415);
    expect((await http.post("/things")).status).toBe(200);
  });

  it("logs vendor requests with path, query, status and body, but not control requests", async () => {
    await http.get("/things?page=2");
    await http.post("/things", { colour: "blue", client_secret: "s3cret", nested: [{ accessKey: "AK" }] });
    await http.get("/__emulator/faults");
    const log = (await http.get("/__emulator/requests")).data;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: "GET", path: "/things?page=2", status: 200 });
    expect(log[1].body).toEqual({
      colour: "blue",
      client_secret: "[redacted]",
      nested: [{ accessKey: "[redacted]" }],
    });
    expect(Date.parse(log[1].at)).not.toBeNaN();

    expect((await http.delete("/__emulator/requests")).status).toBe(204);
    expect((await http.get("/__emulator/requests")).data).toEqual([]);
  });

  it("a status fault answers the vendor's error body with Retry-After, for `count` matching requests", async () => {
    const created = await addFault({
      kind: "status",
      status: 429,
      retryAfter: 3,
      count: 2,
      match: { method: "get" },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ kind: "status", remaining: 2 });

    const posted = await http.post("/things", {});
    expect(posted.status).toBe(200); // the method does not match
    for (let i = 0; i < 2; i++) {
      const refused = await http.get("/things");
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("3");
      expect(refused.data.fake).toMatchObject({ status: 429, code: "EMULATOR-FAULT-429" });
    }
    expect((await http.get("/things")).status).toBe(200);
    expect((await http.get("/__emulator/faults")).data).toEqual([]);
    const log = (await http.get("/__emulator/requests")).data;
    expect(log.map((entry: { status: number }) => entry.status)).toEqual([200, 429, 429, 200]);
    expect(log[1].fault).toBe("status");
  });

  it("matches a fault's path as a regex over the path without its query", async () => {
    await addFault({ kind: "status", status: 503, match: { path: "^/things$" } });
    expect((await http.get("/nowhere")).status).toBe(404);
    expect((await http.get("/things?x=1")).status).toBe(503);
  });

  it("a delay fault answers late but normally", async () => {
    await addFault({ kind: "delay", ms: 250 });
    const started = Date.now();
    const response = await http.get("/things");
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('a "before" drop closes the socket without processing the request', async () => {
    const before = processedWrites;
    await addFault({ kind: "drop", when: "before" });
    await expect(http.post("/things", { n: 1 })).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(processedWrites).toBe(before);
    const [entry] = (await http.get("/__emulator/requests")).data;
    expect(entry).toMatchObject({ method: "POST", status: 0, fault: "drop-before", body: { n: 1 } });
  });

  it('an "after" drop processes the request and loses the answer', async () => {
    const before = processedWrites;
    await addFault({ kind: "drop", when: "after" });
    await expect(http.post("/things", {})).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(processedWrites).toBe(before + 1);
    const [entry] = (await http.get("/__emulator/requests")).data;
    expect(entry).toMatchObject({ status: 200, fault: "drop-after" });
  });

  it('a status fault "after" processes the request and replaces its answer, as a gateway 504 after the server acted', async () => {
    const before = processedWrites;
    await addFault({ kind: "status", status: 504, when: "after", match: { method: "POST" } });
    const answer = await http.post("/things", { n: 2 });
    expect(answer.status).toBe(504);
    expect(answer.data.fake).toMatchObject({ status: 504, code: "EMULATOR-FAULT-504" });
    expect(processedWrites).toBe(before + 1);
    const [entry] = (await http.get("/__emulator/requests")).data;
    // The log keeps what the server did: the write succeeded.
    expect(entry).toMatchObject({ method: "POST", status: 200, fault: "status-after" });
    expect((await http.post("/things", {})).status).toBe(200);
  });

  it("a 401 status fault refuses a valid credential once", async () => {
    await addFault({ kind: "status", status: 401 });
    expect((await http.get("/things")).status).toBe(401);
    expect((await http.get("/things")).status).toBe(200);
  });

  it("skip lets that many matching requests through before the fault applies", async () => {
    const created = await addFault({ kind: "status", status: 503, skip: 2, match: { path: "^/things$" } });
    expect(created.data).toMatchObject({ skip: 2, skipRemaining: 2, remaining: 1 });
    expect((await http.get("/nowhere")).status).toBe(404); // does not match: not counted
    expect((await http.get("/things")).status).toBe(200);
    expect((await http.get("/__emulator/faults")).data[0].skipRemaining).toBe(1);
    expect((await http.get("/things")).status).toBe(200);
    expect((await http.get("/things")).status).toBe(503);
    expect((await http.get("/things")).status).toBe(200);
  });

  it("an echo fault (invented) answers 400 quoting the request's credential headers and body, unprocessed", async () => {
    const before = processedWrites;
    await addFault({ kind: "echo" });
    const answer = await http.post(
      "/things?q=1",
      { secret: "s3cr3t-body-value" },
      { headers: { Authorization: "Bearer tok-123456", "X-Ovh-Consumer": "ck-7890" } },
    );
    expect(answer.status).toBe(400);
    expect(answer.data.fake.code).toBe("EMULATOR-ECHO-400");
    for (const quoted of [
      "POST /things?q=1",
      "Bearer tok-123456",
      "ck-7890",
      "s3cr3t-body-value",
      "invented",
    ])
      expect(answer.data.fake.message).toContain(quoted);
    expect(processedWrites).toBe(before);
    expect((await http.get("/__emulator/requests")).data[0]).toMatchObject({ status: 400, fault: "echo" });
  });

  it("refuses invalid faults and clears them all on DELETE", async () => {
    expect((await addFault({ kind: "status", status: 404 })).status).toBe(400);
    expect((await addFault({ kind: "status", status: 504, when: "later" })).status).toBe(400);
    expect((await addFault({ kind: "delay", ms: 10, skip: -1 })).status).toBe(400);
    expect((await addFault({ kind: "status", status: 500, match: { path: "([" } })).status).toBe(400);
    expect((await addFault({ kind: "explode" })).status).toBe(400);
    await addFault({ kind: "status", status: 500, count: 5 });
    await addFault({ kind: "delay", ms: 10 });
    expect((await http.get("/__emulator/faults")).data).toHaveLength(2);
    expect((await http.delete("/__emulator/faults")).status).toBe(204);
    expect((await http.get("/things")).status).toBe(200);
  });

  it("never applies faults to control endpoints", async () => {
    await addFault({ kind: "status", status: 500 });
    expect((await http.get("/__emulator/requests")).status).toBe(200);
    expect((await http.get("/__emulator/faults")).data).toHaveLength(1);
  });

  it("advances the clock and refuses negative jumps", async () => {
    const before = (await http.get("/__emulator/clock")).data.now;
    const advanced = (await http.post("/__emulator/clock/advance", { ms: 3_600_000 })).data.now;
    expect(advanced - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await http.post("/__emulator/clock/advance", { ms: -1 })).status).toBe(400);
  });

  it("reset runs the vendor's reset and clears faults, log and clock offset", async () => {
    const resetsBefore = vendorResets;
    await http.post("/__emulator/clock/advance", { ms: 86_400_000 });
    await addFault({ kind: "status", status: 500 });
    await http.get("/nowhere");
    expect((await http.post("/__emulator/reset")).status).toBe(204);
    expect(vendorResets).toBe(resetsBefore + 1);
    expect((await http.get("/__emulator/faults")).data).toEqual([]);
    expect((await http.get("/__emulator/requests")).data).toEqual([]);
    expect(Math.abs((await http.get("/__emulator/clock")).data.now - Date.now())).toBeLessThan(5_000);
  });
});
