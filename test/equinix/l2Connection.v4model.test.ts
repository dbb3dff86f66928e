/**
 * The Fabric v4 POST bodies of seed 001's four tagging cases and of each cloud example, field by field: the same
 * program on v4 sends one body per leg, the secondary in the primary's redundancy group.
 */
import { describe, expect, it } from "vitest";
import type { L2ConnectionInputs } from "../../provider/equinix/l2Connection/schema";
import { createRequestV4, legSettings, mbps, peeringType } from "../../provider/equinix/l2Connection/v4model";
import { SEED_INPUTS } from "./seed001";

const GROUP = "e4d2a3b6-0c1d-4e5f-8a9b-0c1d2e3f4a5b";
const asInputs = (v: object) => structuredClone(v) as unknown as L2ConnectionInputs;

const common = {
  type: "EVPL_VC",
  bandwidth: 50,
  order: { purchaseOrderNumber: "1234567890" },
  notifications: [{ type: "ALL", emails: ["JohnDoe@equinix.com"] }],
};

describe("seed 001's four tagging cases on Fabric v4", () => {
  it("Dot1Q → Dot1Q: one tag per leg (vlanTag), no C-tags anywhere", () => {
    const inputs = asInputs(SEED_INPUTS.dot1qToDot1q);
    expect(createRequestV4(inputs, "primary", { encapsulation: "DOT1Q" })).toEqual({
      ...common,
      name: "JohnDoe_Dot1Q_To_Dot1Q",
      redundancy: { priority: "PRIMARY" },
      aSide: {
        accessPoint: {
          type: "COLO",
          port: { uuid: "4f891d3b-973e-73e0-bae0-30ac1885197a" },
          linkProtocol: { type: "DOT1Q", vlanTag: 873 },
        },
      },
      zSide: {
        accessPoint: {
          type: "SP",
          profile: { type: "L2_PROFILE", uuid: "7a73af1a-3d74-47ac-b778-6bf455d1174e" },
          location: { metroCode: "SV" },
          authenticationKey: "xxxxxxxx",
        },
      },
    });
    expect(createRequestV4(inputs, "secondary", { encapsulation: "DOT1Q" }, GROUP)).toMatchObject({
      name: "JohnDoe_Dot1Q_To_Dot1Q_2",
      redundancy: { priority: "SECONDARY", group: GROUP },
      aSide: {
        accessPoint: {
          port: { uuid: "7g831d3b-9740-7420-bae0-30ac1885127a" },
          linkProtocol: { type: "DOT1Q", vlanTag: 873 },
        },
      },
    });
  });

  it("Dot1Q → QinQ: the Z-side C-tag of each leg on the seller's side, and the seller region", () => {
    const inputs = asInputs(SEED_INPUTS.dot1qToQinq);
    const primary = createRequestV4(inputs, "primary", { encapsulation: "DOT1Q" });
    expect(primary.aSide.accessPoint.linkProtocol).toEqual({ type: "DOT1Q", vlanTag: 335 });
    expect(primary.zSide.accessPoint).toEqual({
      type: "SP",
      profile: { type: "L2_PROFILE", uuid: "31b7263f-7e6a-42d0-859e-80a7fd3b9609" },
      location: { metroCode: "SV" },
      sellerRegion: "us-sv",
      authenticationKey: "xxxxxxxx",
      linkProtocol: { type: "QINQ", vlanCTag: 421 },
    });
    const secondary = createRequestV4(inputs, "secondary", { encapsulation: "DOT1Q" }, GROUP);
    expect(secondary.zSide.accessPoint.linkProtocol).toEqual({ type: "QINQ", vlanCTag: 521 });
  });

  it("QinQ → Dot1Q: S-tag and C-tag on each A-side port", () => {
    const inputs = asInputs(SEED_INPUTS.qinqToDot1q);
    expect(
      createRequestV4(inputs, "primary", { encapsulation: "QINQ" }).aSide.accessPoint.linkProtocol,
    ).toEqual({
      type: "QINQ",
      vlanSTag: 771,
      vlanCTag: 117,
    });
    expect(
      createRequestV4(inputs, "secondary", { encapsulation: "QINQ" }, GROUP).aSide.accessPoint.linkProtocol,
    ).toEqual({ type: "QINQ", vlanSTag: 881, vlanCTag: 118 });
  });

  it("QinQ → QinQ: the S-tag alone, the C-tag left out, the metro as given", () => {
    const inputs = asInputs(SEED_INPUTS.qinqToQinq);
    const primary = createRequestV4(inputs, "primary", { encapsulation: "QINQ" });
    expect(primary.aSide.accessPoint.linkProtocol).toEqual({ type: "QINQ", vlanSTag: 499 });
    expect(primary.zSide.accessPoint.location).toEqual({ metroCode: "SE" });
    expect(
      createRequestV4(inputs, "secondary", { encapsulation: "QINQ" }, GROUP).aSide.accessPoint.linkProtocol,
    ).toEqual({ type: "QINQ", vlanSTag: 2456 });
  });

  it("takes the metro from the port when the program gives none, and leaves out what is not set", () => {
    const {
      sellerMetroCode: _m,
      purchaseOrderNumber: _p,
      authorizationKey: _k,
      ...rest
    } = SEED_INPUTS.dot1qToDot1q;
    const body = createRequestV4(asInputs(rest), "primary", { encapsulation: "DOT1Q", metroCode: "DA" });
    expect(body.zSide.accessPoint).toEqual({
      type: "SP",
      profile: { type: "L2_PROFILE", uuid: "7a73af1a-3d74-47ac-b778-6bf455d1174e" },
      location: { metroCode: "DA" },
    });
    expect(body).not.toHaveProperty("order");
  });
});

describe("cloud examples on Fabric v4", () => {
  const base = {
    name: "cloud",
    speed: 1,
    speedUnit: "GB",
    notifications: ["noc@example.com"],
    portUuid: "7f891d3b-973e-73e0-bae0-30ac1885197a",
    vlanSTag: 100,
    sellerMetroCode: "SV",
  };

  it("AWS: the account id and region on both legs, bandwidth in Mbps", () => {
    const inputs = asInputs({
      ...base,
      profileUuid: "69ee618d-be52-468d-bc99-00566f2dd2b9",
      authorizationKey: "123456789012",
      sellerRegion: "us-west-1",
      secondaryConnection: {
        name: "cloud-2",
        portUuid: "7f891d3b-9740-7400-bae0-30ac1885197a",
        vlanSTag: 100,
      },
    });
    for (const role of ["primary", "secondary"] as const) {
      const body = createRequestV4(inputs, role, { encapsulation: "DOT1Q" }, GROUP);
      expect(body.bandwidth).toBe(1000);
      expect(body.zSide.accessPoint).toMatchObject({
        authenticationKey: "123456789012",
        sellerRegion: "us-west-1",
      });
    }
  });

  it("Azure: one service key, the peering type from namedTag, the inner tag per leg", () => {
    const inputs = asInputs({
      ...base,
      profileUuid: "a1390b22-bbe0-4e93-ad37-85beef9d254a",
      authorizationKey: "f3b1c2d4-1111-4a2b-9c3d-5e6f7a8b9c0d",
      namedTag: "Microsoft",
      zSideVlanCTag: 200,
      secondaryConnection: {
        name: "cloud-2",
        portUuid: "7f891d3b-9740-7400-bae0-30ac1885197a",
        vlanSTag: 100,
        zSideVlanCTag: 200,
      },
    });
    const secondary = createRequestV4(inputs, "secondary", { encapsulation: "DOT1Q" }, GROUP);
    expect(secondary.redundancy).toEqual({ priority: "SECONDARY", group: GROUP });
    expect(secondary.zSide.accessPoint).toMatchObject({
      authenticationKey: "f3b1c2d4-1111-4a2b-9c3d-5e6f7a8b9c0d",
      peeringType: "MICROSOFT",
      linkProtocol: { type: "QINQ", vlanCTag: 200 },
    });
  });

  it("Google: the secondary's own pairing key, zone profile, region and speed; not in the primary's group", () => {
    const inputs = asInputs({
      ...base,
      profileUuid: "bd4570e2-d792-4a00-87f5-3bde040cdcd7",
      authorizationKey: "pk/us-west1/1",
      sellerRegion: "us-west1",
      secondaryConnection: {
        name: "cloud-2",
        portUuid: "7f891d3b-9740-7400-bae0-30ac1885197a",
        vlanSTag: 100,
        profileUuid: "b97dacca-abe6-4e8c-8be1-fcdd1be1defe",
        authorizationKey: "pk/us-west2/2",
        sellerRegion: "us-west2",
        speed: 500,
        speedUnit: "MB",
      },
    });
    const secondary = createRequestV4(inputs, "secondary", { encapsulation: "DOT1Q" }, GROUP);
    expect(secondary.redundancy).toEqual({ priority: "PRIMARY" });
    expect(secondary.bandwidth).toBe(500);
    expect(secondary.zSide.accessPoint).toMatchObject({
      profile: { uuid: "b97dacca-abe6-4e8c-8be1-fcdd1be1defe" },
      authenticationKey: "pk/us-west2/2",
      sellerRegion: "us-west2",
    });
    expect(legSettings(inputs, "primary").authorizationKey).toBe("pk/us-west1/1");
  });
});

describe("helpers", () => {
  it("converts units and peering types", () => {
    expect(mbps(10, "GB")).toBe(10_000);
    expect(mbps(50, "MB")).toBe(50);
    expect(peeringType("Private")).toBe("PRIVATE");
    expect(peeringType("manual")).toBe("MANUAL");
    expect(peeringType(undefined)).toBeUndefined();
  });
});
