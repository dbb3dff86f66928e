// The Equinix Fabric v3 Layer 2 emulator over real HTTP: token, validation, lifecycles, control endpoints, faults.
import axios, { AxiosInstance } from "axios";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  RunningEquinixEmulator,
  startEquinixEmulator,
} from "../../emulator/equinix";
import { SEED_SAMPLES } from "../equinix/seed001";

const PROVISIONING_MS = 60_000;
const DEPROVISIONING_MS = 60_000;

const { dot1qPrimary, dot1qSecondary, qinqPrimary, qinqSecondary } = EQUINIX_SEED_PORTS;
const { dot1qApproval, qinqApproval, dot1qAuto, qinqAuto } = EQUINIX_SEED_PROFILES;

/**
 * Seed 001's four sample requests, adapted only where the seed cannot work as written: port UUIDs the emulator
 * does not hold (two of them malformed, see test/equinix/seed001.ts) are replaced by seeded ports. The
 * Dot1Q-to-QinQ and QinQ-to-Dot1Q samples are otherwise verbatim: the seeded ports and profiles carry their UUIDs.
 */
const SEED_001 = {
  dot1qToDot1q: {
    ...SEED_SAMPLES.dot1qToDot1q,
    primaryPortUUID: dot1qPrimary.uuid,
    secondaryPortUUID: dot1qSecondary.uuid,
  },
  dot1qToQinq: { ...SEED_SAMPLES.dot1qToQinq },
  qinqToDot1q: { ...SEED_SAMPLES.qinqToDot1q },
  qinqToQinq: {
    ...SEED_SAMPLES.qinqToQinq,
    primaryPortUUID: qinqPrimary.uuid,
    secondaryPortUUID: qinqSecondary.uuid,
  },
};

/** A valid single connection on the auto-approved Dot1q profile; tests override what they exercise. */
function singleConnection(overrides: Record<string, unknown> = {}) {
  return {
    primaryName: "single",
    profileUUID: dot1qAuto.uuid,
    speed: 100,
    speedUnit: "MB",
    notifications: ["noc@example.com"],
    primaryPortUUID: dot1qPrimary.uuid,
    primaryVlanSTag: 100,
    ...overrides,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: RunningEquinixEmulator;
/** No credentials: token requests and control endpoints. */
let http: AxiosInstance;
/** Authenticated with a fresh token per test. */
let api: AxiosInstance;

async function requestToken(baseURL: string, clientSecret: string = EQUINIX_DEMO_CREDENTIALS.clientSecret) {
  return axios.post(
    `${baseURL}/oauth2/v1/token`,
    {
      grant_type: "client_credentials",
      client_id: EQUINIX_DEMO_CREDENTIALS.clientId,
      client_secret: clientSecret,
    },
    { validateStatus: () => true },
  );
}

async function authenticatedClient(baseURL: string): Promise<AxiosInstance> {
  const token = (await requestToken(baseURL)).data.access_token;
  return axios.create({ baseURL, validateStatus: () => true, headers: { Authorization: `Bearer ${token}` } });
}

const advanceClock = (ms: number) => http.post("/__emulator/clock/advance", { ms });
const addFault = (fault: object) => http.post("/__emulator/faults", fault);
const allConnections = async () => (await http.get("/__emulator/equinix/connections")).data;
const getConnection = async (uuid: string) => (await api.get(`/ecx/v3/l2/connections/${uuid}`)).data;
const statusOf = async (uuid: string) => {
  const { status, providerStatus } = await getConnection(uuid);
  return `${status}/${providerStatus}`;
};

async function create(body: object): Promise<{ primary: string; secondary?: string }> {
  const response = await api.post("/ecx/v3/l2/connections", body);
  expect(response.status, JSON.stringify(response.data)).toBe(200);
  return { primary: response.data.primaryConnectionId, secondary: response.data.secondaryConnectionId };
}

/** The 400 error array of a create request (asserting nothing was created). */
async function createErrors(body: object) {
  const response = await api.post("/ecx/v3/l2/connections", body);
  expect(response.status).toBe(400);
  expect(Array.isArray(response.data)).toBe(true);
  expect(await allConnections()).toEqual([]);
  return response.data as { errorCode: string; property: string; errorMessage: string; moreInfo: string }[];
}

async function createProvisioned(body: object = singleConnection()) {
  const { primary } = await create(body);
  await advanceClock(PROVISIONING_MS);
  expect(await statusOf(primary)).toBe("PROVISIONED/AVAILABLE");
  return primary;
}

beforeAll(async () => {
  server = await startEquinixEmulator({
    port: 0,
    provisioningMs: PROVISIONING_MS,
    deprovisioningMs: DEPROVISIONING_MS,
  });
  http = axios.create({ baseURL: server.url, validateStatus: () => true });
});

afterAll(() => server.close());

beforeEach(async () => {
  await http.post("/__emulator/reset");
  api = await authenticatedClient(server.url);
});

describe("OAuth token", () => {
  it("issues a Bearer token whose token_timeout is a string", async () => {
    const response = await requestToken(server.url);
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      token_timeout: "3599",
      token_type: "Bearer",
      user_name: "demo-user",
    });
    expect(response.data.access_token).toMatch(/^\S{20,}$/);
  });

  it("refuses bad credentials with the OAuth error body", async () => {
    const response = await requestToken(server.url, "wrong-secret");
    expect(response.status).toBe(401);
    expect(response.data).toMatchObject({ errorCode: "S1006", errorTitle: "Login Failure" });
    expect(Object.keys(response.data).sort()).toEqual(
      ["developerMessage", "errorCode", "errorDomain", "errorMessage", "errorTitle"].sort(),
    );
    const wrongGrant = await http.post("/oauth2/v1/token", {
      grant_type: "password",
      client_id: EQUINIX_DEMO_CREDENTIALS.clientId,
      client_secret: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    });
    expect(wrongGrant.status).toBe(401);
  });

  it("answers 401 with a single error object without a valid token", async () => {
    for (const headers of [{}, { Authorization: "Bearer not-a-token" }, { Authorization: "Basic abc" }]) {
      const response = await http.get("/ecx/v3/port/userport", { headers });
      expect(response.status).toBe(401);
      expect(response.data).toMatchObject({
        errorMessage: "Invalid access token. Please pass a valid access token",
        property: "Authorization",
      });
      expect(typeof response.data.errorCode).toBe("string");
    }
  });

  it("expires tokens after token_timeout seconds on the emulator clock", async () => {
    expect((await api.get("/ecx/v3/port/userport")).status).toBe(200);
    await advanceClock(3598_000);
    expect((await api.get("/ecx/v3/port/userport")).status).toBe(200);
    await advanceClock(2_000);
    const expired = await api.get("/ecx/v3/port/userport");
    expect(expired.status).toBe(401);
    expect(expired.data.moreInfo).toMatch(/expired/);
    expect((await (await authenticatedClient(server.url)).get("/ecx/v3/port/userport")).status).toBe(200);
  });

  it("logs token requests like any call, with the secret redacted", async () => {
    await http.delete("/__emulator/requests");
    await requestToken(server.url);
    await requestToken(server.url, "wrong-secret");
    const tokenCalls = (await http.get("/__emulator/requests")).data.filter(
      (entry: { path: string }) => entry.path === "/oauth2/v1/token",
    );
    expect(tokenCalls.map((entry: { status: number }) => entry.status)).toEqual([200, 401]);
    expect(tokenCalls[0].body).toEqual({
      grant_type: "client_credentials",
      client_id: EQUINIX_DEMO_CREDENTIALS.clientId,
      client_secret: "[redacted]",
    });
    expect(JSON.stringify(tokenCalls)).not.toContain(EQUINIX_DEMO_CREDENTIALS.clientSecret);
  });
});

describe("lookups", () => {
  it("lists the seeded user ports as a plain array", async () => {
    const response = await api.get("/ecx/v3/port/userport");
    expect(response.status).toBe(200);
    expect(response.data).toEqual(Object.values(EQUINIX_SEED_PORTS));
    for (const port of response.data) {
      expect(port.uuid).toMatch(UUID);
      expect(port).toMatchObject({ metroCode: "SV", provisionStatus: "ADDED" });
    }
    const kinds = response.data.map((port: { encapsulation: string; devicePriority: string }) =>
      [port.encapsulation, port.devicePriority].join(" "),
    );
    expect(kinds.sort()).toEqual(["Dot1q Primary", "Dot1q Secondary", "Qinq Primary", "Qinq Secondary"]);
  });

  it("serves a service profile without the emulator's own fields, and 404 for an unknown one", async () => {
    const response = await api.get(`/ecx/v3/l2/serviceprofiles/${qinqApproval.uuid}`);
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      uuid: qinqApproval.uuid,
      profileEncapsulation: "Qinq",
      requiredRedundancy: true,
      allowCustomSpeed: false,
    });
    expect(response.data.speedBands).toContainEqual({ speed: 50, unit: "MB" });
    expect(response.data).not.toHaveProperty("requiresSellerApproval");
    expect(response.data).not.toHaveProperty("zSidePortUUIDs");

    const unknown = await api.get("/ecx/v3/l2/serviceprofiles/00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.data).toMatchObject({ property: "uuid" });
  });

  it("pages the seller profile catalogue", async () => {
    const response = await api.get("/ecx/v3/l2/serviceprofiles/services?pageSize=3&pageNumber=1");
    expect(response.data).toMatchObject({
      totalCount: 4,
      pageNumber: 1,
      isFirstPage: false,
      isLastPage: true,
    });
    expect(response.data.content).toHaveLength(1);
  });
});

describe("create", () => {
  it("creates seed 001's Dot1Q-to-Dot1Q pair, waiting for the seller, with the secondary defaulted", async () => {
    const response = await api.post("/ecx/v3/l2/connections", SEED_001.dot1qToDot1q);
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ message: "Connection Saved Successfully", status: "SUCCESS" });
    const { primaryConnectionId, secondaryConnectionId } = response.data;
    expect(primaryConnectionId).toMatch(UUID);
    expect(secondaryConnectionId).toMatch(UUID);

    const primary = await getConnection(primaryConnectionId);
    const secondary = await getConnection(secondaryConnectionId);
    expect(primary).toMatchObject({
      uuid: primaryConnectionId,
      name: "JohnDoe_Dot1Q_To_Dot1Q",
      status: "PENDING_APPROVAL",
      providerStatus: "NOT_AVAILABLE",
      speed: 50,
      speedUnit: "MB",
      sellerServiceUUID: dot1qApproval.uuid,
      notifications: ["JohnDoe@equinix.com"],
      purchaseOrderNumber: "1234567890",
      portUUID: dot1qPrimary.uuid,
      portName: dot1qPrimary.name,
      vlanSTag: 873, // sent as "873"
      zSidePortUUID: dot1qApproval.zSidePortUUIDs.primary,
      sellerMetroCode: "SV",
      authorizationKey: "xxxxxxxx",
      redundancyType: "primary",
      redundantUUID: secondaryConnectionId,
      asideEncapsulation: "dot1q",
      zsideEncapsulation: "dot1q",
      metroCode: "SV",
      createdBy: "demo-user",
    });
    expect(primary.zSideVlanSTag).toEqual(expect.any(Number));
    expect(Date.parse(primary.createdDate)).not.toBeNaN();
    expect(primary).not.toHaveProperty("deletedDate");
    // Left out of the request, so taken from the primary (api-notes §1.2).
    expect(secondary).toMatchObject({
      name: "JohnDoe_Dot1Q_To_Dot1Q_2",
      status: "PENDING_APPROVAL",
      speed: 50,
      speedUnit: "MB",
      authorizationKey: "xxxxxxxx",
      portUUID: dot1qSecondary.uuid,
      vlanSTag: 873,
      redundancyType: "secondary",
      redundancyGroup: primary.redundancyGroup,
      zSidePortUUID: dot1qApproval.zSidePortUUIDs.secondary,
    });
    expect(primary.redundancyGroup).toMatch(UUID);
    expect(secondary).not.toHaveProperty("redundantUUID");
  });

  it("creates seed 001's Dot1Q-to-QinQ pair with its Z-side C-tags and seller region", async () => {
    const { primary, secondary } = await create(SEED_001.dot1qToQinq);
    expect(await getConnection(primary)).toMatchObject({
      status: "PENDING_APPROVAL",
      zSideVlanCTag: 421,
      sellerRegion: "us-sv",
      asideEncapsulation: "dot1q",
      zsideEncapsulation: "qinq",
    });
    expect(await getConnection(secondary!)).toMatchObject({ zSideVlanCTag: 521, sellerRegion: "us-sv" });
  });

  it("creates seed 001's QinQ-to-Dot1Q pair on an auto-approving profile: PROVISIONING, then PROVISIONED", async () => {
    const { primary, secondary } = await create(SEED_001.qinqToDot1q);
    expect(await getConnection(primary)).toMatchObject({
      vlanSTag: 771,
      vlanCTag: 117,
      asideEncapsulation: "qinq",
    });
    expect(await statusOf(primary)).toBe("PROVISIONING/NOT_AVAILABLE");
    await advanceClock(PROVISIONING_MS - 1_000);
    expect(await statusOf(secondary!)).toBe("PROVISIONING/NOT_AVAILABLE");
    await advanceClock(1_000);
    expect(await statusOf(primary)).toBe("PROVISIONED/AVAILABLE");
    expect(await getConnection(secondary!)).toMatchObject({
      status: "PROVISIONED",
      vlanSTag: 881,
      vlanCTag: 118,
    });
  });

  it("creates seed 001's QinQ-to-QinQ pair in seller metro SE", async () => {
    const { primary, secondary } = await create(SEED_001.qinqToQinq);
    expect(await getConnection(primary)).toMatchObject({
      sellerServiceUUID: qinqAuto.uuid,
      sellerMetroCode: "SE",
      vlanSTag: 499,
    });
    expect(await getConnection(primary)).not.toHaveProperty("vlanCTag");
    expect(await getConnection(secondary!)).toMatchObject({ vlanSTag: 2456, zsideEncapsulation: "qinq" });
  });

  it("creates a single connection: no secondary id, integer tags accepted, seller metro defaults to the port's", async () => {
    const response = await api.post("/ecx/v3/l2/connections", singleConnection({ primaryVlanSTag: 4094 }));
    expect(response.status).toBe(200);
    expect(response.data).not.toHaveProperty("secondaryConnectionId");
    const connection = await getConnection(response.data.primaryConnectionId);
    expect(connection).toMatchObject({ vlanSTag: 4094, redundancyType: "primary", sellerMetroCode: "SV" });
    expect(connection).not.toHaveProperty("redundantUUID");
  });
});

describe("create validation", () => {
  it("refuses names over 24 characters or with other characters, naming PrimaryName/SecondaryName", async () => {
    const errors = await createErrors({
      ...SEED_001.dot1qToDot1q,
      primaryName: "x".repeat(25),
      secondaryName: "bad/name",
    });
    expect(errors).toEqual([
      expect.objectContaining({
        errorCode: "IC-LAYER2-402",
        property: "PrimaryName",
        moreInfo: expect.stringMatching(/24/),
      }),
      expect.objectContaining({
        errorCode: "IC-LAYER2-402",
        property: "SecondaryName",
        moreInfo: expect.stringMatching(/^Pattern/),
      }),
    ]);
    await create(singleConnection({ primaryName: "x".repeat(24) }));
  });

  it("refuses unknown ports, per connection", async () => {
    const errors = await createErrors({
      ...SEED_001.dot1qToDot1q,
      primaryPortUUID: "00000000-0000-4000-8000-000000000000",
      secondaryPortUUID: "00000000-0000-4000-8000-000000000001",
    });
    expect(errors.map((error) => [error.errorCode, error.property])).toEqual([
      ["IC-LAYER2-PORTS-001", "primaryPortUUID"],
      ["IC-LAYER2-PORTS-001", "secondaryPortUUID"],
    ]);
    expect(errors[0].errorMessage).toBe("Port does not exist or not belong to user");
  });

  it("refuses an unknown service profile", async () => {
    const [error] = await createErrors(
      singleConnection({ profileUUID: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(error).toMatchObject({ errorCode: "IC-LAYER2-EMU-PROFILE-NOT-FOUND", property: "profileUUID" });
  });

  it("refuses VLAN tags outside 2-4094, non-numeric ones, and a missing S-tag", async () => {
    for (const [field, value] of [
      ["primaryVlanSTag", 1],
      ["primaryVlanSTag", "4095"],
      ["primaryVlanSTag", "12a"],
      ["primaryVlanSTag", undefined],
    ] as const) {
      const [error] = await createErrors(singleConnection({ [field]: value }));
      expect(error).toMatchObject({ errorCode: "IC-LAYER2-EMU-VLAN-RANGE", property: field });
    }
    const [cTag] = await createErrors(
      singleConnection({ primaryPortUUID: qinqPrimary.uuid, primaryVlanSTag: 5, primaryVlanCTag: 5000 }),
    );
    expect(cTag).toMatchObject({ errorCode: "IC-LAYER2-EMU-VLAN-RANGE", property: "primaryVlanCTag" });
    await create(singleConnection({ primaryVlanSTag: "2" }));
  });

  it("refuses a speed unit other than MB/GB and speeds outside the profile's bands", async () => {
    const [unit] = await createErrors(singleConnection({ speedUnit: "Mbps" }));
    expect(unit).toMatchObject({ errorCode: "IC-LAYER2-EMU-SPEED", property: "speedUnit" });
    const [band] = await createErrors({ ...SEED_001.dot1qToDot1q, speed: 75 });
    expect(band).toMatchObject({ property: "speed", moreInfo: expect.stringMatching(/75 MB/) });
    // 1 GB is a band; the auto profile allows custom speeds such as 75 MB.
    await create({ ...SEED_001.dot1qToDot1q, speed: 1, speedUnit: "GB" });
    await create(singleConnection({ primaryVlanSTag: 300, speed: 75 }));
  });

  it("refuses missing, empty or malformed notifications", async () => {
    for (const notifications of [undefined, [], ["not an email"]]) {
      const [error] = await createErrors(singleConnection({ notifications }));
      expect(error).toMatchObject({ errorCode: "IC-LAYER2-EMU-NOTIFICATIONS", property: "notifications" });
    }
  });

  it("applies seed 001's tagging table", async () => {
    const dot1qWithCTag = await createErrors(singleConnection({ primaryVlanCTag: 20 }));
    expect(dot1qWithCTag[0]).toMatchObject({
      errorCode: "IC-LAYER2-EMU-TAGGING",
      property: "primaryVlanCTag",
    });

    const { primaryZSideVlanCTag: _z, ...dot1qToQinqWithoutZSideCTag } = SEED_001.dot1qToQinq;
    const missingZSide = await createErrors(dot1qToQinqWithoutZSideCTag);
    expect(missingZSide.map((error) => error.property)).toEqual(["primaryZSideVlanCTag"]);

    const { primaryVlanCTag: _c, ...qinqToDot1qWithoutCTag } = SEED_001.qinqToDot1q;
    const missingCTag = await createErrors(qinqToDot1qWithoutCTag);
    expect(missingCTag.map((error) => error.property)).toEqual(["primaryVlanCTag"]);

    // The Z-side C-tag is for "Manual" peering only outside Dot1q-to-Qinq (seed 001).
    const zSideCTag = await createErrors(singleConnection({ primaryZSideVlanCTag: 30 }));
    expect(zSideCTag[0]).toMatchObject({
      errorCode: "IC-LAYER2-EMU-TAGGING",
      property: "primaryZSideVlanCTag",
    });
    const { primary } = await create(singleConnection({ primaryZSideVlanCTag: 30, namedTag: "manual" }));
    expect(await getConnection(primary)).toMatchObject({ zSideVlanCTag: 30, namedTag: "Manual" });
  });

  it("refuses a single connection to a profile that requires redundancy", async () => {
    const [error] = await createErrors(
      singleConnection({ profileUUID: qinqApproval.uuid, primaryZSideVlanCTag: 40 }),
    );
    expect(error).toMatchObject({
      errorCode: "IC-LAYER2-EMU-REDUNDANCY-REQUIRED",
      property: "secondaryName",
    });
  });

  it("refuses a seller metro the profile is not offered in", async () => {
    const [error] = await createErrors({ ...SEED_001.dot1qToDot1q, sellerMetroCode: "SE" });
    expect(error).toMatchObject({ errorCode: "IC-LAYER2-EMU-METRO", property: "sellerMetroCode" });
  });

  it("refuses A-side devices, service tokens and port-to-port fields, which are not emulated", async () => {
    const [error] = await createErrors(
      singleConnection({ virtualDeviceUUID: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(error).toMatchObject({ errorCode: "IC-LAYER2-EMU-UNSUPPORTED", property: "virtualDeviceUUID" });
  });

  it("answers malformed JSON with a 400 error array", async () => {
    const response = await api.post("/ecx/v3/l2/connections", '{"primaryName": ', {
      headers: { "content-type": "application/json" },
      transformRequest: [(body: string) => body],
    });
    expect(response.status).toBe(400);
    expect(response.data[0].errorCode).toEqual(expect.any(String));
  });
});

describe("VLAN tags in use", () => {
  it("refuses an S-tag already used on the same port, as a string or an integer", async () => {
    const { primary } = await create(singleConnection({ primaryVlanSTag: 100 }));
    const response = await api.post("/ecx/v3/l2/connections", singleConnection({ primaryVlanSTag: "100" }));
    expect(response.status).toBe(400);
    expect(response.data[0]).toMatchObject({
      errorCode: "IC-LAYER2-EMU-VLAN-IN-USE",
      property: "primaryVlanSTag",
    });
    expect(response.data[0].moreInfo).toContain(primary);
    await create(singleConnection({ primaryVlanSTag: 100, primaryPortUUID: dot1qSecondary.uuid }));
  });

  it("on a Qinq port, clashes on equal C-tags or when either side has none", async () => {
    const qinq = (sTag: number, cTag?: number) =>
      singleConnection({ primaryPortUUID: qinqPrimary.uuid, primaryVlanSTag: sTag, primaryVlanCTag: cTag });
    await create(qinq(200, 10));
    await create(qinq(200, 11));
    expect((await api.post("/ecx/v3/l2/connections", qinq(200, 10))).status).toBe(400);
    expect((await api.post("/ecx/v3/l2/connections", qinq(200))).status).toBe(400);
  });

  it("refuses a pair whose two connections take the same tags on the same port", async () => {
    const errors = await createErrors({ ...SEED_001.dot1qToDot1q, secondaryPortUUID: dot1qPrimary.uuid });
    expect(errors).toEqual([
      expect.objectContaining({ errorCode: "IC-LAYER2-EMU-VLAN-IN-USE", property: "secondaryVlanSTag" }),
    ]);
  });

  it("frees the tags once the connection is DEPROVISIONED, and at once when the seller rejects it", async () => {
    const provisioned = await createProvisioned(singleConnection({ primaryVlanSTag: 100 }));
    await api.delete(`/ecx/v3/l2/connections/${provisioned}`);
    expect(
      (await api.post("/ecx/v3/l2/connections", singleConnection({ primaryVlanSTag: 100 }))).status,
    ).toBe(400);
    await advanceClock(DEPROVISIONING_MS);
    await create(singleConnection({ primaryVlanSTag: 100 }));

    const { primary, secondary } = await create(SEED_001.dot1qToDot1q);
    await http.post(`/__emulator/equinix/connections/${primary}/reject`);
    const retry = await api.post("/ecx/v3/l2/connections", SEED_001.dot1qToDot1q);
    // The primary's tag is free again; the secondary, still pending, keeps its own.
    expect(retry.data).toEqual([expect.objectContaining({ property: "secondaryVlanSTag" })]);
    expect(retry.data[0].moreInfo).toContain(secondary);
  });
});

describe("seller approval", () => {
  it("approving the primary does not approve the secondary; PROVISIONED after provisioningMs", async () => {
    const { primary, secondary } = await create(SEED_001.dot1qToDot1q);
    const approved = await http.post(`/__emulator/equinix/connections/${primary}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.data.status).toBe("PROVISIONING");
    expect(await statusOf(primary)).toBe("PROVISIONING/NOT_AVAILABLE");
    expect(await statusOf(secondary!)).toBe("PENDING_APPROVAL/NOT_AVAILABLE");
    await advanceClock(PROVISIONING_MS);
    expect(await getConnection(primary)).toMatchObject({
      status: "PROVISIONED",
      providerStatus: "AVAILABLE",
      connectionEditable: true,
    });
    expect(await statusOf(secondary!)).toBe("PENDING_APPROVAL/NOT_AVAILABLE");
    // A decision is only possible while pending.
    expect((await http.post(`/__emulator/equinix/connections/${primary}/reject`)).status).toBe(409);
  });

  it("a rejection shows REJECTED with the seller's reason in actionDetails", async () => {
    const { primary, secondary } = await create(SEED_001.dot1qToDot1q);
    await http.post(`/__emulator/equinix/connections/${primary}/reject`, { reason: "VLAN 873 is reserved" });
    await http.post(`/__emulator/equinix/connections/${secondary}/reject`);
    await advanceClock(PROVISIONING_MS);
    const rejected = await getConnection(primary);
    expect(rejected).toMatchObject({ status: "REJECTED", providerStatus: "NOT_AVAILABLE" });
    expect(rejected.actionDetails).toEqual([
      expect.objectContaining({ actionMessage: "VLAN 873 is reserved" }),
    ]);
    expect((await getConnection(secondary!)).actionDetails[0].actionMessage).toEqual(expect.any(String));
  });

  it("decides for a whole redundancy group at once", async () => {
    const { primary, secondary } = await create(SEED_001.dot1qToQinq);
    const group = (await getConnection(primary)).redundancyGroup;
    const response = await http.post(`/__emulator/equinix/redundancy-groups/${group}/approve`);
    expect(response.status).toBe(200);
    expect(response.data).toHaveLength(2);
    expect(await statusOf(primary)).toBe("PROVISIONING/NOT_AVAILABLE");
    expect(await statusOf(secondary!)).toBe("PROVISIONING/NOT_AVAILABLE");

    const other = await create(SEED_001.dot1qToDot1q);
    const otherGroup = (await getConnection(other.primary)).redundancyGroup;
    await http.post(`/__emulator/equinix/redundancy-groups/${otherGroup}/reject`, { reason: "no capacity" });
    expect((await getConnection(other.secondary!)).status).toBe("REJECTED");
  });

  it("answers 404 for unknown connections and groups", async () => {
    expect(
      (await http.post("/__emulator/equinix/connections/00000000-0000-4000-8000-000000000000/approve"))
        .status,
    ).toBe(404);
    expect((await http.post("/__emulator/equinix/redundancy-groups/nope/reject")).status).toBe(404);
  });

  it("a numeric approvalDelayMs makes the seller approve by itself", async () => {
    const delayed = await startEquinixEmulator({ port: 0, approvalDelayMs: 5_000, provisioningMs: 1_000 });
    try {
      const client = await authenticatedClient(delayed.url);
      const created = await client.post("/ecx/v3/l2/connections", SEED_001.dot1qToDot1q);
      const uuid = created.data.primaryConnectionId;
      const status = async () => (await client.get(`/ecx/v3/l2/connections/${uuid}`)).data.status;
      expect(await status()).toBe("PENDING_APPROVAL");
      await axios.post(`${delayed.url}/__emulator/clock/advance`, { ms: 5_000 });
      expect(await status()).toBe("PROVISIONING");
      await axios.post(`${delayed.url}/__emulator/clock/advance`, { ms: 1_000 });
      expect(await status()).toBe("PROVISIONED");
    } finally {
      await delayed.close();
    }
  });
});

describe("update", () => {
  it("renames and changes the speed of a PROVISIONED connection at once", async () => {
    const uuid = await createProvisioned();
    const before = await getConnection(uuid);
    await advanceClock(1_000);
    const response = await api.patch(`/ecx/v3/l2/connections/${uuid}?action=update`, {
      connectionNewName: "renamed",
      speed: 1,
      speedUnit: "GB",
    });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      message:
        "Update connection is submitted successfully. We will notify you once update process finished.",
      primaryConnectionId: uuid,
      status: "submitted",
    });
    const after = await getConnection(uuid);
    expect(after).toMatchObject({ name: "renamed", speed: 1, speedUnit: "GB", status: "PROVISIONED" });
    expect(Date.parse(after.lastUpdatedDate)).toBeGreaterThan(Date.parse(before.lastUpdatedDate));

    const renameOnly = await api.patch(`/ecx/v3/l2/connections/${uuid}?action=Update`, {
      connectionNewName: "again",
    });
    expect(renameOnly.status).toBe(200);
    expect(await getConnection(uuid)).toMatchObject({ name: "again", speed: 1 });
  });

  it("refuses to update a connection that is not PROVISIONED", async () => {
    const { primary } = await create(singleConnection());
    const response = await api.patch(`/ecx/v3/l2/connections/${primary}?action=update`, {
      connectionNewName: "x",
    });
    expect(response.status).toBe(400);
    expect(response.data[0]).toMatchObject({ errorCode: "IC-LAYER2-EMU-NOT-EDITABLE", property: "uuid" });
    expect((await getConnection(primary)).name).toBe("single");
  });

  it("refuses invalid names, a speed without its unit, a missing action and unknown connections", async () => {
    const uuid = await createProvisioned();
    const patch = (body: object, action = "update") =>
      api.patch(`/ecx/v3/l2/connections/${uuid}?action=${action}`, body);
    expect((await patch({ connectionNewName: "y".repeat(25) })).data[0]).toMatchObject({
      errorCode: "IC-LAYER2-402",
      property: "connectionNewName",
    });
    expect((await patch({ speed: 200 })).data[0]).toMatchObject({ property: "speedUnit" });
    expect((await patch({})).status).toBe(400);
    expect((await patch({ connectionNewName: "z" }, "Approve")).data[0]).toMatchObject({
      property: "action",
    });
    expect((await api.patch(`/ecx/v3/l2/connections/${uuid}`, { connectionNewName: "z" })).status).toBe(400);
    expect((await getConnection(uuid)).name).toBe("single");

    const unknown = await api.patch(
      "/ecx/v3/l2/connections/00000000-0000-4000-8000-000000000000?action=update",
      {
        connectionNewName: "z",
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.data[0].errorCode).toBe("IC-LAYER2-4023");
  });
});

describe("delete", () => {
  it("goes PENDING_DELETE, DEPROVISIONING, then DEPROVISIONED, and stays readable", async () => {
    const uuid = await createProvisioned();
    const response = await api.delete(`/ecx/v3/l2/connections/${uuid}`);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ message: "Deleted connection successfully", primaryConnectionId: uuid });
    const pending = await getConnection(uuid);
    expect(pending).toMatchObject({
      status: "PENDING_DELETE",
      providerStatus: "AVAILABLE",
      deletedBy: "demo-user",
    });
    expect(Date.parse(pending.deletedDate)).not.toBeNaN();
    await advanceClock(DEPROVISIONING_MS / 2);
    expect(await statusOf(uuid)).toBe("DEPROVISIONING/AVAILABLE");
    await advanceClock(DEPROVISIONING_MS / 2);
    const gone = await api.get(`/ecx/v3/l2/connections/${uuid}`);
    expect(gone.status).toBe(200);
    expect(gone.data).toMatchObject({ status: "DEPROVISIONED", providerStatus: "NOT_AVAILABLE" });
  });

  it("a second DELETE answers IC-LAYER2-4021; an unknown uuid IC-LAYER2-4023", async () => {
    const uuid = await createProvisioned();
    await api.delete(`/ecx/v3/l2/connections/${uuid}`);
    const again = await api.delete(`/ecx/v3/l2/connections/${uuid}`);
    expect(again.status).toBe(400);
    expect(again.data).toEqual([expect.objectContaining({ errorCode: "IC-LAYER2-4021" })]);

    for (const call of [api.delete, api.get]) {
      const unknown = await call("/ecx/v3/l2/connections/00000000-0000-4000-8000-000000000000");
      expect(unknown.status).toBe(400);
      expect(unknown.data).toEqual([
        expect.objectContaining({
          errorCode: "IC-LAYER2-4023",
          errorMessage: "Connection does not exist or do not belong to user, Please check connection Id",
          property: "uuid",
        }),
      ]);
    }
  });

  it("cancels a connection that never reached PROVISIONED: DEPROVISIONED at once", async () => {
    const { primary } = await create(SEED_001.dot1qToDot1q);
    expect((await api.delete(`/ecx/v3/l2/connections/${primary}`)).status).toBe(200);
    expect(await statusOf(primary)).toBe("DEPROVISIONED/NOT_AVAILABLE");
    // Deleting the primary leaves the secondary alone: a pair needs one DELETE per connection.
    expect((await allConnections()).map((c: { status: string }) => c.status).sort()).toEqual([
      "DEPROVISIONED",
      "PENDING_APPROVAL",
    ]);
  });
});

describe("out-of-band changes", () => {
  it("a deletion outside the API is DEPROVISIONED at once; the API then answers 4021", async () => {
    const uuid = await createProvisioned();
    const response = await http.delete(`/__emulator/equinix/connections/${uuid}`);
    expect(response.status).toBe(200);
    expect(await getConnection(uuid)).toMatchObject({
      status: "DEPROVISIONED",
      providerStatus: "NOT_AVAILABLE",
      deletedBy: "equinix-operations",
    });
    expect((await api.delete(`/ecx/v3/l2/connections/${uuid}`)).data[0].errorCode).toBe("IC-LAYER2-4021");
  });

  it("a rename or speed change outside the API shows up as drift", async () => {
    const uuid = await createProvisioned();
    const response = await http.patch(`/__emulator/equinix/connections/${uuid}`, {
      name: "portal-edit",
      speed: 200,
    });
    expect(response.status).toBe(200);
    expect(await getConnection(uuid)).toMatchObject({
      name: "portal-edit",
      speed: 200,
      speedUnit: "MB",
      lastUpdatedBy: "equinix-operations",
    });
    expect((await http.patch(`/__emulator/equinix/connections/${uuid}`, { speed: -1 })).status).toBe(400);
    expect((await http.patch(`/__emulator/equinix/connections/${uuid}`, { colour: "red" })).status).toBe(400);
  });

  it("the control listing includes deleted connections", async () => {
    const deleted = await createProvisioned();
    await http.delete(`/__emulator/equinix/connections/${deleted}`);
    await create(singleConnection({ primaryVlanSTag: 300 }));
    const statuses = (await allConnections()).map((c: { status: string }) => c.status);
    expect(statuses).toEqual(["DEPROVISIONED", "PROVISIONING"]);
  });
});

describe("buyer connection list", () => {
  it("pages with a 0-based pageNumber and filters on a comma-separated status list", async () => {
    for (let i = 0; i < 5; i++)
      await create(singleConnection({ primaryName: `conn-${i}`, primaryVlanSTag: 100 + i }));
    const pageOf = async (query: string) => (await api.get(`/ecx/v3/l2/buyer/connections?${query}`)).data;

    const first = await pageOf("pageSize=2&pageNumber=0");
    expect(first).toMatchObject({
      isFirstPage: true,
      isLastPage: false,
      totalCount: 5,
      pageSize: 2,
      pageNumber: 0,
    });
    expect(first.content.map((c: { name: string }) => c.name)).toEqual(["conn-0", "conn-1"]);
    const last = await pageOf("pageSize=2&pageNumber=2");
    expect(last).toMatchObject({ isFirstPage: false, isLastPage: true });
    expect(last.content.map((c: { name: string }) => c.name)).toEqual(["conn-4"]);

    const [firstUuid] = first.content.map((c: { uuid: string }) => c.uuid);
    await http.delete(`/__emulator/equinix/connections/${firstUuid}`);
    const deleted = await pageOf("status=DEPROVISIONED");
    expect(deleted.content.map((c: { uuid: string }) => c.uuid)).toEqual([firstUuid]);
    expect((await pageOf("status=PROVISIONING,PENDING_APPROVAL&pageSize=100")).totalCount).toBe(4);
    expect((await pageOf("")).totalCount).toBe(5);
  });

  it("refuses a bad page size with a 400 error array", async () => {
    const response = await api.get("/ecx/v3/l2/buyer/connections?pageSize=0");
    expect(response.status).toBe(400);
    expect(response.data[0].property).toBe("pageSize");
  });
});

describe("faults on the Equinix API", () => {
  it("a 429 fault answers Retry-After and an Equinix error object, and creates nothing", async () => {
    await addFault({
      kind: "status",
      status: 429,
      retryAfter: 7,
      match: { method: "POST", path: "^/ecx/v3/l2/connections$" },
    });
    const refused = await api.post("/ecx/v3/l2/connections", singleConnection());
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("7");
    expect(refused.data).toMatchObject({
      errorCode: "EMULATOR-FAULT-429",
      errorMessage: expect.stringMatching(/Too Many Requests/),
    });
    expect(await allConnections()).toEqual([]);
    await create(singleConnection());
  });

  it("a 503 fault with count 2 fails two reads, then the API answers again", async () => {
    const uuid = (await create(singleConnection())).primary;
    await addFault({
      kind: "status",
      status: 503,
      count: 2,
      match: { method: "GET", path: "^/ecx/v3/l2/connections/" },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.get(`/ecx/v3/l2/connections/${uuid}`)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("a delayed create still creates", async () => {
    await addFault({ kind: "delay", ms: 200, match: { method: "POST" } });
    const started = Date.now();
    await create(singleConnection());
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('a create dropped "before" creates nothing', async () => {
    await addFault({
      kind: "drop",
      when: "before",
      match: { method: "POST", path: "^/ecx/v3/l2/connections$" },
    });
    await expect(api.post("/ecx/v3/l2/connections", singleConnection())).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(await allConnections()).toEqual([]);
    await create(singleConnection());
  });

  it('a create dropped "after" did create: the retry collides, the buyer list finds it by name', async () => {
    await addFault({
      kind: "drop",
      when: "after",
      match: { method: "POST", path: "^/ecx/v3/l2/connections$" },
    });
    await expect(
      api.post("/ecx/v3/l2/connections", singleConnection({ primaryName: "lost-answer" })),
    ).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    const created = await allConnections();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: "lost-answer", status: "PROVISIONING" });

    const retry = await api.post("/ecx/v3/l2/connections", singleConnection({ primaryName: "lost-answer" }));
    expect(retry.data[0].errorCode).toBe("IC-LAYER2-EMU-VLAN-IN-USE");
    const listed = (await api.get("/ecx/v3/l2/buyer/connections?pageSize=100")).data.content;
    expect(listed.filter((c: { name: string }) => c.name === "lost-answer")).toHaveLength(1);

    const log = (await http.get("/__emulator/requests")).data;
    expect(log.find((entry: { fault?: string }) => entry.fault === "drop-after")).toMatchObject({
      method: "POST",
      status: 200,
    });
  });
});

describe("request log and reset", () => {
  it("records API calls with query, status and body (keys redacted), but not control calls", async () => {
    await http.delete("/__emulator/requests");
    await api.post("/ecx/v3/l2/connections", SEED_001.dot1qToDot1q);
    await api.get("/ecx/v3/l2/buyer/connections?pageSize=5&status=PENDING_APPROVAL");
    await api.get("/ecx/v3/l2/connections/00000000-0000-4000-8000-000000000000");
    await allConnections();
    const log = (await http.get("/__emulator/requests")).data;
    expect(
      log.map((entry: { method: string; path: string; status: number }) => [
        entry.method,
        entry.path,
        entry.status,
      ]),
    ).toEqual([
      ["POST", "/ecx/v3/l2/connections", 200],
      ["GET", "/ecx/v3/l2/buyer/connections?pageSize=5&status=PENDING_APPROVAL", 200],
      ["GET", "/ecx/v3/l2/connections/00000000-0000-4000-8000-000000000000", 400],
    ]);
    expect(log[0].body).toMatchObject({
      primaryName: "JohnDoe_Dot1Q_To_Dot1Q",
      authorizationKey: "[redacted]",
    });
  });

  it("reset brings back the seed: no connections, no faults, empty log, wall clock; tokens stay valid", async () => {
    await create(singleConnection());
    await addFault({ kind: "status", status: 500, match: { path: "^/nothing$" } });
    await advanceClock(600_000);
    expect((await http.post("/__emulator/reset")).status).toBe(204);
    expect(await allConnections()).toEqual([]);
    expect((await http.get("/__emulator/faults")).data).toEqual([]);
    expect((await http.get("/__emulator/requests")).data).toEqual([]);
    expect(Math.abs((await http.get("/__emulator/clock")).data.now - Date.now())).toBeLessThan(5_000);
    expect((await api.get("/ecx/v3/port/userport")).status).toBe(200);
    // The seed's tags are free again.
    await create(singleConnection());
  });

  it("answers unknown API paths with a 404 Equinix error object", async () => {
    const response = await api.get("/ecx/v3/l2/nothing-here");
    expect(response.status).toBe(404);
    expect(response.data).toMatchObject({ errorCode: "EMULATOR-NOT-FOUND" });
  });
});
