/**
 * One copy of the Pulumi SDK. `@pulumi/pulumi` is a peer dependency: the program chooses it, and this package
 * must use that same copy — resources built with one copy and run by another do not work (pulumi/pulumi#18057,
 * pulumi/pulumi-kubernetes#1608), and fail late with messages that do not name the cause. So when the package is
 * loaded it compares the copy it resolves with the copy that runs the process, and says which copies there are
 * and how to fix it.
 *
 * Under Pulumi's own entry points (a program's `cmd/run`, the dynamic-provider host, a policy pack's
 * `cmd/run-policy-pack`) a second copy cannot work: that is an error, thrown at load. Elsewhere (an Automation API
 * script, a tool) the script's own `@pulumi/pulumi` may simply be unused, so a second copy is a warning.
 * `PULUMI_INTERCONNECT_SKIP_SDK_CHECK=1` turns the check off.
 */
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * The oldest `@pulumi/pulumi` this package works with, and the floor of its peer dependency range: the serialized
 * provider hands over to the installed package in `configure`, which the dynamic-provider host calls since
 * v3.139.0 (pulumi/pulumi#17697).
 */
export const MINIMUM_PULUMI_SDK = "3.139.0";

/** The environment variable that turns the check off. */
export const SKIP_SDK_CHECK_ENV = "PULUMI_INTERCONNECT_SKIP_SDK_CHECK";

/** An installed copy of `@pulumi/pulumi`: its folder (real path) and version. */
export interface SdkCopy {
  dir: string;
  version: string;
}

/** What the check found: nothing wrong, or a problem to throw (`error`) or to warn about (`warning`). */
export interface SdkCheck {
  /** The copy this package resolves, if any. */
  ours?: SdkCopy;
  /** The copy that runs the process (or that its main module resolves), if known. */
  running?: SdkCopy;
  problem?: { severity: "error" | "warning"; message: string };
}

const ENTRY_POINTS = ["run", "dynamic-provider", "run-policy-pack"];

function readVersion(dir: string): string {
  const json = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string };
  return json.version ?? "unknown";
}

/** The `@pulumi/pulumi` that Node resolves from `fromDir`, or undefined when there is none. */
export function sdkFrom(fromDir: string): SdkCopy | undefined {
  let file: string;
  try {
    file = require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] });
  } catch {
    return undefined;
  }
  const dir = realpathSync(path.dirname(file));
  return { dir, version: readVersion(dir) };
}

/**
 * The `@pulumi/pulumi` whose entry point `mainFile` is (`<sdk>/cmd/run/…`, `<sdk>/cmd/dynamic-provider/…`,
 * `<sdk>/cmd/run-policy-pack/…`), or undefined when the process was started some other way.
 */
export function sdkRunning(mainFile: string): SdkCopy | undefined {
  let dir = path.dirname(realpath(mainFile));
  for (;;) {
    const parent = path.dirname(dir);
    if (path.basename(parent) === "cmd" && ENTRY_POINTS.includes(path.basename(dir))) {
      const root = path.dirname(parent);
      try {
        const json = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (json.name === "@pulumi/pulumi") return { dir: root, version: json.version ?? "unknown" };
      } catch {
        // not a package root: keep looking
      }
    }
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function realpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Compares `a.b.c` versions numerically (pre-release tags ignored); negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split(/[-+]/)[0]
      .split(".")
      .map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function isInside(dir: string, parent: string): boolean {
  const relative = path.relative(parent, dir);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** How to get to one copy, given where the two are. */
function remedies(packageDir: string, ours: SdkCopy, running: SdkCopy): string[] {
  const fixes: string[] = [];
  // The program's node_modules folder: the one that holds its @pulumi/pulumi.
  const programModules = path.dirname(path.dirname(running.dir));
  if (!isInside(packageDir, programModules)) {
    fixes.push(
      `pulumi-interconnect is linked from ${packageDir} (npm link, a file: or workspace dependency), and Node ` +
        "resolves its @pulumi/pulumi from there: install it from the registry (npm install pulumi-interconnect) or " +
        "from a tarball (npm pack in its folder, then npm install ./pulumi-interconnect-<version>.tgz)",
    );
    if (isInside(ours.dir, path.join(packageDir, "node_modules")))
      fixes.push(`or remove ${ours.dir}, so that the linked package finds no copy of its own`);
  } else if (isInside(ours.dir, path.join(packageDir, "node_modules"))) {
    fixes.push(
      `remove ${ours.dir} — pulumi-interconnect's own copy; @pulumi/pulumi is a peer dependency, so the program's ` +
        "copy is the one to use",
    );
    if (compareVersions(running.version, MINIMUM_PULUMI_SDK) < 0)
      fixes.push(
        `upgrade the program's @pulumi/pulumi to ^${MINIMUM_PULUMI_SDK} (npm install @pulumi/pulumi@^3)`,
      );
    fixes.push("then run `npm dedupe` (and `npm ls @pulumi/pulumi` to see one copy)");
  } else {
    fixes.push(
      "run `npm ls @pulumi/pulumi` in the program to see where the copies come from, then `npm dedupe` so that " +
        "one copy is installed",
    );
  }
  return fixes;
}

/**
 * Checks that this package and the process use one copy of `@pulumi/pulumi`, of a version this package supports.
 * `packageDir` is this package's folder; `mainFile` the process's main module (`require.main.filename`).
 */
export function inspectSdk(packageDir: string, mainFile: string | undefined): SdkCheck {
  const pkg = realpath(packageDir);
  const ours = sdkFrom(pkg);
  const running = mainFile ? sdkRunning(mainFile) : undefined;
  const underPulumi = running !== undefined;
  if (!ours)
    return {
      running,
      problem: {
        severity: "error",
        message:
          `pulumi-interconnect cannot find @pulumi/pulumi from ${pkg}. It is a peer dependency: install it in the ` +
          `program (npm install pulumi-interconnect @pulumi/pulumi), version ^${MINIMUM_PULUMI_SDK}.`,
      },
    };
  const program = running ?? (mainFile ? sdkFrom(path.dirname(realpath(mainFile))) : undefined);
  if (program && program.dir !== ours.dir) {
    const who = underPulumi ? "runs this process" : `is the one ${mainFile} resolves`;
    const message = [
      "pulumi-interconnect: two copies of the Pulumi SDK (@pulumi/pulumi) are installed, and resources cannot " +
        "work across two copies (pulumi/pulumi#18057):",
      `  - ${program.version} at ${program.dir} ${who}`,
      `  - ${ours.version} at ${ours.dir} is the one pulumi-interconnect loads`,
      "To fix it:",
      ...remedies(pkg, ours, program).map((fix) => `  - ${fix}`),
      `(${SKIP_SDK_CHECK_ENV}=1 skips this check.)`,
    ].join("\n");
    return { ours, running: program, problem: { severity: underPulumi ? "error" : "warning", message } };
  }
  if (compareVersions(ours.version, MINIMUM_PULUMI_SDK) < 0)
    return {
      ours,
      running: program,
      problem: {
        severity: underPulumi ? "error" : "warning",
        message:
          `pulumi-interconnect needs @pulumi/pulumi ^${MINIMUM_PULUMI_SDK} (its serialized providers rely on the ` +
          `provider host calling configure, pulumi/pulumi#17697), but ${ours.dir} is ${ours.version}: ` +
          `npm install @pulumi/pulumi@^3 (${SKIP_SDK_CHECK_ENV}=1 skips this check).`,
      },
    };
  return { ours, running: program };
}

/** The folder of the package that holds `dir` (this package: dist/provider/core, or provider/core in tests). */
function packageRoot(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      const json = JSON.parse(readFileSync(path.join(current, "package.json"), "utf8")) as { name?: string };
      if (json.name === "pulumi-interconnect") return current;
    } catch {
      // no package.json here
    }
    if (path.dirname(current) === current) return dir;
  }
}

let checked = false;

/**
 * Runs the check once per process, for this installed package: throws under Pulumi's entry points, warns
 * elsewhere. Called when the package is loaded.
 */
export function assertOneSdk(): void {
  if (checked || process.env[SKIP_SDK_CHECK_ENV] === "1") return;
  checked = true;
  const { problem } = inspectSdk(packageRoot(__dirname), require.main?.filename);
  if (!problem) return;
  if (problem.severity === "error") throw new Error(problem.message);
  process.emitWarning(problem.message, { code: "PULUMI_INTERCONNECT_SDK" });
}
