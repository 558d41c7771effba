/**
 * When to try connecting again, and when to stop: exponential backoff between attempts, a
 * limit on upgrades that keep being refused, and a limit on fresh sessions that keep dying
 * (the 4006/4007 loop guard).
 */

/** Backoff before attempt n (1-based): 1 s doubling, ±30 % jitter, capped at 30 s. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(30_000, base * (0.7 + 0.6 * random())));
}

/** Attempts that never open, in a row, before giving up (about a minute of backoff). */
const MAX_REFUSED = 6;
/** Fresh sessions started since the last good one before giving up. */
const MAX_RESTARTS = 2;

export class ReconnectPolicy {
  /** Attempts since the last session that came up; 0 = a first connect. */
  attempt = 0;
  #refused = 0;
  #restarts = 0;
  #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** A session came up: every counter starts over. */
  succeeded(): void {
    this.attempt = 0;
    this.#refused = 0;
    this.#restarts = 0;
  }

  /** Start over as a first connect (new target, new session, new leader). */
  fresh(): void {
    this.attempt = 0;
  }

  /**
   * The connection closed. `opened`: it had come up. Returns 'give-up' when upgrades keep
   * being refused while the browser is online (most likely the origin is not allowed).
   */
  closed(opened: boolean, online: boolean): 'retry' | 'give-up' {
    this.#refused = opened ? 0 : this.#refused + 1;
    return this.#refused >= MAX_REFUSED && online ? 'give-up' : 'retry';
  }

  /** The delay before the next attempt (and counts it). */
  nextDelay(): number {
    this.attempt++;
    return backoffDelay(this.attempt, this.#random);
  }

  /** The session died (4006/4007): start a fresh one, or give up when even those die. */
  sessionEnded(): 'restart' | 'give-up' {
    return ++this.#restarts > MAX_RESTARTS ? 'give-up' : 'restart';
  }

  /** The person asked to try again: forget the refusals, keep the short first delay. */
  manualRetry(): void {
    this.#refused = 0;
    this.#restarts = 0;
    this.attempt = Math.min(this.attempt, 1);
  }
}
