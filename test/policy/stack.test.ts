import { describe, expect, it } from "vitest";
import { extraWithinSubnet, noOverlap, staticOrBgp, uniqueVlan } from "../../policy/policies";
import {
  EQUINIX_L2_CONNECTION,
  OVH_DATACENTER_CONFIG,
  OVH_DATACENTER_EXTRA_CONFIG,
} from "../../policy/types";
import { bgpSession, consoleConnect, datacenter, equinix, pop, SERVICE, staticRoute } from "./fixtures";
import { NOT_KNOWN_YET, runStackPolicy, UNKNOWN_VALUE, urnOf } from "./harness";

const extraUrn = (name: string) => urnOf(OVH_DATACENTER_EXTRA_CONFIG, name);
const dcUrn = (name: string) => urnOf(OVH_DATACENTER_CONFIG, name);

/** A datacenter config and an extra created in the same update: ids unknown, related by the engine. */
function previewPair(extra = staticRoute("route", { datacenterConfigId: UNKNOWN_VALUE })) {
  return [
    datacenter("dc", { configId: UNKNOWN_VALUE }),
    { ...extra, propertyDependencies: { datacenterConfigId: ["dc"] } },
  ];
}

describe("ovh-extra-within-datacenter-subnet", () => {
  it("passes a next hop and a BGP neighbour inside their datacenter subnet", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc"),
      staticRoute("route"),
      bgpSession("bgp", { bgpNeighborIp: "10.0.0.14" }),
      pop("pop"),
    ]);
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
  });

  it("reports a next hop outside the subnet, on the extra, with a free address", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc"),
      staticRoute("route", { nextHop: "10.0.1.5" }),
    ]);
    expect(out.violations).toEqual([
      {
        message:
          "OVHcloud Connect datacenter extra config 'route': nextHop 10.0.1.5 is outside subnet 10.0.0.0/28 of " +
          "OVHcloud Connect datacenter config 'dc'; the static route's next hop must be on that subnet. Set nextHop " +
          "to a free address of 10.0.0.0/28 such as 10.0.0.4.",
        urn: extraUrn("route"),
        enforcementLevel: "mandatory",
      },
    ]);
  });

  it("reports a BGP neighbour on a reserved address or the broadcast address", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc"),
      bgpSession("gw", { bgpNeighborIp: "10.0.0.1" }),
      bgpSession("bcast", { bgpNeighborIp: "10.0.0.15" }),
    ]);
    expect(out.violations.map((v) => [v.urn, v.message])).toEqual([
      [
        extraUrn("gw"),
        expect.stringContaining("bgpNeighborIp 10.0.0.1 is reserved (host offsets 0, 1, 2, 3"),
      ],
      [extraUrn("bcast"), expect.stringContaining("bgpNeighborIp 10.0.0.15 is the broadcast address")],
    ]);
  });

  it("reports a malformed address, and an extra whose datacenter config has no subnet", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc", { subnet: undefined }),
      staticRoute("route"),
      bgpSession("bgp", { bgpNeighborIp: "10.0.0.300" }),
    ]);
    expect(out.violations.map((v) => v.message)).toEqual([
      expect.stringContaining(
        "has no subnet. Set subnet (a /28 or larger) on OVHcloud Connect datacenter config 'dc'",
      ),
      expect.stringContaining('bgpNeighborIp is "10.0.0.300", which is not an IPv4 address'),
    ]);
  });

  it("matches extras to datacenter configs by serviceName, popId and id", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc-a", { subnet: "10.0.0.0/28", configId: 501 }),
      datacenter("dc-b", { subnet: "10.0.1.0/28", configId: 502 }),
      datacenter("other-pop", { subnet: "10.0.2.0/28", configId: 502, popId: 78 }),
      staticRoute("route-b", { datacenterConfigId: 502, nextHop: "10.0.1.4" }),
      staticRoute("route-external", { datacenterConfigId: 999, nextHop: "192.0.2.1" }),
    ]);
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
  });

  it("relates extras through propertyDependencies or dependencies when ids are unknown (preview)", async () => {
    const good = await runStackPolicy(extraWithinSubnet, previewPair());
    expect(good.violations).toEqual([]);
    expect(good.advisories).toEqual([]);
    const bad = await runStackPolicy(
      extraWithinSubnet,
      previewPair(staticRoute("route", { datacenterConfigId: UNKNOWN_VALUE, nextHop: "10.9.9.9" })),
    );
    expect(bad.violations.map((v) => v.urn)).toEqual([extraUrn("route")]);
    const viaDependsOn = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc", { configId: UNKNOWN_VALUE }),
      datacenter("elsewhere", { configId: UNKNOWN_VALUE, serviceName: "another-service" }),
      {
        ...staticRoute("route", { datacenterConfigId: UNKNOWN_VALUE, nextHop: "10.9.9.9" }),
        dependencies: ["dc", "elsewhere"],
      },
    ]);
    expect(viaDependsOn.violations.map((v) => v.urn)).toEqual([extraUrn("route")]);
  });

  it("config: reservedHostOffsets and excludeBroadcast change the outcome", async () => {
    const stack = [datacenter("dc"), bgpSession("bgp", { bgpNeighborIp: "10.0.0.4" })];
    expect((await runStackPolicy(extraWithinSubnet, stack)).violations).toEqual([]);
    const out = await runStackPolicy(extraWithinSubnet, stack, { reservedHostOffsets: [0, 1, 2, 3, 4, 5] });
    expect(out.violations[0].message).toContain("Set bgpNeighborIp to a free host address such as 10.0.0.6.");
    const bcast = [datacenter("dc"), bgpSession("bgp", { bgpNeighborIp: "10.0.0.15" })];
    expect((await runStackPolicy(extraWithinSubnet, bcast, { excludeBroadcast: false })).violations).toEqual(
      [],
    );
  });

  it("unknown addresses, subnets or relations: advisory, decidable extras still checked", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [
      datacenter("dc"),
      datacenter("dc-new", { configId: UNKNOWN_VALUE, subnet: UNKNOWN_VALUE }),
      staticRoute("hop-unknown", { nextHop: UNKNOWN_VALUE }),
      staticRoute("orphan", { datacenterConfigId: UNKNOWN_VALUE }),
      {
        ...bgpSession("on-new", { datacenterConfigId: UNKNOWN_VALUE }),
        propertyDependencies: { datacenterConfigId: ["dc-new"] },
      },
      staticRoute("bad", { nextHop: "10.0.5.5" }),
    ]);
    expect(out.violations.map((v) => v.urn)).toEqual([extraUrn("bad")]);
    expect(out.advisories).toHaveLength(1);
    expect(out.advisories[0]).toContain("OVHcloud Connect datacenter extra config 'hop-unknown' nextHop");
    expect(out.advisories[0]).toContain("'orphan' datacenter config (datacenterConfigId)");
    expect(out.advisories[0]).toContain("OVHcloud Connect datacenter config 'dc-new' subnet");
    expect(out.advisories[0]).toContain(NOT_KNOWN_YET);
  });

  it("is not applicable without extras", async () => {
    const out = await runStackPolicy(extraWithinSubnet, [datacenter("dc")]);
    expect(out.notApplicable).toContain("no OVHcloud Connect datacenter extra configs");
  });
});

describe("ovh-datacenter-static-or-bgp", () => {
  it("passes static routes on one datacenter config and BGP on another", async () => {
    const out = await runStackPolicy(staticOrBgp, [
      datacenter("dc-a"),
      datacenter("dc-b", { configId: 502, subnet: "10.0.1.0/28" }),
      staticRoute("route"),
      staticRoute("route2", { subnet: "192.168.3.0/24" }),
      bgpSession("bgp", { datacenterConfigId: 502, bgpNeighborIp: "10.0.1.4" }),
    ]);
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
  });

  it("reports a datacenter config with both, on the datacenter config", async () => {
    const out = await runStackPolicy(staticOrBgp, [
      datacenter("dc"),
      staticRoute("route"),
      bgpSession("bgp"),
    ]);
    expect(out.violations).toEqual([
      {
        message:
          "OVHcloud Connect datacenter config 'dc' has both a static route (extra 'route') and a BGP session " +
          "(extra 'bgp'); OVHcloud Connect allows only one kind per datacenter config. Remove the static route " +
          "extra(s) and announce those prefixes over BGP, or remove the BGP extra(s).",
        urn: dcUrn("dc"),
        enforcementLevel: "mandatory",
      },
    ]);
  });

  it("reports both kinds on a datacenter config outside the stack, on an extra", async () => {
    const out = await runStackPolicy(staticOrBgp, [
      staticRoute("route", { datacenterConfigId: 900 }),
      bgpSession("bgp", { datacenterConfigId: 900 }),
    ]);
    expect(out.violations.map((v) => [v.urn, v.message])).toEqual([
      [extraUrn("route"), expect.stringMatching(new RegExp(`^datacenter config ${SERVICE}/77/900 has both`))],
    ]);
  });

  it("relates extras through propertyDependencies in preview", async () => {
    const out = await runStackPolicy(staticOrBgp, [
      datacenter("dc", { configId: UNKNOWN_VALUE }),
      {
        ...staticRoute("route", { datacenterConfigId: UNKNOWN_VALUE }),
        propertyDependencies: { datacenterConfigId: ["dc"] },
      },
      { ...bgpSession("bgp", { datacenterConfigId: UNKNOWN_VALUE }), dependencies: ["dc"] },
    ]);
    expect(out.violations.map((v) => v.urn)).toEqual([dcUrn("dc")]);
    expect(out.advisories).toEqual([]);
  });

  it("config: maxBgpSessions changes the outcome", async () => {
    const stack = [
      datacenter("dc"),
      bgpSession("b1"),
      bgpSession("b2", { bgpNeighborIp: "10.0.0.7" }),
      bgpSession("b3", { bgpNeighborIp: "10.0.0.8" }),
    ];
    expect((await runStackPolicy(staticOrBgp, stack)).violations).toEqual([]);
    const out = await runStackPolicy(staticOrBgp, stack, { maxBgpSessions: 2 });
    expect(out.violations[0].message).toContain(
      "has 3 BGP sessions (extra 'b1', 'b2', 'b3'); at most 2 are allowed",
    );
  });

  it("unknown types or relations: advisory, no violation", async () => {
    const out = await runStackPolicy(staticOrBgp, [
      datacenter("dc"),
      staticRoute("route"),
      bgpSession("bgp", { type: UNKNOWN_VALUE }),
      bgpSession("floating", { datacenterConfigId: UNKNOWN_VALUE }),
    ]);
    expect(out.violations).toEqual([]);
    expect(out.advisories[0]).toContain("'bgp' type");
    expect(out.advisories[0]).toContain("'floating' datacenter config");
    expect(out.advisories[0]).toContain("could not check yet");
  });
});

describe("interconnect-unique-vlan", () => {
  it("passes distinct tags, distinct ports and different vendors", async () => {
    const out = await runStackPolicy(uniqueVlan, [
      equinix("e1"),
      equinix("e2", { vlanSTag: 101, secondaryConnection: { name: "s", portUuid: "port-b", vlanSTag: 101 } }),
      equinix("e3", {
        portUuid: "port-c",
        secondaryConnection: { name: "s", portUuid: "port-d", vlanSTag: 100 },
      }),
      consoleConnect("c1"),
      consoleConnect("c2", { srcVlanRequest: 201, destVlanRequest: 301 }),
      consoleConnect("same-id-other-vendor", { portId: "port-a", srcVlanRequest: 100, destVlanRequest: 302 }),
      consoleConnect("auto-vlan", { srcVlanRequest: undefined, destVlanRequest: undefined }),
      pop("pop"),
    ]);
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
  });

  it("reports two Equinix connections on one port with the same tags, primary and secondary", async () => {
    const out = await runStackPolicy(uniqueVlan, [
      equinix("e1"),
      equinix("e2", {
        portUuid: "port-c",
        secondaryConnection: { name: "s", portUuid: "port-b", vlanSTag: 100 },
      }),
    ]);
    expect(out.violations).toEqual([
      {
        message:
          "Equinix L2 connection 'e2' (secondary) uses S-tag 100 on port \"port-b\", which Equinix L2 connection " +
          "'e1' (secondary) already uses (S-tag 100). Two connections on one port need different VLAN tags: change " +
          "secondaryConnection.vlanSTag/secondaryConnection.vlanCTag of 'e2' to a free VLAN.",
        urn: urnOf(EQUINIX_L2_CONNECTION, "e2"),
        enforcementLevel: "mandatory",
      },
    ]);
  });

  it("reports a secondary that defaults to the primary's port with the same tag", async () => {
    const out = await runStackPolicy(uniqueVlan, [
      equinix("e", { secondaryConnection: { name: "s", vlanSTag: 100 } }),
    ]);
    expect(out.violations[0].message).toMatch(
      /^Equinix L2 connection 'e' \(secondary\) uses S-tag 100 .* 'e' already/,
    );
  });

  it("reports Console Connect source and destination collisions", async () => {
    const out = await runStackPolicy(uniqueVlan, [
      consoleConnect("c1"),
      consoleConnect("c2", { srcVlanRequest: 200, destVlanRequest: 301 }),
      consoleConnect("c3", { portId: "cc-port-2", srcVlanRequest: 5, destVlanRequest: 300 }),
    ]);
    expect(out.violations.map((v) => [v.urn?.split("::").pop(), v.message.split(",")[0]])).toEqual([
      ["c2", "Console Connect L2 connection 'c2' (source side) uses S-tag 200 on port \"cc-port-1\""],
      ["c3", "Console Connect L2 connection 'c3' (destination side) uses S-tag 300 on port \"cc-port-9\""],
    ]);
  });

  it("config: missingCTagMatchesAll decides whether an S-tag-only connection collides with a QinQ one", async () => {
    const stack = [
      equinix("tunnel", { secondaryConnection: undefined }),
      equinix("qinq", { vlanCTag: 7, secondaryConnection: undefined }),
      equinix("qinq2", { vlanCTag: 8, secondaryConnection: undefined }),
    ];
    expect((await runStackPolicy(uniqueVlan, stack)).violations).toHaveLength(2);
    expect((await runStackPolicy(uniqueVlan, stack, { missingCTagMatchesAll: false })).violations).toEqual(
      [],
    );
    const same = [...stack, equinix("qinq-dup", { vlanCTag: "8", secondaryConnection: undefined })];
    const out = await runStackPolicy(uniqueVlan, same, { missingCTagMatchesAll: false });
    expect(out.violations.map((v) => v.message)).toEqual([expect.stringContaining("S-tag 100/C-tag 8")]);
  });

  it("unknown ports or tags: advisory, the known ones are still compared", async () => {
    const out = await runStackPolicy(uniqueVlan, [
      equinix("e1"),
      equinix("e2", { portUuid: UNKNOWN_VALUE, secondaryConnection: undefined }),
      equinix("e3", { vlanSTag: UNKNOWN_VALUE, secondaryConnection: UNKNOWN_VALUE }),
      consoleConnect("c1"),
      consoleConnect("c2", { destVlanRequest: UNKNOWN_VALUE }),
    ]);
    expect(out.violations.map((v) => v.urn?.split("::").pop())).toEqual(["c2"]);
    expect(out.advisories).toHaveLength(1);
    expect(out.advisories[0]).toContain("Equinix L2 connection 'e2' portUuid");
    expect(out.advisories[0]).toContain("Equinix L2 connection 'e3' vlanSTag");
    expect(out.advisories[0]).toContain("Equinix L2 connection 'e3' secondaryConnection");
    expect(out.advisories[0]).toContain("Console Connect L2 connection 'c2' destVlanRequest");
  });

  it("is not applicable without connections", async () => {
    expect((await runStackPolicy(uniqueVlan, [pop("pop")])).notApplicable).toBeDefined();
  });
});

describe("ovh-no-overlapping-subnets", () => {
  it("passes disjoint PoP, datacenter and static route subnets", async () => {
    const out = await runStackPolicy(noOverlap, [
      pop("pop"),
      datacenter("dc"),
      datacenter("dc2", { subnet: "10.0.0.16/28", configId: 502 }),
      staticRoute("route"),
      bgpSession("bgp"),
      pop("l2", { type: "l2", subnet: undefined }),
      equinix("not-ovh"),
    ]);
    expect(out.violations).toEqual([]);
    expect(out.advisories).toEqual([]);
  });

  it("reports overlaps across PoP, datacenter and static route subnets, on the later resource", async () => {
    const out = await runStackPolicy(noOverlap, [
      pop("pop", { subnet: "10.0.0.4/30" }),
      datacenter("dc"),
      staticRoute("route", { subnet: "10.0.0.0/16" }),
    ]);
    expect(out.violations.map((v) => [v.urn?.split("::").pop(), v.message])).toEqual([
      [
        "dc",
        "OVHcloud Connect datacenter config 'dc': subnet 10.0.0.0/28 overlaps subnet 10.0.0.4/30 of OVHcloud " +
          "Connect PoP config 'pop'. OVHcloud Connect routes each block to one place; change subnet to a block " +
          "that does not overlap any other.",
      ],
      ["route", expect.stringContaining("static route subnet 10.0.0.0/16 overlaps subnet 10.0.0.4/30")],
    ]);
  });

  it("config: includeStaticRoutes and scope change the outcome", async () => {
    const routes = [datacenter("dc"), staticRoute("route", { subnet: "10.0.0.0/24" })];
    expect((await runStackPolicy(noOverlap, routes)).violations).toHaveLength(1);
    expect((await runStackPolicy(noOverlap, routes, { includeStaticRoutes: false })).violations).toEqual([]);

    const services = [datacenter("dc"), datacenter("dc-other", { serviceName: "other-occ" })];
    expect((await runStackPolicy(noOverlap, services)).violations).toHaveLength(1);
    expect((await runStackPolicy(noOverlap, services, { scope: "service" })).violations).toEqual([]);
  });

  it("unknown subnets or services: advisory, the known ones are still compared", async () => {
    const out = await runStackPolicy(noOverlap, [
      datacenter("dc"),
      datacenter("dc-unknown", { subnet: UNKNOWN_VALUE }),
      staticRoute("route", { type: UNKNOWN_VALUE }),
      pop("pop", { subnet: "10.0.0.8/30" }),
    ]);
    expect(out.violations.map((v) => v.urn?.split("::").pop())).toEqual(["pop"]);
    expect(out.advisories[0]).toContain("'dc-unknown' subnet");
    expect(out.advisories[0]).toContain("'route' type");
    const scoped = await runStackPolicy(
      noOverlap,
      [datacenter("dc"), datacenter("dc2", { serviceName: UNKNOWN_VALUE })],
      { scope: "service" },
    );
    expect(scoped.violations).toEqual([]);
    expect(scoped.advisories[0]).toContain("'dc2' serviceName");
  });
});
