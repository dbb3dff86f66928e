/**
 * The inputs of `equinix.L2Connection` and every rule `check` enforces before anything is sent: seed 001's
 * field rules and tagging table, and ../shared/api-notes/equinix.md §3.
 */
import { z } from "zod";
import { timeoutsSchema, uuidSchema } from "../../core/schemas";

/**
 * Seed 001: "An alpha-numeric 24 characters string which can include only hyphens and underscores". The API's
 * own 400 message also mentions spaces between words; we follow the seed, which is the stricter reading.
 */
const NAME = /^[A-Za-z0-9_-]+$/;

export const connectionName = z
  .string()
  .min(1, "must not be empty")
  .max(24, "must be at most 24 characters (Equinix limit, IC-LAYER2-402)")
  .regex(NAME, "may contain only letters, digits, hyphens and underscores");

const vlanTag = z
  .number()
  .int("must be a whole number")
  .min(2, "VLAN tags range from 2 to 4094")
  .max(4094, "VLAN tags range from 2 to 4094");

/** The terraform provider's notification pattern: something@something, no spaces. */
const email = z.string().regex(/^[^ @]+@[^ @]+$/, "must be an e-mail address");

const encapsulation = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(["dot1q", "qinq"], { error: 'must be "Dot1Q" or "QinQ"' }));

/** Azure peering types; the API answers in capitalised form, users write any case (MANUAL/PUBLIC are deprecated). */
export const NAMED_TAGS = ["Private", "Microsoft", "Public", "Manual"] as const;
const namedTag = z.string().refine((s) => NAMED_TAGS.some((t) => t.toLowerCase() === s.toLowerCase()), {
  error: `must be one of ${NAMED_TAGS.join(", ")}`,
});

export const secondaryConnectionSchema = z.object({
  name: connectionName,
  portUuid: uuidSchema,
  vlanSTag: vlanTag,
  vlanCTag: vlanTag.optional(),
  zSideVlanCTag: vlanTag.optional(),
});

/** `primaryUuid` or `primaryUuid:secondaryUuid`, the same form terraform's import takes. */
const adoptId = z
  .string()
  .regex(
    /^[0-9a-fA-F-]{36}(:[0-9a-fA-F-]{36})?$/,
    'must be "<primary uuid>" or "<primary uuid>:<secondary uuid>"',
  );

export const l2ConnectionInputSchema = z
  .object({
    name: connectionName,
    profileUuid: uuidSchema,
    speed: z.number().int("must be a whole number").positive("must be at least 1"),
    speedUnit: z.enum(["MB", "GB"], { error: 'must be "MB" or "GB" (case-sensitive)' }),
    notifications: z.array(email).min(1, "needs at least one e-mail address to notify"),
    purchaseOrderNumber: z.string().min(1).max(30, "must be at most 30 characters").optional(),
    authorizationKey: z.string().min(1, "must not be empty when given").optional(),
    sellerRegion: z.string().min(1).optional(),
    sellerMetroCode: z
      .string()
      .regex(/^[A-Z]{2}$/, "must be a two-letter upper-case metro code such as SV")
      .optional(),
    portUuid: uuidSchema,
    vlanSTag: vlanTag,
    vlanCTag: vlanTag.optional(),
    zSideVlanCTag: vlanTag.optional(),
    namedTag: namedTag.optional(),
    secondaryConnection: secondaryConnectionSchema.optional(),
    /** Encapsulation of the A-side ports (from equinix.getUserPorts()); enables the tagging table in check. */
    portEncapsulation: encapsulation.optional(),
    /** Encapsulation of the seller's profile (from equinix.getServiceProfile()); enables the tagging table. */
    profileEncapsulation: encapsulation.optional(),
    timeouts: timeoutsSchema.optional(),
    adoptId: adoptId.optional(),
  })
  .superRefine((v, ctx) => {
    const fail = (path: (string | number)[], message: string, reads: string[]) =>
      ctx.addIssue({ code: "custom", path, message, params: { reads } });

    // Seed 001's tagging table, applied to each connection of the pair when both encapsulations are known.
    if (v.portEncapsulation && v.profileEncapsulation) {
      const table = { reads: ["portEncapsulation", "profileEncapsulation"] };
      const legs: { prefix: string[]; cTag?: number; zCTag?: number }[] = [
        { prefix: [], cTag: v.vlanCTag, zCTag: v.zSideVlanCTag },
      ];
      if (v.secondaryConnection)
        legs.push({
          prefix: ["secondaryConnection"],
          cTag: v.secondaryConnection.vlanCTag,
          zCTag: v.secondaryConnection.zSideVlanCTag,
        });
      const a = v.portEncapsulation === "dot1q" ? "Dot1Q" : "QinQ";
      const z = v.profileEncapsulation === "dot1q" ? "Dot1Q" : "QinQ";
      const manual = v.namedTag?.toLowerCase() === "manual";
      for (const leg of legs) {
        const cTagPath = [...leg.prefix, "vlanCTag"];
        const zPath = [...leg.prefix, "zSideVlanCTag"];
        const reads = [...table.reads, cTagPath.join("."), zPath.join("."), "namedTag"];
        if (a === "Dot1Q" && leg.cTag !== undefined)
          fail(cTagPath, `must not be set: a ${a} port carries a single tag (the S-tag)`, reads);
        if (a === "QinQ" && z === "Dot1Q" && leg.cTag === undefined)
          fail(
            cTagPath,
            `is required from a QinQ port to a Dot1Q service profile (seed 001 tagging table)`,
            reads,
          );
        if (a === "Dot1Q" && z === "QinQ" && leg.zCTag === undefined)
          fail(
            zPath,
            `is required from a Dot1Q port to a QinQ service profile (seed 001 tagging table)`,
            reads,
          );
        if (!(a === "Dot1Q" && z === "QinQ") && !manual && leg.zCTag !== undefined)
          fail(
            zPath,
            `must not be set from a ${a} port to a ${z} service profile unless namedTag is "Manual" (seed 001 tagging table)`,
            reads,
          );
      }
    }

    // Two connections of one pair on the same port cannot share the same tags.
    const s = v.secondaryConnection;
    if (s && s.portUuid.toLowerCase() === v.portUuid.toLowerCase() && s.vlanSTag === v.vlanSTag) {
      if ((s.vlanCTag ?? null) === (v.vlanCTag ?? null))
        fail(
          ["secondaryConnection", "vlanSTag"],
          "repeats the primary's VLAN tags on the same port; use another port or other tags",
          [
            "portUuid",
            "vlanSTag",
            "vlanCTag",
            "secondaryConnection.portUuid",
            "secondaryConnection.vlanCTag",
          ],
        );
    }
  });

export type L2ConnectionInputs = z.infer<typeof l2ConnectionInputSchema>;
export type SecondaryConnectionInputs = z.infer<typeof secondaryConnectionSchema>;

/** Every input property, for diff. */
export const INPUT_KEYS: readonly string[] = Object.keys(l2ConnectionInputSchema.shape);
