/**
 * The declaration of `ovh.DatacenterExtraConfig` (seed 000, L3 options: a static route or a BGP session): its
 * inputs, what the API computes, and the rules `check` enforces before anything is sent. The addresses must lie
 * in the datacenter config's subnet: check applies that rule when the program passes `datacenterSubnet`, create
 * always applies it (it reads the datacenter config before the POST).
 */
import { z } from "zod";
import { CrossFieldRule, StateOf, defineResource } from "../../core/definition";
import { Ipv4Cidr, blockSize, hostOffset, isIpv4, networkOf } from "../../core/net";
import { timeoutsSchema } from "../../core/schemas";
import {
  adoptConfigId,
  apiId,
  asn,
  configStatus,
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

/** Addresses OVHcloud keeps in a datacenter subnet (see docs/ovh.md), by offset. */
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

export const datacenterExtraConfigInputSchema = z.object({
  /** The OVHcloud Connect service's uuid (`DatacenterConfig.serviceName`). */
  serviceName: occServiceName,
  /** The PoP config (`DatacenterConfig.popId`). */
  popId: apiId,
  /** The datacenter config (`DatacenterConfig.configId`), not the datacenter's id. */
  datacenterConfigId: apiId,
  /** "network" (a static route) or "bgp" (a BGP session); a datacenter config holds one kind, never both. */
  type: z.enum(["network", "bgp"], {
    error: 'must be "network" (a static route) or "bgp" (a BGP session)',
  }),
  /** Static route: the gateway, one of your addresses in the datacenter subnet. */
  nextHop: ipv4Address.optional(),
  /** Static route: the prefix routed through `nextHop`, in CIDR notation. */
  subnet: ipv4Block().optional(),
  /** BGP session: your AS number. */
  bgpNeighborArea: asn.optional(),
  /** BGP session: your router's address in the datacenter subnet. */
  bgpNeighborIp: ipv4Address.optional(),
  /** The datacenter config's subnet (`DatacenterConfig.subnet`): lets check place the addresses at preview. */
  datacenterSubnet: ipv4Block().optional(),
  /** How long create, update and delete may wait ("30m", "2h"). Default: 30m each. */
  timeouts: timeoutsSchema.optional(),
  /** Take over an existing extra config by its id instead of creating one; ignored once the resource exists. */
  adoptId: adoptConfigId.optional(),
});

export type DatacenterExtraConfigInputs = z.output<typeof datacenterExtraConfigInputSchema>;

export const datacenterExtraConfigComputedSchema = z.object({
  /** The extra config's id (also the resource id). */
  extraId: z.number(),
  /** init while OVHcloud configures it, then active. */
  status: configStatus,
  /** The OVHcloud task that created it. */
  taskId: z.number().optional(),
});

/** The next hop or the BGP neighbour lies in the datacenter subnet, and is one of your addresses there. */
const addressRule = (field: "nextHop" | "bgpNeighborIp"): CrossFieldRule<DatacenterExtraConfigInputs> => ({
  reads: ["type", "datacenterSubnet", field],
  check(v, fail) {
    const datacenterSubnet = knownCidr(v.datacenterSubnet);
    if (!datacenterSubnet) return;
    for (const [property, message] of addressProblems(v, datacenterSubnet))
      if (property === field) fail(property, message);
  },
});

/** `ovh.DatacenterExtraConfig`, declared once. */
export const datacenterExtraConfig = defineResource({
  vendor: "ovh",
  type: "DatacenterExtraConfig",
  inputs: datacenterExtraConfigInputSchema,
  computed: datacenterExtraConfigComputedSchema,
  rules: [
    ...variantRules<DatacenterExtraConfigInputs>(EXTRA_VARIANTS),
    addressRule("nextHop"),
    addressRule("bgpNeighborIp"),
  ],
});

export type DatacenterExtraConfigOutputs = StateOf<typeof datacenterExtraConfig>;
