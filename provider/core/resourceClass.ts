/**
 * The base class of every resource class: it seeds every input and every computed output, so that each one exists
 * on the resource object as an Output (an optional input a program leaves out included), marks the secret inputs
 * secret, and passes the serialized provider of the resource's type token.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObjectSchema, ResourceDefinition } from "./definition";
import { serializedProvider } from "./serialized";

export abstract class InterconnectResource extends pulumi.dynamic.Resource {
  protected constructor(
    definition: ResourceDefinition<ObjectSchema, ObjectSchema>,
    name: string,
    args: object,
    opts?: pulumi.CustomResourceOptions,
  ) {
    // The Node SDK captures a stack trace for each of the four promises behind every property and Output it makes
    // (runtime/debuggable.ts), which only PULUMI_DEBUG_PROMISE_LEAKS ever prints. With every input and output
    // seeded (about 30 properties for an Equinix pair, against the dozen a program usually passes), formatting
    // those traces was most of a resource's cost in `pulumi preview` (bench/README.md). They are not captured
    // while the resource is constructed unless that variable asks for them; an error thrown meanwhile gets its
    // caller's trace back.
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      const props: Record<string, unknown> = {};
      // Only the keys in props become outputs of the resource: seed them all, then take what the program passed.
      for (const key of definition.inputKeys) props[key] = undefined;
      Object.assign(props, args);
      const topLevel = definition.secretInputs.filter((path) => !path.includes("."));
      for (const key of topLevel) if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
      // Pulumi keeps secrets per value: an object holding a secret is secret as a whole, only when it holds one.
      for (const path of definition.secretInputs.filter((p) => p.includes("."))) {
        const [key, ...rest] = path.split(".");
        if (props[key] === undefined) continue;
        props[key] = pulumi.output(props[key]).apply((value) => {
          const inner = rest.reduce<unknown>(
            (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
            value,
          );
          return inner === undefined ? value : pulumi.secret(value);
        });
      }
      for (const key of definition.computedKeys) props[key] = undefined;
      // The resource's own URN, so that the provider can put its progress lines on this resource's row. An
      // internal key (`__`): the engine leaves it out of diffs, and the lifecycle reads it only for progress.
      props.__urn = pulumi.createUrn(name, definition.token, opts?.parent);
      const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...topLevel];
      super(
        serializedProvider(definition.token),
        name,
        props,
        secretOutputs.length > 0 ? { ...opts, additionalSecretOutputs: secretOutputs } : opts,
        definition.vendor,
        definition.type,
      );
    } catch (error) {
      Error.stackTraceLimit = limit;
      if (error instanceof Error) Error.captureStackTrace(error, InterconnectResource);
      throw error;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}
