import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blockSize,
  contains,
  hostOffset,
  isIpv4,
  isNetworkAddress,
  networkOf,
  overlaps,
  parseCidr,
  prefixLength,
} from "../../provider/core/net";

const cidr = (text: string) => parseCidr(text)!;

describe("isIpv4", () => {
  it("accepts dotted quads only", () => {
    for (const ok of ["10.0.0.5", "0.0.0.0", "255.255.255.255", "192.168.2.1"]) expect(isIpv4(ok)).toBe(true);
    for (const bad of [
      "10.0.0",
      "10.1",
      "010.0.0.1",
      "256.0.0.1",
      "10.0.0.0/28",
      "::1",
      "",
      " 10.0.0.1",
      "a.b.c.d",
    ])
      expect(isIpv4(bad)).toBe(false);
  });
});

describe("parseCidr and prefixLength", () => {
  it("parses a block as written", () => {
    expect(parseCidr("10.0.0.5/28")).toEqual({ address: "10.0.0.5", prefix: 28 });
    expect(prefixLength("10.10.12.0/30")).toBe(30);
    expect(prefixLength("0.0.0.0/0")).toBe(0);
    expect(prefixLength("10.0.0.1/32")).toBe(32);
  });
  it("refuses what is not an IPv4 block", () => {
    for (const bad of [
      "10.0.0.0",
      "10.0.0.0/33",
      "10.0.0.0/-1",
      "10.0/24",
      "010.0.0.0/24",
      "fd00::/64",
      "10.0.0.0/2a",
    ])
      expect(parseCidr(bad)).toBeUndefined();
  });
});

describe("networkOf and isNetworkAddress", () => {
  it("clears host bits", () => {
    expect(networkOf(cidr("10.0.0.5/28"))).toBe("10.0.0.0/28");
    expect(networkOf(cidr("10.10.12.2/30"))).toBe("10.10.12.0/30");
    expect(isNetworkAddress(cidr("10.0.0.16/28"))).toBe(true);
    expect(isNetworkAddress(cidr("10.0.0.8/28"))).toBe(false);
  });
});

describe("contains, hostOffset and blockSize", () => {
  it("places an address inside a block, network and broadcast included", () => {
    const block = cidr("10.0.0.0/28");
    expect(contains(block, "10.0.0.0")).toBe(true);
    expect(contains(block, "10.0.0.15")).toBe(true);
    expect(contains(block, "10.0.0.16")).toBe(false);
    expect(contains(block, "not an address")).toBe(false);
    expect(hostOffset(block, "10.0.0.5")).toBe(5);
    expect(hostOffset(block, "10.0.0.15")).toBe(15);
    expect(hostOffset(block, "10.0.1.5")).toBeUndefined();
    expect(blockSize(block)).toBe(16);
    expect(blockSize(cidr("10.0.0.0/30"))).toBe(4);
  });
  it("counts offsets from the network address even when the block is written with host bits", () => {
    expect(hostOffset(cidr("10.0.0.9/28"), "10.0.0.1")).toBe(1);
  });
});

describe("overlaps", () => {
  it("is true when one block holds the other, false for neighbours", () => {
    expect(overlaps(cidr("10.0.0.0/24"), cidr("10.0.0.16/28"))).toBe(true);
    expect(overlaps(cidr("10.0.0.16/28"), cidr("10.0.0.0/24"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/28"), cidr("10.0.0.16/28"))).toBe(false);
    expect(overlaps(cidr("10.0.0.0/28"), cidr("10.0.0.0/28"))).toBe(true);
  });

  const block = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
    .map(([n, prefix]) =>
      cidr(`${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".")}/${prefix}`),
    );
  it("is symmetric, and agrees with containment of the network addresses", () => {
    fc.assert(
      fc.property(block, block, (a, b) => {
        const netA = networkOf(a).split("/")[0];
        const netB = networkOf(b).split("/")[0];
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, b)).toBe(contains(a, netB) || contains(b, netA));
      }),
    );
  });
});
