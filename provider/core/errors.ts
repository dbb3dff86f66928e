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
  /** True when the request may or may not have been applied by the server (timeout, reset, 502/504). */
  ambiguous?: boolean;
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

  constructor(init: ApiErrorInit) {
    super(formatApiError(init));
    this.name = "ApiError";
    this.vendor = init.vendor;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.problems = init.problems ?? [];
    this.requestId = init.requestId;
    this.networkCode = init.networkCode;
    this.hint = init.hint;
    this.ambiguous = init.ambiguous ?? false;
    // Keep stack traces out of what Pulumi prints: the message carries everything that matters.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** Whether any reported problem carries this vendor error code. */
  hasCode(code: string): boolean {
    return this.problems.some((p) => p.code === code);
  }
}

function formatApiError(init: ApiErrorInit): string {
  const where = `${init.method.toUpperCase()} ${init.path}`;
  const what =
    init.status !== undefined
      ? `HTTP ${init.status}`
      : `no HTTP answer${init.networkCode ? ` (${init.networkCode})` : ""}`;
  const problems = (init.problems ?? []).map(formatProblem).filter((p) => p.length > 0);
  const parts = [`${init.vendor} API call ${where} failed with ${what}`];
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
    return "The API kept rate-limiting the calls after several retries; wait a while and run the command again.";
  if (status >= 500)
    return "The vendor's service failed after several retries; try again later, and contact the vendor if it persists.";
  return "Check the inputs and run the command again.";
}

// ---------------------------------------------------------------------------------------------------------
// Redaction: credentials register themselves here when a client is built; every message is scrubbed.
// ---------------------------------------------------------------------------------------------------------

const secrets = new Set<string>();

/** Registers a credential so that it can never appear in an error message or a progress line. */
export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real credentials are long.
  if (value && value.length >= 6) secrets.add(value);
}

/** Replaces every registered credential in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("***");
  return out;
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
