/** Console Connect (PCCW Global) Layer 2 connections. */
export * from "./layer2Connection";
export * from "./lookups";
export type { ConsoleConnectCredentials } from "./client";
