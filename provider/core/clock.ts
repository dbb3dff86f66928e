/**
 * Time as the wait loop sees it: the wall clock in production, a virtual clock in tests and benchmarks, so that
 * a simulated one-hour wait takes milliseconds and its schedule can be asserted exactly instead of timed.
 */

export interface WaitClock {
  /** Milliseconds, on any fixed origin (the wall clock uses the Unix epoch). */
  now(): number;
  /** Resolves once `now()` has advanced by `ms`. */
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1): the source of the poll schedule's jitter. */
  random(): number;
}

export const systemClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: () => Math.random(),
};

let current: WaitClock = systemClock;

/** The clock every wait and shared poller uses unless given its own. */
export function waitClock(): WaitClock {
  return current;
}

/**
 * Makes `clock` the default clock of every wait in this process (tests of code that calls `waitForStatus`
 * without passing a clock). Returns a function that restores the previous one.
 */
export function useWaitClock(clock: WaitClock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when everything using it is asleep: once the pending promise work has run (checked
 * with `setImmediate`), it jumps to the earliest pending `sleep` and wakes it. Meant for in-memory, scripted
 * APIs: work that waits on real I/O or real timers would see the virtual time run ahead of it.
 *
 * `random()` is a seeded generator (mulberry32), so a simulated run is reproducible.
 */
export class VirtualClock implements WaitClock {
  private time: number;
  private seed: number;
  private seq = 0;
  private timers: Timer[] = [];
  private advancing = false;

  constructor(start = 0, seed = 1) {
    this.time = start;
    this.seed = seed >>> 0;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      // Keep the timers sorted by due time, then by creation: equal times wake in the order they were set.
      let i = this.timers.length;
      while (i > 0 && this.timers[i - 1].at > timer.at) i--;
      this.timers.splice(i, 0, timer);
      this.schedule();
    });
  }

  random(): number {
    this.seed = (this.seed + 0x6d2b79f5) >>> 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Sleeps not yet woken. */
  get pending(): number {
    return this.timers.length;
  }

  private schedule(): void {
    if (this.advancing) return;
    this.advancing = true;
    setImmediate(() => this.advance());
  }

  private advance(): void {
    this.advancing = false;
    const first = this.timers[0];
    if (!first) return;
    this.time = Math.max(this.time, first.at);
    // Wake every sleep due now; what they do next runs before the clock moves again.
    while (this.timers.length > 0 && this.timers[0].at <= this.time) this.timers.shift()!.resolve();
    if (this.timers.length > 0) this.schedule();
  }
}
