/**
 * Equinix v3 error bodies (api-notes §2.2): `{errorCode, errorMessage, property, moreInfo}`, sent as an array for
 * 400 and as a single object for the other statuses (as NESPEC types them).
 */
import type { FastifyReply } from "fastify";

export interface EquinixError {
  errorCode: string;
  errorMessage: string;
  property?: string;
  moreInfo?: string;
}

/**
 * The first four codes are the real ones from api-notes §2.2. The API's codes for the other failures are unknown,
 * so the emulator invents them with an "EMU" infix: a client must not branch on them, only on the HTTP status.
 */
export const ERROR_CODES = {
  invalidRequest: "IC-LAYER2-402",
  alreadyDeleted: "IC-LAYER2-4021",
  connectionNotFound: "IC-LAYER2-4023",
  portNotFound: "IC-LAYER2-PORTS-001",
  invalidField: "IC-LAYER2-EMU-INVALID-FIELD",
  unsupported: "IC-LAYER2-EMU-UNSUPPORTED",
  profileNotFound: "IC-LAYER2-EMU-PROFILE-NOT-FOUND",
  metroNotServed: "IC-LAYER2-EMU-METRO",
  speed: "IC-LAYER2-EMU-SPEED",
  vlanRange: "IC-LAYER2-EMU-VLAN-RANGE",
  vlanInUse: "IC-LAYER2-EMU-VLAN-IN-USE",
  tagging: "IC-LAYER2-EMU-TAGGING",
  notifications: "IC-LAYER2-EMU-NOTIFICATIONS",
  redundancyRequired: "IC-LAYER2-EMU-REDUNDANCY-REQUIRED",
  notEditable: "IC-LAYER2-EMU-NOT-EDITABLE",
  invalidToken: "IC-EMU-AUTH-401",
} as const;

export function equinixErrorBody(
  status: number,
  code: string,
  message: string,
): EquinixError | EquinixError[] {
  const error: EquinixError = { errorCode: code, errorMessage: message };
  return status === 400 ? [error] : error;
}

/** The API's 400 answer: always an array of errors. */
export function sendBadRequest(reply: FastifyReply, errors: EquinixError[]): FastifyReply {
  return reply.code(400).send(errors);
}

export function connectionNotFound(uuid: string): EquinixError {
  return {
    errorCode: ERROR_CODES.connectionNotFound,
    errorMessage: "Connection does not exist or do not belong to user, Please check connection Id",
    property: "uuid",
    moreInfo: uuid,
  };
}

/** The OAuth service's own error shape (api-notes §2.1, oauth2-go fixture), not the API's. */
export function oauthLoginFailure(developerMessage: string) {
  return {
    errorDomain: "apps-fqa",
    errorTitle: "Login Failure",
    errorCode: "S1006",
    developerMessage,
    errorMessage: "Login Failure, please try again.",
  };
}
