/**
 * IPv4 address and CIDR arithmetic, and ASN ranges: just what the OVHcloud Connect policies need.
 *
 * OVHcloud Connect takes IPv4 blocks only (`ipv4Block` in the API schema). `ipaddr.js` (2.x, no
 * dependencies) would cover this, but the policy pack's package.json does not declare it, so this
 * small local version keeps the pack self-contained. Addresses are unsigned 32-bit integers.
 */

export interface Ipv4Cidr {
  /** The text as written. */
  readonly text: string;
  /** The address as written (may have host bits set). */
  readonly address: number;
  readonly prefix: number;
  /** The network address (host bits cleared). */
  readonly network: number;
  /** The last address of the block (the broadcast address for prefixes below /31). */
  readonly last: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses a dotted-quad IPv4 address. Leading zeros are refused (they are octal to some parsers). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value >>> 0;
}

export function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join(".");
}

/** The netmask of a prefix length, as an unsigned integer. */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n`. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIpv4(trimmed.slice(0, slash));
  const prefixText = trimmed.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const mask = prefixMask(prefix);
  const network = (address & mask) >>> 0;
  const last = (network | (~mask >>> 0)) >>> 0;
  return { text: trimmed, address, prefix, network, last };
}

/** `a.b.c.d/n` with the host bits cleared: the form to suggest when a block is not aligned. */
export function canonicalCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

export function isNetworkAddress(cidr: Ipv4Cidr): boolean {
  return cidr.address === cidr.network;
}

export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
  return address >= cidr.network && address <= cidr.last;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network <= b.last && b.network <= a.last;
}

/** The position of an address inside a block: 0 for the network address. */
export function hostOffset(cidr: Ipv4Cidr, address: number): number {
  return address - cidr.network;
}

export interface AsnRange {
  readonly min: number;
  readonly max: number;
}

/** RFC 6996 private-use ASNs: 64512–65534 (2-byte) and 4200000000–4294967294 (4-byte). */
export const PRIVATE_ASN_RANGES: readonly AsnRange[] = [
  { min: 64512, max: 65534 },
  { min: 4200000000, max: 4294967294 },
];

export function asnInRanges(asn: number, ranges: readonly AsnRange[]): boolean {
  return ranges.some((r) => asn >= r.min && asn <= r.max);
}

export function formatAsnRanges(ranges: readonly AsnRange[]): string {
  return ranges.map((r) => `${r.min}–${r.max}`).join(" or ");
}
