/**
 * Console Connect rules that the resources' input checks and the policy pack (pulumi-interconnect-policy) share.
 * Dependency-free; exported from the package's entry point as `rules.consoleconnect`.
 */
import type { IntRange } from "../core/range";

/** Payment types the API takes for a Layer 2 connection ("creditcard" only works in the web application). */
export const PAYMENT_TYPES = ["invoice", "plan"] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

/** Classes of service, best first. */
export const CLASSES_OF_SERVICE = ["GOLD", "SILVERPLUS", "SILVER", "BRONZE"] as const;
export type ClassOfService = (typeof CLASSES_OF_SERVICE)[number];

/** VLAN ids (`srcVlanRequest`, `destVlanRequest`): 1–4094 (IEEE 802.1Q); each port narrows them further. */
export const VLAN_ID_RANGE: IntRange = Object.freeze({ min: 1, max: 4094 });
