/**
 * Console Connect L2 connections: allowed payment types and classes of service. The defaults are what the provider
 * accepts (`rules.consoleconnect` of pulumi-interconnect); the config narrows them.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rules } from "pulumi-interconnect";
import { z } from "zod";
import { type PolicyConfig, policyConfig } from "./config";
import { CONSOLECONNECT_LAYER2_CONNECTION } from "./types";
import { isMissing, isUnknown, show, validateTypes } from "./util";

type AllowedValuesSchema = z.ZodObject<Record<string, z.ZodDefault<z.ZodArray<z.ZodString>>>>;

/** A Console Connect policy allowing `field` to take only the values listed under `configKey` in the policy config. */
function allowedValuesPolicy(spec: {
  name: string;
  field: string;
  configKey: string;
  defaults: readonly string[];
  configDescription: string;
  description: string;
  remediationSteps: string;
}): { policy: ResourceValidationPolicy; config: PolicyConfig<AllowedValuesSchema> } {
  const config = policyConfig(
    spec.name,
    z.object({
      [spec.configKey]: z
        .array(z.string())
        .min(1)
        .default(() => [...spec.defaults])
        .describe(spec.configDescription),
    }) as AllowedValuesSchema,
  );
  const policy: ResourceValidationPolicy = {
    name: spec.name,
    description: spec.description,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: spec.remediationSteps,
    configSchema: config.configSchema,
    validateResource: validateTypes(
      [CONSOLECONNECT_LAYER2_CONNECTION],
      ({ props, pending }, args, report) => {
        const allowed = config.of(args.getConfig())[spec.configKey];
        const value = props[spec.field];
        if (isUnknown(value)) return pending.add(spec.field);
        if (isMissing(value)) return; // the API's default applies
        const normalised = allowed.map((a) => a.trim().toLowerCase());
        if (typeof value !== "string" || !normalised.includes(value.trim().toLowerCase())) {
          report(
            `${spec.field} ${show(value)} is not allowed (allowed: ${allowed.join(", ")}). Set ${spec.field} to one ` +
              `of them, or add it to ${spec.configKey} in the policy config.`,
          );
        }
      },
    ),
  };
  return { policy, config };
}

const paymentTypePolicy = allowedValuesPolicy({
  name: "consoleconnect-payment-type",
  field: "paymentType",
  configKey: "allowedPaymentTypes",
  defaults: rules.consoleconnect.PAYMENT_TYPES,
  configDescription:
    'Payment types allowed for Console Connect connections ("invoice", "plan", "creditcard").',
  description: "Console Connect L2 connections use an allowed payment type (default: invoice or plan).",
  remediationSteps: "Set paymentType to an allowed value, e.g. invoice.",
});
export const paymentTypeConfig = paymentTypePolicy.config;
export const paymentTypeConfigSchema = paymentTypeConfig.configSchema;
export const paymentType = paymentTypePolicy.policy;

const classOfServicePolicy = allowedValuesPolicy({
  name: "consoleconnect-class-of-service",
  field: "classOfService",
  configKey: "allowedClassesOfService",
  defaults: rules.consoleconnect.CLASSES_OF_SERVICE,
  configDescription: `Classes of service allowed for Console Connect connections (${rules.consoleconnect.CLASSES_OF_SERVICE.join(", ")}).`,
  description: "Console Connect L2 connections use an allowed class of service.",
  remediationSteps: "Set classOfService to an allowed value, e.g. SILVER.",
});
export const classOfServiceConfig = classOfServicePolicy.config;
export const classOfServiceConfigSchema = classOfServiceConfig.configSchema;
export const classOfService = classOfServicePolicy.policy;
