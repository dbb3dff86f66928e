/** Wire types of the Equinix Fabric v3 Layer 2 API (see ../shared/api-notes/equinix.md §1). */

/** POST /ecx/v3/l2/connections: one flat body; the second connection of a pair is the `secondary*` fields. */
export interface CreateConnectionRequest {
  primaryName: string;
  profileUUID: string;
  speed: number;
  speedUnit: string;
  notifications: string[];
  purchaseOrderNumber?: string;
  authorizationKey?: string;
  primaryPortUUID: string;
  /** Seed 001 sends VLAN tags as JSON strings; the API also accepts integers. */
  primaryVlanSTag: string;
  primaryVlanCTag?: string;
  namedTag?: string;
  secondaryName?: string;
  secondaryPortUUID?: string;
  secondaryVlanSTag?: string;
  secondaryVlanCTag?: string;
  sellerRegion?: string;
  sellerMetroCode?: string;
  primaryZSideVlanCTag?: string;
  secondaryZSideVlanCTag?: string;
}

export interface CreateConnectionResponse {
  message?: string;
  primaryConnectionId: string;
  secondaryConnectionId?: string;
  status?: string;
}

export interface UpdateConnectionRequest {
  connectionNewName?: string;
  speed?: number;
  speedUnit?: string;
}

export interface ActionDetail {
  actionType?: string;
  operationId?: string;
  actionMessage?: string;
}

/** GET /ecx/v3/l2/connections/{uuid}; only the fields this package reads are typed. */
export interface ConnectionRecord {
  uuid: string;
  name: string;
  status: string;
  providerStatus?: string;
  speed: number;
  speedUnit: string;
  sellerServiceUUID?: string;
  notifications?: string[];
  purchaseOrderNumber?: string;
  portUUID?: string;
  vlanSTag?: number | string;
  vlanCTag?: number | string;
  namedTag?: string;
  zSideVlanCTag?: number | string;
  sellerRegion?: string;
  sellerMetroCode?: string;
  redundancyType?: string;
  redundancyGroup?: string;
  redundantUUID?: string;
  actionDetails?: ActionDetail[];
  createdDate?: string;
}

export interface PagedConnections {
  isFirstPage?: boolean;
  isLastPage?: boolean;
  totalCount?: number;
  pageSize?: number;
  pageNumber?: number;
  content?: ConnectionRecord[];
}

export interface UserPort {
  uuid: string;
  name: string;
  region?: string;
  ibx?: string;
  metroCode?: string;
  devicePriority?: string;
  /** "Dot1q" or "Qinq". */
  encapsulation?: string;
  buyout?: boolean;
  totalBandwidth?: number;
  provisionStatus?: string;
}

export interface ServiceProfile {
  uuid: string;
  name: string;
  state?: string;
  speedBands?: { speed: number; unit: string }[];
  allowCustomSpeed?: boolean;
  requiredRedundancy?: boolean;
  /** "Dot1q" or "Qinq". */
  profileEncapsulation?: string;
  metros?: { code: string; name?: string; ibxs?: string[]; sellerRegions?: Record<string, string> }[];
}
