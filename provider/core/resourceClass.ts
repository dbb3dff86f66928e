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
    for (const key of definition.secretInputs)
      if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
    for (const key of definition.computedKeys) props[key] = undefined;
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...definition.secretInputs];
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
