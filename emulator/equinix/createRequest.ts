/**
 * POST /ecx/v3/l2/connections: the flat body of api-notes §1.2 and seed 001, validated the way the API does,
 * into one draft per connection (primary, and secondary for a pair).
 */
import type { ConnectionStore, VlanTags } from "./connections";
import { vlanTagsClash } from "./connections";
import { ERROR_CODES, EquinixError } from "./errors";
import { EQUINIX_PORT_LIST, EQUINIX_PROFILE_LIST, SeedProfile, SpeedBand, UserPort } from "./seed";
import {
  RequestField,
  invalidField,
  isAbsent,
  readName,
  readOptionalString,
  readSpeed,
  readVlanTag,
  uniqueErrors,
} from "./validation";

export type Role = "primary" | "secondary";

/** Where each per-connection field sits in the flat body: the primary's often carry no prefix. */
const REQUEST_FIELDS = {
  primary: {
    name: "primaryName",
    portUUID: "primaryPortUUID",
    vlanSTag: "primaryVlanSTag",
    vlanCTag: "primaryVlanCTag",
    zSideVlanCTag: "primaryZSideVlanCTag",
    speed: "speed",
    speedUnit: "speedUnit",
    profileUUID: "profileUUID",
    authorizationKey: "authorizationKey",
    sellerRegion: "sellerRegion",
    sellerMetroCode: "sellerMetroCode",
  },
  secondary: {
    name: "secondaryName",
    portUUID: "secondaryPortUUID",
    vlanSTag: "secondaryVlanSTag",
    vlanCTag: "secondaryVlanCTag",
    zSideVlanCTag: "secondaryZSideVlanCTag",
    speed: "secondarySpeed",
    speedUnit: "secondarySpeedUnit",
    profileUUID: "secondaryProfileUUID",
    authorizationKey: "secondaryAuthorizationKey",
    sellerRegion: "secondarySellerRegion",
    sellerMetroCode: "secondarySellerMetroCode",
  },
} as const;

type LegField = keyof (typeof REQUEST_FIELDS)["primary"];
type RawLeg = Record<LegField, RequestField>;

/** Secondary fields that default to the primary's value when left out (api-notes §1.2). */
const INHERITED_BY_SECONDARY: readonly LegField[] = [
  "portUUID",
  "speed",
  "speedUnit",
  "profileUUID",
  "authorizationKey",
  "sellerRegion",
  "sellerMetroCode",
  "zSideVlanCTag",
];

/** A-side devices, service tokens and port-to-port connections exist in the API but are not emulated. */
const UNSUPPORTED_FIELDS = [
  "virtualDeviceUUID",
  "interfaceId",
  "primaryServiceToken",
  "primaryZSidePortUUID",
  "primaryZSideVlanSTag",
  "primaryZSideServiceToken",
  "secondaryVirtualDeviceUUID",
  "secondaryInterfaceId",
  "secondaryServiceToken",
  "secondaryZSidePortUUID",
  "secondaryZSideVlanSTag",
] as const;

const NAMED_TAGS = ["Private", "Microsoft", "Public", "Manual"] as const;

const EMAIL = /^[^ @]+@[^ @]+$/;

export interface ConnectionDraft {
  role: Role;
  name: string;
  port: UserPort;
  profile: SeedProfile;
  speed: SpeedBand;
  vlan: VlanTags;
  zSideVlanCTag?: number;
  authorizationKey?: string;
  sellerRegion?: string;
  sellerMetroCode: string;
}

export interface CreateRequest {
  connections: ConnectionDraft[];
  notifications: string[];
  purchaseOrderNumber: string | null;
  namedTag?: string;
  additionalInfo?: unknown;
}

export type CreateRequestResult =
  { ok: true; request: CreateRequest } | { ok: false; errors: EquinixError[] };

function rawLeg(body: Record<string, unknown>, role: Role, primary?: RawLeg): RawLeg {
  const fields = REQUEST_FIELDS[role];
  const leg = {} as RawLeg;
  for (const field of Object.keys(fields) as LegField[]) {
    const own: RequestField = { value: body[fields[field]], property: fields[field] };
    // An inherited value is blamed on the primary's property, where it came from.
    leg[field] =
      primary && isAbsent(own.value) && INHERITED_BY_SECONDARY.includes(field) ? primary[field] : own;
  }
  return leg;
}

function findByUUID<T extends { uuid: string }>(items: readonly T[], uuid: unknown): T | undefined {
  return typeof uuid === "string" ? items.find((item) => item.uuid === uuid.toLowerCase()) : undefined;
}

function readPort({ value, property }: RequestField, errors: EquinixError[]): UserPort | undefined {
  const port = findByUUID(EQUINIX_PORT_LIST, value);
  if (!port)
    errors.push({
      errorCode: ERROR_CODES.portNotFound,
      errorMessage: "Port does not exist or not belong to user",
      property,
      moreInfo: String(value ?? "missing"),
    });
  return port;
}

function readProfile({ value, property }: RequestField, errors: EquinixError[]): SeedProfile | undefined {
  const profile = findByUUID(EQUINIX_PROFILE_LIST, value);
  if (!profile)
    errors.push({
      errorCode: ERROR_CODES.profileNotFound,
      errorMessage: "Service profile does not exist or is not available",
      property,
      moreInfo: String(value ?? "missing"),
    });
  return profile;
}

/** Seed 001: "If the sellerMetroCode is empty, the metro code of the port is set as the default". */
function readSellerMetro(
  field: RequestField,
  port: UserPort | undefined,
  profile: SeedProfile | undefined,
  errors: EquinixError[],
): string | undefined {
  const metroCode = readOptionalString(field, errors) || port?.metroCode;
  if (metroCode && profile && !profile.metros.some((metro) => metro.code === metroCode))
    errors.push({
      errorCode: ERROR_CODES.metroNotServed,
      errorMessage: "The service profile is not available in this metro",
      property: field.property,
      moreInfo: `${profile.name} is offered in ${profile.metros.map((metro) => metro.code).join(", ")}`,
    });
  return metroCode;
}

/**
 * Seed 001's tagging table (A-side port type x profile port type): a Dot1q port carries only the S-tag; from
 * Dot1q to Qinq the Z-side C-tag is required; from Qinq to Dot1q the C-tag is required. Seed 001 also says the
 * Z-side C-tag only applies to "Manual" peering, so elsewhere it must come with namedTag "Manual".
 */
function checkTagging(
  leg: RawLeg,
  port: UserPort,
  profile: SeedProfile,
  tags: { cTag?: number; zSideCTag?: number },
  namedTag: string | undefined,
  errors: EquinixError[],
): void {
  const aSide = port.encapsulation;
  const zSide = profile.profileEncapsulation;
  const fail = (field: RequestField, moreInfo: string) =>
    errors.push({
      errorCode: ERROR_CODES.tagging,
      errorMessage: `Invalid VLAN tagging from a ${aSide} port to a ${zSide} service profile`,
      property: field.property,
      moreInfo,
    });
  if (aSide === "Dot1q" && tags.cTag !== undefined)
    fail(leg.vlanCTag, `A Dot1q port carries a single tag: leave ${leg.vlanCTag.property} out`);
  if (aSide === "Qinq" && zSide === "Dot1q" && tags.cTag === undefined)
    fail(leg.vlanCTag, `${leg.vlanCTag.property} is required from a Qinq port to a Dot1q service profile`);
  if (aSide === "Dot1q" && zSide === "Qinq" && tags.zSideCTag === undefined)
    fail(
      leg.zSideVlanCTag,
      `${leg.zSideVlanCTag.property} is required from a Dot1q port to a Qinq service profile`,
    );
  if (!(aSide === "Dot1q" && zSide === "Qinq") && tags.zSideCTag !== undefined && namedTag !== "Manual")
    fail(leg.zSideVlanCTag, `${leg.zSideVlanCTag.property} only applies to namedTag "Manual" here`);
}

function vlanInUse(property: string, port: UserPort, tags: VlanTags, holder: string): EquinixError {
  const described =
    tags.cTag === undefined ? `S-tag ${tags.sTag}` : `S-tag ${tags.sTag} / C-tag ${tags.cTag}`;
  return {
    errorCode: ERROR_CODES.vlanInUse,
    errorMessage: "VLAN tag is already in use on this port",
    property,
    moreInfo: `${described} is already used on port ${port.name} by ${holder}`,
  };
}

function readLeg(
  leg: RawLeg,
  role: Role,
  namedTag: string | undefined,
  store: ConnectionStore,
  errors: EquinixError[],
): ConnectionDraft | undefined {
  const errorCountBefore = errors.length;
  const label = role === "primary" ? "Primary" : "Secondary";
  // The API names this property with a capital letter (api-notes §2.2), unlike every other one.
  const name = readName({ ...leg.name, property: `${label}Name` }, `${label} Connection Name`, errors);
  const port = readPort(leg.portUUID, errors);
  const profile = readProfile(leg.profileUUID, errors);
  const speed = readSpeed(leg.speed, leg.speedUnit, profile, errors);
  const sTag = readVlanTag(leg.vlanSTag, errors, true);
  const cTag = readVlanTag(leg.vlanCTag, errors);
  const zSideCTag = readVlanTag(leg.zSideVlanCTag, errors);
  const authorizationKey = readOptionalString(leg.authorizationKey, errors);
  const sellerRegion = readOptionalString(leg.sellerRegion, errors);
  const sellerMetroCode = readSellerMetro(leg.sellerMetroCode, port, profile, errors);
  if (port && profile) checkTagging(leg, port, profile, { cTag, zSideCTag }, namedTag, errors);
  if (errors.length > errorCountBefore || !name || !port || !profile || !speed || !sTag || !sellerMetroCode)
    return undefined;

  const vlan: VlanTags = { sTag, cTag };
  const holder = store.vlanHolders(port.uuid, "aSide").find((other) => vlanTagsClash(other.vlan, vlan));
  if (holder) {
    errors.push(vlanInUse(leg.vlanSTag.property, port, vlan, `connection ${holder.uuid}`));
    return undefined;
  }
  return {
    role,
    name,
    port,
    profile,
    speed,
    vlan,
    zSideVlanCTag: zSideCTag,
    authorizationKey,
    sellerRegion,
    sellerMetroCode,
  };
}

function readNotifications(value: unknown, errors: EquinixError[]): string[] {
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === "string" && EMAIL.test(item))
  )
    return value;
  errors.push({
    errorCode: ERROR_CODES.notifications,
    errorMessage: "Notifications are required",
    property: "notifications",
    moreInfo: "notifications must be a non-empty array of e-mail addresses",
  });
  return [];
}

/** Any secondary* field makes the request a redundant pair. */
function asksForPair(body: Record<string, unknown>): boolean {
  return Object.keys(body).some((key) => key.startsWith("secondary") && !isAbsent(body[key]));
}

export function parseCreateRequest(body: unknown, store: ConnectionStore): CreateRequestResult {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, errors: [invalidField("body", "The request body must be a JSON object")] };
  const fields = body as Record<string, unknown>;
  const errors: EquinixError[] = [];

  for (const key of UNSUPPORTED_FIELDS)
    if (!isAbsent(fields[key]))
      errors.push({
        errorCode: ERROR_CODES.unsupported,
        errorMessage: "Not supported by the emulator",
        property: key,
        moreInfo: "Only connections from a port to a seller service profile are emulated",
      });

  const notifications = readNotifications(fields.notifications, errors);
  const purchaseOrderNumber = readOptionalString(
    { value: fields.purchaseOrderNumber, property: "purchaseOrderNumber" },
    errors,
  );
  const namedTagInput = readOptionalString({ value: fields.namedTag, property: "namedTag" }, errors);
  // The API answers with the capitalised form whatever case was sent (api-notes §3).
  const namedTag =
    namedTagInput && NAMED_TAGS.find((tag) => tag.toLowerCase() === namedTagInput.toLowerCase());
  if (namedTagInput && !namedTag)
    errors.push(invalidField("namedTag", `namedTag must be one of ${NAMED_TAGS.join(", ")}`));

  const primaryLeg = rawLeg(fields, "primary");
  const connections = [readLeg(primaryLeg, "primary", namedTag, store, errors)];
  if (asksForPair(fields)) {
    const secondary = readLeg(rawLeg(fields, "secondary", primaryLeg), "secondary", namedTag, store, errors);
    const primary = connections[0];
    // The two connections of one request must not take the same tags on the same port either.
    if (
      primary &&
      secondary &&
      primary.port === secondary.port &&
      vlanTagsClash(primary.vlan, secondary.vlan)
    )
      errors.push(
        vlanInUse(
          REQUEST_FIELDS.secondary.vlanSTag,
          secondary.port,
          secondary.vlan,
          "the primary connection",
        ),
      );
    connections.push(secondary);
  } else if (connections[0]?.profile.requiredRedundancy) {
    errors.push({
      errorCode: ERROR_CODES.redundancyRequired,
      errorMessage: "The service profile requires redundant connections",
      property: "secondaryName",
      moreInfo: `${connections[0].profile.name} only accepts a primary and a secondary connection together`,
    });
  }

  const drafts = connections.filter((draft): draft is ConnectionDraft => draft !== undefined);
  if (errors.length > 0 || drafts.length !== connections.length)
    return { ok: false, errors: uniqueErrors(errors) };
  return {
    ok: true,
    request: {
      connections: drafts,
      notifications,
      purchaseOrderNumber: purchaseOrderNumber ?? null,
      namedTag,
      additionalInfo: fields.additionalInfo ?? undefined,
    },
  };
}
