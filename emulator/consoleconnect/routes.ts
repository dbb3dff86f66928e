/**
 * The emulated connection routes (Console Connect's API specification, "Layer 2 Connections"): create (PUT), read,
 * list, update (POST), delete, the receiving company's approve/reject, change requests, disable/enable. All behind
 * the API key check; a path's company must be the caller's, and writes need the Network Admin role, or the API
 * answers 400 "You are not authorized".
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../core";
import { Caller, callerOf } from "./auth";
import { ConnectionStore, Refusal, StoredConnection } from "./connections";
import { isPositiveInteger, parseCreateRequest } from "./createRequest";
import { MESSAGES, sendError } from "./errors";
import { isAccepted, isAwaitingApproval } from "./lifecycle";
import { CONSOLE_CONNECT_ORACLE_COMPANY } from "./seed";
import type { ConsoleConnectSwitches } from "./switches";

export interface ApiContext {
  store: ConnectionStore;
  clock: Clock;
  switches: ConsoleConnectSwitches;
}

type CompanyParams = { Params: { company: string } };
type ConnectionParams = { Params: { company: string; id: string } };
type ActionParams = { Params: { company: string; id: string; action: string } };

/** Runs a handler; a Refusal becomes the API's LoopBack error. */
export async function answer(reply: FastifyReply, handler: () => unknown): Promise<unknown> {
  try {
    return handler();
  } catch (error) {
    if (error instanceof Refusal) return sendError(reply, error.status, error.message);
    throw error;
  }
}

/** The caller, when the path's company is its own (and, for writes, it is a Network Admin). */
export function asCompany(request: FastifyRequest<CompanyParams>, write: boolean): Caller {
  const caller = callerOf(request);
  if (request.params.company !== caller.company.username) throw new Refusal(MESSAGES.notAuthorized);
  if (write && caller.user.role !== "NETWORKCONTROL") throw new Refusal(MESSAGES.notAuthorized);
  return caller;
}

function newObjectId(): string {
  return randomBytes(12).toString("hex");
}

function registerCreate(app: FastifyInstance, { store, clock }: ApiContext): void {
  app.put<CompanyParams>("/api/v2/company/:company/connections/layer2", (request, reply) =>
    answer(reply, () => {
      const caller = asCompany(request, true);
      const { name, ...draft } = parseCreateRequest(request.body, caller, store);
      const now = clock.now();
      const { srcCompany, destCompany } = draft;
      const connection: StoredConnection = {
        ...draft,
        id: newObjectId(),
        names: { [srcCompany.id]: name, [destCompany.id]: name },
        request: {
          kind: "create",
          status: "PENDING",
          speed: draft.speed,
          requestedBy: srcCompany.id,
          srcApproval: caller.user.id,
          destApproval: null,
          at: now,
          updatedAt: now,
          read: false,
        },
        lifecycle: {
          createdAt: now,
          // Another company approves (PENDING); Oracle's cloud side is accepted by Support (see lifecycle.ts).
          awaiting: destCompany.id === CONSOLE_CONNECT_ORACLE_COMPANY.id ? "PENDING_ACCEPTANCE" : "PENDING",
        },
        updatedAt: now,
      };
      // Between your own ports the creator is both parties: the request is approved as it is made.
      if (destCompany.id === srcCompany.id) store.approveRequest(connection, caller.user, now);
      store.add(connection);
      return store.toApi(connection, caller.company);
    }),
  );
}

/**
 * A connection the caller's company is a party to; others are unknown to it. The specification documents no 404
 * for a connection (only 200), so the answer is a 404 or, with the notFoundAs400 switch, the 400 that Console
 * Connect gives most failures.
 */
function partyConnection({ store, switches }: ApiContext, caller: Caller, id: string): StoredConnection {
  const connection = store.get(id);
  const party =
    connection && [connection.srcCompany.id, connection.destCompany.id].includes(caller.company.id);
  if (!connection || !party)
    throw new Refusal(MESSAGES.connectionNotFound, switches.notFoundAs400 ? 400 : 404);
  return connection;
}

const LIST_PARAMETERS = ["status", "page", "count"] as const;

function registerReads(app: FastifyInstance, context: ApiContext): void {
  const { store, switches } = context;
  // Connection search (operationId connection-search): `page`, `count` and `status` are required query strings;
  // the 200 answer is documented as ConnectionModel with no envelope, so it is an array of connections.
  app.get<CompanyParams & { Querystring: { page?: string; count?: string; status?: string } }>(
    "/api/v2/company/:company/connections",
    (request, reply) =>
      answer(reply, () => {
        const caller = asCompany(request, false);
        // Invented rule (switch requireListParameters): the specification documents no answer without them.
        if (switches.requireListParameters)
          for (const name of LIST_PARAMETERS)
            if (request.query[name] === undefined) throw new Refusal(MESSAGES.requiredQuery(name));
        const page = Number(request.query.page ?? 1);
        const count = Number(request.query.count ?? 20);
        if (!isPositiveInteger(page)) throw new Refusal(MESSAGES.type("page", "a positive integer"));
        if (!isPositiveInteger(count)) throw new Refusal(MESSAGES.type("count", "a positive integer"));
        // "Filter by connection status": one status, compared as sent.
        const wanted = request.query.status;
        const all = store
          .ofCompany(caller.company)
          .map((c) => store.toApi(c, caller.company))
          .filter((c) => wanted === undefined || c.status === wanted);
        const results = all.slice((page - 1) * count, page * count);
        // Invented shape (switch listEnvelope): what this emulator answered before.
        return switches.listEnvelope ? { total: all.length, results } : results;
      }),
  );

  app.get<ConnectionParams>("/api/v2/company/:company/connections/:id", (request, reply) =>
    answer(reply, () => {
      const caller = asCompany(request, false);
      return store.toApi(partyConnection(context, caller, request.params.id), caller.company);
    }),
  );
}

const UNCHANGEABLE = ["DENIED", "CANCELLED", "ERROR", "DELETING", "DELETED"];

function registerUpdateAndDelete(app: FastifyInstance, context: ApiContext): void {
  const { store, clock } = context;
  app.post<ConnectionParams>("/api/v2/company/:company/connections/:id", (request, reply) =>
    answer(reply, () => {
      const caller = asCompany(request, true);
      const connection = partyConnection(context, caller, request.params.id);
      const status = store.statusOf(connection);
      if (UNCHANGEABLE.includes(status)) throw new Refusal(MESSAGES.notUpdatable(status));
      const body = (request.body ?? {}) as { name?: unknown; speed?: unknown };
      if (body.name !== undefined && (typeof body.name !== "string" || body.name.trim() === ""))
        throw new Refusal(MESSAGES.type("name", "a non-empty string"));
      if (body.speed !== undefined && !isPositiveInteger(body.speed)) throw new Refusal(MESSAGES.speed);
      const now = clock.now();
      if (body.speed !== undefined && body.speed !== connection.speed) {
        const betweenCompanies = connection.srcCompany.id !== connection.destCompany.id;
        const increase = body.speed - connection.speed;
        // Self-connections change freely; between companies, an accepted connection may only slow down.
        if (betweenCompanies && isAccepted(status) && increase > 0)
          throw new Refusal(MESSAGES.increaseNeedsChange);
        if (increase > 0) {
          store.assertCapacity(connection.srcPort, increase);
          if (connection.destPort) store.assertCapacity(connection.destPort, increase);
        }
        connection.speed = body.speed;
        if (connection.request.kind === "create" && connection.request.status === "PENDING")
          connection.request.speed = body.speed;
      }
      if (typeof body.name === "string") connection.names[caller.company.id] = body.name;
      connection.updatedAt = now;
      // "Connections are automatically approved when a party updates the connection request."
      if (isAwaitingApproval(status) && caller.company.id === connection.destCompany.id)
        store.approveRequest(connection, caller.user, now);
      return store.toApi(connection, caller.company);
    }),
  );

  app.delete<ConnectionParams>("/api/v2/company/:company/connections/:id", (request, reply) =>
    answer(reply, () => {
      const caller = asCompany(request, true);
      const connection = partyConnection(context, caller, request.params.id);
      if (!connection.lifecycle.deletion) {
        connection.lifecycle.deletion = { at: clock.now(), outOfBand: false };
        connection.updatedAt = clock.now();
      }
      return store.toApi(connection, caller.company);
    }),
  );
}

/** The receiving company's answer to a connection request, with its own API key. */
function registerApprovals(app: FastifyInstance, context: ApiContext): void {
  const { store, clock } = context;
  app.put<ActionParams>("/api/v2/company/:company/connections/:id/:action", (request, reply) =>
    answer(reply, () => {
      const { action } = request.params;
      if (action !== "approve" && action !== "reject")
        throw new Refusal(`PUT .../connections/{id}/${action} is not emulated`, 404);
      const caller = asCompany(request, true);
      const connection = partyConnection(context, caller, request.params.id);
      if (!isAwaitingApproval(store.statusOf(connection))) throw new Refusal(MESSAGES.notPending);
      // The requesting company approved by asking; only the receiving one decides.
      if (caller.company.id !== connection.destCompany.id) throw new Refusal(MESSAGES.notAuthorized);
      const now = clock.now();
      if (action === "approve") store.approveRequest(connection, caller.user, now);
      else {
        connection.lifecycle.rejection = { at: now, by: caller.user.id };
        Object.assign(connection.request, { status: "REJECTED", updatedAt: now });
        connection.updatedAt = now;
      }
      return store.toApi(connection, caller.company);
    }),
  );
}

/** Change requests and disable/enable, on the older unversioned paths. */
function registerLegacyActions(app: FastifyInstance, context: ApiContext): void {
  const { store, clock } = context;
  const base = "/api/company/:company/connections/:id";
  const pendingChange = (connection: StoredConnection) => {
    if (connection.request.kind !== "change" || connection.request.status !== "PENDING")
      throw new Refusal(MESSAGES.noChangeRequest);
    return connection.request;
  };
  const withConnection =
    (action: (connection: StoredConnection, caller: Caller, body: Record<string, unknown>) => void) =>
    (request: FastifyRequest<ConnectionParams>, reply: FastifyReply) =>
      answer(reply, () => {
        const caller = asCompany(request, true);
        const connection = partyConnection(context, caller, request.params.id);
        action(connection, caller, (request.body ?? {}) as Record<string, unknown>);
        return store.toApi(connection, caller.company);
      });

  app.put<ConnectionParams>(
    `${base}/change`,
    withConnection((connection, caller, body) => {
      if (store.statusOf(connection) !== "ACTIVE") throw new Refusal(MESSAGES.notActive("changed"));
      if (!isPositiveInteger(body.speed)) throw new Refusal(MESSAGES.speed);
      store.requestChange(connection, caller.user, caller.company, body.speed);
    }),
  );
  app.put<ConnectionParams>(
    `${base}/change/approve`,
    withConnection((connection, caller) => {
      if (pendingChange(connection).requestedBy === caller.company.id)
        throw new Refusal(MESSAGES.notAuthorized);
      store.approveChange(connection, caller.user, clock.now());
    }),
  );
  app.put<ConnectionParams>(
    `${base}/change/read`,
    withConnection((connection) => {
      pendingChange(connection).read = true;
    }),
  );
  app.delete<ConnectionParams>(
    `${base}/change`,
    withConnection((connection, caller) => {
      const change = pendingChange(connection);
      // Withdrawn by the requester, rejected by the other party.
      change.status = change.requestedBy === caller.company.id ? "WITHDRAWN" : "REJECTED";
      change.updatedAt = clock.now();
    }),
  );
  app.put<ConnectionParams>(
    `${base}/disable`,
    withConnection((connection) => {
      if (store.statusOf(connection) !== "ACTIVE") throw new Refusal(MESSAGES.notActive("disabled"));
      connection.lifecycle.disabledAt = clock.now();
    }),
  );
  app.put<ConnectionParams>(
    `${base}/enable`,
    withConnection((connection) => {
      if (store.statusOf(connection) !== "DISABLED") throw new Refusal(MESSAGES.notDisabled);
      connection.lifecycle.disabledAt = undefined;
    }),
  );
}

export function registerConnectionRoutes(app: FastifyInstance, context: ApiContext): void {
  registerCreate(app, context);
  registerReads(app, context);
  registerUpdateAndDelete(app, context);
  registerApprovals(app, context);
  registerLegacyActions(app, context);
}
