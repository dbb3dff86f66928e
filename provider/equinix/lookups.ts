/**
 * Lookups for programs: find ports and service profiles by name before declaring a connection. They run in the
 * program, with the same credentials as the resources (stack config `interconnect:equinix*` or environment).
 */
import { EquinixClient, EquinixCredentials, credentialsFromSettings } from "./client";
import type { ServiceProfile, UserPort } from "./types";

export type { ServiceProfile, UserPort } from "./types";

function client(credentials?: Partial<EquinixCredentials>): EquinixClient {
  return new EquinixClient({ ...credentialsFromSettings(), ...credentials });
}

/** Every port of the account (GET /ecx/v3/port/userport). */
export async function getUserPorts(credentials?: Partial<EquinixCredentials>): Promise<UserPort[]> {
  return client(credentials).getUserPorts();
}

/** One port by its exact name; fails with the names that exist when there is no such port. */
export async function getPort(name: string, credentials?: Partial<EquinixCredentials>): Promise<UserPort> {
  const ports = await getUserPorts(credentials);
  const port = ports.find((p) => p.name === name);
  if (!port)
    throw new Error(
      `Equinix: no port named "${name}"; the account has: ${ports.map((p) => p.name).join(", ")}`,
    );
  return port;
}

/** A seller's service profile (GET /ecx/v3/l2/serviceprofiles/{uuid}): speed bands, encapsulation, metros. */
export async function getServiceProfile(
  uuid: string,
  credentials?: Partial<EquinixCredentials>,
): Promise<ServiceProfile> {
  return client(credentials).getServiceProfile(uuid);
}

/** The tagging-table spelling of an API encapsulation ("Dot1q"/"Qinq" → "Dot1Q"/"QinQ"). */
export function encapsulationOf(apiValue: string | undefined): "Dot1Q" | "QinQ" | undefined {
  const v = apiValue?.toLowerCase();
  return v === "dot1q" ? "Dot1Q" : v === "qinq" ? "QinQ" : undefined;
}
