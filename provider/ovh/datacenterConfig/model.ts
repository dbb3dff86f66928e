/**
 * Mapping between `ovh.DatacenterConfig` and the API's `ovhcloudconnect.DatacenterConfig`: the inputs keep the
 * API's names; `popId` is only in the path.
 */
import { wireBody } from "../configResource";
import type { DatacenterConfigWire } from "../types";
import type { DatacenterConfigInputs } from "./schema";

/** Sent when set, in this order; read back on refresh. */
export const WIRE_FIELDS = ["datacenterId", "ovhBgpArea", "subnet"] as const;

/** A datacenter takes one configuration per vRack. */
export const KEY_FIELDS = ["datacenterId"] as const;

/** POST /ovhCloudConnect/{serviceName}/config/pop/{popId}/datacenter: an L2 body is just datacenterId. */
export function createRequest(inputs: DatacenterConfigInputs): Partial<DatacenterConfigWire> {
  return wireBody(inputs, WIRE_FIELDS);
}
