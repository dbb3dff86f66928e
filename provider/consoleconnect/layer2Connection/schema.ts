/**
 * The inputs of `consoleconnect.Layer2Connection` and every rule `check` enforces before anything is sent:
 * CreateLayer2ConnectionSchema, the three shapes of seeds 002 and 003, and ../shared/api-notes/consoleconnect.md §4.
 */
import { z } from "zod";
import { timeoutsSchema } from "../../core/schemas";

/** The API's own id pattern; its 400 reads `The request/portId must match pattern "^[a-f0-9]{24}$"`. */
export const objectId = z
  .string()
  .regex(/^[a-f0-9]{24}$/, "must be a 24-character lower-case hexadecimal id (the API's ^[a-f0-9]{24}$)");

/** Company usernames go into every path; a display name ("Acme Networks") is the usual mistake. */
const companyUsername = z
  .string()
  .regex(
    /^[A-Za-z0-9._-]+$/,
    "must be a company username (letters, digits, '.', '_' or '-'), not the company's display name",
  );

/** The destination company username of Oracle FastConnect (seed 002). */
export const ORACLE = "oracle";

export const PAYMENT_TYPES = ["invoice", "plan"] as const;
export const DURATION_UNITS = ["d", "w", "m", "y"] as const;
export const CLASSES_OF_SERVICE = ["GOLD", "SILVERPLUS", "SILVER", "BRONZE"] as const;

/** The API's Duration schema caps: 6 days, 3 weeks, 36 months, 3 years. */
export const MAX_DURATION: Record<(typeof DURATION_UNITS)[number], number> = { d: 6, w: 3, m: 36, y: 3 };
const UNIT_NAMES = { d: "days", w: "weeks", m: "months", y: "years" } as const;

const CREDITCARD =
  'must not be "creditcard": Console Connect accepts card payments only in its web application ' +
  '(they need a card transaction); use "invoice" or "plan"';

const vlanRequest = z
  .number()
  .int("must be a whole number")
  .min(1, "VLAN ids range from 1 to 4094")
  .max(4094, "VLAN ids range from 1 to 4094");

export const layer2ConnectionInputSchema = z
  .object({
    /** Your company's username; read from GET /api/auth/token when omitted. */
    companyUsername: companyUsername.optional(),
    name: z.string().trim().min(1, "must not be empty"),
    portId: objectId,
    destPortId: objectId.optional(),
    destCompany: companyUsername,
    destMetroId: objectId,
    destDcf: objectId.optional(),
    destRegionId: objectId.optional(),
    regionId: objectId.optional(),
    speed: z
      .number()
      .int("must be a whole number of Mbps (the API: a positive integer in Mbps)")
      .positive("must be at least 1 Mbps (the API: a positive integer in Mbps)"),
    paymentType: z
      .enum(PAYMENT_TYPES, {
        error: (issue) => (issue.input === "creditcard" ? CREDITCARD : 'must be "invoice" or "plan"'),
      })
      .optional(),
    duration: z.number().int("must be a whole number").positive("must be at least 1").optional(),
    durationUnit: z
      .enum(DURATION_UNITS, { error: 'must be "d", "w", "m" or "y" (days, weeks, months, years)' })
      .optional(),
    evergreen: z.boolean().optional(),
    classOfService: z
      .enum(CLASSES_OF_SERVICE, { error: `must be one of ${CLASSES_OF_SERVICE.join(", ")}` })
      .optional(),
    srcVlanRequest: vlanRequest.optional(),
    destVlanRequest: vlanRequest.optional(),
    /** false: create returns once the request is submitted, without waiting for the other party and ACTIVE. */
    waitForActive: z.boolean().optional(),
    timeouts: timeoutsSchema.optional(),
    /** Take over an existing connection (its id) instead of creating one. */
    adoptId: objectId.optional(),
  })
  .superRefine(
    (value, ctx) => {
      // Runs even when other properties failed (or are unknown during preview), so it reads defensively.
      const v = (value ?? {}) as Partial<typeof value>;
      const fail = (path: string, message: string, reads: string[]) =>
        ctx.addIssue({ code: "custom", path: [path], message, params: { reads } });
      const portToPort = v.destPortId !== undefined;

      if (v.duration !== undefined && v.durationUnit === undefined)
        fail("durationUnit", "is required with duration", ["duration", "durationUnit"]);
      if (v.durationUnit !== undefined && v.duration === undefined)
        fail("duration", "is required with durationUnit", ["duration", "durationUnit"]);
      const unit = v.durationUnit as keyof typeof MAX_DURATION | undefined;
      if (typeof v.duration === "number" && unit && MAX_DURATION[unit] && v.duration > MAX_DURATION[unit])
        fail(
          "duration",
          `must be at most ${MAX_DURATION[unit]} ${UNIT_NAMES[unit]} (Console Connect's limits: 6 days, 3 weeks, 36 months or 3 years)`,
          ["duration", "durationUnit"],
        );

      if (v.paymentType === "invoice") {
        const reads = ["paymentType", "duration", "durationUnit", "destDcf", "destPortId"];
        if (v.duration === undefined && v.durationUnit === undefined)
          for (const path of ["duration", "durationUnit"])
            fail(path, 'is required when paymentType is "invoice"', reads);
        // Seed 003's own port-to-port sample pays by invoice without destDcf: the destination port fixes it.
        if (!portToPort && v.destDcf === undefined)
          fail(
            "destDcf",
            'is required when paymentType is "invoice" (the destination data-center facility)',
            reads,
          );
      }

      const company = v.companyUsername;
      const shape = ["destPortId", "destCompany", "companyUsername"];
      if (portToPort) {
        if (v.destPortId === v.portId)
          fail("destPortId", "must be another port than portId", ["portId", "destPortId"]);
        if (company !== undefined && v.destCompany !== undefined && v.destCompany !== company)
          fail(
            "destCompany",
            `must be your own company ("${company}") when destPortId is set: a port-to-port connection joins two of your ports; to reach another company, leave destPortId out`,
            shape,
          );
        return;
      }
      if (company !== undefined && v.destCompany === company)
        fail(
          "destPortId",
          "is required for a connection to your own company (port-to-port); a company-to-company connection goes to another company",
          shape,
        );
      // Seed 003's company-to-company request names the destination region; seed 002's Oracle request does not.
      if (v.destCompany !== ORACLE && v.destRegionId === undefined)
        fail(
          "destRegionId",
          "is required for a company-to-company connection (one of the destination metro's regionIds)",
          [...shape, "destRegionId"],
        );
    },
    { when: () => true },
  );

export type Layer2ConnectionInputs = z.infer<typeof layer2ConnectionInputSchema>;

/** Every input property, for diff. */
export const INPUT_KEYS: readonly string[] = Object.keys(layer2ConnectionInputSchema.shape);

/** Port-to-port between your own ports, or company-to-company (Oracle FastConnect is one, to `oracle`). */
export function shapeOf(inputs: Pick<Layer2ConnectionInputs, "destPortId" | "destCompany">) {
  if (inputs.destPortId !== undefined) return "port-to-port";
  return inputs.destCompany === ORACLE ? "oracle" : "company-to-company";
}
