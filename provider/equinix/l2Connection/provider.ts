/**
 * CRUD of `equinix.L2Connection`: a single or redundant (primary + secondary) Layer 2 connection to a seller's
 * service profile, created with one POST and then waited for through the seller's approval.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../../core/errors";
import { createOnce } from "../../core/http";
import { checkWithSchema, diffInputs, partialFailure, withoutProvider } from "../../core/dynamic";
import { WaitSpec, timeoutFor, waitForAll } from "../../core/wait";
import { EquinixClient } from "../client";
import type { ConnectionRecord } from "../types";
import {
  L2ConnectionOutputs,
  createRequest,
  failureReason,
  outputsFrom,
  refreshedOutputs,
  speedInMb,
} from "./model";
import { INPUT_KEYS, L2ConnectionInputs, l2ConnectionInputSchema } from "./schema";

const MINUTE = 60_000;
const DEFAULT_TIMEOUTS = { create: 20 * MINUTE, update: 10 * MINUTE, delete: 20 * MINUTE };

/** Statuses a connection passes through on its way up. */
export const PENDING_STATUSES = ["PENDING_APPROVAL", "PENDING_AUTO_APPROVAL", "PROVISIONING"] as const;
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

export const l2ConnectionProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return checkWithSchema(l2ConnectionInputSchema, news);
  },

  async diff(_id, olds, news) {
    return diffInputs(olds, news, {
      inputKeys: INPUT_KEYS,
      updatable: ["name", "speed", "speedUnit", "secondaryConnection.name"],
      local: ["timeouts", "portEncapsulation", "profileEncapsulation"],
      ignored: ["adoptId"],
      // A rejected pair, or one that lost a connection outside Pulumi, can never come up again.
      dead: isBroken(olds as unknown as L2ConnectionOutputs),
      // A dead pair carries no traffic, so it goes first and frees its VLAN tags. A port takes each VLAN tag
      // once: a replacement on the same port and tags must delete the old pair first. With new tags, the new pair
      // comes up before the old one goes, and traffic can move over.
      deleteBeforeReplace: isBroken(olds as unknown as L2ConnectionOutputs) || reusesTags(olds, news),
    });
  },

  async create(raw) {
    const inputs = l2ConnectionInputSchema.parse(withoutProvider(raw));
    const client = new EquinixClient();
    const created = inputs.adoptId ? await adopt(client, inputs) : await createPair(client, inputs);
    const primaryUuid = created.primaryConnectionId;
    const secondaryUuid = created.secondaryConnectionId;
    const outputs: L2ConnectionOutputs = {
      ...(withoutProvider(raw) as unknown as L2ConnectionInputs),
      uuid: primaryUuid,
      status: "PROVISIONING",
      ...(secondaryUuid ? { secondary: { uuid: secondaryUuid, status: "PROVISIONING" } } : {}),
    };
    try {
      // An adopted pair may differ in name or speed: bringUp renames or resizes it once it is up.
      const firstWait = timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUTS.create);
      return { id: primaryUuid, outs: await bringUp(client, raw, inputs, outputs, firstWait) };
    } catch (e) {
      throw await recordedAsPartial(client, raw, outputs, e);
    }
  },

  async read(id, props) {
    const stored = props as unknown as L2ConnectionOutputs;
    const client = new EquinixClient();
    const { primary, secondary } = await readPair(client, id, stored.secondary?.uuid);
    const gone = (r: ConnectionRecord | undefined) =>
      !r || (DELETED_STATUSES as readonly string[]).includes(r.status);
    // The resource is gone only when the whole pair is. Half a pair stays in state, and diff replaces it, so
    // that the surviving connection is never orphaned.
    if (gone(primary) && (!stored.secondary || gone(secondary))) return {};
    const outputs = refreshedOutputs(stored, primary, secondary);
    const {
      uuid: _u,
      status: _s,
      providerStatus: _ps,
      redundancyGroup: _g,
      redundancyType: _t,
      secondary: _sec,
      ...inputs
    } = outputs;
    return { id, props: { ...outputs }, inputs: { ...inputs } };
  },

  async update(id, olds, news) {
    const inputs = l2ConnectionInputSchema.parse(withoutProvider(news));
    const stored = olds as unknown as L2ConnectionOutputs;
    const client = new EquinixClient();
    const outputs: L2ConnectionOutputs = {
      ...stored,
      ...(withoutProvider(news) as unknown as L2ConnectionInputs),
      uuid: id,
    };
    try {
      // A create that did not finish (partial state) is resumed here: wait for the pair to come up first.
      const resuming = !(UP_STATUSES as readonly string[]).includes(stored.status);
      const firstWait = resuming
        ? timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUTS.create)
        : timeoutFor(inputs.timeouts, "update", DEFAULT_TIMEOUTS.update);
      return { outs: await bringUp(client, news, inputs, outputs, firstWait) };
    } catch (e) {
      if (e instanceof ApiError && !(e.status !== undefined && e.status >= 500)) throw e;
      throw await recordedAsPartial(client, news, outputs, e);
    }
  },

  async delete(id, props) {
    const stored = props as unknown as L2ConnectionOutputs;
    const client = new EquinixClient();
    const pair = legs({ ...stored, uuid: id });
    // A pair needs one DELETE per connection; "already deleted" (IC-LAYER2-4021) counts as done.
    for (const leg of pair) await client.deleteConnection(leg.uuid);
    await waitForAll(
      pair.map((leg) =>
        waitGone(client, leg, timeoutFor(stored.timeouts, "delete", DEFAULT_TIMEOUTS.delete)),
      ),
    );
  },
};

/** Waits until both connections are up; returns the outputs with their final state, and the records read. */
async function waitUntilUp(
  client: EquinixClient,
  rawInputs: Record<string, unknown>,
  outputs: L2ConnectionOutputs,
  timeoutMs: number,
): Promise<{ outputs: L2ConnectionOutputs; primary: ConnectionRecord; secondary?: ConnectionRecord }> {
  const results = await waitForAll(legs(outputs).map((leg) => waitUp(client, leg, timeoutMs)));
  const [primary, secondary] = results.map((r) => r.snapshot!);
  return { outputs: outputsFrom(rawInputs, primary, secondary), primary, secondary };
}

/**
 * Waits for the pair to be up, brings names and speed in line with the inputs from what that wait read, and
 * waits again only if it had to change something.
 */
async function bringUp(
  client: EquinixClient,
  rawInputs: Record<string, unknown>,
  inputs: L2ConnectionInputs,
  outputs: L2ConnectionOutputs,
  firstWaitMs: number,
): Promise<L2ConnectionOutputs> {
  const up = await waitUntilUp(client, rawInputs, outputs, firstWaitMs);
  if (!(await applyInPlaceChanges(client, inputs, up))) return up.outputs;
  const updateWaitMs = timeoutFor(inputs.timeouts, "update", DEFAULT_TIMEOUTS.update);
  return (await waitUntilUp(client, rawInputs, up.outputs, updateWaitMs)).outputs;
}

/**
 * The error that records an existing pair that did not come up (rejected, timed out) as partially created, with
 * its latest state, rather than forgetting (and orphaning) it.
 */
async function recordedAsPartial(
  client: EquinixClient,
  rawInputs: Record<string, unknown>,
  outputs: L2ConnectionOutputs,
  cause: unknown,
) {
  const latest = await readPair(client, outputs.uuid, outputs.secondary?.uuid).catch(() => undefined);
  const recorded = latest?.primary ? outputsFrom(rawInputs, latest.primary, latest.secondary) : outputs;
  return partialFailure(outputs.uuid, rawInputs, { ...recorded }, cause, nextStep(recorded));
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
function isBroken(outputs: L2ConnectionOutputs): boolean {
  const dead: readonly string[] = [...FAILED_STATUSES, ...DELETED_STATUSES];
  return (
    dead.includes(outputs.status) ||
    (outputs.secondary !== undefined && dead.includes(outputs.secondary.status))
  );
}

function nextStep(outputs: L2ConnectionOutputs): string {
  if (isBroken(outputs))
    return "The connection is recorded in the stack; the next `pulumi up` replaces it with a new one (fix the cause first, e.g. the authorization key)";
  return "The connection is recorded in the stack as partially created; once the seller has approved it, run `pulumi up` again to finish waiting (no second connection is created)";
}
