/** The task waits count `init` as pending: vrack.TaskStatusEnum starts there (terraform-provider-ovh waits on it). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { onProgress } from "../../provider/core/progress";
import { waitForStatus } from "../../provider/core/wait";
import type { OvhClient } from "../../provider/ovh/client";
import { PENDING_TASK_STATUSES, occTaskWait, vrackTaskWait } from "../../provider/ovh/tasks";
import type { OccTask, VrackTask } from "../../provider/ovh/types";

let progress: string[] = [];
let stop: () => void;
const savedPoll = process.env.INTERCONNECT_POLL_MS;
beforeEach(() => {
  process.env.INTERCONNECT_POLL_MS = "1";
  progress = [];
  stop = onProgress((line) => progress.push(line));
});
afterEach(() => {
  stop();
  if (savedPoll === undefined) delete process.env.INTERCONNECT_POLL_MS;
  else process.env.INTERCONNECT_POLL_MS = savedPoll;
});

/** A client whose task reads answer the given statuses in turn (then nothing: a vRack task that is gone). */
function clientAnswering(statuses: (string | undefined)[]) {
  const next = async () => {
    const status = statuses.shift();
    return status === undefined ? undefined : { id: 7, function: "f", status };
  };
  return { findTask: next, findVrackTask: next } as unknown as OvhClient;
}

describe("task waits", () => {
  it("name init, todo and doing as the pending statuses", () => {
    expect(PENDING_TASK_STATUSES).toEqual(["init", "todo", "doing"]);
  });

  it("wait through init on a vRack task until it is gone", async () => {
    const client = clientAnswering(["init", "todo", "doing", undefined]);
    const task = { id: 7, function: "addOvhCloudConnectToVrack", status: "init" } as VrackTask;
    const outcome = await waitForStatus(vrackTaskWait(client, "pn-1", task, "link", 5_000));
    expect(outcome.status).toBe("GONE");
    expect(progress[0]).toMatch(/: init \(0s\): OVHcloud has registered the task$/);
    expect(progress.at(-1)).toMatch(/doing → gone/);
  });

  it("wait through init on an OVHcloud Connect task too, until done", async () => {
    const client = clientAnswering(["init", "todo", "done"]);
    const task = { id: 7, function: "addPopConfiguration", status: "init" } as OccTask;
    const outcome = await waitForStatus(occTaskWait(client, "occ", task, "pop", 5_000));
    expect(outcome.status).toBe("done");
    expect(progress.map((l) => l.replace(/ \(\d+s\)/, ""))).toEqual([
      "pop, task 7 (addPopConfiguration): init: OVHcloud has registered the task",
      "pop, task 7 (addPopConfiguration): init → todo: queued at OVHcloud",
      "pop, task 7 (addPopConfiguration): todo → done",
    ]);
  });
});
