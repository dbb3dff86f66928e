/**
 * Every vendor emulator at once, with the environment a Pulumi program needs to use them: the demo, the
 * examples' end-to-end tests and anyone trying the package without vendor accounts.
 */
import type { ListeningEmulator } from "./core";
import { EQUINIX_DEMO_CREDENTIALS, EquinixEmulatorOptions, startEquinixEmulator } from "./equinix";

export interface AllEmulatorsOptions {
  /** First port; the vendors take consecutive ports from it. 0 (the default) picks free ports. */
  basePort?: number;
  equinix?: EquinixEmulatorOptions;
}

export interface RunningEmulators {
  urls: Record<string, string>;
  /** Environment variables that point the providers and lookups at the emulators, with demo credentials. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startAllEmulators(options: AllEmulatorsOptions = {}): Promise<RunningEmulators> {
  const port = (offset: number) => (options.basePort ? options.basePort + offset : 0);
  const running: ListeningEmulator[] = [];
  try {
    const equinix = await startEquinixEmulator({ ...options.equinix, port: port(0) });
    running.push(equinix);
    return {
      urls: { equinix: equinix.url },
      env: {
        EQUINIX_API_ENDPOINT: equinix.url,
        EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
        EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
      },
      close: async () => void (await Promise.all(running.map((e) => e.close()))),
    };
  } catch (e) {
    await Promise.all(running.map((r) => r.close()));
    throw e;
  }
}
