export { PopConfig } from "./resource";
export type { PopConfigArgs } from "./resource";
