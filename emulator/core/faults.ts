/**
 * Fault switches: each one makes the next `count` matching vendor requests fail in a chosen way, so that the
 * provider's retry logic can be tested against real HTTP answers.
 */
import { z } from "zod";

export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

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
};

export const faultSpecSchema = z.discriminatedUnion("kind", [
  z
    .object({
      ...faultCommon,
      kind: z.literal("status"),
      status: z.literal(FAULT_STATUSES),
      /** Seconds, sent as the Retry-After header. */
      retryAfter: z.number().int().min(0).optional(),
    })
    .strict(),
  /** A slow answer: waits, then lets the request through. */
  z.object({ ...faultCommon, kind: z.literal("delay"), ms: z.number().int().min(0).max(120_000) }).strict(),
  /**
   * Destroys the socket without an answer. "before": the request is not processed. "after": it is processed
   * (state changes) but the answer is lost, which is what makes a retry ambiguous.
   */
  z.object({ ...faultCommon, kind: z.literal("drop"), when: z.enum(["before", "after"]) }).strict(),
]);

export type FaultInput = z.input<typeof faultSpecSchema>;
export type FaultSpec = z.output<typeof faultSpecSchema>;
export type ActiveFault = FaultSpec & { id: number; remaining: number };

export interface FaultStore {
  /** Validates and arms a fault (throws a ZodError when invalid). */
  add(input: FaultInput): ActiveFault;
  list(): ActiveFault[];
  clear(): void;
  /** The oldest armed fault matching the request, with one of its uses consumed. */
  take(method: string, path: string): ActiveFault | undefined;
}

export function createFaultStore(): FaultStore {
  let nextId = 1;
  let armed: { fault: ActiveFault; pathPattern?: RegExp }[] = [];
  const snapshot = (fault: ActiveFault): ActiveFault => ({ ...fault });

  return {
    add(input) {
      const spec = faultSpecSchema.parse(input);
      const fault: ActiveFault = { ...spec, id: nextId++, remaining: spec.count };
      armed.push({ fault, pathPattern: spec.match?.path ? new RegExp(spec.match.path) : undefined });
      return snapshot(fault);
    },
    list: () => armed.map(({ fault }) => snapshot(fault)),
    clear() {
      armed = [];
    },
    take(method, path) {
      const entry = armed.find(
        ({ fault, pathPattern }) =>
          (!fault.match?.method || fault.match.method.toUpperCase() === method.toUpperCase()) &&
          (!pathPattern || pathPattern.test(path)),
      );
      if (!entry) return undefined;
      entry.fault.remaining -= 1;
      if (entry.fault.remaining === 0) armed = armed.filter((other) => other !== entry);
      return snapshot(entry.fault);
    },
  };
}
