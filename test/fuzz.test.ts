/**
 * Fuzzing every resource's `check` and `diff` (fast-check) with hostile values — wrong types, huge and unicode
 * strings, prototype-named strings, NaN and Infinity, nested garbage, nulls and unknowns, in inputs and in stored
 * outputs: they never throw, every failure names a property and a reason, and no call reaches a vendor API.
 */
import fc from "fast-check";
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN } from "../provider/core/dynamic";
import { onProgress } from "../provider/core/progress";
import { layer2ConnectionProvider } from "../provider/consoleconnect/layer2Connection/provider";
import { l2ConnectionProvider } from "../provider/equinix/l2Connection/provider";
import { datacenterConfigProvider } from "../provider/ovh/datacenterConfig/provider";
import { datacenterExtraConfigProvider } from "../provider/ovh/datacenterExtraConfig/provider";
import { popConfigProvider } from "../provider/ovh/popConfig/provider";
import { vrackOvhCloudConnectProvider } from "../provider/ovh/vrackOvhCloudConnect/provider";

/** A server standing in for every vendor: any request it receives is a failure of the "no network" rule. */
let trap: Server;
let calls = 0;
const savedEnv = { ...process.env };
beforeAll(async () => {
  trap = createServer((_req, res) => {
    calls += 1;
    res.statusCode = 500;
    res.end();
  });
  await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    EQUINIX_API_ENDPOINT: url,
    EQUINIX_API_CLIENTID: "fuzz-client",
    EQUINIX_API_CLIENTSECRET: "fuzz-secret",
    OVH_ENDPOINT: url,
    OVH_APPLICATION_KEY: "fuzz",
    OVH_APPLICATION_SECRET: "fuzz",
    OVH_CONSUMER_KEY: "fuzz",
    CONSOLE_CONNECT_API_URL: url,
    CONSOLE_CONNECT_API_KEY: "fuzz-key",
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => trap.close(resolve));
});

const UUID = "7a73af1a-3d74-47ac-b778-6bf455d1174e";
const HEX = "5f1e3c2b9a8d7c6b5a4f3e2d";

/** Values nobody should send, and some everybody sends by mistake. */
const hostile: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(
      "__proto__",
      "constructor",
      "toString",
      "valueOf",
      "hasOwnProperty",
      "prototype",
      UNKNOWN,
      "",
      " ",
      "\u0000",
      "💥",
      "DOT1Q",
      "l3",
      "bgp",
      "GB",
    ),
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ minLength: 2_000, maxLength: 20_000 }),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, -1, 1e300, 4094, 4095, 2 ** 53),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom("name", "portUuid", "vlanSTag", "__proto__", "constructor", "x"),
      tie("value"),
      {
        maxKeys: 3,
      },
    ),
  ),
})).value;

interface Case {
  provider: pulumi.dynamic.ResourceProvider;
  /** A valid program's inputs: the fuzzer breaks some of them. */
  base: Record<string, unknown>;
}

const CASES: [string, Case][] = [
  [
    "equinix.L2Connection",
    {
      provider: l2ConnectionProvider,
      base: {
        name: "fuzz",
        profileUuid: UUID,
        speed: 50,
        speedUnit: "MB",
        notifications: ["noc@example.com"],
        portUuid: UUID,
        vlanSTag: 100,
        secondaryConnection: { name: "fuzz-2", portUuid: UUID, vlanSTag: 101, authorizationKey: "k" },
        portEncapsulation: "Dot1Q",
        profileEncapsulation: "QinQ",
        zSideVlanCTag: 5,
        timeouts: { create: "1m" },
      },
    },
  ],
  [
    "consoleconnect.Layer2Connection",
    {
      provider: layer2ConnectionProvider,
      base: {
        name: "fuzz",
        portId: HEX,
        destCompany: "globex",
        destMetroId: HEX,
        destRegionId: HEX,
        speed: 100,
        paymentType: "invoice",
        duration: 1,
        durationUnit: "m",
        destDcf: HEX,
      },
    },
  ],
  [
    "ovh.VrackOvhCloudConnect",
    {
      provider: vrackOvhCloudConnectProvider,
      base: { serviceName: "pn-1", ovhCloudConnect: UUID, adoptId: `pn-1/${UUID}` },
    },
  ],
  [
    "ovh.PopConfig",
    {
      provider: popConfigProvider,
      base: {
        serviceName: UUID,
        interfaceId: 1,
        type: "l3",
        customerBgpArea: 65001,
        ovhBgpArea: 65002,
        subnet: "10.0.0.0/30",
      },
    },
  ],
  [
    "ovh.DatacenterConfig",
    {
      provider: datacenterConfigProvider,
      base: { serviceName: UUID, popId: 1, datacenterId: 2, ovhBgpArea: 65010, subnet: "10.1.0.0/28" },
    },
  ],
  [
    "ovh.DatacenterExtraConfig",
    {
      provider: datacenterExtraConfigProvider,
      base: {
        serviceName: UUID,
        popId: 1,
        datacenterConfigId: 2,
        type: "network",
        nextHop: "10.1.0.5",
        subnet: "192.168.0.0/24",
        datacenterSubnet: "10.1.0.0/28",
      },
    },
  ],
];

/** The base with some of its properties (top level or nested one level) replaced by hostile values. */
function broken(base: Record<string, unknown>) {
  const paths = Object.entries(base).flatMap(([k, v]) =>
    v && typeof v === "object" && !Array.isArray(v) ? [k, ...Object.keys(v).map((n) => `${k}.${n}`)] : [k],
  );
  return fc
    .tuple(
      fc.subarray(paths, { minLength: 1 }),
      fc.array(hostile, { minLength: paths.length, maxLength: paths.length }),
    )
    .map(([chosen, values]) => {
      const out: Record<string, unknown> = structuredClone(base);
      chosen.forEach((path, i) => {
        const [top, inner] = path.split(".");
        if (inner === undefined) out[top] = values[i];
        else if (out[top] && typeof out[top] === "object")
          (out[top] as Record<string, unknown>)[inner] = values[i];
      });
      return out;
    });
}

/** Anything at all where an inputs object is expected. */
const wholeGarbage = fc.oneof(hostile, fc.constant({}), fc.object());

describe.each(CASES)("%s", (_name, { provider, base }) => {
  it("check never throws, and each failure names a property and a rule", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(broken(base), wholeGarbage), hostile, async (news, olds) => {
        const result = await provider.check!(olds as never, news as never);
        expect(Array.isArray(result.failures ?? [])).toBe(true);
        for (const failure of result.failures ?? []) {
          // A rule that threw is reported, not crashed on — but it is a bug: the fuzzer must not find one.
          expect(failure.reason).not.toMatch(/^could not be checked/);
          expect(typeof failure.property).toBe("string");
          expect(failure.property.length).toBeGreaterThan(0);
          expect(typeof failure.reason).toBe("string");
          expect(failure.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("diff never throws, whatever the stored outputs and the new inputs hold", async () => {
    // The lifecycle catches a throwing diff and plans an update; the fuzzer must not find one that throws.
    const fallbacks: string[] = [];
    const stop = onProgress((line) => /could not compare/.test(line) && fallbacks.push(line));
    const stored = fc.oneof(
      broken({
        ...base,
        uuid: UUID,
        status: "PROVISIONED",
        secondary: null,
        company: "acme",
        apiVersion: "v4",
      }),
      wholeGarbage,
    );
    await fc.assert(
      fc.asyncProperty(stored, fc.oneof(broken(base), wholeGarbage), async (olds, news) => {
        const result = await provider.diff!("id", (olds ?? {}) as never, (news ?? {}) as never);
        expect(typeof result.changes).toBe("boolean");
        expect(Array.isArray(result.replaces ?? [])).toBe(true);
      }),
      { numRuns: 150 },
    );
    stop();
    expect(fallbacks).toEqual([]);
  });
});

it("made no call to any vendor API", () => {
  expect(calls).toBe(0);
});
