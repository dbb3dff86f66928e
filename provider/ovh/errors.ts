/**
 * The error for what is wrong before any call is made, or between calls: a rule the API enforces that the inputs
 * break (found by reading the parent or the siblings before the POST), an object to adopt that does not match,
 * missing credentials. Call failures are `ApiError`s and failed waits `WaitError`s (provider/core).
 */
import { redact } from "../core/errors";

export class OvhError extends Error {
  constructor(message: string) {
    super(redact(`OVHcloud: ${message}`));
    this.name = "OvhError";
    // As ApiError: the message carries everything; no stack trace in what Pulumi prints.
    this.stack = `${this.name}: ${this.message}`;
  }
}
