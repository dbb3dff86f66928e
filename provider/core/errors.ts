/**
 * Errors that reach the person running `pulumi up`.
 *
 * Every failure is turned into one sentence-shaped message that names the vendor, the call, the HTTP status,
 * the vendor's own code, message and property, and what to do next. No raw axios dump, no stack trace, and
 * never a credential: messages pass through `redact()` before they are built.
 */

/** One problem the vendor reported (vendors may report several in one body). */
export interface VendorProblem {
  code?: string;
  message?: string;
  property?: string;
}

export interface ApiErrorInit {
  vendor: string;
  method: string;
  path: string;
  status?: number;
  problems?: VendorProblem[];
  /** The vendor's request id (OVH's X-Ovh-QueryID and the like), for support tickets. */
  requestId?: string;
  /** What went wrong on the wire when there was no HTTP answer (ECONNRESET, timeout…). */
  networkCode?: string;
  hint: string;
  /** True when the request may or may not have been applied by the server (timeout, reset, 500/502/504). */
  ambiguous?: boolean;
  /** How many times the request was sent; shown for failures that are retried (429, 5xx, network). */
  attempts?: number;
  /** Why the request was not sent (again): it waited in the rate limit queue until the deadline, and the like. */
  notSent?: string;
  /**
   * Until when (Date.now()) the server may still act on the request: set after a timeout or a gateway timeout
   * (504), when it may be working on it still. A create is looked for until then before it is sent again.
   */
  mayActUntil?: number;
}

/** A failed call to a vendor API, with the details a person needs to act on it. */
export class ApiError extends Error {
  readonly vendor: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly problems: VendorProblem[];
  readonly requestId?: string;
  readonly networkCode?: string;
  readonly hint: string;
  readonly ambiguous: boolean;
  readonly attempts?: number;
  readonly notSent?: string;
  readonly mayActUntil?: number;

  constructor(init: ApiErrorInit) {
    // Every field is redacted, not only the message: callers log problems and request ids too, and a vendor
    // that echoes a request (its Authorization header, a signed URL) would otherwise hand a credential back.
    const clean = redactInit(init);
    super(formatApiError(clean));
    this.name = "ApiError";
    this.vendor = clean.vendor;
    this.method = clean.method;
    this.path = clean.path;
    this.status = clean.status;
    this.problems = clean.problems ?? [];
    this.requestId = clean.requestId;
    this.networkCode = clean.networkCode;
    this.hint = clean.hint;
    this.ambiguous = clean.ambiguous ?? false;
    this.attempts = clean.attempts;
    this.notSent = clean.notSent;
    this.mayActUntil = clean.mayActUntil;
    // Keep stack traces out of what Pulumi prints: the message carries everything that matters.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** Whether any reported problem carries this vendor error code. */
  hasCode(code: string): boolean {
    return this.problems.some((p) => p.code === code);
  }
}

function redactInit(init: ApiErrorInit): ApiErrorInit {
  const optional = (v: string | undefined) => (v === undefined ? undefined : redact(v));
  return {
    ...init,
    vendor: redact(init.vendor),
    method: redact(init.method),
    path: redact(init.path),
    problems: (init.problems ?? []).map((p) => ({
      ...p,
      code: optional(p.code),
      message: optional(p.message),
      property: optional(p.property),
    })),
    requestId: optional(init.requestId),
    networkCode: optional(init.networkCode),
    hint: redact(init.hint),
    notSent: optional(init.notSent),
  };
}

/** "after 4 attempts", "on the first attempt" — or nothing for a plain refusal (400, 404…) sent once. */
function attemptsPhrase(init: ApiErrorInit): string {
  const n = init.attempts;
  if (n === undefined || n < 1) return "";
  if (n > 1) return ` after ${n} attempts`;
  const retryable = init.status === undefined || init.status === 429 || init.status >= 500;
  return retryable ? " on the first attempt" : "";
}

function formatApiError(init: ApiErrorInit): string {
  const where = `${init.method.toUpperCase()} ${init.path}`;
  if (init.notSent) {
    const n = init.attempts ?? 0;
    const earlier = n > 0 ? ` (${n} earlier attempt${n === 1 ? "" : "s"} failed)` : "";
    return redact(`${init.vendor} API call ${where} was not sent: ${init.notSent}${earlier}. ${init.hint}`);
  }
  const what =
    init.status !== undefined
      ? `HTTP ${init.status}`
      : `no HTTP answer${init.networkCode ? ` (${init.networkCode})` : ""}`;
  const problems = (init.problems ?? []).map(formatProblem).filter((p) => p.length > 0);
  const parts = [`${init.vendor} API call ${where} failed with ${what}${attemptsPhrase(init)}`];
  if (problems.length > 0) parts.push(problems.join("; "));
  if (init.requestId) parts.push(`request id ${init.requestId}`);
  return redact(`${parts.join(": ")}. ${init.hint}`);
}

function formatProblem(p: VendorProblem): string {
  const code = p.code ? `[${p.code}] ` : "";
  const property = p.property ? ` (property ${p.property})` : "";
  // The message is followed by our own punctuation: drop the vendor's final period.
  const message = (p.message ?? "").trim().replace(/\.$/, "");
  return `${code}${message}${property}`.trim();
}

/** Generic advice by HTTP status, used when a vendor has nothing more specific to say. */
export function hintForStatus(status: number | undefined, credentialsHelp: string): string {
  if (status === undefined)
    return "The API could not be reached; check the endpoint setting and the network, then run the command again.";
  if (status === 400 || status === 422) return "Fix the input named above and run the command again.";
  if (status === 401) return `The credentials were refused: ${credentialsHelp}`;
  if (status === 403)
    return "The credentials are valid but not allowed to do this; ask the account administrator for the permission.";
  if (status === 404)
    return "The object does not exist (it may have been deleted outside Pulumi); run `pulumi refresh` to bring the state up to date.";
  if (status === 409)
    return "The object is busy or in conflict with another one; wait and run the command again.";
  if (status === 429)
    return "The API kept rate-limiting the calls; wait a while and run the command again, or lower the request rate (see Rate limits and retries in the README).";
  if (status >= 500)
    return "The vendor's service failed; try again later, and contact the vendor if it persists.";
  return "Check the inputs and run the command again.";
}

// ---------------------------------------------------------------------------------------------------------
// Redaction: credentials register themselves here when a client is built; every message is scrubbed.
// ---------------------------------------------------------------------------------------------------------

const secrets = new Set<string>();

/**
 * Registers a credential so that it can never appear in an error message or a progress line. This is the one
 * entry point: clients register their credentials and the tokens they obtain, resources their secret inputs.
 * Registering a value again changes nothing. The forms a vendor may echo it back in are registered with it: as
 * written, URL-encoded (a path or query) and JSON-escaped (a body that quotes the request).
 */
export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real credentials are long.
  if (typeof value !== "string" || value.length < 6) return;
  for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
    secrets.add(form);
  }
}

/**
 * Replaces every registered credential in `text` with `***`. Every occurrence of every secret is found in the
 * original text first and overlapping or nested ones are merged, so a secret that contains another one, or
 * overlaps it, is masked whole — never as `***` followed by the rest of the longer one.
 */
export function redact(text: string): string {
  if (secrets.size === 0 || text.length === 0) return text;
  const spans: [number, number][] = [];
  for (const s of secrets) {
    for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) spans.push([i, i + s.length]);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let cursor = 0;
  for (let k = 0; k < spans.length;) {
    const start = spans[k][0];
    let end = spans[k][1];
    for (k++; k < spans.length && spans[k][0] < end; k++) end = Math.max(end, spans[k][1]);
    out += `${text.slice(cursor, start)}***`;
    cursor = end;
  }
  return out + text.slice(cursor);
}

/** Joins a sentence and what follows it with exactly one period: "…persists." + "Run…" → "…persists. Run…". */
export function joinSentences(first: string, next: string): string {
  const head = first.trimEnd();
  return /[.!?]$/.test(head) ? `${head} ${next}` : `${head}. ${next}`;
}

// ---------------------------------------------------------------------------------------------------------
// Partial state: the undocumented hook of the Node dynamic-provider host.
// ---------------------------------------------------------------------------------------------------------

/**
 * Thrown from `create` or `update` when the remote object exists but did not reach its target state.
 *
 * The dynamic-provider host recognises a thrown object with a truthy `id` and reports
 * `ErrorResourceInitFailed{id, properties, reasons}` to the engine, which then records the resource as
 * partially created instead of forgetting it. `properties` must carry `__provider` itself: on the error path the
 * host does not add it, and later `refresh`/`delete` load the provider from the stored outputs.
 */
export class ResourceInitError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, reasons: string[]) {
    const message = redact(reasons.join("; "));
    super(message);
    this.name = "ResourceInitError";
    this.id = id;
    this.properties = properties;
    this.reasons = reasons.map(redact);
    this.stack = `${this.name}: ${message}`;
  }
}

/** A short, credential-free description of any thrown value. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return redact(e.message);
  return redact(String(e));
}

// ---------------------------------------------------------------------------------------------------------
// Errors raised before any call: bad inputs and missing or unsafe settings.
// ---------------------------------------------------------------------------------------------------------

/** One rule an input breaks, as `check` reports it. */
export interface InputProblem {
  property: string;
  reason: string;
}

/** "name is required", "vlanSTag: VLAN tags range from 2 to 4094": the reason reads on from the property. */
export function formatInputProblem(problem: InputProblem): string {
  const joiner = /^[a-z(]/.test(problem.reason) ? " " : ": ";
  return `${problem.property}${joiner}${problem.reason}`;
}

/**
 * Inputs that break a rule, found by create, update or read (check reports the same problems during preview,
 * unless a value was unknown then). Names the resource type, then each property and rule.
 */
export class InputError extends Error {
  readonly problems: InputProblem[];

  constructor(resource: string, problems: InputProblem[]) {
    super(redact(`${resource}: invalid inputs: ${problems.map(formatInputProblem).join("; ")}`));
    this.name = "InputError";
    this.problems = problems.map((p) => ({ property: p.property, reason: redact(p.reason) }));
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * A setting that is missing or unsafe (credentials, endpoint): nothing was sent. The message says what to set and
 * where (stack config or environment).
 */
export class ConfigurationError extends Error {
  readonly vendor: string;

  constructor(vendor: string, problem: string, whatToSet: string) {
    super(redact(`${vendor}: ${problem}. ${whatToSet}`));
    this.name = "ConfigurationError";
    this.vendor = vendor;
    this.stack = `${this.name}: ${this.message}`;
  }
}
