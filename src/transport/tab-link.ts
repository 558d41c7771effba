/**
 * One socket for all tabs. Genesys allows 3 connections per session and a 4th knocks the
 * oldest off, so tabs sharing a session (storage="local") elect one leader per deployment
 * with the Web Locks API; only the leader opens the WebSocket. Every other tab talks to
 * Genesys through the leader over a BroadcastChannel, using `FollowerTransport`: a
 * Transport like any other, so a follower runs the very same session, outbox and
 * heartbeat logic as the leader, only without a socket of its own.
 *
 * Channel messages:
 *   follower → leader   {t:'hello', tab}            a follower (re)connects
 *                       {t:'send', tab, frame}      a client frame to relay
 *   leader → followers  {t:'up'} / {t:'down'}       the leader's session is ready / lost
 *                       {t:'frame', frame, to?}     a decoded server frame (to one tab or all)
 *
 * When the leader's tab closes, the browser releases its lock and the next tab in line
 * becomes leader at once and reconnects with the same token.
 *
 * The leader's socket is a `LeaderTransport`: it wraps the real (budgeted) transport,
 * shares every frame with the followers, answers their configureSession and echo itself,
 * and sends typing and receipts once for all tabs. So the session never knows about tabs:
 * `transportFor` hands it a Transport like any other.
 *
 * Longer than 300 lines: TabLink and its two transports share one private channel
 * protocol (LinkMessage), which stays in this file.
 */
import { HEALTH_CHECK_TRACING_ID } from '../protocol/encode.js';
import type { ClientFrame, HistoryPage, ServerFrame, SessionInfo } from '../protocol/types.js';
import { BudgetedTransport, type FrameSource, type QueueingTransport, type QueueOptions } from './budgeted-transport.js';
import { uuid } from './ids.js';
import type { Priority, RateBudget } from './rate-budget.js';
import type { Transport, TransportFactory, TransportListener, TransportOptions } from './transport.js';

/** Typing On goes out at most once in this window for all tabs together. */
const TYPING_COOLDOWN_MS = 5000;

type LinkMessage =
  | { t: 'hello'; tab: string }
  | { t: 'send'; tab: string; frame: ClientFrame }
  | { t: 'up' }
  | { t: 'down' }
  | { t: 'frame'; frame: ServerFrame; to?: string };

export interface TabLinkHandlers {
  /** This tab now holds the lock: it must open the real socket. */
  onLeader(): void;
  /** (Follower) the leader's session is up: a follower waiting to reconnect can go now. */
  onLeaderUp(): void;
  /** Display position of a message (-1 unknown): receipts only go out when they move forward. */
  position(id: string): number;
}

/** True where tabs can coordinate (all current browsers; not in some embedded views). */
export function tabsCanCoordinate(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && !!navigator.locks;
}

export class TabLink {
  readonly tab = uuid();
  #channel: BroadcastChannel;
  #handlers: TabLinkHandlers;
  #leader = false;
  #release?: () => void;
  #abort = new AbortController();
  #followers = new Set<FollowerTransport>();
  #socket?: LeaderTransport;

  constructor(deploymentId: string, handlers: TabLinkHandlers) {
    this.#handlers = handlers;
    this.#channel = new BroadcastChannel(`genesys-chat:${deploymentId}`);
    this.#channel.onmessage = (e: MessageEvent<LinkMessage>) => this.#onMessage(e.data);
    addEventListener('pagehide', this.#onPageHide);
    navigator.locks
      .request(`genesys-chat:${deploymentId}`, { signal: this.#abort.signal }, () => {
        if (this.#abort.signal.aborted) return undefined;
        this.#leader = true;
        // Followers of the previous leader reconnect through this tab.
        this.announce(false);
        this.#handlers.onLeader();
        // Hold the lock until this tab closes or the element goes away.
        return new Promise<void>((resolve) => (this.#release = resolve));
      })
      .catch(() => {
        /* aborted while waiting: the element left the page */
      });
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  /** A transport for one connection: the real socket while this tab leads, the leader's otherwise. */
  transportFor(options: TransportOptions, factory: TransportFactory, budget: RateBudget): QueueingTransport {
    if (!this.#leader) return new BudgetedTransport(new FollowerTransport(this, options, factory), budget);
    const socket = new LeaderTransport(this, new BudgetedTransport(factory(options), budget), this.#handlers.position);
    this.#socket = socket;
    return socket;
  }

  leaderClosed(socket: LeaderTransport): void {
    if (this.#socket === socket) this.#socket = undefined;
  }

  // leader side

  broadcast(frame: ServerFrame, to?: string): void {
    this.#post({ t: 'frame', frame, ...(to ? { to } : {}) });
  }

  announce(up: boolean): void {
    this.#post({ t: up ? 'up' : 'down' });
  }

  /** Gives up leadership (and the channel). Another tab takes over. */
  close(): void {
    removeEventListener('pagehide', this.#onPageHide);
    if (this.#leader) this.announce(false);
    this.#abort.abort();
    this.#release?.();
    this.#leader = false;
    this.#channel.close();
  }

  // follower side (used by FollowerTransport)

  attach(f: FollowerTransport): void {
    this.#followers.add(f);
    this.#post({ t: 'hello', tab: this.tab });
  }

  detach(f: FollowerTransport): void {
    this.#followers.delete(f);
  }

  relay(frame: ClientFrame): void {
    this.#post({ t: 'send', tab: this.tab, frame });
  }

  /** The leader's tab is going away: let followers start over at once. */
  #onPageHide = (): void => {
    if (this.#leader) this.announce(false);
  };

  #post(message: LinkMessage): void {
    try {
      this.#channel.postMessage(message);
    } catch {
      /* channel closed */
    }
  }

  #onMessage(m: LinkMessage): void {
    if (!m || typeof m !== 'object') return;
    if (this.#leader) {
      if (m.t === 'hello') this.#socket?.hello();
      else if (m.t === 'send' && m.frame && typeof m.frame === 'object') this.#socket?.relay(m.frame, m.tab);
      return;
    }
    if (m.t === 'up') this.#handlers.onLeaderUp();
    for (const f of this.#followers) f.onLink(m, this.tab);
  }
}

/**
 * The leader's Transport: the real socket, shared. Every decoded frame goes to the
 * followers too (except session replies and health checks, which are this tab's own).
 * Followers' frames go out through the same budget, with this tab's token.
 */
class LeaderTransport implements QueueingTransport {
  #link: TabLink;
  #inner: QueueingTransport;
  #position: (id: string) => number;
  #token?: string;
  #session?: SessionInfo;
  #up = false;
  /** When Typing On last went out from any tab. */
  #lastTyping = 0;
  /** The newest agent message a receipt went out for, from any tab. */
  #lastReceipt?: string;

  constructor(link: TabLink, inner: QueueingTransport, position: (id: string) => number) {
    this.#link = link;
    this.#inner = inner;
    this.#position = position;
  }

  connect(listener: TransportListener): void {
    this.#inner.connect({
      open: () => listener.open(),
      frame: (frame) => {
        this.#seen(frame);
        listener.frame(frame);
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
    const m = frame.action === 'onMessage' ? frame.message : undefined;
    if (m?.type === 'Receipt') {
      const id = m.id;
      if (!this.#receiptIsNew(id)) return true; // another tab said it already
      return this.#inner.queue(priority, () => (this.#receiptIsNew(id) ? frame : undefined), {
        ...options,
        written: () => {
          this.#lastReceipt = id;
          options.written?.();
        },
      });
    }
    if (m?.type === 'Event' && m.events.some((e) => e.eventType === 'Typing')) {
      if (Date.now() - this.#lastTyping < TYPING_COOLDOWN_MS) return true; // another tab just said it
      return this.#inner.queue(priority, frame, {
        ...options,
        written: () => {
          this.#lastTyping = Date.now();
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

  fetchHistory(jwt: string, pageNumber: number, pageSize: number): Promise<HistoryPage> {
    return this.#inner.fetchHistory(jwt, pageNumber, pageSize);
  }

  /** A follower (re)connected: tell it whether the session is up. */
  hello(): void {
    if (this.#up) this.#link.announce(true);
  }

  /** A frame from a follower goes out on this socket, through the shared budget. */
  relay(frame: ClientFrame, tab: string): void {
    if (!this.#up || !this.#token || !this.#session) return;
    const token = this.#token;
    switch (frame.action) {
      case 'configureSession':
      case 'configureAuthenticatedSession':
        // The session is configured already: answer from what the service told this tab.
        this.#link.broadcast({ kind: 'session', tracingId: frame.tracingId, session: { ...this.#session, newSession: false } }, tab);
        return;
      case 'echo':
        // This socket is alive (it is configured); don't spend the per-connection echo limit.
        this.#link.broadcast({ kind: 'message', tracingId: frame.tracingId, response: true, message: { id: uuid(), type: 'Text', direction: 'Inbound', text: frame.message.text, content: [], events: [], metadata: {} } }, tab);
        return;
      case 'onMessage': {
        const out = { ...frame, token };
        const m = frame.message;
        const priority = m.type === 'Receipt' ? 'receipt' : m.type === 'Event' && m.events.some((e) => e.eventType === 'Typing') ? 'typing' : 'message';
        this.queue(priority, out, priority === 'receipt' ? { key: 'read' } : {});
        return;
      }
      default:
        this.#inner.send({ ...frame, token });
    }
  }

  #seen(frame: ServerFrame): void {
    if (frame.kind === 'session') {
      if (frame.session.connected) {
        this.#session = frame.session;
        this.#up = true;
        this.#link.announce(true);
      }
      return;
    }
    if ('tracingId' in frame && frame.tracingId === HEALTH_CHECK_TRACING_ID) return;
    // After the customer's own message, the next keystroke may say "typing" at once.
    if (frame.kind === 'message' && frame.message.direction === 'Inbound' && frame.message.type !== 'Receipt') this.#lastTyping = 0;
    this.#link.broadcast(frame);
  }

  #down(): void {
    if (this.#up) this.#link.announce(false);
    this.#up = false;
  }

  #receiptIsNew(id: string): boolean {
    if (!this.#lastReceipt) return true;
    if (id === this.#lastReceipt) return false;
    const last = this.#position(this.#lastReceipt);
    return last < 0 || this.#position(id) > last;
  }
}

/** The follower's Transport: frames travel through the leader's socket. */
class FollowerTransport implements Transport {
  #link: TabLink;
  #options: TransportOptions;
  #factory: TransportFactory;
  #rest?: Transport;
  #listener?: TransportListener;
  #open = false;

  constructor(link: TabLink, options: TransportOptions, factory: TransportFactory) {
    this.#link = link;
    this.#options = options;
    this.#factory = factory;
  }

  connect(listener: TransportListener): void {
    this.#listener = listener;
    this.#link.attach(this);
  }

  send(frame: ClientFrame): boolean {
    if (!this.#open) return false;
    this.#link.relay(frame);
    return true;
  }

  close(): void {
    this.#listener = undefined;
    this.#open = false;
    this.#link.detach(this);
  }

  fetchHistory(jwt: string, pageNumber: number, pageSize: number): Promise<HistoryPage> {
    // History is plain REST: a follower fetches it itself, through a transport it never connects.
    this.#rest ??= this.#factory(this.#options);
    return this.#rest.fetchHistory(jwt, pageNumber, pageSize);
  }

  onLink(m: LinkMessage, tab: string): void {
    const listener = this.#listener;
    if (!listener) return;
    if (m.t === 'up' && !this.#open) {
      this.#open = true;
      listener.open();
    } else if (m.t === 'down' && this.#open) {
      this.#end();
    } else if (m.t === 'frame' && this.#open && (!m.to || m.to === tab)) {
      listener.frame(m.frame);
    }
  }

  #end(): void {
    const listener = this.#listener;
    this.close();
    listener?.close({ code: 1001, reason: 'tab leader changed', opened: true });
  }
}
