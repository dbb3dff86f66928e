/**
 * A redundant Equinix Fabric v4 connection to Azure ExpressRoute: both legs of the ExpressRoute circuit, one from
 * each of your ports, with the circuit's one service key, private peering, and the peering's VLAN on Microsoft's
 * side. Azure requires the pair (the profile says `connectionRedundancyRequired`).
 *
 *   pulumi config set --secret serviceKey <the ExpressRoute circuit's service key>
 *   pulumi config set peeringVlan 300                 # the private peering's VLAN id in Azure (default 300)
 *   pulumi up
 *
 * The mapping (developer.equinix.com, "Connect to Microsoft Azure parameters mapping"): `authorizationKey` → the
 * service key on both legs; `namedTag: "Private"` → `peeringType: PRIVATE`; `zSideVlanCTag` → the inner tag Fabric
 * sets on Microsoft's QinQ port (`zSide.accessPoint.linkProtocol.vlanCTag`). From Dot1Q ports to Microsoft's QinQ
 * profile, seed 001's tagging table requires that tag, and `check` says so during preview when it is missing.
 * See docs/equinix.md, "Azure".
 *
 * The defaults are the Equinix emulator's seed account (`npm run emulator -- equinix`).
 */
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const name = config.get("name") ?? "sv-to-azure";
const primaryPort = equinix.getPort(config.get("primaryPort") ?? "SV1-DEMO-DOT1Q-PRI");
const secondaryPort = equinix.getPort(config.get("secondaryPort") ?? "SV1-DEMO-DOT1Q-SEC");
const azure = equinix.findServiceProfile("Azure ExpressRoute");
const vlan = config.getNumber("vlan") ?? 1402;
const peeringVlan = config.getNumber("peeringVlan") ?? 300;

const connection = new equinix.L2Connection("azure", {
  name,
  profileUuid: azure.then((p) => p.uuid),
  speed: config.getNumber("speedMbps") ?? 50,
  speedUnit: "MB",
  notifications: [config.get("notify") ?? "noc@example.com"],
  // One service key for the circuit: both legs carry it. Stored as a secret.
  authorizationKey: config.requireSecret("serviceKey"),
  namedTag: config.get("peering") ?? "Private",
  sellerMetroCode: config.get("metro") ?? "SV",
  portUuid: primaryPort.then((p) => p.uuid),
  vlanSTag: vlan,
  zSideVlanCTag: peeringVlan,
  secondaryConnection: {
    name: `${name}-2`,
    portUuid: secondaryPort.then((p) => p.uuid),
    vlanSTag: vlan,
    zSideVlanCTag: peeringVlan,
  },
  portEncapsulation: primaryPort.then((p) => p.encapsulation),
  profileEncapsulation: azure.then((p) => p.profileEncapsulation),
});

export const apiVersion = connection.apiVersion;
export const primary = {
  uuid: connection.uuid,
  state: connection.state,
  status: connection.status,
  providerStatus: connection.providerStatus,
  microsoftSide: connection.zSide,
};
export const secondary = connection.secondary;
export const redundancyGroup = connection.redundancyGroup;
