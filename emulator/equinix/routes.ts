/** The emulated Equinix Fabric v3 API routes (api-notes §1), all behind the Bearer check. */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Clock } from "../core";
import { ConnectionStore, StoredConnection } from "./connections";
import { parseCreateRequest } from "./createRequest";
import { ERROR_CODES, EquinixError, connectionNotFound, sendBadRequest } from "./errors";
import { EQUINIX_DEMO_USER, EQUINIX_PORT_LIST, EQUINIX_PROFILE_LIST, toServiceProfile } from "./seed";
import { invalidField, isAbsent, readName, readSpeed } from "./validation";

export interface ApiContext {
  store: ConnectionStore;
  clock: Clock;
}

type UuidParams = { Params: { uuid: string } };

const pageQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).default(20),
  pageNumber: z.coerce.number().int().min(0).default(0),
});

/** The paged envelope of api-notes §1.6 (0-based pageNumber); undefined after answering 400. */
function page<T>(items: T[], query: unknown, reply: FastifyReply) {
  const parsed = pageQuerySchema.safeParse(query);
  if (!parsed.success) {
    sendBadRequest(
      reply,
      parsed.error.issues.map((issue) => invalidField(String(issue.path[0]), issue.message)),
    );
    return undefined;
  }
  const { pageSize, pageNumber } = parsed.data;
  const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
  return {
    isFirstPage: pageNumber === 0,
    isLastPage: pageNumber >= totalPages - 1,
    totalCount: items.length,
    pageSize,
    pageNumber,
    content: items.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize),
  };
}

/** The connection, or undefined after answering the API's 400 IC-LAYER2-4023. */
function findConnection(
  store: ConnectionStore,
  uuid: string,
  reply: FastifyReply,
): StoredConnection | undefined {
  const connection = store.get(uuid);
  if (!connection) sendBadRequest(reply, [connectionNotFound(uuid)]);
  return connection;
}

function registerCreate(app: FastifyInstance, { store, clock }: ApiContext): void {
  app.post("/ecx/v3/l2/connections", async (request, reply) => {
    const result = parseCreateRequest(request.body, store);
    if (!result.ok) return sendBadRequest(reply, result.errors);
    const { connections, ...shared } = result.request;
    const now = clock.now();
    const redundancyGroup = randomUUID();
    const uuids = connections.map(() => randomUUID());
    connections.forEach((draft, index) => {
      const zSidePortUUID = draft.profile.zSidePortUUIDs[draft.role];
      store.add({
        ...shared,
        uuid: uuids[index],
        name: draft.name,
        speed: draft.speed.speed,
        speedUnit: draft.speed.unit,
        profile: draft.profile,
        port: draft.port,
        vlan: draft.vlan,
        zSidePortUUID,
        zSideVlan: { sTag: store.nextFreeZSideSTag(zSidePortUUID), cTag: draft.zSideVlanCTag },
        authorizationKey: draft.authorizationKey,
        sellerRegion: draft.sellerRegion,
        sellerMetroCode: draft.sellerMetroCode,
        redundancyType: draft.role,
        redundancyGroup,
        // Only the primary points at its partner (api-notes §6, item 4).
        redundantUUID: draft.role === "primary" ? uuids[1] : undefined,
        lifecycle: { createdAt: now, requiresSellerApproval: draft.profile.requiresSellerApproval },
        lastUpdated: { at: now, by: EQUINIX_DEMO_USER.userName },
      });
    });
    return {
      message: "Connection Saved Successfully",
      primaryConnectionId: uuids[0],
      secondaryConnectionId: uuids[1],
      status: "SUCCESS",
    };
  });
}

const updateBodySchema = z.object({
  connectionNewName: z.unknown().optional(),
  speed: z.unknown().optional(),
  speedUnit: z.unknown().optional(),
});

function registerUpdate(app: FastifyInstance, { store, clock }: ApiContext): void {
  app.patch<UuidParams & { Querystring: { action?: string } }>(
    "/ecx/v3/l2/connections/:uuid",
    async (request, reply) => {
      // ECXGO sends "update", the documentation "Update"; Approve/Reject are seller actions, not emulated here.
      if (request.query.action?.toLowerCase() !== "update")
        return sendBadRequest(reply, [invalidField("action", "Only action=update is emulated")]);
      const connection = findConnection(store, request.params.uuid, reply);
      if (!connection) return reply;
      const { status } = store.stateOf(connection);
      if (status !== "PROVISIONED")
        return sendBadRequest(reply, [
          {
            errorCode: ERROR_CODES.notEditable,
            errorMessage: "The connection cannot be updated in its current state",
            property: "uuid",
            moreInfo: `The connection is ${status}; only PROVISIONED connections can be updated`,
          },
        ]);

      const body = updateBodySchema.safeParse(request.body ?? {});
      const { connectionNewName, speed, speedUnit } = body.success ? body.data : {};
      const errors: EquinixError[] = [];
      const changesName = !isAbsent(connectionNewName);
      const changesSpeed = !isAbsent(speed) || !isAbsent(speedUnit);
      if (!changesName && !changesSpeed)
        errors.push(invalidField("connectionNewName", "Send connectionNewName and/or speed with speedUnit"));
      const name = changesName
        ? readName({ value: connectionNewName, property: "connectionNewName" }, "Connection Name", errors)
        : undefined;
      // The documented body carries speed and speedUnit together (api-notes §1.4).
      const newSpeed = changesSpeed
        ? readSpeed(
            { value: speed, property: "speed" },
            { value: speedUnit, property: "speedUnit" },
            connection.profile,
            errors,
          )
        : undefined;
      if (errors.length > 0) return sendBadRequest(reply, errors);

      if (name) connection.name = name;
      if (newSpeed) {
        connection.speed = newSpeed.speed;
        connection.speedUnit = newSpeed.unit;
      }
      connection.lastUpdated = { at: clock.now(), by: EQUINIX_DEMO_USER.userName };
      return {
        message:
          "Update connection is submitted successfully. We will notify you once update process finished.",
        primaryConnectionId: connection.uuid,
        status: "submitted",
      };
    },
  );
}

function registerDelete(app: FastifyInstance, { store, clock }: ApiContext): void {
  app.delete<UuidParams>("/ecx/v3/l2/connections/:uuid", async (request, reply) => {
    const connection = findConnection(store, request.params.uuid, reply);
    if (!connection) return reply;
    if (connection.lifecycle.deletion)
      return sendBadRequest(reply, [
        {
          errorCode: ERROR_CODES.alreadyDeleted,
          errorMessage: "Connection is already deleted",
          property: "uuid",
          moreInfo: connection.uuid,
        },
      ]);
    const wasProvisioned = store.stateOf(connection).status === "PROVISIONED";
    connection.lifecycle.deletion = {
      kind: wasProvisioned ? "deprovision" : "cancel",
      at: clock.now(),
      by: EQUINIX_DEMO_USER.userName,
    };
    return { message: "Deleted connection successfully", primaryConnectionId: connection.uuid };
  });
}

function registerReads(app: FastifyInstance, { store }: ApiContext): void {
  app.get<UuidParams>("/ecx/v3/l2/connections/:uuid", async (request, reply) => {
    const connection = findConnection(store, request.params.uuid, reply);
    return connection ? store.toApi(connection) : reply;
  });

  app.get<{ Querystring: { status?: string } }>("/ecx/v3/l2/buyer/connections", async (request, reply) => {
    const wanted = request.query.status
      ?.split(",")
      .map((status) => status.trim().toUpperCase())
      .filter(Boolean);
    const connections = store
      .all()
      .map((connection) => store.toApi(connection))
      .filter((connection) => !wanted?.length || wanted.includes(connection.status));
    return page(connections, request.query, reply) ?? reply;
  });

  app.get("/ecx/v3/port/userport", async () => EQUINIX_PORT_LIST);

  app.get("/ecx/v3/l2/serviceprofiles/services", async (request, reply) => {
    return page(EQUINIX_PROFILE_LIST.map(toServiceProfile), request.query, reply) ?? reply;
  });

  app.get<UuidParams>("/ecx/v3/l2/serviceprofiles/:uuid", async (request, reply) => {
    const profile = EQUINIX_PROFILE_LIST.find(
      (candidate) => candidate.uuid === request.params.uuid.toLowerCase(),
    );
    if (profile) return toServiceProfile(profile);
    // 404 answers are single objects (api-notes §2.2).
    return reply.code(404).send({
      errorCode: ERROR_CODES.profileNotFound,
      errorMessage: "Service profile does not exist or is not available",
      property: "uuid",
      moreInfo: request.params.uuid,
    });
  });
}

/** Registers the API in its own scope, so that the Bearer check covers exactly these routes. */
export function registerApiRoutes(
  app: FastifyInstance,
  context: ApiContext,
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>,
): void {
  void app.register(async (scope) => {
    scope.addHook("onRequest", authenticate);
    registerCreate(scope, context);
    registerUpdate(scope, context);
    registerDelete(scope, context);
    registerReads(scope, context);
  });
}
