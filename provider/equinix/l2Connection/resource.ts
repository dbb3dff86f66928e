/**
 * `equinix.L2Connection`: the resource class programs use.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_DIST, lazyProvider } from "../../core/dynamic";
import type { Timeouts } from "../../core/wait";

type In<T> = pulumi.Input<T>;

export interface SecondaryConnectionArgs {
  /** Name of the secondary connection: 1–24 letters, digits, hyphens or underscores. Changes in place. */
  name: In<string>;
  /** The secondary A-side port. */
  portUuid: In<string>;
  /** Outer (S) tag on the secondary port, 2–4094. */
  vlanSTag: In<number>;
  /** Inner (C) tag, QinQ ports only. */
  vlanCTag?: In<number>;
  /** Z-side C-tag (Dot1Q port to a QinQ profile, or Manual peering). */
  zSideVlanCTag?: In<number>;
}

export interface L2ConnectionArgs {
  /** Name of the primary connection: 1–24 letters, digits, hyphens or underscores. Changes in place. */
  name: In<string>;
  /** The seller's service profile. */
  profileUuid: In<string>;
  /** Bandwidth, with `speedUnit`. Changes in place where the seller allows it. */
  speed: In<number>;
  speedUnit: In<"MB" | "GB">;
  /** Who Equinix notifies about the connection: at least one e-mail address. */
  notifications: In<In<string>[]>;
  purchaseOrderNumber?: In<string>;
  /** The seller's key (AWS account id, Azure service key…). Always stored as a secret. */
  authorizationKey?: In<string>;
  sellerRegion?: In<string>;
  sellerMetroCode?: In<string>;
  /** The primary A-side port. */
  portUuid: In<string>;
  vlanSTag: In<number>;
  vlanCTag?: In<number>;
  zSideVlanCTag?: In<number>;
  /** Azure peering type: Private, Microsoft (Public and Manual are deprecated). */
  namedTag?: In<string>;
  /** The second connection of a redundant pair; created in the same request. */
  secondaryConnection?: In<SecondaryConnectionArgs>;
  /** "Dot1Q" or "QinQ": the A-side ports' encapsulation; with `profileEncapsulation`, check applies seed 001's tagging table. */
  portEncapsulation?: In<string>;
  /** "Dot1Q" or "QinQ": the service profile's encapsulation. */
  profileEncapsulation?: In<string>;
  /** How long create, update and delete may wait ("30m", "2h"). Defaults: 20m, 10m, 20m. */
  timeouts?: In<Timeouts>;
  /** Take over an existing connection instead of creating one: "<primary uuid>" or "<primary uuid>:<secondary uuid>". */
  adoptId?: In<string>;
}

export interface ConnectionStateOutput {
  uuid: string;
  status: string;
  providerStatus?: string;
  redundancyGroup?: string;
}

export class L2Connection extends pulumi.dynamic.Resource {
  /** The type token: policies match on it. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/equinix:L2Connection";
  /** The dynamic provider (a small shim that loads the installed package when called). */
  static readonly provider = lazyProvider(
    `${PACKAGE_DIST}/equinix/l2Connection/provider`,
    "l2ConnectionProvider",
  );

  declare readonly name: pulumi.Output<string>;
  declare readonly profileUuid: pulumi.Output<string>;
  declare readonly speed: pulumi.Output<number>;
  declare readonly speedUnit: pulumi.Output<string>;
  declare readonly notifications: pulumi.Output<string[]>;
  declare readonly purchaseOrderNumber: pulumi.Output<string | undefined>;
  declare readonly authorizationKey: pulumi.Output<string | undefined>;
  declare readonly sellerRegion: pulumi.Output<string | undefined>;
  declare readonly sellerMetroCode: pulumi.Output<string | undefined>;
  declare readonly portUuid: pulumi.Output<string>;
  declare readonly vlanSTag: pulumi.Output<number>;
  declare readonly vlanCTag: pulumi.Output<number | undefined>;
  declare readonly zSideVlanCTag: pulumi.Output<number | undefined>;
  declare readonly namedTag: pulumi.Output<string | undefined>;
  declare readonly secondaryConnection: pulumi.Output<
    | { name: string; portUuid: string; vlanSTag: number; vlanCTag?: number; zSideVlanCTag?: number }
    | undefined
  >;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  /** The primary connection's UUID (also the resource id). */
  declare readonly uuid: pulumi.Output<string>;
  /** The primary connection's Equinix status: PROVISIONED once up. */
  declare readonly status: pulumi.Output<string>;
  /** The primary connection's status on the seller's side. */
  declare readonly providerStatus: pulumi.Output<string | undefined>;
  declare readonly redundancyGroup: pulumi.Output<string | undefined>;
  declare readonly redundancyType: pulumi.Output<string | undefined>;
  /** The secondary connection's uuid, status and provider status. */
  declare readonly secondary: pulumi.Output<ConnectionStateOutput | undefined>;

  constructor(name: string, args: L2ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      authorizationKey:
        args.authorizationKey === undefined ? undefined : pulumi.secret(args.authorizationKey),
      uuid: undefined,
      status: undefined,
      providerStatus: undefined,
      redundancyGroup: undefined,
      redundancyType: undefined,
      secondary: undefined,
    };
    super(
      L2Connection.provider,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "authorizationKey"] },
      "equinix",
      "L2Connection",
    );
  }
}
