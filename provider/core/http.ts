/**
 * HTTP for every vendor client: axios, a request budget shared per vendor account (./rateLimit.ts), retries
 * with exponential backoff, jitter and `Retry-After` (axios-retry's delay functions), an operation deadline that
 * bounds every wait (./deadline.ts), and one error type with a readable message.
 *
 * Every attempt is made by the loop in `HttpClient.send`, not by axios-retry's interceptor: each attempt must take
 * its own token from the account's limiter and release its slot when it settles, be authorized afresh (an OVH
 * signature covers the second it is sent), and stop at the operation's deadline — and axios-retry re-sends a
 * config that request interceptors have already changed, which is how anonymous token and clock calls once
 * came back looking authenticated and waited forever for themselves.
 *
 * Retry rules:
 * - Idempotent calls (GET, PUT/PATCH/DELETE unless marked otherwise, token and clock calls) are retried after
 *   429, 502, 503, 504, resets and timeouts for as long as the operation's deadline allows; after HTTP 500 and
 *   refused connections (a bug or a wrong endpoint more often than a passing fault) `retries` times at most.
 * - A call that creates something (`idempotent: false`) is retried only when the server certainly did not act
 *   on it: after 429 for as long as the deadline allows, as a read is (the account's budget slows down
 *   meanwhile, so a rate-limited burst of creates is absorbed rather than failed), after 503 or a refused
 *   connection `retries` times at most. After an ambiguous failure (timeout, reset, 500, 502, 504) it throws an
 *   `ApiError` with `ambiguous: true`; `createOnce` then looks the object up by its natural key before it sends
 *   the request again, so a retry never creates a duplicate. After a timeout or a gateway timeout (504) the
 *   server may still be working on the request: the error says until when it may still act (`mayActUntil`,
 *   LATE_ANSWERS × the answer timeout), and `createOnce` keeps looking until then.
 * - Nothing waits past the deadline: not the rate limit queue, not credentials, not a backoff, not an answer.
 */
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse, Method } from "axios";
import { exponentialDelay, retryAfter } from "axios-retry";
import ipaddr from "ipaddr.js";
import { currentDeadline, remainingMs } from "./deadline";
import { ApiError, ConfigurationError, VendorProblem, hintForStatus } from "./errors";
import {
  AccountLimiter,
  AdaptiveTuning,
  RateLimit,
  RateLimitStats,
  accountLimiter,
  formatRateLimit,
  parseRateLimit,
} from "./rateLimit";
import { reportProgress } from "./progress";
import { ALLOW_INSECURE_HTTP, CONFIG_NAMESPACE, booleanSetting } from "./settings";

export interface RetryPolicy {
  /**
   * Retries after the first attempt for calls retried a bounded number of times: creates after a failure the
   * server did not act on, and any call after HTTP 500 or a refused connection.
   */
  retries: number;
  /** Delay before the first retry; doubles each time, plus up to 20% jitter. */
  baseDelayMs: number;
  /** Cap on the backoff delay (a longer `Retry-After` is still honoured, up to `maxRetryAfterMs`). */
  maxDelayMs: number;
  maxRetryAfterMs: number;
  /**
   * The deadline of a call made outside `withDeadline`: how long it may take in all, queue, retries and
   * answers included. Idempotent calls retry for this long.
   */
  implicitDeadlineMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  implicitDeadlineMs: 5 * 60_000,
};

export interface ParsedErrorBody {
  problems: VendorProblem[];
  requestId?: string;
}

export interface HttpClientOptions {
  /** Vendor name as shown in messages: "Equinix", "OVHcloud", "Console Connect". */
  vendor: string;
  baseURL: string;
  /** Where the user sets the endpoint, for messages: `interconnect:equinixEndpoint or EQUINIX_API_ENDPOINT`. */
  endpointSetting?: string;
  /** Longest wait for one answer (default 30 s); never longer than what is left of the operation's deadline. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Reads the vendor's error body (and headers, for request ids). */
  parseError: (data: unknown, headers: Record<string, string>) => ParsedErrorBody;
  /** Vendor-specific advice; return undefined to fall back to the generic advice for the status. */
  hint?: (status: number | undefined, problems: VendorProblem[]) => string | undefined;
  /** Told to the user when credentials are refused: where the credentials come from. */
  credentialsHelp: string;
  /** Adds authentication headers to each attempt (a signature may depend on the exact URL and time). */
  authorize?: (request: { method: string; url: string; body: string }) => Promise<Record<string, string>>;
  /**
   * Called once after a 401 with the time (performance.now()) the refused call was sent; return true when the
   * call should be re-sent with fresh credentials.
   */
  onUnauthorized?: (sentAt: number) => Promise<boolean>;
  /**
   * Who the calls are made as (Equinix client id, OVH application key and consumer key, Console Connect API
   * key): the clients of one vendor, endpoint and identity share one request budget. Hashed at once, never kept.
   */
  account?: string;
  /**
   * The request budget: text in the settings format (`10/s:20`, `50/m:10`, `off`), or a limit. Unset: the
   * vendor's `defaultRateLimit` for a remote endpoint, no limit for a loopback one (the emulators).
   */
  rateLimit?: string | Partial<RateLimit>;
  defaultRateLimit?: RateLimit;
  /** Where the user sets the rate limit, for messages: `interconnect:equinixRateLimit or EQUINIX_RATE_LIMIT`. */
  rateLimitSetting?: string;
  rateLimitTuning?: Partial<AdaptiveTuning>;
  /**
   * Accept a plain `http://` endpoint that is not a loopback address. Unset: the stack config
   * `interconnect:allowInsecureHttp` or `INTERCONNECT_ALLOW_INSECURE_HTTP`.
   */
  allowInsecureHttp?: boolean;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** False for calls that create something; see the module comment. Defaults to true except for POST. */
  idempotent?: boolean;
  /** Send this call without authentication (token endpoints, server time). */
  anonymous?: boolean;
  /** The body's media type when it is not plain JSON (`application/json-patch+json`). */
  contentType?: string;
  /** A form body (`application/x-www-form-urlencoded`, as OAuth2 token endpoints take) instead of `body`. */
  form?: Record<string, string>;
  /** Headers of this call (an anonymous token call's HTTP Basic credentials). */
  headers?: Record<string, string>;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

type Failure = "safe" | "ambiguous" | "final";

/**
 * How long after a timed-out call (or a gateway's 504) the server may still act on it, in answer timeouts: a
 * create that lands later than that, after it was looked for and sent again, is the one duplicate left possible.
 */
export const LATE_ANSWERS = 2;

/** Connection errors where the request never reached the server. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** Whether the server may have acted on a failed request. */
export function classifyFailure(error: AxiosError): Failure {
  if (error.code === "ERR_CANCELED") return "final";
  const status = error.response?.status;
  if (status === undefined) return NEVER_SENT.has(error.code ?? "") ? "safe" : "ambiguous";
  return classifyStatus(status);
}

function classifyStatus(status: number): Failure {
  if (status === 429 || status === 503) return "safe";
  // A 500 may come after the server did part of the work: as ambiguous as a 502 for a create.
  if (status === 500 || status === 502 || status === 504) return "ambiguous";
  return "final";
}

/** Whether a host name is this machine: `localhost`, 127.0.0.0/8 or ::1 (IPv4-mapped forms included). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost") return true;
  if (!ipaddr.isValid(host)) return false;
  let address = ipaddr.parse(host);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress())
    address = (address as ipaddr.IPv6).toIPv4Address();
  return address.range() === "loopback";
}

/**
 * Refuses an endpoint that would send credentials in clear: plain `http://` is accepted for loopback addresses
 * (the emulators) and otherwise only when the user opted in. TLS verification is never turned off.
 */
export function assertSecureEndpoint(
  vendor: string,
  baseURL: string,
  options: { allowInsecureHttp?: boolean; endpointSetting?: string } = {},
): URL {
  const where = options.endpointSetting ? ` (${options.endpointSetting})` : "";
  const useHttps = `Set${where ? " it" : " the endpoint"} to an https:// URL`;
  if (!URL.canParse(baseURL))
    throw new ConfigurationError(vendor, `the endpoint${where} "${baseURL}" is not a URL`, useHttps);
  const url = new URL(baseURL);
  if (url.protocol === "https:") return url;
  if (url.protocol !== "http:")
    throw new ConfigurationError(
      vendor,
      `the endpoint${where} "${baseURL}" is neither https:// nor http://`,
      useHttps,
    );
  if (isLoopbackHost(url.hostname)) return url;
  const allowed =
    options.allowInsecureHttp ?? booleanSetting(vendor, ALLOW_INSECURE_HTTP.key, ALLOW_INSECURE_HTTP.env);
  if (allowed) return url;
  throw new ConfigurationError(
    vendor,
    `the endpoint${where} "${baseURL}" is plain HTTP to another machine: credentials, tokens and signed ` +
      "requests would travel unencrypted",
    "Use https://, or, for a test server you trust, allow it explicitly with " +
      `\`pulumi config set ${CONFIG_NAMESPACE}:${ALLOW_INSECURE_HTTP.key} true\` or ` +
      `${ALLOW_INSECURE_HTTP.env[0]}=1 in the environment (plain HTTP is always accepted for localhost, ` +
      "127.0.0.0/8 and ::1)",
  );
}

/** One attempt's outcome: an HTTP answer (any status) or a failure without one. */
type Attempt = {
  sentAt: number;
  /** The attempt's timeout was cut short to end at the deadline. */
  clamped: boolean;
} & ({ response: AxiosResponse } | { error: AxiosError });

interface CallDeadline {
  at: number;
  label?: string;
}

export class HttpClient {
  readonly vendor: string;
  readonly baseURL: string;
  private readonly axios: AxiosInstance;
  private readonly options: HttpClientOptions;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly limiter: AccountLimiter;
  private readonly limit?: RateLimit;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.vendor = options.vendor;
    this.baseURL = options.baseURL.trim().replace(/\/+$/, "");
    const url = assertSecureEndpoint(options.vendor, this.baseURL, options);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.axios = axios.create({
      baseURL: this.baseURL,
      timeout: this.timeoutMs,
      // ETIMEDOUT instead of ECONNABORTED for timeouts, so they are told apart from cancellations.
      transitional: { clarifyTimeoutError: true },
      // Errors are raised by `send` from the status, with the vendor's body parsed.
      validateStatus: () => true,
      headers: { Accept: "application/json", "User-Agent": "pulumi-interconnect" },
      // The raw body is kept as a string so that a signature can cover exactly what is sent.
      transformRequest: [(data: unknown) => data],
    });
    this.limit = this.resolveLimit(url);
    this.limiter = accountLimiter(options.vendor, this.baseURL, options.account ?? "");
    this.limiter.configure(this.limit, options.rateLimitTuning);
  }

  private resolveLimit(url: URL): RateLimit | undefined {
    const { rateLimit, defaultRateLimit } = this.options;
    const fallback: RateLimit = defaultRateLimit ?? { ratePerSecond: 10, burst: 20, maxConcurrent: 8 };
    if (typeof rateLimit === "string") {
      const setting = this.options.rateLimitSetting ?? `the ${this.vendor} rate limit`;
      const parsed = parseRateLimit(rateLimit, setting, fallback.maxConcurrent, this.vendor);
      return parsed === "off" ? undefined : parsed;
    }
    if (rateLimit) return { ...fallback, ...rateLimit };
    return defaultRateLimit && !isLoopbackHost(url.hostname) ? defaultRateLimit : undefined;
  }

  /** The counters of this client's account (shared with every client of the same account). */
  rateLimitStats(): RateLimitStats {
    return this.limiter.stats();
  }

  /** Backoff before retry number `count` (1-based): exponential, jittered, capped; Retry-After wins. */
  retryDelay(count: number, error?: AxiosError): number {
    const backoff = Math.min(
      this.retry.maxDelayMs,
      exponentialDelay(count - 1, undefined, this.retry.baseDelayMs),
    );
    const asked = Math.min(this.retry.maxRetryAfterMs, retryAfter(error));
    return Math.max(backoff, asked);
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>("GET", path, options);
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>("POST", path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>("PUT", path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>("PATCH", path, { ...options, body });
  }
  delete<T>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>("DELETE", path, options);
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const context = currentDeadline();
    const deadline: CallDeadline = context ?? { at: Date.now() + this.retry.implicitDeadlineMs };
    const sentAt = performance.now();
    try {
      return await this.send<T>(method, path, options, deadline);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && !options.anonymous && this.options.onUnauthorized) {
        const renewed = await this.bounded(this.options.onUnauthorized(sentAt), deadline, () =>
          this.waitedTooLong(method, path, 0, deadline, "credentials"),
        );
        if (renewed) return this.send<T>(method, path, options, deadline);
      }
      throw e;
    }
  }

  private async send<T>(
    method: Method,
    path: string,
    options: RequestOptions,
    deadline: CallDeadline,
  ): Promise<HttpResponse<T>> {
    const verb = method.toUpperCase();
    const idempotent = options.idempotent ?? verb !== "POST";
    const body = options.form
      ? new URLSearchParams(options.form).toString()
      : options.body === undefined
        ? undefined
        : JSON.stringify(options.body);
    const contentType = options.form
      ? "application/x-www-form-urlencoded"
      : (options.contentType ?? "application/json");
    const config: AxiosRequestConfig = {
      method,
      url: path,
      params: options.query ? dropUndefined(options.query) : undefined,
      data: body,
    };
    const url = this.axios.getUri(config);
    const authorize = options.anonymous ? undefined : this.options.authorize;
    let attempts = 0;
    let countedRetries = 0;
    /** The failure that led to the current retry: what the caller hears if the deadline comes first. */
    let previous: Attempt | undefined;
    // What the caller hears when the deadline comes first: the failure that led to the retry, with every attempt
    // counted, rather than a bare "deadline passed".
    const failure = (attempt: Attempt) =>
      "response" in attempt
        ? this.httpError(verb, path, attempt.response, attempts)
        : this.networkError(verb, path, attempt.error, attempts);
    const outOfTime = () =>
      previous ? failure(previous) : this.waitedTooLong(verb, path, attempts, deadline, "deadline");
    const credentials = () =>
      this.bounded(authorize!({ method: verb, url, body: body ?? "" }), deadline, () =>
        this.waitedTooLong(verb, path, attempts, deadline, "credentials"),
      );
    for (;;) {
      if (Date.now() >= deadline.at) throw outOfTime();
      // Whatever the credentials wait for (a token, the server clock) is obtained before this call takes a slot
      // of the account's limiter: those calls need slots too.
      if (authorize) await credentials();
      const attempt = await this.limiter.run(
        {
          deadline: deadline.at,
          urgent: options.anonymous,
          onTimeout: () => this.waitedTooLong(verb, path, attempts, deadline, "queue"),
        },
        async (): Promise<Attempt> => {
          // Signed again in the slot: an OVH signature is only valid around the second it carries.
          const auth = authorize ? await credentials() : {};
          const left = deadline.at - Date.now();
          if (left <= 0) throw outOfTime();
          attempts++;
          const sentAt = Date.now();
          const clamped = left < this.timeoutMs;
          try {
            const response = await this.axios.request({
              ...config,
              headers: {
                ...(body === undefined ? {} : { "Content-Type": contentType }),
                ...options.headers,
                ...auth,
              },
              timeout: Math.max(1, Math.min(this.timeoutMs, left)),
            });
            // Told to the limiter while this attempt still holds its slot, so that no queued call slips out
            // between the 429 and the slowdown.
            if (response.status === 429) this.limiter.throttled(sentAt, retryAfter(asAxiosError(response)));
            return { sentAt, clamped, response };
          } catch (e) {
            if (axios.isAxiosError(e) && !e.response) return { sentAt, clamped, error: e };
            throw e;
          }
        },
      );

      if ("response" in attempt) {
        const { response } = attempt;
        if (response.status >= 200 && response.status < 300) {
          return {
            status: response.status,
            data: parseBody(response.data) as T,
            headers: flatHeaders(response.headers),
          };
        }
      }

      // An answer cut short by the deadline says less than the failure that led to this retry — unless the call
      // creates something: then that it may have landed (ambiguous) is what matters.
      const cutByDeadline = "error" in attempt && attempt.clamped && attempt.error.code === "ETIMEDOUT";
      if (cutByDeadline && previous && idempotent) throw failure(previous);
      const kind =
        "response" in attempt ? classifyStatus(attempt.response.status) : classifyFailure(attempt.error);
      const status = "response" in attempt ? attempt.response.status : undefined;
      const code = "error" in attempt ? attempt.error.code : undefined;
      // HTTP 500 and refused connections are retried a bounded number of times, whatever the deadline allows; so
      // are creates, except after a 429, which certainly did nothing and is retried until the deadline.
      const counted = (!idempotent && status !== 429) || status === 500 || NEVER_SENT.has(code ?? "");
      let retry = kind === "safe" || (kind === "ambiguous" && idempotent);
      if (retry && counted && countedRetries >= this.retry.retries) retry = false;
      const delay = this.retryDelay(
        attempts,
        "response" in attempt ? asAxiosError(attempt.response) : attempt.error,
      );
      if (retry && Date.now() + delay >= deadline.at) retry = false;
      if (!retry) throw failure(attempt);
      previous = attempt;
      if (counted) countedRetries++;
      await sleep(delay);
    }
  }

  /** Waits for `promise`, but not past the deadline (it is then abandoned, its failure ignored). */
  private async bounded<T>(promise: Promise<T>, deadline: CallDeadline, onTimeout: () => Error): Promise<T> {
    promise.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline.at - Date.now()));
    });
    try {
      return await Promise.race([promise, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The call could not be sent (again) before the deadline: in the queue, waiting for credentials, or at all. */
  private waitedTooLong(
    method: string,
    path: string,
    attempts: number,
    deadline: CallDeadline,
    stage: "queue" | "credentials" | "deadline",
  ): ApiError {
    const when = deadline.label
      ? `the deadline of ${deadline.label} passed`
      : "the operation's deadline passed";
    const setting = this.options.rateLimitSetting ?? "the rate limit setting";
    const budget = this.limit ? ` (${formatRateLimit(this.limit)})` : "";
    const stages = {
      queue: {
        notSent: `it was still waiting in the rate limit queue when ${when}`,
        hint:
          `All calls to this ${this.vendor} account share one request budget${budget}. Give the resource longer ` +
          `timeouts, run fewer operations at once (pulumi up --parallel), or raise ${setting} if the vendor allows it.`,
      },
      credentials: {
        notSent: `it was still waiting for credentials (a token or the server clock) when ${when}`,
        hint: `Check that ${this.baseURL} is the right endpoint and is reachable, then run the command again.`,
      },
      deadline: {
        notSent: `${when} before it could be sent`,
        hint: "Give the resource longer timeouts and run the command again.",
      },
    };
    return new ApiError({
      vendor: this.vendor,
      method,
      path,
      attempts,
      notSent: stages[stage].notSent,
      hint: stages[stage].hint,
    });
  }

  private httpError(method: string, path: string, response: AxiosResponse, attempts: number): ApiError {
    const headers = flatHeaders(response.headers);
    const parsed = this.options.parseError(parseBody(response.data), headers);
    const status = response.status;
    const rateHint =
      status === 429 && this.options.rateLimitSetting
        ? `The API kept rate-limiting the calls; wait a while and run the command again, or lower ${this.options.rateLimitSetting}.`
        : undefined;
    return new ApiError({
      vendor: this.vendor,
      method,
      path,
      status,
      problems: parsed.problems,
      requestId: parsed.requestId,
      hint:
        this.options.hint?.(status, parsed.problems) ??
        rateHint ??
        hintForStatus(status, this.options.credentialsHelp),
      ambiguous: classifyStatus(status) === "ambiguous",
      attempts,
      // A gateway that gave up waiting: the server behind it may still be working on the request.
      mayActUntil: status === 504 ? Date.now() + LATE_ANSWERS * this.timeoutMs : undefined,
    });
  }

  private networkError(method: string, path: string, e: AxiosError, attempts: number): ApiError {
    const code = e.code ?? "network error";
    return new ApiError({
      vendor: this.vendor,
      method,
      path,
      networkCode: code === "ETIMEDOUT" ? "timed out" : code,
      hint: `Check that ${this.baseURL} is the right endpoint and is reachable, then run the command again.`,
      ambiguous: classifyFailure(e) === "ambiguous",
      attempts,
      // No answer in time: the server may still be working on the request.
      mayActUntil: code === "ETIMEDOUT" ? Date.now() + LATE_ANSWERS * this.timeoutMs : undefined,
    });
  }
}

/** An AxiosError around an answer, for axios-retry's `retryAfter`. */
function asAxiosError(response: AxiosResponse): AxiosError {
  return new AxiosError(
    `HTTP ${response.status}`,
    String(response.status),
    response.config,
    undefined,
    response,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseBody(data: unknown): unknown {
  if (typeof data !== "string" || data.length === 0) return data === "" ? undefined : data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function flatHeaders(headers: AxiosResponse["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

function dropUndefined(query: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = String(v);
  return out;
}

/**
 * Sends a create call at most once per object: after an ambiguous failure, looks for the object by its natural
 * key (`findExisting`) and returns it if the first attempt did land; otherwise sends again. After a timeout the
 * server may still be creating it (`mayActUntil`): the object is looked for again until then (a few looks, never
 * past the operation's deadline) before the call is sent again. When the object cannot be looked up (the lookup
 * fails until the deadline), the error says that `what` may exist although the stack does not hold it.
 */
export async function createOnce<T>(options: {
  send: () => Promise<T>;
  findExisting: () => Promise<T | undefined>;
  attempts?: number;
  /** The object as the person can find it in the vendor's portal: `the connection "db-link" on port …`. */
  what?: string;
}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.send();
    } catch (e) {
      if (!(e instanceof ApiError) || !e.ambiguous) throw e;
      const existing = await lookForLateCreate(e, options.findExisting).catch((lookup: unknown) => {
        throw mayExist(e, lookup, options.what);
      });
      if (existing !== undefined) return existing;
      if (attempt >= attempts) throw e;
    }
  }
}

/** The lookup after an ambiguous create failed: what may exist, and what to do about it. */
function mayExist(sent: ApiError, lookup: unknown, what = "the object"): unknown {
  if (!(lookup instanceof ApiError)) return lookup;
  return new ApiError({
    vendor: lookup.vendor,
    method: lookup.method,
    path: lookup.path,
    status: lookup.status,
    problems: lookup.problems,
    requestId: lookup.requestId,
    networkCode: lookup.networkCode,
    attempts: lookup.attempts,
    notSent: lookup.notSent,
    hint:
      `It was looking for what ${sent.method} ${sent.path} created (that call got no clear answer): ${what} may ` +
      "exist although the stack does not hold it. Look for it, adopt it (adoptId) or delete it, then run " +
      "`pulumi up` again.",
  });
}

/** Looks for what an ambiguous create made: once, or until the server may no longer act on it. */
async function lookForLateCreate<T>(
  failure: ApiError,
  findExisting: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const until = Math.min(failure.mayActUntil ?? 0, Date.now() + (remainingMs() ?? Infinity));
  const gap = Math.max(250, (until - Date.now()) / 4);
  let told = false;
  for (;;) {
    const existing = await findExisting();
    if (existing !== undefined) return existing;
    const left = until - Date.now();
    if (left <= 0) return undefined;
    if (!told)
      reportProgress(
        `${failure.vendor}: ${failure.method} ${failure.path} got no answer in time; looking for what it may ` +
          `still create for up to ${Math.ceil(left / 1000)} s before sending it again`,
      );
    told = true;
    await sleep(Math.min(gap, left));
  }
}
