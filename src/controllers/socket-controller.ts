/**
 * Binds a Genesys guest session (session/guest-session.ts) to the element: builds it when
 * the element is attached and has a target, rebuilds it when the target or the storage
 * changes, tears it down when the element leaves the page, wakes it on 'online' and
 * 'visibilitychange', and hands its events to the host. The session itself knows nothing
 * of Lit, the DOM or tabs.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageStore } from '../conversation/message-store.js';
import * as encode from '../protocol/encode.js';
import type { SessionInfo } from '../protocol/types.js';
import type { ChatSessionEvents, SessionAuth } from '../session/chat-session.js';
import { GuestSession, type UploadListener } from '../session/guest-session.js';
import { uuid } from '../transport/ids.js';
import { BudgetedTransport } from '../transport/budgeted-transport.js';
import { GuestTransport } from '../transport/guest-transport.js';
import { Orphans } from '../transport/orphans.js';
import { RateBudget } from '../transport/rate-budget.js';
import { SessionStorage, type StorageKind } from '../transport/session-storage.js';
import { TabLink, tabsCanCoordinate } from '../transport/tab-link.js';
import type { TransportFactory, TransportOptions } from '../transport/transport.js';
import type { Attachment, ChatMessage, ConnectionState, QuickReply } from '../types.js';

export interface SocketControllerOptions {
  /** Where to connect; undefined while the element lacks a deployment id (stays idle). */
  target: () => TransportOptions | undefined;
  storage: () => StorageKind;
  /** The element's conversation; the session writes to it. */
  store: MessageStore;
  /** Genesys custom attributes sent with messages (only when they changed). */
  customAttributes?: () => Record<string, string> | undefined;
  /** Send Presence Join after a new session (the deployment's `autoStart`). */
  autoStart?: () => boolean;
  /** While true no session is built (sign-in is loading, or required and not done). */
  hold?: () => boolean;
  /** The signed-in customer, for the session's configure. */
  auth?: () => SessionAuth | undefined;
  /** Frames per second of the shared budget (default 2, the documented per-session limit). */
  ratePerSecond?: () => number;
  /**
   * Test seam: a transport factory replacing the WebSocket (and REST history). With
   * storage "local" tabs still coordinate: the leader's socket comes from the factory.
   */
  transportFactory?: () => TransportFactory | undefined;
  onState?: (state: ConnectionState) => void;
  onReady?: (info: { newSession: boolean; readOnly: boolean; authenticated?: boolean }) => void;
  /**
   * The session's news, as it gives them (chat-session.ts): an agent message live (not from
   * history), the customer's own echo, the agent typing, errors, and the notices the status
   * line words (and when what one said is over).
   */
  events?: Pick<ChatSessionEvents, 'agentMessage' | 'ownEcho' | 'agentTyping' | 'error' | 'notice' | 'noticeOver'>;
}

export class SocketController implements ReactiveController {
  #host: ReactiveControllerHost;
  #o: SocketControllerOptions;
  #attached = false;
  #key = '';
  #state: ConnectionState = 'idle';
  #session?: GuestSession;
  #link?: TabLink;
  /** (Leader) the watch over follower tabs' own outboxes. */
  #orphans?: Orphans;
  /** Stops listening for the leading tab's outbox (a follower's storage listener). */
  #offStorage?: () => void;
  // Burst = rate (the simulator's model): a message right after a typing frame goes at once.
  // A service that counts a stricter window answers 429, and the message is simply retried.
  #budget = new RateBudget();

  constructor(host: ReactiveControllerHost, options: SocketControllerOptions) {
    this.#host = host;
    this.#o = options;
    host.addController(this);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Older history exists beyond what has been loaded. */
  get hasOlder(): boolean {
    return this.#session?.hasOlder ?? false;
  }

  hostConnected(): void {
    this.#attached = true;
    addEventListener('online', this.#onOnline);
    document.addEventListener('visibilitychange', this.#onVisible);
    // Connect from the next update, once every attribute and property has been applied.
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    // A detached element may still render once; it must not open a socket.
    if (this.#attached) this.#sync();
  }

  hostDisconnected(): void {
    this.#attached = false;
    removeEventListener('online', this.#onOnline);
    document.removeEventListener('visibilitychange', this.#onVisible);
    // A microtask later: a move in the DOM (disconnected and connected again in the same
    // task, as React's re-parenting or an appendChild elsewhere does) keeps its session,
    // its tab lock and its conversation; and the controllers after this one (the read
    // receipts' last flush) still find the session on their own way out.
    queueMicrotask(() => {
      if (this.#attached) return;
      this.#teardown();
      this.#key = '';
      this.#setState('closed');
    });
  }

  /** The upload manager (the attachments chunk): hears attachment frames of whichever session is current. */
  uploads?: UploadListener;

  /** When the session expires without activity (epoch ms), if the service said. */
  get expiresAt(): number | undefined {
    return this.#session?.expiresAt;
  }

  /** The session as its last SessionResponse described it (allowedMedia, …). */
  get info(): SessionInfo | undefined {
    return this.#session?.info;
  }

  sendText(text: string, attachments?: readonly Attachment[]): ChatMessage | undefined {
    return this.#session?.sendText(text, attachments);
  }

  /** Writes onAttachment or deleteAttachment (§2.7); its tracingId, or undefined when not connected. */
  sendAttachment(
    action: 'onAttachment' | 'deleteAttachment',
    f: { attachmentId: string; fileName?: string; fileType?: string; fileSize?: number },
  ): string | undefined {
    return this.#session?.sendAttachment((token, tracingId) =>
      action === 'onAttachment'
        ? encode.onAttachment(token, tracingId, f as Parameters<typeof encode.onAttachment>[2])
        : encode.attachmentRequest(action, token, tracingId, f.attachmentId),
    );
  }

  /** A new random id (attachment ids are the client's, as MT makes them). */
  newId(): string {
    return uuid();
  }

  downloadUrl(attachmentId: string): Promise<string | undefined> {
    return this.#session?.downloadUrl(attachmentId) ?? Promise.resolve(undefined);
  }

  sendQuickReply(reply: QuickReply): ChatMessage | undefined {
    return this.#session?.sendQuickReply(reply);
  }

  sendTyping(): boolean {
    return this.#session?.sendTyping() ?? false;
  }

  /** The person has seen up to this agent message; a Receipt frame says so unless `send` is false. */
  sendReceipt(id: string, send = true): void {
    this.#session?.markRead(id, send);
  }

  retry(tracingId: string): void {
    this.#session?.retry(tracingId);
  }

  startNew(): void {
    this.#session?.startNew();
  }

  clear(): void {
    this.#session?.clear();
  }

  async loadOlder(): Promise<void> {
    await this.#session?.loadOlder();
  }

  reconnectNow(): void {
    this.#session?.reconnectNow();
  }

  /**
   * Connects again signed in or out (the session asks its auth for the JWT). Without
   * `keepToken` this browser's conversation is forgotten first. No session yet: the next
   * update builds one.
   */
  reauthenticate(keepToken: boolean): void {
    if (this.#session) this.#session.reauthenticate(keepToken);
    else this.#host.requestUpdate();
  }

  /** Forgets this browser's conversation and stays idle until the next `reauthenticate`. */
  suspend(): void {
    this.#session?.forgetAndStop();
    this.#teardown();
    this.#key = '';
    this.#setState('idle');
  }

  /** This tab leads the tab coordination (or there is none). */
  get isLeader(): boolean {
    return this.#link?.isLeader ?? true;
  }

  #sync(): void {
    if (this.#o.hold?.()) return;
    const target = this.#o.target();
    const kind = this.#o.storage();
    this.#budget.setRate(this.#o.ratePerSecond?.() ?? 2);
    const key = target ? `${target.deploymentId}|${target.socketUrl}|${target.apiUrl}|${kind}` : '';
    if (key === this.#key) return;
    this.#teardown();
    this.#key = key;
    this.#o.store.clear();
    if (!target) return this.#setState('idle');
    const storage = new SessionStorage(kind, target.deploymentId);
    const factory = this.#o.transportFactory?.();
    const budget = this.#budget;
    const link = (this.#link = kind === 'local' && tabsCanCoordinate() ? this.#tabLink(target.deploymentId, storage) : undefined);
    const real = factory ?? ((o: TransportOptions) => new GuestTransport(o));
    const o = this.#o;
    const session: GuestSession = new GuestSession({
      deploymentId: target.deploymentId,
      storage,
      sink: o.store,
      connect: () => (link ? link.transportFor(target, real, budget) : new BudgetedTransport(real(target), budget)),
      online: () => navigator.onLine !== false,
      attributes: () => o.customAttributes?.(),
      autoStart: () => o.autoStart?.() ?? false,
      auth: o.auth?.(),
      events: {
        ...o.events,
        // A session being replaced says nothing any more.
        state: (s) => this.#session === session && this.#setState(s),
        ready: (info) => this.#session === session && o.onReady?.(info),
        changed: () => this.#host.requestUpdate(),
      },
    });
    session.uploads = {
      frame: (f) => this.#session === session && this.uploads?.frame(f),
      connected: (newSession) => this.#session === session && this.uploads?.connected(newSession),
      lost: () => this.uploads?.lost(),
    };
    this.#session = session;
    if (link) {
      // Show what waits in the shared outbox at once, even before this tab knows its role;
      // then follow until the lock says otherwise (at once, when no other tab leads).
      session.showOutbox();
      storage.tabScoped = true;
      // What the leading tab confirmed, this tab shows as sent too (GuestSession.sentElsewhere).
      const onStorage = (e: StorageEvent): void => {
        const taken = link.isLeader ? undefined : storage.takenFromShared(e.key, e.oldValue, e.newValue);
        if (taken?.length) session.sentElsewhere(taken);
      };
      addEventListener('storage', onStorage);
      this.#offStorage = () => removeEventListener('storage', onStorage);
    }
    session.start();
  }

  #tabLink(deploymentId: string, storage: SessionStorage): TabLink {
    return new TabLink(deploymentId, {
      tab: storage.tab,
      onLeader: () => {
        storage.tabScoped = false;
        this.#session?.restart();
        // Messages of follower tabs that close before the leader sent them: this tab sends them.
        this.#orphans?.stop();
        this.#orphans = new Orphans(deploymentId, storage, () => this.#session?.adoptOutbox());
      },
      onLeaderUp: () => this.#session?.wake('leader'),
      position: (id) => this.#o.store.indexOf(id),
      // A follower's "Start a new conversation" runs on this tab's session; every tab follows.
      startNew: () => this.#session?.startNew(),
      readHorizon: () => storage.readHorizon,
    });
  }

  #teardown(): void {
    this.#offStorage?.();
    this.#offStorage = undefined;
    const session = this.#session;
    this.#session = undefined;
    session?.stop();
    this.#orphans?.stop();
    this.#orphans = undefined;
    this.#link?.close();
    this.#link = undefined;
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#o.onState?.(state);
    this.#host.requestUpdate();
  }

  #onOnline = (): void => this.#session?.wake('online');

  /** Back from a hidden tab or sleep: make sure the socket still answers. */
  #onVisible = (): void => {
    if (document.visibilityState === 'visible') this.#session?.wake('visible');
  };
}
