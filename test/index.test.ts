/**
 * The public entry point: one namespace per vendor, and every resource class exposing its type token and its
 * provider, with the policy pack matching on the same tokens.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as pkg from "../provider";
import * as tokens from "../policy/types";

const RESOURCES = [
  [pkg.equinix.L2Connection, "equinix", "L2Connection", tokens.EQUINIX_L2_CONNECTION],
  [pkg.ovh.VrackOvhCloudConnect, "ovh", "VrackOvhCloudConnect", tokens.OVH_VRACK_OVHCLOUD_CONNECT],
  [pkg.ovh.PopConfig, "ovh", "PopConfig", tokens.OVH_POP_CONFIG],
  [pkg.ovh.DatacenterConfig, "ovh", "DatacenterConfig", tokens.OVH_DATACENTER_CONFIG],
  [pkg.ovh.DatacenterExtraConfig, "ovh", "DatacenterExtraConfig", tokens.OVH_DATACENTER_EXTRA_CONFIG],
  [
    pkg.consoleconnect.Layer2Connection,
    "consoleconnect",
    "Layer2Connection",
    tokens.CONSOLECONNECT_LAYER2_CONNECTION,
  ],
] as const;

describe("pulumi-interconnect", () => {
  it("exports one namespace per vendor, the entry point of serialized providers, and the shared rules and net helpers", () => {
    expect(Object.keys(pkg).sort()).toEqual([
      "consoleconnect",
      "dynamicProvider",
      "equinix",
      "net",
      "ovh",
      "rules",
    ]);
    expect(Object.keys(pkg.rules).sort()).toEqual([
      "consoleconnect",
      "equinix",
      "formatRange",
      "inRange",
      "ovh",
    ]);
    expect(typeof pkg.rules.equinix.isNotificationEmail).toBe("function");
    expect(typeof pkg.net.parseCidr).toBe("function");
  });

  it("the rules modules are dependency-free (the policy pack loads them)", () => {
    for (const file of ["rules", "core/range", "equinix/rules", "consoleconnect/rules", "ovh/rules"]) {
      const source = readFileSync(join(__dirname, "..", "provider", `${file}.ts`), "utf8");
      const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      for (const spec of imports)
        expect(spec, `${file}.ts imports ${spec}`).toMatch(/^\.\.?\/(core\/range|[a-z]+\/rules)$/);
    }
  });

  for (const [cls, vendor, type, policyToken] of RESOURCES) {
    it(`${vendor}.${type} exposes its type token and provider, and the policy pack uses the same token`, () => {
      expect(cls.__pulumiType).toBe(`pulumi-nodejs:dynamic/${vendor}:${type}`);
      expect(policyToken).toBe(cls.__pulumiType);
      expect(() => pkg.dynamicProvider(`${cls.__pulumiType}Gone`)).toThrow(/has no resource type/);
      // The serialized provider is a stub that names the token; the installed provider behind it does the work.
      expect(Object.keys(cls.provider)).toEqual(["configure"]);
      // The compiled package, as the stub loads it (its modules load lazily, with Node's require).
      const { dynamicProvider } = require("pulumi-interconnect");
      const installed = dynamicProvider(cls.__pulumiType) as Record<string, unknown>;
      for (const method of ["check", "diff", "create", "read", "update", "delete", "configure"])
        expect(typeof installed[method]).toBe("function");
    });
  }
});
