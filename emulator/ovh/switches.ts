/**
 * The OVH emulator's switches: the rules it enforces that no source documents (each one labelled `Invented:` where
 * it is checked, on by default, and each can be switched off), and how GET /vrack/{vrack}/allowedServices answers.
 * Set by the factory options, changed by PATCH /__emulator/ovh/switches, back to the factory options on reset.
 */
import { z } from "zod";

/** The invented rules, by name, with what each one answers. */
export const OVH_INVENTED_RULES = {
  conflictOnPendingParent: "409 on a create under a PoP or datacenter config that is not active yet",
  conflictOnDoubleDelete: "409 on a DELETE of a configuration that is already toDelete",
  singleTypePerVrack: "400 on a PoP config whose type differs from the other PoP configs of the vRack",
  noUnlinkWithPopConfig: "400 on unlinking a service from its vRack while it has PoP configs",
  conflictOnRunningVrackTask: "409 on unlinking a service while a vRack task for it is still running",
  onePopConfigPerInterface: "400 on a second PoP config on the same interface",
  oneDatacenterConfigPerVrack: "400 on a second datacenter config for the same datacenter in a vRack",
  uniqueExtras: "400 on a second static route to the same subnet, or BGP session with the same neighbour",
} as const;

export type OvhInventedRule = keyof typeof OVH_INVENTED_RULES;

const RULE_NAMES = Object.keys(OVH_INVENTED_RULES) as OvhInventedRule[];

/** `true`/`false` for every invented rule, or some of them by name (the others keep their value). */
export type InventedRulesInput = boolean | Partial<Record<OvhInventedRule, boolean>>;

export interface OvhSwitches {
  /** Which invented rules are in force. */
  rules: Record<OvhInventedRule, boolean>;
  /**
   * allowedServices lists no OVHcloud Connect service, as OVH answers a caller who does not hold the optional IAM
   * action `ovhCloudConnect:apiovh:vrack/attach` on them (OVH's API schema for /vrack/{serviceName}/allowedServices).
   */
  allowedServicesHidden: boolean;
}

export interface OvhSwitchesInput {
  inventedRules?: InventedRulesInput;
  allowedServicesHidden?: boolean;
}

const rulesSchema = z.union([z.boolean(), z.partialRecord(z.enum(RULE_NAMES), z.boolean())]);

export const switchesSchema = z
  .object({ inventedRules: rulesSchema.optional(), allowedServicesHidden: z.boolean().optional() })
  .strict();

/** Applies `input` over `switches` (in place). */
export function applySwitches(switches: OvhSwitches, input: OvhSwitchesInput): OvhSwitches {
  const { inventedRules, allowedServicesHidden } = input;
  if (typeof inventedRules === "boolean") for (const name of RULE_NAMES) switches.rules[name] = inventedRules;
  else if (inventedRules) Object.assign(switches.rules, inventedRules);
  if (allowedServicesHidden !== undefined) switches.allowedServicesHidden = allowedServicesHidden;
  return switches;
}

/** The factory settings: every invented rule on, allowedServices answering, then the options over them. */
export function initialSwitches(input: OvhSwitchesInput = {}): OvhSwitches {
  const rules = Object.fromEntries(RULE_NAMES.map((name) => [name, true])) as Record<
    OvhInventedRule,
    boolean
  >;
  return applySwitches({ rules, allowedServicesHidden: false }, input);
}
