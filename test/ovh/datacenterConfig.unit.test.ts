import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { createRequest } from "../../provider/ovh/datacenterConfig/model";
import { datacenterConfigProvider } from "../../provider/ovh/datacenterConfig/provider";
import { datacenterConfigInputSchema } from "../../provider/ovh/datacenterConfig/schema";
import { Inputs, RuleCase, differ, failures, itRejects, itReplaces } from "./unit";

const SERVICE = "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";

/** A valid L3 datacenter config (terraform's fixture); tests change one thing at a time. */
const l3 = (): Inputs => ({
  serviceName: SERVICE,
  popId: 1000,
  datacenterId: 6,
  ovhBgpArea: 65008,
  subnet: "10.0.0.0/28",
});
const l2 = (): Inputs => ({ serviceName: SERVICE, popId: 1000, datacenterId: 6 });

describe("check", () => {
  it("accepts an L2 and an L3 datacenter config, and an L3 one without ovhBgpArea (OVHcloud assigns it)", async () => {
    for (const inputs of [l2(), l3(), { ...l3(), ovhBgpArea: undefined }])
      expect(await failures(datacenterConfigProvider, inputs)).toEqual([]);
  });
  it("accepts any subnet from /28 up", async () => {
    for (const subnet of ["10.0.0.0/28", "10.0.0.0/27", "10.0.0.0/24", "10.0.0.0/16"])
      expect(await failures(datacenterConfigProvider, { ...l3(), subnet })).toEqual([]);
  });

  const cases: RuleCase[] = [
    ["a /29 subnet", (v) => (v.subnet = "10.0.0.0/29"), "subnet", /must be a \/28 or larger/],
    ["a /32 subnet", (v) => (v.subnet = "10.0.0.1/32"), "subnet", /must be a \/28 or larger/],
    [
      "a subnet with host bits",
      (v) => (v.subnet = "10.0.0.16/27"),
      "subnet",
      /network address, 10\.0\.0\.0\/27/,
    ],
    ["ovhBgpArea without a subnet", (v) => delete v.subnet, "subnet", /required with ovhBgpArea/],
    ["a missing popId", (v) => delete v.popId, "popId", /./],
    ["a datacenter id of 0", (v) => (v.datacenterId = 0), "datacenterId", /positive id/],
    ["an ASN of 0", (v) => (v.ovhBgpArea = 0), "ovhBgpArea", /BGP AS number/],
  ];
  itRejects(datacenterConfigProvider, l3, cases);

  it("applies the subnet rule during preview while the PoP's id is still unknown", async () => {
    const found = await failures(datacenterConfigProvider, { ...l3(), popId: UNKNOWN, subnet: undefined });
    expect(found.map((f) => f.property)).toEqual(["subnet"]);
  });
});

describe("diff", () => {
  const olds = () => ({ ...l3(), configId: 500, status: "active", taskId: 100001 });
  const diff = differ(datacenterConfigProvider, olds);

  it("reports no change for the same inputs", async () => {
    expect((await diff(l3())).changes).toBe(false);
  });
  it("keeps the ASN OVHcloud assigned when the program leaves it out", async () => {
    expect((await diff({ ...l3(), ovhBgpArea: undefined })).changes).toBe(false);
  });
  it("changes timeouts in place", async () => {
    expect(await diff({ ...l3(), timeouts: { delete: "1h" } })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
  itReplaces(
    diff,
    l3,
    [
      ["datacenter", { datacenterId: 7 }, "datacenterId"],
      ["subnet", { subnet: "10.0.1.0/28" }, "subnet"],
      ["ASN", { ovhBgpArea: 65009 }, "ovhBgpArea"],
      // A new PoP config (L2 ↔ L3 switch, or any replacement of the parent) brings a new id.
      ["parent PoP config", { popId: 1001 }, "popId"],
      ["parent PoP config not known yet (being replaced)", { popId: UNKNOWN }, "popId"],
    ],
    true,
  );
});

describe("create request body", () => {
  it("is just datacenterId for L2", () => {
    expect(createRequest(datacenterConfigInputSchema.parse(l2()))).toStrictEqual({ datacenterId: 6 });
  });
  it("adds ovhBgpArea and subnet for L3, and leaves out an ASN the program did not give", () => {
    expect(createRequest(datacenterConfigInputSchema.parse(l3()))).toStrictEqual({
      datacenterId: 6,
      ovhBgpArea: 65008,
      subnet: "10.0.0.0/28",
    });
    expect(
      createRequest(datacenterConfigInputSchema.parse({ ...l3(), ovhBgpArea: undefined })),
    ).toStrictEqual({
      datacenterId: 6,
      subnet: "10.0.0.0/28",
    });
  });
});
