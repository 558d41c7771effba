/**
 * The leader's Transport: the real socket, shared with the other tabs (tab-link.ts).
 *
 * - Every server frame goes to the followers as the server's JSON text (each decodes it),
 *   except this tab's health checks and its SessionResponses. An answer to a follower's
 *   request (error, JWT, upload URL) goes to that follower only; messages and echoes go to
 *   every tab, so every tab shows every message.
 * - A follower's frame goes out only if the allow-list (link-check.ts) lets it, rebuilt,
 *   with this tab's token, through the shared budget. Its configureSession and echo are
 *   answered by this tab; typing and receipts go out once for all tabs. What the leader
 *   does for its followers is its desk (follower-desk.ts, in the 'tabs' chunk), built
 *   when a follower first asks something.
 * - "Start a new conversation" is the leader's operation (review C3): a follower's
 *   closeSession makes this tab's own session start the new conversation. The service's
 *   `SessionResponse{connected:false}` then goes to every follower, whose sessions start
 *   over with it; their configureSession waits until the new session is up.
 */
import { HEALTH_CHECK_TRACING_ID } from '../protocol/encode.js';
import type { ClientFrame, HistoryPage, ServerFrame, SessionInfo } from '../protocol/types.js';
import type { Clock } from '../session/clock.js';
import type { FrameSource, QueueingTransport, QueueOptions } from './budgeted-transport.js';
import type { FollowerDesk } from './follower-desk.js';
import type { FollowerRequest } from './link-check.js';
import type { Priority } from './rate-budget.js';
import type { TransportListener } from './transport.js';

/** Typing On goes out at most once in this window for all tabs together. */
const TYPING_COOLDOWN_MS = 5000;

/** The TabLink as its leader's socket sees it. */
export interface LeaderLink {
  broadcast(raw: string, to?: string): void;
  announce(up: boolean): void;
  leaderClosed(socket: LeaderTransport): void;
}

export interface LeaderHooks {
  clock: Clock;
  /** Display position of a message (-1 unknown): receipts only go out when they move forward. */
  position(id: string): number;
  /** The stored read horizon: a new leader never sends a receipt behind it. */
  readHorizon(): string | undefined;
  /** Start a new conversation on this tab's session (a follower asked). */
  startNew(): void;
  log(line: string): void;
}

export class LeaderTransport implements QueueingTransport {
  #link: LeaderLink;
  #inner: QueueingTransport;
  #hooks: LeaderHooks;
  #token?: string;
  #session?: SessionInfo;
  /** The SessionResponse's JSON text, the template of the answers to followers' configures. */
  #sessionRaw?: string;
  #up = false;
  /** closeSession went out; until the new session is up, followers' configures wait. */
  #restarting = false;
  /** What this tab does for its followers, once one asked something. */
  #desk?: FollowerDesk;
  /** When Typing On last went out from any tab. */
  #lastTyping = -Infinity;
  /** The newest agent message a receipt went out for, from any tab. */
  #lastReceipt?: string;

  constructor(link: LeaderLink, inner: QueueingTransport, hooks: LeaderHooks) {
    this.#link = link;
    this.#inner = inner;
    this.#hooks = hooks;
    this.#lastReceipt = hooks.readHorizon();
  }

  connect(listener: TransportListener): void {
    this.#inner.connect({
      open: () => listener.open(),
      frame: (frame, raw) => {
        this.#seen(frame, raw);
        listener.frame(frame, raw);
      },
      invalid: (reason, raw) => listener.invalid(reason, raw),
      close: (info) => {
        this.#down();
        listener.close(info);
      },
    });
  }

  send(frame: ClientFrame): boolean {
    if (frame.action === 'configureSession' || frame.action === 'configureAuthenticatedSession') this.#token = frame.token;
    return this.#inner.send(frame);
  }

  queue(priority: Priority, frame: FrameSource, options: QueueOptions = {}): boolean {
    if (typeof frame === 'function') return this.#inner.queue(priority, frame, options);
    if (frame.action === 'closeSession') this.#restarting = true;
    const m = frame.action === 'onMessage' ? frame.message : undefined;
    if (m?.type === 'Receipt') {
      const id = m.id;
      if (!this.#receiptIsNew(id)) return true; // said already, by this tab or another
      return this.#inner.queue(priority, () => (this.#receiptIsNew(id) ? frame : undefined), {
        ...options,
        written: () => {
          // Only forward: a receipt decided on before a newer one went out moves nothing back.
          if (this.#receiptIsNew(id)) this.#lastReceipt = id;
          options.written?.();
        },
      });
    }
    if (m?.type === 'Event' && m.events.some((e) => e.eventType === 'Typing')) {
      if (this.#hooks.clock.now() - this.#lastTyping < TYPING_COOLDOWN_MS) return true; // another tab just said it
      return this.#inner.queue(priority, frame, {
        ...options,
        written: () => {
          this.#lastTyping = this.#hooks.clock.now();
          options.written?.();
        },
      });
    }
    return this.#inner.queue(priority, frame, options);
  }

  pause(ms: number): void {
    this.#inner.pause(ms);
  }

  close(): void {
    this.#down();
    this.#link.leaderClosed(this);
    this.#inner.close();
  }

  fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
    return this.#inner.fetchHistory(jwt, pageNumber, pageSize, signal);
  }

  /** A follower (re)connected: tell it whether the session is up. */
  hello(): void {
    if (this.#up) this.#link.announce(true);
  }

  /**
   * A frame a follower asks this tab to send, as the allow-list read it (`followerRequest`),
   * for the desk; `Desk` is its class, from the 'tabs' chunk TabLink loaded.
   */
  relay(request: FollowerRequest | string, tab: string, Desk: typeof FollowerDesk): void {
    // Getters: the desk reads this socket's state as it is when it acts.
    const socket = this;
    this.#desk ??= new Desk({
      get up() {
        return socket.#up;
      },
      get restarting() {
        return socket.#restarting;
      },
      get token() {
        return socket.#token;
      },
      get sessionRaw() {
        return socket.#sessionRaw;
      },
      write: (frame) => this.#inner.send(frame),
      queue: (priority, frame, options) => this.queue(priority, frame, options),
      broadcast: (raw, to) => this.#link.broadcast(raw, to),
      startNew: () => this.#hooks.startNew(),
      now: () => this.#hooks.clock.now(),
      log: (line) => this.#hooks.log(line),
    });
    this.#desk.relay(request, tab);
  }

  #seen(frame: ServerFrame, raw: string): void {
    if (frame.kind === 'session') {
      if (frame.session.connected) {
        this.#session = frame.session;
        this.#sessionRaw = raw;
        this.#up = true;
        if (this.#restarting || frame.session.newSession) this.#lastReceipt = undefined;
        this.#restarting = false;
        this.#link.announce(true);
        this.#desk?.up(frame.session.newSession);
      } else {
        // closeSession answered: the conversation is over for every tab. Followers start
        // the new one with this tab; their configures wait for it.
        this.#up = false;
        this.#restarting = true;
        this.#link.broadcast(raw);
      }
      return;
    }
    if ('tracingId' in frame && frame.tracingId === HEALTH_CHECK_TRACING_ID) return;
    // After the customer's own message, the next keystroke may say "typing" at once.
    if (frame.kind === 'message' && frame.message.direction === 'Inbound' && frame.message.type !== 'Receipt') this.#lastTyping = -Infinity;
    const to = 'tracingId' in frame && frame.tracingId ? this.#desk?.askedBy(frame.tracingId) : undefined;
    this.#link.broadcast(raw, frame.kind === 'message' ? undefined : to);
  }

  #down(): void {
    if (this.#up) this.#link.announce(false);
    this.#up = false;
    this.#desk?.down();
  }

  #receiptIsNew(id: string): boolean {
    if (!this.#lastReceipt) return true;
    if (id === this.#lastReceipt) return false;
    const last = this.#hooks.position(this.#lastReceipt);
    return last < 0 || this.#hooks.position(id) > last;
  }

  /** The session as this socket's last SessionResponse described it. */
  get session(): SessionInfo | undefined {
    return this.#session;
  }
}
