/**
 * Wire types of the Equinix Fabric v4 API (the OpenAPI specification in equinix/equinix-sdk-go,
 * spec/services/fabricv4; see docs/equinix.md). Requests are typed; answers are zod schemas, parsed at the
 * boundary (core/answers.ts), listing the fields this package reads and letting the rest through.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------

export type LinkProtocol =
  | { type: "DOT1Q"; vlanTag: number }
  | { type: "QINQ"; vlanSTag: number; vlanCTag?: number }
  | { type: "QINQ"; vlanCTag: number };

/** Who Fabric e-mails about a connection: `ALL` notifications to these addresses. */
export interface Notification {
  type: "ALL";
  emails: string[];
}

export interface ConnectionPostRequest {
  type: "EVPL_VC";
  name: string;
  /** Mbps. */
  bandwidth: number;
  redundancy: { priority: "PRIMARY" | "SECONDARY"; group?: string };
  order?: { purchaseOrderNumber: string };
  notifications: Notification[];
  aSide: { accessPoint: { type: "COLO"; port: { uuid: string }; linkProtocol: LinkProtocol } };
  zSide: {
    accessPoint: {
      type: "SP";
      profile: { type: "L2_PROFILE"; uuid: string };
      location?: { metroCode: string };
      sellerRegion?: string;
      authenticationKey?: string;
      peeringType?: "PRIVATE" | "MICROSOFT" | "PUBLIC" | "MANUAL";
      linkProtocol?: LinkProtocol;
    };
  };
}

/** One operation of a JSON-patch body (`application/json-patch+json`). */
export type PatchOperation =
  | { op: "replace"; path: "/name"; value: string }
  | { op: "replace"; path: "/bandwidth"; value: number }
  | { op: "replace"; path: "/notifications"; value: Notification[] };

/** A search expression of POST /fabric/v4/connections/search (values are always strings). */
export interface SearchExpression {
  and?: SearchExpression[];
  or?: SearchExpression[];
  property?: string;
  operator?: "=" | "!=" | "IN" | "LIKE" | "IS NOT NULL" | "IS NULL";
  values?: string[];
}

export interface SearchRequest {
  filter: SearchExpression;
  pagination?: { offset: number; limit: number };
  sort?: { property: string; direction: "ASC" | "DESC" }[];
}

// ---------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------

const tagNumber = z.union([z.number(), z.string().transform(Number)]).optional();

const linkProtocolAnswer = z
  .object({ type: z.string().optional(), vlanTag: tagNumber, vlanSTag: tagNumber, vlanCTag: tagNumber })
  .loose();

export const connectionAnswer = z
  .object({
    uuid: z.string(),
    name: z.string(),
    type: z.string().optional(),
    /** ACTIVE, PROVISIONED, PENDING, PROVISIONING, DEPROVISIONING, DEPROVISIONED, FAILED, CANCELLED… */
    state: z.string().optional(),
    bandwidth: z.number(),
    notifications: z
      .array(z.object({ type: z.string().optional(), emails: z.array(z.string()).optional() }).loose())
      .optional(),
    redundancy: z
      .object({ group: z.string().optional(), priority: z.string().optional() })
      .loose()
      .optional(),
    operation: z
      .object({
        equinixStatus: z.string().optional(),
        providerStatus: z.string().optional(),
        errors: z
          .array(z.object({ errorCode: z.string().optional(), errorMessage: z.string().optional() }).loose())
          .optional(),
      })
      .loose()
      .optional(),
    change: z
      .object({
        uuid: z.string().optional(),
        type: z.string().optional(),
        status: z.string().optional(),
        information: z.string().optional(),
        data: z.unknown().optional(),
      })
      .loose()
      .optional(),
    aSide: z
      .object({
        accessPoint: z
          .object({
            port: z.object({ uuid: z.string().optional(), name: z.string().optional() }).loose().optional(),
            linkProtocol: linkProtocolAnswer.optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    zSide: z
      .object({
        accessPoint: z
          .object({
            profile: z
              .object({ uuid: z.string().optional(), name: z.string().optional() })
              .loose()
              .optional(),
            port: z.object({ uuid: z.string().optional(), name: z.string().optional() }).loose().optional(),
            linkProtocol: linkProtocolAnswer.optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    changeLog: z.object({ createdDateTime: z.string().optional() }).loose().optional(),
  })
  .loose();

export type Connection = z.output<typeof connectionAnswer>;

export const searchAnswer = z
  .object({
    pagination: z.object({ total: z.number().optional(), next: z.string().nullish() }).loose().optional(),
    data: z.array(connectionAnswer),
  })
  .loose();

export const portAnswer = z
  .object({
    uuid: z.string(),
    name: z.string(),
    state: z.string().optional(),
    location: z.object({ metroCode: z.string().optional(), ibx: z.string().optional() }).loose().optional(),
    redundancy: z.object({ priority: z.string().optional() }).loose().optional(),
    /** DOT1Q, QINQ or UNTAGGED. */
    encapsulation: z.object({ type: z.string().optional() }).loose().optional(),
    bandwidth: z.number().optional(),
    availableBandwidth: z.number().optional(),
  })
  .loose();

export type Port = z.output<typeof portAnswer>;

export const portsAnswer = z.object({ data: z.array(portAnswer) }).loose();

export const serviceProfileAnswer = z
  .object({
    uuid: z.string(),
    name: z.string(),
    type: z.string().optional(),
    state: z.string().optional(),
    metros: z
      .array(
        z.object({ code: z.string(), sellerRegions: z.record(z.string(), z.string()).optional() }).loose(),
      )
      .optional(),
    accessPointTypeConfigs: z
      .array(
        z
          .object({
            type: z.string().optional(),
            supportedBandwidths: z.array(z.number()).optional(),
            allowCustomBandwidth: z.boolean().optional(),
            connectionRedundancyRequired: z.boolean().optional(),
            authenticationKey: z.object({ required: z.boolean().optional() }).loose().optional(),
            linkProtocolConfig: z.object({ encapsulation: z.string().optional() }).loose().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();

export type ServiceProfile = z.output<typeof serviceProfileAnswer>;

export const serviceProfilesAnswer = z.object({ data: z.array(serviceProfileAnswer) }).loose();
