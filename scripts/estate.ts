/**
 * `npm run estate`: draws the demo stack (`npm run demo` deploys it) with the pulumi-interconnect-estate command,
 * reading its state through the Automation API in the demo's project folder (the repo root) and backend, as
 * scripts/demo.ts sets them up. Further arguments go to the command (`npm run estate -- --title "Our estate"`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(__dirname, "../..");
/** The demo's stack and passphrase (see scripts/demo.ts and the README). */
const STACK = "demo";
const DEMO_PASSPHRASE = "pulumi-interconnect-demo";

function pulumiBinDir(): string {
  const result = spawnSync("bash", [path.join(REPO, "scripts/pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error("could not provide the Pulumi CLI (see the messages above)");
  return result.stdout.trim().split("\n").pop()!;
}

function main(): number {
  const defaultBackend = path.join(REPO, ".pulumi-state");
  const backend = process.env.PULUMI_BACKEND_URL ?? `file://${defaultBackend}`;
  const stateDir = backend.startsWith("file://") ? fileURLToPath(backend) : defaultBackend;
  if (backend.startsWith("file://") && !existsSync(path.join(stateDir, ".pulumi"))) {
    console.error(`No demo stack in ${stateDir}: run \`npm run demo\` first.`);
    return 1;
  }
  const bin = pulumiBinDir();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(REPO, ".cache/pulumi-home"),
    PULUMI_BACKEND_URL: backend,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEMO_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "1",
  };
  const args = process.argv.slice(2);
  const out = args.includes("--out") ? [] : ["--out", path.join(stateDir, "estate-demo.html")];
  const run = spawnSync(
    process.execPath,
    [path.join(REPO, "dist/estate/cli.js"), "--stack", STACK, "--cwd", REPO, ...out, ...args],
    { env, stdio: "inherit" },
  );
  return run.status ?? 1;
}

process.exit(main());
