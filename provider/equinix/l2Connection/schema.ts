/**
 * The declaration of `equinix.L2Connection`: its inputs, what the API computes, and every rule `check` enforces
 * before anything is sent — seed 001's field rules and tagging table (see docs/equinix.md).
 */
import { z } from "zod";
import { CrossFieldRule, StateOf, defineResource } from "../../core/definition";
import { timeoutsSchema, uuidSchema } from "../../core/schemas";
import { configuredApiVersion } from "../client";
import {
  NAME_MAX_LENGTH,
  NOTIFICATION_EMAIL_PATTERN,
  SPEED_UNITS,
  V3_VLAN_TAG_RANGE,
  V4_VLAN_TAG_RANGE,
} from "../rules";

/**
 * Seed 001: "An alpha-numeric 24 characters string which can include only hyphens and underscores". The API's
 * own 400 message also mentions spaces between words; we follow the seed, which is the stricter reading.
 */
const NAME = /^[A-Za-z0-9_-]+$/;

export const connectionName = z
  .string()
  .min(1, "must not be empty")
  .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters (Equinix limit, IC-LAYER2-402)`)
  .regex(NAME, "may contain only letters, digits, hyphens and underscores");

/** ECX v3's range; Fabric v4 stops at 4092, a rule below that knows the API version. */
const vlanTag = z
  .number()
  .int("must be a whole number")
  .min(V3_VLAN_TAG_RANGE.min, `VLAN tags range from ${V3_VLAN_TAG_RANGE.min} to ${V3_VLAN_TAG_RANGE.max}`)
  .max(V3_VLAN_TAG_RANGE.max, `VLAN tags range from ${V3_VLAN_TAG_RANGE.min} to ${V3_VLAN_TAG_RANGE.max}`);

/** The terraform provider's notification pattern: something@something, no spaces. */
const email = z.string().regex(NOTIFICATION_EMAIL_PATTERN, "must be an e-mail address");

const encapsulation = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(["dot1q", "qinq"], { error: 'must be "Dot1Q" or "QinQ"' }));

/** Azure peering types; the API answers in capitalised form, users write any case (MANUAL/PUBLIC are deprecated). */
export const NAMED_TAGS = ["Private", "Microsoft", "Public", "Manual"] as const;
const namedTag = z.string().refine((s) => NAMED_TAGS.some((t) => t.toLowerCase() === s.toLowerCase()), {
  error: `must be one of ${NAMED_TAGS.join(", ")}`,
});

const speed = z.number().int("must be a whole number").positive("must be at least 1");
const speedUnit = z.enum(SPEED_UNITS, { error: 'must be "MB" or "GB" (case-sensitive)' });
const metroCode = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter upper-case metro code such as SV");
const nonEmpty = z.string().min(1, "must not be empty when given");

export const secondaryConnectionSchema = z.object({
  /** Name of the secondary connection: 1–24 letters, digits, hyphens or underscores. Changes in place. */
  name: connectionName,
  /** The secondary A-side port. */
  portUuid: uuidSchema,
  /** Outer (S) tag on the secondary port (the only tag on a Dot1Q port): 2–4092 on Fabric v4, 2–4094 on v3. */
  vlanSTag: vlanTag,
  /** Inner (C) tag, QinQ ports only. */
  vlanCTag: vlanTag.optional(),
  /** Z-side C-tag (Dot1Q port to a QinQ profile, Azure's inner tag, or Manual peering). */
  zSideVlanCTag: vlanTag.optional(),
  /**
   * Fabric v4: the secondary's own seller key, when it differs from the primary's — Google Cloud gives one
   * pairing key per VLAN attachment. Azure and AWS use one key for both legs: leave it out. Stored as a secret.
   */
  authorizationKey: nonEmpty.optional(),
  /** Fabric v4: the secondary's own service profile (Google Cloud's Zone 2 profile). Default: the primary's. */
  profileUuid: uuidSchema.optional(),
  /** Fabric v4: the secondary's own bandwidth, with `speedUnit`. Default: the primary's. Changes in place. */
  speed: speed.optional(),
  /** "MB" or "GB", with `speed`. */
  speedUnit: speedUnit.optional(),
  /** Fabric v4: the secondary's own seller region (Google Cloud: the attachment's region). Default: the primary's. */
  sellerRegion: nonEmpty.optional(),
  /** Fabric v4: the secondary's own seller metro code. Default: the primary's. */
  sellerMetroCode: metroCode.optional(),
});

/** `primaryUuid` or `primaryUuid:secondaryUuid`, the same form terraform's import takes. */
const adoptId = z
  .string()
  .regex(
    /^[0-9a-fA-F-]{36}(:[0-9a-fA-F-]{36})?$/,
    'must be "<primary uuid>" or "<primary uuid>:<secondary uuid>"',
  );

export const l2ConnectionInputSchema = z.object({
  /** Name of the primary connection: 1–24 letters, digits, hyphens or underscores. Changes in place. */
  name: connectionName,
  /** The seller's service profile. */
  profileUuid: uuidSchema,
  /** Bandwidth, with `speedUnit`. Changes in place where the seller allows it. */
  speed,
  /** "MB" or "GB". */
  speedUnit,
  /** Who Equinix notifies about the connection: at least one e-mail address. */
  notifications: z.array(email).min(1, "needs at least one e-mail address to notify"),
  /** Your purchase order number, up to 30 characters. */
  purchaseOrderNumber: z
    .string()
    .min(1, "must not be empty when given")
    .max(30, "must be at most 30 characters")
    .optional(),
  /** The seller's key (AWS account id, Azure service key, Google pairing key…). Always stored as a secret. */
  authorizationKey: nonEmpty.optional(),
  /** The seller's region (AWS: "us-west-1"…), from the profile's metros. */
  sellerRegion: nonEmpty.optional(),
  /** The seller's metro code, two upper-case letters ("SV"). */
  sellerMetroCode: metroCode.optional(),
  /** The primary A-side port. */
  portUuid: uuidSchema,
  /** Outer (S) tag on the primary port (the only tag on a Dot1Q port): 2–4092 on Fabric v4, 2–4094 on v3. */
  vlanSTag: vlanTag,
  /** Inner (C) tag, QinQ ports only. */
  vlanCTag: vlanTag.optional(),
  /** Z-side C-tag (Dot1Q port to a QinQ profile, Azure's inner tag, or Manual peering). */
  zSideVlanCTag: vlanTag.optional(),
  /** Azure peering type: Private, Microsoft (Public and Manual are deprecated). */
  namedTag: namedTag.optional(),
  /** The second connection of a redundant pair. */
  secondaryConnection: secondaryConnectionSchema.optional(),
  /**
   * "Dot1Q" or "QinQ": the A-side ports' encapsulation (from equinix.getUserPorts()); with
   * `profileEncapsulation`, check applies seed 001's tagging table.
   */
  portEncapsulation: encapsulation.optional(),
  /** "Dot1Q" or "QinQ": the service profile's encapsulation (from equinix.getServiceProfile()). */
  profileEncapsulation: encapsulation.optional(),
  /** How long create, update and delete may wait ("30m", "2h"). Defaults: 20m, 10m, 20m. */
  timeouts: timeoutsSchema.optional(),
  /** Take over an existing connection instead of creating one: "<primary uuid>" or "<primary uuid>:<secondary uuid>". */
  adoptId: adoptId.optional(),
});

export type L2ConnectionInputs = z.output<typeof l2ConnectionInputSchema>;
export type SecondaryConnectionInputs = z.output<typeof secondaryConnectionSchema>;

/** The seller's end of a connection, as Fabric v4 reports it (port and tags once the seller has assigned them). */
export const zSideSchema = z.object({
  /** The seller's service profile this connection goes to (per leg: Google Cloud's legs go to two profiles). */
  profileUuid: z.string().optional(),
  profileName: z.string().optional(),
  /** The seller's port. */
  portUuid: z.string().optional(),
  portName: z.string().optional(),
  /** The VLAN tag(s) on the seller's port. */
  vlanTag: z.number().optional(),
  vlanSTag: z.number().optional(),
  vlanCTag: z.number().optional(),
});

/** The computed state of one connection of the pair. */
export const connectionStateSchema = z.object({
  /** The connection's UUID. */
  uuid: z.string(),
  /**
   * Fabric v4 only: its name and A-side port as Equinix reports them. They stay readable when Pulumi stores
   * `secondaryConnection` as a secret, which it does as a whole once its `authorizationKey` is one (Google Cloud).
   */
  name: z.string().optional(),
  portUuid: z.string().optional(),
  portName: z.string().optional(),
  /** Its Equinix status: PROVISIONED once up. */
  status: z.string(),
  /** Fabric v4 only: its state (PROVISIONED or ACTIVE once up, PENDING while the seller decides…). */
  state: z.string().optional(),
  /** Its status on the seller's side. */
  providerStatus: z.string().optional(),
  /** The redundancy group the two connections of a pair share. */
  redundancyGroup: z.string().optional(),
  /** Fabric v4 only: the seller's end (port, VLAN tags). */
  zSide: zSideSchema.optional(),
});

export type ConnectionState = z.output<typeof connectionStateSchema>;
export type ZSide = z.output<typeof zSideSchema>;

/** What the API computes for the pair. */
export const l2ConnectionComputedSchema = z.object({
  /** The API the pair was created with: "v4" (Fabric) or "v3" (ECX). Absent in stacks deployed with 0.1.0 (v3). */
  apiVersion: z.enum(["v4", "v3"]).optional(),
  /** The primary connection's UUID (also the resource id). */
  uuid: z.string(),
  /** The primary connection's Equinix status (v4 `operation.equinixStatus`): PROVISIONED once up. */
  status: z.string(),
  /** Fabric v4 only: the primary connection's state. */
  state: z.string().optional(),
  /** The primary connection's status on the seller's side. */
  providerStatus: z.string().optional(),
  /** The redundancy group the two connections of a pair share. */
  redundancyGroup: z.string().optional(),
  /** "primary" for the primary connection. */
  redundancyType: z.string().optional(),
  /** Fabric v4 only: the seller's end of the primary connection (port, VLAN tags the seller assigned). */
  zSide: zSideSchema.optional(),
  /** The secondary connection's uuid, statuses, redundancy group and seller's end. */
  secondary: connectionStateSchema.optional(),
});

const tagging = (prefix: "" | "secondaryConnection."): CrossFieldRule<L2ConnectionInputs> => ({
  reads: [
    "portEncapsulation",
    "profileEncapsulation",
    "namedTag",
    `${prefix}vlanCTag`,
    `${prefix}zSideVlanCTag`,
    // The S-tag is required: where it is, the connection is.
    `${prefix}vlanSTag`,
  ],
  check(v, fail) {
    // Seed 001's tagging table, applied to each connection of the pair when both encapsulations are known.
    if (!v.portEncapsulation || !v.profileEncapsulation) return;
    const leg = prefix ? v.secondaryConnection : v;
    if (leg?.vlanSTag === undefined) return;
    const a = v.portEncapsulation === "dot1q" ? "Dot1Q" : "QinQ";
    const z = v.profileEncapsulation === "dot1q" ? "Dot1Q" : "QinQ";
    const manual = v.namedTag?.toLowerCase() === "manual";
    const cTag = `${prefix}vlanCTag`;
    const zCTag = `${prefix}zSideVlanCTag`;
    if (a === "Dot1Q" && leg?.vlanCTag !== undefined)
      fail(cTag, `must not be set: a ${a} port carries a single tag (the S-tag)`);
    if (a === "QinQ" && z === "Dot1Q" && leg?.vlanCTag === undefined)
      fail(cTag, "is required from a QinQ port to a Dot1Q service profile (seed 001 tagging table)");
    if (a === "Dot1Q" && z === "QinQ" && leg?.zSideVlanCTag === undefined)
      fail(zCTag, "is required from a Dot1Q port to a QinQ service profile (seed 001 tagging table)");
    if (!(a === "Dot1Q" && z === "QinQ") && !manual && leg?.zSideVlanCTag !== undefined)
      fail(
        zCTag,
        `must not be set from a ${a} port to a ${z} service profile unless namedTag is "Manual" (seed 001 tagging table)`,
      );
  },
});

/** Two connections of one pair on the same port cannot share the same tags. */
const distinctLegs: CrossFieldRule<L2ConnectionInputs> = {
  reads: [
    "portUuid",
    "vlanSTag",
    "vlanCTag",
    "secondaryConnection.portUuid",
    "secondaryConnection.vlanSTag",
    "secondaryConnection.vlanCTag",
  ],
  check(v, fail) {
    const s = v.secondaryConnection;
    if (!s?.portUuid || !v.portUuid || s.portUuid.toLowerCase() !== v.portUuid.toLowerCase()) return;
    if (s.vlanSTag === v.vlanSTag && (s.vlanCTag ?? null) === (v.vlanCTag ?? null))
      fail(
        "secondaryConnection.vlanSTag",
        "repeats the primary's VLAN tags on the same port; use another port or other tags",
      );
  },
};

/** The largest VLAN tag of each API: Fabric v4 stops at 4092 (its OpenAPI specification), ECX v3 at 4094. */
export const MAX_VLAN_TAG = { v4: V4_VLAN_TAG_RANGE.max, v3: V3_VLAN_TAG_RANGE.max } as const;
/** Fabric v4's largest bandwidth, in Mbps (its OpenAPI specification's request schema). */
export const MAX_V4_BANDWIDTH_MBPS = 100_000;

const TAG_PATHS = [
  "vlanSTag",
  "vlanCTag",
  "zSideVlanCTag",
  "secondaryConnection.vlanSTag",
  "secondaryConnection.vlanCTag",
  "secondaryConnection.zSideVlanCTag",
] as const;

/** The API new connections go to, as check can know it (the provider's configuration; no network call). */
function apiVersionOrFailure(fail: (property: string, reason: string) => void, property: string) {
  try {
    return configuredApiVersion();
  } catch (error) {
    fail(property, `could not be checked: ${(error as Error).message}`);
    return undefined;
  }
}

const valueAtPath = (v: Record<string, unknown>, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
      v,
    );

/** Fabric v4 takes VLAN tags up to 4092 (v3 up to 4094, which the schema allows). */
const v4TagRange = (path: (typeof TAG_PATHS)[number]): CrossFieldRule<L2ConnectionInputs> => ({
  reads: [path],
  check(v, fail) {
    const tag = valueAtPath(v, path);
    if (typeof tag !== "number" || tag <= MAX_VLAN_TAG.v4) return;
    if (apiVersionOrFailure(fail, path) === "v4")
      fail(
        path,
        `VLAN tags range from ${V4_VLAN_TAG_RANGE.min} to ${V4_VLAN_TAG_RANGE.max} on Equinix Fabric v4`,
      );
  },
});

/** Fabric v4 bandwidths are whole Mbps up to 100 000. */
const v4Bandwidth = (prefix: "" | "secondaryConnection."): CrossFieldRule<L2ConnectionInputs> => ({
  reads: [`${prefix}speed`, `${prefix}speedUnit`],
  check(v, fail) {
    const leg = (prefix ? v.secondaryConnection : v) ?? {};
    if (leg.speed === undefined) return;
    const mbps = leg.speedUnit === "GB" ? leg.speed * 1000 : leg.speed;
    if (mbps > MAX_V4_BANDWIDTH_MBPS && apiVersionOrFailure(fail, `${prefix}speed`) === "v4")
      fail(`${prefix}speed`, `must be at most ${MAX_V4_BANDWIDTH_MBPS} Mbps (100 GB) on Equinix Fabric v4`);
  },
});

/** Settings of the secondary's own exist on Fabric v4 only: ECX v3 creates both legs in one request. */
const PER_LEG = [
  "authorizationKey",
  "profileUuid",
  "speed",
  "speedUnit",
  "sellerRegion",
  "sellerMetroCode",
] as const;
const perLegOnV4 = (field: (typeof PER_LEG)[number]): CrossFieldRule<L2ConnectionInputs> => ({
  reads: [`secondaryConnection.${field}`],
  check(v, fail) {
    if (v.secondaryConnection?.[field] === undefined) return;
    if (apiVersionOrFailure(fail, `secondaryConnection.${field}`) === "v3")
      fail(
        `secondaryConnection.${field}`,
        "is a Fabric v4 setting: ECX v3 creates both connections of a pair in one request, with the primary's settings",
      );
  },
});

/** `equinix.L2Connection`, declared once. */
export const l2Connection = defineResource({
  vendor: "equinix",
  type: "L2Connection",
  inputs: l2ConnectionInputSchema,
  computed: l2ConnectionComputedSchema,
  rules: [
    tagging(""),
    tagging("secondaryConnection."),
    distinctLegs,
    ...TAG_PATHS.map(v4TagRange),
    v4Bandwidth(""),
    v4Bandwidth("secondaryConnection."),
    ...PER_LEG.map(perLegOnV4),
  ],
  secretInputs: ["authorizationKey", "secondaryConnection.authorizationKey"],
});

/** What the resource stores: every input as the program wrote it, and what the API computed. */
export type L2ConnectionOutputs = StateOf<typeof l2Connection>;
