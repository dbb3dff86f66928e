/**
 * The public entry point: one namespace per vendor, and every resource class exposing its type token and its
 * provider, with the policy pack matching on the same tokens.
 */
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
  it("exports one namespace per vendor, and the entry point of serialized providers", () => {
    expect(Object.keys(pkg).sort()).toEqual(["consoleconnect", "dynamicProvider", "equinix", "ovh"]);
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
