/**
 * Lookups for programs, as seed 000 starts: is the service eligible for the vRack, which interface is it on
 * (with its light status), which datacenters can be configured, what is configured already. They run in the
 * program, with the same credentials as the resources (stack config `interconnect:ovh*` or environment).
 */
import { OvhClient, OvhCredentials, configPaths, credentialsFromSettings } from "./client";
import { OvhError } from "./errors";
import {
  DatacenterConfigWire,
  DatacenterExtraConfigWire,
  OccDatacenter,
  OccInterface,
  OccService,
  PopConfigWire,
  datacenterConfigAnswer,
  datacenterExtraConfigAnswer,
  popConfigAnswer,
} from "./types";

export type {
  DatacenterConfigWire as DatacenterConfigInfo,
  DatacenterExtraConfigWire as DatacenterExtraConfigInfo,
  OccDatacenter as Datacenter,
  OccInterface as Interface,
  OccService as Service,
  PopConfigWire as PopConfigInfo,
} from "./types";

function client(credentials?: Partial<OvhCredentials>): OvhClient {
  return new OvhClient({ ...credentialsFromSettings(), ...credentials });
}

/** The OVHcloud Connect service (GET /ovhCloudConnect/{serviceName}): bandwidth, PoP, interfaces, vRack. */
export function getService(serviceName: string, credentials?: Partial<OvhCredentials>): Promise<OccService> {
  return client(credentials).getService(serviceName);
}

/** The service's interfaces with their status and light levels (refreshed by OVHcloud every 5 minutes). */
export function getInterfaces(
  serviceName: string,
  credentials?: Partial<OvhCredentials>,
): Promise<OccInterface[]> {
  return client(credentials).interfaces(serviceName);
}

/** The datacenters the service reaches; `available` says whether one can take a new configuration. */
export function getDatacenters(
  serviceName: string,
  credentials?: Partial<OvhCredentials>,
): Promise<OccDatacenter[]> {
  return client(credentials).datacenters(serviceName);
}

/** One datacenter by its name or region (any case); fails with the names that exist when there is none. */
export async function getDatacenter(
  serviceName: string,
  name: string,
  credentials?: Partial<OvhCredentials>,
): Promise<OccDatacenter> {
  const datacenters = await getDatacenters(serviceName, credentials);
  const wanted = name.toLowerCase();
  const found = datacenters.find(
    (d) => d.name.toLowerCase() === wanted || d.region?.toLowerCase() === wanted,
  );
  if (!found)
    throw new OvhError(
      `service ${serviceName} reaches no datacenter named "${name}"; it reaches ` +
        datacenters.map((d) => `${d.name}${d.available ? "" : " (not available)"}`).join(", "),
    );
  return found;
}

/** The service's PoP configs. */
export function getPopConfigs(
  serviceName: string,
  credentials?: Partial<OvhCredentials>,
): Promise<PopConfigWire[]> {
  return client(credentials).listObjects(configPaths.pops(serviceName), popConfigAnswer);
}

/** The datacenter configs under a PoP config, inherited ones included (they belong to the vRack). */
export function getDatacenterConfigs(
  serviceName: string,
  popId: number,
  credentials?: Partial<OvhCredentials>,
): Promise<DatacenterConfigWire[]> {
  return client(credentials).listObjects(configPaths.datacenters(serviceName, popId), datacenterConfigAnswer);
}

/** The static routes and BGP sessions of a datacenter config (its id, not the datacenter's). */
export function getDatacenterExtraConfigs(
  serviceName: string,
  popId: number,
  datacenterConfigId: number,
  credentials?: Partial<OvhCredentials>,
): Promise<DatacenterExtraConfigWire[]> {
  return client(credentials).listObjects(
    configPaths.extras(serviceName, popId, datacenterConfigId),
    datacenterExtraConfigAnswer,
  );
}

/** The OVHcloud Connect services linked to a vRack (GET /vrack/{serviceName}/ovhCloudConnect). */
export function getVrackOvhCloudConnects(
  vrack: string,
  credentials?: Partial<OvhCredentials>,
): Promise<string[]> {
  return client(credentials).linkedServices(vrack);
}

/** The OVHcloud Connect services that can be linked to a vRack (its allowed services). */
export function getVrackAllowedServices(
  vrack: string,
  credentials?: Partial<OvhCredentials>,
): Promise<string[]> {
  return client(credentials).allowedServices(vrack);
}
