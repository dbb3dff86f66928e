/** Helpers for the unit tests of check and diff: call the provider as the engine does (with `__provider`). */
import type * as pulumi from "@pulumi/pulumi";
import { expect, it } from "vitest";

export type Inputs = Record<string, any>;

export async function failures(provider: pulumi.dynamic.ResourceProvider, inputs: Inputs) {
  const result = await provider.check!({}, { ...inputs, __provider: "serialized" });
  return result.failures ?? [];
}

/** [title, change to a valid input, property named, reason]: one test per rule. */
export type RuleCase = [string, (v: Inputs) => void, string, RegExp];

export function itRejects(provider: pulumi.dynamic.ResourceProvider, valid: () => Inputs, cases: RuleCase[]) {
  for (const [title, mutate, property, reason] of cases) {
    it(`rejects ${title}, naming ${property}`, async () => {
      const inputs = valid();
      mutate(inputs);
      const found = await failures(provider, inputs);
      expect(found.map((f) => f.property)).toContain(property);
      expect(found.find((f) => f.property === property)!.reason).toMatch(reason);
    });
  }
}

/** Runs diff as the engine does: old outputs against new inputs carrying a (new) provider text. */
export function differ(provider: pulumi.dynamic.ResourceProvider, olds: () => Inputs) {
  return (news: Inputs, old: Inputs = olds()) =>
    provider.diff!("1", old, { ...news, __provider: "new text" });
}

/** [title, change, property that forces the replacement]. */
export type ReplaceCase = [string, Inputs, string];

export function itReplaces(
  diff: (news: Inputs) => Promise<pulumi.dynamic.DiffResult>,
  valid: () => Inputs,
  cases: ReplaceCase[],
  deleteBeforeReplace: boolean,
) {
  for (const [title, change, key] of cases) {
    it(`replaces on a ${title} change${deleteBeforeReplace ? ", deleting the old one first" : ""}`, async () => {
      const result = await diff({ ...valid(), ...change });
      expect(result.changes).toBe(true);
      expect(result.replaces).toContain(key);
      expect(result.deleteBeforeReplace).toBe(deleteBeforeReplace);
    });
  }
}
