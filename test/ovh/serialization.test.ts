/**
 * The serialized providers as Pulumi stores them in every resource's state (`__provider`): small, free of
 * credentials, and working when loaded back the way the dynamic-provider host loads them (require-from-string,
 * then `handler()`), against the emulator. They require the compiled package: run `npx tsc -p tsconfig.json`.
 */
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import { runInThisContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OVH_DEMO_CREDENTIALS } from "../../emulator/ovh";
import { GRA, INTERFACE, PRIMARY, Testbed, VRACK, startTestbed } from "./testbed";

// The compiled package, as a program loads it: the serializer reads the real function text, not vitest's transform.
const { ovh } = require("pulumi-interconnect");
/** `() => provider` as the dynamic Resource constructor builds it, created outside vitest's module transform. */
const closureOver = runInThisContext("(provider) => () => provider");

type Provider = pulumi.dynamic.ResourceProvider;

async function serialize(provider: Provider) {
  return pulumi.runtime.serializeFunction(closureOver(provider), { allowSecrets: true });
}

async function loadBack(provider: Provider): Promise<{ loaded: Provider; text: string }> {
  const serialized = await serialize(provider);
  const loaded = requireFromString(serialized.text).handler() as Provider;
  await loaded.configure!({ config: { get: () => undefined, require: () => "" } as never });
  return { loaded, text: serialized.text };
}

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.close());

const CLASSES = ["VrackOvhCloudConnect", "PopConfig", "DatacenterConfig", "DatacenterExtraConfig"] as const;

describe.each(CLASSES)("%s.provider", (name) => {
  it("is under 1 KB, names only its type token, and holds no credential", async () => {
    const serialized = await serialize(ovh[name].provider);
    expect(Buffer.byteLength(serialized.text)).toBeLessThan(1024);
    expect(serialized.containsSecrets).toBe(false);
    for (const secret of [...Object.values(OVH_DEMO_CREDENTIALS), bed.running.url])
      expect(serialized.text).not.toContain(secret);
    expect(serialized.text).toContain(`"pulumi-nodejs:dynamic/ovh:${name}"`);
    expect(serialized.text).not.toContain("dist/");
  });
});

it("runs seed 000's L3 flow and its teardown when loaded back", async () => {
  const [link, pop, datacenter, extra] = await Promise.all(
    CLASSES.map((name) => loadBack(ovh[name].provider)),
  );
  const run = async (
    { loaded, text }: { loaded: Provider; text: string },
    inputs: Record<string, unknown>,
  ) => {
    const withProvider = { ...inputs, __provider: text };
    expect((await loaded.check!({}, withProvider)).failures).toEqual([]);
    const created = await loaded.create(withProvider);
    expect((await loaded.read!(created.id, created.outs)).id).toBe(created.id);
    expect((await loaded.diff!(created.id, created.outs, withProvider)).changes).toBe(false);
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
  // Only timeouts change in place.
  const updated = await extra.loaded.update!(route.id, route.outs, {
    ...route.outs,
    timeouts: { delete: "5m" },
  });
  expect(updated.outs).toMatchObject({ status: "active", timeouts: { delete: "5m" } });

  for (const [{ loaded }, created] of [
    [extra, route],
    [datacenter, dcConfig],
    [pop, popConfig],
    [link, linked],
  ] as const)
    await loaded.delete!(created.id, created.outs);
  const state = await bed.state();
  expect([state.pops, state.datacenters, state.extras, state.links[VRACK]]).toEqual([
    [],
    [],
    [],
    expect.not.arrayContaining([PRIMARY]),
  ]);
});

it("reads credentials from the stack config handed to configure, not from the serialized text", async () => {
  const { loaded, text } = await loadBack(ovh.PopConfig.provider);
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith("OVH_")) delete process.env[key];
  const config: Record<string, string> = {
    "interconnect:ovhEndpoint": bed.running.endpoint,
    "interconnect:ovhApplicationKey": OVH_DEMO_CREDENTIALS.applicationKey,
    "interconnect:ovhApplicationSecret": OVH_DEMO_CREDENTIALS.applicationSecret,
    "interconnect:ovhConsumerKey": OVH_DEMO_CREDENTIALS.consumerKey,
  };
  try {
    await loaded.configure!({
      config: { get: (k: string) => config[k], require: (k: string) => config[k] } as never,
    });
    const found = await loaded.read!("12345", { serviceName: PRIMARY, __provider: text });
    expect(found).toEqual({});
    // Signed with the keys from the stack config (the environment has none): the API answered, with a 404.
    expect(bed.running.emulator.requests.list().at(-1)).toMatchObject({
      path: `/1.0/ovhCloudConnect/${PRIMARY}/config/pop/12345`,
      status: 404,
    });
  } finally {
    process.env = saved;
    await loaded.configure!({ config: { get: () => undefined, require: () => "" } as never });
  }
});
