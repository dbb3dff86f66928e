/**
 * Every vendor emulator at once, with the environment a Pulumi program needs to use them: the demo, the
 * examples' end-to-end tests and anyone trying the package without vendor accounts.
 */
import path from "node:path";
import type { ListeningEmulator, RateLimitInput } from "./core";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  ConsoleConnectEmulatorOptions,
  startConsoleConnectEmulator,
} from "./consoleconnect";
import { EQUINIX_DEMO_CREDENTIALS, EquinixEmulatorOptions, startEquinixEmulator } from "./equinix";
import { API_PREFIX, OVH_DEMO_CREDENTIALS, OvhEmulatorOptions, startOvhEmulator } from "./ovh";

export interface AllEmulatorsOptions {
  /** Keep each emulator's state in `<stateDir>/<vendor>.json` across restarts (default: in memory only). */
  stateDir?: string;
  /** First port; the vendors take consecutive ports from it, as `npm run emulator -- all` does. 0 picks free ports. */
  basePort?: number;
  /**
   * Every emulator in the rate-limit mode with these settings (a vendor's own `rateLimit` option wins); off by
   * default.
   */
  rateLimit?: RateLimitInput;
  equinix?: EquinixEmulatorOptions;
  ovh?: OvhEmulatorOptions;
  consoleconnect?: ConsoleConnectEmulatorOptions;
}

export interface RunningEmulators {
  urls: Record<string, string>;
  /** Environment variables that point the providers and lookups at the emulators, with demo credentials. */
  env: Record<string, string>;
  close(): Promise<void>;
}

function stateFile(options: AllEmulatorsOptions, vendor: string): string | undefined {
  return options.stateDir ? path.join(options.stateDir, `${vendor}.json`) : undefined;
}

export interface VendorEmulator {
  name: "equinix" | "ovh" | "consoleconnect";
  /** Its port is the base port plus this offset (18080, 18081, 18082 by default). */
  offset: number;
  start: (options: AllEmulatorsOptions, port: number) => Promise<ListeningEmulator>;
  /** The environment variables that point a provider at it, with the emulator's demo credentials. */
  env: (url: string) => Record<string, string>;
}

/** Each vendor: how to start it, and the environment its provider reads (see the README's credentials table). */
export const VENDOR_EMULATORS: readonly VendorEmulator[] = [
  {
    name: "equinix",
    offset: 0,
    start: (o, port) =>
      startEquinixEmulator({
        rateLimit: o.rateLimit,
        ...o.equinix,
        port,
        stateFile: stateFile(o, "equinix"),
      }),
    env: (url) => ({
      EQUINIX_API_ENDPOINT: url,
      EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
      EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    }),
  },
  {
    name: "ovh",
    offset: 1,
    start: (o, port) =>
      startOvhEmulator({ rateLimit: o.rateLimit, ...o.ovh, port, stateFile: stateFile(o, "ovh") }),
    env: (url) => ({
      OVH_ENDPOINT: `${url}${API_PREFIX}`,
      OVH_APPLICATION_KEY: OVH_DEMO_CREDENTIALS.applicationKey,
      OVH_APPLICATION_SECRET: OVH_DEMO_CREDENTIALS.applicationSecret,
      OVH_CONSUMER_KEY: OVH_DEMO_CREDENTIALS.consumerKey,
    }),
  },
  {
    name: "consoleconnect",
    offset: 2,
    start: (o, port) =>
      startConsoleConnectEmulator({
        rateLimit: o.rateLimit,
        ...o.consoleconnect,
        port,
        stateFile: stateFile(o, "consoleconnect"),
      }),
    env: (url) => ({ CONSOLE_CONNECT_API_URL: url, CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY }),
  },
];

export async function startAllEmulators(options: AllEmulatorsOptions = {}): Promise<RunningEmulators> {
  const running: ListeningEmulator[] = [];
  const urls: Record<string, string> = {};
  let env: Record<string, string> = {};
  try {
    for (const vendor of VENDOR_EMULATORS) {
      const emulator = await vendor.start(options, options.basePort ? options.basePort + vendor.offset : 0);
      running.push(emulator);
      urls[vendor.name] = emulator.url;
      env = { ...env, ...vendor.env(emulator.url) };
    }
  } catch (e) {
    await Promise.all(running.map((r) => r.close()));
    throw e;
  }
  return { urls, env, close: async () => void (await Promise.all(running.map((e) => e.close()))) };
}
