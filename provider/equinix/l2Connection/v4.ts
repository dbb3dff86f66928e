/**
 * `equinix.L2Connection` on Equinix Fabric v4 (`/fabric/v4/connections`), the live API: one POST per leg (the
 * secondary joins the primary's redundancy group), waits through the seller's approval, in-place changes with
 * JSON-patch, deletes to DEPROVISIONED. See docs/equinix.md for every choice made where the API is silent.
 */
import { batchedPoller, singleOrBulkReads } from "../../core/batch";
import { ApiError } from "../../core/errors";
import { createOnce } from "../../core/http";
import { reportProgress } from "../../core/progress";
import { WaitError, WaitSpec, pollDelays, sleep, waitForAll, waitForStatus } from "../../core/wait";
import { FabricV4 } from "../v4/client";
import type { Connection, PatchOperation } from "../v4/types";
import { Backend, Leg, RENAME_AND_SPEED, among, legs, subject } from "./legs";
import type { L2ConnectionEcho } from "./model";
import type { L2ConnectionInputs, L2ConnectionOutputs } from "./schema";
import {
  Encapsulation,
  LegSettings,
  PortFacts,
  createRequestV4,
  failureReasonV4,
  legSettings,
  legState,
  outputsFromV4,
  notifiedEmails,
  refreshedOutputsV4,
  sameEmails,
  statusOf,
} from "./v4model";

/**
 * Where a create ends well (`operation.equinixStatus`). PENDING_BGP_PEERING and PENDING_PROVIDER_VLAN mean
 * Equinix is done and the next step is on the cloud side, as terraform-provider-equinix also treats them.
 */
export const UP_STATUSES_V4 = ["PROVISIONED", "PENDING_BGP_PEERING", "PENDING_PROVIDER_VLAN"] as const;
/** Statuses (or states) that end a create with an error at once: the seller or Equinix said no. */
export const FAILED_STATUSES_V4 = [
  "REJECTED",
  "REJECTED_ACK",
  "NOT_PROVISIONED",
  "AUTO_APPROVAL_FAILED",
  "PENDING_PROVIDER_VLAN_ERROR",
  "CANCELLED",
  "FAILED",
] as const;
/** A connection gone or going: `read` treats it as deleted. */
export const DELETED_STATUSES_V4 = ["PENDING_DELETE", "DEPROVISIONING", "DEPROVISIONED", "DELETED"] as const;
/** Transient states in which Fabric refuses a DELETE or a PATCH (EQ-3142510). */
const TRANSIENT = "EQ-3142510";

const EXPLANATIONS: Record<string, string> = {
  PENDING_APPROVAL: "waiting for the seller to approve the connection",
  PROVISIONING: "Equinix is provisioning the connection",
  PENDING_DELETE: "waiting for the seller to acknowledge the deletion",
  DEPROVISIONING: "Equinix is removing the connection",
  REJECTED: "the seller rejected the connection",
};

const CHANGE_EXPLANATIONS: Record<string, string> = {
  REQUESTED: "Equinix has the change",
  SUBMITTED_FOR_APPROVAL: "waiting for the seller to approve the change",
  APPROVED: "Equinix is applying the change",
  REJECTED: "the seller rejected the change",
};

/** A failed, deleted or half-gone pair: it can never come up again. */
function isBroken(outputs: Partial<L2ConnectionOutputs>): boolean {
  const dead: readonly string[] = [...FAILED_STATUSES_V4, ...DELETED_STATUSES_V4];
  return (
    among(dead, outputs.status) ||
    among(dead, outputs.state) ||
    among(dead, outputs.secondary?.status) ||
    among(dead, outputs.secondary?.state)
  );
}

/**
 * The reads of every wait of one account, shared: concurrent waits (many pairs coming up at once) are answered
 * by one search by uuid per tick instead of one GET each. Up to a pair's two legs, plain GETs are as cheap. A
 * connection the search did not return (a search index that lags behind a create) is read with a GET, never
 * taken for gone.
 */
export function connectionReads(api: FabricV4) {
  return batchedPoller<Connection>({
    key: `equinix-v4 ${api.client.accountKey}`,
    maxBatch: 100,
    fetchMany: singleOrBulkReads({
      singleReadsUpTo: 2,
      readOne: (uuid) => api.getConnection(uuid),
      readMany: async (uuids) => {
        const found = await api.searchConnections(
          { property: "/uuid", operator: "IN", values: uuids },
          uuids.length,
        );
        return new Map(found.map((c) => [c.uuid, c]));
      },
    }),
  });
}

/** `initial`: what the create call answered for the leg, which stands for the wait's first poll. */
function waitUp(api: FabricV4, leg: Leg, timeoutMs: number, initial?: Connection): WaitSpec<Connection> {
  return {
    subject: subject(leg),
    poll: connectionReads(api).poll(leg.uuid),
    initial,
    // A rejected connection shows state FAILED and equinixStatus REJECTED: either ends the wait.
    status: (c) =>
      among(["FAILED", "CANCELLED"], c.state) && !among(FAILED_STATUSES_V4, statusOf(c))
        ? c.state!
        : statusOf(c),
    targets: UP_STATUSES_V4,
    failures: [...FAILED_STATUSES_V4, ...DELETED_STATUSES_V4],
    reason: failureReasonV4,
    explain: (s) => EXPLANATIONS[s],
    timeoutMs,
  };
}

function waitGone(api: FabricV4, leg: Leg, timeoutMs: number): WaitSpec<Connection> {
  return {
    subject: subject(leg),
    poll: connectionReads(api).poll(leg.uuid),
    status: statusOf,
    targets: ["DEPROVISIONED", "DELETED"],
    goneIsSuccess: true,
    explain: (s) => EXPLANATIONS[s],
    timeoutMs,
  };
}

/** A JSON-patch change, told by its `change` record: COMPLETED once applied. */
function waitChange(
  api: FabricV4,
  leg: Leg,
  what: string,
  changeUuid: string | undefined,
  applied: (c: Connection) => boolean,
  timeoutMs: number,
): WaitSpec<Connection> {
  return {
    subject: `${subject(leg)}: ${what}`,
    poll: connectionReads(api).poll(leg.uuid),
    status: (c) => {
      if (changeUuid && c.change?.uuid === changeUuid) return c.change.status ?? "APPROVED";
      // The change record moved on (or was never named): judge by the connection itself.
      return applied(c) ? "COMPLETED" : (c.change?.status ?? "APPROVED");
    },
    targets: ["COMPLETED"],
    failures: ["REJECTED", "FAILED"],
    reason: (c) => c.change?.information ?? CHANGE_EXPLANATIONS[c.change?.status ?? ""],
    explain: (s) => CHANGE_EXPLANATIONS[s],
    timeoutMs,
  };
}

/** The port facts a leg's body needs, from the inputs when they say them, else from GET /fabric/v4/ports/{uuid}. */
async function portFacts(api: FabricV4, inputs: L2ConnectionInputs, leg: LegSettings): Promise<PortFacts> {
  const given = inputs.portEncapsulation?.toUpperCase() as Encapsulation | undefined;
  if (given && leg.sellerMetroCode) return { encapsulation: given };
  const port = await api.getPort(leg.portUuid);
  const type = port.encapsulation?.type?.toUpperCase();
  const encapsulation = given ?? (type === "QINQ" ? "QINQ" : "DOT1Q");
  return { encapsulation, metroCode: port.location?.metroCode };
}

/** The A-side tags a connection holds on its port, as numbers. */
function aSideTags(c: Connection): [number | undefined, number | undefined] {
  const link = c.aSide?.accessPoint?.linkProtocol;
  return [link?.vlanTag ?? link?.vlanSTag, link?.vlanCTag || undefined];
}

/**
 * Finds the leg an earlier attempt created when its answer was lost, with one narrow search (by name and port,
 * never a listing of the account). A port takes each VLAN tag once among live connections, so a live connection
 * with this name on this port and these tags is the one the lost answer created: an older namesake holds other
 * tags, or is deprovisioned.
 */
async function findLeg(api: FabricV4, leg: LegSettings): Promise<Connection | undefined> {
  const found = await api.searchConnections(
    {
      and: [
        { property: "/name", operator: "=", values: [leg.name] },
        { property: "/aSide/accessPoint/port/uuid", operator: "=", values: [leg.portUuid] },
      ],
    },
    100,
  );
  return found.find((c) => {
    const [tag, cTag] = aSideTags(c);
    return (
      c.name === leg.name &&
      !among(DELETED_STATUSES_V4, statusOf(c)) &&
      !among(["DEPROVISIONING", "DEPROVISIONED"], c.state) &&
      tag === leg.vlanSTag &&
      (cTag === undefined || cTag === leg.vlanCTag)
    );
  });
}

/** One POST for one leg; after an ambiguous failure, the leg it may have created is found instead of duplicated. */
async function createLeg(
  api: FabricV4,
  inputs: L2ConnectionInputs,
  role: "primary" | "secondary",
  primaryGroup?: string,
): Promise<Connection> {
  const leg = legSettings(inputs, role);
  const body = createRequestV4(inputs, role, await portFacts(api, inputs, leg), primaryGroup);
  return createOnce({
    send: () => api.createConnection(body),
    findExisting: () => findLeg(api, leg),
    what: legDescription(leg),
  });
}

/**
 * Why a secondary's POST was refused, when the reason is its primary: a SECONDARY joins a live primary's group
 * only, so once the seller has rejected the primary (or it was deleted) Fabric refuses the secondary with a
 * redundancy-group error that names neither. Undefined when the primary is fine (the POST's own error stands).
 */
async function primaryFailure(api: FabricV4, primary: Leg): Promise<Error | undefined> {
  const record = await api.getConnection(primary.uuid).catch(() => null);
  if (record === null) return undefined;
  const status = record ? statusOf(record) : "DELETED";
  const dead: readonly string[] = [...FAILED_STATUSES_V4, ...DELETED_STATUSES_V4];
  const state = among(dead, status) ? status : among(dead, record?.state) ? record!.state! : undefined;
  if (!state) return undefined;
  const reason = record && failureReasonV4(record);
  return new WaitError(
    `${subject(primary)} reached ${state}${reason ? `: ${reason}` : ""}; its secondary could not be created`,
    "failed",
    state,
  );
}

/** A leg as the person finds it in the portal. */
function legDescription(leg: LegSettings): string {
  return `the Equinix connection "${leg.name}" on port ${leg.portUuid} (VLAN ${leg.vlanSTag}${leg.vlanCTag ? `.${leg.vlanCTag}` : ""})`;
}

/**
 * The secondary of a pair whose state holds only the primary: an earlier `pulumi up` may have sent its POST and
 * lost the answer (and failed to look it up). It is the live connection with the secondary's name, port and tags,
 * in the primary's redundancy group when it joins one.
 */
async function findLostSecondary(
  api: FabricV4,
  settings: L2ConnectionInputs,
  group: string | undefined,
): Promise<Connection | undefined> {
  const leg = legSettings(settings, "secondary");
  const found = await findLeg(api, leg);
  // A secondary on another profile (Google's zones) is a connection of its own, in a group of its own.
  const grouped = leg.profileUuid.toLowerCase() === settings.profileUuid.toLowerCase();
  return found && (!grouped || !group || found.redundancy?.group === group) ? found : undefined;
}

/** Reads both legs; undefined for a connection the API no longer knows. */
async function readPair(api: FabricV4, primaryUuid: string, secondaryUuid: string | undefined) {
  const [primary, secondary] = await Promise.all([
    api.getConnection(primaryUuid),
    secondaryUuid ? api.getConnection(secondaryUuid) : Promise.resolve(undefined),
  ]);
  return { primary, secondary };
}

/** Takes over an existing pair named by `adoptId` instead of creating one. */
async function adoptPair(api: FabricV4, inputs: L2ConnectionInputs) {
  const [primaryUuid, secondaryUuid] = (inputs.adoptId ?? "").split(":");
  const gone = (c: Connection | undefined): c is undefined =>
    !c || among(DELETED_STATUSES_V4, statusOf(c)) || among(["DEPROVISIONED"], c.state);
  const { primary, secondary: named } = await readPair(api, primaryUuid, secondaryUuid || undefined);
  if (gone(primary))
    throw new Error(`adoptId: Equinix connection ${primaryUuid} does not exist or is deleted`);
  if (secondaryUuid && gone(named))
    throw new Error(`adoptId: Equinix connection ${secondaryUuid} does not exist or is deleted`);
  let secondary = named;
  if (!secondaryUuid && inputs.secondaryConnection && primary.redundancy?.group) {
    // The pair shares a redundancy group: the secondary is the group's SECONDARY.
    const group = await api.searchConnections(
      {
        and: [
          { property: "/redundancy/group", operator: "=", values: [primary.redundancy.group] },
          { property: "/redundancy/priority", operator: "=", values: ["SECONDARY"] },
        ],
      },
      100,
    );
    secondary = group.find((c) => !gone(c));
  }
  const mismatches: string[] = [];
  const check = (c: Connection, leg: LegSettings, label: string) => {
    const port = c.aSide?.accessPoint?.port?.uuid;
    if (port && port.toLowerCase() !== leg.portUuid.toLowerCase())
      mismatches.push(`${label}portUuid is ${port} remotely`);
    const [tag] = aSideTags(c);
    if (tag !== undefined && tag !== leg.vlanSTag) mismatches.push(`${label}vlanSTag is ${tag} remotely`);
  };
  check(primary, legSettings(inputs, "primary"), "");
  if (inputs.secondaryConnection) {
    if (!secondary) mismatches.push("no secondary connection exists remotely");
    else check(secondary, legSettings(inputs, "secondary"), "secondaryConnection.");
  }
  if (mismatches.length > 0)
    throw new Error(
      `adoptId: the existing connection does not match the inputs (${mismatches.join("; ")}); ` +
        "make the inputs describe it before adopting it",
    );
  return { primary, secondary: inputs.secondaryConnection ? secondary : undefined };
}

/**
 * Brings names, bandwidths and notification e-mails in line with the inputs: one JSON-patch operation per
 * difference (terraform sends them one by one too), each waited for until its change is COMPLETED — through the
 * seller's approval where the profile asks for it. `stored` is the e-mail list the stack holds, for a connection
 * whose answer leaves its notifications out. Returns whether anything changed.
 */
async function applyChanges(
  api: FabricV4,
  inputs: L2ConnectionInputs,
  pair: { primary: Connection; secondary?: Connection },
  stored: readonly string[] | undefined,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const work: { record: Connection; leg: Leg; wanted: LegSettings }[] = [
    {
      record: pair.primary,
      leg: { role: "primary", uuid: pair.primary.uuid, name: inputs.name },
      wanted: legSettings(inputs, "primary"),
    },
  ];
  if (pair.secondary && inputs.secondaryConnection)
    work.push({
      record: pair.secondary,
      leg: { role: "secondary", uuid: pair.secondary.uuid, name: inputs.secondaryConnection.name },
      wanted: legSettings(inputs, "secondary"),
    });
  let changed = false;
  for (const { record, leg, wanted } of work) {
    const operations: [PatchOperation, string, (c: Connection) => boolean][] = [];
    if (record.name !== wanted.name)
      operations.push([
        { op: "replace", path: "/name", value: wanted.name },
        `rename to "${wanted.name}"`,
        (c) => c.name === wanted.name,
      ]);
    if (record.bandwidth !== wanted.bandwidth)
      operations.push([
        { op: "replace", path: "/bandwidth", value: wanted.bandwidth },
        `bandwidth ${record.bandwidth} → ${wanted.bandwidth} Mbps`,
        (c) => c.bandwidth === wanted.bandwidth,
      ]);
    const emails = record.notifications ? notifiedEmails(record.notifications) : stored;
    if (!emails || !sameEmails(emails, inputs.notifications))
      operations.push([
        { op: "replace", path: "/notifications", value: [{ type: "ALL", emails: inputs.notifications }] },
        `notify ${inputs.notifications.join(", ")}`,
        // An answer without notifications cannot tell; the change record then decides.
        (c) => !c.notifications || sameEmails(notifiedEmails(c.notifications), inputs.notifications),
      ]);
    for (const [operation, what, applied] of operations) {
      const answer = await patchWhenSettled(api, leg, operation, deadline);
      await waitForStatus(
        waitChange(api, leg, what, answer.change?.uuid, applied, Math.max(deadline - Date.now(), 0)),
      );
      changed = true;
    }
  }
  return changed;
}

/**
 * Sends a call Fabric refuses while the connection is in a transient state (EQ-3142510: provisioning, or busy
 * with another change), again once it has settled, until the deadline.
 */
async function whenSettled<T>(leg: Leg, what: string, call: () => Promise<T>, deadline: number): Promise<T> {
  let delay = pollDelays().initialDelayMs;
  let told = false;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      const remaining = deadline - Date.now();
      if (!(e instanceof ApiError && e.hasCode(TRANSIENT)) || remaining <= 0) throw e;
      if (!told) reportProgress(`${subject(leg)}: busy with another change; ${what} once it settles`);
      told = true;
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, 15_000);
    }
  }
}

const patchWhenSettled = (api: FabricV4, leg: Leg, operation: PatchOperation, deadline: number) =>
  whenSettled(leg, `the change is sent`, () => api.patchConnection(leg.uuid, operation), deadline);

/**
 * Waits until both legs are up; returns the records. `answers`: what the create calls answered, by uuid, for
 * the legs just created.
 */
async function waitLegsUp(
  api: FabricV4,
  state: L2ConnectionOutputs,
  timeoutMs: number,
  answers: ReadonlyMap<string, Connection> = new Map(),
) {
  const results = await waitForAll(
    legs(state).map((leg) => waitUp(api, leg, timeoutMs, answers.get(leg.uuid))),
  );
  const [primary, secondary] = results.map((r) => r.snapshot!);
  // AWS: Equinix is done, but the hosted connection waits for its owner in the AWS console (not a failure).
  for (const c of [primary, secondary])
    if (c?.operation?.providerStatus === "PENDING_APPROVAL")
      reportProgress(
        `Equinix connection "${c.name}" is provisioned; the cloud provider shows it as pending until you ` +
          "accept it there (AWS: accept the hosted connection in the Direct Connect console)",
      );
  return { primary, secondary };
}

function startedState(echo: L2ConnectionEcho, primary: Connection, secondary?: Connection) {
  return { id: primary.uuid, state: outputsFromV4(echo, primary, secondary) };
}

/** The create call's answer for the primary, kept by `create` for converge's first wait. */
function answerOf(operation: { id: string; answer?: unknown }): Connection | undefined {
  const answer = operation.answer as Connection | undefined;
  return answer && typeof answer === "object" && answer.uuid === operation.id ? answer : undefined;
}

/** The Fabric v4 backend of `equinix.L2Connection`. */
export const v4: Backend = {
  async create(client, inputs, echo) {
    // The primary alone: the secondary is created by converge, so that a failure there records the primary.
    const primary = await createLeg(new FabricV4(client), inputs, "primary");
    return { ...startedState(echo, primary), answer: primary };
  },

  async adopt(client, inputs, echo) {
    const { primary, secondary } = await adoptPair(new FabricV4(client), inputs);
    return startedState(echo, primary, secondary);
  },

  async converge(client, operation) {
    const { inputs, echo, phase, deadlines } = operation;
    const api = new FabricV4(client);
    // The e-mails the stack holds before this operation (the inputs' own during a create).
    const storedEmails = operation.state.notifications;
    // What the create calls answered: each leg's wait starts from it rather than reading the leg again at once.
    const answers = new Map<string, Connection>();
    const primaryAnswer = phase === "create" ? answerOf(operation) : undefined;
    if (primaryAnswer) answers.set(primaryAnswer.uuid, primaryAnswer);
    // The second leg, if the pair needs one and does not have it yet (a create, or the next `pulumi up` after
    // its POST failed): it joins the primary's redundancy group.
    if (inputs.secondaryConnection && !operation.state.secondary?.uuid) {
      const group =
        operation.state.redundancyGroup ?? (await api.getConnection(operation.id))?.redundancy?.group;
      // Resuming a half pair: the secondary's POST may have landed although its answer was lost.
      const lost = phase === "update" ? await findLostSecondary(api, inputs, group) : undefined;
      const secondary =
        lost ??
        (await createLeg(api, inputs, "secondary", group).catch(async (error: unknown) => {
          const primary: Leg = { role: "primary", uuid: operation.id, name: operation.state.name };
          throw (await primaryFailure(api, primary)) ?? error;
        }));
      operation.state = { ...operation.state, secondary: legState(secondary) };
      answers.set(secondary.uuid, secondary);
    }
    const resuming = phase === "create" || !among(UP_STATUSES_V4, operation.state.status);
    const up = await waitLegsUp(
      api,
      operation.state,
      resuming ? deadlines.create : deadlines.update,
      answers,
    );
    operation.state = outputsFromV4(echo, up.primary, up.secondary);
    if (!(await applyChanges(api, inputs, up, storedEmails, deadlines.update))) return operation.state;
    const { primary, secondary } = await readPair(api, operation.id, operation.state.secondary?.uuid);
    return outputsFromV4(echo, primary ?? up.primary, secondary ?? up.secondary);
  },

  async observe(client, id, state) {
    const { primary, secondary } = await readPair(new FabricV4(client), id, state.secondary?.uuid);
    const gone = (c: Connection | undefined) =>
      !c || among(DELETED_STATUSES_V4, statusOf(c)) || among(["DEPROVISIONING", "DEPROVISIONED"], c.state);
    // The resource is gone only when the whole pair is. Half a pair stays in state, and diff replaces it, so
    // that the surviving connection is never orphaned.
    if (gone(primary) && (!state.secondary || gone(secondary))) return undefined;
    return refreshedOutputsV4(
      state,
      gone(primary) ? undefined : primary,
      gone(secondary) ? undefined : secondary,
    );
  },

  async remove(client, id, state, deadlines) {
    const api = new FabricV4(client);
    const deadline = Date.now() + deadlines.delete;
    const pair = legs({ ...state, uuid: id });
    // A half pair: the secondary's POST may have landed although its answer was lost. Delete it too.
    if (state.secondaryConnection && !state.secondary?.uuid) {
      const settings = state as unknown as L2ConnectionInputs;
      const lost = await findLostSecondary(api, settings, state.redundancyGroup ?? undefined);
      const name = lost?.name ?? settings.secondaryConnection?.name ?? "";
      if (lost) pair.push({ role: "secondary", uuid: lost.uuid, name });
    }
    // One DELETE per leg; "already deleted" (EQ-3142509) and an unknown connection count as done. A leg still
    // provisioning or changing is deleted once it settles.
    for (const leg of pair)
      await whenSettled(leg, "the DELETE is sent", () => api.deleteConnection(leg.uuid), deadline);
    await waitForAll(pair.map((leg) => waitGone(api, leg, Math.max(deadline - Date.now(), 0))));
  },

  isBroken,
  isUp: (outputs) => among(UP_STATUSES_V4, outputs.status),
  // Fabric v4 also replaces the notification e-mails with JSON-patch (`replace /notifications`).
  updatable: [...RENAME_AND_SPEED, "notifications"],
};
