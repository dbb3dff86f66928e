/**
 * `ovh.PopConfig`: the resource class programs use.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_DIST, lazyProvider } from "../../core/dynamic";
import type { Timeouts } from "../../core/wait";

type In<T> = pulumi.Input<T>;

export interface PopConfigArgs {
  /** The OVHcloud Connect service's uuid; pass `VrackOvhCloudConnect.ovhCloudConnect` so the link comes first. */
  serviceName: In<string>;
  /** The interface the PoP config goes on (`ovh.getInterfaces`); an interface takes one PoP config. */
  interfaceId: In<number>;
  /** "l2" or "l3". Switching replaces the PoP config and everything under it. */
  type: In<"l2" | "l3">;
  /** L3 only, required: your BGP AS number, configured on your router. */
  customerBgpArea?: In<number>;
  /** L3 only, required: the AS number of OVHcloud's routing instance. */
  ovhBgpArea?: In<number>;
  /** L3 only, required: a /30; its first address is OVHcloud's end of the session, the second yours. */
  subnet?: In<string>;
  /** How long create, update and delete may wait ("30m", "2h"). Default: 30m each. */
  timeouts?: In<Timeouts>;
  /** Take over an existing PoP config by its id instead of creating one; ignored once the resource exists. */
  adoptId?: In<string | number | undefined>;
}

export class PopConfig extends pulumi.dynamic.Resource {
  /** The type token: policies match on it. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/ovh:PopConfig";
  /** The dynamic provider (a small shim that loads the installed package when called). */
  static readonly provider = lazyProvider(`${PACKAGE_DIST}/ovh/popConfig/provider`, "popConfigProvider");

  declare readonly serviceName: pulumi.Output<string>;
  declare readonly interfaceId: pulumi.Output<number>;
  declare readonly type: pulumi.Output<"l2" | "l3">;
  declare readonly customerBgpArea: pulumi.Output<number | undefined>;
  declare readonly ovhBgpArea: pulumi.Output<number | undefined>;
  declare readonly subnet: pulumi.Output<string | undefined>;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  declare readonly adoptId: pulumi.Output<string | number | undefined>;
  /** The PoP config's id (also the resource id): the `popId` of its datacenter configs. */
  declare readonly popId: pulumi.Output<number>;
  /** init while OVHcloud configures it, then active. */
  declare readonly status: pulumi.Output<string>;
  /** The OVHcloud task that created it. */
  declare readonly taskId: pulumi.Output<number | undefined>;

  constructor(name: string, args: PopConfigArgs, opts?: pulumi.CustomResourceOptions) {
    // Optional inputs are seeded too: only the keys in props become outputs of the resource.
    const optional = {
      customerBgpArea: undefined,
      ovhBgpArea: undefined,
      subnet: undefined,
      timeouts: undefined,
      adoptId: undefined,
    };
    const props = { ...optional, ...args, popId: undefined, status: undefined, taskId: undefined };
    super(PopConfig.provider, name, props, opts, "ovh", "PopConfig");
  }
}
