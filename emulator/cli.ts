#!/usr/bin/env node
/**
 * pulumi-interconnect-emulator: runs vendor emulators from the command line (`npx pulumi-interconnect-emulator all`,
 * or `npm run emulator -- all` in this repository):
 *   pulumi-interconnect-emulator <equinix|ovh|consoleconnect|all> [--port N] [--state memory|DIR]
 *     [--rate-limit RATE[:BURST]]
 * With --state DIR, each emulator keeps its state in DIR/<vendor>.json across restarts. With --rate-limit, each
 * emulator answers 429 with Retry-After once a credential makes more than RATE requests/s (BURST at once; by
 * default RATE rounded up). Prints one "<vendor> emulator listening on <url>" line per emulator, then the
 * environment variables that point programs at them, and stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { VENDOR_EMULATORS } from "./all";
import { ListeningEmulator, RateLimitInput, rateLimitSchema } from "./core";

const FIRST_DEFAULT_PORT = 18080;
const NAMES = VENDOR_EMULATORS.map((v) => v.name);
const USAGE =
  `usage: pulumi-interconnect-emulator <${NAMES.join("|")}|all> [--port N] [--state memory|DIR] ` +
  "[--rate-limit RATE[:BURST]]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/**
 * Without --port each vendor has its default port (18080 + its offset). With --port P, one vendor takes P and
 * `all` gives each vendor P + its offset, so ports do not move as emulators are added; P = 0 picks free ports.
 */
function portFor(offset: number, basePort: number | undefined, all: boolean): number {
  if (basePort === undefined) return FIRST_DEFAULT_PORT + offset;
  if (basePort === 0) return 0;
  return basePort + (all ? offset : 0);
}

/** "5" or "5:10" (requests per second, burst); undefined when the text is not one. */
function parseRateLimit(text: string): RateLimitInput | undefined {
  const match = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const input = { rate: Number(match[1]), ...(match[2] === undefined ? {} : { burst: Number(match[2]) }) };
  return rateLimitSchema.safeParse(input).success ? input : undefined;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string" },
      state: { type: "string", default: "memory" },
      "rate-limit": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) fail("expected exactly one emulator name");
  const stateDir = values.state === "memory" ? undefined : values.state;
  const basePort = values.port === undefined ? undefined : Number(values.port);
  if (basePort !== undefined && !(Number.isInteger(basePort) && basePort >= 0 && basePort <= 65535))
    fail(`--port must be a port number, not "${values.port}"`);

  const rateText = values["rate-limit"];
  const rateLimit = rateText === undefined ? undefined : parseRateLimit(rateText);
  if (rateText !== undefined && !rateLimit)
    fail(`--rate-limit must be RATE or RATE:BURST (requests per second, burst), not "${rateText}"`);

  const selected = target === "all" ? VENDOR_EMULATORS : VENDOR_EMULATORS.filter((v) => v.name === target);
  if (selected.length === 0) fail(`unknown emulator "${target}"`);

  const running: ListeningEmulator[] = [];
  const env: Record<string, string> = {};
  for (const vendor of selected) {
    const emulator = await vendor.start(
      { stateDir, rateLimit },
      portFor(vendor.offset, basePort, target === "all"),
    );
    running.push(emulator);
    Object.assign(env, vendor.env(emulator.url));
    console.log(`${vendor.name} emulator listening on ${emulator.url}`);
  }
  console.log("\nPoint programs at them (demo credentials):");
  for (const [name, value] of Object.entries(env)) console.log(`export ${name}=${value}`);
  if (rateLimit)
    console.log(
      `\nRate-limit mode: ${rateLimit.rate} requests/s per credential` +
        `${rateLimit.burst === undefined ? "" : `, burst ${rateLimit.burst}`} (429 with Retry-After beyond)`,
    );

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
