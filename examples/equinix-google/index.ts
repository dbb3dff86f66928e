/**
 * Google Cloud Partner Interconnect on Equinix Fabric v4: one connection per availability zone, each to that
 * zone's service profile with the pairing key of its own VLAN attachment. In Google Cloud, create two Partner
 * VLAN attachments (one in each edge availability domain) and copy their pairing keys:
 *
 *   pulumi config set --secret pairingKeyZone1 <key of the zone 1 attachment, "…/us-west1/1">
 *   pulumi config set --secret pairingKeyZone2 <key of the zone 2 attachment, "…/us-west1/2">
 *   pulumi config set region us-west1                 # the attachments' region (default us-west1)
 *   pulumi up
 *
 * The two legs are one `equinix.L2Connection`, with the secondary's own key, profile and region in
 * `secondaryConnection`. Fabric does not put connections to different profiles in one redundancy group, so they are
 * two independent connections (each `PRIMARY`); Google pairs them through the attachments. See docs/equinix.md,
 * "Google Cloud".
 *
 * The defaults are the Equinix emulator's seed account (`npm run emulator -- equinix`).
 */
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const name = config.get("name") ?? "sv-to-gcp";
const region = config.get("region") ?? "us-west1";
const primaryPort = equinix.getPort(config.get("primaryPort") ?? "SV1-DEMO-DOT1Q-PRI");
const secondaryPort = equinix.getPort(config.get("secondaryPort") ?? "SV1-DEMO-DOT1Q-SEC");
const zone1 = equinix.findServiceProfile("Google Cloud Partner Interconnect Zone 1");
const zone2 = equinix.findServiceProfile("Google Cloud Partner Interconnect Zone 2");
const vlan = config.getNumber("vlan") ?? 1403;

const connection = new equinix.L2Connection("google", {
  name,
  profileUuid: zone1.then((p) => p.uuid),
  speed: config.getNumber("speedMbps") ?? 50,
  speedUnit: "MB",
  notifications: [config.get("notify") ?? "noc@example.com"],
  // Zone 1's pairing key; stored as a secret.
  authorizationKey: config.requireSecret("pairingKeyZone1"),
  sellerRegion: region,
  sellerMetroCode: config.get("metro") ?? "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: vlan,
  secondaryConnection: {
    name: `${name}-2`,
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: vlan,
    // Zone 2: its own profile and pairing key (a secret too); the same region.
    profileUuid: zone2.then((p) => p.uuid),
    authorizationKey: config.requireSecret("pairingKeyZone2"),
    sellerRegion: region,
  },
  portEncapsulation: primaryPort.then((p) => p.encapsulation),
  profileEncapsulation: zone1.then((p) => p.profileEncapsulation),
});

export const apiVersion = connection.apiVersion;
export const zone1Connection = {
  uuid: connection.uuid,
  state: connection.state,
  status: connection.status,
  providerStatus: connection.providerStatus,
  googleSide: connection.zSide,
};
export const zone2Connection = connection.secondary;
