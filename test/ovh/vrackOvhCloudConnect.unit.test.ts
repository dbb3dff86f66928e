import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/dynamic";
import { createRequest, linkId } from "../../provider/ovh/vrackOvhCloudConnect/model";
import { vrackOvhCloudConnectProvider } from "../../provider/ovh/vrackOvhCloudConnect/provider";
import { vrackOvhCloudConnectInputSchema } from "../../provider/ovh/vrackOvhCloudConnect/schema";
import { Inputs, RuleCase, differ, failures, itRejects, itReplaces } from "./unit";

const OCC = "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";
const valid = (): Inputs => ({ serviceName: "pn-1000001", ovhCloudConnect: OCC });

describe("check", () => {
  it("accepts a vRack and a service uuid", async () => {
    expect(await failures(vrackOvhCloudConnectProvider, valid())).toEqual([]);
    expect(
      await failures(vrackOvhCloudConnectProvider, { ...valid(), adoptId: `pn-1000001/${OCC}` }),
    ).toEqual([]);
  });
  const cases: RuleCase[] = [
    ["a vRack name without pn-", (v) => (v.serviceName = "vrack-1"), "serviceName", /pn-123456/],
    ["a service that is not a uuid", (v) => (v.ovhCloudConnect = "occ"), "ovhCloudConnect", /UUID/],
    [
      "an adoptId naming another link",
      (v) => (v.adoptId = "pn-1000002/x"),
      "adoptId",
      /here "pn-1000001\/8f3c/,
    ],
  ];
  itRejects(vrackOvhCloudConnectProvider, valid, cases);
  it("checks adoptId only once both ids are known", async () => {
    expect(
      await failures(vrackOvhCloudConnectProvider, { ...valid(), serviceName: UNKNOWN, adoptId: "x" }),
    ).toEqual([]);
  });
});

describe("diff", () => {
  const diff = differ(vrackOvhCloudConnectProvider, () => ({ ...valid(), status: "linked", taskId: 700000 }));
  it("reports no change for the same inputs, and ignores adoptId", async () => {
    expect((await diff(valid())).changes).toBe(false);
    expect((await diff({ ...valid(), adoptId: `pn-1000001/${OCC}` })).changes).toBe(false);
  });
  // A service is in one vRack at a time.
  itReplaces(diff, valid, [["vRack", { serviceName: "pn-1000002" }, "serviceName"]], true);
  itReplaces(
    diff,
    valid,
    [["service", { ovhCloudConnect: "2b7e9d4c-3a1f-4e8b-8c6d-0f1e2d3c4b5a" }, "ovhCloudConnect"]],
    true,
  );
});

describe("model", () => {
  it("sends {ovhCloudConnect} and names the link as terraform's import does", () => {
    const inputs = vrackOvhCloudConnectInputSchema.parse(valid());
    expect(createRequest(inputs)).toStrictEqual({ ovhCloudConnect: OCC });
    expect(linkId(inputs)).toBe(`pn-1000001/${OCC}`);
  });
});
