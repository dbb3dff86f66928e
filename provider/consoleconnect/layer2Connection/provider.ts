/**
 * `consoleconnect.Layer2Connection`: a Layer 2 connection request (port-to-port, company-to-company or Oracle
 * FastConnect), created with one PUT and then waited for through both parties' approval. The lifecycle around it
 * (parsing, partial state, deadlines) is the core's (provider/core/lifecycle.ts).
 *
 * The module path and the `layer2ConnectionProvider` export are also where stacks deployed with 0.1.0 find the
 * provider (their serialized provider requires them): keep both.
 */
import type * as pulumi from "@pulumi/pulumi";
import { InputError } from "../../core/errors";
import { createOnce } from "../../core/http";
import { Lifecycle, Phase, resourceProvider } from "../../core/lifecycle";
import { WaitSpec, waitForStatus } from "../../core/wait";
import { batchedPoller, singleOrBulkReads } from "../../core/batch";
import { CONNECTION_STATUSES, ConsoleConnectClient } from "../client";
import type { ConnectionRecord, UpdateConnectionRequest } from "../types";
import { Layer2ConnectionEcho, createRequest, outputsFrom, usernameOf } from "./model";
import { Layer2ConnectionInputs, Layer2ConnectionOutputs, layer2Connection, shapeOf } from "./schema";

const MINUTE = 60_000;

/** Where a create ends well. */
export const UP_STATUSES = ["ACTIVE"] as const;
/** Where a create ends with `waitForActive: false`: Console Connect has the request and nobody refused it. */
export const SUBMITTED_STATUSES = [
  "PENDING",
  "PENDING_ACCEPTANCE",
  "ACCEPTED",
  "ACTIVATING",
  "MANUAL",
  "ACTIVE",
] as const;
/** Statuses that end a create with an error; the connection is replaced on the next `pulumi up`. */
export const FAILED_STATUSES = ["DENIED", "CANCELLED", "ERROR"] as const;
/** Statuses of a connection that is gone or going: `read` treats it as deleted. */
export const DELETED_STATUSES = ["DELETING", "DELETED"] as const;
/** A disabled connection does not come up by waiting. */
const STOPPED_STATUSES = ["DISABLING", "DISABLED"] as const;
/** Both parties have approved: from here on, a speed increase between companies is a change request. */
const ACCEPTED_STATUSES = ["ACCEPTED", "ACTIVATING", "MANUAL", "ACTIVE", ...STOPPED_STATUSES] as const;

const among = (statuses: readonly string[], status: string | undefined) =>
  status !== undefined && statuses.includes(status);

/**
 * The reads of every wait of one company, shared. The connection search takes one status per request (Console
 * Connect's specification), so listing costs a request per status: it pays only when more connections wait at
 * once than there are statuses; below that, each wait reads its connection with a GET. A connection the list
 * did not return (a status this package does not know) is read with a GET too, never taken for gone.
 */
export function connections(client: ConsoleConnectClient, company: string) {
  return batchedPoller<ConnectionRecord>({
    key: `consoleconnect ${client.accountKey} ${company}`,
    maxBatch: 1_000,
    fetchMany: singleOrBulkReads({
      singleReadsUpTo: CONNECTION_STATUSES.length,
      readOne: (id) => client.getConnection(company, id),
      readMany: async (ids) => {
        const wanted = new Set(ids);
        const listed = (await client.listConnections(company)).filter((c) => wanted.has(c.id));
        return new Map(listed.map((c) => [c.id, c]));
      },
    }),
  });
}

/** One connection being worked on. `inputs` may be stored outputs (delete): only the inputs' fields are read. */
interface Target {
  client: ConsoleConnectClient;
  company: string;
  id: string;
  inputs: Pick<Layer2ConnectionInputs, "name" | "destCompany" | "destPortId" | "speed" | "waitForActive">;
}

function subject(t: Target): string {
  return `Console Connect connection "${t.inputs.name}" (${t.id})`;
}

/** Whose move it is while a request waits, named so the person running `pulumi up` knows whom to chase. */
function awaitedParty(t: Pick<Target, "company" | "id" | "inputs">): string {
  switch (shapeOf(t.inputs)) {
    case "oracle":
      return `Console Connect Support to complete the Oracle side (email support@consoleconnect.com your Oracle OCID and connection id ${t.id})`;
    case "port-to-port":
      return `your company (${t.company}) to approve the connection`;
    default:
      return `${t.inputs.destCompany} to approve the connection`;
  }
}

/**
 * Console Connect's status table: PENDING is "pending approval from at least one party", PENDING_ACCEPTANCE
 * "pending acceptance by 3rd party service (e.g. AWS)"; for Oracle, Support completes both.
 */
function explainer(t: Target): (status: string) => string | undefined {
  const oracle = shapeOf(t.inputs) === "oracle";
  const explanations: Record<string, string> = {
    CREATING: "Console Connect is registering the request",
    PENDING: `waiting for ${awaitedParty(t)}`,
    PENDING_ACCEPTANCE: oracle
      ? `waiting for ${awaitedParty(t)}`
      : "waiting for the third-party service (the cloud provider) to accept the connection",
    ACCEPTED: "both parties approved; the ports are being prepared",
    ACTIVATING: "Console Connect is activating the connection",
    MANUAL: "Console Connect is provisioning the connection by hand",
    DENIED: `${t.inputs.destCompany} denied the connection request`,
    CANCELLED: "the connection request was cancelled",
    DISABLING: "the connection is being disabled",
    DISABLED: "the connection is disabled (enable it in Console Connect, or let `pulumi up` replace it)",
    DELETING: "Console Connect is terminating the connection",
  };
  return (status) => explanations[status];
}

/** `initial`: what the create call answered, which stands for the wait's first poll. */
function waitUp(t: Target, timeoutMs: number, initial?: ConnectionRecord): WaitSpec<ConnectionRecord> {
  const explain = explainer(t);
  return {
    subject: subject(t),
    poll: connections(t.client, t.company).poll(t.id),
    initial,
    status: (r) => r.status,
    targets: t.inputs.waitForActive === false ? SUBMITTED_STATUSES : UP_STATUSES,
    failures: [...FAILED_STATUSES, ...DELETED_STATUSES, ...STOPPED_STATUSES],
    reason: (r) => r.errorReason || explain(r.status),
    explain,
    timeoutMs,
  };
}

/** A speed change request, told by its effect: APPLIED once the connection runs at the new speed. */
function waitSpeedChange(t: Target, speed: number, timeoutMs: number): WaitSpec<ConnectionRecord> {
  const explanations: Record<string, string> = {
    PENDING: `waiting for ${t.inputs.destCompany} to approve the increase`,
    REJECTED: `${t.inputs.destCompany} rejected the increase`,
    WITHDRAWN: "the change request was withdrawn",
  };
  return {
    subject: `${subject(t)}: speed change to ${speed} Mbps`,
    poll: connections(t.client, t.company).poll(t.id),
    status: (r) => (r.speed.value === speed ? "APPLIED" : (r.request?.status ?? "PENDING")),
    targets: ["APPLIED"],
    failures: ["REJECTED", "WITHDRAWN"],
    reason: (r) => explanations[r.request?.status ?? ""],
    explain: (status) => explanations[status],
    timeoutMs,
  };
}

function waitGone(t: Target, timeoutMs: number): WaitSpec<ConnectionRecord> {
  return {
    subject: subject(t),
    poll: connections(t.client, t.company).poll(t.id),
    status: (r) => r.status,
    targets: ["DELETED"],
    goneIsSuccess: true,
    explain: explainer(t),
    timeoutMs,
  };
}

async function waitUntilUp(
  t: Target,
  timeoutMs: number,
  initial?: ConnectionRecord,
): Promise<ConnectionRecord> {
  return (await waitForStatus(waitUp(t, timeoutMs, initial))).snapshot!;
}

async function current(t: Target): Promise<ConnectionRecord> {
  const record = await t.client.getConnection(t.company, t.id);
  if (!record) throw new Error(`${subject(t)} no longer exists; run \`pulumi refresh\``);
  return record;
}

/**
 * The company-dependent shape rules of `check`, once the company is known: check skips them when
 * companyUsername is left to GET /api/auth/token.
 */
function checkAgainstCompany(echo: Layer2ConnectionEcho, company: string): void {
  if (echo.companyUsername) return;
  const failures = layer2Connection.validate({ ...echo, companyUsername: company });
  if (failures.length > 0)
    throw new InputError(`${layer2Connection.displayName} (the API key's company is "${company}")`, failures);
}

/** Where a connection can be soon after its PUT: everything but disabled, deleted or being either. */
const JUST_CREATED_STATUSES = ["CREATING", ...SUBMITTED_STATUSES, ...FAILED_STATUSES];

/** Server-clock slack on top of the measured uncertainty (createdAt and /heartbeat may come from two hosts). */
const CLOCK_SLACK_MS = 50;

/**
 * Finds the connection an earlier attempt created but whose answer was lost (called by createOnce only after
 * such an ambiguous failure; nothing is listed before a create). Same name and source port, and created no
 * earlier than the first attempt was sent: that is what keeps an older namesake (the one a replacement
 * replaces, or one made elsewhere) from being taken for it. The API has no idempotency key and the lost answer
 * held the only id, so creation time is the one discriminator; it is compared on the server's clock (createdAt
 * is the server's), measured now through GET /heartbeat, never assumed: a fixed margin large enough for an
 * unknown skew would also admit a namesake made seconds before. A namesake made within the measurement's
 * uncertainty before the first attempt cannot be told apart; with no createdAt to compare, none is taken for it.
 */
async function findCreated(t: Omit<Target, "id"> & { inputs: Layer2ConnectionInputs }, firstSentAt: number) {
  const { offsetMs, uncertaintyMs } = await t.client.serverClockOffset();
  const earliest = firstSentAt + offsetMs - uncertaintyMs - CLOCK_SLACK_MS;
  const connections = await t.client.listConnections(t.company, JUST_CREATED_STATUSES);
  return connections.find(
    (c) =>
      c.name === t.inputs.name &&
      (!c.srcPortId || c.srcPortId === t.inputs.portId) &&
      Date.parse(c.createdAt ?? "") >= earliest,
  );
}

async function createConnection(
  t: Omit<Target, "id"> & { inputs: Layer2ConnectionInputs },
): Promise<ConnectionRecord> {
  let firstSentAt: number | undefined;
  return createOnce({
    send: () => {
      firstSentAt ??= Date.now();
      return t.client.createConnection(t.company, createRequest(t.inputs));
    },
    findExisting: () => findCreated(t, firstSentAt!),
    what: `the Console Connect connection "${t.inputs.name}" from port ${t.inputs.portId}`,
  });
}

/** Takes over the connection named by `adoptId`, after checking that it is the one the inputs describe. */
async function adopt(t: Omit<Target, "id"> & { inputs: Layer2ConnectionInputs }): Promise<ConnectionRecord> {
  const id = t.inputs.adoptId!;
  const record = await t.client.getConnection(t.company, id);
  if (!record || among(DELETED_STATUSES, record.status))
    throw new Error(
      `adoptId: Console Connect connection ${id} does not exist for ${t.company} or is deleted`,
    );
  const mismatches: string[] = [];
  if (record.srcPortId && record.srcPortId !== t.inputs.portId)
    mismatches.push(`portId is ${record.srcPortId} remotely`);
  const destCompany = usernameOf(record.destCompany);
  if (destCompany && destCompany !== t.inputs.destCompany)
    mismatches.push(`destCompany is ${destCompany} remotely`);
  if (t.inputs.destPortId && record.destPortId && record.destPortId !== t.inputs.destPortId)
    mismatches.push(`destPortId is ${record.destPortId} remotely`);
  if (mismatches.length > 0)
    throw new Error(
      `adoptId: the existing connection does not match the inputs (${mismatches.join("; ")}); ` +
        "make the inputs describe it before adopting it",
    );
  return record;
}

/**
 * Brings name and speed in line with the inputs. Between your own ports, and while a request is not yet
 * accepted, any speed is set directly (POST); between companies a decrease is direct too, but an increase is a
 * change request that waits for the other party. A change request already pending for that speed is waited
 * for, not sent again.
 */
async function applyInPlaceChanges(
  t: Target,
  record: ConnectionRecord,
  timeoutMs: number,
): Promise<ConnectionRecord> {
  const body: UpdateConnectionRequest = {};
  if (record.name !== t.inputs.name) body.name = t.inputs.name;
  const speed = t.inputs.speed;
  const byChangeRequest =
    speed > record.speed.value &&
    shapeOf(t.inputs) !== "port-to-port" &&
    among(ACCEPTED_STATUSES, record.status);
  if (speed !== record.speed.value && !byChangeRequest) body.speed = speed;
  if (body.name !== undefined || body.speed !== undefined)
    await t.client.updateConnection(t.company, t.id, body);
  if (byChangeRequest) {
    const pending = record.request?.status === "PENDING" && record.request.speed === speed;
    if (!pending) await t.client.requestSpeedChange(t.company, t.id, speed);
    return (await waitForStatus(waitSpeedChange(t, speed, timeoutMs))).snapshot!;
  }
  return body.name !== undefined || body.speed !== undefined ? current(t) : record;
}

/** What the person should do after a create or update that did not finish. */
function nextStep(outputs: Layer2ConnectionOutputs, phase: Phase): string {
  const t = { id: outputs.connectionId, company: outputs.company, inputs: outputs };
  if (among(FAILED_STATUSES, outputs.status)) {
    const cause =
      outputs.status === "DENIED"
        ? `ask ${t.inputs.destCompany} why they denied it`
        : "fix the cause the reason names";
    return `The connection is recorded in the stack; the next \`pulumi up\` replaces it with a new request (${cause} first)`;
  }
  const change = outputs.speedChangeRequest;
  if (change?.status === "PENDING")
    return `The speed increase to ${change.speed} Mbps is still waiting for ${t.inputs.destCompany}; once they approve it, run \`pulumi up\` again to finish waiting (the request is not sent twice)`;
  if (change)
    return `The speed increase to ${change.speed} Mbps was not applied; run \`pulumi up\` again to ask again, or set speed back to ${outputs.speed}`;
  if (phase === "update" && among(UP_STATUSES, outputs.status))
    return "The stack records the connection as Console Connect shows it now; fix the cause and run `pulumi up` again to apply the change";
  const orStop =
    t.inputs.waitForActive === false ? "" : " (or set waitForActive: false to stop waiting there)";
  return `The connection is recorded in the stack as partially created, waiting for ${awaitedParty(t)}; once that is done, run \`pulumi up\` again to finish waiting${orStop}: no second connection is created`;
}

/** The company behind the connection: the stored one, the input, or the API key's. */
async function companyOf(client: ConsoleConnectClient, state: Partial<Layer2ConnectionOutputs>) {
  return state.company ?? (await client.companyUsername(state.companyUsername));
}

export const layer2ConnectionLifecycle: Lifecycle<typeof layer2Connection, ConsoleConnectClient> = {
  definition: layer2Connection,
  timeouts: { create: 30 * MINUTE, update: 30 * MINUTE, delete: 15 * MINUTE },
  diff: {
    updatable: ["name", "speed"],
    local: ["timeouts", "waitForActive"],
    // A denied, cancelled or failed request never comes up: the only way forward is a new one.
    dead: (olds) => among(FAILED_STATUSES, olds.status),
    // companyUsername may be left to the API key: compare the company the connection was created under.
    normalize: (olds, news) => [
      { ...olds, companyUsername: olds.companyUsername ?? olds.company },
      { ...news, companyUsername: news.companyUsername ?? olds.company },
    ],
  },

  connect: () => new ConsoleConnectClient(),

  async create(client, inputs, echo) {
    const company = await client.companyUsername(inputs.companyUsername);
    checkAgainstCompany(echo, company);
    const record = await createConnection({ client, company, inputs });
    return { id: record.id, state: outputsFrom(echo, company, record), answer: record };
  },

  async adopt(client, inputs, echo) {
    const company = await client.companyUsername(inputs.companyUsername);
    checkAgainstCompany(echo, company);
    const record = await adopt({ client, company, inputs });
    return { id: record.id, state: outputsFrom(echo, company, record) };
  },

  async converge(client, { id, inputs, echo, state, phase, deadlines, answer }) {
    const t: Target = { client, company: state.company, id, inputs };
    // A create, or an update of a connection that never came up (partial state): wait for it first. An adopted
    // connection may differ in name or speed: applyInPlaceChanges brings it in line once it is up.
    const reached = inputs.waitForActive === false ? SUBMITTED_STATUSES : UP_STATUSES;
    const resuming = phase === "create" || !among(reached, state.status);
    // A create's wait starts from the PUT's answer rather than reading the connection again at once.
    const created = answer as ConnectionRecord | undefined;
    const initial = phase === "create" && created?.id === id ? created : undefined;
    const record = await waitUntilUp(t, resuming ? deadlines.create : deadlines.update, initial);
    const adopted = phase === "create" && inputs.adoptId !== undefined;
    const latest =
      phase === "update" || adopted ? await applyInPlaceChanges(t, record, deadlines.update) : record;
    return outputsFrom(echo, t.company, latest);
  },

  async observe(client, id, state) {
    const company = await companyOf(client, state);
    const record = await client.getConnection(company, id);
    if (!record || record.deleted || among(DELETED_STATUSES, record.status)) return undefined;
    return outputsFrom(state, company, record);
  },

  async remove(client, id, state, deadlines) {
    const company = await companyOf(client, state);
    const t: Target = { client, company, id, inputs: state };
    const record = await client.getConnection(company, id);
    if (!record || record.status === "DELETED") return;
    // Console Connect's own gateway (Kraken) terminates this way: disable an active connection, then DELETE.
    if (record.status === "ACTIVE") await client.disableConnection(company, id);
    if (record.status !== "DELETING") await client.deleteConnection(company, id);
    await waitForStatus(waitGone(t, deadlines.delete));
  },

  nextStep,
};

export const layer2ConnectionProvider: pulumi.dynamic.ResourceProvider =
  resourceProvider(layer2ConnectionLifecycle);
