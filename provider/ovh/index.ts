/** OVHcloud Connect (private links into a vRack): seed 000's steps as resources, and lookups. */
export * from "./vrackOvhCloudConnect";
export * from "./popConfig";
export * from "./datacenterConfig";
export * from "./datacenterExtraConfig";
export * from "./lookups";
export { OVH_ENDPOINTS, signRequest } from "./client";
export type { OvhCredentials } from "./client";
