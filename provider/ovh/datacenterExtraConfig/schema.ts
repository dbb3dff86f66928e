/**
 * The inputs of `ovh.DatacenterExtraConfig` (seed 000, L3 options: a static route or a BGP session) and the rules
 * `check` enforces before anything is sent. The addresses must lie in the datacenter config's subnet: check
 * applies that rule when the program passes `datacenterSubnet`, create always applies it (it reads the
 * datacenter config before the POST).
 */
import { z } from "zod";
import { Ipv4Cidr, blockSize, hostOffset, isIpv4, networkOf } from "../../core/net";
import { timeoutsSchema } from "../../core/schemas";
import {
  ALWAYS,
  adoptConfigId,
  apiId,
  asn,
  crossFieldIssue,
  ipv4Address,
  ipv4Block,
  knownCidr,
  occServiceName,
  variantRules,
} from "../schemas";

export const EXTRA_VARIANTS = {
  network: { label: "a static route", fields: ["nextHop", "subnet"] },
  bgp: { label: "a BGP session", fields: ["bgpNeighborArea", "bgpNeighborIp"] },
} as const;

/** Addresses OVHcloud keeps in a datacenter subnet (../shared/api-notes/ovh.md §1.5), by offset. */
export const OVH_HOST_OFFSETS: Readonly<Record<number, string>> = {
  0: "the network address",
  1: "OVHcloud's VRRP gateway (.1)",
  2: "OVHcloud's router A (.2)",
  3: "OVHcloud's router B (.3)",
};

/**
 * The address rule: a static route's next hop, or the BGP neighbour, is one of your addresses in the datacenter
 * subnet, neither an address OVHcloud keeps nor the broadcast address. Returns [property, message] pairs.
 */
export function addressProblems(
  inputs: { type?: unknown; nextHop?: unknown; bgpNeighborIp?: unknown },
  datacenterSubnet: Ipv4Cidr,
): [string, string][] {
  const field = inputs.type === "network" ? "nextHop" : inputs.type === "bgp" ? "bgpNeighborIp" : undefined;
  const address = field && inputs[field];
  if (!field || typeof address !== "string" || !isIpv4(address)) return [];
  const where = `the datacenter subnet ${networkOf(datacenterSubnet)}`;
  const offset = hostOffset(datacenterSubnet, address);
  if (offset === undefined) return [[field, `must be inside ${where}: an address of yours there`]];
  const kept =
    offset === blockSize(datacenterSubnet) - 1 ? "the broadcast address" : OVH_HOST_OFFSETS[offset];
  if (kept) return [[field, `must not be ${kept} of ${where}: use one of your addresses there (.4 and up)`]];
  return [];
}

export const datacenterExtraConfigInputSchema = z
  .object({
    serviceName: occServiceName,
    popId: apiId,
    datacenterConfigId: apiId,
    type: z.enum(["network", "bgp"], {
      error: 'must be "network" (a static route) or "bgp" (a BGP session)',
    }),
    nextHop: ipv4Address.optional(),
    subnet: ipv4Block().optional(),
    bgpNeighborArea: asn.optional(),
    bgpNeighborIp: ipv4Address.optional(),
    /** The datacenter config's subnet (its `subnet` output), so that check can place the addresses. */
    datacenterSubnet: ipv4Block().optional(),
    timeouts: timeoutsSchema.optional(),
    adoptId: adoptConfigId.optional(),
  })
  .superRefine((v, ctx) => {
    variantRules(ctx, v, EXTRA_VARIANTS);
    const datacenterSubnet = knownCidr(v.datacenterSubnet);
    if (datacenterSubnet)
      for (const [field, message] of addressProblems(v, datacenterSubnet))
        crossFieldIssue(ctx, field, message, ["type", "datacenterSubnet", field]);
  }, ALWAYS);

export type DatacenterExtraConfigInputs = z.infer<typeof datacenterExtraConfigInputSchema>;

/** Every input property, for diff. */
export const INPUT_KEYS: readonly string[] = Object.keys(datacenterExtraConfigInputSchema.shape);
