/**
 * The fleet's command line: deploy, preview or destroy one stack per site, a few at a time, through the
 * Automation API. See lib.ts and the README's "At team scale".
 *
 *   npx vite-node examples/fleet/fleet.ts -- up --sites 4 --concurrency 2     (in this repository)
 *   npx ts-node fleet.ts up --sites 4                                          (a copy of the folder)
 *
 * The Pulumi CLI comes from PATH. The vendors' endpoints and credentials come from the environment (or the site
 * stacks' config), as for any program: `npm run emulator -- all` prints the variables for the emulators.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { FleetContext, USAGE, UsageError, parseFleetArgs, runFleet, summaryTable } from "./lib";

/** Only protects the example's own file-backend stacks; set PULUMI_CONFIG_PASSPHRASE for anything real. */
const EXAMPLE_PASSPHRASE = "pulumi-interconnect-fleet";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseFleetArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: options.backend,
    PULUMI_SKIP_UPDATE_CHECK: "1",
  };
  // A self-managed file backend is a folder the CLI expects to exist.
  if (options.backend.startsWith("file://"))
    mkdirSync(fileURLToPath(options.backend.replace(/\?.*$/, "")), { recursive: true });
  const passphraseSet =
    process.env.PULUMI_CONFIG_PASSPHRASE !== undefined ||
    process.env.PULUMI_CONFIG_PASSPHRASE_FILE !== undefined;
  if (!passphraseSet && !options.secretsProvider && options.backend.startsWith("file://")) {
    env.PULUMI_CONFIG_PASSPHRASE = EXAMPLE_PASSPHRASE;
    console.log(
      `(no PULUMI_CONFIG_PASSPHRASE: the example's stacks use the passphrase "${EXAMPLE_PASSPHRASE}")`,
    );
  }
  const ctx: FleetContext = {
    options,
    env,
    pulumi: await PulumiCommand.get(),
    write: (line) => console.log(line),
  };
  const results = await runFleet(ctx);
  console.log(`\n${summaryTable(results)}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
