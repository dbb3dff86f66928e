/**
 * Lookups for programs: go from names to the ids a connection needs, the way seeds 002 and 003 do with curl.
 * They run in the program, with the same credentials as the resources (stack config `interconnect:consoleConnect*`
 * or environment).
 */
import { ConsoleConnectClient, ConsoleConnectCredentials, credentialsFromSettings } from "./client";
import type { DataCenterFacility, LoopBackFilter, MetroCapability, Port } from "./types";

export type { DataCenterFacility, LoopBackFilter, MetroCapability, Port } from "./types";

function client(credentials?: Partial<ConsoleConnectCredentials>): ConsoleConnectClient {
  return new ConsoleConnectClient({ ...credentialsFromSettings(), ...credentials });
}

/** One item by exact name (or metro code); fails with the names that exist when there is none. */
function pick<T extends { name: string }>(
  items: T[],
  wanted: string,
  what: string,
  key = (i: T) => [i.name],
) {
  const found = items.find((item) => key(item).some((k) => k?.toLowerCase() === wanted.toLowerCase()));
  if (!found)
    throw new Error(
      `Console Connect: no ${what} "${wanted}"; there are: ${items.map((i) => key(i).filter(Boolean).join("/")).join(", ") || "none"}`,
    );
  return found;
}

/** The company username of the API key (GET /api/auth/token): your `companyUsername` and port-to-port `destCompany`. */
export async function getCompanyUsername(credentials?: Partial<ConsoleConnectCredentials>): Promise<string> {
  return client(credentials).companyUsername();
}

/** A company's ports that are not deleted (GET /api/company/{company}/ports?deleted=false); yours by default. */
export async function getPorts(
  companyUsername?: string,
  credentials?: Partial<ConsoleConnectCredentials>,
): Promise<Port[]> {
  const api = client(credentials);
  return api.getPorts(await api.companyUsername(companyUsername));
}

/** One of your ports by its exact name (case-insensitive). */
export async function getPort(
  name: string,
  companyUsername?: string,
  credentials?: Partial<ConsoleConnectCredentials>,
): Promise<Port> {
  return pick(await getPorts(companyUsername, credentials), name, "port");
}

/**
 * The metros where a company is present, with `id` (destMetroId), `regionIds` (destRegionId) and the first
 * data-center facility (destDcf). Both spellings of that field are filled, whichever the API sent.
 */
export async function getMetroCapabilities(
  companyUsername: string,
  credentials?: Partial<ConsoleConnectCredentials>,
): Promise<MetroCapability[]> {
  const metros = await client(credentials).getMetroCapabilities(companyUsername);
  return metros.map((m) => {
    const dcf = m.firstDataCenterFacilityIdInMetro ?? m.firstDataCenterFacilityId;
    return { ...m, firstDataCenterFacilityIdInMetro: dcf, firstDataCenterFacilityId: dcf };
  });
}

/** One metro of a company by code ("HKG") or name ("Hong Kong"), case-insensitive. */
export async function getMetro(
  companyUsername: string,
  codeOrName: string,
  credentials?: Partial<ConsoleConnectCredentials>,
): Promise<MetroCapability> {
  const metros = await getMetroCapabilities(companyUsername, credentials);
  return pick(metros, codeOrName, `metro of ${companyUsername}`, (m) => [m.code ?? "", m.name]);
}

/**
 * Data-center facilities matching a LoopBack filter (GET /v2/data-center-facility?filter=…), e.g.
 * `{where: {"dataCenterFacility.ready": true, "dataCenterFacility.metroId": metro.id}, limit: 100}`.
 */
export async function searchDataCenterFacilities(
  filter: LoopBackFilter,
  credentials?: Partial<ConsoleConnectCredentials>,
): Promise<DataCenterFacility[]> {
  return client(credentials).searchDataCenterFacilities(filter);
}

/** The ready data-center facilities of a metro, as seed 003's company-to-company flow searches them. */
export async function getDataCenterFacilities(
  metroId: string,
  credentials?: Partial<ConsoleConnectCredentials>,
): Promise<DataCenterFacility[]> {
  return searchDataCenterFacilities(
    {
      where: { "dataCenterFacility.ready": true, "dataCenterFacility.metroId": metroId },
      skip: 0,
      limit: 100,
    },
    credentials,
  );
}
