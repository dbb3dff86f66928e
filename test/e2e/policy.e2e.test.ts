/**
 * The policy pack through the real Pulumi CLI: `pulumi preview --policy-pack policy` and `pulumi up`, with the
 * compiled pack (policy/dist, built by `npm run build`), from this repository and as an installed npm package.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunningEmulators, startAllEmulators } from "../../emulator/all";
import { EQUINIX_SEED_PORTS, FABRIC_V4_PROFILES } from "../../emulator/equinix";
import { PulumiProject, REPO, resourcesOfType } from "./harness";

/** The pack's folder: its package.json's `main` is the compiled dist/index.js. */
const PACK = path.join(REPO, "policy");
const PACK_VERSION = (
  JSON.parse(readFileSync(path.join(PACK, "package.json"), "utf8")) as { version: string }
).version;

/** An Equinix connection (Fabric v4) on a profile that provisions by itself; `extra` is spliced into its arguments. */
function equinixProgram(extra: string): string {
  return `
import { equinix } from "pulumi-interconnect";
export const link = new equinix.L2Connection("single", {
  name: "policy-link",
  profileUuid: "${FABRIC_V4_PROFILES.bandwidthApproval.uuid}",
  speed: 100,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: "${EQUINIX_SEED_PORTS.qinqPrimary.uuid}",
  vlanSTag: 1500,
  vlanCTag: 1501,
  ${extra}
}).status;
`;
}
const REDUNDANT = `secondaryConnection: { name: "policy-link-2", portUuid: "${EQUINIX_SEED_PORTS.qinqSecondary.uuid}", vlanSTag: 1500, vlanCTag: 1502 },`;

/** OVH configurations whose datacenter config id is not known during preview. */
const OVH_PROGRAM = `
import { ovh } from "pulumi-interconnect";
const service = "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";
const pop = new ovh.PopConfig("pop", {
  serviceName: service, interfaceId: 1234, type: "l3", customerBgpArea: 65005, ovhBgpArea: 65006, subnet: "10.10.12.0/30",
});
// The subnet is computed from the PoP's id, so nobody knows it during preview.
const dc = new ovh.DatacenterConfig("dc", {
  serviceName: service, popId: pop.popId, datacenterId: 6, subnet: pop.popId.apply(() => "10.0.0.0/28"),
});
new ovh.DatacenterExtraConfig("route", {
  serviceName: service, popId: dc.popId, datacenterConfigId: dc.configId, type: "network", nextHop: "10.0.0.5", subnet: "192.168.2.0/24",
});
`;

let emulators: RunningEmulators;
let project: PulumiProject;

beforeAll(async () => {
  if (!existsSync(path.join(PACK, "dist", "index.js")))
    throw new Error("The compiled policy pack (policy/dist) is missing: run npm run build first.");
  emulators = await startAllEmulators({
    equinix: { fabricV4: { provisioningMs: 300, deprovisioningMs: 300 } },
  });
  project = await PulumiProject.create("policy-e2e", { source: equinixProgram("") }, emulators.env);
});
afterAll(async () => {
  await emulators?.close();
  project?.remove();
});

function configFile(name: string, config: unknown): string {
  const file = path.join(project.dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe("policy pack through the Pulumi CLI", { timeout: 300_000 }, () => {
  it("fails preview on a mandatory violation, naming the policy and the resource", async () => {
    const preview = await project.preview("--policy-pack", PACK);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/mandatory/);
    expect(preview.output).toMatch(/equinix-l2-redundant/);
    expect(preview.output).toMatch(/single/);
    expect(preview.output).toMatch(/Set secondaryConnection/);
  });

  it("runs from an installed npm package (the tarball npm pack makes), with the same outcome", async () => {
    // What `npm install pulumi-interconnect-policy` puts in a program's node_modules: the packed files only (no
    // TypeScript sources, no tsconfig.json); its dependencies resolve from the program's node_modules.
    const installed = path.join(project.dir, "node_modules", "pulumi-interconnect-policy");
    mkdirSync(installed, { recursive: true });
    const [{ filename }] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", project.dir], {
        cwd: PACK,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    ) as { filename: string }[];
    execFileSync("tar", ["-xzf", path.join(project.dir, filename), "-C", installed, "--strip-components=1"]);
    expect(existsSync(path.join(installed, "index.ts"))).toBe(false);
    expect(existsSync(path.join(installed, "dist", "index.js"))).toBe(true);

    const preview = await project.preview("--policy-pack", "node_modules/pulumi-interconnect-policy");
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(new RegExp(`pulumi-interconnect@v${PACK_VERSION.replace(/\./g, "\\.")}`));
    expect(preview.output).toMatch(/equinix-l2-redundant/);
    expect(preview.output).toMatch(/Set secondaryConnection/);
  });

  it("the CLI checks --policy-pack-config against the schemas derived from zod, naming the key", async () => {
    const config = configFile("bad-type.json", { "interconnect-max-speed": { maxSpeedMbps: "fast" } });
    const preview = await project.preview("--policy-pack", PACK, "--policy-pack-config", config);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/interconnect-max-speed: maxSpeedMbps: Invalid type/);
  });

  it("lets policy config change the outcome: the same rule as advisory warns and the preview passes", async () => {
    const config = configFile("advisory.json", { "equinix-l2-redundant": "advisory" });
    const preview = await project.preview("--policy-pack", PACK, "--policy-pack-config", config);
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/advisory/);
    expect(preview.output).toMatch(/equinix-l2-redundant/);
  });

  it("passes a clean program, and a threshold from config turns it into a violation", async () => {
    project.writeProgram(equinixProgram(REDUNDANT));
    const clean = await project.preview("--policy-pack", PACK);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).not.toMatch(/mandatory/);
    const config = configFile("slow.json", { "interconnect-max-speed": { maxSpeedMbps: 50 } });
    const capped = await project.preview("--policy-pack", PACK, "--policy-pack-config", config);
    expect(capped.code).not.toBe(0);
    expect(capped.output).toMatch(/interconnect-max-speed/);
  });

  it("warns on an advisory rule without failing", async () => {
    project.writeProgram(equinixProgram(REDUNDANT).replace('name: "policy-link"', 'name: "policy__link"'));
    const preview = await project.preview("--policy-pack", PACK);
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/interconnect-name-pattern/);
    expect(preview.output).toMatch(/advisory/);
  });

  it("enforces during up: a violating program creates nothing, a clean one deploys", async () => {
    project.writeProgram(equinixProgram(""));
    const blocked = await project.up("--policy-pack", PACK);
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toMatch(/equinix-l2-redundant/);
    expect(
      resourcesOfType(await project.exportState(), "pulumi-nodejs:dynamic/equinix:L2Connection"),
    ).toHaveLength(0);

    project.writeProgram(equinixProgram(REDUNDANT));
    const up = await project.up("--policy-pack", PACK);
    expect(up.code, up.output).toBe(0);
    expect((await project.outputs()).link).toBe("PROVISIONED");
    expect((await project.destroy()).code).toBe(0);
  });

  it("reports values unknown during preview as advisory, never as a crash", async () => {
    project.writeProgram(OVH_PROGRAM);
    const preview = await project.preview("--policy-pack", PACK);
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/not known until apply/);
    expect(preview.output).not.toMatch(/TypeError|Unhandled|crash/i);
  });
});
