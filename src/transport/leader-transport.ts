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

/** How many unanswered customer messages are remembered (one in flight per tab, in practice). */
const REMEMBERED_MESSAGES = 64;
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
  /**
   * Customer messages written and not answered yet, oldest first: tracingId → the follower tab
   * that asked ('' for this tab). An error that names no frame is, as Genesys's own SDK takes
   * it, the answer to the message in flight: the newest, so it goes to that tab alone. Sent to
   * every tab, each took it for its own message (several tabs may each have one in flight).
   */
  #unanswered = new Map<string, string>();

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
        if (this.#seen(frame, raw)) listener.frame(frame, raw);
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

  /** `tab`: the follower that asked (its desk); none for this tab's own frames. */
  queue(priority: Priority, frame: FrameSource, options: QueueOptions = {}, tab = ''): boolean {
    if (typeof frame === 'function') {
      // Made when it is written: a customer message among them waits for its answer.
      return this.#inner.queue(
        priority,
        () => {
          const made = frame();
          if (made) this.#written(made, tab);
          return made;
        },
        options,
      );
    }
    if (frame.action === 'closeSession') this.#restarting = true;
    const m = frame.action === 'onMessage' ? frame.message : undefined;
    if (m?.type === 'Text' || m?.type === 'Structured') {
      return this.#inner.queue(priority, frame, {
        ...options,
        written: () => {
          this.#written(frame, tab);
          options.written?.();
        },
      });
    }
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
      queue: (priority, frame, options, from) => this.queue(priority, frame, options, from),
      broadcast: (raw, to) => this.#link.broadcast(raw, to),
      startNew: () => this.#hooks.startNew(),
      now: () => this.#hooks.clock.now(),
      log: (line) => this.#hooks.log(line),
    });
    this.#desk.relay(request, tab);
  }

  /** A customer message went out on the socket: it waits for its answer (`tab`: whose). */
  #written(frame: ClientFrame, tab: string): void {
    if (frame.action !== 'onMessage' || (frame.message.type !== 'Text' && frame.message.type !== 'Structured') || !frame.tracingId) return;
    this.#unanswered.set(frame.tracingId, tab);
    if (this.#unanswered.size > REMEMBERED_MESSAGES) this.#unanswered.delete(this.#unanswered.keys().next().value!);
  }

  /** Relays a server frame to the followers it concerns; true when it concerns this tab too. */
  #seen(frame: ServerFrame, raw: string): boolean {
    const tracingId = 'tracingId' in frame ? frame.tracingId : undefined;
    if (tracingId) this.#unanswered.delete(tracingId);
    else if (frame.kind === 'error' && this.#unanswered.size) {
      // Names no frame: the message in flight's, the newest written (see #unanswered).
      const tab = [...this.#unanswered.values()].at(-1)!;
      if (!tab) return true;
      this.#link.broadcast(raw, tab);
      return false;
    }
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
      return true;
    }
    if (tracingId === HEALTH_CHECK_TRACING_ID) return true;
    // After the customer's own message, the next keystroke may say "typing" at once.
    if (frame.kind === 'message' && frame.message.direction === 'Inbound' && frame.message.type !== 'Receipt') this.#lastTyping = -Infinity;
    const to = tracingId ? this.#desk?.askedBy(tracingId) : undefined;
    this.#link.broadcast(raw, frame.kind === 'message' ? undefined : to);
    return true;
  }

  #down(): void {
    if (this.#up) this.#link.announce(false);
    this.#up = false;
    this.#unanswered.clear();
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
