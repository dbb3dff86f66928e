/**
 * Lookups for programs: find ports and service profiles before declaring a connection. They run in the program,
 * with the same credentials and API version as the resources (stack config `interconnect:equinix*` or the
 * environment): Fabric v4 by default, ECX v3 when `interconnect:equinixApiVersion` is "v3". Both answer in one
 * shape, with encapsulations spelled the way `portEncapsulation` and `profileEncapsulation` take them.
 */
import {
  ApiVersion,
  EquinixClient,
  EquinixCredentials,
  configuredApiVersion,
  credentialsFromSettings,
} from "./client";
import { FabricV4 } from "./v4/client";
import type { Port as V4Port, ServiceProfile as V4Profile } from "./v4/types";
import type { ServiceProfile as V3Profile, UserPort } from "./types";

/** An A-side port of the account. */
export interface Port {
  uuid: string;
  name: string;
  /** "Dot1Q" or "QinQ", as `portEncapsulation` takes it. */
  encapsulation?: "Dot1Q" | "QinQ";
  metroCode?: string;
  /** PRIMARY or SECONDARY: which leg of a redundant pair the port is for. */
  priority?: string;
  /** Bandwidth, in Mbps. */
  bandwidth?: number;
  /** The port as the API answered it (v4 `Port`, v3 `UserPort`). */
  raw: V4Port | UserPort;
}

/** A seller's service profile. */
export interface ServiceProfile {
  uuid: string;
  name: string;
  /** "Dot1Q" or "QinQ", as `profileEncapsulation` takes it. */
  profileEncapsulation?: "Dot1Q" | "QinQ";
  /** The bandwidths the profile offers, in Mbps (when it lists them). */
  bandwidths?: number[];
  /** The metros it is offered in, with their seller regions (the `sellerRegion` values it takes). */
  metros?: { code: string; sellerRegions?: Record<string, string> }[];
  /** Whether connections must carry the seller's key (`authorizationKey`). */
  authenticationKeyRequired?: boolean;
  /** Whether the seller requires a redundant pair. */
  redundancyRequired?: boolean;
  raw: V4Profile | V3Profile;
}

/** Old names, for programs written against 0.1.0. */
export type { UserPort } from "./types";

/** Options of the lookups: the API to ask and, to override the configured ones, credentials and endpoint. */
export interface LookupOptions extends Partial<EquinixCredentials> {
  /** The API to ask; the configured one by default. */
  apiVersion?: ApiVersion;
}

function client(options: LookupOptions = {}): { version: ApiVersion; client: EquinixClient } {
  const { apiVersion, ...credentials } = options;
  return {
    version: apiVersion ?? configuredApiVersion(),
    client: new EquinixClient({ ...credentialsFromSettings(), ...credentials }),
  };
}

/** The tagging-table spelling of an API encapsulation ("Dot1q", "DOT1Q" → "Dot1Q"; "Qinq", "QINQ" → "QinQ"). */
export function encapsulationOf(apiValue: string | undefined): "Dot1Q" | "QinQ" | undefined {
  const v = apiValue?.toLowerCase();
  return v === "dot1q" ? "Dot1Q" : v === "qinq" ? "QinQ" : undefined;
}

function fromV4Port(port: V4Port): Port {
  return {
    uuid: port.uuid,
    name: port.name,
    encapsulation: encapsulationOf(port.encapsulation?.type),
    metroCode: port.location?.metroCode,
    priority: port.redundancy?.priority,
    bandwidth: port.bandwidth,
    raw: port,
  };
}

function fromV3Port(port: UserPort): Port {
  return {
    uuid: port.uuid,
    name: port.name,
    encapsulation: encapsulationOf(port.encapsulation),
    metroCode: port.metroCode,
    priority: port.devicePriority?.toUpperCase(),
    bandwidth: port.totalBandwidth,
    raw: port,
  };
}

function fromV4Profile(profile: V4Profile): ServiceProfile {
  const colo =
    profile.accessPointTypeConfigs?.find((c) => c.type === "COLO") ?? profile.accessPointTypeConfigs?.[0];
  return {
    uuid: profile.uuid,
    name: profile.name,
    profileEncapsulation: encapsulationOf(colo?.linkProtocolConfig?.encapsulation),
    bandwidths: colo?.supportedBandwidths,
    metros: profile.metros?.map((m) => ({ code: m.code, sellerRegions: m.sellerRegions })),
    authenticationKeyRequired: colo?.authenticationKey?.required,
    redundancyRequired: colo?.connectionRedundancyRequired,
    raw: profile,
  };
}

function fromV3Profile(profile: V3Profile): ServiceProfile {
  return {
    uuid: profile.uuid,
    name: profile.name,
    profileEncapsulation: encapsulationOf(profile.profileEncapsulation),
    bandwidths: profile.speedBands?.map((b) => (b.unit.toUpperCase() === "GB" ? b.speed * 1000 : b.speed)),
    metros: profile.metros?.map((m) => ({ code: m.code, sellerRegions: m.sellerRegions })),
    redundancyRequired: profile.requiredRedundancy,
    raw: profile,
  };
}

/** Every port of the account (v4 `GET /fabric/v4/ports`, v3 `GET /ecx/v3/port/userport`). */
export async function getUserPorts(options?: LookupOptions): Promise<Port[]> {
  const { version, client: c } = client(options);
  if (version === "v4") return (await new FabricV4(c).getPorts()).map(fromV4Port);
  return (await c.getUserPorts()).map(fromV3Port);
}

/** One port by its exact name; fails with the names that exist when there is no such port. */
export async function getPort(name: string, options?: LookupOptions): Promise<Port> {
  const { version, client: c } = client(options);
  // v4 filters by name on the server; its answer is checked for the exact name all the same.
  const ports =
    version === "v4"
      ? (await new FabricV4(c).getPorts(name)).map(fromV4Port)
      : (await c.getUserPorts()).map(fromV3Port);
  const port = ports.find((p) => p.name === name);
  if (port) return port;
  const known =
    version === "v4" ? (await new FabricV4(c).getPorts()).map((p) => p.name) : ports.map((p) => p.name);
  throw new Error(`Equinix: no port named "${name}"; the account has: ${known.join(", ")}`);
}

/** A seller's service profile by its uuid: bandwidths, encapsulation, metros, key and redundancy rules. */
export async function getServiceProfile(uuid: string, options?: LookupOptions): Promise<ServiceProfile> {
  const { version, client: c } = client(options);
  if (version === "v4") return fromV4Profile(await new FabricV4(c).getServiceProfile(uuid));
  return fromV3Profile(await c.getServiceProfile(uuid));
}

/**
 * A seller's service profile by its exact name ("AWS Direct Connect", "Azure ExpressRoute", "Google Cloud Partner
 * Interconnect Zone 1"), with Fabric v4's profile search. Fails when no profile, or more than one, has the name.
 */
export async function findServiceProfile(name: string, options?: LookupOptions): Promise<ServiceProfile> {
  const { version, client: c } = client(options);
  if (version !== "v4")
    throw new Error(
      "Equinix: finding a service profile by name needs Fabric v4 (ECX v3 has no profile search)",
    );
  const found = (await new FabricV4(c).searchServiceProfiles(name)).filter((p) => p.name === name);
  if (found.length === 1) return fromV4Profile(found[0]);
  throw new Error(
    found.length === 0
      ? `Equinix: no service profile named "${name}" is visible to this account`
      : `Equinix: ${found.length} service profiles are named "${name}" (${found.map((p) => p.uuid).join(", ")}); use getServiceProfile(uuid)`,
  );
}
