/**
 * One Genesys guest session (protocol §5): connect, configureSession, route frames,
 * reconnect with backoff, start a new conversation, clear; the outbox, history and the
 * heartbeat hang off it. No Lit, no DOM: the clock and the transport are injected, and
 * which tab owns the socket is the transport's business (tab-link.ts).
 *
 *   idle → opening → configuring → ready ⇄ waiting (for the next attempt) → opening …
 *                                    ↘ read-only (agent ended; startNew() leaves it)
 *   closed: stopped, or closed for good by the service; failed: nothing can work.
 *
 * Every connection is one `Connection` (an epoch): callbacks and awaits of an older one
 * find it no longer live and do nothing.
 *
 * Longer than 300 lines: it is the protocol's state machine and its frame routing, which
 * read best together; every part with state of its own lives in a file beside it, and what
 * an error means is decided by error-policy.ts (a pure table): this file only applies it.
 * Every timer runs on the injected clock.
 */
import { toChatMessage } from '../conversation/from-wire.js';
import { sessionExpiry } from '../protocol/decode.js';
import * as encode from '../protocol/encode.js';
import type { AttachmentFrame, ClientFrame, ServerFrame, SessionInfo, WireMessage } from '../protocol/types.js';
import type { QueueingTransport } from '../transport/budgeted-transport.js';
import { uuid } from '../transport/ids.js';
import type { OutboxEntry } from '../transport/session-storage.js';
import type { Attachment, ChatMessage, ConnectionState, QuickReply } from '../types.js';
import type { ChatSession, ChatSessionEvents, SessionAuth, SessionNotice } from './chat-session.js';
import { type Clock, systemClock, Timer } from './clock.js';
import type { ConversationSink } from './conversation-sink.js';
import { classify, type FrameKind, type Operation, type PolicyAction, type PolicyInput } from './error-policy.js';
import { Heartbeat } from './heartbeat.js';
import { HistoryCheck } from './history-check.js';
import { HistoryLoader, type HistoryLimit, type HistorySource } from './history-loader.js';
import { sameContent, Outbox } from './outbox.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { SessionExpiry } from './session-expiry.js';
import { RequestTracker } from './request-tracker.js';

/** How many sent tracingIds are remembered to attribute errors to their frames. */
const REMEMBERED_FRAMES = 64;
/** A clear or a new start with no answer by then is over (C10): the person may ask again. */
const OP_DEADLINE_MS = 15_000;
/**
 * How long after the leading tab took messages out of its outbox this tab looks whether it
 * shows them as sent: their echoes, relayed on the tabs' channel, usually come first.
 */
const SENT_ELSEWHERE_MS = 2000;


/** The token, the outbox and the read horizon, kept across page views (SessionStorage). */
export interface SessionState {
  readonly token: string;
  renewToken(previous: string): string;
  outbox: readonly OutboxEntry[];
  readHorizon: string | undefined;
  /** History calls of the last minute, shared by the tabs of the session (history-loader.ts). */
  historyLimit?: HistoryLimit;
}

export interface GuestSessionOptions {
  deploymentId: string;
  storage: SessionState;
  sink: ConversationSink;
  /** A transport for one new connection. */
  connect: () => QueueingTransport;
  events: ChatSessionEvents;
  clock?: Clock;
  /** False when the browser knows it is offline. */
  online?: () => boolean;
  attributes?: () => Record<string, string> | undefined;
  /** Send Presence Join right after a new session (the deployment's `autoStart`). */
  autoStart?: () => boolean;
  /** The signed-in customer (authenticated messaging, §2.3); absent: always anonymous. */
  auth?: SessionAuth;
  random?: () => number;
  log?: (line: string) => void;
}

type Phase = 'idle' | 'opening' | 'configuring' | 'ready' | 'read-only' | 'waiting' | 'closed' | 'failed';

/** An upload URL refused: `GenerateUrlError`, or an error frame answering an attachment request. */
export interface UrlRefused {
  kind: 'url-refused';
  tracingId?: string;
  attachmentId?: string;
  errorCode: number;
  message: string;
}

/** What the upload manager (the attachments chunk) hears from the session. */
export interface UploadListener {
  frame(frame: AttachmentFrame | UrlRefused): void;
  /** A session is configured on a new connection: requests may go out (again); a new session knows no earlier upload. */
  connected(newSession: boolean): void;
  /** The connection went away: answers and upload events of the old one will not come. */
  lost(): void;
}

interface Connection {
  transport: QueueingTransport;
  live: boolean;
  /** History through this connection (its JWT comes over the socket). */
  history: HistorySource;
}

export class GuestSession implements ChatSession {
  /** The session as the last SessionResponse described it. */
  info?: SessionInfo;
  /** Attachment frames go here (set by the attachments chunk through the socket controller). */
  uploads?: UploadListener;
  #o: GuestSessionOptions;
  #clock: Clock;
  #sink: ConversationSink;
  #storage: SessionState;
  #events: ChatSessionEvents;
  #phase: Phase = 'idle';
  #state: ConnectionState = 'idle';
  #op: Operation = 'none';
  /** The operation's deadline. */
  #opTimer: Timer;
  #conn?: Connection;
  #policy: ReconnectPolicy;
  #retry: Timer;
  #expiry: SessionExpiry;
  /** A session was ready on this object before: a new session after it is a session change. */
  #everReady = false;
  #heartbeat: Heartbeat;
  #requests: RequestTracker;
  #outbox: Outbox;
  #history: HistoryLoader;
  #check: HistoryCheck;
  /** (Follower) Entries the leading tab took out of its outbox: tracingId → client id. */
  #sentElsewhere = new Map<string, string>();
  #sentElsewhereTimer: Timer;
  /** tracingId → what the frame was, to tie an error to the frame it answers. */
  #sent = new Map<string, FrameKind>();
  /** The last typing, receipt or clear frame written: what an error without tracingId most likely answers. */
  #lastFeature?: FrameKind;
  /** Features the deployment refused with 403. */
  #refused = new Set<FrameKind>();
  /** The token the last configure frame carried: the session that may end. */
  #configuredToken?: string;
  /** The JWT the last configure frame carried (undefined: it was anonymous). */
  #configuredWith?: string;
  /** 401s answered with a refresh since the last ready session (Genesys's SDK stops at 3). */
  #unauthorized = 0;

  constructor(options: GuestSessionOptions) {
    this.#o = options;
    this.#sink = options.sink;
    this.#storage = options.storage;
    this.#events = options.events;
    const clock = (this.#clock = options.clock ?? systemClock);
    this.#policy = new ReconnectPolicy(options.random);
    this.#retry = new Timer(clock);
    this.#opTimer = new Timer(clock);
    this.#expiry = new SessionExpiry(
      clock,
      (expiresAt) => this.#notice('session-expiring', { expiresAt }),
      () => this.#events.noticeOver?.('session-expiring'),
    );
    this.#heartbeat = new Heartbeat(
      clock,
      () => this.#conn?.transport.send(encode.echo(this.#token)),
      () => this.#lost('no answer to echo: the socket is dead'),
    );
    this.#sentElsewhereTimer = new Timer(clock);
    this.#requests = new RequestTracker(clock, (f) => this.#conn?.transport.send(f) ?? false);
    this.#outbox = new Outbox(options.storage, options.sink, clock, {
      canSend: () => this.#phase === 'ready',
      token: () => this.#token,
      queue: (frame, written) => this.#conn?.transport.queue('message', frame, { written }),
      needCheck: () => {
        if (this.#conn) void this.#check.run(this.#conn.history);
      },
      attributes: () => options.attributes?.(),
      maxAttributeBytes: () => this.info?.maxCustomDataBytes,
      error: (code, message) => this.#error(code, message),
      log: (line) => this.#log(line),
    });
    this.#history = new HistoryLoader(clock, {
      apply: (messages) => this.#applyHistory(messages),
      unconfirmed: () => this.#outbox.unconfirmed.map((e) => e.time),
      error: (code, message) => this.#error(code, message),
    }, options.storage);
    this.#check = new HistoryCheck(clock, this.#history, {
      catchUp: () => this.#sink.messages.some((m) => m.status !== 'sending'),
      waiting: () => this.#outbox.unconfirmed.length > 0,
      checked: () => this.#outbox.checked(),
      release: () => this.#outbox.releaseUnconfirmed(),
      pump: () => this.#outbox.pump(),
      changed: () => this.#changed(),
      log: (line) => this.#log(line),
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get hasOlder(): boolean {
    return this.#history.hasOlder;
  }

  /** When the session expires without activity (epoch ms), once the service said. */
  get expiresAt(): number | undefined {
    return this.#expiry.expiresAt;
  }

  // ------------------------------------------------------------------ ChatSession

  start(): void {
    this.#sink.setReadHorizon(this.#storage.readHorizon);
    this.#outbox.restore();
    this.#policy.fresh();
    this.#connect();
  }

  stop(): void {
    this.#retry.stop();
    this.#sentElsewhereTimer.stop();
    this.#setOp('none');
    this.#drop();
    this.#setPhase('closed');
  }

  sendText(text: string, attachments?: readonly Attachment[]): ChatMessage | undefined {
    return this.#enqueue(attachments?.length ? { text, attachments } : { text });
  }

  /**
   * Writes an attachment request (§2.7) built with the token and a fresh tracingId; that
   * tracingId, or undefined when no configured connection can take it now.
   */
  sendAttachment(build: (token: string, tracingId: string) => ClientFrame): string | undefined {
    const conn = this.#conn;
    if (!conn || this.#phase !== 'ready') return undefined;
    const tracingId = this.#remember(uuid(), 'attachment');
    return conn.transport.send(build(this.#token, tracingId)) ? tracingId : undefined;
  }

  /** A fresh download URL for an attachment (`getAttachment`, §2.7), or undefined. */
  async downloadUrl(attachmentId: string): Promise<string | undefined> {
    if (!this.#conn || !this.#configured) return undefined;
    const tracingId = this.#remember(uuid(), 'attachment');
    const reply = await this.#requests.request({ ...encode.attachmentRequest('getAttachment', this.#token, tracingId, attachmentId), tracingId });
    return reply?.kind === 'presigned' && reply.attachmentId === attachmentId ? reply.url : undefined;
  }

  /** Answers a quick reply, or a card's postback (`reply.type: 'Button'`, P2). */
  sendQuickReply(reply: QuickReply, type: 'QuickReply' | 'Button' = reply.type ?? 'QuickReply'): ChatMessage | undefined {
    return this.#enqueue({ text: reply.text, payload: reply.payload, replyType: type });
  }

  sendTyping(): boolean {
    const conn = this.#conn;
    if (!conn || this.#phase !== 'ready' || this.#refused.has('typing')) return false;
    const id = this.#remember(uuid(), 'typing');
    return conn.transport.queue('typing', encode.typingOn(this.#token, id), { written: () => (this.#lastFeature = 'typing') });
  }

  markRead(id: string, send = true): void {
    // Another tab may have stored a newer horizon: never move it back (C13).
    const stored = this.#storage.readHorizon;
    const was = stored !== undefined && stored !== id ? this.#sink.indexOf(stored) : -1;
    if (was >= 0 && was >= this.#sink.indexOf(id)) {
      this.#sink.setReadHorizon(stored);
      return;
    }
    this.#storage.readHorizon = id;
    this.#sink.setReadHorizon(id);
    const conn = this.#conn;
    if (!send || !conn || !this.#configured || this.#refused.has('receipt')) return;
    const tracingId = this.#remember(uuid(), 'receipt');
    conn.transport.queue('receipt', encode.readReceipt(this.#token, tracingId, id), { key: 'read', written: () => (this.#lastFeature = 'receipt') });
  }

  async loadOlder(): Promise<void> {
    const conn = this.#conn;
    if (!conn) return;
    await this.#history.loadOlder(conn.history);
    this.#changed();
  }

  retry(tracingId: string): void {
    if (this.#outbox.retry(tracingId)) this.#changed();
  }

  /** Leaves a read-only conversation and starts a new one on the same token (protocol §5.4). */
  startNew(): void {
    if (!this.#configured) return;
    this.#setOp('closing');
    // Through the budget, like messages: the rate limit counts every frame.
    this.#conn?.transport.queue('message', encode.closeSession(this.#token, this.#remember(uuid(), 'close')));
  }

  /** Asks the service to clear the conversation (Presence Clear), or clears locally if offline. */
  clear(): void {
    if (!this.#configured) return this.#forget();
    this.#setOp('clearing');
    this.#lastFeature = 'clear';
    this.#conn?.transport.queue('message', encode.presence(this.#token, this.#remember(uuid(), 'clear'), 'Clear'));
  }

  reconnectNow(): void {
    if (this.#phase === 'failed' || this.#phase === 'closed' || this.#phase === 'waiting') {
      this.#policy.manualRetry();
      this.#connect();
    }
  }

  /** `leader`: the tab that owns the socket has its session up again. */
  wake(reason: 'visible' | 'online' | 'leader'): void {
    if (this.#phase === 'waiting') {
      if (reason === 'online') this.#log('browser is online again: reconnecting now');
      this.#connect();
    } else if (reason === 'visible') this.#heartbeat.checkNow();
  }

  /** Shows what waits in the outbox (before `start`, when storage is about to change scope). */
  showOutbox(): void {
    this.#outbox.restore();
  }

  /** Entries of another tab joined the outbox (orphans.ts): show them, and send them in turn. */
  adoptOutbox(): void {
    this.#outbox.restore();
    this.#changed();
    this.#outbox.pump();
  }

  /**
   * (Follower) Entries the leading tab took out of its outbox: it confirmed them, by an echo
   * this tab hears too, or from history, of which this tab hears nothing (a swallowed echo, a
   * new leader's check). Then they stayed "sending" here, or never showed (two-tab chaos).
   * What this tab still does not show as sent a moment later, it reads from history.
   */
  sentElsewhere(entries: readonly OutboxEntry[]): void {
    for (const e of entries) this.#sentElsewhere.set(e.tracingId, e.clientId);
    if (this.#sentElsewhereTimer.active || !this.#sentElsewhere.size) return;
    this.#sentElsewhereTimer.start(SENT_ELSEWHERE_MS, () => {
      const shown = new Set<string>();
      for (const m of this.#sink.messages) {
        if (m.from !== 'customer' || m.status === 'sending') continue;
        if (m.tracingId) shown.add(m.tracingId);
        if (m.clientId) shown.add(m.clientId);
      }
      const unseen = [...this.#sentElsewhere].some(([tracingId, clientId]) => !shown.has(tracingId) && !shown.has(clientId));
      this.#sentElsewhere.clear();
      if (unseen && this.#conn && this.#configured) void this.#check.run(this.#conn.history);
    });
  }

  /** This tab took over the socket (tab-link.ts): connect afresh. */
  restart(): void {
    this.#outbox.restore();
    this.#policy.fresh();
    this.#connect();
  }

  // ------------------------------------------------------------------ connection

  get #configured(): boolean {
    return this.#phase === 'ready' || this.#phase === 'read-only';
  }

  get #token(): string {
    return this.#storage.token;
  }

  #connect(): void {
    this.#retry.stop();
    this.#drop();
    this.#policy.opening(this.#clock.now());
    this.#setPhase('opening');
    const transport = this.#o.connect();
    const conn = { transport, live: true } as Connection;
    conn.history = this.#historyThrough(conn);
    this.#conn = conn;
    const live = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
      if (conn.live) fn(...args);
    };
    conn.transport.connect({
      open: live(() => {
        if (this.#policy.opened()) this.#events.noticeOver?.('unreachable');
        this.#configure(false);
      }),
      frame: live((frame) => this.#onFrame(frame)),
      invalid: live((reason) => this.#error('invalid-frame', reason)),
      close: live(({ code, reason, opened }) => {
        const why = `${code}${reason ? ` ${reason}` : ''}`;
        if (this.#policy.closed(opened, this.#o.online?.() ?? true, this.#clock.now()) === 'unreachable') {
          // Online, yet no socket has opened for a while: a mistyped host, DNS, or an origin
          // not among the deployment's allowed domains (a 403 a browser cannot see). Say so
          // once; messages stay 'sending' and go when it can be reached (retries go on).
          this.#error(
            'service-unreachable',
            `The chat service could not be reached (the connection was refused or never opened: ${why}). Is the region right, and is this site in the deployment's allowed domains? Messages will be sent once it can be reached.`,
          );
          this.#notice('unreachable');
        }
        this.#lost(`socket closed (${why})`);
      }),
    });
  }

  #configure(startNew: boolean): void {
    if (!startNew) this.#setPhase('configuring');
    this.#configuredToken = this.#token;
    const tracingId = this.#remember(uuid(), startNew ? 'close' : 'configure');
    const jwt = (this.#configuredWith = this.#o.auth?.jwt());
    const options = { tracingId, startNew };
    this.#conn?.transport.send(
      jwt
        ? encode.configureAuthenticatedSession(this.#token, this.#o.deploymentId, jwt, options)
        : encode.configureSession(this.#token, this.#o.deploymentId, options),
    );
  }

  /** Signed out where sign-in is required: forget the conversation and wait. */
  forgetAndStop(): void {
    this.#forget();
    this.stop();
  }

  /**
   * Signs the session in or out: connects again, with the customer's JWT or without. With
   * `keepToken` the conversation goes on (an upgrade, §6.4); without, it starts afresh
   * (the anonymous conversation stays with the anonymous customer).
   */
  reauthenticate(keepToken: boolean): void {
    if (!keepToken) this.#forget();
    this.#unauthorized = 0;
    this.#policy.fresh();
    this.#connect();
  }

  /** The connection went away unexpectedly: schedule the next attempt. */
  #lost(why: string): void {
    this.#drop();
    if (this.#phase === 'closed' || this.#phase === 'failed') return;
    const delay = this.#policy.nextDelay();
    this.#setPhase('waiting');
    this.#log(`${why}; reconnecting in ${delay} ms (attempt ${this.#policy.attempt})`);
    this.#retry.start(delay, () => this.#connect());
  }

  #drop(): void {
    const conn = this.#conn;
    this.#conn = undefined;
    if (conn) {
      conn.live = false;
      conn.transport.close();
    }
    this.#heartbeat.stop();
    this.#expiry.stop();
    this.#requests.cancelAll();
    this.#outbox.connectionLost();
    this.#check.stop();
    if (conn) this.uploads?.lost();
  }

  #end(phase: 'closed' | 'failed'): void {
    this.#retry.stop();
    this.#setOp('none');
    this.#drop();
    this.#setPhase(phase);
  }

  #setPhase(phase: Phase): void {
    this.#phase = phase;
    const state: ConnectionState =
      phase === 'opening' || phase === 'configuring' ? (this.#policy.attempt === 0 ? 'connecting' : 'reconnecting')
      : phase === 'waiting' ? 'reconnecting'
      : phase;
    if (state === this.#state) return;
    this.#state = state;
    this.#events.state?.(state);
  }

  // ------------------------------------------------------------------ frames in

  #onFrame(frame: ServerFrame): void {
    this.#heartbeat.seen();
    this.#requests.settle(frame);
    switch (frame.kind) {
      case 'session':
        return this.#onSession(frame.session);
      case 'message':
        if (frame.tracingId === encode.HEALTH_CHECK_TRACING_ID) {
          // The echo reply carries the session's lifetime as the service sees it (§2.5).
          return this.#expiry.lasts(sessionExpiry(frame.message.metadata));
        }
        return this.#onMessage(frame.message, frame.tracingId);
      case 'error':
        return this.#apply(frame, this.#classify(frame));
      case 'session-expired':
      case 'connection-closed':
        return this.#apply(frame, this.#classify(frame));
      case 'session-cleared':
        // The service closes the connection next; that close is expected.
        this.#setOp('clearing');
        return this.#forget();
      case 'logout':
        // The customer signed out (here or elsewhere): this browser forgets the conversation.
        this.#forget();
        this.#end('closed');
        return this.#o.auth?.signedOut('logout');
      case 'presigned':
      case 'upload-success':
      case 'upload-failure':
      case 'attachment-deleted':
        return this.uploads?.frame(frame);
      case 'jwt':
      case 'other':
        return;
    }
  }

  #onSession(session: SessionInfo): void {
    if (!session.connected) {
      // Reply to closeSession: start the new conversation on the same token. Or another tab
      // of this session closed it (the leading tab relays its answer, tab-link.ts): follow.
      if (this.#op === 'closing' || (this.#op === 'none' && this.#configured)) {
        this.#setOp('restarting');
        this.#history.reset();
        this.#sink.clear();
        this.#changed();
        this.#configure(true);
      }
      return;
    }
    // One answer per configureSession: a duplicated SessionResponse changes nothing.
    if (this.#phase !== 'configuring' && this.#op !== 'restarting') return;
    this.#setOp('none');
    this.info = session;
    this.#unauthorized = 0;
    this.#policy.succeeded();
    this.#refused.clear();
    // A new session after one this page had: files uploaded to the old one are gone (C9).
    if (session.newSession && this.#everReady) this.#outbox.dropStaleAttachments();
    this.#everReady = true;
    this.#outbox.connected(session.newSession);
    this.#setPhase(session.readOnly ? 'read-only' : 'ready');
    this.#events.ready?.({ newSession: session.newSession, readOnly: session.readOnly, authenticated: !!this.#configuredWith });
    this.#heartbeat.start();
    this.#expiry.lasts(session);
    this.#expiry.start();
    if (!session.readOnly) this.uploads?.connected(session.newSession);
    // Auto-start (§2.4(i)): the flow begins (a greeting, a bot) before the customer writes.
    // Through the budget like any onMessage (P7): it counts toward the service's rate.
    if (session.newSession && !session.readOnly && this.#o.autoStart?.()) {
      const join = encode.presence(this.#token, this.#remember(uuid(), 'join'), 'Join', this.#o.attributes?.());
      this.#conn?.transport.queue('message', join);
    }
    // A resumed session may hold a message written before a drop: history decides first.
    // A new session holds none of our messages: nothing to check.
    if (!session.newSession) void this.#check.resume(this.#conn!.history);
    else this.#outbox.pump();
  }

  #onMessage(wire: WireMessage, tracingId?: string): void {
    if (wire.type === 'Receipt') {
      const status = wire.status === 'Read' ? 'read' : wire.status === 'Delivered' ? 'delivered' : undefined;
      if (status && this.#sink.applyReceipt(wire.id, status)) this.#changed();
      return;
    }
    if (wire.type === 'Event') {
      for (const event of wire.events) {
        if (wire.direction !== 'Outbound') continue;
        if (event.eventType === 'Typing') this.#events.agentTyping?.(event.typing.durationMs);
        else if (event.eventType === 'Presence' && event.presence.type === 'Disconnect') {
          if (wire.metadata['readOnly'] === 'true') this.#setPhase('read-only');
          this.#notice('conversation-ended');
        }
      }
      // Presence Join and Disconnect show in the log ("Alex joined").
      const presence = toChatMessage(wire);
      if (presence && this.#sink.upsert(presence)) this.#changed();
      return;
    }
    const message = toChatMessage(wire, wire.direction === 'Inbound' ? tracingId : undefined);
    if (!message) return;
    // Any message extends the session's life (as MT recomputes it on every message).
    this.#expiry.goesOn();
    if (message.from === 'customer') {
      this.#outbox.acknowledge(message);
      this.#events.ownEcho?.(message);
    } else if (this.#sink.upsert(message)) {
      this.#events.agentMessage?.(message);
    }
    this.#changed();
  }

  // ------------------------------------------------------------------ errors (error-policy.ts decides)

  #classify(frame: PolicyInput): PolicyAction {
    const tracingId = frame.kind === 'error' ? frame.tracingId : undefined;
    const text = frame.kind === 'error' ? (frame as { message?: string }).message ?? '' : '';
    return classify(frame, {
      configured: this.#configured,
      op: this.#op,
      answered: tracingId !== undefined ? this.#sent.get(tracingId) : undefined,
      message: tracingId !== undefined && this.#outbox.has(tracingId),
      inFlight: this.#outbox.inFlightWritten !== undefined,
      lastFeature: this.#lastFeature,
      signedIn: !!this.#configuredWith,
      canSignIn: !!this.#o.auth,
      unauthorized: this.#unauthorized,
      text,
    });
  }

  #apply(frame: Extract<ServerFrame, { kind: 'error' | 'session-expired' | 'connection-closed' }>, action: PolicyAction): void {
    const code = frame.kind === 'error' ? frame.code : 0;
    const message = frame.kind === 'error' ? frame.message : '';
    switch (action.act) {
      case 'message':
        if (action.outcome === 'rate') {
          this.#conn?.transport.pause(action.pauseMs ?? 1000);
          return this.#outbox.rateLimited(action.tracingId, action.pauseMs ?? 1000);
        }
        if (this.#outbox.refused(action.tracingId, action.outcome, code, message)) this.#changed();
        else this.#error(code, message);
        return;
      case 'pause':
        this.#conn?.transport.pause(action.pauseMs);
        // A clear or a new start the service refused for the rate is asked again; the paused
        // budget holds it until the wait is over.
        if (action.again === 'clear') this.clear();
        else if (action.again === 'close') this.startNew();
        return;
      case 'upload': {
        if (frame.kind !== 'error') return;
        const refused: UrlRefused = { kind: 'url-refused', errorCode: frame.errorCode ?? code, message };
        if (frame.tracingId) refused.tracingId = frame.tracingId;
        if (frame.attachmentId) refused.attachmentId = frame.attachmentId;
        return this.uploads?.frame(refused);
      }
      case 'feature-off':
        if (action.feature === 'receipt') {
          // Quietly (P3): one error event at most, however many receipts were on their way.
          if (this.#refused.has('receipt')) return;
          this.#refused.add('receipt');
          this.#log(`read receipts refused (${code}): not sent again in this session`);
          return this.#error(code, `Read receipts were refused and are off for this session (${message})`);
        }
        this.#refused.add(action.feature);
        return this.#error(code, message);
      case 'clear-refused':
        // Clearing is not enabled for this deployment: the conversation stays, here too.
        this.#setOp('none');
        return this.#error(code, `The deployment does not allow clearing the conversation (${message})`);
      case 'op-refused':
        this.#setOp('none');
        return this.#error(code, message);
      case 'restart':
        return this.#restartSession(action.notice, code, message);
      case 'new-token':
        // This token may not be resumed (it was signed in, §5.6): a new one, as any session
        // that ended. The conversation so far stays on screen above the divider (it was shown
        // here already), and what waits to be sent goes in the new session.
        return this.#restartSession('session-restarted', code, message);
      case 'refresh-jwt': {
        this.#unauthorized++;
        const conn = this.#conn;
        void this.#o.auth!.refresh().then((fresh) => {
          if (conn !== this.#conn || !conn?.live) return;
          // A failed refresh has signed out; if that connected anew, this connection is gone.
          if (fresh) this.#configure(false);
          else if (this.#o.auth!.jwt()) {
            // Still signed in: the refresh could not be made (offline, 5xx, 429) and the auth
            // tries again by itself. Not a refusal: wait and configure again, with backoff.
            this.#unauthorized--;
            this.#lost('the sign-in could not be refreshed yet');
          } else this.#end('closed');
        });
        return;
      }
      case 'sign-out':
        // Ended before the auth hears it: what it does next (connect anonymously) must stand.
        this.#end('closed');
        return this.#o.auth!.signedOut(action.reason);
      case 'require-sign-in':
        this.#end('closed');
        return this.#o.auth!.required();
      case 'fail':
        this.#error(code, message);
        return this.#end('failed');
      case 'cleared':
        this.#setOp('none');
        this.#policy.fresh();
        return this.#connect();
      case 'closed':
        // Continued signed in elsewhere (§5.6): this anonymous token must not be resumed (P5).
        if (action.forgetToken) this.#storage.renewToken(this.#token);
        this.#error('connection-closed', frame.kind === 'connection-closed' ? (frame.reason ?? '') : '');
        return this.#end('closed');
      case 'ignore':
        return;
      case 'report':
        this.#log(`error ${code}${frame.kind === 'error' && frame.tracingId ? '' : ' (no tracingId)'}: ${message}`);
        return this.#error(code, message);
    }
  }

  /**
   * The session is gone (expired, 4006/4007, 4017): a fresh one on a new token, through the
   * restart guard (C7): the first at once, later ones with backoff (said once to the page when
   * fresh sessions keep dying, never a dead end). The conversation stays, below it a divider
   * says what happened (issue 15 §3); unsent messages go out in the new session.
   */
  #restartSession(notice: 'session-expired' | 'session-restarted', code: number, message: string): void {
    // Backoff like any lost session (C7): never a storm, never given up (the messages wait).
    const delay = this.#policy.sessionEnded();
    if (this.#policy.keepsEnding()) this.#error(code || notice, `${message || 'the session keeps ending'}; trying again with backoff`);
    // Renewed from the token that ended, not the stored one: another tab of this session may
    // have renewed it already (the leader hears the event before its followers), and a
    // second renewal would give the tabs two tokens.
    this.#storage.renewToken(this.#configuredToken ?? this.#token);
    this.#history.reset();
    this.#expiry.reset();
    const last = this.#sink.messages.at(-1);
    if (last && !last.divider) {
      // After everything shown so far, whatever this device's clock says.
      this.#sink.upsert({ id: `divider-${uuid()}`, from: 'agent', text: '', time: Math.max(this.#clock.now(), last.time), divider: notice });
    }
    // Unsent messages are not lost with the session: they go out in the new one.
    this.#outbox.restore();
    this.#outbox.dropStaleAttachments();
    this.#notice(notice);
    this.#changed();
    this.#policy.fresh();
    if (delay === 0) return this.#connect();
    this.#drop();
    this.#setPhase('waiting');
    this.#log(`the session ended again; a new one in ${delay} ms`);
    this.#retry.start(delay, () => this.#connect());
  }

  /** Forgets the conversation: a new token, no outbox, no read horizon. */
  #forget(): void {
    this.#history.reset();
    this.#storage.renewToken(this.#token);
    this.#outbox.clear();
    this.#storage.readHorizon = undefined;
    this.#sink.setReadHorizon(undefined);
    this.#sink.clear();
    this.#changed();
  }

  // ------------------------------------------------------------------ operations

  /** The control operation under way; any but 'none' has a deadline (C10). */
  #setOp(op: Operation): void {
    this.#op = op;
    if (op === 'none') return this.#opTimer.stop();
    this.#opTimer.start(OP_DEADLINE_MS, () => {
      if (this.#op !== op) return;
      this.#op = 'none';
      const what = op === 'clearing' ? 'clear' : 'new-conversation';
      this.#error(`${what}-unanswered`, `The service did not answer the request to ${op === 'clearing' ? 'clear the conversation' : 'start a new conversation'}; try again`);
    });
  }

  // ------------------------------------------------------------------ outbox and history

  #enqueue(input: { text: string; payload?: string; replyType?: 'QuickReply' | 'Button'; attachments?: readonly Attachment[] }): ChatMessage | undefined {
    if (this.#phase === 'read-only' || this.#phase === 'failed') return undefined;
    const message = this.#outbox.enqueue(input);
    this.#changed();
    return message;
  }

  #historyThrough(conn: Connection): HistorySource {
    const session = () => this.#configuredToken ?? this.#token;
    return {
      get live() {
        return conn.live;
      },
      get session() {
        return session();
      },
      getJwt: async () => {
        const tracingId = this.#remember(uuid(), 'jwt');
        const reply = await this.#requests.request({ ...encode.getJwt(session(), tracingId), tracingId });
        return reply?.kind === 'jwt' ? { jwt: reply.jwt, exp: reply.exp } : undefined;
      },
      fetchHistory: (jwt, page, size, signal) => conn.transport.fetchHistory(jwt, page, size, signal),
    };
  }

  #applyHistory(messages: readonly WireMessage[]): number {
    let known = 0;
    /** Our own messages that history gives without a client id, not yet in the conversation. */
    const unkeyed: ChatMessage[] = [];
    for (const wire of messages) {
      const message = toChatMessage(wire);
      if (!message) continue;
      if (this.#sink.get(message.id)) known++;
      if (message.from !== 'customer') this.#sink.upsert(message);
      else if (!message.clientId && !this.#sink.get(message.id)) unkeyed.push(message);
      else this.#outbox.acknowledge(message);
    }
    // Exactly-once must not rest on a key the service may drop (P1): match them by content and time.
    for (let claimed; (claimed = this.#outbox.claim(unkeyed)); ) {
      unkeyed.splice(unkeyed.findIndex((m) => m.id === claimed!.id), 1);
      this.#outbox.acknowledge(claimed);
    }
    // Another tab's messages this tab shows as sending (the shared outbox, shown as the tab
    // loaded): that tab confirms them, from history too, and this tab would wait for an echo
    // that never comes, then show history's copy beside its own (two-tab chaos).
    const now = this.#clock.now();
    for (const shown of this.#sink.messages) {
      if (shown.from !== 'customer' || shown.status !== 'sending' || !shown.tracingId || this.#outbox.has(shown.tracingId)) continue;
      const match = sameContent(shown, unkeyed, now);
      if (!match) continue;
      unkeyed.splice(unkeyed.indexOf(match), 1);
      this.#sink.upsert({ ...match, tracingId: shown.tracingId, ...(shown.clientId ? { clientId: shown.clientId } : {}) });
    }
    for (const message of unkeyed) this.#outbox.acknowledge(message);
    return known;
  }

  // ------------------------------------------------------------------ helpers

  #remember(tracingId: string, kind: FrameKind): string {
    this.#sent.set(tracingId, kind);
    if (this.#sent.size > REMEMBERED_FRAMES) this.#sent.delete(this.#sent.keys().next().value!);
    return tracingId;
  }

  #changed(): void {
    this.#events.changed?.();
  }

  #notice(code: SessionNotice, detail?: { expiresAt: number }): void {
    this.#events.notice?.(code, detail);
  }

  #error(code: number | string, message: string): void {
    this.#events.error?.({ code, message });
  }

  #log(line: string): void {
    (this.#o.log ?? ((l: string) => console.warn(`[genesys-chat] ${l}`)))(line);
  }
}
