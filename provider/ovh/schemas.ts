/**
 * zod pieces shared by the OVHcloud Connect input schemas. Every message names the rule it enforces; the rules
 * are the API's (../shared/api-notes/ovh.md §1.3 and §1.5). Company rules (private ASNs, address plans across
 * resources) belong to the policy pack, not here.
 */
import { z } from "zod";
import type { CrossFieldRule } from "../core/definition";
import { Ipv4Cidr, isIpv4, isNetworkAddress, networkOf, parseCidr } from "../core/net";
import { uuidSchema } from "../core/schemas";

/** The OVHcloud Connect service: its uuid is its service name. */
export const occServiceName = uuidSchema;

/** A vRack's service name. */
export const vrackName = z.string().regex(/^pn-[0-9]+$/, "must be a vRack service name such as pn-123456");

/** The API's `long` ids (interfaces, datacenters, configurations). */
export const apiId = z.number().int("must be a whole number").positive("must be a positive id");

const ASN_RULE =
  "must be a BGP AS number: a whole number from 1 to 4294967294 (0 and 4294967295 are reserved)";

/** The API types ASNs as `long`; 0 (RFC 7607) and 4294967295 (RFC 7300) are reserved. */
export const asn = z.number().int(ASN_RULE).min(1, ASN_RULE).max(4294967294, ASN_RULE);

export const ipv4Address = z.string().refine(isIpv4, "must be an IPv4 address such as 10.0.0.5");

/**
 * An IPv4 block (`ipv4Block` in the API), written as its network address so that what is stored matches what
 * the API answers; `prefix` adds the rule for its size.
 */
export function ipv4Block(prefix?: { allows: (length: number) => boolean; rule: string }) {
  return z.string().superRefine((text, ctx) => {
    const cidr = parseCidr(text);
    if (!cidr) {
      ctx.addIssue({
        code: "custom",
        message: "must be an IPv4 block in CIDR notation, such as 10.0.0.0/28",
      });
      return;
    }
    if (prefix && !prefix.allows(cidr.prefix)) ctx.addIssue({ code: "custom", message: prefix.rule });
    if (!isNetworkAddress(cidr))
      ctx.addIssue({ code: "custom", message: `must be written as its network address, ${networkOf(cidr)}` });
  });
}

/** The id of an existing object to take over instead of creating one; ignored once the resource exists. */
const ADOPT_RULE = 'must be the id of the existing configuration, such as "501"';
export const adoptConfigId = z.union([apiId, z.string().regex(/^[1-9][0-9]*$/, ADOPT_RULE)], {
  error: ADOPT_RULE,
});

/** A CIDR that parsed, from a value that may be anything. */
export function knownCidr(value: unknown): Ipv4Cidr | undefined {
  return typeof value === "string" ? parseCidr(value) : undefined;
}

/** Whether a value is present (null and undefined are both "not set"). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The status of an OVHcloud Connect configuration. */
export const configStatus = z.enum(["init", "active", "toDelete"]);

/**
 * Inputs that depend on `type`: each variant requires its own fields and forbids the other variants' ones (L3
 * fields on an L2 PoP config; BGP fields on a static route). One rule per field, reading `type` and that field, so
 * that an unknown value elsewhere never hides it.
 */
export function variantRules<T extends { type?: unknown }>(
  variants: Record<string, { label: string; fields: readonly string[] }>,
): CrossFieldRule<T>[] {
  const rules: CrossFieldRule<T>[] = [];
  for (const [name, variant] of Object.entries(variants)) {
    for (const field of variant.fields) {
      rules.push({
        reads: ["type", field],
        check(value, fail) {
          const chosen = typeof value.type === "string" ? value.type : undefined;
          // An own property only: "toString" and the like are not variants.
          if (chosen === undefined || !Object.prototype.hasOwnProperty.call(variants, chosen)) return;
          const present = isSet((value as Record<string, unknown>)[field]);
          const selected = variants[chosen];
          if (chosen === name && !present)
            fail(field, `is required for ${selected.label} (type "${chosen}")`);
          if (chosen !== name && !selected.fields.includes(field) && present)
            fail(
              field,
              `must not be set on ${selected.label} (type "${chosen}"): it belongs to ${variant.label} (type "${name}")`,
            );
        },
      });
    }
  }
  return rules;
}
