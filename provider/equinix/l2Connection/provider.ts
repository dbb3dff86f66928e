/**
 * `equinix.L2Connection`: a single or redundant (primary + secondary) Layer 2 connection to a seller's service
 * profile, on Equinix Fabric v4 (the default) or ECX v3 (`interconnect:equinixApiVersion`). The lifecycle around
 * it (parsing, partial state, deadlines) is the core's (provider/core/lifecycle.ts); each API version is a backend
 * (v4.ts, v3.ts). A pair stays on the API it was created with (stacks deployed with 0.1.0: v3).
 *
 * The module path and the `l2ConnectionProvider` export are also where stacks deployed with 0.1.0 find the
 * provider (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Lifecycle, resourceProvider } from "../../core/lifecycle";
import { ApiVersion, EquinixClient, configuredApiVersion } from "../client";
import type { Backend } from "./legs";
import { L2ConnectionOutputs, l2Connection } from "./schema";
import { v3 } from "./v3";
import { v4 } from "./v4";

const MINUTE = 60_000;

const BACKENDS: Record<ApiVersion, Backend> = { v3, v4 };

/** The backend of a stored pair: the API it was created with; 0.1.0 stored no version and spoke only v3. */
const backendOf = (state: Partial<L2ConnectionOutputs> | null | undefined): Backend =>
  state?.apiVersion === "v4" ? v4 : v3;

interface Tagged {
  portUuid?: unknown;
  vlanSTag?: unknown;
  vlanCTag?: unknown;
}

/** A stored value as a key part: only plain values count (a state file may hold anything). */
const part = (v: unknown) =>
  typeof v === "string" ? v.toLowerCase() : typeof v === "number" ? String(v) : "";

/** Whether the new inputs put a connection on a port and tags the old pair holds. */
function reusesTags(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  const legsOf = (p: Record<string, unknown>): Tagged[] =>
    [p as Tagged, p.secondaryConnection as Tagged | undefined].filter(
      (l): l is Tagged => !!l && typeof l === "object",
    );
  const key = (l: Tagged) => `${part(l.portUuid)}|${part(l.vlanSTag)}|${part(l.vlanCTag)}`;
  const held = new Set(legsOf(olds).map(key));
  return legsOf(news).some((l) => held.has(key(l)));
}

export const l2ConnectionLifecycle: Lifecycle<typeof l2Connection, EquinixClient> = {
  definition: l2Connection,
  timeouts: { create: 20 * MINUTE, update: 10 * MINUTE, delete: 20 * MINUTE },
  diff: {
    updatable: (olds) => backendOf(olds).updatable,
    local: ["timeouts", "portEncapsulation", "profileEncapsulation"],
    // A rejected pair, or one that lost a connection outside Pulumi, can never come up again.
    dead: (olds) => backendOf(olds).isBroken(olds),
    // A dead pair carries no traffic, so it goes first and frees its VLAN tags. A port takes each VLAN tag once:
    // a replacement on the same port and tags must delete the old pair first. With new tags, the new pair comes
    // up before the old one goes, and traffic can move over.
    deleteBeforeReplace: (olds, news) => backendOf(olds).isBroken(olds) || reusesTags(olds, news),
  },

  connect: () => new EquinixClient(),

  create: (client, inputs, echo) => BACKENDS[configuredApiVersion()].create(client, inputs, echo),
  adopt: (client, inputs, echo) => BACKENDS[configuredApiVersion()].adopt(client, inputs, echo),
  converge: (client, operation) => backendOf(operation.state).converge(client, operation),
  observe: (client, id, state) => backendOf(state).observe(client, id, state),
  remove: (client, id, state, deadlines) => backendOf(state).remove(client, id, state, deadlines),

  nextStep(state, phase) {
    const backend = backendOf(state);
    if (backend.isBroken(state))
      return "The connection is recorded in the stack; the next `pulumi up` replaces it with a new one (fix the cause first, e.g. the authorization key)";
    if (state.secondaryConnection && !state.secondary)
      return "The primary connection is recorded in the stack; the next `pulumi up` creates only the missing secondary (fix the cause first)";
    if (phase === "update" && backend.isUp(state))
      return "The stack records the pair as Equinix shows it now; fix the cause and run `pulumi up` again to apply the change";
    return "The connection is recorded in the stack as partially created; once the seller has approved it, run `pulumi up` again to finish waiting (no second connection is created)";
  },
};

export const l2ConnectionProvider: pulumi.dynamic.ResourceProvider = resourceProvider(l2ConnectionLifecycle);
