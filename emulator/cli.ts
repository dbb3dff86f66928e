/**
 * Runs vendor emulators from the command line:
 *   node dist/emulator/cli.js <equinix|ovh|consoleconnect|all> [--port N] [--state memory]
 * Prints one "<vendor> emulator listening on <url>" line per emulator and stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import type { ListeningEmulator } from "./core";
import { startConsoleConnectEmulator } from "./consoleconnect";
import { startEquinixEmulator } from "./equinix";
import { startOvhEmulator } from "./ovh";

/** Every vendor, in the order `all` assigns consecutive ports to them. */
const VENDORS = ["equinix", "ovh", "consoleconnect"] as const;
type Vendor = (typeof VENDORS)[number];

const FIRST_DEFAULT_PORT = 18080;

/** The emulators that exist so far; the OVH and Console Connect ones register here. */
const STARTERS: Partial<Record<Vendor, (options: { port: number }) => Promise<ListeningEmulator>>> = {
  equinix: startEquinixEmulator,
  ovh: startOvhEmulator,
  consoleconnect: startConsoleConnectEmulator,
};

const USAGE = `usage: node dist/emulator/cli.js <${VENDORS.join("|")}|all> [--port N] [--state memory]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function isVendor(name: string): name is Vendor {
  return (VENDORS as readonly string[]).includes(name);
}

/**
 * Without --port each vendor has its default port (18080 + its place in VENDORS). With --port P, one vendor takes
 * P and `all` gives each vendor P + its place, so ports do not move as emulators are added; P = 0 picks free ports.
 */
function portFor(vendor: Vendor, basePort: number | undefined, all: boolean): number {
  const place = VENDORS.indexOf(vendor);
  if (basePort === undefined) return FIRST_DEFAULT_PORT + place;
  if (basePort === 0) return 0;
  return basePort + (all ? place : 0);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string" },
      state: { type: "string", default: "memory" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) fail("expected exactly one emulator name");
  if (values.state !== "memory") fail(`unsupported --state "${values.state}": only "memory" exists`);
  const basePort = values.port === undefined ? undefined : Number(values.port);
  if (basePort !== undefined && !(Number.isInteger(basePort) && basePort >= 0 && basePort <= 65535))
    fail(`--port must be a port number, not "${values.port}"`);

  let selected: Vendor[];
  if (target === "all") selected = VENDORS.filter((vendor) => STARTERS[vendor]);
  else if (isVendor(target)) selected = [target];
  else fail(`unknown emulator "${target}"`);

  const running: ListeningEmulator[] = [];
  for (const vendor of selected) {
    const start = STARTERS[vendor];
    if (!start) fail(`the ${vendor} emulator does not exist yet`);
    const port = portFor(vendor, basePort, target === "all");
    const emulator = await start({ port });
    running.push(emulator);
    console.log(`${vendor} emulator listening on ${emulator.url}`);
  }

  const stop = () => {
    void Promise.all(running.map((emulator) => emulator.close())).then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
