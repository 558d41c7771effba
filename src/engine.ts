/**
 * The conversation engine of one `<genesys-chat>`: the message store, the session
 * (SocketController) and typing, wired to the element. It is its own chunk: the first
 * load only has the launcher, and this loads when the chat is opened, when a page script
 * calls `show()`/`send()`, at once with `connect="eager"`, or (after first paint, when the
 * browser is idle) for a returning visitor whose session is stored.
 *
 * It dispatches the element's session events (`genesys-chat-ready`, `-message`, `-typing`,
 * `-state`); they are documented in the element's JSDoc header. It knows the element only as
 * an `EngineHost` (host-types.ts).
 *
 * Nothing given to `send()` is dropped: a text that no session can take yet (the sign-in
 * chunk is loading, the element is off the page) is kept here until one does; one that
 * cannot be sent at all is refused with an error event that says why.
 *
 * Sign-in is the auth chunk's (auth/sign-in-flow.ts, with the Auth): here is only what
 * decides when it loads and what holds the session meanwhile.
 *
 * (Over 300 lines: the send path (kept texts, splitting) and the session's wiring read
 * best together.)
 */
import type { ResolvedConfig } from './config.js';
import type { Json } from './json.js';
import { parseSettings, type Settings } from './settings.js';
import type { EngineHost } from './host-types.js';
import { SocketController } from './controllers/socket-controller.js';
import { TypingController } from './controllers/typing-controller.js';
import { MessageStore } from './conversation/message-store.js';
import type { LoginParams } from './auth/auth.js';
import type { SignInFlow } from './auth/sign-in-flow.js';
import {
  GenesysChatAuthEvent,
  GenesysChatMessageEvent,
  GenesysChatReadyEvent,
  GenesysChatStateEvent,
  GenesysChatTypingEvent,
} from './conversation-events.js';
import { MAX_TEXT_LENGTH } from './protocol/limits.js';
import type { splitText } from './protocol/split-text.js';
import type { SessionAuth, SessionNotice } from './session/chat-session.js';
import { readStored, storageArea, storagePrefix, unsentTexts } from './stored.js';
import type { Attachment, ChatError, ChatMessage, ConnectionState, QuickReply } from './types.js';

/** What the engine needs from the element beyond its public properties. */
export interface EngineHooks {
  /** The connection attributes as the element resolved them. */
  config(): ResolvedConfig;
  /** The deployment's config.json as last read (undefined without one): it may land late. */
  deployment(): Json | undefined;
  /** A `genesys-chat-error` event and a log line. */
  report(error: ChatError): void;
}

/** Error texts for the codes the session reports without words of its own. */
function worded(e: ChatError): ChatError {
  if (e.code === 'connection-refused') {
    return { code: e.code, message: "The chat service refused the connection. Is this site in the deployment's allowed domains?" };
  }
  if (e.code === 'connection-closed') {
    const message = e.message === 'signedIn' ? 'This chat continued on another device.' : 'This chat was closed because it is open in too many places.';
    return { code: e.code, message };
  }
  return e;
}

export { MAX_TEXT_LENGTH };

export class Engine {
  /** The conversation the element renders; the session writes to it. */
  readonly store = new MessageStore();
  readonly socket: SocketController;
  readonly typing: TypingController;
  /** What the status line should say (the panel words it), until the next ready session. */
  notice?: SessionNotice;

  #host: EngineHost;
  #hooks: EngineHooks;
  /** Sign-in (the auth chunk), once loaded. */
  #signIn?: SignInFlow;
  #signInLoading?: Promise<SignInFlow>;
  /** No session for now: the auth chunk is loading, or sign-in is required and not done. */
  #holding = false;
  /** The service refused an anonymous session. */
  #required = false;
  /** A session has been configured at least once (so a drop is "lost", not "connecting"). */
  everReady = false;
  #storedUnread?: number;
  /** The config.json the settings were read from, and what they say. */
  #settingsOf?: Json;
  #settings?: Settings;
  /** The splitting of texts over the service's limit (split-text.ts): a chunk, loaded for the first such text. */
  #split?: typeof splitText;
  #splitting?: Promise<typeof splitText>;
  /** Kept texts wait for it (one chain). */
  #splitWait?: Promise<void>;
  /**
   * Texts no session could take yet (before the engine, sign-in loading, the element off the
   * page), oldest first. Kept in storage (stored.ts), so a reload before a session starts
   * loses none; a session's outbox keeps them from there on.
   */
  get #unsent(): string[] {
    const { target, storage } = this.#hooks.config();
    return target ? unsentTexts(storage, target.deploymentId) : [];
  }

  set #unsent(texts: readonly string[]) {
    const { target, storage } = this.#hooks.config();
    if (target) unsentTexts(storage, target.deploymentId, texts);
  }

  constructor(host: EngineHost, hooks: EngineHooks) {
    this.#host = host;
    this.#hooks = hooks;
    // First of the engine's controllers: the sign-in's hold is decided before the socket's
    // update builds a session, and kept texts go once it has.
    host.addController({
      // The refresh timer and the other tabs' news only while the element is on the page.
      hostConnected: () => {
        this.#signIn?.auth.resume();
        addEventListener('storage', this.#onStorage);
      },
      hostDisconnected: () => {
        this.#signIn?.auth.pause();
        removeEventListener('storage', this.#onStorage);
      },
      hostUpdate: () => this.#followSettings(),
      hostUpdated: () => this.#sendUnsent(),
    });
    this.socket = new SocketController(host, {
      store: this.store,
      target: () => hooks.config().target,
      storage: () => hooks.config().storage,
      customAttributes: () => attributes(host.customAttributes),
      hold: () => this.#holding,
      auth: () => this.#sessionAuth,
      autoStart: () => this.settings.autoStart,
      ratePerSecond: () => (host.rateLimit > 0 ? host.rateLimit : 2),
      transportFactory: () => host.transportFactory,
      onState: (s) => {
        if (s === 'failed') this.#signIn?.settle(new Error('Sign-in failed: the chat service refused the session'));
        host.dispatchEvent(new GenesysChatStateEvent(s));
      },
      onReady: (s) => {
        this.notice = undefined;
        this.everReady = true;
        this.#signIn?.ready(!!s.authenticated);
        host.dispatchEvent(new GenesysChatReadyEvent({ newSession: s.newSession, readOnly: s.readOnly }));
      },
      events: {
        agentMessage: (m) => {
          this.#conversationGoesOn();
          this.typing.agentMessageArrived();
          // A live message (history never comes here) the person does not see: the title's count
          // (tab hidden) and the chime (`sound`; the leading tab's only) are a chunk, loaded now,
          // that then follows every update and message itself.
          if (host.hasAttribute('sound') ? document.hidden || !host.open : document.hidden && !host.hasAttribute('disable-title-badge')) {
            import('./attention.js').then((a) => a.attend(host, this), () => undefined);
          }
          host.dispatchEvent(new GenesysChatMessageEvent(m));
        },
        ownEcho: () => this.typing.resetCooldown(),
        // The deployment may hide the agent's typing from the customer.
        agentTyping: (ms) => this.settings.agentTyping && this.typing.agentTypingStarted(ms),
        error: (e) => hooks.report(worded(e)),
        notice: (code) => {
          this.notice = code;
          host.requestUpdate();
        },
        noticeOver: (code) => {
          if (this.notice === code) this.notice = undefined;
          host.requestUpdate();
        },
      },
    });
    this.typing = new TypingController(host, {
      sendTyping: () => this.socket.sendTyping(),
      // `disable-typing` on the page wins; without it, the deployment decides.
      disabled: () => host.disableTyping || !this.settings.userTyping,
      onAgentTypingChange: (typing) => host.dispatchEvent(new GenesysChatTypingEvent(typing)),
    });
    const { target, storage } = hooks.config();
    this.#followSettings(!!target && !!readStored(storage, target.deploymentId, 'auth'));
  }

  /**
   * The deployment's settings for the conversation (typing, clear, markdown, …), read from
   * the latest config.json: one that lands after the launcher's deadline applies when it does.
   */
  get settings(): Settings {
    const raw = this.#hooks.deployment();
    if (!this.#settings || raw !== this.#settingsOf) {
      const { settings, problems } = parseSettings(raw);
      this.#settingsOf = raw;
      this.#settings = settings;
      if (problems.length) this.#hooks.report({ code: 'config-invalid', message: `config.json: ${problems.join('; ')}` });
    }
    return this.#settings;
  }

  /**
   * A signed-in customer coming back (`stored`), or a deployment with sign-in (also one whose
   * config.json landed late): the session waits for the auth chunk (and, where sign-in is
   * required, for the customer). A session already up stays; the sign-in applies to the next.
   */
  #followSettings(stored = false): void {
    if (this.#signInLoading || !(stored || this.settings.auth.enabled)) return;
    this.#holding = true;
    void this.#loadSignIn().then((flow) => flow.arrived(), () => undefined);
  }

  get messages(): readonly ChatMessage[] {
    return this.store.messages;
  }

  get state(): ConnectionState {
    return this.socket.state;
  }

  /** Agent messages the person has not seen, whether or not receipts go to the service. */
  get unread(): number {
    return this.store.unreadCount();
  }

  /** Keeps the unread count in storage, so the next page's first load shows the badge. */
  rememberUnread(count: number): void {
    const { target, storage } = this.#hooks.config();
    if (count === this.#storedUnread || !target) return;
    this.#storedUnread = count;
    try {
      const area = storageArea(storage);
      const key = `${storagePrefix(target.deploymentId)}unread`;
      if (count) area?.setItem(key, String(count));
      else area?.removeItem(key);
    } catch {
      /* blocked or full: the badge is a convenience */
    }
  }

  // ------------------------------------------------------------------ sign-in

  /** The customer is signed in (authenticated messaging). */
  get authenticated(): boolean {
    return this.#signIn?.auth.authenticated ?? false;
  }

  /** Why the customer was last signed out, if they were. */
  get signedOutBecause(): string | undefined {
    return this.#signIn?.signedOutBecause;
  }

  /** The deployment wants signed-in customers and this one is not: no anonymous chat. */
  get signInRequired(): boolean {
    const { enabled, allowSessionUpgrade } = this.settings.auth;
    return !this.authenticated && (this.#required || (enabled && !allowSessionUpgrade));
  }

  /**
   * Signs the customer in with the identity provider's code; settles when the signed-in
   * session is configured, or rejects with an Error that names no secret.
   */
  async login(params: LoginParams): Promise<void> {
    return (await this.#loadSignIn()).login(params);
  }

  /** Revokes the sign-in and forgets the conversation in this browser. */
  async logout(): Promise<void> {
    const flow = this.#signIn ?? (this.#signInLoading && (await this.#signInLoading));
    await flow?.auth.logout();
  }

  /** What the session uses to sign in: whatever the auth chunk says, once loaded. */
  #sessionAuth: SessionAuth = {
    jwt: () => this.#signIn?.auth.jwt(),
    refresh: () => this.#signIn?.auth.refresh() ?? Promise.resolve(undefined),
    signedOut: (reason) => this.#signIn?.auth.signedOut(reason),
    required: () => {
      this.#required = true;
      this.#holding = true;
      this.#signIn?.settle(new Error('Sign-in is required'));
      this.#host.dispatchEvent(new GenesysChatAuthEvent(false, 'required'));
      this.#host.requestUpdate();
    },
  };

  /** The auth chunk and its sign-in flow, loaded once. */
  #loadSignIn(): Promise<SignInFlow> {
    this.#signInLoading ??= import('./auth/sign-in-flow.js').then(({ SignInFlow }) => {
      return (this.#signIn = new SignInFlow(this, {
        host: this.#host,
        config: this.#hooks.config,
        hold: (holding) => (this.#holding = holding),
        signedIn: () => (this.#required = this.#holding = false),
        required: () => this.#sessionAuth.required(),
      }));
    });
    return this.#signInLoading;
  }

  /** Another tab signed the customer in before this one ever needed the auth chunk. */
  #onStorage = (e: StorageEvent): void => {
    const { target } = this.#hooks.config();
    if (this.#signIn || !e.newValue || !target || e.key !== `${storagePrefix(target.deploymentId)}auth`) return;
    void this.#loadSignIn().then((flow) => flow.auth.authenticated && flow.changed(true, 'other-tab'));
  };

  /**
   * Queues a customer message (text, uploaded attachments or both). A text over the service's
   * limit goes in order as parts (splitText), never cut; a text no session can take yet is
   * kept until one does, behind what was kept before it. False, with an error event that says
   * why, when it cannot be sent: the conversation read-only or failed, sign-in required.
   */
  send(text: string, attachments?: readonly Attachment[]): boolean {
    if (!this.sendable()) return false;
    let kept = [text];
    if (attachments?.length) {
      // Files belong to the session they were uploaded to: they go now, with the text's first
      // part (over the limit, the panel has the splitting chunk before it sends).
      const parts = text.length > MAX_TEXT_LENGTH ? this.#split?.(text) : kept;
      if (!parts) return this.#refuse({ code: 'load-failed', message: 'Not sent: the splitting of long texts is not loaded yet' });
      if (this.#unsent.length || this.socket.sendText(parts[0]!, attachments) === undefined) {
        return this.#refuse({ code: 'not-connected', message: 'Not sent: the chat is not connected' });
      }
      kept = parts.slice(1);
    }
    this.#unsent = [...this.#unsent, ...kept.filter((t) => t)];
    this.#sendUnsent();
    this.#conversationGoesOn();
    return true;
  }

  /** The splitting of texts over the limit, loaded the first time (one import for every caller). */
  splitter(): Promise<typeof splitText> {
    return (this.#splitting ??= import('./protocol/split-text.js').then((m) => (this.#split = m.splitText)));
  }

  /**
   * True when `send()` would take a message now (send it or keep it for the session);
   * otherwise an error event says why. The panel asks before its cancelable
   * `genesys-chat-send` event, so that event is only fired for a message that goes.
   */
  sendable(): boolean {
    const why = this.#refusal();
    return why ? this.#refuse(why) : true;
  }

  /** Why a text cannot be sent now, or undefined (it goes, or is kept until it can). */
  #refusal(): ChatError | undefined {
    // No deployment to talk to (a missing id, a refused URL): no session will ever take it.
    if (!this.#hooks.config().target) return { code: 'invalid-config', message: 'Not sent: the element has no valid deployment-id and region or socket-url' };
    // Known only once the auth chunk has read the stored sign-in.
    if (this.#signIn && this.signInRequired) return { code: 'sign-in-required', message: 'Not sent: the customer must sign in first' };
    const state = this.socket.state;
    if (state === 'read-only') return { code: 'read-only', message: 'Not sent: the conversation has ended (start a new one)' };
    if (state === 'failed') return { code: 'not-connected', message: 'Not sent: the chat service refused the session' };
    return undefined;
  }

  #refuse(error: ChatError): false {
    this.#hooks.report(error);
    return false;
  }

  /**
   * After each update (a session may have been built): kept texts go, oldest first. One over
   * the limit is replaced by its parts once the splitting chunk is here; until then it and
   * the texts behind it stay kept (in storage: neither a reload nor a failed load loses them).
   */
  #sendUnsent(): void {
    for (let unsent = this.#unsent; unsent.length; unsent = this.#unsent) {
      const text = unsent[0]!;
      if (text.length > MAX_TEXT_LENGTH) {
        if (!this.#split) {
          // Sent on once the splitting is here; the texts behind it wait, so their order stays.
          // If it cannot load, they stay kept (a reload tries again), and an error says so once.
          this.#splitWait ??= this.splitter().then(
            () => this.#sendUnsent(),
            (e: unknown) => this.#hooks.report({ code: 'load-failed', message: `Could not load the splitting of long texts (kept until a reload): ${String(e)}` }),
          );
          return;
        }
        this.#unsent = [...this.#split(text), ...unsent.slice(1)];
        continue;
      }
      const why = this.#refusal();
      // Waiting for the customer's sign-in, or for a session: kept.
      if (why?.code === 'sign-in-required' || (!why && this.socket.sendText(text) === undefined)) return;
      // In the session's outbox now (or refused, and said so): no longer kept here.
      this.#unsent = unsent.slice(1);
      if (why) this.#hooks.report({ code: why.code, message: `${why.message}: "${text.slice(0, 40)}"` });
    }
  }

  /** After an end that still takes messages (disconnect mode `Send`), writing again goes on. */
  #conversationGoesOn(): void {
    if (this.notice === 'conversation-ended') this.notice = undefined;
  }

  sendQuickReply(reply: QuickReply): void {
    this.socket.sendQuickReply(reply);
  }

  clear(): void {
    this.socket.clear();
  }
}

function attributes(attrs: unknown): Record<string, string> | undefined {
  if (!attrs || typeof attrs !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v != null) out[k] = String(v);
  return out;
}
