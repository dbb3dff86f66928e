/**
 * The demo estate: what a network team's interconnect stack looks like. `npm run demo` deploys it against the
 * local emulators; pointing it at the real APIs is a matter of credentials (see the README).
 */
import * as pulumi from "@pulumi/pulumi";
import { consoleconnect, equinix } from "pulumi-interconnect";

const config = new pulumi.Config();

// Equinix Fabric: a redundant Layer 2 connection from our two Dot1Q ports in Silicon Valley to a seller's
// Dot1Q service profile. The seller approves it (the emulated seller does so after a few seconds).
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
  primary: { uuid: fabric.uuid, status: fabric.status },
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
