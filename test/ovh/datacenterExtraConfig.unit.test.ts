import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { createRequest } from "../../provider/ovh/datacenterExtraConfig/model";
import { datacenterExtraConfigProvider } from "../../provider/ovh/datacenterExtraConfig/provider";
import { datacenterExtraConfigInputSchema } from "../../provider/ovh/datacenterExtraConfig/schema";
import { Inputs, RuleCase, differ, failures, itRejects, itReplaces } from "./unit";

const SERVICE = "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";
const parent = { serviceName: SERVICE, popId: 1000, datacenterConfigId: 500 };

/** terraform's fixture: a static route to 192.168.2.0/24 through 10.0.0.5, in the datacenter's 10.0.0.0/28. */
const route = (): Inputs => ({
  ...parent,
  type: "network",
  nextHop: "10.0.0.5",
  subnet: "192.168.2.0/24",
  datacenterSubnet: "10.0.0.0/28",
});
const session = (): Inputs => ({
  ...parent,
  type: "bgp",
  bgpNeighborArea: 65010,
  bgpNeighborIp: "10.0.0.6",
  datacenterSubnet: "10.0.0.0/28",
});

describe("check", () => {
  it("accepts a static route and a BGP session, with or without datacenterSubnet", async () => {
    for (const inputs of [route(), session(), { ...route(), datacenterSubnet: undefined }])
      expect(await failures(datacenterExtraConfigProvider, inputs)).toEqual([]);
  });

  const cases: RuleCase[] = [
    ["an unknown type", (v) => (v.type = "static"), "type", /"network" \(a static route\) or "bgp"/],
    ["a static route without nextHop", (v) => delete v.nextHop, "nextHop", /required for a static route/],
    ["a static route without subnet", (v) => delete v.subnet, "subnet", /required for a static route/],
    ["a malformed nextHop", (v) => (v.nextHop = "10.0.0"), "nextHop", /IPv4 address/],
    ["a route subnet with host bits", (v) => (v.subnet = "192.168.2.1/24"), "subnet", /network address/],
    [
      "BGP fields on a static route",
      (v) => (v.bgpNeighborArea = 65010),
      "bgpNeighborArea",
      /must not be set on a static route/,
    ],
    [
      "a nextHop outside the datacenter subnet",
      (v) => (v.nextHop = "10.0.1.5"),
      "nextHop",
      /inside the datacenter subnet 10\.0\.0\.0\/28/,
    ],
    [
      "the network address as nextHop",
      (v) => (v.nextHop = "10.0.0.0"),
      "nextHop",
      /must not be the network address/,
    ],
    ["OVHcloud's VRRP gateway as nextHop", (v) => (v.nextHop = "10.0.0.1"), "nextHop", /VRRP gateway/],
    ["OVHcloud's router as nextHop", (v) => (v.nextHop = "10.0.0.3"), "nextHop", /router B/],
    ["the broadcast address as nextHop", (v) => (v.nextHop = "10.0.0.15"), "nextHop", /broadcast address/],
    ["a malformed datacenterSubnet", (v) => (v.datacenterSubnet = "10.0.0.0"), "datacenterSubnet", /CIDR/],
  ];
  itRejects(datacenterExtraConfigProvider, route, cases);

  const bgpCases: RuleCase[] = [
    [
      "a BGP session without neighbour ASN",
      (v) => delete v.bgpNeighborArea,
      "bgpNeighborArea",
      /required for a BGP session/,
    ],
    [
      "a BGP session without neighbour address",
      (v) => delete v.bgpNeighborIp,
      "bgpNeighborIp",
      /required for a BGP session/,
    ],
    [
      "static-route fields on a BGP session",
      (v) => (v.nextHop = "10.0.0.5"),
      "nextHop",
      /must not be set on a BGP session/,
    ],
    [
      "a neighbour outside the datacenter subnet",
      (v) => (v.bgpNeighborIp = "192.168.0.6"),
      "bgpNeighborIp",
      /inside the datacenter subnet/,
    ],
    ["OVHcloud's router A as neighbour", (v) => (v.bgpNeighborIp = "10.0.0.2"), "bgpNeighborIp", /router A/],
    ["a neighbour ASN of 0", (v) => (v.bgpNeighborArea = 0), "bgpNeighborArea", /BGP AS number/],
  ];
  itRejects(datacenterExtraConfigProvider, session, bgpCases);

  describe("during preview (unknown values)", () => {
    it("places the addresses while the parent ids are unknown", async () => {
      const found = await failures(datacenterExtraConfigProvider, {
        ...route(),
        popId: UNKNOWN,
        datacenterConfigId: UNKNOWN,
        nextHop: "10.0.9.5",
      });
      expect(found.map((f) => f.property)).toEqual(["nextHop"]);
    });
    it("skips the address rule while datacenterSubnet is unknown", async () => {
      const inputs = { ...route(), nextHop: "10.0.9.5", datacenterSubnet: UNKNOWN };
      expect(await failures(datacenterExtraConfigProvider, inputs)).toEqual([]);
    });
  });
});

describe("diff", () => {
  const olds = () => ({ ...route(), extraId: 9000, status: "active", taskId: 100002 });
  const diff = differ(datacenterExtraConfigProvider, olds);

  it("reports no change for the same inputs", async () => {
    expect((await diff(route())).changes).toBe(false);
  });
  it("changes datacenterSubnet and timeouts in place: nothing is sent for them", async () => {
    expect(await diff({ ...route(), datacenterSubnet: undefined, timeouts: { create: "1h" } })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  // The same route through another next hop would clash with the old one: delete it first.
  itReplaces(diff, route, [["next hop", { nextHop: "10.0.0.7" }, "nextHop"]], true);
  // A static route cannot coexist with a BGP session: delete it first.
  itReplaces(
    diff,
    route,
    [["type (static route → BGP session)", { ...session(), nextHop: undefined }, "type"]],
    true,
  );
  // Another route can be created before the old one goes.
  itReplaces(diff, route, [["route subnet", { subnet: "192.168.3.0/24" }, "subnet"]], false);
  itReplaces(
    diff,
    route,
    [["parent datacenter config", { datacenterConfigId: UNKNOWN }, "datacenterConfigId"]],
    true,
  );
});

describe("create request body", () => {
  it("sends the static route's fields, never datacenterSubnet", () => {
    expect(createRequest(datacenterExtraConfigInputSchema.parse(route()))).toStrictEqual({
      type: "network",
      nextHop: "10.0.0.5",
      subnet: "192.168.2.0/24",
    });
  });
  it("sends the BGP session's fields", () => {
    expect(createRequest(datacenterExtraConfigInputSchema.parse(session()))).toStrictEqual({
      type: "bgp",
      bgpNeighborArea: 65010,
      bgpNeighborIp: "10.0.0.6",
    });
  });
});
