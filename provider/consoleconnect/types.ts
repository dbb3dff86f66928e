/** Wire types of the Console Connect REST API (its OpenAPI specification, and the real answers of seeds 002/003). */

/** The API's Mbps speed object: `{value: 100, name: "100 Mbps"}`. */
export interface Speed {
  value: number;
  name?: string;
}

/** PUT /api/v2/company/{username}/connections/layer2 (CreateLayer2ConnectionSchema). */
export interface CreateLayer2ConnectionRequest {
  name: string;
  portId: string;
  destPortId?: string;
  destCompany?: string;
  destDcf?: string;
  destMetroId?: string;
  destRegionId?: string;
  regionId?: string;
  duration?: number;
  durationUnit?: string;
  paymentType?: string;
  classOfService?: string;
  speed: number;
  type: "LAYER2";
  evergreen?: boolean;
  srcVlanRequest?: number;
  destVlanRequest?: number;
}

/** POST /api/v2/company/{username}/connections/{id} (UpdateLayer2ConnectionSchema). */
export interface UpdateConnectionRequest {
  name?: string;
  speed?: number;
}

/** A company as connections embed it; the spec's thin model sends the username alone. */
export type CompanyRef = string | { id?: string; username?: string; name?: string };

/**
 * The connection request, or the latest change request, with each party's approval (a user id or null).
 * `status`: PENDING, APPROVED, REJECTED or WITHDRAWN.
 */
export interface ConnectionRequest {
  status?: string;
  srcApproval?: string | null;
  destApproval?: string | null;
  speed?: number;
  destMetroId?: string;
  updatedAt?: string;
}

/** GET /api/v2/company/{username}/connections/{id}; only the fields this package reads are typed. */
export interface ConnectionRecord {
  id: string;
  type?: string;
  name: string;
  status: string;
  errorReason?: string | null;
  speed: Speed;
  srcPortId?: string;
  destPortId?: string | null;
  srcCompany?: CompanyRef;
  destCompany?: CompanyRef;
  destMetroId?: string;
  destDcf?: string;
  srcRegionId?: string;
  destRegionId?: string;
  paymentType?: string;
  duration?: number;
  durationUnit?: string;
  evergreen?: boolean;
  classOfService?: string;
  srcVlanRequest?: number | null;
  destVlanRequest?: number | null;
  /** The VLAN assigned on each side, as a string ("3602"). */
  srcTag?: string | null;
  destTag?: string | null;
  isCreator?: boolean;
  isReceiver?: boolean;
  request?: ConnectionRequest | null;
  deleted?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * A page of GET /api/v2/company/{username}/connections. The specification documents the answer as ConnectionModel
 * with no envelope (read as a bare array of connections, or a lone one); Console Connect's other lists answer
 * `{results}` (ports, metro capabilities) or `{total, results}` (logs), so those are accepted too.
 */
export type ConnectionPage =
  ConnectionRecord[] | ConnectionRecord | { results?: ConnectionRecord[]; total?: number };

/** GET /api/auth/token: the user the API key belongs to, with the companies it may act for. */
export interface CurrentUser {
  id: string;
  email?: string;
  name?: string;
  roles?: string[];
  companies?: { id: string; username: string; name?: string }[];
}

/** GET /api/company/{company}/ports?deleted=false item. */
export interface Port {
  id: string;
  name: string;
  companyId?: string;
  metroId?: string;
  dataCenterFacilityId?: string;
  status?: string;
  type?: string;
  speed?: Speed;
  capacity?: { total: number; utilised: number; remaining: number };
  vlanRanges?: { start: number; end: number }[];
  connections?: { id: string; name: string; status: string; speed: number; type: string }[];
}

/**
 * GET /api/company/{company}/metro/capabilities item. The 2024 spec calls the facility field
 * `firstDataCenterFacilityId`, the 2025 docs `firstDataCenterFacilityIdInMetro`; the lookups fill both.
 */
export interface MetroCapability {
  id: string;
  name: string;
  code?: string;
  country?: string;
  regionIds: string[];
  ready?: boolean;
  capabilities?: { layer2?: boolean; layer3?: boolean };
  firstDataCenterFacilityId?: string;
  firstDataCenterFacilityIdInMetro?: string;
}

/** GET /v2/data-center-facility?filter=… item. */
export interface DataCenterFacility {
  id: string;
  name: string;
  username?: string;
  tags?: string[];
  company?: { addresses?: { address?: string; street?: string; city?: string; country?: string }[] };
  dataCenterFacility?: {
    metroId?: string;
    ready?: boolean;
    nniReady?: boolean;
    speeds?: { name: string; value: number }[];
    canBundleCrossConnect?: boolean;
  };
}

/** The LoopBack filter DCF search takes: `where` (dotted keys), `skip`, `limit`. */
export interface LoopBackFilter {
  where?: Record<string, unknown>;
  skip?: number;
  limit?: number;
  order?: string | string[];
}
