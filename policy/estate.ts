/**
 * Stack policies across resources and vendors: no two connection ends (Equinix, Console Connect) share a port and
 * VLAN tags, and no two OVHcloud Connect blocks (PoP, datacenter, static route subnets) overlap.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { net } from "pulumi-interconnect";
import { z } from "zod";
import { policyConfig } from "./config";
import { kindOf } from "./ovh";
import {
  CONNECTION_TYPES,
  EQUINIX_L2_CONNECTION,
  OVH_CONFIG_TYPES,
  OVH_DATACENTER_EXTRA_CONFIG,
} from "./types";
import {
  asProps,
  describe,
  idText,
  isMissing,
  isUnknown,
  settleAll,
  show,
  type StackResource,
  stackResources,
  toCidr,
  toInteger,
  UNKNOWN,
  type Unknown,
} from "./util";

const { formatCidr, overlaps } = net;
type Ipv4Cidr = net.Ipv4Cidr;

// ---------------------------------------------------------------------------------------------------
// Stack: VLAN tags unique per port
// ---------------------------------------------------------------------------------------------------

export const uniqueVlanConfig = policyConfig(
  "interconnect-unique-vlan",
  z.object({
    missingCTagMatchesAll: z
      .boolean()
      .default(true)
      .describe(
        "An Equinix connection without vlanCTag takes the whole S-tag (QinQ ports match on the S-tag), so it " +
          "collides with any connection using the same S-tag on that port. false: compare C-tags exactly.",
      ),
  }),
);
export type UniqueVlanConfig = z.infer<typeof uniqueVlanConfig.schema>;
export const uniqueVlanConfigSchema = uniqueVlanConfig.configSchema;

interface VlanEndpoint {
  readonly owner: StackResource;
  readonly where: string;
  readonly fields: string;
  readonly port: string;
  readonly portKey: string;
  readonly sTag: number;
  readonly cTag: number | undefined;
}

function vlanEndpoints(resource: StackResource, pending: string[]): VlanEndpoint[] {
  const label = describe(resource.type, resource.name);
  const out: VlanEndpoint[] = [];
  const add = (
    side: string,
    vendor: string,
    port: unknown,
    sTag: unknown,
    cTag: unknown,
    fields: [string, string, string?],
  ) => {
    const unknowns = [port, sTag, cTag]
      .map((v, i) => (isUnknown(v) ? fields[i] : undefined))
      .filter((f): f is string => f !== undefined);
    if (unknowns.length > 0) return pending.push(`${label} ${unknowns.join(", ")}`);
    const portId = idText(port);
    const s = toInteger(sTag);
    if (portId === undefined || s === undefined) return; // no port (device/token) or VLAN auto-assigned
    out.push({
      owner: resource,
      where: `${label}${side}`,
      fields: fields
        .filter((f): f is string => f !== undefined)
        .slice(1)
        .join("/"),
      port: portId,
      portKey: `${vendor}:${portId}`,
      sTag: s,
      cTag: toInteger(cTag),
    });
  };
  const p = resource.props;
  if (resource.type === EQUINIX_L2_CONNECTION) {
    add("", "equinix", p.portUuid, p.vlanSTag, p.vlanCTag, ["portUuid", "vlanSTag", "vlanCTag"]);
    const secondary = p.secondaryConnection;
    if (isUnknown(secondary)) {
      pending.push(`${label} secondaryConnection`);
    } else if (!isMissing(secondary)) {
      const s = asProps(secondary);
      add(
        " (secondary)",
        "equinix",
        isMissing(s.portUuid) ? p.portUuid : s.portUuid,
        s.vlanSTag,
        s.vlanCTag,
        ["secondaryConnection.portUuid", "secondaryConnection.vlanSTag", "secondaryConnection.vlanCTag"],
      );
    }
  } else {
    add(" (source side)", "consoleconnect", p.portId, p.srcVlanRequest, undefined, [
      "portId",
      "srcVlanRequest",
    ]);
    add(" (destination side)", "consoleconnect", p.destPortId, p.destVlanRequest, undefined, [
      "destPortId",
      "destVlanRequest",
    ]);
  }
  return out;
}

function tagsText(e: VlanEndpoint): string {
  return e.cTag === undefined ? `S-tag ${e.sTag}` : `S-tag ${e.sTag}/C-tag ${e.cTag}`;
}

export const uniqueVlan: StackValidationPolicy = {
  name: "interconnect-unique-vlan",
  description:
    "No two connections (Equinix primary/secondary, Console Connect source/destination) use the same VLAN " +
    "tags on the same port.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Give each connection on a port its own VLAN tag (vlanSTag/vlanCTag, srcVlanRequest/destVlanRequest).",
  configSchema: uniqueVlanConfig.configSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = uniqueVlanConfig.of(args.getConfig());
    const connections = stackResources(args, CONNECTION_TYPES);
    if (connections.length === 0)
      args.notApplicable("no Equinix or Console Connect connections in the stack");
    const pending: string[] = [];
    const byPortAndSTag = new Map<string, VlanEndpoint[]>();
    for (const connection of connections) {
      for (const endpoint of vlanEndpoints(connection, pending)) {
        const key = `${endpoint.portKey}|${endpoint.sTag}`;
        const earlier = byPortAndSTag.get(key) ?? [];
        const clash = earlier.find(
          (e) =>
            e.cTag === endpoint.cTag ||
            (config.missingCTagMatchesAll && (e.cTag === undefined || endpoint.cTag === undefined)),
        );
        if (clash) {
          report(
            `${endpoint.where} uses ${tagsText(endpoint)} on port ${show(endpoint.port)}, which ${clash.where} ` +
              `already uses (${tagsText(clash)}). Two connections on one port need different VLAN tags: change ` +
              `${endpoint.fields} of '${endpoint.owner.name}' to a free VLAN.`,
            endpoint.owner.urn,
          );
        }
        earlier.push(endpoint);
        byPortAndSTag.set(key, earlier);
      }
    }
    settleAll(uniqueVlan.name, pending);
  },
};

// ---------------------------------------------------------------------------------------------------
// Stack: OVHcloud Connect subnets do not overlap
// ---------------------------------------------------------------------------------------------------

export const noOverlapConfig = policyConfig(
  "ovh-no-overlapping-subnets",
  z.object({
    includeStaticRoutes: z
      .boolean()
      .default(true)
      .describe("Also compare the subnets of static routes (network extras)."),
    scope: z
      .enum(["stack", "service"])
      .default("stack")
      .describe(
        'Compare all OVHcloud Connect subnets of the stack ("stack"), or only those of the same OVHcloud ' +
          'Connect service, serviceName ("service").',
      ),
  }),
);
export type NoOverlapConfig = z.infer<typeof noOverlapConfig.schema>;
export const noOverlapConfigSchema = noOverlapConfig.configSchema;

interface Block {
  readonly owner: StackResource;
  readonly what: string;
  readonly cidr: Ipv4Cidr;
  readonly service: string | Unknown | undefined;
}

export const noOverlap: StackValidationPolicy = {
  name: "ovh-no-overlapping-subnets",
  description:
    "The subnets of the OVHcloud Connect PoP configs, datacenter configs and static routes in the stack do " +
    "not overlap.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Give each PoP, datacenter config and static route its own, non-overlapping block.",
  configSchema: noOverlapConfig.configSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = noOverlapConfig.of(args.getConfig());
    const resources = stackResources(args, OVH_CONFIG_TYPES);
    if (resources.length === 0) args.notApplicable("no OVHcloud Connect configurations in the stack");
    const pending: string[] = [];
    const blocks: Block[] = [];
    for (const resource of resources) {
      const label = describe(resource.type, resource.name);
      if (resource.type === OVH_DATACENTER_EXTRA_CONFIG) {
        const kind = kindOf(resource.props);
        if (kind === "bgp" || !config.includeStaticRoutes) continue;
        if (kind === UNKNOWN && !isMissing(resource.props.subnet)) {
          pending.push(`${label} type`);
          continue;
        }
      }
      const raw = resource.props.subnet;
      if (isUnknown(raw)) {
        pending.push(`${label} subnet`);
        continue;
      }
      const cidr = toCidr(raw);
      if (!cidr) continue; // absent (L2) or malformed (reported by the resource policies)
      const serviceName = resource.props.serviceName;
      const what = resource.type === OVH_DATACENTER_EXTRA_CONFIG ? "static route subnet" : "subnet";
      blocks.push({
        owner: resource,
        what,
        cidr,
        service: isUnknown(serviceName) ? UNKNOWN : idText(serviceName),
      });
    }
    blocks.forEach((block, i) => {
      for (const other of blocks.slice(0, i)) {
        if (config.scope === "service") {
          if (block.service === UNKNOWN || other.service === UNKNOWN) {
            pending.push(`${describe(block.owner.type, block.owner.name)} serviceName`);
            continue;
          }
          if (block.service !== other.service) continue;
        }
        if (!overlaps(block.cidr, other.cidr)) continue;
        report(
          `${describe(block.owner.type, block.owner.name)}: ${block.what} ${formatCidr(block.cidr)} overlaps ${other.what} ` +
            `${formatCidr(other.cidr)} of ${describe(other.owner.type, other.owner.name)}. OVHcloud Connect routes each ` +
            "block to one place; change subnet to a block that does not overlap any other.",
          block.owner.urn,
        );
        break;
      }
    });
    settleAll(noOverlap.name, [...new Set(pending)]);
  },
};
