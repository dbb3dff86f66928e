/** The OVHcloud Connect + vRack emulator: `createOvhEmulator` to embed it, `startOvhEmulator` to run it. */
import { Emulator, ListeningEmulator, createEmulator, isControlPath } from "../core";
import { registerAuth } from "./auth";
import { registerControlRoutes } from "./control";
import { newQueryId, ovhErrorBody } from "./errors";
import { registerApiRoutes } from "./routes";
import { OVH_DEMO_CREDENTIALS } from "./seed";
import { OvhStore } from "./store";

export * from "./seed";
export { API_PREFIX, TOKEN_PATH } from "./auth";
export { GATEWAY_ERRORS } from "./errors";
export type { ConfigStatus, OvhSnapshot, TaskOutcome } from "./store";

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
  /** The same for vRack tasks. Default 1000 ms. */
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
}

export interface RunningOvhEmulator extends ListeningEmulator {
  emulator: Emulator;
  /** The base URL to give clients (`OVH_ENDPOINT`): `<url>/1.0`. */
  endpoint: string;
}

export function createOvhEmulator(options: OvhEmulatorOptions = {}): Emulator {
  const emulator = createEmulator({ vendor: "ovh", errorBody: ovhErrorBody });
  const store = new OvhStore(emulator.clock, {
    taskStepMs: options.taskStepMs ?? 1000,
    vrackTaskStepMs: options.vrackTaskStepMs ?? 1000,
  });
  emulator.onReset(() => store.reset());
  // Every answer carries a request id; every request first applies the tasks that have finished.
  emulator.app.addHook("onRequest", async (request, reply) => {
    store.settle();
    if (!isControlPath(request.url)) reply.header("X-Ovh-QueryID", newQueryId());
  });

  const authenticate = registerAuth(emulator, {
    applicationKey: options.applicationKey ?? OVH_DEMO_CREDENTIALS.applicationKey,
    applicationSecret: options.applicationSecret ?? OVH_DEMO_CREDENTIALS.applicationSecret,
    consumerKey: options.consumerKey ?? OVH_DEMO_CREDENTIALS.consumerKey,
    clientId: options.clientId ?? OVH_DEMO_CREDENTIALS.clientId,
    clientSecret: options.clientSecret ?? OVH_DEMO_CREDENTIALS.clientSecret,
    timestampToleranceSeconds: options.timestampToleranceSeconds ?? 300,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
  });
  registerApiRoutes(emulator.app, { store, clock: emulator.clock }, authenticate);
  registerControlRoutes(emulator, store);
  if (options.stateFile)
    emulator.persist(options.stateFile, { save: () => store.snapshot(), load: (s) => store.restore(s) });
  return emulator;
}

export async function startOvhEmulator(options: OvhEmulatorOptions = {}): Promise<RunningOvhEmulator> {
  const emulator = createOvhEmulator(options);
  const listening = await emulator.listen(options.port);
  return { ...listening, emulator, endpoint: `${listening.url}/1.0` };
}
