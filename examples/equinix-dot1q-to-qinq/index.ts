/**
 * Seed 001: "Redundant Connection from a Dot1Q port to a service profile with a QinQ port".
 *
 * Seed 001 documents Equinix's ECX v3 API (POST /ecx/v3/l2/connections). Equinix shut ECX v3 down in June 2024
 * (terraform-provider-equinix PR #683, whose v2.0.0 removed the ECX resources); this example keeps the seed's shape
 * and runs on v3 against the emulator: its Pulumi.yaml sets `interconnect:equinixApiVersion: v3`, and the profile
 * UUIDs are the v3 emulator's seed. On Fabric v4 (the default), see examples/equinix-aws, -azure, -google and
 * docs/equinix.md.
 *
 * Ports and the seller's profile are looked up first; their encapsulations let `check` apply the tagging table
 * during preview. The defaults are the Equinix emulator's seed account; set config to use your own.
 */
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const primaryPort = equinix.getPort(config.get("primaryPort") ?? "SV1-DEMO-DOT1Q-PRI");
const secondaryPort = equinix.getPort(config.get("secondaryPort") ?? "SV1-DEMO-DOT1Q-SEC");
const profile = equinix.getServiceProfile(
  config.get("profileUuid") ?? "31b7263f-7e6a-42d0-859e-80a7fd3b9609",
);

const connection = new equinix.L2Connection("connection", {
  name: config.get("name") ?? "JohnDoe_Dot1Q_To_QinQ",
  profileUuid: profile.then((p) => p.uuid),
  speed: 50,
  speedUnit: "MB",
  notifications: ["JohnDoe@equinix.com"],
  purchaseOrderNumber: "1234567890",
  authorizationKey: config.getSecret("authorizationKey"),
  sellerRegion: "us-sv",
  sellerMetroCode: "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: 335,
  // A Dot1Q port towards a QinQ profile needs the Z-side C-tag (seed 001 tagging table).
  zSideVlanCTag: 421,
  secondaryConnection: {
    name: config.get("secondaryName") ?? "JohnDoe_Dot1Q_To_QinQ_2",
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: 335,
    zSideVlanCTag: 521,
  },
  portEncapsulation: primaryPort.then((p) => equinix.encapsulationOf(p.encapsulation)),
  profileEncapsulation: profile.then((p) => equinix.encapsulationOf(p.profileEncapsulation)),
});

export const name = connection.name;
export const primary = {
  uuid: connection.uuid,
  status: connection.status,
  providerStatus: connection.providerStatus,
};
export const secondary = connection.secondary;
export const redundancyGroup = connection.redundancyGroup;
