/**
 * REST history (protocol §6.1): older pages on demand, catching up after a gap, and the
 * check of unconfirmed messages. History is limited to 10 calls a minute per session and
 * authorised by a short-lived JWT from the socket, which is reused until 5 s before it
 * expires (as the Genesys Messenger Transport SDK does). A 429 from history pauses it for
 * its Retry-After. Being limited is not being unreadable: the caller waits and reads again.
 */
import type { HistoryPage, WireMessage } from '../protocol/types.js';
import { type Clock, Timer } from './clock.js';
import { backoffDelay } from './reconnect-policy.js';

const HISTORY_PAGE_SIZE = 25;
const HISTORY_LIMIT_PER_MINUTE = 10;
/** Pause after a 429 without Retry-After. */
const DEFAULT_HISTORY_PAUSE_MS = 60_000;
/**
 * How far before an unconfirmed message's local time history is read before concluding it
 * is not there: the service's clock and this device's may disagree by this much.
 */
const CLOCK_SKEW_MS = 60_000;
/**
 * At most this many pages (100 messages) are read to find an unconfirmed message, so that
 * a message that never arrived costs a bounded share of the 10-a-minute budget and is
 * resent, rather than paging back through a fast conversation for ever.
 */
const MAX_CONFIRM_PAGES = 4;
/** History checks that failed (not merely rate limited) before unconfirmed messages are resent anyway. */
const MAX_CHECK_FAILURES = 6;

/** One connection's way to history; `live` turns false when the connection is gone. */
export interface HistorySource {
  readonly live: boolean;
  getJwt(): Promise<{ jwt: string; exp: number } | undefined>;
  fetchHistory(jwt: string, pageNumber: number, pageSize: number): Promise<HistoryPage>;
}

export interface HistoryHandlers {
  /** Puts a page's messages into the conversation; returns how many were known already. */
  apply(messages: readonly WireMessage[]): number;
  /** Local times of the messages that still wait for history to confirm them. */
  unconfirmed(): readonly number[];
  error(code: string, message: string): void;
}

/** `read`: history answered; `limited`: may be read again in `waitMs`; `failed`: it could not be read; `gone`: the connection went away. */
export type HistoryOutcome = { outcome: 'read' } | { outcome: 'limited'; waitMs: number } | { outcome: 'failed' } | { outcome: 'gone' };

export class HistoryLoader {
  /** Older history exists beyond what has been loaded. */
  hasOlder = false;
  #clock: Clock;
  #handlers: HistoryHandlers;
  #calls: number[] = [];
  #pausedUntil = 0;
  #jwt?: { jwt: string; exp: number };
  /** The next older page to load. */
  #cursor = 1;
  #older?: Promise<void>;

  constructor(clock: Clock, handlers: HistoryHandlers) {
    this.#clock = clock;
    this.#handlers = handlers;
  }

  /** A new conversation: no cursor, and the JWT belonged to the old session. */
  reset(): void {
    this.#jwt = undefined;
    this.#cursor = 1;
    this.hasOlder = false;
  }

  /** Loads the next older page. Calls while one is loading share it. */
  loadOlder(source: HistorySource): Promise<void> {
    if (!this.hasOlder) return Promise.resolve();
    this.#older ??= this.#read(source, this.#cursor).then(
      () => (this.#older = undefined),
      () => (this.#older = undefined),
    );
    return this.#older;
  }

  /**
   * Reads the newest history and goes on to older pages while there is reason to: with
   * `catchUp`, while every message on a page was new to us (a long absence); and, for an
   * unconfirmed message, while every message on a page was new and history has not yet
   * reached before its time (others wrote after it), at most MAX_CONFIRM_PAGES. Within the
   * history limit; `limited` says when to go on.
   */
  async check(source: HistorySource, catchUp: boolean): Promise<HistoryOutcome> {
    for (let page = 1; ; page++) {
      const result = await this.#read(source, page);
      if (result.outcome !== 'page') return result;
      if (!this.hasOlder) return { outcome: 'read' };
      const times = this.#handlers.unconfirmed();
      const oldest = Math.min(...result.page.messages.map((m) => m.time ?? Infinity));
      // Further back only while the page held nothing we knew: a page with messages we had
      // already is where our own history continues, and an unconfirmed message (sent after
      // everything we knew) would have been on it. Paging on costs budget the next checks need.
      const mayBeOlder = times.length > 0 && result.known === 0 && page < MAX_CONFIRM_PAGES && oldest >= Math.min(...times) - CLOCK_SKEW_MS;
      if (!mayBeOlder && !(catchUp && result.known === 0)) return { outcome: 'read' };
    }
  }

  /** Milliseconds until history may be called again (0: now). */
  waitMs(): number {
    const now = this.#clock.now();
    this.#calls = this.#calls.filter((t) => now - t < 60_000);
    const limit = this.#calls.length >= HISTORY_LIMIT_PER_MINUTE ? this.#calls[0]! + 60_000 - now : 0;
    return Math.max(0, limit, this.#pausedUntil - now);
  }

  async #read(source: HistorySource, page: number): Promise<HistoryOutcome | { outcome: 'page'; page: HistoryPage; known: number }> {
    const wait = this.waitMs();
    if (wait > 0) return { outcome: 'limited', waitMs: wait };
    const jwt = await this.#jwtFor(source);
    if (!source.live) return { outcome: 'gone' };
    if (!jwt) return { outcome: 'failed' };
    this.#calls.push(this.#clock.now());
    let result: HistoryPage;
    try {
      result = await source.fetchHistory(jwt, page, HISTORY_PAGE_SIZE);
    } catch (error) {
      if (!source.live) return { outcome: 'gone' };
      const e = error as { status?: unknown; retryAfter?: unknown };
      if (e && e.status === 429) {
        const ms = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter * 1000 : DEFAULT_HISTORY_PAUSE_MS;
        this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
        return { outcome: 'limited', waitMs: ms };
      }
      this.#handlers.error('history', String(error));
      return { outcome: 'failed' };
    }
    if (!source.live) return { outcome: 'gone' };
    const known = this.#handlers.apply(result.messages);
    this.#cursor = Math.max(this.#cursor, result.pageNumber + 1);
    this.hasOlder = result.pageNumber < result.pageCount;
    return { outcome: 'page', page: result, known };
  }

  async #jwtFor(source: HistorySource): Promise<string | undefined> {
    if (this.#jwt && this.#jwt.exp * 1000 - this.#clock.now() > 5000) return this.#jwt.jwt;
    const reply = await source.getJwt();
    if (!reply || !source.live) return undefined;
    this.#jwt = reply;
    return reply.jwt;
  }
}

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

/**
 * Reads history on a connection, then lets the outbox send on. A message written to a
 * connection that went away before its echo may have arrived: history shows it (it is
 * acknowledged) or not (it is resent). Until history could be read it is not resent, since
 * the service does not deduplicate. Rate limited (our own 10 a minute, or a 429 from the
 * service): read again when allowed, which is no failure. Failed: again with backoff, and
 * after MAX_CHECK_FAILURES a possible duplicate is better than a message that never goes out.
 */
export class HistoryCheck {
  #loader: HistoryLoader;
  #handlers: CheckHandlers;
  #timer: Timer;
  #running?: HistorySource;
  #failures = 0;

  constructor(clock: Clock, loader: HistoryLoader, handlers: CheckHandlers) {
    this.#loader = loader;
    this.#handlers = handlers;
    this.#timer = new Timer(clock);
  }

  /** Checks on `source` unless a check on it runs or waits already. */
  async run(source: HistorySource): Promise<void> {
    if (this.#running === source || this.#timer.active) return;
    this.#running = source;
    const h = this.#handlers;
    const result = await this.#loader.check(source, h.catchUp());
    if (this.#running === source) this.#running = undefined;
    if (!source.live) return; // gone: the next connection checks again
    h.changed();
    if (result.outcome === 'read') {
      this.#failures = 0;
      return h.checked();
    }
    if (!h.waiting()) return h.pump();
    let delay: number;
    if (result.outcome === 'limited') delay = result.waitMs;
    else if (this.#failures >= MAX_CHECK_FAILURES) {
      h.log('history stays unavailable: sending unconfirmed messages again');
      this.#failures = 0;
      h.release();
      return h.pump();
    } else delay = backoffDelay(++this.#failures);
    h.log(`could not read history to check an unconfirmed message; trying again in ${delay} ms`);
    this.#timer.start(delay, () => void this.run(source));
  }

  /** The connection is gone: forget the running or waiting check (failures still count). */
  stop(): void {
    this.#timer.stop();
    this.#running = undefined;
  }
}
