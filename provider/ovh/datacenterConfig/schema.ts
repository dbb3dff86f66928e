/**
 * The declaration of `ovh.DatacenterConfig` (seed 000 step 3): its inputs, what the API computes, and the rules
 * `check` enforces before anything is sent (see docs/ovh.md). Whether the PoP is L2 or L3 is read from the API
 * before the POST.
 */
import { z } from "zod";
import { CrossFieldRule, StateOf, defineResource } from "../../core/definition";
import { timeoutsSchema } from "../../core/schemas";
import { adoptConfigId, apiId, asn, configStatus, ipv4Block, occServiceName } from "../schemas";

/** The smallest datacenter subnet OVHcloud accepts is a /28. */
export const MAX_DATACENTER_PREFIX = 28;

export const datacenterConfigInputSchema = z.object({
  /** The OVHcloud Connect service's uuid (`PopConfig.serviceName`). */
  serviceName: occServiceName,
  /** The PoP config (`PopConfig.popId`). */
  popId: apiId,
  /** The datacenter's id from `ovh.getDatacenters` (not a configuration id). */
  datacenterId: apiId,
  /** L3 only, optional: the AS number of OVHcloud's routing instance there; OVHcloud assigns one if left out. */
  ovhBgpArea: asn.optional(),
  /** L3 only, required: a /28 or larger; .1 is the VRRP gateway, .2 and .3 OVHcloud's routers. */
  subnet: ipv4Block({
    allows: (prefix) => prefix <= MAX_DATACENTER_PREFIX,
    rule: `must be a /${MAX_DATACENTER_PREFIX} or larger (a prefix length of ${MAX_DATACENTER_PREFIX} or less)`,
  }).optional(),
  /** How long create, update and delete may wait ("30m", "2h"). Default: 30m each. */
  timeouts: timeoutsSchema.optional(),
  /** Take over an existing datacenter config by its id (e.g. one another service's stack created). */
  adoptId: adoptConfigId.optional(),
});

export type DatacenterConfigInputs = z.output<typeof datacenterConfigInputSchema>;

export const datacenterConfigComputedSchema = z.object({
  /** The configuration's id (also the resource id): the `datacenterConfigId` of its extras. */
  configId: z.number(),
  /** init while OVHcloud configures it, then active. */
  status: configStatus,
  /** The OVHcloud task that created it. */
  taskId: z.number().optional(),
});

/** An L3 datacenter config takes a subnet (and ovhBgpArea, which OVHcloud assigns when it is left out). */
const subnetWithAsn: CrossFieldRule<DatacenterConfigInputs> = {
  reads: ["ovhBgpArea", "subnet"],
  check(v, fail) {
    if (v.ovhBgpArea !== undefined && v.subnet === undefined)
      fail(
        "subnet",
        "is required with ovhBgpArea: an L3 datacenter config takes a subnet (and ovhBgpArea, which OVHcloud " +
          "assigns when it is left out); an L2 one takes neither",
      );
  },
};

/** `ovh.DatacenterConfig`, declared once. */
export const datacenterConfig = defineResource({
  vendor: "ovh",
  type: "DatacenterConfig",
  inputs: datacenterConfigInputSchema,
  computed: datacenterConfigComputedSchema,
  rules: [subnetWithAsn],
});

export type DatacenterConfigOutputs = StateOf<typeof datacenterConfig>;
