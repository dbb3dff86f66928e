/**
 * `consoleconnect.Layer2Connection`: the resource class programs use.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_DIST, lazyProvider } from "../../core/dynamic";
import type { Timeouts } from "../../core/wait";

type In<T> = pulumi.Input<T>;

export interface Layer2ConnectionArgs {
  /** Your company's username (not its display name). Read from the API key (GET /api/auth/token) when omitted. */
  companyUsername?: In<string>;
  /** Name of the connection, as your company sees it. Changes in place. */
  name: In<string>;
  /** Your source port (24-hex id, from consoleconnect.getPorts()). */
  portId: In<string>;
  /** Port-to-port only: your destination port. Leave it out for a company-to-company connection. */
  destPortId?: In<string>;
  /** The destination company's username: your own for port-to-port, `oracle` for Oracle FastConnect. */
  destCompany: In<string>;
  /** The destination metro (`metroId` of the destination port, or `id` from consoleconnect.getMetroCapabilities()). */
  destMetroId: In<string>;
  /** The destination data-center facility; required with paymentType "invoice" between companies. */
  destDcf?: In<string>;
  /** One of the destination metro's `regionIds`; required company-to-company (except to Oracle). */
  destRegionId?: In<string>;
  /** The source region. */
  regionId?: In<string>;
  /** Bandwidth in Mbps. Changes in place (between companies, an increase waits for the other party). */
  speed: In<number>;
  /** "invoice" or "plan" ("creditcard" only works in the Console Connect web application). */
  paymentType?: In<"invoice" | "plan">;
  /** Contract term, with `durationUnit`: at most 6 days, 3 weeks, 36 months or 3 years. */
  duration?: In<number>;
  durationUnit?: In<"d" | "w" | "m" | "y">;
  /** Renew automatically at the end of the term. */
  evergreen?: In<boolean>;
  classOfService?: In<"GOLD" | "SILVERPLUS" | "SILVER" | "BRONZE">;
  /** The VLAN to use on your port (1–4094, within the port's VLAN ranges); assigned by Console Connect if omitted. */
  srcVlanRequest?: In<number>;
  /** The VLAN to use on the destination port. */
  destVlanRequest?: In<number>;
  /**
   * true (default): create waits until the connection is ACTIVE, through the other party's approval. false: it
   * returns once the request is submitted (useful for Oracle FastConnect, which Support completes by hand).
   */
  waitForActive?: In<boolean>;
  /** How long create, update and delete may wait ("30m", "2h"). Defaults: 30m, 30m, 15m. */
  timeouts?: In<Timeouts>;
  /** Take over an existing connection (its 24-hex id) instead of creating one. */
  adoptId?: In<string>;
}

export interface SpeedChangeRequestOutput {
  speed: number;
  /** PENDING, REJECTED or WITHDRAWN. */
  status: string;
}

export class Layer2Connection extends pulumi.dynamic.Resource {
  /** The type token: policies match on it. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/consoleconnect:Layer2Connection";
  /** The dynamic provider (a small shim that loads the installed package when called). */
  static readonly provider = lazyProvider(
    `${PACKAGE_DIST}/consoleconnect/layer2Connection/provider`,
    "layer2ConnectionProvider",
  );

  declare readonly companyUsername: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly portId: pulumi.Output<string>;
  declare readonly destPortId: pulumi.Output<string | undefined>;
  declare readonly destCompany: pulumi.Output<string>;
  declare readonly destMetroId: pulumi.Output<string>;
  declare readonly destDcf: pulumi.Output<string | undefined>;
  declare readonly destRegionId: pulumi.Output<string | undefined>;
  declare readonly regionId: pulumi.Output<string | undefined>;
  declare readonly speed: pulumi.Output<number>;
  declare readonly paymentType: pulumi.Output<string | undefined>;
  declare readonly duration: pulumi.Output<number | undefined>;
  declare readonly durationUnit: pulumi.Output<string | undefined>;
  declare readonly evergreen: pulumi.Output<boolean | undefined>;
  declare readonly classOfService: pulumi.Output<string | undefined>;
  declare readonly srcVlanRequest: pulumi.Output<number | undefined>;
  declare readonly destVlanRequest: pulumi.Output<number | undefined>;
  declare readonly waitForActive: pulumi.Output<boolean | undefined>;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  /** The connection's id (also the resource id). */
  declare readonly connectionId: pulumi.Output<string>;
  /** The company username used in API paths (the input, or the API key's company). */
  declare readonly company: pulumi.Output<string>;
  /** CREATING, PENDING, PENDING_ACCEPTANCE, ACCEPTED, ACTIVATING, ACTIVE, … */
  declare readonly status: pulumi.Output<string>;
  /** Console Connect's reason for an ERROR (or other failed) status. */
  declare readonly errorReason: pulumi.Output<string | undefined>;
  /** The VLAN assigned on your port. */
  declare readonly srcVlan: pulumi.Output<number | undefined>;
  /** The VLAN assigned on the destination port, once the destination has approved. */
  declare readonly destVlan: pulumi.Output<number | undefined>;
  /** A speed increase that is not applied yet. */
  declare readonly speedChangeRequest: pulumi.Output<SpeedChangeRequestOutput | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: Layer2ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      connectionId: undefined,
      company: undefined,
      status: undefined,
      errorReason: undefined,
      srcVlan: undefined,
      destVlan: undefined,
      speedChangeRequest: undefined,
      createdAt: undefined,
    };
    super(Layer2Connection.provider, name, props, opts, "consoleconnect", "Layer2Connection");
  }
}
