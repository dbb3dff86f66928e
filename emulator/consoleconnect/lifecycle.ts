/**
 * Connection statuses (the status table of Console Connect's "Layer 2 Connections" documentation, plus CREATING,
 * ACTIVATING and DISABLING seen on the wire), computed from recorded facts and the emulator clock at read time, so
 * no timers run and a clock jump moves every connection along at once.
 *
 * Create:  CREATING (creatingMs) -> awaiting the destination: PENDING ("pending approval from at least one
 *          party") for another company; PENDING_ACCEPTANCE ("pending acceptance by 3rd party service (e.g. AWS)")
 *          for `oracle`, the Oracle FastConnect cloud service whose side Console Connect Support completes (the
 *          docs' Oracle FastConnect page; no source shows the wire status of an Oracle request) -> (approved)
 *          ACCEPTED (acceptedMs) -> ACTIVATING (activatingMs) -> ACTIVE; or (rejected) DENIED. Between your own
 *          ports the creator is both parties, so the request is approved as it is made.
 * Disable: ACTIVE -> DISABLING (disablingMs) -> DISABLED; enable goes back to ACTIVE at once.
 * Delete:  any status -> DELETING (deletingMs) -> DELETED; deleted outside the API: DELETED at once.
 * ERROR and CANCELLED come only from the control endpoints (Console Connect operations).
 */

export type ConnectionStatus =
  | "CREATING"
  | "PENDING"
  | "PENDING_ACCEPTANCE"
  | "ACCEPTED"
  | "ACTIVATING"
  | "ACTIVE"
  | "DISABLING"
  | "DISABLED"
  | "DENIED"
  | "CANCELLED"
  | "ERROR"
  | "DELETING"
  | "DELETED";

export interface LifecycleTiming {
  creatingMs: number;
  /** When destination companies approve by themselves (requests and change requests); "manual": never. */
  approvalDelayMs: number | "manual";
  acceptedMs: number;
  activatingMs: number;
  disablingMs: number;
  deletingMs: number;
}

export interface Decision {
  at: number;
  /** The deciding user's id. */
  by: string;
}

export interface LifecycleFacts {
  createdAt: number;
  /** What the request shows while the destination has not decided: a company's approval, or a cloud service's. */
  awaiting: "PENDING" | "PENDING_ACCEPTANCE";
  destApproval?: Decision;
  rejection?: Decision;
  disabledAt?: number;
  deletion?: { at: number; outOfBand: boolean };
  /** Set by Console Connect operations (control endpoints). */
  failure?: { status: "ERROR" | "CANCELLED"; reason: string };
}

/** When the request leaves CREATING and can be decided on. */
export function submittedAt(facts: LifecycleFacts, timing: LifecycleTiming): number {
  return facts.createdAt + timing.creatingMs;
}

export function statusAt(facts: LifecycleFacts, timing: LifecycleTiming, now: number): ConnectionStatus {
  if (facts.deletion) {
    const deletingMs = facts.deletion.outOfBand ? 0 : timing.deletingMs;
    return now < facts.deletion.at + deletingMs ? "DELETING" : "DELETED";
  }
  if (facts.failure) return facts.failure.status;
  if (facts.rejection) return "DENIED";
  const submitted = submittedAt(facts, timing);
  if (now < submitted) return "CREATING";
  if (!facts.destApproval) return facts.awaiting;
  const accepted = Math.max(submitted, facts.destApproval.at);
  if (now < accepted + timing.acceptedMs) return "ACCEPTED";
  if (now < accepted + timing.acceptedMs + timing.activatingMs) return "ACTIVATING";
  if (facts.disabledAt !== undefined)
    return now < facts.disabledAt + timing.disablingMs ? "DISABLING" : "DISABLED";
  return "ACTIVE";
}

/** Whether a connection still holds bandwidth and VLANs on its ports. */
export function holdsPortResources(status: ConnectionStatus): boolean {
  return status !== "DENIED" && status !== "CANCELLED" && status !== "DELETED";
}

export function isAwaitingApproval(status: ConnectionStatus): boolean {
  return status === "PENDING" || status === "PENDING_ACCEPTANCE";
}

/** Both parties have approved: speed increases between companies now need a change request. */
export function isAccepted(status: ConnectionStatus): boolean {
  return ["ACCEPTED", "ACTIVATING", "ACTIVE", "DISABLING", "DISABLED"].includes(status);
}
