/**
 * CRUD of `ovh.DatacenterConfig` (seed 000 step 3): a datacenter reached through a PoP config. The configuration
 * belongs to the vRack: every OVHcloud Connect service in it sees (inherits) it, and deleting one service's PoP
 * config leaves it in place while another service still uses it.
 *
 * The module path and the `datacenterConfigProvider` export are also where stacks deployed with 0.1.0 find the provider
 * (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { configPaths } from "../client";
import { configProvider } from "../configResource";
import { OvhError } from "../errors";
import { isSet } from "../schemas";
import { DatacenterConfigWire, datacenterConfigAnswer, popConfigAnswer } from "../types";
import { KEY_FIELDS, WIRE_FIELDS } from "./model";
import { DatacenterConfigInputs, datacenterConfig } from "./schema";

export const datacenterConfigProvider: pulumi.dynamic.ResourceProvider = configProvider<
  typeof datacenterConfig,
  DatacenterConfigInputs,
  DatacenterConfigWire
>({
  definition: datacenterConfig,
  wire: datacenterConfigAnswer,
  noun: "datacenter config",
  wireFields: WIRE_FIELDS,
  keyFields: KEY_FIELDS,
  idOutput: "configId",
  addFunction: "addDatacenterConfiguration",
  collection: (inputs) => configPaths.datacenters(inputs.serviceName, inputs.popId),
  local: ["timeouts"],
  // A datacenter takes one configuration: the old one goes before the new one is created.
  deleteBeforeReplace: () => true,
  // OVHcloud assigns its ASN when the program leaves it out.
  computedWhenOmitted: ["ovhBgpArea"],

  async preflight(client, inputs, siblings) {
    const { serviceName, popId, datacenterId } = inputs;
    const pop = await client.find(`${configPaths.pops(serviceName)}/${popId}`, popConfigAnswer);
    if (!pop || pop.status === "toDelete")
      throw new OvhError(
        `popId: PoP config ${popId} does not exist in service ${serviceName}, or is being deleted`,
      );
    if (pop.type === "l2" && isSet(inputs.subnet))
      throw new OvhError(
        `subnet: PoP config ${popId} is L2, and an L2 datacenter config takes only datacenterId (leave subnet ` +
          "and ovhBgpArea out)",
      );
    if (pop.type === "l3" && !isSet(inputs.subnet))
      throw new OvhError(
        `subnet: PoP config ${popId} is L3, so the datacenter config needs a subnet of /28 or larger`,
      );
    const configured = siblings.find((d) => d.datacenterId === datacenterId && d.status !== "toDelete");
    if (configured)
      throw new OvhError(
        `datacenterId: datacenter ${datacenterId} is already configured in this vRack (datacenter config ` +
          `${configured.id}, shared by every OVHcloud Connect service in the vRack); set adoptId: ` +
          `"${configured.id}" to manage it here, or leave it to the stack that created it`,
      );
    const datacenter = await client.findDatacenter(serviceName, datacenterId);
    if (!datacenter) {
      const known = (await client.datacenters(serviceName)).map((d) => `${d.name} (${d.id})`);
      throw new OvhError(
        `datacenterId: ${datacenterId} is not a datacenter of service ${serviceName}; its datacenters are ` +
          `${known.join(", ")} (see ovh.getDatacenters)`,
      );
    }
    if (!datacenter.available)
      throw new OvhError(
        `datacenterId: datacenter ${datacenter.name} (${datacenterId}) cannot receive a new configuration ` +
          "(available: false)",
      );
  },
});
