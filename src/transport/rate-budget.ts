/**
 * The shared client-side send budget. Messages, read receipts and typing events all count
 * against one per-session rate limit on the server (2 `onMessage` frames per second,
 * protocol §7), so they go out through one token bucket that orders them: every queued
 * message first, then receipts, then typing. Messages are never dropped by the budget;
 * receipts coalesce by key; typing is dropped when it cannot go out promptly.
 *
 * Token bucket: the bucket holds at most `burst` tokens and refills continuously at
 * `ratePerSecond`; each frame sent takes one token. So in any closed time window of
 * length W at most `burst + floor(ratePerSecond * W)` frames go out, and in the long run
 * never more than `ratePerSecond` a second. With `burst: 1` no half-open 1 s window ever
 * holds more than `ratePerSecond` frames (a strict sliding-window limiter is satisfied).
 *
 * Time and timers come from the injected `Clock` (session/clock.ts; default the system
 * clock, which sinon's fake timers drive too), like every other timer of the session. At
 * most one timer exists at any moment.
 */

import { numberOr } from '../options.js';
import { type Clock, systemClock, Timer } from '../session/clock.js';

export type Priority = 'message' | 'receipt' | 'typing';

export interface RateBudgetOptions {
  /** Frames per second, default 2 (protocol §7). */
  ratePerSecond?: number;
  /** Bucket size: frames that may go out back to back, default = `ratePerSecond` (at least 1). */
  burst?: number;
  /** How long a typing event may wait for a token before it is dropped, default 1000 ms. */
  typingMaxWaitMs?: number;
  /** Time and timers (default the system clock). */
  clock?: Clock;
}

type Counts = { message: number; receipt: number; typing: number };

interface Item {
  send: () => boolean;
  key?: string;
}

const DEFAULT_RATE = 2;
const DEFAULT_TYPING_WAIT = 1000;
/** Float slack so that a refill of exactly one token is not lost to rounding. */
const EPSILON = 1e-9;

const positive = (value: number | undefined, fallback: number): number => numberOr(value, fallback, (n) => n > 0);

export class RateBudget {
  #rate: number;
  #burst: number;
  /** True when `burst` was not given, so it follows the rate on `setRate`. */
  #burstFollowsRate: boolean;
  #typingMaxWaitMs: number;

  #clock: Clock;
  #tokens: number;
  #refilledAt: number;
  #pausedUntil = 0;

  #messages: Item[] = [];
  #receipts: Item[] = [];
  #typing?: Item & { deadline: number };

  #timer: Timer;
  #draining = false;

  constructor(options: RateBudgetOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#timer = new Timer(this.#clock);
    this.#refilledAt = this.#clock.now();
    this.#rate = positive(options.ratePerSecond, DEFAULT_RATE);
    this.#burstFollowsRate = options.burst === undefined;
    this.#burst = Math.max(1, positive(options.burst, this.#rate));
    this.#typingMaxWaitMs =
      typeof options.typingMaxWaitMs === 'number' && options.typingMaxWaitMs >= 0
        ? options.typingMaxWaitMs
        : DEFAULT_TYPING_WAIT;
    this.#tokens = this.#burst;
  }

  /**
   * Queue a send. `send` returns false if the frame could not go out (socket closed): the
   * item is then dropped from the budget queue (the caller keeps its own outbox) and the
   * token is not spent.
   * - `message`: FIFO, never dropped by the budget.
   * - `receipt`: coalesced by `key`; a newer receipt with the same key replaces the queued
   *   one in place. Without a key every receipt is queued.
   * - `typing`: sent if a token is free once the higher priorities have drained, within
   *   `typingMaxWaitMs` of this call; otherwise dropped. At most one typing is queued (a
   *   newer one replaces it).
   */
  enqueue(priority: Priority, send: () => boolean, key?: string): void {
    if (priority === 'message') {
      this.#messages.push({ send });
    } else if (priority === 'receipt') {
      const queued = key === undefined ? -1 : this.#receipts.findIndex((r) => r.key === key);
      if (queued >= 0) this.#receipts[queued] = { send, key };
      else this.#receipts.push({ send, key });
    } else {
      this.#typing = { send, deadline: this.#clock.now() + this.#typingMaxWaitMs };
    }
    this.#drain();
  }

  /** Stop sending for `ms` (a 429 said `retryAfter`); queued items wait. Repeated calls extend to the later end. */
  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
    this.#drain();
  }

  /** Drop everything queued (connection lost) and cancel the timer. A pause still holds. */
  clear(): void {
    this.#messages = [];
    this.#receipts = [];
    this.#typing = undefined;
    this.#timer.stop();
  }

  /** Number of queued items per priority. */
  get pending(): Counts {
    return {
      message: this.#messages.length,
      receipt: this.#receipts.length,
      typing: this.#typing ? 1 : 0,
    };
  }

  /** Change the rate. Tokens earned so far are kept (capped by the new burst). Ignores non-positive values. */
  setRate(ratePerSecond: number): void {
    if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) return;
    this.#refill();
    this.#rate = ratePerSecond;
    if (this.#burstFollowsRate) this.#burst = Math.max(1, ratePerSecond);
    this.#tokens = Math.min(this.#tokens, this.#burst);
    this.#drain();
  }

  #refill(): void {
    const now = this.#clock.now();
    // A clock that went backwards earns nothing (and does not go into debt).
    const elapsed = Math.max(0, now - this.#refilledAt);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#rate) / 1000);
    this.#refilledAt = now;
  }

  #drain(): void {
    if (this.#draining) return; // a send() that enqueues: the running loop picks it up
    this.#draining = true;
    try {
      this.#timer.stop();
      for (;;) {
        const now = this.#clock.now();
        this.#refill();
        if (this.#typing && now > this.#typing.deadline) this.#typing = undefined;

        const priority = this.#next();
        if (!priority) return;

        // When the next item can go: after a pause, and when a whole token is there.
        const tokenAt =
          this.#tokens >= 1 - EPSILON ? now : now + ((1 - this.#tokens) * 1000) / this.#rate;
        const sendAt = Math.max(tokenAt, this.#pausedUntil);
        if (sendAt > now) {
          let wakeAt = sendAt;
          if (priority === 'typing') {
            const typing = this.#typing!;
            // It cannot go out before its deadline: drop it now rather than hold it.
            if (sendAt > typing.deadline) {
              this.#typing = undefined;
              continue;
            }
            wakeAt = Math.min(wakeAt, typing.deadline);
          } else if (this.#typing) {
            wakeAt = Math.min(wakeAt, this.#typing.deadline + 1);
          }
          this.#schedule(wakeAt - now);
          return;
        }

        const item = this.#take(priority);
        let ok = false;
        try {
          ok = item.send() !== false;
        } catch (error) {
          // A throwing send must not wedge the queue; report it like an uncaught error.
          (globalThis as { reportError?: (e: unknown) => void }).reportError?.(error);
        }
        if (ok) this.#tokens -= 1;
      }
    } finally {
      this.#draining = false;
    }
  }

  #next(): Priority | undefined {
    if (this.#messages.length) return 'message';
    if (this.#receipts.length) return 'receipt';
    if (this.#typing) return 'typing';
    return undefined;
  }

  #take(priority: Priority): Item {
    if (priority === 'message') return this.#messages.shift()!;
    if (priority === 'receipt') return this.#receipts.shift()!;
    const typing = this.#typing!;
    this.#typing = undefined;
    return typing;
  }

  #schedule(delayMs: number): void {
    // Timer caps the delay: a longer one would fire at once and spin the drain loop.
    this.#timer.start(Math.ceil(delayMs), () => this.#drain());
  }
}
