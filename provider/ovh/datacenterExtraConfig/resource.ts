/**
 * `ovh.DatacenterExtraConfig`: the resource class programs use. Its inputs, outputs and rules are declared once, in schema.ts;
 * this class only names them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../../core/definition";
import { InterconnectResource } from "../../core/resourceClass";
import { serializedProvider } from "../../core/serialized";
import { datacenterExtraConfig } from "./schema";

/** The inputs of `ovh.DatacenterExtraConfig`. */
export interface DatacenterExtraConfigArgs extends ArgsOf<typeof datacenterExtraConfig> {}

/** Every input and every computed value, as Outputs. */
export interface DatacenterExtraConfig extends OutputsOf<typeof datacenterExtraConfig> {}

/** A static route or a BGP session on an L3 datacenter config (seed 000); waits for the OVHcloud task. */
export class DatacenterExtraConfig extends InterconnectResource {
  /** The type token: policies match on it, and the serialized provider names it. */
  static readonly __pulumiType = datacenterExtraConfig.token;
  /** The serialized provider: it names the type token and loads the installed package when called. */
  static readonly provider = serializedProvider(datacenterExtraConfig.token);

  constructor(name: string, args: DatacenterExtraConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(datacenterExtraConfig, name, args, opts);
  }
}
