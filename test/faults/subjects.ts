/**
 * The resources of the fault matrix: for each, a fresh emulator with fast timings, the inputs of one object (and
 * of its in-place or local-only update), the call at each position, and how its emulator shows its objects.
 */
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  FABRIC_V4_PROFILES,
  startEquinixEmulator,
} from "../../emulator/equinix";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_SEED_PORTS,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import {
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_DATACENTERS,
  OVH_SEED_SERVICES,
  OVH_SEED_VRACK,
  startOvhEmulator,
} from "../../emulator/ovh";
import { layer2ConnectionProvider } from "../../provider/consoleconnect/layer2Connection/provider";
import { l2ConnectionProvider } from "../../provider/equinix/l2Connection/provider";
import { datacenterConfigProvider } from "../../provider/ovh/datacenterConfig/provider";
import { datacenterExtraConfigProvider } from "../../provider/ovh/datacenterExtraConfig/provider";
import { popConfigProvider } from "../../provider/ovh/popConfig/provider";
import { vrackOvhCloudConnectProvider } from "../../provider/ovh/vrackOvhCloudConnect/provider";
import { SEED_INPUTS } from "../consoleconnect/seeds";
import {
  Bed,
  CLIENT_TIMEOUT_S,
  Census,
  NO_CALL,
  Props,
  Subject,
  bound,
  control,
  freshEmulator,
} from "./harness";

const TIMEOUT = String(CLIENT_TIMEOUT_S);
const UUID = "[0-9a-f-]{36}";

// ---------------------------------------------------------------------------------------------------------
// Equinix
// ---------------------------------------------------------------------------------------------------------

const P = EQUINIX_SEED_PORTS;
const portNames: Record<string, string> = Object.fromEntries(
  Object.values(P).map((port) => [port.uuid, port.name]),
);

async function equinixBed(apiVersion: "v4" | "v3"): Promise<Bed> {
  const running = await freshEmulator(() =>
    startEquinixEmulator({
      provisioningMs: 150,
      deprovisioningMs: 150,
      fabricV4: { provisioningMs: 150, deprovisioningMs: 150, updateMs: 100 },
    }),
  );
  return {
    url: running.url,
    env: {
      EQUINIX_API_VERSION: apiVersion,
      EQUINIX_API_ENDPOINT: running.url,
      EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
      EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
      EQUINIX_API_TOKEN: undefined,
      EQUINIX_API_TIMEOUT: TIMEOUT,
    },
    close: () => running.close(),
  };
}

/** Connections by the port of their a-side: each cell asks for one connection per port. */
function censusBy<C>(records: C[], port: (c: C) => string | undefined, alive: (c: C) => boolean): Census {
  const ever: Record<string, number> = {};
  for (const c of records) {
    const key = `connection on ${portNames[port(c) ?? ""] ?? port(c)}`;
    ever[key] = (ever[key] ?? 0) + 1;
  }
  return {
    ever,
    alive: records.filter(alive).map((c) => `connection on ${portNames[port(c) ?? ""] ?? port(c)}`),
  };
}

/** A redundant pair on the profile that provisions by itself; the update renames both legs. */
const equinixInputs = (profileUuid: string): Props => ({
  name: "fm-link",
  profileUuid,
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  sellerMetroCode: "SV",
  portUuid: P.dot1qPrimary.uuid,
  vlanSTag: 771,
  secondaryConnection: { name: "fm-link-2", portUuid: P.dot1qSecondary.uuid, vlanSTag: 771 },
  __provider: "serialized provider",
});

const renamed = (_bed: Bed, inputs: Props): Props => ({
  ...inputs,
  name: "fm-link-renamed",
  secondaryConnection: { ...inputs.secondaryConnection, name: "fm-link-renamed-2" },
});

export const equinixV4: Subject = {
  name: "equinix.L2Connection (Fabric v4)",
  vendor: "Equinix",
  provider: l2ConnectionProvider,
  positions: {
    token: { method: "POST", path: "^/oauth2/v1/token$" },
    create: { method: "POST", path: "^/fabric/v4/connections$" },
    "create#2": { method: "POST", path: "^/fabric/v4/connections$", skip: 1 },
    "read#1": { method: "GET", path: `^/fabric/v4/connections/${UUID}$` },
    "read#3": { method: "GET", path: `^/fabric/v4/connections/${UUID}$`, skip: 2 },
    update: { method: "PATCH", path: `^/fabric/v4/connections/${UUID}$` },
    delete: { method: "DELETE", path: `^/fabric/v4/connections/${UUID}$` },
  },
  start: () => equinixBed("v4"),
  inputs: () => equinixInputs(FABRIC_V4_PROFILES.bandwidthApproval.uuid),
  updated: renamed,
  async census(bed) {
    const all: any[] = await control(bed.url, "GET", "/equinix/v4/connections");
    return censusBy(
      all,
      (c) => c.aSide?.accessPoint?.port?.uuid,
      (c) => c.state !== "DEPROVISIONED",
    );
  },
};

export const equinixV3: Subject = {
  name: "equinix.L2Connection (ECX v3)",
  vendor: "Equinix",
  provider: l2ConnectionProvider,
  positions: {
    token: { method: "POST", path: "^/oauth2/v1/token$" },
    create: { method: "POST", path: "^/ecx/v3/l2/connections$" },
    "read#1": { method: "GET", path: `^/ecx/v3/l2/connections/${UUID}$` },
    "read#3": { method: "GET", path: `^/ecx/v3/l2/connections/${UUID}$`, skip: 2 },
    update: { method: "PATCH", path: `^/ecx/v3/l2/connections/${UUID}$` },
    delete: { method: "DELETE", path: `^/ecx/v3/l2/connections/${UUID}$` },
  },
  start: () => equinixBed("v3"),
  inputs: () => ({
    ...equinixInputs(EQUINIX_SEED_PROFILES.dot1qAuto.uuid),
    authorizationKey: "seller-auth-key-123",
  }),
  updated: renamed,
  async census(bed) {
    const all: any[] = await control(bed.url, "GET", "/equinix/connections");
    return censusBy(
      all,
      (c) => c.portUUID,
      (c) => !["DEPROVISIONED", "DELETED"].includes(c.status),
    );
  },
};

// ---------------------------------------------------------------------------------------------------------
// OVHcloud
// ---------------------------------------------------------------------------------------------------------

const PRIMARY = OVH_SEED_SERVICES.primary.uuid;
/** Already in the vRack: a PoP config on it needs no link first. */
const SECONDARY = OVH_SEED_SERVICES.secondary.uuid;
const VRACK = OVH_SEED_VRACK;
const OCC = "/1.0/ovhCloudConnect/[^/]+";

/** The settings of an OVH cell: the classic signature ("") or an OAuth2 service account ("oauth2"). */
function ovhEnv(endpoint: string, variant: string): Record<string, string | undefined> {
  const oauth2 = variant === "oauth2";
  const C = OVH_DEMO_CREDENTIALS;
  return {
    OVH_ENDPOINT: endpoint,
    OVH_APPLICATION_KEY: oauth2 ? undefined : C.applicationKey,
    OVH_APPLICATION_SECRET: oauth2 ? undefined : C.applicationSecret,
    OVH_CONSUMER_KEY: oauth2 ? undefined : C.consumerKey,
    OVH_CLIENT_ID: oauth2 ? C.clientId : undefined,
    OVH_CLIENT_SECRET: oauth2 ? C.clientSecret : undefined,
    OVH_API_TIMEOUT: TIMEOUT,
  };
}

interface OvhBed extends Bed {
  /** Parent objects' outputs made before the cell (popId, configId…). */
  parents: Props;
}

/**
 * A fresh OVH emulator, with `setup` run first to make the parent objects — in the other authentication mode, so
 * that the cell's own first calls (the server clock, or the OAuth2 token) are still to come.
 */
async function ovhBed(variant: string, setup?: (env: Record<string, string | undefined>) => Promise<Props>) {
  const running = await freshEmulator(() => startOvhEmulator({ taskStepMs: 100, vrackTaskStepMs: 60 }));
  const bed: OvhBed = {
    url: running.url,
    env: ovhEnv(running.endpoint, variant),
    parents: {},
    close: () => running.close(),
  };
  if (setup) {
    bed.parents = await setup(ovhEnv(running.endpoint, variant === "oauth2" ? "" : "oauth2"));
    await control(bed.url, "DELETE", "/requests");
  }
  return bed;
}

const ovhState = (bed: Bed) => control(bed.url, "GET", "/ovh/state");

/** Objects of one configuration kind (the ones not made by the setup), and how many tasks ever created one. */
function configCensus(kind: "pops" | "datacenters" | "extras", addFunction: string, noun: string) {
  return async (bed: Bed): Promise<Census> => {
    const state = await ovhState(bed);
    const parents = Object.values((bed as OvhBed).parents);
    const alive = (state[kind] as { id: number }[]).filter((o) => !parents.includes(o.id));
    const created = (state.occTasks as { function: string; resourceId: number }[]).filter(
      (t) => t.function === addFunction && !parents.includes(t.resourceId),
    );
    return { alive: alive.map((o) => `${noun} ${o.id}`), ever: { [noun]: created.length } };
  };
}

/** Positions of a configuration resource in `collection` (a regex of its path under the service). */
function configPositions(collection: string) {
  return {
    clock: { method: "GET", path: "^/1.0/auth/time$" },
    token: { method: "POST", path: "^/auth/oauth2/token$" },
    create: { method: "POST", path: `^${OCC}/${collection}$` },
    "read#1": { method: "GET", path: `^${OCC}/task/\\d+$` },
    "read#3": { method: "GET", path: `^${OCC}/task/\\d+$`, skip: 2 },
    update: NO_CALL,
    delete: { method: "DELETE", path: `^${OCC}/${collection}/\\d+$` },
  };
}

/** OVH has no update: the update step changes `timeouts` only, which is local. */
const localChange = (_bed: Bed, inputs: Props): Props => ({
  ...inputs,
  timeouts: { ...inputs.timeouts, delete: "6s" },
});

export const vrackLink: Subject = {
  name: "ovh.VrackOvhCloudConnect",
  vendor: "OVHcloud",
  provider: vrackOvhCloudConnectProvider,
  positions: {
    clock: { method: "GET", path: "^/1.0/auth/time$" },
    token: { method: "POST", path: "^/auth/oauth2/token$" },
    create: { method: "POST", path: "^/1.0/vrack/[^/]+/ovhCloudConnect$" },
    "read#1": { method: "GET", path: "^/1.0/vrack/[^/]+/task/\\d+$" },
    "read#3": { method: "GET", path: "^/1.0/vrack/[^/]+/task/\\d+$", skip: 2 },
    update: NO_CALL,
    delete: { method: "DELETE", path: "^/1.0/vrack/[^/]+/ovhCloudConnect/[^/]+$" },
  },
  noCallStep: "update",
  start: (variant) => ovhBed(variant),
  inputs: () => ({ serviceName: VRACK, ovhCloudConnect: PRIMARY, __provider: "serialized provider" }),
  updated: localChange,
  async census(bed) {
    const state = await ovhState(bed);
    const linked = state.services.some((s: any) => s.uuid === PRIMARY && s.vrack);
    const tasks = (state.vrackTasks as any[]).filter((t) => t.targetDomain === PRIMARY);
    const linking = tasks.some((t) => t.function === "addOvhCloudConnectToVrack" && t.status !== "gone");
    const links = tasks.filter((t) => t.function === "addOvhCloudConnectToVrack").length;
    return { alive: linked || linking ? [`link of ${PRIMARY}`] : [], ever: { link: links } };
  },
};

export const popConfig: Subject = {
  name: "ovh.PopConfig",
  vendor: "OVHcloud",
  provider: popConfigProvider,
  positions: configPositions("config/pop"),
  noCallStep: "update",
  start: (variant) => ovhBed(variant),
  inputs: () => ({
    serviceName: SECONDARY,
    interfaceId: OVH_SEED_SERVICES.secondary.interfaces[0].id,
    type: "l3",
    customerBgpArea: 65005,
    ovhBgpArea: 65006,
    subnet: "10.10.12.0/30",
    __provider: "serialized provider",
  }),
  updated: localChange,
  census: configCensus("pops", "addPopConfiguration", "PoP config"),
};

/** An L3 PoP config on the secondary service (already in the vRack). */
async function l3Pop(env: Record<string, string | undefined>): Promise<Props> {
  const pop = await bound(env, () => popConfigProvider.create(popConfig.inputs(undefined as never)));
  return { popId: pop.outs.popId };
}

export const datacenterConfig: Subject = {
  name: "ovh.DatacenterConfig",
  vendor: "OVHcloud",
  provider: datacenterConfigProvider,
  positions: configPositions("config/pop/\\d+/datacenter"),
  noCallStep: "update",
  start: (variant) => ovhBed(variant, l3Pop),
  inputs: (bed) => ({
    serviceName: SECONDARY,
    popId: (bed as OvhBed).parents.popId,
    datacenterId: OVH_SEED_DATACENTERS.gra.id,
    subnet: "10.0.0.0/28",
    __provider: "serialized provider",
  }),
  updated: localChange,
  census: configCensus("datacenters", "addDatacenterConfiguration", "datacenter config"),
};

export const datacenterExtraConfig: Subject = {
  name: "ovh.DatacenterExtraConfig",
  vendor: "OVHcloud",
  provider: datacenterExtraConfigProvider,
  positions: configPositions("config/pop/\\d+/datacenter/\\d+/extra"),
  noCallStep: "update",
  async start(variant) {
    return ovhBed(variant, async (env) => {
      const { popId } = await l3Pop(env);
      const datacenter = await bound(env, () =>
        datacenterConfigProvider.create({
          serviceName: SECONDARY,
          popId,
          datacenterId: OVH_SEED_DATACENTERS.gra.id,
          subnet: "10.0.0.0/28",
        }),
      );
      return { popId, configId: datacenter.outs.configId };
    });
  },
  inputs: (bed) => ({
    serviceName: SECONDARY,
    popId: (bed as OvhBed).parents.popId,
    datacenterConfigId: (bed as OvhBed).parents.configId,
    type: "network",
    nextHop: "10.0.0.5",
    subnet: "192.168.2.0/24",
    __provider: "serialized provider",
  }),
  updated: localChange,
  census: configCensus("extras", "addDatacenterExtraConfiguration", "datacenter extra config"),
};

// ---------------------------------------------------------------------------------------------------------
// Console Connect
// ---------------------------------------------------------------------------------------------------------

const CC_CONNECTION = "/api/v2/company/[^/]+/connections/[0-9a-f]{24}";

export const consoleConnect: Subject = {
  name: "consoleconnect.Layer2Connection",
  vendor: "Console Connect",
  provider: layer2ConnectionProvider,
  positions: {
    // The first call: the API key's company (GET /api/auth/token), once per process and key.
    token: { method: "GET", path: "^/api/auth/token$" },
    create: { method: "PUT", path: "^/api/v2/company/[^/]+/connections/layer2$" },
    "read#1": { method: "GET", path: `^${CC_CONNECTION}$` },
    "read#3": { method: "GET", path: `^${CC_CONNECTION}$`, skip: 2 },
    update: { method: "POST", path: `^${CC_CONNECTION}$` },
    delete: { method: "DELETE", path: `^${CC_CONNECTION}$` },
  },
  async start() {
    const running = await freshEmulator(() =>
      startConsoleConnectEmulator({
        creatingMs: 100,
        acceptedMs: 100,
        activatingMs: 100,
        disablingMs: 60,
        deletingMs: 60,
      }),
    );
    return {
      url: running.url,
      env: {
        CONSOLE_CONNECT_API_URL: running.url,
        CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY,
        CONSOLE_CONNECT_API_TIMEOUT: TIMEOUT,
      },
      close: () => running.close(),
    };
  },
  // Port to port within the company: approved by itself, so the lifecycle runs without anyone's decision.
  inputs: () => ({
    ...SEED_INPUTS.portToPort,
    portId: CONSOLE_CONNECT_SEED_PORTS.demoHongKong.id,
    name: "fm-p2p",
    __provider: "serialized provider",
  }),
  updated: (_bed, inputs) => ({ ...inputs, name: "fm-p2p-renamed" }),
  async census(bed) {
    const all: any[] = await control(bed.url, "GET", "/consoleconnect/connections");
    return {
      alive: all.filter((c) => c.status !== "DELETED" && !c.deleted).map((c) => `connection ${c.id}`),
      ever: { connection: all.length },
    };
  },
};
