/**
 * One site of the fleet: the program every site stack runs (examples/fleet/fleet.ts deploys one stack per site).
 * What differs between sites is the stack config the fleet sets — the site's name, which prefixes every remote
 * object's name, and the VLANs the site takes on the shared ports — so that two sites never ask a vendor for the
 * same name or the same tag.
 *
 *   - Equinix Fabric: a redundant pair (primary and secondary Dot1Q ports, one S-tag per site) to a seller profile.
 *     The default is the emulator's "Demo Seller (bandwidth approval)" profile, which provisions by itself.
 *   - Console Connect: a port-to-port connection between two of your own ports, one VLAN per site on each port.
 *
 * Run alone, like any program: `pulumi config set site hq`, `pulumi config set equinixVlan 3001`, … `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { consoleconnect, equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const site = config.require("site");

// Equinix Fabric: a pair from our two Dot1Q ports to the seller, tagged with this site's S-tag on both ports.
const primaryPort = equinix.getPort(config.get("equinixPrimaryPort") ?? "SV1-DEMO-DOT1Q-PRI");
const secondaryPort = equinix.getPort(config.get("equinixSecondaryPort") ?? "SV1-DEMO-DOT1Q-SEC");
const profile = equinix.getServiceProfile(
  config.get("equinixProfileUuid") ?? "8b5f0e6a-2c41-4d7e-b1a9-3e6f5d4c2b10",
);
const equinixVlan = config.requireNumber("equinixVlan");

const fabric = new equinix.L2Connection("fabric", {
  name: `${site}-eqx`,
  profileUuid: profile.then((p) => p.uuid),
  speed: config.getNumber("equinixSpeedMbps") ?? 50,
  speedUnit: "MB",
  notifications: [config.get("notify") ?? "noc@example.com"],
  sellerMetroCode: config.get("equinixMetro") ?? "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: equinixVlan,
  secondaryConnection: {
    name: `${site}-eqx-2`,
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: equinixVlan,
  },
  portEncapsulation: primaryPort.then((p) => equinix.encapsulationOf(p.encapsulation)),
  profileEncapsulation: profile.then((p) => equinix.encapsulationOf(p.profileEncapsulation)),
});

// Console Connect: our port in one metro to our port in another, with this site's VLAN on each.
const company = consoleconnect.getCompanyUsername();
const source = consoleconnect.getPort(config.get("consoleConnectSourcePort") ?? "My-Port-1");
const destination = consoleconnect.getPort(config.get("consoleConnectDestinationPort") ?? "My-Port-2");

const backbone = new consoleconnect.Layer2Connection("backbone", {
  companyUsername: company,
  name: `${site}-backbone`,
  portId: source.then((p) => p.id),
  destPortId: destination.then((p) => p.id),
  destCompany: company,
  destMetroId: destination.then((p) => p.metroId!),
  speed: config.getNumber("consoleConnectSpeedMbps") ?? 10,
  srcVlanRequest: config.requireNumber("consoleConnectSourceVlan"),
  destVlanRequest: config.requireNumber("consoleConnectDestinationVlan"),
  paymentType: "invoice",
  duration: 1,
  durationUnit: "m",
  classOfService: "SILVER",
  evergreen: true,
});

export const siteName = site;
export const equinixConnection = {
  name: fabric.name,
  vlan: fabric.vlanSTag,
  primary: { uuid: fabric.uuid, status: fabric.status },
  secondary: fabric.secondary,
};
export const consoleConnectConnection = {
  name: backbone.name,
  id: backbone.connectionId,
  status: backbone.status,
  sourceVlan: backbone.srcVlan,
  destinationVlan: backbone.destVlan,
};
