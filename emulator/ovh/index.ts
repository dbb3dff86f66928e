/** The OVHcloud Connect + vRack emulator: `createOvhEmulator` to embed it, `startOvhEmulator` to run it. */
import type { FastifyRequest } from "fastify";
import { Emulator, ListeningEmulator, RateLimitInput, createEmulator, isControlPath } from "../core";
import { API_PREFIX, TOKEN_PATH, registerAuth } from "./auth";
import { registerControlRoutes } from "./control";
import { newQueryId, ovhErrorBody } from "./errors";
import { registerApiRoutes } from "./routes";
import { OVH_DATACENTER_LIST, OVH_DEMO_CREDENTIALS, ovhLoadDatacenters } from "./seed";
import { OvhStore } from "./store";
import { InventedRulesInput, initialSwitches } from "./switches";

export * from "./seed";
export { API_PREFIX, TOKEN_PATH } from "./auth";
export { GATEWAY_ERRORS } from "./errors";
export type { ConfigStatus, OvhSnapshot, TaskOutcome } from "./store";
export { OVH_INVENTED_RULES } from "./switches";
export type { InventedRulesInput, OvhInventedRule, OvhSwitches, OvhSwitchesInput } from "./switches";

export interface OvhEmulatorOptions {
  /** Only for startOvhEmulator; 0 (the default) picks a free port. */
  port?: number;
  applicationKey?: string;
  applicationSecret?: string;
  consumerKey?: string;
  clientId?: string;
  clientSecret?: string;
  /** How long an OVHcloud Connect task stays todo, then doing (per object it touches). Default 1000 ms. */
  taskStepMs?: number;
  /** How long a vRack task stays init, then todo, then doing. Default 1000 ms. */
  vrackTaskStepMs?: number;
  /** How far X-Ovh-Timestamp may be from the emulator clock before QUERY_TIME_OUT. Default 300 s. */
  timestampToleranceSeconds?: number;
  /** OAuth2 token lifetime on the emulator clock. Default 3600 s. */
  tokenTtlSeconds?: number;
  /**
   * Keep the account's state (configs, links, tasks, ids) in this JSON file across restarts; the default keeps
   * it in memory. OAuth2 tokens are not kept: they are sessions (a client answered 401 asks for a new one).
   */
  stateFile?: string;
  /**
   * The rules no source documents (OVH_INVENTED_RULES): all on (the default), all off (false), or some by name.
   * PATCH /__emulator/ovh/switches changes them while the emulator runs.
   */
  inventedRules?: InventedRulesInput;
  /** GET /vrack/{vrack}/allowedServices lists no service, as for a caller without the optional IAM action. */
  allowedServicesHidden?: boolean;
  /** Starts in the rate-limit mode (a token bucket per application key + consumer key); off by default. */
  rateLimit?: RateLimitInput;
  /**
   * Invented: this many more datacenters (`ovhLoadDatacenters`: `load-01`…, ids 11…, at most 24) that every
   * service reaches, for loads of many datacenter configs; default 0 (the seed's five).
   */
  loadDatacenters?: number;
}

export interface RunningOvhEmulator extends ListeningEmulator {
  emulator: Emulator;
  /** The base URL to give clients (`OVH_ENDPOINT`): `<url>/1.0`. */
  endpoint: string;
}

/**
 * The credential a request is made with: the application key with the consumer key (OVH's own rate-limit unit,
 * python-ovh#81: "per consumer key"), the OAuth2 client, or for the unauthenticated GET /auth/time none (counted
 * against the source address).
 */
function credentialOf(clientId: string) {
  return (request: FastifyRequest): string | undefined => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const application = header("x-ovh-application");
    if (application) return `application ${application} consumer ${header("x-ovh-consumer") ?? ""}`;
    const authorization = header("authorization") ?? "";
    if (request.url.split("?")[0] === TOKEN_PATH) {
      const basic = /^Basic\s+(\S+)$/i.exec(authorization);
      const id = basic
        ? Buffer.from(basic[1], "base64").toString("utf8").split(":")[0]
        : (request.body as { client_id?: string } | undefined)?.client_id;
      return id ? `client ${id}` : undefined;
    }
    // A bearer token that passed the check was issued to the emulator's one OAuth2 client.
    if (/^Bearer\s/i.test(authorization) && request.url.startsWith(`${API_PREFIX}/`))
      return `client ${clientId}`;
    return undefined;
  };
}

export function createOvhEmulator(options: OvhEmulatorOptions = {}): Emulator {
  const clientId = options.clientId ?? OVH_DEMO_CREDENTIALS.clientId;
  const emulator = createEmulator({
    vendor: "ovh",
    errorBody: ovhErrorBody,
    rateLimit: options.rateLimit,
    credentialOf: credentialOf(clientId),
  });
  const store = new OvhStore(emulator.clock, {
    taskStepMs: options.taskStepMs ?? 1000,
    vrackTaskStepMs: options.vrackTaskStepMs ?? 1000,
  });
  const factorySwitches = {
    inventedRules: options.inventedRules,
    allowedServicesHidden: options.allowedServicesHidden,
  };
  const switches = initialSwitches(factorySwitches);
  emulator.onReset(() => {
    store.reset();
    Object.assign(switches, initialSwitches(factorySwitches));
  });
  // Every answer carries a request id; every request first applies the tasks that have finished.
  emulator.app.addHook("onRequest", async (request, reply) => {
    store.settle();
    if (!isControlPath(request.url)) reply.header("X-Ovh-QueryID", newQueryId());
  });

  const authenticate = registerAuth(emulator, {
    applicationKey: options.applicationKey ?? OVH_DEMO_CREDENTIALS.applicationKey,
    applicationSecret: options.applicationSecret ?? OVH_DEMO_CREDENTIALS.applicationSecret,
    consumerKey: options.consumerKey ?? OVH_DEMO_CREDENTIALS.consumerKey,
    clientId,
    clientSecret: options.clientSecret ?? OVH_DEMO_CREDENTIALS.clientSecret,
    timestampToleranceSeconds: options.timestampToleranceSeconds ?? 300,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
  });
  const datacenters = [...OVH_DATACENTER_LIST, ...ovhLoadDatacenters(options.loadDatacenters ?? 0)];
  registerApiRoutes(emulator.app, { store, clock: emulator.clock, switches, datacenters }, authenticate);
  registerControlRoutes(emulator, store, switches);
  if (options.stateFile)
    emulator.persist(options.stateFile, { save: () => store.snapshot(), load: (s) => store.restore(s) });
  return emulator;
}

export async function startOvhEmulator(options: OvhEmulatorOptions = {}): Promise<RunningOvhEmulator> {
  const emulator = createOvhEmulator(options);
  const listening = await emulator.listen(options.port);
  return { ...listening, emulator, endpoint: `${listening.url}/1.0` };
}
