/**
 * `ovh.DatacenterExtraConfig`: the resource class programs use.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_DIST, lazyProvider } from "../../core/dynamic";
import type { Timeouts } from "../../core/wait";

type In<T> = pulumi.Input<T>;

export interface DatacenterExtraConfigArgs {
  /** The OVHcloud Connect service's uuid (`DatacenterConfig.serviceName`). */
  serviceName: In<string>;
  /** The PoP config (`DatacenterConfig.popId`). */
  popId: In<number>;
  /** The datacenter config (`DatacenterConfig.configId`), not the datacenter's id. */
  datacenterConfigId: In<number>;
  /** "network" (a static route) or "bgp" (a BGP session); a datacenter config holds one kind, never both. */
  type: In<"network" | "bgp">;
  /** Static route: the gateway, one of your addresses in the datacenter subnet. */
  nextHop?: In<string>;
  /** Static route: the prefix routed through `nextHop`, in CIDR notation. */
  subnet?: In<string>;
  /** BGP session: your AS number. */
  bgpNeighborArea?: In<number>;
  /** BGP session: your router's address in the datacenter subnet. */
  bgpNeighborIp?: In<string>;
  /** The datacenter config's subnet (`DatacenterConfig.subnet`): lets check place the addresses at preview. */
  datacenterSubnet?: In<string | undefined>;
  /** How long create, update and delete may wait ("30m", "2h"). Default: 30m each. */
  timeouts?: In<Timeouts>;
  /** Take over an existing extra config by its id instead of creating one; ignored once the resource exists. */
  adoptId?: In<string | number | undefined>;
}

export class DatacenterExtraConfig extends pulumi.dynamic.Resource {
  /** The type token: policies match on it. */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/ovh:DatacenterExtraConfig";
  /** The dynamic provider (a small shim that loads the installed package when called). */
  static readonly provider = lazyProvider(
    `${PACKAGE_DIST}/ovh/datacenterExtraConfig/provider`,
    "datacenterExtraConfigProvider",
  );

  declare readonly serviceName: pulumi.Output<string>;
  declare readonly popId: pulumi.Output<number>;
  declare readonly datacenterConfigId: pulumi.Output<number>;
  declare readonly type: pulumi.Output<"network" | "bgp">;
  declare readonly nextHop: pulumi.Output<string | undefined>;
  declare readonly subnet: pulumi.Output<string | undefined>;
  declare readonly bgpNeighborArea: pulumi.Output<number | undefined>;
  declare readonly bgpNeighborIp: pulumi.Output<string | undefined>;
  declare readonly datacenterSubnet: pulumi.Output<string | undefined>;
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
  declare readonly adoptId: pulumi.Output<string | number | undefined>;
  /** The extra config's id (also the resource id). */
  declare readonly extraId: pulumi.Output<number>;
  /** init while OVHcloud configures it, then active. */
  declare readonly status: pulumi.Output<string>;
  /** The OVHcloud task that created it. */
  declare readonly taskId: pulumi.Output<number | undefined>;

  constructor(name: string, args: DatacenterExtraConfigArgs, opts?: pulumi.CustomResourceOptions) {
    // Optional inputs are seeded too: only the keys in props become outputs of the resource.
    const optional = {
      nextHop: undefined,
      subnet: undefined,
      bgpNeighborArea: undefined,
      bgpNeighborIp: undefined,
      datacenterSubnet: undefined,
      timeouts: undefined,
      adoptId: undefined,
    };
    const props = { ...optional, ...args, extraId: undefined, status: undefined, taskId: undefined };
    super(DatacenterExtraConfig.provider, name, props, opts, "ovh", "DatacenterExtraConfig");
  }
}
