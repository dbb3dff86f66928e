/** Wire types of the OVHcloud Connect and vRack APIs (see ../shared/api-notes/ovh.md §1.2–§1.4). */

/** Status of a PoP, datacenter or extra configuration (`popConfig.StatusEnum`). */
export type ConfigStatus = "init" | "active" | "toDelete";

/** `ovhcloudconnect.Task`: what every create and delete of a configuration returns. */
export interface OccTask {
  id: number;
  function: string;
  /** `todo`, `doing`, `done`, `error`, `pause` or `denied`. */
  status: string;
  /** The id of the configuration the task creates or deletes. */
  resourceId: number;
}

/** `vrack.Task`: what linking and unlinking a service returns; it disappears (404) once done. */
export interface VrackTask {
  id: number;
  function: string;
  /** `init`, `todo`, `doing`, `done` or `cancelled`. */
  status: string;
  /** The vRack; clients poll `/vrack/{serviceName}/task/{id}`. */
  serviceName: string | null;
  targetDomain: string | null;
  orderId?: number | null;
  lastUpdate?: string;
  todoDate?: string | null;
}

/** `vrack.ovhCloudConnect`: a service linked to a vRack. */
export interface VrackOvhCloudConnectLink {
  ovhCloudConnect: string;
  vrack: string;
}

/** `vrack.AllowedServices` (only the field this package reads). */
export interface VrackAllowedServices {
  ovhCloudConnect?: string[];
}

export interface PopConfigWire {
  id: number;
  interfaceId: number;
  type: "l2" | "l3";
  customerBgpArea?: number | null;
  ovhBgpArea?: number | null;
  subnet?: string | null;
  status: ConfigStatus;
}

/** No `popId` in the model: the PoP is in the path. */
export interface DatacenterConfigWire {
  id: number;
  /** The datacenter's id (from `GET /ovhCloudConnect/{sn}/datacenter`), not the configuration's. */
  datacenterId: number;
  ovhBgpArea?: number | null;
  subnet?: string | null;
  status: ConfigStatus;
}

export interface DatacenterExtraConfigWire {
  id: number;
  type: "network" | "bgp";
  bgpNeighborArea?: number | null;
  bgpNeighborIp?: string | null;
  nextHop?: string | null;
  subnet?: string | null;
  status: ConfigStatus;
}

/** `ovhcloudconnect.ServiceWithIAM` (the fields this package reads). */
export interface OccService {
  uuid: string;
  status: string;
  bandwidth?: string;
  portQuantity?: string;
  provider?: string;
  pop?: string;
  product?: string;
  description?: string;
  interfaceList?: number[];
  vrack?: string | null;
}

/** `ovhcloudconnect.Interface`; light status is refreshed every 5 minutes. */
export interface OccInterface {
  id: number;
  status: "disabled" | "enabled" | "reserved";
  incomingLightStatus?: "down" | "unknown" | "up";
  outgoingLightStatus?: "down" | "unknown" | "up";
  interfaceStatus?: "down" | "unknown" | "up";
  incomingLightValue?: number | null;
  outgoingLightValue?: number | null;
  lightLastUpdate?: string;
  interfaceStatusLastUpdate?: string;
  interfaceName?: string;
  deviceDisplayName?: string;
  deviceRackDisplayName?: string | null;
  interfaceTerminationType?: string | null;
}

/** `ovhcloudconnect.Datacenter`: where a datacenter configuration can go. */
export interface OccDatacenter {
  id: number;
  name: string;
  /** Whether the datacenter can receive a new configuration. */
  available: boolean;
  region?: string;
  regionType?: string;
}
