/**
 * `ovh.DatacenterConfig`: the resource class programs use. Its inputs, outputs and rules are declared once, in schema.ts;
 * this class only names them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../../core/definition";
import { InterconnectResource } from "../../core/resourceClass";
import { serializedProvider } from "../../core/serialized";
import { datacenterConfig } from "./schema";

/** The inputs of `ovh.DatacenterConfig`. */
export interface DatacenterConfigArgs extends ArgsOf<typeof datacenterConfig> {}

/** Every input and every computed value, as Outputs. */
export interface DatacenterConfig extends OutputsOf<typeof datacenterConfig> {}

/** A datacenter reached through a PoP config (seed 000 step 3), shared by every OVHcloud Connect service of the vRack; waits for the OVHcloud task. */
export class DatacenterConfig extends InterconnectResource {
  /** The type token: policies match on it, and the serialized provider names it. */
  static readonly __pulumiType = datacenterConfig.token;
  /** The serialized provider: it names the type token and loads the installed package when called. */
  static readonly provider = serializedProvider(datacenterConfig.token);

  constructor(name: string, args: DatacenterConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(datacenterConfig, name, args, opts);
  }
}
