/**
 * `npm run demo` as a person runs it: the emulators start, the demo estate deploys with the real CLI while the
 * other parties approve (the Equinix pair on Fabric v4, its seller approving after a few seconds), the outputs are
 * printed, a second run does no harm, and the teardown works.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, pulumiBinDir } from "./harness";

const backend = mkdtempSync(path.join(REPO, ".cache/e2e-demo-"));
afterAll(() => rmSync(backend, { recursive: true, force: true }));

/** The Fabric v4 connections in the Equinix emulator's state file (`<backend>/emulators/equinix.json`). */
function fabricV4Connections(): { name: string; state: string }[] {
  const saved = JSON.parse(readFileSync(path.join(backend, "emulators/equinix.json"), "utf8"));
  return (saved.state.v4?.connections ?? [])
    .map((c: { name: string; state: string }) => ({ name: c.name, state: c.state }))
    .sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
}

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
    // The Equinix pair on Fabric v4: one connection per leg, each waiting visibly for the seller.
    for (const leg of ['"sv-dc1-to-seller" \\(primary', '"sv-dc1-to-seller-2" \\(secondary'])
      expect(run.output).toMatch(
        new RegExp(
          `Equinix connection ${leg} [0-9a-f-]{36}\\): PENDING_APPROVAL \\(\\d+s\\): waiting for the seller to approve the connection`,
        ),
      );
    expect(run.output).toMatch(
      /Equinix connection "sv-dc1-to-seller" \(primary [0-9a-f-]{36}\): .*→ PROVISIONED/,
    );
    expect(run.output).toMatch(/equinixConnection:\s+apiVersion: v4\s+name: sv-dc1-to-seller/);
    expect(run.output).toMatch(/state: PROVISIONED/);
    expect(run.output).toMatch(
      /sellerSide:\s+portName: SV1-DEMO-SELLER-PRI\s+portUuid: [0-9a-f-]{36}\s+profileName: Demo Dot1q Seller \(approval\)\s+profileUuid: 7a73af1a-3d74-47ac-b778-6bf455d1174e\s+vlanTag: \d+/,
    );
    // The emulators' state file, beside the stack's, holds the pair as Fabric v4 connections.
    expect(fabricV4Connections().map((c) => [c.name, c.state])).toEqual([
      ["sv-dc1-to-seller", "PROVISIONED"],
      ["sv-dc1-to-seller-2", "PROVISIONED"],
    ]);
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
    // The same two Fabric v4 connections: nothing was created again.
    expect(fabricV4Connections().map((c) => c.state)).toEqual(["PROVISIONED", "PROVISIONED"]);
    expect(again.output).toMatch(/The demo estate:/);
  });

  it("tears the estate down, waiting for each deletion", async () => {
    const destroy = await demo("destroy");
    expect(destroy.code, destroy.output).toBe(0);
    expect(destroy.output).toMatch(/7 deleted/);
    expect(destroy.output).toMatch(/delPopConfiguration/);
    expect(destroy.output).toMatch(/DEPROVISIONED/);
    expect(fabricV4Connections().map((c) => c.state)).toEqual(["DEPROVISIONED", "DEPROVISIONED"]);
  });
});
