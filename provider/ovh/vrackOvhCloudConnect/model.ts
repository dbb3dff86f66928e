/**
 * Mapping between `ovh.VrackOvhCloudConnect` and the vRack API.
 */
import type { VrackOvhCloudConnectInputs } from "./schema";

/** The resource id, as terraform's import documents it: "<vRack>/<service uuid>". */
export function linkId(inputs: { serviceName: string; ovhCloudConnect: string }): string {
  return `${inputs.serviceName}/${inputs.ovhCloudConnect}`;
}

/** POST /vrack/{serviceName}/ovhCloudConnect. */
export function createRequest(inputs: VrackOvhCloudConnectInputs): { ovhCloudConnect: string } {
  return { ovhCloudConnect: inputs.ovhCloudConnect };
}
