/**
 * Console Connect control endpoints under /__emulator/consoleconnect: what happens outside the API (edits in the
 * web application, Console Connect operations) that tests of drift, remote deletion and failures need, and the
 * switches (switches.ts). The other company's decisions are not here: it makes them through the real
 * approve/reject endpoints.
 */
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { CONTROL_PREFIX, Emulator, parseControlBody, sendControlError } from "../core";
import { ConnectionStore, StoredConnection } from "./connections";
import { ConsoleConnectSwitches, switchesSchema } from "./switches";

const PREFIX = `${CONTROL_PREFIX}/consoleconnect`;

const outOfBandChangeSchema = z
  .object({ name: z.string().min(1).optional(), speed: z.number().int().min(1).optional() })
  .strict();

const failureSchema = z.object({ reason: z.string().min(1).optional() }).strict();

const FAILURES = { error: "ERROR", cancel: "CANCELLED" } as const;

export function registerControlRoutes(
  { app, clock }: Emulator,
  store: ConnectionStore,
  switches: ConsoleConnectSwitches,
): void {
  app.get(`${PREFIX}/switches`, async () => ({ ...switches }));
  app.patch(`${PREFIX}/switches`, async (request, reply) => {
    const body = parseControlBody(switchesSchema, request.body, reply);
    if (!body) return reply;
    Object.assign(switches, body);
    return { ...switches };
  });

  const byId = (id: string, reply: FastifyReply): StoredConnection | undefined => {
    store.settle();
    const connection = store.get(id);
    if (!connection) sendControlError(reply, 404, `No connection ${id}`);
    return connection;
  };
  const view = (connection: StoredConnection) => store.toApi(connection, connection.srcCompany);

  app.get(`${PREFIX}/connections`, async () => {
    store.settle();
    return store.all().map(view);
  });

  /** A rename or resize made in the web application: drift for `pulumi refresh`. */
  app.patch<{ Params: { id: string } }>(`${PREFIX}/connections/:id`, async (request, reply) => {
    const connection = byId(request.params.id, reply);
    const change = connection && parseControlBody(outOfBandChangeSchema, request.body, reply);
    if (!connection || !change) return reply;
    if (change.name) connection.names[connection.srcCompany.id] = change.name;
    connection.speed = change.speed ?? connection.speed;
    connection.updatedAt = clock.now();
    return view(connection);
  });

  /** Deleted outside Pulumi: DELETED at once. */
  app.delete<{ Params: { id: string } }>(`${PREFIX}/connections/:id`, async (request, reply) => {
    const connection = byId(request.params.id, reply);
    if (!connection) return reply;
    connection.lifecycle.deletion = { at: clock.now(), outOfBand: true };
    return view(connection);
  });

  /** Console Connect operations put a connection in ERROR (with errorReason) or CANCELLED. */
  app.post<{ Params: { id: string; failure: string } }>(
    `${PREFIX}/connections/:id/:failure`,
    async (request, reply) => {
      const status = FAILURES[request.params.failure as keyof typeof FAILURES];
      if (!status) return sendControlError(reply, 404, "Use .../error or .../cancel");
      const connection = byId(request.params.id, reply);
      const body = connection && parseControlBody(failureSchema, request.body, reply);
      if (!connection || !body) return reply;
      const reason =
        body.reason ?? (status === "ERROR" ? "Provisioning failed" : "Cancelled by Console Connect");
      connection.lifecycle.failure = { status, reason };
      return view(connection);
    },
  );
}
