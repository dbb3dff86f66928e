export { DatacenterExtraConfig } from "./resource";
export type { DatacenterExtraConfigArgs } from "./resource";
