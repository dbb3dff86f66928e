/**
 * Fabric v4 control endpoints under /__emulator/equinix/v4 (no credentials, not logged, not faulted): the seller's
 * and AWS's decisions, the emulator's settings (timings, approval mode, invented rules), and a listing of every
 * v4 connection.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { CONTROL_PREFIX, Emulator, parseControlBody, sendControlError } from "../../core";
import { V4RequestError } from "./errors";
import type { ConnectionRecord } from "./model";
import { readAccessPointChoice } from "./routes";
import { FabricV4Options, FabricV4Settings, settingsPatchSchema } from "./settings";
import type { FabricV4Store } from "./store";
import { connectionToApi } from "./view";

export const FABRIC_V4_CONTROL_PREFIX = `${CONTROL_PREFIX}/equinix/v4`;

export interface FabricV4ControlContext {
  store: FabricV4Store;
  settings: () => FabricV4Settings;
  updateSettings: (patch: FabricV4Options) => FabricV4Settings;
}

const approveBodySchema = z
  .object({
    /** As CONNECTION_CREATION_ACCEPTANCE's `data.zSide`: the seller's port and tags (optional). */
    zSide: z.object({ accessPoint: z.record(z.string(), z.unknown()) }).optional(),
  })
  .strict();

const rejectBodySchema = z.object({ reason: z.string().optional() }).strict();

type UuidParams = { Params: { uuid: string } };

function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? "127.0.0.1"}`;
}

export function registerFabricV4Control({ app, clock }: Emulator, context: FabricV4ControlContext): void {
  const { store } = context;
  const show = (record: ConnectionRecord, request: FastifyRequest) =>
    connectionToApi(record, record.buyer, baseUrlOf(request));
  const byUuid = (uuid: string, reply: FastifyReply): ConnectionRecord | undefined => {
    const record = store.get(uuid);
    if (!record) sendControlError(reply, 404, `No Fabric v4 connection ${uuid}`);
    return record;
  };

  app.get(`${FABRIC_V4_CONTROL_PREFIX}/settings`, async () => context.settings());

  app.patch(`${FABRIC_V4_CONTROL_PREFIX}/settings`, async (request, reply) => {
    const patch = parseControlBody(settingsPatchSchema, request.body, reply);
    return patch ? context.updateSettings(patch) : reply;
  });

  app.get(`${FABRIC_V4_CONTROL_PREFIX}/connections`, async (request) =>
    store.all().map((record) => show(record, request)),
  );

  /** Approves what is pending: the connection request, a bandwidth increase, or AWS's hosted connection. */
  app.post<UuidParams>(`${FABRIC_V4_CONTROL_PREFIX}/connections/:uuid/approve`, async (request, reply) => {
    const record = byUuid(request.params.uuid, reply);
    const body = record && parseControlBody(approveBodySchema, request.body, reply);
    if (!record || !body) return reply;
    const now = clock.now();
    try {
      if (store.awaitsCreationApproval(record))
        store.acceptCreation(record, readAccessPointChoice(body), now, undefined);
      else if (store.awaitsUpdateApproval(record)) store.acceptUpdate(record, now, undefined);
      else if (store.awaitsAwsAcceptance(record)) store.acceptAws(record, now);
      else
        return sendControlError(reply, 409, `Connection ${record.uuid} awaits no approval (${record.state})`);
    } catch (error) {
      if (error instanceof V4RequestError) return sendControlError(reply, 400, error.message);
      throw error;
    }
    return show(record, request);
  });

  /** Rejects the pending connection request or bandwidth increase. */
  app.post<UuidParams>(`${FABRIC_V4_CONTROL_PREFIX}/connections/:uuid/reject`, async (request, reply) => {
    const record = byUuid(request.params.uuid, reply);
    const body = record && parseControlBody(rejectBodySchema, request.body, reply);
    if (!record || !body) return reply;
    const now = clock.now();
    if (store.awaitsCreationApproval(record)) store.rejectCreation(record, body.reason, now, undefined);
    else if (store.awaitsUpdateApproval(record)) store.rejectUpdate(record, body.reason, now, undefined);
    else
      return sendControlError(reply, 409, `Connection ${record.uuid} awaits no decision (${record.state})`);
    return show(record, request);
  });
}
