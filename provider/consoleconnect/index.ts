/** Console Connect (PCCW Global) Layer 2 connections. */
import { assertOneSdk } from "../core/sdk";

// Also an entry point of its own (`pulumi-interconnect/consoleconnect`): check for a second SDK before anything loads it.
assertOneSdk();

export * from "./layer2Connection";
export * from "./lookups";
export type { ConsoleConnectCredentials } from "./client";
