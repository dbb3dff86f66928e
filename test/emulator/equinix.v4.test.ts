// The Equinix Fabric v4 emulator over real HTTP: identities, lookups, create validation, VLANs, redundancy, dry run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EQUINIX_SELLER_CREDENTIALS,
  FABRIC_V4_SELLER_PORTS,
  startEquinixEmulator,
} from "../../emulator/equinix";
import {
  DEPROVISIONING_MS,
  TEST_TIMINGS,
  UUID,
  V4Harness,
  aws,
  azure,
  bandwidthApproval,
  codesAndProperties,
  connectionBody,
  dot1q,
  dot1qPrimary,
  dot1qSecondary,
  expectErrors,
  generic,
  googleZone1,
  googleZone2,
  profileRef,
  qinqPrimary,
  withSides,
} from "./equinixV4";

let h: V4Harness;

beforeAll(async () => {
  h = new V4Harness(await startEquinixEmulator({ fabricV4: TEST_TIMINGS }));
});
afterAll(() => h.server.close());
beforeEach(() => h.reset());

describe("identities", () => {
  it("answers 401 with the v4 error array without a valid Bearer token, echoing X-CORRELATION-ID", async () => {
    for (const headers of [{}, { Authorization: "Bearer nope" }, { Authorization: "Basic abc" }]) {
      const response = await h.http.get("/fabric/v4/ports", { headers });
      const [error] = expectErrors(response, 401);
      expect(error).toMatchObject({
        errorCode: "EQ-3000039",
        errorMessage: "User not found in request or invalid.",
        additionalInfo: [{ property: "Authorization" }],
      });
    }
    const traced = await h.http.get("/fabric/v4/connections/x", {
      headers: { "X-CORRELATION-ID": "trace-1" },
    });
    expect(traced.data[0].correlationId).toBe("trace-1");
  });

  it("issues seller tokens at the same endpoint; the seller is user demo-seller", async () => {
    const response = await h.http.post("/oauth2/v1/token", {
      grant_type: "client_credentials",
      client_id: EQUINIX_SELLER_CREDENTIALS.clientId,
      client_secret: EQUINIX_SELLER_CREDENTIALS.clientSecret,
    });
    expect(response.data).toMatchObject({
      token_type: "Bearer",
      token_timeout: "3599",
      user_name: "demo-seller",
    });
  });

  it("shows the buyer OUTGOING and the seller INCOMING; only the buyer changes or deletes", async () => {
    const created = await h.create(connectionBody());
    expect(created.direction).toBe("OUTGOING");
    const asSeller = await h.get(created.uuid, h.seller);
    expect(asSeller).toMatchObject({ uuid: created.uuid, direction: "INCOMING" });
    const patch = await h.seller.patch(`/fabric/v4/connections/${created.uuid}`, [
      { op: "replace", path: "/name", value: "x" },
    ]);
    expect(expectErrors(patch, 403)[0].errorCode).toBe("EQ-3142401");
    expect(
      expectErrors(await h.seller.delete(`/fabric/v4/connections/${created.uuid}`), 403)[0].errorCode,
    ).toBe("EQ-3142401");
  });

  it("hides a buyer's connection to a cloud profile from the seller (400 EQ-3142519)", async () => {
    const created = await h.create(withSides({}, profileRef(googleZone1.uuid), googleKey("1")));
    const response = await h.seller.get(`/fabric/v4/connections/${created.uuid}`);
    expect(codesAndProperties(expectErrors(response, 400))).toEqual([["EQ-3142519", "connectionId"]]);
  });

  it("refuses the seller's actions to the buyer with 403 EQ-3045003", async () => {
    const created = await h.create(connectionBody());
    for (const type of ["CONNECTION_CREATION_ACCEPTANCE", "CONNECTION_CREATION_REJECTION"]) {
      const [error] = expectErrors(await h.action(created.uuid, { type }, h.buyer), 403);
      expect(error).toMatchObject({ errorCode: "EQ-3045003", errorMessage: "Operation not allowed" });
    }
    expect(await h.statusOf(created.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");
  });
});

/** A v3 single connection on the buyer's DOT1Q primary port, on the v3 seed's auto-approved profile. */
function v3Body(primaryVlanSTag: number) {
  return {
    primaryName: `v3-${primaryVlanSTag}`,
    profileUUID: "2a73af1a-3c74-47ac-b778-6bf455d1174e",
    speed: 100,
    speedUnit: "MB",
    notifications: ["noc@example.com"],
    primaryPortUUID: dot1qPrimary.uuid,
    primaryVlanSTag,
  };
}

function googleKey(zone: string, extra: Record<string, unknown> = {}) {
  return {
    zSide: {
      accessPoint: {
        type: "SP",
        ...profileRef(zone === "1" ? googleZone1.uuid : googleZone2.uuid),
        location: { metroCode: "SV" },
        sellerRegion: "us-west2",
        authenticationKey: `7e51371e-72a3-40b5-b844-2e3efefaee59/us-west2/${zone}`,
        ...extra,
      },
    },
  };
}

describe("ports, link protocols, profiles, metros", () => {
  it("lists the buyer's ports as Port objects with encapsulation and redundancy priority; ?name= filters", async () => {
    const response = await h.buyer.get("/fabric/v4/ports");
    expect(response.status).toBe(200);
    expect(response.data.pagination).toMatchObject({ offset: 0, total: 4 });
    const byName = Object.fromEntries(response.data.data.map((port: { name: string }) => [port.name, port]));
    expect(byName["SV1-DEMO-DOT1Q-PRI"]).toMatchObject({
      uuid: dot1qPrimary.uuid,
      type: "XF_PORT",
      state: "ACTIVE",
      encapsulation: { type: "DOT1Q", tagProtocolId: "0x8100" },
      redundancy: { priority: "PRIMARY" },
      location: { metroCode: "SV", ibx: "SV1" },
    });
    expect(byName["SV1-DEMO-DOT1Q-SEC"].redundancy.priority).toBe("SECONDARY");
    expect(byName["SV1-DEMO-QINQ-PRI"].encapsulation.type).toBe("QINQ");
    const filtered = await h.buyer.get("/fabric/v4/ports?name=SV1-DEMO-QINQ-SEC");
    expect(filtered.data.data.map((port: { name: string }) => port.name)).toEqual(["SV1-DEMO-QINQ-SEC"]);
    const sellers = await h.seller.get("/fabric/v4/ports");
    expect(sellers.data.data.map((port: { uuid: string }) => port.uuid)).toContain(
      FABRIC_V4_SELLER_PORTS.genericPrimary.uuid,
    );
  });

  it("reads one port, counting the bandwidth its connections use; unknown or foreign ports → 400 EQ-3035202", async () => {
    await h.create(connectionBody({ bandwidth: 200 }));
    const port = (await h.buyer.get(`/fabric/v4/ports/${dot1qPrimary.uuid}`)).data;
    expect(port).toMatchObject({ uuid: dot1qPrimary.uuid, usedBandwidth: 200, availableBandwidth: 9800 });
    expect(port.operation.connectionCount).toBe(1);
    for (const uuid of ["00000000-0000-4000-8000-000000000000", FABRIC_V4_SELLER_PORTS.awsPrimary.uuid]) {
      const [error] = expectErrors(await h.buyer.get(`/fabric/v4/ports/${uuid}`), 400);
      expect(error).toMatchObject({ errorCode: "EQ-3035202", additionalInfo: [{ property: "portUuid" }] });
    }
  });

  it("lists a port's VLANs: v4 and v3 connections RESERVED, a deleted one RELEASED", async () => {
    const v4 = await h.create(connectionBody());
    const v3 = await h.buyer.post("/ecx/v3/l2/connections", v3Body(300));
    expect(v3.status).toBe(200);
    const deleted = await h.create(withSides({ linkProtocol: dot1q(101) }, {}, { name: "gone" }));
    expect((await h.buyer.delete(`/fabric/v4/connections/${deleted.uuid}`)).status).toBe(200);
    await h.advance(DEPROVISIONING_MS);
    const entries = (await h.buyer.get(`/fabric/v4/ports/${dot1qPrimary.uuid}/linkProtocols`)).data;
    expect(entries.pagination).toMatchObject({ offset: 0, limit: 20, total: 3 });
    expect(
      entries.data.map((entry: { type: string; vlanTag: number; state: string; asset: { uuid: string } }) => [
        entry.type,
        entry.vlanTag,
        entry.state,
        entry.asset.uuid,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["DOT1Q", 100, "RESERVED", v4.uuid],
        ["DOT1Q", 101, "RELEASED", deleted.uuid],
        ["DOT1Q", 300, "RESERVED", v3.data.primaryConnectionId],
      ]),
    );
  });

  it("serves service profiles strict-SDK-safe, with ETag; unknown → 404 EQ-3001011", async () => {
    const response = await h.buyer.get(`/fabric/v4/serviceProfiles/${aws.uuid}`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toMatch(/^".+"$/);
    expect(response.data).toMatchObject({
      uuid: aws.uuid,
      name: "AWS Direct Connect",
      type: "L2_PROFILE",
      state: "ACTIVE",
      visibility: "PUBLIC",
      metros: [{ code: "SV", sellerRegions: { "us-west-1": "US West (N. California)" } }],
    });
    const [config] = response.data.accessPointTypeConfigs;
    expect(config).toMatchObject({
      type: "COLO",
      supportedBandwidths: [50, 100, 200, 300, 400, 500, 1000, 2000, 5000, 10000],
      authenticationKey: { required: true },
      connectionRedundancyRequired: false,
      linkProtocolConfig: { encapsulation: "DOT1Q" },
    });
    const azureProfile = (await h.buyer.get(`/fabric/v4/serviceProfiles/${azure.uuid}`)).data;
    expect(azureProfile.accessPointTypeConfigs[0]).toMatchObject({
      connectionRedundancyRequired: true,
      linkProtocolConfig: { encapsulation: "QINQ", reuseVlanSTag: true },
    });
    const upgrade = (await h.buyer.get(`/fabric/v4/serviceProfiles/${bandwidthApproval.uuid}`)).data;
    expect(upgrade.accessPointTypeConfigs[0].allowBandwidthAutoApproval).toBe(false);
    expect((await h.buyer.get(`/fabric/v4/serviceProfiles/${googleZone2.uuid}`)).data.name).toBe(
      "Google Cloud Partner Interconnect Zone 2",
    );
    const unknown = await h.buyer.get("/fabric/v4/serviceProfiles/00000000-0000-4000-8000-000000000000");
    expect(expectErrors(unknown, 404)[0].errorCode).toBe("EQ-3001011");
  });

  it("pages the profile catalogue; the seller's zSide view lists its own profiles with their ports", async () => {
    const all = (await h.buyer.get("/fabric/v4/serviceProfiles?limit=4")).data;
    expect(all.pagination).toMatchObject({
      offset: 0,
      limit: 4,
      total: 6,
      next: "/fabric/v4/serviceProfiles?offset=4&limit=4",
    });
    expect(all.data).toHaveLength(4);
    const own = (await h.seller.get("/fabric/v4/serviceProfiles?viewPoint=zSide")).data;
    expect(own.data.map((profile: { uuid: string }) => profile.uuid).sort()).toEqual(
      [generic.uuid, bandwidthApproval.uuid].sort(),
    );
    expect(own.data[0].selfProfile).toBe(true);
    expect(own.data[0].ports).toHaveLength(2);
  });

  it("searches profiles with its own grammar: = only, a few properties, EQ-3001202 otherwise", async () => {
    const search = (body: object) => h.buyer.post("/fabric/v4/serviceProfiles/search", body);
    const byName = await search({
      filter: { property: "/name", operator: "=", values: ["Azure ExpressRoute"] },
    });
    expect(byName.data.data.map((profile: { uuid: string }) => profile.uuid)).toEqual([azure.uuid]);
    const and = await search({
      filter: {
        and: [
          { property: "/metros/code", operator: "=", values: ["SV"] },
          { property: "/visibility", operator: "=", values: ["PRIVATE"] },
        ],
      },
    });
    expect(and.data.data.map((profile: { uuid: string }) => profile.uuid)).toEqual([generic.uuid]);
    expect(and.data.pagination).toMatchObject({ total: 1 });
    const badProperty = expectErrors(
      await search({ filter: { property: "/bandwidth", operator: "=", values: ["1"] } }),
      400,
    );
    expect(badProperty[0]).toMatchObject({
      errorCode: "EQ-3001202",
      errorMessage: "Unsupported search property",
    });
    expect(badProperty[0].details).toMatch(/^Supported search properties are : \/name,/);
    const badOperator = expectErrors(
      await search({ filter: { property: "/name", operator: "LIKE", values: ["A"] } }),
      400,
    );
    expect(badOperator[0]).toMatchObject({
      errorCode: "EQ-3001202",
      details: "Supported search operator is : =",
    });
    const badLimit = expectErrors(await search({ pagination: { limit: 0 } }), 400);
    expect(badLimit[0]).toMatchObject({
      errorCode: "EQ-3001022",
      additionalInfo: [{ property: "pagination.limit" }],
    });
  });

  it("serves metros, and 400 EQ-3036013 for an unknown one", async () => {
    const metros = (await h.buyer.get("/fabric/v4/metros?presence=MY_PORTS")).data;
    expect(metros.data.map((metro: { code: string }) => metro.code)).toEqual(["SV"]);
    expect((await h.buyer.get("/fabric/v4/metros/sv")).data).toMatchObject({
      code: "SV",
      name: "Silicon Valley",
    });
    expect(expectErrors(await h.buyer.get("/fabric/v4/metros/XX"), 400)[0].errorCode).toBe("EQ-3036013");
  });
});

describe("create", () => {
  it("answers 201 with the whole connection; the generic profile waits for the seller", async () => {
    const response = await h.buyer.post("/fabric/v4/connections", connectionBody());
    expect(response.status).toBe(201);
    const connection = response.data;
    expect(connection.uuid).toMatch(UUID);
    expect(connection.href).toBe(`${h.server.url}/fabric/v4/connections/${connection.uuid}`);
    expect(connection).toMatchObject({
      type: "EVPL_VC",
      name: "v4-test",
      bandwidth: 50,
      state: "PENDING",
      operation: { equinixStatus: "PENDING_APPROVAL", providerStatus: "NOT_AVAILABLE" },
      change: { type: "CONNECTION_CREATION", status: "SUBMITTED_FOR_APPROVAL" },
      order: { purchaseOrderNumber: "PO-1", billingTier: "Up to 50 MB", termLength: 1 },
      notifications: [{ type: "ALL", emails: ["noc@example.com"] }],
      account: { organizationName: "Demo Buyer Org" },
      changeLog: { createdBy: "demo-user" },
      redundancy: { priority: "PRIMARY" },
      isRemote: false,
      aSide: {
        accessPoint: {
          type: "COLO",
          port: { uuid: dot1qPrimary.uuid, name: "SV1-DEMO-DOT1Q-PRI" },
          linkProtocol: { type: "DOT1Q", vlanTag: 100 },
          location: { metroCode: "SV" },
        },
      },
      zSide: { accessPoint: { type: "SP", profile: { uuid: generic.uuid, name: generic.name } } },
    });
    expect(connection.redundancy.group).toMatch(UUID);
    expect(connection.redundancy.group).not.toBe(connection.uuid);
    expect(connection.zSide.accessPoint.port).toBeUndefined();
    expect(await h.get(connection.uuid)).toEqual(connection);
  });

  it("dry run: 200 without uuid, href, state, operation or group, and nothing stored", async () => {
    const response = await h.buyer.post("/fabric/v4/connections?dryRun=true", connectionBody());
    expect(response.status).toBe(200);
    for (const key of ["uuid", "href", "state", "operation", "change", "changeLog"])
      expect(response.data).not.toHaveProperty(key);
    expect(response.data.redundancy).toEqual({ priority: "PRIMARY" });
    expect(response.data).toMatchObject({ name: "v4-test", bandwidth: 50 });
    expect(await h.controlList()).toEqual([]);
    const invalid = await h.buyer.post(
      "/fabric/v4/connections?dryRun=true",
      connectionBody({ bandwidth: 60 }),
    );
    expect(expectErrors(invalid, 400)[0].errorCode).toBe("EQ-3142306");
    // The tag was not taken.
    await h.create(connectionBody());
  });
});

describe("create validation: each error names its property", () => {
  it("type, name, notifications, port, order", async () => {
    const errors = await h.createErrors({
      ...connectionBody({ type: "EPL_VC", name: "", notifications: [] }),
      order: { termLength: 48 },
    });
    expect(codesAndProperties(errors)).toEqual([
      ["EQ-3142501", "/type"],
      ["EQ-3142501", "/name"],
      ["EQ-3142501", "/notifications"],
      ["EQ-3142501", "/order/termLength"],
    ]);
    const badEmail = await h.createErrors(
      connectionBody({ notifications: [{ type: "ALL", emails: ["nope"] }] }),
    );
    expect(codesAndProperties(badEmail)).toEqual([["EQ-3142501", "/notifications/0/emails"]]);
    const badType = await h.createErrors(
      connectionBody({ notifications: [{ type: "SMS", emails: ["a@b.c"] }] }),
    );
    expect(codesAndProperties(badType)).toEqual([["EQ-3142501", "/notifications/0/type"]]);
    const foreignPort = await h.createErrors(
      withSides({ port: FABRIC_V4_SELLER_PORTS.genericPrimary.uuid }, {}),
    );
    expect(codesAndProperties(foreignPort)).toEqual([["EQ-3142501", "/aSide/accessPoint/port/uuid"]]);
    expect(codesAndProperties(await h.createErrors(["not an object"]))).toEqual([["EQ-3142501", "/"]]);
    // Not JSON at all: the spec's 415 answer.
    const form = await h.buyer.post("/fabric/v4/connections", "name=x", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(expectErrors(form, 415)[0].errorCode).toBe("EQ-3040016");
  });

  it("names longer than 24 characters → EQ-3142539", async () => {
    const errors = await h.createErrors(connectionBody({ name: "x".repeat(25) }));
    expect(codesAndProperties(errors)).toEqual([["EQ-3142539", "/name"]]);
    await h.create(connectionBody({ name: "x".repeat(24) }));
  });

  it("VLAN tags 2–4092, the tag the port's encapsulation needs", async () => {
    for (const [linkProtocol, property] of [
      [dot1q(4093), "/aSide/accessPoint/linkProtocol/vlanTag"],
      [dot1q(1), "/aSide/accessPoint/linkProtocol/vlanTag"],
      [{ type: "DOT1Q" }, "/aSide/accessPoint/linkProtocol/vlanTag"],
      [{ type: "QINQ", vlanSTag: 100 }, "/aSide/accessPoint/linkProtocol/type"],
      [{ type: "UNTAGGED" }, "/aSide/accessPoint/linkProtocol/type"],
    ] as const) {
      const errors = await h.createErrors(withSides({ linkProtocol }, {}));
      expect(codesAndProperties(errors), JSON.stringify(linkProtocol)).toEqual([["EQ-3142501", property]]);
    }
    const qinq = await h.createErrors(withSides({ port: qinqPrimary.uuid, linkProtocol: dot1q(100) }, {}));
    expect(codesAndProperties(qinq)).toEqual([["EQ-3142501", "/aSide/accessPoint/linkProtocol/type"]]);
    // The spec's own example sends the tag as a string and the type in another case.
    const lenient = await h.create(withSides({ linkProtocol: { type: "Dot1q", vlanTag: "23" } }, {}));
    expect(lenient.aSide.accessPoint.linkProtocol).toEqual({ type: "DOT1Q", vlanTag: 23 });
  });

  it("profile, metro, bandwidth, authentication key", async () => {
    const unknown = await h.createErrors(withSides({}, profileRef("00000000-0000-4000-8000-000000000000")));
    expect(codesAndProperties(unknown)).toEqual([["EQ-3142301", "/zSide/accessPoint/profile/uuid"]]);
    const metro = await h.createErrors(withSides({}, { location: { metroCode: "AM" } }));
    expect(codesAndProperties(metro)).toEqual([["EQ-3142302", "/zSide/accessPoint/location/metroCode"]]);
    const bandwidth = await h.createErrors(connectionBody({ bandwidth: 75 }));
    expect(codesAndProperties(bandwidth)).toEqual([["EQ-3142306", "/bandwidth"]]);
    expect(bandwidth[0].errorMessage).toBe("Requested bandwidth is not supported by service profile");
    const missing = await h.createErrors(connectionBody({ bandwidth: undefined }));
    expect(codesAndProperties(missing)).toEqual([["EQ-3142501", "/bandwidth"]]);
    const key = await h.createErrors(withSides({}, profileRef(aws.uuid)));
    expect(codesAndProperties(key)).toEqual([["EQ-3142308", "/zSide/accessPoint/authenticationKey"]]);
    expect(key[0].errorMessage).toBe("Authentication key is required");
  });

  it("cloud keys and regions: AWS account ids, Google pairing-key zones, seller regions, peering types", async () => {
    const awsSide = (authenticationKey: string, sellerRegion = "us-west-1") => ({
      ...profileRef(aws.uuid),
      authenticationKey,
      sellerRegion,
    });
    const badAccount = await h.createErrors(withSides({}, awsSide("12345")));
    expect(codesAndProperties(badAccount)).toEqual([["EQ-3142501", "/zSide/accessPoint/authenticationKey"]]);
    const badRegion = await h.createErrors(withSides({}, awsSide("123456789012", "eu-west-1")));
    expect(codesAndProperties(badRegion)).toEqual([["EQ-3142501", "/zSide/accessPoint/sellerRegion"]]);
    const wrongZone = await h.createErrors({
      ...connectionBody(),
      ...googleKey("1", profileRef(googleZone2.uuid)),
    });
    expect(wrongZone[0].additionalInfo?.[0]).toMatchObject({
      property: "/zSide/accessPoint/authenticationKey",
    });
    expect(wrongZone[0].additionalInfo?.[0].reason).toMatch(/zone 1/);
    const peering = await h.createErrors(
      withSides({}, { ...profileRef(azure.uuid), authenticationKey: "key", peeringType: "SIDEWAYS" }),
    );
    expect(codesAndProperties(peering)).toEqual([["EQ-3142501", "/zSide/accessPoint/peeringType"]]);
  });
});

describe("VLAN tags per port (EQ-3142102)", () => {
  it("refuses a tag in use on the port, naming /aSide/accessPoint/linkProtocol; another port is fine", async () => {
    await h.create(connectionBody());
    const response = await h.buyer.post("/fabric/v4/connections", connectionBody({ name: "again" }));
    const [error] = expectErrors(response, 400);
    expect(error).toMatchObject({
      errorCode: "EQ-3142102",
      additionalInfo: [{ property: "/aSide/accessPoint/linkProtocol" }],
    });
    expect(error.errorMessage).toMatch(/^Connection has duplicate buyer-side VLAN ID for port/);
    await h.create(withSides({ port: dot1qSecondary.uuid }, {}));
  });

  it("shares the inventory with v3, both ways", async () => {
    expect((await h.buyer.post("/ecx/v3/l2/connections", v3Body(100))).status).toBe(200);
    expect(
      expectErrors(await h.buyer.post("/fabric/v4/connections", connectionBody()), 400)[0].errorCode,
    ).toBe("EQ-3142102");
    await h.create(withSides({ linkProtocol: dot1q(101) }, {}));
    const v3Again = await h.buyer.post("/ecx/v3/l2/connections", v3Body(101));
    expect(v3Again.status).toBe(400);
    expect(v3Again.data[0].errorCode).toBe("IC-LAYER2-EMU-VLAN-IN-USE");
  });

  it("keeps the tag while the holder is DEPROVISIONING, frees it at DEPROVISIONED", async () => {
    const created = await h.provisioned(withSides({}, profileRef(bandwidthApproval.uuid)));
    expect((await h.buyer.delete(`/fabric/v4/connections/${created.uuid}`)).status).toBe(200);
    expect(
      expectErrors(await h.buyer.post("/fabric/v4/connections", connectionBody()), 400)[0].errorCode,
    ).toBe("EQ-3142102");
    await h.advance(DEPROVISIONING_MS);
    await h.create(connectionBody());
  });

  it("on a QINQ port, clashes on the same S-tag unless both C-tags differ", async () => {
    const qinq = (vlanSTag: number, vlanCTag?: number) =>
      withSides({ port: qinqPrimary.uuid, linkProtocol: { type: "QINQ", vlanSTag, vlanCTag } }, {});
    await h.create(qinq(200, 10));
    await h.create(qinq(200, 11));
    expect(expectErrors(await h.buyer.post("/fabric/v4/connections", qinq(200, 10)), 400)[0].errorCode).toBe(
      "EQ-3142102",
    );
    expect(expectErrors(await h.buyer.post("/fabric/v4/connections", qinq(200)), 400)[0].errorCode).toBe(
      "EQ-3142102",
    );
  });
});

describe("redundancy", () => {
  it("a PRIMARY gets a new group; its SECONDARY quotes that group on the same profile", async () => {
    const primary = await h.create(connectionBody({ redundancy: { priority: "PRIMARY" } }));
    const secondary = await h.create(
      withSides(
        { port: dot1qSecondary.uuid },
        {},
        { redundancy: { priority: "SECONDARY", group: primary.redundancy.group } },
      ),
    );
    expect(secondary.redundancy).toEqual({ priority: "SECONDARY", group: primary.redundancy.group });
  });

  it("refuses a missing or bad priority, a SECONDARY without a live primary's group, a second SECONDARY", async () => {
    const secondary = (redundancy: object, overrides: Record<string, unknown> = {}) =>
      withSides({ port: dot1qSecondary.uuid }, overrides, { redundancy });
    expect(codesAndProperties(await h.createErrors(secondary({ priority: "SECONDARY" })))).toEqual([
      ["EQ-3142514", "/redundancy/group"],
    ]);
    expect(codesAndProperties(await h.createErrors(secondary({ group: "x" })))).toEqual([
      ["EQ-3142515", "/redundancy/priority"],
    ]);
    expect(codesAndProperties(await h.createErrors(secondary({ priority: "TERTIARY" })))).toEqual([
      ["EQ-3142517", "/redundancy/priority"],
    ]);
    expect(
      codesAndProperties(
        await h.createErrors(
          secondary({ priority: "SECONDARY", group: "00000000-0000-4000-8000-000000000000" }),
        ),
      ),
    ).toEqual([["EQ-3142516", "/redundancy/group"]]);
    const primary = await h.create(connectionBody());
    // The group, not the primary's uuid.
    expect(
      codesAndProperties(
        (
          await h.buyer.post(
            "/fabric/v4/connections",
            secondary({ priority: "SECONDARY", group: primary.uuid }),
          )
        ).data,
      ),
    ).toEqual([["EQ-3142516", "/redundancy/group"]]);
    const otherProfile = await h.buyer.post(
      "/fabric/v4/connections",
      secondary(
        { priority: "SECONDARY", group: primary.redundancy.group },
        profileRef(bandwidthApproval.uuid),
      ),
    );
    expect(codesAndProperties(expectErrors(otherProfile, 400))).toEqual([
      ["EQ-3142320", "/zSide/accessPoint/profile/uuid"],
    ]);
    await h.create(secondary({ priority: "SECONDARY", group: primary.redundancy.group }));
    const second = await h.buyer.post(
      "/fabric/v4/connections",
      withSides(
        { port: dot1qSecondary.uuid, linkProtocol: dot1q(101) },
        {},
        {
          redundancy: { priority: "SECONDARY", group: primary.redundancy.group },
        },
      ),
    );
    expect(codesAndProperties(expectErrors(second, 400))).toEqual([["EQ-3142516", "/redundancy/group"]]);
  });

  it("a PRIMARY quoting a group → EQ-3142516; a deleted primary's group takes no SECONDARY", async () => {
    const withGroup = await h.createErrors(
      connectionBody({ redundancy: { priority: "PRIMARY", group: "g" } }),
    );
    expect(codesAndProperties(withGroup)).toEqual([["EQ-3142516", "/redundancy/group"]]);
    const primary = await h.create(connectionBody());
    await h.buyer.delete(`/fabric/v4/connections/${primary.uuid}`);
    const late = await h.buyer.post(
      "/fabric/v4/connections",
      withSides(
        { port: dot1qSecondary.uuid },
        {},
        { redundancy: { priority: "SECONDARY", group: primary.redundancy.group } },
      ),
    );
    expect(codesAndProperties(expectErrors(late, 400))).toEqual([["EQ-3142516", "/redundancy/group"]]);
  });

  it("Google zones take two independent PRIMARY connections; a SECONDARY → EQ-3142303", async () => {
    const zone1 = await h.create({ ...connectionBody(), ...googleKey("1") });
    const zone2 = await h.create({
      ...withSides({ port: dot1qSecondary.uuid }, {}),
      ...googleKey("2"),
    });
    expect(zone1.redundancy.group).not.toBe(zone2.redundancy.group);
    const secondary = await h.buyer.post("/fabric/v4/connections", {
      ...withSides({ port: dot1qSecondary.uuid, linkProtocol: dot1q(101) }, {}),
      ...googleKey("1"),
      redundancy: { priority: "SECONDARY", group: zone1.redundancy.group },
    });
    expect(codesAndProperties(expectErrors(secondary, 400))).toEqual([
      ["EQ-3142303", "/redundancy/priority"],
    ]);
  });

  it("Azure: both legs on one service key, one connection per key, peering type and priority", async () => {
    const azureSide = (key: string, peeringType?: string) => ({
      ...profileRef(azure.uuid),
      authenticationKey: key,
      ...(peeringType ? { peeringType } : {}),
    });
    const primary = await h.create(withSides({}, azureSide("service-key-1")));
    expect(primary.zSide.accessPoint.peeringType).toBe("PRIVATE");
    const otherKey = await h.buyer.post(
      "/fabric/v4/connections",
      withSides({ port: dot1qSecondary.uuid }, azureSide("service-key-2"), {
        redundancy: { priority: "SECONDARY", group: primary.redundancy.group },
      }),
    );
    expect(codesAndProperties(expectErrors(otherKey, 400))).toEqual([
      ["EQ-3142501", "/zSide/accessPoint/authenticationKey"],
    ]);
    const twin = await h.buyer.post(
      "/fabric/v4/connections",
      withSides({ linkProtocol: dot1q(101) }, azureSide("service-key-1", "PRIVATE")),
    );
    expect(codesAndProperties(expectErrors(twin, 400))).toEqual([
      ["EQ-3142501", "/zSide/accessPoint/authenticationKey"],
    ]);
    await h.create(withSides({ linkProtocol: dot1q(102) }, azureSide("service-key-1", "MICROSOFT")));
    await h.create(
      withSides({ port: dot1qSecondary.uuid }, azureSide("service-key-1"), {
        redundancy: { priority: "SECONDARY", group: primary.redundancy.group },
      }),
    );
  });
});

describe("invented rules can be switched off", () => {
  it("by the control endpoint; reset brings them back", async () => {
    const settings = await h.settings({
      rules: {
        nameLength: false,
        linkProtocolMatchesPort: false,
        primaryWithoutGroup: false,
        cspPrimaryOnly: false,
      },
    });
    expect(settings.rules).toMatchObject({ nameLength: false, awsAccountId: true });
    await h.create(connectionBody({ name: "x".repeat(40) }));
    await h.create(withSides({ port: qinqPrimary.uuid, linkProtocol: dot1q(100) }, {}));
    await h.create(
      connectionBody({
        name: "grouped",
        redundancy: { priority: "PRIMARY", group: "my-group" },
        aSide: {
          accessPoint: { type: "COLO", port: { uuid: dot1qSecondary.uuid }, linkProtocol: dot1q(100) },
        },
      }),
    );
    await h.settings({
      rules: { awsAccountId: false, sellerRegion: false, googlePairingKey: false, azureServiceKey: false },
    });
    await h.create(
      withSides(
        { linkProtocol: dot1q(150) },
        { ...profileRef(aws.uuid), authenticationKey: "x", sellerRegion: "mars-1" },
      ),
    );
    await h.create(
      withSides(
        { linkProtocol: dot1q(151) },
        { ...profileRef(googleZone2.uuid), authenticationKey: "not-a-pairing-key" },
      ),
    );
    await h.settings({ rules: { oneSecondaryPerGroup: false } });
    const primary = await h.create(withSides({ linkProtocol: dot1q(160) }, {}));
    for (const vlanTag of [160, 161])
      await h.create(
        withSides(
          { port: dot1qSecondary.uuid, linkProtocol: dot1q(vlanTag) },
          {},
          {
            redundancy: { priority: "SECONDARY", group: primary.redundancy.group },
          },
        ),
      );
    await h.reset();
    expect(codesAndProperties(await h.createErrors(connectionBody({ name: "x".repeat(40) })))).toEqual([
      ["EQ-3142539", "/name"],
    ]);
  });

  it("buyerOnlyChanges and settledUpdates: the seller may rename; a PATCH replaces one in progress", async () => {
    await h.settings({ rules: { buyerOnlyChanges: false, settledUpdates: false } });
    const created = await h.create(connectionBody());
    const rename = (client: typeof h.buyer, value: string) =>
      client.patch(`/fabric/v4/connections/${created.uuid}`, [{ op: "replace", path: "/name", value }]);
    expect((await rename(h.seller, "by-seller")).status).toBe(202);
    expect((await rename(h.buyer, "by-buyer")).status).toBe(202);
    expect((await h.get(created.uuid)).name).toBe("by-buyer");
    expect((await h.seller.delete(`/fabric/v4/connections/${created.uuid}`)).status).toBe(200);
  });

  it("by the factory option", async () => {
    const relaxed = new V4Harness(
      await startEquinixEmulator({
        fabricV4: { instant: true, rules: { sellerActionsNeedSeller: false, nameLength: false } },
      }),
    );
    try {
      await relaxed.reset();
      const created = await relaxed.create(
        connectionBody({ name: "a name well over twenty-four characters" }),
      );
      const accepted = await relaxed.action(
        created.uuid,
        { type: "CONNECTION_CREATION_ACCEPTANCE" },
        relaxed.buyer,
      );
      expect(accepted.status).toBe(202);
      expect(await relaxed.statusOf(created.uuid)).toBe("PROVISIONED/PROVISIONED/AVAILABLE");
    } finally {
      await relaxed.server.close();
    }
  });
});

describe("request validation of unsupported shapes", () => {
  it("refuses other access point types; the seller's ports are not the buyer's", async () => {
    const body = withSides({}, { type: "COLO" });
    expect(codesAndProperties(await h.createErrors(body))).toEqual([
      ["EQ-3142501", "/zSide/accessPoint/type"],
    ]);
    const sellerCreate = await h.seller.post("/fabric/v4/connections", connectionBody());
    expect(codesAndProperties(expectErrors(sellerCreate, 400))).toEqual([
      ["EQ-3142501", "/aSide/accessPoint/port/uuid"],
    ]);
  });
});
