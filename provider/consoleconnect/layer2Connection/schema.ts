/**
 * The declaration of `consoleconnect.Layer2Connection`: its inputs, what the API computes, and every rule `check`
 * enforces before anything is sent — Console Connect's CreateLayer2ConnectionSchema and the three shapes of
 * seeds 002 and 003 (see docs/consoleconnect.md).
 */
import { z } from "zod";
import { CrossFieldRule, StateOf, defineResource } from "../../core/definition";
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

export const layer2ConnectionInputSchema = z.object({
  /** Your company's username (not its display name). Read from the API key (GET /api/auth/token) when omitted. */
  companyUsername: companyUsername.optional(),
  /** Name of the connection, as your company sees it. Changes in place. */
  name: z.string().trim().min(1, "must not be empty"),
  /** Your source port (24-hex id, from consoleconnect.getPorts()). */
  portId: objectId,
  /** Port-to-port only: your destination port. Leave it out for a company-to-company connection. */
  destPortId: objectId.optional(),
  /** The destination company's username: your own for port-to-port, `oracle` for Oracle FastConnect. */
  destCompany: companyUsername,
  /** The destination metro (`metroId` of the destination port, or `id` from consoleconnect.getMetroCapabilities()). */
  destMetroId: objectId,
  /** The destination data-center facility; required with paymentType "invoice" between companies. */
  destDcf: objectId.optional(),
  /** One of the destination metro's `regionIds`; required company-to-company (except to Oracle). */
  destRegionId: objectId.optional(),
  /** The source region. */
  regionId: objectId.optional(),
  /** Bandwidth in Mbps. Changes in place (between companies, an increase waits for the other party). */
  speed: z
    .number()
    .int("must be a whole number of Mbps (the API: a positive integer in Mbps)")
    .positive("must be at least 1 Mbps (the API: a positive integer in Mbps)"),
  /** "invoice" or "plan" ("creditcard" only works in the Console Connect web application). */
  paymentType: z
    .enum(PAYMENT_TYPES, {
      error: (issue) => (issue.input === "creditcard" ? CREDITCARD : 'must be "invoice" or "plan"'),
    })
    .optional(),
  /** Contract term, with `durationUnit`: at most 6 days, 3 weeks, 36 months or 3 years. */
  duration: z.number().int("must be a whole number").positive("must be at least 1").optional(),
  /** The unit of `duration`: "d", "w", "m" or "y". */
  durationUnit: z
    .enum(DURATION_UNITS, { error: 'must be "d", "w", "m" or "y" (days, weeks, months, years)' })
    .optional(),
  /** Renew automatically at the end of the term. */
  evergreen: z.boolean({ error: "must be true or false" }).optional(),
  /** GOLD, SILVERPLUS, SILVER or BRONZE. */
  classOfService: z
    .enum(CLASSES_OF_SERVICE, { error: `must be one of ${CLASSES_OF_SERVICE.join(", ")}` })
    .optional(),
  /** The VLAN to use on your port (1–4094, within the port's VLAN ranges); assigned by Console Connect if omitted. */
  srcVlanRequest: vlanRequest.optional(),
  /** The VLAN to use on the destination port. */
  destVlanRequest: vlanRequest.optional(),
  /** false: create returns once the request is submitted, without waiting for the other party and ACTIVE. */
  waitForActive: z.boolean({ error: "must be true or false" }).optional(),
  /** How long create, update and delete may wait ("30m", "2h"). Defaults: 30m, 30m, 15m. */
  timeouts: timeoutsSchema.optional(),
  /** Take over an existing connection (its id) instead of creating one; ignored once the resource exists. */
  adoptId: objectId.optional(),
});

export type Layer2ConnectionInputs = z.output<typeof layer2ConnectionInputSchema>;

/** A speed change request that is not (yet) applied. */
export const speedChangeSchema = z.object({
  /** The speed asked for, in Mbps. */
  speed: z.number(),
  /** PENDING, REJECTED or WITHDRAWN. */
  status: z.string(),
});

/** What the API computes. */
export const layer2ConnectionComputedSchema = z.object({
  /** The connection's id (also the resource id). */
  connectionId: z.string(),
  /** The company username used in API paths (the input, or the API key's company). */
  company: z.string(),
  /** CREATING, PENDING, PENDING_ACCEPTANCE, ACCEPTED, ACTIVATING, ACTIVE, … */
  status: z.string(),
  /** Console Connect's reason for an ERROR (or other failed) status. */
  errorReason: z.string().optional(),
  /** The VLAN assigned on your port. */
  srcVlan: z.number().optional(),
  /** The VLAN assigned on the destination port, once the destination has approved. */
  destVlan: z.number().optional(),
  /** A speed increase that is not applied yet. */
  speedChangeRequest: speedChangeSchema.optional(),
  /** When Console Connect registered the request. */
  createdAt: z.string().optional(),
});

export type SpeedChangeState = z.output<typeof speedChangeSchema>;
export type ConnectionState = z.output<typeof layer2ConnectionComputedSchema>;

const UNIT_LIMITS = "Console Connect's limits: 6 days, 3 weeks, 36 months or 3 years";

/** duration and durationUnit go together, within the API's caps. */
const term: CrossFieldRule<Layer2ConnectionInputs> = {
  reads: ["duration", "durationUnit"],
  check(v, fail) {
    if (v.duration !== undefined && v.durationUnit === undefined)
      fail("durationUnit", "is required with duration");
    if (v.durationUnit !== undefined && v.duration === undefined)
      fail("duration", "is required with durationUnit");
    if (v.duration !== undefined && v.durationUnit !== undefined && v.duration > MAX_DURATION[v.durationUnit])
      fail(
        "duration",
        `must be at most ${MAX_DURATION[v.durationUnit]} ${UNIT_NAMES[v.durationUnit]} (${UNIT_LIMITS})`,
      );
  },
};

/** Paying by invoice takes a term, and between companies the destination facility. */
const invoice: CrossFieldRule<Layer2ConnectionInputs> = {
  reads: ["paymentType", "duration", "durationUnit", "destDcf", "destPortId"],
  check(v, fail) {
    if (v.paymentType !== "invoice") return;
    if (v.duration === undefined && v.durationUnit === undefined)
      for (const property of ["duration", "durationUnit"])
        fail(property, 'is required when paymentType is "invoice"');
    // Seed 003's own port-to-port sample pays by invoice without destDcf: the destination port fixes it.
    if (v.destPortId === undefined && v.destDcf === undefined)
      fail("destDcf", 'is required when paymentType is "invoice" (the destination data-center facility)');
  },
};

const otherPort: CrossFieldRule<Layer2ConnectionInputs> = {
  reads: ["portId", "destPortId"],
  check(v, fail) {
    if (v.destPortId !== undefined && v.destPortId === v.portId)
      fail("destPortId", "must be another port than portId");
  },
};

/** Port-to-port joins two of your own ports; company-to-company goes to another company. */
const shape: CrossFieldRule<Layer2ConnectionInputs> = {
  reads: ["destPortId", "destCompany", "companyUsername"],
  check(v, fail) {
    const company = v.companyUsername;
    if (company === undefined || v.destCompany === undefined) return;
    if (v.destPortId !== undefined && v.destCompany !== company)
      fail(
        "destCompany",
        `must be your own company ("${company}") when destPortId is set: a port-to-port connection joins two of your ports; to reach another company, leave destPortId out`,
      );
    if (v.destPortId === undefined && v.destCompany === company)
      fail(
        "destPortId",
        "is required for a connection to your own company (port-to-port); a company-to-company connection goes to another company",
      );
  },
};

/** Seed 003's company-to-company request names the destination region; seed 002's Oracle request does not. */
const destinationRegion: CrossFieldRule<Layer2ConnectionInputs> = {
  reads: ["destPortId", "destCompany", "destRegionId"],
  check(v, fail) {
    if (v.destPortId === undefined && v.destCompany !== ORACLE && v.destRegionId === undefined)
      fail(
        "destRegionId",
        "is required for a company-to-company connection (one of the destination metro's regionIds)",
      );
  },
};

/** `consoleconnect.Layer2Connection`, declared once. */
export const layer2Connection = defineResource({
  vendor: "consoleconnect",
  type: "Layer2Connection",
  inputs: layer2ConnectionInputSchema,
  computed: layer2ConnectionComputedSchema,
  rules: [term, invoice, otherPort, shape, destinationRegion],
});

/** What the resource stores: every input as the program wrote it, and what the API computed. */
export type Layer2ConnectionOutputs = StateOf<typeof layer2Connection>;

/** Port-to-port between your own ports, or company-to-company (Oracle FastConnect is one, to `oracle`). */
export function shapeOf(inputs: Pick<Layer2ConnectionInputs, "destPortId" | "destCompany">) {
  if (inputs.destPortId !== undefined) return "port-to-port";
  return inputs.destCompany === ORACLE ? "oracle" : "company-to-company";
}
