/**
 * OVHcloud API v1 client: the classic application-key signature (or an OAuth2 service account), the server clock
 * offset fetched once per process, both OVH error shapes, and the OVHcloud Connect and vRack calls this package
 * makes (../shared/api-notes/ovh.md §1–§2).
 */
import { createHash } from "node:crypto";
import { IssuedToken, TokenCache, sharedPerKey } from "../core/cache";
import { ApiError, VendorProblem, registerSecret } from "../core/errors";
import { HttpClient, ParsedErrorBody, RetryPolicy } from "../core/http";
import { DEFAULT_RATE_LIMITS, RateLimit } from "../core/rateLimit";
import { setting, settingNames, timeoutSetting } from "../core/settings";
import { OvhError } from "./errors";
import { z } from "zod";
import { parseAnswer } from "../core/answers";
import {
  OccDatacenter,
  OccInterface,
  OccService,
  OccTask,
  VrackOvhCloudConnectLink,
  VrackTask,
  allowedServicesAnswer,
  idsAnswer,
  occDatacenterAnswer,
  occInterfaceAnswer,
  occServiceAnswer,
  occTaskAnswer,
  vrackLinkAnswer,
  vrackTaskAnswer,
} from "./types";

export const VENDOR = "OVHcloud";

export const CREDENTIALS_HELP =
  "set interconnect:ovhApplicationKey, interconnect:ovhApplicationSecret and interconnect:ovhConsumerKey " +
  "(secrets) in the stack config, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY in the " +
  "environment; for a service account use ovhClientId/ovhClientSecret or OVH_CLIENT_ID/OVH_CLIENT_SECRET instead. " +
  "The endpoint is interconnect:ovhEndpoint or OVH_ENDPOINT (ovh-eu, ovh-ca, ovh-us or a base URL).";

/** The API regions go-ovh, node-ovh and python-ovh know, with their OAuth2 token URLs. */
export const OVH_ENDPOINTS: Readonly<Record<string, { baseURL: string; tokenURL: string }>> = {
  "ovh-eu": { baseURL: "https://eu.api.ovh.com/1.0", tokenURL: "https://www.ovh.com/auth/oauth2/token" },
  "ovh-ca": { baseURL: "https://ca.api.ovh.com/1.0", tokenURL: "https://ca.ovh.com/auth/oauth2/token" },
  "ovh-us": {
    baseURL: "https://api.us.ovhcloud.com/1.0",
    tokenURL: "https://us.ovhcloud.com/auth/oauth2/token",
  },
};

/**
 * A region name, or (as go-ovh accepts it) any text containing "/" as a literal base URL such as
 * `http://127.0.0.1:18081/1.0`. For a literal URL the OAuth2 token URL is `<origin>/auth/oauth2/token`.
 */
export function resolveEndpoint(endpoint: string): { baseURL: string; tokenURL: string } {
  const known = OVH_ENDPOINTS[endpoint.trim().toLowerCase()];
  if (known) return known;
  if (endpoint.includes("/") && URL.canParse(endpoint)) {
    const baseURL = endpoint.trim().replace(/\/+$/, "");
    return { baseURL, tokenURL: `${new URL(baseURL).origin}/auth/oauth2/token` };
  }
  throw new OvhError(
    `the endpoint "${endpoint}" is neither ovh-eu, ovh-ca, ovh-us nor a URL; set interconnect:ovhEndpoint or ` +
      "OVH_ENDPOINT to one of those or to a base URL ending in /1.0",
  );
}

export interface OvhCredentials {
  /** `ovh-eu`, `ovh-ca`, `ovh-us` or a base URL. */
  endpoint: string;
  applicationKey?: string;
  applicationSecret?: string;
  consumerKey?: string;
  /** OAuth2 service account, the alternative to the application key. */
  clientId?: string;
  clientSecret?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The account's request budget: `RATE[/s|/m][:BURST]` or `off` (see core/rateLimit.ts). */
  rateLimit?: string | Partial<RateLimit>;
}

/** Settings read here and named in messages (config key, then environment variables). */
const ENDPOINT = { key: "ovhEndpoint", env: ["OVH_ENDPOINT"] } as const;
const RATE_LIMIT = { key: "ovhRateLimit", env: ["OVH_RATE_LIMIT"] } as const;

/** Credentials from the stack config or the environment variables terraform-provider-ovh and go-ovh read. */
export function credentialsFromSettings(): OvhCredentials {
  return {
    endpoint: setting(ENDPOINT.key, ENDPOINT.env) ?? "ovh-eu",
    applicationKey: setting("ovhApplicationKey", ["OVH_APPLICATION_KEY"]),
    applicationSecret: setting("ovhApplicationSecret", ["OVH_APPLICATION_SECRET"]),
    consumerKey: setting("ovhConsumerKey", ["OVH_CONSUMER_KEY"]),
    clientId: setting("ovhClientId", ["OVH_CLIENT_ID"]),
    clientSecret: setting("ovhClientSecret", ["OVH_CLIENT_SECRET"]),
    timeoutMs: timeoutSetting(VENDOR, "ovhTimeout", ["OVH_API_TIMEOUT"]),
    rateLimit: setting(RATE_LIMIT.key, RATE_LIMIT.env),
  };
}

/**
 * The classic signature: `"$1$"` + lowercase hex SHA-1 of application secret, consumer key, upper-case method,
 * the exact URL requested (scheme, host, port, `/1.0`, path and query), the body as sent and the timestamp,
 * joined with "+".
 */
export function signRequest(request: {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  body: string;
  timestamp: number | string;
}): string {
  const text = [
    request.applicationSecret,
    request.consumerKey,
    request.method.toUpperCase(),
    request.url,
    request.body,
    String(request.timestamp),
  ].join("+");
  return `$1$${createHash("sha1").update(text).digest("hex")}`;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Reads both OVH error bodies: application errors `{class, message, details?}` (class such as Client::NotFound)
 * and gateway/authentication errors `{errorCode, httpCode, message}` (INVALID_SIGNATURE…); the request id is the
 * X-Ovh-QueryID header.
 */
export function parseOvhError(data: unknown, headers: Record<string, string>): ParsedErrorBody {
  const problems: VendorProblem[] = [];
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const body = data as Record<string, unknown>;
    const details =
      body.details && typeof body.details === "object"
        ? Object.entries(body.details)
            .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
            .join(", ")
        : "";
    // OAuth2 token errors (RFC 6749 §5.2): {error, error_description}.
    const message = text(body.message) ?? text(body.error_description);
    const code = text(body.errorCode) ?? text(body.class) ?? text(body.error);
    if (code || message)
      problems.push({ code, message: details ? `${message ?? ""} (${details})` : message });
  } else if (text(data)) {
    problems.push({ message: data as string });
  }
  return { problems, requestId: headers["x-ovh-queryid"] };
}

/** The OAuth2 token endpoint's refusals (RFC 6749 §5.2): the service account's credentials or grant. */
const OAUTH2_REFUSALS = [
  "invalid_client",
  "invalid_grant",
  "invalid_request",
  "invalid_scope",
  "unauthorized_client",
  "unsupported_grant_type",
];

function ovhHint(status: number | undefined, problems: VendorProblem[]): string | undefined {
  const has = (...codes: string[]) => problems.some((p) => p.code !== undefined && codes.includes(p.code));
  if (has("INVALID_SIGNATURE"))
    return `OVHcloud refused the request signature: the application secret or consumer key does not match the application key, or they were created for another endpoint. To fix it, ${CREDENTIALS_HELP}`;
  if (has("QUERY_TIME_OUT"))
    return "OVHcloud refused the request timestamp; check the clock of this machine and run the command again.";
  if (has("NOT_GRANTED_CALL"))
    return "The consumer key is not allowed to make this call: create one whose access rules include GET, POST and DELETE on /ovhCloudConnect/* and /vrack/*.";
  if (has(...OAUTH2_REFUSALS)) return `The service account was refused: ${CREDENTIALS_HELP}`;
  if (has("INVALID_CREDENTIAL", "NOT_CREDENTIAL", "INVALID_KEY") || status === 401)
    return `The credentials were refused: ${CREDENTIALS_HELP}`;
  return undefined;
}

/** Server clock minus local clock, in seconds, per API base URL: fetched once per process, as OVH's clients do. */
const timeDeltas = new Map<string, Promise<number>>();

/** OAuth2 tokens per (token URL, client id), renewed 10 s before they expire (node-ovh's margin). */
const tokens = new TokenCache(10_000);

const enc = encodeURIComponent;

/** Collection paths of the three configuration levels. Note the trap: `{datacenterId}` there is a config id. */
export const configPaths = {
  pops: (serviceName: string) => `/ovhCloudConnect/${enc(serviceName)}/config/pop`,
  datacenters: (serviceName: string, popId: number) => `${configPaths.pops(serviceName)}/${popId}/datacenter`,
  extras: (serviceName: string, popId: number, datacenterConfigId: number) =>
    `${configPaths.datacenters(serviceName, popId)}/${datacenterConfigId}/extra`,
};

export class OvhClient {
  readonly http: HttpClient;
  private readonly credentials: OvhCredentials;
  private readonly tokenURL: string;

  constructor(credentials: OvhCredentials = credentialsFromSettings()) {
    this.credentials = credentials;
    const { baseURL, tokenURL } = resolveEndpoint(credentials.endpoint);
    this.tokenURL = tokenURL;
    for (const secret of [credentials.applicationSecret, credentials.consumerKey, credentials.clientSecret])
      registerSecret(secret);
    this.http = new HttpClient({
      vendor: VENDOR,
      baseURL,
      endpointSetting: settingNames(ENDPOINT.key, ENDPOINT.env),
      timeoutMs: credentials.timeoutMs,
      retry: credentials.retry,
      // OVH's fair use is counted per consumer key (per service account with OAuth2).
      account: this.usesOAuth2()
        ? `oauth2|${credentials.clientId ?? ""}`
        : `${credentials.applicationKey ?? ""}|${credentials.consumerKey ?? ""}`,
      rateLimit: credentials.rateLimit,
      defaultRateLimit: DEFAULT_RATE_LIMITS.ovh,
      rateLimitSetting: settingNames(RATE_LIMIT.key, RATE_LIMIT.env),
      parseError: parseOvhError,
      hint: ovhHint,
      credentialsHelp: CREDENTIALS_HELP,
      authorize: (request) => this.authorize(request),
      onUnauthorized: async (sentAt) => {
        if (!this.usesOAuth2()) return false;
        tokens.invalidate(this.tokenKey(), sentAt);
        return true;
      },
    });
  }

  private usesOAuth2(): boolean {
    return !!(this.credentials.clientId || this.credentials.clientSecret) && !this.credentials.applicationKey;
  }

  private tokenKey(): string {
    return `${this.tokenURL}|${this.credentials.clientId ?? ""}`;
  }

  private missingCredentials(problem: string): OvhError {
    return new OvhError(`${problem}. To fix it, ${CREDENTIALS_HELP}`);
  }

  /** The headers of one attempt: a Bearer token, or the four X-Ovh headers signed for this URL and second. */
  private async authorize(request: {
    method: string;
    url: string;
    body: string;
  }): Promise<Record<string, string>> {
    if (this.usesOAuth2()) return { Authorization: `Bearer ${await this.accessToken()}` };
    const { applicationKey, applicationSecret, consumerKey } = this.credentials;
    if (!applicationKey || !applicationSecret || !consumerKey)
      throw this.missingCredentials(
        "the application key, application secret and consumer key are not all configured",
      );
    const timestamp = Math.floor(Date.now() / 1000) + (await this.serverTimeDelta());
    return {
      "X-Ovh-Application": applicationKey,
      "X-Ovh-Consumer": consumerKey,
      "X-Ovh-Timestamp": String(timestamp),
      "X-Ovh-Signature": signRequest({ applicationSecret, consumerKey, timestamp, ...request }),
    };
  }

  /** Seconds to add to the local clock to get OVHcloud's (GET /auth/time, unauthenticated, once per process). */
  serverTimeDelta(): Promise<number> {
    return sharedPerKey(timeDeltas, this.http.baseURL, async () => {
      const serverTime = Number((await this.http.get("/auth/time", { anonymous: true })).data);
      if (!Number.isFinite(serverTime))
        throw new OvhError(`GET ${this.http.baseURL}/auth/time did not answer a time; check the endpoint`);
      return serverTime - Math.floor(Date.now() / 1000);
    });
  }

  /** A client-credentials token (scope `all`), cached until shortly before it expires. */
  async accessToken(): Promise<string> {
    return tokens.get(this.tokenKey(), () => this.fetchToken());
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { clientId, clientSecret } = this.credentials;
    if (!clientId || !clientSecret)
      throw this.missingCredentials(
        "the service account's client id and client secret are not both configured",
      );
    // The credentials travel as HTTP Basic: their base64 form is a credential too.
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
    registerSecret(basic);
    // A token call like any other (retried after 429, 5xx, resets and timeouts until the deadline), but with a
    // form body, at the token URL (another host than the API's for the regions).
    const response = await this.http.post<Record<string, unknown>>(this.tokenURL, undefined, {
      anonymous: true,
      idempotent: true,
      form: { grant_type: "client_credentials", scope: "all" },
      headers: { Authorization: `Basic ${basic}` },
    });
    const body = response.data ?? {};
    if (typeof body.access_token !== "string")
      throw new ApiError({
        vendor: VENDOR,
        method: "POST",
        path: this.tokenURL,
        status: response.status,
        problems: [{ message: "the answer holds no access_token" }],
        hint: `Check that ${this.tokenURL} is OVHcloud's token endpoint for this account's region.`,
      });
    registerSecret(body.access_token);
    const seconds = Number(body.expires_in);
    return { token: body.access_token, expiresInSeconds: seconds > 0 ? seconds : 3600 };
  }

  // -------------------------------------------------------------------------------------------------------
  // Reads that may find nothing
  // -------------------------------------------------------------------------------------------------------

  /** GET that answers undefined on 404 (the object, or its parent in the path, does not exist). */
  async find<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      return await this.get(path, schema);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return parseAnswer(VENDOR, `GET ${path}`, schema, (await this.http.get(path)).data);
  }

  /** Every object of a list route (which returns ids), read one by one; objects that vanished meanwhile are skipped. */
  async listObjects<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
    const ids = (await this.find(path, idsAnswer)) ?? [];
    const objects = await Promise.all(ids.map((id) => this.find(`${path}/${enc(String(id))}`, schema)));
    return objects.filter((o): o is Awaited<T> => o !== undefined);
  }

  // -------------------------------------------------------------------------------------------------------
  // vRack
  // -------------------------------------------------------------------------------------------------------

  linkedServices(vrack: string): Promise<string[]> {
    return this.get(`/vrack/${enc(vrack)}/ovhCloudConnect`, z.array(z.string()));
  }

  async allowedServices(vrack: string): Promise<string[]> {
    return (
      (await this.get(`/vrack/${enc(vrack)}/allowedServices`, allowedServicesAnswer)).ovhCloudConnect ?? []
    );
  }

  findLink(vrack: string, serviceName: string): Promise<VrackOvhCloudConnectLink | undefined> {
    return this.find(`/vrack/${enc(vrack)}/ovhCloudConnect/${enc(serviceName)}`, vrackLinkAnswer);
  }

  async link(vrack: string, body: { ovhCloudConnect: string }): Promise<VrackTask> {
    const path = `/vrack/${enc(vrack)}/ovhCloudConnect`;
    const answer = await this.http.post(path, body, { idempotent: false });
    return parseAnswer(VENDOR, `POST ${path}`, vrackTaskAnswer, answer.data);
  }

  /** The unlink task, or undefined when the service is not linked (any more). */
  async unlink(vrack: string, serviceName: string): Promise<VrackTask | undefined> {
    return this.deleteOrGone(`/vrack/${enc(vrack)}/ovhCloudConnect/${enc(serviceName)}`, vrackTaskAnswer);
  }

  /** A vRack task; undefined once it is finished (vRack tasks disappear when done). */
  findVrackTask(vrack: string, id: number): Promise<VrackTask | undefined> {
    return this.find(`/vrack/${enc(vrack)}/task/${id}`, vrackTaskAnswer);
  }

  vrackTasks(vrack: string): Promise<VrackTask[]> {
    return this.listObjects(`/vrack/${enc(vrack)}/task`, vrackTaskAnswer);
  }

  // -------------------------------------------------------------------------------------------------------
  // OVHcloud Connect
  // -------------------------------------------------------------------------------------------------------

  getService(serviceName: string): Promise<OccService> {
    return this.get(`/ovhCloudConnect/${enc(serviceName)}`, occServiceAnswer);
  }

  interfaces(serviceName: string): Promise<OccInterface[]> {
    return this.listObjects(`/ovhCloudConnect/${enc(serviceName)}/interface`, occInterfaceAnswer);
  }

  datacenters(serviceName: string): Promise<OccDatacenter[]> {
    return this.listObjects(`/ovhCloudConnect/${enc(serviceName)}/datacenter`, occDatacenterAnswer);
  }

  findDatacenter(serviceName: string, id: number): Promise<OccDatacenter | undefined> {
    return this.find(`/ovhCloudConnect/${enc(serviceName)}/datacenter/${id}`, occDatacenterAnswer);
  }

  findTask(serviceName: string, id: number): Promise<OccTask | undefined> {
    return this.find(`/ovhCloudConnect/${enc(serviceName)}/task/${id}`, occTaskAnswer);
  }

  /** The service's task ids, newest first. */
  async taskIds(serviceName: string): Promise<number[]> {
    const ids = await this.get(`/ovhCloudConnect/${enc(serviceName)}/task`, z.array(z.number()));
    return [...ids].sort((a, b) => b - a);
  }

  /** Creates a configuration in a collection (`configPaths`); the answer is the task, not the object. */
  async createConfig(collection: string, body: Record<string, unknown>): Promise<OccTask> {
    const answer = await this.http.post(collection, body, { idempotent: false });
    return parseAnswer(VENDOR, `POST ${collection}`, occTaskAnswer, answer.data);
  }

  /** Deletes a configuration; undefined when it does not exist (any more). */
  deleteConfig(collection: string, id: number): Promise<OccTask | undefined> {
    return this.deleteOrGone(`${collection}/${id}`, occTaskAnswer);
  }

  private async deleteOrGone<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      return parseAnswer(VENDOR, `DELETE ${path}`, schema, (await this.http.delete(path)).data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  }
}
