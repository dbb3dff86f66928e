/**
 * `ovh.VrackOvhCloudConnect`: the resource class programs use. Its inputs, outputs and rules are declared once, in schema.ts;
 * this class only names them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../../core/definition";
import { InterconnectResource } from "../../core/resourceClass";
import { serializedProvider } from "../../core/serialized";
import { vrackOvhCloudConnect } from "./schema";

/** The inputs of `ovh.VrackOvhCloudConnect`. */
export interface VrackOvhCloudConnectArgs extends ArgsOf<typeof vrackOvhCloudConnect> {}

/** Every input and every computed value, as Outputs. */
export interface VrackOvhCloudConnect extends OutputsOf<typeof vrackOvhCloudConnect> {}

/** Links an OVHcloud Connect service to a vRack (seed 000 step 1), the mandatory first step; waits for the vRack task. */
export class VrackOvhCloudConnect extends InterconnectResource {
  /** The type token: policies match on it, and the serialized provider names it. */
  static readonly __pulumiType = vrackOvhCloudConnect.token;
  /** The serialized provider: it names the type token and loads the installed package when called. */
  static readonly provider = serializedProvider(vrackOvhCloudConnect.token);

  constructor(name: string, args: VrackOvhCloudConnectArgs, opts?: pulumi.CustomResourceOptions) {
    super(vrackOvhCloudConnect, name, args, opts);
  }
}
