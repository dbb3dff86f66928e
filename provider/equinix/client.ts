/**
 * Equinix Fabric v3 client: OAuth2 client credentials, one token per process, the v3 error shapes.
 */
import { ApiError, ConfigurationError, VendorProblem, registerSecret } from "../core/errors";
import { IssuedToken, TokenCache } from "../core/cache";
import { HttpClient, ParsedErrorBody, RetryPolicy } from "../core/http";
import { DEFAULT_RATE_LIMITS, RateLimit, accountHash } from "../core/rateLimit";
import { setting, settingNames, timeoutSetting } from "../core/settings";
import { z } from "zod";
import { parseAnswer } from "../core/answers";
import {
  ConnectionRecord,
  CreateConnectionRequest,
  CreateConnectionResponse,
  ServiceProfile,
  UpdateConnectionRequest,
  UserPort,
  connectionRecordAnswer,
  createConnectionAnswer,
  pagedConnectionsAnswer,
  serviceProfileAnswer,
  tokenAnswer,
  userPortAnswer,
} from "./types";

export const VENDOR = "Equinix";

export const CREDENTIALS_HELP =
  "set interconnect:equinixClientId and interconnect:equinixClientSecret (secret) in the stack config, " +
  "or EQUINIX_API_CLIENTID and EQUINIX_API_CLIENTSECRET (or EQUINIX_API_TOKEN) in the environment.";

export interface EquinixCredentials {
  endpoint: string;
  clientId?: string;
  clientSecret?: string;
  /** A ready-made bearer token instead of client credentials. */
  token?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The account's request budget: `RATE[/s|/m][:BURST]` or `off` (see core/rateLimit.ts). */
  rateLimit?: string | Partial<RateLimit>;
}

/** Settings read here and named in messages (config key, then environment variables). */
const ENDPOINT = { key: "equinixEndpoint", env: ["EQUINIX_API_ENDPOINT"] } as const;
const RATE_LIMIT = { key: "equinixRateLimit", env: ["EQUINIX_RATE_LIMIT"] } as const;

/** The Equinix APIs this package speaks: Fabric v4 (the live one) and ECX v3 (shut down by Equinix in 2024). */
export const API_VERSIONS = ["v4", "v3"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/**
 * The API new Equinix connections are created with: stack config `interconnect:equinixApiVersion` or
 * `EQUINIX_API_VERSION`, `v4` by default. Existing connections keep the API they were created with.
 */
export function configuredApiVersion(): ApiVersion {
  const value = setting("equinixApiVersion", ["EQUINIX_API_VERSION"]) ?? "v4";
  const version = API_VERSIONS.find((v) => v === value.toLowerCase());
  if (!version)
    throw new ConfigurationError(
      VENDOR,
      `the API version "${value}" is not one this package speaks`,
      'Set interconnect:equinixApiVersion (or EQUINIX_API_VERSION) to "v4" (the default) or "v3"',
    );
  return version;
}

/** Credentials from the stack config or the environment variables terraform-provider-equinix reads. */
export function credentialsFromSettings(): EquinixCredentials {
  return {
    endpoint: setting(ENDPOINT.key, ENDPOINT.env) ?? "https://api.equinix.com",
    clientId: setting("equinixClientId", ["EQUINIX_API_CLIENTID"]),
    clientSecret: setting("equinixClientSecret", ["EQUINIX_API_CLIENTSECRET"]),
    token: setting("equinixToken", ["EQUINIX_API_TOKEN"]),
    timeoutMs: timeoutSetting(VENDOR, "equinixTimeout", ["EQUINIX_API_TIMEOUT"]),
    rateLimit: setting(RATE_LIMIT.key, RATE_LIMIT.env),
  };
}

/**
 * Reads Equinix error bodies: v3's single `{errorCode, errorMessage, property, moreInfo}` or an array of them, and
 * v4's array `[{errorCode, errorMessage, correlationId, details, additionalInfo: [{property, reason}]}]`.
 */
export function parseEquinixError(data: unknown): ParsedErrorBody {
  const items = Array.isArray(data) ? data : data && typeof data === "object" ? [data] : [];
  let requestId: string | undefined;
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const problems: VendorProblem[] = items.map((raw) => {
    const item = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const infos = Array.isArray(item.additionalInfo)
      ? (item.additionalInfo as unknown[]).filter(
          (i): i is Record<string, unknown> => !!i && typeof i === "object",
        )
      : [];
    const reasons = infos.map((i) => text(i.reason)).filter((r): r is string => r !== undefined);
    const message = [
      text(item.errorMessage),
      text(item.moreInfo) ?? text(item.developerMessage),
      text(item.details),
      ...reasons,
    ]
      .filter((m): m is string => m !== undefined)
      .join(": ");
    requestId ??= text(item.correlationId);
    return {
      code: text(item.errorCode),
      message: message || undefined,
      property: text(item.property) ?? infos.map((i) => text(i.property)).find((p) => p !== undefined),
    };
  });
  if (problems.length === 0 && typeof data === "string" && data.length > 0) problems.push({ message: data });
  return { problems, requestId };
}

/** What to do about the Equinix codes a user can act on (v3 IC-…, v4 EQ-…). */
const CODE_HINTS: Record<string, string> = {
  "IC-LAYER2-PORTS-001": "Use a port UUID from equinix.getUserPorts().",
  "IC-LAYER2-4023": "The connection does not exist for this account; run `pulumi refresh`.",
  "EQ-3142102":
    "The VLAN tag is already in use on that port (or still being released by a deleted connection); choose another tag, or wait until the old connection is deprovisioned.",
  "EQ-3142306":
    "The service profile does not offer this bandwidth; choose one of its supported bandwidths (equinix.getServiceProfile).",
  "EQ-3142308": "This service profile needs the seller's key: set authorizationKey (per leg for Google).",
  "EQ-3142510":
    "The connection is busy with another change (provisioning, deprovisioning or an update in progress); wait and run the command again.",
  "EQ-3142519": "The connection does not exist for this account; run `pulumi refresh`.",
};

function equinixHint(status: number | undefined, problems: VendorProblem[]): string | undefined {
  for (const p of problems) if (p.code && CODE_HINTS[p.code]) return CODE_HINTS[p.code];
  if (status === 401) return `The token was refused: ${CREDENTIALS_HELP}`;
  return undefined;
}

/** One token per process and per (endpoint, client id), renewed a minute before `token_timeout`. */
const tokens = new TokenCache(60_000);

export class EquinixClient {
  readonly http: HttpClient;
  private readonly credentials: EquinixCredentials;
  private readonly tokenKey: string;

  constructor(credentials: EquinixCredentials = credentialsFromSettings()) {
    this.credentials = credentials;
    this.tokenKey = `${credentials.endpoint}|${credentials.clientId ?? ""}`;
    registerSecret(credentials.clientSecret);
    registerSecret(credentials.token);
    this.http = new HttpClient({
      vendor: VENDOR,
      baseURL: credentials.endpoint,
      endpointSetting: settingNames(ENDPOINT.key, ENDPOINT.env),
      timeoutMs: credentials.timeoutMs,
      retry: credentials.retry,
      // One budget per client id (or static token), whatever the number of resources and clients.
      account: credentials.clientId ?? credentials.token ?? "",
      rateLimit: credentials.rateLimit,
      defaultRateLimit: DEFAULT_RATE_LIMITS.equinix,
      rateLimitSetting: settingNames(RATE_LIMIT.key, RATE_LIMIT.env),
      parseError: (data) => parseEquinixError(data),
      hint: equinixHint,
      credentialsHelp: CREDENTIALS_HELP,
      authorize: async () => ({ Authorization: `Bearer ${await this.accessToken()}` }),
      onUnauthorized: async (sentAt) => {
        if (this.credentials.token) return false;
        tokens.invalidate(this.tokenKey, sentAt);
        return true;
      },
    });
  }

  /**
   * Names the account for what may be shared between calls of one process (batched polls): the endpoint and the
   * client id, or a digest of a static token. Never a secret in clear.
   */
  get accountKey(): string {
    const who =
      this.credentials.clientId ??
      (this.credentials.token ? `token ${accountHash(this.credentials.token).slice(0, 16)}` : "");
    return `${this.credentials.endpoint}|${who}`;
  }

  /** The bearer token: the static one, or a cached client-credentials token. */
  async accessToken(): Promise<string> {
    if (this.credentials.token) return this.credentials.token;
    return tokens.get(this.tokenKey, () => this.fetchToken());
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { clientId, clientSecret } = this.credentials;
    if (!clientId || !clientSecret) {
      throw new ApiError({
        vendor: VENDOR,
        method: "POST",
        path: "/oauth2/v1/token",
        problems: [{ message: "no Equinix credentials are configured" }],
        hint: `To fix it, ${CREDENTIALS_HELP}`,
      });
    }
    const response = await this.http.post(
      "/oauth2/v1/token",
      { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret },
      { anonymous: true, idempotent: true },
    );
    const answer = parseAnswer(VENDOR, "POST /oauth2/v1/token", tokenAnswer, response.data);
    const token = answer.access_token;
    registerSecret(token);
    // token_timeout is a string of seconds; Equinix's own client falls back to an hour when it cannot parse it.
    const seconds = Number(answer.token_timeout);
    return { token, expiresInSeconds: seconds > 0 ? seconds : 3600 };
  }

  async createConnection(body: CreateConnectionRequest): Promise<CreateConnectionResponse> {
    const answer = await this.http.post("/ecx/v3/l2/connections", body);
    return parseAnswer(VENDOR, "POST /ecx/v3/l2/connections", createConnectionAnswer, answer.data);
  }

  /** The connection, or undefined when the API says it does not exist (IC-LAYER2-4023 or 404). */
  async getConnection(uuid: string): Promise<ConnectionRecord | undefined> {
    try {
      const path = `/ecx/v3/l2/connections/${encodeURIComponent(uuid)}`;
      return parseAnswer(VENDOR, `GET ${path}`, connectionRecordAnswer, (await this.http.get(path)).data);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.hasCode("IC-LAYER2-4023"))) return undefined;
      throw e;
    }
  }

  async updateConnection(uuid: string, body: UpdateConnectionRequest): Promise<void> {
    await this.http.patch(`/ecx/v3/l2/connections/${encodeURIComponent(uuid)}`, body, {
      query: { action: "update" },
      idempotent: true,
    });
  }

  /** Deletes a connection; true when this call deleted it, false when it was already deleted or unknown. */
  async deleteConnection(uuid: string): Promise<boolean> {
    try {
      await this.http.delete(`/ecx/v3/l2/connections/${encodeURIComponent(uuid)}`);
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.hasCode("IC-LAYER2-4021") || e.hasCode("IC-LAYER2-4023"))) return false;
      throw e;
    }
  }

  /** Every A-side connection of the account (all pages), optionally filtered by status. */
  async listBuyerConnections(statuses?: string[]): Promise<ConnectionRecord[]> {
    const all: ConnectionRecord[] = [];
    for (let pageNumber = 0; ; pageNumber++) {
      const answer = await this.http.get("/ecx/v3/l2/buyer/connections", {
        query: { pageSize: 100, pageNumber, status: statuses?.join(",") },
      });
      const page = parseAnswer(
        VENDOR,
        "GET /ecx/v3/l2/buyer/connections",
        pagedConnectionsAnswer,
        answer.data,
      );
      all.push(...(page.content ?? []));
      if (page.isLastPage !== false || (page.content ?? []).length === 0) return all;
    }
  }

  async getUserPorts(): Promise<UserPort[]> {
    const answer = await this.http.get("/ecx/v3/port/userport");
    return parseAnswer(VENDOR, "GET /ecx/v3/port/userport", z.array(userPortAnswer), answer.data);
  }

  async getServiceProfile(uuid: string): Promise<ServiceProfile> {
    const path = `/ecx/v3/l2/serviceprofiles/${encodeURIComponent(uuid)}`;
    return parseAnswer(VENDOR, `GET ${path}`, serviceProfileAnswer, (await this.http.get(path)).data);
  }
}
