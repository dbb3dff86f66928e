/**
 * The demo estate: what a network team's interconnect stack looks like. `npm run demo` deploys it against the
 * local emulators; pointing it at the real APIs is a matter of credentials (see the README).
 */
import * as pulumi from "@pulumi/pulumi";
import { consoleconnect, equinix, ovh } from "pulumi-interconnect";

const config = new pulumi.Config();

// Equinix Fabric (v4, the default API): a redundant Layer 2 connection from our two Dot1Q ports in Silicon Valley
// to a seller's Dot1Q service profile, one connection per port in one redundancy group. The seller approves each
// (the emulated seller does so after a few seconds) and assigns its own port and VLAN: the `sellerSide` outputs.
const [primaryPort, secondaryPort] = [
  equinix.getPort(config.get("equinixPrimaryPort") ?? "SV1-DEMO-DOT1Q-PRI"),
  equinix.getPort(config.get("equinixSecondaryPort") ?? "SV1-DEMO-DOT1Q-SEC"),
];
const sellerProfile = equinix.getServiceProfile(
  config.get("equinixProfileUuid") ?? "7a73af1a-3d74-47ac-b778-6bf455d1174e",
);

const fabric = new equinix.L2Connection("sv-to-seller", {
  name: "sv-dc1-to-seller",
  profileUuid: sellerProfile.then((p) => p.uuid),
  speed: 200,
  speedUnit: "MB",
  notifications: ["noc@example.com"],
  sellerMetroCode: "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: 1210,
  secondaryConnection: {
    name: "sv-dc1-to-seller-2",
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: 1210,
  },
  portEncapsulation: primaryPort.then((p) => equinix.encapsulationOf(p.encapsulation)),
  profileEncapsulation: sellerProfile.then((p) => equinix.encapsulationOf(p.profileEncapsulation)),
});

export const equinixConnection = {
  name: fabric.name,
  apiVersion: fabric.apiVersion,
  primary: { uuid: fabric.uuid, state: fabric.state, status: fabric.status, sellerSide: fabric.zSide },
  secondary: fabric.secondary,
  redundancyGroup: fabric.redundancyGroup,
};

// Console Connect: a company-to-company Layer 2 connection from our Hong Kong port to a partner, who approves
// it (the emulated partner does so after a few seconds) and picks its own port.
const partner = config.get("consoleConnectPartner") ?? "globex-cloud";
const partnerMetro = consoleconnect.getMetro(partner, config.get("consoleConnectMetro") ?? "HKG");
const partnerFacility = partnerMetro
  .then((m) => consoleconnect.getDataCenterFacilities(m.id))
  .then((facilities) => facilities[0]);

const toPartner = new consoleconnect.Layer2Connection("hk-to-partner", {
  name: "HK-DC1-TO-PARTNER",
  portId: consoleconnect.getPort(config.get("consoleConnectPort") ?? "My-Port-1").then((p) => p.id),
  destCompany: partner,
  destDcf: partnerFacility.then((f) => f.id),
  destMetroId: partnerMetro.then((m) => m.id),
  destRegionId: partnerMetro.then((m) => m.regionIds[0]),
  speed: 100,
  paymentType: "invoice",
  duration: 12,
  durationUnit: "m",
  classOfService: "GOLD",
  evergreen: true,
});

export const consoleConnectConnection = {
  name: toPartner.name,
  id: toPartner.connectionId,
  status: toPartner.status,
  partner,
  sourceVlan: toPartner.srcVlan,
};

// OVHcloud Connect in Layer 3: link the service to our vRack, an L3 PoP config with a BGP session to OVHcloud,
// an L3 datacenter config in Gravelines, and a static route to the subnet behind our gateway there. Every step is
// an OVHcloud task that `pulumi up` waits for.
const vrack = config.get("ovhVrack") ?? "pn-1000001";
const occService = config.get("ovhCloudConnect") ?? "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f";
const gravelines = ovh.getDatacenter(occService, config.get("ovhDatacenter") ?? "gra");

const vrackLink = new ovh.VrackOvhCloudConnect("occ-vrack", {
  serviceName: vrack,
  ovhCloudConnect: occService,
});
const pop = new ovh.PopConfig("occ-pop", {
  serviceName: vrackLink.ovhCloudConnect,
  interfaceId: ovh.getService(occService).then((service) => service.interfaceList![0]),
  type: "l3",
  customerBgpArea: 65005,
  ovhBgpArea: 65006,
  subnet: "10.10.12.0/30",
});
const gra = new ovh.DatacenterConfig("occ-gra", {
  serviceName: pop.serviceName,
  popId: pop.popId,
  datacenterId: gravelines.then((d) => d.id),
  ovhBgpArea: 65008,
  subnet: "10.0.0.0/28",
});
const route = new ovh.DatacenterExtraConfig("occ-gra-route", {
  serviceName: gra.serviceName,
  popId: gra.popId,
  datacenterConfigId: gra.configId,
  datacenterSubnet: gra.subnet,
  type: "network",
  nextHop: "10.0.0.5",
  subnet: "192.168.2.0/24",
});

export const ovhCloudConnect = {
  vrack,
  popId: pop.popId,
  popStatus: pop.status,
  datacenterConfigId: gra.configId,
  datacenterSubnet: gra.subnet,
  staticRoute: { id: route.extraId, status: route.status },
};
