/**
 * The IPv4 reading the OVHcloud emulator needs (addresses, blocks, host positions), on ipaddr.js. The emulator is
 * its own package (pulumi-interconnect-emulator) and does not import the provider's helpers: it checks what the
 * providers send on its own, as the API would. Only the strict dotted-quad form is accepted.
 */
import ipaddr from "ipaddr.js";

/** An IPv4 block as written, e.g. `10.0.0.0/28`. */
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

/** The block with its host bits cleared, as text: `10.0.0.0/28` for `10.0.0.5/28`. */
export function networkOf(cidr: Ipv4Cidr): string {
  return `${network(cidr).toString()}/${cidr.prefix}`;
}

/** Whether the block is written as its network address (no host bits set). */
export function isNetworkAddress(cidr: Ipv4Cidr): boolean {
  return networkOf(cidr) === `${cidr.address}/${cidr.prefix}`;
}

/** The number of addresses in the block: 16 for a /28. */
export function blockSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The position of an address inside the block (0 for the network address); undefined when it is outside. */
export function hostOffset(cidr: Ipv4Cidr, address: string): number | undefined {
  if (!isIpv4(address)) return undefined;
  const parsed = ipaddr.IPv4.parse(address);
  if (!parsed.match(ipaddr.IPv4.parse(cidr.address), cidr.prefix)) return undefined;
  return toNumber(parsed) - toNumber(network(cidr));
}

function network(cidr: Ipv4Cidr): ipaddr.IPv4 {
  return ipaddr.IPv4.networkAddressFromCIDR(`${cidr.address}/${cidr.prefix}`);
}

function toNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((value, octet) => value * 256 + octet, 0);
}
