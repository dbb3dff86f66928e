/**
 * Rules that the resources' input checks and the policy pack (pulumi-interconnect-policy) share: one definition
 * each, so the pack never accepts what the provider refuses, nor the reverse. Dependency-free constants and
 * predicates, one namespace per vendor; exported from the package's entry point as `rules`.
 */
export { type IntRange, formatRange, inRange } from "./core/range";
export * as equinix from "./equinix/rules";
export * as consoleconnect from "./consoleconnect/rules";
export * as ovh from "./ovh/rules";
