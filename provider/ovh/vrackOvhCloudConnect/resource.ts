/**
 * `ovh.VrackOvhCloudConnect`: the resource class programs use.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_DIST, lazyProvider } from "../../core/dynamic";
import type { Timeouts } from "../../core/wait";

type In<T> = pulumi.Input<T>;

export interface VrackOvhCloudConnectArgs {
  /** The vRack's service name, such as "pn-123456". */
  serviceName: In<string>;
  /** The OVHcloud Connect service's uuid. */
  ovhCloudConnect: In<string>;
  /** How long create, update and delete may wait ("30m", "2h"). Default: 60m each. */
  timeouts?: In<Timeouts>;
  /** Take over an existing link instead of creating it: "<serviceName>/<ovhCloudConnect>". */
  adoptId?: In<string | undefined>;
}

export class VrackOvhCloudConnect extends pulumi.dynamic.Resource {
  /** The type token: policies match on it. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/ovh:VrackOvhCloudConnect";
  /** The dynamic provider (a small shim that loads the installed package when called). */
  static readonly provider = lazyProvider(
    `${PACKAGE_DIST}/ovh/vrackOvhCloudConnect/provider`,
    "vrackOvhCloudConnectProvider",
  );

  declare readonly serviceName: pulumi.Output<string>;
  /** The linked service's uuid: pass it as the PoP config's serviceName so that the link comes first. */
  declare readonly ovhCloudConnect: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** "linked", or "linking" while the vRack task runs. */
  declare readonly status: pulumi.Output<string>;
  /** The vRack task that made the link. */
  declare readonly taskId: pulumi.Output<number | undefined>;

  constructor(name: string, args: VrackOvhCloudConnectArgs, opts?: pulumi.CustomResourceOptions) {
    // Optional inputs are seeded too: only the keys in props become outputs of the resource.
    const optional = { timeouts: undefined, adoptId: undefined };
    const props = { ...optional, ...args, status: undefined, taskId: undefined };
    super(VrackOvhCloudConnect.provider, name, props, opts, "ovh", "VrackOvhCloudConnect");
  }
}
