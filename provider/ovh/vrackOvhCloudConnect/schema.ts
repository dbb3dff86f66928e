/**
 * The declaration of `ovh.VrackOvhCloudConnect` (seed 000 step 1: link the service to the vRack): its inputs,
 * what the API computes, and the rules `check` enforces before anything is sent.
 */
import { z } from "zod";
import { CrossFieldRule, StateOf, defineResource } from "../../core/definition";
import { timeoutsSchema } from "../../core/schemas";
import { occServiceName, vrackName } from "../schemas";

export const vrackOvhCloudConnectInputSchema = z.object({
  /** The vRack's service name, such as "pn-123456". */
  serviceName: vrackName,
  /** The OVHcloud Connect service's uuid. */
  ovhCloudConnect: occServiceName,
  /** How long create, update and delete may wait ("30m", "2h"). Default: 60m each. */
  timeouts: timeoutsSchema.optional(),
  /** Take over an existing link instead of creating it: "<serviceName>/<ovhCloudConnect>". */
  adoptId: z.string().optional(),
});

export type VrackOvhCloudConnectInputs = z.output<typeof vrackOvhCloudConnectInputSchema>;

export const vrackOvhCloudConnectComputedSchema = z.object({
  /** "linked", or "linking" while the vRack task runs. */
  status: z.enum(["linked", "linking"]),
  /** The vRack task that made the link. */
  taskId: z.number().optional(),
});

/** adoptId names the very link the inputs describe. */
const adoptsThisLink: CrossFieldRule<VrackOvhCloudConnectInputs> = {
  reads: ["adoptId", "serviceName", "ovhCloudConnect"],
  check(v, fail) {
    if (v.adoptId === undefined || v.serviceName === undefined || v.ovhCloudConnect === undefined) return;
    const id = `${v.serviceName}/${v.ovhCloudConnect}`;
    if (v.adoptId !== id)
      fail("adoptId", `must name the link to take over as "<serviceName>/<ovhCloudConnect>", here "${id}"`);
  },
};

/** `ovh.VrackOvhCloudConnect`, declared once. */
export const vrackOvhCloudConnect = defineResource({
  vendor: "ovh",
  type: "VrackOvhCloudConnect",
  inputs: vrackOvhCloudConnectInputSchema,
  computed: vrackOvhCloudConnectComputedSchema,
  rules: [adoptsThisLink],
});

export type VrackOvhCloudConnectOutputs = StateOf<typeof vrackOvhCloudConnect>;
