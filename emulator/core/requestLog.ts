/** The in-memory log of vendor API requests that tests read back (GET /__emulator/requests). */

/**
 * What the emulator did to a request besides answering it normally ("rate-limit": refused with a 429;
 * "status-after" and "drop-after": processed, then the answer replaced or lost).
 */
export type AppliedFault =
  "status" | "status-after" | "delay" | "drop-before" | "drop-after" | "echo" | "rate-limit";

export interface RecordedRequest {
  method: string;
  /** Path with its query string. */
  path: string;
  /**
   * The answer's status as the server produced it: 0 when the connection was dropped before anything was
   * produced; with a "status-after" or "drop-after" fault, what the request did before the answer was replaced
   * or lost (201: the object was created).
   */
  status: number;
  /** The parsed JSON body, with credential-like values redacted. */
  body?: unknown;
  /** ISO-8601 time on the emulator clock. */
  at: string;
  fault?: AppliedFault;
}

export interface RequestLog {
  record(entry: RecordedRequest): void;
  list(): RecordedRequest[];
  clear(): void;
}

/** Long-running emulators (the CLI) must not grow without bound; tests never come near this. */
const MAX_ENTRIES = 5000;

/**
 * Keys whose values are credentials: client secrets, tokens, CSP authorization and authentication keys (Equinix
 * v3 `authorizationKey`, v4 `authenticationKey`), AWS keys.
 */
const CREDENTIAL_KEY = /secret|password|token|authorization|authenticationkey|accesskey/i;

export const REDACTED = "[redacted]";

/** A `{key, value}` pair naming a credential, as Equinix v4 sends AWS keys in `additionalInfo`. */
function isCredentialPair(value: object): value is { key: string; value: unknown } {
  const { key } = value as { key?: unknown };
  return typeof key === "string" && CREDENTIAL_KEY.test(key) && "value" in value;
}

export function redactCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (value === null || typeof value !== "object") return value;
  if (isCredentialPair(value) && value.value != null) return { ...value, value: REDACTED };
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      CREDENTIAL_KEY.test(key) && inner != null ? REDACTED : redactCredentials(inner),
    ]),
  );
}

export function createRequestLog(): RequestLog {
  let entries: RecordedRequest[] = [];
  return {
    record(entry) {
      entries.push({ ...entry, body: redactCredentials(entry.body) });
      if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
    },
    list: () => entries.map((entry) => ({ ...entry })),
    clear() {
      entries = [];
    },
  };
}
