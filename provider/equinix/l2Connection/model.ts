/**
 * Mapping between the resource's inputs/outputs and the v3 wire format.
 */
import { withoutUndefined } from "../../core/dynamic";
import type { ConnectionRecord, CreateConnectionRequest } from "../types";
import type { ConnectionState, L2ConnectionInputs, L2ConnectionOutputs, l2Connection } from "./schema";
import type { EchoOf } from "../../core/definition";

/** The inputs as the program wrote them, echoed into the outputs. */
export type L2ConnectionEcho = EchoOf<typeof l2Connection>;

const tag = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/**
 * The POST body, field for field as in seed 001's samples: primary fields, then `secondary*` fields for the
 * second connection of the pair, VLAN tags as JSON strings (as the samples send them). Unset fields are left
 * out rather than sent as null.
 */
export function createRequest(inputs: L2ConnectionInputs): CreateConnectionRequest {
  const s = inputs.secondaryConnection;
  return withoutUndefined<CreateConnectionRequest>({
    primaryName: inputs.name,
    profileUUID: inputs.profileUuid,
    speed: inputs.speed,
    speedUnit: inputs.speedUnit,
    notifications: inputs.notifications,
    purchaseOrderNumber: inputs.purchaseOrderNumber,
    authorizationKey: inputs.authorizationKey,
    primaryPortUUID: inputs.portUuid,
    primaryVlanSTag: String(inputs.vlanSTag),
    primaryVlanCTag: tag(inputs.vlanCTag),
    namedTag: inputs.namedTag,
    secondaryName: s?.name,
    secondaryVlanSTag: tag(s?.vlanSTag),
    secondaryPortUUID: s?.portUuid,
    secondaryVlanCTag: tag(s?.vlanCTag),
    sellerRegion: inputs.sellerRegion,
    sellerMetroCode: inputs.sellerMetroCode,
    primaryZSideVlanCTag: tag(inputs.zSideVlanCTag),
    secondaryZSideVlanCTag: tag(s?.zSideVlanCTag),
  });
}

export function connectionState(record: ConnectionRecord): ConnectionState {
  return {
    uuid: record.uuid,
    status: record.status,
    providerStatus: record.providerStatus,
    redundancyGroup: record.redundancyGroup,
  };
}

/** Speed in MB: the API may answer a 10 GB connection as 10000 MB. */
export function speedInMb(speed: number, unit: string): number {
  return unit.toUpperCase() === "GB" ? speed * 1000 : speed;
}

/** The outputs for a created or refreshed pair. Inputs are echoed so that diff and programs see them. */
export function outputsFrom(
  echo: L2ConnectionEcho,
  primary: ConnectionRecord,
  secondary: ConnectionRecord | undefined,
): L2ConnectionOutputs {
  return {
    ...echo,
    uuid: primary.uuid,
    status: primary.status,
    providerStatus: primary.providerStatus,
    redundancyGroup: primary.redundancyGroup,
    redundancyType: primary.redundancyType?.toLowerCase(),
    ...(secondary ? { secondary: connectionState(secondary) } : {}),
  };
}

/**
 * Applies what the API reports to stored outputs, so that `pulumi refresh` shows drift in the properties the API
 * owns (names and speed). The speed keeps the user's unit when the value is the same.
 */
export function refreshedOutputs(
  stored: L2ConnectionOutputs,
  primary: ConnectionRecord | undefined,
  secondary: ConnectionRecord | undefined,
): L2ConnectionOutputs {
  const out: L2ConnectionOutputs = { ...stored };
  if (primary) {
    const sameSpeed =
      speedInMb(stored.speed, stored.speedUnit) === speedInMb(primary.speed, primary.speedUnit);
    Object.assign(out, {
      name: primary.name,
      speed: sameSpeed ? stored.speed : primary.speed,
      speedUnit: sameSpeed ? stored.speedUnit : primary.speedUnit,
      status: primary.status,
      providerStatus: primary.providerStatus,
      redundancyGroup: primary.redundancyGroup,
    });
  } else {
    out.status = "DELETED";
  }
  if (stored.secondary) {
    out.secondary = secondary ? connectionState(secondary) : { ...stored.secondary, status: "DELETED" };
    if (secondary && stored.secondaryConnection)
      out.secondaryConnection = { ...stored.secondaryConnection, name: secondary.name };
  }
  return out;
}

/** Vendor's explanation of a failed connection, when it gives one (rejections carry an action message). */
export function failureReason(record: ConnectionRecord): string | undefined {
  const messages = (record.actionDetails ?? []).map((a) => a.actionMessage).filter((m): m is string => !!m);
  return messages.length > 0 ? messages.join("; ") : undefined;
}
