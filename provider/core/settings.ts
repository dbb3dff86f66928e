/**
 * Where credentials and endpoints come from, read at call time and never captured in the serialized provider:
 * first the stack config (keys in the `interconnect:` namespace; in the provider process the engine hands it to
 * `configure` with secrets decrypted, in a program it is the program's own config), then the environment
 * variables the vendors' own tools use.
 */
import { ConfigurationError } from "./errors";

interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource | undefined;

/**
 * Called by every provider's `configure`: the engine passes the whole stack config once per process. Stacks
 * deployed with 0.1.0 call it by this module's path (dist/provider/core/settings): keep the module and the export.
 */
export function useStackConfig(config: ConfigSource | undefined): void {
  stackConfig = config;
}

/** The namespace of this package's stack config keys: `pulumi config set --secret interconnect:equinixClientSecret …`. */
export const CONFIG_NAMESPACE = "interconnect";

function fromConfig(key: string): string | undefined {
  const full = `${CONFIG_NAMESPACE}:${key}`;
  if (stackConfig) return stackConfig.get(full);
  // In a Pulumi program (lookups run there), the program's config is available from the runtime.
  try {
    return require("@pulumi/pulumi").runtime.getConfig(full);
  } catch {
    return undefined;
  }
}

/** A setting from stack config (`interconnect:<key>`) or else the first set environment variable. */
export function setting(key: string, envVars: readonly string[]): string | undefined {
  const configured = fromConfig(key);
  if (configured !== undefined && configured !== "") return configured;
  for (const name of envVars) {
    const value = process.env[name];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/** How a setting is named to the user: `interconnect:ovhTimeout or OVH_API_TIMEOUT`. */
export function settingNames(key: string, envVars: readonly string[]): string {
  return [`${CONFIG_NAMESPACE}:${key}`, ...envVars].join(" or ");
}

/**
 * A timeout in seconds (stack config `interconnect:<key>` or the environment), as milliseconds; undefined when
 * unset. Anything but a number of seconds greater than 0 is refused with a message naming the setting.
 */
export function timeoutSetting(vendor: string, key: string, envVars: readonly string[]): number | undefined {
  const text = setting(key, envVars);
  if (text === undefined) return undefined;
  const seconds = Number(text.trim());
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ConfigurationError(
      vendor,
      `${settingNames(key, envVars)} is "${text}", which is not a number of seconds greater than 0`,
      "Set it to a number of seconds, for example 60",
    );
  }
  return Math.round(seconds * 1000);
}

/** A yes/no setting: 1, true, yes, on (any case) are yes; 0, false, no, off and unset are no. */
export function booleanSetting(vendor: string, key: string, envVars: readonly string[]): boolean {
  const text = setting(key, envVars)?.trim().toLowerCase();
  if (text === undefined || ["0", "false", "no", "off"].includes(text)) return false;
  if (["1", "true", "yes", "on"].includes(text)) return true;
  throw new ConfigurationError(
    vendor,
    `${settingNames(key, envVars)} is "${text}", which is neither true nor false`,
    "Set it to true or false",
  );
}

/** Where plain-HTTP endpoints that are not on this machine are allowed: off unless the user says so. */
export const ALLOW_INSECURE_HTTP = {
  key: "allowInsecureHttp",
  env: ["INTERCONNECT_ALLOW_INSECURE_HTTP"],
} as const;
