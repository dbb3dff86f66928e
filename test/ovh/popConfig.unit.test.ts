import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { createRequest } from "../../provider/ovh/popConfig/model";
import { popConfigProvider } from "../../provider/ovh/popConfig/provider";
import { popConfigInputSchema } from "../../provider/ovh/popConfig/schema";
import { Inputs, RuleCase, differ, failures, itRejects, itReplaces } from "./unit";

const SERVICE = "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";

/** A valid L3 PoP config (terraform's fixture values); tests change one thing at a time. */
const l3 = (): Inputs => ({
  serviceName: SERVICE,
  interfaceId: 1234,
  type: "l3",
  customerBgpArea: 65005,
  ovhBgpArea: 65006,
  subnet: "10.10.12.0/30",
});
const l2 = (): Inputs => ({ serviceName: SERVICE, interfaceId: 1234, type: "l2" });

describe("check", () => {
  it("accepts an L2 and an L3 PoP config and returns the inputs unchanged", async () => {
    for (const inputs of [l2(), l3()]) {
      const result = await popConfigProvider.check!({}, { ...inputs, __provider: "serialized" });
      expect(result.failures).toEqual([]);
      expect(result.inputs).toEqual({ ...inputs, __provider: "serialized" });
    }
  });

  const cases: RuleCase[] = [
    ["a service name that is not a uuid", (v) => (v.serviceName = "my-occ"), "serviceName", /UUID/],
    ["a negative interface id", (v) => (v.interfaceId = -1), "interfaceId", /positive id/],
    ["a fractional interface id", (v) => (v.interfaceId = 1.5), "interfaceId", /whole number/],
    ["an unknown type", (v) => (v.type = "L3"), "type", /"l2" or "l3"/],
    [
      "an L3 PoP without customerBgpArea",
      (v) => delete v.customerBgpArea,
      "customerBgpArea",
      /required for an L3 PoP config/,
    ],
    [
      "an L3 PoP without ovhBgpArea",
      (v) => delete v.ovhBgpArea,
      "ovhBgpArea",
      /required for an L3 PoP config/,
    ],
    ["an L3 PoP without subnet", (v) => delete v.subnet, "subnet", /required for an L3 PoP config/],
    ["a /29 subnet", (v) => (v.subnet = "10.10.12.0/29"), "subnet", /must be a \/30/],
    [
      "a subnet with host bits",
      (v) => (v.subnet = "10.10.12.1/30"),
      "subnet",
      /network address, 10\.10\.12\.0\/30/,
    ],
    ["a subnet that is not CIDR", (v) => (v.subnet = "10.10.12.0"), "subnet", /CIDR notation/],
    ["an ASN of 0", (v) => (v.customerBgpArea = 0), "customerBgpArea", /from 1 to 4294967294/],
    ["an ASN above 32 bits", (v) => (v.ovhBgpArea = 4294967295), "ovhBgpArea", /from 1 to 4294967294/],
    [
      "equal ASNs on both ends",
      (v) => (v.ovhBgpArea = v.customerBgpArea),
      "ovhBgpArea",
      /must differ from customerBgpArea/,
    ],
    ["a bad timeout", (v) => (v.timeouts = { create: "soon" }), "timeouts.create", /duration/],
    [
      "an adoptId that is not an id",
      (v) => (v.adoptId = "pop-1"),
      "adoptId",
      /id of the existing configuration/,
    ],
  ];
  itRejects(popConfigProvider, l3, cases);

  it("rejects every L3 field on an L2 PoP config, each by name", async () => {
    const found = await failures(popConfigProvider, { ...l3(), type: "l2" });
    expect(found.map((f) => f.property).sort()).toEqual(["customerBgpArea", "ovhBgpArea", "subnet"]);
    expect(found[0].reason).toMatch(/must not be set on an L2 PoP config \(type "l2"\): it belongs to an L3/);
  });

  it("accepts the large ASNs of the 4-byte private range", async () => {
    expect(await failures(popConfigProvider, { ...l3(), customerBgpArea: 4200000000 })).toEqual([]);
  });

  describe("during preview (unknown values)", () => {
    it("skips the rules about an unknown service name or subnet", async () => {
      expect(await failures(popConfigProvider, { ...l3(), serviceName: UNKNOWN, subnet: UNKNOWN })).toEqual(
        [],
      );
    });
    it("skips the L2/L3 rules while the type is unknown", async () => {
      expect(await failures(popConfigProvider, { ...l3(), type: UNKNOWN, subnet: undefined })).toEqual([]);
    });
    it("still applies the L2/L3 rules when only the service name is unknown", async () => {
      const found = await failures(popConfigProvider, { ...l3(), type: "l2", serviceName: UNKNOWN });
      expect(found.map((f) => f.property).sort()).toEqual(["customerBgpArea", "ovhBgpArea", "subnet"]);
    });
  });
});

describe("diff", () => {
  const olds = () => ({ ...l3(), popId: 1000, status: "active", taskId: 100000 });
  const diff = differ(popConfigProvider, olds);

  it("reports no change when only computed outputs and the provider text differ", async () => {
    expect(await diff(l3())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
  it("changes timeouts in place", async () => {
    expect(await diff({ ...l3(), timeouts: { create: "1h" } })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  it("ignores adoptId once the PoP config exists", async () => {
    expect((await diff({ ...l3(), adoptId: "77" })).changes).toBe(false);
  });
  // The API has no update: terraform plans these in place and fails at apply; here each one replaces.
  itReplaces(
    diff,
    l3,
    [
      [
        "type (L3 → L2)",
        { type: "l2", customerBgpArea: undefined, ovhBgpArea: undefined, subnet: undefined },
        "type",
      ],
      ["interface", { interfaceId: 1235 }, "interfaceId"],
      ["subnet", { subnet: "10.10.13.0/30" }, "subnet"],
      ["customer ASN", { customerBgpArea: 65010 }, "customerBgpArea"],
      ["OVHcloud ASN", { ovhBgpArea: 65011 }, "ovhBgpArea"],
      ["service", { serviceName: "2b7e9d4c-3a1f-4e8b-8c6d-0f1e2d3c4b5a" }, "serviceName"],
      ["service that is not known yet (a replaced vRack link)", { serviceName: UNKNOWN }, "serviceName"],
    ],
    true,
  );
});

describe("create request body", () => {
  it("is just interfaceId and type for L2, as seed 000 says", () => {
    expect(createRequest(popConfigInputSchema.parse(l2()))).toStrictEqual({ interfaceId: 1234, type: "l2" });
  });
  it("adds the BGP fields for L3, and never the resource's own inputs", () => {
    const inputs = popConfigInputSchema.parse({ ...l3(), timeouts: { create: "1h" }, adoptId: undefined });
    expect(createRequest(inputs)).toStrictEqual({
      interfaceId: 1234,
      type: "l3",
      customerBgpArea: 65005,
      ovhBgpArea: 65006,
      subnet: "10.10.12.0/30",
    });
  });
});
