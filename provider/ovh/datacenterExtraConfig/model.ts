/**
 * Mapping between `ovh.DatacenterExtraConfig` and the API's `ovhcloudconnect.DatacenterExtraConfig`: the inputs
 * keep the API's names; `popId` and `datacenterConfigId` are only in the path, `datacenterSubnet` only here.
 */
import { wireBody } from "../configResource";
import type { DatacenterExtraConfigWire } from "../types";
import type { DatacenterExtraConfigInputs } from "./schema";

/** Sent when set, in this order; read back on refresh. */
export const WIRE_FIELDS = ["type", "nextHop", "subnet", "bgpNeighborArea", "bgpNeighborIp"] as const;

/** A static route is known by its subnet, a BGP session by its neighbour's address. */
export const KEY_FIELDS = ["type", "subnet", "bgpNeighborIp"] as const;

/** POST …/datacenter/{datacenterConfigId}/extra (the path takes the configuration's id, not the datacenter's). */
export function createRequest(inputs: DatacenterExtraConfigInputs): Partial<DatacenterExtraConfigWire> {
  return wireBody(inputs, WIRE_FIELDS);
}
