/**
 * CRUD of `ovh.DatacenterExtraConfig` (seed 000, L3 options): a static route (`network`) or a BGP session (`bgp`)
 * on an L3 datacenter config, which holds one kind or the other, never both.
 *
 * The module path and the `datacenterExtraConfigProvider` export are also where stacks deployed with 0.1.0 find the provider
 * (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { sameValue } from "../../core/dynamic";
import { configPaths } from "../client";
import { configProvider } from "../configResource";
import { OvhError } from "../errors";
import { MAX_BGP_SESSIONS } from "../rules";
import { isSet, knownCidr } from "../schemas";
import { DatacenterExtraConfigWire, datacenterExtraConfigAnswer, datacenterConfigAnswer } from "../types";
import { KEY_FIELDS, WIRE_FIELDS } from "./model";
import {
  DatacenterExtraConfigInputs,
  EXTRA_VARIANTS,
  addressProblems,
  datacenterExtraConfig,
} from "./schema";

/** OVHcloud takes up to four BGP peers per datacenter (the rule is shared with the policy pack). */
export { MAX_BGP_SESSIONS };

export const datacenterExtraConfigProvider: pulumi.dynamic.ResourceProvider = configProvider<
  typeof datacenterExtraConfig,
  DatacenterExtraConfigInputs,
  DatacenterExtraConfigWire
>({
  definition: datacenterExtraConfig,
  wire: datacenterExtraConfigAnswer,
  noun: "datacenter extra config",
  wireFields: WIRE_FIELDS,
  keyFields: KEY_FIELDS,
  idOutput: "extraId",
  addFunction: "addDatacenterExtraConfiguration",
  collection: (inputs) => configPaths.extras(inputs.serviceName, inputs.popId, inputs.datacenterConfigId),
  local: ["timeouts", "datacenterSubnet"],
  // Static routes and BGP sessions cannot coexist, and two extras cannot share a key: in those cases the old
  // one must go first. Other replacements create the new one first.
  deleteBeforeReplace: (olds, news) =>
    !sameValue(olds.type, news.type) || KEY_FIELDS.every((f) => sameValue(olds[f], news[f])),

  async preflight(client, inputs, siblings) {
    const { serviceName, popId, datacenterConfigId, type } = inputs;
    const datacenter = await client.find(
      `${configPaths.datacenters(serviceName, popId)}/${datacenterConfigId}`,
      datacenterConfigAnswer,
    );
    if (!datacenter || datacenter.status === "toDelete")
      throw new OvhError(
        `datacenterConfigId: datacenter config ${datacenterConfigId} does not exist under PoP config ${popId}, ` +
          "or is being deleted",
      );
    const subnet = knownCidr(datacenter.subnet);
    if (!subnet)
      throw new OvhError(
        `datacenterConfigId: datacenter config ${datacenterConfigId} is L2 (it has no subnet); static routes ` +
          "and BGP sessions need an L3 datacenter config",
      );
    if (isSet(inputs.datacenterSubnet) && inputs.datacenterSubnet !== datacenter.subnet)
      throw new OvhError(
        `datacenterSubnet: is ${inputs.datacenterSubnet}, but datacenter config ${datacenterConfigId} has subnet ` +
          `${datacenter.subnet}; pass the DatacenterConfig's subnet output`,
      );
    const [problem] = addressProblems(inputs, subnet);
    if (problem) throw new OvhError(`${problem[0]}: ${problem[1]}`);

    const live = siblings.filter((extra) => extra.status !== "toDelete");
    const clash = live.find((extra) => extra.type !== type);
    if (clash)
      throw new OvhError(
        `type: datacenter config ${datacenterConfigId} already has ${EXTRA_VARIANTS[clash.type].label} ` +
          `(extra ${clash.id}), and a datacenter config holds static routes or BGP sessions, never both`,
      );
    if (type === "bgp" && live.length >= MAX_BGP_SESSIONS)
      throw new OvhError(
        `type: datacenter config ${datacenterConfigId} already has ${live.length} BGP sessions, the most ` +
          "OVHcloud allows",
      );
    const same = live.find((extra) => KEY_FIELDS.every((f) => sameValue(extra[f], inputs[f])));
    if (same)
      throw new OvhError(
        `${type === "bgp" ? "bgpNeighborIp" : "subnet"}: datacenter config ${datacenterConfigId} already has ` +
          `this ${EXTRA_VARIANTS[type].label} (extra ${same.id}); set adoptId: "${same.id}" to manage it here`,
      );
  },
});
