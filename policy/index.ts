/**
 * The pulumi-interconnect policy pack (the package's `main`, compiled to dist/index.js). Run it with
 *   pulumi preview --policy-pack ./policy [--policy-pack-config policy-config.json]
 * after `npm run build`, or from an installed package with `--policy-pack node_modules/pulumi-interconnect-policy`.
 * The policies themselves live in policies.ts (see POLICIES.md); constructing the pack starts the
 * policy server, so this is the only place that does it.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("pulumi-interconnect", {
  policies: allPolicies,
  enforcementLevel: "mandatory",
  description:
    "Guardrails for private interconnects: Equinix Fabric L2 redundancy, notifications, speeds and names; " +
    "OVHcloud Connect ASNs and address plans; Console Connect payment terms and class of service; " +
    "VLAN and subnet collisions across the stack.",
  displayName: "pulumi-interconnect",
  tags: ["equinix", "ovhcloud", "consoleconnect", "network"],
});
