/**
 * Reads history on a connection, then lets the outbox send on. Two reasons to read:
 *
 * - A message written to a connection that went away before its echo may have arrived:
 *   history shows it (it is acknowledged) or not (it is resent). Until history could be read
 *   it is not resent, since the service does not deduplicate.
 * - After a gap (a resumed session), agent messages written meanwhile are only in history
 *   (`catchUp`). The socket stays up afterwards, so nothing else would read them: a failed
 *   or limited catch-up is read again until it succeeds, whether or not anything waits.
 *
 * Rate limited (our own 10 a minute, or a 429 from the service): read again when allowed,
 * which is no failure. Failed: again with backoff; after MAX_CHECK_FAILURES a possible
 * duplicate is better than a message that never goes out, so waiting messages are released
 * (a catch-up goes on trying, at the longest backoff).
 */
import { type Clock, Timer } from './clock.js';
import type { HistoryLoader, HistorySource } from './history-loader.js';
import { backoffDelay } from './reconnect-policy.js';

/** History checks that failed (not merely rate limited) before unconfirmed messages are resent anyway. */
const MAX_CHECK_FAILURES = 6;

export interface CheckHandlers {
  /** After a gap (we had a conversation), catch up until history meets what we have. */
  catchUp(): boolean;
  /** Messages still wait for history to confirm them. */
  waiting(): boolean;
  /** History was read: what it did not show may be sent again. */
  checked(): void;
  /** History stays unreadable: send the unconfirmed messages anyway. */
  release(): void;
  /** Send on (nothing waits for history). */
  pump(): void;
  changed(): void;
  log(line: string): void;
}

export class HistoryCheck {
  #loader: HistoryLoader;
  #handlers: CheckHandlers;
  #timer: Timer;
  #running?: HistorySource;
  #failures = 0;
  /** The check that waits on the timer was a catch-up: so is the next one, whatever `catchUp()` says then. */
  #catchingUp = false;
  /**
   * A resumed session's conversation is not read yet on this connection: read until history
   * answers, whatever waits. A tab opened on a conversation that goes on shows nothing else of
   * it (its messages came before the tab); given up after one limited read, it never did.
   */
  #unread = false;

  constructor(clock: Clock, loader: HistoryLoader, handlers: CheckHandlers) {
    this.#loader = loader;
    this.#handlers = handlers;
    this.#timer = new Timer(clock);
  }

  /** A resumed session on `source`: read it (and catch up, or check what waits) until history answers. */
  resume(source: HistorySource): Promise<void> {
    this.#unread = true;
    return this.run(source);
  }

  /** Checks on `source` unless a check on it runs or waits already. */
  async run(source: HistorySource): Promise<void> {
    if (this.#running === source || this.#timer.active) return;
    this.#running = source;
    const h = this.#handlers;
    const catchUp = this.#catchingUp || h.catchUp();
    this.#catchingUp = false;
    const result = await this.#loader.check(source, catchUp);
    if (this.#running === source) this.#running = undefined;
    if (!source.live) return; // gone: the next connection checks again
    h.changed();
    if (result.outcome === 'read') {
      this.#failures = 0;
      this.#unread = false;
      return h.checked();
    }
    const waiting = h.waiting();
    const mustRead = catchUp || this.#unread;
    if (!waiting && !mustRead) return h.pump();
    let delay: number;
    if (result.outcome === 'limited') delay = result.waitMs;
    else if (this.#failures >= MAX_CHECK_FAILURES) {
      if (waiting) {
        h.log('history stays unavailable: sending unconfirmed messages again');
        h.release();
      }
      // Released: another six failures before the next release (a catch-up stays at the
      // longest backoff). Without this, a conversation still unread released on every failure.
      if (!catchUp) this.#failures = 0;
      if (!mustRead) return h.pump();
      delay = backoffDelay(MAX_CHECK_FAILURES);
    } else delay = backoffDelay(++this.#failures);
    // Nothing of ours waits for this read: messages go on meanwhile.
    if (!h.waiting()) h.pump();
    this.#catchingUp = catchUp;
    const why = catchUp ? 'to catch up after a gap' : this.#unread ? 'to show the conversation so far' : 'to check an unconfirmed message';
    h.log(`could not read history ${why}; trying again in ${delay} ms`);
    this.#timer.start(delay, () => void this.run(source));
  }

  /** The connection is gone: forget the running or waiting check (failures still count). */
  stop(): void {
    this.#timer.stop();
    this.#running = undefined;
    this.#catchingUp = false;
    this.#unread = false;
  }
}
