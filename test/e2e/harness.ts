/**
 * Drives the real Pulumi CLI against a local file backend: the engine serializes the providers, stores them in
 * state, runs check and diff during preview, and loads them back for refresh and destroy.
 *
 * Projects live under .cache/e2e/ inside the repo, so that `pulumi-interconnect` and `@pulumi/pulumi` resolve
 * through the repo's node_modules exactly as they do for a user's program.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPO = path.resolve(__dirname, "../..");
export const PASSPHRASE = "e2e-passphrase";

let binDir: string | undefined;

/** The Pulumi CLI's folder: `pulumi` from PATH, or the one scripts/pulumi-cli.sh builds from Go modules. */
export function pulumiBinDir(): string {
  if (!binDir) {
    const out = execFileSync("bash", [path.join(REPO, "scripts/pulumi-cli.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 60 * 60_000,
    });
    binDir = out.trim().split("\n").pop()!;
  }
  return binDir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions on what the person running the command sees. */
  output: string;
}

export class PulumiProject {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(dir: string, env: Record<string, string>) {
    this.dir = dir;
    this.env = {
      ...process.env,
      ...env,
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(REPO, ".cache/pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      INTERCONNECT_POLL_MS: env.INTERCONNECT_POLL_MS ?? "200",
    };
    // Progress lines go to the engine from the provider process; keep the test's own stderr quiet.
    delete this.env.INTERCONNECT_QUIET;
    delete this.env.VITEST;
  }

  /**
   * A new project with a stack "test". `program` is the TypeScript source of index.ts, or the path of an
   * example folder (relative to the repo) whose Pulumi.yaml and index.ts are copied.
   */
  static async create(
    name: string,
    program: { source: string } | { example: string },
    env: Record<string, string>,
  ): Promise<PulumiProject> {
    const root = path.join(REPO, ".cache/e2e");
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(path.join(root, `${name}-`));
    if ("example" in program) {
      cpSync(path.join(REPO, program.example), dir, {
        recursive: true,
        filter: (src) => !/[\\/](node_modules|\.state)([\\/]|$)/.test(src),
      });
    } else {
      writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.ts\n`);
      writeFileSync(path.join(dir, "index.ts"), program.source);
    }
    mkdirSync(path.join(dir, ".state"), { recursive: true });
    // A package of its own, as a user's program is: without one, the program would sit inside this repository's
    // package, and TypeScript would resolve "pulumi-interconnect" as a self-reference through its exports map.
    if (!existsSync(path.join(dir, "package.json")))
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }, null, 2));
    const project = new PulumiProject(dir, env);
    await project.ok(["stack", "init", "test"]);
    return project;
  }

  /** Runs `pulumi <args>`; never throws on a non-zero exit (tests assert on it). */
  run(args: string[], timeoutMs = 240_000): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive", "--color", "never"],
        { cwd: this.dir, env: this.env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
        },
      );
    });
  }

  /** Runs `pulumi <args>` and fails with the CLI's output when it does not succeed. */
  async ok(args: string[], timeoutMs?: number): Promise<RunResult> {
    const result = await this.run(args, timeoutMs);
    if (result.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.output}`);
    return result;
  }

  preview(...extra: string[]) {
    return this.run(["preview", "--diff", ...extra]);
  }
  up(...extra: string[]) {
    return this.run(["up", "--yes", "--skip-preview", ...extra]);
  }
  refresh(...extra: string[]) {
    return this.run(["refresh", "--yes", "--skip-preview", ...extra]);
  }
  destroy(...extra: string[]) {
    return this.run(["destroy", "--yes", "--skip-preview", ...extra]);
  }

  async config(key: string, value: string, secret = false): Promise<void> {
    await this.ok(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
  }

  /** Rewrites the program (index.ts) for the next command. */
  writeProgram(source: string): void {
    writeFileSync(path.join(this.dir, "index.ts"), source);
  }

  readProgram(): string {
    return readFileSync(path.join(this.dir, "index.ts"), "utf8");
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
  }

  /** The stack's state as `pulumi stack export` writes it (secrets stay encrypted). */
  async exportState(): Promise<StackState> {
    return JSON.parse((await this.ok(["stack", "export"])).stdout);
  }

  /** The raw text of the export, for searching for leaked credentials. */
  async exportText(): Promise<string> {
    return (await this.ok(["stack", "export"])).stdout;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

export interface StackState {
  deployment: { resources?: StateResource[] };
}

/** The resources of a given type in an exported state. */
export function resourcesOfType(state: StackState, type: string): StateResource[] {
  return (state.deployment.resources ?? []).filter((r) => r.type === type);
}
