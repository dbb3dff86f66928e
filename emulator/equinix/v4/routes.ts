/**
 * The emulated Fabric v4 routes (Fabric v4 OpenAPI spec, paths under /fabric/v4), in their own scope: Bearer check
 * with the v4 401 body, JSON-patch bodies, errors as arrays. Registered on the Equinix emulator's app, so the
 * core's fault switches, request log and clock apply to them.
 */
import { createHash, randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../core";
import type { ConnectionStore } from "../connections";
import type { TokenCheck } from "../auth";
import type { EquinixIdentityId } from "../seed";
import { V4Error, V4RequestError, sendV4Errors, v4Error } from "./errors";
import type { ConnectionRecord, LinkProtocol } from "./model";
import { parseCreateRequest, parsePatchRequest, ValidationContext } from "./requests";
import { paginationOf, searchConnections, searchProfiles } from "./search";
import {
  FABRIC_V4_PORT_LIST,
  FABRIC_V4_PROFILE_LIST,
  V4Port,
  V4_METROS,
  findPort,
  findProfile,
} from "./seed";
import type { FabricV4Settings } from "./settings";
import { AccessPointChoice, FabricV4Store, VLAN_RANGE, holdsVlans, profileOf } from "./store";
import {
  LinkProtocolEntry,
  ViewPoint,
  connectionToApi,
  derivedUuid,
  linkProtocolToApi,
  metroToApi,
  portToApi,
  profileToApi,
} from "./view";

export const FABRIC_V4_PREFIX = "/fabric/v4";

export interface FabricV4Context {
  store: FabricV4Store;
  v3: ConnectionStore;
  clock: Clock;
  settings: () => FabricV4Settings;
  checkToken: (request: FastifyRequest) => TokenCheck;
}

type IdParams = { Params: { id: string } };
type DryRunQuery = { Querystring: { dryRun?: string } };

/** Absolute links point back at the emulator, as the API's point at api.equinix.com. */
function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? "127.0.0.1"}`;
}

const SELLER_ACTIONS = [
  "CONNECTION_CREATION_ACCEPTANCE",
  "CONNECTION_CREATION_REJECTION",
  "CONNECTION_UPDATE_ACCEPTANCE",
  "CONNECTION_UPDATE_REJECTION",
  "CONNECTION_DELETION_ACCEPTANCE",
];

/** Spec `Actions`. */
const ACTIONS = [
  ...SELLER_ACTIONS,
  "CONNECTION_REJECTION_ACCEPTANCE",
  "CONNECTION_UPDATE_REQUEST",
  "MIGRATION_EVPL_VC",
  "CONNECTION_PROVIDER_STATUS_REQUEST",
  "CONNECTION_PROVIDER_BANDWIDTH_REQUEST",
  "ACCEPT_HOSTED_CONNECTION",
  "CANCEL_EVPL_VC_DRAFT_ORDERS",
  "CONNECTION_CREATION_RETRY",
  "CONNECTION_DELETION_RETRY",
];

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The seller's `data.zSide.accessPoint` of CONNECTION_CREATION_ACCEPTANCE. */
export function readAccessPointChoice(data: unknown): AccessPointChoice | undefined {
  const accessPoint = asObject(asObject(asObject(data)?.zSide)?.accessPoint);
  if (!accessPoint) return undefined;
  const at = "/data/zSide/accessPoint";
  const errors: V4Error[] = [];
  const port = asObject(accessPoint.port);
  if (port && typeof port.uuid !== "string")
    errors.push(v4Error("invalidInput", `${at}/port/uuid`, "a port uuid"));
  const input = asObject(accessPoint.linkProtocol);
  let linkProtocol: LinkProtocol | undefined;
  if (input) {
    const type = typeof input.type === "string" ? input.type.toUpperCase() : undefined;
    if (type !== "DOT1Q" && type !== "QINQ")
      errors.push(v4Error("invalidInput", `${at}/linkProtocol/type`, "DOT1Q or QINQ"));
    else {
      linkProtocol = { type };
      for (const key of ["vlanTag", "vlanSTag", "vlanCTag"] as const) {
        const tag = input[key];
        if (tag === undefined) continue;
        if (typeof tag !== "number" || !Number.isInteger(tag) || tag < VLAN_RANGE.min || tag > VLAN_RANGE.max)
          errors.push(v4Error("invalidInput", `${at}/linkProtocol/${key}`, "a VLAN tag from 2 to 4092"));
        else linkProtocol[key] = tag;
      }
      if (type === "DOT1Q" && linkProtocol.vlanTag === undefined && errors.length === 0)
        errors.push(v4Error("invalidInput", `${at}/linkProtocol/vlanTag`, "vlanTag is required for DOT1Q"));
    }
  }
  if (errors.length > 0) throw new V4RequestError(errors);
  return {
    ...(port ? { port: { uuid: port.uuid as string } } : {}),
    ...(linkProtocol ? { linkProtocol } : {}),
  };
}

export function registerFabricV4Routes(app: FastifyInstance, context: FabricV4Context): void {
  const { store, v3, clock, settings, checkToken } = context;
  const identities = new WeakMap<FastifyRequest, EquinixIdentityId>();
  const identityOf = (request: FastifyRequest): EquinixIdentityId => identities.get(request) ?? "buyer";

  const validation = (request: FastifyRequest): ValidationContext => ({
    identity: identityOf(request),
    store,
    rules: settings().rules,
  });

  const view = (record: ConnectionRecord, request: FastifyRequest) =>
    connectionToApi(record, identityOf(request), baseUrlOf(request));

  /** 400 EQ-3142519 (spec 400_Invalid_id) or, behind the switch, 404 EQ-3045811 (spec 404 example). */
  const connectionNotFound = (request: FastifyRequest, reply: FastifyReply, id: string) =>
    settings().unknownConnectionStatus === 404
      ? sendV4Errors(request, reply, 404, [v4Error("uuidNotFound", "connectionId", id, "uuid not found")])
      : sendV4Errors(request, reply, 400, [v4Error("connectionNotFound", "connectionId", id)]);

  /** The connection if the caller may see it (its buyer, or its profile's seller). */
  const visible = (request: FastifyRequest, id: string): ConnectionRecord | undefined => {
    const record = store.get(id);
    const identity = identityOf(request);
    return record && (record.buyer === identity || profileOf(record).owner === identity) ? record : undefined;
  };

  /** Only the buyer changes or deletes a connection; Invented: others get the spec's DELETE 403. */
  const ownedOrRefused = (
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
  ): ConnectionRecord | undefined => {
    const record = visible(request, request.params.id);
    if (!record) {
      connectionNotFound(request, reply, request.params.id);
      return undefined;
    }
    if (record.buyer !== identityOf(request) && settings().rules.buyerOnlyChanges) {
      sendV4Errors(request, reply, 403, [
        v4Error("accountNotAuthorized", "connectionId", "only the buyer changes or deletes a connection"),
      ]);
      return undefined;
    }
    return record;
  };

  const handleRequestErrors = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => T | Promise<T>,
  ): Promise<T | FastifyReply> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof V4RequestError) return sendV4Errors(request, reply, error.status, error.errors);
      throw error;
    }
  };

  void app.register(
    async (scope) => {
      // Spec: PATCH bodies are application/json-patch+json; Equinix how-to pages also send application/json.
      scope.addContentTypeParser(
        "application/json-patch+json",
        { parseAs: "string" },
        scope.getDefaultJsonParser("ignore", "ignore"),
      );
      scope.addHook("onRequest", async (request, reply) => {
        const result = checkToken(request);
        if (!result.ok)
          return sendV4Errors(request, reply, 401, [v4Error("invalidToken", "Authorization", result.reason)]);
        identities.set(request, result.identity);
        return undefined;
      });

      // ---- connections ---------------------------------------------------------------------------------------

      scope.post<DryRunQuery>("/connections", async (request, reply) => {
        const result = parseCreateRequest(request.body, clock.now(), validation(request));
        if (!result.ok) return sendV4Errors(request, reply, 400, result.errors);
        // Spec: a dry run validates, answers 200 without uuid, state or group, and stores nothing.
        if (request.query.dryRun === "true")
          return reply
            .code(200)
            .send(connectionToApi(result.record, identityOf(request), baseUrlOf(request), { dryRun: true }));
        result.record.seq = store.nextSeq();
        store.add(result.record);
        return reply.code(201).send(view(result.record, request));
      });

      scope.get<IdParams>("/connections/:id", async (request, reply) => {
        const record = visible(request, request.params.id);
        return record ? view(record, request) : connectionNotFound(request, reply, request.params.id);
      });

      scope.patch<IdParams & DryRunQuery>("/connections/:id", async (request, reply) => {
        const record = ownedOrRefused(request, reply);
        if (!record) return reply;
        const refusal = patchRefusal(record, settings().rules.settledUpdates);
        if (refusal) return sendV4Errors(request, reply, 400, [refusal]);
        const result = parsePatchRequest(request.body, record, validation(request));
        if (!result.ok) return sendV4Errors(request, reply, 400, result.errors);
        if (request.query.dryRun === "true")
          return reply.code(200).send(view(store.preview(record, result.ops), request));
        store.update(record, result.ops, clock.now(), identityOf(request));
        return reply.code(202).send(view(record, request));
      });

      scope.delete<IdParams>("/connections/:id", async (request, reply) => {
        const record = ownedOrRefused(request, reply);
        if (!record) return reply;
        // Spec: EQ-3142509 once deleted (Terraform counts it as success), EQ-3142510 while in a transient state.
        if (record.deletedAt !== undefined)
          return sendV4Errors(request, reply, 400, [v4Error("alreadyDeleted", "uuid", record.uuid)]);
        if (record.state === "PROVISIONING")
          return sendV4Errors(request, reply, 400, [
            v4Error("transientState", "uuid", `the connection is ${record.state}`),
          ]);
        store.delete(record, clock.now(), identityOf(request));
        return reply.code(200).send(view(record, request));
      });

      scope.post("/connections/search", async (request, reply) =>
        handleRequestErrors(request, reply, () => {
          const identity = identityOf(request);
          const baseUrl = baseUrlOf(request);
          return searchConnections(
            request.body,
            store.visibleTo(identity),
            (record) => connectionToApi(record, identity, baseUrl),
            (record) => record.seq,
            { maxLimit: settings().rules.searchLimit ? 100 : undefined },
          );
        }),
      );

      scope.post<IdParams>("/connections/:id/actions", async (request, reply) =>
        handleRequestErrors(request, reply, () => {
          const record = visible(request, request.params.id);
          if (!record) return connectionNotFound(request, reply, request.params.id);
          return runAction(request, reply, record);
        }),
      );

      const runAction = (
        request: FastifyRequest<IdParams>,
        reply: FastifyReply,
        record: ConnectionRecord,
      ) => {
        const body = asObject(request.body) ?? {};
        const type = body.type;
        const identity = identityOf(request);
        const now = clock.now();
        if (typeof type !== "string" || !ACTIONS.includes(type))
          return sendV4Errors(request, reply, 400, [
            v4Error("invalidInput", "/type", "an action type of the spec's Actions enum"),
          ]);
        const description = typeof body.description === "string" ? body.description : undefined;
        const notNow = (reason: string) =>
          sendV4Errors(request, reply, 400, [v4Error("invalidInput", "/type", reason)]);
        if (
          SELLER_ACTIONS.includes(type) &&
          settings().rules.sellerActionsNeedSeller &&
          profileOf(record).owner !== identity
        )
          return sendV4Errors(request, reply, 403, [
            v4Error(
              "operationNotAllowed",
              "/type",
              `${type} is the seller's action`,
              "Operation not allowed for current user",
            ),
          ]);
        let data: Record<string, unknown> = {};
        switch (type) {
          case "CONNECTION_CREATION_ACCEPTANCE":
            if (!store.awaitsCreationApproval(record))
              return notNow("the connection is not awaiting the seller's acceptance");
            store.acceptCreation(record, readAccessPointChoice(body.data), now, identity);
            data = { zSide: view(record, request).zSide };
            break;
          case "CONNECTION_CREATION_REJECTION":
            if (!store.awaitsCreationApproval(record))
              return notNow("the connection is not awaiting the seller's acceptance");
            store.rejectCreation(record, description, now, identity);
            break;
          case "CONNECTION_UPDATE_ACCEPTANCE":
            if (!store.awaitsUpdateApproval(record))
              return notNow("no update is awaiting the seller's approval");
            store.acceptUpdate(record, now, identity);
            break;
          case "CONNECTION_UPDATE_REJECTION":
            if (!store.awaitsUpdateApproval(record))
              return notNow("no update is awaiting the seller's approval");
            store.rejectUpdate(record, description, now, identity);
            break;
          case "CONNECTION_DELETION_ACCEPTANCE":
            // Invented: the deletion goes ahead by itself; the seller's acknowledgement changes nothing.
            if (record.state !== "DEPROVISIONING") return notNow("the connection is not being deleted");
            break;
          case "CONNECTION_REJECTION_ACCEPTANCE":
            if (record.buyer !== identity)
              return sendV4Errors(request, reply, 403, [
                v4Error("operationNotAllowed", "/type", "the buyer's action"),
              ]);
            if (record.equinixStatus !== "REJECTED") return notNow("the connection was not rejected");
            store.acknowledgeRejection(record, now, identity);
            break;
          case "CONNECTION_PROVIDER_STATUS_REQUEST":
            break;
          case "CONNECTION_PROVIDER_BANDWIDTH_REQUEST":
            // Invented: the provider reports the connection's own bandwidth.
            data = { providerBandwidth: record.bandwidth };
            break;
          default:
            return notNow(`${type} is not emulated`);
        }
        // Spec ConnectionActionResponse: type, href (…/actions/{id}), uuid, data always present.
        return reply.code(202).send({
          type,
          href: `${baseUrlOf(request)}${FABRIC_V4_PREFIX}/connections/${record.uuid}/actions/${randomUUID()}`,
          uuid: record.uuid,
          ...(description === undefined ? {} : { description }),
          data,
          changeLog: { createdDateTime: new Date(now).toISOString() },
        });
      };

      // ---- ports ---------------------------------------------------------------------------------------------

      const usageOf = (port: V4Port) => {
        const v4 = store
          .all()
          .filter(
            (record) =>
              holdsVlans(record) &&
              (record.aSide.portUuid === port.uuid || record.zSide.portUuid === port.uuid),
          );
        const v3Connections = [...v3.liveOnPort(port.uuid, "aSide"), ...v3.liveOnPort(port.uuid, "zSide")];
        return {
          connections: v4.length + v3Connections.length,
          usedBandwidth:
            v4.reduce((sum, record) => sum + record.bandwidth, 0) +
            v3Connections.reduce((sum, c) => sum + (c.speedUnit === "GB" ? c.speed * 1000 : c.speed), 0),
        };
      };

      const ownPort = (request: FastifyRequest<{ Params: { uuid: string } }>, reply: FastifyReply) => {
        const port = findPort(request.params.uuid);
        if (port && port.owner === identityOf(request)) return port;
        // Spec 400_invalid_portId.
        sendV4Errors(request, reply, 400, [
          v4Error(
            "portNotFound",
            "portUuid",
            request.params.uuid,
            "The uuid requested could not be found in system",
          ),
        ]);
        return undefined;
      };

      scope.get<{ Querystring: { name?: string } }>("/ports", async (request) => {
        const ports = FABRIC_V4_PORT_LIST.filter(
          (port) =>
            port.owner === identityOf(request) && (!request.query.name || port.name === request.query.name),
        );
        return {
          pagination: { offset: 0, limit: Math.max(20, ports.length), total: ports.length },
          data: ports.map((port) => portToApi(port, usageOf(port), baseUrlOf(request))),
        };
      });

      scope.get<{ Params: { uuid: string } }>("/ports/:uuid", async (request, reply) => {
        const port = ownPort(request, reply);
        return port ? portToApi(port, usageOf(port), baseUrlOf(request)) : reply;
      });

      scope.get<{ Params: { uuid: string }; Querystring: { offset?: string; limit?: string } }>(
        "/ports/:uuid/linkProtocols",
        async (request, reply) => {
          const port = ownPort(request, reply);
          if (!port) return reply;
          const page = readQueryPage(request, reply);
          if (!page) return reply;
          const entries = linkProtocolEntries(port);
          return {
            pagination: paginationOf(
              page,
              entries.length,
              `${FABRIC_V4_PREFIX}/ports/${port.uuid}/linkProtocols`,
            ),
            data: entries
              .slice(page.offset, page.offset + page.limit)
              .map((entry) => linkProtocolToApi(entry, baseUrlOf(request))),
          };
        },
      );

      /** Tags on a port: RESERVED while held, RELEASED once the connection is gone (spec `LinkProtocolState`). */
      const linkProtocolEntries = (port: V4Port): LinkProtocolEntry[] => {
        const entries: LinkProtocolEntry[] = [];
        for (const record of store.all()) {
          const state = holdsVlans(record) ? "RESERVED" : "RELEASED";
          const asset = { uuid: record.uuid, bandwidth: record.bandwidth };
          if (record.aSide.portUuid === port.uuid)
            entries.push({
              uuid: record.aSide.linkProtocolUuid,
              state,
              linkProtocol: record.aSide.linkProtocol,
              asset,
              createdAt: record.createdAt,
            });
          if (record.zSide.portUuid === port.uuid && record.zSide.linkProtocol)
            entries.push({
              uuid: derivedUuid(`${record.uuid}/zSide`),
              state,
              linkProtocol: record.zSide.linkProtocol,
              asset,
              createdAt: record.createdAt,
            });
        }
        for (const side of ["aSide", "zSide"] as const)
          for (const connection of v3.liveOnPort(port.uuid, side)) {
            const tags = side === "aSide" ? connection.vlan : connection.zSideVlan;
            entries.push({
              uuid: derivedUuid(`${connection.uuid}/${side}`),
              state: "RESERVED",
              linkProtocol:
                port.encapsulation === "DOT1Q"
                  ? { type: "DOT1Q", vlanTag: tags.sTag }
                  : {
                      type: "QINQ",
                      vlanSTag: tags.sTag,
                      ...(tags.cTag === undefined ? {} : { vlanCTag: tags.cTag }),
                    },
              asset: {
                uuid: connection.uuid,
                bandwidth: connection.speedUnit === "GB" ? connection.speed * 1000 : connection.speed,
              },
              createdAt: connection.lifecycle.createdAt,
            });
          }
        return entries;
      };

      const readQueryPage = (
        request: FastifyRequest<{ Querystring: { offset?: string; limit?: string } }>,
        reply: FastifyReply,
      ) => {
        const offset = Number(request.query.offset ?? 0);
        const limit = Number(request.query.limit ?? 20);
        if (!Number.isInteger(offset) || offset < 0) {
          sendV4Errors(request, reply, 400, [
            v4Error("invalidInput", "offset", "a whole number of at least 0"),
          ]);
          return undefined;
        }
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          sendV4Errors(request, reply, 400, [
            v4Error("invalidInput", "limit", "a whole number from 1 to 100"),
          ]);
          return undefined;
        }
        return { offset, limit };
      };

      // ---- service profiles ----------------------------------------------------------------------------------

      type ProfileQuery = { Querystring: { viewPoint?: string; offset?: string; limit?: string } };
      const viewPointOf = (request: FastifyRequest<ProfileQuery>): ViewPoint =>
        request.query.viewPoint === "zSide" ? "zSide" : "aSide";
      /** aSide: the catalogue; zSide: the caller's own profiles (spec SellerServiceProfilesResponse). */
      const profilesFor = (request: FastifyRequest<ProfileQuery>) => {
        const identity = identityOf(request);
        const viewPoint = viewPointOf(request);
        return FABRIC_V4_PROFILE_LIST.filter(
          (profile) => viewPoint === "aSide" || profile.owner === identity,
        ).map((profile) => profileToApi(profile, identity, viewPoint, baseUrlOf(request)));
      };

      scope.get<{ Params: { id: string } } & ProfileQuery>("/serviceProfiles/:id", async (request, reply) => {
        const profile = findProfile(request.params.id);
        // Invented: the status. The spec's GET declares no 404; EQ-3001011 "Invalid uuid" is its siblings' 404.
        if (!profile)
          return sendV4Errors(request, reply, 404, [
            v4Error("profileNotFoundById", "serviceProfileId", request.params.id),
          ]);
        const body = profileToApi(profile, identityOf(request), viewPointOf(request), baseUrlOf(request));
        // Spec: GET by id sends an ETag.
        const etag = createHash("sha1").update(JSON.stringify(body)).digest("hex").slice(0, 16);
        return reply.header("etag", `"${etag}"`).send(body);
      });

      scope.get<ProfileQuery>("/serviceProfiles", async (request, reply) => {
        const page = readQueryPage(request, reply);
        if (!page) return reply;
        const profiles = profilesFor(request);
        return {
          data: profiles.slice(page.offset, page.offset + page.limit),
          pagination: paginationOf(page, profiles.length, `${FABRIC_V4_PREFIX}/serviceProfiles`),
        };
      });

      scope.post<ProfileQuery>("/serviceProfiles/search", async (request, reply) =>
        handleRequestErrors(request, reply, () => searchProfiles(request.body, profilesFor(request))),
      );

      // ---- metros --------------------------------------------------------------------------------------------

      scope.get<{ Querystring: { presence?: string; offset?: string; limit?: string } }>(
        "/metros",
        async (request, reply) => {
          const { presence } = request.query;
          if (presence !== undefined && presence !== "MY_PORTS")
            return sendV4Errors(request, reply, 400, [
              {
                errorCode: "EQ-3036013",
                errorMessage: "Invalid Query Parameter",
                additionalInfo: [{ property: "presence", reason: "Allowed value for presence is MY_PORTS" }],
              },
            ]);
          const page = readQueryPage(request, reply);
          if (!page) return reply;
          const identity = identityOf(request);
          const metros = V4_METROS.filter(
            (metro) =>
              presence !== "MY_PORTS" ||
              FABRIC_V4_PORT_LIST.some((port) => port.owner === identity && port.metroCode === metro.code),
          );
          return {
            pagination: paginationOf(page, metros.length, `${FABRIC_V4_PREFIX}/metros`),
            data: metros
              .slice(page.offset, page.offset + page.limit)
              .map((metro) => metroToApi(metro, baseUrlOf(request))),
          };
        },
      );

      scope.get<{ Params: { code: string } }>("/metros/:code", async (request, reply) => {
        const metro = V4_METROS.find((candidate) => candidate.code === request.params.code.toUpperCase());
        // Spec 400_metroCode.
        if (!metro)
          return sendV4Errors(request, reply, 400, [
            v4Error("metroNotFound", "pathparameter-metroCode", "Provide valid metro code"),
          ]);
        return metroToApi(metro, baseUrlOf(request));
      });
    },
    { prefix: FABRIC_V4_PREFIX },
  );
}

/** Why a PATCH cannot be applied now, if it cannot. */
function patchRefusal(record: ConnectionRecord, settledUpdates: boolean): V4Error | undefined {
  // Invented: a deleted connection answers the DELETE's "already deleted".
  if (record.state === "DEPROVISIONED") return v4Error("alreadyDeleted", "uuid", record.uuid);
  // Spec EQ-3142510.
  if (record.state === "PROVISIONING" || record.state === "DEPROVISIONING")
    return v4Error("transientState", "uuid", `the connection is ${record.state}`);
  if (!settledUpdates) return undefined;
  // Invented (rule settledUpdates): an update still in progress counts as transient; a rejected connection is final.
  const { type, status } = record.change;
  if (type === "CONNECTION_UPDATE" && (status === "SUBMITTED_FOR_APPROVAL" || status === "APPROVED"))
    return v4Error("transientState", "uuid", `the last change is ${status}`);
  if (record.state === "FAILED") return v4Error("invalidInput", "uuid", "the connection was rejected");
  return undefined;
}
