/**
 * Seed 000 in Layer 2: link the OVHcloud Connect service to the vRack, configure the PoP in L2 on the service's
 * interface, then the datacenter the vRack reaches. Teardown is `pulumi destroy` (it deletes in reverse order).
 *
 * Against the emulator (`npm run emulator -- ovh`), set only:
 *   OVH_ENDPOINT=http://127.0.0.1:18081/1.0
 *   OVH_APPLICATION_KEY=demoOvhAppKey0001
 *   OVH_APPLICATION_SECRET=demoOvhAppSecret00000000000000001
 *   OVH_CONSUMER_KEY=demoOvhConsumerKey00000000000001
 * Against OVHcloud, use your keys (or `pulumi config set --secret interconnect:ovhApplicationSecret …`) and set
 * `vrack`, `ovhCloudConnect` (the service's uuid) and `datacenter` (a name from ovh.getDatacenters) in the stack
 * config; the defaults below are the emulator's seed.
 */
import * as pulumi from "@pulumi/pulumi";
import { ovh } from "pulumi-interconnect";

const config = new pulumi.Config();
const vrack = config.get("vrack") ?? "pn-1000001";
const serviceName = config.get("ovhCloudConnect") ?? "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";

// Step 1: link the service to the vRack, or take over the link if it is there already. Whether the vRack may take
// it is the link's POST to decide: GET /vrack/{vrack}/allowedServices lists a service only to credentials holding
// the optional IAM action ovhCloudConnect:apiovh:vrack/attach on it, so it is shown here, not enforced.
const linked = ovh.getVrackOvhCloudConnects(vrack).then((services) => services.includes(serviceName));
export const listedAsLinkable = ovh
  .getVrackAllowedServices(vrack)
  .then(async (services) => services.includes(serviceName) || (await linked));

// Step 2: the service's interface; its light status shows whether the cross-connect is up.
const iface = ovh.getInterfaces(serviceName).then(([first]) => first);
// Step 3: the datacenter, by name.
const datacenter = ovh.getDatacenter(serviceName, config.get("datacenter") ?? "gra");

const link = new ovh.VrackOvhCloudConnect("vrack-link", {
  serviceName: vrack,
  ovhCloudConnect: serviceName,
  // A service already in the vRack is taken over rather than linked again.
  adoptId: linked.then((yes) => (yes ? `${vrack}/${serviceName}` : undefined)),
});

// Passing the link's output makes the PoP config wait for the link.
const pop = new ovh.PopConfig("pop", {
  serviceName: link.ovhCloudConnect,
  interfaceId: iface.then((i) => i.id),
  type: "l2",
});

const datacenterConfig = new ovh.DatacenterConfig("datacenter", {
  serviceName: pop.serviceName,
  popId: pop.popId,
  datacenterId: datacenter.then((d) => d.id),
});

export const interfaceId = pop.interfaceId;
export const lightStatus = iface.then((i) => `${i.incomingLightStatus}/${i.outgoingLightStatus}`);
export const popId = pop.popId;
export const popStatus = pop.status;
export const datacenterConfigId = datacenterConfig.configId;
export const datacenterName = datacenter.then((d) => d.name);
