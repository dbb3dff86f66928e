/**
 * Fault switches: each one makes the next `count` matching vendor requests fail in a chosen way (after letting
 * `skip` of them through), so that the provider's retry logic can be tested against real HTTP answers.
 */
import { z } from "zod";

/** 401: the credential (token, session, key) is refused once although it is valid, as when a token expires. */
export const FAULT_STATUSES = [401, 429, 500, 502, 503, 504] as const;

function isRegexSource(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const faultCommon = {
  match: z
    .object({
      /** HTTP method, any case. */
      method: z.string().min(1).optional(),
      /** Regex source tested against the path without its query string. */
      path: z.string().refine(isRegexSource, "must be a valid regular expression").optional(),
    })
    .strict()
    .optional(),
  /** How many matching requests the fault affects before it expires. */
  count: z.number().int().min(1).default(1),
  /**
   * How many matching requests pass untouched before the fault applies: `skip: 2` on a status read fails the
   * third one (a later poll of a wait).
   */
  skip: z.number().int().min(0).default(0),
};

export const faultSpecSchema = z.discriminatedUnion("kind", [
  z
    .object({
      ...faultCommon,
      kind: z.literal("status"),
      status: z.literal(FAULT_STATUSES),
      /** Seconds, sent as the Retry-After header. */
      retryAfter: z.number().int().min(0).optional(),
      /**
       * "before" (the default): answered at once, the request is not processed. "after": the request is
       * processed (state changes) and its answer replaced by this status, as a gateway does that gives up (504)
       * or fails (502) after the server acted: what makes a retry ambiguous.
       */
      when: z.enum(["before", "after"]).default("before"),
    })
    .strict(),
  /** A slow answer: waits, then lets the request through. */
  z.object({ ...faultCommon, kind: z.literal("delay"), ms: z.number().int().min(0).max(120_000) }).strict(),
  /**
   * Destroys the socket without an answer. "before": the request is not processed. "after": it is processed
   * (state changes) but the answer is lost, which is what makes a retry ambiguous.
   */
  z.object({ ...faultCommon, kind: z.literal("drop"), when: z.enum(["before", "after"]) }).strict(),
  /**
   * Invented (no vendor is known to do it): a 400 whose message quotes the request — method, path, credential
   * headers (Authorization, X-Ovh-*, portal-token) and body — as a careless API or proxy might. The request is
   * not processed. It tests that clients never repeat what an API echoes back.
   */
  z.object({ ...faultCommon, kind: z.literal("echo") }).strict(),
]);

export type FaultInput = z.input<typeof faultSpecSchema>;
export type FaultSpec = z.output<typeof faultSpecSchema>;
/** An armed fault: `remaining` uses left, `skipRemaining` matching requests still to let through first. */
export type ActiveFault = FaultSpec & { id: number; remaining: number; skipRemaining: number };

export interface FaultStore {
  /** Validates and arms a fault (throws a ZodError when invalid). */
  add(input: FaultInput): ActiveFault;
  list(): ActiveFault[];
  clear(): void;
  /**
   * The oldest armed fault matching the request that lets no more requests through, with one of its uses
   * consumed. A matching fault still letting requests through counts this one instead.
   */
  take(method: string, path: string): ActiveFault | undefined;
}

export function createFaultStore(): FaultStore {
  let nextId = 1;
  let armed: { fault: ActiveFault; pathPattern?: RegExp }[] = [];
  const snapshot = (fault: ActiveFault): ActiveFault => ({ ...fault });

  return {
    add(input) {
      const spec = faultSpecSchema.parse(input);
      const fault: ActiveFault = { ...spec, id: nextId++, remaining: spec.count, skipRemaining: spec.skip };
      armed.push({ fault, pathPattern: spec.match?.path ? new RegExp(spec.match.path) : undefined });
      return snapshot(fault);
    },
    list: () => armed.map(({ fault }) => snapshot(fault)),
    clear() {
      armed = [];
    },
    take(method, path) {
      for (const entry of armed) {
        const { fault, pathPattern } = entry;
        const matches =
          (!fault.match?.method || fault.match.method.toUpperCase() === method.toUpperCase()) &&
          (!pathPattern || pathPattern.test(path));
        if (!matches) continue;
        if (fault.skipRemaining > 0) {
          fault.skipRemaining -= 1;
          continue;
        }
        fault.remaining -= 1;
        if (fault.remaining === 0) armed = armed.filter((other) => other !== entry);
        return snapshot(fault);
      }
      return undefined;
    },
  };
}
