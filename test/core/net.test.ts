import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blockSize,
  contains,
  formatCidr,
  hostAt,
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
      "10.0.0.0/",
      "10.0.0.256/24",
      "10.0.0.01/24",
      "10.0.0.0/28/28",
    ])
      expect(parseCidr(bad)).toBeUndefined();
  });
});

describe("formatCidr, networkOf and isNetworkAddress", () => {
  it("writes a block back as it was read", () => {
    for (const text of ["10.0.0.5/28", "0.0.0.0/0", "255.255.255.255/32", "192.168.2.1/24"])
      expect(formatCidr(cidr(text))).toBe(text);
  });
  it("clears host bits", () => {
    expect(networkOf(cidr("10.0.0.5/28"))).toBe("10.0.0.0/28");
    expect(networkOf(cidr("10.10.12.2/30"))).toBe("10.10.12.0/30");
    expect(isNetworkAddress(cidr("10.0.0.16/28"))).toBe(true);
    expect(isNetworkAddress(cidr("10.0.0.8/28"))).toBe(false);
    expect(networkOf(cidr("0.0.0.0/0"))).toBe("0.0.0.0/0");
    expect(networkOf(cidr("10.0.0.1/32"))).toBe("10.0.0.1/32");
    expect(networkOf(cidr("255.255.255.255/1"))).toBe("128.0.0.0/1");
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
  it("reaches the ends of the address space", () => {
    const all = cidr("0.0.0.0/0");
    expect(blockSize(all)).toBe(2 ** 32);
    expect(hostOffset(all, "255.255.255.255")).toBe(2 ** 32 - 1);
    expect(hostOffset(all, "192.168.2.1")).toBe(0xc0a80201);
    expect(hostOffset(cidr("10.0.0.1/32"), "10.0.0.1")).toBe(0);
  });
});

describe("hostAt", () => {
  it("is the address at an offset of the block, from its network address", () => {
    expect(hostAt(cidr("10.0.0.0/28"), 5)).toBe("10.0.0.5");
    expect(hostAt(cidr("10.0.0.9/28"), 0)).toBe("10.0.0.0");
    expect(hostAt(cidr("10.0.0.0/28"), 15)).toBe("10.0.0.15");
    expect(hostAt(cidr("10.0.0.255/23"), 256)).toBe("10.0.1.0");
    expect(hostAt(cidr("0.0.0.0/0"), 0xc0a80201)).toBe("192.168.2.1");
    expect(hostAt(cidr("0.0.0.0/0"), 2 ** 32 - 1)).toBe("255.255.255.255");
  });
  it("is undefined outside the block", () => {
    for (const offset of [-1, 16, 1.5, Number.NaN])
      expect(hostAt(cidr("10.0.0.0/28"), offset)).toBeUndefined();
  });
  it("is the inverse of hostOffset", () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
      .map(([n, prefix]) => cidr(`${hostAt(cidr("0.0.0.0/0"), n)}/${prefix}`));
    fc.assert(
      fc.property(block, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (b, at) => {
        const offset = Math.floor(at * blockSize(b));
        const address = hostAt(b, offset)!;
        expect(contains(b, address)).toBe(true);
        expect(hostOffset(b, address)).toBe(offset);
      }),
    );
  });
});

describe("overlaps", () => {
  it("is true when one block holds the other, false for neighbours", () => {
    expect(overlaps(cidr("10.0.0.0/24"), cidr("10.0.0.16/28"))).toBe(true);
    expect(overlaps(cidr("10.0.0.16/28"), cidr("10.0.0.0/24"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/28"), cidr("10.0.0.16/28"))).toBe(false);
    expect(overlaps(cidr("10.0.0.0/28"), cidr("10.0.0.0/28"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/28"), cidr("10.0.0.8/30"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/28"), cidr("10.0.0.0/8"))).toBe(true);
    expect(overlaps(cidr("0.0.0.0/0"), cidr("255.255.255.255/32"))).toBe(true);
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
