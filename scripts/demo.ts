/**
 * `npm run demo`: starts the local emulators, deploys the demo estate (Pulumi.yaml at the repo root) with the
 * real Pulumi CLI and a local file backend, and prints the stack outputs. `npm run demo:destroy` tears it down.
 *
 * The emulators run only as long as this command, but keep their state in files beside the stack's state, so a
 * second run finds the estate as it was and changes nothing; each run refreshes first, so that anything changed
 * or lost in between shows up and is put right.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startAllEmulators } from "pulumi-interconnect-emulator";
import { writeEstateView } from "../estate";

const REPO = path.resolve(__dirname, "../..");
const STACK = "demo";
/** The demo stack's secrets passphrase (documented in the README); only protects demo data. */
const DEMO_PASSPHRASE = "pulumi-interconnect-demo";

function pulumiBinDir(): string {
  const result = spawnSync("bash", [path.join(REPO, "scripts/pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error("could not provide the Pulumi CLI (see the messages above)");
  return result.stdout.trim().split("\n").pop()!;
}

function pulumi(
  args: string[],
  env: NodeJS.ProcessEnv,
  capture = false,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn("pulumi", args, {
      cwd: REPO,
      env,
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    });
    let stdout = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

function printOutputs(outputs: Record<string, unknown>, indent = ""): void {
  for (const [key, value] of Object.entries(outputs)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      console.log(`${indent}${key}:`);
      printOutputs(value as Record<string, unknown>, `${indent}  `);
    } else {
      console.log(`${indent}${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`);
    }
  }
}

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true });
  const action = positionals[0] ?? "up";
  if (!["up", "destroy", "preview"].includes(action)) {
    console.error("usage: node dist/scripts/demo.js [up|destroy|preview]");
    return 2;
  }
  const bin = pulumiBinDir();
  // The demo's own local backend, unless the caller chose one (the end-to-end test of the demo does). The
  // emulators keep their state beside the stack's, so that the estate outlives this command as it would remotely.
  const defaultBackend = path.join(REPO, ".pulumi-state");
  const backend = process.env.PULUMI_BACKEND_URL ?? `file://${defaultBackend}`;
  const stateDir = backend.startsWith("file://") ? fileURLToPath(backend) : defaultBackend;
  mkdirSync(stateDir, { recursive: true });
  const emulators = await startAllEmulators({
    stateDir: path.join(stateDir, "emulators"),
    // The emulated other parties approve by themselves after a few seconds, while `pulumi up` visibly waits: the
    // Equinix seller on Fabric v4 (the demo's API), and on ECX v3 for stacks that still use it.
    equinix: {
      approvalDelayMs: 4000,
      provisioningMs: 2000,
      deprovisioningMs: 2000,
      fabricV4: {
        sellerApproval: { autoAfterMs: 4000 },
        provisioningMs: 2000,
        deprovisioningMs: 2000,
        updateMs: 1000,
      },
    },
  });
  try {
    for (const [vendor, url] of Object.entries(emulators.urls)) console.log(`${vendor} emulator: ${url}`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...emulators.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(REPO, ".cache/pulumi-home"),
      PULUMI_BACKEND_URL: backend,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEMO_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      INTERCONNECT_POLL_MS: process.env.INTERCONNECT_POLL_MS ?? "500",
    };
    const selected = await pulumi(["stack", "select", STACK, "--create", "--non-interactive"], env);
    if (selected.code !== 0) return selected.code;
    // Every resource may wait for an approval at once (README, "`--parallel` for approval-heavy stacks").
    const flags = ["--non-interactive", "--refresh", "--parallel", "32"];
    const ran =
      action === "preview"
        ? await pulumi(["preview", ...flags], env)
        : await pulumi([action, "--yes", ...flags], env);
    if (ran.code !== 0 || action !== "up") return ran.code;
    const outputs = await pulumi(["stack", "output", "--json", "--non-interactive"], env, true);
    console.log("\nThe demo estate:");
    printOutputs(JSON.parse(outputs.stdout || "{}"), "  ");
    // The estate's diagram, from the state as `pulumi stack export` writes it (secrets stay encrypted).
    const exported = await pulumi(["stack", "export", "--non-interactive"], env, true);
    if (exported.code !== 0) return exported.code;
    const view = await writeEstateView(JSON.parse(exported.stdout), path.join(stateDir, "estate-demo.html"));
    console.log(`\nThe estate's diagram: ${view}`);
    console.log("\nRun `npm run demo` again to redeploy, `npm run demo:destroy` to tear it down.");
    return 0;
  } finally {
    await emulators.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
