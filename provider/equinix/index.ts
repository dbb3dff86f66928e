/** Equinix Fabric (v3 Layer 2 connections). */
export * from "./l2Connection";
export * from "./lookups";
