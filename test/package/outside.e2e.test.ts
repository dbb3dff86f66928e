/**
 * The packages as a user gets them, proven from outside this repository: `npm pack` makes the tarballs of the
 * runtime, the emulators and the policy pack; a new Pulumi program in a temporary folder (os.tmpdir()) installs
 * them with a @pulumi/pulumi of its own choosing from the registry — the oldest the peer range allows and the
 * newest this machine's Node 20 runs — and `pulumi preview`, `up` (both with the policy pack from its tarball),
 * `refresh` and `destroy` run against the emulators started from their own tarball's bin.
 *
 * Nothing reaches into the repository: the environment has no NODE_PATH and no repository folder on PATH (but
 * the Pulumi CLI's), the program has no symlink into it, the program itself reports which files it loaded, and
 * every serialized provider in the state requires `pulumi-interconnect` only. One npm cache (the user's) serves
 * every install; each SDK version is installed once. Needs `npm run build` first (as `npm test` does).
 */
import { ChildProcess, execFile, spawn } from "node:child_process";
import {
  Dirent,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CONNECT_SEED_PORTS } from "../../emulator/consoleconnect";
import { EQUINIX_SEED_PORTS, FABRIC_V4_PROFILES } from "../../emulator/equinix";
import { MINIMUM_PULUMI_SDK, compareVersions } from "../../provider/core/sdk";
import { pulumiBinDir } from "../e2e/harness";

const REPO = realpathSync(path.resolve(__dirname, "../.."));
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

/** The newest @pulumi/pulumi for Node 20 (3.249.0 and later declare engines node>=22): the repository's own. */
const NEWEST = readJson(path.join(REPO, "package.json")).devDependencies["@pulumi/pulumi"] as string;
const SDK_VERSIONS = [MINIMUM_PULUMI_SDK, NEWEST];
/** The policy pack's @pulumi/policy depends on @pulumi/pulumi from this release on. */
const POLICY_SDK_FLOOR = (
  readJson(require.resolve("@pulumi/policy/package.json")).dependencies["@pulumi/pulumi"] as string
).replace(/^\^/, "");

const PASSPHRASE = "outside-passphrase";
const STEP_MS = 240_000;
const INSTALL_MS = 300_000;

const isInside = (file: string, dir: string) => {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
};

interface Result {
  code: number;
  stdout: string;
  /** stdout and stderr together. */
  output: string;
}

/** Runs a command to its end (killed after `timeoutMs`); never throws. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = STEP_MS) {
  return new Promise<Result>((resolve) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        const killed = error?.killed ? `\n(killed after ${timeoutMs} ms)` : "";
        resolve({ code, stdout, output: `${stdout}\n${stderr}${killed}` });
      },
    );
  });
}

async function ok(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs?: number) {
  const result = await run(command, args, cwd, env, timeoutMs);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.code}):\n${result.output}`);
  return result.stdout;
}

/**
 * This process's environment less everything that could lead into the repository: npm's variables (`npm test`
 * sets npm_config_*, npm_package_*), NODE_PATH, NODE_OPTIONS, the tests' own variables, Pulumi's; PATH without
 * the repository's folders (npm puts node_modules/.bin first) except the Pulumi CLI's.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^(npm_|NODE_PATH$|NODE_OPTIONS$|VITEST|INTERCONNECT_|PULUMI_)/i.test(key))
      env[key] = value;
  const system = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((p) => p && !isInside(p, REPO) && p !== REPO);
  env.PATH = [pulumiBinDir(), ...system].join(path.delimiter);
  return env;
}

/** Every file and folder under `dir` (symlinks not followed). */
function walk(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true });
}

/** The installed copies of @pulumi/pulumi under a program's node_modules, nested ones included. */
function sdkCopies(dir: string): string[] {
  return walk(path.join(dir, "node_modules"))
    .filter((d) => d.name === "pulumi" && path.basename(d.parentPath) === "@pulumi" && d.isDirectory())
    .map((d) => path.join(d.parentPath, d.name))
    .filter((p) => path.basename(path.dirname(path.dirname(p))) === "node_modules");
}

let work: string;
const tarballs: Record<"runtime" | "emulator" | "policy", string> = { runtime: "", emulator: "", policy: "" };
let emulator: ChildProcess | undefined;
let emulatorEnv: Record<string, string> = {};
/** The policy pack installed in a folder of its own, for programs whose SDK is older than the pack's. */
let separatePack: string | undefined;

async function pack(dir: string): Promise<string> {
  const out = await ok(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", work],
    dir,
    userEnv(),
  );
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  return path.join(work, filename);
}

async function npmInstall(dir: string, specs: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, "package.json")))
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: path.basename(dir), version: "1.0.0", private: true }, null, 2),
    );
  await ok(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error", ...specs],
    dir,
    userEnv(),
    INSTALL_MS,
  );
}

/** Starts the emulators with the bin of the installed emulator tarball; resolves with the environment it prints. */
function startEmulator(bin: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["all", "--port", "0"], {
      cwd: work,
      env: userEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    emulator = child;
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`the emulators did not start in 30 s:\n${output}`)),
      30_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk;
      if (!/CONSOLE_CONNECT_API_KEY=\S+\n/.test(output)) return;
      clearTimeout(timer);
      resolve(Object.fromEntries([...output.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]])));
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`the emulators exited (${code}):\n${output}`)));
  });
}

beforeAll(async () => {
  for (const built of ["dist/provider/index.js", "emulator/dist/cli.js", "policy/dist/index.js"])
    if (!existsSync(path.join(REPO, built))) throw new Error(`${built} is missing: run npm run build first`);
  work = realpathSync(mkdtempSync(path.join(tmpdir(), "pulumi-interconnect-outside-")));
  expect(isInside(work, REPO)).toBe(false);
  tarballs.runtime = await pack(REPO);
  tarballs.emulator = await pack(path.join(REPO, "emulator"));
  tarballs.policy = await pack(path.join(REPO, "policy"));

  const emulatorDir = path.join(work, "emulator");
  await npmInstall(emulatorDir, [tarballs.emulator]);
  const bin = path.join(emulatorDir, "node_modules", ".bin", "pulumi-interconnect-emulator");
  expect(realpathSync(bin)).toBe(
    path.join(emulatorDir, "node_modules/pulumi-interconnect-emulator/dist/cli.js"),
  );
  emulatorEnv = await startEmulator(bin);

  if (SDK_VERSIONS.some((v) => compareVersions(v, POLICY_SDK_FLOOR) < 0)) {
    // A policy pack is a project of its own: here, its own folder with the SDK its @pulumi/policy needs.
    const dir = path.join(work, "policy-pack");
    await npmInstall(dir, [tarballs.policy, tarballs.runtime, `@pulumi/pulumi@${NEWEST}`]);
    separatePack = path.join(dir, "node_modules", "pulumi-interconnect-policy");
  }
}, 600_000);

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator!.once("exit", resolve));
    emulator.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * A program using two vendors' lookups and resources. With `tsconfig`, laid out as `pulumi new typescript` does
 * (moduleResolution node: TypeScript reads the package's `types`); without, the SDK's defaults apply (3.248.0
 * with TypeScript 4.7 or later: moduleResolution nodenext, so TypeScript reads the exports map).
 */
function writeProgram(dir: string, tsconfig: boolean): void {
  writeFileSync(path.join(dir, "Pulumi.yaml"), "name: outside\nruntime: nodejs\nmain: index.ts\n");
  if (tsconfig)
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            sourceMap: true,
            experimentalDecorators: true,
            pretty: true,
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
          },
          files: ["index.ts"],
        },
        null,
        2,
      ),
    );
  writeFileSync(
    path.join(dir, "index.ts"),
    `import { consoleconnect } from "pulumi-interconnect";
// A vendor's own entry point, typed through typesVersions (moduleResolution node) and loaded through the exports map.
import * as equinix from "pulumi-interconnect/equinix";
import { renderEstateHtml } from "pulumi-interconnect/estate";

const primary = equinix.getPort("${EQUINIX_SEED_PORTS.qinqPrimary.name}");
const secondary = equinix.getPort("${EQUINIX_SEED_PORTS.qinqSecondary.name}");
const link = new equinix.L2Connection("outside-link", {
  name: "outside__link", // the policy pack's naming rule (advisory) reports it
  profileUuid: "${FABRIC_V4_PROFILES.bandwidthApproval.uuid}",
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: primary.then((p) => p.uuid),
  vlanSTag: 1700,
  vlanCTag: 1701,
  secondaryConnection: {
    name: "outside-link-2",
    portUuid: secondary.then((p) => p.uuid),
    vlanSTag: 1700,
    vlanCTag: 1702,
  },
});

const company = consoleconnect.getCompanyUsername();
const source = consoleconnect.getPort("${CONSOLE_CONNECT_SEED_PORTS.demoHongKong.name}");
const destination = consoleconnect.getPort("${CONSOLE_CONNECT_SEED_PORTS.demoSingapore.name}");
const connection = new consoleconnect.Layer2Connection("outside-l2", {
  companyUsername: company,
  name: "OUTSIDE-L2",
  portId: source.then((p) => p.id),
  destPortId: destination.then((p) => p.id),
  destCompany: company,
  destMetroId: destination.then((p) => p.metroId!),
  speed: 100,
});

export const equinixStatus = link.status;
export const consoleConnectStatus = connection.status;
// The estate entry point, typed (through typesVersions or the exports map) and loaded.
export const estateEntryPoint = typeof renderEstateHtml;
// What this program loaded, as Node resolved it while Pulumi ran it.
export const loaded = {
  sdk: require.resolve("@pulumi/pulumi"),
  sdkVersion: require("@pulumi/pulumi/package.json").version,
  interconnect: require.resolve("pulumi-interconnect"),
};
`,
  );
}

describe.each(SDK_VERSIONS)(
  "a program outside the repository on @pulumi/pulumi %s",
  { timeout: STEP_MS },
  (sdkVersion) => {
    let dir: string;
    let pulumiEnv: NodeJS.ProcessEnv;
    let policyPack: string;
    const pulumi = (args: string[]) =>
      run("pulumi", [...args, "--non-interactive", "--color", "never"], dir, pulumiEnv);

    beforeAll(async () => {
      dir = path.join(work, `program-${sdkVersion}`);
      mkdirSync(dir, { recursive: true });
      // The oldest with the template's tsconfig.json, the newest without one: both ways TypeScript resolves the package.
      writeProgram(dir, sdkVersion === MINIMUM_PULUMI_SDK);
      // What the README's Install section says, with the program's own choice of SDK (and TypeScript, as
      // `pulumi new typescript` has it); the policy pack beside it when its @pulumi/policy accepts that SDK.
      const packInProgram = compareVersions(sdkVersion, POLICY_SDK_FLOOR) >= 0;
      await npmInstall(dir, [
        tarballs.runtime,
        `@pulumi/pulumi@${sdkVersion}`,
        "typescript@^5",
        "@types/node@^20",
        ...(packInProgram ? [tarballs.policy] : []),
      ]);
      policyPack = packInProgram
        ? path.join(dir, "node_modules", "pulumi-interconnect-policy")
        : separatePack!;
      const state = path.join(work, `state-${sdkVersion}`);
      mkdirSync(state, { recursive: true });
      pulumiEnv = {
        ...userEnv(),
        ...emulatorEnv,
        PULUMI_HOME: path.join(work, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "1",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        INTERCONNECT_POLL_MS: "200",
      };
      await ok("pulumi", ["stack", "init", "test", "--non-interactive"], dir, pulumiEnv);
    }, 600_000);

    it("installs from the tarballs alone: one SDK (the program's), nothing linked into the repository", async () => {
      const installed = path.join(dir, "node_modules", "pulumi-interconnect");
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      expect(readJson(path.join(installed, "package.json")).version).toBe(
        readJson(path.join(REPO, "package.json")).version,
      );
      expect(existsSync(path.join(installed, "node_modules", "@pulumi", "pulumi"))).toBe(false);
      expect(sdkCopies(dir)).toEqual([path.join(dir, "node_modules", "@pulumi", "pulumi")]);
      expect(readJson(path.join(dir, "node_modules/@pulumi/pulumi/package.json")).version).toBe(sdkVersion);
      expect(existsSync(path.join(dir, "node_modules", "fastify"))).toBe(false);
      // No symlink anywhere in the program that leads into the repository.
      for (const entry of walk(dir).filter((d) => d.isSymbolicLink())) {
        const link = path.join(entry.parentPath, entry.name);
        const target = path.resolve(path.dirname(link), readlinkSync(link));
        expect(isInside(target, REPO) || target === REPO, `${link} -> ${target}`).toBe(false);
      }
      // The entry points and the 0.1.0 module paths, by package name from the program's folder.
      const specs = [
        "pulumi-interconnect",
        "pulumi-interconnect/estate",
        "pulumi-interconnect/package.json",
        "pulumi-interconnect/dist/provider/core/settings",
        "pulumi-interconnect/dist/provider/core/dynamic",
        "pulumi-interconnect/dist/provider/equinix/l2Connection/provider",
        "pulumi-interconnect/dist/provider/ovh/vrackOvhCloudConnect/provider",
        "pulumi-interconnect/dist/provider/ovh/popConfig/provider",
        "pulumi-interconnect/dist/provider/ovh/datacenterConfig/provider",
        "pulumi-interconnect/dist/provider/ovh/datacenterExtraConfig/provider",
        "pulumi-interconnect/dist/provider/consoleconnect/layer2Connection/provider",
        "@pulumi/pulumi",
      ];
      const script = `console.log(JSON.stringify(${JSON.stringify(specs)}.map((s) => require.resolve(s))))`;
      const resolved = JSON.parse(await ok("node", ["-e", script], dir, userEnv())) as string[];
      for (const file of resolved) expect(isInside(realpathSync(file), dir), file).toBe(true);
    });

    it("previews with the policy pack from its tarball: three resources to create, the advisory reported", async () => {
      const preview = await pulumi(["preview", "--policy-pack", policyPack]);
      expect(preview.code, preview.output).toBe(0);
      expect(preview.output).toMatch(/\+ 3 to create/);
      // The pack's name and version, and the installed folder (which the CLI shortens).
      const version = readJson(path.join(policyPack, "package.json")).version as string;
      expect(preview.output).toContain(`pulumi-interconnect@v${version} (local: `);
      expect(preview.output).toMatch(/\(local: .*node_modules\/pulumi-interconnect-policy\)/);
      expect(preview.output).toMatch(/\[advisory\].*interconnect-name-pattern/);
      expect(preview.output).not.toMatch(/mandatory/);
    });

    it("deploys with the policy pack, and the state's providers require pulumi-interconnect by name only", async () => {
      const up = await pulumi(["up", "--yes", "--skip-preview", "--policy-pack", policyPack]);
      expect(up.code, up.output).toBe(0);
      const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout);
      expect(outputs.equinixStatus).toBe("PROVISIONED");
      expect(outputs.consoleConnectStatus).toBe("ACTIVE");
      expect(outputs.estateEntryPoint).toBe("function");
      // Pulumi ran the program with the program's own SDK and the installed tarball.
      expect(outputs.loaded.sdkVersion).toBe(sdkVersion);
      expect(outputs.loaded.sdk).toBe(path.join(dir, "node_modules/@pulumi/pulumi/index.js"));
      expect(outputs.loaded.interconnect).toBe(
        path.join(dir, "node_modules/pulumi-interconnect/dist/provider/index.js"),
      );

      const exported = (await pulumi(["stack", "export"])).stdout;
      expect(exported).not.toContain(REPO);
      const resources = (JSON.parse(exported).deployment.resources ?? []) as {
        type: string;
        inputs?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      }[];
      const dynamic = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
      expect(dynamic.map((r) => r.type).sort()).toEqual([
        "pulumi-nodejs:dynamic/consoleconnect:Layer2Connection",
        "pulumi-nodejs:dynamic/equinix:L2Connection",
      ]);
      for (const resource of dynamic)
        for (const text of [resource.inputs?.__provider, resource.outputs?.__provider]) {
          expect(typeof text, resource.type).toBe("string");
          const required = [...(text as string).matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
          expect(required, resource.type).toEqual(['"pulumi-interconnect"']);
        }
    });

    it("refreshes, then destroys everything with the providers stored in the state", async () => {
      const refresh = await pulumi(["refresh", "--yes", "--skip-preview"]);
      expect(refresh.code, refresh.output).toBe(0);
      expect(refresh.output).toMatch(/3 unchanged/);
      const destroy = await pulumi(["destroy", "--yes", "--skip-preview"]);
      expect(destroy.code, destroy.output).toBe(0);
      expect(destroy.output).toMatch(/3 deleted/);
      const left = JSON.parse((await pulumi(["stack", "export"])).stdout).deployment.resources ?? [];
      expect(left).toEqual([]);
    });

    // A second SDK inside the installed package (what a regular dependency on @pulumi/pulumi used to give): the
    // program stops at once, naming both copies. The policy pack's folder has one to copy.
    it.runIf(compareVersions(sdkVersion, POLICY_SDK_FLOOR) < 0)(
      "stops at load with a second SDK nested in the package, naming both copies and the fix",
      async () => {
        const nested = path.join(
          dir,
          "node_modules",
          "pulumi-interconnect",
          "node_modules",
          "@pulumi",
          "pulumi",
        );
        const other = path.join(path.dirname(separatePack!), "@pulumi", "pulumi");
        cpSync(other, nested, { recursive: true });
        try {
          const preview = await pulumi(["preview"]);
          expect(preview.code).not.toBe(0);
          expect(preview.output).toContain("two copies of the Pulumi SDK");
          expect(preview.output).toContain(
            `${sdkVersion} at ${path.join(dir, "node_modules/@pulumi/pulumi")} runs`,
          );
          expect(preview.output).toContain(`${NEWEST} at ${nested} is the one pulumi-interconnect loads`);
          expect(preview.output).toContain(`remove ${nested}`);
        } finally {
          rmSync(path.join(dir, "node_modules", "pulumi-interconnect", "node_modules"), { recursive: true });
        }
      },
    );
  },
);
