/**
 * pulumi-interconnect: Pulumi resources for private cloud interconnects. One namespace per vendor.
 */
export * as equinix from "./equinix";
export * as ovh from "./ovh";
export * as consoleconnect from "./consoleconnect";
/**
 * The provider of a resource type token. Called by the serialized provider stored in every resource's state
 * (see core/serialized.ts); programs do not need it.
 */
export { dynamicProvider } from "./registry";
