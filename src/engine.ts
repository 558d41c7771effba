/**
 * The conversation engine of one `<genesys-chat>`: the message store, the session
 * (SocketController) and typing, wired to the element. It is its own chunk: the first
 * load only has the launcher, and this loads when the chat is opened, when a page script
 * calls `show()`/`send()`, at once with `connect="eager"`, or (after first paint, when the
 * browser is idle) for a returning visitor whose session is stored.
 *
 * It dispatches the element's session events (`genesys-chat-ready`, `-message`, `-typing`,
 * `-state`); they are documented in the element's JSDoc header.
 */
import type { ResolvedConfig } from './config.js';
import type { Json } from './deployment.js';
import { parseSettings, type Settings } from './settings.js';
import { SocketController } from './controllers/socket-controller.js';
import { TypingController } from './controllers/typing-controller.js';
import { MessageStore } from './conversation/message-store.js';
import type { Auth, LoginParams } from './auth/auth.js';
import {
  GenesysChatAuthEvent,
  GenesysChatMessageEvent,
  GenesysChatReadyEvent,
  GenesysChatStateEvent,
  GenesysChatTypingEvent,
} from './conversation-events.js';
import type { GenesysChat } from './genesys-chat.js';
import { MAX_TEXT_LENGTH } from './protocol/limits.js';
import { splitText } from './protocol/split-text.js';
import type { SessionAuth, SessionNotice } from './session/chat-session.js';
import { systemClock } from './session/clock.js';
import { readStored, storageArea, storagePrefix } from './stored.js';
import type { Attachment, ChatError, ChatMessage, ConnectionState, QuickReply } from './types.js';

/** What the engine needs from the element beyond its public properties. */
export interface EngineHooks {
  /** The connection attributes as the element resolved them. */
  config(): ResolvedConfig;
  /** The deployment's config.json as read (undefined without one). */
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

export { MAX_TEXT_LENGTH, splitText };

export class Engine {
  /** The conversation the element renders; the session writes to it. */
  readonly store = new MessageStore();
  readonly socket: SocketController;
  readonly typing: TypingController;
  /** What the status line should say (the panel words it), until the next ready session. */
  notice?: SessionNotice;

  /** The deployment's settings for the conversation (typing, clear, markdown, …). */
  readonly settings: Settings;

  #host: GenesysChat;
  #hooks: EngineHooks;
  /** The signed-in customer: the auth chunk, once loaded. */
  #auth?: Auth;
  #authLoading?: Promise<Auth>;
  /** No session for now: the auth chunk is loading, or sign-in is required and not done. */
  #holding = false;
  /** The service refused an anonymous session. */
  #required = false;
  /** A session has been configured at least once (so a drop is "lost", not "connecting"). */
  everReady = false;
  /** Why the customer was last signed out, if they were. */
  signedOutBecause?: string;
  /** `login()`s waiting for their session. */
  #waiting: { resolve(): void; reject(e: Error): void }[] = [];
  #storedUnread?: number;

  constructor(host: GenesysChat, hooks: EngineHooks) {
    this.#host = host;
    this.#hooks = hooks;
    const { settings, problems } = parseSettings(hooks.deployment());
    this.settings = settings;
    if (problems.length) hooks.report({ code: 'config-invalid', message: `config.json: ${problems.join('; ')}` });
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
        if (s === 'failed') this.#settleLogins(new Error('Sign-in failed: the chat service refused the session'));
        host.dispatchEvent(new GenesysChatStateEvent(s));
      },
      onReady: (s) => {
        this.notice = undefined;
        this.everReady = true;
        // A follower's session is the leader's: whatever it says, the sign-in is in storage.
        if (s.authenticated || !this.socket.isLeader) for (const w of this.#waiting.splice(0)) w.resolve();
        host.dispatchEvent(new GenesysChatReadyEvent({ newSession: s.newSession, readOnly: s.readOnly }));
      },
      onAgentMessage: (m) => {
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
      onOwnEcho: () => this.typing.resetCooldown(),
      // The deployment may hide the agent's typing from the customer.
      onAgentTyping: (ms) => this.settings.agentTyping && this.typing.agentTypingStarted(ms),
      onError: (e) => hooks.report(worded(e)),
      onNotice: (code) => (this.notice = code),
    });
    this.typing = new TypingController(host, {
      sendTyping: () => this.socket.sendTyping(),
      // `disable-typing` on the page wins; without it, the deployment decides.
      disabled: () => host.disableTyping || !this.settings.userTyping,
      onAgentTypingChange: (typing) => host.dispatchEvent(new GenesysChatTypingEvent(typing)),
    });
    // The refresh timer and the other tabs' news only while the element is on the page.
    host.addController({
      hostConnected: () => {
        this.#auth?.resume();
        addEventListener('storage', this.#onStorage);
      },
      hostDisconnected: () => {
        this.#auth?.pause();
        removeEventListener('storage', this.#onStorage);
      },
    });
    // A signed-in customer coming back, or a deployment with sign-in: the session waits for
    // the auth chunk (and, where sign-in is required, for the customer).
    const { target, storage } = hooks.config();
    if (settings.auth.enabled || (target && readStored(storage, target.deploymentId, 'auth'))) {
      this.#holding = true;
      void this.#loadAuth().then((auth) => {
        if (auth.authenticated) host.dispatchEvent(new GenesysChatAuthEvent(true, 'restored'));
        else if (this.signInRequired) host.dispatchEvent(new GenesysChatAuthEvent(false, 'required'));
        this.#holding = this.signInRequired;
        host.requestUpdate();
      }, () => undefined);
    }
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
    return this.#auth?.authenticated ?? false;
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
    const auth = await this.#loadAuth();
    await auth.login(params);
    const ready = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#required = false;
    this.#holding = false;
    // An upgrade keeps the anonymous conversation where the deployment allows it (§6.4).
    // Another tab leads: it connects as the customer when it sees the tokens, and this tab's
    // session follows through it.
    if (this.socket.isLeader) this.socket.reauthenticate(this.settings.auth.allowSessionUpgrade);
    else this.#host.requestUpdate();
    return ready;
  }

  /** Revokes the sign-in and forgets the conversation in this browser. */
  async logout(): Promise<void> {
    const auth = this.#auth ?? (this.#authLoading && (await this.#authLoading));
    await auth?.logout();
  }

  /** What the session uses to sign in: whatever the auth chunk says, once loaded. */
  #sessionAuth: SessionAuth = {
    jwt: () => this.#auth?.jwt(),
    refresh: () => this.#auth?.refresh() ?? Promise.resolve(undefined),
    signedOut: (reason) => this.#auth?.signedOut(reason),
    required: () => {
      this.#required = true;
      this.#holding = true;
      this.#settleLogins(new Error('Sign-in is required'));
      this.#host.dispatchEvent(new GenesysChatAuthEvent(false, 'required'));
      this.#host.requestUpdate();
    },
  };

  #loadAuth(): Promise<Auth> {
    const { target, storage } = this.#hooks.config();
    this.#authLoading ??= import('./auth/auth.js').then(({ Auth }) => {
      this.#auth = new Auth({
        apiUrl: target?.apiUrl ?? '',
        deploymentId: target?.deploymentId ?? '',
        storage,
        leader: () => this.socket.isLeader,
        required: () => this.#sessionAuth.required(),
        changed: (authenticated, reason) => this.#authChanged(authenticated, reason),
        clock: systemClock,
      });
      // Created paused (C11): it runs only while the element is on the page.
      if (this.#host.isConnected) this.#auth.resume();
      return this.#auth;
    });
    return this.#authLoading;
  }

  /** Every change of sign-in state: tell the page, and connect as the customer now is. */
  #authChanged(authenticated: boolean, reason: string): void {
    this.#host.dispatchEvent(new GenesysChatAuthEvent(authenticated, reason));
    this.signedOutBecause = authenticated ? undefined : reason;
    if (reason === 'login') return; // login() connects itself
    if (!authenticated) this.#settleLogins(new Error('Sign-in failed: the chat service refused the sign-in'));
    this.#holding = this.signInRequired;
    if (this.#holding) this.#host.dispatchEvent(new GenesysChatAuthEvent(false, 'required'));
    // The leading tab (or the only one) connects as the customer now is; signed out, this
    // browser forgets the conversation. The other tabs follow through the leader's socket.
    if (this.#holding) this.socket.suspend();
    else if (this.socket.isLeader) this.socket.reauthenticate(authenticated && this.settings.auth.allowSessionUpgrade);
    else if (!authenticated) this.store.clear();
    this.#host.requestUpdate();
  }

  /** Another tab signed the customer in before this one ever needed the auth chunk. */
  #onStorage = (e: StorageEvent): void => {
    const { target } = this.#hooks.config();
    if (this.#auth || !e.newValue || !target || e.key !== `${storagePrefix(target.deploymentId)}auth`) return;
    void this.#loadAuth().then((auth) => auth.authenticated && this.#authChanged(true, 'other-tab'));
  };

  #settleLogins(error: Error): void {
    for (const w of this.#waiting.splice(0)) w.reject(error);
  }

  /** Queues a customer message (text, uploaded attachments or both); false (with an error event) when it cannot be sent. */
  send(text: string, attachments?: readonly Attachment[]): boolean {
    if (text.length > MAX_TEXT_LENGTH) {
      this.#hooks.report({ code: 4011, message: `Message is longer than ${MAX_TEXT_LENGTH} characters` });
      return false;
    }
    const sent = this.socket.sendText(text, attachments) !== undefined;
    if (sent) this.#conversationGoesOn();
    return sent;
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
