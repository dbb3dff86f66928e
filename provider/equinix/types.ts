/**
 * Wire types of the ECX Fabric v3 Layer 2 API (seed 001; see docs/equinix.md). Requests are typed; answers are
 * zod schemas, parsed at the boundary (core/answers.ts), listing the fields this package reads.
 */
import { z } from "zod";
import { optionalAnswer } from "../core/answers";

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

const optional = optionalAnswer;
/** A VLAN tag as the API writes it: a number or a decimal string. */
const tagAnswer = optional(z.union([z.number(), z.string()]));
const text = optional(z.string());

/** POST /ecx/v3/l2/connections. */
export const createConnectionAnswer = z
  .object({
    message: text,
    primaryConnectionId: z.string(),
    secondaryConnectionId: text,
    status: text,
  })
  .loose();
export type CreateConnectionResponse = z.output<typeof createConnectionAnswer>;

export interface UpdateConnectionRequest {
  connectionNewName?: string;
  speed?: number;
  speedUnit?: string;
}

const actionDetail = z.object({ actionType: text, operationId: text, actionMessage: text }).loose();

/** GET /ecx/v3/l2/connections/{uuid}; only the fields this package reads are listed. */
export const connectionRecordAnswer = z
  .object({
    uuid: z.string(),
    name: z.string(),
    status: z.string(),
    providerStatus: text,
    speed: z.number(),
    speedUnit: z.string(),
    sellerServiceUUID: text,
    notifications: optional(z.array(z.string())),
    purchaseOrderNumber: text,
    portUUID: text,
    vlanSTag: tagAnswer,
    vlanCTag: tagAnswer,
    namedTag: text,
    zSideVlanCTag: tagAnswer,
    sellerRegion: text,
    sellerMetroCode: text,
    redundancyType: text,
    redundancyGroup: text,
    redundantUUID: text,
    actionDetails: optional(z.array(actionDetail)),
    createdDate: text,
  })
  .loose();
export type ConnectionRecord = z.output<typeof connectionRecordAnswer>;

export const pagedConnectionsAnswer = z
  .object({
    isFirstPage: optional(z.boolean()),
    isLastPage: optional(z.boolean()),
    totalCount: optional(z.number()),
    pageSize: optional(z.number()),
    pageNumber: optional(z.number()),
    content: optional(z.array(connectionRecordAnswer)),
  })
  .loose();

export const userPortAnswer = z
  .object({
    uuid: z.string(),
    name: z.string(),
    region: text,
    ibx: text,
    metroCode: text,
    devicePriority: text,
    /** "Dot1q" or "Qinq". */
    encapsulation: text,
    buyout: optional(z.boolean()),
    totalBandwidth: optional(z.number()),
    provisionStatus: text,
  })
  .loose();
export type UserPort = z.output<typeof userPortAnswer>;

export const serviceProfileAnswer = z
  .object({
    uuid: z.string(),
    name: z.string(),
    state: text,
    speedBands: optional(z.array(z.object({ speed: z.number(), unit: z.string() }).loose())),
    allowCustomSpeed: optional(z.boolean()),
    requiredRedundancy: optional(z.boolean()),
    /** "Dot1q" or "Qinq". */
    profileEncapsulation: text,
    metros: optional(
      z.array(
        z
          .object({
            code: z.string(),
            name: text,
            ibxs: optional(z.array(z.string())),
            sellerRegions: optional(z.record(z.string(), z.string())),
          })
          .loose(),
      ),
    ),
  })
  .loose();
export type ServiceProfile = z.output<typeof serviceProfileAnswer>;

/** POST /oauth2/v1/token (shared by v3 and v4). */
export const tokenAnswer = z
  .object({ access_token: z.string().min(1), token_timeout: optional(z.union([z.string(), z.number()])) })
  .loose();
