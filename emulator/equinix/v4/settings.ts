/**
 * How the emulated Fabric v4 behaves where no public source says: lifecycle timings, who approves and when, and
 * the invented rules that refuse requests. Every value here is Invented; each can be set by the factory's
 * `fabricV4` option and changed at run time with PATCH /__emulator/equinix/v4/settings.
 */
import { z } from "zod";

/**
 * Invented: rules that refuse a request although no public source says the API does (or says so only for a
 * client-side check). All on by default; a client must never depend on them, so each can be switched off.
 */
export const INVENTED_RULES = {
  /** Names longer than 24 characters → 400 EQ-3142539 (Terraform's schema checks 1–24 client-side). */
  nameLength: true,
  /** The a-side link protocol must match the port's encapsulation (DOT1Q port → vlanTag, QINQ port → vlanSTag). */
  linkProtocolMatchesPort: true,
  /** A PRIMARY must not quote a redundancy group (the server makes one) → 400 EQ-3142516. */
  primaryWithoutGroup: true,
  /** A redundancy group takes one live SECONDARY → 400 EQ-3142516. */
  oneSecondaryPerGroup: true,
  /** Google Cloud zone profiles take PRIMARY connections only → 400 EQ-3142303. */
  cspPrimaryOnly: true,
  /** `zSide.accessPoint.sellerRegion` must be a key of the profile metro's `sellerRegions` → 400 EQ-3142501. */
  sellerRegion: true,
  /** AWS keys are 12-digit account ids → 400 EQ-3142501. */
  awsAccountId: true,
  /** Google keys are pairing keys `<id>/<region>/<zone>` whose zone matches the profile's → 400 EQ-3142501. */
  googlePairingKey: true,
  /**
   * Azure: a secondary quotes its primary's service key; one live connection per (key, peeringType, priority);
   * distinct Microsoft-side C-tags per key and port → 400 EQ-3142501 / EQ-3142102.
   */
  azureServiceKey: true,
  /** Search `pagination.limit` above 100 → 400 EQ-3000035 (the schema says 1–100; spec examples send 1000). */
  searchLimit: true,
  /** Seller actions (acceptance, rejection) need the profile owner's token → 403 EQ-3045003. */
  sellerActionsNeedSeller: true,
  /** Only the buyer PATCHes or DELETEs a connection; the profile's seller gets 403 EQ-3142401. */
  buyerOnlyChanges: true,
  /**
   * A PATCH waits for the previous update to complete (400 EQ-3142510) and is refused on a rejected connection
   * (400 EQ-3142501). Off: a new PATCH replaces an update still in progress.
   */
  settledUpdates: true,
};

export type InventedRule = keyof typeof INVENTED_RULES;

export type Approval = "manual" | { autoAfterMs: number };

export interface FabricV4Settings {
  /** PROVISIONING → PROVISIONED (cloud profiles, and generic ones once accepted). */
  provisioningMs: number;
  /** DEPROVISIONING → DEPROVISIONED. */
  deprovisioningMs: number;
  /** A PATCH's change: APPROVED → COMPLETED. */
  updateMs: number;
  /** How long a DEPROVISIONED connection stays readable and searchable. */
  retentionMs: number | "forever";
  /**
   * The seller of profiles that need approval (connection requests, bandwidth increases): "manual" waits for a
   * seller action or the control endpoint; `{autoAfterMs}` makes the seller accept by itself after that delay.
   */
  sellerApproval: Approval;
  /** AWS hosted connections: accepted in the AWS console by hand ("manual") or after a delay. */
  awsAcceptance: Approval;
  /** GET of an unknown connection: 400 EQ-3142519 (spec `400_Invalid_id`) or 404 EQ-3045811 (spec 404). */
  unknownConnectionStatus: 400 | 404;
  rules: Record<InventedRule, boolean>;
}

export const DEFAULT_FABRIC_V4_SETTINGS: FabricV4Settings = {
  provisioningMs: 2000,
  deprovisioningMs: 2000,
  updateMs: 1000,
  retentionMs: 3_600_000,
  sellerApproval: "manual",
  awsAcceptance: "manual",
  unknownConnectionStatus: 400,
  rules: { ...INVENTED_RULES },
};

const approvalSchema = z.union([
  z.literal("manual"),
  z.object({ autoAfterMs: z.number().int().min(0) }).strict(),
]);

const ruleNames = Object.keys(INVENTED_RULES) as [InventedRule, ...InventedRule[]];

/** A partial update of the settings (the factory option and the control endpoint take the same shape). */
export const settingsPatchSchema = z
  .object({
    /** Shorthand: every timing 0, so that each transition happens on the next request. */
    instant: z.boolean().optional(),
    provisioningMs: z.number().int().min(0).optional(),
    deprovisioningMs: z.number().int().min(0).optional(),
    updateMs: z.number().int().min(0).optional(),
    retentionMs: z.union([z.number().int().min(0), z.literal("forever")]).optional(),
    sellerApproval: approvalSchema.optional(),
    awsAcceptance: approvalSchema.optional(),
    unknownConnectionStatus: z.union([z.literal(400), z.literal(404)]).optional(),
    rules: z.partialRecord(z.enum(ruleNames), z.boolean()).optional(),
  })
  .strict();

export type FabricV4Options = z.input<typeof settingsPatchSchema>;

export function applySettingsPatch(settings: FabricV4Settings, patch: FabricV4Options): FabricV4Settings {
  const { instant, rules, ...rest } = settingsPatchSchema.parse(patch);
  const timings = instant ? { provisioningMs: 0, deprovisioningMs: 0, updateMs: 0 } : {};
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return {
    ...settings,
    ...timings,
    ...defined,
    rules: { ...settings.rules, ...rules },
  };
}
