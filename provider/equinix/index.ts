/** Equinix Fabric: Layer 2 connections on Fabric v4 (the default) or ECX v3, and lookups. */
import { assertOneSdk } from "../core/sdk";

// Also an entry point of its own (`pulumi-interconnect/equinix`): check for a second SDK before anything loads it.
assertOneSdk();

export * from "./l2Connection";
export * from "./lookups";
