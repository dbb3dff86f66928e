/**
 * The inputs of `ovh.PopConfig` and the rules `check` enforces before anything is sent (seed 000 step 2,
 * ../shared/api-notes/ovh.md §1.3 and §1.5).
 */
import { z } from "zod";
import { timeoutsSchema } from "../../core/schemas";
import {
  ALWAYS,
  adoptConfigId,
  apiId,
  asn,
  crossFieldIssue,
  ipv4Block,
  occServiceName,
  variantRules,
} from "../schemas";

/** What an L3 PoP config adds to an L2 one: the BGP session between your router and OVHcloud's. */
export const L3_FIELDS = ["customerBgpArea", "ovhBgpArea", "subnet"] as const;

export const popConfigInputSchema = z
  .object({
    serviceName: occServiceName,
    interfaceId: apiId,
    type: z.enum(["l2", "l3"], { error: 'must be "l2" or "l3"' }),
    customerBgpArea: asn.optional(),
    ovhBgpArea: asn.optional(),
    subnet: ipv4Block({
      allows: (prefix) => prefix === 30,
      rule: "must be a /30 (its first address is OVHcloud's end of the BGP session, the second yours)",
    }).optional(),
    timeouts: timeoutsSchema.optional(),
    adoptId: adoptConfigId.optional(),
  })
  .superRefine((v, ctx) => {
    variantRules(ctx, v, {
      l2: { label: "an L2 PoP config", fields: [] },
      l3: { label: "an L3 PoP config", fields: L3_FIELDS },
    });
    if (v.type === "l3" && v.customerBgpArea !== undefined && v.customerBgpArea === v.ovhBgpArea)
      crossFieldIssue(
        ctx,
        "ovhBgpArea",
        "must differ from customerBgpArea: the session between your router and OVHcloud's is external BGP",
        ["type", "customerBgpArea", "ovhBgpArea"],
      );
  }, ALWAYS);

export type PopConfigInputs = z.infer<typeof popConfigInputSchema>;

/** Every input property, for diff. */
export const INPUT_KEYS: readonly string[] = Object.keys(popConfigInputSchema.shape);
