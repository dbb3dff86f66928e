/**
 * The estate model from state exports recorded from real runs (test/estate/fixtures, see record-fixtures.ts),
 * and from hand-made variants of them: every resource type, partial resources, secrets, unknown types, the
 * Equinix Fabric v4 outputs.
 */
import { describe, expect, it } from "vitest";
import {
  SECRET,
  TYPES,
  consoleConnectStatusClass,
  equinixStatusClass,
  estateFromExport,
  formatSpeed,
  ovhStatusClass,
  statusCounts,
} from "../../estate/model";
import { redactSecrets } from "../../estate";
import { RECORDED, generateEstate, loadFixture, resourceOf, variant } from "./estates";

const byName = (model: ReturnType<typeof estateFromExport>, name: string) => {
  const found = model.connections.find((c) => c.name === name);
  if (!found) throw new Error(`no connection ${name}`);
  return found;
};

describe("recorded fixtures", () => {
  it("hold no credential of the emulators and keep secrets as Pulumi encrypted them", () => {
    for (const name of RECORDED) {
      const text = JSON.stringify(loadFixture(name));
      for (const credential of [
        "demo-client-secret",
        "demoOvhAppSecret00000000000000001",
        "demoOvhConsumerKey00000000000001",
        "cc-demo-key",
        "recorded-fixture-authorization-key",
        "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
        "5c0ffee5-0000-4000-8000-0000000000f1",
      ])
        expect(text, name).not.toContain(credential);
      expect(text, name).not.toContain('"plaintext"');
    }
    const secret = resourceOf(loadFixture("equinix-dot1q-to-qinq"), "equinix:L2Connection").outputs!
      .authorizationKey;
    expect(secret).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    expect(secret.ciphertext).toMatch(/^v1:/);
  });
});

describe("estateFromExport: the demo", () => {
  const model = estateFromExport(loadFixture("demo"));

  it("reads the stack, the project and the state's time", () => {
    expect(model.stack).toBe("demo");
    expect(model.project).toBe("pulumi-interconnect-demo");
    expect(model.stateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(model.ignored).toEqual({});
    expect(model.partial).toEqual([]);
  });

  it("draws the Equinix pair as two legs from two ports to one seller, grouped", () => {
    const primary = byName(model, "sv-dc1-to-seller");
    const secondary = byName(model, "sv-dc1-to-seller-2");
    expect(primary).toMatchObject({
      vendor: "equinix",
      leg: "primary",
      status: "PROVISIONED",
      statusClass: "up",
    });
    expect(primary.vlan).toBe("VLAN 1210");
    expect(primary.speed).toBe("200 Mbps");
    expect(primary.detail).toBe("seller AVAILABLE");
    // Fabric v4: the seller's port and VLAN on each leg, and the API in the ids.
    expect(primary.zSide).toMatch(/^Z: port SV1-DEMO-SELLER-PRI · VLAN \d+$/);
    expect(secondary.zSide).toMatch(/^Z: port SV5-DEMO-SELLER-SEC · VLAN \d+$/);
    expect(primary.ids).toContainEqual(["API", "v4"]);
    expect(primary.ids).toContainEqual(["v4 state", "PROVISIONED"]);
    expect(secondary).toMatchObject({ leg: "secondary", statusClass: "up", vlan: "VLAN 1210" });
    expect(primary.from).not.toBe(secondary.from);
    expect(primary.to).toBe(secondary.to);
    expect(model.pairs).toEqual([
      expect.objectContaining({ name: "sv-dc1-to-seller", legs: [primary.key, secondary.key] }),
    ]);
    expect(model.pairs[0].redundancyGroup).toMatch(/^[0-9a-f-]{36}$/);
    const ports = model.endpoints.filter((e) => e.kind === "equinix-port");
    expect(ports.map((p) => p.label).sort()).toEqual([
      "7f891d3b-973e-73e0-bae0-30ac1885197a",
      "7f891d3b-9740-7400-bae0-30ac1885197a",
    ]);
    expect(ports.every((p) => p.side === "a" && p.role === "Equinix port · Dot1Q")).toBe(true);
    const seller = model.endpoints.find((e) => e.id === primary.to)!;
    expect(seller).toMatchObject({
      side: "z",
      kind: "equinix-profile",
      label: "7a73af1a-3d74-47ac-b778-6bf455d1174e",
    });
    expect(seller.details).toEqual(["Demo Dot1q Seller (approval)", "Dot1Q profile", "metro SV"]);
    expect(primary.ids).toContainEqual(["UUID", primary.id!]);
  });

  it("draws the Console Connect connection to the partner company, with both VLANs", () => {
    const c = byName(model, "HK-DC1-TO-PARTNER");
    expect(c).toMatchObject({
      vendor: "consoleconnect",
      status: "ACTIVE",
      statusClass: "up",
      speed: "100 Mbps",
    });
    expect(c.vlan).toBe("VLAN 1000 → 3000");
    expect(c.leg).toBeUndefined();
    expect(model.endpoints.find((e) => e.id === c.to)).toMatchObject({
      kind: "consoleconnect-company",
      label: "globex-cloud",
      side: "z",
    });
    expect(model.endpoints.find((e) => e.id === c.from)).toMatchObject({
      kind: "consoleconnect-port",
      side: "a",
      role: "Console Connect port · acme-networks",
    });
  });

  it("builds the OVHcloud tree: vRack → service → PoP config → datacenter config → static route", () => {
    const kinds = model.ovh.map((n) => n.kind);
    expect(kinds).toEqual(["vrack", "service", "pop", "datacenter", "extra"]);
    const [vrack, service, pop, dc, extra] = model.ovh;
    expect(vrack).toMatchObject({ label: "pn-1000001", resource: "occ-vrack" });
    expect(vrack.parent).toBeUndefined();
    expect(service).toMatchObject({ parent: vrack.id, status: "linked", statusClass: "up" });
    expect(pop).toMatchObject({
      parent: service.id,
      label: "PoP config 1000",
      role: "PoP config · L3",
      status: "active",
    });
    expect(pop.details).toEqual([
      "interface 1234",
      "subnet 10.10.12.0/30",
      "your AS 65005",
      "OVHcloud AS 65006",
    ]);
    expect(dc).toMatchObject({ parent: pop.id, label: "datacenter 6 · config 500" });
    expect(dc.details).toEqual(["subnet 10.0.0.0/28", "OVHcloud AS 65008"]);
    expect(extra).toMatchObject({
      parent: dc.id,
      role: "Static route",
      label: "extra 9000",
      statusClass: "up",
    });
    expect(extra.details).toEqual(["192.168.2.0/24", "via 10.0.0.5"]);
  });

  it("counts statuses", () => {
    expect(statusCounts(model)).toEqual({ up: 3, waiting: 0, failed: 0, deleting: 0, other: 0 });
  });
});

describe("estateFromExport: partial and failed resources (recorded on Fabric v4)", () => {
  const model = estateFromExport(loadFixture("mixed"));

  it("keeps a connection whose create timed out while the seller had not approved: waiting, partial", () => {
    const c = byName(model, "sv-awaiting-seller");
    expect(c).toMatchObject({
      status: "PENDING_APPROVAL",
      statusClass: "waiting",
      leg: undefined,
      detail: "state PENDING · seller NOT_AVAILABLE",
    });
    expect(c.errors.join()).toMatch(/still PENDING_APPROVAL/);
  });

  it("keeps a rejected pair: both legs failed, grouped, partial", () => {
    const legs = [byName(model, "sv-rejected"), byName(model, "sv-rejected-2")];
    for (const leg of legs) {
      expect(leg).toMatchObject({
        status: "REJECTED",
        statusClass: "failed",
        detail: "state FAILED · seller REJECTED",
      });
      expect(leg.errors.join()).toMatch(/REJECTED: .*No capacity on the requested port/);
    }
    expect(model.pairs.map((p) => p.name)).toEqual(["sv-rejected", "sv-half-pair"]);
  });

  it("keeps a pair whose secondary's POST was refused: the primary, and a secondary not created", () => {
    const primary = byName(model, "sv-half-pair");
    const secondary = byName(model, "sv-half-pair-2");
    expect(primary).toMatchObject({ leg: "primary", statusClass: "waiting" });
    expect(secondary).toMatchObject({ leg: "secondary", status: "NOT CREATED", id: undefined });
    expect(primary.errors.join()).toMatch(/EQ-3142102.*creates only the missing secondary/);
    expect(model.endpoints.find((e) => e.id === secondary.from)!.label).toBe(
      "7f891d3b-9740-7400-bae0-30ac1885197a",
    );
  });

  it("draws a connection without secondary as a single leg", () => {
    const c = byName(model, "sv-single-leg");
    expect(c).toMatchObject({
      status: "PROVISIONED",
      statusClass: "up",
      speed: "1 Gbps",
      leg: undefined,
      errors: [],
    });
    expect(c.pair).toBeUndefined();
  });

  it("classes Console Connect requests: awaiting the partner, and in ERROR with its reason", () => {
    expect(byName(model, "HK-AWAITING-PARTNER")).toMatchObject({
      status: "PENDING",
      statusClass: "waiting",
      vlan: "VLAN 1000",
    });
    const failed = byName(model, "HK-IN-ERROR");
    expect(failed).toMatchObject({
      status: "ERROR",
      statusClass: "failed",
      detail: "The partner port has no free VLAN",
    });
    expect(failed.errors).toHaveLength(1);
  });

  it("lists the partially created resources", () => {
    expect(model.partial).toHaveLength(4);
    expect(statusCounts(model)).toEqual({ up: 1, waiting: 3, failed: 3, deleting: 0, other: 1 });
  });
});

describe("estateFromExport: the examples (recorded)", () => {
  it("Dot1Q to QinQ: the Z-side C-tags, and the secret authorization key never read", () => {
    const state = loadFixture("equinix-dot1q-to-qinq");
    const model = estateFromExport(state);
    expect(model.connections.map((c) => c.vlan)).toEqual([
      "VLAN 335 · Z C-tag 421",
      "VLAN 335 · Z C-tag 521",
    ]);
    const text = JSON.stringify(model);
    const secret = resourceOf(state, "equinix:L2Connection").outputs!.authorizationKey.ciphertext;
    expect(text).not.toContain(secret);
    expect(text).not.toContain("ciphertext");
  });

  it("QinQ to QinQ: S-tags on QinQ ports", () => {
    const model = estateFromExport(loadFixture("equinix-qinq-to-qinq"));
    expect(model.connections.map((c) => c.vlan)).toEqual(["S-tag 499", "S-tag 2456"]);
    expect(model.endpoints.find((e) => e.kind === "equinix-profile")!.details).toEqual([
      "QinQ profile",
      "metro SE",
      "region us-sv",
    ]);
  });

  it("Azure on Fabric v4: one pair, Microsoft's side of each leg with the peering's C-tag", () => {
    const model = estateFromExport(loadFixture("equinix-azure"));
    const [primary, secondary] = model.connections;
    expect(model.connections.map((c) => c.vlan)).toEqual([
      "VLAN 1402 · Z C-tag 300",
      "VLAN 1402 · Z C-tag 300",
    ]);
    expect(primary.zSide).toMatch(/^Z: port SV1-MSEE-PRI · S \d+ · C 300$/);
    expect(secondary.zSide).toMatch(/^Z: port SV5-MSEE-SEC · S \d+ · C 300$/);
    expect(primary.to).toBe(secondary.to);
    expect(model.endpoints.find((e) => e.id === primary.to)!.details).toEqual([
      "Azure ExpressRoute",
      "QinQ profile",
      "metro SV",
    ]);
    expect(model.pairs).toHaveLength(1);
  });

  it("Google on Fabric v4: each leg to its zone's profile, the secondary's settings kept secret", () => {
    const state = loadFixture("equinix-google");
    const model = estateFromExport(state);
    const [zone1, zone2] = model.connections;
    // Pulumi keeps secondaryConnection secret (its pairing key is): the leg's name and port come from Fabric.
    expect(resourceOf(state, "equinix:L2Connection").outputs!.secondaryConnection).toHaveProperty(
      "ciphertext",
    );
    expect(zone1).toMatchObject({ name: "sv-to-gcp", leg: "primary", statusClass: "up" });
    expect(zone2).toMatchObject({ name: "sv-to-gcp-2", leg: "secondary", statusClass: "up" });
    expect(zone2.vlan).toBe(`VLAN ${SECRET}`);
    expect(model.endpoints.find((e) => e.id === zone2.from)!.label).toBe(
      "7f891d3b-9740-7400-bae0-30ac1885197a",
    );
    const profiles = [zone1.to, zone2.to].map((id) => model.endpoints.find((e) => e.id === id)!);
    expect(profiles.map((p) => [p.label, p.details[0]])).toEqual([
      ["bd4570e2-d792-4a00-87f5-3bde040cdcd7", "Google Cloud Partner Interconnect Zone 1"],
      ["b97dacca-abe6-4e8c-8be1-fcdd1be1defe", "Google Cloud Partner Interconnect Zone 2"],
    ]);
    expect(profiles[0].details).toContain("region us-west1");
    expect(JSON.stringify(model)).not.toContain("ciphertext");
  });

  it("Console Connect port to port: the Z-side is your other port", () => {
    const model = estateFromExport(loadFixture("consoleconnect-port-to-port"));
    const [c] = model.connections;
    expect(c.vlan).toBe("VLAN 1000 → 2000");
    expect(model.endpoints.find((e) => e.id === c.to)).toMatchObject({
      kind: "consoleconnect-port",
      side: "z",
      role: "Your port (port to port)",
      label: "66c29b3c6dcad34e5b728c9d",
    });
  });

  it("Oracle FastConnect: the Z-side is Oracle, waiting for Support", () => {
    const model = estateFromExport(loadFixture("consoleconnect-oracle-fastconnect"));
    const [c] = model.connections;
    expect(c.statusClass).toBe("waiting");
    expect(model.endpoints.find((e) => e.id === c.to)).toMatchObject({ kind: "consoleconnect-oracle" });
  });

  it("OVHcloud L2: a PoP config and a datacenter config without subnets or ASNs", () => {
    const model = estateFromExport(loadFixture("ovh-l2"));
    expect(model.ovh.map((n) => n.kind)).toEqual(["vrack", "service", "pop", "datacenter"]);
    expect(model.ovh[2]).toMatchObject({ role: "PoP config · L2", details: ["interface 1234"] });
    expect(model.ovh[3].details).toEqual([]);
  });

  it("OVHcloud L3 with BGP: the session's neighbour and ASN", () => {
    const model = estateFromExport(loadFixture("ovh-l3-bgp"));
    const extra = model.ovh.find((n) => n.kind === "extra")!;
    expect(extra).toMatchObject({ role: "BGP session", details: ["neighbor 10.0.0.6", "AS 65010"] });
    expect(extra.parent).toBe(model.ovh.find((n) => n.kind === "datacenter")!.id);
  });
});

describe("estateFromExport: hand-made variants", () => {
  const demo = loadFixture("demo");
  const equinix = resourceOf(demo, "equinix:L2Connection");
  const cc = resourceOf(demo, "consoleconnect:Layer2Connection");
  const withResources = (...resources: any[]) => ({
    version: 3,
    deployment: { ...demo.deployment, resources: [...demo.deployment.resources.slice(0, 2), ...resources] },
  });

  it("counts resources of unknown types in a note, and never counts Pulumi's own", () => {
    const model = estateFromExport(
      withResources(
        {
          urn: "urn:pulumi:demo::p::aws:ec2/vpc:Vpc::main",
          type: "aws:ec2/vpc:Vpc",
          outputs: { cidrBlock: "10.0.0.0/16" },
        },
        { urn: "urn:pulumi:demo::p::aws:ec2/vpc:Vpc::other", type: "aws:ec2/vpc:Vpc" },
        {
          urn: "urn:pulumi:demo::p::pulumi-nodejs:dynamic:Resource::x",
          type: "pulumi-nodejs:dynamic:Resource",
        },
        { urn: "urn:pulumi:demo::p::pulumi:providers:aws::default", type: "pulumi:providers:aws" },
        equinix,
      ),
    );
    expect(model.ignored).toEqual({ "aws:ec2/vpc:Vpc": 2, "pulumi-nodejs:dynamic:Resource": 1 });
    expect(model.connections).toHaveLength(2);
  });

  it("draws a resource recorded with initErrors and no outputs at all", () => {
    const bare = {
      urn: equinix.urn.replace(/::sv-to-seller$/, "::half-made"),
      type: TYPES.equinixL2,
      initErrors: ["boom"],
    };
    const model = estateFromExport(withResources(bare));
    expect(model.connections).toEqual([
      expect.objectContaining({
        name: "half-made",
        status: "NOT CREATED",
        statusClass: "other",
        errors: ["boom"],
      }),
    ]);
    expect(model.endpoints.map((e) => e.label).sort()).toEqual(["port unknown", "profile unknown"]);
    expect(model.partial).toEqual([bare.urn]);
  });

  it("draws your port as a Z-side of its own when it is also the A-side of other connections", () => {
    const [a, b] = ["66c29b3c6dcad34e5b728c9c", "66c29b3c6dcad34e5b728c9d"];
    const model = estateFromExport(
      withResources(
        variant(cc, "p2p", { portId: a, destPortId: b, destCompany: "acme-networks" }),
        variant(cc, "from-b", { portId: b }),
      ),
    );
    const ends = model.endpoints.filter((e) => e.label === b).map((e) => e.side);
    expect(ends.sort()).toEqual(["a", "z"]);
  });

  it("tolerates missing and malformed outputs of every type", () => {
    const broken = [
      TYPES.consoleConnectL2,
      TYPES.ovhVrackLink,
      TYPES.ovhPop,
      TYPES.ovhDatacenter,
      TYPES.ovhExtra,
    ].map((type, i) => ({
      urn: `urn:pulumi:demo::p::${type}::r${i}`,
      type,
      outputs: i % 2 ? null : { status: 42, name: [] },
    }));
    const model = estateFromExport(withResources(...broken, { type: 7 }, null, "nonsense"));
    expect(model.connections).toHaveLength(1);
    expect(model.ovh.length).toBeGreaterThan(0);
    for (const n of model.ovh) expect(n.label).toBeTruthy();
  });

  it("shows values Pulumi marks as secret as [secret], wherever they are", () => {
    const secret = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: "v1:abc",
    };
    const decrypted = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      plaintext: '"hunter2"',
    };
    const model = estateFromExport(
      withResources(
        variant(equinix, "secret-name", { name: secret, vlanSTag: decrypted, secondary: secret }),
        variant(cc, "secret-port", { portId: decrypted, status: secret }),
      ),
    );
    const [primary, secondary, c] = model.connections;
    expect(primary.name).toBe(SECRET);
    expect(primary.vlan).toBe(`VLAN ${SECRET}`);
    expect(secondary.status).toBe(SECRET);
    expect(c.status).toBe(SECRET);
    expect(c.statusClass).toBe("other");
    expect(model.endpoints.find((e) => e.id === c.from)!.label).toBe(SECRET);
    const text = JSON.stringify(model);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("v1:abc");
  });

  it("reads the Fabric v4 outputs when present: state, provider status, the seller's end per leg", () => {
    const v4 = variant(equinix, "v4-pair", {
      apiVersion: "v4",
      status: "PROVISIONING",
      state: "PENDING",
      providerStatus: "PENDING_APPROVAL",
      zSide: { portName: "SELLER-SV-1", portUuid: "c0ffee00-0000-4000-8000-000000000001", vlanTag: 3001 },
      secondary: {
        uuid: "c0ffee00-0000-4000-8000-000000000002",
        status: "PROVISIONED",
        state: "ACTIVE",
        providerStatus: "AVAILABLE",
        redundancyGroup: "g-1",
        zSide: { portUuid: "c0ffee00-0000-4000-8000-000000000003", vlanSTag: 30, vlanCTag: 3002 },
      },
    });
    const model = estateFromExport(withResources(v4));
    const [primary, secondary] = model.connections;
    expect(primary).toMatchObject({ status: "PROVISIONING", statusClass: "waiting" });
    expect(primary.detail).toBe("state PENDING · seller PENDING_APPROVAL");
    expect(primary.zSide).toBe("Z: port SELLER-SV-1 · VLAN 3001");
    expect(primary.ids).toContainEqual(["API", "v4"]);
    expect(primary.ids).toContainEqual(["Z-side port", "SELLER-SV-1 (c0ffee00-0000-4000-8000-000000000001)"]);
    expect(secondary).toMatchObject({ statusClass: "up", zSide: "Z: port c0ffee00… · S 30 · C 3002" });
    expect(secondary.detail).toBe("state ACTIVE · seller AVAILABLE");
    expect(secondary.ids).toContainEqual(["Redundancy group", "g-1"]);
  });

  it("takes the v4 state over the v3 status for the class", () => {
    const model = estateFromExport(
      withResources(
        variant(equinix, "x", {
          status: undefined,
          state: "ACTIVE",
          secondary: undefined,
          secondaryConnection: undefined,
        }),
      ),
    );
    expect(model.connections[0]).toMatchObject({ status: "ACTIVE", statusClass: "up" });
    expect(model.connections[0].detail).toBe("seller AVAILABLE");
  });

  it("classes a replaced resource awaiting deletion (delete: true) as being deleted", () => {
    const old = { ...variant(cc, "old", { status: "ACTIVE" }), delete: true };
    const model = estateFromExport(withResources(old));
    expect(model.connections[0]).toMatchObject({
      statusClass: "deleting",
      status: "ACTIVE (replaced, deleting)",
    });
  });

  it("links OVHcloud configurations whatever the order of the export, with placeholders for missing parents", () => {
    const ovh = demo.deployment.resources.filter((r) => r.type.includes("/ovh:")).reverse();
    const model = estateFromExport(withResources(...ovh));
    expect(model.ovh.find((n) => n.kind === "extra")!.parent).toBe(
      model.ovh.find((n) => n.kind === "datacenter")!.id,
    );
    const orphan = estateFromExport(
      withResources(...ovh.filter((r) => r.type.endsWith("DatacenterExtraConfig"))),
    );
    const placeholder = orphan.ovh.find((n) => n.kind === "datacenter")!;
    expect(placeholder).toMatchObject({ label: "config 500", details: ["not in this stack"] });
    expect(placeholder.resource).toBeUndefined();
    const pop = orphan.ovh.find((n) => n.kind === "pop")!;
    expect(pop).toMatchObject({ label: "PoP config 1000", details: ["not in this stack"] });
    expect(placeholder.parent).toBe(pop.id);
    expect(pop.parent).toBe(orphan.ovh.find((n) => n.kind === "service")!.id);
  });

  it("drops decrypted plaintexts (what --show-secrets adds) and keeps the secret markers", () => {
    const sig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
    const shown = {
      deployment: {
        resources: [{ outputs: { key: { ...sig, plaintext: '"hunter2"' }, n: [1, { a: "b" }] } }],
      },
    };
    expect(redactSecrets(shown)).toEqual({
      deployment: { resources: [{ outputs: { key: sig, n: [1, { a: "b" }] } }] },
    });
  });

  it("accepts the deployment without its envelope, and empty or foreign documents", () => {
    expect(estateFromExport(demo.deployment).connections).toHaveLength(3);
    for (const nothing of [
      undefined,
      null,
      42,
      "x",
      {},
      { deployment: {} },
      { deployment: { resources: "no" } },
    ])
      expect(estateFromExport(nothing)).toMatchObject({ connections: [], ovh: [], endpoints: [] });
  });
});

describe("a generated estate of 200 connections", () => {
  it("has 200 connections, pairs among them, every status class, from recorded shapes", () => {
    const model = estateFromExport(generateEstate(200));
    expect(model.connections).toHaveLength(200);
    expect(model.pairs.length).toBeGreaterThan(30);
    const counts = statusCounts(model);
    for (const cls of ["up", "waiting", "failed", "deleting"] as const)
      expect(counts[cls]).toBeGreaterThan(0);
    expect(new Set(model.connections.map((c) => c.key)).size).toBe(200);
  });
});

describe("status classes", () => {
  it("Equinix (v3 status, v4 state)", () => {
    const cases: [string, string][] = [
      ["PROVISIONED", "up"],
      ["ACTIVE", "up"],
      ["PENDING_APPROVAL", "waiting"],
      ["PROVISIONING", "waiting"],
      ["PENDING_BGP_PEERING", "waiting"],
      ["PENDING", "waiting"],
      ["REJECTED", "failed"],
      ["FAILED", "failed"],
      ["NOT_PROVISIONED", "failed"],
      ["AUTO_APPROVAL_FAILED", "failed"],
      ["DEPROVISIONING", "deleting"],
      ["PENDING_DELETE", "deleting"],
      ["DEPROVISIONED", "deleting"],
      ["SOMETHING_NEW", "other"],
      ["", "other"],
    ];
    for (const [status, cls] of cases) expect(equinixStatusClass(status), status).toBe(cls);
  });

  it("Console Connect", () => {
    const cases: [string, string][] = [
      ["ACTIVE", "up"],
      ...["CREATING", "PENDING", "PENDING_ACCEPTANCE", "ACCEPTED", "ACTIVATING", "MANUAL"].map(
        (s): [string, string] => [s, "waiting"],
      ),
      ...["DENIED", "CANCELLED", "ERROR"].map((s): [string, string] => [s, "failed"]),
      ...["DELETING", "DISABLING", "DISABLED"].map((s): [string, string] => [s, "deleting"]),
      ["WHATEVER", "other"],
    ];
    for (const [status, cls] of cases) expect(consoleConnectStatusClass(status), status).toBe(cls);
  });

  it("OVHcloud", () => {
    expect(["active", "linked", "init", "linking", "toDelete", "error", "?"].map(ovhStatusClass)).toEqual([
      "up",
      "up",
      "waiting",
      "waiting",
      "deleting",
      "failed",
      "other",
    ]);
  });

  it("speeds", () => {
    expect(formatSpeed("200", "MB")).toBe("200 Mbps");
    expect(formatSpeed("10", "GB")).toBe("10 Gbps");
    expect(formatSpeed("10000", "MB")).toBe("10 Gbps");
    expect(formatSpeed(undefined, "MB")).toBe("speed unknown");
    expect(formatSpeed(SECRET, "MB")).toBe(SECRET);
  });
});
