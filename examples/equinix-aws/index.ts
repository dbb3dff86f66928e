/**
 * A redundant Equinix Fabric v4 connection to AWS Direct Connect: one connection from each of your two ports to the
 * "AWS Direct Connect" service profile, in one redundancy group. Each becomes an AWS hosted connection in the
 * account whose 12-digit id is the authorization key (the same key for both legs), in the AWS region you name.
 *
 *   pulumi config set --secret awsAccountId 123456789012
 *   pulumi config set awsRegion us-west-1             # the profile's seller region (default us-west-1)
 *   pulumi up
 *
 * Equinix provisions both legs; AWS then shows them as pending (`providerStatus: PENDING_APPROVAL`) until you
 * accept each hosted connection in the AWS Direct Connect console (or with `aws_dx_connection_confirmation`).
 * `pulumi up` does not wait for that: it says so and finishes. See docs/equinix.md, "AWS".
 *
 * The defaults are the Equinix emulator's seed account (`npm run emulator -- equinix`); against Equinix, set your
 * credentials (README, "Credentials") and `primaryPort`, `secondaryPort`, `metro`.
 */
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const name = config.get("name") ?? "sv-to-aws";
const primaryPort = equinix.getPort(config.get("primaryPort") ?? "SV1-DEMO-DOT1Q-PRI");
const secondaryPort = equinix.getPort(config.get("secondaryPort") ?? "SV1-DEMO-DOT1Q-SEC");
// The profile by its name: Fabric v4's service-profile search.
const aws = equinix.findServiceProfile("AWS Direct Connect");
const vlan = config.getNumber("vlan") ?? 1401;

const connection = new equinix.L2Connection("aws", {
  name,
  profileUuid: aws.then((p) => p.uuid),
  speed: config.getNumber("speedMbps") ?? 50,
  speedUnit: "MB",
  notifications: [config.get("notify") ?? "noc@example.com"],
  // The AWS account id, for both legs; stored as a secret.
  authorizationKey: config.requireSecret("awsAccountId"),
  sellerRegion: config.get("awsRegion") ?? "us-west-1",
  sellerMetroCode: config.get("metro") ?? "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: vlan,
  secondaryConnection: {
    name: `${name}-2`,
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: vlan,
  },
  portEncapsulation: primaryPort.then((p) => p.encapsulation),
  profileEncapsulation: aws.then((p) => p.profileEncapsulation),
});

export const apiVersion = connection.apiVersion;
export const primary = {
  uuid: connection.uuid,
  state: connection.state,
  status: connection.status,
  // PENDING_APPROVAL until the hosted connection is accepted in AWS.
  providerStatus: connection.providerStatus,
  awsSide: connection.zSide,
};
export const secondary = connection.secondary;
export const redundancyGroup = connection.redundancyGroup;
