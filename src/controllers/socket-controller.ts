/**
 * The connection: state machine, session, outbox, heartbeat, reconnect with backoff, and
 * the conversation store that incoming frames feed.
 *
 *   idle → connecting → ready ⇄ reconnecting
 *                        ↘ read-only (agent ended the conversation; startNew() leaves it)
 *   closed: the element left the page, or the service closed us for good (signed in
 *           elsewhere, too many connections); failed: nothing can work (bad config).
 *
 * Customer messages go through an outbox persisted per `storage`: one message in flight at
 * a time, the next only after the echo of the previous (Genesys does not order messages,
 * so pipelining could reorder them), all frames through one token bucket.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MessageStore } from '../conversation/message-store.js';
import { toChatMessage } from '../conversation/from-wire.js';
import * as encode from '../protocol/encode.js';
import type { ClientFrame, ServerFrame, SessionInfo, WireMessage } from '../protocol/types.js';
import { GuestTransport } from '../transport/guest-transport.js';
import { uuid } from '../transport/ids.js';
import { RateBudget } from '../transport/rate-budget.js';
import { SessionStorage, type OutboxEntry, type StorageKind } from '../transport/session-storage.js';
import { TabLink, tabsCanCoordinate } from '../transport/tab-link.js';
import type { Transport, TransportFactory, TransportOptions } from '../transport/transport.js';
import type { ChatError, ChatMessage, ConnectionState, QuickReply } from '../types.js';

export interface SocketControllerOptions {
  /** Where to connect; undefined while the element lacks a deployment id (stays idle). */
  target: () => TransportOptions | undefined;
  storage: () => StorageKind;
  /** Genesys custom attributes sent with messages (only when they changed). */
  customAttributes?: () => Record<string, string> | undefined;
  /** Frames per second of the shared budget (default 2, the documented per-session limit). */
  ratePerSecond?: () => number;
  /** Test seam: a transport factory replacing the WebSocket (and tab coordination). */
  transportFactory?: () => TransportFactory | undefined;
  onState?: (state: ConnectionState) => void;
  onReady?: (session: SessionInfo) => void;
  /** An agent message arrived live (not from backfill). */
  onAgentMessage?: (message: ChatMessage) => void;
  /** The customer's own message was echoed (resets the typing cooldown). */
  onOwnEcho?: (message: ChatMessage) => void;
  onAgentTyping?: (durationMs: number) => void;
  onError?: (error: ChatError) => void;
  /** Something the person should be told in the status line (session restarted, ...). */
  onNotice?: (text: string) => void;
}

/** Backoff before reconnect attempt n (1-based): 1 s doubling, ±30 % jitter, capped at 30 s. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(30_000, base * (0.7 + 0.6 * random())));
}

export const HEARTBEAT_INTERVAL_MS = 30_000;
export const HEARTBEAT_TIMEOUT_MS = 10_000;
export const MAX_SEND_ATTEMPTS = 5;
const HISTORY_PAGE_SIZE = 25;
const HISTORY_LIMIT_PER_MINUTE = 10;
const REQUEST_TIMEOUT_MS = 10_000;
const TYPING_COOLDOWN_MS = 5000;
/** Attempts that never open, in a row, before giving up (about a minute of backoff). */
const MAX_REFUSED = 6;
/** History checks (with backoff, about 30 s in all) before an unconfirmed message is resent anyway. */
const MAX_VERIFY_ATTEMPTS = 5;

export class SocketController implements ReactiveController {
  state: ConnectionState = 'idle';
  /** The session as the last SessionResponse described it. */
  session?: SessionInfo;
  /** Older history exists beyond what has been loaded. */
  hasOlder = false;
  readonly store = new MessageStore();

  #host: ReactiveControllerHost;
  #options: SocketControllerOptions;
  #target?: TransportOptions;
  #targetKey = '';
  #transport?: Transport;
  #storage?: SessionStorage;
  // Burst = rate (the simulator's model): a message right after a typing frame goes at once.
  // A service that counts a stricter window answers 429, and the message is simply retried.
  #budget = new RateBudget();
  #attempt = 0;
  #connected = false;
  #configured = false;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #heartbeatTimer?: ReturnType<typeof setTimeout>;
  #deadTimer?: ReturnType<typeof setTimeout>;
  #lastEcho = 0;
  /** tracingId of the outbox entry on the wire, if any. */
  #inFlight?: string;
  /** The in-flight entry's frame has been written (until then it waits in the budget). */
  #inFlightWritten = false;
  /**
   * The connection on which the newest history was read (or which began a new session): any
   * message written before it is known to have arrived or not. See #verify.
   */
  #checkedOn?: Transport;
  #verifying?: Transport;
  #verifyTimer?: ReturnType<typeof setTimeout>;
  #verifyAttempt = 0;
  #sentAttributes?: string;
  #pending = new Map<string, { resolve: (f: ServerFrame) => void; timer: ReturnType<typeof setTimeout> }>();
  #historyCalls: number[] = [];
  #jwt?: { jwt: string; exp: number };
  #nextHistoryPage = 1;
  #clearing = false;
  #startingNew = false;
  #typingForbidden = false;
  /** Fresh sessions started since the last good one (4006/4007 loop guard). */
  #restarts = 0;
  #attached = false;
  /** A configureSession is waiting for its SessionResponse. */
  #awaitingSession = false;
  /** Consecutive connection attempts that never opened. */
  #refused = 0;
  /** Tab coordination when storage is shared (storage="local"); see tab-link.ts. */
  #link?: TabLink;
  /** When this tab last sent (or relayed) Typing On: typing goes out once, not once per tab. */
  #lastTyping = 0;
  /** The newest agent message a receipt was sent for: receipts go out once, not once per tab. */
  #lastReceipt?: string;

  constructor(host: ReactiveControllerHost, options: SocketControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  // ------------------------------------------------------------------ lifecycle

  hostConnected(): void {
    this.#attached = true;
    addEventListener('online', this.#onOnline);
    document.addEventListener('visibilitychange', this.#onVisible);
    // Connect from the next update, once every attribute and property has been applied.
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#attached = false;
    removeEventListener('online', this.#onOnline);
    document.removeEventListener('visibilitychange', this.#onVisible);
    this.#teardown();
    this.#targetKey = '';
    this.#target = undefined;
    this.#setState('closed');
  }

  // ------------------------------------------------------------------ public API

  /** Queue a customer message. It shows at once as `sending` and survives reconnects. */
  sendText(text: string): ChatMessage | undefined {
    return this.#enqueue({ text });
  }

  /** Answer a quick reply (a `ButtonResponse`). */
  sendQuickReply(reply: QuickReply): ChatMessage | undefined {
    return this.#enqueue({ text: reply.text, payload: reply.payload });
  }

  /** Try a failed message again. */
  retry(tracingId: string): void {
    const message = this.store.markSending(tracingId);
    if (!message) return;
    const outbox = this.#outbox;
    const entry = outbox.find((e) => e.tracingId === tracingId);
    if (entry) entry.attempts = 0;
    else outbox.push({ tracingId, clientId: message.clientId ?? uuid(), text: message.text, payload: message.payload, time: Date.now(), attempts: 0 });
    this.#outbox = outbox;
    this.#host.requestUpdate();
    this.#pump();
  }

  /** One Typing On frame through the budget; false if it cannot go now (dropped). */
  sendTyping(): boolean {
    if (!this.#isOpen || this.#typingForbidden || this.state !== 'ready') return false;
    const storage = this.#storage!;
    let sent = false;
    this.#budget.enqueue('typing', () => (sent = this.#sendTypingFrame(encode.typingOn(storage.token, uuid()))));
    return sent || this.#budget.pending.typing > 0;
  }

  /** Read receipt naming the newest read agent message (a read horizon). */
  sendReceipt(id: string): void {
    if (!this.#storage) return;
    this.#storage.readHorizon = id;
    if (!this.#isOpen) return;
    const token = this.#storage.token;
    this.#budget.enqueue('receipt', () => this.#sendReceiptFrame(encode.readReceipt(token, uuid(), id), id), 'read');
  }

  get readHorizon(): string | undefined {
    return this.#storage?.readHorizon;
  }

  /** Leave a read-only conversation and start a new one on the same token (protocol §5.4). */
  startNew(): void {
    if (!this.#isOpen || !this.#storage) return;
    this.#startingNew = true;
    this.#send(encode.closeSession(this.#storage.token, uuid()));
  }

  /** Ask the service to clear the conversation (Presence Clear), or clear locally if offline. */
  clear(): void {
    if (this.#isOpen && this.#storage) {
      this.#clearing = true;
      this.#send(encode.presence(this.#storage.token, uuid(), 'Clear'));
    } else {
      this.#forgetConversation();
    }
  }

  /** Load the next older page of history (scrolling to the top). */
  async loadOlder(): Promise<void> {
    if (!this.hasOlder) return;
    await this.#backfill(this.#nextHistoryPage);
  }

  /** Try again now: after a failure, or to skip the rest of a backoff wait. */
  reconnectNow(): void {
    if (this.state === 'failed' || this.state === 'closed' || this.state === 'reconnecting') {
      this.#refused = 0;
      this.#restarts = 0;
      this.#attempt = Math.min(this.#attempt, 1);
      this.#connect();
    }
  }


  // ------------------------------------------------------------------ connection

  get #isOpen(): boolean {
    return this.#connected && this.#configured;
  }

  #sync(): void {
    // A detached element may still render once; it must not open a socket.
    if (!this.#attached) return;
    const target = this.#options.target();
    const storage = this.#options.storage();
    const key = target ? `${target.deploymentId}|${target.socketUrl}|${target.apiUrl}|${storage}` : '';
    this.#budget.setRate(this.#options.ratePerSecond?.() ?? 2);
    if (key === this.#targetKey) return;
    this.#teardown();
    this.#targetKey = key;
    this.#target = target;
    this.store.clear();
    if (!target) {
      this.#storage = undefined;
      this.#setState('idle');
      return;
    }
    this.#storage = new SessionStorage(storage, target.deploymentId);
    if (storage === 'local' && !this.#options.transportFactory?.() && tabsCanCoordinate()) {
      // Show what waits in the shared outbox at once, even before this tab knows its role.
      this.#restoreOutbox();
      // Follow until the lock says otherwise (at once, when no other tab leads).
      this.#storage.tabScoped = true;
      this.#link = new TabLink(target.deploymentId, {
        onLeader: () => this.#becomeLeader(),
        onFollowerHello: () => this.#isOpen && this.#link?.announce(true),
        onFollowerFrame: (frame, tab) => this.#relay(frame, tab),
        onLeaderUp: () => this.state === 'reconnecting' && this.#connect(),
      });
    }
    this.#restoreOutbox();
    this.#attempt = 0;
    this.#connect();
  }

  /** This tab won the lock: it opens the one socket for every tab of this deployment. */
  #becomeLeader(): void {
    if (!this.#storage) return;
    this.#storage.tabScoped = false;
    this.#restoreOutbox();
    this.#attempt = 0;
    this.#connect();
  }

  /** (Leader) a frame from a follower tab goes out on this socket, through the shared budget. */
  #relay(frame: ClientFrame, tab: string): void {
    if (!this.#isOpen || !this.#storage) return;
    const token = this.#storage.token;
    switch (frame.action) {
      case 'configureSession':
        // The session is configured already: answer from what the service told this tab.
        this.#link?.broadcast({ kind: 'session', tracingId: frame.tracingId, session: { ...this.session!, newSession: false } }, tab);
        return;
      case 'echo':
        // This socket is alive (it is configured); don't spend the per-connection echo limit.
        this.#link?.broadcast({ kind: 'message', tracingId: frame.tracingId, response: true, message: { id: uuid(), type: 'Text', direction: 'Inbound', text: frame.message.text, content: [], events: [], metadata: {} } }, tab);
        return;
      case 'onMessage': {
        const out = { ...frame, token };
        const m = frame.message;
        if (m.type === 'Receipt') {
          if (this.#receiptIsNew(m.id)) this.#budget.enqueue('receipt', () => this.#sendReceiptFrame(out, m.id), 'read');
        } else if (m.type === 'Event' && m.events.some((e) => e.eventType === 'Typing')) {
          this.#budget.enqueue('typing', () => this.#sendTypingFrame(out));
        } else {
          this.#budget.enqueue('message', () => this.#send(out));
        }
        return;
      }
      default:
        this.#send({ ...frame, token });
    }
  }

  #connect(): void {
    const target = this.#target;
    if (!target) return;
    this.#clearTimer('retry');
    this.#dropConnection();
    this.#setState(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const transport =
      this.#link && !this.#link.isLeader
        ? this.#link.follower(target)
        : (this.#options.transportFactory?.() ?? ((o) => new GuestTransport(o)))(target);
    this.#transport = transport;
    transport.connect({
      open: () => {
        if (this.#transport !== transport) return;
        this.#connected = true;
        this.#awaitingSession = true;
        this.#send(encode.configureSession(this.#storage!.token, target.deploymentId, { tracingId: uuid() }));
      },
      frame: (frame) => this.#transport === transport && this.#onFrame(frame),
      invalid: (reason) => {
        if (this.#transport !== transport) return;
        this.#error('invalid-frame', `Ignored a malformed frame: ${reason}`);
      },
      close: ({ code, reason, opened }) => {
        if (this.#transport !== transport) return;
        this.#transport = undefined;
        this.#refused = opened ? 0 : this.#refused + 1;
        if (this.#refused >= MAX_REFUSED && navigator.onLine !== false) {
          // Online, yet the upgrade keeps failing: most likely this origin is not among
          // the deployment's allowed domains (a 403 a browser cannot see). Stop, don't loop.
          this.#dropConnection();
          this.#error('connection-refused', 'The chat service refused the connection. Is this site in the deployment\'s allowed domains?');
          this.#setState('failed');
          return;
        }
        this.#lost(`socket closed (${code}${reason ? ` ${reason}` : ''})`);
      },
    });
  }

  /** The connection went away unexpectedly: schedule the next attempt. */
  #lost(why: string): void {
    this.#dropConnection();
    if (this.state === 'closed' || this.state === 'failed' || !this.#target) return;
    this.#attempt++;
    this.#setState('reconnecting');
    const delay = backoffDelay(this.#attempt);
    this.#log(`${why}; reconnecting in ${delay} ms (attempt ${this.#attempt})`);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #dropConnection(): void {
    const transport = this.#transport;
    this.#transport = undefined;
    transport?.close();
    if (this.#configured && this.#link?.isLeader) this.#link.announce(false);
    this.#connected = false;
    this.#configured = false;
    this.#budget.clear();
    this.#clearTimer('heartbeat');
    this.#clearTimer('dead');
    // The in-flight message may or may not have arrived: the outbox keeps it, marked
    // maybeSent, and the next connection reads history before resending it (#verify). A lost
    // connection says nothing about the message, so it does not count as a failed attempt.
    this.#inFlight = undefined;
    clearTimeout(this.#verifyTimer);
    this.#verifyTimer = undefined;
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  #teardown(): void {
    this.#clearTimer('retry');
    this.#dropConnection();
    this.#link?.close();
    this.#link = undefined;
  }

  #onOnline = (): void => {
    if (this.state === 'reconnecting') {
      this.#log('browser is online again: reconnecting now');
      this.#connect();
    }
  };

  /** Back from a hidden tab or sleep: make sure the socket still answers. */
  #onVisible = (): void => {
    if (document.visibilityState !== 'visible') return;
    if (this.state === 'reconnecting') this.#connect();
    else if (this.#isOpen && Date.now() - this.#lastEcho >= HEARTBEAT_INTERVAL_MS) this.#heartbeat();
  };

  // ------------------------------------------------------------------ heartbeat

  #scheduleHeartbeat(): void {
    this.#clearTimer('heartbeat');
    this.#heartbeatTimer = setTimeout(() => this.#heartbeat(), HEARTBEAT_INTERVAL_MS);
  }

  #heartbeat(): void {
    if (!this.#isOpen) return;
    this.#lastEcho = Date.now();
    this.#send(encode.echo(this.#storage!.token));
    this.#clearTimer('dead');
    this.#deadTimer = setTimeout(() => {
      this.#log('no answer to echo: the socket is dead');
      this.#lost('heartbeat timed out');
    }, HEARTBEAT_TIMEOUT_MS);
    this.#scheduleHeartbeat();
  }

  // ------------------------------------------------------------------ frames in

  #onFrame(frame: ServerFrame): void {
    // Any frame proves the socket is alive.
    this.#clearTimer('dead');
    // The leader shares what its socket hears; session replies and health checks are its own.
    if (this.#link?.isLeader && frame.kind !== 'session' && !('tracingId' in frame && frame.tracingId === encode.HEALTH_CHECK_TRACING_ID)) {
      this.#link.broadcast(frame);
    }
    if ('tracingId' in frame && frame.tracingId) {
      const waiter = this.#pending.get(frame.tracingId);
      if (waiter) {
        this.#pending.delete(frame.tracingId);
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      }
    }
    switch (frame.kind) {
      case 'session':
        return this.#onSession(frame.session);
      case 'message':
        if (frame.tracingId === encode.HEALTH_CHECK_TRACING_ID) return; // echo reply
        return this.#onMessage(frame.message, frame.tracingId);
      case 'error':
        return this.#onServerError(frame);
      case 'session-expired':
        return this.#restartSession('Your previous chat session expired, so a new one was started.');
      case 'session-cleared':
        // The service closes the connection next; that close is expected.
        this.#clearing = true;
        this.#forgetConversation();
        return;
      case 'connection-closed':
        if (this.#clearing) {
          this.#clearing = false;
          this.#attempt = 0;
          this.#connect();
          return;
        }
        this.#error('connection-closed', frame.reason === 'signedIn'
          ? 'This chat continued on another device.'
          : 'This chat was closed because it is open in too many places.');
        this.#close();
        return;
      case 'logout':
        if (this.#storage) this.#storage.renewToken(this.#storage.token);
        this.#close();
        return;
      case 'jwt':
      case 'other':
        return;
    }
  }

  #onSession(session: SessionInfo): void {
    if (!session.connected) {
      // Reply to closeSession: start the new conversation on the same token.
      if (this.#startingNew && this.#storage && this.#target) {
        this.#startingNew = false;
        this.store.clear();
        this.#host.requestUpdate();
        this.#awaitingSession = true;
        this.#send(encode.configureSession(this.#storage.token, this.#target.deploymentId, { tracingId: uuid(), startNew: true }));
      }
      return;
    }
    // One answer per configureSession: a duplicated SessionResponse changes nothing.
    if (!this.#awaitingSession) return;
    this.#awaitingSession = false;
    const resumed = this.#attempt > 0 || !session.newSession;
    this.session = session;
    this.#configured = true;
    this.#attempt = 0;
    this.#restarts = 0;
    this.#typingForbidden = false;
    this.#sentAttributes = undefined;
    this.#setState(session.readOnly ? 'read-only' : 'ready');
    this.#options.onReady?.(session);
    if (this.#link?.isLeader) this.#link.announce(true);
    this.#lastEcho = Date.now();
    this.#scheduleHeartbeat();
    if (resumed && !session.newSession) {
      // Backfill before resending: history may show that an in-flight message did arrive.
      void this.#verify();
    } else {
      // A new session holds none of our messages: nothing to check.
      this.#checkedOn = this.#transport;
      this.#pump();
    }
  }

  #onMessage(wire: WireMessage, tracingId?: string): void {
    if (wire.type === 'Receipt') {
      const status = wire.status === 'Read' ? 'read' : wire.status === 'Delivered' ? 'delivered' : undefined;
      if (status && this.store.applyReceipt(wire.id, status)) this.#host.requestUpdate();
      return;
    }
    if (wire.type === 'Event') {
      for (const event of wire.events) {
        if (event.eventType === 'Typing' && wire.direction === 'Outbound') {
          this.#options.onAgentTyping?.(event.typing.durationMs);
        } else if (event.eventType === 'Presence' && wire.direction === 'Outbound' && event.presence.type === 'Disconnect') {
          if (wire.metadata['readOnly'] === 'true') this.#setState('read-only');
          this.#options.onNotice?.('The conversation has ended.');
        }
      }
      return;
    }
    const message = toChatMessage(wire, wire.direction === 'Inbound' ? tracingId : undefined);
    if (!message) return;
    if (message.from === 'customer') {
      this.#acknowledge(message);
      this.#options.onOwnEcho?.(message);
    } else if (this.store.upsert(message)) {
      this.#options.onAgentMessage?.(message);
    }
    this.#host.requestUpdate();
  }

  /** The echo of a customer message: it arrived, so it leaves the outbox. */
  #acknowledge(message: ChatMessage): void {
    this.store.upsert(message);
    // After the customer's own message, the next keystroke may say "typing" at once (MT).
    this.#lastTyping = 0;
    const outbox = this.#outbox;
    const rest = outbox.filter(
      (e) => e.tracingId !== message.tracingId && (!message.clientId || e.clientId !== message.clientId),
    );
    if (rest.length !== outbox.length) this.#outbox = rest;
    if (this.#inFlight && (this.#inFlight === message.tracingId || !rest.some((e) => e.tracingId === this.#inFlight))) {
      this.#inFlight = undefined;
      this.#pump();
    }
  }

  #onServerError(frame: Extract<ServerFrame, { kind: 'error' }>): void {
    const { code, tracingId } = frame;
    const entry = tracingId ? this.#outbox.find((e) => e.tracingId === tracingId) : undefined;
    // With several tabs on one socket, an error about another tab's frame is that tab's business.
    if (this.#link && tracingId && !entry && code !== 429 && code !== 4006 && code !== 4007) return;
    if (code === 429 || frame.errorCode === 4029) {
      const ms = (frame.retryAfter ?? 1) * 1000;
      this.#budget.pause(ms);
      // Only the message on the wire can have been refused (without a tracingId, it is the
      // one). A 429 naming another frame (a typing event, a receipt) or arriving again while
      // the resend waits must not queue a second copy of the message.
      if (this.#inFlight && this.#inFlightWritten && (!tracingId || tracingId === this.#inFlight)) {
        // Resend it once the pause is over: the paused budget holds the frame until then.
        // A 429 means "later", so it does not count against MAX_SEND_ATTEMPTS, and the
        // message was not stored, so it needs no history check first.
        this.#setMaybeSent(this.#inFlight, false);
        this.#inFlight = undefined;
        this.#pump();
      }
      return;
    }
    if (code === 4006 || code === 4007) {
      if (++this.#restarts > 2) {
        // Even a fresh token is refused: retrying would only loop.
        this.#error(code, frame.message);
        this.#fatal();
        return;
      }
      this.#restartSession('Your previous chat session ended, so a new one was started.');
      return;
    }
    if (entry) {
      // The same error again while its resend waits in the budget: already handled.
      if (entry.tracingId === this.#inFlight && !this.#inFlightWritten) return;
      if (entry.tracingId === this.#inFlight) this.#inFlight = undefined;
      if (code === 4011 || code === 4013 || code === 409 || (code >= 400 && code < 500)) {
        this.#fail(entry, { code, message: frame.message });
      } else {
        this.#failedAttempt(entry, { code, message: frame.message });
      }
      this.#pump();
      return;
    }
    if (!this.#configured) {
      // configureSession refused (deployment unknown, origin not allowed, feature off).
      this.#error(code, frame.message);
      this.#fatal();
      return;
    }
    if (code === 403 && !this.#clearing) this.#typingForbidden = true;
    if (this.#clearing && code === 403) {
      // Clearing is not enabled for this deployment: clear what this browser shows.
      this.#clearing = false;
      this.#forgetConversation(false);
    }
    this.#error(code, frame.message);
  }

  #restartSession(notice: string): void {
    if (this.#storage) this.#storage.renewToken(this.#storage.token);
    this.#jwt = undefined;
    this.store.clear();
    // Unsent messages are not lost with the session: they go out in the new one.
    this.#restoreOutbox();
    this.#options.onNotice?.(notice);
    this.#attempt = 0;
    this.#connect();
  }

  #forgetConversation(newToken = true): void {
    this.#jwt = undefined;
    if (newToken && this.#storage) this.#storage.renewToken(this.#storage.token);
    if (this.#storage) {
      this.#storage.outbox = [];
      this.#storage.readHorizon = undefined;
    }
    this.store.clear();
    this.#host.requestUpdate();
  }

  // ------------------------------------------------------------------ outbox

  get #outbox(): OutboxEntry[] {
    return this.#storage?.outbox ?? [];
  }

  set #outbox(entries: OutboxEntry[]) {
    if (this.#storage) this.#storage.outbox = entries;
  }

  #enqueue(input: { text: string; payload?: string }): ChatMessage | undefined {
    if (!this.#storage || this.state === 'read-only' || this.state === 'failed') return undefined;
    const entry: OutboxEntry = { tracingId: uuid(), clientId: uuid(), time: Date.now(), attempts: 0, ...input };
    this.#outbox = [...this.#outbox, entry];
    const message = this.#pendingMessage(entry);
    this.store.addPending(message);
    this.#host.requestUpdate();
    this.#pump();
    return message;
  }

  #pendingMessage(e: OutboxEntry): ChatMessage {
    return { id: e.tracingId, tracingId: e.tracingId, clientId: e.clientId, from: 'customer', text: e.text, time: e.time, status: 'sending', ...(e.payload !== undefined ? { payload: e.payload } : {}) };
  }

  #restoreOutbox(): void {
    for (const entry of this.#outbox) this.store.addPending(this.#pendingMessage(entry));
  }

  /** Sends the oldest unsent outbox entry, if none is in flight. */
  #pump(): void {
    if (!this.#isOpen || this.#inFlight || this.state === 'read-only') return;
    const entry = this.#outbox.find((e) => this.store.byTracingId(e.tracingId)?.status === 'sending');
    if (!entry) return;
    if (entry.maybeSent && this.#checkedOn !== this.#transport) {
      // Written to a connection that went away before its echo: it may have arrived, and a
      // blind resend would duplicate it. History decides first (a check runs or is scheduled).
      if (this.#verifying !== this.#transport && !this.#verifyTimer) void this.#verify();
      return;
    }
    const token = this.#storage!.token;
    this.#inFlight = entry.tracingId;
    this.#inFlightWritten = false;
    const attrs = this.#attributesToSend();
    const frame: ClientFrame =
      entry.payload !== undefined
        ? encode.quickReplyMessage(token, entry.tracingId, { text: entry.text, payload: entry.payload }, { clientId: entry.clientId, customAttributes: attrs })
        : encode.textMessage(token, entry.tracingId, entry.text, { clientId: entry.clientId, customAttributes: attrs });
    this.#budget.enqueue('message', () => {
      // Superseded, or already written by an earlier queued send: spend nothing.
      if (this.#inFlight !== entry.tracingId || this.#inFlightWritten) return false;
      const ok = this.#send(frame);
      if (ok) {
        this.#inFlightWritten = true;
        // Persisted before any answer: after a drop or a reload, history is checked first.
        this.#setMaybeSent(entry.tracingId, true);
      } else this.#inFlight = undefined;
      return ok;
    });
  }

  /** Custom attributes go once, then only when they change (as MT does). */
  #attributesToSend(): Record<string, string> | undefined {
    const attrs = this.#options.customAttributes?.();
    const json = attrs && Object.keys(attrs).length ? JSON.stringify(attrs) : undefined;
    if (!json || json === this.#sentAttributes) return undefined;
    this.#sentAttributes = json;
    return attrs;
  }

  /** Records (in storage) whether an entry's frame may have reached the service. */
  #setMaybeSent(tracingId: string, maybeSent: boolean): void {
    const outbox = this.#outbox;
    const entry = outbox.find((e) => e.tracingId === tracingId);
    if (!entry || Boolean(entry.maybeSent) === maybeSent) return;
    if (maybeSent) entry.maybeSent = true;
    else delete entry.maybeSent;
    this.#outbox = outbox;
  }

  #failedAttempt(entry: OutboxEntry, error: { code: number; message: string }): void {
    const outbox = this.#outbox;
    const stored = outbox.find((e) => e.tracingId === entry.tracingId);
    if (!stored) return;
    stored.attempts++;
    this.#outbox = outbox;
    if (stored.attempts >= MAX_SEND_ATTEMPTS) this.#fail(stored, error);
  }

  #fail(entry: OutboxEntry, error: { code: number; message: string }): void {
    this.#outbox = this.#outbox.filter((e) => e.tracingId !== entry.tracingId);
    const failed = this.store.markFailed(entry.tracingId, error);
    if (failed) this.#error(error.code, `Message not sent: ${error.message}`);
    this.#host.requestUpdate();
  }

  // ------------------------------------------------------------------ history

  /**
   * Loads history page `pageNumber` (newest first) into the store. With `catchUp`, keeps
   * going to older pages while every message on a page was new to us, so a long absence
   * is filled in completely (within the 10-per-minute history limit).
   */
  async #backfill(pageNumber: number, catchUp = false): Promise<void> {
    const transport = this.#transport;
    if (!this.#storage || !transport) return;
    try {
      for (let page = pageNumber; ; page++) {
        const now = Date.now();
        this.#historyCalls = this.#historyCalls.filter((t) => now - t < 60_000);
        if (this.#historyCalls.length >= HISTORY_LIMIT_PER_MINUTE) return;
        const jwt = await this.#jwtFor(transport);
        if (!jwt || this.#transport !== transport) return;
        this.#historyCalls.push(Date.now());
        const result = await transport.fetchHistory(jwt, page, HISTORY_PAGE_SIZE);
        if (this.#transport !== transport) return;
        let known = 0;
        for (const wire of result.messages) {
          const message = toChatMessage(wire);
          if (!message) continue;
          if (this.store.get(message.id)) known++;
          if (message.from === 'customer') this.#acknowledge(message);
          else this.store.upsert(message);
        }
        if (page === 1) this.#checkedOn = transport;
        this.#nextHistoryPage = Math.max(this.#nextHistoryPage, result.pageNumber + 1);
        this.hasOlder = result.pageNumber < result.pageCount;
        this.#host.requestUpdate();
        if (!catchUp || known > 0 || !this.hasOlder) return;
      }
    } catch (error) {
      this.#error('history', `Could not load earlier messages: ${(error as Error).message}`);
    }
  }

  /**
   * Reads the newest history on this connection, then sends on. A message written to a
   * connection that went away before its echo may have arrived: history shows it (it is
   * acknowledged) or not (it is resent). Until history could be read on this connection it
   * is not resent, since the service does not deduplicate; the read is retried with backoff
   * (history is rate limited, and may be down), and later messages wait behind it.
   */
  async #verify(): Promise<void> {
    const transport = this.#transport;
    if (!transport || this.#verifying === transport) return;
    this.#verifying = transport;
    clearTimeout(this.#verifyTimer);
    this.#verifyTimer = undefined;
    // After a gap (we had a conversation) catch up until history meets what we have; on a
    // fresh page load one page is enough: older ones load when the log is scrolled up.
    await this.#backfill(1, this.store.messages.some((m) => m.status !== 'sending'));
    if (this.#verifying === transport) this.#verifying = undefined;
    if (this.#transport !== transport) return; // gone: the next connection checks again
    if (this.#checkedOn === transport) {
      this.#verifyAttempt = 0;
    } else if (this.#outbox.some((e) => e.maybeSent) && this.#verifyAttempt >= MAX_VERIFY_ATTEMPTS) {
      // History stays unreadable (REST blocked, or a service without it): a possible
      // duplicate is better than a message that never goes out.
      this.#log('history stays unavailable: sending unconfirmed messages again');
      for (const e of this.#outbox) if (e.maybeSent) this.#setMaybeSent(e.tracingId, false);
      this.#verifyAttempt = 0;
      this.#checkedOn = transport;
    } else if (this.#outbox.some((e) => e.maybeSent)) {
      const delay = backoffDelay(++this.#verifyAttempt);
      this.#log(`could not read history to check an unconfirmed message; trying again in ${delay} ms`);
      this.#verifyTimer = setTimeout(() => {
        this.#verifyTimer = undefined;
        void this.#verify();
      }, delay);
    }
    this.#pump();
  }

  /** A JWT for REST history, reused until 5 s before it expires (as MT does). */
  async #jwtFor(transport: Transport): Promise<string | undefined> {
    if (this.#jwt && this.#jwt.exp * 1000 - Date.now() > 5000) return this.#jwt.jwt;
    const reply = await this.#request(encode.getJwt(this.#storage!.token, uuid()));
    if (reply?.kind !== 'jwt' || this.#transport !== transport) return undefined;
    this.#jwt = { jwt: reply.jwt, exp: reply.exp };
    return reply.jwt;
  }

  /** Sends a frame and resolves with the reply carrying its tracingId (or undefined on timeout). */
  #request(frame: ClientFrame & { tracingId?: string }): Promise<ServerFrame | undefined> {
    return new Promise((resolve) => {
      const id = frame.tracingId!;
      if (!this.#send(frame)) return resolve(undefined);
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(undefined);
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, { resolve, timer });
    });
  }

  // ------------------------------------------------------------------ helpers

  /** Typing On, at most once per cooldown for all tabs together (the leader sees them all). */
  #sendTypingFrame(frame: ClientFrame): boolean {
    const now = Date.now();
    if (now - this.#lastTyping < TYPING_COOLDOWN_MS) return true; // another tab just said it
    const sent = this.#send(frame);
    if (sent) this.#lastTyping = now;
    return sent;
  }

  /** A receipt goes out only if it moves the read horizon forward. */
  #sendReceiptFrame(frame: ClientFrame, id: string): boolean {
    if (!this.#receiptIsNew(id)) return true;
    const sent = this.#send(frame);
    if (sent) this.#lastReceipt = id;
    return sent;
  }

  #receiptIsNew(id: string): boolean {
    if (!this.#lastReceipt) return true;
    if (id === this.#lastReceipt) return false;
    const list = this.store.messages;
    const last = list.findIndex((m) => m.id === this.#lastReceipt);
    return last < 0 || list.findIndex((m) => m.id === id) > last;
  }

  /**
   * Writes a frame now. onMessage frames reach this through the budget; control frames
   * (configureSession, echo, getJwt, closeSession) are not part of the message rate.
   */
  #send(frame: ClientFrame): boolean {
    return this.#transport?.send(frame) ?? false;
  }

  #close(): void {
    this.#teardown();
    this.#setState('closed');
  }

  #fatal(): void {
    this.#teardown();
    this.#setState('failed');
  }

  #setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.#options.onState?.(state);
    this.#host.requestUpdate();
  }

  /** The host turns this into a `genesys-chat-error` event and a log line. */
  #error(code: number | string, message: string): void {
    this.#options.onError?.({ code, message });
  }

  #log(line: string): void {
    console.warn(`[genesys-chat] ${line}`);
  }

  #clearTimer(which: 'retry' | 'heartbeat' | 'dead'): void {
    const timer = which === 'retry' ? this.#retryTimer : which === 'heartbeat' ? this.#heartbeatTimer : this.#deadTimer;
    if (timer !== undefined) clearTimeout(timer);
    if (which === 'retry') this.#retryTimer = undefined;
    else if (which === 'heartbeat') this.#heartbeatTimer = undefined;
    else this.#deadTimer = undefined;
  }
}
