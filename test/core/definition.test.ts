/**
 * The core resource definition: one declaration gives the input keys, the computed keys, and a validation that
 * names each property and rule, tolerates unknown values, and runs cross-field rules whatever else is unknown.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineResource, describeValue, propertyPath, typeToken } from "../../provider/core/definition";
import { UNKNOWN } from "../../provider/core/dynamic";
import { InputError } from "../../provider/core/errors";

const tag = z
  .number()
  .int("must be a whole number")
  .min(2, "VLAN tags range from 2 to 4094")
  .max(4094, "VLAN tags range from 2 to 4094");

const thing = defineResource({
  vendor: "equinix",
  type: "Thing",
  inputs: z.object({
    name: z.string().min(1, "must not be empty"),
    mode: z.enum(["a", "b"], { error: 'must be "a" or "b"' }).optional(),
    extra: z.number().optional(),
    inner: z.object({ tag, other: z.string() }).optional(),
    list: z.array(z.string().regex(/@/, "must be an e-mail address")).optional(),
    key: z.string().optional(),
  }),
  computed: z.object({ uuid: z.string(), status: z.string() }),
  rules: [
    {
      reads: ["mode", "extra"],
      check(v, fail) {
        if (v.mode === "b" && v.extra === undefined) fail("extra", 'is required when mode is "b"');
      },
    },
    {
      reads: ["inner.tag", "mode"],
      check(v, fail) {
        if (v.mode === "a" && v.inner?.tag !== undefined)
          fail("inner.tag", 'must not be set when mode is "a"');
      },
    },
  ],
  secretInputs: ["key"],
});

describe("defineResource", () => {
  it("derives the type token, the input keys and the computed keys from the declaration", () => {
    expect(thing.token).toBe("pulumi-nodejs:dynamic/equinix:Thing");
    expect(typeToken("ovh", "PopConfig")).toBe("pulumi-nodejs:dynamic/ovh:PopConfig");
    expect(thing.displayName).toBe("equinix.Thing");
    expect(thing.inputKeys).toEqual(["name", "mode", "extra", "inner", "list", "key"]);
    expect(thing.computedKeys).toEqual(["uuid", "status"]);
    expect(thing.secretInputs).toEqual(["key"]);
  });
});

describe("validate", () => {
  it("says a missing required input is required, in the user's words", () => {
    expect(thing.validate({})).toEqual([{ property: "name", reason: "is required" }]);
  });

  it("rewrites zod's type messages and keeps the schema's own rules", () => {
    expect(thing.validate({ name: 5, mode: "c" })).toEqual([
      { property: "name", reason: "must be a string" },
      { property: "mode", reason: 'must be "a" or "b"' },
    ]);
  });

  it("says the offending value of a nested property, which the engine would print as nil", () => {
    expect(thing.validate({ name: "x", inner: { tag: 5000, other: "y" }, list: ["ok@x", "nope"] })).toEqual([
      { property: "inner.tag", reason: "VLAN tags range from 2 to 4094 (got 5000)" },
      { property: "list[1]", reason: 'must be an e-mail address (got "nope")' },
    ]);
  });

  it("skips rules about unknown values, and finds them once known", () => {
    expect(thing.validate({ name: UNKNOWN, mode: "b" })).toEqual([
      { property: "extra", reason: 'is required when mode is "b"' },
    ]);
    expect(thing.validate({ name: "x", mode: UNKNOWN })).toEqual([]);
    expect(thing.validate({ name: "x", mode: "b", extra: UNKNOWN })).toEqual([]);
  });

  it("runs a cross-field rule whatever else is unknown or invalid", () => {
    // `inner.other` is unknown and `name` is invalid: neither is read by the rule on inner.tag.
    expect(thing.validate({ name: "", mode: "a", inner: { tag: 10, other: UNKNOWN } })).toEqual([
      { property: "name", reason: "must not be empty" },
      { property: "inner.tag", reason: 'must not be set when mode is "a" (got 10)' },
    ]);
  });

  it("skips a rule when a property it reads is invalid on its own (that failure is reported instead)", () => {
    expect(thing.validate({ name: "x", mode: "a", inner: { tag: 1, other: "y" } })).toEqual([
      { property: "inner.tag", reason: "VLAN tags range from 2 to 4094 (got 1)" },
    ]);
  });

  it("never throws, whatever it is given", () => {
    for (const value of [
      null,
      undefined,
      5,
      "x",
      [],
      { name: { toString: null } },
      { __proto__: { name: 1 } },
    ])
      expect(() => thing.validate(value as never)).not.toThrow();
    expect(thing.validate(null as never)).toEqual([{ property: "name", reason: "is required" }]);
  });

  it("reports a rule that throws as a failure on its first property instead of crashing", () => {
    const broken = defineResource({
      vendor: "ovh",
      type: "Broken",
      inputs: z.object({ a: z.string() }),
      computed: z.object({}),
      rules: [
        {
          reads: ["a"],
          check() {
            throw new Error("bug");
          },
        },
      ],
    });
    expect(broken.validate({ a: "x" })).toEqual([
      { property: "a", reason: "could not be checked (Error: bug)" },
    ]);
  });
});

describe("parse", () => {
  it("returns the parsed inputs without __provider", () => {
    expect(thing.parse({ name: "x", __provider: "text" })).toEqual({ name: "x" });
  });

  it("throws an InputError with check's messages, naming the resource type", () => {
    const error = (() => {
      try {
        thing.parse({ mode: "b", inner: { tag: 1, other: "y" } });
      } catch (e) {
        return e;
      }
    })() as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'equinix.Thing: invalid inputs: name is required; inner.tag: VLAN tags range from 2 to 4094 (got 1); extra is required when mode is "b"',
    );
    expect(error.problems).toHaveLength(3);
  });
});

describe("helpers", () => {
  it("formats paths and values as users read them", () => {
    expect(propertyPath(["secondaryConnection", "vlanSTag"])).toBe("secondaryConnection.vlanSTag");
    expect(propertyPath(["notifications", 0])).toBe("notifications[0]");
    expect(describeValue("x".repeat(100))).toHaveLength(58);
    expect(describeValue([1, 2])).toBe("a list of 2");
    expect(describeValue(NaN)).toBe("NaN");
  });
});
