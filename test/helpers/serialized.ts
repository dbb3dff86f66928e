/**
 * The serialized provider the way Pulumi handles it: `pulumi.dynamic.Resource` serializes `() => provider`, the
 * dynamic-provider host loads the text with require-from-string, calls `.handler()` once, then `configure` with
 * the stack config before any other method (@pulumi/pulumi cmd/dynamic-provider, getProvider).
 */
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import { runInThisContext } from "node:vm";

/** `() => provider`, created outside vitest's module transform so that the serializer sees plain code. */
const closureOf = runInThisContext("(provider) => () => provider") as (
  provider: pulumi.dynamic.ResourceProvider,
) => () => pulumi.dynamic.ResourceProvider;

export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider) {
  return pulumi.runtime.serializeFunction(closureOf(provider), { allowSecrets: true });
}

/** Loads a serialized provider as the host does, configured with `config` (stack config keys). */
export async function loadLikeTheHost(
  text: string,
  config: Record<string, string> = {},
): Promise<pulumi.dynamic.ResourceProvider> {
  const provider = requireFromString(text).handler() as pulumi.dynamic.ResourceProvider;
  if (provider.configure)
    await provider.configure({
      config: { get: (key: string) => config[key], require: (key: string) => config[key] } as never,
    });
  return provider;
}
