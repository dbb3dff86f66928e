/**
 * Mapping between `ovh.PopConfig` and the API's `ovhcloudconnect.PopConfig`: the inputs keep the API's names.
 */
import { wireBody } from "../configResource";
import type { PopConfigWire } from "../types";
import type { PopConfigInputs } from "./schema";

/** Sent when set, in this order; read back on refresh. */
export const WIRE_FIELDS = ["interfaceId", "type", "customerBgpArea", "ovhBgpArea", "subnet"] as const;

/** An interface takes one PoP config. */
export const KEY_FIELDS = ["interfaceId"] as const;

/** POST /ovhCloudConnect/{serviceName}/config/pop: an L2 body is just interfaceId and type. */
export function createRequest(inputs: PopConfigInputs): Partial<PopConfigWire> {
  return wireBody(inputs, WIRE_FIELDS);
}
