/**
 * The emulated connections: port capacity and VLANs, both parties' approvals of requests and change requests,
 * and the GET model (api-notes §4 "Connection response model", shaped after the real 2020 dump).
 */
import type { Clock } from "../core";
import { MESSAGES } from "./errors";
import {
  ConnectionStatus,
  LifecycleFacts,
  LifecycleTiming,
  holdsPortResources,
  isAwaitingApproval,
  statusAt,
  submittedAt,
} from "./lifecycle";
import {
  CONSOLE_CONNECT_COMPANIES,
  CONSOLE_CONNECT_PORT_LIST,
  SeedCompany,
  SeedPort,
  SeedUser,
} from "./seed";

/** The connection request, or the latest change request, as `request` shows it. */
export interface StoredRequest {
  kind: "create" | "change";
  status: "PENDING" | "APPROVED" | "REJECTED" | "WITHDRAWN";
  speed: number;
  /** The company that asked; the other one approves. */
  requestedBy: string;
  srcApproval: string | null;
  destApproval: string | null;
  at: number;
  updatedAt: number;
  read: boolean;
}

export interface StoredConnection {
  id: string;
  srcCompany: SeedCompany;
  destCompany: SeedCompany;
  /** Names are per company; creation sets both. */
  names: Record<string, string>;
  srcPort: SeedPort;
  /** Between companies, the destination picks its port when it approves. */
  destPort?: SeedPort;
  destMetroId: string;
  destDcf?: string;
  srcRegionId: string;
  destRegionId: string;
  speed: number;
  paymentType?: string;
  duration?: number;
  durationUnit?: string;
  evergreen?: boolean;
  classOfService?: string;
  srcVlanRequest?: number;
  destVlanRequest?: number;
  srcVlan: number;
  destVlan?: number;
  request: StoredRequest;
  lifecycle: LifecycleFacts;
  updatedAt: number;
}

/**
 * A connection as a state file keeps it: its seed companies and ports by id (they are re-linked to the seed
 * constants on restore, since the code compares and shares them by reference), everything else as it is
 * (lifecycle facts are timestamps on the emulator clock).
 */
export type SavedConnection = Omit<
  StoredConnection,
  "srcCompany" | "destCompany" | "srcPort" | "destPort"
> & {
  srcCompanyId: string;
  destCompanyId: string;
  srcPortId: string;
  destPortId?: string;
};

/**
 * All the store keeps besides the seed. Port capacity and VLANs are derived from the connections, and ids are
 * random, so there is no usage table or counter to save.
 */
export interface ConnectionStoreSnapshot {
  /** In creation order, which listings keep. */
  connections: SavedConnection[];
}

/** The seed object with that id; an unknown id means the file was written against another seed. */
function seedById<T extends { id: string }>(list: readonly T[], id: unknown, what: string): T {
  const found = list.find((item) => item.id === id);
  if (!found) throw new Error(`unknown ${what} ${String(id)} in the saved state`);
  return found;
}

/** An answer the routes turn into a 400: the API's message. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const isoDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function adminOf(company: SeedCompany): SeedUser {
  return company.users.find((user) => user.role === "NETWORKCONTROL") ?? company.users[0];
}

export class ConnectionStore {
  private readonly connections = new Map<string, StoredConnection>();

  constructor(
    private readonly clock: Clock,
    private readonly timing: LifecycleTiming,
  ) {}

  add(connection: StoredConnection): void {
    this.connections.set(connection.id, connection);
  }

  get(id: string): StoredConnection | undefined {
    return this.connections.get(id);
  }

  all(): StoredConnection[] {
    return [...this.connections.values()];
  }

  clear(): void {
    this.connections.clear();
  }

  /** A JSON-serializable copy of the connections, for a state file. */
  snapshot(): ConnectionStoreSnapshot {
    return {
      connections: this.all().map(({ srcCompany, destCompany, srcPort, destPort, ...data }) => ({
        ...structuredClone(data),
        srcCompanyId: srcCompany.id,
        destCompanyId: destCompany.id,
        srcPortId: srcPort.id,
        destPortId: destPort?.id,
      })),
    };
  }

  /**
   * Replaces the connections with a snapshot's. Everything is resolved before the store changes, so a snapshot
   * that does not fit the seed throws (the emulator then starts from the seed) and leaves the store as it was.
   */
  restore(saved: unknown): void {
    const { connections } = (saved ?? {}) as Partial<ConnectionStoreSnapshot>;
    if (!Array.isArray(connections)) throw new Error("the saved state has no connections list");
    const restored = connections.map(
      ({ srcCompanyId, destCompanyId, srcPortId, destPortId, ...data }): StoredConnection => ({
        ...structuredClone(data),
        srcCompany: seedById(CONSOLE_CONNECT_COMPANIES, srcCompanyId, "company"),
        destCompany: seedById(CONSOLE_CONNECT_COMPANIES, destCompanyId, "company"),
        srcPort: seedById(CONSOLE_CONNECT_PORT_LIST, srcPortId, "port"),
        destPort:
          destPortId === undefined ? undefined : seedById(CONSOLE_CONNECT_PORT_LIST, destPortId, "port"),
      }),
    );
    this.connections.clear();
    for (const connection of restored) this.add(connection);
  }

  statusOf(connection: StoredConnection): ConnectionStatus {
    return statusAt(connection.lifecycle, this.timing, this.clock.now());
  }

  /** The connections a company is a party to. */
  ofCompany(company: SeedCompany): StoredConnection[] {
    return this.all().filter((c) => c.srcCompany.id === company.id || c.destCompany.id === company.id);
  }

  private liveOnPort(portId: string): StoredConnection[] {
    return this.all().filter(
      (c) => (c.srcPort.id === portId || c.destPort?.id === portId) && holdsPortResources(this.statusOf(c)),
    );
  }

  /** capacity{total, utilised, remaining} in Mbps; a pending change request reserves its bandwidth at once. */
  capacityOf(port: SeedPort) {
    const reserved = this.liveOnPort(port.id).reduce(
      (sum, c) => sum + Math.max(c.speed, c.request.status === "PENDING" ? c.request.speed : 0),
      0,
    );
    const utilised = port.preUtilisedMbps + reserved;
    return { total: port.speed, utilised, remaining: Math.max(0, port.speed - utilised) };
  }

  /** Throws the API's capacity message when `extraMbps` more does not fit on the port. */
  assertCapacity(port: SeedPort, extraMbps: number): void {
    const { remaining } = this.capacityOf(port);
    if (extraMbps > remaining) throw new Refusal(MESSAGES.capacity(remaining));
  }

  /** The requested VLAN when it is free in the port's ranges, else the lowest free one. */
  pickVlan(port: SeedPort, requested: number | undefined): number {
    const used = new Set(
      this.liveOnPort(port.id).flatMap((c) => [
        ...(c.srcPort.id === port.id ? [c.srcVlan] : []),
        ...(c.destPort?.id === port.id && c.destVlan !== undefined ? [c.destVlan] : []),
      ]),
    );
    const inRange = (vlan: number) => port.vlanRanges.some((r) => vlan >= r.start && vlan <= r.end);
    if (requested !== undefined) {
      if (!inRange(requested) || used.has(requested)) throw new Refusal(MESSAGES.vlanUnavailable(requested));
      return requested;
    }
    for (const range of port.vlanRanges)
      for (let vlan = range.start; vlan <= range.end; vlan++) if (!used.has(vlan)) return vlan;
    throw new Refusal(MESSAGES.noVlan);
  }

  /**
   * The destination company approves a request (the approve endpoint, an update by that company, or the
   * emulated partner after approvalDelayMs): between companies it picks its port in the destination metro,
   * preferring the requested facility, with room for the speed, and a VLAN on it.
   */
  approveRequest(connection: StoredConnection, user: SeedUser, at: number): void {
    if (!connection.destPort) {
      const candidates = CONSOLE_CONNECT_PORT_LIST.filter(
        (p) =>
          p.companyId === connection.destCompany.id &&
          p.metroId === connection.destMetroId &&
          p.status === "ACTIVE",
      ).sort(
        (a, b) =>
          Number(b.dataCenterFacilityId === connection.destDcf) -
          Number(a.dataCenterFacilityId === connection.destDcf),
      );
      if (candidates.length === 0) throw new Refusal(MESSAGES.noActiveDestinationPort);
      const port = candidates.find((p) => this.capacityOf(p).remaining >= connection.speed);
      if (!port) throw new Refusal(MESSAGES.capacity(this.capacityOf(candidates[0]).remaining));
      connection.destVlan = this.pickVlan(port, connection.destVlanRequest);
      connection.destPort = port;
    }
    connection.lifecycle.destApproval = { at, by: user.id };
    Object.assign(connection.request, { status: "APPROVED", destApproval: user.id, updatedAt: at });
    connection.updatedAt = at;
  }

  /** Asks for a new speed; between your own ports the creator is both parties, so it applies at once. */
  requestChange(connection: StoredConnection, user: SeedUser, company: SeedCompany, speed: number): void {
    const now = this.clock.now();
    const increase = speed - connection.speed;
    if (increase > 0) {
      this.assertCapacity(connection.srcPort, increase);
      if (connection.destPort && connection.destPort.id !== connection.srcPort.id)
        this.assertCapacity(connection.destPort, increase);
    }
    const asSource = company.id === connection.srcCompany.id;
    connection.request = {
      kind: "change",
      status: "PENDING",
      speed,
      requestedBy: company.id,
      srcApproval: asSource ? user.id : null,
      destApproval: asSource ? null : user.id,
      at: now,
      updatedAt: now,
      read: false,
    };
    connection.updatedAt = now;
    if (connection.srcCompany.id === connection.destCompany.id) this.approveChange(connection, user, now);
  }

  approveChange(connection: StoredConnection, user: SeedUser, at: number): void {
    const asSource = connection.request.requestedBy !== connection.srcCompany.id;
    Object.assign(connection.request, {
      status: "APPROVED",
      ...(asSource ? { srcApproval: user.id } : { destApproval: user.id }),
      updatedAt: at,
    });
    connection.speed = connection.request.speed;
    connection.updatedAt = at;
  }

  /**
   * Applies the decisions the emulated other party takes by itself (approvalDelayMs after a request is
   * submitted, or after a change request), in the order they fall due. An approval that cannot be carried out
   * (no port with room) puts the connection in ERROR with the API's message as errorReason.
   */
  settle(): void {
    const delay = this.timing.approvalDelayMs;
    if (delay === "manual") return;
    const now = this.clock.now();
    const due: { at: number; apply: () => void }[] = [];
    for (const c of this.all()) {
      const status = this.statusOf(c);
      const approver = adminOf(c.request.requestedBy === c.srcCompany.id ? c.destCompany : c.srcCompany);
      if (isAwaitingApproval(status) && c.request.kind === "create") {
        const at = submittedAt(c.lifecycle, this.timing) + delay;
        due.push({ at, apply: () => this.approveOrFail(c, approver, at) });
      } else if (c.request.kind === "change" && c.request.status === "PENDING" && status === "ACTIVE") {
        const at = c.request.at + delay;
        due.push({ at, apply: () => this.approveChange(c, approver, at) });
      }
    }
    for (const { apply } of due.filter((d) => d.at <= now).sort((a, b) => a.at - b.at)) apply();
  }

  private approveOrFail(connection: StoredConnection, user: SeedUser, at: number): void {
    try {
      this.approveRequest(connection, user, at);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      connection.lifecycle.failure = { status: "ERROR", reason: error.message };
    }
  }

  /** The connection as `viewer` (one of its two companies) reads it. */
  toApi(connection: StoredConnection, viewer: SeedCompany) {
    const status = this.statusOf(connection);
    const { srcCompany, destCompany, request, lifecycle } = connection;
    const company = (c: SeedCompany) => ({ id: c.id, username: c.username, name: c.name });
    return {
      id: connection.id,
      version: "2",
      type: "LAYER2",
      name: connection.names[viewer.id] ?? connection.names[srcCompany.id],
      status,
      errorReason: lifecycle.failure?.reason ?? null,
      speed: { value: connection.speed, name: `${connection.speed} Mbps` },
      srcCompanyId: srcCompany.id,
      srcCompany: company(srcCompany),
      destCompanyId: destCompany.id,
      destCompany: company(destCompany),
      isCreator: viewer.id === srcCompany.id,
      isReceiver: viewer.id === destCompany.id,
      srcPortId: connection.srcPort.id,
      destPortId: connection.destPort?.id ?? null,
      destMetroId: connection.destMetroId,
      destDcf: connection.destDcf,
      srcRegionId: connection.srcRegionId,
      destRegionId: connection.destRegionId,
      paymentType: connection.paymentType,
      duration: connection.duration,
      durationUnit: connection.durationUnit,
      evergreen: connection.evergreen ?? false,
      classOfService: connection.classOfService ?? "BRONZE",
      cdrBillingType: "METRO",
      payg: true,
      srcVlanRequest: connection.srcVlanRequest ?? null,
      destVlanRequest: connection.destVlanRequest ?? null,
      srcTag: String(connection.srcVlan),
      destTag: connection.destVlan === undefined ? null : String(connection.destVlan),
      request: {
        status: request.status,
        srcApproval: request.srcApproval,
        destApproval: request.destApproval,
        destMetroId: connection.destMetroId,
        speed: request.speed,
        read: request.read,
        updatedAt: isoDate(request.updatedAt),
      },
      deleted: status === "DELETED",
      deletedAt: status === "DELETED" ? isoDate(lifecycle.deletion?.at) : null,
      createdAt: isoDate(lifecycle.createdAt),
      updatedAt: isoDate(connection.updatedAt),
    };
  }
}

export type ConnectionApi = ReturnType<ConnectionStore["toApi"]>;
