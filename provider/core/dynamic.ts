/**
 * Helpers the lifecycle is built from: unknown values (preview), `diff` by property path, and the partial-state
 * error.
 *
 * `withoutUndefined` is also called by the serialized providers of stacks deployed with 0.1.0, which require this
 * module by its path (dist/provider/core/dynamic): keep the module and that export.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ResourceInitError, describeError, joinSentences } from "./errors";

/**
 * A copy without `undefined` values: the provider host's protobuf conversion refuses them ("Unexpected struct
 * type"), and an optional field the API left out must simply be absent from the outputs.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Unknown values. During preview, values that depend on other resources arrive as this sentinel string.
// ---------------------------------------------------------------------------------------------------------

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value is fully known (no sentinel anywhere inside). */
export function isKnown(value: unknown): boolean {
  if (value === UNKNOWN) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value && typeof value === "object") return Object.values(value).every(isKnown);
  return true;
}

/**
 * Removes unknown values from the inputs so that they can be validated, and lists where they were. An array
 * holding an unknown element counts as unknown as a whole.
 */
export function stripUnknowns(value: Record<string, unknown>): {
  known: Record<string, unknown>;
  unknownPaths: string[];
} {
  const unknownPaths: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (!isKnown(v) && (v === UNKNOWN || Array.isArray(v))) {
      unknownPaths.push(path);
      return undefined;
    }
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const stripped = walk(child, path ? `${path}.${k}` : k);
        if (stripped !== undefined) out[k] = stripped;
      }
      return out;
    }
    return v;
  };
  const known = walk(withoutProvider(value), "") as Record<string, unknown>;
  return { known, unknownPaths };
}

export function withoutProvider<T extends Record<string, unknown>>(props: T): T {
  const { __provider: _ignored, ...rest } = props;
  return rest as T;
}

// ---------------------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------------------

export interface DiffSpec {
  /** Every input property of the resource (outputs carry inputs, so old inputs are read from the outputs). */
  inputKeys: readonly string[];
  /** Property paths the API can change in place (`name`, `secondaryConnection.name`). */
  updatable: readonly string[];
  /** Inputs that change nothing remotely but are kept in state (`timeouts`): an in-place update. */
  local?: readonly string[];
  /** Inputs ignored after creation (`adoptId`: once adopted, the object is the same). */
  ignored?: readonly string[];
  /** The API allows only one such object at a time: delete the old one before creating the new one. */
  deleteBeforeReplace?: boolean;
  /**
   * The stored object failed or is gone (rejected, denied, half deleted) and can never come up again: replace it
   * whatever the inputs say (shown as a change of `status`).
   */
  dead?: boolean;
}

/** Compares old outputs with new inputs, property by property. Makes no network call. */
export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  spec: DiffSpec,
): pulumi.dynamic.DiffResult {
  const changed: string[] = [];
  for (const key of spec.inputKeys) {
    if (spec.ignored?.includes(key)) continue;
    changed.push(...changedPaths(olds[key], news[key], key));
  }
  const replaces = new Set<string>();
  for (const path of changed) {
    const inPlace =
      spec.updatable.includes(path) || spec.local?.some((l) => path === l || path.startsWith(`${l}.`));
    if (!inPlace) replaces.add(path.split(/[.[]/)[0]);
  }
  if (spec.dead) replaces.add("status");
  return {
    changes: changed.length > 0 || replaces.size > 0,
    replaces: [...replaces],
    deleteBeforeReplace: replaces.size > 0 && spec.deleteBeforeReplace === true,
  };
}

/** Leaf paths that differ between two values; arrays are compared whole. */
export function changedPaths(a: unknown, b: unknown, path: string): string[] {
  if (isPlainObject(a) || isPlainObject(b)) {
    if (b === UNKNOWN) return [path];
    const left = isPlainObject(a) ? a : {};
    const right = isPlainObject(b) ? b : {};
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].flatMap((k) => changedPaths(left[k], right[k], `${path}.${k}`));
  }
  return sameValue(a, b) ? [] : [path];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Equality for property values: null and undefined are the same; unknown is never equal to anything. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------------------
// Partial state
// ---------------------------------------------------------------------------------------------------------

/**
 * Builds the error that makes Pulumi record a resource that exists remotely but did not finish: the engine
 * stores `properties` as its outputs, so the next `pulumi up` calls `update`, which resumes the wait.
 */
export function partialFailure(
  id: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  cause: unknown,
  nextStep: string,
): ResourceInitError {
  const properties = withoutUndefined({ ...outputs, __provider: inputs.__provider });
  return new ResourceInitError(id, properties, [joinSentences(describeError(cause), nextStep)]);
}
