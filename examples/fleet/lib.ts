/**
 * The fleet: one stack per site of the shared project in ./site, deployed, previewed or destroyed a few at a
 * time through the Automation API (`@pulumi/pulumi/automation`), with each stack's engine events printed as
 * lines prefixed with its site, and a summary table at the end. `fleet.ts` is the command line around it.
 *
 * Each stack is a local program (a LocalWorkspace on ./site): the Pulumi CLI runs the site's index.ts from that
 * folder, as `pulumi up` would, so the serialized dynamic providers resolve `pulumi-interconnect` from there.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  LocalWorkspaceOptions,
  OpType,
  PulumiCommand,
  Stack,
} from "@pulumi/pulumi/automation";

/** The site project every stack runs. */
export const SITE_DIR = path.join(__dirname, "site");

export type Action = "up" | "preview" | "destroy";
export const VENDORS = ["equinix", "ovh", "consoleConnect"] as const;
export type Vendor = (typeof VENDORS)[number];

export interface FleetOptions {
  action: Action;
  /** How many sites (up and preview; destroy takes every stack of the fleet it finds). */
  sites: number;
  /** The number of the first site: sites are `<prefix>-<first>` … `<prefix>-<first + sites - 1>`. */
  first: number;
  prefix: string;
  /** Stacks run at once. */
  concurrency: number;
  /** The state backend (`file://…`, `s3://…`, `azblob://…`, `gs://…`, `postgres://…`, `https://api.pulumi.com`). */
  backend: string;
  /** The secrets provider of new stacks (`passphrase`, `awskms://…`, `azurekeyvault://…`, `gcpkms://…`, `hashivault://…`). */
  secretsProvider?: string;
  /** Each vendor account's request budget, shared by every stack running at once. */
  accountRate: Partial<Record<Vendor, string>>;
  /** Print the CLI's own output lines (prefixed) instead of the engine events. */
  raw: boolean;
}

export const USAGE = `usage: fleet.ts [up|preview|destroy] [options]

  --sites N             how many sites (default 3)
  --first N             the first site's number (default 1): sites are <prefix>-<first>, …
  --prefix NAME         the sites' name prefix (default "site"); site names are also stack names
  --concurrency N       stacks run at once (default 2)
  --backend URL         state backend (default $PULUMI_BACKEND_URL, else file://./.pulumi-state/fleet)
  --secrets-provider P  secrets provider of new stacks (default: passphrase)
  --account-rate RATE   one vendor account's request budget, RATE[/s|/m][:BURST], shared by the stacks that
                        run at once: each stack gets RATE / concurrency. Repeatable; VENDOR=RATE for one vendor
                        (equinix, ovh, consoleConnect), a bare RATE for all three
  --raw                 print the CLI's output lines instead of the engine events

destroy tears down and removes every stack named <prefix>-<number> in the backend.`;

export class UsageError extends Error {}

function positiveInteger(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${option} must be a whole number ≥ 1, not "${text}"`);
  return value;
}

const RATE = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute))?\s*(?::\s*(\d+))?$/;

/**
 * One stack's share of an account's budget: the rate (and burst) divided by the stacks that run at once,
 * in the provider's format `RATE[/s|/m][:BURST]` (see the README's "Rate limits and retries").
 */
export function perStackRate(accountRate: string, stacksAtOnce: number): string {
  const text = accountRate.trim().toLowerCase();
  if (text === "off") return "off";
  const match = RATE.exec(text);
  if (!match || !(Number(match[1]) > 0))
    throw new UsageError(
      `--account-rate must be RATE[/s|/m][:BURST] (e.g. 10/s:20, 50/m:10), not "${accountRate}"`,
    );
  const rate = Math.floor((Number(match[1]) / stacksAtOnce) * 1000) / 1000;
  if (!(rate > 0))
    throw new UsageError(`--account-rate ${accountRate} is too small for ${stacksAtOnce} stacks at once`);
  const unit = match[2]?.startsWith("m") ? "/m" : "/s";
  const burst = match[3] === undefined ? "" : `:${Math.max(1, Math.floor(Number(match[3]) / stacksAtOnce))}`;
  return `${rate}${unit}${burst}`;
}

export function parseFleetArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): FleetOptions {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sites: { type: "string" },
      first: { type: "string" },
      prefix: { type: "string" },
      concurrency: { type: "string" },
      backend: { type: "string" },
      "secrets-provider": { type: "string" },
      "account-rate": { type: "string", multiple: true },
      raw: { type: "boolean" },
    },
  });
  if (positionals.length > 1) throw new UsageError(`one action at most, not "${positionals.join(" ")}"`);
  const action = (positionals[0] ?? "up") as Action;
  if (!["up", "preview", "destroy"].includes(action)) throw new UsageError(`unknown action "${action}"`);
  const prefix = values.prefix ?? "site";
  // Site names become stack names and prefix the vendors' object names (Equinix allows 24 characters: the
  // longest, "<site>-eqx-2", leaves 18 for the site).
  if (!/^[a-z][a-z0-9-]{0,11}$/.test(prefix))
    throw new UsageError(
      `--prefix must be 1–12 lower-case letters, digits or hyphens, starting with a letter`,
    );

  const accountRate: Partial<Record<Vendor, string>> = {};
  for (const item of values["account-rate"] ?? []) {
    const [vendor, rate] = item.includes("=") ? item.split("=", 2) : [undefined, item];
    if (vendor !== undefined && !VENDORS.includes(vendor as Vendor))
      throw new UsageError(`--account-rate: unknown vendor "${vendor}" (${VENDORS.join(", ")})`);
    perStackRate(rate, 1); // validates the format
    for (const v of vendor === undefined ? VENDORS : [vendor as Vendor]) accountRate[v] = rate;
  }

  const backend =
    values.backend ??
    env.PULUMI_BACKEND_URL ??
    `file://${path.join(process.cwd(), ".pulumi-state", "fleet")}`;
  return {
    action,
    sites: positiveInteger(values.sites, "--sites", 3),
    first: positiveInteger(values.first, "--first", 1),
    prefix,
    concurrency: positiveInteger(values.concurrency, "--concurrency", 2),
    backend,
    secretsProvider: values["secrets-provider"],
    accountRate,
    raw: values.raw ?? false,
  };
}

/** The config key of each vendor's per-process rate limit (stack config; the environment has EQUINIX_RATE_LIMIT…). */
export const RATE_LIMIT_KEYS: Record<Vendor, string> = {
  equinix: "interconnect:equinixRateLimit",
  ovh: "interconnect:ovhRateLimit",
  consoleConnect: "interconnect:consoleConnectRateLimit",
};

/**
 * Site n's own slice of the shared ports: its Equinix S-tag (on both Dot1Q ports) and its Console Connect VLANs
 * (one on each port). The emulator's ports allow sites 1–11 (My-Port-1's VLANs are 1000–1010); with your own
 * ports, change the bases here or set the keys per stack.
 */
export function siteConfig(n: number, prefix: string): Record<string, string> {
  return {
    site: `${prefix}-${n}`,
    equinixVlan: String(3000 + n),
    consoleConnectSourceVlan: String(999 + n),
    consoleConnectDestinationVlan: String(1999 + n),
  };
}

export interface SiteResult {
  site: string;
  action: Action;
  ok: boolean;
  /** Resources of the stack the operation touched (the stack itself and providers not counted). */
  resources: number;
  /** What happened to them: "2 created", "2 unchanged", "2 deleted", "2 to create". */
  changes: string;
  seconds: number;
  error?: string;
  outputs?: Record<string, unknown>;
  /** Whether the stack was removed (destroy). */
  removed?: boolean;
}

/** Where the fleet writes its lines (stdout by default; tests collect them). */
export type Writer = (line: string) => void;

const OP_WORDS: Partial<Record<OpType, [string, string]>> = {
  create: ["creating", "created"],
  update: ["updating", "updated"],
  delete: ["deleting", "deleted"],
  replace: ["replacing", "replaced"],
  "create-replacement": ["creating replacement", "created replacement"],
  "delete-replaced": ["deleting replaced", "deleted replaced"],
  same: ["", "unchanged"],
  read: ["reading", "read"],
  refresh: ["refreshing", "refreshed"],
};

/** `pulumi-nodejs:dynamic/equinix:L2Connection` → `equinix:L2Connection`. */
function shortType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic\//, "");
}

function isBookkeeping(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/** Turns one stack's engine events into lines, and counts what happened to its resources. */
class SiteReporter {
  private readonly started = new Map<string, number>();
  private readonly done = new Map<string, OpType>();
  private readonly planned = new Map<string, OpType>();
  private lastLine = "";
  /** The first error the engine reported for this stack: the vendor's answer, for the summary. */
  firstError?: string;

  constructor(
    private readonly label: string,
    private readonly write: Writer,
    /** With --raw the CLI's lines are printed and events are only counted. */
    private readonly raw = false,
  ) {}

  line(text: string): void {
    const line = `${this.label} ${text}`;
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.write(line);
  }

  /** The CLI's own output (--raw), line by line. */
  output(chunk: string): void {
    for (const text of chunk.split(/\r?\n/)) if (text.trim()) this.line(text.trimEnd());
  }

  event(event: EngineEvent): void {
    const say = (text: string) => {
      if (!this.raw) this.line(text);
    };
    const pre = event.resourcePreEvent;
    if (pre && !isBookkeeping(pre.metadata.type)) {
      const { op, urn, type } = pre.metadata;
      const name = urn.split("::").pop();
      if (pre.planning) {
        this.planned.set(urn, op);
        if (op !== "same") say(`${op} ${shortType(type)} ${name}`);
      } else {
        this.started.set(urn, event.timestamp);
        const verb = OP_WORDS[op]?.[0];
        if (verb) say(`${verb} ${shortType(type)} ${name}`);
      }
    }
    const outputs = event.resOutputsEvent;
    if (outputs && !isBookkeeping(outputs.metadata.type)) {
      const { op, urn } = outputs.metadata;
      if (outputs.planning) {
        this.planned.set(urn, op);
      } else {
        this.done.set(urn, op);
        const since = this.started.get(urn);
        const took = since === undefined ? "" : ` (${Math.max(0, event.timestamp - since)}s)`;
        if (op !== "same") say(`${OP_WORDS[op]?.[1] ?? op} ${urn.split("::").pop()}${took}`);
      }
    }
    const failed = event.resOpFailedEvent;
    if (failed) say(`failed to ${failed.metadata.op} ${failed.metadata.urn.split("::").pop()}`);
    const diagnostic = event.diagnosticEvent;
    // The engine's own debug lines stay out; the providers' progress lines (info) and warnings and errors go in.
    if (
      diagnostic &&
      ["info", "warning", "error"].includes(diagnostic.severity) &&
      diagnostic.message.trim()
    ) {
      if (
        diagnostic.severity === "error" &&
        !this.firstError &&
        !/^(update|preview|destroy) failed$/.test(diagnostic.message.trim())
      )
        this.firstError = diagnostic.message.trim().split("\n")[0];
      const about = diagnostic.urn?.split("::").pop();
      const level = diagnostic.severity === "info" ? "" : `${diagnostic.severity}: `;
      for (const text of diagnostic.message.trim().split("\n"))
        say(`${level}${about && about !== diagnostic.urn ? `${about}: ` : ""}${text}`);
    }
  }

  /** The resources the operation went through and what happened to them. */
  tally(action: Action): { resources: number; changes: string } {
    const ops = action === "preview" ? this.planned : this.done;
    const counts = new Map<string, number>();
    for (const op of ops.values()) {
      const word =
        action === "preview" ? (op === "same" ? "unchanged" : `to ${op}`) : (OP_WORDS[op]?.[1] ?? op);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const changes = [...counts].map(([word, n]) => `${n} ${word}`).join(", ");
    return { resources: ops.size, changes: changes || "none" };
  }
}

/** The first meaningful line of an Automation API error (its message carries the whole command line). */
function errorSummary(error: unknown): string {
  const result = (error as { commandResult?: { stderr?: string } }).commandResult;
  const lines = (result?.stderr || (error instanceof Error ? error.message : String(error)))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^(Command failed|code:|stdout:|stderr:|err\?:)/.test(l));
  return (lines.find((l) => /error/i.test(l)) ?? lines[0] ?? "failed").replace(/^error: /, "");
}

export interface FleetContext {
  options: FleetOptions;
  /** The environment of every CLI run (backend, passphrase…), on top of this process's. */
  env: Record<string, string>;
  pulumi: PulumiCommand;
  write: Writer;
}

function workspaceOptions(ctx: FleetContext): LocalWorkspaceOptions {
  return {
    workDir: SITE_DIR,
    pulumiCommand: ctx.pulumi,
    envVars: ctx.env,
    ...(ctx.options.secretsProvider ? { secretsProvider: ctx.options.secretsProvider } : {}),
  };
}

/** Per-stack config: the site's own values, and each vendor's share of the account's budget. */
function stackConfig(ctx: FleetContext, n: number | undefined, stacksAtOnce: number): ConfigMap {
  const config: ConfigMap = {};
  if (n !== undefined)
    for (const [key, value] of Object.entries(siteConfig(n, ctx.options.prefix))) config[key] = { value };
  for (const vendor of VENDORS) {
    const rate = ctx.options.accountRate[vendor];
    if (rate) config[RATE_LIMIT_KEYS[vendor]] = { value: perStackRate(rate, stacksAtOnce) };
  }
  return config;
}

async function runSite(
  ctx: FleetContext,
  site: string,
  n: number | undefined,
  stacksAtOnce: number,
  width: number,
): Promise<SiteResult> {
  const { action, raw } = ctx.options;
  const reporter = new SiteReporter(`[${site}]`.padEnd(width + 2), ctx.write, raw);
  const started = Date.now();
  const result = (ok: boolean, extra: Partial<SiteResult> = {}): SiteResult => {
    const seconds = (Date.now() - started) / 1000;
    reporter.line(`${action} ${ok ? "succeeded" : "failed"} (${seconds.toFixed(1)}s)`);
    return { site, action, ok, ...reporter.tally(action), seconds, ...extra };
  };
  const stream = {
    onEvent: (event: EngineEvent) => reporter.event(event),
    ...(raw ? { onOutput: (out: string) => reporter.output(out) } : {}),
  };
  try {
    let stack: Stack;
    if (action === "destroy") {
      stack = await LocalWorkspace.selectStack({ stackName: site, workDir: SITE_DIR }, workspaceOptions(ctx));
    } else {
      stack = await LocalWorkspace.createOrSelectStack(
        { stackName: site, workDir: SITE_DIR },
        workspaceOptions(ctx),
      );
    }
    const config = stackConfig(ctx, n, stacksAtOnce);
    if (Object.keys(config).length > 0) await stack.setAllConfig(config);
    reporter.line(`${action} started`);
    if (action === "up") {
      const up = await stack.up({ ...stream, color: "never" });
      const outputs = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
      return result(true, { outputs });
    }
    if (action === "preview") {
      await stack.preview({ ...stream, color: "never" });
      return result(true);
    }
    await stack.destroy({ ...stream, color: "never" });
    await stack.workspace.removeStack(site);
    reporter.line("stack removed");
    return result(true, { removed: true });
  } catch (error) {
    const message = reporter.firstError ?? errorSummary(error);
    reporter.line(`failed: ${message}`);
    return result(false, { error: message });
  }
}

/** Runs `work` over `items`, at most `limit` at once, keeping the items' order in the results. */
export async function boundedAll<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The fleet's stacks in the backend: every `<prefix>-<number>`, in site order. */
export async function fleetStacks(ctx: FleetContext): Promise<{ site: string; n: number }[]> {
  const workspace = await LocalWorkspace.create(workspaceOptions(ctx));
  const pattern = new RegExp(`^(?:.*/)?(${ctx.options.prefix}-(\\d+))$`);
  return (await workspace.listStacks())
    .map((s) => pattern.exec(s.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ site: m[1], n: Number(m[2]) }))
    .sort((a, b) => a.n - b.n);
}

export async function runFleet(ctx: FleetContext): Promise<SiteResult[]> {
  const { options, write } = ctx;
  const sites =
    options.action === "destroy"
      ? await fleetStacks(ctx)
      : Array.from({ length: options.sites }, (_, i) => {
          const n = options.first + i;
          return { site: `${options.prefix}-${n}`, n };
        });
  const stacksAtOnce = Math.max(1, Math.min(options.concurrency, sites.length));
  write(
    `${options.action} ${sites.length} site stack(s) of ${SITE_DIR}, ${stacksAtOnce} at a time, backend ${options.backend}`,
  );
  const rated = VENDORS.filter((v) => options.accountRate[v]);
  if (rated.length > 0)
    for (const v of rated)
      write(
        `  ${v}: account budget ${options.accountRate[v]} → ${perStackRate(options.accountRate[v]!, stacksAtOnce)} per stack (${RATE_LIMIT_KEYS[v]})`,
      );
  else if (stacksAtOnce > 1)
    write(
      `  each stack has its own per-process request budget per vendor account: ${stacksAtOnce} stacks at once may ` +
        `send ${stacksAtOnce}× one budget to one account (set --account-rate to share it)`,
    );
  const width = Math.max(0, ...sites.map((s) => s.site.length));
  return boundedAll(sites, options.concurrency, ({ site, n }) =>
    runSite(ctx, site, options.action === "destroy" ? undefined : n, stacksAtOnce, width),
  );
}

/** The summary table: site, result, resources, changes, duration. */
export function summaryTable(results: SiteResult[]): string {
  const rows = [
    ["site", "result", "resources", "changes", "duration"],
    ...results.map((r) => [
      r.site,
      r.ok ? "ok" : "FAILED",
      String(r.resources),
      r.changes,
      `${r.seconds.toFixed(1)}s`,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const errors = results.filter((r) => !r.ok).map((r) => `${r.site}: ${r.error ?? "failed"}`);
  return [
    format(rows[0]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(format),
    ...errors,
  ].join("\n");
}
