/**
 * The one provider behind the three OVHcloud Connect configurations (PoP, datacenter, datacenter extra). They
 * share their whole life: the API has no update, every create and delete returns an OCC task rather than the
 * object, the new object's id is the task's `resourceId`, objects go init → active and active → toDelete → gone,
 * and deleting a parent deletes its children. Each resource describes what differs in a `ConfigKind`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { checkWithSchema, diffInputs, partialFailure, sameValue, withoutProvider } from "../core/dynamic";
import { createOnce } from "../core/http";
import { Timeouts, timeoutFor, waitForStatus } from "../core/wait";
import { OvhClient, VENDOR } from "./client";
import { OvhError } from "./errors";
import { isSet, parseInputs } from "./schemas";
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

/** Outputs: every input, the API's values for the wire fields, the id, the status and the creating task. */
export type ConfigOutputs = Record<string, unknown> & { status: ConfigStatus; taskId?: number };

export interface ConfigKind<I extends ConfigInputs, W extends ConfigWire> {
  /** How messages name the object: "PoP config". */
  noun: string;
  schema: z.ZodType<I>;
  inputKeys: readonly string[];
  /** Inputs sent to the API under the same names (when set); read back on refresh, compared on adoption. */
  wireFields: readonly (keyof I & keyof W & string)[];
  /** The wire fields that tell the object apart from its siblings (an interface takes one PoP config). */
  keyFields: readonly (keyof I & keyof W & string)[];
  /** The output that carries the API's id: `popId`, `configId`, `extraId`. */
  idOutput: string;
  /** The task function that creates it, to find the task of an object whose create answer was lost. */
  addFunction: string;
  /** The collection the object lives in (`configPaths`). */
  collection(inputs: I): string;
  /** Rules that need the API (the parent, the siblings), checked before the POST; throws an OvhError. */
  preflight(client: OvhClient, inputs: I, siblings: W[]): Promise<void>;
  /** Inputs that exist only on our side (`timeouts`, hints for check): changed in place, nothing is sent. */
  local: readonly string[];
  /** Whether a replacement must delete the old object first (the API allows only one such object). */
  deleteBeforeReplace(olds: Record<string, unknown>, news: Record<string, unknown>): boolean;
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
  task?: OccTask;
}

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

export function configProvider<I extends ConfigInputs, W extends ConfigWire>(
  kind: ConfigKind<I, W>,
): pulumi.dynamic.ResourceProvider {
  const objectPath = (inputs: I | Record<string, unknown>, id: number | string) =>
    `${kind.collection(inputs as I)}/${id}`;
  const read = (client: OvhClient, inputs: I | Record<string, unknown>, id: number | string) =>
    client.find<W>(objectPath(inputs, id));

  /** Outputs from the API's view: API values win for the wire fields (drift shows on refresh). */
  function outputsFrom(inputs: Record<string, unknown>, wire: W, taskId: number | undefined): ConfigOutputs {
    const outputs: Record<string, unknown> = withoutProvider(inputs);
    for (const field of kind.wireFields) outputs[field] = wire[field] ?? undefined;
    return { ...outputs, [kind.idOutput]: wire.id, status: wire.status, taskId };
  }

  /** Finds an object an earlier attempt created (its answer was lost) by the key fields, with its task. */
  async function findCreated(client: OvhClient, inputs: I): Promise<Started | undefined> {
    const siblings = await client.listObjects<W>(kind.collection(inputs));
    const match = siblings.find(
      (w) => w.status !== "toDelete" && kind.keyFields.every((f) => sameValue(w[f], inputs[f])),
    );
    if (!match) return undefined;
    return { id: match.id, task: await creatingTask(client, inputs.serviceName, kind.addFunction, match.id) };
  }

  async function createNew(client: OvhClient, inputs: I): Promise<Started> {
    const collection = kind.collection(inputs);
    await kind.preflight(client, inputs, await client.listObjects<W>(collection));
    return createOnce<Started>({
      send: async () => {
        const task = await client.createConfig(collection, wireBody(inputs, kind.wireFields));
        return { id: task.resourceId, task };
      },
      findExisting: () => findCreated(client, inputs),
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

  return {
    async check(_olds, news) {
      return checkWithSchema(kind.schema, news);
    },

    async diff(_id, olds, news) {
      // An input the API fills in (ovhBgpArea) and the program leaves out keeps the API's value.
      const wanted = { ...news };
      for (const key of kind.computedWhenOmitted ?? []) if (!isSet(wanted[key])) wanted[key] = olds[key];
      return diffInputs(olds, wanted, {
        inputKeys: kind.inputKeys,
        updatable: [],
        local: kind.local,
        ignored: ["adoptId"],
        deleteBeforeReplace: kind.deleteBeforeReplace(olds, news),
      });
    },

    async create(raw) {
      const inputs = parseInputs(kind.schema, raw, kind.noun);
      const client = new OvhClient();
      const started =
        inputs.adoptId !== undefined ? await adopt(client, inputs) : await createNew(client, inputs);
      const taskId = started.task?.id;
      let outputs: ConfigOutputs = {
        ...withoutProvider(raw),
        [kind.idOutput]: started.id,
        status: "init",
        taskId,
      };
      try {
        const wire = await settle(
          client,
          inputs,
          started,
          timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUT_MS),
        );
        return { id: String(started.id), outs: outputsFrom(raw, wire, taskId) };
      } catch (e) {
        // The object exists: record it as partially created rather than forgetting (and orphaning) it.
        const latest = await read(client, inputs, started.id).catch(() => undefined);
        if (latest) outputs = outputsFrom(raw, latest, taskId);
        throw partialFailure(String(started.id), raw, outputs, e, resumeStep(kind, started.id));
      }
    },

    async read(id, props) {
      const stored = props as ConfigOutputs;
      const wire = await read(new OvhClient(), stored, id);
      // Gone, or going: deleted outside Pulumi, or with its parent.
      if (!wire || wire.status === "toDelete") return {};
      const outputs = outputsFrom(stored, wire, stored.taskId);
      const { [kind.idOutput]: _id, status: _status, taskId: _task, ...inputs } = outputs;
      return { id, props: outputs, inputs };
    },

    async update(id, olds, news) {
      const inputs = parseInputs(kind.schema, news, kind.noun);
      const stored = olds as ConfigOutputs;
      const merged: ConfigOutputs = { ...stored, ...withoutProvider(news) };
      // Nothing remote changes in place (only local inputs such as timeouts): unless a create is to be resumed.
      if (stored.status === "active") return { outs: merged };
      const client = new OvhClient();
      try {
        const task =
          stored.taskId === undefined ? undefined : await client.findTask(inputs.serviceName, stored.taskId);
        const timeoutMs = timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUT_MS);
        const wire = await settle(client, inputs, { id: Number(id), task }, timeoutMs);
        return { outs: outputsFrom(news, wire, stored.taskId) };
      } catch (e) {
        throw partialFailure(id, news, merged, e, resumeStep(kind, id));
      }
    },

    async delete(id, props) {
      const stored = props as ConfigOutputs & ConfigInputs;
      const client = new OvhClient();
      const timeoutMs = timeoutFor(stored.timeouts, "delete", DEFAULT_TIMEOUT_MS);
      const deadline = Date.now() + timeoutMs;
      const subject = subjectOf(kind, id);
      const current = await read(client, stored, id);
      // Already gone: deleted with its parent (which deletes its children), or outside Pulumi.
      if (!current) return;
      if (current.status !== "toDelete") {
        const task = await client.deleteConfig(kind.collection(stored as unknown as I), Number(id));
        if (task) await waitForStatus(occTaskWait(client, stored.serviceName, task, subject, timeoutMs));
      }
      const poll = () => read(client, stored, id);
      await waitForStatus(configWait(subject, poll, "gone", Math.max(deadline - Date.now(), 0)));
    },
  };
}
