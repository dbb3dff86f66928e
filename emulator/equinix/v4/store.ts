/**
 * The emulated Fabric v4 connections and their lifecycles. Transitions are facts with a time (`events`), applied
 * in time order whenever the store is read (`settle`), so no timers run and a clock jump moves every connection
 * along at once, as in the v3 emulator.
 *
 * Statuses per phase (spec examples; the notes' table in docs/equinix-emulator.md says which are documented):
 *   cloud / auto profile:  PROVISIONING (PROVISIONING/PROVISIONING) → PROVISIONED (PROVISIONED/AVAILABLE, clouds
 *                          PROVISIONED; AWS PENDING_APPROVAL until the hosted connection is accepted)
 *   seller-approved:       PENDING (PENDING_APPROVAL/NOT_AVAILABLE) → accepted: PROVISIONING → PROVISIONED;
 *                          rejected: FAILED (REJECTED/REJECTED) with operation.errors
 *   delete:                DEPROVISIONING (DEPROVISIONING/DEPROVISIONING) → DEPROVISIONED, still readable
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../../core";
import { ConnectionStore, VlanHolder, VlanTags, vlanTagsClash } from "../connections";
import type { EquinixIdentityId } from "../seed";
import { V4RequestError, v4Error } from "./errors";
import type {
  ChangeRecord,
  ConnectionRecord,
  EventKind,
  LinkProtocol,
  PatchOp,
  ScheduledEvent,
} from "./model";
import { V4Port, V4Profile, findPort, findProfile, sellerPortFor } from "./seed";
import type { FabricV4Settings } from "./settings";

export const VLAN_RANGE = { min: 2, max: 4092 } as const;

/** The tags a link protocol takes on its port, in the v3 store's terms (a DOT1Q tag is an S-tag). */
export function tagsOf(linkProtocol: LinkProtocol): VlanTags {
  return linkProtocol.type === "DOT1Q"
    ? { sTag: linkProtocol.vlanTag ?? 0 }
    : { sTag: linkProtocol.vlanSTag ?? 0, cTag: linkProtocol.vlanCTag };
}

/** A connection holds its tags until it is rejected or fully deprovisioned (spec EQ-3142102's message). */
export function holdsVlans(record: ConnectionRecord): boolean {
  return record.state !== "FAILED" && record.state !== "DEPROVISIONED";
}

/** A primary a secondary can join: not rejected, not being deleted. */
export function isLive(record: ConnectionRecord): boolean {
  return holdsVlans(record) && record.state !== "DEPROVISIONING";
}

export function profileOf(record: ConnectionRecord): V4Profile {
  const profile = findProfile(record.zSide.profileUuid);
  if (!profile) throw new Error(`Unknown profile ${record.zSide.profileUuid} in a stored connection`);
  return profile;
}

export function portOf(uuid: string): V4Port {
  const port = findPort(uuid);
  if (!port) throw new Error(`Unknown port ${uuid} in a stored connection`);
  return port;
}

export interface SavedFabricV4 {
  seq: number;
  connections: ConnectionRecord[];
}

/** Change data kept for the AWS keys op (`add ""`), without the secret. */
function withoutSecrets(op: PatchOp): PatchOp {
  if (op.op !== "add" || op.path !== "") return op;
  const value = op.value as { additionalInfo?: { key: string; value: unknown }[] };
  return {
    ...op,
    value: {
      additionalInfo: (value.additionalInfo ?? []).map((info) =>
        /secret/i.test(info.key) ? { ...info, value: "[redacted]" } : info,
      ),
    },
  };
}

export class FabricV4Store {
  private readonly records = new Map<string, ConnectionRecord>();
  private seq = 0;
  private settling = false;

  constructor(
    private readonly clock: Clock,
    private readonly settings: () => FabricV4Settings,
    private readonly v3: ConnectionStore,
  ) {}

  // ---- reading -------------------------------------------------------------------------------------------------

  /** Applies every transition due by now, oldest first (transitions read the store: no re-entry). */
  settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      const now = this.clock.now();
      for (;;) {
        let due: { record: ConnectionRecord; event: ScheduledEvent } | undefined;
        for (const record of this.records.values())
          for (const event of record.events)
            if (event.at <= now && (!due || event.at < due.event.at)) due = { record, event };
        if (!due) return;
        const { record, event } = due;
        record.events = record.events.filter((other) => other !== event);
        this.apply(record, event.kind, event.at);
      }
    } finally {
      this.settling = false;
    }
  }

  get(uuid: string): ConnectionRecord | undefined {
    this.settle();
    return this.records.get(uuid.toLowerCase());
  }

  all(): ConnectionRecord[] {
    this.settle();
    return [...this.records.values()];
  }

  /** What an identity sees: its own connections (OUTGOING) and those to its profiles (INCOMING). */
  visibleTo(identity: EquinixIdentityId): ConnectionRecord[] {
    return this.all().filter((record) => record.buyer === identity || profileOf(record).owner === identity);
  }

  clear(): void {
    this.records.clear();
    this.seq = 0;
  }

  save(): SavedFabricV4 {
    return { seq: this.seq, connections: [...this.records.values()] };
  }

  load(saved: SavedFabricV4 | undefined): void {
    this.clear();
    if (!saved) return;
    this.seq = saved.seq;
    for (const record of saved.connections) this.records.set(record.uuid, record);
  }

  // ---- VLAN inventory (shared with v3) -------------------------------------------------------------------------

  /** The tags this API's connections hold on a port (given to the v3 store, which shares the ports). */
  ownVlanHolders(portUuid: string): VlanHolder[] {
    const holders: VlanHolder[] = [];
    for (const record of this.all().filter(holdsVlans)) {
      if (record.aSide.portUuid === portUuid)
        holders.push({ uuid: record.uuid, vlan: tagsOf(record.aSide.linkProtocol) });
      if (record.zSide.portUuid === portUuid && record.zSide.linkProtocol)
        holders.push({ uuid: record.uuid, vlan: tagsOf(record.zSide.linkProtocol) });
    }
    return holders;
  }

  /** Every holder of tags on a port, v3 connections included. */
  vlanHolders(portUuid: string): VlanHolder[] {
    return [
      ...this.ownVlanHolders(portUuid),
      ...this.v3.liveOnPort(portUuid, "aSide").map(({ uuid, vlan }) => ({ uuid, vlan })),
      ...this.v3.liveOnPort(portUuid, "zSide").map(({ uuid, zSideVlan }) => ({ uuid, vlan: zSideVlan })),
    ];
  }

  vlanHolder(portUuid: string, tags: VlanTags): VlanHolder | undefined {
    return this.vlanHolders(portUuid).find((holder) => vlanTagsClash(holder.vlan, tags));
  }

  /** Invented: sellers hand out the lowest free tag of their port (as the v3 emulator does). */
  private lowestFreeTag(portUuids: string[]): number {
    const used = new Set(portUuids.flatMap((uuid) => this.vlanHolders(uuid).map(({ vlan }) => vlan.sTag)));
    let tag: number = VLAN_RANGE.min;
    while (used.has(tag) && tag < VLAN_RANGE.max) tag++;
    return tag;
  }

  /** The live primary of a redundancy group, if any. */
  livePrimary(group: string, buyer: EquinixIdentityId): ConnectionRecord | undefined {
    return this.all().find(
      (record) =>
        record.buyer === buyer &&
        record.redundancy.group === group &&
        record.redundancy.priority === "PRIMARY" &&
        isLive(record),
    );
  }

  // ---- creation ------------------------------------------------------------------------------------------------

  nextSeq(): number {
    return ++this.seq;
  }

  /** Stores a validated new connection in its first state and schedules what follows. */
  add(record: ConnectionRecord): void {
    this.records.set(record.uuid, record);
    const profile = profileOf(record);
    const { provisioningMs, sellerApproval } = this.settings();
    if (profile.sellerApproval) {
      if (sellerApproval !== "manual")
        this.schedule(record, "sellerAcceptsCreation", record.createdAt + sellerApproval.autoAfterMs);
    } else this.schedule(record, "provisioned", record.createdAt + provisioningMs);
  }

  // ---- transitions ---------------------------------------------------------------------------------------------

  private schedule(record: ConnectionRecord, kind: EventKind, at: number): void {
    record.events = [...record.events.filter((event) => event.kind !== kind), { at, kind }];
  }

  private unschedule(record: ConnectionRecord, ...kinds: EventKind[]): void {
    record.events = record.events.filter((event) => !kinds.includes(event.kind));
  }

  private touch(record: ConnectionRecord, at: number, by?: EquinixIdentityId): void {
    record.updatedAt = at;
    if (by) record.updatedBy = by;
  }

  private setChange(record: ConnectionRecord, change: Omit<ChangeRecord, "uuid" | "updatedAt">): void {
    record.change = { uuid: randomUUID(), updatedAt: change.createdAt, ...change };
  }

  private updateChange(record: ConnectionRecord, status: ChangeRecord["status"], at: number): void {
    record.change = { ...record.change, status, updatedAt: at };
  }

  private apply(record: ConnectionRecord, kind: EventKind, at: number): void {
    switch (kind) {
      case "provisioned":
        return this.provisioned(record, at);
      case "sellerAcceptsCreation":
        if (this.awaitsCreationApproval(record)) this.acceptCreation(record, undefined, at, undefined);
        return;
      case "sellerAcceptsUpdate":
        if (this.awaitsUpdateApproval(record)) this.acceptUpdate(record, at, undefined);
        return;
      case "awsAccepted":
        if (this.awaitsAwsAcceptance(record)) this.acceptAws(record, at);
        return;
      case "changeCompleted":
        return this.completeChange(record, at);
      case "deprovisioned":
        return this.deprovisioned(record, at);
      case "purge":
        this.records.delete(record.uuid);
        return;
    }
  }

  private provisioned(record: ConnectionRecord, at: number): void {
    if (record.state !== "PROVISIONING") return;
    const profile = profileOf(record);
    if (!record.zSide.linkProtocol) this.assignZSide(record, profile, undefined);
    record.state = "PROVISIONED";
    record.equinixStatus = "PROVISIONED";
    // Spec GenericConnectionResponseExample: AVAILABLE; cloud examples PROVISIONED; AWS waits for the hosted
    // connection's acceptance (terraform-provider-equinix polls providerStatus PENDING_APPROVAL → PROVISIONED).
    record.providerStatus = !profile.cloud
      ? "AVAILABLE"
      : profile.cloud === "aws"
        ? "PENDING_APPROVAL"
        : "PROVISIONED";
    if (record.change.type === "CONNECTION_CREATION") this.updateChange(record, "COMPLETED", at);
    this.touch(record, at);
    const { awsAcceptance } = this.settings();
    if (profile.cloud === "aws" && awsAcceptance !== "manual")
      this.schedule(record, "awsAccepted", at + awsAcceptance.autoAfterMs);
  }

  awaitsCreationApproval(record: ConnectionRecord): boolean {
    return record.state === "PENDING" && record.equinixStatus === "PENDING_APPROVAL";
  }

  awaitsUpdateApproval(record: ConnectionRecord): boolean {
    return record.change.type === "CONNECTION_UPDATE" && record.change.status === "SUBMITTED_FOR_APPROVAL";
  }

  awaitsAwsAcceptance(record: ConnectionRecord): boolean {
    return (
      profileOf(record).cloud === "aws" &&
      record.state === "PROVISIONED" &&
      record.providerStatus === "PENDING_APPROVAL"
    );
  }

  /**
   * The seller's side of a connection: the port and tags from the seller's acceptance (`data.zSide`), or
   * Invented: the port matching the connection's priority and the lowest free tag; Azure: one S-tag per service
   * key (`reuseVlanSTag`), C-tag as asked (`zSide.accessPoint.linkProtocol.vlanCTag`) or the a-side tag.
   * Throws V4RequestError when the seller's choice is not possible.
   */
  assignZSide(record: ConnectionRecord, profile: V4Profile, chosen: AccessPointChoice | undefined): void {
    const port = this.chooseSellerPort(record, profile, chosen);
    if (port.encapsulation === "DOT1Q") {
      const vlanTag = chosen?.linkProtocol?.vlanTag ?? this.lowestFreeTag([port.uuid]);
      this.checkSellerTags(port, { type: "DOT1Q", vlanTag }, chosen !== undefined);
      record.zSide.portUuid = port.uuid;
      record.zSide.linkProtocol = { type: "DOT1Q", vlanTag };
      return;
    }
    const aSide = record.aSide.linkProtocol;
    const vlanCTag =
      chosen?.linkProtocol?.vlanCTag ??
      record.zSide.requestedCTag ??
      (aSide.type === "DOT1Q" ? aSide.vlanTag : (aSide.vlanCTag ?? aSide.vlanSTag));
    const vlanSTag = chosen?.linkProtocol?.vlanSTag ?? this.serviceKeySTag(record, profile);
    this.checkSellerTags(port, { type: "QINQ", vlanSTag, vlanCTag }, chosen !== undefined);
    record.zSide.portUuid = port.uuid;
    record.zSide.linkProtocol = { type: "QINQ", vlanSTag, vlanCTag };
  }

  /** Invented: the seller must name one of the profile's ports, with its encapsulation. */
  private chooseSellerPort(
    record: ConnectionRecord,
    profile: V4Profile,
    chosen: AccessPointChoice | undefined,
  ): V4Port {
    const uuid = chosen?.port?.uuid;
    if (uuid === undefined) return sellerPortFor(profile, record.redundancy.priority);
    const ports = [profile.sellerPorts.primary, profile.sellerPorts.secondary].filter(
      (port): port is V4Port => port !== undefined,
    );
    const port = ports.find((candidate) => candidate.uuid === uuid.toLowerCase());
    if (!port)
      throw new V4RequestError([
        v4Error(
          "invalidInput",
          "/data/zSide/accessPoint/port/uuid",
          `Not a port of ${profile.name}: use ${ports.map((candidate) => candidate.uuid).join(" or ")}`,
        ),
      ]);
    if (chosen?.linkProtocol && chosen.linkProtocol.type !== port.encapsulation)
      throw new V4RequestError([
        v4Error(
          "invalidInput",
          "/data/zSide/accessPoint/linkProtocol/type",
          `Port ${port.name} is ${port.encapsulation}`,
        ),
      ]);
    return port;
  }

  /** Invented: the seller's tags must be free on its port (the buyer side's EQ-3142102, mirrored). */
  private checkSellerTags(port: V4Port, linkProtocol: LinkProtocol, chosenBySeller: boolean): void {
    if (!chosenBySeller) return;
    const holder = this.vlanHolder(port.uuid, tagsOf(linkProtocol));
    if (holder)
      throw new V4RequestError([
        v4Error(
          "vlanInUse",
          "/data/zSide/accessPoint/linkProtocol",
          `The tag is already used on port ${port.name} by connection ${holder.uuid}`,
        ),
      ]);
  }

  private serviceKeySTag(record: ConnectionRecord, profile: V4Profile): number {
    if (profile.reuseVlanSTag && record.zSide.authenticationKey !== undefined) {
      const sibling = this.all().find(
        (other) =>
          other !== record &&
          holdsVlans(other) &&
          other.zSide.profileUuid === profile.uuid &&
          other.zSide.authenticationKey === record.zSide.authenticationKey &&
          other.zSide.linkProtocol?.vlanSTag !== undefined,
      );
      if (sibling?.zSide.linkProtocol?.vlanSTag !== undefined) return sibling.zSide.linkProtocol.vlanSTag;
    }
    const ports = [profile.sellerPorts.primary, profile.sellerPorts.secondary].filter(
      (port): port is V4Port => port !== undefined,
    );
    return this.lowestFreeTag(ports.map((port) => port.uuid));
  }

  /** CONNECTION_CREATION_ACCEPTANCE: the seller's port and tags, then PROVISIONING. */
  acceptCreation(
    record: ConnectionRecord,
    chosen: AccessPointChoice | undefined,
    at: number,
    by: EquinixIdentityId | undefined,
  ): void {
    this.assignZSide(record, profileOf(record), chosen);
    record.state = "PROVISIONING";
    record.equinixStatus = "PROVISIONING";
    record.providerStatus = "PROVISIONING";
    // The latest change may be a buyer's rename made while the request waited.
    if (record.change.type === "CONNECTION_CREATION") this.updateChange(record, "APPROVED", at);
    this.unschedule(record, "sellerAcceptsCreation");
    this.schedule(record, "provisioned", at + this.settings().provisioningMs);
    this.touch(record, at, by);
  }

  /**
   * CONNECTION_CREATION_REJECTION. Invented: state FAILED, statuses REJECTED, the seller's description as the
   * reason of an `operation.errors` entry and as the change's `information`.
   */
  rejectCreation(
    record: ConnectionRecord,
    reason: string | undefined,
    at: number,
    by: EquinixIdentityId | undefined,
  ): void {
    const description = reason ?? "The seller rejected the connection request";
    record.state = "FAILED";
    record.equinixStatus = "REJECTED";
    record.providerStatus = "REJECTED";
    record.errors = [v4Error("sellerRejected", "/zSide/accessPoint/profile/uuid", description, description)];
    if (record.change.type === "CONNECTION_CREATION")
      record.change = { ...record.change, status: "REJECTED", updatedAt: at, information: description };
    this.unschedule(record, "sellerAcceptsCreation");
    this.touch(record, at, by);
  }

  /** CONNECTION_REJECTION_ACCEPTANCE (the buyer acknowledges); Invented: equinixStatus REJECTED_ACK. */
  acknowledgeRejection(record: ConnectionRecord, at: number, by: EquinixIdentityId): void {
    record.equinixStatus = "REJECTED_ACK";
    this.touch(record, at, by);
  }

  /** The AWS hosted connection was accepted (AWS console, control endpoint, or PATCH with the AWS keys). */
  acceptAws(record: ConnectionRecord, at: number): void {
    record.providerStatus = "PROVISIONED";
    this.unschedule(record, "awsAccepted");
    this.touch(record, at);
  }

  /**
   * A PATCH: applied at once (change APPROVED, then COMPLETED after updateMs: spec ConnectionPatchResponse,
   * Terraform waits for COMPLETED), or, Invented: when it raises the bandwidth on a profile without
   * `allowBandwidthAutoApproval`, held as SUBMITTED_FOR_APPROVAL until the seller decides.
   */
  update(record: ConnectionRecord, ops: PatchOp[], at: number, by: EquinixIdentityId): void {
    const profile = profileOf(record);
    const needsApproval =
      !profile.allowBandwidthAutoApproval &&
      ops.some((op) => op.path === "/bandwidth" && Number(op.value) > record.bandwidth);
    this.setChange(record, {
      type: "CONNECTION_UPDATE",
      status: needsApproval ? "SUBMITTED_FOR_APPROVAL" : "APPROVED",
      createdAt: at,
      ops: ops.map(withoutSecrets),
    });
    this.touch(record, at, by);
    if (needsApproval) {
      const { sellerApproval } = this.settings();
      if (sellerApproval !== "manual")
        this.schedule(record, "sellerAcceptsUpdate", at + sellerApproval.autoAfterMs);
      return;
    }
    this.applyOps(record, ops);
    this.schedule(record, "changeCompleted", at + this.settings().updateMs);
  }

  /** What a PATCH would make of the connection (for `?dryRun=true`), without storing anything. */
  preview(record: ConnectionRecord, ops: PatchOp[]): ConnectionRecord {
    const copy = structuredClone(record);
    this.applyOps(copy, ops);
    return copy;
  }

  private applyOps(record: ConnectionRecord, ops: PatchOp[]): void {
    for (const { op, path, value } of ops) {
      if (path === "/name") record.name = value as string;
      else if (path === "/bandwidth") record.bandwidth = value as number;
      else if (path === "/notifications") record.notifications = value as ConnectionRecord["notifications"];
      // Invented: with the AWS keys, providerStatus goes PROVISIONING, then PROVISIONED once the change completes
      // (the values Terraform polls for after this PATCH).
      else if (op === "add" && path === "" && this.awaitsAwsAcceptance(record))
        record.providerStatus = "PROVISIONING";
    }
  }

  acceptUpdate(record: ConnectionRecord, at: number, by: EquinixIdentityId | undefined): void {
    this.applyOps(record, record.change.ops ?? []);
    this.updateChange(record, "APPROVED", at);
    this.unschedule(record, "sellerAcceptsUpdate");
    this.schedule(record, "changeCompleted", at + this.settings().updateMs);
    this.touch(record, at, by);
  }

  /** CONNECTION_UPDATE_REJECTION: nothing applied; Invented: the description as the change's `information`. */
  rejectUpdate(
    record: ConnectionRecord,
    reason: string | undefined,
    at: number,
    by: EquinixIdentityId | undefined,
  ): void {
    record.change = {
      ...record.change,
      status: "REJECTED",
      updatedAt: at,
      information: reason ?? "The seller rejected the update",
    };
    this.unschedule(record, "sellerAcceptsUpdate");
    this.touch(record, at, by);
  }

  private completeChange(record: ConnectionRecord, at: number): void {
    if (record.change.status !== "APPROVED") return;
    this.updateChange(record, "COMPLETED", at);
    // The AWS keys were given: the hosted connection is now accepted.
    if (record.providerStatus === "PROVISIONING" && record.state === "PROVISIONED")
      this.acceptAws(record, at);
  }

  /** DELETE: DEPROVISIONING now, DEPROVISIONED after deprovisioningMs. */
  delete(record: ConnectionRecord, at: number, by: EquinixIdentityId): void {
    record.state = "DEPROVISIONING";
    record.equinixStatus = "DEPROVISIONING";
    record.providerStatus = "DEPROVISIONING";
    record.deletedAt = at;
    record.deletedBy = by;
    // Invented: the deletion shows as a change APPROVED, then COMPLETED.
    this.setChange(record, { type: "CONNECTION_DELETION", status: "APPROVED", createdAt: at });
    record.events = [];
    this.schedule(record, "deprovisioned", at + this.settings().deprovisioningMs);
    this.touch(record, at, by);
  }

  private deprovisioned(record: ConnectionRecord, at: number): void {
    record.state = "DEPROVISIONED";
    record.equinixStatus = "DEPROVISIONED";
    record.providerStatus = "DEPROVISIONED";
    this.updateChange(record, "COMPLETED", at);
    this.touch(record, at);
    const { retentionMs } = this.settings();
    if (retentionMs !== "forever") this.schedule(record, "purge", at + retentionMs);
  }

  /** After the approval settings changed: pending decisions follow the new mode, from now. */
  rescheduleApprovals(): void {
    const now = this.clock.now();
    const { sellerApproval, awsAcceptance } = this.settings();
    for (const record of this.all()) {
      this.unschedule(record, "sellerAcceptsCreation", "sellerAcceptsUpdate", "awsAccepted");
      if (sellerApproval !== "manual") {
        if (this.awaitsCreationApproval(record))
          this.schedule(record, "sellerAcceptsCreation", now + sellerApproval.autoAfterMs);
        if (this.awaitsUpdateApproval(record))
          this.schedule(record, "sellerAcceptsUpdate", now + sellerApproval.autoAfterMs);
      }
      if (awsAcceptance !== "manual" && this.awaitsAwsAcceptance(record))
        this.schedule(record, "awsAccepted", now + awsAcceptance.autoAfterMs);
    }
  }
}

/** The seller's choice in CONNECTION_CREATION_ACCEPTANCE's `data.zSide.accessPoint`. */
export interface AccessPointChoice {
  port?: { uuid: string };
  linkProtocol?: LinkProtocol;
}
