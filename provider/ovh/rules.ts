/**
 * OVHcloud Connect rules that the resources' input checks and the policy pack (pulumi-interconnect-policy) share.
 * Dependency-free; exported from the package's entry point as `rules.ovh`.
 */

/** An L3 PoP config's subnet is exactly a /30: its first address is OVHcloud's end of the BGP session, the second yours. */
export const POP_SUBNET_PREFIX = 30;

/** The smallest datacenter subnet OVHcloud accepts is a /28: prefix lengths of 28 or less. */
export const MAX_DATACENTER_PREFIX = 28;

/** Addresses OVHcloud keeps in a datacenter subnet, by host offset (besides the broadcast address). */
export const RESERVED_HOST_OFFSETS: Readonly<Record<number, string>> = Object.freeze({
  0: "the network address",
  1: "OVHcloud's VRRP gateway (.1)",
  2: "OVHcloud's router A (.2)",
  3: "OVHcloud's router B (.3)",
});

/** OVHcloud takes up to four BGP peers (BGP extra configs) per datacenter config. */
export const MAX_BGP_SESSIONS = 4;
