/**
 * The one declaration of a resource: a zod schema of its inputs, a zod schema of what the API computes, its
 * cross-field rules and its secret inputs. Everything else is derived from it — the `Args` and output types, the
 * input keys `diff` compares, the keys the resource class seeds, and the validation `check` and the lifecycle run.
 *
 * Validation never calls the network and never throws. During preview some inputs are not known yet (they arrive
 * as the engine's unknown sentinel): a rule about an unknown property waits until it is known, and a cross-field
 * rule runs as soon as every property it reads is known and valid, whatever else is unknown or wrong.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { stripUnknowns } from "./dynamic";
import { InputError } from "./errors";

export type Vendor = "equinix" | "ovh" | "consoleconnect";

/** A plain zod object schema, as every resource's inputs and computed outputs are declared. */
export type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** A value whose every property may be missing, at any depth: what a cross-field rule is given. */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * A rule across inputs. It runs when every property it `reads` is known and valid on its own (and is skipped, not
 * failed, while one of them is unknown); it is given those properties, parsed, and nothing else.
 */
export interface CrossFieldRule<T> {
  /** Property paths the rule reads: `"portEncapsulation"`, `"secondaryConnection.vlanCTag"`. */
  reads: readonly string[];
  /** Reports each problem on the property the user should change, in the user's words. */
  check(value: DeepPartial<T>, fail: (property: string, reason: string) => void): void;
}

export interface ResourceDeclaration<I extends ObjectSchema, C extends ObjectSchema> {
  vendor: Vendor;
  /** The type name; with the vendor it makes the type token `pulumi-nodejs:dynamic/<vendor>:<type>`. */
  type: string;
  /** Every input, with its rule and its TSDoc (which the `Args` type and the outputs carry to the editor). */
  inputs: I;
  /** What the API computes, with TSDoc: the resource's outputs besides its inputs. */
  computed: C;
  rules?: readonly CrossFieldRule<z.output<I>>[];
  /**
   * Inputs stored only as secrets and redacted from every message (the seller's authorization key), as property
   * paths. A nested one (`secondaryConnection.authorizationKey`) makes its whole top-level object secret when set:
   * Pulumi keeps secrets per value.
   */
  secretInputs?: readonly string[];
}

export interface ResourceDefinition<
  I extends ObjectSchema,
  C extends ObjectSchema,
> extends ResourceDeclaration<I, C> {
  /** `pulumi-nodejs:dynamic/<vendor>:<type>`: what the engine stores, policies match and `__provider` names. */
  token: string;
  /** How messages name the resource: `equinix.L2Connection`. */
  displayName: string;
  inputKeys: readonly string[];
  computedKeys: readonly string[];
  secretInputs: readonly string[];
  /** check: every failure names the property and the rule; never throws, never calls the network. */
  validate(news: Record<string, unknown>): pulumi.dynamic.CheckFailure[];
  /** The inputs of create/update/read, parsed; throws an InputError with check's messages. */
  parse(raw: Record<string, unknown>): z.output<I>;
}

/** The type token of a vendor's resource type. */
export function typeToken(vendor: Vendor, type: string): string {
  return `pulumi-nodejs:dynamic/${vendor}:${type}`;
}

export function defineResource<I extends ObjectSchema, C extends ObjectSchema>(
  declaration: ResourceDeclaration<I, C>,
): ResourceDefinition<I, C> {
  const displayName = `${declaration.vendor}.${declaration.type}`;
  const definition: ResourceDefinition<I, C> = {
    ...declaration,
    token: typeToken(declaration.vendor, declaration.type),
    displayName,
    inputKeys: Object.keys(declaration.inputs.shape),
    computedKeys: Object.keys(declaration.computed.shape),
    secretInputs: declaration.secretInputs ?? [],
    validate: (news) => validateInputs(declaration, news),
    parse(raw) {
      const failures = validateInputs(declaration, raw);
      if (failures.length > 0) throw new InputError(displayName, failures);
      return declaration.inputs.parse(withoutProviderKey(raw));
    },
  };
  return definition;
}

// ---------------------------------------------------------------------------------------------------------
// Types derived from the declaration
// ---------------------------------------------------------------------------------------------------------

/** An input value as programs may pass it: a value, a promise or an Output, at every level. */
export type InputShape<T> = T extends readonly (infer E)[]
  ? pulumi.Input<InputShape<E>>[]
  : T extends object
    ? { [K in keyof T]: pulumi.Input<InputShape<T[K]>> }
    : T;

/** The `Args` of a resource: its inputs as zod accepts them, each an Input. TSDoc follows each property. */
export type ArgsOf<D extends ResourceDefinition<ObjectSchema, ObjectSchema>> = {
  [K in keyof z.input<D["inputs"]>]: pulumi.Input<InputShape<z.input<D["inputs"]>[K]>>;
};

/** The inputs as the program wrote them (validated, not transformed): what the outputs echo. */
export type EchoOf<D extends ResourceDefinition<ObjectSchema, ObjectSchema>> = z.input<D["inputs"]>;

/** The outputs of a resource: every input (as the program wrote it) and every computed value, each an Output. */
export type OutputsOf<D extends ResourceDefinition<ObjectSchema, ObjectSchema>> = {
  readonly [K in keyof z.input<D["inputs"]>]-?: pulumi.Output<z.input<D["inputs"]>[K]>;
} & {
  readonly [K in keyof z.output<D["computed"]>]-?: pulumi.Output<z.output<D["computed"]>[K]>;
};

/** What a resource stores as its outputs (without `__provider`): the inputs echoed, and what the API computed. */
export type StateOf<D extends ResourceDefinition<ObjectSchema, ObjectSchema>> = z.input<D["inputs"]> &
  z.output<D["computed"]>;

// ---------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------

function withoutProviderKey(raw: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _ignored, ...rest } = raw ?? {};
  return rest;
}

/** Formats a path the way Pulumi users write properties: `secondaryConnection.vlanSTag`, `notifications[0]`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Splits `a.b[0].c` into ["a", "b", 0, "c"]. */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      out.push(part);
      continue;
    }
    if (match[1]) out.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

function own(container: unknown, key: string | number): unknown {
  if (container === null || typeof container !== "object") return undefined;
  return Object.prototype.hasOwnProperty.call(container, key)
    ? (container as Record<string | number, unknown>)[key]
    : undefined;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) current = own(current, part as string | number);
  return current;
}

/** Whether `path` is, contains or lies under one of `unknownPaths`. */
function touchesUnknown(path: string, unknownPaths: readonly string[]): boolean {
  const under = (inner: string, outer: string) =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return unknownPaths.some((u) => under(path, u) || under(u, path));
}

/** The schema of the value at `segments` inside an object schema, wrappers (optional, nullable…) removed. */
function schemaAt(schema: z.ZodType, segments: readonly (string | number)[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of segments) {
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject && typeof segment === "string")
      current = own(inner.shape, segment) as z.ZodType | undefined;
    else if (inner instanceof z.ZodArray && typeof segment === "number") current = inner.element as z.ZodType;
    else return undefined;
    if (!current) return undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  )
    current = current.unwrap() as z.ZodType;
  return current;
}

/** A short, printable rendering of an offending value for a reason text. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === "number" || typeof value === "bigint") text = String(value);
  else if (typeof value === "string") text = JSON.stringify(value);
  else if (value === null) text = "null";
  else if (typeof value === "boolean") text = String(value);
  else if (Array.isArray(value)) text = `a list of ${value.length}`;
  else if (typeof value === "object") text = "an object";
  else text = typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
};

/** zod's own wording, in the user's words: what the property must be. */
function reasonOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_union"))
    return "is required";
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input"))
    return `must be ${ARTICLE[issue.expected] ?? issue.expected}`;
  if (issue.code === "unrecognized_keys") return `is not a property here (${issue.keys.join(", ")})`;
  return issue.message;
}

/**
 * The check failures of `news` (inputs with `__provider`, possibly holding unknown values). A failure on a nested
 * property also says the offending value: the engine prints only top-level values, so the CLI would show nil.
 */
export function validateInputs<I extends ObjectSchema>(
  declaration: Pick<ResourceDeclaration<I, ObjectSchema>, "inputs" | "rules" | "secretInputs">,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckFailure[] {
  const input = news && typeof news === "object" && !Array.isArray(news) ? news : {};
  const { known, unknownPaths } = stripUnknowns(input);
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const secrets = new Set<string>(declaration.secretInputs ?? []);
  const add = (path: readonly (string | number)[], reason: string) => {
    const property = propertyPath(path) || "(inputs)";
    const nested = path.length > 1;
    const value = valueAt(known, path);
    const secret = secrets.has(String(path[0])) || secrets.has(propertyPath(path));
    const shown = nested && value !== undefined && !secret ? ` (got ${describeValue(value)})` : "";
    const failure = { property, reason: `${reason}${shown}` };
    if (!failures.some((f) => f.property === failure.property && f.reason === failure.reason))
      failures.push(failure);
  };

  const invalid = new Set<string>();
  const result = declaration.inputs.safeParse(known);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as (string | number)[];
      const property = propertyPath(path);
      if (touchesUnknown(property, unknownPaths)) continue;
      invalid.add(property);
      add(path, reasonOf(issue, valueAt(known, path)));
    }
  }

  for (const rule of declaration.rules ?? []) {
    if (rule.reads.some((r) => touchesUnknown(r, unknownPaths))) continue;
    const value = readsOf(declaration.inputs, known, rule.reads, invalid);
    if (!value) continue;
    try {
      rule.check(value as DeepPartial<z.output<I>>, (property, reason) =>
        add(pathSegments(property), reason),
      );
    } catch (error) {
      // A rule is code like any other: a bug in one must not crash check. Say which rule, on its first property.
      add(pathSegments(rule.reads[0] ?? ""), `could not be checked (${String(error)})`);
    }
  }
  return failures;
}

/**
 * The parsed values of a rule's `reads`, and nothing else; undefined when one of them is invalid (its own failure
 * is reported already, and the rule cannot judge it).
 */
function readsOf(
  schema: ObjectSchema,
  known: Record<string, unknown>,
  reads: readonly string[],
  invalid: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const read of reads) {
    if ([...invalid].some((p) => p === read || p.startsWith(`${read}.`) || p.startsWith(`${read}[`)))
      return undefined;
    const segments = pathSegments(read);
    const raw = valueAt(known, segments);
    const leaf = schemaAt(schema, segments);
    if (!leaf) return undefined;
    // A property inside an absent object is absent: the rule sees undefined.
    const parsed = raw === undefined ? { success: true as const, data: undefined } : leaf.safeParse(raw);
    if (!parsed.success) return undefined;
    setAt(out, segments, parsed.data);
  }
  return out;
}

function setAt(
  target: Record<string, unknown>,
  segments: readonly (string | number)[],
  value: unknown,
): void {
  if (value === undefined) return;
  let current: Record<string | number, unknown> = target;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (next === null || typeof next !== "object")
      current[segment] = typeof segments[i + 1] === "number" ? [] : {};
    current = current[segment] as Record<string | number, unknown>;
  });
}
