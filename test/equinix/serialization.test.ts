/**
 * The serialized provider as Pulumi stores it in every resource's state: small, free of credentials, and
 * working when loaded back the way the dynamic-provider host loads it (require-from-string, then `handler()`).
 */
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import axios from "axios";
import { runInThisContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SEED_PROFILES,
  startEquinixEmulator,
} from "../../emulator/equinix";

// The compiled package, as a program loads it: the serializer reads the real function text, not vitest's transform.
const { L2Connection } = require("pulumi-interconnect").equinix;
const provider = L2Connection.provider as pulumi.dynamic.ResourceProvider;
/** `() => provider` as the dynamic Resource constructor builds it, created outside vitest's module transform. */
const providerClosure = runInThisContext("(provider) => () => provider")(provider);

const inputsFor = (name: string, vlanSTag: number) => ({
  name,
  profileUuid: EQUINIX_SEED_PROFILES.dot1qAuto.uuid,
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: EQUINIX_SEED_PORTS.qinqPrimary.uuid,
  vlanSTag,
  vlanCTag: vlanSTag + 1,
});

let emulator: Awaited<ReturnType<typeof startEquinixEmulator>>;
beforeAll(async () => {
  emulator = await startEquinixEmulator({ port: 0, provisioningMs: 200, deprovisioningMs: 200 });
  process.env.EQUINIX_API_ENDPOINT = emulator.url;
  process.env.EQUINIX_API_CLIENTID = EQUINIX_DEMO_CREDENTIALS.clientId;
  process.env.EQUINIX_API_CLIENTSECRET = EQUINIX_DEMO_CREDENTIALS.clientSecret;
  process.env.INTERCONNECT_POLL_MS = "50";
  // The lifecycle the texts run is the v3 one here; Fabric v4 runs the same texts (l2Connection.v4.test.ts).
  process.env.EQUINIX_API_VERSION = "v3";
});
afterAll(() => emulator.close());

it("serializes to a small, credential-free text that runs the whole lifecycle when loaded back", async () => {
  const serialized = await pulumi.runtime.serializeFunction(providerClosure, {
    allowSecrets: true,
  });
  expect(serialized.text.length).toBeLessThan(4096);
  expect(serialized.containsSecrets).toBe(false);
  for (const secret of [
    EQUINIX_DEMO_CREDENTIALS.clientSecret,
    EQUINIX_DEMO_CREDENTIALS.clientId,
    emulator.url,
  ]) {
    expect(serialized.text).not.toContain(secret);
  }

  const loaded = requireFromString(serialized.text).handler() as pulumi.dynamic.ResourceProvider;
  await loaded.configure!({ config: { get: () => undefined, require: () => "" } as never });
  const inputs = { ...inputsFor("round-trip", 300), __provider: serialized.text };
  expect((await loaded.check!({}, inputs)).failures).toEqual([]);
  const created = await loaded.create(inputs);
  expect(created.outs.status).toBe("PROVISIONED");
  expect((await loaded.read!(created.id, created.outs)).id).toBe(created.id);
  expect(
    (await loaded.diff!(created.id, created.outs, { ...inputs, name: "round-trip-2" })).replaces,
  ).toEqual([]);
  await loaded.update!(created.id, created.outs, { ...inputs, name: "round-trip-2" });
  await loaded.delete!(created.id, created.outs);
  const stored = (await axios.get(`${emulator.url}/__emulator/equinix/connections`)).data;
  expect(stored).toMatchObject([{ uuid: created.id, name: "round-trip-2", status: "DEPROVISIONED" }]);
});

it("reads credentials from the stack config handed to configure, not from the serialized text", async () => {
  const serialized = await pulumi.runtime.serializeFunction(providerClosure, {
    allowSecrets: true,
  });
  const loaded = requireFromString(serialized.text).handler() as pulumi.dynamic.ResourceProvider;
  const saved = { ...process.env };
  delete process.env.EQUINIX_API_CLIENTID;
  delete process.env.EQUINIX_API_CLIENTSECRET;
  delete process.env.EQUINIX_API_ENDPOINT;
  try {
    const config: Record<string, string> = {
      "interconnect:equinixClientId": EQUINIX_DEMO_CREDENTIALS.clientId,
      "interconnect:equinixClientSecret": EQUINIX_DEMO_CREDENTIALS.clientSecret,
      // A spelling of the endpoint no earlier test used, so that no cached token can stand in.
      "interconnect:equinixEndpoint": `${emulator.url}/`,
    };
    await loaded.configure!({
      config: { get: (k: string) => config[k], require: (k: string) => config[k] } as never,
    });
    await axios.delete(`${emulator.url}/__emulator/requests`);
    const created = await loaded.create({ ...inputsFor("from-config", 400), __provider: serialized.text });
    expect(created.outs.status).toBe("PROVISIONED");
    await loaded.delete!(created.id, created.outs);
    // A token was asked for with the credentials from the stack config (the environment has none).
    const log = (await axios.get(`${emulator.url}/__emulator/requests`)).data as {
      path: string;
      status: number;
    }[];
    expect(log.filter((r) => r.path.startsWith("/oauth2/v1/token") && r.status === 200)).toHaveLength(1);
  } finally {
    Object.assign(process.env, saved);
    await loaded.configure!({ config: { get: () => undefined, require: () => "" } as never });
  }
});
