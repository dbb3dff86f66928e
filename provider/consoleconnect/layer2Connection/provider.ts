/**
 * CRUD of `consoleconnect.Layer2Connection`: a Layer 2 connection request (port-to-port, company-to-company or
 * Oracle FastConnect), created with one PUT and then waited for through both parties' approval.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../../core/errors";
import { createOnce } from "../../core/http";
import { checkWithSchema, diffInputs, partialFailure, withoutProvider } from "../../core/dynamic";
import { WaitSpec, timeoutFor, waitForStatus } from "../../core/wait";
import { ConsoleConnectClient } from "../client";
import type { ConnectionRecord, UpdateConnectionRequest } from "../types";
import { Layer2ConnectionOutputs, createRequest, inputsOf, outputsFrom, usernameOf } from "./model";
import { INPUT_KEYS, Layer2ConnectionInputs, layer2ConnectionInputSchema, shapeOf } from "./schema";

const MINUTE = 60_000;
const DEFAULT_TIMEOUTS = { create: 30 * MINUTE, update: 30 * MINUTE, delete: 15 * MINUTE };

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

/** One connection being worked on. */
interface Target {
  client: ConsoleConnectClient;
  company: string;
  id: string;
  inputs: Layer2ConnectionInputs;
}

function subject(t: Target): string {
  return `Console Connect connection "${t.inputs.name}" (${t.id})`;
}

/** Whose move it is while a request waits, named so the person running `pulumi up` knows whom to chase. */
function awaitedParty(t: Target): string {
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

function waitUp(t: Target, timeoutMs: number): WaitSpec<ConnectionRecord> {
  const explain = explainer(t);
  return {
    subject: subject(t),
    poll: () => t.client.getConnection(t.company, t.id),
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
    poll: () => t.client.getConnection(t.company, t.id),
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
    poll: () => t.client.getConnection(t.company, t.id),
    status: (r) => r.status,
    targets: ["DELETED"],
    goneIsSuccess: true,
    explain: explainer(t),
    timeoutMs,
  };
}

async function waitUntilUp(t: Target, timeoutMs: number): Promise<ConnectionRecord> {
  return (await waitForStatus(waitUp(t, timeoutMs))).snapshot!;
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
function checkAgainstCompany(inputs: Layer2ConnectionInputs, company: string): void {
  if (inputs.companyUsername) return;
  const { failures } = checkWithSchema(layer2ConnectionInputSchema, { ...inputs, companyUsername: company });
  if (failures && failures.length > 0)
    throw new Error(
      `Console Connect: the API key's company is "${company}", so ${failures.map((f) => `${f.property} ${f.reason}`).join("; ")}`,
    );
}

/** Where a connection can be soon after its PUT: everything but disabled, deleted or being either. */
const JUST_CREATED_STATUSES = [
  "CREATING",
  "PENDING",
  "PENDING_ACCEPTANCE",
  "ACCEPTED",
  "ACTIVATING",
  "MANUAL",
  "ACTIVE",
  ...FAILED_STATUSES,
];

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
async function findCreated(t: Omit<Target, "id">, firstSentAt: number) {
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

async function createConnection(t: Omit<Target, "id">): Promise<ConnectionRecord> {
  let firstSentAt: number | undefined;
  return createOnce({
    send: () => {
      firstSentAt ??= Date.now();
      return t.client.createConnection(t.company, createRequest(t.inputs));
    },
    findExisting: () => findCreated(t, firstSentAt!),
  });
}

/** Takes over the connection named by `adoptId`, after checking that it is the one the inputs describe. */
async function adopt(t: Omit<Target, "id">): Promise<ConnectionRecord> {
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
function nextStep(t: Target, outputs: Layer2ConnectionOutputs): string {
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
  const orStop =
    t.inputs.waitForActive === false ? "" : " (or set waitForActive: false to stop waiting there)";
  return `The connection is recorded in the stack as partially created, waiting for ${awaitedParty(t)}; once that is done, run \`pulumi up\` again to finish waiting${orStop}: no second connection is created`;
}

/** Records a connection that exists but did not finish, with its latest state, so the next up resumes it. */
async function partial(
  t: Target,
  raw: Record<string, unknown>,
  outputs: Layer2ConnectionOutputs,
  cause: unknown,
) {
  const latest = await t.client.getConnection(t.company, t.id).catch(() => undefined);
  const state = latest ? outputsFrom(raw, t.company, latest) : outputs;
  return partialFailure(t.id, raw, { ...state }, cause, nextStep(t, state));
}

export const layer2ConnectionProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return checkWithSchema(layer2ConnectionInputSchema, news);
  },

  async diff(_id, olds, news) {
    // companyUsername may be left to the API key: compare the company the connection was created under.
    const company = olds.company;
    return diffInputs(
      { ...olds, companyUsername: olds.companyUsername ?? company },
      { ...news, companyUsername: news.companyUsername ?? company },
      {
        inputKeys: INPUT_KEYS,
        updatable: ["name", "speed"],
        local: ["timeouts", "waitForActive"],
        ignored: ["adoptId"],
        // A denied, cancelled or failed request never comes up: the only way forward is a new one.
        dead: among(FAILED_STATUSES, olds.status),
      },
    );
  },

  async create(raw) {
    const inputs = layer2ConnectionInputSchema.parse(withoutProvider(raw));
    const client = new ConsoleConnectClient();
    const company = await client.companyUsername(inputs.companyUsername);
    checkAgainstCompany(inputs, company);
    const pending = { client, company, inputs };
    const record = inputs.adoptId ? await adopt(pending) : await createConnection(pending);
    const t: Target = { ...pending, id: record.id };
    const outputs = outputsFrom(raw, company, record);
    try {
      let latest = await waitUntilUp(t, timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUTS.create));
      if (inputs.adoptId)
        latest = await applyInPlaceChanges(
          t,
          latest,
          timeoutFor(inputs.timeouts, "update", DEFAULT_TIMEOUTS.update),
        );
      return { id: t.id, outs: outputsFrom(raw, company, latest) };
    } catch (e) {
      // The connection exists: record it as partially created rather than forgetting (and orphaning) it.
      throw await partial(t, raw, outputs, e);
    }
  },

  async read(id, props) {
    const stored = props as unknown as Layer2ConnectionOutputs;
    const client = new ConsoleConnectClient();
    const company = stored.company ?? (await client.companyUsername(stored.companyUsername));
    const record = await client.getConnection(company, id);
    if (!record || record.deleted || among(DELETED_STATUSES, record.status)) return {};
    const outputs = outputsFrom(inputsOf(stored), company, record);
    return { id, props: { ...outputs }, inputs: inputsOf(outputs) };
  },

  async update(id, olds, news) {
    const inputs = layer2ConnectionInputSchema.parse(withoutProvider(news));
    const stored = olds as unknown as Layer2ConnectionOutputs;
    const t: Target = { client: new ConsoleConnectClient(), company: stored.company, id, inputs };
    // Until the API says otherwise, name and speed are still the stored ones, so that the next up retries them.
    const outputs: Layer2ConnectionOutputs = {
      ...stored,
      ...(withoutProvider(news) as Layer2ConnectionInputs),
      name: stored.name,
      speed: stored.speed,
    };
    try {
      // A create that did not finish (partial state) is resumed here: wait for the connection to come up first.
      const reached = inputs.waitForActive === false ? SUBMITTED_STATUSES : UP_STATUSES;
      const resuming = !among(reached, stored.status);
      const firstWait = resuming
        ? timeoutFor(inputs.timeouts, "create", DEFAULT_TIMEOUTS.create)
        : timeoutFor(inputs.timeouts, "update", DEFAULT_TIMEOUTS.update);
      const record = await waitUntilUp(t, firstWait);
      const latest = await applyInPlaceChanges(
        t,
        record,
        timeoutFor(inputs.timeouts, "update", DEFAULT_TIMEOUTS.update),
      );
      return { outs: outputsFrom(news, t.company, latest) };
    } catch (e) {
      // A refused call (4xx) changed nothing: the stored state stays as it was.
      if (e instanceof ApiError && !(e.status !== undefined && e.status >= 500)) throw e;
      throw await partial(t, news, outputs, e);
    }
  },

  async delete(id, props) {
    const stored = props as unknown as Layer2ConnectionOutputs;
    const client = new ConsoleConnectClient();
    const company = stored.company ?? (await client.companyUsername(stored.companyUsername));
    const t: Target = { client, company, id, inputs: stored };
    const record = await client.getConnection(company, id);
    if (!record || record.status === "DELETED") return;
    // Console Connect's own gateway (Kraken) terminates this way: disable an active connection, then DELETE.
    if (record.status === "ACTIVE") await client.disableConnection(company, id);
    if (record.status !== "DELETING") await client.deleteConnection(company, id);
    await waitForStatus(waitGone(t, timeoutFor(stored.timeouts, "delete", DEFAULT_TIMEOUTS.delete)));
  },
};
