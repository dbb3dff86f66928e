export { L2Connection } from "./resource";
export type { L2ConnectionArgs, SecondaryConnectionArgs, ConnectionStateOutput } from "./resource";
