/**
 * Policy configuration declared once, as zod: each policy's `configSchema` is what `toPolicyConfigSchema` derives from
 * its zod schema, fits Pulumi's `PolicyConfigSchema`, and `configOf` parses with the same schema.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configOf, PolicyConfigError, policyConfig, toPolicyConfigSchema } from "../../policy/config";
import {
  allPolicies,
  maxSpeed,
  maxSpeedConfig,
  noOverlapConfig,
  policyConfigs,
  privateAsnConfig,
} from "../../policy/policies";
import { equinix } from "./fixtures";
import { reconcileConfig, runResourcePolicy } from "./harness";

/** The keywords Pulumi's PolicyConfigJSONSchema (@pulumi/policy schema.d.ts) has. */
const PULUMI_KEYWORDS = new Set([
  "type",
  "enum",
  "const",
  "multipleOf",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "items",
  "additionalItems",
  "maxItems",
  "minItems",
  "uniqueItems",
  "contains",
  "maxProperties",
  "minProperties",
  "required",
  "properties",
  "patternProperties",
  "additionalProperties",
  "dependencies",
  "propertyNames",
  "format",
  "description",
  "default",
]);

function keywordsOf(schema: PolicyConfigJSONSchema): string[] {
  const nested = [
    ...(schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)
      ? [schema.items]
      : []),
    ...Object.values(schema.properties ?? {}).filter(
      (s): s is PolicyConfigJSONSchema => typeof s === "object",
    ),
  ];
  return [...Object.keys(schema), ...nested.flatMap(keywordsOf)];
}

/** A value of the wrong JSON type for a property schema. */
function wrongValueFor(schema: PolicyConfigJSONSchema): unknown {
  return schema.type === "string" ? 42 : "not-the-right-type";
}

describe("policy config schemas derived from zod", () => {
  it("every policy has a zod config, and its configSchema is exactly what zod derives", () => {
    expect(Object.keys(policyConfigs).sort()).toEqual(allPolicies.map((p) => p.name).sort());
    for (const p of allPolicies) {
      const config = policyConfigs[p.name];
      expect(config.policy).toBe(p.name);
      expect(p.configSchema, p.name).toBe(config.configSchema);
      expect(p.configSchema, p.name).toEqual(toPolicyConfigSchema(config.schema));
    }
  });

  it("is a valid Pulumi PolicyConfigSchema: properties (and required) only, known keywords, typed defaults", () => {
    for (const p of allPolicies) {
      const schema = p.configSchema!;
      expect(
        Object.keys(schema).filter((k) => k !== "properties" && k !== "required"),
        p.name,
      ).toEqual([]);
      // Every key has a default, so none is required and an empty config is valid.
      expect(schema.required, p.name).toBeUndefined();
      for (const [key, property] of Object.entries(schema.properties)) {
        expect(property.type, `${p.name}.${key}`).toBeTruthy();
        expect(property.description, `${p.name}.${key}`).toBeTruthy();
        expect(property.default, `${p.name}.${key}`).not.toBeUndefined();
        for (const keyword of keywordsOf(property))
          expect(PULUMI_KEYWORDS.has(keyword), `${p.name}.${key}: ${keyword}`).toBe(true);
        // No zod artefacts: the implicit safe-integer bounds of z.int() are dropped.
        expect(JSON.stringify(property)).not.toContain(String(Number.MAX_SAFE_INTEGER));
      }
      // The defaults of the JSON schema are zod's defaults: the CLI and configOf agree on an empty config.
      expect(reconcileConfig(p).properties, p.name).toEqual(policyConfigs[p.name].schema.parse({}));
    }
  });

  it("keeps the types, bounds, enums and patterns the hand-written schemas had", () => {
    expect(maxSpeedConfig.configSchema.properties.maxSpeedMbps).toEqual({
      type: "number",
      exclusiveMinimum: 0,
      default: 10000,
      description: expect.stringContaining("in Mbps"),
    });
    expect(noOverlapConfig.configSchema.properties.scope).toMatchObject({
      type: "string",
      enum: ["stack", "service"],
      default: "stack",
    });
    expect(policyConfigs["interconnect-name-pattern"].configSchema.properties.flags).toMatchObject({
      type: "string",
      pattern: "^[imsu]*$",
      default: "",
    });
    expect(privateAsnConfig.configSchema.properties.allowedRanges).toMatchObject({
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          min: { type: "integer", minimum: 0, maximum: 4294967295 },
          max: { type: "integer", minimum: 0, maximum: 4294967295 },
        },
        required: ["min", "max"],
      },
      default: [
        { min: 64512, max: 65534 },
        { min: 4200000000, max: 4294967294 },
      ],
    });
    expect(policyConfigs["equinix-l2-notifications"].configSchema.properties.minRecipients).toMatchObject({
      type: "integer",
      minimum: 1,
      default: 1,
    });
  });

  it("configOf applies defaults, drops enforcementLevel and unknown keys, and rejects a wrongly typed key by name", () => {
    for (const p of allPolicies) {
      const { schema } = policyConfigs[p.name];
      expect(configOf(schema, { enforcementLevel: "advisory", unrelated: 1 }, p.name)).toEqual(
        schema.parse({}),
      );
      for (const [key, property] of Object.entries(p.configSchema!.properties)) {
        const call = () => configOf(schema, { [key]: wrongValueFor(property) }, p.name);
        expect(call, `${p.name}.${key}`).toThrow(PolicyConfigError);
        expect(call, `${p.name}.${key}`).toThrow(`The ${p.name} policy config is invalid: ${key}: `);
      }
    }
    expect(() => configOf(maxSpeedConfig.schema, { maxSpeedMbps: "fast" }, "interconnect-max-speed")).toThrow(
      'The interconnect-max-speed policy config is invalid: maxSpeedMbps: Invalid input: expected number, received string. Fix "interconnect-max-speed" in the --policy-pack-config file.',
    );
    // Nested keys are named with their path.
    expect(() => privateAsnConfig.of({ allowedRanges: [{ min: 1, max: 2 }, { min: 3 }] })).toThrow(
      "ovh-private-bgp-asn policy config is invalid: allowedRanges[1].max: ",
    );
  });

  it("a wrongly typed config fails the policy loudly (a gRPC error for the CLI), never silently", async () => {
    await expect(runResourcePolicy(maxSpeed, equinix("e"), { maxSpeedMbps: "fast" })).rejects.toThrow(
      /interconnect-max-speed policy config is invalid: maxSpeedMbps/,
    );
  });

  it("toPolicyConfigSchema: required keys without defaults, and refuses what Pulumi's schema type cannot hold", () => {
    expect(
      toPolicyConfigSchema(
        z.object({ must: z.string().describe("no default"), may: z.boolean().default(false) }),
      ),
    ).toEqual({
      properties: {
        must: { type: "string", description: "no default" },
        may: { type: "boolean", default: false },
      },
      required: ["must"],
    });
    // A union of primitives is a list of types, which Pulumi's schema type has; other unions are anyOf, which it has not.
    expect(toPolicyConfigSchema(z.object({ id: z.union([z.string(), z.number()]) })).properties.id).toEqual({
      type: ["string", "number"],
    });
    expect(() =>
      toPolicyConfigSchema(z.object({ either: z.union([z.string(), z.object({ name: z.string() })]) })),
    ).toThrow(/either uses "anyOf"/);
    expect(() => toPolicyConfigSchema(z.object({ enforcementLevel: z.string() }))).toThrow(
      /enforcementLevel/,
    );
    expect(() => toPolicyConfigSchema(z.object({ when: z.date() }))).toThrow();
    expect(
      policyConfig("x", z.object({ n: z.number().int().default(1).describe("n") })).configSchema,
    ).toEqual({
      properties: { n: { type: "integer", default: 1, description: "n" } },
    });
  });
});
