/**
 * Fabric v4 error bodies: always a JSON array of `{errorCode, errorMessage, correlationId?, details?, help?,
 * additionalInfo?: [{property?, reason?}]}` (Fabric v4 OpenAPI spec, schemas `ErrorList`, `Error` and
 * `PriceError_additionalInfo`, in equinix/equinix-sdk-go `spec/services/fabricv4/oas3.patched/openapi.yaml`).
 */
import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface V4ErrorInfo {
  property?: string;
  reason?: string;
}

export interface V4Error {
  errorCode: string;
  errorMessage: string;
  correlationId?: string;
  details?: string;
  additionalInfo?: V4ErrorInfo[];
}

/**
 * Codes and messages from the spec's examples (connection 400/401/403/404 examples, `400_Invalid_id`,
 * `400_invalid_portId`, `sp-400-search`, `sp-404-get`, `400_metroCode`, the search 400 example), except where
 * marked Invented.
 */
export const V4_ERRORS = {
  vlanInUse: [
    "EQ-3142102",
    "Connection has duplicate buyer-side VLAN ID for port or the same VLAN ID is in the process of being deleted and should be freed up soon",
  ],
  invalidInput: ["EQ-3142501", "Invalid input"],
  alreadyDeleted: ["EQ-3142509", "Connection already deleted"],
  transientState: ["EQ-3142510", "Connection is in transient state"],
  connectionNotFound: [
    "EQ-3142519",
    "Connection does not exist or do not belong to user,Please check connection Id",
  ],
  uuidNotFound: ["EQ-3045811", "uuid not found"],
  redundancyGroupRequired: ["EQ-3142514", "Redundancy group is required"],
  redundancyPriorityRequired: ["EQ-3142515", "Redundancy priority is required"],
  invalidRedundancyGroup: ["EQ-3142516", "Invalid redundancy group"],
  invalidRedundancyPriority: ["EQ-3142517", "Invalid redundancy priority"],
  primaryOnly: ["EQ-3142303", "Only Primary connection allowed for this CSP"],
  sameProfileRequired: ["EQ-3142320", "For redundant connection, Service Profile should be the same"],
  profileNotFound: ["EQ-3142301", "Given profile does not exist"],
  metroNotServed: ["EQ-3142302", "Service provider does not exist in required zSide metro"],
  bandwidthNotSupported: ["EQ-3142306", "Requested bandwidth is not supported by service profile"],
  authenticationKeyRequired: ["EQ-3142308", "Authentication key is required"],
  /**
   * Invented: the server rule (Terraform's schema checks 1–24 characters client-side); the code comes from a
   * third-party client's comment.
   */
  nameLength: ["EQ-3142539", "Connection name length must be greater than 0 and less than 24"],
  invalidToken: ["EQ-3000039", "User not found in request or invalid."],
  /** The spec's generic 403 example; Invented: its use for a buyer calling a seller's action. */
  operationNotAllowed: ["EQ-3045003", "Operation not allowed"],
  /** The spec's DELETE 403 example; Invented: its use for a seller changing a buyer's connection. */
  accountNotAuthorized: [
    "EQ-3142401",
    "Your account isn't authorized to perform this task. Contact your administrator for assistance.",
  ],
  invalidSearch: ["EQ-3000035", "Invalid request body"],
  unsupportedProfileSearch: ["EQ-3001202", "Unsupported search property"],
  invalidProfileSearchValue: ["EQ-3001022", "INVALID_VALUE"],
  profileNotFoundById: ["EQ-3001011", "Invalid uuid"],
  portNotFound: ["EQ-3035202", "Unable to fetch port details"],
  metroNotFound: ["EQ-3036013", "Invalid Path Parameter"],
  unsupportedMediaType: [
    "EQ-3040016",
    "Unsupported media type, please check the request's Content-Type or Content-Encoding",
  ],
  /** Invented: no public source gives the code a rejected connection carries in `operation.errors`. */
  sellerRejected: ["EQ-3142900", "Connection request rejected by the seller"],
} as const satisfies Record<string, readonly [string, string]>;

export type V4ErrorName = keyof typeof V4_ERRORS;

/** Every v4 code the emulator answers with, by name (exported for tests and clients' fixtures). */
export const V4_ERROR_CODES = Object.fromEntries(
  Object.entries(V4_ERRORS).map(([name, [code]]) => [name, code]),
) as { [name in V4ErrorName]: (typeof V4_ERRORS)[name][0] };

export function v4Error(name: V4ErrorName, property?: string, reason?: string, details?: string): V4Error {
  const [errorCode, errorMessage] = V4_ERRORS[name];
  return {
    errorCode,
    errorMessage,
    ...(details === undefined ? {} : { details }),
    ...(property === undefined && reason === undefined
      ? {}
      : { additionalInfo: [{ ...(property === undefined ? {} : { property }), reason }] }),
  };
}

/**
 * Invented: from the names alone, the request's `X-CORRELATION-ID`, which Terraform sends
 * (terraform-provider-equinix `internal/config/config.go`), is echoed as `correlationId`; without one the
 * emulator makes one up.
 */
export function correlationIdOf(request: FastifyRequest | undefined): string {
  const header = request?.headers["x-correlation-id"];
  return typeof header === "string" && header.length > 0 ? header : randomUUID();
}

export function withCorrelationId(errors: V4Error[], request: FastifyRequest | undefined): V4Error[] {
  const correlationId = correlationIdOf(request);
  return errors.map((error) => ({ ...error, correlationId }));
}

export function sendV4Errors(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  errors: V4Error[],
): FastifyReply {
  return reply.code(status).send(withCorrelationId(errors, request));
}

/** Fault answers, 404s and parse errors of the core, in the v4 shape. */
export function fabricV4ErrorBody(
  status: number,
  code: string,
  message: string,
  request?: FastifyRequest,
): V4Error[] {
  const errorCode = status === 415 ? V4_ERRORS.unsupportedMediaType[0] : code;
  return withCorrelationId([{ errorCode, errorMessage: message }], request);
}

/** Thrown by deep validation code and turned into a 400 by the route. */
export class V4RequestError extends Error {
  constructor(
    readonly errors: V4Error[],
    readonly status = 400,
  ) {
    super(errors.map((error) => error.errorMessage).join("; "));
  }
}
