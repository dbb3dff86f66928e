/**
 * Stacks deployed with 0.1.0 keep working. Pulumi stores each resource's serialized provider (`__provider`) in the
 * state and runs that stored text again on `refresh`, `up` and `destroy`. The texts below were frozen from the
 * 0.1.0 commit (test/compat/fixtures/0.1.0); they require module paths of that release. Loaded the way the
 * dynamic-provider host loads them, they must still run check, diff, create, read, update and delete against the
 * emulators with the installed (compiled) package — and hand over to this release's provider on the next update.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_SEED_PORTS,
  RunningConsoleConnectEmulator,
  startConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  RunningEquinixEmulator,
  startEquinixEmulator,
} from "../../emulator/equinix";
import { loadLikeTheHost, serializeProvider } from "../helpers/serialized";
import { GRA, INTERFACE, PRIMARY, Testbed, VRACK, startTestbed } from "../ovh/testbed";

// The compiled package, as a program loads it.
const pkg = require("pulumi-interconnect");

const FIXTURES = path.join(__dirname, "fixtures/0.1.0");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, `${name}.js`), "utf8");

type Provider = pulumi.dynamic.ResourceProvider;

/** A 0.1.0 provider, and this release's provider of the same type, both as the host loads them. */
async function providers(fixtureName: string, cls: { provider: Provider }) {
  const oldText = fixture(fixtureName);
  const newText = (await serializeProvider(cls.provider)).text;
  return {
    oldText,
    newText,
    old: await loadLikeTheHost(oldText),
    current: await loadLikeTheHost(newText),
  };
}

let equinix: RunningEquinixEmulator;
let consoleconnect: RunningConsoleConnectEmulator;
let ovh: Testbed;
const savedEnv = { ...process.env };

beforeAll(async () => {
  equinix = await startEquinixEmulator({ port: 0, provisioningMs: 100, deprovisioningMs: 100 });
  consoleconnect = await startConsoleConnectEmulator({
    creatingMs: 20,
    acceptedMs: 20,
    activatingMs: 20,
    disablingMs: 20,
    deletingMs: 20,
  });
  ovh = await startTestbed();
  Object.assign(process.env, {
    EQUINIX_API_ENDPOINT: equinix.url,
    EQUINIX_API_CLIENTID: EQUINIX_DEMO_CREDENTIALS.clientId,
    EQUINIX_API_CLIENTSECRET: EQUINIX_DEMO_CREDENTIALS.clientSecret,
    CONSOLE_CONNECT_API_URL: consoleconnect.url,
    CONSOLE_CONNECT_API_KEY: CONSOLE_CONNECT_DEMO_API_KEY,
    INTERCONNECT_POLL_MS: "50",
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([equinix.close(), consoleconnect.close(), ovh.close()]);
});

describe("the frozen 0.1.0 texts", () => {
  it("are the 0.1.0 ones: they require module paths, not the type token", () => {
    for (const name of ["equinix-L2Connection", "ovh-PopConfig", "consoleconnect-Layer2Connection"]) {
      const text = fixture(name);
      expect(text).toContain("pulumi-interconnect/dist/provider/core/settings");
      expect(text).not.toContain("dynamicProvider");
    }
  });
});

describe("equinix.L2Connection deployed with 0.1.0", () => {
  const inputs = (name: string, text: string) => ({
    name,
    profileUuid: EQUINIX_SEED_PROFILES.dot1qAuto.uuid,
    speed: 50,
    speedUnit: "MB",
    notifications: ["noc@example.com"],
    portUuid: EQUINIX_SEED_PORTS.qinqPrimary.uuid,
    vlanSTag: 610,
    vlanCTag: 611,
    __provider: text,
  });

  it("runs check, create, read, diff, update and delete through the 0.1.0 text", async () => {
    const { old, oldText } = await providers("equinix-L2Connection", pkg.equinix.L2Connection);
    const news = inputs("compat-eqx", oldText);
    expect((await old.check!({}, news)).failures).toEqual([]);
    const created = await old.create(news);
    expect(created.outs).toMatchObject({ status: "PROVISIONED", uuid: created.id });
    expect((await old.read!(created.id, { ...created.outs, __provider: oldText })).id).toBe(created.id);
    const renamed = { ...news, name: "compat-eqx-2" };
    expect(await old.diff!(created.id, created.outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const updated = await old.update!(created.id, created.outs, renamed);
    expect(updated.outs).toMatchObject({ name: "compat-eqx-2", status: "PROVISIONED" });
    await old.delete!(created.id, updated.outs!);
    expect(await old.read!(created.id, updated.outs!)).toEqual({});
  });

  it("hands over to this release on the next update, and is destroyed by the provider it then stores", async () => {
    const { old, oldText, current, newText } = await providers(
      "equinix-L2Connection",
      pkg.equinix.L2Connection,
    );
    const created = await old.create(inputs("compat-eqx-up", oldText));
    // `pulumi up` with the new release: update runs the provider of the new inputs.
    const updated = await current.update!(created.id, created.outs, {
      ...inputs("compat-eqx-up2", newText),
    });
    expect(updated.outs).toMatchObject({ name: "compat-eqx-up2", status: "PROVISIONED" });
    await current.delete!(created.id, updated.outs!);
    expect(await current.read!(created.id, updated.outs!)).toEqual({});
  });
});

describe("consoleconnect.Layer2Connection deployed with 0.1.0", () => {
  const inputs = (name: string, text: string) => ({
    name,
    portId: CONSOLE_CONNECT_SEED_PORTS.demoHongKong.id,
    destPortId: CONSOLE_CONNECT_SEED_PORTS.demoSingapore.id,
    destCompany: CONSOLE_CONNECT_DEMO_COMPANY.username,
    destMetroId: CONSOLE_CONNECT_METROS.singapore.id,
    speed: 100,
    __provider: text,
  });

  it("runs the lifecycle through the 0.1.0 text, then through this release's", async () => {
    const { old, oldText, current, newText } = await providers(
      "consoleconnect-Layer2Connection",
      pkg.consoleconnect.Layer2Connection,
    );
    const news = inputs("compat-cc", oldText);
    expect((await old.check!({}, news)).failures).toEqual([]);
    const created = await old.create(news);
    expect(created.outs).toMatchObject({ status: "ACTIVE" });
    expect((await old.read!(created.id, created.outs)).props).toMatchObject({ status: "ACTIVE" });
    const renamed = { ...news, name: "compat-cc-2" };
    expect(await old.diff!(created.id, created.outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const updated = await old.update!(created.id, created.outs, renamed);
    expect(updated.outs).toMatchObject({ name: "compat-cc-2" });
    // The next `pulumi up` runs this release's provider, then `destroy` the one it stored.
    const again = await current.update!(created.id, updated.outs!, inputs("compat-cc-3", newText));
    expect(again.outs).toMatchObject({ name: "compat-cc-3", status: "ACTIVE" });
    await current.delete!(created.id, again.outs!);
    expect(await current.read!(created.id, again.outs!)).toEqual({});
  });

  it("destroys what 0.1.0 created, through the 0.1.0 text", async () => {
    const { old, oldText } = await providers(
      "consoleconnect-Layer2Connection",
      pkg.consoleconnect.Layer2Connection,
    );
    const created = await old.create(inputs("compat-cc-destroy", oldText));
    await old.delete!(created.id, created.outs);
    expect(await old.read!(created.id, created.outs)).toEqual({});
  });
});

describe("OVHcloud Connect deployed with 0.1.0", () => {
  it("runs seed 000's L3 flow through the 0.1.0 texts, updates through this release, and tears down", async () => {
    const [link, pop, datacenter, extra] = await Promise.all(
      (
        [
          ["ovh-VrackOvhCloudConnect", pkg.ovh.VrackOvhCloudConnect],
          ["ovh-PopConfig", pkg.ovh.PopConfig],
          ["ovh-DatacenterConfig", pkg.ovh.DatacenterConfig],
          ["ovh-DatacenterExtraConfig", pkg.ovh.DatacenterExtraConfig],
        ] as const
      ).map(([name, cls]) => providers(name, cls)),
    );
    const run = async (p: typeof link, inputs: Record<string, unknown>) => {
      const news = { ...inputs, __provider: p.oldText };
      expect((await p.old.check!({}, news)).failures).toEqual([]);
      const created = await p.old.create(news);
      expect((await p.old.read!(created.id, created.outs)).id).toBe(created.id);
      expect((await p.old.diff!(created.id, created.outs, news)).changes).toBe(false);
      return created;
    };
    const linked = await run(link, { serviceName: VRACK, ovhCloudConnect: PRIMARY });
    const popConfig = await run(pop, {
      serviceName: PRIMARY,
      interfaceId: INTERFACE,
      type: "l3",
      customerBgpArea: 65005,
      ovhBgpArea: 65006,
      subnet: "10.10.12.0/30",
    });
    const dcConfig = await run(datacenter, {
      serviceName: PRIMARY,
      popId: popConfig.outs.popId,
      datacenterId: GRA,
      subnet: "10.0.0.0/28",
    });
    const route = await run(extra, {
      serviceName: PRIMARY,
      popId: popConfig.outs.popId,
      datacenterConfigId: dcConfig.outs.configId,
      datacenterSubnet: dcConfig.outs.subnet,
      type: "network",
      nextHop: "10.0.0.5",
      subnet: "192.168.2.0/24",
    });
    // The next `pulumi up` with a local change runs this release's provider.
    const { __provider: _old, ...routeInputs } = route.outs;
    const updated = await extra.current.update!(route.id, route.outs, {
      ...routeInputs,
      timeouts: { delete: "5m" },
      __provider: extra.newText,
    });
    expect(updated.outs).toMatchObject({ status: "active", timeouts: { delete: "5m" } });

    // `pulumi destroy`: each resource's stored provider — the new one for the route, 0.1.0's for the others.
    await extra.current.delete!(route.id, updated.outs!);
    for (const [p, created] of [
      [datacenter, dcConfig],
      [pop, popConfig],
      [link, linked],
    ] as const)
      await p.old.delete!(created.id, created.outs);
    const state = await ovh.state();
    expect([state.pops, state.datacenters, state.extras, state.links[VRACK]]).toEqual([
      [],
      [],
      [],
      expect.not.arrayContaining([PRIMARY]),
    ]);
  });
});
