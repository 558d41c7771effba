import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ReadReceiptController } from './controllers/read-receipt-controller.js';
import { SocketController } from './controllers/socket-controller.js';
import { MessageStore } from './conversation/message-store.js';
import { TypingController } from './controllers/typing-controller.js';
import {
  GenesysChatCloseEvent,
  GenesysChatErrorEvent,
  GenesysChatMessageEvent,
  GenesysChatOpenEvent,
  GenesysChatReadEvent,
  GenesysChatReadyEvent,
  GenesysChatSendEvent,
  GenesysChatStateEvent,
  GenesysChatTypingEvent,
} from './events.js';
import { MAX_TEXT_LENGTH } from './protocol/encode.js';
import {
  DEFAULT_REGION_DOMAIN,
  apiUrlFor,
  apiUrlFromSocketUrl,
  resolveRegion,
  socketUrlFor,
  withDeploymentId,
} from './protocol/regions.js';
import { styles } from './genesys-chat.styles.js';
import type { StorageKind } from './transport/session-storage.js';
import type { TransportFactory, TransportOptions } from './transport/transport.js';
import type { ChatError, ChatMessage, ConnectionState, QuickReply } from './types.js';

const STORAGE_KINDS: readonly StorageKind[] = ['local', 'session', 'none'];
const DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const stateText: Record<ConnectionState, string> = {
  idle: '',
  connecting: 'Connecting…',
  ready: '',
  reconnecting: 'Connection lost. Reconnecting…',
  'read-only': 'This conversation has ended.',
  closed: 'Disconnected.',
  failed: 'Chat is unavailable right now.',
};

const statusText = { sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent' };

/**
 * A Genesys Cloud web messaging conversation in one element.
 *
 * @summary Chat launcher and panel speaking the Genesys Web Messaging guest protocol.
 *
 * @fires {GenesysChatReadyEvent} genesys-chat-ready - The session is configured.
 * @fires {GenesysChatOpenEvent} genesys-chat-open - The person opened the panel.
 * @fires {GenesysChatCloseEvent} genesys-chat-close - The person closed the panel.
 * @fires {GenesysChatSendEvent} genesys-chat-send - The person submitted a message (cancelable).
 * @fires {GenesysChatMessageEvent} genesys-chat-message - An agent message arrived.
 * @fires {GenesysChatReadEvent} genesys-chat-read - Agent messages were seen and marked read.
 * @fires {GenesysChatTypingEvent} genesys-chat-typing - The agent started or stopped typing.
 * @fires {GenesysChatStateEvent} genesys-chat-state - The connection state changed.
 * @fires {GenesysChatErrorEvent} genesys-chat-error - Something went wrong (detail: code, message).
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart panel - The chat window.
 * @csspart header - The panel's title bar.
 * @csspart status - The connection status line.
 * @csspart log - The message list (`role="log"`).
 * @csspart message - A message bubble; also `agent` or `customer`, and `failed`.
 * @csspart receipt - A customer message's delivery status.
 * @csspart retry - The retry control of a failed message.
 * @csspart quick-reply - A quick-reply button.
 * @csspart typing-indicator - "Agent is typing".
 * @csspart composer - The input area.
 * @csspart input - The text area.
 * @csspart send-button - The send button.
 *
 * @cssprop [--genesys-chat-accent=#0b57d0] - Brand colour: launcher, header, own bubbles.
 * @cssprop [--genesys-chat-accent-fg=#fff] - Text on the accent colour.
 * @cssprop [--genesys-chat-font-family=system-ui] - Font.
 * @cssprop [--genesys-chat-font-size=15px] - Base font size.
 * @cssprop [--genesys-chat-radius=14px] - Corner radius of panel and bubbles.
 * @cssprop [--genesys-chat-bg=#fff] - Panel background.
 * @cssprop [--genesys-chat-fg=#1f1f1f] - Panel text.
 * @cssprop [--genesys-chat-muted-fg=#5f6368] - Secondary text.
 * @cssprop [--genesys-chat-error-fg=#b3261e] - Errors and the unread badge.
 * @cssprop [--genesys-chat-agent-bubble-bg=#f1f3f4] - Agent bubble background.
 * @cssprop [--genesys-chat-agent-bubble-fg=#1f1f1f] - Agent bubble text.
 * @cssprop [--genesys-chat-customer-bubble-bg=accent] - Customer bubble background.
 * @cssprop [--genesys-chat-customer-bubble-fg=accent-fg] - Customer bubble text.
 * @cssprop [--genesys-chat-width=380px] - Panel width.
 * @cssprop [--genesys-chat-height=560px] - Panel height.
 * @cssprop [--genesys-chat-z-index=2147483000] - Stacking order.
 * @cssprop [--genesys-chat-offset=20px] - Distance from the viewport corner.
 */
export class GenesysChat extends LitElement {
  static override styles = styles;

  // Reactive properties (declared here rather than with decorators: smaller build).
  static override properties = {
    deploymentId: { attribute: 'deployment-id' },
    region: {},
    socketUrl: { attribute: 'socket-url' },
    apiUrl: { attribute: 'api-url' },
    open: { type: Boolean, reflect: true },
    heading: {},
    lang: {},
    disableTyping: { type: Boolean, attribute: 'disable-typing', reflect: true },
    disableReceipts: { type: Boolean, attribute: 'disable-receipts', reflect: true },
    storage: {},
    rateLimit: { type: Number, attribute: 'rate-limit' },
    customAttributes: { attribute: false },
    transportFactory: { attribute: false },
    notice: { state: true },
    draft: { state: true },
  };

  /** Genesys Messenger deployment id (required). */
  deploymentId = '';

  /** Region: a domain (`euw2.pure.cloud`), region id (`eu-west-2`) or environment (`prod-euw2`). */
  region = DEFAULT_REGION_DOMAIN;

  /** Full WebSocket URL override (a proxy, or the local simulator). */
  socketUrl = '';

  /** REST base override; defaults from `region`, or from the origin of `socket-url`. */
  apiUrl = '';

  /** The panel is open (otherwise only the launcher shows). */
  open = false;

  /** Panel title. */
  heading = 'Chat with us';

  /** UI language (BCP 47); used for times. Unset: the page's language. */
  declare lang: string;

  /** Never tell the agent that the person is typing. */
  disableTyping = false;

  /** Never send read receipts. */
  disableReceipts = false;

  /** Where the session token and unsent messages live: `local`, `session` or `none`. */
  storage: StorageKind = 'local';

  /** Frames per second of the shared client-side budget (the per-session rate limit). */
  rateLimit = 2;

  /** Genesys custom attributes (participant data) sent with messages. String values only. */
  customAttributes: Record<string, string> = {};

  /** Test seam: replaces the WebSocket transport. */
  transportFactory?: TransportFactory;

  private notice = '';
  private draft = '';

  private get logElement(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('[part="log"]') ?? null;
  }
  private get inputElement(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector<HTMLTextAreaElement>('[part="input"]') ?? null;
  }
  private get launcherElement(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector<HTMLButtonElement>('[part="launcher"]') ?? null;
  }

  #reportedConfig = '';
  #stickToBottom = true;
  #pinned = true;

  #store = new MessageStore();
  #socket = new SocketController(this, {
    store: this.#store,
    target: () => this.#target(),
    storage: () => (STORAGE_KINDS.includes(this.storage) ? this.storage : 'local'),
    customAttributes: () => this.#attributes(),
    ratePerSecond: () => (this.rateLimit > 0 ? this.rateLimit : 2),
    transportFactory: () => this.transportFactory,
    onState: (s) => this.dispatchEvent(new GenesysChatStateEvent(s)),
    onReady: (s) => {
      this.notice = '';
      this.dispatchEvent(new GenesysChatReadyEvent({ newSession: s.newSession, readOnly: s.readOnly }));
    },
    onAgentMessage: (m) => {
      this.#typing.agentMessageArrived();
      this.dispatchEvent(new GenesysChatMessageEvent(m));
    },
    onOwnEcho: () => this.#typing.resetCooldown(),
    onAgentTyping: (ms) => this.#typing.agentTypingStarted(ms),
    onError: (e) =>
      this.#reportError(
        e.code === 'connection-refused'
          ? { code: e.code, message: "The chat service refused the connection. Is this site in the deployment's allowed domains?" }
          : e.code === 'connection-closed'
            ? { code: e.code, message: e.message === 'signedIn' ? 'This chat continued on another device.' : 'This chat was closed because it is open in too many places.' }
            : e,
      ),
    onNotice: (code) =>
      (this.notice = {
        'session-expired': 'Your previous chat session expired, so a new one was started.',
        'session-restarted': 'Your previous chat session ended, so a new one was started.',
        'conversation-ended': 'The conversation has ended.',
      }[code]),
  });

  #typing = new TypingController(this, {
    sendTyping: () => this.#socket.sendTyping(),
    disabled: () => this.disableTyping,
    onAgentTypingChange: (typing) => this.dispatchEvent(new GenesysChatTypingEvent(typing)),
  });

  #receipts = new ReadReceiptController(this, {
    root: () => this.logElement,
    active: () => this.open && !this.disableReceipts,
    isKnownRead: (id) => this.#store.isRead(id),
    onFlush: (ids, newest) => {
      this.#socket.sendReceipt(newest);
      this.dispatchEvent(new GenesysChatReadEvent(ids));
      this.requestUpdate();
    },
  });

  // ------------------------------------------------------------------ public API

  /** The conversation as shown (read-only snapshot). */
  get messages(): readonly ChatMessage[] {
    return this.#store.messages;
  }

  /** Connection state. */
  get connectionState(): ConnectionState {
    return this.#socket.state;
  }

  /** Opens the panel. */
  show(): void {
    this.open = true;
  }

  /** Closes the panel. */
  hide(): void {
    this.open = false;
  }

  /** Opens or closes the panel. */
  toggle(): void {
    this.open = !this.open;
  }

  /** Sends a message as the customer. Returns false when there was nothing to send or no session. */
  send(text: string): boolean {
    const clean = typeof text === 'string' ? text.trim() : '';
    if (!clean) {
      this.#reportError({ code: 'invalid-argument', message: 'send() needs non-empty text' });
      return false;
    }
    if (clean.length > MAX_TEXT_LENGTH) {
      this.#reportError({ code: 4011, message: `Message is longer than ${MAX_TEXT_LENGTH} characters` });
      return false;
    }
    return this.#socket.sendText(clean) !== undefined;
  }

  /** Clears the conversation (Presence Clear where the deployment allows it) and starts afresh. */
  clearConversation(): void {
    this.#receipts.reset();
    this.#socket.clear();
  }

  // ------------------------------------------------------------------ lifecycle

  override willUpdate(changed: PropertyValues<this>): void {
    // New messages keep the log pinned to the bottom unless the person scrolled up to read.
    const log = this.logElement;
    this.#pinned = !log || this.#stickToBottom || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    if (changed.has('deploymentId') || changed.has('region') || changed.has('socketUrl') || changed.has('storage')) {
      this.#validateConfig();
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (this.#pinned || (changed.has('open') && this.open)) this.#scrollToBottom();
  }

  protected override render() {
    const panelId = 'genesys-chat-panel';
    const unread = this.open ? 0 : this.#unreadCount();
    return html`
      <section part="panel" id=${panelId} role="dialog" aria-label=${this.heading} ?hidden=${!this.open} @keydown=${this.#onPanelKeydown}>
        <header part="header">
          <h2>${this.heading}</h2>
          <button class="icon-button" aria-label="Close chat" @click=${this.#onClose}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7l-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z" /></svg>
          </button>
        </header>
        <div part="status" role="status">${this.notice || stateText[this.#socket.state]}${this.#socket.state === 'failed' || this.#socket.state === 'closed'
            ? html` <button class="link" @click=${() => this.#socket.reconnectNow()}>Try again</button>`
            : nothing}</div>
        <div part="log" role="log" aria-live="polite" aria-label="Messages" tabindex="0" @scroll=${this.#onScroll}>
          ${this.#socket.hasOlder ? html`<button class="older" @click=${() => this.#socket.loadOlder()}>Load earlier messages</button>` : nothing}
          ${this.messages.length === 0 ? html`<p class="empty">Send us a message. We usually reply in a few minutes.</p>` : nothing}
          ${repeat(this.messages, (m) => m.id, (m, i) => this.#renderMessage(m, i === this.messages.length - 1))}
        </div>
        ${this.#renderTyping()} ${this.#socket.state === 'read-only' ? this.#renderEnded() : this.#renderComposer()}
      </section>
      <button
        part="launcher"
        aria-label=${this.open ? 'Close chat' : unread ? `Open chat, ${unread} unread` : 'Open chat'}
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls=${panelId}
        @click=${this.#onLauncher}
      >
        ${this.open
          ? html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z" /></svg>`
          : html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" /></svg>`}
        ${unread ? html`<span class="badge" aria-hidden="true">${unread}</span>` : nothing}
      </button>
    `;
  }

  #renderMessage(m: ChatMessage, last: boolean) {
    const time = this.#formatTime(m.time);
    if (m.from === 'agent') {
      return html`<div class="row agent">
        <span class="meta">${m.nickname ?? (m.bot ? 'Assistant' : 'Agent')} · <time datetime=${new Date(m.time).toISOString()}>${time}</time></span>
        <div part="message agent" data-read-id=${m.id} data-read-time=${m.time}>${m.text}${this.#renderCards(m)}</div>
        ${last && m.quickReplies?.length
          ? html`<div class="quick-replies" role="group" aria-label="Suggested replies">
              ${m.quickReplies.map((q) => html`<button part="quick-reply" @click=${() => this.#onQuickReply(q)}>${q.text}</button>`)}
            </div>`
          : nothing}
      </div>`;
    }
    const status = m.status ?? 'sent';
    return html`<div class="row customer">
      <div part=${status === 'failed' ? 'message customer failed' : 'message customer'}>${m.text}</div>
      <span part="receipt" class=${status} data-status=${status}>
        ${status === 'failed' ? html`${statusText.failed}${m.error ? html`: ${m.error.message}` : nothing}<button part="retry" @click=${() => this.#socket.retry(m.tracingId ?? m.id)}>Retry</button>` : html`${statusText[status]} · ${time}`}
      </span>
    </div>`;
  }

  #renderCards(m: ChatMessage) {
    if (!m.cards?.length && !m.attachments?.length) return nothing;
    return html`${m.cards?.map(
      (c) => html`<div class="card">
        ${c.image ? html`<img src=${c.image} alt="" loading="lazy" />` : nothing}
        <strong>${c.url ? html`<a href=${c.url} target="_blank" rel="noopener noreferrer">${c.title}</a>` : c.title}</strong>
        ${c.description ? html`<span>${c.description}</span>` : nothing}
        ${c.actions.map((a) =>
          a.type === 'Link' && a.url
            ? html`<a href=${a.url} target="_blank" rel="noopener noreferrer">${a.text}</a> `
            : a.type === 'Postback' && a.payload !== undefined
              ? html`<button part="quick-reply" @click=${() => this.#onQuickReply({ text: a.text, payload: a.payload! })}>${a.text}</button> `
              : nothing,
        )}
      </div>`,
    )}${m.attachments?.map(
      (a) => html`<div class="card">${a.url ? html`<a href=${a.url} target="_blank" rel="noopener noreferrer" download>${a.name}</a>` : a.name}</div>`,
    )}`;
  }

  #renderTyping() {
    const typing = this.#typing.agentTyping;
    // The text changes once per burst, so screen readers announce it once, not on every event.
    return html`<div part="typing-indicator" aria-live="polite">
      ${typing ? html`<span class="dots" aria-hidden="true"><span></span><span></span><span></span></span><span>${this.#agentName()} is typing…</span>` : nothing}
    </div>`;
  }

  #renderComposer() {
    const canSend = this.#socket.state !== 'failed' && this.#socket.state !== 'closed' && this.#socket.state !== 'idle';
    return html`<form part="composer" @submit=${this.#onSubmit}>
      <label class="visually-hidden" for="input">Message</label>
      <textarea
        id="input"
        part="input"
        rows="1"
        placeholder="Type a message…"
        maxlength=${MAX_TEXT_LENGTH}
        .value=${this.draft}
        ?disabled=${!canSend}
        @input=${this.#onInput}
        @keydown=${this.#onInputKeydown}
      ></textarea>
      <button part="send-button" type="submit" aria-label="Send message" ?disabled=${!canSend || !this.draft.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5V14l9-2-9-2V3.5L22 12z" /></svg>
      </button>
    </form>`;
  }

  #renderEnded() {
    return html`<div class="ended">
      <span>The agent has ended this conversation.</span>
      <button @click=${this.#onStartNew}>Start a new conversation</button>
    </div>`;
  }

  // ------------------------------------------------------------------ handlers

  #onLauncher = (): void => {
    this.#setOpen(!this.open);
    if (!this.open) return;
    void this.updateComplete.then(() => this.inputElement?.focus());
  };

  #onClose = (): void => {
    this.#setOpen(false);
    void this.updateComplete.then(() => this.launcherElement?.focus());
  };

  #onPanelKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.#onClose();
    }
  };

  #onInput = (e: InputEvent): void => {
    this.draft = (e.target as HTMLTextAreaElement).value;
    if (this.draft.trim()) this.#typing.keystroke();
  };

  #onInputKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.#submit();
    }
  };

  #onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    this.#submit();
  };

  #submit(): void {
    const text = this.draft.trim();
    if (!text) return;
    const event = new GenesysChatSendEvent(text);
    if (!this.dispatchEvent(event)) return;
    if (this.#socket.sendText(text)) {
      this.draft = '';
      // Clear the field itself too: an Enter right after typing can beat the render that
      // would have recorded the typed value, and then '' would look unchanged to Lit.
      if (this.inputElement) this.inputElement.value = '';
      this.#stickToBottom = true;
    }
  }

  #onQuickReply(reply: QuickReply): void {
    const event = new GenesysChatSendEvent(reply.text);
    if (!this.dispatchEvent(event)) return;
    this.#socket.sendQuickReply(reply);
    this.#stickToBottom = true;
  }

  #onStartNew = (): void => {
    this.#receipts.reset();
    this.#socket.startNew();
  };

  #onScroll = (): void => {
    const log = this.logElement;
    if (!log) return;
    this.#stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    if (log.scrollTop === 0 && this.#socket.hasOlder) void this.#socket.loadOlder();
  };

  // ------------------------------------------------------------------ helpers

  #setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.dispatchEvent(open ? new GenesysChatOpenEvent() : new GenesysChatCloseEvent());
  }

  #scrollToBottom(): void {
    const log = this.logElement;
    if (log) log.scrollTop = log.scrollHeight;
  }

  #target(): TransportOptions | undefined {
    const deploymentId = this.deploymentId.trim();
    if (!DEPLOYMENT_ID.test(deploymentId)) return undefined;
    if (this.socketUrl) {
      let socketUrl: string;
      try {
        socketUrl = withDeploymentId(this.socketUrl, deploymentId);
      } catch {
        return undefined;
      }
      const apiUrl = this.apiUrl || apiUrlFromSocketUrl(socketUrl);
      if (!/^wss?:/i.test(socketUrl) || !apiUrl) return undefined;
      return { deploymentId, socketUrl, apiUrl };
    }
    const region = resolveRegion(this.region || DEFAULT_REGION_DOMAIN);
    if (!region) return undefined;
    return { deploymentId, socketUrl: socketUrlFor(region.domain, deploymentId), apiUrl: this.apiUrl || apiUrlFor(region.domain) };
  }

  /** Reports a wrong attribute once per distinct configuration. */
  #validateConfig(): void {
    const problems: string[] = [];
    const id = this.deploymentId.trim();
    if (!id) problems.push('deployment-id is required');
    else if (!DEPLOYMENT_ID.test(id)) problems.push(`deployment-id "${id.slice(0, 40)}" is not a valid deployment id`);
    if (!this.socketUrl && !resolveRegion(this.region || DEFAULT_REGION_DOMAIN)) problems.push(`region "${this.region.slice(0, 40)}" is not a known Genesys region or domain`);
    if (this.socketUrl && !this.#validSocketUrl()) problems.push(`socket-url "${this.socketUrl.slice(0, 80)}" is not a ws:// or wss:// URL`);
    if (!STORAGE_KINDS.includes(this.storage)) problems.push(`storage "${String(this.storage).slice(0, 20)}" must be local, session or none; using local`);
    const key = problems.join('; ');
    if (key && key !== this.#reportedConfig) this.#reportError({ code: 'invalid-config', message: key });
    this.#reportedConfig = key;
  }

  #validSocketUrl(): boolean {
    try {
      return /^wss?:$/.test(new URL(this.socketUrl).protocol);
    } catch {
      return false;
    }
  }

  #attributes(): Record<string, string> | undefined {
    const attrs = this.customAttributes;
    if (!attrs || typeof attrs !== 'object') return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) if (v != null) out[k] = String(v);
    return out;
  }

  #reportError(error: ChatError): void {
    console.warn(`[genesys-chat] ${error.code}: ${error.message}`);
    this.dispatchEvent(new GenesysChatErrorEvent(error));
  }

  #agentName(): string {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.from === 'agent' && m.nickname) return m.nickname;
    }
    return 'Agent';
  }

  #unreadCount(): number {
    if (this.disableReceipts) return 0;
    let count = 0;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.from !== 'agent') continue;
      if (this.#receipts.isRead(m.id) || this.#store.isRead(m.id)) break;
      count++;
    }
    return count;
  }

  #formatTime(time: number): string {
    try {
      return new Intl.DateTimeFormat(this.lang || undefined, { hour: 'numeric', minute: '2-digit' }).format(time);
    } catch {
      return new Date(time).toLocaleTimeString();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'genesys-chat': GenesysChat;
  }
}
