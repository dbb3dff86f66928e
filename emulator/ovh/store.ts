/**
 * The emulated account's state: services and their vRack links, the three configuration levels, and the tasks
 * that change them (OVH's API schemas, OVHcloud's API guide, terraform-provider-ovh's task waits).
 *
 * Tasks run on the emulator clock, computed at read time: an OCC task is `todo` for one step, `doing` for one
 * step per object it touches (a cascading delete is slower), then reaches its outcome (`done` unless a control
 * call armed `error`, `pause` or `denied`). `settle()` applies the effect of every task that has finished
 * (objects `init` → `active`, `toDelete` → gone) in the order they finished; every request calls it first, so a
 * clock jump moves everything along at once. A vRack task is `init` for one step first (`vrack.TaskStatusEnum`
 * has it, and terraform-provider-ovh's vRack wait counts it as pending; OVHcloud Connect's task enum has no
 * `init`, so OCC tasks start at `todo`), and disappears once done.
 *
 * Datacenter configs belong to the vRack: every service in it with a PoP config sees them (the second service
 * inherits them), and deleting one service's PoP config deletes them only when no other PoP config in the vRack
 * still uses them.
 *
 * `snapshot()` / `restore()` carry all of it across a restart (the emulator's state file). That is why a task's
 * effect is data (`TaskEffect`) rather than a closure, and why a service keeps only its seed's uuid when saved.
 */
import type { Clock } from "../core";
import { OVH_SERVICE_LIST, SeedService } from "./seed";

export type ConfigStatus = "init" | "active" | "toDelete";
export type TaskOutcome = "done" | "error" | "pause" | "denied";

export interface StoredPop {
  id: number;
  serviceName: string;
  interfaceId: number;
  type: "l2" | "l3";
  customerBgpArea: number | null;
  ovhBgpArea: number | null;
  subnet: string | null;
  status: ConfigStatus;
}

export interface StoredDatacenter {
  id: number;
  /** The vRack the configuration belongs to (it has no popId: every PoP config in the vRack sees it). */
  vrack: string;
  datacenterId: number;
  ovhBgpArea: number | null;
  subnet: string | null;
  status: ConfigStatus;
}

export interface StoredExtra {
  id: number;
  datacenterConfigId: number;
  type: "network" | "bgp";
  bgpNeighborArea: number | null;
  bgpNeighborIp: string | null;
  nextHop: string | null;
  subnet: string | null;
  status: ConfigStatus;
}

export type ConfigKind = "pop" | "datacenter" | "extra";

export interface TaskTiming {
  /** How long an OCC task stays in each step. */
  taskStepMs: number;
  /** How long a vRack task stays in each step. */
  vrackTaskStepMs: number;
}

/**
 * What a task does when it is done, as plain data so that a task saved before a restart still applies it. Objects
 * are named by id, never held: ids are not reused, so a target deleted meanwhile is simply skipped.
 */
export type TaskEffect =
  | { type: "activate"; kind: ConfigKind; id: number }
  | { type: "remove"; targets: { kind: ConfigKind; id: number }[] }
  | { type: "link" | "unlink"; vrack: string; serviceName: string };

interface TaskRecord {
  id: number;
  function: string;
  createdAt: number;
  /** How long the task is `doing`. */
  runMs: number;
  outcome: TaskOutcome;
  /** Set when a stopped task (error, pause, denied) was resumed through the control API. */
  resumedAt?: number;
  applied: boolean;
  effect: TaskEffect;
}

export interface OccTaskRecord extends TaskRecord {
  serviceName: string;
  resourceId: number;
}

export interface VrackTaskRecord extends TaskRecord {
  vrack: string;
  targetDomain: string;
}

interface ArmedOutcome {
  status: Exclude<TaskOutcome, "done">;
  function?: string;
  remaining: number;
}

export interface ServiceState {
  seed: SeedService;
  /** Set when the link task is done (the service's `vrack` field). */
  vrack: string | null;
}

const FIRST_IDS = { pop: 1000, datacenter: 500, extra: 9000, occTask: 100_000, vrackTask: 700_000 };

/** The store as JSON: Maps become arrays (or [key, values] pairs), a service's seed becomes its uuid. */
export interface OvhSnapshot {
  services: { uuid: string; vrack: string | null }[];
  links: [string, string[]][];
  pops: StoredPop[];
  datacenters: StoredDatacenter[];
  extras: StoredExtra[];
  occTasks: OccTaskRecord[];
  vrackTasks: VrackTaskRecord[];
  armed: ArmedOutcome[];
  nextId: typeof FIRST_IDS;
}

/** The snapshot fields that are lists, checked before a restore. */
const SNAPSHOT_LISTS = [
  "services",
  "links",
  "pops",
  "datacenters",
  "extras",
  "occTasks",
  "vrackTasks",
  "armed",
] as const satisfies readonly (keyof OvhSnapshot)[];

export class OvhStore {
  readonly services = new Map<string, ServiceState>();
  /** vRack → linked services (a link shows as soon as it is requested; the service's vrack once it is done). */
  readonly links = new Map<string, Set<string>>();
  readonly pops = new Map<number, StoredPop>();
  readonly datacenters = new Map<number, StoredDatacenter>();
  readonly extras = new Map<number, StoredExtra>();
  readonly occTasks = new Map<number, OccTaskRecord>();
  readonly vrackTasks = new Map<number, VrackTaskRecord>();
  private armed: ArmedOutcome[] = [];
  private nextId = { ...FIRST_IDS };

  constructor(
    private readonly clock: Clock,
    private readonly timing: TaskTiming,
  ) {
    this.reset();
  }

  reset(): void {
    for (const map of [this.services, this.links, this.pops, this.datacenters, this.extras]) map.clear();
    this.occTasks.clear();
    this.vrackTasks.clear();
    this.armed = [];
    this.nextId = { ...FIRST_IDS };
    for (const seed of OVH_SERVICE_LIST) {
      this.services.set(seed.uuid, { seed, vrack: seed.vrack });
      if (seed.vrack) this.linksOf(seed.vrack).add(seed.uuid);
    }
  }

  /** A JSON-ready copy of everything the store holds (cloned, so later changes do not leak into it). */
  snapshot(): OvhSnapshot {
    return structuredClone({
      services: [...this.services.values()].map((s) => ({ uuid: s.seed.uuid, vrack: s.vrack })),
      links: [...this.links].map(([vrack, set]) => [vrack, [...set]] as [string, string[]]),
      pops: [...this.pops.values()],
      datacenters: [...this.datacenters.values()],
      extras: [...this.extras.values()],
      occTasks: [...this.occTasks.values()],
      vrackTasks: [...this.vrackTasks.values()],
      armed: this.armed,
      nextId: this.nextId,
    });
  }

  /**
   * Replaces the state with a snapshot (from an earlier process). Services are re-linked to the seed constants
   * by uuid (one the seed no longer has is dropped; one it gained keeps its seed state). Task times are on the
   * emulator clock, whose offset the core keeps in the file too; tasks that finished while the emulator was down
   * apply their effects on the next request, like any other.
   */
  restore(saved: unknown): void {
    const snapshot = structuredClone(saved) as OvhSnapshot;
    // Check the shape before touching anything, so that a bad file (the core then ignores it) leaves the seed.
    if (typeof snapshot?.nextId !== "object" || SNAPSHOT_LISTS.some((key) => !Array.isArray(snapshot[key])))
      throw new Error("not an OVH emulator snapshot");
    this.reset();
    for (const { uuid, vrack } of snapshot.services) {
      const service = this.services.get(uuid);
      if (service) service.vrack = vrack;
    }
    this.links.clear();
    for (const [vrack, uuids] of snapshot.links) this.links.set(vrack, new Set(uuids));
    const fill = <T extends { id: number }>(map: Map<number, T>, items: T[]) => {
      for (const item of items) map.set(item.id, item);
    };
    fill(this.pops, snapshot.pops);
    fill(this.datacenters, snapshot.datacenters);
    fill(this.extras, snapshot.extras);
    fill(this.occTasks, snapshot.occTasks);
    fill(this.vrackTasks, snapshot.vrackTasks);
    this.armed = snapshot.armed;
    this.nextId = { ...FIRST_IDS, ...snapshot.nextId };
  }

  private newId(kind: keyof typeof FIRST_IDS): number {
    return this.nextId[kind]++;
  }

  linksOf(vrack: string): Set<string> {
    let set = this.links.get(vrack);
    if (!set) this.links.set(vrack, (set = new Set()));
    return set;
  }

  // -------------------------------------------------------------------------------------------------------
  // Tasks
  // -------------------------------------------------------------------------------------------------------

  /** When a task's init, todo and doing steps end (a resumed task goes straight back to doing). */
  private stepsOf(task: TaskRecord, stepMs: number, initMs: number) {
    const fresh = task.resumedAt === undefined;
    const initEnd = (task.resumedAt ?? task.createdAt) + (fresh ? initMs : 0);
    const todoEnd = initEnd + (fresh ? stepMs : 0);
    return { initEnd, todoEnd, doingEnd: todoEnd + task.runMs };
  }

  private statusOf(task: TaskRecord, stepMs: number, initMs: number): string {
    const now = this.clock.now();
    const { initEnd, todoEnd, doingEnd } = this.stepsOf(task, stepMs, initMs);
    if (now < initEnd) return "init";
    if (now < todoEnd) return "todo";
    if (now < doingEnd) return "doing";
    return task.resumedAt === undefined ? task.outcome : "done";
  }

  occTaskStatus(task: OccTaskRecord): string {
    return this.statusOf(task, this.timing.taskStepMs, 0);
  }

  vrackTaskStatus(task: VrackTaskRecord): string {
    return this.statusOf(task, this.timing.vrackTaskStepMs, this.timing.vrackTaskStepMs);
  }

  /** Applies the effects of every finished task, in the order they finished. */
  settle(): void {
    const finished: { at: number; task: TaskRecord }[] = [];
    const collect = (task: TaskRecord, status: string, stepMs: number, initMs: number) => {
      if (task.applied || status !== "done") return;
      finished.push({ at: this.stepsOf(task, stepMs, initMs).doingEnd, task });
    };
    for (const task of this.occTasks.values())
      collect(task, this.occTaskStatus(task), this.timing.taskStepMs, 0);
    const vrackStep = this.timing.vrackTaskStepMs;
    for (const task of this.vrackTasks.values())
      collect(task, this.vrackTaskStatus(task), vrackStep, vrackStep);
    finished.sort((a, b) => a.at - b.at || a.task.id - b.task.id);
    for (const { task } of finished) {
      task.applied = true;
      this.apply(task.effect);
    }
  }

  private apply(effect: TaskEffect): void {
    switch (effect.type) {
      case "activate": {
        const object = this.objectOf(effect.kind, effect.id);
        if (object?.status === "init") object.status = "active";
        return;
      }
      case "remove":
        for (const { kind, id } of effect.targets) this.mapOf(kind).delete(id);
        return;
      case "link": {
        const service = this.services.get(effect.serviceName);
        if (service) service.vrack = effect.vrack;
        return;
      }
      case "unlink":
        return this.unlinkNow(effect.vrack, effect.serviceName);
    }
  }

  /** The outcome the next task of this function reaches: an armed failure, or done. */
  private takeOutcome(fn: string): TaskOutcome {
    const armed = this.armed.find((a) => !a.function || a.function === fn);
    if (!armed) return "done";
    armed.remaining -= 1;
    if (armed.remaining === 0) this.armed = this.armed.filter((a) => a !== armed);
    return armed.status;
  }

  armOutcome(status: ArmedOutcome["status"], fn: string | undefined, count: number): void {
    this.armed.push({ status, function: fn, remaining: count });
  }

  /** A stopped task (error, pause, denied) runs again and ends done. */
  resume(task: OccTaskRecord): boolean {
    if (!["error", "pause", "denied"].includes(this.occTaskStatus(task))) return false;
    task.resumedAt = this.clock.now();
    return true;
  }

  /** `objects`: how many objects the task creates or deletes; each adds one step of `doing`. */
  addOccTask(
    serviceName: string,
    fn: string,
    resourceId: number,
    objects: number,
    effect: TaskEffect,
  ): OccTaskRecord {
    const task: OccTaskRecord = {
      id: this.newId("occTask"),
      function: fn,
      serviceName,
      resourceId,
      createdAt: this.clock.now(),
      runMs: this.timing.taskStepMs * objects,
      outcome: this.takeOutcome(fn),
      applied: false,
      effect,
    };
    this.occTasks.set(task.id, task);
    return task;
  }

  addVrackTask(vrack: string, fn: string, targetDomain: string, effect: TaskEffect): VrackTaskRecord {
    const task: VrackTaskRecord = {
      id: this.newId("vrackTask"),
      function: fn,
      vrack,
      targetDomain,
      createdAt: this.clock.now(),
      runMs: this.timing.vrackTaskStepMs,
      outcome: "done",
      applied: false,
      effect,
    };
    this.vrackTasks.set(task.id, task);
    return task;
  }

  /** A vRack task that is still running; finished ones are gone. */
  pendingVrackTask(vrack: string, id: number): VrackTaskRecord | undefined {
    const task = this.vrackTasks.get(id);
    return task && task.vrack === vrack && !task.applied ? task : undefined;
  }

  // -------------------------------------------------------------------------------------------------------
  // What each service sees
  // -------------------------------------------------------------------------------------------------------

  popsOf(serviceName: string): StoredPop[] {
    return [...this.pops.values()].filter((p) => p.serviceName === serviceName);
  }

  popOf(serviceName: string, popId: number): StoredPop | undefined {
    const pop = this.pops.get(popId);
    return pop?.serviceName === serviceName ? pop : undefined;
  }

  /** PoP configs of every service in a vRack. */
  popsInVrack(vrack: string): StoredPop[] {
    return [...this.pops.values()].filter((p) => this.services.get(p.serviceName)?.vrack === vrack);
  }

  /** The datacenter configs visible under a PoP config: the vRack's. */
  datacentersOf(serviceName: string, popId: number): StoredDatacenter[] {
    const vrack = this.popOf(serviceName, popId) && this.services.get(serviceName)?.vrack;
    return vrack ? [...this.datacenters.values()].filter((d) => d.vrack === vrack) : [];
  }

  datacenterOf(serviceName: string, popId: number, id: number): StoredDatacenter | undefined {
    return this.datacentersOf(serviceName, popId).find((d) => d.id === id);
  }

  extrasOf(datacenterConfigId: number): StoredExtra[] {
    return [...this.extras.values()].filter((e) => e.datacenterConfigId === datacenterConfigId);
  }

  // -------------------------------------------------------------------------------------------------------
  // Changes, each through one task
  // -------------------------------------------------------------------------------------------------------

  createPop(fields: Omit<StoredPop, "id" | "status">): OccTaskRecord {
    const pop: StoredPop = { ...fields, id: this.newId("pop"), status: "init" };
    this.pops.set(pop.id, pop);
    return this.addOccTask(pop.serviceName, "addPopConfiguration", pop.id, 1, {
      type: "activate",
      kind: "pop",
      id: pop.id,
    });
  }

  createDatacenter(serviceName: string, fields: Omit<StoredDatacenter, "id" | "status">): OccTaskRecord {
    const datacenter: StoredDatacenter = { ...fields, id: this.newId("datacenter"), status: "init" };
    this.datacenters.set(datacenter.id, datacenter);
    return this.addOccTask(serviceName, "addDatacenterConfiguration", datacenter.id, 1, {
      type: "activate",
      kind: "datacenter",
      id: datacenter.id,
    });
  }

  createExtra(serviceName: string, fields: Omit<StoredExtra, "id" | "status">): OccTaskRecord {
    const extra: StoredExtra = { ...fields, id: this.newId("extra"), status: "init" };
    this.extras.set(extra.id, extra);
    return this.addOccTask(serviceName, "addDatacenterExtraConfiguration", extra.id, 1, {
      type: "activate",
      kind: "extra",
      id: extra.id,
    });
  }

  /**
   * What deleting an object takes with it: a datacenter config its extras; a PoP config the vRack's datacenter
   * configs (and their extras) unless another PoP config in the vRack still uses them.
   */
  cascadeOf(kind: ConfigKind, id: number): { kind: ConfigKind; id: number }[] {
    if (kind === "extra") return [{ kind, id }];
    if (kind === "datacenter")
      return [{ kind, id }, ...this.extrasOf(id).map((e) => ({ kind: "extra" as const, id: e.id }))];
    const pop = this.pops.get(id);
    const vrack = pop && this.services.get(pop.serviceName)?.vrack;
    const othersInVrack = vrack
      ? this.popsInVrack(vrack).filter((p) => p.id !== id && p.status !== "toDelete")
      : [];
    const datacenters =
      vrack && othersInVrack.length === 0
        ? [...this.datacenters.values()].filter((d) => d.vrack === vrack)
        : [];
    return [{ kind, id }, ...datacenters.flatMap((d) => this.cascadeOf("datacenter", d.id))];
  }

  /** Deletes an object and what it takes with it, with one task; everything is `toDelete` until it is done. */
  deleteWithTask(serviceName: string, kind: ConfigKind, id: number): OccTaskRecord {
    const doomed = this.cascadeOf(kind, id);
    for (const target of doomed) this.objectOf(target.kind, target.id)!.status = "toDelete";
    const fn = {
      pop: "delPopConfiguration",
      datacenter: "delDatacenterConfiguration",
      extra: "delDatacenterExtraConfiguration",
    }[kind];
    return this.addOccTask(serviceName, fn, id, doomed.length, { type: "remove", targets: doomed });
  }

  /** Deletes at once, as if done outside the API (the portal, OVHcloud support). */
  removeNow(kind: ConfigKind, id: number): void {
    this.apply({ type: "remove", targets: this.cascadeOf(kind, id) });
  }

  private mapOf(kind: ConfigKind): Map<number, { status: ConfigStatus }> {
    return kind === "pop" ? this.pops : kind === "datacenter" ? this.datacenters : this.extras;
  }

  objectOf(kind: ConfigKind, id: number): (StoredPop | StoredDatacenter | StoredExtra) | undefined {
    return this.mapOf(kind).get(id) as StoredPop | StoredDatacenter | StoredExtra | undefined;
  }

  link(vrack: string, serviceName: string): VrackTaskRecord {
    this.linksOf(vrack).add(serviceName);
    return this.addVrackTask(vrack, "addOvhCloudConnectToVrack", serviceName, {
      type: "link",
      vrack,
      serviceName,
    });
  }

  unlink(vrack: string, serviceName: string): VrackTaskRecord {
    return this.addVrackTask(vrack, "removeOvhCloudConnectFromVrack", serviceName, {
      type: "unlink",
      vrack,
      serviceName,
    });
  }

  unlinkNow(vrack: string, serviceName: string): void {
    this.linksOf(vrack).delete(serviceName);
    const service = this.services.get(serviceName);
    if (service?.vrack === vrack) service.vrack = null;
  }
}
