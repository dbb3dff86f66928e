/**
 * The provider against the emulator, configured the way a user configures it (CONSOLE_CONNECT_API_URL and
 * CONSOLE_CONNECT_API_KEY): every create path with the partner's approval through the real endpoints, partial
 * state and how the next `pulumi up` resumes or replaces, speed changes, delete, drift, adoption, faults and the
 * lookups.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_FACILITIES,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_ORACLE_API_KEY,
  CONSOLE_CONNECT_PARTNER_API_KEY,
  CONSOLE_CONNECT_PARTNER_COMPANY,
  CONSOLE_CONNECT_SEED_PORTS,
  CONSOLE_CONNECT_VIEWER_API_KEY,
  RunningConsoleConnectEmulator,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import { ApiError, ResourceInitError } from "../../provider/core/errors";
import { onProgress } from "../../provider/core/progress";
import { ConsoleConnectClient } from "../../provider/consoleconnect/client";
import {
  connections,
  layer2ConnectionProvider as provider,
} from "../../provider/consoleconnect/layer2Connection/provider";
import * as lookups from "../../provider/consoleconnect/lookups";
import { SEED_INPUTS, SEED_REQUESTS } from "./seeds";

const ME = CONSOLE_CONNECT_DEMO_COMPANY.username;
const PARTNER = CONSOLE_CONNECT_PARTNER_COMPANY.username;
const PORTS = CONSOLE_CONNECT_SEED_PORTS;
const { hongKong, singapore } = CONSOLE_CONNECT_METROS;
const PROVIDER_TEXT = "serialized provider";

type Json = any;

/** The provider host sends results as protobuf Structs, which refuse `undefined` ("Unexpected struct type"). */
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
function storable<T>(value: T): T {
  expect(() => Struct.fromJavaScript(value)).not.toThrow();
  return value;
}

let running: RunningConsoleConnectEmulator;
let me: ConsoleConnectClient;
let partner: ConsoleConnectClient;
const savedEnv = { ...process.env };
let progress: string[] = [];
let stopListening: () => void;

beforeAll(async () => {
  running = await startConsoleConnectEmulator({
    approvalDelayMs: "manual",
    creatingMs: 40,
    acceptedMs: 40,
    activatingMs: 40,
    disablingMs: 40,
    deletingMs: 40,
  });
  Object.assign(process.env, {
    CONSOLE_CONNECT_API_URL: running.url,
    CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY,
    INTERCONNECT_POLL_MS: "50",
  });
  me = new ConsoleConnectClient();
  partner = new ConsoleConnectClient({ endpoint: running.url, apiKey: CONSOLE_CONNECT_PARTNER_API_KEY });
});
afterAll(async () => {
  process.env = savedEnv;
  await running.close();
});
beforeEach(async () => {
  running.emulator.reset();
  progress = [];
  stopListening = onProgress((line) => progress.push(line));
});
afterEach(() => stopListening());

/** A seed's request as resource inputs, under a short name, with changes. */
const fromSeed =
  (seed: keyof typeof SEED_INPUTS, name: string) =>
  (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...SEED_INPUTS[seed],
    name,
    __provider: PROVIDER_TEXT,
    ...extra,
  });
const portToPort = fromSeed("portToPort", "p2p");
const companyToCompany = fromSeed("companyToCompany", "b2b");
const oracle = fromSeed("oracle", "fastconnect");

/** Polls until `check` returns a value, for things the test waits on while the provider is busy. */
async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The only connection of the demo company, once it has reached one of `statuses`. */
async function onlyConnection(...statuses: string[]) {
  return until(
    async () => {
      const all = await me.listConnections(ME);
      return all.length === 1 && statuses.includes(all[0].status) ? all[0] : undefined;
    },
    `a connection in ${statuses.join("/")}`,
  );
}

const requests = () => running.emulator.requests.list();
const calls = (method: string, pattern: RegExp) =>
  requests().filter((r) => r.method === method && pattern.test(r.path.split("?")[0]));

async function partialOf(promise: Promise<unknown>): Promise<ResourceInitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResourceInitError);
  return error as ResourceInitError;
}

describe("create", () => {
  it("port-to-port: reads the company from the API key and waits until ACTIVE", async () => {
    const { id, outs } = await provider.create(portToPort());
    expect(storable(outs)).toMatchObject({
      connectionId: id,
      company: ME,
      status: "ACTIVE",
      name: "p2p",
      speed: 100,
      srcVlan: 1000,
      destVlan: 2000,
      portId: PORTS.demoHongKong.id,
    });
    expect(outs).not.toHaveProperty("__provider");
    expect(calls("GET", /^\/api\/auth\/token$/).length).toBeLessThanOrEqual(1);
    expect(calls("PUT", /\/connections\/layer2$/)[0].body).toEqual({
      ...SEED_REQUESTS.portToPort,
      name: "p2p",
    });
    expect(progress.join("\n")).toMatch(/Console Connect connection "p2p" \([a-f0-9]{24}\): CREATING/);
    expect(progress.at(-1)).toMatch(/→ ACTIVE/);
  });

  it("company-to-company: shows whom it waits for, and finishes once the partner approves with its own key", async () => {
    const creating = provider.create(companyToCompany());
    const waiting = await onlyConnection("PENDING");
    await until(
      () =>
        progress.some((l) => l.includes("PENDING (0s): waiting for globex-cloud to approve the connection")),
      "progress",
    );
    await partner.approveConnection(PARTNER, waiting.id);
    const { id, outs } = await creating;
    expect(id).toBe(waiting.id);
    expect(outs).toMatchObject({ status: "ACTIVE", srcVlan: 1000, destVlan: 3000 });
  });

  it("Oracle FastConnect: says plainly that Support needs the OCID, and waits for ACTIVE by default", async () => {
    const creating = provider.create(oracle());
    const waiting = await onlyConnection("PENDING_ACCEPTANCE");
    await until(
      () => progress.some((l) => /waiting for Console Connect Support .*Oracle OCID/.test(l)),
      "progress",
    );
    await new ConsoleConnectClient({
      endpoint: running.url,
      apiKey: CONSOLE_CONNECT_ORACLE_API_KEY,
    }).approveConnection("oracle", waiting.id);
    expect((await creating).outs.status).toBe("ACTIVE");
  });

  it("waitForActive: false returns once the request is submitted; an update later does not wait either", async () => {
    const { id, outs } = await provider.create(oracle({ waitForActive: false }));
    expect(outs.status).toBe("PENDING_ACCEPTANCE");
    const { outs: renamed } = await provider.update!(
      id,
      outs,
      oracle({ waitForActive: false, name: "fc-2" }),
    );
    expect(renamed).toMatchObject({ status: "PENDING_ACCEPTANCE", name: "fc-2" });
  });

  it("denial: a partial-state error with the id, __provider and DENIED; the next up replaces it", async () => {
    const inputs = companyToCompany();
    const creating = provider.create(inputs);
    const waiting = await onlyConnection("PENDING");
    await partner.rejectConnection(PARTNER, waiting.id);
    const error = await partialOf(creating);
    expect(error.id).toBe(waiting.id);
    expect(storable(error.properties)).toMatchObject({
      __provider: PROVIDER_TEXT,
      status: "DENIED",
      connectionId: waiting.id,
    });
    expect(error.message).toMatch(/reached DENIED: globex-cloud denied the connection request/);
    expect(error.message).toMatch(
      /the next `pulumi up` replaces it with a new request \(ask globex-cloud why/,
    );
    // The next `pulumi up`: diff replaces it, the engine creates the new one and deletes the old.
    const diff = await provider.diff!(error.id, error.properties, inputs);
    expect(diff.replaces).toContain("status");
    const replacing = provider.create(inputs);
    const next = await until(async () => {
      const all = await me.listConnections(ME);
      return all.find((c) => c.id !== waiting.id && c.status === "PENDING");
    }, "the replacement request");
    await partner.approveConnection(PARTNER, next.id);
    expect((await replacing).outs.status).toBe("ACTIVE");
    await provider.delete!(error.id, error.properties);
    expect((await me.getConnection(ME, waiting.id))!.status).toBe("DELETED");
    expect(calls("PUT", /\/disable$/)).toHaveLength(0);
  });

  it("a timeout while waiting: partial state, then update resumes the wait once the partner approves", async () => {
    const inputs = companyToCompany({ timeouts: { create: "400ms" } });
    const error = await partialOf(provider.create(inputs));
    expect(error.properties).toMatchObject({ status: "PENDING", __provider: PROVIDER_TEXT });
    expect(error.message).toMatch(/still PENDING after/);
    expect(error.message).toMatch(
      /waiting for globex-cloud to approve the connection; once that is done, run `pulumi up` again/,
    );
    await partner.approveConnection(PARTNER, error.id);
    const { outs } = await provider.update!(error.id, error.properties, companyToCompany());
    expect(outs).toMatchObject({ status: "ACTIVE", connectionId: error.id });
    expect(calls("PUT", /\/connections\/layer2$/)).toHaveLength(1);
  });

  it("surfaces a business-rule 400 with the API's message and what to do, creating nothing", async () => {
    const error = await provider.create(portToPort({ speed: 700 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe(
      "Console Connect API call PUT /api/v2/company/acme-networks/connections/layer2 failed with HTTP 400: " +
        "The requested bandwidth exceeds the available capacity for the Port. Max is: 635. " +
        "Lower speed, or free capacity on the port; consoleconnect.getPorts() shows each port's capacity.remaining.",
    );
    expect(await me.listConnections(ME)).toEqual([]);
  });

  it("explains a 400 'not authorized' by the role it needs", async () => {
    process.env.CONSOLE_CONNECT_API_KEY = CONSOLE_CONNECT_VIEWER_API_KEY;
    try {
      await expect(provider.create(portToPort({ companyUsername: ME }))).rejects.toThrow(
        /You are not authorized to do that\. Console Connect answers permission problems with HTTP 400: .*Network Admin \(NETWORKCONTROL\) role/,
      );
    } finally {
      process.env.CONSOLE_CONNECT_API_KEY = CONSOLE_CONNECT_DEMO_API_KEY;
    }
  });

  it("applies the own-company rules once the company is known from the API key", async () => {
    await expect(provider.create(portToPort({ destCompany: PARTNER }))).rejects.toThrow(
      /the API key's company is "acme-networks"\): invalid inputs: destCompany must be your own company/,
    );
    await expect(provider.create(companyToCompany({ destCompany: ME }))).rejects.toThrow(
      /destPortId is required/,
    );
    expect(calls("PUT", /layer2$/)).toHaveLength(0);
  });
});

describe("faults", () => {
  const fault = (spec: Record<string, unknown>) => running.emulator.faults.add(spec as never);

  for (const when of ["after", "before"] as const) {
    it(`a drop-${when} fault on the creating PUT creates exactly one connection`, async () => {
      fault({ kind: "drop", when, match: { method: "PUT", path: "/connections/layer2$" } });
      const { id, outs } = await provider.create(portToPort());
      expect(outs.status).toBe("ACTIVE");
      const all = await me.listConnections(ME);
      expect(all.map((c) => c.id)).toEqual([id]);
      expect(calls("PUT", /layer2$/)).toHaveLength(when === "after" ? 1 : 2);
    });
  }

  it("does not mistake an older connection of the same name for the one a lost answer created", async () => {
    const older = await provider.create(portToPort());
    fault({ kind: "drop", when: "before", match: { method: "PUT", path: "/connections/layer2$" } });
    const { id } = await provider.create(portToPort());
    expect(id).not.toBe(older.id);
    expect((await me.listConnections(ME)).filter((c) => c.status === "ACTIVE")).toHaveLength(2);
  });

  const lists = () => calls("GET", /\/api\/v2\/company\/[^/]+\/connections$/);

  it("lists nothing before a create that gets its answer", async () => {
    await provider.create(portToPort());
    await provider.create(companyToCompany({ waitForActive: false }));
    expect(lists()).toEqual([]);
    expect(calls("GET", /^\/heartbeat$/)).toEqual([]);
  });

  it("after a lost answer, lists with the specification's required parameters, one status at a time", async () => {
    fault({ kind: "drop", when: "after", match: { method: "PUT", path: "/connections/layer2$" } });
    await provider.create(portToPort());
    const queries = lists().map((r) => new URL(r.path, "http://x").searchParams);
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) {
      expect(query.get("page")).toBe("1");
      expect(query.get("count")).toBe("100");
      expect(query.get("status")).toMatch(/^[A-Z_]+$/);
    }
    expect(queries.map((q) => q.get("status"))).toContain("CREATING");
    expect(queries.map((q) => q.get("status"))).not.toContain("DELETED");
  });

  for (const when of ["after", "before"] as const) {
    it(`on a server clock an hour ahead, a drop-${when} neither duplicates nor takes an older namesake`, async () => {
      running.emulator.clock.advance(3_600_000);
      const older = await provider.create(portToPort());
      fault({ kind: "drop", when, match: { method: "PUT", path: "/connections/layer2$" } });
      const { id } = await provider.create(portToPort());
      expect(id).not.toBe(older.id);
      expect(calls("PUT", /layer2$/)).toHaveLength(when === "after" ? 2 : 3);
      expect((await me.listConnections(ME)).map((c) => c.id).sort()).toEqual([older.id, id].sort());
    });
  }

  it("reads the list in the invented {total, results} envelope too (switch listEnvelope)", async () => {
    await running.emulator.app.inject({
      method: "PATCH",
      url: "/__emulator/consoleconnect/switches",
      payload: { listEnvelope: true },
    });
    fault({ kind: "drop", when: "after", match: { method: "PUT", path: "/connections/layer2$" } });
    const { id } = await provider.create(portToPort());
    expect((await me.listConnections(ME)).map((c) => c.id)).toEqual([id]);
    expect(calls("PUT", /layer2$/)).toHaveLength(1);
  });

  it("rides out the emulator's rate-limit mode: waits the Retry-After of each 429, and creates once", async () => {
    await running.emulator.app.inject({
      method: "POST",
      url: "/__emulator/rate-limit",
      // The token call and the PUT use the burst up: the wait's first poll (the PUT's answer stands for the one
      // at once) meets a 429.
      payload: { rate: 2, burst: 2 },
    });
    const { outs } = await provider.create(portToPort());
    expect(outs.status).toBe("ACTIVE");
    expect(requests().filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(calls("PUT", /layer2$/).filter((r) => r.status === 200)).toHaveLength(1);
    const all = await running.emulator.app.inject({ url: "/__emulator/consoleconnect/connections" });
    expect(all.json()).toHaveLength(1);
  });

  it("retries 503 and 429 on reads and a 503 on the create, which the server did not act on", async () => {
    fault({ kind: "status", status: 503, match: { method: "GET" } });
    fault({ kind: "status", status: 429, retryAfter: 0, match: { method: "GET" } });
    fault({ kind: "status", status: 503, match: { method: "PUT", path: "layer2$" } });
    const { outs } = await provider.create(portToPort());
    expect(outs.status).toBe("ACTIVE");
    expect(await me.listConnections(ME)).toHaveLength(1);
  });
});

describe("update", () => {
  async function activeB2b(extra: Record<string, unknown> = {}) {
    const creating = provider.create(companyToCompany(extra));
    await partner.approveConnection(PARTNER, (await onlyConnection("PENDING")).id);
    return creating;
  }

  /** Starts an update to 300 Mbps; resolves, with the update still running, once its change request is pending. */
  async function increaseTo300(id: string, outs: Json) {
    const updating = provider.update!(id, outs, companyToCompany({ speed: 300 }));
    await until(
      async () => (await me.getConnection(ME, id))!.request?.status === "PENDING",
      "the change request",
    );
    return { updating };
  }

  it("renames and changes speed between your own ports in place (POST), up and down", async () => {
    const { id, outs } = await provider.create(portToPort());
    const up = await provider.update!(id, outs, portToPort({ name: "p2p-renamed", speed: 500 }));
    expect(up.outs).toMatchObject({ name: "p2p-renamed", speed: 500, status: "ACTIVE" });
    expect(calls("POST", /\/connections\/[a-f0-9]{24}$/).map((r) => r.body)).toEqual([
      { name: "p2p-renamed", speed: 500 },
    ]);
    const down = await provider.update!(id, up.outs, portToPort({ name: "p2p-renamed", speed: 50 }));
    expect(down.outs.speed).toBe(50);
    expect(calls("PUT", /\/change$/)).toHaveLength(0);
  });

  it("between companies, decreases directly", async () => {
    const { id, outs } = await activeB2b();
    const { outs: slower } = await provider.update!(id, outs, companyToCompany({ speed: 50 }));
    expect(slower.speed).toBe(50);
    expect(calls("PUT", /\/change$/)).toHaveLength(0);
  });

  it("between companies, increases through a change request that waits for the partner", async () => {
    const { id, outs } = await activeB2b();
    const { updating } = await increaseTo300(id, outs);
    await until(
      () => progress.some((l) => l.includes("waiting for globex-cloud to approve the increase")),
      "progress",
    );
    await partner.approveSpeedChange(PARTNER, id);
    const { outs: faster } = await updating;
    expect(storable(faster)).toMatchObject({ speed: 300, status: "ACTIVE" });
    expect(faster.speedChangeRequest).toBeUndefined();
    expect(calls("PUT", /\/change$/).map((r) => r.body)).toEqual([{ speed: 300 }]);
  });

  it("an increase that times out is partial state; the next up waits for the same request, not a new one", async () => {
    const { id, outs } = await activeB2b();
    const news = companyToCompany({ speed: 300, timeouts: { update: "300ms" } });
    const error = await partialOf(provider.update!(id, outs, news));
    expect(error.properties).toMatchObject({
      speed: 100,
      speedChangeRequest: { speed: 300, status: "PENDING" },
    });
    expect(error.message).toMatch(
      /still waiting for globex-cloud; once they approve it, run `pulumi up` again/,
    );
    expect((await provider.diff!(id, error.properties, news)).replaces).toEqual([]);
    await partner.approveSpeedChange(PARTNER, id);
    const { outs: faster } = await provider.update!(id, error.properties, news);
    expect(faster.speed).toBe(300);
    expect(calls("PUT", /\/change$/)).toHaveLength(1);
  });

  it("an increase the partner rejects fails with the reason, keeping the old speed", async () => {
    const { id, outs } = await activeB2b();
    const { updating } = await increaseTo300(id, outs);
    await partner.cancelSpeedChange(PARTNER, id);
    const error = await partialOf(updating);
    expect(error.message).toMatch(/reached REJECTED: globex-cloud rejected the increase/);
    expect(error.properties).toMatchObject({
      speed: 100,
      speedChangeRequest: { speed: 300, status: "REJECTED" },
    });
  });

  it("refuses nothing silently: a 400 during update records the connection as it is, the old speed included", async () => {
    const { id, outs } = await provider.create(portToPort());
    const error = await partialOf(provider.update!(id, outs, portToPort({ speed: 900 })));
    expect(error.message).toMatch(/Max is: 535/);
    expect(error.message).toMatch(/as Console Connect shows it now/);
    // The change did not happen: the recorded speed is the old one, so the next `pulumi up` still sees it.
    expect(error.properties).toMatchObject({ speed: outs.speed, status: "ACTIVE" });
  });
});

describe("delete", () => {
  it("disables an ACTIVE connection, deletes it, and waits for DELETED", async () => {
    const { id, outs } = await provider.create(portToPort());
    running.emulator.requests.clear();
    await provider.delete!(id, outs);
    expect((await me.getConnection(ME, id))!.status).toBe("DELETED");
    const writes = requests()
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([
      `PUT /api/company/${ME}/connections/${id}/disable`,
      `DELETE /api/v2/company/${ME}/connections/${id}`,
    ]);
  });

  it("deletes a request that is still waiting without disabling it, and treats a deleted one as done", async () => {
    const creating = provider.create(companyToCompany({ timeouts: { create: "200ms" } }));
    const error = await partialOf(creating);
    await provider.delete!(error.id, error.properties);
    expect((await me.getConnection(ME, error.id))!.status).toBe("DELETED");
    running.emulator.requests.clear();
    await provider.delete!(error.id, error.properties);
    expect(requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect(calls("PUT", /\/disable$/)).toHaveLength(0);
  });
});

describe("read", () => {
  const control = (method: string, id: string, body?: unknown) =>
    running.emulator.app.inject({
      method: method as never,
      url: `/__emulator/consoleconnect/connections/${id}`,
      payload: body as never,
    });

  it("reports a rename and a resize made outside Pulumi as drift", async () => {
    const { id, outs } = await provider.create(portToPort());
    await control("PATCH", id, { name: "renamed-in-portal", speed: 200 });
    const read = storable(await provider.read!(id, outs));
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({
      name: "renamed-in-portal",
      speed: 200,
      status: "ACTIVE",
      company: ME,
    });
    expect(read.inputs).toMatchObject({
      name: "renamed-in-portal",
      speed: 200,
      portId: PORTS.demoHongKong.id,
    });
    expect(read.inputs).not.toHaveProperty("status");
    expect(read.inputs).not.toHaveProperty("connectionId");
  });

  it("reports a connection deleted outside Pulumi as gone, and one being deleted too", async () => {
    const a = await provider.create(portToPort({ name: "a" }));
    const b = await provider.create(portToPort({ name: "b" }));
    await control("DELETE", a.id);
    expect(await provider.read!(a.id, a.outs)).toEqual({});
    await me.deleteConnection(ME, b.id);
    expect(await provider.read!(b.id, b.outs)).toEqual({});
    expect(await provider.read!("000000000000000000000000", a.outs)).toEqual({});
  });

  it("shows ERROR with Console Connect's reason; the next up replaces it", async () => {
    const { id, outs } = await provider.create(portToPort());
    await running.emulator.app.inject({
      method: "POST",
      url: `/__emulator/consoleconnect/connections/${id}/error`,
      payload: { reason: "Port down" },
    });
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ status: "ERROR", errorReason: "Port down" });
    expect((await provider.diff!(id, read.props as Json, portToPort())).replaces).toEqual(["status"]);
  });
});

describe("adoption", () => {
  it("takes over an existing connection by id without creating one, and renames it in place", async () => {
    const existing = await me.createConnection(ME, {
      name: "made-elsewhere",
      portId: PORTS.demoHongKong.id,
      destPortId: PORTS.demoSingapore.id,
      destCompany: ME,
      destMetroId: singapore.id,
      speed: 100,
      type: "LAYER2",
    });
    running.emulator.requests.clear();
    const { id, outs } = await provider.create(portToPort({ adoptId: existing.id }));
    expect(id).toBe(existing.id);
    expect(outs).toMatchObject({ status: "ACTIVE", name: "p2p", adoptId: existing.id });
    expect(calls("PUT", /layer2$/)).toHaveLength(0);
    expect(calls("POST", /connections\//).map((r) => r.body)).toEqual([{ name: "p2p" }]);
  });

  it("refuses a connection that does not match the inputs, or does not exist", async () => {
    const { id } = await provider.create(portToPort());
    await expect(
      provider.create(
        portToPort({
          adoptId: id,
          portId: PORTS.demoSingapore.id,
          destPortId: PORTS.demoHongKong.id,
          destMetroId: hongKong.id,
        }),
      ),
    ).rejects.toThrow(
      /does not match the inputs \(portId is 66c29b3c6dcad34e5b728c9c remotely; destPortId is 66c29b3c6dcad34e5b728c9d remotely\)/,
    );
    await expect(provider.create(portToPort({ adoptId: "000000000000000000000000" }))).rejects.toThrow(
      /adoptId: Console Connect connection 000000000000000000000000 does not exist for acme-networks/,
    );
  });
});

describe("lookups", () => {
  it("go from names to ids the way seeds 002 and 003 do", async () => {
    expect(await lookups.getCompanyUsername()).toBe(ME);
    const port = await lookups.getPort("my-port-1");
    expect(port).toMatchObject({ id: PORTS.demoHongKong.id, capacity: { remaining: 635 } });
    expect((await lookups.getPorts(PARTNER)).map((p) => p.name)).toEqual(["GLOBEX-HKG-01", "GLOBEX-LON-01"]);
    await expect(lookups.getPort("nope")).rejects.toThrow(
      /no port "nope"; there are: My-Port-1, My-Port-2, My-Port-Large-HK, My-Port-Large-SG, My-Port-3/,
    );
    const metro = await lookups.getMetro("oracle", "hkg");
    expect(metro).toMatchObject({
      id: hongKong.id,
      regionIds: hongKong.regionIds,
      firstDataCenterFacilityIdInMetro: CONSOLE_CONNECT_FACILITIES.hkg39.id,
      firstDataCenterFacilityId: CONSOLE_CONNECT_FACILITIES.hkg39.id,
    });
    expect((await lookups.getMetro(PARTNER, "London")).code).toBe("LON");
    await expect(lookups.getMetro("oracle", "LON")).rejects.toThrow(
      /no metro of oracle "LON"; there are: HKG\/Hong Kong, SIN\/Singapore/,
    );
    const dcfs = await lookups.getDataCenterFacilities(hongKong.id);
    expect(dcfs.map((d) => d.id)).toEqual([
      CONSOLE_CONNECT_FACILITIES.hkg39.id,
      CONSOLE_CONNECT_FACILITIES.megaIAdvantage.id,
    ]);
    const byName = await lookups.searchDataCenterFacilities({
      where: { name: { like: "^sin", options: "i" } },
    });
    expect(byName.map((d) => d.dataCenterFacility?.metroId)).toEqual([singapore.id]);
  });

  it("accept the 2024 spelling firstDataCenterFacilityId", async () => {
    const legacy = await startConsoleConnectEmulator({ metroFacilityField: "firstDataCenterFacilityId" });
    try {
      const metro = await lookups.getMetro("oracle", "HKG", { endpoint: legacy.url });
      expect(metro.firstDataCenterFacilityIdInMetro).toBe(CONSOLE_CONNECT_FACILITIES.hkg39.id);
    } finally {
      await legacy.close();
    }
  });

  it("say where credentials come from when there are none", async () => {
    await expect(lookups.getPorts(ME, { apiKey: undefined })).rejects.toThrow(
      /no Console Connect API key is configured\. To fix it, set interconnect:consoleConnectApiKey \(secret\)/,
    );
  });
});

/** The specification documents no 404 for a connection: "not found" may be a 400, told by its message. */
describe("a connection the API does not know", () => {
  for (const notFoundAs400 of [false, true]) {
    it(`is gone for read, delete and the client when not found is ${notFoundAs400 ? "400" : "404"}`, async () => {
      await running.emulator.app.inject({
        method: "PATCH",
        url: "/__emulator/consoleconnect/switches",
        payload: { notFoundAs400 },
      });
      const unknown = "000000000000000000000000";
      const { id, outs } = await provider.create(portToPort());
      running.emulator.requests.clear();
      expect(await me.getConnection(ME, unknown)).toBeUndefined();
      await me.deleteConnection(ME, unknown);
      expect(await provider.read!(unknown, outs)).toEqual({});
      await provider.delete!(unknown, outs);
      const statuses = requests().map((r) => r.status);
      expect(new Set(statuses)).toEqual(new Set([notFoundAs400 ? 400 : 404]));
      // Any other 400 is still an error.
      await expect(me.getConnection("not-my-company", id)).rejects.toThrow(/You are not authorized/);
    });
  }
});

describe("waits shared by many connections", () => {
  /** 20 live connections, made without waiting for them. */
  async function twenty(): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const body = {
        ...SEED_REQUESTS.portToPort,
        name: `many-${i}`,
        portId: PORTS.demoHongKongLarge.id,
        destPortId: PORTS.demoSingaporeLarge.id,
      };
      ids.push((await me.createConnection(ME, body as never)).id);
    }
    running.emulator.requests.clear();
    return ids;
  }

  it("reads more concurrent waits than there are statuses with the list, not one GET each", async () => {
    const ids = await twenty();
    const poller = connections(me, ME);
    const records = await Promise.all(ids.map((id) => poller.poll(id)()));
    expect(records.map((r) => r?.id)).toEqual(ids);
    expect(calls("GET", /\/connections\/[a-f0-9]{24}$/)).toHaveLength(0);
    // One request per status (the search takes one status at a time), not one per connection.
    expect(calls("GET", /\/connections$/).length).toBeLessThan(ids.length);
  });

  it("reads a few waits with a GET each, which costs less than listing every status", async () => {
    const ids = (await twenty()).slice(0, 3);
    const poller = connections(me, ME);
    await Promise.all(ids.map((id) => poller.poll(id)()));
    expect(calls("GET", /\/connections\/[a-f0-9]{24}$/)).toHaveLength(3);
    expect(calls("GET", /\/connections$/)).toHaveLength(0);
  });
});
