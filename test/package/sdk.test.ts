/**
 * The check for a second copy of @pulumi/pulumi (provider/core/sdk.ts), on fake installs in a temporary folder:
 * a copy nested inside pulumi-interconnect, a linked package with its own copy, one shared copy, an SDK older
 * than the floor, none at all — and the compiled package loaded the way Pulumi's `cmd/run` loads it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MINIMUM_PULUMI_SDK, compareVersions, inspectSdk, sdkRunning } from "../../provider/core/sdk";

const REPO = path.resolve(__dirname, "../..");
const root = realpathSync(mkdtempSync(path.join(tmpdir(), "sdk-check-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
/** A fresh folder under the temporary root. */
function folder(name: string): string {
  const dir = path.join(root, `${count++}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fake @pulumi/pulumi in `<dir>/node_modules`, with the entry points Pulumi starts processes with. */
function fakeSdk(dir: string, version: string): string {
  const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
  for (const cmd of ["run", "dynamic-provider", "run-policy-pack"]) {
    mkdirSync(path.join(sdk, "cmd", cmd), { recursive: true });
    writeFileSync(path.join(sdk, "cmd", cmd, "index.js"), 'require("pulumi-interconnect");\n');
  }
  writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version }));
  return sdk;
}

function fakePackage(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "pulumi-interconnect", version: "0.1.0" }),
  );
  return dir;
}

const run = (sdk: string) => path.join(sdk, "cmd", "run", "index.js");

describe("the check for one copy of the Pulumi SDK", () => {
  it("finds the SDK that runs the process from its entry point, and nothing for other scripts", () => {
    const app = folder("app");
    const sdk = fakeSdk(app, "3.200.0");
    for (const cmd of ["run", "dynamic-provider", "run-policy-pack"])
      expect(sdkRunning(path.join(sdk, "cmd", cmd, "index.js"))).toEqual({ dir: sdk, version: "3.200.0" });
    writeFileSync(path.join(app, "deploy.js"), "");
    expect(sdkRunning(path.join(app, "deploy.js"))).toBeUndefined();
  });

  it("passes with one copy, shared by the program and the package", () => {
    const app = folder("app");
    const sdk = fakeSdk(app, "3.248.0");
    const pkg = fakePackage(path.join(app, "node_modules", "pulumi-interconnect"));
    const check = inspectSdk(pkg, run(sdk));
    expect(check.problem).toBeUndefined();
    expect(check.ours).toEqual({ dir: sdk, version: "3.248.0" });
    expect(check.running).toEqual(check.ours);
  });

  it("throws for a copy nested inside pulumi-interconnect, naming both and what to remove", () => {
    const app = folder("app");
    const programSdk = fakeSdk(app, "3.246.0");
    const pkg = fakePackage(path.join(app, "node_modules", "pulumi-interconnect"));
    const nested = fakeSdk(pkg, "3.248.0");
    const { problem } = inspectSdk(pkg, run(programSdk));
    expect(problem?.severity).toBe("error");
    expect(problem?.message).toContain("two copies of the Pulumi SDK");
    expect(problem?.message).toContain(`3.246.0 at ${programSdk} runs this process`);
    expect(problem?.message).toContain(`3.248.0 at ${nested} is the one pulumi-interconnect loads`);
    expect(problem?.message).toContain(`remove ${nested}`);
    expect(problem?.message).toContain("npm dedupe");
  });

  it("says to upgrade a program whose SDK is older than the floor", () => {
    const app = folder("app");
    const programSdk = fakeSdk(app, "3.100.0");
    const pkg = fakePackage(path.join(app, "node_modules", "pulumi-interconnect"));
    fakeSdk(pkg, "3.248.0");
    expect(inspectSdk(pkg, run(programSdk)).problem?.message).toContain(
      `upgrade the program's @pulumi/pulumi to ^${MINIMUM_PULUMI_SDK}`,
    );
  });

  it("throws for a linked package (npm link, file:) that resolves its own copy, and says to install it instead", () => {
    const repo = fakePackage(folder("repo"));
    const repoSdk = fakeSdk(repo, "3.248.0");
    const app = folder("app");
    const programSdk = fakeSdk(app, "3.246.0");
    const link = path.join(app, "node_modules", "pulumi-interconnect");
    symlinkSync(repo, link, "dir");
    const { problem } = inspectSdk(link, run(programSdk));
    expect(problem?.severity).toBe("error");
    expect(problem?.message).toContain(`3.248.0 at ${repoSdk} is the one pulumi-interconnect loads`);
    expect(problem?.message).toContain(`pulumi-interconnect is linked from ${repo}`);
    expect(problem?.message).toMatch(/install it from the registry .* or from a tarball/);
    expect(problem?.message).toContain(`or remove ${repoSdk}`);
  });

  it("only warns in a process Pulumi did not start (a script whose own copy may be unused)", () => {
    const app = folder("app");
    fakeSdk(app, "3.246.0");
    const pkg = fakePackage(path.join(app, "node_modules", "pulumi-interconnect"));
    fakeSdk(pkg, "3.248.0");
    writeFileSync(path.join(app, "deploy.js"), "");
    const { problem } = inspectSdk(pkg, path.join(app, "deploy.js"));
    expect(problem?.severity).toBe("warning");
    expect(problem?.message).toContain("is the one");
    expect(problem?.message).toContain("deploy.js resolves");
  });

  it("refuses an SDK older than the floor, and a missing one, with the install command", () => {
    const app = folder("app");
    const old = fakeSdk(app, "3.138.2");
    const pkg = fakePackage(path.join(app, "node_modules", "pulumi-interconnect"));
    const tooOld = inspectSdk(pkg, run(old)).problem;
    expect(tooOld?.severity).toBe("error");
    expect(tooOld?.message).toContain(`needs @pulumi/pulumi ^${MINIMUM_PULUMI_SDK}`);
    expect(tooOld?.message).toContain("3.138.2");

    const bare = fakePackage(path.join(folder("bare"), "node_modules", "pulumi-interconnect"));
    const missing = inspectSdk(bare, undefined).problem;
    expect(missing?.severity).toBe("error");
    expect(missing?.message).toContain("npm install pulumi-interconnect @pulumi/pulumi");
  });

  it("compares versions numerically", () => {
    expect(compareVersions("3.139.0", MINIMUM_PULUMI_SDK)).toBe(0);
    expect(compareVersions("3.99.0", "3.139.0")).toBeLessThan(0);
    expect(compareVersions("3.248.0", "3.139.0")).toBeGreaterThan(0);
    expect(compareVersions("4.0.0-alpha.1", "3.139.0")).toBeGreaterThan(0);
  });

  it("stops the compiled package from loading under Pulumi's cmd/run with a second copy", () => {
    // A program whose @pulumi/pulumi is its own, with pulumi-interconnect linked from this repository (whose
    // node_modules holds the repository's copy): what `npm link` or a file: dependency gives.
    const app = folder("app");
    const programSdk = fakeSdk(app, "3.246.0");
    symlinkSync(REPO, path.join(app, "node_modules", "pulumi-interconnect"), "dir");
    const env = { ...process.env };
    delete env.PULUMI_INTERCONNECT_SKIP_SDK_CHECK;
    const result = spawnSync(process.execPath, [run(programSdk)], { cwd: app, env, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("two copies of the Pulumi SDK");
    expect(result.stderr).toContain(`3.246.0 at ${programSdk} runs this process`);
    expect(result.stderr).toContain(`is the one pulumi-interconnect loads`);
    expect(result.stderr).toContain(`pulumi-interconnect is linked from ${realpathSync(REPO)}`);

    // The same process with the check turned off loads the package.
    const skipped = spawnSync(process.execPath, [run(programSdk)], {
      cwd: app,
      env: { ...env, PULUMI_INTERCONNECT_SKIP_SDK_CHECK: "1" },
      encoding: "utf8",
    });
    expect(skipped.status, skipped.stderr).toBe(0);
  });
});
