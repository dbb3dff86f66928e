/**
 * The policies of the pulumi-interconnect pack. Every policy:
 * - selects resources by type token (policy/types.ts), never by class;
 * - reads its thresholds and lists from `args.getConfig()` (schema in `configSchema`, defaults merged
 *   by the Pulumi CLI and again by `configOf`), and its enforcement level can be changed the same way
 *   (`{"<policy>": {"enforcementLevel": "advisory"}}` in `--policy-pack-config`);
 * - says in each violation what is wrong, on which property, and how to fix it;
 * - reports values that are not known yet (preview) as advisory, never as a violation or a crash:
 *   see the header of policy/util.ts.
 *
 * This module only builds objects: `new PolicyPack(...)` lives in index.ts (its constructor starts a
 * gRPC server), so tests can import the policies directly.
 */
import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  blockSize,
  formatCidr,
  hostAt,
  hostOffset,
  type Ipv4Cidr,
  isNetworkAddress,
  networkOf,
  overlaps,
  parseCidr,
} from "../provider/core/net";
import { type AsnRange, asnInRanges, formatAsnRanges, PRIVATE_ASN_RANGES } from "./asn";
import { type DatacenterLink, kindOf, linkExtraToDatacenter } from "./ovh";
import {
  CONNECTION_TYPES,
  CONSOLECONNECT_LAYER2_CONNECTION,
  EQUINIX_L2_CONNECTION,
  OVH_CONFIG_TYPES,
  OVH_DATACENTER_CONFIG,
  OVH_DATACENTER_EXTRA_CONFIG,
  OVH_POP_CONFIG,
} from "./types";
import {
  asProps,
  configOf,
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
  toNumber,
  UNKNOWN,
  type Unknown,
  validateTypes,
} from "./util";

// ---------------------------------------------------------------------------------------------------
// Equinix: redundancy
// ---------------------------------------------------------------------------------------------------

export interface EquinixRedundantConfig {
  requireDistinctPorts: boolean;
}

export const equinixRedundantConfigSchema: PolicyConfigSchema = {
  properties: {
    requireDistinctPorts: {
      type: "boolean",
      default: true,
      description:
        "Also require the secondary connection on a different port than the primary. An omitted " +
        "secondaryConnection.portUuid means the primary's port (Equinix defaults it).",
    },
  },
};

export const equinixRedundant: ResourceValidationPolicy = {
  name: "equinix-l2-redundant",
  description:
    "Equinix Fabric L2 connections are redundant: a secondaryConnection exists (by default on another port).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set secondaryConnection { name, portUuid, vlanSTag } on the second port of your redundant port pair.",
  configSchema: equinixRedundantConfigSchema,
  validateResource: validateTypes([EQUINIX_L2_CONNECTION], ({ props, pending }, args, report) => {
    const config = configOf<EquinixRedundantConfig>(equinixRedundantConfigSchema, args.getConfig());
    const secondary = props.secondaryConnection;
    if (isUnknown(secondary)) return pending.add("secondaryConnection");
    if (isMissing(secondary)) {
      return report(
        "secondaryConnection is not set: this is a single, non-redundant connection, so one port failure or " +
          "maintenance window takes the link down. Set secondaryConnection (name, portUuid on a second port, " +
          "vlanSTag) to make the connection redundant.",
      );
    }
    if (typeof secondary !== "object" || Array.isArray(secondary)) {
      return report(
        `secondaryConnection is ${show(secondary)}, not an object. Set secondaryConnection to ` +
          "{ name, portUuid, vlanSTag } to make the connection redundant.",
      );
    }
    if (!config.requireDistinctPorts) return;
    const secondaryPort = asProps(secondary).portUuid;
    const primaryPort = props.portUuid;
    if (isUnknown(secondaryPort)) pending.add("secondaryConnection.portUuid");
    if (isUnknown(primaryPort)) pending.add("portUuid");
    if (isUnknown(secondaryPort) || isUnknown(primaryPort)) return;
    const primary = idText(primaryPort);
    if (primary === undefined) return; // not port-based (device or service token): nothing to compare
    if (isMissing(secondaryPort)) {
      return report(
        `secondaryConnection.portUuid is not set, so Equinix places the secondary on the primary's port ` +
          `(portUuid ${show(primary)}) and both fail together. Set secondaryConnection.portUuid to the other ` +
          "port of your redundant pair (or set requireDistinctPorts to false in the policy config).",
      );
    }
    if (idText(secondaryPort) === primary) {
      report(
        `secondaryConnection.portUuid is the same port as portUuid (${show(primary)}), so both connections ` +
          "fail together. Set secondaryConnection.portUuid to the other port of your redundant pair (or set " +
          "requireDistinctPorts to false in the policy config).",
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Equinix: notifications
// ---------------------------------------------------------------------------------------------------

export interface EquinixNotificationsConfig {
  minRecipients: number;
  allowedDomains: string[];
}

export const equinixNotificationsConfigSchema: PolicyConfigSchema = {
  properties: {
    minRecipients: {
      type: "integer",
      minimum: 1,
      default: 1,
      description: "The least number of distinct e-mail addresses in notifications.",
    },
    allowedDomains: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        'E-mail domains notifications may go to (subdomains included), e.g. ["example.com"]. Empty: any.',
    },
  },
};

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

export const equinixNotifications: ResourceValidationPolicy = {
  name: "equinix-l2-notifications",
  description:
    "Equinix Fabric L2 connections notify someone: notifications lists enough valid e-mail addresses.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Add a team mailbox or on-call alias to notifications.",
  configSchema: equinixNotificationsConfigSchema,
  validateResource: validateTypes([EQUINIX_L2_CONNECTION], ({ props, pending }, args, report) => {
    const config = configOf<EquinixNotificationsConfig>(equinixNotificationsConfigSchema, args.getConfig());
    const list = props.notifications;
    if (isUnknown(list)) return pending.add("notifications");
    if (!isMissing(list) && !Array.isArray(list)) {
      return report(
        `notifications is ${show(list)}, not a list. Set notifications to a list of e-mail addresses, ` +
          'e.g. ["noc@example.com"].',
      );
    }
    const domains = config.allowedDomains
      .map((d) => d.trim().replace(/^@/, "").toLowerCase())
      .filter(Boolean);
    const recipients = new Set<string>();
    let unknownEntries = 0;
    (list ?? []).forEach((entry: unknown, i: number) => {
      if (isUnknown(entry)) {
        unknownEntries++;
        return pending.add(`notifications[${i}]`);
      }
      const match = typeof entry === "string" ? EMAIL.exec(entry.trim()) : null;
      if (!match) {
        return report(
          `notifications[${i}] is ${show(entry)}, which is not an e-mail address. Replace it with an address ` +
            "such as noc@example.com.",
        );
      }
      const domain = match[1].toLowerCase();
      if (domains.length > 0 && !domains.some((d) => domain === d || domain.endsWith(`.${d}`))) {
        return report(
          `notifications[${i}] (${show(entry)}) is outside the allowed domains (${domains.join(", ")}). ` +
            "Use an address in one of them, or add the domain to allowedDomains in the policy config.",
        );
      }
      recipients.add((entry as string).trim().toLowerCase());
    });
    if (recipients.size + unknownEntries < config.minRecipients) {
      const what =
        recipients.size === 0 ? "no valid recipient" : `only ${recipients.size} valid recipient(s)`;
      report(
        `notifications has ${what}, and at least ${config.minRecipients} ${config.minRecipients === 1 ? "is" : "are"} ` +
          "required so that someone hears about status changes, outages and maintenance. Add e-mail addresses " +
          "(a team mailbox or on-call alias) to notifications.",
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Equinix and Console Connect: speed
// ---------------------------------------------------------------------------------------------------

export interface MaxSpeedConfig {
  maxSpeedMbps: number;
}

export const maxSpeedConfigSchema: PolicyConfigSchema = {
  properties: {
    maxSpeedMbps: {
      type: "number",
      exclusiveMinimum: 0,
      default: 10000,
      description:
        "The highest connection speed allowed, in Mbps. Equinix speeds in GB count 1000 Mbps per GB.",
    },
  },
};

const EQUINIX_SPEED_UNITS: Readonly<Record<string, number>> = { MB: 1, GB: 1000 };

export const maxSpeed: ResourceValidationPolicy = {
  name: "interconnect-max-speed",
  description:
    "Equinix and Console Connect connection speeds stay within the configured maximum (normalised to Mbps).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Lower speed, or raise maxSpeedMbps in the policy config if the bandwidth is intended.",
  configSchema: maxSpeedConfigSchema,
  validateResource: validateTypes(CONNECTION_TYPES, ({ type, props, pending }, args, report) => {
    const config = configOf<MaxSpeedConfig>(maxSpeedConfigSchema, args.getConfig());
    const speed = props.speed;
    let factor = 1;
    let unitText = "Mbps";
    if (type === EQUINIX_L2_CONNECTION) {
      const unit = props.speedUnit;
      if (isUnknown(unit)) return pending.add("speedUnit");
      unitText = isMissing(unit) ? "MB" : String(unit).trim().toUpperCase();
      if (!(unitText in EQUINIX_SPEED_UNITS)) {
        return report(
          `speedUnit is ${show(unit)}; Equinix accepts "MB" or "GB". Set speedUnit to "MB" or "GB".`,
        );
      }
      factor = EQUINIX_SPEED_UNITS[unitText];
    }
    if (isUnknown(speed)) return pending.add("speed");
    if (isMissing(speed)) return pending.add("speed", true);
    const value = toNumber(speed);
    if (value === undefined || value <= 0) {
      return report(
        `speed is ${show(speed)}, not a positive number. Set speed to the bandwidth you ordered.`,
      );
    }
    const mbps = value * factor;
    if (mbps > config.maxSpeedMbps) {
      const equinixSpeed = type === EQUINIX_L2_CONNECTION;
      const given = equinixSpeed ? `${value} ${unitText} (${mbps} Mbps)` : `${value} Mbps`;
      report(
        `speed ${given} exceeds the configured maximum of ${config.maxSpeedMbps} Mbps. ` +
          `Lower speed${equinixSpeed ? " (and speedUnit)" : ""}, or raise maxSpeedMbps in the ` +
          "interconnect-max-speed policy config if this bandwidth is intended.",
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Equinix and Console Connect: names
// ---------------------------------------------------------------------------------------------------

export interface NamePatternConfig {
  pattern: string;
  flags: string;
  maxLength: number;
}

export const namePatternConfigSchema: PolicyConfigSchema = {
  properties: {
    pattern: {
      type: "string",
      default: "^[A-Za-z0-9]+([ _-][A-Za-z0-9]+)*$",
      description:
        "JavaScript regular expression every connection name must match. The default (letters and digits, " +
        "words joined by single hyphens, underscores or spaces) is what Equinix accepts.",
    },
    flags: {
      type: "string",
      pattern: "^[imsu]*$",
      default: "",
      description: 'Regular expression flags for pattern, e.g. "i".',
    },
    maxLength: {
      type: "integer",
      minimum: 1,
      default: 24,
      description: "The longest name allowed. Equinix refuses names over 24 characters.",
    },
  },
};

export const namePattern: ResourceValidationPolicy = {
  name: "interconnect-name-pattern",
  description:
    "Equinix and Console Connect connection names (including the Equinix secondary) follow the configured pattern.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: "Rename the connection to match the pattern, or change pattern in the policy config.",
  configSchema: namePatternConfigSchema,
  validateResource: validateTypes(CONNECTION_TYPES, ({ type, props, pending }, args, report) => {
    const config = configOf<NamePatternConfig>(namePatternConfigSchema, args.getConfig());
    let re: RegExp;
    try {
      re = new RegExp(config.pattern, config.flags);
    } catch (error) {
      return report(
        `The interconnect-name-pattern policy config is invalid: pattern ${show(config.pattern)} with flags ` +
          `${show(config.flags)} is not a valid regular expression (${(error as Error).message}). Fix pattern ` +
          "in the policy config.",
      );
    }
    const names: [string, unknown, boolean][] = [["name", props.name, true]];
    if (type === EQUINIX_L2_CONNECTION) {
      const secondary = props.secondaryConnection;
      if (isUnknown(secondary)) pending.add("secondaryConnection");
      else names.push(["secondaryConnection.name", asProps(secondary).name, false]);
    }
    for (const [path, value, required] of names) {
      if (isUnknown(value)) {
        pending.add(path);
      } else if (isMissing(value)) {
        if (required) pending.add(path, true);
      } else if (typeof value !== "string") {
        report(`${path} is ${show(value)}, not a string. Set ${path} to a name matching ${re}.`);
      } else if (value.length > config.maxLength) {
        report(
          `${path} ${show(value)} is ${value.length} characters long; the maximum is ${config.maxLength}. ` +
            `Shorten ${path}.`,
        );
      } else if (!re.test(value)) {
        report(
          `${path} ${show(value)} does not match the naming pattern ${re}. Rename it to match (for the default ` +
            'pattern: letters and digits, words joined by "-", "_" or a space), or change pattern in the ' +
            "interconnect-name-pattern policy config.",
        );
      }
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// OVHcloud Connect: private ASNs
// ---------------------------------------------------------------------------------------------------

export interface PrivateAsnConfig {
  allowedRanges: AsnRange[];
}

export const privateAsnConfigSchema: PolicyConfigSchema = {
  properties: {
    allowedRanges: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          min: { type: "integer", minimum: 0, maximum: 4294967295 },
          max: { type: "integer", minimum: 0, maximum: 4294967295 },
        },
        required: ["min", "max"],
      },
      default: PRIVATE_ASN_RANGES.map((r) => ({ ...r })),
      description: "Inclusive ASN ranges allowed for BGP. Default: the RFC 6996 private-use ranges.",
    },
  },
};

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
  configSchema: privateAsnConfigSchema,
  validateResource: validateTypes(OVH_CONFIG_TYPES, ({ type, props, pending }, args, report) => {
    const config = configOf<PrivateAsnConfig>(privateAsnConfigSchema, args.getConfig());
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
      if (asn === undefined || asn < 0 || asn > 4294967295) {
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

export interface PopSubnetConfig {
  prefixLength: number;
  requireNetworkAddress: boolean;
}

export const popSubnetConfigSchema: PolicyConfigSchema = {
  properties: {
    prefixLength: {
      type: "integer",
      minimum: 0,
      maximum: 32,
      default: 30,
      description:
        "The prefix length an L3 PoP subnet must have (OVHcloud: /30, first host OVH, second you).",
    },
    requireNetworkAddress: {
      type: "boolean",
      default: true,
      description: "Require the block's network address (e.g. 10.0.0.0/30, not 10.0.0.1/30).",
    },
  },
};

export const popSubnet: ResourceValidationPolicy = {
  name: "ovh-pop-subnet",
  description: "OVHcloud Connect L3 PoP configs have a /30 subnet, written as its network address.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set subnet on the L3 PoP config to a /30 block such as 192.168.100.0/30.",
  configSchema: popSubnetConfigSchema,
  validateResource: validateTypes([OVH_POP_CONFIG], ({ props, pending }, args, report) => {
    const config = configOf<PopSubnetConfig>(popSubnetConfigSchema, args.getConfig());
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

export interface DatacenterSubnetConfig {
  maxPrefixLength: number;
  requireNetworkAddress: boolean;
}

export const datacenterSubnetConfigSchema: PolicyConfigSchema = {
  properties: {
    maxPrefixLength: {
      type: "integer",
      minimum: 0,
      maximum: 32,
      default: 28,
      description: "The longest prefix an L3 datacenter subnet may have: /28 or larger blocks by default.",
    },
    requireNetworkAddress: {
      type: "boolean",
      default: true,
      description: "Require the block's network address (e.g. 10.0.0.0/28, not 10.0.0.5/28).",
    },
  },
};

export const datacenterSubnet: ResourceValidationPolicy = {
  name: "ovh-datacenter-subnet",
  description:
    "OVHcloud Connect L3 datacenter configs have a /28 or larger subnet, written as its network address.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set subnet on the datacenter config to a /28 or larger block such as 10.10.0.0/28.",
  configSchema: datacenterSubnetConfigSchema,
  validateResource: validateTypes([OVH_DATACENTER_CONFIG], ({ props, pending }, args, report) => {
    const config = configOf<DatacenterSubnetConfig>(datacenterSubnetConfigSchema, args.getConfig());
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
// Console Connect: payment type and class of service
// ---------------------------------------------------------------------------------------------------

/** A Console Connect policy allowing `field` to take only the values listed under `configKey` in the policy config. */
function allowedValuesPolicy(spec: {
  name: string;
  field: string;
  configKey: string;
  defaults: string[];
  configDescription: string;
  description: string;
  remediationSteps: string;
}): { policy: ResourceValidationPolicy; configSchema: PolicyConfigSchema } {
  const configSchema: PolicyConfigSchema = {
    properties: {
      [spec.configKey]: {
        type: "array",
        items: { type: "string" },
        minItems: 1,
        default: spec.defaults,
        description: spec.configDescription,
      },
    },
  };
  const policy: ResourceValidationPolicy = {
    name: spec.name,
    description: spec.description,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: spec.remediationSteps,
    configSchema,
    validateResource: validateTypes(
      [CONSOLECONNECT_LAYER2_CONNECTION],
      ({ props, pending }, args, report) => {
        const config = configOf<Record<string, string[]>>(configSchema, args.getConfig());
        const value = props[spec.field];
        if (isUnknown(value)) return pending.add(spec.field);
        if (isMissing(value)) return; // the API's default applies
        const allowed = config[spec.configKey];
        const normalised = allowed.map((a) => a.trim().toLowerCase());
        if (typeof value !== "string" || !normalised.includes(value.trim().toLowerCase())) {
          report(
            `${spec.field} ${show(value)} is not allowed (allowed: ${allowed.join(", ")}). Set ${spec.field} to one ` +
              `of them, or add it to ${spec.configKey} in the policy config.`,
          );
        }
      },
    ),
  };
  return { policy, configSchema };
}

const paymentTypePolicy = allowedValuesPolicy({
  name: "consoleconnect-payment-type",
  field: "paymentType",
  configKey: "allowedPaymentTypes",
  defaults: ["invoice", "plan"],
  configDescription:
    'Payment types allowed for Console Connect connections ("invoice", "plan", "creditcard").',
  description: "Console Connect L2 connections use an allowed payment type (default: invoice or plan).",
  remediationSteps: "Set paymentType to an allowed value, e.g. invoice.",
});
export const paymentTypeConfigSchema = paymentTypePolicy.configSchema;
export const paymentType = paymentTypePolicy.policy;

const classOfServicePolicy = allowedValuesPolicy({
  name: "consoleconnect-class-of-service",
  field: "classOfService",
  configKey: "allowedClassesOfService",
  defaults: ["GOLD", "SILVERPLUS", "SILVER", "BRONZE"],
  configDescription:
    "Classes of service allowed for Console Connect connections (GOLD, SILVERPLUS, SILVER, BRONZE).",
  description: "Console Connect L2 connections use an allowed class of service.",
  remediationSteps: "Set classOfService to an allowed value, e.g. SILVER.",
});
export const classOfServiceConfigSchema = classOfServicePolicy.configSchema;
export const classOfService = classOfServicePolicy.policy;

// ---------------------------------------------------------------------------------------------------
// Stack: OVHcloud Connect extras inside their datacenter subnet
// ---------------------------------------------------------------------------------------------------

export interface ExtraWithinSubnetConfig {
  reservedHostOffsets: number[];
  excludeBroadcast: boolean;
}

export const extraWithinSubnetConfigSchema: PolicyConfigSchema = {
  properties: {
    reservedHostOffsets: {
      type: "array",
      items: { type: "integer", minimum: 0 },
      default: [0, 1, 2, 3],
      description:
        "Host offsets in a datacenter subnet that a next hop or BGP neighbour may not use. OVHcloud: .0 " +
        "network, .1 VRRP gateway, .2/.3 OVHcloud routers.",
    },
    excludeBroadcast: {
      type: "boolean",
      default: true,
      description: "Also refuse the last address of the subnet (broadcast).",
    },
  },
};

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
  configSchema: extraWithinSubnetConfigSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = configOf<ExtraWithinSubnetConfig>(extraWithinSubnetConfigSchema, args.getConfig());
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

export interface StaticOrBgpConfig {
  maxBgpSessions: number;
}

export const staticOrBgpConfigSchema: PolicyConfigSchema = {
  properties: {
    maxBgpSessions: {
      type: "integer",
      minimum: 1,
      default: 4,
      description: "The most BGP extras one datacenter config may have (OVHcloud: up to 4 BGP peers per AZ).",
    },
  },
};

export const staticOrBgp: StackValidationPolicy = {
  name: "ovh-datacenter-static-or-bgp",
  description:
    "No OVHcloud Connect datacenter config has both a static route (network extra) and a BGP session (bgp " +
    "extra), nor more BGP sessions than allowed.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Keep either the static routes or the BGP sessions of each datacenter config.",
  configSchema: staticOrBgpConfigSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = configOf<StaticOrBgpConfig>(staticOrBgpConfigSchema, args.getConfig());
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

// ---------------------------------------------------------------------------------------------------
// Stack: VLAN tags unique per port
// ---------------------------------------------------------------------------------------------------

export interface UniqueVlanConfig {
  missingCTagMatchesAll: boolean;
}

export const uniqueVlanConfigSchema: PolicyConfigSchema = {
  properties: {
    missingCTagMatchesAll: {
      type: "boolean",
      default: true,
      description:
        "An Equinix connection without vlanCTag takes the whole S-tag (QinQ ports match on the S-tag), so it " +
        "collides with any connection using the same S-tag on that port. false: compare C-tags exactly.",
    },
  },
};

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
  configSchema: uniqueVlanConfigSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = configOf<UniqueVlanConfig>(uniqueVlanConfigSchema, args.getConfig());
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

export interface NoOverlapConfig {
  includeStaticRoutes: boolean;
  scope: "stack" | "service";
}

export const noOverlapConfigSchema: PolicyConfigSchema = {
  properties: {
    includeStaticRoutes: {
      type: "boolean",
      default: true,
      description: "Also compare the subnets of static routes (network extras).",
    },
    scope: {
      type: "string",
      enum: ["stack", "service"],
      default: "stack",
      description:
        'Compare all OVHcloud Connect subnets of the stack ("stack"), or only those of the same OVHcloud ' +
        'Connect service, serviceName ("service").',
    },
  },
};

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
  configSchema: noOverlapConfigSchema,
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = configOf<NoOverlapConfig>(noOverlapConfigSchema, args.getConfig());
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

// ---------------------------------------------------------------------------------------------------

export const resourcePolicies: ResourceValidationPolicy[] = [
  equinixRedundant,
  equinixNotifications,
  maxSpeed,
  namePattern,
  privateAsn,
  popSubnet,
  datacenterSubnet,
  paymentType,
  classOfService,
];

export const stackPolicies: StackValidationPolicy[] = [extraWithinSubnet, staticOrBgp, uniqueVlan, noOverlap];

/** Every policy of the pack, in the order index.ts registers them. */
export const allPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  ...resourcePolicies,
  ...stackPolicies,
];
