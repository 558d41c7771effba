/**
 * When to try connecting again, and when to stop: exponential backoff between attempts, when
 * to say the service cannot be reached (the socket never opened for UNREACHABLE_AFTER_MS
 * while online; retries go on), and backoff for fresh sessions that keep dying (the loop
 * guard for 4006/4007, SessionExpiredEvent and 4017).
 */

/** Backoff before attempt n (1-based): 1 s doubling, ±30 % jitter, capped at 30 s. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(30_000, base * (0.7 + 0.6 * random())));
}

/** The socket never opened for this long while online: the service is unreachable (§3 of issue 15). */
export const UNREACHABLE_AFTER_MS = 30_000;
/** Fresh sessions dying in a row before the page is told (retries go on). */
const MAX_RESTARTS = 2;

export class ReconnectPolicy {
  /** Attempts since the last session that came up; 0 = a first connect. */
  attempt = 0;
  #restarts = 0;
  /** When the first attempt that has not opened since the last open began. */
  #since?: number;
  /** The unreachable service was reported (once until a socket opens). */
  #reported = false;
  #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /** A session came up: every counter starts over. */
  succeeded(): void {
    this.attempt = 0;
    this.#restarts = 0;
  }

  /** An attempt begins at `now`. */
  opening(now: number): void {
    this.#since ??= now;
  }

  /** A socket opened: the service is reachable. True when it had been reported unreachable. */
  opened(): boolean {
    const was = this.#reported;
    this.#since = undefined;
    this.#reported = false;
    return was;
  }

  /** Start over as a first connect (new target, new session, new leader). */
  fresh(): void {
    this.attempt = 0;
  }

  /**
   * The connection closed at `now`. `opened`: it had come up. Returns 'unreachable' once
   * when no socket has opened for UNREACHABLE_AFTER_MS while the browser is online (a bad
   * host, DNS, or an origin the deployment does not allow: a browser cannot tell which).
   * Offline, the browser's own state says why, and 'online' wakes the session.
   */
  closed(opened: boolean, online: boolean, now: number): 'retry' | 'unreachable' {
    if (opened) {
      this.opened();
      return 'retry';
    }
    this.#since ??= now;
    if (!online || this.#reported || now - this.#since < UNREACHABLE_AFTER_MS) return 'retry';
    this.#reported = true;
    return 'unreachable';
  }

  /** The delay before the next attempt (and counts it). */
  nextDelay(): number {
    this.attempt++;
    return backoffDelay(this.attempt, this.#random);
  }

  /**
   * The session died (4006/4007, SessionExpiredEvent, 4017): the delay before a fresh one (the
   * first at once, later ones with the same capped backoff as a lost socket, C7). Never a dead
   * end: a service that expires every configure for a while comes back, and giving up would
   * strand the unsent messages (and, in the leading tab, every other tab's).
   */
  sessionEnded(): number {
    this.#restarts++;
    return this.#restarts === 1 ? 0 : backoffDelay(this.#restarts - 1, this.#random);
  }

  /** True once, when fresh sessions have now died more than MAX_RESTARTS times in a row: worth telling the page. */
  get keepsEnding(): boolean {
    return this.#restarts === MAX_RESTARTS + 1;
  }

  /** The person asked to try again: forget the dead sessions, keep the short first delay. */
  manualRetry(): void {
    this.#restarts = 0;
    this.attempt = Math.min(this.attempt, 1);
  }
}
