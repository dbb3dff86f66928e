/**
 * The one lifecycle every resource runs: check, diff, create (or adopt), read, update and delete, written once.
 * A vendor supplies what differs — how to create, wait, observe and delete its objects — and the core supplies
 * input parsing, secret redaction, the deadlines, and the partial-state rule below.
 *
 * The partial-state rule, for create and update alike:
 * - A failure before anything was sent (invalid inputs, missing settings) or a failed create call (nothing
 *   exists: `createOnce` never leaves a duplicate behind) is thrown as is; the stack is unchanged.
 * - Once the object exists, any failure (a refused change, a rejection, a timeout, a lost connection) records the
 *   object **as the API shows it now** (read again; the previous state if that read fails too), never as the
 *   inputs wished it: a change that did not happen stays a difference, which the next `pulumi up` retries. The
 *   engine keeps such a resource as partially created and always runs `update` for it next time, which resumes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { EchoOf, ObjectSchema, ResourceDefinition, StateOf } from "./definition";
import { DiffSpec, diffInputs, partialFailure, withoutProvider, withoutUndefined } from "./dynamic";
import { withDeadline } from "./deadline";
import { registerSecret } from "./errors";
import { reportProgress, withProgressUrn } from "./progress";
import { useStackConfig } from "./settings";
import { Timeouts, timeoutFor } from "./wait";

/** An object the create call made (or adoption found), and its outputs at that moment. */
export interface Started<S> {
  id: string;
  state: S;
  /**
   * What the create call answered, in the vendor's own shape (`Convergence.answer`): the first wait in converge
   * starts from it instead of reading the object again at once.
   */
  answer?: unknown;
}

export type Phase = "create" | "update";

/** Deadlines of one resource, in milliseconds: its `timeouts` input over the lifecycle's defaults. */
export interface Deadlines {
  create: number;
  update: number;
  delete: number;
}

/** One create or update being brought to its end. */
export interface Convergence<I, E, S> {
  id: string;
  inputs: I;
  /** The inputs as the program wrote them (validated): what the outputs echo. */
  echo: E;
  /**
   * What the stack holds: for a create, what `create` or `adopt` returned. A converge that creates more (the
   * second leg of a pair) records it here as it goes: a failure then records what this holds, so that nothing
   * it made is forgotten.
   */
  state: S;
  phase: Phase;
  deadlines: Deadlines;
  /** For a create: what the create call answered (`Started.answer`), if the vendor kept it. */
  answer?: unknown;
}

export interface DiffOptions<S> {
  /**
   * Property paths the API changes in place (`name`, `secondaryConnection.name`); a function when that depends on
   * the stored object (the API an Equinix pair was created with).
   */
  updatable: readonly string[] | ((olds: Partial<S>) => readonly string[]);
  /** Inputs that change nothing remotely (`timeouts`): an in-place update that only touches the state. */
  local?: readonly string[];
  /** Whether the stored object can never come up again (rejected, denied, half deleted): replace it. */
  dead?(olds: Partial<S>): boolean;
  /** Whether a replacement must delete the old object before creating the new one. */
  deleteBeforeReplace?(olds: Partial<S>, news: Record<string, unknown>): boolean;
  /** Brings old outputs and new inputs to comparable forms (inputs the API fills in when omitted). */
  normalize?(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): [Record<string, unknown>, Record<string, unknown>];
}

export interface Lifecycle<D extends ResourceDefinition<ObjectSchema, ObjectSchema>, C> {
  definition: D;
  /** Default deadlines; the resource's `timeouts` input overrides them. */
  timeouts: Deadlines;
  diff: DiffOptions<StateOf<D>>;
  /** The vendor's API client, from the stack config or the environment (read now, never captured). */
  connect(): C;
  /** Creates the object, at most once (see `createOnce`). */
  create(client: C, inputs: z.output<D["inputs"]>, echo: EchoOf<D>): Promise<Started<StateOf<D>>>;
  /** Takes over the existing object `inputs.adoptId` names, after checking it is the one the inputs describe. */
  adopt(client: C, inputs: z.output<D["inputs"]>, echo: EchoOf<D>): Promise<Started<StateOf<D>>>;
  /**
   * Waits until the object is up and brings it in line with the inputs (in-place changes), within the
   * deadlines; returns its outputs. An update of an object that never came up resumes its create here.
   */
  converge(
    client: C,
    operation: Convergence<z.output<D["inputs"]>, EchoOf<D>, StateOf<D>>,
  ): Promise<StateOf<D>>;
  /** The object as the API shows it now, as outputs built on `state`; undefined when it is gone. */
  observe(client: C, id: string, state: StateOf<D>): Promise<StateOf<D> | undefined>;
  /** Deletes the object and waits until it is gone; an object already gone is not an error. */
  remove(client: C, id: string, state: StateOf<D>, deadlines: Deadlines): Promise<void>;
  /** What the person should do after a failure that left the object recorded in the stack. */
  nextStep(state: StateOf<D>, phase: Phase): string;
}

/** Registers the secret inputs' values (property paths) for redaction before anything can print them. */
function registerSecretInputs(
  definition: { secretInputs: readonly string[] },
  props: Record<string, unknown>,
) {
  for (const path of definition.secretInputs) {
    const value = path
      .split(".")
      .reduce<unknown>(
        (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
        props,
      );
    if (typeof value === "string") registerSecret(value);
  }
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** How long a refresh may take in all (its reads retry until then). */
const READ_MS = 5 * 60_000;
/**
 * How long recording a failed operation's state may take, after the operation's own deadline: a tenth of the
 * operation's, between 5 s and 1 min. If the API cannot be read by then (an outage), the state the operation
 * already holds is recorded, so that a failure never takes much longer than the deadline the person set.
 */
export function recordingMs(operationMs: number): number {
  return Math.min(60_000, Math.max(5_000, operationMs / 10));
}

/** The resource provider of a lifecycle: what the engine calls, through the serialized provider. */
export function resourceProvider<D extends ResourceDefinition<ObjectSchema, ObjectSchema>, C>(
  lifecycle: Lifecycle<D, C>,
): pulumi.dynamic.ResourceProvider {
  const { definition } = lifecycle;
  type State = StateOf<D>;
  // The inputs passed validation, so they have the schema's input shape: the one cast, made here once.
  const echoOf = (raw: Record<string, unknown>) => withoutProvider(raw) as EchoOf<D>;
  // The generic D only knows its schema through its constraint: name the parsed type it really returns.
  const parse = (raw: Record<string, unknown>) => definition.parse(raw) as z.output<D["inputs"]>;
  const deadlines = (props: Record<string, unknown>): Deadlines => {
    const timeouts = props?.timeouts as Timeouts | undefined;
    return {
      create: timeoutFor(timeouts, "create", lifecycle.timeouts.create),
      update: timeoutFor(timeouts, "update", lifecycle.timeouts.update),
      delete: timeoutFor(timeouts, "delete", lifecycle.timeouts.delete),
    };
  };

  /**
   * The object as it is now, or `fallback` when it cannot be read: what a failure records. It runs after the
   * operation's deadline may have passed, so it gets a short one of its own.
   */
  async function truth(client: C, id: string, fallback: State, operationMs: number): Promise<State> {
    const ms = recordingMs(operationMs);
    const observed = await withDeadline(ms, () => lifecycle.observe(client, id, fallback), {
      override: true,
      label: `recording the state of ${definition.displayName} ${id}`,
    }).catch(() => undefined);
    return observed ?? fallback;
  }

  /**
   * Every HTTP call of an operation, however deep, is bounded by the operation's deadline (core/deadline.ts):
   * reads retry until then, and nothing waits past it. A create or update may wait for the object to come up
   * (the create deadline) and then for in-place changes (the update deadline).
   */
  const within = <T>(ms: number, what: string, fn: () => Promise<T>) =>
    withDeadline(ms, fn, { label: `${what} of ${definition.displayName}` });

  return {
    async configure(request) {
      useStackConfig(request.config);
    },

    async check(_olds, news) {
      registerSecretInputs(definition, news);
      try {
        return { inputs: news, failures: definition.validate(news) };
      } catch (error) {
        // validate does not throw; if it ever did, the user still gets a failure rather than a crash.
        return {
          inputs: news,
          failures: [{ property: "(inputs)", reason: `could not be checked: ${error}` }],
        };
      }
    },

    async diff(_id, olds, news) {
      const spec = lifecycle.diff;
      try {
        const [before, after] = spec.normalize?.(olds, news) ?? [olds, news];
        const diffSpec: DiffSpec = {
          inputKeys: definition.inputKeys,
          updatable:
            typeof spec.updatable === "function" ? spec.updatable(olds as Partial<State>) : spec.updatable,
          local: spec.local,
          ignored: ["adoptId"],
          dead: spec.dead?.(olds as Partial<State>) ?? false,
          deleteBeforeReplace: spec.deleteBeforeReplace?.(olds as Partial<State>, news) ?? false,
        };
        return diffInputs(before, after, diffSpec);
      } catch (error) {
        // diff must never fail a preview; an update (which validates and reads the object) is the safe answer.
        // It is a bug all the same: say so, so that it is seen and reported.
        reportProgress(
          `${definition.displayName}: could not compare the stored state with the inputs (${error}); planning an update`,
          {
            durable: true,
          },
        );
        return { changes: true, replaces: [], deleteBeforeReplace: false };
      }
    },

    create: (raw) =>
      withProgressUrn(raw.__urn, () => {
        const d = deadlines(raw);
        return within(d.create + d.update, "create", () => create(raw));
      }),
    read: (id, props) => withProgressUrn(props?.__urn, () => within(READ_MS, "read", () => read(id, props))),
    update: (id, olds, news) =>
      withProgressUrn(news.__urn ?? olds.__urn, () => {
        const d = deadlines(news);
        return within(d.create + d.update, "update", () => update(id, olds, news));
      }),
    delete: (id, props) =>
      withProgressUrn(props.__urn, () => within(deadlines(props).delete, "delete", () => remove(id, props))),
  };

  async function create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    registerSecretInputs(definition, raw);
    const inputs = parse(raw);
    const client = lifecycle.connect();
    const echo = echoOf(raw);
    const started =
      (inputs as { adoptId?: unknown }).adoptId !== undefined
        ? await lifecycle.adopt(client, inputs, echo)
        : await lifecycle.create(client, inputs, echo);
    const operation = {
      id: started.id,
      inputs,
      echo,
      state: started.state,
      phase: "create" as const,
      deadlines: deadlines(raw),
      answer: started.answer,
    };
    try {
      const state = await lifecycle.converge(client, operation);
      return { id: started.id, outs: withoutUndefined(state) };
    } catch (error) {
      const d = operation.deadlines;
      const recorded = await truth(client, started.id, operation.state, d.create + d.update);
      throw partialFailure(started.id, raw, recorded, error, lifecycle.nextStep(recorded, "create"));
    }
  }

  async function read(
    id: string,
    props: Record<string, unknown> | undefined,
  ): Promise<pulumi.dynamic.ReadResult> {
    registerSecretInputs(definition, props ?? {});
    const stored = withoutProvider(props ?? {}) as State;
    const observed = await lifecycle.observe(lifecycle.connect(), id, stored);
    if (!observed) return {};
    const outputs = withoutUndefined(observed) as Record<string, unknown>;
    return { id, props: outputs, inputs: pick(outputs, definition.inputKeys) };
  }

  async function update(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.UpdateResult> {
    registerSecretInputs(definition, news);
    const inputs = parse(news);
    const client = lifecycle.connect();
    // Until the API shows otherwise, the object is what the stack holds, with the new local-only inputs.
    const local = [...(lifecycle.diff.local ?? []), "adoptId"];
    const stored = { ...withoutProvider(olds), ...pick(withoutProvider(news), local) } as State;
    const operation = {
      id,
      inputs,
      echo: echoOf(news),
      state: stored,
      phase: "update" as const,
      deadlines: deadlines(news),
    };
    try {
      const state = await lifecycle.converge(client, operation);
      return { outs: withoutUndefined(state) };
    } catch (error) {
      const d = operation.deadlines;
      const recorded = await truth(client, id, operation.state, d.create + d.update);
      throw partialFailure(id, news, recorded, error, lifecycle.nextStep(recorded, "update"));
    }
  }

  async function remove(id: string, props: Record<string, unknown>): Promise<void> {
    registerSecretInputs(definition, props);
    const stored = withoutProvider(props) as State;
    await lifecycle.remove(lifecycle.connect(), id, stored, deadlines(props));
  }
}
