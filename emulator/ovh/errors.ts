/**
 * OVH error bodies (api-notes §2): application errors `{class, message}` with a class such as Client::NotFound,
 * and authentication errors from the API gateway `{errorCode, httpCode, message}`. Every answer carries an
 * X-Ovh-QueryID header (the request id support asks for).
 */
import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";
import { STATUS_CODES } from "node:http";

export interface OvhApplicationError {
  class: string;
  message: string;
}

export interface OvhGatewayError {
  errorCode: string;
  httpCode: string;
  message: string;
}

const CLASSES: Record<number, string> = {
  400: "Client::BadRequest",
  401: "Client::Unauthorized",
  403: "Client::Forbidden",
  404: "Client::NotFound",
  409: "Client::Conflict",
  429: "Client::TooManyRequests",
  500: "Server::InternalServerError",
  502: "Server::BadGateway",
  503: "Server::ServiceUnavailable",
  504: "Server::GatewayTimeout",
};

/** The application error body; used by the emulator core for faults, unknown routes and crashes too. */
export function ovhErrorBody(status: number, _code: string, message: string): OvhApplicationError {
  return {
    class: CLASSES[status] ?? (status >= 500 ? "Server::InternalServerError" : "Client::BadRequest"),
    message,
  };
}

export function sendOvhError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send(ovhErrorBody(status, "", message));
}

/** The gateway's authentication errors, as the real API answers them (api-notes §2, python-ovh). */
export const GATEWAY_ERRORS = {
  invalidKey: { status: 403, errorCode: "INVALID_KEY", message: "Invalid application key" },
  invalidCredential: {
    status: 403,
    errorCode: "INVALID_CREDENTIAL",
    message: "This credential is not valid",
  },
  invalidSignature: { status: 400, errorCode: "INVALID_SIGNATURE", message: "Invalid signature" },
  queryTimeOut: { status: 400, errorCode: "QUERY_TIME_OUT", message: "Query out of time" },
} as const;

export function sendGatewayError(
  reply: FastifyReply,
  error: (typeof GATEWAY_ERRORS)[keyof typeof GATEWAY_ERRORS],
): FastifyReply {
  const body: OvhGatewayError = {
    errorCode: error.errorCode,
    httpCode: `${error.status} ${STATUS_CODES[error.status]}`,
    message: error.message,
  };
  return reply.code(error.status).send(body);
}

let queries = 0;

/** A request id shaped like OVH's ("EU.ext-3.5f0e1b2c.1234.abcdef…"). */
export function newQueryId(): string {
  queries += 1;
  return `EU.ext-emu.${Date.now().toString(16)}.${queries}.${randomBytes(8).toString("hex")}`;
}
