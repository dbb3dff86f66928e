/**
 * `consoleconnect.Layer2Connection`: the resource class programs use. Its inputs, outputs and rules are declared
 * once, in schema.ts; this class only names them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../../core/definition";
import { InterconnectResource } from "../../core/resourceClass";
import { serializedProvider } from "../../core/serialized";
import { layer2Connection } from "./schema";

/** The inputs of `consoleconnect.Layer2Connection`. */
export interface Layer2ConnectionArgs extends ArgsOf<typeof layer2Connection> {}

/** A speed increase that is not applied yet. */
export type { SpeedChangeState as SpeedChangeRequestOutput } from "./schema";

/** Every input and every computed value of the connection, as Outputs. */
export interface Layer2Connection extends OutputsOf<typeof layer2Connection> {}

/**
 * A Layer 2 connection request on Console Connect — port-to-port, company-to-company or Oracle FastConnect —
 * waited for through both parties' approval.
 */
export class Layer2Connection extends InterconnectResource {
  /** The type token: policies match on it, and the serialized provider names it. */
  static readonly __pulumiType = layer2Connection.token;
  /** The serialized provider: it names the type token and loads the installed package when called. */
  static readonly provider = serializedProvider(layer2Connection.token);

  constructor(name: string, args: Layer2ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(layer2Connection, name, args, opts);
  }
}
