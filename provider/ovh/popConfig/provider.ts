/**
 * CRUD of `ovh.PopConfig` (seed 000 step 2): the PoP side of an OVHcloud Connect service, L2 or L3, on one of
 * its interfaces.
 *
 * The module path and the `popConfigProvider` export are also where stacks deployed with 0.1.0 find the provider
 * (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { configPaths } from "../client";
import { configProvider } from "../configResource";
import { OvhError } from "../errors";
import { PopConfigWire, popConfigAnswer } from "../types";
import { KEY_FIELDS, WIRE_FIELDS } from "./model";
import { PopConfigInputs, popConfig } from "./schema";

export const popConfigProvider: pulumi.dynamic.ResourceProvider = configProvider<
  typeof popConfig,
  PopConfigInputs,
  PopConfigWire
>({
  definition: popConfig,
  wire: popConfigAnswer,
  noun: "PoP config",
  wireFields: WIRE_FIELDS,
  keyFields: KEY_FIELDS,
  idOutput: "popId",
  addFunction: "addPopConfiguration",
  collection: (inputs) => configPaths.pops(inputs.serviceName),
  local: ["timeouts"],
  // An interface takes one PoP config: the old one goes before the new one is created (L2 ↔ L3 included).
  deleteBeforeReplace: () => true,

  async preflight(client, inputs, siblings) {
    const { serviceName, interfaceId } = inputs;
    const service = await client.getService(serviceName);
    if (!service.vrack)
      throw new OvhError(
        `serviceName: OVHcloud Connect service ${serviceName} is not linked to a vRack, which is the mandatory ` +
          "first step; link it with ovh.VrackOvhCloudConnect and pass that resource's ovhCloudConnect output as " +
          "serviceName, so that the PoP config waits for the link",
      );
    const interfaces = service.interfaceList ?? (await client.interfaces(serviceName)).map((i) => i.id);
    if (!interfaces.includes(interfaceId))
      throw new OvhError(
        `interfaceId: ${interfaceId} is not an interface of service ${serviceName}; its interfaces are ` +
          `${interfaces.join(", ")} (see ovh.getInterfaces)`,
      );
    const taken = siblings.find((pop) => pop.interfaceId === interfaceId && pop.status !== "toDelete");
    if (taken)
      throw new OvhError(
        `interfaceId: interface ${interfaceId} already has PoP config ${taken.id} (type ${taken.type}), and an ` +
          `interface takes one; set adoptId: "${taken.id}" to manage it here, or delete it first`,
      );
  },
});
