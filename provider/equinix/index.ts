/** Equinix Fabric: Layer 2 connections on Fabric v4 (the default) or ECX v3, and lookups. */
export * from "./l2Connection";
export * from "./lookups";
