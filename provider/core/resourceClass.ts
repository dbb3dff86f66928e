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
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...topLevel];
    super(
      serializedProvider(definition.token),
      name,
      props,
      secretOutputs.length > 0 ? { ...opts, additionalSecretOutputs: secretOutputs } : opts,
      definition.vendor,
      definition.type,
    );
  }
}
