/** OVHcloud Connect (private links into a vRack): seed 000's steps as resources, and lookups. */
import { assertOneSdk } from "../core/sdk";

// Also an entry point of its own (`pulumi-interconnect/ovh`): check for a second SDK before anything loads it.
assertOneSdk();

export * from "./vrackOvhCloudConnect";
export * from "./popConfig";
export * from "./datacenterConfig";
export * from "./datacenterExtraConfig";
export * from "./lookups";
export { OVH_ENDPOINTS, signRequest } from "./client";
export type { OvhCredentials } from "./client";
