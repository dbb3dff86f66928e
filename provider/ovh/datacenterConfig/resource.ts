/**
 * `ovh.DatacenterConfig`: the resource class programs use.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_DIST, lazyProvider } from "../../core/dynamic";
import type { Timeouts } from "../../core/wait";

type In<T> = pulumi.Input<T>;

export interface DatacenterConfigArgs {
  /** The OVHcloud Connect service's uuid (`PopConfig.serviceName`). */
  serviceName: In<string>;
  /** The PoP config (`PopConfig.popId`). */
  popId: In<number>;
  /** The datacenter's id from `ovh.getDatacenters` (not a configuration id). */
  datacenterId: In<number>;
  /** L3 only, optional: the AS number of OVHcloud's routing instance there; OVHcloud assigns one if left out. */
  ovhBgpArea?: In<number>;
  /** L3 only, required: a /28 or larger; .1 is the VRRP gateway, .2 and .3 OVHcloud's routers. */
  subnet?: In<string>;
  /** How long create, update and delete may wait ("30m", "2h"). Default: 30m each. */
  timeouts?: In<Timeouts>;
  /** Take over an existing datacenter config by its id (e.g. one another service's stack created). */
  adoptId?: In<string | number | undefined>;
}

export class DatacenterConfig extends pulumi.dynamic.Resource {
  /** The type token: policies match on it. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/ovh:DatacenterConfig";
  /** The dynamic provider (a small shim that loads the installed package when called). */
  static readonly provider = lazyProvider(
    `${PACKAGE_DIST}/ovh/datacenterConfig/provider`,
    "datacenterConfigProvider",
  );

  declare readonly serviceName: pulumi.Output<string>;
  declare readonly popId: pulumi.Output<number>;
  declare readonly datacenterId: pulumi.Output<number>;
  /** The ASN given, or the one OVHcloud assigned. */
  declare readonly ovhBgpArea: pulumi.Output<number | undefined>;
  declare readonly subnet: pulumi.Output<string | undefined>;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  declare readonly adoptId: pulumi.Output<string | number | undefined>;
  /** The configuration's id (also the resource id): the `datacenterConfigId` of its extras. */
  declare readonly configId: pulumi.Output<number>;
  /** init while OVHcloud configures it, then active. */
  declare readonly status: pulumi.Output<string>;
  /** The OVHcloud task that created it. */
  declare readonly taskId: pulumi.Output<number | undefined>;

  constructor(name: string, args: DatacenterConfigArgs, opts?: pulumi.CustomResourceOptions) {
    // Optional inputs are seeded too: only the keys in props become outputs of the resource.
    const optional = { ovhBgpArea: undefined, subnet: undefined, timeouts: undefined, adoptId: undefined };
    const props = { ...optional, ...args, configId: undefined, status: undefined, taskId: undefined };
    super(DatacenterConfig.provider, name, props, opts, "ovh", "DatacenterConfig");
  }
}
