/** The Equinix Fabric v3 Layer 2 emulator: `createEquinixEmulator` to embed it, `startEquinixEmulator` to run it. */
import { Emulator, ListeningEmulator, RateLimitInput, createEmulator } from "../core";
import { TOKEN_PATH, registerOAuth } from "./auth";
import { ConnectionStore } from "./connections";
import { registerControlRoutes } from "./control";
import { equinixErrorBody } from "./errors";
import type { LifecycleTiming } from "./lifecycle";
import { registerApiRoutes } from "./routes";
import { EQUINIX_DEMO_CREDENTIALS } from "./seed";

export * from "./seed";
export { ERROR_CODES } from "./errors";
export type { ConnectionStatus, ProviderStatus } from "./lifecycle";

export interface EquinixEmulatorOptions {
  /** Only for startEquinixEmulator; 0 (the default) picks a free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Token lifetime on the emulator clock; the API's default is 3599. */
  tokenTtlSeconds?: number;
  /** When the seller of an approval profile approves by itself; "manual" (default): only via the control endpoint. */
  approvalDelayMs?: number | "manual";
  provisioningMs?: number;
  deprovisioningMs?: number;
  /** Keep the account's connections in this JSON file across restarts (the default keeps them in memory). */
  stateFile?: string;
  /** Starts in the rate-limit mode (a token bucket per OAuth client); off by default. */
  rateLimit?: RateLimitInput;
}

export interface RunningEquinixEmulator extends ListeningEmulator {
  emulator: Emulator;
}

export function createEquinixEmulator(options: EquinixEmulatorOptions = {}): Emulator {
  const clientId = options.clientId ?? EQUINIX_DEMO_CREDENTIALS.clientId;
  const emulator = createEmulator({
    vendor: "equinix",
    errorBody: equinixErrorBody,
    rateLimit: options.rateLimit,
    // The OAuth client: the token request's client_id, or the client a (checked) bearer token was issued to.
    credentialOf: (request) => {
      const body = request.body as { client_id?: unknown } | undefined;
      if (request.url.split("?")[0] === TOKEN_PATH)
        return typeof body?.client_id === "string" ? `client ${body.client_id}` : undefined;
      return request.headers.authorization ? `client ${clientId}` : undefined;
    },
  });
  const timing: LifecycleTiming = {
    approvalDelayMs: options.approvalDelayMs ?? "manual",
    provisioningMs: options.provisioningMs ?? 1500,
    deprovisioningMs: options.deprovisioningMs ?? 1500,
  };
  const store = new ConnectionStore(emulator.clock, timing);
  // The seed holds no connections, so the account's state is back to its seed once they are gone.
  emulator.onReset(() => store.clear());

  const authenticate = registerOAuth(emulator, {
    clientId,
    clientSecret: options.clientSecret ?? EQUINIX_DEMO_CREDENTIALS.clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
  });
  registerApiRoutes(emulator.app, { store, clock: emulator.clock }, authenticate);
  registerControlRoutes(emulator, store);
  if (options.stateFile)
    emulator.persist(options.stateFile, { save: () => store.all(), load: (saved) => store.restore(saved) });
  return emulator;
}

export async function startEquinixEmulator(
  options: EquinixEmulatorOptions = {},
): Promise<RunningEquinixEmulator> {
  const emulator = createEquinixEmulator(options);
  return { ...(await emulator.listen(options.port)), emulator };
}
