/**
 * pulumi-interconnect: Pulumi resources for private cloud interconnects. One namespace per vendor.
 */
export * as equinix from "./equinix";
export * as ovh from "./ovh";
export * as consoleconnect from "./consoleconnect";
