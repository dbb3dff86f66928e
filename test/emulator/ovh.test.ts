/**
 * The OVH emulator over HTTP: signatures and timestamps (with the real error bodies), /auth/time, OAuth2, tasks
 * that move todo → doing → done on the emulator clock, objects init → active → toDelete → gone, cascading deletes
 * with one task, vRack tasks that vanish, list routes with or without a trailing slash, the API's rules and error
 * bodies, the shared datacenter config, the control endpoints and the fault switches.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_DATACENTERS,
  OVH_SEED_SERVICES,
  OVH_SEED_VRACK,
  RunningOvhEmulator,
  startOvhEmulator,
} from "../../emulator/ovh";
import { signRequest } from "../../provider/ovh/client";
import { emulatorControl } from "../ovh/testbed";

type Json = any;

const STEP = 1000;
const PRIMARY = OVH_SEED_SERVICES.primary.uuid;
const SECONDARY = OVH_SEED_SERVICES.secondary.uuid;
const VRACK = OVH_SEED_VRACK;
const GRA = OVH_SEED_DATACENTERS.gra.id;
const POPS = `/ovhCloudConnect/${PRIMARY}/config/pop`;
const SECONDARY_POPS = `/ovhCloudConnect/${SECONDARY}/config/pop`;

let running: RunningOvhEmulator;
beforeAll(async () => {
  running = await startOvhEmulator({ taskStepMs: STEP, vrackTaskStepMs: STEP });
});
afterAll(() => running.close());
beforeEach(() => running.emulator.reset());

const now = () => running.emulator.clock.now();
const advance = (ms: number) => running.emulator.clock.advance(ms);

interface CallOptions {
  body?: unknown;
  /** Replaces the signed headers (e.g. a Bearer token), or drops them with {}. */
  headers?: Record<string, string>;
  secret?: string;
  consumer?: string;
  application?: string;
  /** Seconds added to the emulator clock for X-Ovh-Timestamp. */
  skew?: number;
  /** The body actually sent, when it should differ from the signed one. */
  sentBody?: string;
  /** The path actually requested, when it should differ from the signed one. */
  sentPath?: string;
}

/** A signed API call, as OVH's clients make it; `path` is below /1.0. */
async function call(method: string, path: string, options: CallOptions = {}) {
  const url = `${running.endpoint}${path}`;
  const body = options.body === undefined ? "" : JSON.stringify(options.body);
  const timestamp = Math.floor(now() / 1000) + (options.skew ?? 0);
  const signed = {
    "X-Ovh-Application": options.application ?? OVH_DEMO_CREDENTIALS.applicationKey,
    "X-Ovh-Consumer": options.consumer ?? OVH_DEMO_CREDENTIALS.consumerKey,
    "X-Ovh-Timestamp": String(timestamp),
    "X-Ovh-Signature": signRequest({
      applicationSecret: options.secret ?? OVH_DEMO_CREDENTIALS.applicationSecret,
      consumerKey: options.consumer ?? OVH_DEMO_CREDENTIALS.consumerKey,
      method,
      url,
      body,
      timestamp,
    }),
  };
  const response = await fetch(options.sentPath ? `${running.endpoint}${options.sentPath}` : url, {
    method,
    headers: { ...(options.headers ?? signed), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: options.sentBody ?? (body || undefined),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Json) : undefined,
    headers: response.headers,
  };
}

const control = (method: string, path: string, body?: unknown) =>
  emulatorControl(running.url)(method, `/ovh${path}`, body);

/** Links the primary service to the vRack and lets the task finish (init, todo, doing: three steps). */
async function linkPrimary() {
  await call("POST", `/vrack/${VRACK}/ovhCloudConnect`, { body: { ovhCloudConnect: PRIMARY } });
  advance(3 * STEP);
}

/** Creates a configuration and lets its task finish; returns its id. */
async function created(path: string, body: unknown): Promise<number> {
  const task = await call("POST", path, { body });
  expect(task.status).toBe(200);
  advance(2 * STEP);
  return task.body.resourceId;
}

const L3_POP = {
  interfaceId: 1234,
  type: "l3",
  customerBgpArea: 65005,
  ovhBgpArea: 65006,
  subnet: "10.10.12.0/30",
};
const L3_DC = { datacenterId: GRA, ovhBgpArea: 65008, subnet: "10.0.0.0/28" };

/** Linked primary with an L3 PoP config and an L3 datacenter config. */
async function l3Base() {
  await linkPrimary();
  const popId = await created(POPS, L3_POP);
  const dcId = await created(`${POPS}/${popId}/datacenter`, L3_DC);
  return { popId, dcId, extras: `${POPS}/${popId}/datacenter/${dcId}/extra` };
}

describe("authentication", () => {
  it("serves GET /1.0/auth/time unauthenticated, as a bare integer on the emulator clock", async () => {
    const first = await call("GET", "/auth/time", { headers: {} });
    expect(first.body).toBe(Math.floor(now() / 1000));
    advance(3600_000);
    expect((await call("GET", "/auth/time", { headers: {} })).body).toBe(Math.floor(now() / 1000));
  });

  it("accepts a correctly signed call, and answers every call with an X-Ovh-QueryID", async () => {
    const ok = await call("GET", `/ovhCloudConnect/${PRIMARY}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ovh-queryid")).toMatch(/^EU\.ext-emu\./);
  });

  const refusals: [string, CallOptions, number, Json][] = [
    [
      "no credentials",
      { headers: {} },
      401,
      { class: "Client::Unauthorized", message: "You must login first" },
    ],
    [
      "an unknown application key",
      { application: "other-application" },
      403,
      { errorCode: "INVALID_KEY", httpCode: "403 Forbidden", message: "Invalid application key" },
    ],
    [
      "an unknown consumer key",
      { consumer: "other-consumer-key" },
      403,
      { errorCode: "INVALID_CREDENTIAL", httpCode: "403 Forbidden", message: "This credential is not valid" },
    ],
    [
      "a timestamp ten minutes off",
      { skew: -600 },
      400,
      { errorCode: "QUERY_TIME_OUT", httpCode: "400 Bad Request", message: "Query out of time" },
    ],
    [
      "a signature made with another secret",
      { secret: "not-the-secret" },
      400,
      { errorCode: "INVALID_SIGNATURE", httpCode: "400 Bad Request", message: "Invalid signature" },
    ],
  ];
  for (const [title, options, status, body] of refusals) {
    it(`refuses ${title} with OVH's body`, async () => {
      const answer = await call("GET", `/ovhCloudConnect/${PRIMARY}`, options);
      expect([answer.status, answer.body]).toEqual([status, body]);
    });
  }

  it("signs the exact body and query: a changed body or query is an invalid signature", async () => {
    const l2 = { interfaceId: 1234, type: "l2" };
    const body = await call("POST", POPS, {
      body: l2,
      sentBody: JSON.stringify({ ...l2, interfaceId: 1235 }),
    });
    expect(body.body.errorCode).toBe("INVALID_SIGNATURE");
    const query = await call("GET", "/ovhCloudConnect", { sentPath: "/ovhCloudConnect?iamTags=x" });
    expect(query.body.errorCode).toBe("INVALID_SIGNATURE");
  });

  it("issues OAuth2 tokens (client credentials) and accepts them until they expire", async () => {
    const basic = Buffer.from(
      `${OVH_DEMO_CREDENTIALS.clientId}:${OVH_DEMO_CREDENTIALS.clientSecret}`,
    ).toString("base64");
    const token = async (authorization: string) => {
      const response = await fetch(`${running.url}/auth/oauth2/token`, {
        method: "POST",
        headers: { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&scope=all",
      });
      return { status: response.status, body: (await response.json()) as Json };
    };
    const granted = await token(`Basic ${basic}`);
    expect(granted.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "all" });
    const bearer = { Authorization: `Bearer ${granted.body.access_token}` };
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`, { headers: bearer })).status).toBe(200);
    expect((await token(`Basic ${Buffer.from("x:y").toString("base64")}`)).body.error).toBe("invalid_client");
    advance(3600_000);
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`, { headers: bearer })).status).toBe(401);
  });
});

describe("vRack link", () => {
  it("shows the link at once, sets the service's vrack when its task is done, and the task then vanishes", async () => {
    const task = await call("POST", `/vrack/${VRACK}/ovhCloudConnect`, {
      body: { ovhCloudConnect: PRIMARY },
    });
    // vrack.TaskStatusEnum starts at init (terraform-provider-ovh waits through init, todo and doing).
    expect(task.body).toMatchObject({ status: "init", serviceName: VRACK, targetDomain: PRIMARY });
    expect((await call("GET", `/vrack/${VRACK}/ovhCloudConnect`)).body).toEqual([SECONDARY, PRIMARY]);
    expect((await call("GET", `/vrack/${VRACK}/task`)).body).toEqual([task.body.id]);
    advance(STEP);
    expect((await call("GET", `/vrack/${VRACK}/task/${task.body.id}`)).body.status).toBe("todo");
    advance(STEP);
    expect((await call("GET", `/vrack/${VRACK}/task/${task.body.id}`)).body.status).toBe("doing");
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`)).body.vrack).toBeNull();
    advance(STEP);
    const gone = await call("GET", `/vrack/${VRACK}/task/${task.body.id}`);
    expect([gone.status, gone.body.class]).toEqual([404, "Client::NotFound"]);
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`)).body.vrack).toBe(VRACK);
    expect((await call("GET", `/vrack/${VRACK}/ovhCloudConnect/${PRIMARY}`)).body).toEqual({
      ovhCloudConnect: PRIMARY,
      vrack: VRACK,
    });
  });

  it("lists the services that can be linked, and refuses one already in a vRack", async () => {
    expect((await call("GET", `/vrack/${VRACK}/allowedServices`)).body).toEqual({
      ovhCloudConnect: [PRIMARY],
    });
    const again = await call("POST", `/vrack/${VRACK}/ovhCloudConnect`, {
      body: { ovhCloudConnect: SECONDARY },
    });
    expect(again.body).toEqual({
      class: "Client::BadRequest",
      message: `The OVHcloud Connect service ${SECONDARY} is already in a vRack`,
    });
  });

  it("refuses to unlink a service that still has PoP configs", async () => {
    await linkPrimary();
    await created(POPS, { interfaceId: 1234, type: "l2" });
    const refused = await call("DELETE", `/vrack/${VRACK}/ovhCloudConnect/${PRIMARY}`);
    expect(refused.status).toBe(400);
  });
});

describe("configuration lifecycle", () => {
  it("a create answers a task; the task goes todo → doing → done and stays readable, the object init → active", async () => {
    await linkPrimary();
    const task = await call("POST", POPS, { body: L3_POP });
    expect(task.body).toEqual({
      id: expect.any(Number),
      function: "addPopConfiguration",
      status: "todo",
      resourceId: expect.any(Number),
    });
    const pop = `${POPS}/${task.body.resourceId}`;
    const taskPath = `/ovhCloudConnect/${PRIMARY}/task/${task.body.id}`;
    expect((await call("GET", pop)).body).toEqual({ id: task.body.resourceId, ...L3_POP, status: "init" });
    advance(STEP);
    expect((await call("GET", taskPath)).body.status).toBe("doing");
    advance(STEP);
    expect((await call("GET", taskPath)).body.status).toBe("done");
    expect((await call("GET", pop)).body.status).toBe("active");
    advance(3600_000);
    expect((await call("GET", taskPath)).body.status).toBe("done");
  });

  it("a delete answers a task; the object is toDelete, then gone", async () => {
    await linkPrimary();
    const popId = await created(POPS, { interfaceId: 1234, type: "l2" });
    const task = await call("DELETE", `${POPS}/${popId}`);
    expect(task.body).toMatchObject({ function: "delPopConfiguration", resourceId: popId });
    expect((await call("GET", `${POPS}/${popId}`)).body.status).toBe("toDelete");
    expect((await call("DELETE", `${POPS}/${popId}`)).status).toBe(409);
    advance(2 * STEP);
    expect((await call("GET", `${POPS}/${popId}`)).status).toBe(404);
  });

  it("deleting a PoP config deletes its datacenter configs and extras with one, slower, task", async () => {
    const { popId, dcId, extras } = await l3Base();
    const routes = [
      await created(extras, { type: "network", nextHop: "10.0.0.5", subnet: "192.168.2.0/24" }),
      await created(extras, { type: "network", nextHop: "10.0.0.5", subnet: "192.168.3.0/24" }),
    ];
    const task = await call("DELETE", `${POPS}/${popId}`);
    const state = await control("GET", "/state");
    expect([...state.datacenters, ...state.extras].map((o: Json) => o.status)).toEqual([
      "toDelete",
      "toDelete",
      "toDelete",
    ]);
    // One step todo, then one step per object (PoP, datacenter config, two extras).
    advance(4 * STEP);
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}/task/${task.body.id}`)).body.status).toBe("doing");
    advance(STEP);
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}/task/${task.body.id}`)).body.status).toBe("done");
    expect((await call("GET", `${POPS}/${popId}/datacenter/${dcId}/extra/${routes[0]}`)).status).toBe(404);
    const after = await control("GET", "/state");
    expect([after.pops, after.datacenters, after.extras]).toEqual([[], [], []]);
    expect(after.occTasks.filter((t: Json) => t.function.startsWith("del"))).toHaveLength(1);
  });

  it("answers list routes with and without a trailing slash", async () => {
    const { popId, dcId } = await l3Base();
    for (const path of [
      POPS,
      `${POPS}/${popId}/datacenter`,
      `${POPS}/${popId}/datacenter/${dcId}/extra`,
      `/vrack/${VRACK}/ovhCloudConnect`,
    ]) {
      const plain = await call("GET", path);
      expect(plain.status).toBe(200);
      expect((await call("GET", `${path}/`)).body).toEqual(plain.body);
    }
  });

  it("uses the datacenter config's id in paths, and answers OVH's 404 for the datacenter's own id", async () => {
    const { popId, dcId } = await l3Base();
    expect((await call("GET", `${POPS}/${popId}/datacenter/${dcId}`)).body.datacenterId).toBe(GRA);
    expect((await call("GET", `${POPS}/${popId}/datacenter/${GRA}`)).body).toEqual({
      class: "Client::NotFound",
      message: `The requested object (datacenterId = ${GRA}) does not exist`,
    });
  });
});

describe("the datacenter config shared by the services of one vRack", () => {
  it("is inherited by the second service, and survives the first service's PoP config", async () => {
    const { popId, dcId } = await l3Base();
    const secondPop = await created(SECONDARY_POPS, { ...L3_POP, interfaceId: 2234 });
    expect((await call("GET", `${SECONDARY_POPS}/${secondPop}/datacenter`)).body).toEqual([dcId]);
    const duplicate = await call("POST", `${SECONDARY_POPS}/${secondPop}/datacenter`, { body: L3_DC });
    expect(duplicate.body.message).toBe(
      `Datacenter ${GRA} is already configured in this vRack (configuration ${dcId})`,
    );

    await call("DELETE", `${POPS}/${popId}`);
    advance(2 * STEP);
    expect((await call("GET", `${POPS}/${popId}`)).status).toBe(404);
    expect((await call("GET", `${SECONDARY_POPS}/${secondPop}/datacenter/${dcId}`)).body.status).toBe(
      "active",
    );
    // The last PoP config of the vRack takes it with it.
    await call("DELETE", `${SECONDARY_POPS}/${secondPop}`);
    advance(3 * STEP);
    expect((await control("GET", "/state")).datacenters).toEqual([]);
  });

  it("keeps the services of one vRack on one type (L2 or L3)", async () => {
    await l3Base();
    const mixed = await call("POST", SECONDARY_POPS, { body: { interfaceId: 2234, type: "l2" } });
    expect(mixed.body.message).toMatch(/configured in L3/);
  });
});

describe("the API's rules, as 400s with OVH's messages", () => {
  it("PoP configs", async () => {
    const unlinked = await call("POST", POPS, { body: { interfaceId: 1234, type: "l2" } });
    expect(unlinked.body).toEqual({
      class: "Client::BadRequest",
      message: "The service must be in a vRack before it can be configured",
    });
    await linkPrimary();
    const cases: [unknown, string][] = [
      [{ type: "l2" }, "Missing parameter(s): interfaceId"],
      [{ interfaceId: 1234, type: "l4" }, 'Invalid value for type: "l4" is not one of l2, l3'],
      [
        { interfaceId: 1234, type: "l2", subnet: "10.10.12.0/30" },
        "Parameter subnet is only for an L3 configuration",
      ],
      [{ ...L3_POP, subnet: "10.10.12.0/29" }, "Invalid value for subnet: a /30 is expected"],
      [
        { ...L3_POP, subnet: "10.10.12.1/30" },
        "Invalid value for subnet: 10.10.12.1/30 is not a network address (10.10.12.0/30)",
      ],
      [
        { ...L3_POP, customerBgpArea: 0 },
        "Invalid value for customerBgpArea: 0 is not between 1 and 4294967295",
      ],
      [{ ...L3_POP, interfaceId: 2234 }, "Interface 2234 does not belong to this service"],
    ];
    for (const [body, message] of cases)
      expect((await call("POST", POPS, { body })).body.message).toBe(message);
    await created(POPS, L3_POP);
    expect((await call("POST", POPS, { body: L3_POP })).body.message).toBe(
      "A PoP configuration already exists on interface 1234",
    );
  });

  it("datacenter configs", async () => {
    await linkPrimary();
    const pending = await call("POST", POPS, { body: L3_POP });
    const datacenters = `${POPS}/${pending.body.resourceId}/datacenter`;
    expect((await call("POST", datacenters, { body: L3_DC })).status).toBe(409);
    advance(2 * STEP);
    const cases: [unknown, string][] = [
      [{ ...L3_DC, subnet: "10.0.0.0/29" }, "Invalid value for subnet: the smallest block accepted is a /28"],
      [{ datacenterId: GRA }, "Missing parameter(s): subnet"],
      [{ ...L3_DC, datacenterId: 10 }, "Datacenter waw is not available for a new configuration"],
      [{ ...L3_DC, datacenterId: 99 }, "Datacenter 99 is not reachable from this service"],
    ];
    for (const [body, message] of cases)
      expect((await call("POST", datacenters, { body })).body.message).toBe(message);
    // OVHcloud assigns the ASN when none is given.
    const id = await created(datacenters, { datacenterId: GRA, subnet: "10.0.0.0/28" });
    expect((await call("GET", `${datacenters}/${id}`)).body.ovhBgpArea).toEqual(expect.any(Number));
  });

  it("extras: addresses in the subnet, static routes or BGP sessions but not both, four sessions at most", async () => {
    const { extras } = await l3Base();
    const cases: [unknown, string][] = [
      [
        { type: "network", nextHop: "10.0.1.5", subnet: "192.168.2.0/24" },
        "Invalid value for nextHop: 10.0.1.5 is not in the datacenter subnet 10.0.0.0/28",
      ],
      [
        { type: "network", nextHop: "10.0.0.1", subnet: "192.168.2.0/24" },
        "Invalid value for nextHop: 10.0.0.1 is reserved in the datacenter subnet 10.0.0.0/28",
      ],
      [
        { type: "bgp", bgpNeighborArea: 65010, bgpNeighborIp: "10.0.0.15" },
        "Invalid value for bgpNeighborIp: 10.0.0.15 is reserved in the datacenter subnet 10.0.0.0/28",
      ],
      [{ type: "bgp", bgpNeighborArea: 65010 }, "Missing parameter(s): bgpNeighborIp"],
      [
        { type: "static", nextHop: "10.0.0.5" },
        'Invalid value for type: "static" is not one of network, bgp',
      ],
    ];
    for (const [body, message] of cases)
      expect((await call("POST", extras, { body })).body.message).toBe(message);
    for (const ip of ["10.0.0.6", "10.0.0.7", "10.0.0.8", "10.0.0.9"])
      await created(extras, { type: "bgp", bgpNeighborArea: 65010, bgpNeighborIp: ip });
    expect(
      (
        await call("POST", extras, {
          body: { type: "bgp", bgpNeighborArea: 65010, bgpNeighborIp: "10.0.0.10" },
        })
      ).body.message,
    ).toBe("A datacenter configuration takes at most 4 BGP sessions");
    expect(
      (
        await call("POST", extras, {
          body: { type: "network", nextHop: "10.0.0.5", subnet: "192.168.2.0/24" },
        })
      ).body.message,
    ).toBe("A datacenter configuration cannot have both a BGP session and a static route");
  });

  it("answers OVH's 404s", async () => {
    expect((await call("GET", "/ovhCloudConnect/00000000-0000-4000-8000-000000000000")).body).toEqual({
      class: "Client::NotFound",
      message: "This service does not exist",
    });
    expect((await call("GET", `${POPS}/42`)).body.message).toBe(
      "The requested object (popId = 42) does not exist",
    );
    expect((await call("GET", "/nothing/here")).body.class).toBe("Client::NotFound");
  });
});

describe("control endpoints", () => {
  it("make the next task fail, and resume it", async () => {
    await linkPrimary();
    await control("POST", "/tasks/outcome", { status: "error", function: "addPopConfiguration" });
    const task = await call("POST", POPS, { body: L3_POP });
    advance(2 * STEP);
    const taskPath = `/ovhCloudConnect/${PRIMARY}/task/${task.body.id}`;
    expect((await call("GET", taskPath)).body.status).toBe("error");
    expect((await call("GET", `${POPS}/${task.body.resourceId}`)).body.status).toBe("init");
    expect(await control("POST", `/tasks/${task.body.id}/resume`)).toEqual({
      id: task.body.id,
      status: "doing",
    });
    advance(STEP);
    expect((await call("GET", taskPath)).body.status).toBe("done");
    expect((await call("GET", `${POPS}/${task.body.resourceId}`)).body.status).toBe("active");
  });

  it("change and delete configurations outside the API", async () => {
    const { popId, dcId } = await l3Base();
    await control("PATCH", `/configs/datacenter/${dcId}`, { subnet: "10.0.8.0/28" });
    expect((await call("GET", `${POPS}/${popId}/datacenter/${dcId}`)).body.subnet).toBe("10.0.8.0/28");
    await control("DELETE", `/configs/pop/${popId}`);
    expect((await control("GET", "/state")).datacenters).toEqual([]);
  });

  it("reset brings the seed back", async () => {
    await l3Base();
    running.emulator.reset();
    const state = await control("GET", "/state");
    expect([state.pops, state.links[VRACK]]).toEqual([[], [SECONDARY]]);
  });
});

describe("fault switches", () => {
  it("answer an injected 503 with OVH's body and Retry-After", async () => {
    running.emulator.faults.add({ kind: "status", status: 503, retryAfter: 2 });
    const answer = await call("GET", `/ovhCloudConnect/${PRIMARY}`);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      class: "Server::ServiceUnavailable",
      message: "Service Unavailable (fault injected by the ovh emulator)",
    });
    expect(answer.headers.get("retry-after")).toBe("2");
  });

  it("drop-after applies the create although the answer is lost", async () => {
    await linkPrimary();
    running.emulator.faults.add({ kind: "drop", when: "after", match: { method: "POST" } });
    await expect(call("POST", POPS, { body: L3_POP })).rejects.toThrow();
    expect((await control("GET", "/state")).pops).toHaveLength(1);
    expect(running.emulator.requests.list().at(-1)).toMatchObject({
      method: "POST",
      fault: "drop-after",
      status: 200,
    });
  });

  it("do not spend a fault on a request that fails authentication", async () => {
    running.emulator.faults.add({ kind: "status", status: 503 });
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`, { secret: "wrong" })).status).toBe(400);
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`)).status).toBe(503);
  });
});

describe("switches: the invented rules and allowedServices", () => {
  const switches = (body?: unknown) =>
    body === undefined ? control("GET", "/switches") : control("PATCH", "/switches", body);

  it("every invented rule is on by default, each can be switched off, and reset switches them on again", async () => {
    const initial = await switches();
    expect(Object.values(initial.rules).every((on) => on === true)).toBe(true);
    expect(Object.keys(initial.inventedRuleAnswers).sort()).toEqual(Object.keys(initial.rules).sort());
    expect(initial.allowedServicesHidden).toBe(false);
    const changed = await switches({ inventedRules: { singleTypePerVrack: false } });
    expect(changed.rules).toMatchObject({ singleTypePerVrack: false, conflictOnDoubleDelete: true });
    expect((await switches({ inventedRules: "no" })).error).toBeDefined();
    running.emulator.reset();
    expect((await switches()).rules.singleTypePerVrack).toBe(true);
  });

  it("with the invented rules off, the emulator accepts what no source says is refused, and stays consistent", async () => {
    await switches({ inventedRules: false });
    // A PoP config with its datacenter config created under it while the PoP config is still init.
    await linkPrimary();
    const pending = await call("POST", POPS, { body: L3_POP });
    const dc = await call("POST", `${POPS}/${pending.body.resourceId}/datacenter`, { body: L3_DC });
    expect(dc.status).toBe(200);
    // A second PoP config on the same interface; another type in the same vRack.
    expect((await call("POST", POPS, { body: L3_POP })).status).toBe(200);
    expect((await call("POST", SECONDARY_POPS, { body: { interfaceId: 2234, type: "l2" } })).status).toBe(
      200,
    );
    advance(2 * STEP);
    const extras = `${POPS}/${pending.body.resourceId}/datacenter/${dc.body.resourceId}/extra`;
    const route = { type: "network", nextHop: "10.0.0.5", subnet: "192.168.2.0/24" };
    // The same datacenter twice in the vRack, the same static route twice.
    expect(
      (await call("POST", `${POPS}/${pending.body.resourceId}/datacenter`, { body: L3_DC })).status,
    ).toBe(200);
    expect((await call("POST", extras, { body: route })).status).toBe(200);
    expect((await call("POST", extras, { body: route })).status).toBe(200);
    advance(2 * STEP);
    // Deleting twice answers two tasks; the objects go once.
    const first = await call("DELETE", `${extras}/${9000}`);
    const second = await call("DELETE", `${extras}/${9000}`);
    expect([first.status, second.status]).toEqual([200, 200]);
    advance(2 * STEP);
    expect((await call("GET", `${extras}/9000`)).status).toBe(404);
    // Unlinking a service that has PoP configs, twice while the first task runs.
    const unlink = `/vrack/${VRACK}/ovhCloudConnect/${PRIMARY}`;
    expect((await call("DELETE", unlink)).status).toBe(200);
    expect((await call("DELETE", unlink)).status).toBe(200);
    advance(3 * STEP);
    const state = await control("GET", "/state");
    expect(state.links[VRACK]).toEqual([SECONDARY]);
    expect(state.services.find((s: Json) => s.uuid === PRIMARY).vrack).toBeNull();
    expect(state.vrackTasks.every((t: Json) => t.status === "gone")).toBe(true);
  });

  it("allowedServicesHidden answers no service, as for a caller without the IAM action; linking still works", async () => {
    expect((await switches({ allowedServicesHidden: true })).allowedServicesHidden).toBe(true);
    expect((await call("GET", `/vrack/${VRACK}/allowedServices`)).body).toEqual({ ovhCloudConnect: [] });
    const task = await call("POST", `/vrack/${VRACK}/ovhCloudConnect`, {
      body: { ovhCloudConnect: PRIMARY },
    });
    expect(task.status).toBe(200);
    advance(3 * STEP);
    expect((await call("GET", `/ovhCloudConnect/${PRIMARY}`)).body.vrack).toBe(VRACK);
  });
});
