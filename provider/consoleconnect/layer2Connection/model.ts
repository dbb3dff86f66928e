/**
 * Mapping between the resource's inputs/outputs and the Console Connect wire format.
 */
import type { EchoOf } from "../../core/definition";
import { withoutUndefined } from "../../core/dynamic";
import type { CompanyRef, ConnectionRecord, CreateLayer2ConnectionRequest } from "../types";
import type {
  ConnectionState,
  Layer2ConnectionInputs,
  Layer2ConnectionOutputs,
  layer2Connection,
} from "./schema";

/** The inputs as the program wrote them, echoed into the outputs. */
export type Layer2ConnectionEcho = EchoOf<typeof layer2Connection>;

/**
 * The PUT body, field for field in the order of seed 003's samples (port-to-port and company-to-company), which
 * seed 002's Oracle request follows too. Unset fields are left out rather than sent as null.
 */
export function createRequest(inputs: Layer2ConnectionInputs): CreateLayer2ConnectionRequest {
  return withoutUndefined<CreateLayer2ConnectionRequest>({
    name: inputs.name,
    portId: inputs.portId,
    destPortId: inputs.destPortId,
    destCompany: inputs.destCompany,
    destDcf: inputs.destDcf,
    destMetroId: inputs.destMetroId,
    destRegionId: inputs.destRegionId,
    regionId: inputs.regionId,
    duration: inputs.duration,
    durationUnit: inputs.durationUnit,
    paymentType: inputs.paymentType,
    classOfService: inputs.classOfService,
    speed: inputs.speed,
    type: "LAYER2",
    evergreen: inputs.evergreen,
    srcVlanRequest: inputs.srcVlanRequest,
    destVlanRequest: inputs.destVlanRequest,
  });
}

/** The username of an embedded company: the spec's model sends a string, real answers an object. */
export function usernameOf(ref: CompanyRef | null | undefined): string | undefined {
  return typeof ref === "string" ? ref : (ref?.username ?? undefined);
}

const vlan = (tag: string | null | undefined): number | undefined =>
  tag === undefined || tag === null || tag === "" ? undefined : Number(tag);

export function connectionState(company: string, record: ConnectionRecord): ConnectionState {
  const request = record.request;
  const changing =
    typeof request?.speed === "number" &&
    request.speed !== record.speed.value &&
    request.status !== "APPROVED";
  return {
    connectionId: record.id,
    company,
    status: record.status,
    errorReason: record.errorReason ?? undefined,
    srcVlan: vlan(record.srcTag),
    destVlan: vlan(record.destTag),
    speedChangeRequest: changing ? { speed: request.speed!, status: request.status ?? "PENDING" } : undefined,
    createdAt: record.createdAt ?? undefined,
  };
}

/**
 * The outputs for a connection as the API reports it: the inputs echoed (so that diff and programs see them),
 * except name and speed, which are the API's (so that an unfinished rename or resize is retried), plus the
 * computed state. Absent values are left out: the provider host's protobuf Struct refuses `undefined`.
 */
export function outputsFrom(
  echo: Layer2ConnectionEcho,
  company: string,
  record: ConnectionRecord,
): Layer2ConnectionOutputs {
  return withoutUndefined({
    ...echo,
    name: record.name,
    speed: record.speed.value,
    ...connectionState(company, record),
  });
}
