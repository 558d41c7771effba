/**
 * One socket for all tabs. Genesys allows 3 connections per session and a 4th knocks the
 * oldest off, so tabs sharing a session (storage="local") elect one leader per deployment
 * with the Web Locks API; only the leader opens the WebSocket (leader-transport.ts). Every
 * other tab talks to Genesys through the leader over a BroadcastChannel, using
 * `FollowerTransport` (follower-transport.ts): a Transport like any other, so a follower
 * runs the very same session, outbox and heartbeat logic as the leader, only without a
 * socket of its own. The channel's messages and their version are in link-message.ts; their
 * checks, with what a follower may ask the leader to send, in link-check.ts: a chunk loaded
 * when another tab first speaks (a tab alone never loads it). Messages wait on that one
 * import in the order they came.
 *
 * When the leader's tab closes, the browser releases its lock and the next tab in line
 * becomes leader at once and reconnects with the same token.
 */
import { type Clock, systemClock } from '../session/clock.js';
import { BudgetedTransport, type QueueingTransport } from './budgeted-transport.js';
import { type FollowerLink, FollowerTransport } from './follower-transport.js';
import { uuid } from './ids.js';
import { LeaderTransport, type LeaderLink } from './leader-transport.js';
import { channelName, type LinkMessage, LINK_VERSION, lockName, tabLockName } from './link-message.js';
import type { RateBudget } from './rate-budget.js';
import type { ClientFrame } from '../protocol/types.js';
import type { TransportFactory, TransportOptions } from './transport.js';

export { tabsCanCoordinate } from './link-message.js';

export interface TabLinkHandlers {
  /** This tab now holds the lock: it must open the real socket. */
  onLeader(): void;
  /** (Follower) the leader's session is up: a follower waiting to reconnect can go now. */
  onLeaderUp(): void;
  /** Display position of a message (-1 unknown): receipts only go out when they move forward. */
  position(id: string): number;
  /** (Leader) a follower asked for a new conversation: start it on this tab's session; every tab follows. */
  startNew(): void;
  /** The stored read horizon (a new leader sends no receipt behind it). */
  readHorizon?(): string | undefined;
  log?(line: string): void;
  /** Time for the typing cooldown (default the system clock). */
  clock?: Clock;
  /** This tab's id (default a new one): its own outbox's key names it (session-storage.ts). */
  tab?: string;
}

type Unversioned<M> = M extends unknown ? Omit<M, 'v'> : never;

export class TabLink implements LeaderLink, FollowerLink {
  readonly tab: string;
  #channel: BroadcastChannel;
  #handlers: TabLinkHandlers;
  #leader = false;
  #release?: () => void;
  #releaseTab?: () => void;
  #abort = new AbortController();
  #followers = new Set<FollowerTransport>();
  #socket?: LeaderTransport;
  /** The 'tabs' chunk (the checks of other tabs' messages, the leader's desk), once one came. */
  #check?: Promise<[typeof import('./link-check.js'), typeof import('./follower-desk.js')]>;

  constructor(deploymentId: string, handlers: TabLinkHandlers) {
    this.#handlers = handlers;
    this.tab = handlers.tab ?? uuid();
    // Held while this tab lives: then no other tab takes over its own outbox (orphans.ts).
    navigator.locks
      .request(tabLockName(deploymentId, this.tab), { signal: this.#abort.signal }, () => new Promise<void>((resolve) => (this.#releaseTab = resolve)))
      .catch(() => {
        /* aborted before it was granted: the element left the page */
      });
    this.#channel = new BroadcastChannel(channelName(deploymentId));
    this.#channel.onmessage = (e: MessageEvent) => this.#onMessage(e.data);
    this.#channel.onmessageerror = () => this.log('dropped a message from another tab: it could not be read');
    addEventListener('pagehide', this.#onPageHide);
    navigator.locks
      .request(lockName(deploymentId), { signal: this.#abort.signal }, () => {
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
    const h = this.#handlers;
    const socket = new LeaderTransport(this, new BudgetedTransport(factory(options), budget), {
      clock: h.clock ?? systemClock,
      position: (id) => h.position(id),
      readHorizon: () => h.readHorizon?.(),
      startNew: () => h.startNew(),
      log: (line) => this.log(line),
    });
    this.#socket = socket;
    return socket;
  }

  leaderClosed(socket: LeaderTransport): void {
    if (this.#socket === socket) this.#socket = undefined;
  }

  // leader side

  broadcast(raw: string, to?: string): void {
    this.#post(to ? { t: 'frame', raw, to } : { t: 'frame', raw });
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
    this.#releaseTab?.();
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

  log(line: string): void {
    (this.#handlers.log ?? ((l: string) => console.warn(`[genesys-chat] ${l}`)))(line);
  }

  /** The leader's tab is going away: let followers start over at once. */
  #onPageHide = (): void => {
    if (this.#leader) this.announce(false);
  };

  #post(message: Unversioned<LinkMessage>): void {
    try {
      this.#channel.postMessage({ v: LINK_VERSION, ...message });
    } catch {
      /* channel closed */
    }
  }

  /**
   * Another tab's message, once the checks' chunk is there: every message waits on the one
   * import, so they are handled in the order they came (a promise runs its callbacks in the
   * order they were added). Nothing another tab sends may throw: a bad message is dropped
   * and logged.
   */
  #onMessage(data: unknown): void {
    this.#check ??= Promise.all([import('./link-check.js'), import('./follower-desk.js')]);
    this.#check
      .then(
        (check) => this.#handle(data, check),
        (error: unknown) => {
          // Dropped like an unreadable message (a follower's outbox asks again); the next message imports again.
          this.#check = undefined;
          this.log(`dropped a message from another tab: its check could not load (${String(error)})`);
        },
      )
      .catch((error: unknown) => this.log(`a message from another tab could not be handled: ${String(error)}`));
  }

  #handle(data: unknown, [{ readLinkMessage, followerRequest }, { FollowerDesk }]: [typeof import('./link-check.js'), typeof import('./follower-desk.js')]): void {
    if (this.#abort.signal.aborted) return; // closed while the checks loaded
    const m = readLinkMessage(data);
    if (typeof m === 'string') return this.log(`dropped a message from another tab: ${m}`);
    if (this.#leader) {
      if (m.t === 'hello') this.#socket?.hello();
      else if (m.t === 'send') this.#socket?.relay(followerRequest(m.frame), m.tab, FollowerDesk);
      return;
    }
    if (m.t === 'up') this.#handlers.onLeaderUp();
    for (const f of this.#followers) f.onLink(m, this.tab);
  }
}
