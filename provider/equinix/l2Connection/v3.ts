/**
 * `equinix.L2Connection` on the ECX v3 API (`/ecx/v3/l2/connections`), as seed 001 documents it: one POST creates
 * the pair, then the resource waits through the seller's approval. Equinix shut v3 down in 2024; it is kept for
 * the seed and the emulator (see docs/equinix.md).
 */
import { createOnce } from "../../core/http";
import { WaitSpec, waitForAll } from "../../core/wait";
import { EquinixClient } from "../client";
import type { ConnectionRecord } from "../types";
import { Backend, Leg, RENAME_AND_SPEED, among, legs, subject } from "./legs";
import {
  L2ConnectionEcho,
  createRequest,
  failureReason,
  outputsFrom,
  refreshedOutputs,
  speedInMb,
} from "./model";
import type { L2ConnectionInputs, L2ConnectionOutputs } from "./schema";

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

/** The same A-side tags: a port takes each (S, C) pair once among live connections. */
const sameTags = (c: ConnectionRecord, sTag: number, cTag: number | undefined) =>
  (c.vlanSTag === undefined || Number(c.vlanSTag) === sTag) &&
  (c.vlanCTag === undefined || c.vlanCTag === null || c.vlanCTag === "" ? undefined : Number(c.vlanCTag)) ===
    cTag;

/**
 * Finds the pair an earlier attempt created when its answer was lost. v3 has no search, so this lists the
 * buyer's connections — only after such an ambiguous failure, never before a create. A port takes each VLAN
 * tag once among live connections, so a live primary with this name on this port and these tags is the one the
 * lost answer created (an older namesake holds other tags, or is gone); the secondary shares its group.
 */
async function findCreated(client: EquinixClient, inputs: L2ConnectionInputs) {
  const live = (await client.listBuyerConnections()).filter((c) => !among(DELETED_STATUSES, c.status));
  const primary = live.find(
    (c) =>
      c.name === inputs.name &&
      (!c.portUUID || c.portUUID.toLowerCase() === inputs.portUuid.toLowerCase()) &&
      sameTags(c, inputs.vlanSTag, inputs.vlanCTag),
  );
  if (!primary) return undefined;
  const secondary = inputs.secondaryConnection
    ? live.find(
        (c) => c.name === inputs.secondaryConnection?.name && c.redundancyGroup === primary.redundancyGroup,
      )
    : undefined;
  return { primaryConnectionId: primary.uuid, secondaryConnectionId: secondary?.uuid };
}

/** One POST for the pair; after an ambiguous failure, the pair it may have created is found instead of duplicated. */
async function createPair(client: EquinixClient, inputs: L2ConnectionInputs) {
  return createOnce({
    send: () => client.createConnection(createRequest(inputs)),
    findExisting: () => findCreated(client, inputs),
    what: `the Equinix connection "${inputs.name}" on port ${inputs.portUuid} (VLAN ${inputs.vlanSTag})`,
  });
}

/** Takes over an existing pair named by `adoptId` instead of creating one. */
async function adopt(client: EquinixClient, inputs: L2ConnectionInputs) {
  const [primaryUuid, secondaryUuid] = (inputs.adoptId ?? "").split(":");
  const { primary, secondary } = await readPair(client, primaryUuid, secondaryUuid);
  const missing = !primary || among(DELETED_STATUSES, primary.status);
  if (missing) throw new Error(`adoptId: Equinix connection ${primaryUuid} does not exist or is deleted`);
  let secondaryId = secondary?.uuid;
  if (secondaryUuid && (!secondary || among(DELETED_STATUSES, secondary.status)))
    throw new Error(`adoptId: Equinix connection ${secondaryUuid} does not exist or is deleted`);
  if (!secondaryUuid && inputs.secondaryConnection) {
    // The pair shares a redundancy group (redundantUUID is not reliably filled in), so match the group.
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

/** The ECX v3 backend of `equinix.L2Connection`. */
export const v3: Backend = {
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

  isBroken,
  isUp: (outputs) => among(UP_STATUSES, outputs.status),
  updatable: RENAME_AND_SPEED,
};

/** The outputs of a pair that was just created or adopted, before any wait. */
function started(
  echo: L2ConnectionEcho,
  ids: { primaryConnectionId: string; secondaryConnectionId?: string },
) {
  const state: L2ConnectionOutputs = {
    ...echo,
    apiVersion: "v3",
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

/** A pair with a connection that failed or is gone: it cannot come up again. */
function isBroken(outputs: Partial<L2ConnectionOutputs>): boolean {
  const dead: readonly string[] = [...FAILED_STATUSES, ...DELETED_STATUSES];
  // Stored outputs come from the state file: tolerate any shape there (a null secondary included).
  return among(dead, outputs.status) || among(dead, outputs.secondary?.status);
}
