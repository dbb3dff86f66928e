/**
 * Wire types of the OVHcloud Connect and vRack APIs (OVH's API schema for /ovhCloudConnect and /vrack; see
 * docs/ovh.md). Answers are zod schemas, parsed at the boundary (core/answers.ts), listing the fields this
 * package reads and letting the rest through; the types are inferred from them.
 */
import { z } from "zod";

/** Status of a PoP, datacenter or extra configuration (`popConfig.StatusEnum`). */
export const configStatusAnswer = z.enum(["init", "active", "toDelete"]);
export type ConfigStatus = z.output<typeof configStatusAnswer>;

/** `ovhcloudconnect.Task`: what every create and delete of a configuration returns. */
export const occTaskAnswer = z
  .object({
    id: z.number(),
    function: z.string(),
    /** `todo`, `doing`, `done`, `error`, `pause` or `denied`. */
    status: z.string(),
    /** The id of the configuration the task creates or deletes. */
    resourceId: z.number(),
  })
  .loose();
export type OccTask = z.output<typeof occTaskAnswer>;

/** `vrack.Task`: what linking and unlinking a service returns; it disappears (404) once done. */
export const vrackTaskAnswer = z
  .object({
    id: z.number(),
    function: z.string(),
    /** `init`, `todo`, `doing`, `done` or `cancelled`. */
    status: z.string(),
    /** The vRack; clients poll `/vrack/{serviceName}/task/{id}`. */
    serviceName: z.string().nullish(),
    targetDomain: z.string().nullish(),
    orderId: z.number().nullish(),
    lastUpdate: z.string().nullish(),
    todoDate: z.string().nullish(),
  })
  .loose();
export type VrackTask = z.output<typeof vrackTaskAnswer>;

/** `vrack.ovhCloudConnect`: a service linked to a vRack. */
export const vrackLinkAnswer = z.object({ ovhCloudConnect: z.string(), vrack: z.string() }).loose();
export type VrackOvhCloudConnectLink = z.output<typeof vrackLinkAnswer>;

/** `vrack.AllowedServices` (only the field this package reads). */
export const allowedServicesAnswer = z.object({ ovhCloudConnect: z.array(z.string()).nullish() }).loose();

export const popConfigAnswer = z
  .object({
    id: z.number(),
    interfaceId: z.number(),
    type: z.enum(["l2", "l3"]),
    customerBgpArea: z.number().nullish(),
    ovhBgpArea: z.number().nullish(),
    subnet: z.string().nullish(),
    status: configStatusAnswer,
  })
  .loose();
export type PopConfigWire = z.output<typeof popConfigAnswer>;

/** No `popId` in the model: the PoP is in the path. */
export const datacenterConfigAnswer = z
  .object({
    id: z.number(),
    /** The datacenter's id (from `GET /ovhCloudConnect/{sn}/datacenter`), not the configuration's. */
    datacenterId: z.number(),
    ovhBgpArea: z.number().nullish(),
    subnet: z.string().nullish(),
    status: configStatusAnswer,
  })
  .loose();
export type DatacenterConfigWire = z.output<typeof datacenterConfigAnswer>;

export const datacenterExtraConfigAnswer = z
  .object({
    id: z.number(),
    type: z.enum(["network", "bgp"]),
    bgpNeighborArea: z.number().nullish(),
    bgpNeighborIp: z.string().nullish(),
    nextHop: z.string().nullish(),
    subnet: z.string().nullish(),
    status: configStatusAnswer,
  })
  .loose();
export type DatacenterExtraConfigWire = z.output<typeof datacenterExtraConfigAnswer>;

/** `ovhcloudconnect.ServiceWithIAM` (the fields this package reads). */
export const occServiceAnswer = z
  .object({
    uuid: z.string(),
    status: z.string(),
    bandwidth: z.string().nullish(),
    portQuantity: z.string().nullish(),
    provider: z.string().nullish(),
    pop: z.string().nullish(),
    product: z.string().nullish(),
    description: z.string().nullish(),
    interfaceList: z.array(z.number()).nullish(),
    vrack: z.string().nullish(),
  })
  .loose();
export type OccService = z.output<typeof occServiceAnswer>;

const light = z.enum(["down", "unknown", "up"]);

/** `ovhcloudconnect.Interface`; light status is refreshed every 5 minutes. */
export const occInterfaceAnswer = z
  .object({
    id: z.number(),
    status: z.enum(["disabled", "enabled", "reserved"]),
    incomingLightStatus: light.nullish(),
    outgoingLightStatus: light.nullish(),
    interfaceStatus: light.nullish(),
    incomingLightValue: z.number().nullish(),
    outgoingLightValue: z.number().nullish(),
    lightLastUpdate: z.string().nullish(),
    interfaceStatusLastUpdate: z.string().nullish(),
    interfaceName: z.string().nullish(),
    deviceDisplayName: z.string().nullish(),
    deviceRackDisplayName: z.string().nullish(),
    interfaceTerminationType: z.string().nullish(),
  })
  .loose();
export type OccInterface = z.output<typeof occInterfaceAnswer>;

/** `ovhcloudconnect.Datacenter`: where a datacenter configuration can go. */
export const occDatacenterAnswer = z
  .object({
    id: z.number(),
    name: z.string(),
    /** Whether the datacenter can receive a new configuration. */
    available: z.boolean(),
    region: z.string().nullish(),
    regionType: z.string().nullish(),
  })
  .loose();
export type OccDatacenter = z.output<typeof occDatacenterAnswer>;

/** A list route's answer: the ids of its objects. */
export const idsAnswer = z.array(z.union([z.number(), z.string()]));
