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
 * read best together; every part with state of its own lives in a file beside it.
 */
import { toChatMessage } from '../conversation/from-wire.js';
import * as encode from '../protocol/encode.js';
import type { AttachmentFrame, ClientFrame, ServerFrame, SessionInfo, WireMessage } from '../protocol/types.js';
import type { QueueingTransport } from '../transport/budgeted-transport.js';
import { uuid } from '../transport/ids.js';
import type { OutboxEntry } from '../transport/session-storage.js';
import type { Attachment, ChatMessage, ConnectionState, QuickReply } from '../types.js';
import type { ChatSession, ChatSessionEvents, SessionAuth, SessionNotice } from './chat-session.js';
import { type Clock, systemClock, Timer } from './clock.js';
import type { ConversationSink } from './conversation-sink.js';
import { Heartbeat } from './heartbeat.js';
import { HistoryCheck } from './history-check.js';
import { HistoryLoader, type HistoryLimit, type HistorySource } from './history-loader.js';
import { Outbox } from './outbox.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { RequestTracker } from './request-tracker.js';

/** How many sent tracingIds are remembered to attribute errors to their frames. */
const REMEMBERED_FRAMES = 64;

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
/** The one control operation under way, if any. */
type Operation = 'none' | 'closing' | 'restarting' | 'clearing';
type FrameKind = 'configure' | 'jwt' | 'typing' | 'receipt' | 'clear' | 'close' | 'join' | 'attachment';

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
  #sink: ConversationSink;
  #storage: SessionState;
  #events: ChatSessionEvents;
  #phase: Phase = 'idle';
  #state: ConnectionState = 'idle';
  #op: Operation = 'none';
  #conn?: Connection;
  #policy: ReconnectPolicy;
  #retry: Timer;
  #heartbeat: Heartbeat;
  #requests: RequestTracker;
  #outbox: Outbox;
  #history: HistoryLoader;
  #check: HistoryCheck;
  /** tracingId → what the frame was, to tie an error to the frame it answers. */
  #sent = new Map<string, FrameKind>();
  /** The last typing, receipt or clear frame written: what an error without tracingId most likely answers. */
  #lastFeature?: FrameKind;
  /** Features the deployment refused with 403. */
  #refused = new Set<FrameKind>();
  /** The JWT the last configure frame carried (undefined: it was anonymous). */
  #configuredWith?: string;
  /** 401s answered with a refresh since the last ready session (Genesys's SDK stops at 3). */
  #unauthorized = 0;

  constructor(options: GuestSessionOptions) {
    this.#o = options;
    this.#sink = options.sink;
    this.#storage = options.storage;
    this.#events = options.events;
    const clock = options.clock ?? systemClock;
    this.#policy = new ReconnectPolicy(options.random);
    this.#retry = new Timer(clock);
    this.#heartbeat = new Heartbeat(
      clock,
      () => this.#conn?.transport.send(encode.echo(this.#token)),
      () => this.#lost('no answer to echo: the socket is dead'),
    );
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

  // ------------------------------------------------------------------ ChatSession

  start(): void {
    this.#sink.setReadHorizon(this.#storage.readHorizon);
    this.#outbox.restore();
    this.#policy.fresh();
    this.#connect();
  }

  stop(): void {
    this.#retry.stop();
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

  sendQuickReply(reply: QuickReply): ChatMessage | undefined {
    return this.#enqueue({ text: reply.text, payload: reply.payload });
  }

  sendTyping(): boolean {
    const conn = this.#conn;
    if (!conn || this.#phase !== 'ready' || this.#refused.has('typing')) return false;
    const id = this.#remember(uuid(), 'typing');
    return conn.transport.queue('typing', encode.typingOn(this.#token, id), { written: () => (this.#lastFeature = 'typing') });
  }

  markRead(id: string, send = true): void {
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
    this.#op = 'closing';
    // Through the budget, like messages: the rate limit counts every frame.
    this.#conn?.transport.queue('message', encode.closeSession(this.#token, this.#remember(uuid(), 'close')));
  }

  /** Asks the service to clear the conversation (Presence Clear), or clears locally if offline. */
  clear(): void {
    if (!this.#configured) return this.#forget();
    this.#op = 'clearing';
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
    this.#setPhase('opening');
    const transport = this.#o.connect();
    const conn = { transport, live: true } as Connection;
    conn.history = this.#historyThrough(conn);
    this.#conn = conn;
    const live = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
      if (conn.live) fn(...args);
    };
    conn.transport.connect({
      open: live(() => this.#configure(false)),
      frame: live((frame) => this.#onFrame(frame)),
      invalid: live((reason) => this.#error('invalid-frame', reason)),
      close: live(({ code, reason, opened }) => {
        if (this.#policy.closed(opened, this.#o.online?.() ?? true) === 'give-up') {
          // Online, yet the upgrade keeps failing: most likely this origin is not among the
          // deployment's allowed domains (a 403 a browser cannot see). Stop, don't loop.
          this.#drop();
          this.#error('connection-refused', `the connection was refused ${code}${reason ? ` ${reason}` : ''}`);
          this.#setPhase('failed');
          return;
        }
        this.#lost(`socket closed (${code}${reason ? ` ${reason}` : ''})`);
      }),
    });
  }

  #configure(startNew: boolean): void {
    if (!startNew) this.#setPhase('configuring');
    const tracingId = this.#remember(uuid(), 'configure');
    const jwt = (this.#configuredWith = this.#o.auth?.jwt());
    const options = { tracingId, startNew };
    this.#conn?.transport.send(
      jwt
        ? encode.configureAuthenticatedSession(this.#token, this.#o.deploymentId, jwt, options)
        : encode.configureSession(this.#token, this.#o.deploymentId, options),
    );
  }

  /**
   * Signs the session in or out: connects again, with the customer's JWT or without. With
   * `keepToken` the conversation goes on (an upgrade, §6.4); without, it starts afresh
   * (the anonymous conversation stays with the anonymous customer).
   */
  /** Signed out where sign-in is required: forget the conversation and wait. */
  forgetAndStop(): void {
    this.#forget();
    this.stop();
  }

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
    this.#requests.cancelAll();
    this.#outbox.connectionLost();
    this.#check.stop();
    if (conn) this.uploads?.lost();
  }

  #end(phase: 'closed' | 'failed'): void {
    this.#retry.stop();
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
        if (frame.tracingId === encode.HEALTH_CHECK_TRACING_ID) return; // echo reply
        return this.#onMessage(frame.message, frame.tracingId);
      case 'error':
        return this.#onServerError(frame);
      case 'session-expired':
        return this.#restartSession('session-expired');
      case 'session-cleared':
        // The service closes the connection next; that close is expected.
        this.#op = 'clearing';
        return this.#forget();
      case 'connection-closed':
        if (this.#op === 'clearing') {
          this.#op = 'none';
          this.#policy.fresh();
          return this.#connect();
        }
        this.#error('connection-closed', frame.reason ?? '');
        return this.#end('closed');
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
        this.#op = 'restarting';
        this.#history.reset();
        this.#sink.clear();
        this.#changed();
        this.#configure(true);
      }
      return;
    }
    // One answer per configureSession: a duplicated SessionResponse changes nothing.
    if (this.#phase !== 'configuring' && this.#op !== 'restarting') return;
    this.#op = 'none';
    this.info = session;
    this.#unauthorized = 0;
    this.#policy.succeeded();
    this.#refused.clear();
    this.#outbox.connected(session.newSession);
    this.#setPhase(session.readOnly ? 'read-only' : 'ready');
    this.#events.ready?.({ newSession: session.newSession, readOnly: session.readOnly, authenticated: !!this.#configuredWith });
    this.#heartbeat.start();
    if (!session.readOnly) this.uploads?.connected(session.newSession);
    // Auto-start (§2.4(i)): the flow begins (a greeting, a bot) before the customer writes.
    if (session.newSession && !session.readOnly && this.#o.autoStart?.()) {
      const join = encode.presence(this.#token, this.#remember(uuid(), 'join'), 'Join', this.#o.attributes?.());
      this.#conn?.transport.send(join);
    }
    // A resumed session may hold a message written before a drop: history decides first.
    // A new session holds none of our messages: nothing to check.
    if (!session.newSession) void this.#check.run(this.#conn!.history);
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
    if (message.from === 'customer') {
      this.#outbox.acknowledge(message);
      this.#events.ownEcho?.(message);
    } else if (this.#sink.upsert(message)) {
      this.#events.agentMessage?.(message);
    }
    this.#changed();
  }

  #onServerError(frame: Extract<ServerFrame, { kind: 'error' }>): void {
    const { code, tracingId, message } = frame;
    if (code === 429 || frame.errorCode === 4029) {
      this.#conn?.transport.pause((frame.retryAfter ?? 1) * 1000);
      this.#outbox.rateLimited(tracingId);
      // A clear or a new start the service refused for the rate is asked again; the paused
      // budget holds it until the wait is over.
      const kind = tracingId && this.#sent.get(tracingId);
      if (kind === 'clear') this.clear();
      else if (kind === 'close') this.startNew();
      return;
    }
    if (code === 4006 || code === 4007) {
      if (this.#policy.sessionEnded() === 'give-up') {
        // Even a fresh token is refused: retrying would only loop.
        this.#error(code, message);
        return this.#end('failed');
      }
      return this.#restartSession('session-restarted');
    }
    const kind = tracingId ? this.#sent.get(tracingId) : undefined;
    if (frame.errorClass === 'GenerateUrlError' || kind === 'attachment') {
      const refused: UrlRefused = { kind: 'url-refused', errorCode: frame.errorCode ?? code, message };
      if (tracingId) refused.tracingId = tracingId;
      if (frame.attachmentId) refused.attachmentId = frame.attachmentId;
      return this.uploads?.frame(refused);
    }
    if (tracingId) {
      if (this.#outbox.refused(tracingId, code, message)) return this.#changed();
      // Not a frame of this session (another tab's, relayed through this socket): theirs.
      if (!kind) return;
    }
    if (!this.#configured) {
      if (this.#signInRefused(code, message)) return;
      // configureSession refused (deployment unknown, origin not allowed, feature off).
      this.#error(code, message);
      return this.#end('failed');
    }
    if (code === 403) {
      const feature = kind ?? (this.#op === 'clearing' ? 'clear' : this.#lastFeature);
      if (feature === 'clear') {
        // Clearing is not enabled for this deployment: the conversation stays, here too.
        this.#op = 'none';
        return this.#error(code, `The deployment does not allow clearing the conversation (${message})`);
      } else if (feature === 'typing' || feature === 'receipt') this.#refused.add(feature);
    }
    this.#error(code, message);
  }

  /**
   * A configure refused for sign-in reasons (§2.3): 401 refreshes the JWT and tries again
   * (3 times at most); 403 on a signed-in configure ends the sign-in; 403 on an anonymous
   * one means the deployment wants signed-in customers; 4017 means this token was signed in
   * and may not go back to anonymous: a new one does.
   */
  #signInRefused(code: number | string, message: string): boolean {
    const auth = this.#o.auth;
    const jwt = this.#configuredWith;
    if (code === 4017) {
      this.#forget();
      this.#connect();
      return true;
    }
    if (!auth) return false;
    if (jwt && code === 401 && this.#unauthorized++ < 3) {
      const conn = this.#conn;
      void auth.refresh().then((fresh) => {
        if (conn !== this.#conn || !conn?.live) return;
        // A failed refresh has signed out; if that connected anew, this connection is gone.
        if (fresh) this.#configure(false);
        else this.#end('closed');
      });
      return true;
    }
    // Ended before the auth hears it: what it does next (connect anonymously) must stand.
    if (jwt && (code === 401 || code === 403)) {
      this.#end('closed');
      auth.signedOut(code === 401 ? 'expired' : 'rejected');
      return true;
    }
    if (!jwt && code === 403 && /authenticat/i.test(message)) {
      this.#end('closed');
      auth.required();
      return true;
    }
    return false;
  }

  #restartSession(notice: SessionNotice): void {
    this.#storage.renewToken(this.#token);
    this.#history.reset();
    this.#sink.clear();
    // Unsent messages are not lost with the session: they go out in the new one.
    this.#outbox.restore();
    this.#notice(notice);
    this.#policy.fresh();
    this.#connect();
  }

  /** Forgets the conversation: a new token (unless the service keeps it), no outbox, no read horizon. */
  #forget(newToken = true): void {
    this.#history.reset();
    if (newToken) this.#storage.renewToken(this.#token);
    this.#outbox.clear();
    this.#storage.readHorizon = undefined;
    this.#sink.setReadHorizon(undefined);
    this.#sink.clear();
    this.#changed();
  }

  // ------------------------------------------------------------------ outbox and history

  #enqueue(input: { text: string; payload?: string; attachments?: readonly Attachment[] }): ChatMessage | undefined {
    if (this.#phase === 'read-only' || this.#phase === 'failed') return undefined;
    const message = this.#outbox.enqueue(input);
    this.#changed();
    return message;
  }

  #historyThrough(conn: Connection): HistorySource {
    return {
      get live() {
        return conn.live;
      },
      getJwt: async () => {
        const tracingId = this.#remember(uuid(), 'jwt');
        const reply = await this.#requests.request({ ...encode.getJwt(this.#token, tracingId), tracingId });
        return reply?.kind === 'jwt' ? { jwt: reply.jwt, exp: reply.exp } : undefined;
      },
      fetchHistory: (jwt, page, size, signal) => conn.transport.fetchHistory(jwt, page, size, signal),
    };
  }

  #applyHistory(messages: readonly WireMessage[]): number {
    let known = 0;
    for (const wire of messages) {
      const message = toChatMessage(wire);
      if (!message) continue;
      if (this.#sink.get(message.id)) known++;
      if (message.from === 'customer') this.#outbox.acknowledge(message);
      else this.#sink.upsert(message);
    }
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

  #notice(code: SessionNotice): void {
    this.#events.notice?.(code);
  }

  #error(code: number | string, message: string): void {
    this.#events.error?.({ code, message });
  }

  #log(line: string): void {
    (this.#o.log ?? ((l: string) => console.warn(`[genesys-chat] ${l}`)))(line);
  }
}
