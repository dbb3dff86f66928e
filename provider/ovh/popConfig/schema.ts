/**
 * The declaration of `ovh.PopConfig` (seed 000 step 2): its inputs, what the API computes, and the rules `check`
 * enforces before anything is sent (see docs/ovh.md).
 */
import { z } from "zod";
import { CrossFieldRule, StateOf, defineResource } from "../../core/definition";
import { timeoutsSchema } from "../../core/schemas";
import { adoptConfigId, apiId, asn, configStatus, ipv4Block, occServiceName, variantRules } from "../schemas";

/** What an L3 PoP config adds to an L2 one: the BGP session between your router and OVHcloud's. */
export const L3_FIELDS = ["customerBgpArea", "ovhBgpArea", "subnet"] as const;

export const popConfigInputSchema = z.object({
  /** The OVHcloud Connect service's uuid; pass `VrackOvhCloudConnect.ovhCloudConnect` so the link comes first. */
  serviceName: occServiceName,
  /** The interface the PoP config goes on (`ovh.getInterfaces`); an interface takes one PoP config. */
  interfaceId: apiId,
  /** "l2" or "l3". Switching replaces the PoP config and everything under it. */
  type: z.enum(["l2", "l3"], { error: 'must be "l2" or "l3"' }),
  /** L3 only, required: your BGP AS number, configured on your router. */
  customerBgpArea: asn.optional(),
  /** L3 only, required: the AS number of OVHcloud's routing instance. */
  ovhBgpArea: asn.optional(),
  /** L3 only, required: a /30; its first address is OVHcloud's end of the session, the second yours. */
  subnet: ipv4Block({
    allows: (prefix) => prefix === 30,
    rule: "must be a /30 (its first address is OVHcloud's end of the BGP session, the second yours)",
  }).optional(),
  /** How long create, update and delete may wait ("30m", "2h"). Default: 30m each. */
  timeouts: timeoutsSchema.optional(),
  /** Take over an existing PoP config by its id instead of creating one; ignored once the resource exists. */
  adoptId: adoptConfigId.optional(),
});

export type PopConfigInputs = z.output<typeof popConfigInputSchema>;

export const popConfigComputedSchema = z.object({
  /** The PoP config's id (also the resource id): the `popId` of its datacenter configs. */
  popId: z.number(),
  /** init while OVHcloud configures it, then active. */
  status: configStatus,
  /** The OVHcloud task that created it. */
  taskId: z.number().optional(),
});

/** The session between your router and OVHcloud's is external BGP: two AS numbers. */
const distinctAsns: CrossFieldRule<PopConfigInputs> = {
  reads: ["type", "customerBgpArea", "ovhBgpArea"],
  check(v, fail) {
    if (v.type === "l3" && v.customerBgpArea !== undefined && v.customerBgpArea === v.ovhBgpArea)
      fail(
        "ovhBgpArea",
        "must differ from customerBgpArea: the session between your router and OVHcloud's is external BGP",
      );
  },
};

/** `ovh.PopConfig`, declared once. */
export const popConfig = defineResource({
  vendor: "ovh",
  type: "PopConfig",
  inputs: popConfigInputSchema,
  computed: popConfigComputedSchema,
  rules: [
    ...variantRules<PopConfigInputs>({
      l2: { label: "an L2 PoP config", fields: [] },
      l3: { label: "an L3 PoP config", fields: L3_FIELDS },
    }),
    distinctAsns,
  ],
});

export type PopConfigOutputs = StateOf<typeof popConfig>;
