/**
 * The inputs of `ovh.VrackOvhCloudConnect` (seed 000 step 1: link the service to the vRack) and the rules
 * `check` enforces before anything is sent.
 */
import { z } from "zod";
import { timeoutsSchema } from "../../core/schemas";
import { ALWAYS, crossFieldIssue, isSet, occServiceName, vrackName } from "../schemas";

export const vrackOvhCloudConnectInputSchema = z
  .object({
    serviceName: vrackName,
    ovhCloudConnect: occServiceName,
    timeouts: timeoutsSchema.optional(),
    adoptId: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    const id = `${v.serviceName}/${v.ovhCloudConnect}`;
    if (isSet(v.adoptId) && v.adoptId !== id)
      crossFieldIssue(
        ctx,
        "adoptId",
        `must name the link to take over as "<serviceName>/<ovhCloudConnect>", here "${id}"`,
        ["adoptId", "serviceName", "ovhCloudConnect"],
      );
  }, ALWAYS);

export type VrackOvhCloudConnectInputs = z.infer<typeof vrackOvhCloudConnectInputSchema>;

/** Every input property, for diff. */
export const INPUT_KEYS: readonly string[] = Object.keys(vrackOvhCloudConnectInputSchema.shape);
