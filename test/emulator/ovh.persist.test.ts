/**
 * The OVH emulator's state file: what one emulator built through the signed API (a linked service, configs, ids,
 * an armed outcome, a task still running) is there in a second emulator started on the same file, and a file
 * another vendor or format wrote is ignored (the emulator starts from its seed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_DATACENTERS,
  OVH_SEED_SERVICES,
  OVH_SEED_VRACK,
  RunningOvhEmulator,
  startOvhEmulator,
} from "../../emulator/ovh";
import { OvhStore } from "../../emulator/ovh/store";
import { createClock } from "../../emulator/core";
import { signRequest } from "../../provider/ovh/client";

type Json = any;

// Long steps: only the clock endpoint moves tasks along, however slow the machine.
const STEP = 60_000;
const PRIMARY = OVH_SEED_SERVICES.primary.uuid;
const SECONDARY = OVH_SEED_SERVICES.secondary.uuid;
const POPS = `/ovhCloudConnect/${PRIMARY}/config/pop`;
const SECONDARY_POPS = `/ovhCloudConnect/${SECONDARY}/config/pop`;
const L3_POP = {
  interfaceId: 1234,
  type: "l3",
  customerBgpArea: 65005,
  ovhBgpArea: 65006,
  subnet: "10.10.12.0/30",
};
const L3_DC = { datacenterId: OVH_SEED_DATACENTERS.gra.id, ovhBgpArea: 65008, subnet: "10.0.0.0/28" };

const dir = mkdtempSync(join(tmpdir(), "ovh-persist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const started: RunningOvhEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
  vi.restoreAllMocks();
});

async function start(stateFile: string): Promise<RunningOvhEmulator> {
  const running = await startOvhEmulator({ taskStepMs: STEP, vrackTaskStepMs: STEP, stateFile });
  started.push(running);
  return running;
}

async function close(running: RunningOvhEmulator): Promise<void> {
  started.splice(started.indexOf(running), 1);
  await running.close();
}

/** A signed API call (`path` below /1.0), timestamped on the emulator's clock. */
async function call(running: RunningOvhEmulator, method: string, path: string, body?: unknown) {
  const url = `${running.endpoint}${path}`;
  const text = body === undefined ? "" : JSON.stringify(body);
  const { applicationKey, applicationSecret, consumerKey } = OVH_DEMO_CREDENTIALS;
  const timestamp = Math.floor(running.emulator.clock.now() / 1000);
  const response = await fetch(url, {
    method,
    headers: {
      "X-Ovh-Application": applicationKey,
      "X-Ovh-Consumer": consumerKey,
      "X-Ovh-Timestamp": String(timestamp),
      "X-Ovh-Signature": signRequest({ applicationSecret, consumerKey, method, url, body: text, timestamp }),
      ...(text ? { "Content-Type": "application/json" } : {}),
    },
    body: text || undefined,
  });
  const answer = await response.text();
  return { status: response.status, body: answer ? (JSON.parse(answer) as Json) : undefined };
}

/** A control call (/__emulator…), over HTTP like any out-of-process test would make it. */
async function control(running: RunningOvhEmulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${running.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text ? (JSON.parse(text) as Json) : undefined;
}

const advance = (running: RunningOvhEmulator, ms: number) =>
  control(running, "POST", "/clock/advance", { ms });

/** POSTs a configuration and lets its task finish; returns the task. */
async function created(running: RunningOvhEmulator, path: string, body: unknown) {
  const task = await call(running, "POST", path, body);
  expect(task.status).toBe(200);
  await advance(running, 2 * STEP);
  return task.body;
}

describe("OVH emulator state file", () => {
  it("keeps configs, links, ids, armed outcomes and running tasks across a restart", async () => {
    const file = join(dir, "restart", "ovh.json");
    const first = await start(file);
    const link = await call(first, "POST", `/vrack/${OVH_SEED_VRACK}/ovhCloudConnect`, {
      ovhCloudConnect: PRIMARY,
    });
    expect(link.status).toBe(200);
    await advance(first, 3 * STEP);
    const pop = await created(first, POPS, L3_POP);
    const dc = await created(first, `${POPS}/${pop.resourceId}/datacenter`, L3_DC);
    const extras = `${POPS}/${pop.resourceId}/datacenter/${dc.resourceId}/extra`;
    // Still todo when the emulator closes: its effect (init → active) must happen in the next one.
    const running = await call(first, "POST", extras, {
      type: "bgp",
      bgpNeighborArea: 65010,
      bgpNeighborIp: "10.0.0.10",
    });
    expect(running.body.status).toBe("todo");
    await control(first, "POST", "/ovh/tasks/outcome", { status: "error", function: "delPopConfiguration" });
    const before = await control(first, "GET", "/ovh/state");
    const closedAt = first.emulator.clock.now();
    await close(first);

    const second = await start(file);
    // The clock does not go back (the core keeps its offset): tasks keep their timing.
    expect(second.emulator.clock.now()).toBeGreaterThanOrEqual(closedAt);
    expect(await control(second, "GET", "/ovh/state")).toEqual(before);
    expect((await call(second, "GET", `/ovhCloudConnect/${PRIMARY}`)).body.vrack).toBe(OVH_SEED_VRACK);
    expect((await call(second, "GET", `/vrack/${OVH_SEED_VRACK}/ovhCloudConnect`)).body).toEqual([
      SECONDARY,
      PRIMARY,
    ]);
    expect((await call(second, "GET", `${POPS}/${pop.resourceId}`)).body).toMatchObject({ status: "active" });
    expect(
      (await call(second, "GET", `${POPS}/${pop.resourceId}/datacenter/${dc.resourceId}`)).body,
    ).toMatchObject({
      status: "active",
      subnet: L3_DC.subnet,
    });
    const task = `/ovhCloudConnect/${PRIMARY}/task/${running.body.id}`;
    expect((await call(second, "GET", task)).body.status).toBe("todo");
    await advance(second, 2 * STEP);
    expect((await call(second, "GET", task)).body.status).toBe("done");
    expect((await call(second, "GET", `${extras}/${running.body.resourceId}`)).body).toMatchObject({
      status: "active",
      bgpNeighborIp: "10.0.0.10",
    });

    // New objects and tasks take the next ids, not reused ones; the armed outcome is still armed.
    const secondPop = await call(second, "POST", SECONDARY_POPS, { ...L3_POP, interfaceId: 2234 });
    expect(secondPop.body.resourceId).toBe(pop.resourceId + 1);
    expect(secondPop.body.id).toBe(running.body.id + 1);
    const deletion = await call(second, "DELETE", `${SECONDARY_POPS}/${secondPop.body.resourceId}`);
    await advance(second, 3 * STEP);
    expect(
      (await call(second, "GET", `/ovhCloudConnect/${SECONDARY}/task/${deletion.body.id}`)).body.status,
    ).toBe("error");
  });

  it("ignores a state file from another vendor or format, and starts from the seed", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const file = join(dir, "ignored.json");
    const first = await start(file);
    await call(first, "POST", `/vrack/${OVH_SEED_VRACK}/ovhCloudConnect`, { ovhCloudConnect: PRIMARY });
    await close(first);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({ vendor: "ovh" });

    for (const other of [
      { ...saved, vendor: "equinix" },
      { ...saved, format: saved.format + 1 },
      { ...saved, state: { something: "else" } },
      "not json",
    ]) {
      writeFileSync(file, typeof other === "string" ? other : JSON.stringify(other));
      const emulator = await start(file);
      const state = await control(emulator, "GET", "/ovh/state");
      expect(state.links).toEqual({ [OVH_SEED_VRACK]: [SECONDARY] });
      expect(state.vrackTasks).toEqual([]);
      await close(emulator);
    }
    expect(error).toHaveBeenCalledTimes(4);
  });

  it("round-trips the store through JSON (Maps, Sets, seed links)", () => {
    const clock = createClock();
    const store = new OvhStore(clock, { taskStepMs: STEP, vrackTaskStepMs: STEP });
    store.link(OVH_SEED_VRACK, PRIMARY);
    clock.advance(2 * STEP);
    store.settle();
    store.createPop({
      serviceName: PRIMARY,
      interfaceId: 1234,
      type: "l2",
      customerBgpArea: null,
      ovhBgpArea: null,
      subnet: null,
    });
    const snapshot = store.snapshot();
    const copy = new OvhStore(clock, { taskStepMs: STEP, vrackTaskStepMs: STEP });
    copy.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(copy.snapshot()).toEqual(snapshot);
    expect(copy.links.get(OVH_SEED_VRACK)).toEqual(new Set([SECONDARY, PRIMARY]));
    // The same seed constant, not a copy of it.
    expect(copy.services.get(PRIMARY)!.seed).toBe(OVH_SEED_SERVICES.primary);
  });
});
