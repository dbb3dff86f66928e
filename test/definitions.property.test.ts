/**
 * Property tests, in both directions, for every resource whose declaration has cross-field rules:
 * - unknown values (preview) never cause a failure: any subset of a valid program's values made unknown passes;
 * - an unknown value in a property a rule does not read never hides that rule's failure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ObjectSchema, ResourceDefinition } from "../provider/core/definition";
import { UNKNOWN } from "../provider/core/dynamic";
import { layer2Connection } from "../provider/consoleconnect/layer2Connection/schema";
import { l2Connection } from "../provider/equinix/l2Connection/schema";
import { datacenterConfig } from "../provider/ovh/datacenterConfig/schema";
import { datacenterExtraConfig } from "../provider/ovh/datacenterExtraConfig/schema";
import { popConfig } from "../provider/ovh/popConfig/schema";
import { vrackOvhCloudConnect } from "../provider/ovh/vrackOvhCloudConnect/schema";

type Inputs = Record<string, unknown>;
type Definition = ResourceDefinition<ObjectSchema, ObjectSchema>;

const UUID_A = "7a73af1a-3d74-47ac-b778-6bf455d1174e";
const UUID_B = "0e5e4ad6-2b3f-4c7a-9f0e-4a8e9b1c2d3e";
const HEX = (n: number) => n.toString(16).padStart(24, "0");

/** Every property path of a value, objects opened (arrays whole): what can be made unknown. */
function paths(value: Inputs, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, v]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return v && typeof v === "object" && !Array.isArray(v) ? [path, ...paths(v as Inputs, path)] : [path];
  });
}

function withUnknown(value: Inputs, unknown: readonly string[]): Inputs {
  const out: Inputs = structuredClone(value);
  // Outer paths first, so that an inner path under an unknown object is dropped with it.
  for (const path of [...unknown].sort((a, b) => a.length - b.length)) {
    const parts = path.split(".");
    let target: Inputs | undefined = out;
    for (const part of parts.slice(0, -1)) {
      const next: unknown = target?.[part];
      target = next && typeof next === "object" ? (next as Inputs) : undefined;
    }
    if (target) target[parts.at(-1)!] = UNKNOWN;
  }
  return out;
}

const touches = (path: string, reads: readonly string[]) =>
  reads.some((r) => r === path || r.startsWith(`${path}.`) || path.startsWith(`${r}.`));

interface Case {
  definition: Definition;
  /** Programs that pass check. */
  valid: Inputs[];
  /** For each rule, a program that breaks it, and the failure it must report. */
  broken: { rule: number; inputs: Inputs; property: string; reason: RegExp }[];
}

const equinixBase: Inputs = {
  name: "pri",
  profileUuid: UUID_A,
  speed: 50,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  portUuid: UUID_A,
  vlanSTag: 100,
  secondaryConnection: { name: "sec", portUuid: UUID_B, vlanSTag: 100 },
  portEncapsulation: "Dot1Q",
  profileEncapsulation: "Dot1Q",
};

const ccBase: Inputs = {
  companyUsername: "acme",
  name: "c2c",
  portId: HEX(1),
  destCompany: "globex",
  destMetroId: HEX(2),
  destRegionId: HEX(3),
  speed: 100,
};

const CASES: [string, Case][] = [
  [
    "equinix.L2Connection",
    {
      definition: l2Connection,
      valid: [
        equinixBase,
        {
          ...equinixBase,
          portEncapsulation: "QinQ",
          vlanCTag: 7,
          secondaryConnection: { name: "sec", portUuid: UUID_B, vlanSTag: 100, vlanCTag: 8 },
        },
        { ...equinixBase, profileEncapsulation: "QinQ", zSideVlanCTag: 9, secondaryConnection: undefined },
      ],
      broken: [
        { rule: 0, inputs: { ...equinixBase, vlanCTag: 5 }, property: "vlanCTag", reason: /must not be set/ },
        {
          rule: 1,
          inputs: {
            ...equinixBase,
            secondaryConnection: { name: "s", portUuid: UUID_B, vlanSTag: 9, vlanCTag: 5 },
          },
          property: "secondaryConnection.vlanCTag",
          reason: /must not be set/,
        },
        {
          rule: 2,
          inputs: { ...equinixBase, secondaryConnection: { name: "s", portUuid: UUID_A, vlanSTag: 100 } },
          property: "secondaryConnection.vlanSTag",
          reason: /repeats the primary's VLAN tags/,
        },
      ],
    },
  ],
  [
    "consoleconnect.Layer2Connection",
    {
      definition: layer2Connection,
      valid: [
        ccBase,
        { ...ccBase, destPortId: HEX(4), destCompany: "acme", destRegionId: undefined },
        {
          ...ccBase,
          destCompany: "oracle",
          destRegionId: undefined,
          paymentType: "invoice",
          duration: 1,
          durationUnit: "m",
          destDcf: HEX(5),
        },
      ],
      broken: [
        {
          rule: 0,
          inputs: { ...ccBase, duration: 2 },
          property: "durationUnit",
          reason: /is required with duration/,
        },
        {
          rule: 1,
          inputs: { ...ccBase, paymentType: "invoice" },
          property: "destDcf",
          reason: /is required when paymentType/,
        },
        {
          rule: 2,
          inputs: { ...ccBase, destPortId: HEX(1) },
          property: "destPortId",
          reason: /another port/,
        },
        {
          rule: 3,
          inputs: { ...ccBase, destPortId: HEX(4) },
          property: "destCompany",
          reason: /your own company/,
        },
        {
          rule: 4,
          inputs: { ...ccBase, destRegionId: undefined },
          property: "destRegionId",
          reason: /is required for a company-to-company/,
        },
      ],
    },
  ],
  [
    "ovh.PopConfig",
    {
      definition: popConfig,
      valid: [
        { serviceName: UUID_A, interfaceId: 1, type: "l2" },
        {
          serviceName: UUID_A,
          interfaceId: 1,
          type: "l3",
          customerBgpArea: 65001,
          ovhBgpArea: 65002,
          subnet: "10.0.0.0/30",
        },
      ],
      broken: [
        {
          rule: 0,
          inputs: {
            serviceName: UUID_A,
            interfaceId: 1,
            type: "l3",
            ovhBgpArea: 65002,
            subnet: "10.0.0.0/30",
          },
          property: "customerBgpArea",
          reason: /is required for an L3/,
        },
        {
          rule: 2,
          inputs: { serviceName: UUID_A, interfaceId: 1, type: "l2", subnet: "10.0.0.0/30" },
          property: "subnet",
          reason: /must not be set on an L2/,
        },
        {
          rule: 3,
          inputs: {
            serviceName: UUID_A,
            interfaceId: 1,
            type: "l3",
            customerBgpArea: 65001,
            ovhBgpArea: 65001,
            subnet: "10.0.0.0/30",
          },
          property: "ovhBgpArea",
          reason: /must differ/,
        },
      ],
    },
  ],
  [
    "ovh.DatacenterConfig",
    {
      definition: datacenterConfig,
      valid: [
        { serviceName: UUID_A, popId: 1, datacenterId: 2 },
        { serviceName: UUID_A, popId: 1, datacenterId: 2, ovhBgpArea: 65010, subnet: "10.1.0.0/28" },
      ],
      broken: [
        {
          rule: 0,
          inputs: { serviceName: UUID_A, popId: 1, datacenterId: 2, ovhBgpArea: 65010 },
          property: "subnet",
          reason: /is required with ovhBgpArea/,
        },
      ],
    },
  ],
  [
    "ovh.DatacenterExtraConfig",
    {
      definition: datacenterExtraConfig,
      valid: [
        {
          serviceName: UUID_A,
          popId: 1,
          datacenterConfigId: 2,
          type: "network",
          nextHop: "10.1.0.5",
          subnet: "192.168.0.0/24",
          datacenterSubnet: "10.1.0.0/28",
        },
        {
          serviceName: UUID_A,
          popId: 1,
          datacenterConfigId: 2,
          type: "bgp",
          bgpNeighborArea: 65020,
          bgpNeighborIp: "10.1.0.6",
        },
      ],
      broken: [
        {
          rule: 0,
          inputs: {
            serviceName: UUID_A,
            popId: 1,
            datacenterConfigId: 2,
            type: "network",
            subnet: "192.168.0.0/24",
          },
          property: "nextHop",
          reason: /is required for a static route/,
        },
        {
          rule: 3,
          inputs: {
            serviceName: UUID_A,
            popId: 1,
            datacenterConfigId: 2,
            type: "network",
            nextHop: "10.1.0.5",
            subnet: "192.168.0.0/24",
            bgpNeighborIp: "10.1.0.6",
          },
          property: "bgpNeighborIp",
          reason: /must not be set on a static route/,
        },
        {
          rule: 4,
          inputs: {
            serviceName: UUID_A,
            popId: 1,
            datacenterConfigId: 2,
            type: "network",
            nextHop: "10.9.0.5",
            subnet: "192.168.0.0/24",
            datacenterSubnet: "10.1.0.0/28",
          },
          property: "nextHop",
          reason: /must be inside the datacenter subnet/,
        },
      ],
    },
  ],
  [
    "ovh.VrackOvhCloudConnect",
    {
      definition: vrackOvhCloudConnect,
      valid: [
        { serviceName: "pn-1", ovhCloudConnect: UUID_A },
        { serviceName: "pn-1", ovhCloudConnect: UUID_A, adoptId: `pn-1/${UUID_A}` },
      ],
      broken: [
        {
          rule: 0,
          inputs: { serviceName: "pn-1", ovhCloudConnect: UUID_A, adoptId: "pn-2/x" },
          property: "adoptId",
          reason: /must name the link/,
        },
      ],
    },
  ],
];

const withoutUndefinedKeys = (v: Inputs): Inputs => JSON.parse(JSON.stringify(v));

describe.each(CASES)("%s", (_name, { definition, valid, broken }) => {
  it("the valid programs pass, and each broken one reports its rule", () => {
    for (const inputs of valid) expect(definition.validate(withoutUndefinedKeys(inputs))).toEqual([]);
    for (const b of broken) {
      const failures = definition.validate(withoutUndefinedKeys(b.inputs));
      expect(
        failures.some((f) => f.property === b.property && b.reason.test(f.reason)),
        JSON.stringify(failures),
      ).toBe(true);
    }
  });

  it("unknown values never cause a failure", () => {
    const program = fc.constantFrom(...valid.map(withoutUndefinedKeys));
    fc.assert(
      fc.property(
        program.chain((inputs) => fc.tuple(fc.constant(inputs), fc.subarray(paths(inputs)))),
        ([inputs, unknown]) => {
          expect(definition.validate(withUnknown(inputs, unknown))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("an unknown value in a property a rule does not read never hides that rule's failure", () => {
    for (const b of broken) {
      const inputs = withoutUndefinedKeys(b.inputs);
      const reads = definition.rules![b.rule].reads;
      const unread = paths(inputs).filter((p) => !touches(p, reads));
      fc.assert(
        fc.property(fc.subarray(unread), (unknown) => {
          const failures = definition.validate(withUnknown(inputs, unknown));
          expect(failures.some((f) => f.property === b.property && b.reason.test(f.reason))).toBe(true);
        }),
        { numRuns: 100 },
      );
    }
  });
});
