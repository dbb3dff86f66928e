/**
 * The ovh resources through the real Pulumi CLI against the OVH emulator (the lead's harness, test/e2e):
 * seed 000's three examples up and down with environment variables only; then one stack through preview
 * without API calls, the L2 → L3 switch (the PoP config and everything under it replaced, old ones first),
 * refresh of drift and of remote deletion, partial state after a failed task resumed by the next up, and a
 * state free of credentials. Needs the Pulumi CLI (scripts/pulumi-cli.sh) and the compiled package.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_SERVICES,
  OVH_SEED_VRACK,
  RunningOvhEmulator,
  startOvhEmulator,
} from "../../emulator/ovh";
import { PulumiProject, resourcesOfType } from "./harness";
import { emulatorControl } from "../ovh/testbed";

type Json = any;

const TYPES = {
  link: "pulumi-nodejs:dynamic/ovh:VrackOvhCloudConnect",
  pop: "pulumi-nodejs:dynamic/ovh:PopConfig",
  datacenter: "pulumi-nodejs:dynamic/ovh:DatacenterConfig",
  extra: "pulumi-nodejs:dynamic/ovh:DatacenterExtraConfig",
};
const PRIMARY = OVH_SEED_SERVICES.primary.uuid;
const TIMEOUT = { timeout: 300_000 };

/** The environment a user sets (docs/ovh.md), plus a short poll interval. */
function userEnvironment(emulator: RunningOvhEmulator): Record<string, string> {
  return {
    OVH_ENDPOINT: emulator.endpoint,
    OVH_APPLICATION_KEY: OVH_DEMO_CREDENTIALS.applicationKey,
    OVH_APPLICATION_SECRET: OVH_DEMO_CREDENTIALS.applicationSecret,
    OVH_CONSUMER_KEY: OVH_DEMO_CREDENTIALS.consumerKey,
    INTERCONNECT_POLL_MS: "100",
  };
}

describe.each(["ovh-l2", "ovh-l3-static-route", "ovh-l3-bgp"])(
  "examples/%s through the Pulumi CLI",
  (example) => {
    let emulator: RunningOvhEmulator;
    let project: PulumiProject;
    beforeAll(async () => {
      emulator = await startOvhEmulator({ taskStepMs: 100, vrackTaskStepMs: 100 });
      project = await PulumiProject.create(
        example,
        { example: `examples/${example}` },
        userEnvironment(emulator),
      );
    }, 120_000);
    afterAll(async () => {
      await emulator?.close();
      project?.remove();
    });

    it(
      "goes up from the lookups, shows the tasks while it waits, and comes down with pulumi destroy",
      TIMEOUT,
      async () => {
        const up = await project.up();
        expect(up.code, up.output).toBe(0);
        expect(up.output).toMatch(/OVHcloud PoP config \d+, task \d+ \(addPopConfiguration\): todo/);
        const outputs = await project.outputs();
        expect(outputs.popId).toEqual(expect.any(Number));
        const state = await emulatorControl(emulator.url)("GET", "/ovh/state");
        expect(state.pops.map((p: Json) => p.status)).toEqual(["active"]);
        expect(state.datacenters.map((d: Json) => d.status)).toEqual(["active"]);

        const again = await project.preview();
        expect(again.code, again.output).toBe(0);
        expect(again.output).not.toMatch(/to create|to replace|to update/);

        const destroy = await project.destroy();
        expect(destroy.code, destroy.output).toBe(0);
        const after = await emulatorControl(emulator.url)("GET", "/ovh/state");
        expect([after.pops, after.datacenters, after.extras, after.links[OVH_SEED_VRACK]]).toEqual([
          [],
          [],
          [],
          [OVH_SEED_SERVICES.secondary.uuid],
        ]);
      },
    );
  },
);

/** One stack whose shape comes from stack config: `type` (l2/l3), `subnet` of the datacenter, `route`. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { ovh } from "pulumi-interconnect";

const config = new pulumi.Config();
const l3 = config.get("type") === "l3";
const link = new ovh.VrackOvhCloudConnect("link", { serviceName: "${OVH_SEED_VRACK}", ovhCloudConnect: "${PRIMARY}" });
const pop = new ovh.PopConfig("pop", {
  serviceName: link.ovhCloudConnect,
  interfaceId: 1234,
  type: l3 ? "l3" : "l2",
  ...(l3 ? { customerBgpArea: 65005, ovhBgpArea: 65006, subnet: "10.10.12.0/30" } : {}),
});
const datacenter = new ovh.DatacenterConfig("gra", {
  serviceName: pop.serviceName,
  popId: pop.popId,
  datacenterId: 6,
  ...(l3 ? { ovhBgpArea: 65008, subnet: config.get("subnet") ?? "10.0.0.0/28" } : {}),
});
export const popId = pop.popId;
export const configId = datacenter.configId;
if (l3) {
  const route = new ovh.DatacenterExtraConfig("route", {
    serviceName: datacenter.serviceName,
    popId: datacenter.popId,
    datacenterConfigId: datacenter.configId,
    datacenterSubnet: datacenter.subnet,
    type: "network",
    nextHop: config.get("nextHop") ?? "10.0.0.5",
    subnet: "192.168.2.0/24",
  });
  module.exports.extraId = route.extraId;
}
`;

describe("ovh resources through the Pulumi CLI", TIMEOUT, () => {
  let emulator: RunningOvhEmulator;
  let project: PulumiProject;
  let control: ReturnType<typeof emulatorControl>;
  const state = () => control("GET", "/ovh/state");
  const vendorCalls = async () =>
    ((await control("GET", "/requests")) as { method: string; path: string }[]).map(
      (r) => `${r.method} ${r.path}`,
    );

  beforeAll(async () => {
    emulator = await startOvhEmulator({ taskStepMs: 100, vrackTaskStepMs: 100 });
    control = emulatorControl(emulator.url);
    project = await PulumiProject.create("ovh-e2e", { source: PROGRAM }, userEnvironment(emulator));
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("fails preview on invalid inputs, naming the property and the rule, without calling the API", async () => {
    await project.config("type", "l3");
    await project.config("subnet", "10.0.0.0/29");
    const preview = await project.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/subnet.*must be a \/28 or larger/);
    await project.config("subnet", "10.0.0.0/28");
    await project.config("nextHop", "10.0.0.1");
    const vrrp = await project.preview();
    expect(vrrp.code).not.toBe(0);
    expect(vrrp.output).toMatch(/nextHop.*must not be OVHcloud's VRRP gateway/);
    await project.config("type", "l2");
    await project.ok(["config", "rm", "nextHop"]);
    expect(await vendorCalls()).toEqual([]);
  });

  it("previews and creates an L2 configuration", async () => {
    const preview = await project.preview();
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/\+ 4 to create|4 to create/);
    expect(await vendorCalls()).toEqual([]);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    expect((await state()).pops).toMatchObject([{ type: "l2", status: "active" }]);
  });

  it("switching L2 → L3 replaces the PoP config and the datacenter config under it, deleting the old ones first", async () => {
    const before = await project.outputs();
    await project.config("type", "l3");
    const preview = await project.preview();
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).toMatch(/2 to replace/);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    const after = await project.outputs();
    expect(after.popId).not.toBe(before.popId);
    expect(after.configId).not.toBe(before.configId);
    const live = await state();
    expect(live.pops).toMatchObject([{ id: after.popId, type: "l3" }]);
    expect(live.datacenters).toMatchObject([{ id: after.configId, subnet: "10.0.0.0/28" }]);
    expect(live.extras).toMatchObject([{ id: after.extraId, status: "active" }]);
    // One PoP config per interface: the old one was gone before the new one was requested.
    const calls = await vendorCalls();
    const deleted = calls.indexOf(`DELETE /1.0/ovhCloudConnect/${PRIMARY}/config/pop/${before.popId}`);
    expect(deleted).toBeGreaterThan(-1);
    expect(deleted).toBeLessThan(calls.lastIndexOf(`POST /1.0/ovhCloudConnect/${PRIMARY}/config/pop`));
  });

  it("refresh shows drift and forgets a configuration deleted outside Pulumi; up puts it back", async () => {
    const { configId, extraId } = await project.outputs();
    await control("PATCH", `/ovh/configs/datacenter/${configId}`, { ovhBgpArea: 65099 });
    await control("DELETE", `/ovh/configs/extra/${extraId}`);
    const refresh = await project.refresh();
    expect(refresh.code, refresh.output).toBe(0);
    expect(refresh.output).toMatch(/gra.*updated.*\[diff: ~ovhBgpArea\]/);
    expect(refresh.output).toMatch(/route.*deleted/);
    expect(resourcesOfType(await project.exportState(), TYPES.extra)).toHaveLength(0);
    const up = await project.up();
    expect(up.code, up.output).toBe(0);
    expect((await state()).datacenters).toMatchObject([{ ovhBgpArea: 65008 }]);
    expect((await state()).extras).toHaveLength(1);
  });

  it("records a configuration whose task failed, and the next up resumes it without a second POST", async () => {
    await project.config("nextHop", "10.0.0.7");
    await control("POST", "/ovh/tasks/outcome", {
      status: "error",
      function: "addDatacenterExtraConfiguration",
    });
    await control("DELETE", "/requests");
    const up = await project.up();
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/task \d+ \(addDatacenterExtraConfiguration\) reached error/);
    expect(up.output).toMatch(/run `pulumi up` again to resume/);
    const [route] = resourcesOfType(await project.exportState(), TYPES.extra);
    expect(route.initErrors?.join(" ")).toMatch(/reached error/);
    expect(route.outputs).toMatchObject({ status: "init", nextHop: "10.0.0.7" });

    const failed = (await state()).occTasks.find((t: Json) => t.status === "error");
    await control("POST", `/ovh/tasks/${failed.id}/resume`);
    const again = await project.up();
    expect(again.code, again.output).toBe(0);
    expect(resourcesOfType(await project.exportState(), TYPES.extra)[0]).toMatchObject({
      id: route.id,
      outputs: { status: "active" },
    });
    const posts = (await vendorCalls()).filter((c) => c.startsWith("POST") && c.endsWith("/extra"));
    expect(posts).toHaveLength(1);
  });

  it("keeps credentials out of the state, and the serialized providers small", async () => {
    const text = await project.exportText();
    for (const secret of [OVH_DEMO_CREDENTIALS.applicationSecret, OVH_DEMO_CREDENTIALS.consumerKey])
      expect(text).not.toContain(secret);
    for (const type of Object.values(TYPES)) {
      const [resource] = resourcesOfType(await project.exportState(), type);
      expect(String(resource.outputs!.__provider).length).toBeLessThan(4096);
    }
  });

  it("destroys everything it created", async () => {
    const destroy = await project.destroy();
    expect(destroy.code, destroy.output).toBe(0);
    const live = await state();
    expect([live.pops, live.datacenters, live.extras]).toEqual([[], [], []]);
  });
});
