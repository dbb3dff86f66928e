/**
 * `npm run demo` as a person runs it: the emulators start, the demo estate deploys with the real CLI while the
 * other parties approve, the outputs are printed, a second run does no harm, and the teardown works.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, pulumiBinDir } from "./harness";

const backend = mkdtempSync(path.join(REPO, ".cache/e2e-demo-"));
afterAll(() => rmSync(backend, { recursive: true, force: true }));

function demo(action: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      "node",
      [path.join(REPO, "dist/scripts/demo.js"), action],
      {
        cwd: REPO,
        env: {
          ...process.env,
          PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
          PULUMI_BACKEND_URL: `file://${backend}`,
          INTERCONNECT_QUIET: "",
        },
        timeout: 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          output: `${stdout}\n${stderr}`,
        }),
    );
  });
}

describe("npm run demo", { timeout: 600_000 }, () => {
  it("deploys the estate against the emulators, showing the waits, and prints the outputs", async () => {
    const run = await demo("up");
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/PENDING_APPROVAL .*waiting for the seller to approve the connection/);
    expect(run.output).toMatch(/waiting for globex-cloud to approve the connection/);
    expect(run.output).toMatch(/OVHcloud .*task .*todo/);
    expect(run.output).toMatch(/The demo estate:/);
    expect(run.output).toMatch(/status: PROVISIONED/);
    expect(run.output).toMatch(/status: ACTIVE/);
    expect(run.output).toMatch(/staticRoute:\s+id: \d+\s+status: active/);
    // It ends by drawing the estate from the stack's state, in the backend's folder.
    const view = run.output.match(/The estate's diagram: (.*estate-demo\.html)/)?.[1];
    expect(view).toBe(path.join(backend, "estate-demo.html"));
    const html = readFileSync(view!, "utf8");
    expect(html).toContain("Interconnect estate · demo");
    expect(html.match(/data-label-for=/g)).toHaveLength(3);
  });

  it("runs again without changing anything: the emulators kept the estate", async () => {
    const again = await demo("up");
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/7 unchanged/);
    expect(again.output).not.toMatch(/created|replaced/);
    expect(again.output).toMatch(/The demo estate:/);
  });

  it("tears the estate down, waiting for each deletion", async () => {
    const destroy = await demo("destroy");
    expect(destroy.code, destroy.output).toBe(0);
    expect(destroy.output).toMatch(/7 deleted/);
    expect(destroy.output).toMatch(/delPopConfiguration/);
    expect(destroy.output).toMatch(/DEPROVISIONED/);
  });
});
