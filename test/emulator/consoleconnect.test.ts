/**
 * The Console Connect emulator over HTTP: authentication, discovery, create validation with the API's messages,
 * every lifecycle path (both parties' approval, denial, Oracle, automatic approval, speed changes, disable,
 * delete), the control endpoints and the fault switches. Time moves with /__emulator/clock/advance.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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
  ConsoleConnectEmulatorOptions,
  RunningConsoleConnectEmulator,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";

const ME = CONSOLE_CONNECT_DEMO_COMPANY.username;
const PARTNER = CONSOLE_CONNECT_PARTNER_COMPANY.username;
const PORTS = CONSOLE_CONNECT_SEED_PORTS;
const { hongKong, singapore, london } = CONSOLE_CONNECT_METROS;
/** One lifecycle step of emulated time: long, so that real time passing between two calls never moves a status. */
const STEP = 60_000;

type Json = any;

/** An emulator on a free port, reset before each test, with helpers that speak its HTTP API. */
function emulatorFor(options: ConsoleConnectEmulatorOptions) {
  let running: RunningConsoleConnectEmulator;
  beforeAll(async () => {
    running = await startConsoleConnectEmulator({
      creatingMs: STEP,
      acceptedMs: STEP,
      activatingMs: STEP,
      disablingMs: STEP,
      deletingMs: STEP,
      ...options,
    });
  });
  afterAll(() => running.close());
  beforeEach(() => call("POST", "/__emulator/reset"));

  async function call(
    method: string,
    path: string,
    {
      key = CONSOLE_CONNECT_DEMO_API_KEY,
      body,
      headers = {},
    }: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: Json; headers: Headers }> {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }
  const advance = (ms: number) => call("POST", "/__emulator/clock/advance", { body: { ms } });
  const connection = (id: string, key = CONSOLE_CONNECT_DEMO_API_KEY, company = ME) =>
    call("GET", `/api/v2/company/${company}/connections/${id}`, { key }).then((r) => r.body);
  const create = (body: Record<string, unknown>, key = CONSOLE_CONNECT_DEMO_API_KEY) =>
    call("PUT", `/api/v2/company/${ME}/connections/layer2`, { key, body });
  const asPartner = (method: string, path: string, body?: unknown) =>
    call(method, path.replace(ME, PARTNER), { key: CONSOLE_CONNECT_PARTNER_API_KEY, body });
  const portOf = async (id: string, company = ME) =>
    (await call("GET", `/api/company/${company}/ports/${id}`)).body;
  /** Every connection in the emulator, whatever its status (control endpoint). */
  const allConnections = async (): Promise<Json[]> =>
    (await call("GET", "/__emulator/consoleconnect/connections", { key: null })).body;
  const switches = (body: Record<string, boolean>) =>
    call("PATCH", "/__emulator/consoleconnect/switches", { key: null, body });
  return { call, advance, connection, create, asPartner, portOf, allConnections, switches };
}

const portToPort = (extra: Record<string, unknown> = {}) => ({
  type: "LAYER2",
  name: "p2p",
  portId: PORTS.demoHongKong.id,
  destPortId: PORTS.demoSingapore.id,
  destCompany: ME,
  destMetroId: singapore.id,
  speed: 100,
  ...extra,
});

const companyToCompany = (extra: Record<string, unknown> = {}) => ({
  type: "LAYER2",
  name: "b2b",
  portId: PORTS.demoHongKong.id,
  destCompany: PARTNER,
  destDcf: CONSOLE_CONNECT_FACILITIES.megaIAdvantage.id,
  destMetroId: hongKong.id,
  destRegionId: hongKong.regionIds[0],
  paymentType: "invoice",
  duration: 1,
  durationUnit: "m",
  speed: 100,
  ...extra,
});

describe("Console Connect emulator, with approvals by the other party's own calls", () => {
  const { call, advance, connection, create, asPartner, portOf, allConnections, switches } = emulatorFor({
    approvalDelayMs: "manual",
  });

  /** Creates a company-to-company request and has the partner approve it; returns it ACTIVE. */
  async function activeB2b(extra: Record<string, unknown> = {}) {
    const { body } = await create(companyToCompany(extra));
    await advance(STEP);
    expect((await asPartner("PUT", `/api/v2/company/${ME}/connections/${body.id}/approve`)).status).toBe(200);
    await advance(2 * STEP);
    expect((await connection(body.id)).status).toBe("ACTIVE");
    return body.id as string;
  }

  describe("authentication", () => {
    it("answers 401 in the API's shape without a key or with an unknown one", async () => {
      for (const key of [null, "not-a-key"]) {
        const res = await call("GET", `/api/company/${ME}/ports`, { key });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          error: { message: "The user is not logged in", status: 401, statusCode: 401 },
        });
      }
    });
    it("tells a key's user and company (GET /api/auth/token)", async () => {
      const { body } = await call("GET", "/api/auth/token");
      expect(body.companies).toEqual([
        { id: CONSOLE_CONNECT_DEMO_COMPANY.id, username: ME, name: "Acme Networks", verified: true },
      ]);
      expect(body.roles).toEqual(["NETWORKCONTROL"]);
    });
    it("accepts the deprecated portal-token from PUT /api/auth/token, until logout", async () => {
      const user = CONSOLE_CONNECT_DEMO_COMPANY.users[0];
      expect(
        (await call("PUT", "/api/auth/token", { key: null, body: { email: user.email, password: "x" } }))
          .status,
      ).toBe(401);
      const login = await call("PUT", "/api/auth/token", {
        key: null,
        body: { email: user.email, password: user.password },
      });
      const headers = { "portal-token": login.body.token };
      expect((await call("GET", `/api/company/${ME}/ports`, { key: null, headers })).status).toBe(200);
      await call("DELETE", "/api/auth/token", { key: null, headers });
      expect((await call("GET", `/api/company/${ME}/ports`, { key: null, headers })).status).toBe(401);
    });
    it("answers 400 'You are not authorized to do that.' to a viewer's write and to another company's path", async () => {
      const notAuthorized = {
        error: { statusCode: 400, name: "Error", message: "You are not authorized to do that." },
      };
      const viewer = await create(portToPort(), CONSOLE_CONNECT_VIEWER_API_KEY);
      expect(viewer).toMatchObject({ status: 400, body: notAuthorized });
      const list = "connections?status=ACTIVE&page=1&count=20";
      const foreign = await call("GET", `/api/v2/company/${PARTNER}/${list}`);
      expect(foreign).toMatchObject({ status: 400, body: notAuthorized });
      expect(
        (await call("GET", `/api/v2/company/${ME}/${list}`, { key: CONSOLE_CONNECT_VIEWER_API_KEY })).status,
      ).toBe(200);
    });
  });

  describe("discovery", () => {
    it("lists a company's ports with capacity and VLAN ranges, any company's too", async () => {
      const mine = (await call("GET", `/api/company/${ME}/ports?deleted=false`)).body.results;
      expect(mine.map((p: Json) => p.name)).toEqual([
        "My-Port-1",
        "My-Port-2",
        "My-Port-Large-HK",
        "My-Port-Large-SG",
        "My-Port-3",
      ]);
      expect(mine[0]).toMatchObject({
        id: PORTS.demoHongKong.id,
        speed: { value: 1000, name: "1000 Mbps" },
        capacity: { total: 1000, utilised: 365, remaining: 635 },
        vlanRanges: [{ start: 1000, end: 1010 }],
        status: "ACTIVE",
      });
      const theirs = (await call("GET", `/api/company/${PARTNER}/ports`)).body.results;
      expect(theirs.map((p: Json) => p.id)).toEqual([PORTS.partnerHongKong.id, PORTS.partnerLondon.id]);
      expect((await call("GET", `/api/company/${ME}/ports/${PORTS.partnerLondon.id}`)).body).toEqual({
        error: { statusCode: 404, name: "Error", message: "A port can not be found with the given id" },
      });
    });
    it("answers Oracle's metro capabilities as seed 002 shows them", async () => {
      const { results } = (await call("GET", "/api/company/oracle/metro/capabilities")).body;
      expect(results[0]).toMatchObject({
        name: "Hong Kong",
        code: "HKG",
        id: "77d9f1fbbcaa906f3cddb6d1",
        regionIds: ["5c05cb06cad910000ae251f4"],
        capabilities: { layer2: true },
        firstDataCenterFacilityIdInMetro: "5aa89b04ac86ba0012345bdf",
      });
      expect(results.map((m: Json) => m.code)).toEqual(["HKG", "SIN"]);
    });
    it("searches data-center facilities with a LoopBack filter", async () => {
      const search = (filter: unknown) =>
        call("GET", `/v2/data-center-facility?filter=${encodeURIComponent(JSON.stringify(filter))}`);
      const inHongKong = await search({
        where: { "dataCenterFacility.ready": true, "dataCenterFacility.metroId": hongKong.id },
        skip: 0,
        limit: 100,
      });
      expect(inHongKong.body.map((d: Json) => d.name)).toEqual(["hkg39-Asia-HK-APAC", "Mega-iAdvantage"]);
      expect((await search({ where: { name: { like: "mega", options: "i" } } })).body).toHaveLength(1);
      expect((await search({ where: { "company.addresses.country": "SG" } })).body[0].username).toBe("sin10");
      expect((await search({ where: { tags: { inq: ["free"] } } })).body[0].username).toBe("sample1");
      expect(
        (await search({ where: { "dataCenterFacility.nniReady": true }, skip: 1, limit: 1 })).body,
      ).toHaveLength(1);
      expect(
        (await search({ where: { "dataCenterFacility.metroId": "000000000000000000000000" } })).body,
      ).toEqual([]);
      expect((await call("GET", "/v2/data-center-facility")).status).toBe(400);
      expect((await call("GET", "/v2/data-center-facility?filter={oops")).status).toBe(400);
    });
    it("answers 404 for an unknown metro", async () => {
      expect((await call("GET", `/api/metro/${london.id}`)).body.code).toBe("LON");
      expect((await call("GET", "/api/metro/000000000000000000000000")).body.error.message).toBe(
        "The metro with that ID does not exist",
      );
    });
  });

  describe("create validation, with the API's messages", () => {
    const refusals: [string, Record<string, unknown>, number, string][] = [
      [
        "a malformed port id",
        { portId: "123" },
        400,
        'The request/portId must match pattern "^[a-f0-9]{24}$"',
      ],
      ["no name", { name: undefined }, 400, "The request must have required property 'name'"],
      [
        "another type",
        { type: "LAYER3" },
        400,
        "The request/type must be equal to one of the allowed values",
      ],
      ["a fractional speed", { speed: 1.5 }, 400, "Port bandwidth must be a positive integer in Mbps."],
      [
        "creditcard",
        { paymentType: "creditcard" },
        400,
        "The 'paymentType' can only be 'invoice'. A 'paymentType' of 'creditcard' is only supported via the Console Connect web application.",
      ],
      [
        "invoice without destDcf",
        { destDcf: undefined },
        400,
        "If paymentType is 'invoice', 'destDcf', 'duration' and 'durationUnit' should be provided.",
      ],
      [
        "invoice without duration",
        { duration: undefined },
        400,
        "If paymentType is 'invoice', 'destDcf', 'duration' and 'durationUnit' should be provided.",
      ],
      [
        "7 days",
        { duration: 7, durationUnit: "d" },
        400,
        "The duration may be at most 6 for durationUnit 'd'",
      ],
      [
        "a disabled source port",
        { portId: PORTS.demoLondonDisabled.id },
        400,
        "Cannot find an ACTIVE source port",
      ],
      [
        "another company's port",
        { portId: PORTS.partnerHongKong.id },
        400,
        `Port with id: ${PORTS.partnerHongKong.id} does not belong to the company`,
      ],
      [
        "more than the port has left",
        { speed: 636 },
        400,
        "The requested bandwidth exceeds the available capacity for the Port. Max is: 635",
      ],
      [
        "an unknown metro",
        { destMetroId: "000000000000000000000000" },
        404,
        "The metro with that ID does not exist",
      ],
      [
        "a VLAN outside the port's ranges",
        { srcVlanRequest: 999 },
        400,
        "The requested VLAN 999 is not available on the port",
      ],
    ];
    for (const [title, change, status, message] of refusals) {
      it(`refuses ${title}`, async () => {
        const res = await create(companyToCompany(change));
        expect(res).toMatchObject({
          status,
          body: { error: { statusCode: status, name: "Error", message } },
        });
        expect(await allConnections()).toEqual([]);
      });
    }
    it("refuses an inactive destination port and a destination port in another metro", async () => {
      const inactive = await create(
        portToPort({ destPortId: PORTS.demoLondonDisabled.id, destMetroId: london.id }),
      );
      expect(inactive.body.error.message).toBe("Cannot find an ACTIVE destination port");
      expect((await create(portToPort({ destMetroId: hongKong.id }))).status).toBe(400);
    });
    it("checks the destination port's capacity too, and takes a requested VLAN only once", async () => {
      const first = await create(portToPort({ srcVlanRequest: 1005, destVlanRequest: 2050 }));
      expect(first.body).toMatchObject({ srcTag: "1005", destTag: "2050" });
      const again = await create(portToPort({ srcVlanRequest: 1005 }));
      expect(again.body.error.message).toBe("The requested VLAN 1005 is not available on the port");
      const big = await create(
        portToPort({
          portId: PORTS.demoSingapore.id,
          destPortId: PORTS.demoHongKong.id,
          destMetroId: hongKong.id,
          speed: 636,
        }),
      );
      expect(big.body.error.message).toBe(
        "The requested bandwidth exceeds the available capacity for the Port. Max is: 535",
      );
    });
    it("runs out of VLANs with the port's range", async () => {
      for (let i = 0; i < 11; i++) expect((await create(portToPort({ speed: 1 }))).status).toBe(200);
      expect((await create(portToPort({ speed: 1 }))).body.error.message).toBe(
        "No VLAN is available on the port",
      );
    });
  });

  describe("lifecycle", () => {
    it("port-to-port: approved as it is made, CREATING → ACCEPTED → ACTIVATING → ACTIVE", async () => {
      const { status, body } = await create(
        portToPort({ paymentType: "invoice", duration: 1, durationUnit: "m" }),
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: "CREATING",
        type: "LAYER2",
        speed: { value: 100, name: "100 Mbps" },
        srcPortId: PORTS.demoHongKong.id,
        destPortId: PORTS.demoSingapore.id,
        destDcf: PORTS.demoSingapore.dataCenterFacilityId,
        srcTag: "1000",
        destTag: "2000",
        isCreator: true,
        isReceiver: true,
        request: { status: "APPROVED" },
      });
      expect(body.id).toMatch(/^[a-f0-9]{24}$/);
      const seen = [];
      for (let i = 0; i < 3; i++) {
        await advance(STEP);
        seen.push((await connection(body.id)).status);
      }
      expect(seen).toEqual(["ACCEPTED", "ACTIVATING", "ACTIVE"]);
      expect((await portOf(PORTS.demoSingapore.id)).capacity).toEqual({
        total: 1000,
        utilised: 100,
        remaining: 900,
      });
    });

    it("company-to-company: waits for the partner, who approves with its own key and picks its port", async () => {
      const { body } = await create(companyToCompany());
      await advance(STEP);
      const waiting = await connection(body.id);
      // "PENDING: the connection request is pending approval from at least one party."
      expect(waiting).toMatchObject({ status: "PENDING", destPortId: null, destTag: null });
      expect(waiting.request).toMatchObject({ status: "PENDING", destApproval: null });
      // The requesting company cannot approve its own request.
      const own = await call("PUT", `/api/v2/company/${ME}/connections/${body.id}/approve`);
      expect(own.body.error.message).toBe("You are not authorized to do that.");
      const theirs = await asPartner("GET", `/api/v2/company/${ME}/connections/${body.id}`);
      expect(theirs.body).toMatchObject({ isCreator: false, isReceiver: true, status: "PENDING" });
      const approved = await asPartner("PUT", `/api/v2/company/${ME}/connections/${body.id}/approve`);
      expect(approved.body).toMatchObject({
        status: "ACCEPTED",
        destPortId: PORTS.partnerHongKong.id,
        destTag: "3000",
        request: { status: "APPROVED", destApproval: CONSOLE_CONNECT_PARTNER_COMPANY.users[0].id },
      });
      await advance(2 * STEP);
      expect((await connection(body.id)).status).toBe("ACTIVE");
      expect(
        (await asPartner("PUT", `/api/v2/company/${ME}/connections/${body.id}/approve`)).body.error.message,
      ).toBe("The connection request is not pending approval");
    });

    it("company-to-company: the partner rejects → DENIED, and the bandwidth is free again", async () => {
      const { body } = await create(companyToCompany({ speed: 600 }));
      await advance(STEP);
      const rejected = await asPartner("PUT", `/api/v2/company/${ME}/connections/${body.id}/reject`);
      expect(rejected.body).toMatchObject({ status: "DENIED", request: { status: "REJECTED" } });
      expect((await portOf(PORTS.demoHongKong.id)).capacity.remaining).toBe(635);
    });

    it("Oracle FastConnect: PENDING_ACCEPTANCE (a third-party service) until Support approves for Oracle", async () => {
      const { body } = await create(
        companyToCompany({
          destCompany: "oracle",
          destDcf: CONSOLE_CONNECT_FACILITIES.hkg39.id,
          destRegionId: undefined,
        }),
      );
      await advance(STEP);
      expect((await connection(body.id)).status).toBe("PENDING_ACCEPTANCE");
      const approved = await call("PUT", `/api/v2/company/oracle/connections/${body.id}/approve`, {
        key: CONSOLE_CONNECT_ORACLE_API_KEY,
      });
      expect(approved.body.destPortId).toBe(PORTS.oracleHongKong.id);
      await advance(2 * STEP);
      expect((await connection(body.id)).status).toBe("ACTIVE");
    });

    it("an update by the receiving company approves the request", async () => {
      const { body } = await create(companyToCompany());
      await advance(STEP);
      const renamed = await asPartner("POST", `/api/v2/company/${ME}/connections/${body.id}`, {
        name: "from-acme",
      });
      expect(renamed.body).toMatchObject({ name: "from-acme", status: "ACCEPTED" });
      expect((await connection(body.id)).name).toBe("b2b");
    });

    it("disable → DISABLING → DISABLED, enable → ACTIVE; only an ACTIVE connection can be disabled", async () => {
      const { body } = await create(portToPort());
      const disable = () => call("PUT", `/api/company/${ME}/connections/${body.id}/disable`);
      expect((await disable()).body.error.message).toBe("Only an ACTIVE connection can be disabled");
      await advance(3 * STEP);
      expect((await disable()).body.status).toBe("DISABLING");
      await advance(STEP);
      expect((await connection(body.id)).status).toBe("DISABLED");
      expect((await call("PUT", `/api/company/${ME}/connections/${body.id}/enable`)).body.status).toBe(
        "ACTIVE",
      );
    });

    it("delete → DELETING → DELETED, freeing bandwidth and VLANs; a second DELETE changes nothing", async () => {
      const { body } = await create(portToPort({ speed: 500 }));
      await advance(3 * STEP);
      const deleted = await call("DELETE", `/api/v2/company/${ME}/connections/${body.id}`);
      expect(deleted.body.status).toBe("DELETING");
      await advance(STEP);
      expect(await connection(body.id)).toMatchObject({ status: "DELETED", deleted: true });
      expect((await call("DELETE", `/api/v2/company/${ME}/connections/${body.id}`)).body.status).toBe(
        "DELETED",
      );
      expect((await portOf(PORTS.demoHongKong.id)).capacity.remaining).toBe(635);
      expect((await create(portToPort())).body.srcTag).toBe("1000");
    });

    it("lists a party's connections of one status by page, as a bare array, and hides them from others", async () => {
      const a = (await create(portToPort({ name: "a" }))).body.id;
      await create(portToPort({ name: "b" }));
      await create(portToPort({ name: "c" }));
      await create(companyToCompany({ name: "d" }));
      await advance(3 * STEP);
      const list = (q: string) => call("GET", `/api/v2/company/${ME}/connections?${q}`);
      const names = async (q: string) => ((await list(q)).body as Json[]).map((c) => c.name);
      expect(await names("status=ACTIVE&page=1&count=2")).toEqual(["a", "b"]);
      expect(await names("status=ACTIVE&page=2&count=2")).toEqual(["c"]);
      expect(await names("status=ACTIVE&page=3&count=2")).toEqual([]);
      expect(await names("status=PENDING&page=1&count=20")).toEqual(["d"]);
      expect(await names("status=DELETED&page=1&count=20")).toEqual([]);
      const theirs = await asPartner(
        "GET",
        `/api/v2/company/${ME}/connections?status=PENDING&page=1&count=5`,
      );
      expect(theirs.body.map((c: Json) => c.name)).toEqual(["d"]);
      const hidden = await asPartner("GET", `/api/v2/company/${ME}/connections/${a}`);
      expect(hidden.body.error).toMatchObject({
        statusCode: 404,
        message: "A connection can not be found with the given id",
      });
    });

    it("refuses a list without status, page or count (invented rule, switch requireListParameters)", async () => {
      await create(portToPort());
      for (const [query, missing] of [
        ["page=1&count=20", "status"],
        ["status=CREATING&count=20", "page"],
        ["status=CREATING&page=1", "count"],
      ]) {
        const refused = await call("GET", `/api/v2/company/${ME}/connections?${query}`);
        expect(refused).toMatchObject({
          status: 400,
          body: { error: { statusCode: 400, message: `The query must have required property '${missing}'` } },
        });
      }
      await switches({ requireListParameters: false });
      const all = await call("GET", `/api/v2/company/${ME}/connections`);
      expect(all.body.map((c: Json) => c.name)).toEqual(["p2p"]);
    });

    it("answers the invented {total, results} envelope only with the listEnvelope switch", async () => {
      await create(portToPort());
      const list = () => call("GET", `/api/v2/company/${ME}/connections?status=CREATING&page=1&count=20`);
      expect(Array.isArray((await list()).body)).toBe(true);
      expect((await switches({ listEnvelope: true })).body).toEqual({
        requireListParameters: true,
        listEnvelope: true,
        notFoundAs400: false,
      });
      expect((await list()).body).toMatchObject({ total: 1, results: [{ name: "p2p" }] });
      // Reset goes back to the factory switches.
      await call("POST", "/__emulator/reset", { key: null });
      expect(
        (await call("GET", "/__emulator/consoleconnect/switches", { key: null })).body.listEnvelope,
      ).toBe(false);
      expect((await switches({ nope: true } as never)).status).toBe(400);
    });

    it("answers an unknown connection 404, or 400 with the LoopBack body (switch notFoundAs400)", async () => {
      const unknown = `/api/v2/company/${ME}/connections/000000000000000000000000`;
      const notFound = (status: number) => ({
        status,
        body: {
          error: {
            statusCode: status,
            name: "Error",
            message: "A connection can not be found with the given id",
          },
        },
      });
      expect(await call("GET", unknown)).toMatchObject(notFound(404));
      await switches({ notFoundAs400: true });
      expect(await call("GET", unknown)).toMatchObject(notFound(400));
      expect(await call("DELETE", unknown)).toMatchObject(notFound(400));
      expect(await call("POST", unknown, { body: { name: "x" } })).toMatchObject(notFound(400));
    });
  });

  describe("speed changes", () => {
    it("between your own ports: any speed at any time, within capacity", async () => {
      const { body } = await create(portToPort());
      await advance(3 * STEP);
      const update = (speed: number) =>
        call("POST", `/api/v2/company/${ME}/connections/${body.id}`, { body: { speed } });
      expect((await update(500)).body.speed.value).toBe(500);
      expect((await update(50)).body.speed.value).toBe(50);
      expect((await update(700)).body.error.message).toBe(
        "The requested bandwidth exceeds the available capacity for the Port. Max is: 585",
      );
      const change = await call("PUT", `/api/company/${ME}/connections/${body.id}/change`, {
        body: { speed: 200 },
      });
      expect(change.body).toMatchObject({ speed: { value: 200 }, request: { status: "APPROVED" } });
    });

    it("between companies: any speed while pending, decreases directly, increases only by change request", async () => {
      const { body } = await create(companyToCompany());
      const update = (speed: number) =>
        call("POST", `/api/v2/company/${ME}/connections/${body.id}`, { body: { speed } });
      expect((await update(200)).body).toMatchObject({ speed: { value: 200 }, request: { speed: 200 } });
      await advance(STEP);
      await asPartner("PUT", `/api/v2/company/${ME}/connections/${body.id}/approve`);
      await advance(2 * STEP);
      expect((await update(150)).body.speed.value).toBe(150);
      expect((await update(300)).body.error.message).toMatch(
        /can only be reduced; request an increase with PUT/,
      );
    });

    it("a change request reserves bandwidth at once and applies when the partner approves", async () => {
      const id = await activeB2b();
      const change = await call("PUT", `/api/company/${ME}/connections/${id}/change`, {
        body: { speed: 400 },
      });
      expect(change.body).toMatchObject({
        speed: { value: 100 },
        request: { status: "PENDING", speed: 400 },
      });
      expect((await portOf(PORTS.demoHongKong.id)).capacity.remaining).toBe(235);
      // The requester cannot approve its own change.
      expect(
        (await call("PUT", `/api/company/${ME}/connections/${id}/change/approve`)).body.error.message,
      ).toBe("You are not authorized to do that.");
      const approved = await asPartner("PUT", `/api/company/${ME}/connections/${id}/change/approve`);
      expect(approved.body).toMatchObject({ speed: { value: 400 }, request: { status: "APPROVED" } });
      expect((await portOf(PORTS.partnerHongKong.id, PARTNER)).capacity.utilised).toBe(400);
    });

    it("a change request the partner rejects is REJECTED; one the requester withdraws is WITHDRAWN", async () => {
      const id = await activeB2b();
      const ask = () => call("PUT", `/api/company/${ME}/connections/${id}/change`, { body: { speed: 300 } });
      await ask();
      expect((await asPartner("DELETE", `/api/company/${ME}/connections/${id}/change`)).body).toMatchObject({
        speed: { value: 100 },
        request: { status: "REJECTED", speed: 300 },
      });
      expect((await portOf(PORTS.demoHongKong.id)).capacity.remaining).toBe(535);
      await ask();
      expect((await call("DELETE", `/api/company/${ME}/connections/${id}/change`)).body.request.status).toBe(
        "WITHDRAWN",
      );
      expect((await call("DELETE", `/api/company/${ME}/connections/${id}/change`)).body.error.message).toBe(
        "The connection has no pending change request",
      );
    });

    it("a change request beyond the port's capacity is refused at once", async () => {
      const id = await activeB2b();
      const change = await call("PUT", `/api/company/${ME}/connections/${id}/change`, {
        body: { speed: 800 },
      });
      expect(change.body.error.message).toBe(
        "The requested bandwidth exceeds the available capacity for the Port. Max is: 535",
      );
    });
  });

  describe("control endpoints and faults", () => {
    it("renames, resizes, deletes, fails and cancels connections out of band", async () => {
      const control = (method: string, id: string, suffix = "", body?: unknown) =>
        call(method, `/__emulator/consoleconnect/connections/${id}${suffix}`, { key: null, body });
      const a = (await create(portToPort({ name: "a" }))).body.id;
      const b = (await create(portToPort({ name: "b" }))).body.id;
      const c = (await create(portToPort({ name: "c" }))).body.id;
      expect((await control("PATCH", a, "", { name: "renamed", speed: 10 })).body).toMatchObject({
        name: "renamed",
        speed: { value: 10 },
      });
      expect((await control("DELETE", a)).body.status).toBe("DELETED");
      expect((await control("POST", b, "/error", { reason: "Port down" })).body).toMatchObject({
        status: "ERROR",
        errorReason: "Port down",
      });
      expect((await control("POST", c, "/cancel", {})).body.status).toBe("CANCELLED");
      expect((await call("GET", "/__emulator/consoleconnect/connections", { key: null })).body).toHaveLength(
        3,
      );
      expect((await control("POST", "000000000000000000000000", "/error", {})).status).toBe(404);
    });

    it("answers a status fault in the API's error shape, with Retry-After", async () => {
      await call("POST", "/__emulator/faults", {
        key: null,
        body: { kind: "status", status: 503, retryAfter: 2, match: { method: "GET", path: "/ports$" } },
      });
      const faulted = await call("GET", `/api/company/${ME}/ports`);
      expect(faulted.status).toBe(503);
      expect(faulted.headers.get("retry-after")).toBe("2");
      expect(faulted.body.error).toMatchObject({ statusCode: 503, name: "Error" });
      expect((await call("GET", `/api/company/${ME}/ports`)).status).toBe(200);
    });

    it("a drop-after fault on create loses the answer but keeps the connection", async () => {
      await call("POST", "/__emulator/faults", {
        key: null,
        body: { kind: "drop", when: "after", match: { method: "PUT", path: "/connections/layer2$" } },
      });
      await expect(create(portToPort())).rejects.toThrow();
      const log = (await call("GET", "/__emulator/requests", { key: null })).body;
      expect(log[0]).toMatchObject({ method: "PUT", status: 200, fault: "drop-after" });
      expect(await allConnections()).toHaveLength(1);
    });

    it("reset brings the world back to its seed", async () => {
      await create(portToPort({ speed: 500 }));
      await call("POST", "/__emulator/reset", { key: null });
      expect(await allConnections()).toEqual([]);
      expect((await portOf(PORTS.demoHongKong.id)).capacity.remaining).toBe(635);
    });
  });
});

describe("Console Connect emulator, with a partner that approves by itself", () => {
  const { advance, connection, create, call } = emulatorFor({ approvalDelayMs: 2 * STEP });

  it("approves a request approvalDelayMs after it is submitted, through the approve logic", async () => {
    const { body } = await create(companyToCompany());
    await advance(STEP);
    expect((await connection(body.id)).status).toBe("PENDING");
    await advance(2 * STEP);
    expect(await connection(body.id)).toMatchObject({
      status: "ACCEPTED",
      destPortId: PORTS.partnerHongKong.id,
    });
    await advance(2 * STEP);
    expect((await connection(body.id)).status).toBe("ACTIVE");
  });

  it("approves change requests by itself too", async () => {
    const { body } = await create(companyToCompany());
    await advance(5 * STEP);
    await call("PUT", `/api/company/${ME}/connections/${body.id}/change`, { body: { speed: 300 } });
    expect((await connection(body.id)).speed.value).toBe(100);
    await advance(2 * STEP);
    expect((await connection(body.id)).speed.value).toBe(300);
  });

  it("puts the request in ERROR with the API's message when the partner has no port with room", async () => {
    const toLondon = {
      destMetroId: london.id,
      destDcf: CONSOLE_CONNECT_FACILITIES.lon04.id,
      destRegionId: london.regionIds[0],
      speed: 600,
    };
    await create(companyToCompany({ ...toLondon, name: "first", portId: PORTS.demoSingapore.id }));
    const second = (await create(companyToCompany({ ...toLondon, name: "second" }))).body;
    await advance(3 * STEP);
    expect(await connection(second.id)).toMatchObject({
      status: "ERROR",
      errorReason: "The requested bandwidth exceeds the available capacity for the Port. Max is: 400",
    });
  });
});

describe("Console Connect emulator, with the 2024 spelling of metro capabilities", () => {
  const { call } = emulatorFor({ metroFacilityField: "firstDataCenterFacilityId" });
  it("answers firstDataCenterFacilityId", async () => {
    const { results } = (await call("GET", "/api/company/oracle/metro/capabilities")).body;
    expect(results[0].firstDataCenterFacilityId).toBe(CONSOLE_CONNECT_FACILITIES.hkg39.id);
    expect(results[0]).not.toHaveProperty("firstDataCenterFacilityIdInMetro");
  });
});
