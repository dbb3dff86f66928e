/**
 * Seed 000 in Layer 3 with a static route: link the service to the vRack, an L3 PoP config (your ASN, OVHcloud's,
 * and a /30 for the BGP session), an L3 datacenter config (a /28 or larger: .1 is the VRRP gateway, .2 and .3
 * OVHcloud's routers), and a static route to a subnet behind one of your gateways in that datacenter.
 * Teardown is `pulumi destroy`.
 *
 * Against the emulator (`npm run emulator -- ovh`), set only OVH_ENDPOINT=http://127.0.0.1:18081/1.0 and the
 * demo keys (OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY: see docs/ovh.md). Against OVHcloud,
 * set your keys and `vrack`, `ovhCloudConnect`, `datacenter` in the stack config.
 */
import * as pulumi from "@pulumi/pulumi";
import { ovh } from "pulumi-interconnect";

const config = new pulumi.Config();
const vrack = config.get("vrack") ?? "pn-1000001";
const serviceName = config.get("ovhCloudConnect") ?? "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";

// The interface the PoP config goes on, and the datacenter to reach.
const interfaceId = ovh
  .getService(serviceName)
  .then((service) => config.getNumber("interfaceId") ?? service.interfaceList![0]);
const datacenter = ovh.getDatacenter(serviceName, config.get("datacenter") ?? "gra");

const link = new ovh.VrackOvhCloudConnect("vrack-link", { serviceName: vrack, ovhCloudConnect: serviceName });

const pop = new ovh.PopConfig("pop", {
  serviceName: link.ovhCloudConnect,
  interfaceId,
  type: "l3",
  customerBgpArea: config.getNumber("customerAsn") ?? 65005,
  ovhBgpArea: 65006,
  subnet: config.get("popSubnet") ?? "10.10.12.0/30",
});

const datacenterConfig = new ovh.DatacenterConfig("datacenter", {
  serviceName: pop.serviceName,
  popId: pop.popId,
  datacenterId: datacenter.then((d) => d.id),
  ovhBgpArea: 65008,
  subnet: config.get("datacenterSubnet") ?? "10.0.0.0/28",
});

// 192.168.2.0/24 lives behind your gateway 10.0.0.5 in the datacenter.
const route = new ovh.DatacenterExtraConfig("static-route", {
  serviceName: datacenterConfig.serviceName,
  popId: datacenterConfig.popId,
  datacenterConfigId: datacenterConfig.configId,
  datacenterSubnet: datacenterConfig.subnet,
  type: "network",
  nextHop: config.get("nextHop") ?? "10.0.0.5",
  subnet: config.get("routedSubnet") ?? "192.168.2.0/24",
});

export const popId = pop.popId;
export const datacenterConfigId = datacenterConfig.configId;
export const vrrpGateway = datacenterConfig.subnet.apply((s) => s && s.replace(/\.\d+\/\d+$/, ".1"));
export const staticRouteId = route.extraId;
export const staticRouteStatus = route.status;
