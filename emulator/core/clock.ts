/**
 * The emulator's time: the wall clock plus an offset. Lifecycles are computed from it, so tests jump ahead with
 * `advance` (or POST /__emulator/clock/advance) instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the emulated vendor sees them. */
  now(): number;
  /** Moves the clock forward; returns the new `now()`. */
  advance(ms: number): number;
  /** Back to the wall clock. */
  reset(): void;
}

export function createClock(): Clock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance(ms) {
      offsetMs += ms;
      return Date.now() + offsetMs;
    },
    reset() {
      offsetMs = 0;
    },
  };
}
