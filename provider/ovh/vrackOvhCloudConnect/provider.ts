/**
 * `ovh.VrackOvhCloudConnect` (seed 000 step 1): links an OVHcloud Connect service to a vRack, the mandatory first
 * step. Linking and unlinking return a vRack task, which disappears once done (a 404 means done). The lifecycle
 * around it (parsing, partial state, deadlines) is the core's (provider/core/lifecycle.ts).
 *
 * The module path and the `vrackOvhCloudConnectProvider` export are also where stacks deployed with 0.1.0 find the
 * provider (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../../core/errors";
import { createOnce } from "../../core/http";
import { Lifecycle, resourceProvider } from "../../core/lifecycle";
import { WaitError, waitForStatus } from "../../core/wait";
import { OvhClient, VENDOR } from "../client";
import { OvhError } from "../errors";
import { vrackTaskWait } from "../tasks";
import type { VrackTask } from "../types";
import { createRequest, linkId } from "./model";
import { VrackOvhCloudConnectInputs, vrackOvhCloudConnect } from "./schema";

const NOUN = "vRack link";
/** terraform-provider-ovh gives vRack tasks an hour. */
const DEFAULT_TIMEOUT_MS = 60 * 60_000;

type Link = Pick<VrackOvhCloudConnectInputs, "serviceName" | "ovhCloudConnect">;

function subject(inputs: Link): string {
  return `${VENDOR} vRack ${inputs.serviceName} link to OVHcloud Connect ${inputs.ovhCloudConnect}`;
}

/** The link's unfinished task among the vRack's tasks (finished ones are gone). */
async function pendingTask(client: OvhClient, inputs: Link) {
  const tasks = await client.vrackTasks(inputs.serviceName);
  return tasks.find((t) => t.targetDomain === inputs.ovhCloudConnect && t.status !== "done");
}

/** What an earlier attempt whose answer was lost left: its task, or the link itself; undefined if nothing. */
async function findLinking(client: OvhClient, inputs: Link) {
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
  inputs: Link,
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

function resumeStep(id: string): string {
  return (
    `The ${NOUN} ${id} is recorded in the stack as partially created; run \`pulumi up\` again to resume ` +
    "waiting for it (the service is not linked twice)"
  );
}

export const vrackOvhCloudConnectLifecycle: Lifecycle<typeof vrackOvhCloudConnect, OvhClient> = {
  definition: vrackOvhCloudConnect,
  timeouts: { create: DEFAULT_TIMEOUT_MS, update: DEFAULT_TIMEOUT_MS, delete: DEFAULT_TIMEOUT_MS },
  diff: {
    updatable: [],
    local: ["timeouts"],
    // A service is in one vRack at a time: unlink it before linking it elsewhere.
    deleteBeforeReplace: () => true,
  },

  connect: () => new OvhClient(),

  async create(client, inputs, echo) {
    await preflight(client, inputs);
    const started = await createOnce({
      send: async () => ({ task: await client.link(inputs.serviceName, createRequest(inputs)) }),
      findExisting: () => findLinking(client, inputs),
      what: `the link of OVHcloud Connect service ${inputs.ovhCloudConnect} to vRack ${inputs.serviceName}`,
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
    return { id: linkId(inputs), state: { ...echo, status: "linking", taskId: started.task?.id } };
  },

  async adopt(client, inputs, echo) {
    if (!(await findLinking(client, inputs)))
      throw new OvhError(
        `adoptId: service ${inputs.ovhCloudConnect} is not linked to vRack ${inputs.serviceName}`,
      );
    const task = await pendingTask(client, inputs);
    return { id: linkId(inputs), state: { ...echo, status: "linking", taskId: task?.id } };
  },

  async converge(client, { inputs, echo, state, deadlines }) {
    if (state.status === "linked") return { ...state, ...echo, status: "linked" };
    // Creating, or resuming a link that did not finish (partial state).
    const task =
      state.taskId === undefined ? undefined : await client.findVrackTask(inputs.serviceName, state.taskId);
    await waitLinked(client, inputs, task, deadlines.create);
    return { ...echo, status: "linked", taskId: state.taskId };
  },

  async observe(client, _id, state) {
    const linked = await client.findLink(state.serviceName, state.ovhCloudConnect);
    const linking = !linked && state.status === "linking" && (await pendingTask(client, state));
    if (!linked && !linking) return undefined;
    return { ...state, status: linked ? "linked" : "linking" };
  },

  async remove(client, _id, state, deadlines) {
    const deadline = Date.now() + deadlines.delete;
    const wait = (task: VrackTask) =>
      waitForStatus(
        vrackTaskWait(client, state.serviceName, task, subject(state), Math.max(deadline - Date.now(), 0)),
      );
    // A link still being made (a create that did not finish) must be made before it can be unmade: unlinking now
    // finds no link (404, which means done) and the pending task would then link the service, orphaned.
    const pending = await pendingTask(client, state);
    if (pending) await wait(pending);
    // Not linked any more (404): nothing to do.
    const task = await client.unlink(state.serviceName, state.ovhCloudConnect);
    if (task) await wait(task);
  },

  nextStep: (state) => resumeStep(linkId(state)),
};

export const vrackOvhCloudConnectProvider: pulumi.dynamic.ResourceProvider = resourceProvider(
  vrackOvhCloudConnectLifecycle,
);
