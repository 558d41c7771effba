/**
 * REST history (protocol §6.1): older pages on demand, and the reads behind catching up
 * after a gap and checking unconfirmed messages (history-check.ts decides when to read).
 *
 * - Limited to 10 calls a minute per *session*: the calls are counted in the session's
 *   storage (`historyLimit`), which the tabs sharing a session share, so N tabs resuming at
 *   once after a leader change do not spend 10 each. A 429 from history pauses it for its
 *   Retry-After, also for every tab. Being limited is not being unreadable: the caller waits.
 * - Authorised by a short-lived JWT from the socket, reused until 5 s before it expires (as
 *   the Genesys Messenger Transport SDK does). The expiry is judged on this device's clock,
 *   so a 401 drops the cached JWT and asks for a fresh one once (a skewed clock).
 * - A call that does not answer within 30 s (MT's timeout) is aborted and counts as failed,
 *   so a stalled request cannot hold the outbox's unconfirmed messages.
 */
import type { HistoryPage, WireMessage } from '../protocol/types.js';
import { type Clock, Timer } from './clock.js';

/**
 * Messages per history page: Genesys's own web messaging SDK reads pages of 100 (the default is
 * 25), so a check for an unconfirmed message reaches 400 messages back in MAX_CONFIRM_PAGES.
 */
export const HISTORY_PAGE_SIZE = 100;
const HISTORY_LIMIT_PER_MINUTE = 10;
/** Pause after a 429 without Retry-After. */
const DEFAULT_HISTORY_PAUSE_MS = 60_000;
/** A history call that has not answered in this time is aborted (MT uses 30 s). */
export const HISTORY_TIMEOUT_MS = 30_000;
/**
 * How far before an unconfirmed message's local time history is read before concluding it
 * is not there: the service's clock and this device's may disagree by this much.
 */
const CLOCK_SKEW_MS = 60_000;
/**
 * At most this many pages (400 messages) are read to find an unconfirmed message, so that
 * a message that never arrived costs a bounded share of the 10-a-minute budget and is
 * resent, rather than paging back through a fast conversation for ever.
 */
const MAX_CONFIRM_PAGES = 4;

/** One connection's way to history; `live` turns false when the connection is gone. */
export interface HistorySource {
  readonly live: boolean;
  /**
   * The session (token) this connection is configured on. Another tab may move the
   * conversation to a new session (its expiry, a 4017) without this tab hearing the end:
   * a JWT or a cursor of the old session would read the old session's history, where no
   * message sent since is, and every unconfirmed message would be sent twice.
   */
  readonly session: string;
  getJwt(): Promise<{ jwt: string; exp: number } | undefined>;
  /** `signal` aborts the request (the loader's timeout). */
  fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage>;
}

export interface HistoryHandlers {
  /** Puts a page's messages into the conversation; returns how many were known already. */
  apply(messages: readonly WireMessage[]): number;
  /** Local times of the messages that still wait for history to confirm them. */
  unconfirmed(): readonly number[];
  error(code: string, message: string): void;
}

/** The session's history calls of the last minute and a 429's pause (epoch ms). */
export interface HistoryLimit {
  calls: number[];
  pausedUntil: number;
}

/**
 * Where the limit is counted. SessionStorage keeps it beside the token, so tabs sharing a
 * session share it; any other object simply holds it for this page.
 */
export interface HistoryLimitStore {
  historyLimit?: HistoryLimit;
}

/** `read`: history answered; `limited`: may be read again in `waitMs`; `failed`: it could not be read; `gone`: the connection went away. */
export type HistoryOutcome = { outcome: 'read' } | { outcome: 'limited'; waitMs: number } | { outcome: 'failed' } | { outcome: 'gone' };

type PageResult = HistoryOutcome | { outcome: 'page'; page: HistoryPage; known: number };

export class HistoryLoader {
  /** Older history exists beyond what has been loaded. */
  hasOlder = false;
  #clock: Clock;
  #handlers: HistoryHandlers;
  #limits: HistoryLimitStore;
  #jwt?: { jwt: string; exp: number };
  /** The session the JWT and the cursor belong to. */
  #session?: string;
  /** The next older page to load. */
  #cursor = 1;
  #older?: Promise<void>;
  /**
   * A check that history's limit or a failure stopped after page 1: the connection it read
   * on and the page to go on from. Started again at page 1, a check that needs two pages
   * while one call a minute is free reads page 1 for ever (chaos: 89 messages stuck after
   * nine reconnects). Going on is safe: newer messages only push older ones down the pages,
   * so the next page overlaps what was read and skips nothing. A new connection starts at
   * page 1 (what was written during its gap is there).
   */
  #resumeAt?: { source: HistorySource; page: number };

  #pageSize: number;

  constructor(clock: Clock, handlers: HistoryHandlers, limits: HistoryLimitStore = {}, pageSize = HISTORY_PAGE_SIZE) {
    this.#clock = clock;
    this.#handlers = handlers;
    this.#limits = limits;
    this.#pageSize = pageSize;
  }

  /** A new conversation: no cursor, and the JWT belonged to the old session. */
  reset(): void {
    this.#jwt = undefined;
    this.#resumeAt = undefined;
    this.#cursor = 1;
    this.hasOlder = false;
  }

  /** Loads the next older page. Calls while one is loading share it. */
  loadOlder(source: HistorySource): Promise<void> {
    this.#follow(source);
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
    this.#follow(source);
    const from = this.#resumeAt?.source === source ? this.#resumeAt.page : 1;
    this.#resumeAt = undefined;
    for (let page = from; ; page++) {
      const result = await this.#read(source, page);
      if (result.outcome !== 'page') {
        if (page > 1 && (result.outcome === 'limited' || result.outcome === 'failed')) this.#resumeAt = { source, page };
        return result;
      }
      if (!this.hasOlder) return { outcome: 'read' };
      const times = this.#handlers.unconfirmed();
      const oldest = Math.min(...result.page.messages.map((m) => m.time ?? Infinity));
      // Further back while history may not yet reach the unconfirmed message's time, even
      // past messages we knew: another tab's messages written after ours are known here too
      // (their echoes), and a message adopted from a closed tab was written before much we
      // know. Stopping at the first known page sent such messages twice (two-tab chaos). A
      // page of a real conversation spans minutes, so this is one page but in a burst.
      const mayBeOlder = times.length > 0 && page < MAX_CONFIRM_PAGES && oldest >= Math.min(...times) - CLOCK_SKEW_MS;
      if (!mayBeOlder && !(catchUp && result.known === 0)) return { outcome: 'read' };
    }
  }

  /** A source on another session than the last one read: nothing of the old one applies. */
  #follow(source: HistorySource): void {
    if (this.#session !== undefined && this.#session !== source.session) this.reset();
    this.#session = source.session;
  }

  /** Milliseconds until history may be called again (0: now), counting every tab's calls. */
  waitMs(): number {
    const now = this.#clock.now();
    const { calls, pausedUntil } = this.#limit(now);
    const limit = calls.length >= HISTORY_LIMIT_PER_MINUTE ? calls[calls.length - HISTORY_LIMIT_PER_MINUTE]! + 60_000 - now : 0;
    return Math.max(0, limit, pausedUntil - now);
  }

  /** The stored limit, without calls older than a minute (or from a clock set back). */
  #limit(now: number): HistoryLimit {
    const stored = this.#limits.historyLimit;
    const calls = Array.isArray(stored?.calls) ? stored.calls.filter((t) => typeof t === 'number' && now - t < 60_000 && t <= now + 60_000) : [];
    const pausedUntil = typeof stored?.pausedUntil === 'number' ? stored.pausedUntil : 0;
    return { calls: calls.sort((a, b) => a - b), pausedUntil };
  }

  /** Read-modify-write of the shared count: tabs racing here may miscount by one, and the service's own 429 still holds. */
  #count(change: (limit: HistoryLimit, now: number) => void): void {
    const now = this.#clock.now();
    const limit = this.#limit(now);
    change(limit, now);
    this.#limits.historyLimit = limit;
  }

  async #read(source: HistorySource, page: number): Promise<PageResult> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.waitMs();
      if (wait > 0) return { outcome: 'limited', waitMs: wait };
      const before = this.#jwt;
      const jwt = await this.#jwtFor(source);
      const cached = !!before && this.#jwt === before;
      if (!source.live) return { outcome: 'gone' };
      if (!jwt) return { outcome: 'failed' };
      this.#count((limit, now) => limit.calls.push(now));
      let result: HistoryPage;
      try {
        result = await this.#fetch(source, jwt, page);
      } catch (error) {
        if (!source.live) return { outcome: 'gone' };
        const e = error as { status?: unknown; retryAfter?: unknown };
        if (e && e.status === 429) {
          const ms = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter * 1000 : DEFAULT_HISTORY_PAUSE_MS;
          this.#count((limit, now) => (limit.pausedUntil = Math.max(limit.pausedUntil, now + ms)));
          return { outcome: 'limited', waitMs: ms };
        }
        if (e && e.status === 401) {
          // The JWT was judged valid on this device's clock, which may be ahead of or behind
          // the service's: forget it, and try once more with a fresh one.
          this.#jwt = undefined;
          if (cached && attempt === 1) continue;
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
  }

  /** One request, aborted after HISTORY_TIMEOUT_MS on the injected clock. */
  async #fetch(source: HistorySource, jwt: string, page: number): Promise<HistoryPage> {
    const abort = new AbortController();
    const timer = new Timer(this.#clock);
    const request = source.fetchHistory(jwt, page, this.#pageSize, abort.signal);
    // The transport may not honour the signal: the race decides either way, and the
    // request's own late failure is not left unhandled.
    request.catch(() => undefined);
    try {
      return await Promise.race([
        request,
        new Promise<never>((_, reject) =>
          timer.start(HISTORY_TIMEOUT_MS, () => {
            abort.abort();
            reject(new Error(`history did not answer within ${HISTORY_TIMEOUT_MS / 1000} s`));
          }),
        ),
      ]);
    } finally {
      timer.stop();
    }
  }

  async #jwtFor(source: HistorySource): Promise<string | undefined> {
    if (this.#jwt && this.#jwt.exp * 1000 - this.#clock.now() > 5000) return this.#jwt.jwt;
    const reply = await source.getJwt();
    if (!reply || !source.live) return undefined;
    this.#jwt = reply;
    return reply.jwt;
  }
}
