/**
 * The inputs of `ovh.DatacenterConfig` and the rules `check` enforces before anything is sent (seed 000 step 3,
 * ../shared/api-notes/ovh.md §1.3 and §1.5). Whether the PoP is L2 or L3 is read from the API before the POST.
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
  isSet,
  occServiceName,
} from "../schemas";

/** The smallest datacenter subnet OVHcloud accepts is a /28. */
export const MAX_DATACENTER_PREFIX = 28;

export const datacenterConfigInputSchema = z
  .object({
    serviceName: occServiceName,
    popId: apiId,
    datacenterId: apiId,
    ovhBgpArea: asn.optional(),
    subnet: ipv4Block({
      allows: (prefix) => prefix <= MAX_DATACENTER_PREFIX,
      rule: `must be a /${MAX_DATACENTER_PREFIX} or larger (a prefix length of ${MAX_DATACENTER_PREFIX} or less)`,
    }).optional(),
    timeouts: timeoutsSchema.optional(),
    adoptId: adoptConfigId.optional(),
  })
  .superRefine((v, ctx) => {
    if (isSet(v.ovhBgpArea) && !isSet(v.subnet))
      crossFieldIssue(
        ctx,
        "subnet",
        "is required with ovhBgpArea: an L3 datacenter config takes a subnet (and ovhBgpArea, which OVHcloud " +
          "assigns when it is left out); an L2 one takes neither",
        ["ovhBgpArea", "subnet"],
      );
  }, ALWAYS);

export type DatacenterConfigInputs = z.infer<typeof datacenterConfigInputSchema>;

/** Every input property, for diff. */
export const INPUT_KEYS: readonly string[] = Object.keys(datacenterConfigInputSchema.shape);
