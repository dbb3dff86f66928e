/**
 * IPv4 addresses and CIDR blocks, for input checks that are about address plans (OVHcloud Connect subnets, next
 * hops, BGP neighbours). Built on `ipaddr.js`; only the strict dotted-quad form is accepted, so "10.1" or
 * "010.0.0.1" (which some parsers read as shorthand or octal) are refused rather than silently reinterpreted.
 */
import ipaddr from "ipaddr.js";

/** An IPv4 block as written, e.g. `10.0.0.0/28` (the address may have host bits set: see `isNetworkAddress`). */
export interface Ipv4Cidr {
  /** The address part as written. */
  readonly address: string;
  /** The prefix length, 0–32. */
  readonly prefix: number;
}

/** Whether `text` is a dotted-quad IPv4 address such as `10.0.0.5`. */
export function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** Parses `a.b.c.d/n`; undefined when the text is not an IPv4 block. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  return { address: address.toString(), prefix };
}

/** The prefix length of an IPv4 block (`28` for `10.0.0.0/28`); undefined when the text is not one. */
export function prefixLength(text: string): number | undefined {
  return parseCidr(text)?.prefix;
}

/** The block with its host bits cleared, as text: `10.0.0.0/28` for `10.0.0.5/28`. */
export function networkOf(cidr: Ipv4Cidr): string {
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${cidr.address}/${cidr.prefix}`);
  return `${network.toString()}/${cidr.prefix}`;
}

/** Whether the block is written as its network address (no host bits set). */
export function isNetworkAddress(cidr: Ipv4Cidr): boolean {
  return networkOf(cidr) === `${cidr.address}/${cidr.prefix}`;
}

/** Whether an IPv4 address lies inside the block (network and broadcast addresses included). */
export function contains(cidr: Ipv4Cidr, address: string): boolean {
  if (!isIpv4(address)) return false;
  return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parse(cidr.address), cidr.prefix);
}

/** Whether two blocks share at least one address: blocks are aligned, so then the wider one holds the other. */
export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const [wide, narrow] = a.prefix <= b.prefix ? [a, b] : [b, a];
  return contains(wide, narrow.address);
}

/**
 * The position of an address inside the block: 0 for the network address, 1 for the next one… and
 * `2^(32-prefix) - 1` for the broadcast address. Undefined when the address is not inside the block.
 */
export function hostOffset(cidr: Ipv4Cidr, address: string): number | undefined {
  if (!contains(cidr, address)) return undefined;
  const network = networkOf(cidr).split("/")[0];
  return toNumber(address) - toNumber(network);
}

/** The number of addresses in the block: 16 for a /28. */
export function blockSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((value, octet) => value * 256 + octet, 0);
}
