import * as policyModule from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { asnInRanges, formatAsnRanges, PRIVATE_ASN_RANGES } from "../../policy/asn";
import { EQUINIX_L2_CONNECTION } from "../../policy/types";
import { configOf } from "../../policy/config";
import {
  isUnknown,
  NotKnownYetError,
  Pending,
  snapshot,
  toCidr,
  toInteger,
  toIpv4,
  UNKNOWN,
  validateTypes,
} from "../../policy/util";
import { UNKNOWN_VALUE } from "./harness";

const { unknownCheckingProxy, UnknownValueError } = policyModule as unknown as {
  unknownCheckingProxy: <T>(value: T) => T;
  UnknownValueError: new (...args: never[]) => Error;
};

// The IPv4 arithmetic itself is provider/core/net.ts, tested in test/core/net.test.ts.
describe("asn", () => {
  it("knows the private ASN ranges", () => {
    for (const asn of [64512, 65534, 4200000000, 4294967294])
      expect(asnInRanges(asn, PRIVATE_ASN_RANGES)).toBe(true);
    for (const asn of [0, 64511, 65535, 23456, 4199999999, 4294967295]) {
      expect(asnInRanges(asn, PRIVATE_ASN_RANGES)).toBe(false);
    }
    expect(formatAsnRanges(PRIVATE_ASN_RANGES)).toBe("64512–65534 or 4200000000–4294967294");
  });
});

describe("unknown values", () => {
  it("recognises every engine sentinel", () => {
    expect(isUnknown(UNKNOWN_VALUE)).toBe(true);
    expect(isUnknown("3eeb2bf0-c639-47a8-9e75-3b44932eb421")).toBe(true);
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown("04da6b54")).toBe(false);
  });

  it("snapshot copies props out of unknownCheckingProxy without throwing", () => {
    const raw = {
      a: 1,
      nested: { b: UNKNOWN_VALUE, list: [1, UNKNOWN_VALUE] },
      c: UNKNOWN_VALUE,
      __provider: "x",
    };
    const proxied = unknownCheckingProxy(raw);
    expect(() => proxied.c).toThrow(UnknownValueError);
    const expected = { a: 1, nested: { b: UNKNOWN, list: [1, UNKNOWN] }, c: UNKNOWN };
    expect(snapshot(proxied)).toEqual(expected);
    expect(snapshot(raw)).toEqual(expected);
  });

  it("NotKnownYetError is an UnknownValueError of the installed @pulumi/policy (what the server checks)", () => {
    const error = new NotKnownYetError("thing 'x'", ["a", "b.c"]);
    expect(error).toBeInstanceOf(UnknownValueError);
    expect(error.message).toBe(
      "thing 'x': could not check yet: a, b.c are not known until apply; checked again during `pulumi up`",
    );
    const pending = new Pending("thing 'x'");
    pending.add("a");
    pending.add("a");
    pending.add("b", true);
    expect(() => pending.settle()).toThrow("a, b (not set) are not known until apply");
    expect(() => new Pending("y").settle()).not.toThrow();
  });
});

describe("util", () => {
  it("configOf fills schema defaults and keeps given values", () => {
    const schema = z.object({
      n: z.number().int().default(3),
      list: z.array(z.string()).default(["a"]),
    });
    expect(configOf(schema, {})).toEqual({ n: 3, list: ["a"] });
    expect(configOf(schema, { n: 5, enforcementLevel: "advisory" })).toEqual({ n: 5, list: ["a"] });
    const first = configOf(schema, undefined);
    first.list.push("b");
    expect(configOf(schema, undefined)).toEqual({ n: 3, list: ["a"] });
  });

  it("toInteger accepts numbers and numeric strings only", () => {
    expect(toInteger(5)).toBe(5);
    expect(toInteger(" 873 ")).toBe(873);
    expect(toInteger(1.5)).toBeUndefined();
    expect(toInteger("12a")).toBeUndefined();
  });

  it("toIpv4 reads dotted quads strictly, after trimming", () => {
    expect(toIpv4("10.0.0.1")).toBe("10.0.0.1");
    expect(toIpv4(" 192.168.2.1\n")).toBe("192.168.2.1");
    for (const bad of [
      "10.0.0",
      "10.0.0.256",
      "10.0.0.01",
      "010.0.0.1",
      "a.b.c.d",
      "10.0.0.1.2",
      "",
      167772161,
    ]) {
      expect(toIpv4(bad), String(bad)).toBeUndefined();
    }
  });

  it("toCidr reads CIDR blocks strictly, after trimming, leading zeros refused in the prefix too", () => {
    expect(toCidr(" 10.0.0.5/28 ")).toEqual({ address: "10.0.0.5", prefix: 28 });
    expect(toCidr("0.0.0.0/0")).toEqual({ address: "0.0.0.0", prefix: 0 });
    expect(toCidr("10.0.0.1/32")).toEqual({ address: "10.0.0.1", prefix: 32 });
    for (const bad of [
      "10.0.0.0/33",
      "10.0.0.0/",
      "10.0.0.0",
      "10.0.0.0/030",
      "10.0.0.0/00",
      "10.0.0.0/-1",
      "010.0.0.0/24",
      "10.0.0.0 /24",
      undefined,
    ]) {
      expect(toCidr(bad), String(bad)).toBeUndefined();
    }
  });

  it("validateTypes tags single-type validations with __pulumiType", () => {
    const single = validateTypes([EQUINIX_L2_CONNECTION], () => undefined) as { __pulumiType?: string };
    expect(single.__pulumiType).toBe(EQUINIX_L2_CONNECTION);
    const multi = validateTypes(["a", "b"], () => undefined) as { __pulumiType?: string };
    expect(multi.__pulumiType).toBeUndefined();
  });
});
