/**
 * Seed 001: "Redundant Connection from a Dot1Q port to a service profile with a Dot1Q port".
 *
 * Seed 001 documents Equinix's ECX v3 API (POST /ecx/v3/l2/connections). Equinix shut ECX v3 down in June 2024
 * (terraform-provider-equinix PR #683, whose v2.0.0 removed the ECX resources); this example keeps the seed's shape
 * and runs on v3 against the emulator: its Pulumi.yaml sets `interconnect:equinixApiVersion: v3`, and the profile
 * UUIDs are the v3 emulator's seed. On Fabric v4 (the default), see examples/equinix-aws, -azure, -google and
 * docs/equinix.md.
 *
 * This one also runs on Fabric v4 unchanged (`pulumi config set interconnect:equinixApiVersion v4`): the
 * emulator's generic Fabric v4 profile has the same UUID, and its seller approves each connection.
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
  config.get("profileUuid") ?? "7a73af1a-3d74-47ac-b778-6bf455d1174e",
);

const connection = new equinix.L2Connection("connection", {
  name: config.get("name") ?? "JohnDoe_Dot1Q_To_Dot1Q",
  profileUuid: profile.then((p) => p.uuid),
  speed: 50,
  speedUnit: "MB",
  notifications: ["JohnDoe@equinix.com"],
  purchaseOrderNumber: "1234567890",
  authorizationKey: config.getSecret("authorizationKey"),
  sellerMetroCode: "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: 873,
  secondaryConnection: {
    name: config.get("secondaryName") ?? "JohnDoe_Dot1Q_To_Dot1Q_2",
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: 873,
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
