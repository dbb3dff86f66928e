/**
 * The OVHcloud cells of the fault matrix: every fault kind at every position with the classic signature (its first
 * call is the server clock, GET /auth/time), and with an OAuth2 service account the token call and a token
 * refused mid-lifecycle.
 */
import { Cell, FAULT_KINDS, Subject, cellsOf } from "./harness";

export function ovhCells(subject: Subject): Cell[] {
  return [
    ...cellsOf(subject, FAULT_KINDS, ["clock", "create", "read#1", "read#3", "update", "delete"]),
    ...cellsOf(subject, FAULT_KINDS, ["token"], "oauth2"),
    ...cellsOf(subject, ["401"], ["create", "read#1", "read#3", "update", "delete"], "oauth2"),
  ];
}
