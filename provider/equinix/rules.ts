/**
 * Equinix rules that the resources' input checks and the policy pack (pulumi-interconnect-policy) share, so that
 * the two never disagree. Dependency-free; exported from the package's entry point as `rules.equinix`.
 */
import type { IntRange } from "../core/range";

/**
 * Connection names (primary and secondary) are 1–24 characters: Equinix refuses longer ones (IC-LAYER2-402);
 * terraform's ECX L2 connection validates `StringLenBetween(1, 24)`.
 */
export const NAME_MAX_LENGTH = 24;

/**
 * Notification addresses: terraform-provider-equinix's pattern for ECX notifications (`^[^ @]+@[^ @]+$`):
 * something, "@", something, no spaces and no second "@". Nothing is trimmed.
 */
export const NOTIFICATION_EMAIL_PATTERN = /^[^ @]+@[^ @]+$/;

/** Whether Equinix takes `value` as a notification address (see `NOTIFICATION_EMAIL_PATTERN`). */
export function isNotificationEmail(value: unknown): value is string {
  return typeof value === "string" && NOTIFICATION_EMAIL_PATTERN.test(value);
}

/** The domain of a notification address, as written (what follows "@"); undefined when it is not one. */
export function notificationDomain(value: unknown): string | undefined {
  return isNotificationEmail(value) ? value.slice(value.indexOf("@") + 1) : undefined;
}

/** The units of `speed`, case-sensitive as the API (and terraform's `StringInSlice(…, false)`) takes them. */
export const SPEED_UNITS = ["MB", "GB"] as const;
export type SpeedUnit = (typeof SPEED_UNITS)[number];

/** Mbps per speed unit: Equinix counts 1 GB as 1000 MB. */
export const MBPS_PER_SPEED_UNIT: Readonly<Record<SpeedUnit, number>> = Object.freeze({ MB: 1, GB: 1000 });

export function isSpeedUnit(value: unknown): value is SpeedUnit {
  return typeof value === "string" && (SPEED_UNITS as readonly string[]).includes(value);
}

/** `speed` in `unit`, in Mbps: 10 GB is 10000 Mbps. */
export function speedInMbps(speed: number, unit: SpeedUnit): number {
  return speed * MBPS_PER_SPEED_UNIT[unit];
}

/**
 * VLAN tags (S-tag, C-tag, Z-side C-tag) in the ECX Fabric **v3** API (`equinix.L2Connection` on v3): 2–4094
 * (Equinix's documentation; terraform's old ECX validator stops at 4092).
 */
export const V3_VLAN_TAG_RANGE: IntRange = Object.freeze({ min: 2, max: 4094 });

/** VLAN tags (`vlanTag`, `vlanSTag`, `vlanCTag`) in the Fabric **v4** API: 2–4092 (its OpenAPI maximum). */
export const V4_VLAN_TAG_RANGE: IntRange = Object.freeze({ min: 2, max: 4092 });
