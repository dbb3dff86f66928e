/**
 * The Equinix Fabric emulator: the v3 Layer 2 API and the Fabric v4 connections API on one app and port, sharing
 * the token endpoint and the ports. `createEquinixEmulator` to embed it, `startEquinixEmulator` to run it.
 */
import type { FastifyRequest } from "fastify";
import { Emulator, ListeningEmulator, RateLimitInput, createEmulator, pathWithoutQuery } from "../core";
import { OAuth, TOKEN_PATH, registerOAuth } from "./auth";
import { ConnectionStore, StoredConnection } from "./connections";
import { registerControlRoutes } from "./control";
import { equinixErrorBody } from "./errors";
import type { LifecycleTiming } from "./lifecycle";
import { registerApiRoutes } from "./routes";
import { EQUINIX_DEMO_CREDENTIALS, EQUINIX_SELLER_CREDENTIALS } from "./seed";
import { FabricV4Options, SavedFabricV4, fabricV4ErrorBody, isFabricV4Path, registerFabricV4 } from "./v4";

export * from "./seed";
export { ERROR_CODES } from "./errors";
export type { ConnectionStatus, ProviderStatus } from "./lifecycle";
export {
  DEFAULT_FABRIC_V4_SETTINGS,
  FABRIC_V4_BUYER_PORTS,
  FABRIC_V4_CONTROL_PREFIX,
  FABRIC_V4_PORT_LIST,
  FABRIC_V4_PREFIX,
  FABRIC_V4_PROFILES,
  FABRIC_V4_PROFILE_LIST,
  FABRIC_V4_SELLER_PORTS,
  INVENTED_RULES,
  V4_ERROR_CODES,
} from "./v4";
export type { Approval, FabricV4Options, FabricV4Settings, InventedRule, V4Port, V4Profile } from "./v4";

export interface EquinixEmulatorOptions {
  /** Only for startEquinixEmulator; 0 (the default) picks a free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** The Fabric v4 seller identity's credentials (default EQUINIX_SELLER_CREDENTIALS). */
  sellerClientId?: string;
  sellerClientSecret?: string;
  /** Token lifetime on the emulator clock; the API's default is 3599. */
  tokenTtlSeconds?: number;
  /** When the seller of an approval profile approves by itself; "manual" (default): only via the control endpoint. */
  approvalDelayMs?: number | "manual";
  provisioningMs?: number;
  deprovisioningMs?: number;
  /** Fabric v4 timings, approval modes and invented rules (docs/equinix-emulator.md); v3 ignores them. */
  fabricV4?: FabricV4Options;
  /** Keep the account's connections in this JSON file across restarts (the default keeps them in memory). */
  stateFile?: string;
  /** Starts in the rate-limit mode (a token bucket per OAuth client); off by default. */
  rateLimit?: RateLimitInput;
}

export interface RunningEquinixEmulator extends ListeningEmulator {
  emulator: Emulator;
}

/** What the state file holds: v3 connections and v4 ones. Files from before v4 hold the v3 array alone. */
interface SavedEquinixState {
  v3: StoredConnection[];
  v4: SavedFabricV4;
}

/** Emulator-made errors (faults, 404s, bad bodies) in the shape of the API generation that was called. */
function errorBody(status: number, code: string, message: string, request?: FastifyRequest) {
  return request && isFabricV4Path(pathWithoutQuery(request.url))
    ? fabricV4ErrorBody(status, code, message, request)
    : equinixErrorBody(status, code, message);
}

export function createEquinixEmulator(options: EquinixEmulatorOptions = {}): Emulator {
  let oauth: OAuth | undefined = undefined; // set once the emulator exists; its hooks read it
  const clientOf: Record<string, string> = {
    buyer: options.clientId ?? EQUINIX_DEMO_CREDENTIALS.clientId,
    seller: options.sellerClientId ?? EQUINIX_SELLER_CREDENTIALS.clientId,
  };
  const emulator = createEmulator({
    vendor: "equinix",
    errorBody,
    rateLimit: options.rateLimit,
    // The OAuth client: the token request's client_id, or the identity a (checked) bearer token was issued to.
    credentialOf: (request) => {
      const body = request.body as { client_id?: unknown } | undefined;
      if (pathWithoutQuery(request.url) === TOKEN_PATH)
        return typeof body?.client_id === "string" ? `client ${body.client_id}` : undefined;
      const token = oauth?.check(request);
      return token?.ok ? `client ${clientOf[token.identity]}` : undefined;
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

  oauth = registerOAuth(emulator, {
    clients: [
      {
        clientId: clientOf.buyer,
        clientSecret: options.clientSecret ?? EQUINIX_DEMO_CREDENTIALS.clientSecret,
        identity: "buyer",
      },
      {
        clientId: clientOf.seller,
        clientSecret: options.sellerClientSecret ?? EQUINIX_SELLER_CREDENTIALS.clientSecret,
        identity: "seller",
      },
    ],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
  });
  registerApiRoutes(emulator.app, { store, clock: emulator.clock }, oauth.authenticate);
  registerControlRoutes(emulator, store);
  const fabricV4 = registerFabricV4(emulator, {
    v3: store,
    checkToken: oauth.check,
    options: options.fabricV4,
  });
  if (options.stateFile)
    emulator.persist(options.stateFile, {
      save: (): SavedEquinixState => ({ v3: store.all(), v4: fabricV4.save() }),
      load(saved) {
        // A file written before Fabric v4 was emulated holds the v3 connections as a bare array.
        const state = Array.isArray(saved) ? { v3: saved, v4: undefined } : (saved as SavedEquinixState);
        store.restore(state.v3);
        fabricV4.load(state.v4);
      },
    });
  return emulator;
}

export async function startEquinixEmulator(
  options: EquinixEmulatorOptions = {},
): Promise<RunningEquinixEmulator> {
  const emulator = createEquinixEmulator(options);
  return { ...(await emulator.listen(options.port)), emulator };
}
