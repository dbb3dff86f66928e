/**
 * Equinix-specific control endpoints under /__emulator/equinix: the seller's decisions and out-of-band changes
 * (portal edits, deletion by Equinix) that tests of approval waits and drift need.
 */
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { CONTROL_PREFIX, Emulator, parseControlBody, sendControlError } from "../core";
import { ConnectionStore, OUT_OF_BAND_ACTOR, StoredConnection } from "./connections";
import type { SellerDecision } from "./lifecycle";

const PREFIX = `${CONTROL_PREFIX}/equinix`;

const decisionBodySchema = z.object({ reason: z.string().optional() }).strict();

const outOfBandChangeSchema = z
  .object({
    name: z.string().min(1).optional(),
    speed: z.number().int().min(1).optional(),
    speedUnit: z.enum(["MB", "GB"]).optional(),
  })
  .strict();

type Verdict = SellerDecision["verdict"];
const VERDICTS: Record<string, Verdict> = { approve: "approved", reject: "rejected" };

export function registerControlRoutes({ app, clock }: Emulator, store: ConnectionStore): void {
  const byUUID = (uuid: string, reply: FastifyReply): StoredConnection | undefined => {
    const connection = store.get(uuid);
    if (!connection) sendControlError(reply, 404, `No connection ${uuid}`);
    return connection;
  };

  /** Applies the seller's verdict to every connection, or to none when one of them is not awaiting it. */
  const decide = (connections: StoredConnection[], verdict: Verdict, body: unknown, reply: FastifyReply) => {
    const decision = parseControlBody(decisionBodySchema, body, reply);
    if (!decision) return false;
    const notPending = connections.find(
      (connection) => store.stateOf(connection).status !== "PENDING_APPROVAL",
    );
    if (notPending) {
      const { status } = store.stateOf(notPending);
      sendControlError(reply, 409, `Connection ${notPending.uuid} is ${status}, not PENDING_APPROVAL`);
      return false;
    }
    for (const connection of connections)
      connection.lifecycle.sellerDecision = { verdict, at: clock.now(), reason: decision.reason };
    return true;
  };

  app.post<{ Params: { uuid: string; action: string } }>(
    `${PREFIX}/connections/:uuid/:action`,
    async (request, reply) => {
      const verdict = VERDICTS[request.params.action];
      if (!verdict) return sendControlError(reply, 404, "Use .../approve or .../reject");
      const connection = byUUID(request.params.uuid, reply);
      if (!connection || !decide([connection], verdict, request.body, reply)) return reply;
      return store.toApi(connection);
    },
  );

  app.post<{ Params: { group: string; action: string } }>(
    `${PREFIX}/redundancy-groups/:group/:action`,
    async (request, reply) => {
      const verdict = VERDICTS[request.params.action];
      if (!verdict) return sendControlError(reply, 404, "Use .../approve or .../reject");
      const members = store.all().filter((connection) => connection.redundancyGroup === request.params.group);
      if (members.length === 0)
        return sendControlError(reply, 404, `No redundancy group ${request.params.group}`);
      if (!decide(members, verdict, request.body, reply)) return reply;
      return members.map((connection) => store.toApi(connection));
    },
  );

  app.delete<{ Params: { uuid: string } }>(`${PREFIX}/connections/:uuid`, async (request, reply) => {
    const connection = byUUID(request.params.uuid, reply);
    if (!connection) return reply;
    connection.lifecycle.deletion = { kind: "out-of-band", at: clock.now(), by: OUT_OF_BAND_ACTOR };
    return store.toApi(connection);
  });

  app.patch<{ Params: { uuid: string } }>(`${PREFIX}/connections/:uuid`, async (request, reply) => {
    const connection = byUUID(request.params.uuid, reply);
    const change = connection && parseControlBody(outOfBandChangeSchema, request.body, reply);
    if (!connection || !change) return reply;
    connection.name = change.name ?? connection.name;
    connection.speed = change.speed ?? connection.speed;
    connection.speedUnit = change.speedUnit ?? connection.speedUnit;
    connection.lastUpdated = { at: clock.now(), by: OUT_OF_BAND_ACTOR };
    return store.toApi(connection);
  });

  app.get(`${PREFIX}/connections`, async () => store.all().map((connection) => store.toApi(connection)));
}
