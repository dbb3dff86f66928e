/**
 * AS number ranges, for the private-ASN policy. (IPv4 addresses and blocks come from the provider package's `net`
 * helpers, which the pack shares with the OVHcloud resources.)
 */
import type { rules } from "pulumi-interconnect";

/** An inclusive range of AS numbers. */
export type AsnRange = rules.IntRange;

/** The largest 4-byte AS number. */
export const ASN_MAX = 4294967295;

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
