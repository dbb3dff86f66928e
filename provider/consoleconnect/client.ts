/**
 * Console Connect client: an API key sent as a bearer token, the company username every path needs, and the
 * LoopBack error bodies the API answers with (business-rule failures come back as HTTP 400).
 */
import { sharedPerKey } from "../core/cache";
import { ApiError, VendorProblem, registerSecret } from "../core/errors";
import { HttpClient, ParsedErrorBody, RetryPolicy } from "../core/http";
import { DEFAULT_RATE_LIMITS, RateLimit, accountHash } from "../core/rateLimit";
import { setting, settingNames, timeoutSetting } from "../core/settings";
import {
  ConnectionRecord,
  CreateLayer2ConnectionRequest,
  CurrentUser,
  DataCenterFacility,
  LoopBackFilter,
  MetroCapability,
  Port,
  UpdateConnectionRequest,
  ConnectionPage,
  connectionAnswer,
  connectionPageAnswer,
  currentUserAnswer,
  dataCenterFacilityAnswer,
  metroCapabilityAnswer,
  portAnswer,
} from "./types";
import { z } from "zod";
import { parseAnswer } from "../core/answers";

/** GET /heartbeat (the specification's `now`). */
const heartbeatAnswer = z.object({ now: z.string().nullish() }).loose();

export const VENDOR = "Console Connect";

export const DEFAULT_ENDPOINT = "https://api.consoleconnect.com";

export const CREDENTIALS_HELP =
  "set interconnect:consoleConnectApiKey (secret) in the stack config, or CONSOLE_CONNECT_API_KEY in the " +
  "environment (Console Connect Support issues API keys: support@consoleconnect.com).";

export interface ConsoleConnectCredentials {
  endpoint: string;
  apiKey?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The account's request budget: `RATE[/s|/m][:BURST]` or `off` (see core/rateLimit.ts). */
  rateLimit?: string | Partial<RateLimit>;
}

/** Settings read here and named in messages (config key, then environment variables). */
const ENDPOINT = { key: "consoleConnectApiUrl", env: ["CONSOLE_CONNECT_API_URL"] } as const;
const RATE_LIMIT = { key: "consoleConnectRateLimit", env: ["CONSOLE_CONNECT_RATE_LIMIT"] } as const;

/** Credentials from the stack config (`interconnect:consoleConnect*`) or the environment. */
export function credentialsFromSettings(): ConsoleConnectCredentials {
  return {
    endpoint: setting(ENDPOINT.key, ENDPOINT.env) ?? DEFAULT_ENDPOINT,
    apiKey: setting("consoleConnectApiKey", ["CONSOLE_CONNECT_API_KEY"]),
    timeoutMs: timeoutSetting(VENDOR, "consoleConnectTimeout", ["CONSOLE_CONNECT_API_TIMEOUT"]),
    rateLimit: setting(RATE_LIMIT.key, RATE_LIMIT.env),
  };
}

/** A non-empty string, without the final period the API's sentences carry (the message adds its own). */
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v.length > 0 ? v.replace(/\.$/, "") : undefined;

/**
 * Reads the LoopBack body `{"error": {statusCode, name, message, details?}}`, the same without the `error`
 * wrapper (some spec examples), and the 2025 service shape `{code, httpStatus, message, transactionId}`.
 * LoopBack's generic `name` "Error" is no code; a ValidationError's `details.messages` name their properties.
 */
export function parseConsoleConnectError(data: unknown): ParsedErrorBody {
  if (typeof data === "string" && data.length > 0) return { problems: [{ message: text(data) }] };
  if (!data || typeof data !== "object") return { problems: [] };
  const outer = data as Record<string, unknown>;
  const body = (outer.error && typeof outer.error === "object" ? outer.error : outer) as Record<
    string,
    unknown
  >;
  // LoopBack's generic name "Error" says nothing; its `code` (MODEL_NOT_FOUND, ENTITY_NOT_FOUND…) then does.
  const name =
    (text(body.name) !== "Error" ? text(body.name) : undefined) ?? text(body.code) ?? text(body.name);
  const problems: VendorProblem[] = [];
  const message = text(body.message);
  if (message || (name && name !== "Error"))
    problems.push({ code: name === "Error" ? undefined : name, message });
  const details = body.details as { messages?: Record<string, unknown> } | undefined;
  for (const [property, messages] of Object.entries(details?.messages ?? {})) {
    for (const m of Array.isArray(messages) ? messages : [messages]) {
      const said = text(m);
      if (said) problems.push({ message: said, property });
    }
  }
  return { problems, requestId: text(body.transactionId) };
}

/** Advice for the API's known messages; most business-rule failures are HTTP 400, whatever their nature. */
function consoleConnectHint(status: number | undefined, problems: VendorProblem[]): string | undefined {
  const said = problems.map((p) => p.message ?? "").join(" ");
  if (/not authorized/i.test(said))
    return (
      "Console Connect answers permission problems with HTTP 400: the API key's user needs the Network Admin " +
      "(NETWORKCONTROL) role, a verified company and the signed Specific Terms for API Use, and the object " +
      "must belong to that company (companyUsername)."
    );
  if (/exceeds the available capacity/i.test(said))
    return "Lower speed, or free capacity on the port; consoleconnect.getPorts() shows each port's capacity.remaining.";
  if (/ACTIVE (source|destination) port|does not belong to the company|port can not be found/i.test(said))
    return "Use the id of an ACTIVE port of the right company, from consoleconnect.getPorts().";
  if (/must match pattern/i.test(said)) return "Ids are 24 lower-case hexadecimal characters.";
  if (status === 401) return `The API key was refused: ${CREDENTIALS_HELP}`;
  if (status === 400)
    return "Console Connect reports business-rule failures with HTTP 400: fix what the message names and run the command again.";
  return undefined;
}

/**
 * Whether an error says that the connection does not exist. The specification documents no 404 for reading or
 * deleting a connection, and Console Connect answers most failures with 400, so "not found" is told by the
 * vendor's code and message (LoopBack's MODEL_NOT_FOUND / ENTITY_NOT_FOUND, "A connection can not be found…",
 * `Unknown "Connection" id …`), not only by a 404. A 400 that names no connection (a company, a port) is not it.
 */
export function isConnectionNotFound(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  if (e.status === 404) return true;
  if (e.status !== 400) return false;
  return e.problems.some((p) => {
    const message = p.message ?? "";
    const aboutConnection = /connection/i.test(message);
    const notFoundCode = /not.?found/i.test(p.code ?? "");
    const notFoundText = /(can ?not|could not|couldn't) be found|not found|does not exist|^unknown\b/i.test(
      message,
    );
    return aboutConnection && (notFoundCode || notFoundText);
  });
}

/** Every status a connection can be in (the documented table, plus CREATING, ACTIVATING and DISABLING). */
export const CONNECTION_STATUSES = [
  "CREATING",
  "PENDING",
  "PENDING_ACCEPTANCE",
  "ACCEPTED",
  "ACTIVATING",
  "MANUAL",
  "ACTIVE",
  "DISABLING",
  "DISABLED",
  "DENIED",
  "CANCELLED",
  "ERROR",
  "DELETING",
  "DELETED",
] as const;

/** Connections per page asked for when listing, and the most pages read per status before giving up. */
const LIST_PAGE_SIZE = 100;
const LIST_MAX_PAGES = 50;

/** The connections of one page, whatever shape it came in (ConnectionPage). */
function connectionsOf(page: ConnectionPage): ConnectionRecord[] {
  if (Array.isArray(page)) return page;
  if ("results" in page && Array.isArray(page.results)) return page.results as ConnectionRecord[];
  return "id" in page && typeof page.id === "string" ? [page as ConnectionRecord] : [];
}

/** The company username of each API key, asked once per process (GET /api/auth/token). */
const companyOfKey = new Map<string, Promise<string>>();

const seg = encodeURIComponent;

export class ConsoleConnectClient {
  readonly http: HttpClient;
  private readonly credentials: ConsoleConnectCredentials;

  constructor(credentials: ConsoleConnectCredentials = credentialsFromSettings()) {
    this.credentials = credentials;
    registerSecret(credentials.apiKey);
    this.http = new HttpClient({
      vendor: VENDOR,
      baseURL: credentials.endpoint,
      endpointSetting: settingNames(ENDPOINT.key, ENDPOINT.env),
      timeoutMs: credentials.timeoutMs,
      retry: credentials.retry,
      // One budget per API key (hashed by the HTTP layer, never kept in clear).
      account: credentials.apiKey ?? "",
      rateLimit: credentials.rateLimit,
      defaultRateLimit: DEFAULT_RATE_LIMITS.consoleConnect,
      rateLimitSetting: settingNames(RATE_LIMIT.key, RATE_LIMIT.env),
      parseError: (data) => parseConsoleConnectError(data),
      hint: consoleConnectHint,
      credentialsHelp: CREDENTIALS_HELP,
      authorize: async ({ method, url }) => {
        if (!credentials.apiKey)
          throw new ApiError({
            vendor: VENDOR,
            method,
            path: new URL(url).pathname,
            problems: [{ message: "no Console Connect API key is configured" }],
            hint: `To fix it, ${CREDENTIALS_HELP}`,
          });
        return { Authorization: `Bearer ${credentials.apiKey}` };
      },
    });
  }

  /** Names the account for what calls of one process may share (batched polls): endpoint and a key digest. */
  get accountKey(): string {
    return `${this.credentials.endpoint}|${accountHash(this.credentials.apiKey ?? "").slice(0, 16)}`;
  }

  async currentUser(): Promise<CurrentUser> {
    return parseAnswer(
      VENDOR,
      "GET /api/auth/token",
      currentUserAnswer,
      (await this.http.get("/api/auth/token")).data,
    );
  }

  /** The company username to use in paths: the given one, or the only company of the API key's user. */
  async companyUsername(given?: string): Promise<string> {
    if (given) return given;
    const key = `${this.http.baseURL}|${this.credentials.apiKey ?? ""}`;
    return sharedPerKey(companyOfKey, key, () => this.currentUser().then(onlyCompany));
  }

  /** Creates a connection request. Create is PUT on this API, and not safe to repeat. */
  async createConnection(company: string, body: CreateLayer2ConnectionRequest): Promise<ConnectionRecord> {
    const path = `/api/v2/company/${seg(company)}/connections/layer2`;
    return parseAnswer(
      VENDOR,
      `PUT ${path}`,
      connectionAnswer,
      (await this.http.put(path, body, { idempotent: false })).data,
    );
  }

  /** The connection, or undefined when the API says it does not know it (isConnectionNotFound). */
  async getConnection(company: string, id: string): Promise<ConnectionRecord | undefined> {
    try {
      const path = connectionPath(company, id);
      return parseAnswer(VENDOR, `GET ${path}`, connectionAnswer, (await this.http.get(path)).data);
    } catch (e) {
      if (isConnectionNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * The company's connections in the given statuses (all of them by default). The specification marks `status`,
   * `page` and `count` required and shows one status per request, so each status is asked for on its own, page by
   * page until a short page, at most LIST_MAX_PAGES pages: past that the list is refused rather than cut short
   * (a caller looking for a connection must not miss it).
   */
  async listConnections(
    company: string,
    statuses: readonly string[] = CONNECTION_STATUSES,
  ): Promise<ConnectionRecord[]> {
    const path = `/api/v2/company/${seg(company)}/connections`;
    const byId = new Map<string, ConnectionRecord>();
    for (const status of statuses) {
      for (let page = 1; ; page++) {
        if (page > LIST_MAX_PAGES)
          throw new Error(
            `Console Connect: GET ${path}?status=${status} still answered full pages after ${LIST_MAX_PAGES} ` +
              `pages of ${LIST_PAGE_SIZE}; not reading further`,
          );
        const query = { status, page, count: LIST_PAGE_SIZE };
        const answer = await this.http.get(path, { query });
        const results = connectionsOf(parseAnswer(VENDOR, `GET ${path}`, connectionPageAnswer, answer.data));
        for (const connection of results) byId.set(connection.id, connection);
        if (results.length < LIST_PAGE_SIZE) break;
      }
    }
    return [...byId.values()];
  }

  /**
   * The server clock minus the local one, in ms, from GET /heartbeat (`now`, in the specification), with its
   * uncertainty: half the call's round trip.
   */
  async serverClockOffset(): Promise<{ offsetMs: number; uncertaintyMs: number }> {
    const sent = Date.now();
    const { now } = parseAnswer(
      VENDOR,
      "GET /heartbeat",
      heartbeatAnswer,
      (await this.http.get("/heartbeat")).data,
    );
    const received = Date.now();
    const serverNow = Date.parse(now ?? "");
    if (!Number.isFinite(serverNow))
      throw new Error(`Console Connect: GET /heartbeat answered no time (now: ${JSON.stringify(now)})`);
    return { offsetMs: serverNow - (sent + received) / 2, uncertaintyMs: (received - sent) / 2 };
  }

  /** Renames or resizes (POST on this API); setting the same values twice is harmless. */
  async updateConnection(company: string, id: string, body: UpdateConnectionRequest): Promise<void> {
    await this.http.post(connectionPath(company, id), body, { idempotent: true });
  }

  /** Asks the other party for a higher speed (a change request); the bandwidth is reserved at once. */
  async requestSpeedChange(company: string, id: string, speed: number): Promise<void> {
    await this.http.put(`${legacyConnectionPath(company, id)}/change`, { speed });
  }

  async disableConnection(company: string, id: string): Promise<void> {
    await this.http.put(`${legacyConnectionPath(company, id)}/disable`);
  }

  /** Deletes the connection; a connection the API says it does not know (isConnectionNotFound) is already gone. */
  async deleteConnection(company: string, id: string): Promise<void> {
    try {
      await this.http.delete(connectionPath(company, id));
    } catch (e) {
      if (!isConnectionNotFound(e)) throw e;
    }
  }

  /** The receiving company's answer to a connection request (with that company's own API key). */
  async approveConnection(company: string, id: string): Promise<ConnectionRecord> {
    const path = `${connectionPath(company, id)}/approve`;
    return parseAnswer(VENDOR, `PUT ${path}`, connectionAnswer, (await this.http.put(path)).data);
  }

  async rejectConnection(company: string, id: string): Promise<ConnectionRecord> {
    const path = `${connectionPath(company, id)}/reject`;
    return parseAnswer(VENDOR, `PUT ${path}`, connectionAnswer, (await this.http.put(path)).data);
  }

  /** The other party's answer to a speed change request. */
  async approveSpeedChange(company: string, id: string): Promise<void> {
    await this.http.put(`${legacyConnectionPath(company, id)}/change/approve`);
  }

  /** Withdraws one's own change request, or rejects the other party's. */
  async cancelSpeedChange(company: string, id: string): Promise<void> {
    await this.http.delete(`${legacyConnectionPath(company, id)}/change`);
  }

  /** A company's ports that are not deleted ("publicly visible" for any company). */
  async getPorts(company: string): Promise<Port[]> {
    const path = `/api/company/${seg(company)}/ports`;
    const answer = await this.http.get(path, { query: { deleted: false } });
    return parseAnswer(VENDOR, `GET ${path}`, z.object({ results: z.array(portAnswer) }).loose(), answer.data)
      .results;
  }

  async getMetroCapabilities(company: string): Promise<MetroCapability[]> {
    const path = `/api/company/${seg(company)}/metro/capabilities`;
    const answer = await this.http.get(path);
    return parseAnswer(
      VENDOR,
      `GET ${path}`,
      z.object({ results: z.array(metroCapabilityAnswer) }).loose(),
      answer.data,
    ).results;
  }

  async searchDataCenterFacilities(filter: LoopBackFilter): Promise<DataCenterFacility[]> {
    const query = { filter: JSON.stringify(filter) };
    const answer = await this.http.get("/v2/data-center-facility", { query });
    return parseAnswer(
      VENDOR,
      "GET /v2/data-center-facility",
      z.array(dataCenterFacilityAnswer),
      answer.data,
    );
  }
}

function connectionPath(company: string, id: string): string {
  return `/api/v2/company/${seg(company)}/connections/${seg(id)}`;
}

/** Change requests and disable/enable exist only on the older, unversioned paths. */
function legacyConnectionPath(company: string, id: string): string {
  return `/api/company/${seg(company)}/connections/${seg(id)}`;
}

function onlyCompany(user: CurrentUser): string {
  const companies = user.companies ?? [];
  if (companies.length === 1) return companies[0].username;
  throw new Error(
    companies.length === 0
      ? "Console Connect: the API key's user belongs to no company; set companyUsername"
      : `Console Connect: the API key's user belongs to several companies (${companies.map((c) => c.username).join(", ")}); set companyUsername to the one to use`,
  );
}
