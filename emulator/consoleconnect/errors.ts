/**
 * LoopBack error bodies (the examples of Console Connect's API specification): `{"error": {statusCode, name,
 * message}}`. Console Connect answers most business-rule failures with 400, authorization failures included.
 */
import type { FastifyReply } from "fastify";

export interface LoopBackError {
  error: { statusCode: number; name: string; message: string; status?: number };
}

/** Messages quoted from the API (its specification's examples, seed 002); those marked "invented" are our own. */
export const MESSAGES = {
  notLoggedIn: "The user is not logged in",
  notAuthorized: "You are not authorized to do that.",
  noActiveSourcePort: "Cannot find an ACTIVE source port",
  noActiveDestinationPort: "Cannot find an ACTIVE destination port",
  portNotFound: "A port can not be found with the given id",
  metroNotFound: "The metro with that ID does not exist",
  speed: "Port bandwidth must be a positive integer in Mbps.",
  creditcard:
    "The 'paymentType' can only be 'invoice'. A 'paymentType' of 'creditcard' is only supported via the Console Connect web application.",
  invoice: "If paymentType is 'invoice', 'destDcf', 'duration' and 'durationUnit' should be provided.",
  capacity: (max: number) =>
    `The requested bandwidth exceeds the available capacity for the Port. Max is: ${max}`,
  notOwnPort: (id: string) => `Port with id: ${id} does not belong to the company`,
  pattern: (field: string) => `The request/${field} must match pattern "^[a-f0-9]{24}$"`,
  /** AJV-style, like the pattern message. */
  required: (field: string) => `The request must have required property '${field}'`,
  allowedValues: (field: string) => `The request/${field} must be equal to one of the allowed values`,
  type: (field: string, type: string) => `The request/${field} must be ${type}`,
  /** Invented: the API's messages for these are unknown. */
  connectionNotFound: "A connection can not be found with the given id",
  companyNotFound: "A company can not be found with the given username",
  facilityNotFound: "A data center facility can not be found with the given id",
  duration: (max: number, unit: string) => `The duration may be at most ${max} for durationUnit '${unit}'`,
  vlanUnavailable: (vlan: number) => `The requested VLAN ${vlan} is not available on the port`,
  noVlan: "No VLAN is available on the port",
  metroMismatch: "The destination port is not in the destination metro (destMetroId)",
  notUpdatable: (status: string) => `A ${status} connection can not be updated`,
  notPending: "The connection request is not pending approval",
  noChangeRequest: "The connection has no pending change request",
  increaseNeedsChange:
    "The speed of a connection between companies can only be reduced; request an increase with PUT /api/company/{companyName}/connections/{connectionId}/change",
  notActive: (action: string) => `Only an ACTIVE connection can be ${action}`,
  notDisabled: "Only a DISABLED connection can be enabled",
  filterRequired: "The filter query parameter is required",
  filterInvalid: "The filter query parameter must be a JSON LoopBack filter",
  /** AJV-style, like `required`, for a query parameter. */
  requiredQuery: (name: string) => `The query must have required property '${name}'`,
} as const;

export function loopBackError(status: number, message: string, name = "Error"): LoopBackError {
  return { error: { statusCode: status, name, message } };
}

/** The emulator core's error factory: faults, unknown routes and bad JSON answer in the API's own shape. */
export function consoleConnectErrorBody(status: number, _code: string, message: string): LoopBackError {
  return loopBackError(status, message);
}

export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send(loopBackError(status, message));
}

/** A 401 as the API sends it: the LoopBack body with `status` too. */
export function sendNotLoggedIn(reply: FastifyReply): FastifyReply {
  return reply.code(401).send({ error: { message: MESSAGES.notLoggedIn, status: 401, statusCode: 401 } });
}
