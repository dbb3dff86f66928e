/**
 * CRUD of `ovh.VrackOvhCloudConnect` (seed 000 step 1): links an OVHcloud Connect service to a vRack, the
 * mandatory first step. Linking and unlinking return a vRack task, which disappears once done (a 404 means done).
 */
import type * as pulumi from "@pulumi/pulumi";
import { checkWithSchema, diffInputs, partialFailure, withoutProvider } from "../../core/dynamic";
import { ApiError } from "../../core/errors";
import { createOnce } from "../../core/http";
import { WaitError, timeoutFor, waitForStatus } from "../../core/wait";
import { OvhClient, VENDOR } from "../client";
import { OvhError } from "../errors";
import { parseInputs } from "../schemas";
import { vrackTaskWait } from "../tasks";
import type { VrackTask } from "../types";
import { VrackOvhCloudConnectOutputs, createRequest, linkId } from "./model";
import { INPUT_KEYS, VrackOvhCloudConnectInputs, vrackOvhCloudConnectInputSchema } from "./schema";

const NOUN = "vRack link";
/** terraform-provider-ovh gives vRack tasks an hour. */
const DEFAULT_TIMEOUT_MS = 60 * 60_000;

function subject(inputs: VrackOvhCloudConnectInputs): string {
  return `${VENDOR} vRack ${inputs.serviceName} link to OVHcloud Connect ${inputs.ovhCloudConnect}`;
}

/** The link's unfinished task among the vRack's tasks (finished ones are gone). */
async function pendingTask(client: OvhClient, inputs: VrackOvhCloudConnectInputs) {
  const tasks = await client.vrackTasks(inputs.serviceName);
  return tasks.find((t) => t.targetDomain === inputs.ovhCloudConnect && t.status !== "done");
}

/** What an earlier attempt whose answer was lost left: its task, or the link itself; undefined if nothing. */
async function findLinking(client: OvhClient, inputs: VrackOvhCloudConnectInputs) {
  const task = await pendingTask(client, inputs);
  if (task) return { task };
  const link = await client.findLink(inputs.serviceName, inputs.ovhCloudConnect);
  return link ? { task: undefined } : undefined;
}

/**
 * The rules that need the API: the service exists and is not linked yet (its `vrack` field). Whether the vRack
 * may take it is left to the POST: GET /vrack/{vrack}/allowedServices lists a service only to a caller holding
 * the optional IAM action ovhCloudConnect:apiovh:vrack/attach on it (OVH's API schema), and terraform-provider-ovh
 * never asks, so an empty list proves nothing.
 */
async function preflight(client: OvhClient, inputs: VrackOvhCloudConnectInputs): Promise<void> {
  const { serviceName: vrack, ovhCloudConnect } = inputs;
  const service = await client.getService(ovhCloudConnect);
  if (service.vrack === vrack)
    throw new OvhError(
      `ovhCloudConnect: service ${ovhCloudConnect} is already linked to vRack ${vrack}; set adoptId: ` +
        `"${linkId(inputs)}" to manage the link here`,
    );
  if (service.vrack)
    throw new OvhError(
      `ovhCloudConnect: service ${ovhCloudConnect} is linked to another vRack, ${service.vrack}; unlink it there first`,
    );
}

/**
 * The refused POST's error, with what GET /vrack/{vrack}/allowedServices says about the service as a hint. Best
 * effort: if that call fails too, the refusal is returned as it was.
 */
async function withAllowedServicesHint(
  client: OvhClient,
  inputs: VrackOvhCloudConnectInputs,
  refusal: ApiError,
): Promise<ApiError> {
  const { serviceName: vrack, ovhCloudConnect } = inputs;
  let allowed: string[];
  try {
    allowed = await client.allowedServices(vrack);
  } catch {
    return refusal;
  }
  const said = allowed.includes(ovhCloudConnect)
    ? `GET /vrack/${vrack}/allowedServices does list service ${ovhCloudConnect}.`
    : `GET /vrack/${vrack}/allowedServices does not list service ${ovhCloudConnect} ` +
      `(${allowed.length === 0 ? "it lists no OVHcloud Connect service" : `it lists ${allowed.join(", ")}`}; ` +
      "it only lists services the credentials hold the IAM action ovhCloudConnect:apiovh:vrack/attach on).";
  return new ApiError({
    vendor: refusal.vendor,
    method: refusal.method,
    path: refusal.path,
    status: refusal.status,
    problems: refusal.problems,
    requestId: refusal.requestId,
    networkCode: refusal.networkCode,
    hint: `${refusal.hint} ${said}`,
    ambiguous: refusal.ambiguous,
  });
}

/** Waits for the task (if any), then checks that the link is there. */
async function waitLinked(
  client: OvhClient,
  inputs: VrackOvhCloudConnectInputs,
  task: VrackTask | undefined,
  timeoutMs: number,
): Promise<void> {
  if (task) await waitForStatus(vrackTaskWait(client, inputs.serviceName, task, subject(inputs), timeoutMs));
  if (!(await client.findLink(inputs.serviceName, inputs.ovhCloudConnect)))
    throw new WaitError(
      `${subject(inputs)}: the vRack task ended but the service is not linked`,
      "gone",
      "done",
    );
}

function outputs(
  raw: Record<string, unknown>,
  status: VrackOvhCloudConnectOutputs["status"],
  taskId: number | undefined,
): VrackOvhCloudConnectOutputs {
  return { ...(withoutProvider(raw) as VrackOvhCloudConnectInputs), status, taskId };
}

function resumeStep(id: string): string {
  return (
    `The ${NOUN} ${id} is recorded in the stack as partially created; run \`pulumi up\` again to resume ` +
    "waiting for it (the service is not linked twice)"
  );
}

export const vrackOvhCloudConnectProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return checkWithSchema(vrackOvhCloudConnectInputSchema, news);
  },

  async diff(_id, olds, news) {
    return diffInputs(olds, news, {
      inputKeys: INPUT_KEYS,
      updatable: [],
      local: ["timeouts"],
      ignored: ["adoptId"],
      // A service is in one vRack at a time: unlink it before linking it elsewhere.
      deleteBeforeReplace: true,
    });
  },

  async create(raw) {
    const inputs = parseInputs(vrackOvhCloudConnectInputSchema, raw, NOUN);
    const client = new OvhClient();
    const id = linkId(inputs);
    let task: VrackTask | undefined;
    if (inputs.adoptId !== undefined) {
      if (!(await findLinking(client, inputs)))
        throw new OvhError(
          `adoptId: service ${inputs.ovhCloudConnect} is not linked to vRack ${inputs.serviceName}`,
        );
      task = await pendingTask(client, inputs);
    } else {
      await preflight(client, inputs);
      const started = await createOnce({
        send: async () => ({ task: await client.link(inputs.serviceName, createRequest(inputs)) }),
        findExisting: () => findLinking(client, inputs),
      }).catch(async (e: unknown) => {
        // A refusal (4xx): the POST decided; say what allowedServices shows, since it is the usual suspect.
        const refused =
          e instanceof ApiError &&
          e.status !== undefined &&
          e.status >= 400 &&
          e.status < 500 &&
          e.status !== 429;
        throw refused ? await withAllowedServicesHint(client, inputs, e) : e;
      });
      task = started.task;
    }
    try {
      await waitLinked(client, inputs, task, timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUT_MS));
      return { id, outs: outputs(raw, "linked", task?.id) };
    } catch (e) {
      throw partialFailure(id, raw, outputs(raw, "linking", task?.id), e, resumeStep(id));
    }
  },

  async read(id, props) {
    const stored = props as VrackOvhCloudConnectOutputs;
    const client = new OvhClient();
    const linked = await client.findLink(stored.serviceName, stored.ovhCloudConnect);
    const linking = !linked && stored.status === "linking" && (await pendingTask(client, stored));
    if (!linked && !linking) return {};
    const refreshed = {
      ...(withoutProvider(stored) as VrackOvhCloudConnectOutputs),
      status: linked ? "linked" : "linking",
    };
    const { status: _status, taskId: _task, ...inputs } = refreshed;
    return { id, props: refreshed, inputs };
  },

  async update(id, olds, news) {
    const inputs = parseInputs(vrackOvhCloudConnectInputSchema, news, NOUN);
    const stored = olds as VrackOvhCloudConnectOutputs;
    if (stored.status === "linked") return { outs: outputs(news, "linked", stored.taskId) };
    // Resumes a link that did not finish (partial state).
    const client = new OvhClient();
    try {
      const task =
        stored.taskId === undefined
          ? undefined
          : await client.findVrackTask(inputs.serviceName, stored.taskId);
      await waitLinked(client, inputs, task, timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUT_MS));
      return { outs: outputs(news, "linked", stored.taskId) };
    } catch (e) {
      throw partialFailure(id, news, outputs(news, "linking", stored.taskId), e, resumeStep(id));
    }
  },

  async delete(_id, props) {
    const stored = props as VrackOvhCloudConnectOutputs;
    const client = new OvhClient();
    // Not linked any more (404): nothing to do.
    const task = await client.unlink(stored.serviceName, stored.ovhCloudConnect);
    if (task) {
      const timeoutMs = timeoutFor(stored.timeouts, "delete", DEFAULT_TIMEOUT_MS);
      await waitForStatus(vrackTaskWait(client, stored.serviceName, task, subject(stored), timeoutMs));
    }
  },
};
