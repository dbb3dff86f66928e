/**
 * HTTP for every vendor client: axios with bounded retries (axios-retry), exponential backoff with jitter,
 * `Retry-After`, and one error type with a readable message.
 *
 * Retry rules:
 * - Reads and other idempotent calls retry on 429, 502, 503, 504 and network failures.
 * - A call that creates something (`idempotent: false`) is retried only when the server certainly did not act
 *   on it (429, 503, connection refused). After an ambiguous failure (timeout, reset, 502, 504) it throws an
 *   `ApiError` with `ambiguous: true`; `createOnce` then looks the object up by its natural key before it
 *   sends the request again, so a retry never creates a duplicate.
 */
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse, Method } from "axios";
import axiosRetry, { IAxiosRetryConfig, exponentialDelay, retryAfter } from "axios-retry";
import { ApiError, VendorProblem, hintForStatus, redact } from "./errors";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Delay before the first retry; doubles each time, plus up to 20% jitter. */
  baseDelayMs: number;
  /** Cap on the backoff delay (a longer `Retry-After` is still honoured, up to `maxRetryAfterMs`). */
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

export interface ParsedErrorBody {
  problems: VendorProblem[];
  requestId?: string;
}

export interface HttpClientOptions {
  /** Vendor name as shown in messages: "Equinix", "OVHcloud", "Console Connect". */
  vendor: string;
  baseURL: string;
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
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

type Failure = "safe" | "ambiguous" | "final";

/** Connection errors where the request never reached the server. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** Whether the server may have acted on a failed request. */
export function classifyFailure(error: AxiosError): Failure {
  if (error.code === "ERR_CANCELED") return "final";
  const status = error.response?.status;
  if (status === undefined) return NEVER_SENT.has(error.code ?? "") ? "safe" : "ambiguous";
  if (status === 429 || status === 503) return "safe";
  if (status === 502 || status === 504) return "ambiguous";
  return "final";
}

export class HttpClient {
  readonly vendor: string;
  readonly baseURL: string;
  private readonly axios: AxiosInstance;
  private readonly options: HttpClientOptions;
  private readonly retry: RetryPolicy;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.vendor = options.vendor;
    this.baseURL = options.baseURL.replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.axios = axios.create({
      baseURL: this.baseURL,
      timeout: options.timeoutMs ?? 30_000,
      // ETIMEDOUT instead of ECONNABORTED for timeouts, so they are told apart from cancellations.
      transitional: { clarifyTimeoutError: true },
      // Errors are raised by `request` from the status, with the vendor's body parsed.
      validateStatus: () => true,
      headers: { Accept: "application/json", "User-Agent": "pulumi-interconnect" },
      // The raw body is kept as a string so that a signature can cover exactly what is sent.
      transformRequest: [(data: unknown) => data],
    });
    this.axios.interceptors.request.use(async (config) => {
      if (options.authorize && !config.headers["X-Interconnect-Anonymous"]) {
        const url = this.axios.getUri(config);
        const extra = await options.authorize({
          method: (config.method ?? "get").toUpperCase(),
          url,
          body: typeof config.data === "string" ? config.data : "",
        });
        for (const [k, v] of Object.entries(extra)) config.headers.set(k, v);
      }
      config.headers.delete("X-Interconnect-Anonymous");
      return config;
    });
    // Turn retryable statuses into errors so that axios-retry sees them (validateStatus accepts everything).
    this.axios.interceptors.response.use((response) => {
      if ([429, 502, 503, 504].includes(response.status)) {
        return Promise.reject(
          new AxiosError(
            `HTTP ${response.status}`,
            String(response.status),
            response.config,
            response.request,
            response,
          ),
        );
      }
      return response;
    });
    axiosRetry(this.axios, {
      retries: this.retry.retries,
      retryDelay: (count, error) => this.retryDelay(count, error),
      shouldResetTimeout: true,
    });
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
    const sentAt = performance.now();
    try {
      return await this.send<T>(method, path, options);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && !options.anonymous && this.options.onUnauthorized) {
        if (await this.options.onUnauthorized(sentAt)) return this.send<T>(method, path, options);
      }
      throw e;
    }
  }

  private async send<T>(method: Method, path: string, options: RequestOptions): Promise<HttpResponse<T>> {
    const idempotent = options.idempotent ?? method.toUpperCase() !== "POST";
    const retryConfig: IAxiosRetryConfig = {
      retryCondition: (error) => {
        const failure = classifyFailure(error);
        return failure === "safe" || (failure === "ambiguous" && idempotent);
      },
    };
    const config: AxiosRequestConfig = {
      method,
      url: path,
      params: options.query ? dropUndefined(options.query) : undefined,
      data: options.body === undefined ? undefined : JSON.stringify(options.body),
      headers: {
        ...(options.body === undefined ? {} : { "Content-Type": options.contentType ?? "application/json" }),
        ...(options.anonymous ? { "X-Interconnect-Anonymous": "1" } : {}),
      },
      "axios-retry": retryConfig,
    };
    let response: AxiosResponse;
    try {
      response = await this.axios.request(config);
    } catch (e) {
      if (!axios.isAxiosError(e)) throw e;
      if (e.response) response = e.response;
      else throw this.networkError(method, path, e);
    }
    if (response.status >= 200 && response.status < 300) {
      return {
        status: response.status,
        data: parseBody(response.data) as T,
        headers: flatHeaders(response.headers),
      };
    }
    throw this.httpError(method, path, response);
  }

  private httpError(method: string, path: string, response: AxiosResponse): ApiError {
    const headers = flatHeaders(response.headers);
    const parsed = this.options.parseError(parseBody(response.data), headers);
    const status = response.status;
    return new ApiError({
      vendor: this.vendor,
      method,
      path: redact(path),
      status,
      problems: parsed.problems,
      requestId: parsed.requestId,
      hint:
        this.options.hint?.(status, parsed.problems) ?? hintForStatus(status, this.options.credentialsHelp),
      ambiguous: status === 502 || status === 504,
    });
  }

  private networkError(method: string, path: string, e: AxiosError): ApiError {
    const code = e.code ?? "network error";
    return new ApiError({
      vendor: this.vendor,
      method,
      path: redact(path),
      networkCode: code === "ETIMEDOUT" ? "timed out" : code,
      hint: `Check that ${this.baseURL} is the right endpoint and is reachable, then run the command again.`,
      ambiguous: classifyFailure(e) === "ambiguous",
    });
  }
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
 * key (`findExisting`) and returns it if the first attempt did land; otherwise sends again.
 */
export async function createOnce<T>(options: {
  send: () => Promise<T>;
  findExisting: () => Promise<T | undefined>;
  attempts?: number;
}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.send();
    } catch (e) {
      if (!(e instanceof ApiError) || !e.ambiguous || attempt >= attempts) throw e;
      const existing = await options.findExisting();
      if (existing !== undefined) return existing;
    }
  }
}
