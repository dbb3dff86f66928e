/**
 * Runs policies the way the policy server and the Pulumi CLI do, without `new PolicyPack` (whose
 * constructor starts a gRPC server).
 *
 * - Config: the CLI builds each policy's config from the `default` of every top-level property of
 *   `configSchema`, then overlays the user's config key by key (shallow; arrays are replaced), and
 *   takes `enforcementLevel` from the user's config, else the policy's, else the pack's
 *   (`ReconcilePolicyPackConfig` in pulumi/pulumi `pkg/resource/analyzer/config.go`). The policy server
 *   returns that map minus `enforcementLevel` from `getConfig()` (node_modules/@pulumi/policy/server.js,
 *   `makeGetConfigFun`). A policy whose level is "disabled" is not run.
 * - Props are wrapped in `unknownCheckingProxy`, as the server does.
 * - Errors: `UnknownValueError` (and subclasses) becomes an advisory message
 *   "can't run policy '…' … during preview: …"; `notApplicable()` is recorded; anything else is a crash
 *   and propagates, failing the test.
 * - A resource validation that carries `__pulumiType` is not called for other types.
 */
import * as policyModule from "@pulumi/policy";
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** The engine's unknown string sentinel, as it arrives in policy props during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The enforcement level index.ts gives the pack. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";
const PACK = `'pulumi-interconnect@v${(require("../../policy/package.json") as { version: string }).version}'`;

// Exported at run time but stripped from the .d.ts (`@internal`).
const { unknownCheckingProxy, UnknownValueError } = policyModule as unknown as {
  unknownCheckingProxy: <T>(value: T) => T;
  UnknownValueError: new (...args: never[]) => Error;
};

/** What `--policy-pack-config` holds for one policy. */
export type GivenConfig =
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

export interface ReconciledConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** The CLI's ReconcilePolicyPackConfig for one policy. */
export function reconcileConfig(
  policy: { enforcementLevel?: EnforcementLevel; configSchema?: PolicyConfigSchema },
  given?: GivenConfig,
): ReconciledConfig {
  const properties: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) properties[key] = JSON.parse(JSON.stringify(schema.default));
  }
  let enforcementLevel = policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
  if (typeof given === "string") {
    enforcementLevel = given;
  } else if (given) {
    const { enforcementLevel: level, ...rest } = given;
    if (level) enforcementLevel = level;
    Object.assign(properties, rest);
  }
  return { enforcementLevel, properties };
}

export interface Violation {
  message: string;
  urn?: string;
  enforcementLevel: EnforcementLevel;
}

export interface Outcome {
  /** The effective enforcement level of the policy. */
  enforcementLevel: EnforcementLevel;
  /** Reported with reportViolation, at the policy's enforcement level. */
  violations: Violation[];
  /** UnknownValueError, reported by the server as advisory. */
  advisories: string[];
  /** Set when the policy declared itself not applicable. */
  notApplicable?: string;
  /** The policy is disabled by config and was not run. */
  disabled: boolean;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "not applicable");
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason);
}

/** A resource as written in a test: dependencies are given by name. */
export interface HandResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::interconnect::${type}::${name}`;
}

function pulumiTypeOf(value: unknown): string | undefined {
  const t = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t !== "" ? t : undefined;
}

function isTypeOf(type: string) {
  return (resourceClass: unknown) => pulumiTypeOf(resourceClass) === type;
}

async function collect(
  policyName: string,
  enforcementLevel: EnforcementLevel,
  outcome: Outcome,
  run: (report: (message: string, urn?: string) => void) => Promise<void> | void,
): Promise<void> {
  const report = (message: string, urn?: string) =>
    outcome.violations.push({ message, urn, enforcementLevel });
  try {
    await run(report);
  } catch (error) {
    if (error instanceof UnknownValueError) {
      outcome.advisories.push(
        `can't run policy '${policyName}' from policy pack ${PACK} during preview: ${(error as Error).message}`,
      );
    } else if (error instanceof NotApplicableError) {
      outcome.notApplicable = error.reason ?? "";
    } else {
      throw error;
    }
  }
}

export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: HandResource,
  given?: GivenConfig,
): Promise<Outcome> {
  const config = reconcileConfig(policy, given);
  const outcome: Outcome = {
    enforcementLevel: config.enforcementLevel,
    violations: [],
    advisories: [],
    disabled: false,
  };
  if (config.enforcementLevel === "disabled") return { ...outcome, disabled: true };
  const validations: ResourceValidation[] = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource
      ? [policy.validateResource]
      : [];
  const level = config.enforcementLevel === "remediate" ? "mandatory" : config.enforcementLevel;
  for (const validation of validations) {
    const only = pulumiTypeOf(validation);
    if (only && only !== resource.type) {
      outcome.notApplicable = `Policy only applies to resources of type '${only}'`;
      continue;
    }
    const props = unknownCheckingProxy(JSON.parse(JSON.stringify(resource.props)) as Record<string, unknown>);
    const args: ResourceValidationArgs = {
      type: resource.type,
      props,
      urn: urnOf(resource.type, resource.name),
      name: resource.name,
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: zeroTimeouts(),
        additionalSecretOutputs: [],
      },
      stackTags: new Map([["pulumi:project", "interconnect"]]),
      isType: isTypeOf(resource.type),
      asType: ((resourceClass: unknown) =>
        isTypeOf(resource.type)(resourceClass) ? props : undefined) as never,
      getConfig: <T extends object>() => ({ ...config.properties }) as T,
      notApplicable: throwNotApplicable,
    };
    await collect(policy.name, level, outcome, (report) => validation(args, report));
  }
  return outcome;
}

export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: HandResource[],
  given?: GivenConfig,
): Promise<Outcome> {
  const config = reconcileConfig(policy, given);
  const outcome: Outcome = {
    enforcementLevel: config.enforcementLevel,
    violations: [],
    advisories: [],
    disabled: false,
  };
  if (config.enforcementLevel === "disabled") return { ...outcome, disabled: true };
  const level = config.enforcementLevel === "remediate" ? "mandatory" : config.enforcementLevel;
  const built = new Map<string, PolicyResource>();
  for (const r of resources) {
    const props = unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)) as Record<string, unknown>);
    built.set(r.name, {
      type: r.type,
      props,
      urn: urnOf(r.type, r.name),
      name: r.name,
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: zeroTimeouts(),
        additionalSecretOutputs: [],
      },
      dependencies: [],
      propertyDependencies: {},
      isType: isTypeOf(r.type),
      asType: ((resourceClass: unknown) => (isTypeOf(r.type)(resourceClass) ? props : undefined)) as never,
    });
  }
  const lookup = (names: string[] | undefined) =>
    (names ?? []).map((n) => built.get(n)).filter((d): d is PolicyResource => d !== undefined);
  for (const r of resources) {
    const target = built.get(r.name)!;
    target.dependencies = lookup(r.dependencies);
    for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
      target.propertyDependencies[key] = lookup(names);
    }
  }
  const args: StackValidationArgs = {
    resources: [...built.values()],
    stackTags: new Map([["pulumi:project", "interconnect"]]),
    getConfig: <T extends object>() => ({ ...config.properties }) as T,
    notApplicable: throwNotApplicable,
  };
  await collect(policy.name, level, outcome, (report) => policy.validateStack(args, report));
  return outcome;
}

function zeroTimeouts() {
  return { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 };
}

/** The advisory suffix every "could not check yet" message ends with. */
export const NOT_KNOWN_YET = "not known until apply; checked again during `pulumi up`";
