/**
 * pulumi-interconnect: Pulumi resources for private cloud interconnects. One namespace per vendor.
 *
 * @packageDocumentation
 */
import { assertOneSdk } from "./core/sdk";

// Before anything else: one copy of @pulumi/pulumi, the program's (see core/sdk.ts).
assertOneSdk();

export * as equinix from "./equinix";
export * as ovh from "./ovh";
export * as consoleconnect from "./consoleconnect";
/**
 * The provider of a resource type token. Called by the serialized provider stored in every resource's state
 * (see core/serialized.ts); programs do not need it.
 */
export { dynamicProvider } from "./registry";
/**
 * The rules the resources' input checks share with the policy pack (pulumi-interconnect-policy), one namespace per
 * vendor: e-mail addresses, speed units, VLAN ranges, name lengths, allowed values, OVHcloud address plans.
 */
export * as rules from "./rules";
/** IPv4 addresses and blocks, as the OVHcloud resources and the policy pack read them (on ipaddr.js). */
export * as net from "./core/net";
