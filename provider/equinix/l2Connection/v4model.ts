/**
 * Mapping between `equinix.L2Connection` and the Fabric v4 wire format: one POST body per leg, and the outputs
 * of a pair as v4 reports it (see docs/equinix.md for the table).
 */
import { withoutUndefined } from "../../core/dynamic";
import type { Connection, ConnectionPostRequest, LinkProtocol } from "../v4/types";
import type { L2ConnectionEcho } from "./model";
import type { ConnectionState, L2ConnectionInputs, L2ConnectionOutputs, ZSide } from "./schema";

export type Encapsulation = "DOT1Q" | "QINQ";

/** What a leg's body needs that the inputs may not say: its port's encapsulation and metro (GET the port). */
export interface PortFacts {
  encapsulation: Encapsulation;
  metroCode?: string;
}

/** One leg's settings: the secondary's own, else the primary's (Azure and AWS use one key for both). */
export interface LegSettings {
  name: string;
  portUuid: string;
  vlanSTag: number;
  vlanCTag?: number;
  zSideVlanCTag?: number;
  profileUuid: string;
  /** Mbps. */
  bandwidth: number;
  authorizationKey?: string;
  sellerRegion?: string;
  sellerMetroCode?: string;
}

/** Bandwidth in Mbps, as v4 takes it. */
export function mbps(speed: number, unit: string): number {
  return unit.toUpperCase() === "GB" ? speed * 1000 : speed;
}

export function legSettings(inputs: L2ConnectionInputs, role: "primary" | "secondary"): LegSettings {
  const primary: LegSettings = {
    name: inputs.name,
    portUuid: inputs.portUuid,
    vlanSTag: inputs.vlanSTag,
    vlanCTag: inputs.vlanCTag,
    zSideVlanCTag: inputs.zSideVlanCTag,
    profileUuid: inputs.profileUuid,
    bandwidth: mbps(inputs.speed, inputs.speedUnit),
    authorizationKey: inputs.authorizationKey,
    sellerRegion: inputs.sellerRegion,
    sellerMetroCode: inputs.sellerMetroCode,
  };
  const s = inputs.secondaryConnection;
  if (role === "primary" || !s) return primary;
  return {
    name: s.name,
    portUuid: s.portUuid,
    vlanSTag: s.vlanSTag,
    vlanCTag: s.vlanCTag,
    zSideVlanCTag: s.zSideVlanCTag,
    profileUuid: s.profileUuid ?? primary.profileUuid,
    bandwidth: mbps(s.speed ?? inputs.speed, s.speedUnit ?? inputs.speedUnit),
    authorizationKey: s.authorizationKey ?? primary.authorizationKey,
    sellerRegion: s.sellerRegion ?? primary.sellerRegion,
    sellerMetroCode: s.sellerMetroCode ?? primary.sellerMetroCode,
  };
}

/** The A-side link protocol follows the port: Dot1Q carries one tag (vlanTag), QinQ an S-tag and maybe a C-tag. */
export function aSideLinkProtocol(leg: LegSettings, encapsulation: Encapsulation): LinkProtocol {
  if (encapsulation === "DOT1Q") return { type: "DOT1Q", vlanTag: leg.vlanSTag };
  return withoutUndefined({ type: "QINQ" as const, vlanSTag: leg.vlanSTag, vlanCTag: leg.vlanCTag });
}

/** namedTag (the v3 spelling, "Private"…) → v4's peeringType ("PRIVATE"…). */
export function peeringType(
  namedTag: string | undefined,
): ConnectionPostRequest["zSide"]["accessPoint"]["peeringType"] {
  const upper = namedTag?.toUpperCase();
  return upper === "PRIVATE" || upper === "MICROSOFT" || upper === "PUBLIC" || upper === "MANUAL"
    ? upper
    : undefined;
}

/**
 * The POST body of one leg. The primary goes with `redundancy.priority: PRIMARY` and no group; the secondary with
 * `SECONDARY` and the primary's `redundancy.group` from its 201 answer — unless it uses another service profile
 * (Google Cloud's zone profiles), which Fabric refuses in one group (EQ-3142320): then it is an independent
 * connection of its own (`PRIMARY`, no group).
 */
export function createRequestV4(
  inputs: L2ConnectionInputs,
  role: "primary" | "secondary",
  port: PortFacts,
  primaryGroup?: string,
): ConnectionPostRequest {
  const leg = legSettings(inputs, role);
  const grouped = role === "secondary" && leg.profileUuid.toLowerCase() === inputs.profileUuid.toLowerCase();
  const metroCode = leg.sellerMetroCode ?? port.metroCode;
  return withoutUndefined<ConnectionPostRequest>({
    type: "EVPL_VC",
    name: leg.name,
    bandwidth: leg.bandwidth,
    redundancy: grouped ? { priority: "SECONDARY", group: primaryGroup } : { priority: "PRIMARY" },
    order: inputs.purchaseOrderNumber ? { purchaseOrderNumber: inputs.purchaseOrderNumber } : undefined,
    notifications: [{ type: "ALL", emails: inputs.notifications }],
    aSide: {
      accessPoint: {
        type: "COLO",
        port: { uuid: leg.portUuid },
        linkProtocol: aSideLinkProtocol(leg, port.encapsulation),
      },
    },
    zSide: {
      accessPoint: {
        type: "SP",
        profile: { type: "L2_PROFILE", uuid: leg.profileUuid },
        location: metroCode ? { metroCode } : undefined,
        sellerRegion: leg.sellerRegion,
        authenticationKey: leg.authorizationKey,
        peeringType: peeringType(inputs.namedTag),
        // The inner tag Fabric sets on the seller's side (Azure's C-tag; a Dot1Q port to a QinQ profile).
        linkProtocol:
          leg.zSideVlanCTag === undefined ? undefined : { type: "QINQ", vlanCTag: leg.zSideVlanCTag },
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------------------

/** The seller's end as v4 reports it: its profile, and its port and tags once the seller has assigned them. */
export function zSideOf(connection: Connection): ZSide | undefined {
  const access = connection.zSide?.accessPoint;
  const link = access?.linkProtocol;
  const zSide = withoutUndefined({
    profileUuid: access?.profile?.uuid,
    profileName: access?.profile?.name,
    portUuid: access?.port?.uuid,
    portName: access?.port?.name,
    vlanTag: link?.vlanTag,
    vlanSTag: link?.vlanSTag,
    vlanCTag: link?.vlanCTag,
  });
  return Object.keys(zSide).length > 0 ? zSide : undefined;
}

/** A connection's Equinix status: `operation.equinixStatus` (PROVISIONED once up), else its state. */
export function statusOf(connection: Connection): string {
  return connection.operation?.equinixStatus ?? connection.state ?? "UNKNOWN";
}

export function legState(connection: Connection): ConnectionState {
  const port = connection.aSide?.accessPoint?.port;
  return withoutUndefined({
    uuid: connection.uuid,
    name: connection.name,
    portUuid: port?.uuid,
    portName: port?.name,
    status: statusOf(connection),
    state: connection.state,
    providerStatus: connection.operation?.providerStatus,
    redundancyGroup: connection.redundancy?.group,
    zSide: zSideOf(connection),
  });
}

/** The outputs of a pair as v4 reports it. Inputs are echoed so that diff and programs see them. */
export function outputsFromV4(
  echo: L2ConnectionEcho,
  primary: Connection,
  secondary: Connection | undefined,
): L2ConnectionOutputs {
  const { uuid, status, state, providerStatus, redundancyGroup, zSide } = legState(primary);
  return withoutUndefined({
    ...echo,
    apiVersion: "v4" as const,
    uuid,
    status,
    state,
    providerStatus,
    redundancyGroup,
    redundancyType: primary.redundancy?.priority?.toLowerCase(),
    zSide,
    secondary: secondary ? legState(secondary) : undefined,
  });
}

/** The e-mail addresses a connection notifies, in order of first mention, whatever the notification types. */
export function notifiedEmails(notifications: Connection["notifications"]): string[] {
  return [...new Set((notifications ?? []).flatMap((n) => n.emails ?? []))];
}

/** The same addresses, in any order. */
export const sameEmails = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((email) => b.includes(email));

/**
 * Applies what v4 reports to stored outputs, so that `pulumi refresh` shows drift in what the API owns (names,
 * bandwidth, notification e-mails). A speed keeps the user's unit when the bandwidth is the same, and the
 * e-mails keep the user's order when they are the same.
 */
export function refreshedOutputsV4(
  stored: L2ConnectionOutputs,
  primary: Connection | undefined,
  secondary: Connection | undefined,
): L2ConnectionOutputs {
  const out: L2ConnectionOutputs = { ...stored };
  if (primary) {
    const same = mbps(stored.speed, stored.speedUnit) === primary.bandwidth;
    Object.assign(out, {
      name: primary.name,
      speed: same ? stored.speed : primary.bandwidth,
      speedUnit: same ? stored.speedUnit : "MB",
      ...withoutUndefined({
        status: statusOf(primary),
        state: primary.state,
        providerStatus: primary.operation?.providerStatus,
        redundancyGroup: primary.redundancy?.group,
        zSide: zSideOf(primary),
      }),
    });
    const emails = primary.notifications && notifiedEmails(primary.notifications);
    if (emails && emails.length > 0 && !sameEmails(emails, stored.notifications ?? []))
      out.notifications = emails;
  } else {
    out.status = "DELETED";
  }
  if (stored.secondary) {
    out.secondary = secondary ? legState(secondary) : { ...stored.secondary, status: "DELETED" };
    const wanted = stored.secondaryConnection;
    if (secondary && wanted) {
      const legSpeed = wanted.speed ?? stored.speed;
      const legUnit = wanted.speedUnit ?? stored.speedUnit;
      const sameSpeed = mbps(legSpeed, legUnit) === secondary.bandwidth;
      out.secondaryConnection = {
        ...wanted,
        name: secondary.name,
        // The secondary's own speed shows drift only when the program sets one; otherwise the primary's applies.
        ...(wanted.speed !== undefined && !sameSpeed
          ? { speed: secondary.bandwidth, speedUnit: "MB" as const }
          : {}),
      };
    }
  }
  return out;
}

/** The reason Fabric gives for a failed connection (`operation.errors`), or the latest change's information. */
export function failureReasonV4(connection: Connection): string | undefined {
  const errors = (connection.operation?.errors ?? [])
    .map((e) =>
      [e.errorMessage, (e as { details?: unknown }).details]
        .filter((t) => typeof t === "string" && t)
        .join(": "),
    )
    .filter((t) => t.length > 0);
  if (errors.length > 0) return errors.join("; ");
  return connection.change?.information;
}
