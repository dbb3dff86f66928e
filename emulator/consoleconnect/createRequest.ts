/**
 * PUT /api/v2/company/{username}/connections/layer2: CreateLayer2ConnectionSchema and the rules of the operation's
 * description (api-notes §4, seed 002), checked the way the API answers them: one 400 with the first problem.
 */
import type { Caller } from "./auth";
import { ConnectionStore, Refusal, StoredConnection } from "./connections";
import { MESSAGES } from "./errors";
import {
  CONSOLE_CONNECT_COMPANIES,
  CONSOLE_CONNECT_FACILITY_LIST,
  CONSOLE_CONNECT_METRO_LIST,
  CONSOLE_CONNECT_PORT_LIST,
  SeedPort,
} from "./seed";

const OBJECT_ID = /^[a-f0-9]{24}$/;
const ID_FIELDS = ["portId", "destPortId", "destDcf", "destMetroId", "destRegionId", "regionId"] as const;
const PAYMENT_TYPES = ["invoice", "plan"];
const DURATION_UNITS = ["d", "w", "m", "y"];
const CLASSES_OF_SERVICE = ["GOLD", "SILVERPLUS", "SILVER", "BRONZE"];
/** The API's Duration schema caps. */
export const MAX_DURATION: Record<string, number> = { d: 6, w: 3, m: 36, y: 3 };

export const isPositiveInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/** Everything of a new connection that the request decides; the route adds id, names and lifecycle. */
export type ConnectionDraft = Omit<
  StoredConnection,
  "id" | "names" | "request" | "lifecycle" | "updatedAt"
> & {
  name: string;
};

function activePort(id: string | undefined): SeedPort | undefined {
  return CONSOLE_CONNECT_PORT_LIST.find((p) => p.id === id && p.status === "ACTIVE");
}

function readFields(raw: unknown): Record<string, unknown> {
  const body = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  for (const field of ["type", "name", "portId", "speed", "destCompany", "destMetroId"])
    if (body[field] === undefined || body[field] === null) throw new Refusal(MESSAGES.required(field));
  if (body.type !== "LAYER2") throw new Refusal(MESSAGES.allowedValues("type"));
  if (typeof body.name !== "string" || body.name.trim() === "")
    throw new Refusal(MESSAGES.type("name", "string"));
  for (const field of ID_FIELDS)
    if (body[field] !== undefined && (typeof body[field] !== "string" || !OBJECT_ID.test(body[field])))
      throw new Refusal(MESSAGES.pattern(field));
  if (!isPositiveInteger(body.speed)) throw new Refusal(MESSAGES.speed);
  if (body.paymentType === "creditcard") throw new Refusal(MESSAGES.creditcard);
  const enums: [string, string[]][] = [
    ["paymentType", PAYMENT_TYPES],
    ["durationUnit", DURATION_UNITS],
    ["classOfService", CLASSES_OF_SERVICE],
  ];
  for (const [field, allowed] of enums)
    if (body[field] !== undefined && !allowed.includes(body[field] as string))
      throw new Refusal(MESSAGES.allowedValues(field));
  if (body.duration !== undefined && !isPositiveInteger(body.duration))
    throw new Refusal(MESSAGES.type("duration", "a positive integer"));
  if (body.evergreen !== undefined && typeof body.evergreen !== "boolean")
    throw new Refusal(MESSAGES.type("evergreen", "boolean"));
  for (const field of ["srcVlanRequest", "destVlanRequest"])
    if (body[field] !== undefined && body[field] !== null && !isPositiveInteger(body[field]))
      throw new Refusal(MESSAGES.type(field, "a positive integer"));
  const unit = body.durationUnit as string | undefined;
  if (typeof body.duration === "number" && unit && body.duration > MAX_DURATION[unit])
    throw new Refusal(MESSAGES.duration(MAX_DURATION[unit], unit));
  return body;
}

/** Validates the request of `caller` against the world and the ports' capacity and VLANs. */
export function parseCreateRequest(raw: unknown, caller: Caller, store: ConnectionStore): ConnectionDraft {
  const body = readFields(raw);
  const str = (field: string) => (body[field] ?? undefined) as string | undefined;
  const num = (field: string) => (body[field] ?? undefined) as number | undefined;

  const srcPort = activePort(str("portId"));
  if (!srcPort) throw new Refusal(MESSAGES.noActiveSourcePort);
  if (srcPort.companyId !== caller.company.id) throw new Refusal(MESSAGES.notOwnPort(srcPort.id));
  const destCompany = CONSOLE_CONNECT_COMPANIES.find((c) => c.username === str("destCompany"));
  if (!destCompany) throw new Refusal(MESSAGES.companyNotFound, 404);
  const metro = CONSOLE_CONNECT_METRO_LIST.find((m) => m.id === str("destMetroId"));
  if (!metro) throw new Refusal(MESSAGES.metroNotFound, 404);

  let destPort: SeedPort | undefined;
  let destDcf = str("destDcf");
  if (body.destPortId !== undefined) {
    destPort = activePort(str("destPortId"));
    if (!destPort || destPort.id === srcPort.id) throw new Refusal(MESSAGES.noActiveDestinationPort);
    if (destPort.companyId !== destCompany.id) throw new Refusal(MESSAGES.notOwnPort(destPort.id));
    if (destPort.metroId !== metro.id) throw new Refusal(MESSAGES.metroMismatch);
    // The destination port fixes the facility (seed 003's port-to-port sample sends no destDcf).
    destDcf ??= destPort.dataCenterFacilityId;
  }
  if (destDcf !== undefined && !CONSOLE_CONNECT_FACILITY_LIST.some((f) => f.id === destDcf))
    throw new Refusal(MESSAGES.facilityNotFound, 404);
  if (body.paymentType === "invoice" && (destDcf === undefined || !body.duration || !body.durationUnit))
    throw new Refusal(MESSAGES.invoice);

  const speed = body.speed as number;
  store.assertCapacity(srcPort, speed);
  if (destPort) store.assertCapacity(destPort, speed);
  const srcVlan = store.pickVlan(srcPort, num("srcVlanRequest"));
  const destVlan = destPort ? store.pickVlan(destPort, num("destVlanRequest")) : undefined;
  const srcMetro = CONSOLE_CONNECT_METRO_LIST.find((m) => m.id === srcPort.metroId);

  return {
    name: (body.name as string).trim(),
    srcCompany: caller.company,
    destCompany,
    srcPort,
    destPort,
    destMetroId: metro.id,
    destDcf,
    srcRegionId: str("regionId") ?? srcMetro?.regionIds[0] ?? metro.regionIds[0],
    destRegionId: str("destRegionId") ?? metro.regionIds[0],
    speed,
    paymentType: str("paymentType"),
    duration: num("duration"),
    durationUnit: str("durationUnit"),
    evergreen: body.evergreen as boolean | undefined,
    classOfService: str("classOfService"),
    srcVlanRequest: num("srcVlanRequest"),
    destVlanRequest: num("destVlanRequest"),
    srcVlan,
    destVlan,
  };
}
