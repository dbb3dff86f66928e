/**
 * What the two API versions share about a pair: its legs, how progress lines name them, and the backend each
 * version implements for the one lifecycle (provider.ts).
 */
import type { Lifecycle } from "../../core/lifecycle";
import type { EquinixClient } from "../client";
import type { L2ConnectionOutputs, l2Connection } from "./schema";

/** One connection of the pair. */
export interface Leg {
  role: "primary" | "secondary";
  uuid: string;
  name: string;
}

/** The legs the state holds (the secondary once it exists). */
export function legs(outputs: {
  uuid: string;
  name: string;
  secondary?: { uuid: string } | null;
  secondaryConnection?: { name: string } | null;
}): Leg[] {
  const out: Leg[] = [{ role: "primary", uuid: outputs.uuid, name: outputs.name }];
  if (outputs.secondary?.uuid)
    out.push({
      role: "secondary",
      uuid: outputs.secondary.uuid,
      name: outputs.secondaryConnection?.name ?? "",
    });
  return out;
}

/** How progress lines and errors name a leg: `Equinix connection "db-link" (primary 7f89…)`. */
export function subject(leg: Leg): string {
  return `Equinix connection "${leg.name}" (${leg.role} ${leg.uuid})`;
}

export const among = (statuses: readonly string[], status: string | undefined | null) =>
  typeof status === "string" && statuses.includes(status);

/** What each API version implements of the lifecycle; diff and the policy around failures are shared. */
export type Backend = Pick<
  Lifecycle<typeof l2Connection, EquinixClient>,
  "create" | "adopt" | "converge" | "observe" | "remove"
> & {
  /** A pair that failed or lost a connection: it can never come up again. */
  isBroken(outputs: Partial<L2ConnectionOutputs>): boolean;
  /** Whether the pair is up (a failed update then leaves it as it is). */
  isUp(outputs: Partial<L2ConnectionOutputs>): boolean;
  /** Property paths this API changes in place; every other change replaces the pair. */
  updatable: readonly string[];
};

/** What both APIs change in place: each leg's name, and the speed. */
export const RENAME_AND_SPEED = [
  "name",
  "speed",
  "speedUnit",
  "secondaryConnection.name",
  "secondaryConnection.speed",
  "secondaryConnection.speedUnit",
] as const;
