/**
 * Wire types of the Console Connect REST API (its OpenAPI specification, and the real answers of seeds 002/003).
 * Requests are typed; answers are zod schemas, parsed at the boundary (core/answers.ts), listing the fields this
 * package reads and letting the rest through; the types are inferred from them.
 */
import { z } from "zod";

const text = z.string().nullish();

/** The API's Mbps speed object: `{value: 100, name: "100 Mbps"}`. */
export const speedAnswer = z.object({ value: z.number(), name: text }).loose();
export type Speed = z.output<typeof speedAnswer>;

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
export const companyRefAnswer = z.union([
  z.string(),
  z.object({ id: text, username: text, name: text }).loose(),
]);
export type CompanyRef = z.output<typeof companyRefAnswer>;

/**
 * The connection request, or the latest change request, with each party's approval (a user id or null).
 * `status`: PENDING, APPROVED, REJECTED or WITHDRAWN.
 */
export const connectionRequestAnswer = z
  .object({
    status: text,
    srcApproval: text,
    destApproval: text,
    speed: z.number().nullish(),
    destMetroId: text,
    updatedAt: text,
  })
  .loose();
export type ConnectionRequest = z.output<typeof connectionRequestAnswer>;

/** GET /api/v2/company/{username}/connections/{id}; only the fields this package reads are listed. */
export const connectionAnswer = z
  .object({
    id: z.string(),
    type: text,
    name: z.string(),
    status: z.string(),
    errorReason: text,
    speed: speedAnswer,
    srcPortId: text,
    destPortId: text,
    srcCompany: companyRefAnswer.nullish(),
    destCompany: companyRefAnswer.nullish(),
    destMetroId: text,
    destDcf: text,
    srcRegionId: text,
    destRegionId: text,
    paymentType: text,
    duration: z.number().nullish(),
    durationUnit: text,
    evergreen: z.boolean().nullish(),
    classOfService: text,
    srcVlanRequest: z.number().nullish(),
    destVlanRequest: z.number().nullish(),
    /** The VLAN assigned on each side, as a string ("3602"). */
    srcTag: z.union([z.string(), z.number().transform(String)]).nullish(),
    destTag: z.union([z.string(), z.number().transform(String)]).nullish(),
    isCreator: z.boolean().nullish(),
    isReceiver: z.boolean().nullish(),
    request: connectionRequestAnswer.nullish(),
    deleted: z.boolean().nullish(),
    createdAt: text,
    updatedAt: text,
  })
  .loose();
export type ConnectionRecord = z.output<typeof connectionAnswer>;

/**
 * A page of GET /api/v2/company/{username}/connections. The specification documents the answer as ConnectionModel
 * with no envelope (read as a bare array of connections, or a lone one); Console Connect's other lists answer
 * `{results}` (ports, metro capabilities) or `{total, results}` (logs), so those are accepted too.
 */
export const connectionPageAnswer = z.union([
  z.array(connectionAnswer),
  z.object({ results: z.array(connectionAnswer) }).loose(),
  connectionAnswer,
  z.object({ total: z.number().nullish() }).loose(),
]);
export type ConnectionPage = z.output<typeof connectionPageAnswer>;

/** GET /api/auth/token: the user the API key belongs to, with the companies it may act for. */
export const currentUserAnswer = z
  .object({
    id: z.string(),
    email: text,
    name: text,
    roles: z.array(z.string()).nullish(),
    companies: z.array(z.object({ id: z.string(), username: z.string(), name: text }).loose()).nullish(),
  })
  .loose();
export type CurrentUser = z.output<typeof currentUserAnswer>;

/** GET /api/company/{company}/ports?deleted=false item. */
export const portAnswer = z
  .object({
    id: z.string(),
    name: z.string(),
    companyId: text,
    metroId: text,
    dataCenterFacilityId: text,
    status: text,
    type: text,
    speed: speedAnswer.nullish(),
    capacity: z.object({ total: z.number(), utilised: z.number(), remaining: z.number() }).loose().nullish(),
    vlanRanges: z.array(z.object({ start: z.number(), end: z.number() }).loose()).nullish(),
    connections: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            status: z.string(),
            speed: z.number(),
            type: z.string(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();
export type Port = z.output<typeof portAnswer>;

/**
 * GET /api/company/{company}/metro/capabilities item. The 2024 spec calls the facility field
 * `firstDataCenterFacilityId`, the 2025 docs `firstDataCenterFacilityIdInMetro`; the lookups fill both.
 */
export const metroCapabilityAnswer = z
  .object({
    id: z.string(),
    name: z.string(),
    code: text,
    country: text,
    regionIds: z.array(z.string()),
    ready: z.boolean().nullish(),
    capabilities: z
      .object({ layer2: z.boolean().nullish(), layer3: z.boolean().nullish() })
      .loose()
      .nullish(),
    firstDataCenterFacilityId: text,
    firstDataCenterFacilityIdInMetro: text,
  })
  .loose();
export type MetroCapability = z.output<typeof metroCapabilityAnswer>;

/** GET /v2/data-center-facility?filter=… item. */
export const dataCenterFacilityAnswer = z
  .object({
    id: z.string(),
    name: z.string(),
    username: text,
    tags: z.array(z.string()).nullish(),
    company: z
      .object({
        addresses: z
          .array(z.object({ address: text, street: text, city: text, country: text }).loose())
          .nullish(),
      })
      .loose()
      .nullish(),
    dataCenterFacility: z
      .object({
        metroId: text,
        ready: z.boolean().nullish(),
        nniReady: z.boolean().nullish(),
        speeds: z.array(z.object({ name: z.string(), value: z.number() }).loose()).nullish(),
        canBundleCrossConnect: z.boolean().nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type DataCenterFacility = z.output<typeof dataCenterFacilityAnswer>;

/** The LoopBack filter DCF search takes: `where` (dotted keys), `skip`, `limit`. */
export interface LoopBackFilter {
  where?: Record<string, unknown>;
  skip?: number;
  limit?: number;
  order?: string | string[];
}
