/**
 * Connection statuses as seed 001's tables describe them, computed from recorded facts and the emulator clock at
 * read time, so no timers run and a clock jump moves every connection along at once.
 *
 * Create, seller-approval profiles:  PENDING_APPROVAL/NOT_AVAILABLE -> (approved) PROVISIONING/NOT_AVAILABLE
 *   -> PROVISIONED/AVAILABLE after provisioningMs; or (rejected) REJECTED/NOT_AVAILABLE.
 * Create, auto-approval profiles:    PROVISIONING/NOT_AVAILABLE -> PROVISIONED/AVAILABLE after provisioningMs.
 * Delete of a PROVISIONED connection: PENDING_DELETE/AVAILABLE -> DEPROVISIONING/AVAILABLE -> DEPROVISIONED/
 *   NOT_AVAILABLE after deprovisioningMs. The seller approves the deletion by itself halfway through.
 */

export type ConnectionStatus =
  | "PENDING_APPROVAL"
  | "PROVISIONING"
  | "PROVISIONED"
  | "REJECTED"
  | "PENDING_DELETE"
  | "DEPROVISIONING"
  | "DEPROVISIONED";

export type ProviderStatus = "NOT_AVAILABLE" | "AVAILABLE";

export interface LifecycleTiming {
  /** When the seller of an approval profile approves by itself; "manual": only through the control endpoint. */
  approvalDelayMs: number | "manual";
  provisioningMs: number;
  deprovisioningMs: number;
}

export interface SellerDecision {
  verdict: "approved" | "rejected";
  at: number;
  reason?: string;
}

/**
 * "deprovision": the buyer deleted a PROVISIONED connection (the table above). "cancel": the buyer deleted one
 * that never reached PROVISIONED, so there is nothing to disband and it is DEPROVISIONED at once. "out-of-band":
 * deleted outside the API (portal, Equinix support), DEPROVISIONED at once.
 */
export interface Deletion {
  kind: "deprovision" | "cancel" | "out-of-band";
  at: number;
  by: string;
}

export interface LifecycleFacts {
  createdAt: number;
  requiresSellerApproval: boolean;
  sellerDecision?: SellerDecision;
  deletion?: Deletion;
}

export interface LifecycleState {
  status: ConnectionStatus;
  providerStatus: ProviderStatus;
  rejectionReason?: string;
}

function effectiveDecision(facts: LifecycleFacts, timing: LifecycleTiming): SellerDecision | undefined {
  if (!facts.requiresSellerApproval) return { verdict: "approved", at: facts.createdAt };
  if (facts.sellerDecision) return facts.sellerDecision;
  if (timing.approvalDelayMs === "manual") return undefined;
  return { verdict: "approved", at: facts.createdAt + timing.approvalDelayMs };
}

function deletionState(deletion: Deletion, timing: LifecycleTiming, now: number): LifecycleState {
  const elapsed = now - deletion.at;
  if (deletion.kind === "deprovision" && elapsed < timing.deprovisioningMs / 2)
    return { status: "PENDING_DELETE", providerStatus: "AVAILABLE" };
  if (deletion.kind === "deprovision" && elapsed < timing.deprovisioningMs)
    return { status: "DEPROVISIONING", providerStatus: "AVAILABLE" };
  return { status: "DEPROVISIONED", providerStatus: "NOT_AVAILABLE" };
}

export function lifecycleAt(facts: LifecycleFacts, timing: LifecycleTiming, now: number): LifecycleState {
  if (facts.deletion) return deletionState(facts.deletion, timing, now);
  const decision = effectiveDecision(facts, timing);
  if (!decision || decision.at > now) return { status: "PENDING_APPROVAL", providerStatus: "NOT_AVAILABLE" };
  if (decision.verdict === "rejected")
    return { status: "REJECTED", providerStatus: "NOT_AVAILABLE", rejectionReason: decision.reason };
  if (now < decision.at + timing.provisioningMs)
    return { status: "PROVISIONING", providerStatus: "NOT_AVAILABLE" };
  return { status: "PROVISIONED", providerStatus: "AVAILABLE" };
}

/** Whether the connection still occupies its VLAN tags: until it is rejected or fully deprovisioned. */
export function holdsVlanTags(status: ConnectionStatus): boolean {
  return status !== "REJECTED" && status !== "DEPROVISIONED";
}
