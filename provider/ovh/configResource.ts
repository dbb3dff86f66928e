/**
 * The one provider behind the three OVHcloud Connect configurations (PoP, datacenter, datacenter extra). They
 * share their whole life: the API has no update, every create and delete returns an OCC task rather than the
 * object, the new object's id is the task's `resourceId`, objects go init → active and active → toDelete → gone,
 * and deleting a parent deletes its children. Each resource describes what differs in a `ConfigKind`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { EchoOf, ObjectSchema, ResourceDefinition, StateOf } from "../core/definition";
import { sameValue } from "../core/dynamic";
import { createOnce } from "../core/http";
import { Lifecycle, resourceProvider } from "../core/lifecycle";
import { Timeouts, waitForStatus } from "../core/wait";
import { OvhClient, VENDOR } from "./client";
import { OvhError } from "./errors";
import { isSet } from "./schemas";
import { configWait, occTaskWait } from "./tasks";
import type { ConfigStatus, OccTask } from "./types";

/** What every configuration's wire model has. */
export interface ConfigWire {
  id: number;
  status: ConfigStatus;
}

/** The inputs every configuration takes besides its own. */
export interface ConfigInputs {
  serviceName: string;
  timeouts?: Timeouts;
  adoptId?: number | string;
}

/** A configuration resource's definition: its inputs are ConfigInputs, its computed outputs id, status, task. */
export type ConfigDefinition = ResourceDefinition<ObjectSchema, ObjectSchema>;

export interface ConfigKind<D extends ConfigDefinition, I extends ConfigInputs, W extends ConfigWire> {
  definition: D;
  /** How the API answers with the object (the schema its reads are parsed with). */
  wire: z.ZodType<W>;
  /** How messages name the object: "PoP config". */
  noun: string;
  /** Inputs sent to the API under the same names (when set); read back on refresh, compared on adoption. */
  wireFields: readonly (keyof I & keyof W & string)[];
  /** The wire fields that tell the object apart from its siblings (an interface takes one PoP config). */
  keyFields: readonly (keyof I & keyof W & string)[];
  /** The output that carries the API's id: `popId`, `configId`, `extraId`. */
  idOutput: keyof StateOf<D> & string;
  /** The task function that creates it, to find the task of an object whose create answer was lost. */
  addFunction: string;
  /** The collection the object lives in (`configPaths`). */
  collection(inputs: I): string;
  /** Rules that need the API (the parent, the siblings), checked before the POST; throws an OvhError. */
  preflight(client: OvhClient, inputs: I, siblings: W[]): Promise<void>;
  /** Inputs that exist only on our side (`timeouts`, hints for check): changed in place, nothing is sent. */
  local: readonly string[];
  /** Whether a replacement must delete the old object first (the API allows only one such object). */
  deleteBeforeReplace(olds: Partial<StateOf<D>>, news: Record<string, unknown>): boolean;
  /** Inputs the API fills in when omitted: leaving one out after creation is not a change. */
  computedWhenOmitted?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;
/** How many of the newest tasks are searched for the one that created an object. */
const TASKS_SEARCHED = 20;

/** The POST body: the wire fields that are set, in the model's order (terraform sends only those too). */
export function wireBody<I extends object>(
  inputs: I,
  fields: readonly (keyof I & string)[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) if (isSet(inputs[field])) body[field] = inputs[field];
  return body;
}

interface Started {
  id: number;
  /** Undefined when there is nothing to wait for (adopted, or the creating task is no longer listed). */
  task?: TaskRef;
}

/**
 * What a wait needs of a task: its id, and its function for the progress lines; the whole task when the create
 * call just answered it (its first poll then starts from that answer).
 */
type TaskRef = Pick<OccTask, "id" | "function"> & Partial<OccTask>;

function subjectOf(kind: { noun: string }, id: number | string): string {
  return `${VENDOR} ${kind.noun} ${id}`;
}

function resumeStep(kind: { noun: string }, id: number | string): string {
  return (
    `The ${kind.noun} ${id} is recorded in the stack as partially created; run \`pulumi up\` again to resume ` +
    `waiting for it (no second ${kind.noun} is created), or replace it with \`pulumi up --replace\``
  );
}

/** The task that created object `id`, searched among the service's newest tasks. */
async function creatingTask(client: OvhClient, serviceName: string, fn: string, id: number) {
  for (const taskId of (await client.taskIds(serviceName)).slice(0, TASKS_SEARCHED)) {
    const task = await client.findTask(serviceName, taskId);
    if (task?.function === fn && task.resourceId === id) return task;
  }
  return undefined;
}

export function configLifecycle<D extends ConfigDefinition, I extends ConfigInputs, W extends ConfigWire>(
  kind: ConfigKind<D, I, W>,
): Lifecycle<D, OvhClient> {
  type State = StateOf<D>;
  // D's schemas declare exactly I and the computed id, status and task (see each resource's schema.ts); the
  // generic cannot see through them, so the two conversions are named here, once.
  const asInputs = (inputs: unknown) => inputs as I;
  const asState = (outputs: Record<string, unknown>) => outputs as State;
  const objectPath = (inputs: { serviceName: string }, id: number | string) =>
    `${kind.collection(inputs as I)}/${id}`;
  const read = (client: OvhClient, inputs: { serviceName: string }, id: number | string) =>
    client.find(objectPath(inputs, id), kind.wire);

  /** Outputs from the API's view: API values win for the wire fields (drift shows on refresh). */
  function outputsFrom(echo: EchoOf<D> | State, wire: W, taskId: number | undefined): State {
    const outputs: Record<string, unknown> = { ...echo };
    for (const field of kind.wireFields) outputs[field] = wire[field] ?? undefined;
    return asState({ ...outputs, [kind.idOutput]: wire.id, status: wire.status, taskId });
  }

  /** The outputs of an object that was just created or adopted, before any wait. */
  function startedState(echo: EchoOf<D>, started: Started): { id: string; state: State } {
    const state = asState({ ...echo, [kind.idOutput]: started.id, status: "init", taskId: started.task?.id });
    return { id: String(started.id), state };
  }

  /** Finds an object an earlier attempt created (its answer was lost) by the key fields, with its task. */
  async function findCreated(client: OvhClient, inputs: I): Promise<Started | undefined> {
    const siblings = await client.listObjects(kind.collection(inputs), kind.wire);
    const match = siblings.find(
      (w) => w.status !== "toDelete" && kind.keyFields.every((f) => sameValue(w[f], inputs[f])),
    );
    if (!match) return undefined;
    return { id: match.id, task: await creatingTask(client, inputs.serviceName, kind.addFunction, match.id) };
  }

  async function createNew(client: OvhClient, inputs: I): Promise<Started> {
    const collection = kind.collection(inputs);
    await kind.preflight(client, inputs, await client.listObjects(collection, kind.wire));
    return createOnce<Started>({
      send: async () => {
        const task = await client.createConfig(collection, wireBody(inputs, kind.wireFields));
        return { id: task.resourceId, task };
      },
      findExisting: () => findCreated(client, inputs),
      what:
        `the ${kind.noun} with ${kind.keyFields.map((f) => `${f} ${JSON.stringify(inputs[f])}`).join(", ")} ` +
        `in ${collection}`,
    });
  }

  /** Takes over an existing object instead of creating one; it must be what the inputs describe. */
  async function adopt(client: OvhClient, inputs: I): Promise<Started> {
    const id = Number(inputs.adoptId);
    const wire = await read(client, inputs, id);
    if (!wire || wire.status === "toDelete")
      throw new OvhError(
        `adoptId: ${kind.noun} ${id} does not exist in ${kind.collection(inputs)}, or is being deleted`,
      );
    const mismatches = kind.wireFields
      .filter((f) => isSet(inputs[f]) && !sameValue(inputs[f], wire[f]))
      .map((f) => `${f} is ${JSON.stringify(wire[f] ?? null)} there`);
    if (mismatches.length > 0)
      throw new OvhError(
        `adoptId: ${kind.noun} ${id} does not match the inputs (${mismatches.join("; ")}); ` +
          "make the inputs describe it before adopting it",
      );
    return { id };
  }

  /** Waits for the task, then for the object to be active; the two waits share one deadline. */
  async function settle(client: OvhClient, inputs: I, started: Started, timeoutMs: number): Promise<W> {
    const deadline = Date.now() + timeoutMs;
    const subject = subjectOf(kind, started.id);
    if (started.task)
      await waitForStatus(occTaskWait(client, inputs.serviceName, started.task, subject, timeoutMs));
    const poll = () => read(client, inputs, started.id);
    // Usually active as soon as its task is done; otherwise wait for it (and say so).
    const wire = await poll();
    if (wire?.status === "active") return wire;
    const { snapshot } = await waitForStatus(configWait(subject, poll, "active", deadline - Date.now()));
    return snapshot!;
  }

  const MINUTES_30 = DEFAULT_TIMEOUT_MS;
  return {
    definition: kind.definition,
    timeouts: { create: MINUTES_30, update: MINUTES_30, delete: MINUTES_30 },
    diff: {
      // The API has no update: every remote change replaces the object.
      updatable: [],
      local: kind.local,
      deleteBeforeReplace: kind.deleteBeforeReplace,
      // An input the API fills in (ovhBgpArea) and the program leaves out keeps the API's value.
      normalize(olds, news) {
        const wanted = { ...news };
        for (const key of kind.computedWhenOmitted ?? []) if (!isSet(wanted[key])) wanted[key] = olds[key];
        return [olds, wanted];
      },
    },

    connect: () => new OvhClient(),

    async create(client, inputs, echo) {
      const started = await createNew(client, asInputs(inputs));
      return { ...startedState(echo, started), answer: started.task };
    },

    async adopt(client, inputs, echo) {
      return startedState(echo, await adopt(client, asInputs(inputs)));
    },

    async converge(client, { id, inputs, echo, state, phase, deadlines, answer }) {
      const stored = state as State & { status?: ConfigStatus; taskId?: number };
      // Nothing remote changes in place (only local inputs such as timeouts): unless a create is to be resumed.
      if (phase === "update" && stored.status === "active") return { ...stored, ...echo };
      // The creating task, if there is one: the task the create call answered (its wait starts from it), or, when
      // a create is resumed, the stored id, which the first poll reads whole (a task purged since counts as done).
      const created = answer as OccTask | undefined;
      const task =
        stored.taskId === undefined
          ? undefined
          : phase === "create" && created?.id === stored.taskId
            ? created
            : { id: stored.taskId, function: kind.addFunction };
      const wire = await settle(client, asInputs(inputs), { id: Number(id), task }, deadlines.create);
      return outputsFrom(echo, wire, stored.taskId);
    },

    async observe(client, id, state) {
      const stored = state as State & ConfigInputs & { taskId?: number };
      const wire = await read(client, stored, id);
      // Gone, or going: deleted outside Pulumi, or with its parent.
      if (!wire || wire.status === "toDelete") return undefined;
      return outputsFrom(state, wire, stored.taskId);
    },

    async remove(client, id, state, deadlines) {
      const stored = state as State & ConfigInputs;
      const deadline = Date.now() + deadlines.delete;
      const subject = subjectOf(kind, id);
      const current = await read(client, stored, id);
      // Already gone: deleted with its parent (which deletes its children), or outside Pulumi.
      if (!current) return;
      if (current.status !== "toDelete") {
        const task = await client.deleteConfig(kind.collection(asInputs(stored)), Number(id));
        if (task)
          await waitForStatus(occTaskWait(client, stored.serviceName, task, subject, deadlines.delete));
      }
      const poll = () => read(client, stored, id);
      await waitForStatus(configWait(subject, poll, "gone", Math.max(deadline - Date.now(), 0)));
    },

    nextStep: (state) => resumeStep(kind, String((state as Record<string, unknown>)[kind.idOutput])),
  };
}

/** The resource provider of a configuration resource. */
export function configProvider<D extends ConfigDefinition, I extends ConfigInputs, W extends ConfigWire>(
  kind: ConfigKind<D, I, W>,
): pulumi.dynamic.ResourceProvider {
  return resourceProvider(configLifecycle(kind));
}
