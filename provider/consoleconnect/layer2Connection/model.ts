/**
 * Mapping between the resource's inputs/outputs and the Console Connect wire format.
 */
import type { CompanyRef, ConnectionRecord, CreateLayer2ConnectionRequest } from "../types";
import type { Layer2ConnectionInputs } from "./schema";

/** A speed change request that is not (yet) applied: PENDING, REJECTED or WITHDRAWN. */
export interface SpeedChangeState {
  speed: number;
  status: string;
}

/** What the API computed, as the resource stores it. */
export interface ConnectionState {
  connectionId: string;
  /** The company username used in API paths (from the inputs or GET /api/auth/token). */
  company: string;
  status: string;
  errorReason?: string;
  /** The VLAN assigned on your port, and on the destination port once it is known. */
  srcVlan?: number;
  destVlan?: number;
  speedChangeRequest?: SpeedChangeState;
  createdAt?: string;
}

/** What the resource stores: every input, plus what the API computed. */
export interface Layer2ConnectionOutputs extends Layer2ConnectionInputs, ConnectionState {}

const COMPUTED_KEYS: readonly (keyof ConnectionState)[] = [
  "connectionId",
  "company",
  "status",
  "errorReason",
  "srcVlan",
  "destVlan",
  "speedChangeRequest",
  "createdAt",
];

/**
 * The PUT body, field for field in the order of seed 003's samples (port-to-port and company-to-company), which
 * seed 002's Oracle request follows too. Unset fields are left out rather than sent as null.
 */
export function createRequest(inputs: Layer2ConnectionInputs): CreateLayer2ConnectionRequest {
  const body: Record<string, unknown> = {
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
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body as unknown as CreateLayer2ConnectionRequest;
}

/** The username of an embedded company: the spec's model sends a string, real answers an object. */
export function usernameOf(ref: CompanyRef | undefined): string | undefined {
  return typeof ref === "string" ? ref : ref?.username;
}

const vlan = (tag: string | null | undefined): number | undefined =>
  tag === undefined || tag === null || tag === "" ? undefined : Number(tag);

export function connectionState(company: string, record: ConnectionRecord): ConnectionState {
  const request = record.request;
  const changing =
    request?.speed !== undefined && request.speed !== record.speed.value && request.status !== "APPROVED";
  return {
    connectionId: record.id,
    company,
    status: record.status,
    errorReason: record.errorReason ?? undefined,
    srcVlan: vlan(record.srcTag),
    destVlan: vlan(record.destTag),
    speedChangeRequest: changing ? { speed: request.speed!, status: request.status ?? "PENDING" } : undefined,
    createdAt: record.createdAt,
  };
}

/**
 * The outputs for a connection as the API reports it: the inputs echoed (so that diff and programs see them),
 * except name and speed, which are the API's (so that an unfinished rename or resize is retried), plus the
 * computed state. Absent values are left out: the provider host's protobuf Struct refuses `undefined`.
 */
export function outputsFrom(
  inputs: Record<string, unknown>,
  company: string,
  record: ConnectionRecord,
): Layer2ConnectionOutputs {
  const { __provider: _p, ...echoed } = inputs;
  const outputs: Record<string, unknown> = {
    ...echoed,
    name: record.name,
    speed: record.speed.value,
    ...connectionState(company, record),
  };
  for (const key of Object.keys(outputs)) if (outputs[key] === undefined) delete outputs[key];
  return outputs as unknown as Layer2ConnectionOutputs;
}

/** The inputs part of stored outputs: what `read` hands back as the resource's inputs. */
export function inputsOf(outputs: Layer2ConnectionOutputs): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...outputs };
  for (const key of COMPUTED_KEYS) delete inputs[key];
  return inputs;
}
