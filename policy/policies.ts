/**
 * The policies of the pulumi-interconnect pack, by domain:
 * - equinix.ts: Equinix Fabric L2 redundancy and notifications, and connection speeds and names (Equinix's units
 *   and limits, applied to Console Connect connections too);
 * - consoleconnect.ts: Console Connect payment types and classes of service;
 * - ovh.ts: OVHcloud Connect private ASNs, PoP and datacenter subnets, extras inside their datacenter subnet,
 *   static routes or BGP per datacenter config;
 * - estate.ts: collisions across the stack and vendors (VLAN tags per port, overlapping subnets).
 *
 * Every policy:
 * - selects resources by type token (policy/types.ts), never by class;
 * - declares its config once, as a zod schema (config.ts): its TypeScript type, its `configSchema` (which the
 *   Pulumi CLI validates `--policy-pack-config` against and takes defaults from) and the parsing of
 *   `args.getConfig()` derive from it; its enforcement level can be changed the same way
 *   (`{"<policy>": {"enforcementLevel": "advisory"}}` in `--policy-pack-config`);
 * - takes the vendors' rules (e-mail addresses, speed units, limits, allowed values) from the provider package
 *   (`rules` of pulumi-interconnect), never a copy of them;
 * - says in each violation what is wrong, on which property, and how to fix it;
 * - reports values that are not known yet (preview) as advisory, never as a violation or a crash:
 *   see the header of policy/util.ts.
 *
 * This module only builds objects: `new PolicyPack(...)` lives in index.ts (its constructor starts a
 * gRPC server), so tests can import the policies directly.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyConfig } from "./config";
import { classOfService, classOfServiceConfig, paymentType, paymentTypeConfig } from "./consoleconnect";
import {
  equinixNotifications,
  equinixNotificationsConfig,
  equinixRedundant,
  equinixRedundantConfig,
  maxSpeed,
  maxSpeedConfig,
  namePattern,
  namePatternConfig,
} from "./equinix";
import { noOverlap, noOverlapConfig, uniqueVlan, uniqueVlanConfig } from "./estate";
import {
  datacenterSubnet,
  datacenterSubnetConfig,
  extraWithinSubnet,
  extraWithinSubnetConfig,
  popSubnet,
  popSubnetConfig,
  privateAsn,
  privateAsnConfig,
  staticOrBgp,
  staticOrBgpConfig,
} from "./ovh";

export * from "./consoleconnect";
export * from "./equinix";
export * from "./estate";
export * from "./ovh";

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

/** Each policy's config (zod schema, derived `configSchema`, parser), by policy name. */
export const policyConfigs: Readonly<Record<string, PolicyConfig>> = Object.fromEntries(
  [
    equinixRedundantConfig,
    equinixNotificationsConfig,
    maxSpeedConfig,
    namePatternConfig,
    privateAsnConfig,
    popSubnetConfig,
    datacenterSubnetConfig,
    paymentTypeConfig,
    classOfServiceConfig,
    extraWithinSubnetConfig,
    staticOrBgpConfig,
    uniqueVlanConfig,
    noOverlapConfig,
  ].map((config) => [config.policy, config as PolicyConfig]),
);
