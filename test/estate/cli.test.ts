/**
 * The pulumi-interconnect-estate command (dist/estate/cli.js, built by `npm test`): from a file, from standard
 * input, and from a stack through the Automation API with the real Pulumi CLI; and its usage errors.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, pulumiBinDir } from "../e2e/harness";
import { FIXTURES } from "./estates";

const CLI = path.join(REPO, "dist/estate/cli.js");
const work = mkdtempSync(path.join(REPO, ".cache/estate-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function estate(
  args: string[],
  options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd ?? work, env: options.env ?? process.env, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
  });
}

const demoExport = () => readFileSync(path.join(FIXTURES, "demo.json"), "utf8");

describe("pulumi-interconnect-estate", () => {
  it("is the package's bin", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
    expect(pkg.bin["pulumi-interconnect-estate"]).toBe("dist/estate/cli.js");
    expect(pkg.files).toContain("dist/estate/**/*.js"); // packed (test/package/pack.test.ts checks the list)
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
  });

  it("draws a state export from a file, with a title, and prints the page's path", async () => {
    const out = path.join(work, "file", "view.html");
    const run = await estate([
      "--file",
      path.join(FIXTURES, "mixed.json"),
      "--out",
      out,
      "--title",
      "Mixed <estate>",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<h1>Mixed &lt;estate&gt;</h1>");
    expect(html.match(/data-label-for=/g)).toHaveLength(8);
  });

  it("reads standard input, and names the page after the stack", async () => {
    const cwd = path.join(work, "stdin");
    mkdirSync(cwd, { recursive: true });
    const run = await estate([], { input: demoExport(), cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(path.join(cwd, "estate-demo.html"));
    expect(readFileSync(path.join(cwd, "estate-demo.html"), "utf8")).toContain("Interconnect estate · demo");
    const dash = await estate(["--file", "-", "--out", "dash.html"], { input: demoExport(), cwd });
    expect(dash.code, dash.stderr).toBe(0);
    expect(existsSync(path.join(cwd, "dash.html"))).toBe(true);
  });

  it("explains its usage errors", async () => {
    const both = await estate(["--file", "x.json", "--stack", "dev"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/use --file or --stack, not both[\s\S]*usage: pulumi-interconnect-estate/);
    expect((await estate(["--cwd", "."])).stderr).toMatch(/--cwd goes with --stack/);
    expect((await estate(["--bogus"])).code).toBe(2);
    const missing = await estate(["--file", path.join(work, "nope.json")]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/cannot read/);
    const notJson = await estate([], { input: "not json" });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/standard input is not JSON/);
    const notExport = await estate([], { input: '{"hello": 1}' });
    expect(notExport.stderr).toMatch(/not a `pulumi stack export` document/);
    const help = await estate(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--stack NAME/);
  });

  it(
    "exports a stack through the Automation API (real CLI, local backend), without decrypting anything",
    { timeout: 600_000 },
    async () => {
      const project = path.join(work, "project");
      const backend = path.join(work, "backend");
      mkdirSync(project, { recursive: true });
      mkdirSync(backend, { recursive: true });
      writeFileSync(path.join(project, "Pulumi.yaml"), "name: pulumi-interconnect-demo\nruntime: nodejs\n");
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
        PULUMI_HOME: path.join(REPO, ".cache/pulumi-home"),
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_SKIP_UPDATE_CHECK: "1",
        PULUMI_CONFIG_PASSPHRASE: "estate-cli-test",
      };
      const pulumi = (...args: string[]) =>
        execFileSync("pulumi", [...args, "--non-interactive"], { cwd: project, env, stdio: "pipe" });
      pulumi("stack", "init", "demo");
      pulumi("stack", "import", "--file", path.join(FIXTURES, "demo.json"));
      // No passphrase: the export is read without --show-secrets.
      delete env.PULUMI_CONFIG_PASSPHRASE;
      const out = path.join(work, "stack.html");
      const run = await estate(["--stack", "demo", "--cwd", project, "--out", out], { env });
      expect(run.code, run.stderr).toBe(0);
      const html = readFileSync(out, "utf8");
      expect(html).toContain("Stack <b>demo</b> of project <b>pulumi-interconnect-demo</b>");
      expect(html.match(/data-label-for=/g)).toHaveLength(3);
      const unknown = await estate(["--stack", "nope", "--cwd", project, "--out", out], { env });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/cannot export stack "nope" from .*: no stack named 'nope' found/);
      const noCli = await estate(["--stack", "demo", "--cwd", project], {
        env: { ...env, PATH: "/nowhere" },
      });
      expect(noCli.stderr).toMatch(/the Pulumi CLI is not on PATH/);
    },
  );
});
