// Fabric v4 lifecycles over real HTTP: seller approval and rejection, cloud provisioning, PATCH, DELETE.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FABRIC_V4_SELLER_PORTS, startEquinixEmulator } from "../../emulator/equinix";
import {
  DEPROVISIONING_MS,
  PROVISIONING_MS,
  TEST_TIMINGS,
  UPDATE_MS,
  V4Harness,
  aws,
  azure,
  bandwidthApproval,
  codesAndProperties,
  connectionBody,
  dot1q,
  dot1qSecondary,
  expectErrors,
  googleZone1,
  profileRef,
  withSides,
} from "./equinixV4";

let h: V4Harness;

beforeAll(async () => {
  h = new V4Harness(await startEquinixEmulator({ fabricV4: TEST_TIMINGS }));
});
afterAll(() => h.server.close());
beforeEach(() => h.reset());

const {
  genericPrimary,
  genericSecondary,
  googleZone1: googlePort,
  awsPrimary,
  azurePrimary,
  azureSecondary,
} = FABRIC_V4_SELLER_PORTS;

describe("seller approval (generic profile)", () => {
  it("PENDING_APPROVAL until the seller accepts with its port and VLAN; then PROVISIONING, PROVISIONED", async () => {
    const created = await h.create(connectionBody());
    // The seller finds the request as DOC-ACC says: search for PENDING_APPROVAL.
    const pending = await h.seller.post("/fabric/v4/connections/search", {
      filter: { property: "/operation/equinixStatus", operator: "=", values: ["PENDING_APPROVAL"] },
    });
    expect(pending.data.data.map((c: { uuid: string }) => c.uuid)).toEqual([created.uuid]);
    expect(pending.data.data[0].direction).toBe("INCOMING");
    await h.advance(1_800_000);
    expect(await h.statusOf(created.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");

    const response = await h.action(created.uuid, {
      type: "CONNECTION_CREATION_ACCEPTANCE",
      data: {
        zSide: {
          accessPoint: { type: "COLO", port: { uuid: genericPrimary.uuid }, linkProtocol: dot1q(3322) },
        },
      },
    });
    expect(response.status, JSON.stringify(response.data)).toBe(202);
    expect(response.data).toMatchObject({
      type: "CONNECTION_CREATION_ACCEPTANCE",
      uuid: created.uuid,
      data: { zSide: { accessPoint: { port: { uuid: genericPrimary.uuid }, linkProtocol: dot1q(3322) } } },
    });
    expect(response.data.href).toMatch(
      new RegExp(`/fabric/v4/connections/${created.uuid}/actions/[0-9a-f-]{36}$`),
    );
    expect(await h.statusOf(created.uuid)).toBe("PROVISIONING/PROVISIONING/PROVISIONING");
    await h.advance(PROVISIONING_MS);
    const provisioned = await h.get(created.uuid);
    expect(provisioned).toMatchObject({
      state: "PROVISIONED",
      operation: { equinixStatus: "PROVISIONED", providerStatus: "AVAILABLE" },
      change: { type: "CONNECTION_CREATION", status: "COMPLETED" },
      zSide: {
        accessPoint: {
          port: { uuid: genericPrimary.uuid, name: genericPrimary.name },
          linkProtocol: { type: "DOT1Q", vlanTag: 3322 },
        },
      },
    });
  });

  it("assigns the priority's seller port and the lowest free tag when the seller names none", async () => {
    const primary = await h.create(connectionBody());
    const secondary = await h.create(
      withSides(
        { port: dot1qSecondary.uuid },
        {},
        { redundancy: { priority: "SECONDARY", group: primary.redundancy.group } },
      ),
    );
    expect((await h.action(primary.uuid, { type: "CONNECTION_CREATION_ACCEPTANCE" })).status).toBe(202);
    expect((await h.action(secondary.uuid, { type: "CONNECTION_CREATION_ACCEPTANCE" })).status).toBe(202);
    expect((await h.get(primary.uuid)).zSide.accessPoint).toMatchObject({
      port: { uuid: genericPrimary.uuid },
      linkProtocol: dot1q(2),
    });
    expect((await h.get(secondary.uuid)).zSide.accessPoint).toMatchObject({
      port: { uuid: genericSecondary.uuid },
      linkProtocol: dot1q(2),
    });
  });

  it("refuses the seller's tag when it is in use, and a port that is not the profile's", async () => {
    const first = await h.create(connectionBody());
    const second = await h.create(withSides({ linkProtocol: dot1q(101) }, {}));
    const choose = (uuid: string, port: string, vlanTag: number) =>
      h.action(uuid, {
        type: "CONNECTION_CREATION_ACCEPTANCE",
        data: { zSide: { accessPoint: { port: { uuid: port }, linkProtocol: dot1q(vlanTag) } } },
      });
    expect((await choose(first.uuid, genericPrimary.uuid, 500)).status).toBe(202);
    expect(
      codesAndProperties(expectErrors(await choose(second.uuid, genericPrimary.uuid, 500), 400)),
    ).toEqual([["EQ-3142102", "/data/zSide/accessPoint/linkProtocol"]]);
    expect(codesAndProperties(expectErrors(await choose(second.uuid, awsPrimary.uuid, 501), 400))).toEqual([
      ["EQ-3142501", "/data/zSide/accessPoint/port/uuid"],
    ]);
    expect(await h.statusOf(second.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");
    // Accepting twice is refused.
    const again = await h.action(first.uuid, { type: "CONNECTION_CREATION_ACCEPTANCE" });
    expect(codesAndProperties(expectErrors(again, 400))).toEqual([["EQ-3142501", "/type"]]);
  });

  it("a rejection: FAILED/REJECTED/REJECTED with the seller's description as the reason; the tag is freed", async () => {
    const created = await h.create(connectionBody());
    const response = await h.action(created.uuid, {
      type: "CONNECTION_CREATION_REJECTION",
      description: "No capacity in SV",
    });
    expect(response.status).toBe(202);
    expect(response.data).toMatchObject({ description: "No capacity in SV", data: {} });
    const rejected = await h.get(created.uuid);
    expect(rejected).toMatchObject({
      state: "FAILED",
      operation: { equinixStatus: "REJECTED", providerStatus: "REJECTED" },
      change: { status: "REJECTED", information: "No capacity in SV" },
    });
    expect(rejected.operation.errors[0].additionalInfo[0].reason).toBe("No capacity in SV");
    await h.create(connectionBody({ name: "retry" }));
    // The buyer acknowledges; PATCH is refused on a rejected connection; DELETE works.
    expect((await h.action(created.uuid, { type: "CONNECTION_REJECTION_ACCEPTANCE" }, h.buyer)).status).toBe(
      202,
    );
    expect((await h.get(created.uuid)).operation.equinixStatus).toBe("REJECTED_ACK");
    const patch = await h.patch(created.uuid, [{ op: "replace", path: "/name", value: "x" }]);
    expect(expectErrors(patch, 400)[0].errorCode).toBe("EQ-3142501");
    expect((await h.buyer.delete(`/fabric/v4/connections/${created.uuid}`)).status).toBe(200);
  });

  it("a rename while the request waits is kept when the seller accepts", async () => {
    const created = await h.create(connectionBody());
    const renamed = await h.patch(created.uuid, [{ op: "replace", path: "/name", value: "renamed" }]);
    expect(renamed.data).toMatchObject({
      state: "PENDING",
      change: { type: "CONNECTION_UPDATE", status: "APPROVED" },
    });
    await h.advance(UPDATE_MS);
    expect((await h.action(created.uuid, { type: "CONNECTION_CREATION_ACCEPTANCE" })).status).toBe(202);
    await h.advance(PROVISIONING_MS);
    expect(await h.get(created.uuid)).toMatchObject({
      name: "renamed",
      state: "PROVISIONED",
      change: { type: "CONNECTION_UPDATE", status: "COMPLETED" },
    });
  });

  it("the control endpoints approve and reject without credentials", async () => {
    const approved = await h.create(connectionBody());
    const rejected = await h.create(withSides({ linkProtocol: dot1q(101) }, {}));
    const approve = await h.http.post(`/__emulator/equinix/v4/connections/${approved.uuid}/approve`, {
      zSide: { accessPoint: { linkProtocol: dot1q(777) } },
    });
    expect(approve.status, JSON.stringify(approve.data)).toBe(200);
    expect(approve.data.zSide.accessPoint.linkProtocol).toEqual(dot1q(777));
    const reject = await h.http.post(`/__emulator/equinix/v4/connections/${rejected.uuid}/reject`, {
      reason: "Wrong port",
    });
    expect(reject.data).toMatchObject({ state: "FAILED", change: { information: "Wrong port" } });
    expect(
      (await h.http.post(`/__emulator/equinix/v4/connections/${rejected.uuid}/approve`, {})).status,
    ).toBe(409);
    expect((await h.http.post("/__emulator/equinix/v4/connections/nope/approve", {})).status).toBe(404);
    const listed = await h.controlList();
    expect(listed.map((c: { uuid: string }) => c.uuid).sort()).toEqual([approved.uuid, rejected.uuid].sort());
  });

  it("auto-approval (control endpoint): the seller accepts after the delay; switching it on schedules pending ones", async () => {
    const before = await h.create(connectionBody());
    const settings = await h.settings({ sellerApproval: { autoAfterMs: 5_000 } });
    expect(settings.sellerApproval).toEqual({ autoAfterMs: 5_000 });
    const after = await h.create(withSides({ linkProtocol: dot1q(101) }, {}));
    await h.advance(2_500);
    expect(await h.statusOf(after.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");
    await h.advance(2_500);
    expect(await h.statusOf(before.uuid)).toBe("PROVISIONING/PROVISIONING/PROVISIONING");
    expect(await h.statusOf(after.uuid)).toBe("PROVISIONING/PROVISIONING/PROVISIONING");
    await h.advance(PROVISIONING_MS);
    expect((await h.get(after.uuid)).zSide.accessPoint.linkProtocol).toMatchObject({ type: "DOT1Q" });
    expect(await h.statusOf(after.uuid)).toBe("PROVISIONED/PROVISIONED/AVAILABLE");
    // Back to manual: nothing more is approved.
    await h.settings({ sellerApproval: "manual" });
    const manual = await h.create(withSides({ linkProtocol: dot1q(102) }, {}));
    await h.advance(60_000);
    expect(await h.statusOf(manual.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");
  });

  it("auto-approval (factory option) with instant timings: a visible wait, then PROVISIONED", async () => {
    const demo = new V4Harness(
      await startEquinixEmulator({ fabricV4: { instant: true, sellerApproval: { autoAfterMs: 3_000 } } }),
    );
    try {
      await demo.reset();
      const created = await demo.create(connectionBody());
      expect(await demo.statusOf(created.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");
      await demo.advance(3_000);
      expect(await demo.statusOf(created.uuid)).toBe("PROVISIONED/PROVISIONED/AVAILABLE");
    } finally {
      await demo.server.close();
    }
  });
});

describe("cloud profiles provision by themselves", () => {
  it("Google: PROVISIONING, then PROVISIONED with the z-side port and a DOT1Q tag", async () => {
    const created = await h.create(
      withSides(
        {},
        {
          ...profileRef(googleZone1.uuid),
          sellerRegion: "us-west2",
          authenticationKey: "7e51371e-72a3-40b5-b844-2e3efefaee59/us-west2/1",
        },
      ),
    );
    expect(created).toMatchObject({
      state: "PROVISIONING",
      operation: { equinixStatus: "PROVISIONING", providerStatus: "PROVISIONING" },
      change: { type: "CONNECTION_CREATION", status: "REQUESTED" },
    });
    await h.advance(PROVISIONING_MS / 2);
    expect(await h.statusOf(created.uuid)).toBe("PROVISIONING/PROVISIONING/PROVISIONING");
    await h.advance(PROVISIONING_MS / 2);
    const provisioned = await h.get(created.uuid);
    expect(provisioned).toMatchObject({
      state: "PROVISIONED",
      operation: { equinixStatus: "PROVISIONED", providerStatus: "PROVISIONED" },
      change: { status: "COMPLETED" },
      zSide: {
        accessPoint: { port: { uuid: googlePort.uuid }, linkProtocol: dot1q(2), sellerRegion: "us-west2" },
      },
    });
  });

  it("AWS: PROVISIONED with providerStatus PENDING_APPROVAL until the buyer's PATCH with the AWS keys", async () => {
    const created = await h.provisioned(
      withSides(
        {},
        { ...profileRef(aws.uuid), sellerRegion: "us-west-1", authenticationKey: "123456789012" },
      ),
    );
    expect(await h.statusOf(created.uuid)).toBe("PROVISIONED/PROVISIONED/PENDING_APPROVAL");
    const patch = await h.patch(created.uuid, [
      {
        op: "add",
        path: "",
        value: {
          additionalInfo: [
            { key: "accessKey", value: "AKIAEXAMPLE" },
            { key: "secretKey", value: "very-secret" },
          ],
        },
      },
    ]);
    expect(patch.status, JSON.stringify(patch.data)).toBe(202);
    expect(patch.data.operation.providerStatus).toBe("PROVISIONING");
    expect(JSON.stringify(patch.data)).not.toContain("very-secret");
    await h.advance(UPDATE_MS);
    expect(await h.statusOf(created.uuid)).toBe("PROVISIONED/PROVISIONED/PROVISIONED");
    expect((await h.get(created.uuid)).zSide.accessPoint.port.uuid).toBe(awsPrimary.uuid);
  });

  it("AWS: accepted in the AWS console (control endpoint) or after awsAcceptance's delay", async () => {
    const awsSide = { ...profileRef(aws.uuid), authenticationKey: "123456789012" };
    const manual = await h.provisioned(withSides({}, awsSide));
    expect((await h.http.post(`/__emulator/equinix/v4/connections/${manual.uuid}/approve`, {})).status).toBe(
      200,
    );
    expect(await h.statusOf(manual.uuid)).toBe("PROVISIONED/PROVISIONED/PROVISIONED");
    await h.settings({ awsAcceptance: { autoAfterMs: 1_000 } });
    const auto = await h.provisioned(withSides({ linkProtocol: dot1q(101) }, awsSide));
    await h.advance(1_000);
    expect(await h.statusOf(auto.uuid)).toBe("PROVISIONED/PROVISIONED/PROVISIONED");
  });

  it("Azure: both legs on Microsoft's QINQ ports share the service key's S-tag; the C-tag is the a-side tag", async () => {
    const key = "00000000-aaaa-bbbb-cccc-000000000001";
    const primary = await h.create(withSides({}, { ...profileRef(azure.uuid), authenticationKey: key }));
    const secondary = await h.create(
      withSides(
        { port: dot1qSecondary.uuid, linkProtocol: dot1q(200) },
        {
          ...profileRef(azure.uuid),
          authenticationKey: key,
          linkProtocol: { type: "QINQ", vlanCTag: 300 },
        },
        { redundancy: { priority: "SECONDARY", group: primary.redundancy.group } },
      ),
    );
    await h.advance(PROVISIONING_MS);
    const [p, s] = [await h.get(primary.uuid), await h.get(secondary.uuid)];
    expect(p.operation.providerStatus).toBe("PROVISIONED");
    expect(p.zSide.accessPoint).toMatchObject({
      port: { uuid: azurePrimary.uuid },
      linkProtocol: { type: "QINQ", vlanSTag: 2, vlanCTag: 100 },
      peeringType: "PRIVATE",
    });
    expect(s.zSide.accessPoint).toMatchObject({
      port: { uuid: azureSecondary.uuid },
      linkProtocol: { type: "QINQ", vlanSTag: 2, vlanCTag: 300 },
    });
    // Another service key gets another S-tag.
    const other = await h.provisioned(
      withSides({ linkProtocol: dot1q(101) }, { ...profileRef(azure.uuid), authenticationKey: "other-key" }),
    );
    expect((await h.get(other.uuid)).zSide.accessPoint.linkProtocol.vlanSTag).toBe(3);
  });
});

describe("PATCH", () => {
  const upgradeBody = (overrides: Record<string, unknown> = {}) =>
    withSides({}, profileRef(bandwidthApproval.uuid), { bandwidth: 100, ...overrides });

  it("replace /name: 202 with change APPROVED and its data, COMPLETED after updateMs; both JSON content types", async () => {
    const created = await h.provisioned(upgradeBody());
    const response = await h.patch(created.uuid, [{ op: "replace", path: "/name", value: "renamed" }]);
    expect(response.status).toBe(202);
    expect(response.data).toMatchObject({
      name: "renamed",
      change: {
        type: "CONNECTION_UPDATE",
        status: "APPROVED",
        data: { op: "replace", path: "/name", value: "renamed" },
      },
    });
    expect(response.data.change.uuid).toMatch(/^[0-9a-f-]{36}$/);
    // A second change waits for the first.
    const early = await h.patch(created.uuid, [{ op: "replace", path: "/name", value: "again" }]);
    expect(codesAndProperties(expectErrors(early, 400))).toEqual([["EQ-3142510", "uuid"]]);
    await h.advance(UPDATE_MS);
    expect((await h.get(created.uuid)).change).toMatchObject({
      status: "COMPLETED",
      data: { path: "/name" },
    });
    const plainJson = await h.patch(
      created.uuid,
      [{ op: "replace", path: "/notifications", value: [{ type: "ALL", emails: ["new@example.com"] }] }],
      "application/json",
    );
    expect(plainJson.status).toBe(202);
    expect(plainJson.data.notifications).toEqual([{ type: "ALL", emails: ["new@example.com"] }]);
  });

  it("replace /bandwidth on an auto-approving profile: applied, then COMPLETED; dry run changes nothing", async () => {
    const created = await h.create(
      withSides({}, { ...profileRef(aws.uuid), authenticationKey: "123456789012" }),
    );
    await h.advance(PROVISIONING_MS);
    const dryRun = await h.buyer.patch(`/fabric/v4/connections/${created.uuid}?dryRun=true`, [
      { op: "replace", path: "/bandwidth", value: 500 },
    ]);
    expect(dryRun.status).toBe(200);
    expect(dryRun.data.bandwidth).toBe(500);
    expect((await h.get(created.uuid)).bandwidth).toBe(50);
    const response = await h.patch(created.uuid, [{ op: "replace", path: "/bandwidth", value: 500 }]);
    expect(response.data).toMatchObject({ bandwidth: 500, change: { status: "APPROVED" } });
    await h.advance(UPDATE_MS);
    expect(await h.get(created.uuid)).toMatchObject({
      bandwidth: 500,
      order: { billingTier: "Up to 500 MB" },
      change: { status: "COMPLETED" },
    });
  });

  it("a bandwidth increase on a profile without auto-approval waits for the seller; accepted, then COMPLETED", async () => {
    const created = await h.provisioned(upgradeBody());
    const response = await h.patch(created.uuid, [{ op: "replace", path: "/bandwidth", value: 1000 }]);
    expect(response.status).toBe(202);
    expect(response.data).toMatchObject({
      bandwidth: 100,
      change: { status: "SUBMITTED_FOR_APPROVAL", data: { path: "/bandwidth", value: 1000 } },
    });
    await h.advance(1_800_000);
    expect((await h.get(created.uuid)).change.status).toBe("SUBMITTED_FOR_APPROVAL");
    expect(
      expectErrors(await h.action(created.uuid, { type: "CONNECTION_UPDATE_ACCEPTANCE" }, h.buyer), 403)[0]
        .errorCode,
    ).toBe("EQ-3045003");
    expect((await h.action(created.uuid, { type: "CONNECTION_UPDATE_ACCEPTANCE" })).status).toBe(202);
    expect(await h.get(created.uuid)).toMatchObject({ bandwidth: 1000, change: { status: "APPROVED" } });
    await h.advance(UPDATE_MS);
    expect((await h.get(created.uuid)).change.status).toBe("COMPLETED");
  });

  it("a rejected increase leaves the bandwidth; a decrease needs no approval", async () => {
    const created = await h.provisioned(upgradeBody({ bandwidth: 200 }));
    await h.patch(created.uuid, [{ op: "replace", path: "/bandwidth", value: 2000 }]);
    const reject = await h.action(created.uuid, {
      type: "CONNECTION_UPDATE_REJECTION",
      description: "Not now",
    });
    expect(reject.status).toBe(202);
    expect(await h.get(created.uuid)).toMatchObject({
      bandwidth: 200,
      change: { status: "REJECTED", information: "Not now" },
    });
    const decrease = await h.patch(created.uuid, [{ op: "replace", path: "/bandwidth", value: 50 }]);
    expect(decrease.data).toMatchObject({ bandwidth: 50, change: { status: "APPROVED" } });
  });

  it("refuses other paths (EQ-3142501 naming the path), bad values, transient states, an empty patch", async () => {
    const created = await h.create(upgradeBody());
    const transient = await h.patch(created.uuid, [{ op: "replace", path: "/name", value: "x" }]);
    expect(codesAndProperties(expectErrors(transient, 400))).toEqual([["EQ-3142510", "uuid"]]);
    await h.advance(PROVISIONING_MS);
    for (const [ops, expected] of [
      [
        [{ op: "replace", path: "/redundancy/priority", value: "SECONDARY" }],
        [["EQ-3142501", "/redundancy/priority"]],
      ],
      [[{ op: "replace", path: "/bandwidth", value: 75 }], [["EQ-3142306", "/bandwidth"]]],
      [[{ op: "replace", path: "/name", value: "" }], [["EQ-3142501", "/name"]]],
      [[{ op: "replace", path: "/name", value: "y".repeat(30) }], [["EQ-3142539", "/name"]]],
      [[{ op: "add", path: "", value: { additionalInfo: [] } }], [["EQ-3142501", "/additionalInfo"]]],
      [[], [["EQ-3142501", "/"]]],
    ] as const) {
      const response = await h.patch(created.uuid, ops);
      expect(codesAndProperties(expectErrors(response, 400)), JSON.stringify(ops)).toEqual(expected);
    }
    expect((await h.get(created.uuid)).change.type).toBe("CONNECTION_CREATION");
    const unknown = await h.patch("00000000-0000-4000-8000-000000000000", [
      { op: "replace", path: "/name", value: "x" },
    ]);
    expect(expectErrors(unknown, 400)[0].errorCode).toBe("EQ-3142519");
  });
});

describe("DELETE", () => {
  it("200 DEPROVISIONING, then DEPROVISIONED and still readable and searchable; a second DELETE → EQ-3142509", async () => {
    const created = await h.provisioned(
      withSides(
        {},
        {
          ...profileRef(googleZone1.uuid),
          authenticationKey: "7e51371e-72a3-40b5-b844-2e3efefaee59/us-west2/1",
        },
      ),
    );
    const response = await h.buyer.delete(`/fabric/v4/connections/${created.uuid}`);
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      state: "DEPROVISIONING",
      operation: { equinixStatus: "DEPROVISIONING", providerStatus: "DEPROVISIONING" },
      change: { type: "CONNECTION_DELETION" },
      changeLog: { deletedBy: "demo-user" },
    });
    const again = await h.buyer.delete(`/fabric/v4/connections/${created.uuid}`);
    expect(codesAndProperties(expectErrors(again, 400))).toEqual([["EQ-3142509", "uuid"]]);
    expect(
      expectErrors(await h.patch(created.uuid, [{ op: "replace", path: "/name", value: "x" }]), 400)[0]
        .errorCode,
    ).toBe("EQ-3142510");
    await h.advance(DEPROVISIONING_MS);
    const gone = await h.get(created.uuid);
    expect(gone).toMatchObject({
      state: "DEPROVISIONED",
      operation: { equinixStatus: "DEPROVISIONED", providerStatus: "DEPROVISIONED" },
      change: { type: "CONNECTION_DELETION", status: "COMPLETED" },
    });
    // Spec NonGenericConnectionResponseExample: the z-side link protocol keeps its type only.
    expect(gone.zSide.accessPoint.linkProtocol).toEqual({ type: "DOT1Q" });
    expect(
      codesAndProperties(expectErrors(await h.buyer.delete(`/fabric/v4/connections/${created.uuid}`), 400)),
    ).toEqual([["EQ-3142509", "uuid"]]);
    const found = await h.buyer.post("/fabric/v4/connections/search", {
      filter: { property: "/state", operator: "=", values: ["DEPROVISIONED"] },
    });
    expect(found.data.data.map((c: { uuid: string }) => c.uuid)).toEqual([created.uuid]);
  });

  it("refuses a DELETE while PROVISIONING (EQ-3142510); a pending request can be withdrawn", async () => {
    const provisioning = await h.create(
      withSides({}, { ...profileRef(aws.uuid), authenticationKey: "123456789012" }),
    );
    const refused = await h.buyer.delete(`/fabric/v4/connections/${provisioning.uuid}`);
    expect(codesAndProperties(expectErrors(refused, 400))).toEqual([["EQ-3142510", "uuid"]]);
    const pending = await h.create(withSides({ linkProtocol: dot1q(101) }, {}));
    expect((await h.buyer.delete(`/fabric/v4/connections/${pending.uuid}`)).data.state).toBe(
      "DEPROVISIONING",
    );
  });

  it("purges after the retention time; unknown ids answer 400 EQ-3142519, or 404 EQ-3045811 behind the switch", async () => {
    await h.settings({ retentionMs: 600_000 });
    const created = await h.create(connectionBody());
    await h.buyer.delete(`/fabric/v4/connections/${created.uuid}`);
    await h.advance(DEPROVISIONING_MS + 300_000);
    expect((await h.get(created.uuid)).state).toBe("DEPROVISIONED");
    await h.advance(300_000);
    const purged = await h.buyer.get(`/fabric/v4/connections/${created.uuid}`);
    expect(expectErrors(purged, 400)[0]).toMatchObject({
      errorCode: "EQ-3142519",
      errorMessage: "Connection does not exist or do not belong to user,Please check connection Id",
    });
    await h.settings({ unknownConnectionStatus: 404 });
    const notFound = await h.buyer.get(`/fabric/v4/connections/${created.uuid}`);
    expect(expectErrors(notFound, 404)[0]).toMatchObject({
      errorCode: "EQ-3045811",
      errorMessage: "uuid not found",
    });
  });
});

describe("other actions", () => {
  it("provider status and bandwidth requests; unknown action types → 400", async () => {
    const created = await h.provisioned(withSides({}, profileRef(bandwidthApproval.uuid)));
    const bandwidth = await h.action(
      created.uuid,
      { type: "CONNECTION_PROVIDER_BANDWIDTH_REQUEST" },
      h.buyer,
    );
    expect(bandwidth.data).toMatchObject({
      type: "CONNECTION_PROVIDER_BANDWIDTH_REQUEST",
      data: { providerBandwidth: 50 },
    });
    expect(
      (await h.action(created.uuid, { type: "CONNECTION_PROVIDER_STATUS_REQUEST" }, h.buyer)).status,
    ).toBe(202);
    expect(
      codesAndProperties(expectErrors(await h.action(created.uuid, { type: "DANCE" }, h.buyer), 400)),
    ).toEqual([["EQ-3142501", "/type"]]);
    expect(
      expectErrors(await h.action(created.uuid, { type: "MIGRATION_EVPL_VC" }, h.buyer), 400)[0].errorCode,
    ).toBe("EQ-3142501");
  });
});
