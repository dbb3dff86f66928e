/**
 * Shared plumbing for the policies: unknown-value detection, the "cannot check yet" signal, and type-token
 * dispatch. (Configuration: config.ts.)
 *
 * How unknown values are handled
 * ------------------------------
 * During `pulumi preview`, an input computed from another resource's output is not known. The engine
 * sends it as a sentinel string (`04da6b54-80e4-46f7-96ec-b56ff0331ba9` and a few siblings), and
 * `@pulumi/policy` wraps `args.props` in `unknownCheckingProxy`, which throws `UnknownValueError` the
 * moment such a value is read. The policy server (node_modules/@pulumi/policy/server.js, `analyze` and
 * `analyzeStack`) catches that error and reports it with enforcement level **advisory**, whatever the
 * policy's own level, as "can't run policy '…' during preview: <message>". Violations reported before
 * the throw are kept.
 *
 * A policy's enforcement level is fixed (a `reportViolation` call from a mandatory policy always blocks),
 * so reporting "could not check yet" through `reportViolation` would block every preview. Instead:
 *   1. `snapshot()` copies the props out of the proxy, turning each unknown into the `UNKNOWN` marker
 *      instead of letting the first read abort the whole policy;
 *   2. each policy decides everything it can and reports real violations with `reportViolation`;
 *   3. it records what it could not decide in a `Pending` list, and `Pending.settle()` finally throws
 *      one `NotKnownYetError` (a subclass of `UnknownValueError`, so the server's `instanceof` check
 *      matches) whose message says which values are not known until apply and that they are checked
 *      again during `pulumi up`. The server turns it into an advisory message: no crash, no block.
 * During `pulumi up` the inputs of each resource and the outputs seen by stack policies are known, so
 * the real check runs then.
 */
import * as policyModule from "@pulumi/policy";
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { net } from "pulumi-interconnect";
import { RESOURCE_LABELS } from "./types";

/** The marker `snapshot()` puts where a value is not known yet. */
export const UNKNOWN: unique symbol = Symbol("pulumi-interconnect/unknown");
export type Unknown = typeof UNKNOWN;

/** The engine's unknown sentinels (see @pulumi/policy proxy.js and @pulumi/pulumi runtime/rpc). */
export const UNKNOWN_STRING_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  UNKNOWN_STRING_VALUE,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

/** Absent: `undefined` or `null` (the API's "canBeNull" fields come back as null). */
export function isMissing(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/**
 * `UnknownValueError` is exported by @pulumi/policy 1.21.0 at run time, but its declaration is stripped
 * from the published .d.ts (it is `@internal`), so it is typed here.
 */
type UnknownValueErrorClass = new (unknownTypeSentinel: string, props: string[]) => Error;
const UnknownValueError = (policyModule as unknown as { UnknownValueError: UnknownValueErrorClass })
  .UnknownValueError;

/**
 * "Could not check yet": thrown once, at the end of a validation, when a value it needs is not known.
 * The policy server reports it as advisory (see the header comment).
 */
export class NotKnownYetError extends UnknownValueError {
  readonly paths: readonly string[];

  constructor(subject: string, paths: readonly string[]) {
    super(UNKNOWN_STRING_VALUE, [...paths]);
    this.name = "NotKnownYetError";
    this.paths = paths;
    const verb = paths.length === 1 ? "is" : "are";
    this.message =
      `${subject}: could not check yet: ${paths.join(", ")} ${verb} not known until apply; ` +
      "checked again during `pulumi up`";
  }
}

export function isNotKnownYet(error: unknown): error is NotKnownYetError {
  return error instanceof NotKnownYetError;
}

/** The values a policy could not decide on; `settle()` raises them as one advisory message. */
export class Pending {
  private readonly paths: string[] = [];

  constructor(private readonly subject: string) {}

  /** `value` is unknown (or, for `notSet`, absent although the check needs it). */
  add(path: string, notSet = false): void {
    const entry = notSet ? `${path} (not set)` : path;
    if (!this.paths.includes(entry)) this.paths.push(entry);
  }

  get size(): number {
    return this.paths.length;
  }

  /** Call last, after every decidable violation has been reported. */
  settle(): void {
    if (this.paths.length > 0) throw new NotKnownYetError(this.subject, this.paths);
  }
}

/** A stack-wide variant: each entry already names its resource. */
export function settleAll(policyName: string, entries: readonly string[]): void {
  if (entries.length > 0) throw new NotKnownYetError(`policy ${policyName}`, entries);
}

/**
 * Deep-copies resource properties out of `unknownCheckingProxy` (or a plain object in tests), replacing
 * unknown values with `UNKNOWN` instead of throwing. `__provider` (the serialized provider code) is
 * skipped.
 */
export function snapshot(value: unknown): unknown {
  return copy(value, 0);
}

function copy(value: unknown, depth: number): unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    const length = value.length;
    for (let i = 0; i < length; i++) out.push(read(value, i, depth));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === "__provider") continue;
    out[key] = read(value, key, depth);
  }
  return out;
}

function read(container: object, key: string | number, depth: number): unknown {
  try {
    return copy((container as Record<string | number, unknown>)[key], depth + 1);
  } catch (error) {
    if (error instanceof UnknownValueError) return UNKNOWN;
    throw error;
  }
}

export type Props = Record<string, unknown>;

export function asProps(value: unknown): Props {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : {};
}

/** An integer from a number or a numeric string (some APIs send VLAN tags as strings). */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "string" && /^-?[0-9]+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** A finite number from a number or a numeric string. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** A dotted-quad IPv4 address from a string, trimmed; leading zeros ("010.0.0.1") are refused. */
export function toIpv4(value: unknown): string | undefined {
  const text = typeof value === "string" ? value.trim() : undefined;
  return text !== undefined && net.isIpv4(text) ? text : undefined;
}

/**
 * An IPv4 block `a.b.c.d/n` from a string, trimmed. Leading zeros are refused in the address and, unlike
 * `parseCidr` alone, in the prefix length too ("10.0.0.0/030").
 */
export function toCidr(value: unknown): net.Ipv4Cidr | undefined {
  const text = typeof value === "string" ? value.trim() : "";
  return /\/(0|[1-9][0-9]?)$/.test(text) ? net.parseCidr(text) : undefined;
}

/** Identifiers compare as strings: the same id may be a number in one resource and a string in another. */
export function idText(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** For messages: values are shown as JSON, so strings are quoted and objects are readable. */
export function show(value: unknown): string {
  if (value === UNKNOWN) return "(unknown)";
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

/** "Equinix L2 connection 'name'" */
export function describe(type: string, name: string): string {
  return `${RESOURCE_LABELS[type] ?? type} '${name}'`;
}

export interface ResourceView {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The props, out of the unknown-checking proxy; unknown values are `UNKNOWN`. */
  readonly props: Props;
  readonly pending: Pending;
}

type TypedCheck = (
  resource: ResourceView,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
) => void;

/**
 * A resource validation for some type tokens: other types are "not applicable". With a single token
 * the function also carries `__pulumiType`, which lets the policy server skip other types without
 * calling it (what `validateResourceOfType` does for classes). Pending values are settled after the
 * check has reported what it could decide.
 */
export function validateTypes(types: readonly string[], check: TypedCheck): ResourceValidation {
  const validation: ResourceValidation = (args, reportViolation) => {
    if (!types.includes(args.type)) {
      args.notApplicable(`applies only to ${types.join(", ")}`);
    }
    const props = asProps(snapshot(args.props));
    const pending = new Pending(describe(args.type, args.name));
    check({ type: args.type, name: args.name, urn: args.urn, props, pending }, args, reportViolation);
    pending.settle();
  };
  if (types.length === 1) {
    (validation as ResourceValidation & { __pulumiType?: string }).__pulumiType = types[0];
  }
  return validation;
}

/** A stack resource out of the proxy, with its dependencies as URNs. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Props;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export function stackResources(args: StackValidationArgs, types: readonly string[]): StackResource[] {
  return args.resources.filter((r) => types.includes(r.type)).map(toStackResource);
}

function toStackResource(r: PolicyResource): StackResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
    propertyDependencies[key] = (deps ?? []).map((d) => d.urn);
  }
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: asProps(snapshot(r.props)),
    dependencies: (r.dependencies ?? []).map((d) => d.urn),
    propertyDependencies,
  };
}
