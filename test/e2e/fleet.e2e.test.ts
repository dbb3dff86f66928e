/**
 * examples/fleet as a team runs it: four site stacks deployed two at a time through the Automation API against
 * the emulators and a local file backend, each site's objects at the vendors exactly once, a preview that finds
 * nothing to do, then every stack destroyed and removed.
 *
 * The fleet runs as its own process (`vite-node examples/fleet/fleet.ts`, as the README says) from a folder
 * outside the repository: the site stacks still resolve `pulumi-interconnect` from their program's folder.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalWorkspace, LocalWorkspaceOptions, PulumiCommand } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunningEmulators, startAllEmulators } from "../../emulator/all";
import { SITE_DIR, parseFleetArgs, perStackRate, siteConfig, summaryTable } from "../../examples/fleet/lib";
import { PASSPHRASE, REPO, pulumiBinDir } from "./harness";

const SITES = 4;
const CONCURRENCY = 2;
/** A prefix of its own, so that the site config files this run writes in examples/fleet/site are its own. */
const PREFIX = `e2e${Date.now().toString(36).slice(-5)}`;
const sites = Array.from({ length: SITES }, (_, i) => ({ n: i + 1, name: `${PREFIX}-${i + 1}` }));

const root = mkdtempSync(path.join(os.tmpdir(), "fleet-e2e-"));
const backend = `file://${path.join(root, "state")}`;
let emulators: RunningEmulators;
let env: Record<string, string>;

beforeAll(async () => {
  // Fast vendors: the engine's start per stack is what this test waits for.
  emulators = await startAllEmulators({
    equinix: { fabricV4: { provisioningMs: 300, deprovisioningMs: 300, updateMs: 100 } },
    consoleconnect: {
      creatingMs: 200,
      acceptedMs: 200,
      activatingMs: 300,
      disablingMs: 200,
      deletingMs: 300,
    },
  });
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key, value]) => value !== undefined && !key.startsWith("VITEST") && key !== "INTERCONNECT_QUIET",
    ),
  ) as Record<string, string>;
  env = {
    ...inherited,
    ...emulators.env,
    PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(REPO, ".cache/pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "1",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    INTERCONNECT_POLL_MS: "200",
  };
});

afterAll(async () => {
  await emulators?.close();
  rmSync(root, { recursive: true, force: true });
  // A failed run may leave its sites' config files behind; never anyone else's.
  for (const file of readdirSync(SITE_DIR))
    if (file.startsWith(`Pulumi.${PREFIX}-`)) rmSync(path.join(SITE_DIR, file), { force: true });
});

function fleet(...args: string[]): Promise<{ code: number; output: string; lines: string[] }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(REPO, "node_modules/vite-node/vite-node.mjs"),
        "--root",
        REPO,
        path.join(REPO, "examples/fleet/fleet.ts"),
        "--",
        ...args,
        "--prefix",
        PREFIX,
        "--backend",
        backend,
      ],
      { cwd: root, env, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          output,
          lines: output.split("\n"),
        });
      },
    );
  });
}

/** The site project's workspace, as the test looks at it: the same CLI, backend and passphrase. */
async function workspaceOptions(): Promise<LocalWorkspaceOptions> {
  return {
    workDir: SITE_DIR,
    pulumiCommand: await PulumiCommand.get({ root: path.dirname(pulumiBinDir()) }),
    envVars: { ...env, PULUMI_BACKEND_URL: backend },
  };
}

async function fleetStackNames(): Promise<string[]> {
  const workspace = await LocalWorkspace.create(await workspaceOptions());
  return (await workspace.listStacks()).map((s) => s.name.split("/").pop()!).sort();
}

async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.json();
}

const equinixConnections = (): Promise<any[]> =>
  getJson(`${emulators.urls.equinix}/__emulator/equinix/v4/connections`);
const consoleConnectConnections = (): Promise<any[]> =>
  getJson(`${emulators.urls.consoleconnect}/__emulator/consoleconnect/connections`);

/** The most stacks whose "<action> started" line came before their "<action> succeeded|failed" line at once. */
function mostAtOnce(lines: string[], action: string): number {
  let running = 0;
  let most = 0;
  for (const line of lines) {
    if (new RegExp(`^\\[${PREFIX}-\\d+\\]\\s+${action} started$`).test(line))
      most = Math.max(most, ++running);
    if (new RegExp(`^\\[${PREFIX}-\\d+\\]\\s+${action} (succeeded|failed) `).test(line)) running--;
  }
  return most;
}

function summaryRow(output: string, site: string): string[] {
  const row = output.split("\n").find((line) => line.startsWith(`${site} `));
  return row?.trim().split(/\s{2,}/) ?? [];
}

describe("the fleet's options", () => {
  it("shares an account's budget between the stacks that run at once", () => {
    expect(perStackRate("10/s:20", 2)).toBe("5/s:10");
    expect(perStackRate("50/m:10", 4)).toBe("12.5/m:2");
    expect(perStackRate("10", 3)).toBe("3.333/s");
    expect(perStackRate("1/s:1", 4)).toBe("0.25/s:1");
    expect(perStackRate("off", 4)).toBe("off");
    expect(perStackRate("60/min:6", 2)).toBe("30/m:3");
    expect(() => perStackRate("fast", 2)).toThrow(/RATE\[\/s\|\/m\]\[:BURST\]/);
  });

  it("parses the command line", () => {
    const options = parseFleetArgs(
      [
        "destroy",
        "--sites",
        "4",
        "--concurrency",
        "3",
        "--account-rate",
        "20/s:40",
        "--account-rate",
        "ovh=50/m:10",
      ],
      { PULUMI_BACKEND_URL: "s3://team-state?region=eu-west-1" },
    );
    expect(options).toMatchObject({
      action: "destroy",
      sites: 4,
      concurrency: 3,
      prefix: "site",
      backend: "s3://team-state?region=eu-west-1",
      accountRate: { equinix: "20/s:40", ovh: "50/m:10", consoleConnect: "20/s:40" },
    });
    expect(() => parseFleetArgs(["--sites", "0"], {})).toThrow(/--sites/);
    expect(() => parseFleetArgs(["--prefix", "Site_A"], {})).toThrow(/--prefix/);
    expect(() => parseFleetArgs(["--account-rate", "aws=1/s"], {})).toThrow(/unknown vendor/);
  });

  it("gives every site its own names and VLANs", () => {
    const configs = [1, 2, 3, 11].map((n) => siteConfig(n, "site"));
    expect(new Set(configs.map((c) => c.equinixVlan)).size).toBe(4);
    expect(configs[3]).toMatchObject({ site: "site-11", consoleConnectSourceVlan: "1010" });
  });

  it("prints a summary table", () => {
    const table = summaryTable([
      { site: "site-1", action: "up", ok: true, resources: 2, changes: "2 created", seconds: 12.34 },
      { site: "site-10", action: "up", ok: false, resources: 0, changes: "none", seconds: 3, error: "boom" },
    ]);
    expect(table.split("\n")).toEqual([
      "site     result  resources  changes    duration",
      "-------  ------  ---------  ---------  --------",
      "site-1   ok              2  2 created  12.3s",
      "site-10  FAILED          0  none       3.0s",
      "site-10: boom",
    ]);
  });
});

describe(`the fleet: ${SITES} site stacks, ${CONCURRENCY} at a time`, { timeout: 600_000 }, () => {
  const outputs = new Map<string, any>();

  it("deploys every site, reporting each stack's progress under its name", async () => {
    const up = await fleet(
      "up",
      "--sites",
      String(SITES),
      "--concurrency",
      String(CONCURRENCY),
      "--account-rate",
      "equinix=10/s:20",
    );
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/equinix: account budget 10\/s:20 → 5\/s:10 per stack/);
    for (const { name } of sites) {
      const own = up.lines.filter((line) => line.startsWith(`[${name}]`));
      expect(
        own.some((l) => /creating equinix:L2Connection fabric$/.test(l)),
        up.output,
      ).toBe(true);
      expect(
        own.some((l) => new RegExp(`fabric: Equinix connection "${name}-eqx" .*PROVISIONED`).test(l)),
      ).toBe(true);
      expect(
        own.some((l) =>
          new RegExp(`backbone: Console Connect connection "${name}-backbone" .*ACTIVE`).test(l),
        ),
      ).toBe(true);
      expect(own.some((l) => /created backbone/.test(l))).toBe(true);
      // No line of this site speaks of another site's objects.
      for (const other of sites.filter((s) => s.name !== name))
        expect(own.filter((l) => l.includes(`"${other.name}-`))).toEqual([]);
      expect(summaryRow(up.output, name)).toEqual([
        name,
        "ok",
        "2",
        "2 created",
        expect.stringMatching(/s$/),
      ]);
    }
    expect(mostAtOnce(up.lines, "up")).toBe(CONCURRENCY);
  });

  it("leaves one stack per site with its exports and its share of the account's budget", async () => {
    expect(await fleetStackNames()).toEqual(sites.map((s) => s.name).sort());
    const options = await workspaceOptions();
    for (const { n, name } of sites) {
      const stack = await LocalWorkspace.selectStack({ stackName: name, workDir: SITE_DIR }, options);
      const exported = Object.fromEntries(
        Object.entries(await stack.outputs()).map(([k, v]) => [k, v.value]),
      );
      expect(exported).toMatchObject({
        siteName: name,
        equinixConnection: {
          name: `${name}-eqx`,
          vlan: 3000 + n,
          primary: { status: "PROVISIONED" },
          secondary: { status: "PROVISIONED" },
        },
        consoleConnectConnection: {
          name: `${name}-backbone`,
          status: "ACTIVE",
          sourceVlan: 999 + n,
          destinationVlan: 1999 + n,
        },
      });
      outputs.set(name, exported);
      const config = await stack.getAllConfig();
      expect(config["interconnect:equinixRateLimit"]?.value).toBe("5/s:10");
      expect(config["interconnect-fleet-site:site"]?.value).toBe(name);
    }
  });

  it("holds each site's objects at the vendors exactly once", async () => {
    const live = (await equinixConnections()).filter((c) => c.state !== "DEPROVISIONED");
    expect(live).toHaveLength(2 * SITES);
    const tags = new Set(
      live.map((c) => `${c.aSide.accessPoint.port.uuid}/${c.aSide.accessPoint.linkProtocol.vlanTag}`),
    );
    expect(tags.size).toBe(2 * SITES);
    for (const { n, name } of sites) {
      const { equinixConnection, consoleConnectConnection } = outputs.get(name);
      const primary = live.filter((c) => c.name === `${name}-eqx`);
      const secondary = live.filter((c) => c.name === `${name}-eqx-2`);
      expect(primary.map((c) => c.uuid)).toEqual([equinixConnection.primary.uuid]);
      expect(secondary.map((c) => c.uuid)).toEqual([equinixConnection.secondary.uuid]);
      for (const c of [...primary, ...secondary]) {
        expect(c.state).toBe("PROVISIONED");
        expect(c.aSide.accessPoint.linkProtocol.vlanTag).toBe(3000 + n);
      }
      expect(primary[0].redundancy.group).toBe(secondary[0].redundancy.group);
      const ccLive = (await consoleConnectConnections()).filter((c) => !c.deleted && c.status !== "DELETED");
      const own = ccLive.filter((c) => c.name === `${name}-backbone`);
      expect(own.map((c) => c.id)).toEqual([consoleConnectConnection.id]);
      expect(own[0]).toMatchObject({ status: "ACTIVE", srcTag: String(999 + n), destTag: String(1999 + n) });
    }
    const ccLive = (await consoleConnectConnections()).filter((c) => !c.deleted && c.status !== "DELETED");
    expect(ccLive).toHaveLength(SITES);
    // Nothing at the vendors but the fleet's sites: no duplicate from a retry, no object of an unknown site.
    const names = [...live, ...ccLive].map((c) => c.name).sort();
    expect(names).toEqual(
      sites.flatMap(({ name }) => [`${name}-backbone`, `${name}-eqx`, `${name}-eqx-2`]).sort(),
    );
  });

  it("previews every site without changes", async () => {
    const created = (await equinixConnections()).length + (await consoleConnectConnections()).length;
    const preview = await fleet("preview", "--sites", String(SITES), "--concurrency", String(CONCURRENCY));
    expect(preview.code, preview.output).toBe(0);
    for (const { name } of sites)
      expect(summaryRow(preview.output, name).slice(0, 4)).toEqual([name, "ok", "2", "2 unchanged"]);
    expect((await equinixConnections()).length + (await consoleConnectConnections()).length).toBe(created);
  });

  it("destroys every site and removes its stack", async () => {
    const destroy = await fleet("destroy", "--concurrency", String(CONCURRENCY));
    expect(destroy.code, destroy.output).toBe(0);
    expect(destroy.output).toMatch(new RegExp(`destroy ${SITES} site stack\\(s\\)`));
    for (const { name } of sites) {
      expect(destroy.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^\\[${name}\\]\\s+stack removed$`)),
      );
      expect(summaryRow(destroy.output, name).slice(0, 4)).toEqual([name, "ok", "2", "2 deleted"]);
      expect(existsSync(path.join(SITE_DIR, `Pulumi.${name}.yaml`))).toBe(false);
    }
    expect(mostAtOnce(destroy.lines, "destroy")).toBeLessThanOrEqual(CONCURRENCY);
    expect((await equinixConnections()).filter((c) => c.state !== "DEPROVISIONED")).toEqual([]);
    expect((await consoleConnectConnections()).filter((c) => !c.deleted || c.status !== "DELETED")).toEqual(
      [],
    );
    expect(await fleetStackNames()).toEqual([]);
  });
});
