/**
 * Time for the session engine, injected so tests drive it. `systemClock` looks up
 * `Date.now` and `setTimeout` at call time, so sinon's fake timers drive it too.
 */

import { MAX_TIMER_MS } from '../options.js';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One pending callback at most; starting it again replaces the previous one. */
export class Timer {
  #clock: Clock;
  #handle: unknown;
  #active = false;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  start(ms: number, fn: () => void): void {
    this.stop();
    this.#active = true;
    this.#handle = this.#clock.setTimeout(() => {
      this.#active = false;
      fn();
    }, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
  }

  stop(): void {
    if (this.#active) this.#clock.clearTimeout(this.#handle);
    this.#active = false;
  }

  get active(): boolean {
    return this.#active;
  }
}
