/**
 * The served shapes: `Connection`, `Port`, `LinkProtocolResponse`, `ServiceProfile`, `Metro` (Fabric v4 OpenAPI
 * spec schemas of those names). Payloads keep to what the strict Go SDK decodes: enum values only, required keys
 * present (Connection type/name/bandwidth/aSide/zSide, Change type/createdDateTime, notification type/emails), and
 * every COLO access-point config carries COLO-only fields so that it never also matches the VD variant
 * (equinix/equinix-sdk-go `services/fabricv4/model_service_profile_access_point_type.go`).
 */
import { createHash } from "node:crypto";
import { EQUINIX_IDENTITIES, EquinixIdentity, EquinixIdentityId } from "../seed";
import type { ConnectionRecord, LinkProtocol } from "./model";
import { V4Metro, V4Port, V4Profile, V4_METROS, SEED_CREATED_AT } from "./seed";
import { holdsVlans, portOf, profileOf } from "./store";

/** Absolute links point at the emulator itself (the API answers with https://api.equinix.com/...). */
export type BaseUrl = string;

const iso = (ms: number) => new Date(ms).toISOString();

function metroLink(baseUrl: BaseUrl, metroCode: string) {
  const metro = V4_METROS.find((candidate) => candidate.code === metroCode);
  return {
    metroHref: `${baseUrl}/fabric/v4/metros/${metroCode}`,
    metroCode,
    ...(metro ? { metroName: metro.name } : {}),
  };
}

function simplifiedAccount(identity: EquinixIdentity) {
  return {
    accountNumber: identity.accountNumber,
    orgId: identity.orgId,
    globalOrgId: identity.globalOrgId,
    organizationName: identity.organizationName,
  };
}

/** Spec examples: "Up to 50 MB", "Up to 200 MB", "Up to 1G". */
function billingTier(bandwidth: number): string {
  return bandwidth >= 1000 ? `Up to ${bandwidth / 1000}G` : `Up to ${bandwidth} MB`;
}

function direction(record: ConnectionRecord, viewer: EquinixIdentityId) {
  const ownsProfile = profileOf(record).owner === viewer;
  if (record.buyer === viewer) return ownsProfile ? "INTERNAL" : "OUTGOING";
  return "INCOMING";
}

function changeLog(record: ConnectionRecord) {
  const createdBy = EQUINIX_IDENTITIES[record.createdBy];
  const updatedBy = EQUINIX_IDENTITIES[record.updatedBy];
  const deletedBy = record.deletedBy && EQUINIX_IDENTITIES[record.deletedBy];
  return {
    createdBy: createdBy.userName,
    createdByFullName: createdBy.fullName,
    createdByEmail: createdBy.email,
    createdDateTime: iso(record.createdAt),
    updatedBy: updatedBy.userName,
    updatedByFullName: updatedBy.fullName,
    updatedByEmail: updatedBy.email,
    updatedDateTime: iso(record.updatedAt),
    ...(deletedBy && record.deletedAt !== undefined
      ? {
          deletedBy: deletedBy.userName,
          deletedByFullName: deletedBy.fullName,
          deletedByEmail: deletedBy.email,
          deletedDateTime: iso(record.deletedAt),
        }
      : {}),
  };
}

function change(record: ConnectionRecord) {
  const { uuid, type, status, createdAt, updatedAt, information, ops } = record.change;
  const last = ops?.at(-1);
  return {
    uuid,
    type,
    status,
    createdDateTime: iso(createdAt),
    updatedDateTime: iso(updatedAt),
    ...(information === undefined ? {} : { information }),
    ...(last ? { data: { op: last.op, path: last.path, value: last.value } } : {}),
  };
}

function portLink(baseUrl: BaseUrl, port: V4Port) {
  return {
    href: `${baseUrl}/fabric/v4/ports/${port.uuid}`,
    type: "XF_PORT",
    uuid: port.uuid,
    name: port.name,
  };
}

export function profileLink(baseUrl: BaseUrl, profile: V4Profile) {
  return {
    href: `${baseUrl}/fabric/v4/serviceProfiles/${profile.uuid}`,
    type: "L2_PROFILE",
    name: profile.name,
    uuid: profile.uuid,
  };
}

/**
 * Spec NonGenericConnectionResponseExample: a deleted connection's z-side link protocol keeps its type, not its
 * tags.
 */
function zSideLinkProtocol(record: ConnectionRecord, linkProtocol: LinkProtocol): LinkProtocol {
  return holdsVlans(record) ? linkProtocol : { type: linkProtocol.type };
}

export interface ConnectionView {
  /** The draft of a dry run: no uuid, href, state, operation, group or change log (spec dry-run examples). */
  dryRun?: boolean;
}

export function connectionToApi(
  record: ConnectionRecord,
  viewer: EquinixIdentityId,
  baseUrl: BaseUrl,
  { dryRun = false }: ConnectionView = {},
) {
  const profile = profileOf(record);
  const aPort = portOf(record.aSide.portUuid);
  const zPort = record.zSide.portUuid ? portOf(record.zSide.portUuid) : undefined;
  const { zSide } = record;
  const zLinkProtocol = zSide.linkProtocol && zSideLinkProtocol(record, zSide.linkProtocol);
  const connection = {
    href: `${baseUrl}/fabric/v4/connections/${record.uuid}`,
    type: "EVPL_VC",
    uuid: record.uuid,
    name: record.name,
    state: record.state,
    change: change(record),
    operation: {
      providerStatus: record.providerStatus,
      equinixStatus: record.equinixStatus,
      ...(record.errors ? { errors: record.errors } : {}),
    },
    order: {
      ...(record.order.purchaseOrderNumber === undefined
        ? {}
        : { purchaseOrderNumber: record.order.purchaseOrderNumber }),
      billingTier: billingTier(record.bandwidth),
      termLength: record.order.termLength,
    },
    notifications: record.notifications,
    account: simplifiedAccount(EQUINIX_IDENTITIES[record.buyer]),
    changeLog: changeLog(record),
    bandwidth: record.bandwidth,
    ...(record.geoScope === undefined ? {} : { geoScope: record.geoScope }),
    redundancy: { group: record.redundancy.group, priority: record.redundancy.priority },
    isRemote: aPort.metroCode !== zSide.metroCode,
    direction: direction(record, viewer),
    aSide: {
      accessPoint: {
        type: "COLO",
        location: metroLink(baseUrl, aPort.metroCode),
        port: portLink(baseUrl, aPort),
        linkProtocol: record.aSide.linkProtocol,
      },
    },
    zSide: {
      accessPoint: {
        type: "SP",
        location: metroLink(baseUrl, zSide.metroCode),
        ...(zPort ? { port: portLink(baseUrl, zPort) } : {}),
        profile: profileLink(baseUrl, profile),
        ...(zLinkProtocol ? { linkProtocol: zLinkProtocol } : {}),
        ...(zSide.sellerRegion === undefined ? {} : { sellerRegion: zSide.sellerRegion }),
        ...(zSide.authenticationKey === undefined ? {} : { authenticationKey: zSide.authenticationKey }),
        ...(zSide.peeringType === undefined ? {} : { peeringType: zSide.peeringType }),
      },
    },
    ...(record.additionalInfo ? { additionalInfo: record.additionalInfo } : {}),
    ...(record.project ? { project: record.project } : {}),
  };
  if (!dryRun) return connection;
  const {
    href: _href,
    uuid: _uuid,
    state: _state,
    change: _change,
    operation: _operation,
    changeLog: _changeLog,
    account: _account,
    direction: _direction,
    redundancy,
    ...draft
  } = connection;
  return { ...draft, redundancy: { priority: redundancy.priority } };
}

// ---- ports ---------------------------------------------------------------------------------------------------

/** Mbps a connection uses on a port while it holds its tags. */
export interface PortUsage {
  connections: number;
  usedBandwidth: number;
}

export function portToApi(port: V4Port, usage: PortUsage, baseUrl: BaseUrl) {
  const owner = port.owner && EQUINIX_IDENTITIES[port.owner];
  return {
    href: `${baseUrl}/fabric/v4/ports/${port.uuid}`,
    type: "XF_PORT",
    uuid: port.uuid,
    name: port.name,
    physicalPortsSpeed: port.speed,
    physicalPortsType: "10GBASE_LR",
    physicalPortsCount: 1,
    connectivitySourceType: "COLO",
    state: "ACTIVE",
    operation: {
      operationalStatus: "UP",
      connectionCount: usage.connections,
      opStatusChangedAt: SEED_CREATED_AT,
    },
    ...(owner ? { account: simplifiedAccount(owner) } : {}),
    changeLog: { createdDateTime: SEED_CREATED_AT },
    bandwidth: port.speed,
    availableBandwidth: Math.max(0, port.speed - usage.usedBandwidth),
    usedBandwidth: usage.usedBandwidth,
    location: {
      ...metroLink(baseUrl, port.metroCode),
      region: V4_METROS.find((metro) => metro.code === port.metroCode)?.region ?? "AMER",
      ibx: port.ibx,
    },
    device: {
      name: `${port.ibx.toLowerCase()}-demo-device-${port.priority === "PRIMARY" ? 1 : 2}`,
      redundancy: { group: "1", priority: port.priority },
    },
    demarcationPointIbx: port.ibx,
    redundancy: { enabled: true, priority: port.priority },
    // A string, as the schema and the Go model say (spec examples show the integer 33024 / 34984).
    encapsulation: {
      type: port.encapsulation,
      tagProtocolId: port.encapsulation === "DOT1Q" ? "0x8100" : "0x88A8",
    },
    lagEnabled: false,
  };
}

/** Invented: a stable link-protocol uuid for a v3 connection's tags (v3 has no such object). */
export function derivedUuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface LinkProtocolEntry {
  uuid: string;
  state: "RESERVED" | "RELEASED";
  linkProtocol: LinkProtocol;
  asset: { uuid: string; bandwidth: number };
  createdAt: number;
}

/** Spec LinkProtocolGetDot1qResponseExample: one entry per tag set, with the connection as its asset. */
export function linkProtocolToApi(entry: LinkProtocolEntry, baseUrl: BaseUrl) {
  return {
    ...entry.linkProtocol,
    uuid: entry.uuid,
    state: entry.state,
    asset: {
      href: `${baseUrl}/fabric/v4/connections/${entry.asset.uuid}`,
      uuid: entry.asset.uuid,
      type: "EVPL_VC",
      bandwidth: entry.asset.bandwidth,
    },
    changeLog: { createdDateTime: iso(entry.createdAt) },
  };
}

// ---- service profiles ------------------------------------------------------------------------------------------

export type ViewPoint = "aSide" | "zSide";

export function profileToApi(
  profile: V4Profile,
  viewer: EquinixIdentityId,
  viewPoint: ViewPoint,
  baseUrl: string,
) {
  const owner = profile.owner && EQUINIX_IDENTITIES[profile.owner];
  const ports = [profile.sellerPorts.primary, profile.sellerPorts.secondary].filter(
    (port): port is V4Port => port !== undefined,
  );
  const apiIntegrated = !profile.sellerApproval;
  return {
    state: "ACTIVE",
    account: owner ? simplifiedAccount(owner) : { organizationName: profile.organizationName },
    changeLog: {
      createdBy: owner?.userName ?? "equinix",
      createdDateTime: SEED_CREATED_AT,
      updatedBy: owner?.userName ?? "equinix",
      updatedDateTime: SEED_CREATED_AT,
    },
    href: `${baseUrl}/fabric/v4/serviceProfiles/${profile.uuid}?viewPoint=${viewPoint}`,
    type: "L2_PROFILE",
    name: profile.name,
    uuid: profile.uuid,
    description: profile.description,
    visibility: profile.visibility,
    ...(profile.visibility === "PRIVATE" ? { allowedEmails: [EQUINIX_IDENTITIES.buyer.email] } : {}),
    accessPointTypeConfigs: [
      {
        type: "COLO",
        uuid: derivedUuid(`${profile.uuid}/COLO`),
        supportedBandwidths: profile.supportedBandwidths,
        allowRemoteConnections: false,
        allowCustomBandwidth: profile.allowCustomBandwidth,
        allowBandwidthAutoApproval: profile.allowBandwidthAutoApproval,
        allowBandwidthUpgrade: true,
        linkProtocolConfig: {
          encapsulationStrategy: "CTAGED",
          ...(profile.namedTags ? { namedTags: profile.namedTags } : {}),
          reuseVlanSTag: profile.reuseVlanSTag,
          encapsulation: profile.encapsulation,
        },
        enableAutoGenerateServiceKey: false,
        connectionRedundancyRequired: profile.connectionRedundancyRequired,
        selectiveRedundancy: false,
        apiConfig: {
          apiAvailable: apiIntegrated,
          equinixManagedPort: apiIntegrated,
          equinixManagedVlan: apiIntegrated,
          allowOverSubscription: false,
          overSubscriptionLimit: 1,
          bandwidthFromApi: false,
        },
        connectionLabel: "Connection Name",
        authenticationKey: profile.authenticationKey,
        metadata: {
          vlanRangeMinValue: 2,
          vlanRangeMaxValue: 4092,
          connectionNameEditable: true,
          ...(profile.redundantProfileId ? { redundantProfileId: profile.redundantProfileId } : {}),
        },
      },
    ],
    metros: profile.metros.map((metro) => ({
      code: metro.code,
      name: metro.name,
      vcBandwidthMax: metro.vcBandwidthMax,
      ibxs: metro.ibxs,
      displayName: metro.name,
      sellerRegions: metro.sellerRegions,
    })),
    selfProfile: profile.owner === viewer,
    // Spec SellerServiceProfilesResponse: the seller's view (viewPoint=zSide) lists the profile's ports.
    ...(viewPoint === "zSide" && profile.owner === viewer
      ? {
          ports: ports.map((port) => ({
            type: "XF_PORT",
            uuid: port.uuid,
            location: { metroCode: port.metroCode },
          })),
        }
      : {}),
  };
}

// ---- metros --------------------------------------------------------------------------------------------------

export function metroToApi(metro: V4Metro, baseUrl: BaseUrl) {
  return {
    href: `${baseUrl}/fabric/v4/metros/${metro.code}`,
    type: "XF_METRO",
    code: metro.code,
    region: metro.region,
    name: metro.name,
    equinixAsn: 65_000,
    localVCBandwidthMax: 10_000,
  };
}
