/**
 * IPv4 addresses and CIDR blocks, for input checks that are about address plans (OVHcloud Connect subnets, next
 * hops, BGP neighbours): used by the OVH provider, the OVH emulator and the policy pack (policy/). Built on
 * `ipaddr.js`; only the strict dotted-quad form is accepted, so "10.1" or "010.0.0.1" (which some parsers read as
 * shorthand or octal) are refused rather than silently reinterpreted. Surrounding whitespace is refused too:
 * callers that accept it trim first. Addresses and blocks go in and out as text.
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

/**
 * The block as written, `a.b.c.d/n` with its host bits kept: `10.0.0.5/28` (the text `parseCidr` read, the prefix
 * length written without leading zeros).
 */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${cidr.address}/${cidr.prefix}`;
}

/**
 * The canonical form of the block, with its host bits cleared, as text: `10.0.0.0/28` for `10.0.0.5/28`
 * (the form to suggest when a block is not written as its network address).
 */
export function networkOf(cidr: Ipv4Cidr): string {
  return `${networkAddress(cidr).toString()}/${cidr.prefix}`;
}

/** Whether the block is written as its network address (no host bits set). */
export function isNetworkAddress(cidr: Ipv4Cidr): boolean {
  return networkOf(cidr) === formatCidr(cidr);
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
  return toNumber(ipaddr.IPv4.parse(address)) - toNumber(networkAddress(cidr));
}

/**
 * The address at a position inside the block, the inverse of `hostOffset`: `10.0.0.5` at offset 5 of
 * `10.0.0.0/28`. Undefined when the offset is not a whole number from 0 to `blockSize - 1`.
 */
export function hostAt(cidr: Ipv4Cidr, offset: number): string | undefined {
  if (!Number.isInteger(offset) || offset < 0 || offset >= blockSize(cidr)) return undefined;
  // ipaddr.js reads a single number as the 32-bit address (inet_aton's one-part form).
  return ipaddr.IPv4.parse(String(toNumber(networkAddress(cidr)) + offset)).toString();
}

/** The number of addresses in the block: 16 for a /28. */
export function blockSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

function networkAddress(cidr: Ipv4Cidr): ipaddr.IPv4 {
  return ipaddr.IPv4.networkAddressFromCIDR(formatCidr(cidr));
}

/** The address as an unsigned 32-bit number, for offsets. */
function toNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((value, octet) => value * 256 + octet, 0);
}
