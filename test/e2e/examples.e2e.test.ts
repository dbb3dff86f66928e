/**
 * Every program in examples/ deploys against the emulators through the real Pulumi CLI, and destroys cleanly.
 * Seed 001's Equinix examples run on ECX v3 (their Pulumi.yaml says so), the cloud examples on Fabric v4; the
 * Dot1Q-to-Dot1Q one runs on both.
 */
import axios from "axios";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunningEmulators, startAllEmulators } from "../../emulator/all";
import { FABRIC_V4_PROFILES } from "../../emulator/equinix";
import { PulumiProject, REPO, resourcesOfType } from "./harness";

const EXAMPLES = readdirSync(path.join(REPO, "examples"), { withFileTypes: true })
  // One Pulumi program per folder; examples/fleet drives programs (its own test: fleet.e2e.test.ts).
  .filter((d) => d.isDirectory() && existsSync(path.join(REPO, "examples", d.name, "Pulumi.yaml")))
  .map((d) => d.name)
  .sort();

const EQUINIX = "pulumi-nodejs:dynamic/equinix:L2Connection";
const SEED_001 = [
  "equinix-dot1q-to-dot1q",
  "equinix-dot1q-to-qinq",
  "equinix-qinq-to-dot1q",
  "equinix-qinq-to-qinq",
  "equinix-rename",
];

const CLOUDS = ["equinix-aws", "equinix-azure", "equinix-google"];

/** The sellers' keys, set as secret config as a user would (made-up values in the formats the clouds use). */
const KEYS = {
  awsAccountId: "123456789012",
  serviceKey: "f3b1c2d4-1111-4a2b-9c3d-5e6f7a8b9c0d",
  pairingKeyZone1: "7e51371e-72a3-40b5-b844-2e3efefaee59/us-west1/1",
  pairingKeyZone2: "7e51371e-72a3-40b5-b844-2e3efefaee59/us-west1/2",
};

/** What each example needs besides its defaults: secret config, and the Equinix API it runs on. */
const SETUP: Record<string, { secrets?: Partial<typeof KEYS>; apiVersion?: "v3" | "v4" }> = {
  ...Object.fromEntries(SEED_001.map((name) => [name, { apiVersion: "v3" as const }])),
  "equinix-aws": { secrets: { awsAccountId: KEYS.awsAccountId }, apiVersion: "v4" },
  "equinix-azure": { secrets: { serviceKey: KEYS.serviceKey }, apiVersion: "v4" },
  "equinix-google": {
    secrets: { pairingKeyZone1: KEYS.pairingKeyZone1, pairingKeyZone2: KEYS.pairingKeyZone2 },
    apiVersion: "v4",
  },
};

let emulators: RunningEmulators;
beforeAll(async () => {
  // The emulated sellers and partners approve by themselves after a moment, as in the demo; AWS's hosted
  // connections wait for their owner (the AWS console), as they do for real.
  emulators = await startAllEmulators({
    equinix: {
      approvalDelayMs: 1000,
      provisioningMs: 500,
      deprovisioningMs: 500,
      fabricV4: {
        sellerApproval: { autoAfterMs: 1000 },
        provisioningMs: 500,
        deprovisioningMs: 500,
        updateMs: 300,
      },
    },
  });
});
afterAll(() => emulators?.close());

async function create(example: string): Promise<PulumiProject> {
  const project = await PulumiProject.create(example, { example: `examples/${example}` }, emulators.env);
  for (const [key, value] of Object.entries(SETUP[example]?.secrets ?? {}))
    await project.config(key, value, true);
  return project;
}

/** The API the stack's Equinix pair was created with (its `apiVersion` output). */
async function apiVersionOf(project: PulumiProject): Promise<unknown> {
  const [pair] = resourcesOfType(await project.exportState(), EQUINIX);
  return pair?.outputs?.apiVersion;
}

/** Up, a second preview with no changes, destroy: what every example must do. */
async function upAndDown(project: PulumiProject, expected?: "v3" | "v4") {
  const up = await project.up();
  expect(up.code, up.output).toBe(0);
  const outputs = await project.outputs();
  expect(Object.keys(outputs).length).toBeGreaterThan(0);
  expect(JSON.stringify(outputs)).not.toMatch(/FAILED|REJECTED|ERROR/);
  if (expected) expect(await apiVersionOf(project)).toBe(expected);
  const again = await project.preview("--expect-no-changes");
  expect(again.code, again.output).toBe(0);
  const destroy = await project.destroy();
  expect(destroy.code, destroy.output).toBe(0);
  return { up, outputs };
}

describe("examples", { timeout: 300_000 }, () => {
  it("covers seed 001's four tagging cases and the rename, and the three clouds on Fabric v4", () => {
    for (const name of [...SEED_001, ...CLOUDS]) expect(EXAMPLES).toContain(name);
  });

  // The cloud examples run in detail below.
  for (const example of EXAMPLES.filter((e) => !CLOUDS.includes(e))) {
    it(`${example}: up, then destroy`, async () => {
      const project = await create(example);
      try {
        await upAndDown(project, SETUP[example]?.apiVersion);
      } finally {
        project.remove();
      }
    });
  }

  it("equinix-dot1q-to-dot1q also runs on Fabric v4, against the generic profile (same uuid)", async () => {
    const project = await create("equinix-dot1q-to-dot1q");
    try {
      await project.config("interconnect:equinixApiVersion", "v4");
      const { up, outputs } = await upAndDown(project, "v4");
      expect(up.output).toMatch(/PENDING_APPROVAL .*waiting for the seller to approve the connection/);
      expect(outputs).toMatchObject({
        primary: { status: "PROVISIONED", providerStatus: "AVAILABLE" },
        secondary: { status: "PROVISIONED", state: "PROVISIONED" },
      });
    } finally {
      project.remove();
    }
  });

  it("equinix-rename: renaming the primary is an in-place update of the same connection", async () => {
    const project = await create("equinix-rename");
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

describe("the Fabric v4 cloud examples, in detail", { timeout: 300_000 }, () => {
  const control = () => axios.create({ baseURL: `${emulators.urls.equinix}/__emulator` });
  const postsSince = async (before: number) =>
    ((await control().get("/requests")).data as { method: string; path: string; status: number; body: any }[])
      .slice(before)
      .filter((r) => r.method === "POST" && r.path === "/fabric/v4/connections" && r.status === 201);
  const logLength = async () => ((await control().get("/requests")).data as unknown[]).length;

  /** Up, then hands the test the outputs, the create POSTs and the state export; destroys afterwards. */
  async function deployed(
    example: string,
    body: (run: {
      up: string;
      outputs: Record<string, any>;
      posts: { body: any }[];
      state: string;
    }) => Promise<void> | void,
  ) {
    const project = await create(example);
    try {
      const before = await logLength();
      const up = await project.up();
      expect(up.code, up.output).toBe(0);
      await body({
        up: up.output,
        outputs: await project.outputs(),
        posts: await postsSince(before),
        state: await project.exportText(),
      });
      const again = await project.preview("--expect-no-changes");
      expect(again.code, again.output).toBe(0);
      const destroy = await project.destroy();
      expect(destroy.code, destroy.output).toBe(0);
    } finally {
      project.remove();
    }
  }

  it("equinix-aws: the AWS profile found by name, the account id on both legs, and the hosted connection left to accept", async () => {
    await deployed("equinix-aws", ({ up, outputs, posts, state }) => {
      expect(up).toMatch(/accept the hosted connection in the Direct Connect console/);
      expect(outputs).toMatchObject({
        apiVersion: "v4",
        primary: {
          status: "PROVISIONED",
          providerStatus: "PENDING_APPROVAL",
          awsSide: { vlanTag: expect.any(Number) },
        },
        secondary: { status: "PROVISIONED" },
      });
      expect(posts.map((p) => p.body.zSide.accessPoint.profile.uuid)).toEqual([
        FABRIC_V4_PROFILES.aws.uuid,
        FABRIC_V4_PROFILES.aws.uuid,
      ]);
      expect(posts.map((p) => p.body.zSide.accessPoint.sellerRegion)).toEqual(["us-west-1", "us-west-1"]);
      expect(posts.map((p) => p.body.redundancy.priority)).toEqual(["PRIMARY", "SECONDARY"]);
      expect(state).not.toContain(KEYS.awsAccountId);
    });
  });

  it("equinix-azure: one service key, private peering, the peering VLAN on Microsoft's side of both legs", async () => {
    await deployed("equinix-azure", ({ outputs, posts, state }) => {
      expect(outputs).toMatchObject({
        apiVersion: "v4",
        primary: { status: "PROVISIONED", microsoftSide: { vlanCTag: 300 } },
        secondary: { status: "PROVISIONED", zSide: { vlanCTag: 300 } },
      });
      expect(posts.map((p) => p.body.zSide.accessPoint.peeringType)).toEqual(["PRIVATE", "PRIVATE"]);
      expect(posts.map((p) => p.body.zSide.accessPoint.linkProtocol)).toEqual([
        { type: "QINQ", vlanCTag: 300 },
        { type: "QINQ", vlanCTag: 300 },
      ]);
      expect(posts.map((p) => p.body.redundancy.priority)).toEqual(["PRIMARY", "SECONDARY"]);
      expect(state).not.toContain(KEYS.serviceKey);
    });
  });

  it("equinix-google: one pairing key and one zone profile per leg, two independent connections", async () => {
    await deployed("equinix-google", ({ outputs, posts, state }) => {
      expect(outputs).toMatchObject({
        apiVersion: "v4",
        zone1Connection: { status: "PROVISIONED", googleSide: { vlanTag: expect.any(Number) } },
        zone2Connection: { status: "PROVISIONED" },
      });
      expect(posts.map((p) => p.body.zSide.accessPoint.profile.uuid)).toEqual([
        FABRIC_V4_PROFILES.googleZone1.uuid,
        FABRIC_V4_PROFILES.googleZone2.uuid,
      ]);
      expect(posts.map((p) => p.body.redundancy)).toEqual([{ priority: "PRIMARY" }, { priority: "PRIMARY" }]);
      expect(posts.map((p) => p.body.zSide.accessPoint.sellerRegion)).toEqual(["us-west1", "us-west1"]);
      for (const key of [KEYS.pairingKeyZone1, KEYS.pairingKeyZone2]) expect(state).not.toContain(key);
    });
  });
});
