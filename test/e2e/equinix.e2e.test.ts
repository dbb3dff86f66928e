/**
 * equinix.L2Connection through the real Pulumi CLI against the Equinix emulator: preview without API calls,
 * up with visible approval progress, refresh of drift and of out-of-band deletion, in-place updates versus
 * replacements, destroy, partial state after a rejection or a time-out, and a state free of credentials.
 */
import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  startEquinixEmulator,
} from "../../emulator/equinix";
import { PulumiProject, resourcesOfType } from "./harness";

const TYPE = "pulumi-nodejs:dynamic/equinix:L2Connection";
const AUTH_KEY = "seller-authorization-key-7731";

/** The program under test: every value the tests change comes from stack config. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const name = config.get("name") ?? "e2e-link";
const vlanSTag = config.getNumber("vlanSTag") ?? 873;

const link = new equinix.L2Connection("link", {
  name,
  profileUuid: config.require("profileUuid"),
  speed: config.getNumber("speed") ?? 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  authorizationKey: config.getSecret("authorizationKey"),
  sellerMetroCode: "SV",
  portUuid: "${EQUINIX_SEED_PORTS.dot1qPrimary.uuid}",
  vlanSTag,
  secondaryConnection: { name: name + "-2", portUuid: "${EQUINIX_SEED_PORTS.dot1qSecondary.uuid}", vlanSTag },
  portEncapsulation: "Dot1Q",
  profileEncapsulation: "Dot1Q",
  timeouts: { create: config.get("createTimeout") ?? "2m" },
});

export const uuid = link.uuid;
export const status = link.status;
export const secondary = link.secondary;
export const connectionName = link.name;
`;

type Emulator = Awaited<ReturnType<typeof startEquinixEmulator>>;

async function setup(name: string, emulatorOptions: Parameters<typeof startEquinixEmulator>[0]) {
  const emulator = await startEquinixEmulator({
    port: 0,
    provisioningMs: 500,
    deprovisioningMs: 500,
    ...emulatorOptions,
  });
  const project = await PulumiProject.create(
    name,
    { source: PROGRAM },
    {
      EQUINIX_API_ENDPOINT: emulator.url,
      EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
      EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    },
  );
  await project.config("profileUuid", EQUINIX_SEED_PROFILES.dot1qApproval.uuid);
  await project.config("authorizationKey", AUTH_KEY, true);
  const control = axios.create({ baseURL: `${emulator.url}/__emulator` });
  return { emulator, project, control };
}

async function stored(control: ReturnType<typeof axios.create>): Promise<Record<string, any>[]> {
  return (await control.get("/equinix/connections")).data;
}
async function vendorCalls(control: ReturnType<typeof axios.create>) {
  return ((await control.get("/requests")).data as { method: string; path: string }[]).filter(
    (r) => !r.path.startsWith("/oauth2"),
  );
}
/** Gives the seller's verdict once a pair is waiting for it (bounded). */
async function sellerDecides(
  control: ReturnType<typeof axios.create>,
  verdict: "approve" | "reject",
  reason?: string,
) {
  for (let i = 0; i < 600; i++) {
    const pending = (await stored(control)).find((c) => c.status === "PENDING_APPROVAL");
    if (pending) {
      await control.post(
        `/equinix/redundancy-groups/${pending.redundancyGroup}/${verdict}`,
        reason ? { reason } : {},
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no connection reached PENDING_APPROVAL");
}

describe("equinix.L2Connection through the Pulumi CLI", { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let control: ReturnType<typeof axios.create>;

  beforeAll(async () => {
    // The seller approves by itself 1.5 s after each request, while `pulumi up` waits and shows it.
    ({ emulator, project, control } = await setup("equinix-e2e", { approvalDelayMs: 1500 }));
  });
  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("fails preview on invalid inputs, naming the property and the rule, without calling the API", async () => {
    await project.config("vlanSTag", "5000");
    const preview = await project.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/vlanSTag/);
    expect(preview.output).toMatch(/VLAN tags range from 2 to 4094/);
    expect(await vendorCalls(control)).toEqual([]);
    await project.config("vlanSTag", "873");
  });

  it("previews the create without calling the API", async () => {
    const preview = await project.preview();
    expect(preview.code).toBe(0);
    expect(preview.output).toMatch(
      /\+ .*equinix.*L2Connection.*link.*create|\+ pulumi-nodejs:dynamic\/equinix:L2Connection/,
    );
    expect(preview.output).toMatch(/1 to create|\+ 2 to create/);
    expect(await control.get("/requests").then((r) => r.data)).toEqual([]);
  });

  it("creates the pair and shows the approval wait while it happens", async () => {
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(
      /Equinix connection "e2e-link" \(primary [0-9a-f-]{36}\): PENDING_APPROVAL \(\d+s\): waiting for the seller to approve/,
    );
    expect(up.output).toMatch(/Equinix connection "e2e-link-2" \(secondary [0-9a-f-]{36}\): .*→ PROVISIONED/);
    // Nothing the person running `pulumi up` sees carries a credential.
    for (const secret of [EQUINIX_DEMO_CREDENTIALS.clientSecret, AUTH_KEY])
      expect(up.output).not.toContain(secret);
    const outputs = await project.outputs();
    expect(outputs.status).toBe("PROVISIONED");
    const live = (await stored(control)).filter((c) => c.status === "PROVISIONED");
    expect(live.map((c) => c.uuid).sort()).toEqual(
      [outputs.uuid, (outputs.secondary as { uuid: string }).uuid].sort(),
    );
  });

  it("detects an out-of-band rename with refresh, and puts the name back in place", async () => {
    const { uuid } = await project.outputs();
    await control.patch(`/equinix/connections/${uuid}`, { name: "renamed-in-portal" });
    const refresh = await project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/link updated .*\[diff: ~name\]/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/~ .*link.*updated|1 updated/);
    expect((await stored(control)).find((c) => c.uuid === uuid)!.name).toBe("e2e-link");
  });

  it("renames in place (seed 001: John_Demo_Connection): same connection, no replacement", async () => {
    const before = await project.outputs();
    await project.config("name", "John_Demo_Connection");
    const preview = await project.preview();
    expect(preview.output).toMatch(/~ .*update|1 to update/);
    expect(preview.output).not.toMatch(/replace/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    const after = await project.outputs();
    expect(after.uuid).toBe(before.uuid);
    expect(after.connectionName).toBe("John_Demo_Connection");
    expect((await stored(control)).find((c) => c.uuid === before.uuid)!.name).toBe("John_Demo_Connection");
  });

  it("replaces on a VLAN change: a new pair, the old one deprovisioned", async () => {
    const before = await project.outputs();
    await project.config("vlanSTag", "874");
    const preview = await project.preview();
    expect(preview.output).toMatch(/\+-.*replace|1 to replace/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    const after = await project.outputs();
    expect(after.uuid).not.toBe(before.uuid);
    const all = await stored(control);
    expect(all.find((c) => c.uuid === before.uuid)!.status).toBe("DEPROVISIONED");
    expect(all.find((c) => c.uuid === after.uuid)!.status).toBe("PROVISIONED");
  });

  it("keeps credentials out of the state and the serialized provider small", async () => {
    const text = await project.exportText();
    expect(text).not.toContain(EQUINIX_DEMO_CREDENTIALS.clientSecret);
    expect(text).not.toContain(AUTH_KEY);
    const issued = ((await control.get("/requests")).data as { path: string }[]).length;
    expect(issued).toBeGreaterThan(0);
    const [link] = resourcesOfType(await project.exportState(), TYPE);
    const providerText = String(link.outputs!.__provider);
    expect(providerText.length).toBeLessThan(4096);
    expect(providerText).not.toContain(emulator.url);
    // The authorization key is stored, but only as a secret.
    expect(JSON.stringify(link.outputs!.authorizationKey)).toMatch(/4dabf18193072939515e22adb298388d/);
  });

  it("keeps half a pair deleted outside Pulumi, and replaces it on the next up", async () => {
    const before = await project.outputs();
    await control.delete(`/equinix/connections/${before.uuid}`);
    const refresh = await project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    const preview = await project.preview();
    expect(preview.output).toMatch(/\+-.*replace|1 to replace/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    const after = await project.outputs();
    expect(after.uuid).not.toBe(before.uuid);
    const all = await stored(control);
    const secondaryBefore = (before.secondary as { uuid: string }).uuid;
    expect(all.find((c) => c.uuid === secondaryBefore)!.status).toBe("DEPROVISIONED");
  });

  it("removes a pair deleted outside Pulumi from the state on refresh", async () => {
    const { uuid, secondary } = await project.outputs();
    await control.delete(`/equinix/connections/${uuid}`);
    await control.delete(`/equinix/connections/${(secondary as { uuid: string }).uuid}`);
    const refresh = await project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/deleted/);
    expect(resourcesOfType(await project.exportState(), TYPE)).toHaveLength(0);
  });

  it("destroys what it created and leaves the emulator with nothing live", async () => {
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    const destroy = await project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
    expect((await stored(control)).filter((c) => c.status !== "DEPROVISIONED")).toEqual([]);
    expect(resourcesOfType(await project.exportState(), TYPE)).toHaveLength(0);
  });
});

describe("equinix.L2Connection partial state through the Pulumi CLI", { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let control: ReturnType<typeof axios.create>;

  beforeAll(async () => {
    // The seller decides only when the test says so.
    ({ emulator, project, control } = await setup("equinix-partial", { approvalDelayMs: "manual" }));
  });
  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("fails up on a rejection with the seller's reason, records the connection, and replaces it next time", async () => {
    const [up] = await Promise.all([
      project.up(),
      sellerDecides(control, "reject", "VLAN 873 is reserved on our side"),
    ]);
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/reached REJECTED: VLAN 873 is reserved on our side/);
    const [link] = resourcesOfType(await project.exportState(), TYPE);
    const rejected = (await stored(control)).find((c) => c.redundancyType === "primary")!;
    expect(link.id).toBe(rejected.uuid);
    expect(link.initErrors?.join(" ")).toMatch(/REJECTED/);

    // The next `pulumi up` replaces the rejected pair: one new pair, approved this time.
    const [again] = await Promise.all([project.up(), sellerDecides(control, "approve")]);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/replaced|1 replaced/);
    const posts = ((await control.get("/requests")).data as { method: string; path: string }[]).filter(
      (r) => r.method === "POST" && r.path === "/ecx/v3/l2/connections",
    );
    expect(posts).toHaveLength(2);
    const destroy = await project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
  });

  it("records a create that timed out waiting for approval; after approval the next up finishes the same pair", async () => {
    await control.delete("/requests");
    await project.config("createTimeout", "3s");
    const up = await project.up();
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/still PENDING_APPROVAL after 3s/);
    expect(up.output).toMatch(/once the seller has approved it, run `pulumi up` again/);
    const [link] = resourcesOfType(await project.exportState(), TYPE);
    expect(link.initErrors?.length).toBeGreaterThan(0);

    await sellerDecides(control, "approve");
    const again = await project.up();
    expect(again.code, again.output).toBe(0);
    const outputs = await project.outputs();
    expect(outputs.uuid).toBe(link.id);
    expect(outputs.status).toBe("PROVISIONED");
    const posts = ((await control.get("/requests")).data as { method: string; path: string }[]).filter(
      (r) => r.method === "POST" && r.path === "/ecx/v3/l2/connections",
    );
    expect(posts).toHaveLength(1);
    expect(resourcesOfType(await project.exportState(), TYPE)[0].initErrors ?? []).toEqual([]);
    const destroy = await project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
  });
});
