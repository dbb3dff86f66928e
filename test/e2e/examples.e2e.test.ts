/**
 * Every program in examples/ deploys against the emulators through the real Pulumi CLI, and destroys cleanly.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunningEmulators, startAllEmulators } from "../../emulator/all";
import { PulumiProject, REPO } from "./harness";

const EXAMPLES = readdirSync(path.join(REPO, "examples"), { withFileTypes: true })
  // One Pulumi program per folder; examples/fleet drives programs (its own test: fleet.e2e.test.ts).
  .filter((d) => d.isDirectory() && existsSync(path.join(REPO, "examples", d.name, "Pulumi.yaml")))
  .map((d) => d.name)
  .sort();

let emulators: RunningEmulators;
beforeAll(async () => {
  // The emulated sellers and partners approve by themselves after a moment, as in the demo.
  emulators = await startAllEmulators({
    equinix: { approvalDelayMs: 1000, provisioningMs: 500, deprovisioningMs: 500 },
  });
});
afterAll(() => emulators?.close());

describe("examples", { timeout: 300_000 }, () => {
  it("covers seed 001's four tagging cases and the rename", () => {
    for (const name of [
      "equinix-dot1q-to-dot1q",
      "equinix-dot1q-to-qinq",
      "equinix-qinq-to-dot1q",
      "equinix-qinq-to-qinq",
      "equinix-rename",
    ])
      expect(EXAMPLES).toContain(name);
  });

  for (const example of EXAMPLES) {
    it(`${example}: up, then destroy`, async () => {
      const project = await PulumiProject.create(example, { example: `examples/${example}` }, emulators.env);
      try {
        const up = await project.up();
        expect(up.code, up.output).toBe(0);
        const outputs = await project.outputs();
        expect(Object.keys(outputs).length).toBeGreaterThan(0);
        expect(JSON.stringify(outputs)).not.toMatch(/FAILED|REJECTED|ERROR/);
        const again = await project.preview("--expect-no-changes");
        expect(again.code, again.output).toBe(0);
        const destroy = await project.destroy();
        expect(destroy.code, destroy.output).toBe(0);
      } finally {
        project.remove();
      }
    });
  }

  it("equinix-rename: renaming the primary is an in-place update of the same connection", async () => {
    const project = await PulumiProject.create(
      "equinix-rename",
      { example: "examples/equinix-rename" },
      emulators.env,
    );
    try {
      expect((await project.up()).code).toBe(0);
      const before = await project.outputs();
      expect(before.name).toBe("JohnDoe_Dot1Q_To_Dot1Q");
      await project.config("primaryName", "John_Demo_Connection");
      const up = await project.up();
      expect(up.code, up.output).toBe(0);
      expect(up.output).toMatch(/1 updated/);
      expect(up.output).not.toMatch(/replaced/);
      const after = await project.outputs();
      expect(after).toMatchObject({ uuid: before.uuid, name: "John_Demo_Connection", status: "PROVISIONED" });
      expect((await project.destroy()).code).toBe(0);
    } finally {
      project.remove();
    }
  });
});
