/**
 * The fault matrix: every resource's whole lifecycle (create → read → update → delete) through its resource
 * provider, once per fault kind and call position, each cell against a fresh emulator with the fault armed at that
 * position. Every cell asserts what the issue "no hang, no orphan, no crash, no leak" asks:
 *
 * - the lifecycle succeeds, or fails with a clear error (ApiError, WaitError, ResourceInitError… whose message
 *   names the vendor and the call or the wait);
 * - never a hang: every operation ends within its deadline (the resource's short `timeouts`) plus a margin;
 * - never a duplicate: the emulator never holds more than one object per intended object (counted over the cell,
 *   deleted objects included);
 * - never an orphan: after a failure, a simulated `pulumi destroy` from what the state would hold (the outputs of
 *   the last success, a ResourceInitError's `properties`, or nothing after a create that left nothing) leaves
 *   nothing alive.
 *
 * Cells run concurrently, each with its own emulator (so that its token, clock and company caches are fresh and
 * its objects are its own). The providers read their settings (endpoint, credentials, timeouts) from the
 * environment when an operation starts, synchronously, before their first `await` (`lifecycle.connect()`), so a
 * cell binds its environment around that start only (`bound`): concurrent cells never see each other's settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import { UnexpectedAnswerError } from "../../provider/core/answers";
import { ApiError, ConfigurationError, InputError, ResourceInitError } from "../../provider/core/errors";
import { recordingMs } from "../../provider/core/lifecycle";
import { WaitError } from "../../provider/core/wait";
import { OvhError } from "../../provider/ovh/errors";

// ---------------------------------------------------------------------------------------------------------
// Fault kinds and positions
// ---------------------------------------------------------------------------------------------------------

/** The client timeout every cell sets (EQUINIX_API_TIMEOUT and friends, in seconds). */
export const CLIENT_TIMEOUT_S = 1;
/** How many calls an outage refuses: more than any operation makes before its deadline. */
const OUTAGE_CALLS = 100_000;
/** How long a "slow" answer takes: well past the client timeout (then the server acts all the same). */
export const SLOW_MS = 2_500;

export const FAULT_KINDS = [
  "429",
  "500",
  "502",
  "503",
  "504",
  "drop-before",
  "drop-after",
  "504-after",
  "slow",
  "401",
  "outage",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What each kind simulates, and the emulator fault that does it. */
export const FAULTS: Record<FaultKind, { simulates: string; fault: Record<string, unknown> }> = {
  "429": {
    simulates: "rate limited, Retry-After: 1",
    fault: { kind: "status", status: 429, retryAfter: 1 },
  },
  "500": { simulates: "internal error (may have acted)", fault: { kind: "status", status: 500 } },
  "502": { simulates: "bad gateway", fault: { kind: "status", status: 502 } },
  "503": { simulates: "unavailable (did not act)", fault: { kind: "status", status: 503 } },
  "504": { simulates: "gateway timeout before the server acted", fault: { kind: "status", status: 504 } },
  "drop-before": {
    simulates: "connection reset before the server acts",
    fault: { kind: "drop", when: "before" },
  },
  "drop-after": {
    simulates: "connection reset after the server acted (answer lost)",
    fault: { kind: "drop", when: "after" },
  },
  "504-after": {
    simulates: "gateway 504 after the server acted",
    fault: { kind: "status", status: 504, when: "after" },
  },
  slow: {
    simulates: `answer after ${SLOW_MS} ms, past the ${CLIENT_TIMEOUT_S} s client timeout (the server acts then)`,
    fault: { kind: "delay", ms: SLOW_MS },
  },
  "401": {
    simulates: "the token or credential refused once (expired)",
    fault: { kind: "status", status: 401 },
  },
  outage: {
    simulates: "every such call answered 503 until the resource's deadline",
    fault: { kind: "status", status: 503, count: OUTAGE_CALLS },
  },
};

/** Where in the lifecycle the fault waits: the first call of a kind, or a later one (`skip`). */
export type Position = string;

/** Which request a position is: method and path (a regex over the path without its query), and how many to let by. */
export interface CallMatch {
  method: string;
  path: string;
  skip?: number;
}

/**
 * A position with no call of its own (an update that changes only local inputs): the fault is armed, matching any
 * call, just before that step and must still be armed after it.
 */
export const NO_CALL = "no call" as const;

// ---------------------------------------------------------------------------------------------------------
// What a resource under test provides
// ---------------------------------------------------------------------------------------------------------

export type Props = Record<string, any>;

/** One emulator ready for one cell. */
export interface Bed {
  /** The emulator's base URL (its control endpoints are under /__emulator). */
  url: string;
  /** The settings the provider reads while this cell runs. */
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

/** What a resource's objects look like in its emulator. */
export interface Census {
  /** Objects alive now (not deleted, not being deleted), by the key of the intended object. */
  alive: string[];
  /** How many objects each intended object key ever had during the cell (deleted ones included). */
  ever: Record<string, number>;
}

export interface Subject {
  /** "equinix.L2Connection (Fabric v4)". */
  name: string;
  /** How its messages name the vendor. */
  vendor: "Equinix" | "OVHcloud" | "Console Connect";
  provider: pulumi.dynamic.ResourceProvider;
  /** Positions, in lifecycle order, with the call each one is (or NO_CALL). */
  positions: Record<Position, CallMatch | typeof NO_CALL>;
  /** The lifecycle step a NO_CALL position belongs to. */
  noCallStep?: Step;
  /** A fresh emulator (and whatever parent objects the resource needs), for a cell in `variant`. */
  start(variant: string): Promise<Bed>;
  inputs(bed: Bed): Props;
  /** The inputs of the update step (from the create's, `timeouts` included): an in-place or local-only change. */
  updated(bed: Bed, inputs: Props): Props;
  census(bed: Bed): Promise<Census>;
}

// ---------------------------------------------------------------------------------------------------------
// Running one cell
// ---------------------------------------------------------------------------------------------------------

export const STEPS = ["create", "read", "update", "delete"] as const;
export type Step = (typeof STEPS)[number];

/** Each resource's `timeouts` in every cell: short, so that a stuck wait ends within the cell's deadline. */
export const RESOURCE_TIMEOUTS = { create: "5s", update: "5s", delete: "5s" };
/** How long past its own deadline (and the recording of its partial state) an operation may take: a hang. */
const HANG_MARGIN_MS = 3_000;
/** The deadlines the lifecycle gives each operation with RESOURCE_TIMEOUTS (create and update may wait twice). */
const OPERATION_MS: Record<Step, number> = { create: 10_000, read: 10_000, update: 10_000, delete: 5_000 };
/** The longest an operation may take before the cell calls it a hang. */
const HANG_MS = (step: Step) => OPERATION_MS[step] + recordingMs(OPERATION_MS[step]) + HANG_MARGIN_MS;
/** The whole cell, destroy included: a cell still running then is a hang. */
export const CELL_DEADLINE_MS = 30_000;

export interface Cell {
  subject: Subject;
  kind: FaultKind;
  position: Position;
  /** Settings variant the subject starts with ("" by default; "oauth2" for OVH service accounts). */
  variant: string;
  /** Overrides the fault (a kind that means something else in this variant). */
  fault?: Record<string, unknown>;
  /** More faults armed with it (full emulator fault specs, with their own `match`). */
  also?: Record<string, unknown>[];
}

export interface CellResult {
  cell: Cell;
  /** "ok", or the step that failed. */
  outcome: "ok" | Step;
  /** Whether the failure left partial state (a ResourceInitError). */
  partial: boolean;
  /** Whether the armed fault was used (false: the lifecycle never made that call). */
  fired: boolean;
  /** The failure's message, if any. */
  error?: string;
  /** What the simulated `pulumi destroy` did. */
  destroy: "none" | "ok" | string;
  violations: string[];
  ms: number;
}

const usedPorts = new Set<string>();

/**
 * A fresh emulator whose URL no earlier cell of this process used: a URL seen before could find that cell's token,
 * server clock or company still cached, and a fault on the token call would then never fire.
 */
export async function freshEmulator<T extends { url: string; close(): Promise<void> }>(
  start: () => Promise<T>,
): Promise<T> {
  const spare: T[] = [];
  try {
    for (;;) {
      const running = await start();
      if (!usedPorts.has(running.url)) {
        usedPorts.add(running.url);
        return running;
      }
      spare.push(running);
    }
  } finally {
    await Promise.all(spare.map((s) => s.close()));
  }
}

/** Calls an emulator's control endpoint and returns the parsed answer. */
export async function control(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Starts `operation` with the cell's settings in the environment and restores the environment at once: the
 * provider reads its settings synchronously when an operation starts (see the module comment).
 */
export function bound<T>(env: Record<string, string | undefined>, operation: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return operation();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

class Hang extends Error {}

/** `promise`, or a Hang after `ms`. */
function guarded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Hang(`${what} did not end within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** Error classes whose messages are written for the person running `pulumi up`. */
const CLEAR_ERRORS = [
  ApiError,
  WaitError,
  ResourceInitError,
  InputError,
  ConfigurationError,
  OvhError,
  UnexpectedAnswerError,
];

/** Why an error is not a clear one (empty when it is). */
export function unclear(error: unknown, vendor: string): string[] {
  if (!(error instanceof Error)) return [`threw a non-error: ${String(error)}`];
  const problems: string[] = [];
  if (!CLEAR_ERRORS.some((c) => error instanceof c)) problems.push(`unexpected ${error.name}`);
  const message = error.message;
  if (!message.includes(vendor)) problems.push(`the message does not name ${vendor}`);
  // The call (METHOD /path) or the wait (what was waited for, and how it ended).
  if (!/\b(GET|POST|PUT|PATCH|DELETE) (\/|https?:)|reached|still|disappeared|task|not linked/.test(message))
    problems.push("the message names neither the call nor the wait");
  if (/\[object Object\]|\bundefined\b|\bNaN\b/.test(message)) problems.push("the message shows a raw value");
  if (error.stack !== undefined && /\n\s+at /.test(error.stack))
    problems.push("the error carries a stack trace");
  return problems;
}

/** The engine's view of one resource: what `pulumi destroy` would delete. */
interface Stored {
  id: string;
  outs: Props;
}

export async function runCell(cell: Cell): Promise<CellResult> {
  const { subject } = cell;
  const started = Date.now();
  const violations: string[] = [];
  const bed = await subject.start(cell.variant);
  const result: CellResult = {
    cell,
    outcome: "ok",
    partial: false,
    fired: false,
    destroy: "none",
    violations,
    ms: 0,
  };
  let hung = false;
  try {
    const position = subject.positions[cell.position];
    const spec = cell.fault ?? FAULTS[cell.kind].fault;
    const arm = (match: Record<string, unknown>) =>
      control(bed.url, "POST", "/faults", { ...spec, ...match });
    if (position !== NO_CALL)
      await arm({ match: { method: position.method, path: position.path }, skip: position.skip ?? 0 });
    for (const fault of cell.also ?? []) await control(bed.url, "POST", "/faults", fault);

    const { provider } = subject;
    const inputs = { ...subject.inputs(bed), timeouts: RESOURCE_TIMEOUTS };
    let stored: Stored | undefined;
    let current: Step = "create";
    const run = async <T>(step: Step, operation: () => Promise<T>): Promise<T> => {
      current = step;
      if (position === NO_CALL && subject.noCallStep === step) await arm({});
      try {
        return await guarded(bound(bed.env, operation), HANG_MS(step), step);
      } finally {
        if (position === NO_CALL && subject.noCallStep === step) {
          const armed: { remaining: number; count: number }[] = await control(bed.url, "GET", "/faults");
          if (armed.length === 0 || armed.some((f) => f.remaining < f.count))
            violations.push(`${step} made a call although it changes nothing remotely`);
          await control(bed.url, "DELETE", "/faults");
        }
      }
    };

    try {
      const created = await run("create", () => provider.create(inputs));
      stored = { id: created.id, outs: created.outs };
      const read = await run("read", () => provider.read!(stored!.id, stored!.outs));
      if (read.id === undefined)
        throw new Error(`read reported ${subject.name} gone after a successful create`);
      stored = { id: read.id, outs: read.props ?? stored.outs };
      const news = subject.updated(bed, inputs);
      const diff = await run("update", () => provider.diff!(stored!.id, stored!.outs, news));
      if (!diff.changes || (diff.replaces && diff.replaces.length > 0))
        throw new Error(`the update step must be an in-place change, but diff says ${JSON.stringify(diff)}`);
      const updated = await run("update", () => provider.update!(stored!.id, stored!.outs, news));
      stored = { id: stored.id, outs: updated.outs };
      await run("delete", () => provider.delete!(stored!.id, stored!.outs));
      stored = undefined;
    } catch (error) {
      if (error instanceof Hang) {
        hung = true;
        violations.push(`hang: ${error.message}`);
      }
      result.outcome = current;
      result.error = error instanceof Error ? error.message : String(error);
      if (!hung) violations.push(...unclear(error, subject.vendor).map((p) => `${result.outcome}: ${p}`));
      if (error instanceof ResourceInitError) {
        result.partial = true;
        stored = { id: error.id, outs: error.properties };
      }
    }
    // Anything the step being run recorded: a create that failed without partial state leaves nothing.
    if (result.outcome === "create" && !result.partial) stored = undefined;

    const armed: { id: number; remaining: number; count: number }[] = await control(
      bed.url,
      "GET",
      "/faults",
    );
    // The cell's own fault is the first one armed (id 1 on a fresh emulator).
    result.fired =
      position !== NO_CALL && armed.filter((f) => f.id === 1).every((f) => f.remaining < f.count);
    if (position !== NO_CALL && !result.fired && result.outcome === "ok")
      violations.push(`the fault at ${cell.position} never fired (the position is wrong)`);

    if (!hung) {
      // A slow request the client gave up on is still held by the emulator, which processes it SLOW_MS after it
      // arrived: count the objects once it has landed.
      if (result.fired && (cell.fault ?? FAULTS[cell.kind].fault).kind === "delay")
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS + 300));
      const before = await subject.census(bed);
      for (const [key, count] of Object.entries(before.ever))
        if (count > 1) violations.push(`duplicate: ${count} objects for ${key}`);

      if (stored) {
        await control(bed.url, "DELETE", "/faults");
        const destroyStored = stored;
        try {
          await guarded(
            bound(bed.env, () => provider.delete!(destroyStored.id, destroyStored.outs)),
            HANG_MS("delete"),
            "destroy",
          );
          result.destroy = "ok";
        } catch (error) {
          result.destroy = `failed: ${error instanceof Error ? error.message : String(error)}`;
          violations.push(`destroy ${result.destroy}`);
        }
      }
      const after = await subject.census(bed);
      if (after.alive.length > 0) violations.push(`orphan: ${after.alive.join(", ")} alive after destroy`);
    }
  } finally {
    // FAULT_MATRIX_DEBUG=1: every cell's request log (time, call, status as the server produced it, fault).
    if (process.env.FAULT_MATRIX_DEBUG) {
      const log: any[] = await control(bed.url, "GET", "/requests");
      console.log(
        log.map((r) => `${r.at.slice(17, 23)} ${r.method} ${r.path} ${r.status} ${r.fault ?? ""}`).join("\n"),
      );
    }
    // A hung operation may still be using the emulator: leave it to end on its own.
    if (!hung) await bed.close();
    result.ms = Date.now() - started;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Running many cells
// ---------------------------------------------------------------------------------------------------------

/** Every cell of a subject: each fault kind at each position (in the given variant). */
export function cellsOf(
  subject: Subject,
  kinds: readonly FaultKind[] = FAULT_KINDS,
  positions: readonly Position[] = Object.keys(subject.positions),
  variant = "",
): Cell[] {
  return kinds.flatMap((kind) => positions.map((position) => ({ subject, kind, position, variant })));
}

/** Runs cells `concurrency` at a time. */
export async function runCells(cells: Cell[], concurrency: number): Promise<CellResult[]> {
  const results: CellResult[] = new Array(cells.length);
  let next = 0;
  const worker = async () => {
    while (next < cells.length) {
      const index = next++;
      const cell = cells[index];
      results[index] = await guarded(runCell(cell), CELL_DEADLINE_MS, "the cell").catch(
        (error: unknown): CellResult => ({
          cell,
          outcome: "create",
          partial: false,
          fired: false,
          destroy: "none",
          violations: [`hang: ${error instanceof Error ? error.message : String(error)}`],
          ms: CELL_DEADLINE_MS,
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cells.length) }, worker));
  return results;
}

/**
 * A compact table per subject and variant: a row per fault kind, a column per position. `ok` the lifecycle
 * succeeded; `×c`, `×r`, `×u`, `×d` it failed at create, read, update or delete (`*`: with partial state) and the
 * destroy left nothing; `n/a` a position with no call; `·` the fault never fired; `!!` a violation.
 */
export function table(results: CellResult[]): string {
  const groups = new Map<string, CellResult[]>();
  for (const r of results) {
    const key = `${r.cell.subject.name}${r.cell.variant ? ` [${r.cell.variant}]` : ""}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const lines: string[] = [];
  for (const [name, group] of groups) {
    const positions = [...new Set(group.map((r) => r.cell.position))];
    const kinds = [...new Set(group.map((r) => r.cell.kind))];
    const width = Math.max(...positions.map((p) => p.length), 5);
    lines.push(name);
    lines.push(["fault".padEnd(12), ...positions.map((p) => p.padEnd(width))].join(" "));
    for (const kind of kinds) {
      const row = positions.map((position) => {
        const r = group.find((x) => x.cell.kind === kind && x.cell.position === position);
        return (r ? code(r) : "").padEnd(width);
      });
      lines.push([kind.padEnd(12), ...row].join(" "));
    }
    lines.push("");
  }
  return lines.join("\n");
}

function code(r: CellResult): string {
  if (r.violations.length > 0) return "!!";
  if (r.cell.subject.positions[r.cell.position] === NO_CALL)
    return r.outcome === "ok" ? "n/a" : `×${r.outcome[0]}`;
  if (!r.fired && r.outcome === "ok") return "·";
  if (r.outcome === "ok") return "ok";
  return `×${r.outcome[0]}${r.partial ? "*" : ""}`;
}

/** The violations, one line per cell, for the assertion message. */
export function violations(results: CellResult[]): string[] {
  return results
    .filter((r) => r.violations.length > 0)
    .map(
      (r) =>
        `${r.cell.subject.name}${r.cell.variant ? ` [${r.cell.variant}]` : ""} × ${r.cell.kind} at ${r.cell.position}: ` +
        `${r.violations.join("; ")}${r.error ? ` (error: ${r.error})` : ""}`,
    );
}
