/**
 * The Console Connect Layer 2 emulator: `createConsoleConnectEmulator` to embed it, `startConsoleConnectEmulator`
 * to run it. Point the provider at it with CONSOLE_CONNECT_API_URL=<url> and
 * CONSOLE_CONNECT_API_KEY=<CONSOLE_CONNECT_DEMO_API_KEY>.
 */
import type { FastifyRequest } from "fastify";
import { Emulator, ListeningEmulator, RateLimitInput, createEmulator } from "../core";
import { registerAuth } from "./auth";
import { MetroFacilityField, registerCatalogRoutes } from "./catalog";
import { ConnectionStore } from "./connections";
import { registerControlRoutes } from "./control";
import { consoleConnectErrorBody } from "./errors";
import type { LifecycleTiming } from "./lifecycle";
import { registerConnectionRoutes } from "./routes";
import { ConsoleConnectSwitchesInput, initialSwitches } from "./switches";

export {
  CONSOLE_CONNECT_COMPANIES,
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_FACILITIES,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_ORACLE_API_KEY,
  CONSOLE_CONNECT_ORACLE_COMPANY,
  CONSOLE_CONNECT_PARTNER_API_KEY,
  CONSOLE_CONNECT_PARTNER_COMPANY,
  CONSOLE_CONNECT_REGIONS,
  CONSOLE_CONNECT_SEED_PORTS,
  CONSOLE_CONNECT_VIEWER_API_KEY,
} from "./seed";
export type { ConnectionStatus as ConsoleConnectConnectionStatus } from "./lifecycle";
export type { MetroFacilityField } from "./catalog";
export type { ConsoleConnectSwitches, ConsoleConnectSwitchesInput } from "./switches";

export interface ConsoleConnectEmulatorOptions {
  /** Only for startConsoleConnectEmulator; 0 (the default) picks a free port. */
  port?: number;
  /**
   * When destination companies (the partner, and Support for `oracle`) approve requests and speed change
   * requests by themselves, through the same logic as the approve endpoints. Default 3000 ms, so that a demo
   * visibly waits; "manual": only when a test calls approve/reject with that company's API key.
   */
  approvalDelayMs?: number | "manual";
  /** CREATING; default 1000 ms. */
  creatingMs?: number;
  /** ACCEPTED, then ACTIVATING; default 1000 ms and 1500 ms. */
  acceptedMs?: number;
  activatingMs?: number;
  /** DISABLING and DELETING; default 1000 ms and 1500 ms. */
  disablingMs?: number;
  deletingMs?: number;
  /** The spelling of the metro capabilities' facility field; default the 2025 docs' one. */
  metroFacilityField?: MetroFacilityField;
  /**
   * Keep the connections in this JSON file across restarts: read at start if it exists, written after every
   * change and on close. The default keeps them in memory only.
   */
  stateFile?: string;
  /**
   * Where the specification leaves a choice open (switches.ts): `requireListParameters` (invented rule, on by
   * default), `listEnvelope` (invented `{total, results}` list, off), `notFoundAs400` (off: 404).
   * PATCH /__emulator/consoleconnect/switches changes them while the emulator runs.
   */
  switches?: ConsoleConnectSwitchesInput;
  /** Starts in the rate-limit mode (a token bucket per API key); off by default. */
  rateLimit?: RateLimitInput;
}

export interface RunningConsoleConnectEmulator extends ListeningEmulator {
  emulator: Emulator;
}

/** The credential of a request: its API key, its portal-token, or the email of a portal-token login. */
function credentialOf(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (bearer) return `api key ${bearer}`;
  const portalToken = request.headers["portal-token"];
  if (typeof portalToken === "string") return `portal-token ${portalToken}`;
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? `login ${email}` : undefined;
}

export function createConsoleConnectEmulator(options: ConsoleConnectEmulatorOptions = {}): Emulator {
  const emulator = createEmulator({
    vendor: "consoleconnect",
    errorBody: consoleConnectErrorBody,
    rateLimit: options.rateLimit,
    credentialOf,
  });
  const timing: LifecycleTiming = {
    approvalDelayMs: options.approvalDelayMs ?? 3000,
    creatingMs: options.creatingMs ?? 1000,
    acceptedMs: options.acceptedMs ?? 1000,
    activatingMs: options.activatingMs ?? 1500,
    disablingMs: options.disablingMs ?? 1000,
    deletingMs: options.deletingMs ?? 1500,
  };
  const store = new ConnectionStore(emulator.clock, timing);
  const switches = initialSwitches(options.switches);
  // The seed holds no connections, so the world is back to its seed once they are gone.
  emulator.onReset(() => {
    store.clear();
    Object.assign(switches, initialSwitches(options.switches));
  });

  const authenticate = registerAuth(emulator.app);
  emulator.app.get("/heartbeat", async () => ({
    name: "console-connect-api (emulated)",
    now: new Date(emulator.clock.now()).toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
  }));
  void emulator.app.register(async (scope) => {
    scope.addHook("onRequest", authenticate);
    // The emulated other parties take their due decisions before anything is read or changed.
    scope.addHook("onRequest", async () => store.settle());
    registerConnectionRoutes(scope, { store, clock: emulator.clock, switches });
    registerCatalogRoutes(scope, {
      store,
      metroFacilityField: options.metroFacilityField ?? "firstDataCenterFacilityIdInMetro",
    });
  });
  registerControlRoutes(emulator, store, switches);
  if (options.stateFile)
    emulator.persist(options.stateFile, { save: () => store.snapshot(), load: (s) => store.restore(s) });
  return emulator;
}

export async function startConsoleConnectEmulator(
  options: ConsoleConnectEmulatorOptions = {},
): Promise<RunningConsoleConnectEmulator> {
  const emulator = createConsoleConnectEmulator(options);
  return { ...(await emulator.listen(options.port)), emulator };
}
