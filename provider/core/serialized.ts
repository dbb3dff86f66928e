/**
 * The provider Pulumi serializes into every resource's state (`__provider`), and runs again on later `refresh`,
 * `up` and `destroy` — possibly with a newer release of this package installed.
 *
 * It names nothing but the resource's type token: its one method, `configure` (which the provider host calls
 * once, when it loads the text and before any other method), asks the installed package for the provider of that
 * token and takes its methods. Nothing else is captured: no module path that a release could move, no code that
 * could go stale (pulumi#16826), no credential. The text is a few hundred bytes, stored twice per resource.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The methods `configure` takes over from the installed provider. */
const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

const stubs = new Map<string, pulumi.dynamic.ResourceProvider>();

/** The serialized provider of a type token; one object per token, so that Pulumi serializes it once. */
export function serializedProvider(token: string): pulumi.dynamic.ResourceProvider {
  let stub = stubs.get(token);
  if (!stub) {
    stub = providerStub(token, METHODS);
    stubs.set(token, stub);
  }
  return stub;
}

function providerStub(token: string, methods: readonly string[]): pulumi.dynamic.ResourceProvider {
  // Only `token`, `methods` and this function's source end up in the state. The host calls
  // `provider.configure(req)`, so `this` is the provider object the host keeps and calls afterwards.
  return {
    configure(this: Record<string, unknown>, request: pulumi.dynamic.ConfigureRequest) {
      const installed = require("pulumi-interconnect").dynamicProvider(token);
      for (const method of methods) this[method] = installed[method].bind(installed);
      return installed.configure(request);
    },
  } as pulumi.dynamic.ResourceProvider;
}
