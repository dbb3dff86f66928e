/**
 * Validation of POST /fabric/v4/connections (spec `ConnectionPostRequest`) and PATCH bodies (JSON patch). Every
 * error names its property as a JSON pointer in `additionalInfo[].property`, as the spec's 400 examples do.
 * Rules from the spec are always on; the invented ones (settings.ts `INVENTED_RULES`) can be switched off.
 */
import { randomUUID } from "node:crypto";
import type { EquinixIdentityId } from "../seed";
import { V4Error, v4Error } from "./errors";
import type { ConnectionRecord, LinkProtocol, Notification, PatchOp } from "./model";
import { Priority, V4Port, V4Profile, findPort, findProfile } from "./seed";
import type { InventedRule } from "./settings";
import { FabricV4Store, VLAN_RANGE, isLive, profileOf, tagsOf } from "./store";

export const MAX_NAME_LENGTH = 24;

/** Spec `SimplifiedNotification.type`. */
const NOTIFICATION_TYPES = [
  "NOTIFICATION",
  "BANDWIDTH_ALERT",
  "CONNECTION_APPROVAL",
  "PROFILE_LIFECYCLE",
  "ALL",
  "SALES_REP_NOTIFICATIONS",
  "TECHNICAL",
  "ORDERING",
];
const GEO_SCOPES = ["CANADA", "CONUS", "JAPAN", "UK", "AUSTRALIA", "BRAZIL", "SWITZERLAND", "EU"];
const PEERING_TYPES = ["PRIVATE", "MICROSOFT", "PUBLIC", "MANUAL"];
const EMAIL = /^[^\s@]+@[^\s@]+$/;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * An integer; numeric strings are accepted (a spec request example sends `"vlanTag": "23"`). undefined when
 * absent, NaN when not a whole number.
 */
function toInteger(value: unknown): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === "number") return Number.isInteger(value) ? value : NaN;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return NaN;
}

export interface ValidationContext {
  identity: EquinixIdentityId;
  store: FabricV4Store;
  rules: Record<InventedRule, boolean>;
}

/** Collects errors; each reader returns undefined (error recorded) or the value. */
class Errors {
  readonly list: V4Error[] = [];
  add(error: V4Error): undefined {
    this.list.push(error);
    return undefined;
  }
  invalid(property: string, reason: string): undefined {
    return this.add(v4Error("invalidInput", property, reason));
  }
}

function readName(value: unknown, property: string, ctx: ValidationContext, errors: Errors) {
  if (typeof value !== "string" || value.trim().length === 0)
    return errors.invalid(property, "name is required: a non-empty string");
  if (ctx.rules.nameLength && value.length > MAX_NAME_LENGTH)
    return errors.add(
      v4Error("nameLength", property, `at most ${MAX_NAME_LENGTH} characters (got ${value.length})`),
    );
  return value;
}

function readBandwidth(value: unknown, profile: V4Profile | undefined, property: string, errors: Errors) {
  const bandwidth = toInteger(value);
  // Spec ConnectionPostRequest.bandwidth: integer, 0–100000 Mbps.
  if (bandwidth === undefined || Number.isNaN(bandwidth) || bandwidth < 0 || bandwidth > 100_000)
    return errors.invalid(property, "bandwidth is required: a whole number of Mbps from 0 to 100000");
  if (!profile) return bandwidth;
  const metroMax = Math.max(...profile.metros.map((metro) => metro.vcBandwidthMax));
  if (
    (!profile.allowCustomBandwidth && !profile.supportedBandwidths.includes(bandwidth)) ||
    bandwidth > metroMax
  )
    return errors.add(
      v4Error(
        "bandwidthNotSupported",
        property,
        `${profile.name} supports ${profile.supportedBandwidths.join(", ")} Mbps`,
      ),
    );
  return bandwidth;
}

function readNotifications(value: unknown, property: string, errors: Errors) {
  if (!Array.isArray(value) || value.length === 0)
    return errors.invalid(property, "notifications is required: at least one {type, emails}");
  const notifications: Notification[] = [];
  value.forEach((item, index) => {
    const entry = asObject(item);
    const type = entry?.type;
    const emails = entry?.emails;
    if (typeof type !== "string" || !NOTIFICATION_TYPES.includes(type))
      errors.invalid(`${property}/${index}/type`, `type must be one of ${NOTIFICATION_TYPES.join(", ")}`);
    else if (
      !Array.isArray(emails) ||
      emails.length === 0 ||
      !emails.every((email) => typeof email === "string" && EMAIL.test(email))
    )
      errors.invalid(`${property}/${index}/emails`, "emails must be a non-empty list of e-mail addresses");
    else notifications.push({ type, emails: emails as string[] });
  });
  return notifications.length === value.length ? notifications : undefined;
}

function readOptionalString(value: unknown, property: string, errors: Errors): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === "string") return value;
  return errors.invalid(property, "must be a string");
}

function readTag(value: unknown, property: string, errors: Errors): number | undefined {
  const tag = toInteger(value);
  if (tag === undefined) return undefined;
  // Spec SimplifiedLinkProtocol: vlanTag/vlanSTag/vlanCTag 2–4092.
  if (Number.isNaN(tag) || tag < VLAN_RANGE.min || tag > VLAN_RANGE.max)
    return errors.invalid(property, `a VLAN tag from ${VLAN_RANGE.min} to ${VLAN_RANGE.max}`);
  return tag;
}

/** The a-side link protocol, checked against the port's encapsulation (MOD derives one from the other). */
function readLinkProtocol(
  value: unknown,
  port: V4Port | undefined,
  property: string,
  ctx: ValidationContext,
  errors: Errors,
): LinkProtocol | undefined {
  const input = asObject(value);
  if (!input)
    return errors.invalid(property, "linkProtocol is required: {type, vlanTag} or {type, vlanSTag}");
  const type = typeof input.type === "string" ? input.type.toUpperCase() : undefined;
  if (type !== "DOT1Q" && type !== "QINQ")
    return errors.invalid(`${property}/type`, "type must be DOT1Q or QINQ (the port's encapsulation)");
  const before = errors.list.length;
  const vlanTag = readTag(input.vlanTag, `${property}/vlanTag`, errors);
  const vlanSTag = readTag(input.vlanSTag, `${property}/vlanSTag`, errors);
  const vlanCTag = readTag(input.vlanCTag, `${property}/vlanCTag`, errors);
  if (errors.list.length > before) return undefined;
  if (ctx.rules.linkProtocolMatchesPort && port && port.encapsulation !== type)
    return errors.invalid(
      `${property}/type`,
      port.encapsulation === "DOT1Q"
        ? `port ${port.name} is DOT1Q: send {type: DOT1Q, vlanTag}`
        : `port ${port.name} is QINQ: send {type: QINQ, vlanSTag[, vlanCTag]}`,
    );
  if (type === "DOT1Q") {
    if (vlanTag === undefined) return errors.invalid(`${property}/vlanTag`, "vlanTag is required for DOT1Q");
    if (ctx.rules.linkProtocolMatchesPort && (vlanSTag !== undefined || vlanCTag !== undefined))
      return errors.invalid(property, "a DOT1Q link protocol carries vlanTag only");
    return { type, vlanTag };
  }
  if (vlanSTag === undefined) return errors.invalid(`${property}/vlanSTag`, "vlanSTag is required for QINQ");
  if (ctx.rules.linkProtocolMatchesPort && vlanTag !== undefined)
    return errors.invalid(`${property}/vlanTag`, "a QINQ link protocol carries vlanSTag and vlanCTag");
  return vlanCTag === undefined ? { type, vlanSTag } : { type, vlanSTag, vlanCTag };
}

/** What the rules of each cloud check on the key (docs.equinix.com pages for AWS and Google). */
function checkAuthenticationKey(
  key: string | undefined,
  profile: V4Profile,
  ctx: ValidationContext,
  errors: Errors,
): void {
  const property = "/zSide/accessPoint/authenticationKey";
  if (key === undefined || key.length === 0) {
    if (profile.authenticationKey.required)
      errors.add(
        v4Error("authenticationKeyRequired", property, `${profile.authenticationKey.label} is required`),
      );
    return;
  }
  if (profile.cloud === "aws" && ctx.rules.awsAccountId && !/^\d{12}$/.test(key))
    errors.invalid(property, "the AWS account id is 12 digits");
  if (profile.cloud === "google" && ctx.rules.googlePairingKey) {
    const zone = /^[^/\s]+\/[a-z0-9-]+\/([12])$/.exec(key)?.[1];
    const profileZone = profile.name.endsWith("Zone 2") ? "2" : "1";
    if (!zone) errors.invalid(property, "a Google pairing key looks like <id>/<region>/<zone>");
    else if (zone !== profileZone)
      errors.invalid(property, `the pairing key is for zone ${zone}; use the Zone ${zone} profile`);
  }
}

interface Redundancy {
  priority: Priority;
  group?: string;
}

function readRedundancy(value: unknown, errors: Errors): Redundancy | undefined {
  if (isAbsent(value)) return { priority: "PRIMARY" };
  const input = asObject(value);
  if (!input) return errors.invalid("/redundancy", "redundancy must be an object {priority, group?}");
  const group = readOptionalString(input.group, "/redundancy/group", errors);
  if (isAbsent(input.priority))
    return errors.add(v4Error("redundancyPriorityRequired", "/redundancy/priority", "PRIMARY or SECONDARY"));
  if (input.priority !== "PRIMARY" && input.priority !== "SECONDARY")
    return errors.add(v4Error("invalidRedundancyPriority", "/redundancy/priority", "PRIMARY or SECONDARY"));
  return { priority: input.priority, group };
}

/** The redundancy group of the new connection (spec redundancy codes; TF copies the primary's group). */
function checkRedundancy(
  redundancy: Redundancy,
  profile: V4Profile,
  authenticationKey: string | undefined,
  ctx: ValidationContext,
  errors: Errors,
): string | undefined {
  const { priority, group } = redundancy;
  if (priority === "SECONDARY" && profile.cloud === "google" && ctx.rules.cspPrimaryOnly)
    return errors.add(
      v4Error("primaryOnly", "/redundancy/priority", "each Google zone takes its own PRIMARY connection"),
    );
  if (priority === "PRIMARY") {
    if (group === undefined) return randomUUID();
    if (ctx.rules.primaryWithoutGroup)
      return errors.add(
        v4Error("invalidRedundancyGroup", "/redundancy/group", "a PRIMARY gets a new group: leave it out"),
      );
    return group;
  }
  if (group === undefined)
    return errors.add(
      v4Error(
        "redundancyGroupRequired",
        "/redundancy/group",
        "a SECONDARY quotes its primary's redundancy.group",
      ),
    );
  const primary = ctx.store.livePrimary(group.toLowerCase(), ctx.identity);
  if (!primary)
    return errors.add(
      v4Error("invalidRedundancyGroup", "/redundancy/group", `no live PRIMARY connection has group ${group}`),
    );
  if (primary.zSide.profileUuid !== profile.uuid)
    return errors.add(
      v4Error(
        "sameProfileRequired",
        "/zSide/accessPoint/profile/uuid",
        `the primary ${primary.uuid} uses profile ${primary.zSide.profileUuid}`,
      ),
    );
  const secondary = ctx.store
    .all()
    .find(
      (other) =>
        other.redundancy.group === primary.redundancy.group &&
        other.redundancy.priority === "SECONDARY" &&
        isLive(other),
    );
  if (secondary && ctx.rules.oneSecondaryPerGroup)
    return errors.add(
      v4Error(
        "invalidRedundancyGroup",
        "/redundancy/group",
        `the group already has a SECONDARY: ${secondary.uuid}`,
      ),
    );
  if (
    profile.cloud === "azure" &&
    ctx.rules.azureServiceKey &&
    authenticationKey !== undefined &&
    primary.zSide.authenticationKey !== authenticationKey
  )
    return errors.invalid(
      "/zSide/accessPoint/authenticationKey",
      "both legs of an ExpressRoute pair use the same service key",
    );
  return primary.redundancy.group;
}

/** The C-tag Microsoft's side gets: as asked, else the a-side tag (see store.assignZSide). */
function azureCTag(requested: number | undefined, aSide: LinkProtocol): number | undefined {
  return requested ?? (aSide.type === "DOT1Q" ? aSide.vlanTag : (aSide.vlanCTag ?? aSide.vlanSTag));
}

function checkAzureLegs(
  draft: { priority: Priority; key?: string; peeringType?: string; cTag?: number; profile: V4Profile },
  ctx: ValidationContext,
  errors: Errors,
): void {
  if (draft.profile.cloud !== "azure" || !ctx.rules.azureServiceKey || draft.key === undefined) return;
  const sameKey = ctx.store
    .all()
    .filter(
      (other) =>
        isLive(other) &&
        other.zSide.profileUuid === draft.profile.uuid &&
        other.zSide.authenticationKey === draft.key,
    );
  const twin = sameKey.find(
    (other) => other.redundancy.priority === draft.priority && other.zSide.peeringType === draft.peeringType,
  );
  if (twin) {
    errors.invalid(
      "/zSide/accessPoint/authenticationKey",
      `the service key already has a ${draft.priority} ${draft.peeringType} connection: ${twin.uuid}`,
    );
    return;
  }
  const clash = sameKey.find(
    (other) =>
      other.redundancy.priority === draft.priority &&
      azureCTag(other.zSide.requestedCTag, other.aSide.linkProtocol) === draft.cTag,
  );
  if (clash)
    errors.add(
      v4Error(
        "vlanInUse",
        "/zSide/accessPoint/linkProtocol/vlanCTag",
        `C-tag ${draft.cTag} is already used for this service key by ${clash.uuid}; set zSide linkProtocol vlanCTag`,
      ),
    );
}

export type CreateResult = { ok: true; record: ConnectionRecord } | { ok: false; errors: V4Error[] };

/** Validates a create body into a new connection record (first state included), or the 400 errors. */
export function parseCreateRequest(body: unknown, now: number, ctx: ValidationContext): CreateResult {
  const errors = new Errors();
  const input = asObject(body);
  if (!input) return { ok: false, errors: [v4Error("invalidInput", "/", "the body must be a JSON object")] };

  if (input.type !== "EVPL_VC")
    errors.invalid(
      "/type",
      isAbsent(input.type) ? "type is required" : "only EVPL_VC (port to service profile) is emulated",
    );
  const name = readName(input.name, "/name", ctx, errors);
  const notifications = readNotifications(input.notifications, "/notifications", errors);
  const order = asObject(input.order) ?? {};
  const purchaseOrderNumber = readOptionalString(
    order.purchaseOrderNumber,
    "/order/purchaseOrderNumber",
    errors,
  );
  const termLength = toInteger(order.termLength) ?? 1;
  if (Number.isNaN(termLength) || termLength < 1 || termLength > 36)
    errors.invalid("/order/termLength", "termLength is a number of months from 1 to 36");
  const projectId = readOptionalString(asObject(input.project)?.projectId, "/project/projectId", errors);
  const geoScope = readOptionalString(input.geoScope, "/geoScope", errors);
  if (geoScope !== undefined && !GEO_SCOPES.includes(geoScope))
    errors.invalid("/geoScope", `geoScope must be one of ${GEO_SCOPES.join(", ")}`);
  const additionalInfo = readAdditionalInfo(input.additionalInfo, errors);
  const redundancy = readRedundancy(input.redundancy, errors);

  // A-side: one of the caller's ports.
  const aAccessPoint = asObject(asObject(input.aSide)?.accessPoint);
  if (!aAccessPoint) errors.invalid("/aSide/accessPoint", "aSide.accessPoint is required");
  else if (!isAbsent(aAccessPoint.type) && aAccessPoint.type !== "COLO")
    errors.invalid("/aSide/accessPoint/type", "only COLO (a port) is emulated on the a-side");
  const portUuid = asObject(aAccessPoint?.port)?.uuid;
  const port = findPort(portUuid);
  const ownPort = port && port.owner === ctx.identity ? port : undefined;
  if (aAccessPoint && !ownPort)
    errors.invalid(
      "/aSide/accessPoint/port/uuid",
      `no port ${String(portUuid ?? "(missing)")} in your account`,
    );
  const aLinkProtocol = aAccessPoint
    ? readLinkProtocol(aAccessPoint.linkProtocol, ownPort, "/aSide/accessPoint/linkProtocol", ctx, errors)
    : undefined;

  // Z-side: a service profile.
  const zAccessPoint = asObject(asObject(input.zSide)?.accessPoint);
  if (!zAccessPoint) errors.invalid("/zSide/accessPoint", "zSide.accessPoint is required");
  else if (!isAbsent(zAccessPoint.type) && zAccessPoint.type !== "SP")
    errors.invalid("/zSide/accessPoint/type", "only SP (a service profile) is emulated on the z-side");
  const profileUuid = asObject(zAccessPoint?.profile)?.uuid;
  const profile = findProfile(profileUuid);
  if (zAccessPoint && !profile)
    errors.add(
      v4Error("profileNotFound", "/zSide/accessPoint/profile/uuid", String(profileUuid ?? "(missing)")),
    );
  // Invented: without a z-side metro, the port's metro is meant.
  const metroCode =
    readOptionalString(
      asObject(zAccessPoint?.location)?.metroCode,
      "/zSide/accessPoint/location/metroCode",
      errors,
    ) ?? ownPort?.metroCode;
  const metro = profile?.metros.find((candidate) => candidate.code === metroCode);
  if (profile && metroCode && !metro)
    errors.add(
      v4Error(
        "metroNotServed",
        "/zSide/accessPoint/location/metroCode",
        `${profile.name} is offered in ${profile.metros.map((candidate) => candidate.code).join(", ")}`,
      ),
    );
  const bandwidth = readBandwidth(input.bandwidth, profile, "/bandwidth", errors);
  const sellerRegion = readOptionalString(
    zAccessPoint?.sellerRegion,
    "/zSide/accessPoint/sellerRegion",
    errors,
  );
  if (metro && sellerRegion !== undefined && ctx.rules.sellerRegion && !(sellerRegion in metro.sellerRegions))
    errors.invalid(
      "/zSide/accessPoint/sellerRegion",
      `${profile?.name} in ${metro.code} offers regions: ${Object.keys(metro.sellerRegions).join(", ") || "none"}`,
    );
  const authenticationKey = readOptionalString(
    zAccessPoint?.authenticationKey,
    "/zSide/accessPoint/authenticationKey",
    errors,
  );
  if (profile) checkAuthenticationKey(authenticationKey, profile, ctx, errors);
  let peeringType = readOptionalString(zAccessPoint?.peeringType, "/zSide/accessPoint/peeringType", errors);
  if (peeringType !== undefined && !PEERING_TYPES.includes(peeringType))
    errors.invalid(
      "/zSide/accessPoint/peeringType",
      `peeringType must be one of ${PEERING_TYPES.join(", ")}`,
    );
  // Invented: an Azure connection without a peering type is a PRIVATE peering.
  if (profile?.cloud === "azure") peeringType ??= "PRIVATE";
  const requestedCTag =
    profile?.cloud === "azure"
      ? readTag(
          asObject(zAccessPoint?.linkProtocol)?.vlanCTag,
          "/zSide/accessPoint/linkProtocol/vlanCTag",
          errors,
        )
      : undefined;

  const group =
    profile && redundancy ? checkRedundancy(redundancy, profile, authenticationKey, ctx, errors) : undefined;
  if (profile && redundancy && aLinkProtocol)
    checkAzureLegs(
      {
        priority: redundancy.priority,
        key: authenticationKey,
        peeringType,
        cTag: azureCTag(requestedCTag, aLinkProtocol),
        profile,
      },
      ctx,
      errors,
    );

  if (errors.list.length > 0 || !name || !notifications || bandwidth === undefined || !redundancy)
    return { ok: false, errors: errors.list };
  if (!ownPort || !aLinkProtocol || !profile || !metroCode || !group)
    return { ok: false, errors: errors.list };

  // Spec EQ-3142102: the tags must be free on the port, also while their holder is being deleted.
  const holder = ctx.store.vlanHolder(ownPort.uuid, tagsOf(aLinkProtocol));
  if (holder)
    return {
      ok: false,
      errors: [
        v4Error(
          "vlanInUse",
          "/aSide/accessPoint/linkProtocol",
          `the tag is already used on port ${ownPort.name} by connection ${holder.uuid}`,
        ),
      ],
    };

  const approval = profile.sellerApproval;
  const record: ConnectionRecord = {
    uuid: randomUUID(),
    seq: 0,
    buyer: ctx.identity,
    name,
    bandwidth,
    redundancy: { group, priority: redundancy.priority },
    order: { ...(purchaseOrderNumber === undefined ? {} : { purchaseOrderNumber }), termLength },
    notifications,
    ...(projectId === undefined ? {} : { project: { projectId } }),
    ...(geoScope === undefined ? {} : { geoScope }),
    ...(additionalInfo ? { additionalInfo } : {}),
    aSide: { portUuid: ownPort.uuid, linkProtocol: aLinkProtocol, linkProtocolUuid: randomUUID() },
    zSide: {
      profileUuid: profile.uuid,
      metroCode,
      ...(sellerRegion === undefined ? {} : { sellerRegion }),
      ...(authenticationKey === undefined ? {} : { authenticationKey }),
      ...(peeringType === undefined ? {} : { peeringType }),
      ...(requestedCTag === undefined ? {} : { requestedCTag }),
    },
    // Spec COLO2SPwithGeoScope-Response (generic profile): PENDING_APPROVAL/NOT_AVAILABLE at once; cloud
    // examples: PROVISIONING/PROVISIONING. The state values follow Terraform's waits (PENDING, PROVISIONING).
    state: approval ? "PENDING" : "PROVISIONING",
    equinixStatus: approval ? "PENDING_APPROVAL" : "PROVISIONING",
    providerStatus: approval ? "NOT_AVAILABLE" : "PROVISIONING",
    // Invented: the creation's change statuses (REQUESTED, SUBMITTED_FOR_APPROVAL while the seller decides).
    change: {
      uuid: randomUUID(),
      type: "CONNECTION_CREATION",
      status: approval ? "SUBMITTED_FOR_APPROVAL" : "REQUESTED",
      createdAt: now,
      updatedAt: now,
    },
    createdAt: now,
    createdBy: ctx.identity,
    updatedAt: now,
    updatedBy: ctx.identity,
    events: [],
  };
  return { ok: true, record };
}

function readAdditionalInfo(value: unknown, errors: Errors) {
  if (isAbsent(value)) return undefined;
  if (!Array.isArray(value))
    return errors.invalid("/additionalInfo", "additionalInfo is a list of {key, value}");
  const entries: { key: string; value: string }[] = [];
  value.forEach((item, index) => {
    const entry = asObject(item);
    if (typeof entry?.key !== "string")
      errors.invalid(`/additionalInfo/${index}/key`, "each entry has a string key");
    // Spec ConnectionPutCustomFieldsRequest sends numbers and booleans as values: kept as strings.
    else entries.push({ key: entry.key, value: String(entry.value ?? "") });
  });
  return entries.length === value.length ? entries : undefined;
}

// ---- PATCH ---------------------------------------------------------------------------------------------------

export type PatchResult = { ok: true; ops: PatchOp[] } | { ok: false; errors: V4Error[] };

/**
 * A JSON-patch array (spec `ConnectionUpdateRequest`, minItems 1). Emulated paths: replace /name, /bandwidth,
 * /notifications, and the AWS keys (`add ""` with additionalInfo accessKey/secretKey, spec
 * ConnectionAddAccessAndSecretKeyAWSRequest). Any other path → 400 EQ-3142501 naming it.
 */
export function parsePatchRequest(
  body: unknown,
  record: ConnectionRecord,
  ctx: ValidationContext,
): PatchResult {
  const errors = new Errors();
  if (!Array.isArray(body) || body.length === 0)
    return {
      ok: false,
      errors: [v4Error("invalidInput", "/", "send a JSON-patch array of at least one operation")],
    };
  const profile = profileOf(record);
  const ops: PatchOp[] = [];
  body.forEach((item, index) => {
    const op = asObject(item);
    const path = op?.path;
    const kind = op?.op;
    if (!op || typeof path !== "string" || typeof kind !== "string")
      return errors.invalid(`/${index}`, "each operation has op, path and value");
    if (kind === "replace" && path === "/name") {
      const name = readName(op.value, path, ctx, errors);
      if (name !== undefined) ops.push({ op: kind, path, value: name });
    } else if (kind === "replace" && path === "/bandwidth") {
      const bandwidth = readBandwidth(op.value, profile, path, errors);
      if (bandwidth !== undefined) ops.push({ op: kind, path, value: bandwidth });
    } else if (kind === "replace" && path === "/notifications") {
      const notifications = readNotifications(op.value, path, errors);
      if (notifications) ops.push({ op: kind, path, value: notifications });
    } else if (kind === "add" && path === "") {
      const keys = readAwsKeys(op.value, record, errors);
      if (keys) ops.push({ op: kind, path, value: keys });
    } else
      errors.invalid(path || `/${index}/path`, `${kind} ${path || '""'} is not supported by the emulator`);
  });
  return errors.list.length > 0 ? { ok: false, errors: errors.list } : { ok: true, ops };
}

function readAwsKeys(value: unknown, record: ConnectionRecord, errors: Errors) {
  const info = asObject(value)?.additionalInfo;
  const keys = Array.isArray(info) ? info.map(asObject) : [];
  const has = (key: string) => keys.some((entry) => entry?.key === key && typeof entry.value === "string");
  if (profileOf(record).cloud !== "aws")
    return errors.invalid("/additionalInfo", "AWS keys only apply to AWS Direct Connect connections");
  if (!has("accessKey") || !has("secretKey"))
    return errors.invalid("/additionalInfo", "send additionalInfo [{key: accessKey}, {key: secretKey}]");
  if (record.state !== "PROVISIONED" || record.providerStatus !== "PENDING_APPROVAL")
    return errors.invalid("/additionalInfo", "the hosted connection is not awaiting acceptance");
  return { additionalInfo: keys };
}
