/**
 * What OVHcloud Connect waits look like, for `waitForStatus`: an OCC task (todo → doing → done; error, pause and
 * denied end the wait at once), a vRack task (init → todo → doing, then it disappears: a 404 means done), and a
 * configuration object (init → active, active → toDelete → gone).
 *
 * Any status that is neither a target nor a failure keeps the wait going; PENDING_TASK_STATUSES names the ones
 * OVH's enums and terraform-provider-ovh's waits know (its vRack wait counts `init` as pending: vrack.Task starts
 * there; the OCC task enum has no `init`, but one would be waited for the same way).
 */
import type { WaitSpec } from "../core/wait";
import type { OvhClient } from "./client";
import type { ConfigStatus, OccTask, VrackTask } from "./types";

export const PENDING_TASK_STATUSES = ["init", "todo", "doing"] as const;

const TASK_EXPLANATIONS: Record<(typeof PENDING_TASK_STATUSES)[number], string> = {
  init: "OVHcloud has registered the task",
  todo: "queued at OVHcloud",
  doing: "OVHcloud is applying it",
};

/** Why a task stopped, in the user's terms (OVH tasks carry no message of their own). */
const TASK_FAILURES: Record<string, string> = {
  error:
    "OVHcloud could not apply it; ask OVHcloud support about the task, or start over with `pulumi up --replace`",
  pause: "OVHcloud has paused it; it resumes when OVHcloud releases it (ask OVHcloud support)",
  denied: "OVHcloud refused it; check the configuration and the account's rights",
  cancelled: "the vRack task was cancelled",
};

const CONFIG_EXPLANATIONS: Record<ConfigStatus, string> = {
  init: "being configured",
  active: "configured",
  toDelete: "being deleted (a parent's deletion deletes its children too)",
};

/**
 * An OCC task reaching `done`. Only its id and function are needed: a resumed wait starts from the stored task id.
 * A task no longer listed (OVHcloud purges old ones) counts as done; the caller then checks the object itself.
 */
export function occTaskWait(
  client: OvhClient,
  serviceName: string,
  task: Pick<OccTask, "id" | "function"> & Partial<OccTask>,
  subject: string,
  timeoutMs: number,
): WaitSpec<OccTask> {
  return {
    subject: `${subject}, task ${task.id} (${task.function})`,
    poll: () => client.findTask(serviceName, task.id),
    // A whole task (the answer of the call that started it) stands for the first poll.
    initial: typeof task.status === "string" ? (task as OccTask) : undefined,
    status: (t) => t.status,
    targets: ["done"],
    failures: ["error", "pause", "denied"],
    reason: (t) => TASK_FAILURES[t.status],
    goneIsSuccess: true,
    explain: (s) => TASK_EXPLANATIONS[s as keyof typeof TASK_EXPLANATIONS],
    timeoutMs,
  };
}

/** vRack tasks are polled where the task says (its serviceName), as terraform's provider does. */
export function vrackTaskWait(
  client: OvhClient,
  vrack: string,
  task: VrackTask,
  subject: string,
  timeoutMs: number,
): WaitSpec<VrackTask> {
  return {
    subject: `${subject}, vRack task ${task.id} (${task.function})`,
    poll: () => client.findVrackTask(task.serviceName ?? vrack, task.id),
    status: (t) => t.status,
    targets: ["done"],
    failures: ["cancelled"],
    reason: (t) => TASK_FAILURES[t.status],
    goneIsSuccess: true,
    explain: (s) => TASK_EXPLANATIONS[s as keyof typeof TASK_EXPLANATIONS],
    timeoutMs,
  };
}

/**
 * A configuration object reaching `active` (targets ["active"]), or disappearing (targets [] with
 * `goneIsSuccess`). A configuration that turns `toDelete` while being created has been deleted by its parent.
 */
export function configWait<W extends { status: ConfigStatus }>(
  subject: string,
  poll: () => Promise<W | undefined>,
  until: "active" | "gone",
  timeoutMs: number,
): WaitSpec<W> {
  return {
    subject,
    poll,
    status: (w) => w.status,
    targets: until === "active" ? ["active"] : [],
    failures: until === "active" ? ["toDelete"] : [],
    goneIsSuccess: until === "gone",
    explain: (s) => CONFIG_EXPLANATIONS[s as ConfigStatus],
    timeoutMs,
  };
}
