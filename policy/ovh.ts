/**
 * OVHcloud Connect policies: private BGP ASNs, PoP and datacenter subnets (resource policies); next hops and BGP
 * neighbours inside their datacenter subnet, static routes or BGP per datacenter config (stack policies). The OVHcloud
 * limits they default to (/30 PoP subnets, /28 datacenter subnets, reserved host offsets, four BGP sessions) are the
 * provider's (`rules.ovh` of pulumi-interconnect).
 *
 * How the configurations relate to each other in a stack:
 *
 * A DatacenterExtraConfig belongs to the DatacenterConfig with the same serviceName + popId whose id
 * (`configId`, or `id`) equals the extra's `datacenterConfigId`. During preview those ids are often not
 * known yet (the datacenter config is created in the same update), so the engine's dependency
 * information is used as well: the resource that `datacenterConfigId` was computed from
 * (`propertyDependencies`), or a single datacenter config among the extra's `dependencies`.
 */
import type {
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { net, rules } from "pulumi-interconnect";
import { z } from "zod";
import { ASN_MAX, asnInRanges, formatAsnRanges, PRIVATE_ASN_RANGES } from "./asn";
import { policyConfig } from "./config";
import {
  OVH_CONFIG_TYPES,
  OVH_DATACENTER_CONFIG,
  OVH_DATACENTER_EXTRA_CONFIG,
  OVH_POP_CONFIG,
} from "./types";
import {
  describe,
  idText,
  isMissing,
  isUnknown,
  type Props,
  settleAll,
  show,
  type StackResource,
  stackResources,
  toCidr,
  toInteger,
  toIpv4,
  UNKNOWN,
  type Unknown,
  validateTypes,
} from "./util";

const { blockSize, formatCidr, hostAt, hostOffset, isNetworkAddress, networkOf, parseCidr } = net;
type Ipv4Cidr = net.Ipv4Cidr;
const { MAX_BGP_SESSIONS, MAX_DATACENTER_PREFIX, POP_SUBNET_PREFIX, RESERVED_HOST_OFFSETS } = rules.ovh;

// ---------------------------------------------------------------------------------------------------
// How OVHcloud Connect configurations relate
// ---------------------------------------------------------------------------------------------------

export type DatacenterLink =
  /** The datacenter config is in this stack. */
  | { readonly kind: "resource"; readonly key: string; readonly datacenter: StackResource }
  /** The ids are known but no datacenter config in this stack has them: it is managed elsewhere. */
  | { readonly kind: "external"; readonly key: string }
  /** Not decidable yet (ids unknown and no usable dependency, or ambiguous). */
  | { readonly kind: "unknown"; readonly reason: string };

/** The id of a datacenter config as the API knows it (`configId` output, else `id`). */
export function datacenterConfigId(datacenter: StackResource): string | Unknown | undefined {
  const value = isMissing(datacenter.props.configId) ? datacenter.props.id : datacenter.props.configId;
  return isUnknown(value) ? UNKNOWN : idText(value);
}

/** The lower-cased `type` property: `l2`/`l3` (PoP), `network`/`bgp` (extra); or unknown. */
export function kindOf(props: Record<string, unknown>): string | Unknown | undefined {
  const value = props.type;
  if (isUnknown(value)) return UNKNOWN;
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

/** Two ids may refer to the same thing unless both are known and differ. */
function compatible(a: unknown, b: unknown): boolean {
  if (isUnknown(a) || isUnknown(b)) return true;
  const x = idText(a);
  const y = idText(b);
  return x === undefined || y === undefined || x === y;
}

export function linkExtraToDatacenter(
  extra: StackResource,
  datacenters: readonly StackResource[],
): DatacenterLink {
  const byUrn = new Map(datacenters.map((d) => [d.urn, d] as const));
  const resolve = (urns: readonly string[] | undefined): StackResource[] => [
    ...new Set((urns ?? []).map((u) => byUrn.get(u)).filter((d): d is StackResource => d !== undefined)),
  ];
  const found = (datacenter: StackResource): DatacenterLink => ({
    kind: "resource",
    key: datacenter.urn,
    datacenter,
  });

  // 1. The engine says which resource datacenterConfigId came from.
  const viaProperty = resolve(extra.propertyDependencies.datacenterConfigId);
  if (viaProperty.length === 1) return found(viaProperty[0]);

  const { serviceName, popId, datacenterConfigId: wanted } = extra.props;
  const sameScope = (d: StackResource) =>
    compatible(serviceName, d.props.serviceName) && compatible(popId, d.props.popId);
  const viaDependencies = resolve(extra.dependencies).filter(sameScope);

  // 2. Match the ids.
  const wantedId = isUnknown(wanted) ? undefined : idText(wanted);
  if (wantedId !== undefined) {
    const matches = datacenters.filter((d) => datacenterConfigId(d) === wantedId && sameScope(d));
    if (matches.length === 1) return found(matches[0]);
    if (matches.length > 1) {
      const narrowed = matches.filter((m) => viaDependencies.includes(m));
      if (narrowed.length === 1) return found(narrowed[0]);
      return { kind: "unknown", reason: `several datacenter configs have id ${wantedId}` };
    }
    if (!isUnknown(serviceName) && !isUnknown(popId)) {
      return {
        kind: "external",
        key: `${idText(serviceName) ?? "?"}/${idText(popId) ?? "?"}/${wantedId}`,
      };
    }
  }

  // 3. A single datacenter config among the extra's dependencies.
  if (viaDependencies.length === 1) return found(viaDependencies[0]);
  return { kind: "unknown", reason: "datacenterConfigId" };
}

// ---------------------------------------------------------------------------------------------------
// OVHcloud Connect: private ASNs
// ---------------------------------------------------------------------------------------------------

const asNumber = z.number().int().min(0).max(ASN_MAX);

export const privateAsnConfig = policyConfig(
  "ovh-private-bgp-asn",
  z.object({
    allowedRanges: z
      .array(z.object({ min: asNumber, max: asNumber }))
      .min(1)
      .default(() => PRIVATE_ASN_RANGES.map((r) => ({ ...r })))
      .describe("Inclusive ASN ranges allowed for BGP. Default: the RFC 6996 private-use ranges."),
  }),
);
export type PrivateAsnConfig = z.infer<typeof privateAsnConfig.schema>;
export const privateAsnConfigSchema = privateAsnConfig.configSchema;

/** [property, required] per OVH type; `required` applies to L3 PoP configs and BGP extras. */
function asnFields(type: string, props: Props): [string, boolean][] {
  const kind = kindOf(props);
  if (type === OVH_POP_CONFIG) {
    const l3 = kind === "l3";
    return [
      ["customerBgpArea", l3],
      ["ovhBgpArea", l3],
    ];
  }
  if (type === OVH_DATACENTER_CONFIG) return [["ovhBgpArea", false]];
  return [["bgpNeighborArea", kind === "bgp"]];
}

export const privateAsn: ResourceValidationPolicy = {
  name: "ovh-private-bgp-asn",
  description:
    "OVHcloud Connect L3 BGP ASNs (PoP customerBgpArea/ovhBgpArea, datacenter ovhBgpArea, BGP extra " +
    "bgpNeighborArea) are private: 64512–65534 or 4200000000–4294967294.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use a private ASN (64512–65534 or 4200000000–4294967294) for every OVHcloud Connect BGP area.",
  configSchema: privateAsnConfig.configSchema,
  validateResource: validateTypes(OVH_CONFIG_TYPES, ({ type, props, pending }, args, report) => {
    const config = privateAsnConfig.of(args.getConfig());
    const ranges = config.allowedRanges;
    for (const [field, required] of asnFields(type, props)) {
      const value = props[field];
      if (isUnknown(value)) {
        pending.add(field);
        continue;
      }
      if (isMissing(value)) {
        if (required) pending.add(field, true);
        continue;
      }
      const asn = toInteger(value);
      if (asn === undefined || asn < 0 || asn > ASN_MAX) {
        report(
          `${field} is ${show(value)}, not an AS number. Set ${field} to a private ASN (${formatAsnRanges(ranges)}).`,
        );
      } else if (!asnInRanges(asn, ranges)) {
        report(
          `${field} ${asn} is not a private ASN. OVHcloud Connect BGP peerings must use ASNs in ` +
            `${formatAsnRanges(ranges)}. Set ${field} to one of those (e.g. ${ranges[0].min}).`,
        );
      }
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// OVHcloud Connect: PoP and datacenter subnets
// ---------------------------------------------------------------------------------------------------

/** An IPv4 prefix length. */
const prefixLength = z.number().int().min(0).max(32);

/** Parses a subnet property, reporting a malformed one; `undefined` when there is nothing to check. */
function subnetOf(
  props: Props,
  field: string,
  report: ReportViolation,
  example: string,
): Ipv4Cidr | Unknown | undefined {
  const value = props[field];
  if (isUnknown(value)) return UNKNOWN;
  if (isMissing(value)) return undefined;
  const cidr = toCidr(value);
  if (!cidr) {
    report(
      `${field} is ${show(value)}, which is not an IPv4 block in CIDR form. Set ${field} to e.g. ${example}.`,
    );
  }
  return cidr;
}

export const popSubnetConfig = policyConfig(
  "ovh-pop-subnet",
  z.object({
    prefixLength: prefixLength
      .default(POP_SUBNET_PREFIX)
      .describe(
        `The prefix length an L3 PoP subnet must have (OVHcloud: /${POP_SUBNET_PREFIX}, first host OVH, second you).`,
      ),
    requireNetworkAddress: z
      .boolean()
      .default(true)
      .describe("Require the block's network address (e.g. 10.0.0.0/30, not 10.0.0.1/30)."),
  }),
);
export type PopSubnetConfig = z.infer<typeof popSubnetConfig.schema>;
export const popSubnetConfigSchema = popSubnetConfig.configSchema;

export const popSubnet: ResourceValidationPolicy = {
  name: "ovh-pop-subnet",
  description: "OVHcloud Connect L3 PoP configs have a /30 subnet, written as its network address.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set subnet on the L3 PoP config to a /30 block such as 192.168.100.0/30.",
  configSchema: popSubnetConfig.configSchema,
  validateResource: validateTypes([OVH_POP_CONFIG], ({ props, pending }, args, report) => {
    const config = popSubnetConfig.of(args.getConfig());
    const kind = kindOf(props);
    const example = `192.168.100.0/${config.prefixLength}`;
    if (kind === "l2") return; // L2 PoP configs carry no subnet
    const subnetMissing = isMissing(props.subnet);
    if (kind !== "l3" && subnetMissing) {
      if (kind === UNKNOWN) pending.add("type");
      return;
    }
    const cidr = subnetOf(props, "subnet", report, example);
    if (cidr === UNKNOWN) return pending.add("subnet");
    if (cidr === undefined) {
      if (subnetMissing) pending.add("subnet", true);
      return;
    }
    if (cidr.prefix !== config.prefixLength) {
      report(
        `subnet ${formatCidr(cidr)} is a /${cidr.prefix}; an L3 PoP config needs exactly a /${config.prefixLength} ` +
          `(first address OVHcloud, second address yours). Set subnet to a /${config.prefixLength} such as ` +
          `${networkOf(reprefix(cidr, config.prefixLength))}.`,
      );
    } else if (config.requireNetworkAddress && !isNetworkAddress(cidr)) {
      report(
        `subnet ${formatCidr(cidr)} has host bits set. Set subnet to its network address, ${networkOf(cidr)}.`,
      );
    }
  }),
};

/** The same address with another prefix length (for suggestions). */
function reprefix(cidr: Ipv4Cidr, prefix: number): Ipv4Cidr {
  return parseCidr(`${cidr.address}/${prefix}`) ?? cidr;
}

export const datacenterSubnetConfig = policyConfig(
  "ovh-datacenter-subnet",
  z.object({
    maxPrefixLength: prefixLength
      .default(MAX_DATACENTER_PREFIX)
      .describe(
        `The longest prefix an L3 datacenter subnet may have: /${MAX_DATACENTER_PREFIX} or larger blocks by default.`,
      ),
    requireNetworkAddress: z
      .boolean()
      .default(true)
      .describe("Require the block's network address (e.g. 10.0.0.0/28, not 10.0.0.5/28)."),
  }),
);
export type DatacenterSubnetConfig = z.infer<typeof datacenterSubnetConfig.schema>;
export const datacenterSubnetConfigSchema = datacenterSubnetConfig.configSchema;

export const datacenterSubnet: ResourceValidationPolicy = {
  name: "ovh-datacenter-subnet",
  description:
    "OVHcloud Connect L3 datacenter configs have a /28 or larger subnet, written as its network address.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set subnet on the datacenter config to a /28 or larger block such as 10.10.0.0/28.",
  configSchema: datacenterSubnetConfig.configSchema,
  validateResource: validateTypes([OVH_DATACENTER_CONFIG], ({ props, pending }, args, report) => {
    const config = datacenterSubnetConfig.of(args.getConfig());
    const cidr = subnetOf(props, "subnet", report, `10.10.0.0/${config.maxPrefixLength}`);
    if (cidr === UNKNOWN) return pending.add("subnet");
    if (cidr === undefined) {
      // No subnet is an L2 datacenter config, unless an L3 setting says otherwise.
      if (isMissing(props.subnet) && !isMissing(props.ovhBgpArea)) pending.add("subnet", true);
      return;
    }
    if (cidr.prefix > config.maxPrefixLength) {
      report(
        `subnet ${formatCidr(cidr)} is a /${cidr.prefix}, smaller than /${config.maxPrefixLength}; L3 datacenter configs ` +
          `need a /${config.maxPrefixLength} or larger block (prefix length ≤ ${config.maxPrefixLength}). Set subnet ` +
          `to e.g. ${networkOf(reprefix(cidr, config.maxPrefixLength))}.`,
      );
    } else if (config.requireNetworkAddress && !isNetworkAddress(cidr)) {
      report(
        `subnet ${formatCidr(cidr)} has host bits set. Set subnet to its network address, ${networkOf(cidr)}.`,
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Stack: OVHcloud Connect extras inside their datacenter subnet
// ---------------------------------------------------------------------------------------------------

export const extraWithinSubnetConfig = policyConfig(
  "ovh-extra-within-datacenter-subnet",
  z.object({
    reservedHostOffsets: z
      .array(z.number().int().min(0))
      .default(() => Object.keys(RESERVED_HOST_OFFSETS).map(Number))
      .describe(
        "Host offsets in a datacenter subnet that a next hop or BGP neighbour may not use. OVHcloud: .0 " +
          "network, .1 VRRP gateway, .2/.3 OVHcloud routers.",
      ),
    excludeBroadcast: z
      .boolean()
      .default(true)
      .describe("Also refuse the last address of the subnet (broadcast)."),
  }),
);
export type ExtraWithinSubnetConfig = z.infer<typeof extraWithinSubnetConfig.schema>;
export const extraWithinSubnetConfigSchema = extraWithinSubnetConfig.configSchema;

const EXTRA_ADDRESS_FIELD: Readonly<Record<string, { field: string; what: string }>> = {
  network: { field: "nextHop", what: "static route's next hop" },
  bgp: { field: "bgpNeighborIp", what: "BGP neighbour" },
};

/** "OVHcloud Connect datacenter config 'name'", or "datacenter config <serviceName>/<popId>/<id>". */
function linkLabel(link: DatacenterLink): string {
  if (link.kind === "resource") return describe(link.datacenter.type, link.datacenter.name);
  return link.kind === "external" ? `datacenter config ${link.key}` : "its datacenter config";
}

export const extraWithinSubnet: StackValidationPolicy = {
  name: "ovh-extra-within-datacenter-subnet",
  description:
    "An OVHcloud Connect static route's nextHop and a BGP extra's bgpNeighborIp are usable addresses inside " +
    "the subnet of their datacenter config.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Use a free host address of the datacenter config's subnet (not .0–.3 or the broadcast).",
  configSchema: extraWithinSubnetConfig.configSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = extraWithinSubnetConfig.of(args.getConfig());
    const extras = stackResources(args, [OVH_DATACENTER_EXTRA_CONFIG]);
    if (extras.length === 0) args.notApplicable("no OVHcloud Connect datacenter extra configs in the stack");
    const datacenters = stackResources(args, [OVH_DATACENTER_CONFIG]);
    const pending: string[] = [];
    for (const extra of extras) {
      const label = describe(extra.type, extra.name);
      const kind = kindOf(extra.props);
      if (kind === UNKNOWN) {
        pending.push(`${label} type`);
        continue;
      }
      const target = kind === undefined ? undefined : EXTRA_ADDRESS_FIELD[kind];
      if (!target) continue;
      const raw = extra.props[target.field];
      if (isUnknown(raw) || isMissing(raw)) {
        pending.push(`${label} ${target.field}${isMissing(raw) ? " (not set)" : ""}`);
        continue;
      }
      const address = toIpv4(raw);
      if (address === undefined) {
        report(
          `${label}: ${target.field} is ${show(raw)}, which is not an IPv4 address. Set ${target.field} to an ` +
            "address inside the datacenter config's subnet.",
          extra.urn,
        );
        continue;
      }
      const link = linkExtraToDatacenter(extra, datacenters);
      if (link.kind === "unknown") {
        pending.push(`${label} datacenter config (${link.reason})`);
        continue;
      }
      if (link.kind === "external") continue; // the datacenter config is not in this stack
      const dc = link.datacenter;
      const dcLabel = linkLabel(link);
      const subnetRaw = dc.props.subnet;
      if (isUnknown(subnetRaw)) {
        pending.push(`${dcLabel} subnet`);
        continue;
      }
      if (isMissing(subnetRaw)) {
        report(
          `${label}: a ${target.what} needs an L3 datacenter config, but ${dcLabel} has no subnet. Set subnet ` +
            `(a /28 or larger) on ${dcLabel}, then put ${target.field} inside it.`,
          extra.urn,
        );
        continue;
      }
      const subnet = toCidr(subnetRaw);
      if (!subnet) continue; // malformed: ovh-datacenter-subnet reports it
      const suggestion = firstFreeHost(subnet, config);
      const use = suggestion ? ` such as ${suggestion}` : "";
      const offset = hostOffset(subnet, address);
      if (offset === undefined) {
        report(
          `${label}: ${target.field} ${raw} is outside subnet ${formatCidr(subnet)} of ${dcLabel}; the ${target.what} ` +
            `must be on that subnet. Set ${target.field} to a free address of ${networkOf(subnet)}${use}.`,
          extra.urn,
        );
        continue;
      }
      const broadcast = isExcludedBroadcast(subnet, offset, config);
      if (config.reservedHostOffsets.includes(offset) || broadcast) {
        const why = broadcast
          ? "the broadcast address"
          : `reserved (host offsets ${config.reservedHostOffsets.join(", ")}: network address, VRRP gateway, OVHcloud routers)`;
        report(
          `${label}: ${target.field} ${raw} is ${why} in subnet ${formatCidr(subnet)} of ${dcLabel}. Set ` +
            `${target.field} to a free host address${use}.`,
          extra.urn,
        );
      }
    }
    settleAll(extraWithinSubnet.name, pending);
  },
};

/** Whether the address at `offset` is the subnet's broadcast address and the config keeps it out. */
function isExcludedBroadcast(subnet: Ipv4Cidr, offset: number, config: ExtraWithinSubnetConfig): boolean {
  return config.excludeBroadcast && subnet.prefix <= 30 && offset === blockSize(subnet) - 1;
}

function firstFreeHost(subnet: Ipv4Cidr, config: ExtraWithinSubnetConfig): string | undefined {
  for (let offset = 0; offset < Math.min(blockSize(subnet), 4096); offset++) {
    if (config.reservedHostOffsets.includes(offset)) continue;
    if (isExcludedBroadcast(subnet, offset, config)) continue;
    return hostAt(subnet, offset);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Stack: a datacenter config has static routes or BGP sessions, not both
// ---------------------------------------------------------------------------------------------------

export const staticOrBgpConfig = policyConfig(
  "ovh-datacenter-static-or-bgp",
  z.object({
    maxBgpSessions: z
      .number()
      .int()
      .min(1)
      .default(MAX_BGP_SESSIONS)
      .describe(
        `The most BGP extras one datacenter config may have (OVHcloud: up to ${MAX_BGP_SESSIONS} BGP peers per AZ).`,
      ),
  }),
);
export type StaticOrBgpConfig = z.infer<typeof staticOrBgpConfig.schema>;
export const staticOrBgpConfigSchema = staticOrBgpConfig.configSchema;

export const staticOrBgp: StackValidationPolicy = {
  name: "ovh-datacenter-static-or-bgp",
  description:
    "No OVHcloud Connect datacenter config has both a static route (network extra) and a BGP session (bgp " +
    "extra), nor more BGP sessions than allowed.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Keep either the static routes or the BGP sessions of each datacenter config.",
  configSchema: staticOrBgpConfig.configSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = staticOrBgpConfig.of(args.getConfig());
    const extras = stackResources(args, [OVH_DATACENTER_EXTRA_CONFIG]);
    if (extras.length === 0) args.notApplicable("no OVHcloud Connect datacenter extra configs in the stack");
    const datacenters = stackResources(args, [OVH_DATACENTER_CONFIG]);
    const pending: string[] = [];
    const groups = new Map<
      string,
      { link: DatacenterLink; network: StackResource[]; bgp: StackResource[] }
    >();
    for (const extra of extras) {
      const label = describe(extra.type, extra.name);
      const kind = kindOf(extra.props);
      if (kind === UNKNOWN) {
        pending.push(`${label} type`);
        continue;
      }
      if (kind !== "network" && kind !== "bgp") continue;
      const link = linkExtraToDatacenter(extra, datacenters);
      if (link.kind === "unknown") {
        pending.push(`${label} datacenter config (${link.reason})`);
        continue;
      }
      const group = groups.get(link.key) ?? { link, network: [], bgp: [] };
      group[kind].push(extra);
      groups.set(link.key, group);
    }
    for (const { link, network, bgp } of groups.values()) {
      const urn = link.kind === "resource" ? link.datacenter.urn : (network[0] ?? bgp[0]).urn;
      const label = linkLabel(link);
      const names = (list: StackResource[]) => list.map((r) => `'${r.name}'`).join(", ");
      if (network.length > 0 && bgp.length > 0) {
        report(
          `${label} has both a static route (extra ${names(network)}) and a BGP session (extra ${names(bgp)}); ` +
            "OVHcloud Connect allows only one kind per datacenter config. Remove the static route extra(s) and " +
            "announce those prefixes over BGP, or remove the BGP extra(s).",
          urn,
        );
      }
      if (bgp.length > config.maxBgpSessions) {
        report(
          `${label} has ${bgp.length} BGP sessions (extra ${names(bgp)}); at most ${config.maxBgpSessions} are ` +
            "allowed. Remove BGP extras, or raise maxBgpSessions in the policy config.",
          urn,
        );
      }
    }
    settleAll(staticOrBgp.name, pending);
  },
};
