/**
 * `equinix.L2Connection` on the ECX v3 API: a single or redundant (primary + secondary) Layer 2 connection to a
 * seller's service profile, created with one POST and then waited for through the seller's approval. The
 * lifecycle around it (parsing, partial state, deadlines) is the core's (provider/core/lifecycle.ts).
 *
 * The module path and the `l2ConnectionProvider` export are also where stacks deployed with 0.1.0 find the
 * provider (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createOnce } from "../../core/http";
import { Lifecycle, resourceProvider } from "../../core/lifecycle";
import { WaitSpec, waitForAll } from "../../core/wait";
import { EquinixClient } from "../client";
import type { ConnectionRecord } from "../types";
import {
  L2ConnectionEcho,
  createRequest,
  failureReason,
  outputsFrom,
  refreshedOutputs,
  speedInMb,
} from "./model";
import { L2ConnectionInputs, L2ConnectionOutputs, l2Connection } from "./schema";

const MINUTE = 60_000;

/**
 * Where a create ends well. PENDING_BGP_PEERING and PENDING_PROVIDER_VLAN mean Equinix is done and the next step
 * is on the cloud side (Azure BGP, IBM VLAN), as terraform-provider-equinix also treats them.
 */
export const UP_STATUSES = ["PROVISIONED", "PENDING_BGP_PEERING", "PENDING_PROVIDER_VLAN"] as const;
/** Statuses that end a create with an error. */
export const FAILED_STATUSES = ["REJECTED", "NOT_PROVISIONED", "AUTO_APPROVAL_FAILED"] as const;
/** Statuses of a connection that is gone or going: `read` treats it as deleted. */
export const DELETED_STATUSES = ["PENDING_DELETE", "DEPROVISIONING", "DEPROVISIONED", "DELETED"] as const;
const GONE_STATUSES = ["DEPROVISIONED", "DELETED"] as const;

const EXPLANATIONS: Record<string, string> = {
  PENDING_APPROVAL: "waiting for the seller to approve the connection",
  PROVISIONING: "Equinix is provisioning the connection",
  PENDING_DELETE: "waiting for the seller to approve the deletion",
  DEPROVISIONING: "Equinix is removing the connection",
  REJECTED: "the seller rejected the connection",
};

interface Leg {
  role: "primary" | "secondary";
  uuid: string;
  name: string;
}

function legs(outputs: {
  uuid: string;
  name: string;
  secondary?: { uuid: string };
  secondaryConnection?: { name: string };
}): Leg[] {
  const out: Leg[] = [{ role: "primary", uuid: outputs.uuid, name: outputs.name }];
  if (outputs.secondary?.uuid)
    out.push({
      role: "secondary",
      uuid: outputs.secondary.uuid,
      name: outputs.secondaryConnection?.name ?? "",
    });
  return out;
}

function subject(leg: Leg): string {
  return `Equinix connection "${leg.name}" (${leg.role} ${leg.uuid})`;
}

function waitUp(client: EquinixClient, leg: Leg, timeoutMs: number): WaitSpec<ConnectionRecord> {
  return {
    subject: subject(leg),
    poll: () => client.getConnection(leg.uuid),
    status: (r) => r.status,
    targets: UP_STATUSES,
    failures: [...FAILED_STATUSES, ...DELETED_STATUSES],
    reason: failureReason,
    explain: (s) => EXPLANATIONS[s],
    timeoutMs,
  };
}

function waitGone(client: EquinixClient, leg: Leg, timeoutMs: number): WaitSpec<ConnectionRecord> {
  return {
    subject: subject(leg),
    poll: () => client.getConnection(leg.uuid),
    status: (r) => r.status,
    targets: GONE_STATUSES,
    goneIsSuccess: true,
    explain: (s) => EXPLANATIONS[s],
    timeoutMs,
  };
}

/** Reads the pair; undefined for a connection the API no longer knows. */
async function readPair(client: EquinixClient, primaryUuid: string, secondaryUuid: string | undefined) {
  const [primary, secondary] = await Promise.all([
    client.getConnection(primaryUuid),
    secondaryUuid ? client.getConnection(secondaryUuid) : Promise.resolve(undefined),
  ]);
  return { primary, secondary };
}

/** Live connections named like the primary or the secondary: what a lost answer may have created. */
async function namesakes(client: EquinixClient, inputs: L2ConnectionInputs): Promise<ConnectionRecord[]> {
  return (await client.listBuyerConnections()).filter(
    (c) =>
      !(DELETED_STATUSES as readonly string[]).includes(c.status) &&
      (c.name === inputs.name || c.name === inputs.secondaryConnection?.name),
  );
}

/**
 * Finds the pair an earlier attempt created when its answer was lost: a primary with the same name, port and
 * S-tag that was not there before the first attempt (`before`), and the secondary of its redundancy group.
 */
async function findCreated(client: EquinixClient, inputs: L2ConnectionInputs, before: Set<string>) {
  const fresh = (await namesakes(client, inputs)).filter((c) => !before.has(c.uuid));
  const primary = fresh.find(
    (c) =>
      c.name === inputs.name &&
      (!c.portUUID || c.portUUID.toLowerCase() === inputs.portUuid.toLowerCase()) &&
      (c.vlanSTag === undefined || Number(c.vlanSTag) === inputs.vlanSTag),
  );
  if (!primary) return undefined;
  const secondary = inputs.secondaryConnection
    ? fresh.find(
        (c) => c.name === inputs.secondaryConnection?.name && c.redundancyGroup === primary.redundancyGroup,
      )
    : undefined;
  return { primaryConnectionId: primary.uuid, secondaryConnectionId: secondary?.uuid };
}

/** One POST for the pair; after an ambiguous failure, the pair it may have created is found instead of duplicated. */
async function createPair(client: EquinixClient, inputs: L2ConnectionInputs) {
  const before = new Set((await namesakes(client, inputs)).map((c) => c.uuid));
  return createOnce({
    send: () => client.createConnection(createRequest(inputs)),
    findExisting: () => findCreated(client, inputs, before),
  });
}

/** Takes over an existing pair named by `adoptId` instead of creating one. */
async function adopt(client: EquinixClient, inputs: L2ConnectionInputs) {
  const [primaryUuid, secondaryUuid] = (inputs.adoptId ?? "").split(":");
  const { primary, secondary } = await readPair(client, primaryUuid, secondaryUuid);
  const missing = !primary || (DELETED_STATUSES as readonly string[]).includes(primary.status);
  if (missing) throw new Error(`adoptId: Equinix connection ${primaryUuid} does not exist or is deleted`);
  let secondaryId = secondary?.uuid;
  if (secondaryUuid && (!secondary || (DELETED_STATUSES as readonly string[]).includes(secondary.status)))
    throw new Error(`adoptId: Equinix connection ${secondaryUuid} does not exist or is deleted`);
  if (!secondaryUuid && inputs.secondaryConnection) {
    // The pair shares a redundancy group; the notes warn that redundantUUID is unreliable, so match the group.
    const peers = await client.listBuyerConnections();
    secondaryId = peers.find(
      (c) => c.redundancyGroup === primary.redundancyGroup && c.redundancyType?.toLowerCase() === "secondary",
    )?.uuid;
  }
  const mismatches: string[] = [];
  if (primary.portUUID && primary.portUUID.toLowerCase() !== inputs.portUuid.toLowerCase())
    mismatches.push(`portUuid is ${primary.portUUID} remotely`);
  if (primary.vlanSTag !== undefined && Number(primary.vlanSTag) !== inputs.vlanSTag)
    mismatches.push(`vlanSTag is ${primary.vlanSTag} remotely`);
  if (inputs.secondaryConnection && !secondaryId) mismatches.push("no secondary connection exists remotely");
  if (mismatches.length > 0)
    throw new Error(
      `adoptId: the existing connection does not match the inputs (${mismatches.join("; ")}); ` +
        "make the inputs describe it before adopting it",
    );
  return { primaryConnectionId: primary.uuid, secondaryConnectionId: secondaryId };
}

/** Brings names and speed in line with the inputs (PATCH ?action=update), for each connection that differs. */
async function applyInPlaceChanges(
  client: EquinixClient,
  inputs: L2ConnectionInputs,
  pair: { primary: ConnectionRecord; secondary?: ConnectionRecord },
): Promise<boolean> {
  let changed = false;
  const wanted: [ConnectionRecord | undefined, string | undefined][] = [
    [pair.primary, inputs.name],
    [pair.secondary, inputs.secondaryConnection?.name],
  ];
  for (const [record, name] of wanted) {
    if (!record || name === undefined) continue;
    const renamed = record.name !== name;
    const resized = speedInMb(record.speed, record.speedUnit) !== speedInMb(inputs.speed, inputs.speedUnit);
    if (!renamed && !resized) continue;
    // Speed and unit always travel together: terraform's provider sent a lone speed, which the API ignores.
    await client.updateConnection(record.uuid, {
      ...(renamed ? { connectionNewName: name } : {}),
      speed: inputs.speed,
      speedUnit: inputs.speedUnit,
    });
    changed = true;
  }
  return changed;
}

export const l2ConnectionLifecycle: Lifecycle<typeof l2Connection, EquinixClient> = {
  definition: l2Connection,
  timeouts: { create: 20 * MINUTE, update: 10 * MINUTE, delete: 20 * MINUTE },
  diff: {
    updatable: ["name", "speed", "speedUnit", "secondaryConnection.name"],
    local: ["timeouts", "portEncapsulation", "profileEncapsulation"],
    // A rejected pair, or one that lost a connection outside Pulumi, can never come up again.
    dead: (olds) => isBroken(olds),
    // A dead pair carries no traffic, so it goes first and frees its VLAN tags. A port takes each VLAN tag once:
    // a replacement on the same port and tags must delete the old pair first. With new tags, the new pair comes
    // up before the old one goes, and traffic can move over.
    deleteBeforeReplace: (olds, news) => isBroken(olds) || reusesTags(olds, news),
  },

  connect: () => new EquinixClient(),

  async create(client, inputs, echo) {
    return started(echo, await createPair(client, inputs));
  },

  async adopt(client, inputs, echo) {
    return started(echo, await adopt(client, inputs));
  },

  async converge(client, { inputs, echo, state, phase, deadlines }) {
    // A create, or an update of a pair that never came up (partial state): wait for the pair first. An adopted
    // pair may differ in name or speed: bringUp renames or resizes it once it is up.
    const resuming = phase === "create" || !among(UP_STATUSES, state.status);
    const firstWait = resuming ? deadlines.create : deadlines.update;
    return bringUp(client, echo, inputs, state, firstWait, deadlines.update);
  },

  async observe(client, id, state) {
    const { primary, secondary } = await readPair(client, id, state.secondary?.uuid);
    const gone = (r: ConnectionRecord | undefined) => !r || among(DELETED_STATUSES, r.status);
    // The resource is gone only when the whole pair is. Half a pair stays in state, and diff replaces it, so
    // that the surviving connection is never orphaned.
    if (gone(primary) && (!state.secondary || gone(secondary))) return undefined;
    return refreshedOutputs(state, primary, secondary);
  },

  async remove(client, id, state, deadlines) {
    const pair = legs({ ...state, uuid: id });
    // A pair needs one DELETE per connection; "already deleted" (IC-LAYER2-4021) counts as done.
    for (const leg of pair) await client.deleteConnection(leg.uuid);
    await waitForAll(pair.map((leg) => waitGone(client, leg, deadlines.delete)));
  },

  nextStep(state, phase) {
    if (isBroken(state))
      return "The connection is recorded in the stack; the next `pulumi up` replaces it with a new one (fix the cause first, e.g. the authorization key)";
    if (phase === "update" && among(UP_STATUSES, state.status))
      return "The stack records the pair as Equinix shows it now; fix the cause and run `pulumi up` again to apply the change";
    return "The connection is recorded in the stack as partially created; once the seller has approved it, run `pulumi up` again to finish waiting (no second connection is created)";
  },
};

export const l2ConnectionProvider: pulumi.dynamic.ResourceProvider = resourceProvider(l2ConnectionLifecycle);

const among = (statuses: readonly string[], status: string | undefined) =>
  status !== undefined && statuses.includes(status);

/** The outputs of a pair that was just created or adopted, before any wait. */
function started(
  echo: L2ConnectionEcho,
  ids: { primaryConnectionId: string; secondaryConnectionId?: string },
) {
  const state: L2ConnectionOutputs = {
    ...echo,
    uuid: ids.primaryConnectionId,
    status: "PROVISIONING",
    ...(ids.secondaryConnectionId
      ? { secondary: { uuid: ids.secondaryConnectionId, status: "PROVISIONING" } }
      : {}),
  };
  return { id: ids.primaryConnectionId, state };
}

/** Waits until both connections are up; returns the outputs with their final state, and the records read. */
async function waitUntilUp(
  client: EquinixClient,
  echo: L2ConnectionEcho,
  outputs: L2ConnectionOutputs,
  timeoutMs: number,
): Promise<{ outputs: L2ConnectionOutputs; primary: ConnectionRecord; secondary?: ConnectionRecord }> {
  const results = await waitForAll(legs(outputs).map((leg) => waitUp(client, leg, timeoutMs)));
  const [primary, secondary] = results.map((r) => r.snapshot!);
  return { outputs: outputsFrom(echo, primary, secondary), primary, secondary };
}

/**
 * Waits for the pair to be up, brings names and speed in line with the inputs from what that wait read, and
 * waits again only if it had to change something.
 */
async function bringUp(
  client: EquinixClient,
  echo: L2ConnectionEcho,
  inputs: L2ConnectionInputs,
  outputs: L2ConnectionOutputs,
  firstWaitMs: number,
  updateWaitMs: number,
): Promise<L2ConnectionOutputs> {
  const up = await waitUntilUp(client, echo, outputs, firstWaitMs);
  if (!(await applyInPlaceChanges(client, inputs, up))) return up.outputs;
  return (await waitUntilUp(client, echo, up.outputs, updateWaitMs)).outputs;
}

interface Tagged {
  portUuid?: unknown;
  vlanSTag?: unknown;
  vlanCTag?: unknown;
}

/** Whether the new inputs put a connection on a port and tags the old pair holds. */
function reusesTags(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  const legsOf = (p: Record<string, unknown>): Tagged[] =>
    [p as Tagged, p.secondaryConnection as Tagged | undefined].filter((l): l is Tagged => !!l);
  const key = (l: Tagged) => `${String(l.portUuid).toLowerCase()}|${l.vlanSTag}|${l.vlanCTag ?? ""}`;
  const held = new Set(legsOf(olds).map(key));
  return legsOf(news).some((l) => held.has(key(l)));
}

/** A pair with a connection that failed or is gone: it cannot come up again. */
function isBroken(outputs: Partial<L2ConnectionOutputs>): boolean {
  const dead: readonly string[] = [...FAILED_STATUSES, ...DELETED_STATUSES];
  // Stored outputs come from the state file: tolerate any shape there (a null secondary included).
  return among(dead, outputs.status) || among(dead, outputs.secondary?.status);
}
