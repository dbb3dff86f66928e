/**
 * The demo estate: what a network team's interconnect stack looks like. `npm run demo` deploys it against the
 * local emulators; pointing it at the real APIs is a matter of credentials (see the README).
 */
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

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
