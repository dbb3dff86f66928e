/**
 * `ovh.PopConfig`: the resource class programs use. Its inputs, outputs and rules are declared once, in schema.ts;
 * this class only names them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../../core/definition";
import { InterconnectResource } from "../../core/resourceClass";
import { serializedProvider } from "../../core/serialized";
import { popConfig } from "./schema";

/** The inputs of `ovh.PopConfig`. */
export interface PopConfigArgs extends ArgsOf<typeof popConfig> {}

/** Every input and every computed value, as Outputs. */
export interface PopConfig extends OutputsOf<typeof popConfig> {}

/** The PoP side of an OVHcloud Connect service (seed 000 step 2), L2 or L3, on one of its interfaces; waits for the OVHcloud task. */
export class PopConfig extends InterconnectResource {
  /** The type token: policies match on it, and the serialized provider names it. */
  static readonly __pulumiType = popConfig.token;
  /** The serialized provider: it names the type token and loads the installed package when called. */
  static readonly provider = serializedProvider(popConfig.token);

  constructor(name: string, args: PopConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(popConfig, name, args, opts);
  }
}
