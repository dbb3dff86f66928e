/**
 * OVH-specific control endpoints under /__emulator/ovh: task outcomes (a task that ends in error, pause or
 * denied, and its resumption), out-of-band changes (edits and deletions made outside the API) for tests of
 * partial state, drift and remote deletion, and the switches (invented rules, allowedServices).
 */
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { CONTROL_PREFIX, Emulator, parseControlBody, sendControlError } from "../core";
import type { ConfigKind, OvhStore } from "./store";
import { OVH_INVENTED_RULES, OvhSwitches, applySwitches, switchesSchema } from "./switches";
import { longParam } from "./validation";

const PREFIX = `${CONTROL_PREFIX}/ovh`;

const outcomeSchema = z
  .object({
    status: z.enum(["error", "pause", "denied"]),
    /** Only tasks of this function (addPopConfiguration…); any task when left out. */
    function: z.string().min(1).optional(),
    count: z.number().int().min(1).default(1),
  })
  .strict();

/** The fields an out-of-band edit may change (the API itself has no update). */
const editSchema = z
  .object({
    customerBgpArea: z.number().int().nullable().optional(),
    ovhBgpArea: z.number().int().nullable().optional(),
    subnet: z.string().nullable().optional(),
    nextHop: z.string().nullable().optional(),
    bgpNeighborArea: z.number().int().nullable().optional(),
    bgpNeighborIp: z.string().nullable().optional(),
    status: z.enum(["init", "active", "toDelete"]).optional(),
  })
  .strict();

const KINDS: readonly ConfigKind[] = ["pop", "datacenter", "extra"];

function withoutEffect<T extends { effect: unknown }>({ effect: _effect, ...task }: T) {
  return task;
}

export function registerControlRoutes({ app }: Emulator, store: OvhStore, switches: OvhSwitches): void {
  /** The switches, with what each invented rule answers. */
  const switchesView = () => ({ ...structuredClone(switches), inventedRuleAnswers: OVH_INVENTED_RULES });
  app.get(`${PREFIX}/switches`, async () => switchesView());
  app.patch(`${PREFIX}/switches`, async (request, reply) => {
    const body = parseControlBody(switchesSchema, request.body, reply);
    if (!body) return reply;
    applySwitches(switches, body);
    return switchesView();
  });

  app.get(`${PREFIX}/state`, async () => ({
    services: [...store.services.values()].map((s) => ({ uuid: s.seed.uuid, vrack: s.vrack })),
    links: Object.fromEntries([...store.links].map(([vrack, set]) => [vrack, [...set]])),
    pops: [...store.pops.values()],
    datacenters: [...store.datacenters.values()],
    extras: [...store.extras.values()],
    occTasks: [...store.occTasks.values()].map((t) => ({
      ...withoutEffect(t),
      status: store.occTaskStatus(t),
    })),
    // Finished vRack tasks are gone from the API; the state still shows them, as "gone".
    vrackTasks: [...store.vrackTasks.values()].map((t) => ({
      ...withoutEffect(t),
      status: t.applied ? "gone" : store.vrackTaskStatus(t),
    })),
  }));

  app.post(`${PREFIX}/tasks/outcome`, async (request, reply) => {
    const body = parseControlBody(outcomeSchema, request.body, reply);
    if (!body) return reply;
    store.armOutcome(body.status, body.function, body.count);
    return reply.code(201).send(body);
  });

  app.post<{ Params: { id: string } }>(`${PREFIX}/tasks/:id/resume`, async (request, reply) => {
    const task = store.occTasks.get(longParam(request.params.id) ?? -1);
    if (!task) return sendControlError(reply, 404, `No task ${request.params.id}`);
    if (!store.resume(task)) return sendControlError(reply, 409, `Task ${task.id} is not stopped`);
    return { id: task.id, status: store.occTaskStatus(task) };
  });

  /** The configuration a control path names, or undefined after answering 404. */
  const target = (params: { kind: string; id: string }, reply: FastifyReply) => {
    const kind = KINDS.find((k) => k === params.kind);
    const id = longParam(params.id);
    const object = kind && id !== undefined ? store.objectOf(kind, id) : undefined;
    if (!object) sendControlError(reply, 404, `No ${params.kind} ${params.id}`);
    return object && { kind: kind!, id: id!, object };
  };
  type ConfigParams = { Params: { kind: string; id: string } };

  app.patch<ConfigParams>(`${PREFIX}/configs/:kind/:id`, async (request, reply) => {
    const found = target(request.params, reply);
    const edit = found && parseControlBody(editSchema, request.body, reply);
    if (!found || !edit) return reply;
    return Object.assign(found.object, edit);
  });

  app.delete<ConfigParams>(`${PREFIX}/configs/:kind/:id`, async (request, reply) => {
    const found = target(request.params, reply);
    if (!found) return reply;
    store.removeNow(found.kind, found.id);
    return reply.code(204).send();
  });

  app.delete<{ Params: { vrack: string; occ: string } }>(
    `${PREFIX}/vrack/:vrack/ovhCloudConnect/:occ`,
    async (request, reply) => {
      if (!store.linksOf(request.params.vrack).has(request.params.occ))
        return sendControlError(reply, 404, `${request.params.occ} is not in ${request.params.vrack}`);
      store.unlinkNow(request.params.vrack, request.params.occ);
      return reply.code(204).send();
    },
  );
}
