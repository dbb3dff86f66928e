/**
 * Loads under a vendor's rate limit, through the real provider code: the lifecycle's `create` of every resource,
 * all started at once in this process — as one `pulumi up` runs them in one provider process when `--parallel`
 * allows that many — against an emulator in its rate-limit mode (a token bucket per credential: HTTP 429 with
 * `Retry-After` beyond it), with the provider's own client-side limit for the account set to the same rate.
 *
 * - `equinixPairs`: redundant Equinix pairs on Fabric v4 (the default API), on the profile that provisions by
 *   itself (`bandwidthApproval`), both legs on the seed's Dot1Q ports, one VLAN tag per pair;
 * - `consoleConnectConnections`: port-to-port Console Connect connections between the large ports;
 * - `ovhEstate`: one L3 PoP config, then datacenter configs (the seed's four available datacenters, then the
 *   invented load datacenters), each with a static route or a BGP session (alternately) once it exists.
 *
 * Everything is counted at the emulator, from its request log: requests, 429s, requests per kind, and the live
 * objects per name (duplicates). Used by bench/load.bench.ts (the figures in bench/README.md) and, smaller and
 * without timing, by test/load/rateLimit.load.test.ts. Everything is bounded: each resource has a create timeout,
 * and the whole run a deadline.
 */
import os from "node:os";
import type * as pulumi from "@pulumi/pulumi";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_SEED_PORTS,
  startConsoleConnectEmulator,
} from "../emulator/consoleconnect";
import type { RecordedRequest } from "../emulator/core";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  FABRIC_V4_PROFILES,
  startEquinixEmulator,
} from "../emulator/equinix";
import {
  OVH_DATACENTER_LIST,
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_SERVICES,
  ovhLoadDatacenters,
  startOvhEmulator,
} from "../emulator/ovh";
import { layer2ConnectionProvider } from "../provider/consoleconnect/layer2Connection/provider";
import { rateLimitStats, resetRateLimits } from "../provider/core/rateLimit";
import { useStackConfig } from "../provider/core/settings";
import { l2ConnectionProvider } from "../provider/equinix/l2Connection/provider";
import { datacenterConfigProvider } from "../provider/ovh/datacenterConfig/provider";
import { datacenterExtraConfigProvider } from "../provider/ovh/datacenterExtraConfig/provider";
import { popConfigProvider } from "../provider/ovh/popConfig/provider";

export type Vendor = "equinix" | "consoleconnect" | "ovh";

/** What a request was for, from its method and path. */
export type RequestKind =
  /** A token, the server clock. */
  | "auth"
  /** The call that creates an object. */
  | "create"
  /** A read while waiting: one object, a search by uuid, a list answering several waits, an OVH task. */
  | "poll"
  /**
   * A read of one object outside the polls: before a create (a parent, a port, a datacenter), and for OVH the
   * object once its task is done.
   */
  | "read"
  /** A listing: a search by name, a collection's ids (the siblings of an OVH object about to be created). */
  | "listing";

export interface LoadOptions {
  /** The emulator's limit, requests per second (burst: the same number). */
  rate: number;
  /** The provider's own limit (`EQUINIX_RATE_LIMIT`…); default `${rate}/s`. `off`: none. */
  clientLimit?: string;
  /** Shared polls on (the default) or off (`INTERCONNECT_BATCH_POLLS=off`). */
  batched?: boolean;
  /** The whole run's deadline; each resource also gets it as its create timeout. */
  timeoutMs: number;
}

export interface LoadResult {
  vendor: Vendor;
  /** What was created: "100 redundant pairs". */
  label: string;
  rate: number;
  clientLimit: string;
  batched: boolean;
  /** The emulator's timings that matter, as text for the report. */
  timings: string;
  /** Resources created, and how many reached their target status. */
  resources: number;
  up: number;
  /** The first few failures, as messages. */
  failures: string[];
  /** Live objects beyond one per name (or per key) at the emulator: 0 is the goal. */
  duplicates: number;
  /** Every request the emulator logged (vendor API calls, control calls excluded). */
  requests: number;
  /** 429 answers among them. */
  throttled: number;
  /** Requests not refused: what the run needed. */
  needed: number;
  /** The requests the run needed (not refused), by kind. */
  byKind: Record<RequestKind, number>;
  /** Poll requests that carried more than one object (a search by uuid, a list). */
  sharedPolls: number;
  /** Waits answered by the poll requests: each GET answers one, a search by uuid as many uuids as it names. */
  pollAnswers?: number;
  /**
   * Listings of the account's objects around a create: Equinix searches by name (only after an ambiguous
   * failure), Console Connect lists after an ambiguous failure (each starts with GET /heartbeat), OVHcloud lists
   * of the account's services or vRacks. (OVH lists the parent's own collection before each create: counted in
   * `byKind.listing`.)
   */
  accountListings: number;
  /** From the first create started to the last one settled. */
  wallMs: number;
  /** `needed ÷ rate`: the time the run's requests take at the limit. */
  boundMs: number;
  /** Machine load average (1 min) at the start and the end. */
  load: [number, number];
  /** The limiter's view: 429s it saw, its rate at the end. */
  limiter?: { throttled: number; currentRate?: number };
  /** The run's deadline passed before every create settled. */
  timedOut: boolean;
}

type Provider = pulumi.dynamic.ResourceProvider;

const SETTINGS = [
  "EQUINIX_API_ENDPOINT",
  "EQUINIX_API_CLIENTID",
  "EQUINIX_API_CLIENTSECRET",
  "EQUINIX_API_VERSION",
  "EQUINIX_RATE_LIMIT",
  "CONSOLE_CONNECT_API_URL",
  "CONSOLE_CONNECT_API_KEY",
  "CONSOLE_CONNECT_RATE_LIMIT",
  "OVH_ENDPOINT",
  "OVH_APPLICATION_KEY",
  "OVH_APPLICATION_SECRET",
  "OVH_CONSUMER_KEY",
  "OVH_CLIENT_ID",
  "OVH_CLIENT_SECRET",
  "OVH_RATE_LIMIT",
  "INTERCONNECT_BATCH_POLLS",
  "INTERCONNECT_POLL_MS",
  "INTERCONNECT_QUIET",
] as const;

/**
 * Runs `fn` with the provider's settings in the environment, configured as the engine configures a provider
 * process (an empty stack config: every setting from the environment), and puts everything back afterwards.
 */
async function withSettings<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
  for (const k of SETTINGS) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  // The default poll schedule (1 s, growing), and no progress lines on the bench's output.
  process.env.INTERCONNECT_QUIET = "1";
  useStackConfig({ get: () => undefined });
  resetRateLimits();
  try {
    return await fn();
  } finally {
    useStackConfig(undefined);
    resetRateLimits();
    for (const k of SETTINGS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

interface Creation {
  settled: PromiseSettledResult<pulumi.dynamic.CreateResult>[];
  wallMs: number;
  timedOut: boolean;
}

/**
 * Starts `count` creates at once (each `create(i)` may chain creates of its own: an OVH extra after its
 * datacenter config) and waits for all of them, at most `timeoutMs`.
 */
async function createAll(
  count: number,
  create: (i: number) => Promise<pulumi.dynamic.CreateResult>,
  timeoutMs: number,
): Promise<Creation> {
  const started = performance.now();
  const all = Promise.allSettled(Array.from({ length: count }, (_, i) => create(i)));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const settled = await Promise.race([all, deadline]);
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  if (settled === "timeout") return { settled: [], wallMs, timedOut: true };
  return { settled, wallMs, timedOut: false };
}

function failures(settled: PromiseSettledResult<unknown>[]): string[] {
  return settled
    .filter((s): s is PromiseRejectedResult => s.status === "rejected")
    .slice(0, 3)
    .map((s) => String((s.reason as Error)?.message ?? s.reason).slice(0, 400));
}

function count<K extends string>(keys: K[]): Map<K, number> {
  const out = new Map<K, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/** Live objects beyond one per key. */
function beyondOne(keys: string[]): number {
  let extra = 0;
  for (const n of count(keys).values()) extra += Math.max(0, n - 1);
  return extra;
}

function summarize(
  base: Pick<
    LoadResult,
    "vendor" | "label" | "timings" | "resources" | "up" | "duplicates" | "accountListings"
  >,
  options: LoadOptions,
  creation: Creation,
  log: RecordedRequest[],
  classify: (r: RecordedRequest) => RequestKind,
  load: [number, number],
  vendorName: string,
): LoadResult {
  const byKind: Record<RequestKind, number> = { auth: 0, create: 0, poll: 0, read: 0, listing: 0 };
  let sharedPolls = 0;
  let pollAnswers = 0;
  let countedAnswers = true;
  for (const r of log) {
    // Refused requests are counted apart (`throttled`): these are the requests the run needed.
    if (r.status === 429) continue;
    const kind = classify(r);
    byKind[kind]++;
    if (kind !== "poll") continue;
    const ids = (r.body as { filter?: { values?: unknown[] } } | undefined)?.filter?.values;
    const many = Array.isArray(ids) ? ids.length : r.method === "GET" && /[?&]status=/.test(r.path) ? 2 : 1;
    if (many > 1) sharedPolls++;
    if (Array.isArray(ids)) pollAnswers += ids.length;
    else if (many > 1) countedAnswers = false;
    else pollAnswers++;
  }
  const throttled = log.filter((r) => r.status === 429).length;
  const needed = log.length - throttled;
  const stats = rateLimitStats(vendorName)[0];
  return {
    ...base,
    rate: options.rate,
    clientLimit: options.clientLimit ?? `${options.rate}/s`,
    batched: options.batched ?? true,
    failures: creation.timedOut ? [`not done after ${options.timeoutMs} ms`] : failures(creation.settled),
    requests: log.length,
    throttled,
    needed,
    byKind,
    sharedPolls,
    ...(countedAnswers ? { pollAnswers } : {}),
    wallMs: creation.wallMs,
    boundMs: (needed / options.rate) * 1000,
    load,
    limiter: stats && { throttled: stats.throttled, currentRate: stats.currentRate },
    timedOut: creation.timedOut,
  };
}

const load1 = () => os.loadavg()[0];
const fulfilled = <T>(s: PromiseSettledResult<T>): s is PromiseFulfilledResult<T> => s.status === "fulfilled";
const timeoutInput = (ms: number) => ({ create: `${Math.ceil(ms / 1000)}s` });

/** The emulator's request log, refusing to count a log that may have dropped entries (it keeps 5000). */
function fullLog(list: () => RecordedRequest[]): RecordedRequest[] {
  const log = list();
  if (log.length >= 5000) throw new Error("the emulator's request log is full: the counts would be short");
  return log;
}

// ---------------------------------------------------------------------------------------------------------
// Equinix
// ---------------------------------------------------------------------------------------------------------

export const EQUINIX_PROVISIONING_MS = 1_000;

export async function equinixPairs(pairs: number, options: LoadOptions): Promise<LoadResult> {
  if (pairs > 2_000) throw new RangeError("at most 2000 pairs (one VLAN tag each, from 1000)");
  const running = await startEquinixEmulator({
    port: 0,
    rateLimit: { rate: options.rate, burst: options.rate },
    fabricV4: { provisioningMs: EQUINIX_PROVISIONING_MS },
  });
  try {
    return await withSettings(
      {
        EQUINIX_API_ENDPOINT: running.url,
        EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
        EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
        EQUINIX_RATE_LIMIT: options.clientLimit ?? `${options.rate}/s`,
        INTERCONNECT_BATCH_POLLS: options.batched === false ? "off" : undefined,
      },
      async () => {
        const provider: Provider = l2ConnectionProvider;
        await provider.configure?.({ config: { get: () => undefined } as never });
        const loadStart = load1();
        const P = EQUINIX_SEED_PORTS;
        const creation = await createAll(
          pairs,
          (i) =>
            provider.create({
              name: `load-${i}`,
              profileUuid: FABRIC_V4_PROFILES.bandwidthApproval.uuid,
              speed: 50,
              speedUnit: "MB",
              notifications: ["noc@example.com"],
              sellerMetroCode: "SV",
              portUuid: P.dot1qPrimary.uuid,
              vlanSTag: 1000 + i,
              portEncapsulation: "Dot1Q",
              secondaryConnection: {
                name: `load-${i}-2`,
                portUuid: P.dot1qSecondary.uuid,
                vlanSTag: 1000 + i,
              },
              timeouts: timeoutInput(options.timeoutMs),
              __provider: "bench",
            }),
          options.timeoutMs,
        );
        const live = (
          (await (await fetch(`${running.url}/__emulator/equinix/v4/connections`)).json()) as {
            name: string;
            state?: string;
          }[]
        ).filter((c) => !["DEPROVISIONING", "DEPROVISIONED", "DELETED"].includes(c.state ?? ""));
        const up = creation.settled
          .filter(fulfilled)
          .filter(
            (s) =>
              ["PROVISIONED"].includes(String(s.value.outs?.status)) &&
              ["PROVISIONED"].includes(String(s.value.outs?.secondary?.status)),
          ).length;
        return summarize(
          {
            vendor: "equinix",
            label: `${pairs} redundant pairs`,
            timings: `Fabric v4, provisioning ${EQUINIX_PROVISIONING_MS / 1000} s, no approval`,
            resources: pairs,
            up,
            duplicates: beyondOne(live.map((c) => c.name)),
            accountListings: running.emulator.requests.list().filter((r) => classifyEquinix(r) === "listing")
              .length,
          },
          options,
          creation,
          fullLog(() => running.emulator.requests.list()),
          classifyEquinix,
          [loadStart, load1()],
          "Equinix",
        );
      },
    );
  } finally {
    await running.close();
  }
}

function classifyEquinix(r: RecordedRequest): RequestKind {
  const path = r.path.split("?")[0];
  if (path.startsWith("/oauth2/")) return "auth";
  if (r.method === "POST" && path === "/fabric/v4/connections") return "create";
  if (path === "/fabric/v4/connections/search") {
    const filter = JSON.stringify((r.body as { filter?: unknown } | undefined)?.filter ?? {});
    return filter.includes('"/uuid"') ? "poll" : "listing";
  }
  if (r.method === "GET" && /^\/fabric\/v4\/connections\/[0-9a-f-]{36}$/.test(path)) return "poll";
  return "read";
}

// ---------------------------------------------------------------------------------------------------------
// Console Connect
// ---------------------------------------------------------------------------------------------------------

export async function consoleConnectConnections(
  connections: number,
  options: LoadOptions,
): Promise<LoadResult> {
  if (connections > 3_900) throw new RangeError("at most 3900 connections (the large ports' VLANs)");
  const running = await startConsoleConnectEmulator({
    port: 0,
    rateLimit: { rate: options.rate, burst: options.rate },
  });
  try {
    return await withSettings(
      {
        CONSOLE_CONNECT_API_URL: running.url,
        CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY,
        CONSOLE_CONNECT_RATE_LIMIT: options.clientLimit ?? `${options.rate}/s`,
        INTERCONNECT_BATCH_POLLS: options.batched === false ? "off" : undefined,
      },
      async () => {
        const provider: Provider = layer2ConnectionProvider;
        await provider.configure?.({ config: { get: () => undefined } as never });
        const loadStart = load1();
        const P = CONSOLE_CONNECT_SEED_PORTS;
        const creation = await createAll(
          connections,
          (i) =>
            provider.create({
              name: `load-${i}`,
              portId: P.demoHongKongLarge.id,
              destPortId: P.demoSingaporeLarge.id,
              destCompany: CONSOLE_CONNECT_DEMO_COMPANY.username,
              destMetroId: CONSOLE_CONNECT_METROS.singapore.id,
              duration: 1,
              durationUnit: "m",
              paymentType: "invoice",
              classOfService: "SILVER",
              speed: 100,
              type: "LAYER2",
              evergreen: true,
              timeouts: timeoutInput(options.timeoutMs),
              __provider: "bench",
            }),
          options.timeoutMs,
        );
        const live = (
          (await (await fetch(`${running.url}/__emulator/consoleconnect/connections`)).json()) as {
            name: string;
            status: string;
          }[]
        ).filter((c) => !["DELETING", "DELETED"].includes(c.status));
        const up = creation.settled.filter(fulfilled).filter((s) => s.value.outs?.status === "ACTIVE").length;
        return summarize(
          {
            vendor: "consoleconnect",
            label: `${connections} port-to-port connections`,
            timings: "creating 1 s, accepted 1 s, activating 1.5 s: the emulator's defaults",
            resources: connections,
            up,
            duplicates: beyondOne(live.map((c) => c.name)),
            accountListings: running.emulator.requests.list().filter((r) => r.path === "/heartbeat").length,
          },
          options,
          creation,
          fullLog(() => running.emulator.requests.list()),
          classifyConsoleConnect,
          [loadStart, load1()],
          "Console Connect",
        );
      },
    );
  } finally {
    await running.close();
  }
}

function classifyConsoleConnect(r: RecordedRequest): RequestKind {
  const path = r.path.split("?")[0];
  if (path === "/api/auth/token" || path === "/heartbeat") return "auth";
  if (r.method === "PUT" && path.endsWith("/connections/layer2")) return "create";
  if (r.method === "GET" && /\/connections\/[0-9a-f]{24}$/.test(path)) return "poll";
  // The list answers shared polls; after an ambiguous create failure (a /heartbeat first) it is a listing.
  if (r.method === "GET" && path.endsWith("/connections")) return "poll";
  return "read";
}

// ---------------------------------------------------------------------------------------------------------
// OVH
// ---------------------------------------------------------------------------------------------------------

export const OVH_TASK_STEP_MS = 500;

export async function ovhEstate(datacenters: number, options: LoadOptions): Promise<LoadResult> {
  const seedAvailable = OVH_DATACENTER_LIST.filter((d) => d.available);
  const extra = Math.max(0, datacenters - seedAvailable.length);
  const targets = [...seedAvailable, ...ovhLoadDatacenters(extra)].slice(0, datacenters);
  const running = await startOvhEmulator({
    port: 0,
    rateLimit: { rate: options.rate, burst: options.rate },
    taskStepMs: OVH_TASK_STEP_MS,
    loadDatacenters: extra,
  });
  try {
    return await withSettings(
      {
        OVH_ENDPOINT: running.endpoint,
        OVH_APPLICATION_KEY: OVH_DEMO_CREDENTIALS.applicationKey,
        OVH_APPLICATION_SECRET: OVH_DEMO_CREDENTIALS.applicationSecret,
        OVH_CONSUMER_KEY: OVH_DEMO_CREDENTIALS.consumerKey,
        OVH_RATE_LIMIT: options.clientLimit ?? `${options.rate}/s`,
        INTERCONNECT_BATCH_POLLS: options.batched === false ? "off" : undefined,
      },
      async () => {
        const [pops, dcs, extras]: Provider[] = [
          popConfigProvider,
          datacenterConfigProvider,
          datacenterExtraConfigProvider,
        ];
        await pops.configure?.({ config: { get: () => undefined } as never });
        const loadStart = load1();
        // The secondary service is in the vRack from the start: its PoP config needs no link first.
        const service = OVH_SEED_SERVICES.secondary;
        const timeouts = timeoutInput(options.timeoutMs);
        const outcomes: boolean[] = [];
        const creation = await createAll(
          1,
          async () => {
            const pop = await pops.create({
              serviceName: service.uuid,
              interfaceId: service.interfaces[0].id,
              type: "l3",
              customerBgpArea: 65005,
              ovhBgpArea: 65006,
              subnet: "10.10.12.0/30",
              timeouts,
            });
            outcomes.push(pop.outs?.status === "active");
            const popId = pop.outs.popId;
            const settled = await Promise.allSettled(
              targets.map(async (d, i) => {
                const dc = await dcs.create({
                  serviceName: service.uuid,
                  popId,
                  datacenterId: d.id,
                  subnet: `10.${i}.0.0/28`,
                  timeouts,
                });
                outcomes.push(dc.outs?.status === "active");
                const parent = {
                  serviceName: service.uuid,
                  popId,
                  datacenterConfigId: dc.outs.configId,
                  timeouts,
                };
                const made = await extras.create(
                  i % 2 === 0
                    ? { ...parent, type: "network", nextHop: `10.${i}.0.5`, subnet: `192.168.${i}.0/24` }
                    : { ...parent, type: "bgp", bgpNeighborArea: 65010, bgpNeighborIp: `10.${i}.0.6` },
                );
                outcomes.push(made.outs?.status === "active");
              }),
            );
            const failed = settled.find((s) => s.status === "rejected");
            if (failed) throw (failed as PromiseRejectedResult).reason;
            return pop;
          },
          options.timeoutMs,
        );
        const state = (await (await fetch(`${running.url}/__emulator/ovh/state`)).json()) as {
          pops: { interfaceId: number; status: string }[];
          datacenters: { datacenterId: number; status: string }[];
          extras: {
            datacenterConfigId: number;
            subnet: string | null;
            bgpNeighborIp: string | null;
            status: string;
          }[];
        };
        const live = <T extends { status: string }>(xs: T[]) => xs.filter((x) => x.status !== "toDelete");
        const keys = [
          ...live(state.pops).map((p) => `pop ${p.interfaceId}`),
          ...live(state.datacenters).map((d) => `datacenter ${d.datacenterId}`),
          ...live(state.extras).map((e) => `extra ${e.datacenterConfigId} ${e.subnet ?? e.bgpNeighborIp}`),
        ];
        return summarize(
          {
            vendor: "ovh",
            label: `1 PoP config, ${datacenters} datacenter configs, ${datacenters} extras`,
            timings: `tasks todo ${OVH_TASK_STEP_MS / 1000} s, doing ${OVH_TASK_STEP_MS / 1000} s`,
            resources: 1 + 2 * datacenters,
            up: outcomes.filter(Boolean).length,
            duplicates: beyondOne(keys),
            // The account's services or vRacks; the lists read before a create are one parent's collection.
            accountListings: running.emulator.requests
              .list()
              .filter(
                (r) => r.method === "GET" && /^\/1\.0\/(ovhCloudConnect|vrack)$/.test(r.path.split("?")[0]),
              ).length,
          },
          options,
          creation,
          fullLog(() => running.emulator.requests.list()),
          classifyOvh,
          [loadStart, load1()],
          "OVHcloud",
        );
      },
    );
  } finally {
    await running.close();
  }
}

function classifyOvh(r: RecordedRequest): RequestKind {
  const path = r.path.split("?")[0].replace(/^\/1\.0/, "");
  if (path === "/auth/time" || path.startsWith("/auth/")) return "auth";
  if (r.method === "POST") return "create";
  if (/\/task\/\d+$/.test(path)) return "poll";
  // A collection (ids): the siblings of the object about to be created.
  if (/\/(pop|datacenter|extra)$/.test(path) && path.includes("/config/")) return "listing";
  // The object itself once its task is done, or one read before a create (a parent, the datacenter, a sibling).
  return "read";
}
