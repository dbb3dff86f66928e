/**
 * A Fabric v4 connection as the emulator stores it (plain JSON, so that state files can carry it). The served
 * shape is built by `connectionToApi` (view.ts).
 *
 * Enum values come from the spec's `ConnectionState`, `EquinixStatus`, `ProviderStatus` and `Change` schemas;
 * only values the strict Go SDK decodes are used (equinix/equinix-sdk-go `services/fabricv4/model_*.go`).
 */
import type { EquinixIdentityId } from "../seed";
import type { V4Error } from "./errors";
import type { Priority } from "./seed";

export type ConnectionState =
  "PROVISIONING" | "PENDING" | "PROVISIONED" | "FAILED" | "DEPROVISIONING" | "DEPROVISIONED";

export type EquinixStatus =
  | "PROVISIONING"
  | "PENDING_APPROVAL"
  | "PROVISIONED"
  | "REJECTED"
  | "REJECTED_ACK"
  | "DEPROVISIONING"
  | "DEPROVISIONED";

export type ProviderStatus =
  | "PROVISIONING"
  | "NOT_AVAILABLE"
  | "AVAILABLE"
  | "PROVISIONED"
  | "PENDING_APPROVAL"
  | "REJECTED"
  | "DEPROVISIONING"
  | "DEPROVISIONED";

export interface LinkProtocol {
  type: "DOT1Q" | "QINQ";
  vlanTag?: number;
  vlanSTag?: number;
  vlanCTag?: number;
}

export interface Notification {
  type: string;
  emails: string[];
}

export interface PatchOp {
  op: string;
  path: string;
  value: unknown;
}

export type ChangeType = "CONNECTION_CREATION" | "CONNECTION_UPDATE" | "CONNECTION_DELETION";
export type ChangeStatus = "REQUESTED" | "SUBMITTED_FOR_APPROVAL" | "APPROVED" | "COMPLETED" | "REJECTED";

/** The connection's latest change (spec `Change`); there is no changes sub-resource for connections. */
export interface ChangeRecord {
  uuid: string;
  type: ChangeType;
  status: ChangeStatus;
  createdAt: number;
  updatedAt: number;
  information?: string;
  /** An update's JSON-patch operations; `change.data` shows the last one. */
  ops?: PatchOp[];
}

/** Timed transitions, applied in time order by `FabricV4Store.settle` when the emulator clock passes `at`. */
export type EventKind =
  | "provisioned"
  | "sellerAcceptsCreation"
  | "sellerAcceptsUpdate"
  | "awsAccepted"
  | "changeCompleted"
  | "deprovisioned"
  | "purge";

export interface ScheduledEvent {
  at: number;
  kind: EventKind;
}

export interface ConnectionRecord {
  uuid: string;
  /** Creation order, the last tie-breaker of searches. */
  seq: number;
  buyer: EquinixIdentityId;
  name: string;
  /** Mbps. */
  bandwidth: number;
  redundancy: { group: string; priority: Priority };
  order: { purchaseOrderNumber?: string; termLength: number };
  notifications: Notification[];
  project?: { projectId: string };
  geoScope?: string;
  additionalInfo?: { key: string; value: string }[];
  aSide: { portUuid: string; linkProtocol: LinkProtocol; linkProtocolUuid: string };
  zSide: {
    profileUuid: string;
    metroCode: string;
    sellerRegion?: string;
    authenticationKey?: string;
    peeringType?: string;
    /** Azure: the C-tag asked for on Microsoft's side (`zSide.accessPoint.linkProtocol.vlanCTag`). */
    requestedCTag?: number;
    /** The seller's port and tags, once assigned (seller acceptance, or provisioning for cloud profiles). */
    portUuid?: string;
    linkProtocol?: LinkProtocol;
  };
  state: ConnectionState;
  equinixStatus: EquinixStatus;
  providerStatus: ProviderStatus;
  errors?: V4Error[];
  change: ChangeRecord;
  createdAt: number;
  createdBy: EquinixIdentityId;
  updatedAt: number;
  updatedBy: EquinixIdentityId;
  deletedAt?: number;
  deletedBy?: EquinixIdentityId;
  events: ScheduledEvent[];
}
