/**
 * `equinix.L2Connection`: the resource class programs use. Its inputs, outputs and rules are declared once, in
 * schema.ts; this class only names them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../../core/definition";
import { InterconnectResource } from "../../core/resourceClass";
import { serializedProvider } from "../../core/serialized";
import { l2Connection } from "./schema";

/** The inputs of `equinix.L2Connection`. */
export interface L2ConnectionArgs extends ArgsOf<typeof l2Connection> {}

/** The inputs of the secondary connection of a pair. */
export type SecondaryConnectionArgs = NonNullable<L2ConnectionArgs["secondaryConnection"]>;

/** The computed state of one connection of the pair. */
export type { ConnectionState as ConnectionStateOutput } from "./schema";

/** Every input and every computed value of the pair, as Outputs. */
export interface L2Connection extends OutputsOf<typeof l2Connection> {}

/**
 * A single or redundant (primary + secondary) Layer 2 connection from Dot1Q or QinQ ports to a seller's service
 * profile on Equinix Fabric, waited for through the seller's approval.
 */
export class L2Connection extends InterconnectResource {
  /** The type token: policies match on it, and the serialized provider names it. */
  static readonly __pulumiType = l2Connection.token;
  /** The serialized provider: it names the type token and loads the installed package when called. */
  static readonly provider = serializedProvider(l2Connection.token);

  constructor(name: string, args: L2ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(l2Connection, name, args, opts);
  }
}
