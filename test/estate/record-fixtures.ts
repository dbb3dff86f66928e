/**
 * Records the state exports under test/estate/fixtures/ from real runs: the real Pulumi CLI deploys the demo (its
 * Equinix pair on Fabric v4), a stack of partial failures (Fabric v4) and some examples (seed 001's on ECX v3, the
 * Azure and Google ones on Fabric v4) against the emulators, and `pulumi stack export` writes what the estate view
 * reads. Not a test (vitest does not pick it up); run it by hand after `npm run build` when the resources' outputs
 * change:
 *
 *   npx vite-node test/estate/record-fixtures.ts [name…]
 *
 * Each recording is checked for the emulators' credentials before it is written; secrets stay as Pulumi
 * encrypted them. The stacks are destroyed afterwards, and their folders removed.
 */
import axios from "axios";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RunningEmulators, startAllEmulators } from "../../emulator/all";
import { CONSOLE_CONNECT_DEMO_API_KEY } from "../../emulator/consoleconnect";
import { EQUINIX_DEMO_CREDENTIALS } from "../../emulator/equinix";
import { OVH_DEMO_CREDENTIALS } from "../../emulator/ovh";
import { PulumiProject, REPO, pulumiBinDir } from "../e2e/harness";

const FIXTURES = path.join(__dirname, "fixtures");
/** A made-up key, stored as a secret: the recording shows how Pulumi keeps it (encrypted). */
const AUTH_KEY = "recorded-fixture-authorization-key";
/** Made-up sellers' keys for the Fabric v4 cloud examples, in the formats the emulator checks. */
const CLOUD_KEYS: Record<string, Record<string, string>> = {
  "equinix-azure": { serviceKey: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" },
  "equinix-google": {
    pairingKeyZone1: "5c0ffee5-0000-4000-8000-0000000000f1/us-west1/1",
    pairingKeyZone2: "5c0ffee5-0000-4000-8000-0000000000f1/us-west1/2",
  },
};

const CREDENTIALS = [
  EQUINIX_DEMO_CREDENTIALS.clientSecret,
  OVH_DEMO_CREDENTIALS.applicationSecret,
  OVH_DEMO_CREDENTIALS.consumerKey,
  CONSOLE_CONNECT_DEMO_API_KEY,
  AUTH_KEY,
  ...Object.values(CLOUD_KEYS).flatMap((keys) => Object.values(keys)),
  // (Passphrases are not searched for: the demo's is also its project's name, which every URN holds.)
];

function save(name: string, text: string): void {
  for (const secret of CREDENTIALS)
    if (text.includes(secret)) throw new Error(`${name}: the export contains a credential (${secret})`);
  const state = JSON.parse(text);
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify(state, null, 2)}\n`);
  const count = state.deployment.resources?.length ?? 0;
  console.log(`recorded ${name}.json (${count} resources)`);
}

async function withProject(
  name: string,
  program: { source: string } | { example: string },
  emulators: RunningEmulators,
  body: (project: PulumiProject) => Promise<void>,
): Promise<void> {
  const project = await PulumiProject.create(name, program, emulators.env);
  try {
    await body(project);
    save(name, await project.exportText());
  } finally {
    const destroyed = await project.destroy();
    if (destroyed.code !== 0) console.error(`${name}: destroy failed\n${destroyed.output}`);
    project.remove();
  }
}

async function mustUp(project: PulumiProject): Promise<void> {
  const up = await project.up();
  if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
}

/** `npm run demo` itself, on a backend of its own, then `pulumi stack export` of its stack. */
async function recordDemo(): Promise<void> {
  const backend = mkdtempSync(path.join(REPO, ".cache/estate-demo-"));
  const env = {
    ...process.env,
    PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "pulumi-interconnect-demo",
    PULUMI_HOME: path.join(REPO, ".cache/pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "1",
    INTERCONNECT_QUIET: "",
  };
  const run = (cmd: string, args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(
        cmd,
        args,
        { cwd: REPO, env, maxBuffer: 64 << 20, timeout: 600_000 },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`${cmd} ${args.join(" ")}: ${error.message}\n${stdout}\n${stderr}`))
            : resolve(stdout),
      ),
    );
  try {
    await run("node", [path.join(REPO, "dist/scripts/demo.js"), "up"]);
    save("demo", await run("pulumi", ["stack", "export", "--stack", "demo", "--non-interactive"]));
  } finally {
    await run("node", [path.join(REPO, "dist/scripts/demo.js"), "destroy"]).catch((e) => console.error(e));
    rmSync(backend, { recursive: true, force: true });
  }
}

/**
 * Connections that did not come up, in one stack, on Equinix Fabric v4: a pair still waiting for the seller when its
 * create timeout ran out, a pair the seller rejected, one that came up without a secondary, a pair whose
 * secondary's POST was refused (its VLAN is taken on that port), a Console Connect request left waiting for the
 * partner (waitForActive: false) and one Console Connect put in ERROR. `pulumi up` fails; the state keeps every one
 * of them, the failed ones with their initErrors.
 */
const MIXED_PROGRAM = `
import { consoleconnect, equinix } from "pulumi-interconnect";

const approval = "7a73af1a-3d74-47ac-b778-6bf455d1174e"; // Demo Dot1q Seller (approval): the seller accepts each
const auto = "8b5f0e6a-2c41-4d7e-b1a9-3e6f5d4c2b10"; // Demo Seller (bandwidth approval): provisions by itself
const primary = equinix.getPort("SV1-DEMO-DOT1Q-PRI").then((p) => p.uuid);
const secondary = equinix.getPort("SV1-DEMO-DOT1Q-SEC").then((p) => p.uuid);
const common = { speed: 50, speedUnit: "MB" as const, notifications: ["noc@example.com"], sellerMetroCode: "SV" };

new equinix.L2Connection("awaiting-seller", {
  ...common, name: "sv-awaiting-seller", profileUuid: approval, portUuid: primary, vlanSTag: 1301,
  timeouts: { create: "8s" },
});
new equinix.L2Connection("rejected-pair", {
  ...common, name: "sv-rejected", profileUuid: approval, portUuid: primary, vlanSTag: 1302,
  secondaryConnection: { name: "sv-rejected-2", portUuid: secondary, vlanSTag: 1302 },
});
const single = new equinix.L2Connection("single-leg", {
  ...common, name: "sv-single-leg", profileUuid: auto, portUuid: secondary, vlanSTag: 1303, speed: 1, speedUnit: "GB",
});
// Its secondary asks for the single leg's port and tag: Fabric refuses that POST (EQ-3142102), the primary stays.
new equinix.L2Connection("half-pair", {
  ...common, name: "sv-half-pair", profileUuid: auto, portUuid: primary, vlanSTag: 1304,
  secondaryConnection: { name: "sv-half-pair-2", portUuid: secondary, vlanSTag: 1303 },
}, { dependsOn: [single] });

const port = consoleconnect.getPort("My-Port-1").then((p) => p.id);
const metro = consoleconnect.getMetro("globex-cloud", "HKG");
const partner = {
  portId: port, destCompany: "globex-cloud", destMetroId: metro.then((m) => m.id),
  destRegionId: metro.then((m) => m.regionIds[0]), speed: 50, paymentType: "plan" as const,
};
new consoleconnect.Layer2Connection("awaiting-partner", { ...partner, name: "HK-AWAITING-PARTNER", waitForActive: false });
new consoleconnect.Layer2Connection("in-error", { ...partner, name: "HK-IN-ERROR" });
`;

async function recordMixed(): Promise<void> {
  const emulators = await startAllEmulators({
    equinix: { fabricV4: { sellerApproval: "manual", provisioningMs: 500, deprovisioningMs: 500 } },
    consoleconnect: { approvalDelayMs: "manual" },
  });
  const control = (vendor: string) =>
    axios.create({ baseURL: `${emulators.urls[vendor]}/__emulator/${vendor}` });
  let stop = false;
  // The other parties' decisions, made while `pulumi up` waits: reject the pair (both legs, once both await the
  // seller), put one request in ERROR.
  const decide = async () => {
    let rejected = false;
    let errored = false;
    while (!stop && !(rejected && errored)) {
      if (!rejected) {
        const legs = ((await control("equinix").get("/v4/connections")).data as any[]).filter(
          (c) => c.name.startsWith("sv-rejected") && c.operation?.equinixStatus === "PENDING_APPROVAL",
        );
        if (legs.length === 2) {
          for (const leg of legs)
            await control("equinix").post(`/v4/connections/${leg.uuid}/reject`, {
              reason: "No capacity on the requested port",
            });
          rejected = true;
        }
      }
      if (!errored) {
        const request = ((await control("consoleconnect").get("/connections")).data as any[]).find(
          (c) => c.name === "HK-IN-ERROR",
        );
        if (request) {
          await control("consoleconnect").post(`/connections/${request.id}/error`, {
            reason: "The partner port has no free VLAN",
          });
          errored = true;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  try {
    await withProject("mixed", { source: MIXED_PROGRAM }, emulators, async (project) => {
      const decisions = decide();
      // The half pair waits for the single leg; failures elsewhere must not stop the engine from creating it.
      const up = await project.up("--continue-on-error");
      stop = true;
      await decisions;
      if (process.env.RECORD_VERBOSE) console.log(up.output);
      if (up.code === 0) throw new Error(`pulumi up was expected to fail:\n${up.output}`);
    });
  } finally {
    stop = true;
    await emulators.close();
  }
}

async function recordExamples(names: string[]): Promise<void> {
  const emulators = await startAllEmulators({
    equinix: {
      approvalDelayMs: 1000,
      provisioningMs: 500,
      deprovisioningMs: 500,
      fabricV4: { sellerApproval: { autoAfterMs: 1000 }, provisioningMs: 500, deprovisioningMs: 500 },
    },
  });
  try {
    for (const example of names)
      await withProject(example, { example: `examples/${example}` }, emulators, async (project) => {
        // Seed 001's examples (ECX v3) take an optional key; the Fabric v4 cloud examples require theirs.
        const keys =
          CLOUD_KEYS[example] ?? (example.startsWith("equinix-") ? { authorizationKey: AUTH_KEY } : {});
        for (const [key, value] of Object.entries(keys)) await project.config(key, value, true);
        await mustUp(project);
      });
  } finally {
    await emulators.close();
  }
}

const EXAMPLES = [
  "equinix-dot1q-to-qinq",
  "equinix-qinq-to-qinq",
  "equinix-azure",
  "equinix-google",
  "consoleconnect-port-to-port",
  "consoleconnect-oracle-fastconnect",
  "ovh-l2",
  "ovh-l3-bgp",
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const all = wanted.length === 0;
  if (all || wanted.includes("demo")) await recordDemo();
  if (all || wanted.includes("mixed")) await recordMixed();
  const examples = EXAMPLES.filter((e) => all || wanted.includes(e));
  if (examples.length > 0) await recordExamples(examples);
  // A quick look at what was recorded.
  for (const name of all ? ["demo", "mixed", ...EXAMPLES] : wanted) {
    const state = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));
    const types = (state.deployment.resources ?? []).map((r: { type: string }) => r.type.split("/").pop());
    console.log(`${name}: ${types.join(", ")}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
