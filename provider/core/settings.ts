/**
 * Where credentials and endpoints come from, read at call time and never captured in the serialized provider:
 * first the stack config (keys in the `interconnect:` namespace; in the provider process the engine hands it to
 * `configure` with secrets decrypted, in a program it is the program's own config), then the environment
 * variables the vendors' own tools use.
 */

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
