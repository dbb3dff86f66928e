export { Layer2Connection } from "./resource";
export type { Layer2ConnectionArgs, SpeedChangeRequestOutput } from "./resource";
