/**
 * Policy configuration, declared once per policy as a zod schema: the TypeScript type (`z.infer`), the JSON schema
 * the Pulumi CLI validates `--policy-pack-config` against and takes defaults from (`configSchema`), and the
 * parsing of `args.getConfig()` (`configOf`) all come from it.
 *
 * Writing a config schema: a `z.object` whose every property has a `.default(...)` (so that an empty config is
 * valid) and a `.describe(...)` (or `.meta({ description })`). Stick to what JSON Schema can say: numbers with
 * bounds, strings with a `.regex`, enums, booleans, arrays and plain objects of those. Refinements and transforms
 * are not part of the JSON schema, so the CLI would not check them: `toPolicyConfigSchema` refuses anything it
 * cannot express in Pulumi's `PolicyConfigJSONSchema`.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { z } from "zod";

/** A policy's config schema: a zod object whose properties are the config keys. */
export type ConfigSchema = z.ZodObject<z.ZodRawShape>;

/** The keywords of Pulumi's `PolicyConfigJSONSchema` (@pulumi/policy schema.d.ts); anything else is refused. */
const KEYWORDS: ReadonlySet<string> = new Set<keyof PolicyConfigJSONSchema>([
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

/** Keywords whose value is a schema, a list of schemas, or a map of schemas: checked recursively. */
const SUBSCHEMAS = ["items", "additionalItems", "contains", "additionalProperties", "propertyNames"];
const SCHEMA_MAPS = ["properties", "patternProperties"];

/**
 * The `configSchema` of a policy, derived from its zod config schema with zod 4's `z.toJSONSchema`:
 * - JSON Schema draft-07 (what the CLI's validator, gojsonschema, implements), of the schema's *input*: a
 *   property with a default is optional, and carries its `default`, which the CLI fills in;
 * - the object's `properties` and `required` only (Pulumi's `PolicyConfigSchema`): `$schema`, `type: "object"`
 *   and `additionalProperties` of the top level are dropped, since the CLI adds its own top level;
 * - `z.number().int()`'s implicit ±2^53−1 bounds are dropped (noise in `pulumi policy` output);
 * - throws on anything Pulumi's `PolicyConfigJSONSchema` cannot hold (`anyOf` from unions, `$ref`, …) and on an
 *   `enforcementLevel` key (the policy server exits on one).
 */
export function toPolicyConfigSchema(schema: ConfigSchema): PolicyConfigSchema {
  const json = z.toJSONSchema(schema, {
    target: "draft-07",
    io: "input",
    reused: "inline",
    cycles: "throw",
    unrepresentable: "throw",
    override: ({ jsonSchema }) => {
      const bounds = jsonSchema as { minimum?: number; maximum?: number };
      if (bounds.minimum === Number.MIN_SAFE_INTEGER) delete bounds.minimum;
      if (bounds.maximum === Number.MAX_SAFE_INTEGER) delete bounds.maximum;
    },
  }) as Record<string, unknown>;
  const properties = (json.properties ?? {}) as Record<string, PolicyConfigJSONSchema>;
  if ("enforcementLevel" in properties)
    throw new Error(
      'A policy config schema cannot declare "enforcementLevel": the policy server refuses it.',
    );
  for (const [key, property] of Object.entries(properties)) checkKeywords(property, key);
  const required = json.required as string[] | undefined;
  return required && required.length > 0 ? { properties, required } : { properties };
}

function checkKeywords(schema: unknown, path: string): void {
  if (typeof schema === "boolean") return;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema))
    throw new Error(`Policy config schema: ${path} is not a JSON schema`);
  for (const [keyword, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(keyword))
      throw new Error(
        `Policy config schema: ${path} uses "${keyword}", which Pulumi's PolicyConfigJSONSchema does not have; ` +
          "declare the config with numbers, strings, enums, booleans, arrays and plain objects only.",
      );
    if (SUBSCHEMAS.includes(keyword)) {
      for (const [i, item] of (Array.isArray(value) ? value : [value]).entries())
        checkKeywords(item, Array.isArray(value) ? `${path}.${keyword}[${i}]` : `${path}.${keyword}`);
    } else if (SCHEMA_MAPS.includes(keyword)) {
      for (const [key, item] of Object.entries(value as object)) checkKeywords(item, `${path}.${key}`);
    }
  }
}

/** A policy config that does not fit its schema; the message names the policy and each key at fault. */
export class PolicyConfigError extends Error {
  readonly issues: readonly { readonly path: string; readonly message: string }[];

  constructor(policy: string, issues: readonly z.core.$ZodIssue[]) {
    const listed = issues.map((issue) => ({ path: keyPath(issue.path), message: issue.message }));
    super(
      `The ${policy} policy config is invalid: ` +
        listed.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ") +
        `. Fix "${policy}" in the --policy-pack-config file.`,
    );
    this.name = "PolicyConfigError";
    this.issues = listed;
  }
}

/** `allowedRanges[0].max` */
function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

/**
 * The policy's configuration, parsed with its zod schema: defaults filled in, unknown keys (and
 * `enforcementLevel`) left out. The Pulumi CLI already merges the defaults of `configSchema` into what
 * `getConfig()` returns and checks the types (`ReconcilePolicyPackConfig`); parsing again keeps the policies correct
 * when `getConfig()` returns `{}` (no `Configure` call, older engines) and gives typed values. A config that does
 * not fit throws a `PolicyConfigError` naming the key.
 */
export function configOf<S extends ConfigSchema>(
  schema: S,
  given: object | undefined,
  policy = "policy",
): z.output<S> {
  const result = schema.safeParse(given ?? {});
  if (!result.success) throw new PolicyConfigError(policy, result.error.issues);
  // A fresh copy (config is JSON): defaults are shared values, and a policy must not change the next one's config.
  return JSON.parse(JSON.stringify(result.data)) as z.output<S>;
}

/** One policy's config: its zod schema, the `configSchema` derived from it, and its parser. */
export interface PolicyConfig<S extends ConfigSchema = ConfigSchema> {
  /** The policy's name, for messages. */
  readonly policy: string;
  readonly schema: S;
  /** What the policy declares as `configSchema`. */
  readonly configSchema: PolicyConfigSchema;
  /** `configOf(schema, given, policy)`. */
  of(given: object | undefined): z.output<S>;
}

export function policyConfig<S extends ConfigSchema>(policy: string, schema: S): PolicyConfig<S> {
  return {
    policy,
    schema,
    configSchema: toPolicyConfigSchema(schema),
    of: (given) => configOf(schema, given, policy),
  };
}
