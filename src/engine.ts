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
import {
  GenesysChatMessageEvent,
  GenesysChatReadyEvent,
  GenesysChatStateEvent,
  GenesysChatTypingEvent,
} from './conversation-events.js';
import type { GenesysChat } from './genesys-chat.js';
import { MAX_TEXT_LENGTH } from './protocol/limits.js';
import type { SessionNotice } from './session/chat-session.js';
import { storageArea, storagePrefix } from './stored.js';
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

export { MAX_TEXT_LENGTH };

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
      autoStart: () => this.settings.autoStart,
      ratePerSecond: () => (host.rateLimit > 0 ? host.rateLimit : 2),
      transportFactory: () => host.transportFactory,
      onState: (s) => host.dispatchEvent(new GenesysChatStateEvent(s)),
      onReady: (s) => {
        this.notice = undefined;
        host.dispatchEvent(new GenesysChatReadyEvent({ newSession: s.newSession, readOnly: s.readOnly }));
      },
      onAgentMessage: (m) => {
        this.#conversationGoesOn();
        this.typing.agentMessageArrived();
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
  }

  get messages(): readonly ChatMessage[] {
    return this.store.messages;
  }

  get state(): ConnectionState {
    return this.socket.state;
  }

  /** Agent messages the person has not seen (no badge with `disable-receipts`). */
  get unread(): number {
    return this.#host.disableReceipts ? 0 : this.store.unreadCount();
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
