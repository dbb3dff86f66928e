/**
 * Equinix Fabric L2 connections: redundancy and notifications; and the two connection policies whose rules are
 * Equinix's (speed units, name lengths), which apply to Console Connect connections as well.
 *
 * The e-mail rule, the speed units and the name length are the provider's (`rules.equinix` of pulumi-interconnect),
 * so the pack accepts exactly the addresses, units and lengths the resource's own check accepts.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rules } from "pulumi-interconnect";
import { z } from "zod";
import { policyConfig } from "./config";
import { CONNECTION_TYPES, EQUINIX_L2_CONNECTION } from "./types";
import { asProps, idText, isMissing, isUnknown, show, toNumber, validateTypes } from "./util";

const { isNotificationEmail, notificationDomain, isSpeedUnit, speedInMbps, NAME_MAX_LENGTH } = rules.equinix;
type SpeedUnit = rules.equinix.SpeedUnit;

// ---------------------------------------------------------------------------------------------------
// Equinix: redundancy
// ---------------------------------------------------------------------------------------------------

export const equinixRedundantConfig = policyConfig(
  "equinix-l2-redundant",
  z.object({
    requireDistinctPorts: z
      .boolean()
      .default(true)
      .describe(
        "Also require the secondary connection on a different port than the primary. An omitted " +
          "secondaryConnection.portUuid means the primary's port (Equinix defaults it).",
      ),
  }),
);
export type EquinixRedundantConfig = z.infer<typeof equinixRedundantConfig.schema>;
export const equinixRedundantConfigSchema = equinixRedundantConfig.configSchema;

export const equinixRedundant: ResourceValidationPolicy = {
  name: "equinix-l2-redundant",
  description:
    "Equinix Fabric L2 connections are redundant: a secondaryConnection exists (by default on another port).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set secondaryConnection { name, portUuid, vlanSTag } on the second port of your redundant port pair.",
  configSchema: equinixRedundantConfig.configSchema,
  validateResource: validateTypes([EQUINIX_L2_CONNECTION], ({ props, pending }, args, report) => {
    const config = equinixRedundantConfig.of(args.getConfig());
    const secondary = props.secondaryConnection;
    if (isUnknown(secondary)) return pending.add("secondaryConnection");
    if (isMissing(secondary)) {
      return report(
        "secondaryConnection is not set: this is a single, non-redundant connection, so one port failure or " +
          "maintenance window takes the link down. Set secondaryConnection (name, portUuid on a second port, " +
          "vlanSTag) to make the connection redundant.",
      );
    }
    if (typeof secondary !== "object" || Array.isArray(secondary)) {
      return report(
        `secondaryConnection is ${show(secondary)}, not an object. Set secondaryConnection to ` +
          "{ name, portUuid, vlanSTag } to make the connection redundant.",
      );
    }
    if (!config.requireDistinctPorts) return;
    const secondaryPort = asProps(secondary).portUuid;
    const primaryPort = props.portUuid;
    if (isUnknown(secondaryPort)) pending.add("secondaryConnection.portUuid");
    if (isUnknown(primaryPort)) pending.add("portUuid");
    if (isUnknown(secondaryPort) || isUnknown(primaryPort)) return;
    const primary = idText(primaryPort);
    if (primary === undefined) return; // not port-based (device or service token): nothing to compare
    if (isMissing(secondaryPort)) {
      return report(
        `secondaryConnection.portUuid is not set, so Equinix places the secondary on the primary's port ` +
          `(portUuid ${show(primary)}) and both fail together. Set secondaryConnection.portUuid to the other ` +
          "port of your redundant pair (or set requireDistinctPorts to false in the policy config).",
      );
    }
    if (idText(secondaryPort) === primary) {
      report(
        `secondaryConnection.portUuid is the same port as portUuid (${show(primary)}), so both connections ` +
          "fail together. Set secondaryConnection.portUuid to the other port of your redundant pair (or set " +
          "requireDistinctPorts to false in the policy config).",
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Equinix: notifications
// ---------------------------------------------------------------------------------------------------

export const equinixNotificationsConfig = policyConfig(
  "equinix-l2-notifications",
  z.object({
    minRecipients: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe("The least number of distinct e-mail addresses in notifications."),
    allowedDomains: z
      .array(z.string())
      .default([])
      .describe(
        'E-mail domains notifications may go to (subdomains included), e.g. ["example.com"]. Empty: any.',
      ),
  }),
);
export type EquinixNotificationsConfig = z.infer<typeof equinixNotificationsConfig.schema>;
export const equinixNotificationsConfigSchema = equinixNotificationsConfig.configSchema;

export const equinixNotifications: ResourceValidationPolicy = {
  name: "equinix-l2-notifications",
  description:
    "Equinix Fabric L2 connections notify someone: notifications lists enough valid e-mail addresses.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Add a team mailbox or on-call alias to notifications.",
  configSchema: equinixNotificationsConfig.configSchema,
  validateResource: validateTypes([EQUINIX_L2_CONNECTION], ({ props, pending }, args, report) => {
    const config = equinixNotificationsConfig.of(args.getConfig());
    const list = props.notifications;
    if (isUnknown(list)) return pending.add("notifications");
    if (!isMissing(list) && !Array.isArray(list)) {
      return report(
        `notifications is ${show(list)}, not a list. Set notifications to a list of e-mail addresses, ` +
          'e.g. ["noc@example.com"].',
      );
    }
    const domains = config.allowedDomains
      .map((d) => d.trim().replace(/^@/, "").toLowerCase())
      .filter(Boolean);
    const recipients = new Set<string>();
    let unknownEntries = 0;
    (list ?? []).forEach((entry: unknown, i: number) => {
      if (isUnknown(entry)) {
        unknownEntries++;
        return pending.add(`notifications[${i}]`);
      }
      // The provider's rule, as is: what the resource's check refuses is not an address here either.
      if (!isNotificationEmail(entry)) {
        return report(
          `notifications[${i}] is ${show(entry)}, which is not an e-mail address. Replace it with an address ` +
            "such as noc@example.com.",
        );
      }
      const domain = notificationDomain(entry)!.toLowerCase();
      if (domains.length > 0 && !domains.some((d) => domain === d || domain.endsWith(`.${d}`))) {
        return report(
          `notifications[${i}] (${show(entry)}) is outside the allowed domains (${domains.join(", ")}). ` +
            "Use an address in one of them, or add the domain to allowedDomains in the policy config.",
        );
      }
      recipients.add(entry.toLowerCase());
    });
    if (recipients.size + unknownEntries < config.minRecipients) {
      const what =
        recipients.size === 0 ? "no valid recipient" : `only ${recipients.size} valid recipient(s)`;
      report(
        `notifications has ${what}, and at least ${config.minRecipients} ${config.minRecipients === 1 ? "is" : "are"} ` +
          "required so that someone hears about status changes, outages and maintenance. Add e-mail addresses " +
          "(a team mailbox or on-call alias) to notifications.",
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Equinix and Console Connect: speed
// ---------------------------------------------------------------------------------------------------

export const maxSpeedConfig = policyConfig(
  "interconnect-max-speed",
  z.object({
    maxSpeedMbps: z
      .number()
      .positive()
      .default(10000)
      .describe(
        "The highest connection speed allowed, in Mbps. Equinix speeds in GB count 1000 Mbps per GB.",
      ),
  }),
);
export type MaxSpeedConfig = z.infer<typeof maxSpeedConfig.schema>;
export const maxSpeedConfigSchema = maxSpeedConfig.configSchema;

export const maxSpeed: ResourceValidationPolicy = {
  name: "interconnect-max-speed",
  description:
    "Equinix and Console Connect connection speeds stay within the configured maximum (normalised to Mbps).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Lower speed, or raise maxSpeedMbps in the policy config if the bandwidth is intended.",
  configSchema: maxSpeedConfig.configSchema,
  validateResource: validateTypes(CONNECTION_TYPES, ({ type, props, pending }, args, report) => {
    const config = maxSpeedConfig.of(args.getConfig());
    const speed = props.speed;
    const equinixSpeed = type === EQUINIX_L2_CONNECTION;
    // Console Connect speeds are in Mbps; Equinix's in speedUnit (MB when omitted), read case-insensitively
    // here: the resource's own check reports the case.
    let unit: SpeedUnit | undefined;
    if (equinixSpeed) {
      const given = props.speedUnit;
      if (isUnknown(given)) return pending.add("speedUnit");
      const unitText = isMissing(given) ? "MB" : String(given).trim().toUpperCase();
      if (!isSpeedUnit(unitText)) {
        return report(
          `speedUnit is ${show(given)}; Equinix accepts "MB" or "GB". Set speedUnit to "MB" or "GB".`,
        );
      }
      unit = unitText;
    }
    if (isUnknown(speed)) return pending.add("speed");
    if (isMissing(speed)) return pending.add("speed", true);
    const value = toNumber(speed);
    if (value === undefined || value <= 0) {
      return report(
        `speed is ${show(speed)}, not a positive number. Set speed to the bandwidth you ordered.`,
      );
    }
    const mbps = unit ? speedInMbps(value, unit) : value;
    if (mbps > config.maxSpeedMbps) {
      const given = unit ? `${value} ${unit} (${mbps} Mbps)` : `${value} Mbps`;
      report(
        `speed ${given} exceeds the configured maximum of ${config.maxSpeedMbps} Mbps. ` +
          `Lower speed${equinixSpeed ? " (and speedUnit)" : ""}, or raise maxSpeedMbps in the ` +
          "interconnect-max-speed policy config if this bandwidth is intended.",
      );
    }
  }),
};

// ---------------------------------------------------------------------------------------------------
// Equinix and Console Connect: names
// ---------------------------------------------------------------------------------------------------

export const namePatternConfig = policyConfig(
  "interconnect-name-pattern",
  z.object({
    pattern: z
      .string()
      .default("^[A-Za-z0-9]+([ _-][A-Za-z0-9]+)*$")
      .describe(
        "JavaScript regular expression every connection name must match. The default (letters and digits, " +
          "words joined by single hyphens, underscores or spaces) is what Equinix accepts.",
      ),
    flags: z
      .string()
      .regex(/^[imsu]*$/)
      .default("")
      .describe('Regular expression flags for pattern, e.g. "i".'),
    maxLength: z
      .number()
      .int()
      .min(1)
      .default(NAME_MAX_LENGTH)
      .describe(`The longest name allowed. Equinix refuses names over ${NAME_MAX_LENGTH} characters.`),
  }),
);
export type NamePatternConfig = z.infer<typeof namePatternConfig.schema>;
export const namePatternConfigSchema = namePatternConfig.configSchema;

export const namePattern: ResourceValidationPolicy = {
  name: "interconnect-name-pattern",
  description:
    "Equinix and Console Connect connection names (including the Equinix secondary) follow the configured pattern.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: "Rename the connection to match the pattern, or change pattern in the policy config.",
  configSchema: namePatternConfig.configSchema,
  validateResource: validateTypes(CONNECTION_TYPES, ({ type, props, pending }, args, report) => {
    const config = namePatternConfig.of(args.getConfig());
    let re: RegExp;
    try {
      re = new RegExp(config.pattern, config.flags);
    } catch (error) {
      return report(
        `The interconnect-name-pattern policy config is invalid: pattern ${show(config.pattern)} with flags ` +
          `${show(config.flags)} is not a valid regular expression (${(error as Error).message}). Fix pattern ` +
          "in the policy config.",
      );
    }
    const names: [string, unknown, boolean][] = [["name", props.name, true]];
    if (type === EQUINIX_L2_CONNECTION) {
      const secondary = props.secondaryConnection;
      if (isUnknown(secondary)) pending.add("secondaryConnection");
      else names.push(["secondaryConnection.name", asProps(secondary).name, false]);
    }
    for (const [path, value, required] of names) {
      if (isUnknown(value)) {
        pending.add(path);
      } else if (isMissing(value)) {
        if (required) pending.add(path, true);
      } else if (typeof value !== "string") {
        report(`${path} is ${show(value)}, not a string. Set ${path} to a name matching ${re}.`);
      } else if (value.length > config.maxLength) {
        report(
          `${path} ${show(value)} is ${value.length} characters long; the maximum is ${config.maxLength}. ` +
            `Shorten ${path}.`,
        );
      } else if (!re.test(value)) {
        report(
          `${path} ${show(value)} does not match the naming pattern ${re}. Rename it to match (for the default ` +
            'pattern: letters and digits, words joined by "-", "_" or a space), or change pattern in the ' +
            "interconnect-name-pattern policy config.",
        );
      }
    }
  }),
};
