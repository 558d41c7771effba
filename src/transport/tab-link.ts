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
 */
import type { ClientFrame, HistoryPage, ServerFrame } from '../protocol/types.js';
import { GuestTransport } from './guest-transport.js';
import { uuid } from './ids.js';
import type { Transport, TransportListener, TransportOptions } from './transport.js';

type LinkMessage =
  | { t: 'hello'; tab: string }
  | { t: 'send'; tab: string; frame: ClientFrame }
  | { t: 'up' }
  | { t: 'down' }
  | { t: 'frame'; frame: ServerFrame; to?: string };

export interface TabLinkHandlers {
  /** This tab now holds the lock: it must open the real socket. */
  onLeader(): void;
  /** (Leader) a follower sent a client frame to relay. */
  onFollowerFrame(frame: ClientFrame, tab: string): void;
  /** (Leader) a follower (re)connected: tell it whether the session is up. */
  onFollowerHello(tab: string): void;
  /** (Follower) the leader's session is up: a follower waiting to reconnect can go now. */
  onLeaderUp(): void;
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

  /** A transport for this tab while it is a follower. */
  follower(options: TransportOptions): Transport {
    return new FollowerTransport(this, options);
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
      if (m.t === 'hello') this.#handlers.onFollowerHello(m.tab);
      else if (m.t === 'send' && m.frame && typeof m.frame === 'object') this.#handlers.onFollowerFrame(m.frame, m.tab);
      return;
    }
    if (m.t === 'up') this.#handlers.onLeaderUp();
    for (const f of this.#followers) f.onLink(m, this.tab);
  }
}

/** The follower's Transport: frames travel through the leader's socket. */
class FollowerTransport implements Transport {
  #link: TabLink;
  #rest: GuestTransport;
  #listener?: TransportListener;
  #open = false;

  constructor(link: TabLink, options: TransportOptions) {
    this.#link = link;
    // History is plain REST: a follower fetches it itself.
    this.#rest = new GuestTransport(options);
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
