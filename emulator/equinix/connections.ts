/** The emulated account's connections and their GET model (api-notes §1.3). */
import type { Clock } from "../core";
import { LifecycleFacts, LifecycleState, LifecycleTiming, holdsVlanTags, lifecycleAt } from "./lifecycle";
import { EQUINIX_BUYER_ORGANIZATION, EQUINIX_DEMO_USER, SeedProfile, UserPort } from "./seed";

export type RedundancyType = "primary" | "secondary";

export interface VlanTags {
  sTag: number;
  cTag?: number;
}

export interface StoredConnection {
  uuid: string;
  name: string;
  speed: number;
  speedUnit: "MB" | "GB";
  profile: SeedProfile;
  port: UserPort;
  vlan: VlanTags;
  zSidePortUUID: string;
  zSideVlan: VlanTags;
  namedTag?: string;
  additionalInfo?: unknown;
  notifications: string[];
  purchaseOrderNumber: string | null;
  authorizationKey?: string;
  sellerRegion?: string;
  sellerMetroCode: string;
  redundancyType: RedundancyType;
  redundancyGroup: string;
  redundantUUID?: string;
  lifecycle: LifecycleFacts;
  lastUpdated: { at: number; by: string };
}

/** Who changed a connection outside the API (control endpoints), as deletedBy/lastUpdatedBy show it. */
export const OUT_OF_BAND_ACTOR = "equinix-operations";

/** Two tag sets clash on one port when the S-tags match and either has no C-tag (it takes the whole S-tag). */
export function vlanTagsClash(a: VlanTags, b: VlanTags): boolean {
  return a.sTag === b.sTag && (a.cTag === undefined || b.cTag === undefined || a.cTag === b.cTag);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A rejection has no field of its own in v3. The reason goes into `actionDetails`, the list clients already read
 * for pending seller actions (api-notes §1.3), as the `actionMessage` of an entry with actionType "REJECTED".
 */
function rejectionActionDetails(reason: string | undefined) {
  return [
    {
      actionType: "REJECTED",
      operationId: "SELLER_REJECTION",
      actionMessage: reason ?? "The seller rejected the connection request",
      actionRequiredData: [],
    },
  ];
}

/** A connection holding VLAN tags on a port: its uuid and the tags. */
export interface VlanHolder {
  uuid: string;
  vlan: VlanTags;
}

export class ConnectionStore {
  private readonly connections = new Map<string, StoredConnection>();
  /** Tags held on a port by the other API generation (Fabric v4), which shares the ports with v3. */
  private otherVlanHolders: (portUUID: string) => VlanHolder[] = () => [];

  constructor(
    private readonly clock: Clock,
    private readonly timing: LifecycleTiming,
  ) {}

  add(connection: StoredConnection): void {
    this.connections.set(connection.uuid, connection);
  }

  /** UUIDs are compared in lowercase, as the API issues them. */
  get(uuid: string): StoredConnection | undefined {
    return this.connections.get(uuid.toLowerCase());
  }

  all(): StoredConnection[] {
    return [...this.connections.values()];
  }

  clear(): void {
    this.connections.clear();
  }

  /** Replaces the connections with ones saved by an earlier emulator (plain data: timestamps and seed copies). */
  restore(saved: unknown): void {
    this.clear();
    for (const connection of saved as StoredConnection[]) this.add(connection);
  }

  stateOf(connection: StoredConnection): LifecycleState {
    return lifecycleAt(connection.lifecycle, this.timing, this.clock.now());
  }

  /** Connections that still hold their tags on the given A-side or Z-side port. */
  liveOnPort(portUUID: string, side: "aSide" | "zSide"): StoredConnection[] {
    return this.all().filter(
      (connection) =>
        (side === "aSide" ? connection.port.uuid : connection.zSidePortUUID) === portUUID &&
        holdsVlanTags(this.stateOf(connection).status),
    );
  }

  /** Lets another API generation's connections hold tags on the same ports (v3 and v4 share the inventory). */
  shareVlansWith(otherVlanHolders: (portUUID: string) => VlanHolder[]): void {
    this.otherVlanHolders = otherVlanHolders;
  }

  /** Every holder of tags on a port: live v3 connections on that side, and the other API's connections. */
  vlanHolders(portUUID: string, side: "aSide" | "zSide"): VlanHolder[] {
    return [
      ...this.liveOnPort(portUUID, side).map((connection) => ({
        uuid: connection.uuid,
        vlan: side === "aSide" ? connection.vlan : connection.zSideVlan,
      })),
      ...this.otherVlanHolders(portUUID),
    ];
  }

  /** The seller side picks the Z-side S-tag: the lowest one free on its port. */
  nextFreeZSideSTag(zSidePortUUID: string): number {
    const used = new Set(this.vlanHolders(zSidePortUUID, "zSide").map((holder) => holder.vlan.sTag));
    let sTag = 2;
    while (used.has(sTag)) sTag++;
    return sTag;
  }

  toApi(connection: StoredConnection) {
    const { status, providerStatus, rejectionReason } = this.stateOf(connection);
    const { lifecycle, port, profile, lastUpdated } = connection;
    const deletion = lifecycle.deletion;
    const deletedByUser = deletion?.by === EQUINIX_DEMO_USER.userName;
    return {
      uuid: connection.uuid,
      name: connection.name,
      status,
      providerStatus,
      speed: connection.speed,
      speedUnit: connection.speedUnit,
      sellerServiceUUID: profile.uuid,
      sellerServiceName: profile.name,
      sellerOrganizationName: profile.organizationName,
      buyerOrganizationName: EQUINIX_BUYER_ORGANIZATION,
      notifications: connection.notifications,
      purchaseOrderNumber: connection.purchaseOrderNumber,
      portUUID: port.uuid,
      portName: port.name,
      metroCode: port.metroCode,
      asideEncapsulation: port.encapsulation.toLowerCase(),
      zsideEncapsulation: profile.profileEncapsulation.toLowerCase(),
      vlanSTag: connection.vlan.sTag,
      vlanCTag: connection.vlan.cTag,
      namedTag: connection.namedTag,
      additionalInfo: connection.additionalInfo,
      zSidePortUUID: connection.zSidePortUUID,
      zSideVlanSTag: connection.zSideVlan.sTag,
      zSideVlanCTag: connection.zSideVlan.cTag,
      sellerRegion: connection.sellerRegion,
      sellerMetroCode: connection.sellerMetroCode,
      authorizationKey: connection.authorizationKey,
      redundancyType: connection.redundancyType,
      redundancyGroup: connection.redundancyGroup,
      redundantUUID: connection.redundantUUID,
      connectionEditable: status === "PROVISIONED",
      actionDetails: status === "REJECTED" ? rejectionActionDetails(rejectionReason) : undefined,
      createdDate: isoDate(lifecycle.createdAt),
      createdBy: EQUINIX_DEMO_USER.userName,
      createdByFullName: EQUINIX_DEMO_USER.fullName,
      createdByEmail: EQUINIX_DEMO_USER.email,
      lastUpdatedDate: isoDate(lastUpdated.at),
      lastUpdatedBy: lastUpdated.by,
      deletedDate: deletion && isoDate(deletion.at),
      deletedBy: deletion?.by,
      deletedByEmail: deletedByUser ? EQUINIX_DEMO_USER.email : undefined,
    };
  }
}
