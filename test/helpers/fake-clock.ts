/** An injected Clock that tests advance by hand. */
import type { Clock } from '../../src/session/clock.js';

export class FakeClock implements Clock {
  time = 1_000_000;
  #timers: { id: number; at: number; fn: () => void }[] = [];
  #next = 1;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.push({ id, at: this.time + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.#timers.length;
  }

  /** Advances time, firing due timers in order (and those they start, if due). */
  tick(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
  }
}
