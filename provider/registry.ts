/**
 * The stable entry point of serialized providers: type token → the installed provider of that resource type.
 * Every `__provider` this package writes into a state calls `dynamicProvider(token)` (see core/serialized.ts), so
 * files can move between releases without breaking deployed stacks. Modules load on first use.
 *
 * Stacks deployed with 0.1.0 stored providers that require module paths instead; those paths stay as thin
 * aliases (the `provider.ts` module of each resource, `core/dynamic`, `core/settings`), tested in test/compat.
 */
import type * as pulumi from "@pulumi/pulumi";
import { typeToken } from "./core/definition";

const PROVIDERS: Record<string, () => pulumi.dynamic.ResourceProvider> = {
  [typeToken("equinix", "L2Connection")]: () =>
    require("./equinix/l2Connection/provider").l2ConnectionProvider,
  [typeToken("ovh", "VrackOvhCloudConnect")]: () =>
    require("./ovh/vrackOvhCloudConnect/provider").vrackOvhCloudConnectProvider,
  [typeToken("ovh", "PopConfig")]: () => require("./ovh/popConfig/provider").popConfigProvider,
  [typeToken("ovh", "DatacenterConfig")]: () =>
    require("./ovh/datacenterConfig/provider").datacenterConfigProvider,
  [typeToken("ovh", "DatacenterExtraConfig")]: () =>
    require("./ovh/datacenterExtraConfig/provider").datacenterExtraConfigProvider,
  [typeToken("consoleconnect", "Layer2Connection")]: () =>
    require("./consoleconnect/layer2Connection/provider").layer2ConnectionProvider,
};

/** Every resource type token this release provides. */
export const TYPE_TOKENS: readonly string[] = Object.keys(PROVIDERS);

/** The provider of a resource type, as the serialized provider of a deployed resource asks for it. */
export function dynamicProvider(token: string): pulumi.dynamic.ResourceProvider {
  const load = Object.prototype.hasOwnProperty.call(PROVIDERS, token) ? PROVIDERS[token] : undefined;
  if (!load)
    throw new Error(
      `The installed pulumi-interconnect has no resource type ${token}; the stack was deployed with a release ` +
        "that had it. Install that release (or a later one that still provides the type) and run the command again.",
    );
  return load();
}
