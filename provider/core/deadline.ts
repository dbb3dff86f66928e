/**
 * The operation deadline: how long the current resource operation (create, read, update, delete) may take in
 * all. The resource lifecycle sets it once around each operation; every HTTP call made inside, however deep,
 * sees it through an AsyncLocalStorage context and never waits past it — not in the rate limit queue, not for a
 * token, not between retries, not for an answer.
 *
 *     await withDeadline(20 * 60_000, () => provider.create(inputs), { label: "create" });
 *
 * Deadlines nest: an inner `withDeadline` can shorten the outer one, never extend it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Deadline {
  /** Epoch milliseconds (Date.now()) after which no call of the operation may still be waiting. */
  readonly at: number;
  /** What the deadline is for, as shown in messages: "create", `read of "db-link"`. */
  readonly label?: string;
}

const storage = new AsyncLocalStorage<Deadline>();

export interface DeadlineOptions {
  /** What the deadline is for, shown in messages; inherited from the enclosing deadline when unset. */
  label?: string;
  /**
   * Replace the enclosing deadline even when this one is later: only for the short, bounded clean-up that must
   * still reach the API after the operation's own deadline passed (recording partial state, for instance).
   */
  override?: boolean;
}

/**
 * Runs `fn` with a deadline `ms` milliseconds from now (or the enclosing one, if that comes first). Every HTTP call
 * that `fn` makes, directly or through promises it starts, is bounded by it.
 */
export function withDeadline<T>(
  ms: number,
  fn: () => Promise<T> | T,
  options: DeadlineOptions = {},
): Promise<T> {
  if (!(ms >= 0)) throw new RangeError(`withDeadline needs a number of milliseconds ≥ 0, not ${ms}`);
  const outer = storage.getStore();
  const at = Date.now() + ms;
  const keepOuter = outer !== undefined && outer.at <= at && !options.override;
  const deadline: Deadline = keepOuter ? outer : { at, label: options.label ?? outer?.label };
  return storage.run(deadline, async () => fn());
}

/** The deadline of the operation this code runs in, or undefined outside `withDeadline`. */
export function currentDeadline(): Deadline | undefined {
  return storage.getStore();
}

/** Milliseconds left before the current deadline (never negative), or undefined outside `withDeadline`. */
export function remainingMs(): number | undefined {
  const deadline = storage.getStore();
  return deadline === undefined ? undefined : Math.max(0, deadline.at - Date.now());
}
