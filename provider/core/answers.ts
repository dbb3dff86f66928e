/**
 * The API boundary: what a vendor answers is parsed with a zod schema before the provider reads it, so that an
 * unexpected shape fails here, clearly, naming the vendor and the call — not three functions later as
 * "cannot read properties of undefined". Schemas list only the fields this package reads and let others through.
 */
import { z } from "zod";
import { redact } from "./errors";

/** An answer that does not have the shape the vendor documents. */
export class UnexpectedAnswerError extends Error {
  constructor(vendor: string, call: string, problems: string) {
    super(
      redact(
        `${vendor} answered ${call} with a body this package cannot read (${problems}). The API may have ` +
          "changed; report it with this message.",
      ),
    );
    this.name = "UnexpectedAnswerError";
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Parses `data` with `schema`, or throws an UnexpectedAnswerError naming the vendor and the call. */
export function parseAnswer<S extends z.ZodType>(
  vendor: string,
  call: string,
  schema: S,
  data: unknown,
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "the body"}: ${issue.message}`)
    .join("; ");
  throw new UnexpectedAnswerError(vendor, call, problems);
}

/** An optional field of an answer: absent, null or a value, read as the value or undefined. */
export const optionalAnswer = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((value) => value ?? undefined);
