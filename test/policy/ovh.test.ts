import { describe, expect, it } from "vitest";
import { datacenterSubnet, popSubnet, privateAsn } from "../../policy/policies";
import { bgpSession, datacenter, equinix, pop, staticRoute } from "./fixtures";
import { NOT_KNOWN_YET, runResourcePolicy, UNKNOWN_VALUE } from "./harness";

describe("ovh-private-bgp-asn", () => {
  it("passes private ASNs on PoP, datacenter and BGP extra configs, and none on L2 / static routes", async () => {
    for (const resource of [
      pop("pop"),
      pop("pop4", { customerBgpArea: 4200000000, ovhBgpArea: 4294967294 }),
      pop("l2", { type: "l2", customerBgpArea: undefined, ovhBgpArea: undefined, subnet: undefined }),
      datacenter("dc"),
      datacenter("dc-auto", { ovhBgpArea: undefined }),
      bgpSession("bgp"),
      staticRoute("route"),
    ]) {
      const out = await runResourcePolicy(privateAsn, resource);
      expect(out.violations, resource.name).toEqual([]);
      expect(out.advisories, resource.name).toEqual([]);
    }
  });

  it("reports public and out-of-range ASNs with the private ranges", async () => {
    const out = await runResourcePolicy(
      privateAsn,
      pop("pop", { customerBgpArea: 15169, ovhBgpArea: 65535 }),
    );
    expect(out.violations.map((v) => v.message)).toEqual([
      "customerBgpArea 15169 is not a private ASN. OVHcloud Connect BGP peerings must use ASNs in " +
        "64512–65534 or 4200000000–4294967294. Set customerBgpArea to one of those (e.g. 64512).",
      expect.stringContaining("ovhBgpArea 65535 is not a private ASN"),
    ]);
    const dc = await runResourcePolicy(privateAsn, datacenter("dc", { ovhBgpArea: 16276 }));
    expect(dc.violations[0].message).toContain("ovhBgpArea 16276 is not a private ASN");
    const extra = await runResourcePolicy(privateAsn, bgpSession("bgp", { bgpNeighborArea: 4294967295 }));
    expect(extra.violations[0].message).toContain("bgpNeighborArea 4294967295 is not a private ASN");
    const edge = await runResourcePolicy(privateAsn, bgpSession("bgp", { bgpNeighborArea: 64511 }));
    expect(edge.violations).toHaveLength(1);
  });

  it("reports values that are not AS numbers; accepts numeric strings", async () => {
    const out = await runResourcePolicy(
      privateAsn,
      pop("pop", { customerBgpArea: "AS65001", ovhBgpArea: "65002" }),
    );
    expect(out.violations.map((v) => v.message)).toEqual([
      expect.stringContaining('customerBgpArea is "AS65001", not an AS number'),
    ]);
  });

  it("config: allowedRanges changes the outcome", async () => {
    const fourByteOnly = { allowedRanges: [{ min: 4200000000, max: 4294967294 }] };
    const out = await runResourcePolicy(privateAsn, pop("pop"), fourByteOnly);
    expect(out.violations).toHaveLength(2);
    const publicAllowed = { allowedRanges: [{ min: 1, max: 4294967294 }] };
    expect(
      (await runResourcePolicy(privateAsn, datacenter("dc", { ovhBgpArea: 16276 }), publicAllowed))
        .violations,
    ).toEqual([]);
  });

  it("unknown ASNs, or L3 ASNs not set: advisory, no violation", async () => {
    const out = await runResourcePolicy(
      privateAsn,
      pop("pop", { customerBgpArea: UNKNOWN_VALUE, ovhBgpArea: 15169 }),
    );
    expect(out.violations.map((v) => v.message)).toEqual([expect.stringContaining("ovhBgpArea 15169")]);
    expect(out.advisories).toEqual([
      "can't run policy 'ovh-private-bgp-asn' from policy pack 'pulumi-interconnect@v0.2.0' during preview: " +
        "OVHcloud Connect PoP config 'pop': could not check yet: customerBgpArea is not known until apply; " +
        "checked again during `pulumi up`",
    ]);
    const missing = await runResourcePolicy(privateAsn, bgpSession("bgp", { bgpNeighborArea: undefined }));
    expect(missing.advisories[0]).toContain(`bgpNeighborArea (not set) is ${NOT_KNOWN_YET}`);
  });

  it("is not applicable outside OVHcloud Connect configs", async () => {
    expect((await runResourcePolicy(privateAsn, equinix("e"))).notApplicable).toBeDefined();
  });
});

describe("ovh-pop-subnet", () => {
  it("passes an L3 /30 and an L2 PoP without subnet", async () => {
    for (const resource of [
      pop("pop"),
      pop("l2", { type: "l2", subnet: undefined }),
      pop("L3", { type: "L3" }),
    ]) {
      const out = await runResourcePolicy(popSubnet, resource);
      expect(out.violations).toEqual([]);
      expect(out.advisories).toEqual([]);
    }
  });

  it("reports a subnet that is not a /30, not aligned, or not a CIDR", async () => {
    const wide = await runResourcePolicy(popSubnet, pop("pop", { subnet: "10.10.12.0/29" }));
    expect(wide.violations.map((v) => v.message)).toEqual([
      "subnet 10.10.12.0/29 is a /29; an L3 PoP config needs exactly a /30 (first address OVHcloud, second " +
        "address yours). Set subnet to a /30 such as 10.10.12.0/30.",
    ]);
    const host = await runResourcePolicy(popSubnet, pop("pop", { subnet: "10.10.12.1/30" }));
    expect(host.violations[0].message).toBe(
      "subnet 10.10.12.1/30 has host bits set. Set subnet to its network address, 10.10.12.0/30.",
    );
    const junk = await runResourcePolicy(popSubnet, pop("pop", { subnet: "10.10.12.0" }));
    expect(junk.violations[0].message).toContain(
      'subnet is "10.10.12.0", which is not an IPv4 block in CIDR form',
    );
  });

  it("config: prefixLength and requireNetworkAddress change the outcome", async () => {
    const resource = pop("pop", { subnet: "10.10.12.0/29" });
    expect((await runResourcePolicy(popSubnet, resource, { prefixLength: 29 })).violations).toEqual([]);
    const host = pop("pop", { subnet: "10.10.12.1/30" });
    expect((await runResourcePolicy(popSubnet, host, { requireNetworkAddress: false })).violations).toEqual(
      [],
    );
  });

  it("unknown subnet or type, or an L3 PoP without subnet: advisory", async () => {
    const subnet = await runResourcePolicy(popSubnet, pop("pop", { subnet: UNKNOWN_VALUE }));
    expect(subnet.violations).toEqual([]);
    expect(subnet.advisories[0]).toContain(`subnet is ${NOT_KNOWN_YET}`);
    const type = await runResourcePolicy(popSubnet, pop("pop", { type: UNKNOWN_VALUE, subnet: undefined }));
    expect(type.advisories[0]).toContain(`type is ${NOT_KNOWN_YET}`);
    const typeButSubnet = await runResourcePolicy(
      popSubnet,
      pop("pop", { type: UNKNOWN_VALUE, subnet: "10.0.0.0/24" }),
    );
    expect(typeButSubnet.violations).toHaveLength(1);
    const unset = await runResourcePolicy(popSubnet, pop("pop", { subnet: undefined }));
    expect(unset.violations).toEqual([]);
    expect(unset.advisories[0]).toContain(`subnet (not set) is ${NOT_KNOWN_YET}`);
  });
});

describe("ovh-datacenter-subnet", () => {
  it("passes /28 and larger blocks, and an L2 datacenter config without subnet", async () => {
    for (const resource of [
      datacenter("dc"),
      datacenter("dc24", { subnet: "172.16.0.0/24" }),
      datacenter("l2", { subnet: undefined, ovhBgpArea: undefined }),
    ]) {
      const out = await runResourcePolicy(datacenterSubnet, resource);
      expect(out.violations).toEqual([]);
      expect(out.advisories).toEqual([]);
    }
  });

  it("reports blocks smaller than /28, unaligned blocks and junk", async () => {
    const small = await runResourcePolicy(datacenterSubnet, datacenter("dc", { subnet: "10.0.0.16/29" }));
    expect(small.violations[0].message).toBe(
      "subnet 10.0.0.16/29 is a /29, smaller than /28; L3 datacenter configs need a /28 or larger block (prefix " +
        "length ≤ 28). Set subnet to e.g. 10.0.0.16/28.",
    );
    const host = await runResourcePolicy(datacenterSubnet, datacenter("dc", { subnet: "10.0.0.5/28" }));
    expect(host.violations[0].message).toContain("Set subnet to its network address, 10.0.0.0/28.");
    const junk = await runResourcePolicy(datacenterSubnet, datacenter("dc", { subnet: "10.0.0.0/33" }));
    expect(junk.violations[0].message).toContain("not an IPv4 block in CIDR form");
  });

  it("config: maxPrefixLength changes the outcome", async () => {
    const resource = datacenter("dc", { subnet: "10.0.0.0/27" });
    expect((await runResourcePolicy(datacenterSubnet, resource)).violations).toEqual([]);
    expect(
      (await runResourcePolicy(datacenterSubnet, resource, { maxPrefixLength: 26 })).violations,
    ).toHaveLength(1);
  });

  it("unknown subnet, or an L3 config without subnet: advisory", async () => {
    const out = await runResourcePolicy(datacenterSubnet, datacenter("dc", { subnet: UNKNOWN_VALUE }));
    expect(out.violations).toEqual([]);
    expect(out.advisories[0]).toContain(
      `OVHcloud Connect datacenter config 'dc': could not check yet: subnet is`,
    );
    const unset = await runResourcePolicy(datacenterSubnet, datacenter("dc", { subnet: undefined }));
    expect(unset.advisories[0]).toContain("subnet (not set)");
  });
});
