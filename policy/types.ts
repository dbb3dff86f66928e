/**
 * Type tokens of the pulumi-interconnect dynamic resources. A dynamic resource's type is
 * `pulumi-nodejs:dynamic/<module>:<Type>`; the provider classes expose the same strings as
 * `static __pulumiType`, so `validateResourceOfType(Class, …)` and `args.type === TOKEN` agree.
 */
export const EQUINIX_L2_CONNECTION = "pulumi-nodejs:dynamic/equinix:L2Connection";
export const OVH_VRACK_OVHCLOUD_CONNECT = "pulumi-nodejs:dynamic/ovh:VrackOvhCloudConnect";
export const OVH_POP_CONFIG = "pulumi-nodejs:dynamic/ovh:PopConfig";
export const OVH_DATACENTER_CONFIG = "pulumi-nodejs:dynamic/ovh:DatacenterConfig";
export const OVH_DATACENTER_EXTRA_CONFIG = "pulumi-nodejs:dynamic/ovh:DatacenterExtraConfig";
export const CONSOLECONNECT_LAYER2_CONNECTION = "pulumi-nodejs:dynamic/consoleconnect:Layer2Connection";

/** Every token this pack knows, with the short label used in messages. */
export const RESOURCE_LABELS: Readonly<Record<string, string>> = {
  [EQUINIX_L2_CONNECTION]: "Equinix L2 connection",
  [OVH_VRACK_OVHCLOUD_CONNECT]: "OVHcloud vRack link",
  [OVH_POP_CONFIG]: "OVHcloud Connect PoP config",
  [OVH_DATACENTER_CONFIG]: "OVHcloud Connect datacenter config",
  [OVH_DATACENTER_EXTRA_CONFIG]: "OVHcloud Connect datacenter extra config",
  [CONSOLECONNECT_LAYER2_CONNECTION]: "Console Connect L2 connection",
};

/** The OVHcloud Connect configuration types, which the address-plan policies look at together. */
export const OVH_CONFIG_TYPES: readonly string[] = [
  OVH_POP_CONFIG,
  OVH_DATACENTER_CONFIG,
  OVH_DATACENTER_EXTRA_CONFIG,
];

/** The connection types that carry a speed, a name and VLANs. */
export const CONNECTION_TYPES: readonly string[] = [EQUINIX_L2_CONNECTION, CONSOLECONNECT_LAYER2_CONNECTION];
