export { DatacenterConfig } from "./resource";
export type { DatacenterConfigArgs } from "./resource";
