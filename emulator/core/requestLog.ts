/** The in-memory log of vendor API requests that tests read back (GET /__emulator/requests). */

/** What the emulator did to a request besides answering it normally ("rate-limit": refused with a 429). */
export type AppliedFault = "status" | "delay" | "drop-before" | "drop-after" | "rate-limit";

export interface RecordedRequest {
  method: string;
  /** Path with its query string. */
  path: string;
  /** The answer's status; 0 when the connection was dropped before anything was produced. */
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

/** Keys whose values are credentials: client secrets, tokens, CSP authorization keys, AWS keys. */
const CREDENTIAL_KEY = /secret|password|token|authorization|accesskey/i;

export const REDACTED = "[redacted]";

export function redactCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (value === null || typeof value !== "object") return value;
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
