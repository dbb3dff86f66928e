/**
 * This package through the real Pulumi CLI (test/e2e/harness.ts), against the Equinix emulator with instant
 * lifecycles (Fabric v4, the default API, on a profile that provisions without approval), next to a trivial
 * dynamic provider whose create returns its inputs, in the same run and interleaved (so that load from other
 * processes hits both alike):
 *
 * - `pulumi preview` of N new resources (check only) and of N unchanged ones after `up` (check + diff), also
 *   without ts-node's type-check (PULUMI_NODEJS_TRANSPILE_ONLY), with the vendor API calls counted from the
 *   emulator's request log (the goal is none);
 * - `pulumi up` of N resources;
 * - state bytes per resource (`pulumi stack export`), and the share of the serialized provider (`__provider`);
 * - `--parallel`: 16 resources whose create sleeps a fixed time, like an approval wait holding an engine slot.
 *
 * Every CLI run is bounded (CLI_TIMEOUT_MS); the whole file takes a few minutes on 2 cores.
 */
import { bench, describe } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  FABRIC_V4_PROFILES,
  startEquinixEmulator,
} from "../emulator/equinix";
import { PulumiProject, StackState } from "../test/e2e/harness";
import { REPO, writeResults } from "./results";

const CLI_TIMEOUT_MS = 240_000;
/** The CLI scenarios stop repeating (each still runs at least once) once this much time has gone. */
const BUDGET_MS = 10 * 60_000;
const ONCE = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };
/** Rounds per size: each round previews an empty stack, ups, previews unchanged (twice, then once transpile-only), and destroys. */
const ROUNDS = 3;
const SIZES = (process.env.BENCH_CLI_SIZES ?? "50,200").split(",").map(Number);
const SLEEP_RESOURCES = 16;
const SLEEP_MS = 5_000;
const PARALLEL_RUNS = 2;
const PARALLEL = ["8", "32"] as const;
const benchStarted = performance.now();
const overBudget = () => performance.now() - benchStarted > BUDGET_MS;

const TYPE = "pulumi-nodejs:dynamic/equinix:L2Connection";
const TRIVIAL_TYPE = "pulumi-nodejs:dynamic:Resource";

/** The same inputs for both programs, so that state sizes compare. */
const INPUTS = `(i: number): any => ({
  name: "bench-" + i,
  profileUuid: "${FABRIC_V4_PROFILES.bandwidthApproval.uuid}",
  sellerMetroCode: "SV",
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: "${EQUINIX_SEED_PORTS.qinqPrimary.uuid}",
  vlanSTag: 100 + i,
  vlanCTag: 101,
  portEncapsulation: "QinQ",
  profileEncapsulation: "Dot1Q",
})`;

const INTERCONNECT_PROGRAM = `
import { equinix } from "pulumi-interconnect";
const inputs = ${INPUTS};
const n = Number(process.env.BENCH_N);
for (let i = 0; i < n; i++) new equinix.L2Connection("link-" + i, inputs(i));
`;

const TRIVIAL_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: String(inputs.name), outs: inputs };
  },
};
class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, props);
  }
}
const inputs = ${INPUTS};
const n = Number(process.env.BENCH_N);
for (let i = 0; i < n; i++) new Trivial("link-" + i, inputs(i));
`;

/** A dynamic resource whose create waits a fixed time, as an approval wait does. */
const SLEEPER_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    await new Promise((resolve) => setTimeout(resolve, Number(inputs.sleepMs)));
    return { id: String(inputs.name), outs: inputs };
  },
};
class Approval extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, props);
  }
}
for (let i = 0; i < ${SLEEP_RESOURCES}; i++) new Approval("approval-" + i, { name: "approval-" + i, sleepMs: ${SLEEP_MS} });
`;

export interface TimedRun {
  seconds: number;
  code: number;
}

export interface ScaleResult {
  n: number;
  rounds: number;
  previewNew: { ours: number[]; trivial: number[] };
  up: { ours: number[]; trivial: number[] };
  previewUnchanged: { ours: number[]; trivial: number[] };
  /** The same with PULUMI_NODEJS_TRANSPILE_ONLY=true: without ts-node type-checking the program. */
  previewUnchangedTranspileOnly: { ours: number[]; trivial: number[] };
  /** Vendor API requests the emulator saw during this package's previews (all of them, OAuth included). */
  previewApiCalls: number;
  /** Requests during one `up` of this package. */
  upApiCalls: number;
  stateBytes: { ours: number; oursProvider: number; trivial: number; trivialProvider: number };
}

export interface ParallelResult {
  resources: number;
  sleepMs: number;
  runs: { parallel: string; seconds: number[] }[];
}

export interface CliResults {
  pulumiVersion: string;
  scale: ScaleResult[];
  parallel?: ParallelResult;
  errors: string[];
}

const results: CliResults = { pulumiVersion: "", scale: [], errors: [] };

async function timed(project: PulumiProject, args: string[]): Promise<number> {
  const started = performance.now();
  const result = await project.run(args, CLI_TIMEOUT_MS);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0)
    throw new Error(
      `pulumi ${args.join(" ")} failed (${result.code}) in ${project.dir}:\n${result.output.slice(-3000)}`,
    );
  return seconds;
}

/** Compact JSON bytes of each resource of `type`, and of its `__provider` values (inputs and outputs). */
function stateBytes(state: StackState, type: string): { total: number; provider: number } {
  const resources = (state.deployment.resources ?? []).filter((r) => r.type === type);
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v ?? null));
  const total = resources.reduce((sum, r) => sum + bytes(r), 0);
  const provider = resources.reduce(
    (sum, r) =>
      sum +
      (r.inputs?.__provider ? bytes(r.inputs.__provider) : 0) +
      (r.outputs?.__provider ? bytes(r.outputs.__provider) : 0),
    0,
  );
  return { total: total / resources.length, provider: provider / resources.length };
}

const UP = ["up", "--yes", "--skip-preview"];

/**
 * The environment a project runs the CLI with. The harness fixes it when the project is created; the bench
 * changes one variable between runs (PULUMI_NODEJS_TRANSPILE_ONLY) rather than deploying a second stack.
 */
function environment(project: PulumiProject): NodeJS.ProcessEnv {
  return (project as unknown as { env: NodeJS.ProcessEnv }).env;
}

async function scale(n: number): Promise<void> {
  const emulator = await startEquinixEmulator({ port: 0, fabricV4: { instant: true } });
  const log = emulator.emulator.requests;
  const env = {
    BENCH_N: String(n),
    EQUINIX_API_ENDPOINT: emulator.url,
    EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
    EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    INTERCONNECT_POLL_MS: "1",
  };
  const ours = await PulumiProject.create(`bench-ours-${n}`, { source: INTERCONNECT_PROGRAM }, env);
  const trivial = await PulumiProject.create(`bench-trivial-${n}`, { source: TRIVIAL_PROGRAM }, env);
  const r: ScaleResult = {
    n,
    rounds: 0,
    previewNew: { ours: [], trivial: [] },
    up: { ours: [], trivial: [] },
    previewUnchanged: { ours: [], trivial: [] },
    previewUnchangedTranspileOnly: { ours: [], trivial: [] },
    previewApiCalls: 0,
    upApiCalls: 0,
    stateBytes: { ours: 0, oursProvider: 0, trivial: 0, trivialProvider: 0 },
  };
  /** Runs the command for both programs, in alternating order; counts this package's vendor calls. */
  let turn = 0;
  const both = async (
    args: string[],
    into: { ours: number[]; trivial: number[] },
    calls?: (n: number) => void,
  ) => {
    const order = turn++ % 2 === 0 ? [ours, trivial] : [trivial, ours];
    for (const p of order) {
      if (p === ours) log.clear();
      const seconds = await timed(p, args);
      if (p === ours) calls?.(log.list().length);
      (p === ours ? into.ours : into.trivial).push(seconds);
    }
  };
  try {
    for (let round = 0; round < ROUNDS && (round === 0 || !overBudget()); round++) {
      await both(["preview"], r.previewNew, (c) => (r.previewApiCalls += c));
      await both(UP, r.up, (c) => (r.upApiCalls = c));
      for (let i = 0; i < 2; i++)
        await both(["preview"], r.previewUnchanged, (c) => (r.previewApiCalls += c));
      for (const p of [ours, trivial]) environment(p).PULUMI_NODEJS_TRANSPILE_ONLY = "true";
      await both(["preview"], r.previewUnchangedTranspileOnly, (c) => (r.previewApiCalls += c));
      for (const p of [ours, trivial]) delete environment(p).PULUMI_NODEJS_TRANSPILE_ONLY;
      r.rounds++;
      if (round === ROUNDS - 1 || overBudget()) break;
      await timed(ours, ["destroy", "--yes", "--skip-preview"]);
      await timed(trivial, ["destroy", "--yes", "--skip-preview"]);
      emulator.emulator.reset();
    }
    const oursState = stateBytes(await ours.exportState(), TYPE);
    const trivialState = stateBytes(await trivial.exportState(), TRIVIAL_TYPE);
    r.stateBytes = {
      ours: oursState.total,
      oursProvider: oursState.provider,
      trivial: trivialState.total,
      trivialProvider: trivialState.provider,
    };
    results.scale.push(r);
  } finally {
    await emulator.close();
    ours.remove();
    trivial.remove();
  }
}

async function parallelism(): Promise<void> {
  const out: ParallelResult = { resources: SLEEP_RESOURCES, sleepMs: SLEEP_MS, runs: [] };
  const configs = [...PARALLEL, "default"];
  const projects = await Promise.all(
    configs.map((c) => PulumiProject.create(`bench-parallel-${c}`, { source: SLEEPER_PROGRAM }, {})),
  );
  try {
    for (const c of configs) out.runs.push({ parallel: c, seconds: [] });
    for (let run = 0; run < PARALLEL_RUNS && (run === 0 || !overBudget()); run++) {
      for (const [i, c] of configs.entries()) {
        const flag = c === "default" ? [] : ["--parallel", c];
        out.runs[i].seconds.push(await timed(projects[i], [...UP, ...flag]));
        await timed(projects[i], ["destroy", "--yes", "--skip-preview"]);
      }
    }
    results.parallel = out;
  } finally {
    for (const p of projects) p.remove();
  }
}

/** The CLI's version, or undefined when there is none to use (the bench never starts a build of it). */
function cliAvailable(): string | undefined {
  const built = path.join(REPO, ".cache/pulumi/v3.248.0/bin/pulumi");
  const env = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" };
  for (const bin of ["pulumi", built]) {
    if (bin === built && !existsSync(built)) continue;
    try {
      return execFileSync(bin, ["version"], { encoding: "utf8", env, timeout: 30_000 }).trim();
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

describe("through the Pulumi CLI", () => {
  const version = cliAvailable();
  if (!version) {
    results.errors.push(
      "no Pulumi CLI on PATH or in .cache/pulumi (scripts/pulumi-cli.sh builds one): CLI benches skipped",
    );
    writeResults("cli", results);
    bench.skip("pulumi CLI (not built)", () => undefined);
    return;
  }
  results.pulumiVersion = version;
  const guarded = (label: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (e) {
      results.errors.push(`${label}: ${(e as Error).message.split("\n").slice(0, 40).join("\n")}`);
    }
    writeResults("cli", results);
  };
  const scaleBench = (n: number) =>
    bench(
      `${ROUNDS} rounds of preview, up, preview ×3, destroy: ${n} resources, this package and a trivial provider`,
      guarded(`${n} resources`, () => scale(n)),
      ONCE,
    );
  // The short scenarios first, so that the time budget cuts the repetitions of the longest one.
  for (const n of SIZES.slice(0, 1)) scaleBench(n);
  bench(
    `up of ${SLEEP_RESOURCES} resources waiting ${SLEEP_MS / 1000} s, --parallel ${PARALLEL.join(" / ")} / default, ×${PARALLEL_RUNS}`,
    guarded("parallel", parallelism),
    ONCE,
  );
  for (const n of SIZES.slice(1)) scaleBench(n);
});
