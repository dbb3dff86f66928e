/**
 * Every resource, constructed with only its required inputs under Pulumi's mocks (no engine): every optional
 * input and every computed output exists on the object as an Output, so that `conn.vlanCTag.apply(…)` works
 * whether or not the program set it.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ObjectSchema, ResourceDefinition } from "../provider/core/definition";
import { consoleconnect, equinix, ovh } from "../provider";
import { l2Connection } from "../provider/equinix/l2Connection/schema";
import { layer2Connection } from "../provider/consoleconnect/layer2Connection/schema";
import { vrackOvhCloudConnect } from "../provider/ovh/vrackOvhCloudConnect/schema";
import { popConfig } from "../provider/ovh/popConfig/schema";
import { datacenterConfig } from "../provider/ovh/datacenterConfig/schema";
import { datacenterExtraConfig } from "../provider/ovh/datacenterExtraConfig/schema";

const UUID = "7a73af1a-3d74-47ac-b778-6bf455d1174e";
const OBJECT_ID = "5f1e3c2b9a8d7c6b5a4f3e2d";

const created: { type: string; inputs: Record<string, unknown> }[] = [];

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push({ type: args.type, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

/** Resolves an Output's value (mocks resolve them within the test). */
const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

const CASES: [string, ResourceDefinition<ObjectSchema, ObjectSchema>, () => pulumi.Resource][] = [
  [
    "equinix.L2Connection",
    l2Connection,
    () =>
      new equinix.L2Connection("eqx", {
        name: "only-required",
        profileUuid: UUID,
        speed: 50,
        speedUnit: "MB",
        notifications: ["noc@example.com"],
        portUuid: UUID,
        vlanSTag: 100,
      }),
  ],
  [
    "consoleconnect.Layer2Connection",
    layer2Connection,
    () =>
      new consoleconnect.Layer2Connection("cc", {
        name: "only-required",
        portId: OBJECT_ID,
        destCompany: "globex-cloud",
        destMetroId: OBJECT_ID,
        speed: 100,
      }),
  ],
  [
    "ovh.VrackOvhCloudConnect",
    vrackOvhCloudConnect,
    () => new ovh.VrackOvhCloudConnect("link", { serviceName: "pn-123", ovhCloudConnect: UUID }),
  ],
  [
    "ovh.PopConfig",
    popConfig,
    () => new ovh.PopConfig("pop", { serviceName: UUID, interfaceId: 1, type: "l2" }),
  ],
  [
    "ovh.DatacenterConfig",
    datacenterConfig,
    () => new ovh.DatacenterConfig("dc", { serviceName: UUID, popId: 1, datacenterId: 2 }),
  ],
  [
    "ovh.DatacenterExtraConfig",
    datacenterExtraConfig,
    () =>
      new ovh.DatacenterExtraConfig("extra", {
        serviceName: UUID,
        popId: 1,
        datacenterConfigId: 2,
        type: "network",
      }),
  ],
];

describe.each(CASES)("%s with only its required inputs", (_name, definition, construct) => {
  it("has every input and every computed output as an Output", async () => {
    const resource = construct() as unknown as Record<string, unknown>;
    for (const key of [...definition.inputKeys, ...definition.computedKeys]) {
      expect(pulumi.Output.isInstance(resource[key]), `${key} is an Output`).toBe(true);
    }
    // An optional input the program left out resolves, to undefined.
    const optional = definition.inputKeys.find((k) => k === "timeouts")!;
    expect(await valueOf(resource[optional] as pulumi.Output<unknown>)).toBeUndefined();
    // The engine saw the resource under its type token.
    expect(created.some((c) => c.type === definition.token)).toBe(true);
  });
});

it("marks the Equinix authorization key secret, input and output", async () => {
  const link = new equinix.L2Connection("secret", {
    name: "with-key",
    profileUuid: UUID,
    speed: 50,
    speedUnit: "MB",
    notifications: ["noc@example.com"],
    portUuid: UUID,
    vlanSTag: 101,
    authorizationKey: "123456789012",
  });
  expect(await pulumi.isSecret(link.authorizationKey)).toBe(true);
  expect(await valueOf(link.vlanCTag.apply((t) => t ?? "none"))).toBe("none");
});
