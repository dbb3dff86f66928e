export { VrackOvhCloudConnect } from "./resource";
export type { VrackOvhCloudConnectArgs } from "./resource";
