/** The pack as a whole: metadata the policy server and the CLI rely on, docs, and no secret leaks. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { describe, expect, it } from "vitest";
import { configOf } from "../../policy/config";
import { allPolicies, policyConfigs, resourcePolicies, stackPolicies } from "../../policy/policies";
import { AUTH_KEY, equinix } from "./fixtures";
import { reconcileConfig, runResourcePolicy, UNKNOWN_VALUE } from "./harness";

const policyDir = join(__dirname, "..", "..", "policy");

function matchesType(value: unknown, schema: PolicyConfigJSONSchema): boolean {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum && !schema.enum.includes(value as never)) return false;
  if (types.length === 0) return true;
  return types.some((t) => {
    switch (t) {
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "string":
        return typeof value === "string";
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return (
          Array.isArray(value) &&
          (schema.minItems === undefined || value.length >= schema.minItems) &&
          (typeof schema.items !== "object" ||
            Array.isArray(schema.items) ||
            value.every((v) => matchesType(v, schema.items as PolicyConfigJSONSchema)))
        );
      case "object":
        return value !== null && typeof value === "object" && !Array.isArray(value);
      default:
        return value === null;
    }
  });
}

describe("policy pack", () => {
  it("has unique, valid policy names and the resource/stack split", () => {
    const names = allPolicies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(name).not.toBe("all");
    }
    expect(allPolicies).toHaveLength(resourcePolicies.length + stackPolicies.length);
    for (const p of resourcePolicies) expect(typeof p.validateResource).toBe("function");
    for (const p of stackPolicies) expect(typeof p.validateStack).toBe("function");
  });

  it("gives every policy a description, an enforcement level and a config schema with defaults", () => {
    for (const p of allPolicies) {
      expect(p.description.length, p.name).toBeGreaterThan(20);
      expect(["advisory", "mandatory"], p.name).toContain(p.enforcementLevel);
      expect(p.remediationSteps, p.name).toBeTruthy();
      const properties = p.configSchema?.properties ?? {};
      expect(Object.keys(properties).length, p.name).toBeGreaterThan(0);
      // The policy server exits if a schema declares enforcementLevel.
      expect(properties).not.toHaveProperty("enforcementLevel");
      expect(p.configSchema?.required ?? []).not.toContain("enforcementLevel");
      for (const [key, schema] of Object.entries(properties)) {
        expect(schema.description, `${p.name}.${key}`).toBeTruthy();
        expect(schema.default, `${p.name}.${key}`).not.toBeUndefined();
        expect(matchesType(schema.default, schema), `${p.name}.${key} default matches its type`).toBe(true);
      }
      // What the CLI passes (defaults merged) equals what configOf derives from an empty config.
      expect(reconcileConfig(p).properties).toEqual(configOf(policyConfigs[p.name].schema, {}));
    }
  });

  it("index.ts registers every policy with a mandatory pack default; the pack files exist", () => {
    const index = readFileSync(join(policyDir, "index.ts"), "utf8");
    expect(index).toMatch(
      /new PolicyPack\("pulumi-interconnect", \{\s*policies: allPolicies,\s*enforcementLevel: "mandatory"/,
    );
    expect(readFileSync(join(policyDir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    const pkg = JSON.parse(readFileSync(join(policyDir, "package.json"), "utf8")) as { version?: string };
    expect(pkg.version).toBeTruthy();
  });

  it("POLICIES.md documents every policy and config key", () => {
    const doc = readFileSync(join(policyDir, "POLICIES.md"), "utf8");
    for (const p of allPolicies) {
      expect(doc, p.name).toContain(`\`${p.name}\``);
      for (const key of Object.keys(p.configSchema?.properties ?? {}))
        expect(doc, `${p.name}.${key}`).toContain(key);
    }
  });

  it("never echoes the Equinix authorization key (a secret) in a message", async () => {
    const violating = equinix("e", {
      name: "bad name!",
      speed: 100,
      secondaryConnection: undefined,
      notifications: ["not-an-address"],
      vlanSTag: UNKNOWN_VALUE,
    });
    let messages = 0;
    for (const p of resourcePolicies) {
      const out = await runResourcePolicy(p, violating);
      for (const text of [...out.violations.map((v) => v.message), ...out.advisories]) {
        messages++;
        expect(text).not.toContain(AUTH_KEY);
      }
    }
    expect(messages).toBeGreaterThan(3);
  });
});
