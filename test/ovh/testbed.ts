/**
 * The OVH emulator started in the test process on a free port, with the provider pointed at it through the
 * environment variables a user would set (OVH_ENDPOINT and the three keys), and fast task steps and polls.
 */
import {
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_DATACENTERS,
  OVH_SEED_SERVICES,
  OVH_SEED_VRACK,
  OvhEmulatorOptions,
  RunningOvhEmulator,
  startOvhEmulator,
} from "../../emulator/ovh";

export const PRIMARY: string = OVH_SEED_SERVICES.primary.uuid;
export const SECONDARY: string = OVH_SEED_SERVICES.secondary.uuid;
export const VRACK: string = OVH_SEED_VRACK;
export const GRA: number = OVH_SEED_DATACENTERS.gra.id;
export const RBX: number = OVH_SEED_DATACENTERS.rbx.id;
export const INTERFACE: number = OVH_SEED_SERVICES.primary.interfaces[0].id;
export const SECONDARY_INTERFACE: number = OVH_SEED_SERVICES.secondary.interfaces[0].id;

/** Sets the environment the provider reads its settings from. */
export function useEmulatorEnvironment(endpoint: string): void {
  process.env.OVH_ENDPOINT = endpoint;
  process.env.OVH_APPLICATION_KEY = OVH_DEMO_CREDENTIALS.applicationKey;
  process.env.OVH_APPLICATION_SECRET = OVH_DEMO_CREDENTIALS.applicationSecret;
  process.env.OVH_CONSUMER_KEY = OVH_DEMO_CREDENTIALS.consumerKey;
  delete process.env.OVH_CLIENT_ID;
  delete process.env.OVH_CLIENT_SECRET;
  process.env.INTERCONNECT_POLL_MS = "50";
}

export interface Testbed {
  running: RunningOvhEmulator;
  /** An OVH control call (/__emulator/ovh/…); returns the parsed answer. */
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** The emulator's whole state (services, links, configs, tasks with their status). */
  state(): Promise<any>;
  /** The vendor requests received so far, as "METHOD /path" lines. */
  calls(): string[];
  close(): Promise<void>;
}

/** Calls the emulator's control API (`/__emulator…`) and returns the parsed answer. */
export function emulatorControl(url: string) {
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * Options every testbed of the test file starts with (provider.emulator.inventedOff.test.ts turns the invented
 * rules off here before the shared tests load).
 */
export const testbedDefaults: OvhEmulatorOptions = {};

export async function startTestbed(options: OvhEmulatorOptions = {}): Promise<Testbed> {
  const running = await startOvhEmulator({
    taskStepMs: 50,
    vrackTaskStepMs: 50,
    ...testbedDefaults,
    ...options,
  });
  useEmulatorEnvironment(running.endpoint);
  const call = emulatorControl(running.url);
  const control = (method: string, path: string, body?: unknown) => call(method, `/ovh${path}`, body);
  return {
    running,
    control,
    state: () => control("GET", "/state"),
    calls: () => running.emulator.requests.list().map((r) => `${r.method} ${r.path.replace("/1.0", "")}`),
    close: () => running.close(),
  };
}
