/** zod pieces shared by every vendor's input schemas. */
import { z } from "zod";
import { isDuration } from "./wait";

/** Canonical 8-4-4-4-12 hexadecimal UUID, any version. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const uuidSchema = z.string().regex(UUID, "must be a UUID (8-4-4-4-12 hexadecimal digits)");

const duration = z
  .string()
  .refine(isDuration, { error: 'must be a duration such as "90s", "20m" or "1h30m"' });

/** Per-operation deadlines; Pulumi's customTimeouts never reach a dynamic provider. */
export const timeoutsSchema = z.object({
  create: duration.optional(),
  update: duration.optional(),
  delete: duration.optional(),
});
