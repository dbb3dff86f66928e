/**
 * Seed 000 in Layer 3 with a BGP session: link the service to the vRack, an L3 PoP config, an L3 datacenter
 * config whose ASN OVHcloud assigns, and a BGP session from your router in the datacenter, which announces your
 * routes dynamically (it replaces the datacenter's VRRP gateway; no static route can coexist with it).
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
const customerAsn = config.getNumber("customerAsn") ?? 65010;

// Only an enabled interface can carry the PoP config.
const iface = ovh
  .getInterfaces(serviceName)
  .then(
    (all) => all.find((i) => i.status === "enabled") ?? Promise.reject(new Error("no enabled interface")),
  );
const datacenter = ovh.getDatacenter(serviceName, config.get("datacenter") ?? "gra");

const link = new ovh.VrackOvhCloudConnect("vrack-link", { serviceName: vrack, ovhCloudConnect: serviceName });

const pop = new ovh.PopConfig("pop", {
  serviceName: link.ovhCloudConnect,
  interfaceId: iface.then((i) => i.id),
  type: "l3",
  customerBgpArea: customerAsn,
  ovhBgpArea: 65006,
  subnet: "10.10.12.0/30",
});

// No ovhBgpArea: OVHcloud assigns the ASN of its routing instance, shown in the outputs.
const datacenterConfig = new ovh.DatacenterConfig("datacenter", {
  serviceName: pop.serviceName,
  popId: pop.popId,
  datacenterId: datacenter.then((d) => d.id),
  subnet: "10.0.0.0/28",
});

const session = new ovh.DatacenterExtraConfig("bgp-session", {
  serviceName: datacenterConfig.serviceName,
  popId: datacenterConfig.popId,
  datacenterConfigId: datacenterConfig.configId,
  datacenterSubnet: datacenterConfig.subnet,
  type: "bgp",
  bgpNeighborArea: customerAsn,
  bgpNeighborIp: config.get("routerAddress") ?? "10.0.0.6",
});

export const popId = pop.popId;
export const ovhDatacenterAsn = datacenterConfig.ovhBgpArea;
export const bgpNeighbor = pulumi.interpolate`${session.bgpNeighborIp} (AS${session.bgpNeighborArea})`;
export const bgpSessionStatus = session.status;
