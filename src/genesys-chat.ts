import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { ChunkLoader, PANEL, chunks } from './element/chunk-loader.js';
import { DeploymentController } from './element/deployment-controller.js';
import { LanguageController } from './element/language-controller.js';
import type { LoginParams } from './auth/auth.js';
// The public event map (a type-only import: it brings the global typings, not the code).
import type {} from './events.js';
import { GenesysChatCloseEvent, GenesysChatErrorEvent, GenesysChatOpenEvent } from './launcher-events.js';
import { styles } from './genesys-chat.styles.js';
import type { Catalog, StringKey } from './i18n/en.js';
import { isRtl } from './i18n/languages.js';
import { readStored, type StorageKind, unsentTexts } from './stored.js';
import type { TransportFactory } from './transport/transport.js';
import type { ChatError, ChatMessage, ConnectionState } from './types.js';

/** A 24 × 24 icon of the launcher, hidden from assistive technology (the button has a label). */
function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.appendChild(document.createElementNS(svg.namespaceURI, 'path')).setAttribute('d', path);
  return svg;
}

const NEEDS_TARGET = 'needs a valid deployment-id and region';


/**
 * A Genesys Cloud web messaging conversation in one element.
 *
 * @summary Chat launcher and panel speaking the Genesys Web Messaging guest protocol.
 * @tagname genesys-chat
 *
 * This class is the first load: the element's API, the launcher and its unread badge, and
 * the wiring of three controllers: the deployment's configuration (element/deployment-
 * controller.ts, read before the launcher shows), the language (element/language-
 * controller.ts) and what loads when (element/chunk-loader.ts: the session engine,
 * engine.ts, and the panel, panel/chat-panel.ts, are chunks). It is a ReactiveElement, not a
 * LitElement: the launcher is one button it builds by hand, so the first load carries no
 * template engine; lit-html comes with the panel's chunk, and the panel renders itself.
 * (Over 300 lines because this header, which documents the whole public API for the
 * manifest, is part of it.)
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
 * @fires {GenesysChatAuthEvent} genesys-chat-auth - The sign-in state changed (detail: authenticated, reason).
 *
 * @attr lang - UI language (BCP 47), the native attribute: its catalog and times. Unset: the
 *   nearest ancestor's, else the deployment's languages matched to the browser's, else English.
 * @attr sound - A short chime for a new agent message while the tab is hidden or the panel closed
 *   (off by default). Read when a message arrives, so it follows live changes.
 * @attr disable-title-badge - Never show the unread count in the page title (by default a hidden
 *   tab's title reads `(3) …` until the tab is shown again).
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart panel - The chat window.
 * @csspart header - The panel's title bar.
 * @csspart status - The connection status line.
 * @csspart log - The message list (`role="log"`).
 * @csspart message - A message bubble; also `agent` or `customer`, and `failed`.
 * @csspart agent - With `message`: an agent's bubble (`::part(message agent)`).
 * @csspart customer - With `message`: the customer's own bubble.
 * @csspart failed - With `message customer`: a message that was not sent.
 * @csspart receipt - A customer message's delivery status.
 * @csspart retry - The retry control of a failed message.
 * @csspart quick-reply - A quick-reply button.
 * @csspart typing-indicator - "Alex is typing…": the agent's typing, a bubble at the end of the log while it lasts.
 * @csspart composer - The input area.
 * @csspart input - The text area.
 * @csspart send-button - The send button.
 * @csspart sign-in - Instead of the conversation when the deployment wants a signed-in customer.
 * @csspart attach-button - The paperclip that picks files (only when the deployment takes files).
 * @csspart attachment - A file: a pending upload above the composer, or a picture or file link in a message.
 *
 * @cssprop [--genesys-chat-accent=#0b57d0] - Brand colour: launcher, header, own bubbles. Default: the deployment's primary colour.
 * @cssprop [--genesys-chat-accent-fg=#fff] - Text on the accent colour. Default: white or black, whichever reads on the accent.
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
export class GenesysChat extends ReactiveElement {
  static override styles = styles;

  // Reactive properties (declared here rather than with decorators: smaller build). `lang`
  // is the native attribute, observed below, so assistive technology sees it.
  static override properties = {
    deploymentId: { attribute: 'deployment-id' },
    region: {},
    socketUrl: { attribute: 'socket-url' },
    apiUrl: { attribute: 'api-url' },
    open: { type: Boolean, reflect: true },
    heading: {},
    disableTyping: { type: Boolean, attribute: 'disable-typing' },
    disableReceipts: { type: Boolean, attribute: 'disable-receipts' },
    storage: {},
    rateLimit: { type: Number, attribute: 'rate-limit' },
    connect: {},
    configUrl: { attribute: 'config-url' },
    loginUrl: { attribute: 'login-url' },
    theme: { reflect: true },
    display: { reflect: true },
    customAttributes: { attribute: false },
    strings: { attribute: false },
    transportFactory: { attribute: false },
  };

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Genesys Messenger deployment id (required). */
  deploymentId = '';

  /** Region: a domain (`euw2.pure.cloud`), region id (`eu-west-2`) or environment (`prod-euw2`). */
  region = 'mypurecloud.com';

  /** Full WebSocket URL override (a proxy, or the local simulator). */
  socketUrl = '';

  /** REST base override; defaults from `region`, or from the origin of `socket-url`. */
  apiUrl = '';

  /** The panel is open (otherwise only the launcher shows). */
  open = false;

  /** Panel title; unset: the catalog's (`heading`), in the chosen language. */
  heading = '';

  /** Never tell the agent that the person is typing. */
  disableTyping = false;

  /** Never send read receipts. */
  disableReceipts = false;

  /** Where the session token and unsent messages live: `local`, `session` or `none`. */
  storage: StorageKind = 'local';

  /** Frames per second of the shared client-side budget (the per-session rate limit). */
  rateLimit = 2;

  /**
   * `lazy` (default): a new visitor connects when the chat is first opened (or `show()`/
   * `send()` is called), a visitor with a stored session at once. `eager`: always at once.
   */
  connect: 'lazy' | 'eager' = 'lazy';

  /**
   * Where the deployment's configuration is read. Unset: `config.json` of the deployment on
   * the region's CDN, or on the origin of `api-url`/`socket-url` when they are set.
   */
  configUrl = '';

  /** `auto` (unset: follows `prefers-color-scheme`), `light` or `dark`. */
  theme?: 'auto' | 'light' | 'dark';

  /** `auto` (unset: full screen below 480 px of viewport width) or `fullscreen`. */
  display?: 'auto' | 'fullscreen';

  /**
   * Where the "Sign in" button goes when the deployment wants signed-in customers (the
   * site's own sign-in page, which calls `login()` when its identity provider redirects back).
   */
  loginUrl = '';

  /**
   * The page's own wording: a partial catalog (keys as in docs/languages.md, e.g. `{ placeholder:
   * 'Ask us anything' }`) that wins over the built-in strings of every language.
   */
  strings: Partial<Record<StringKey, string>> = {};

  /** Genesys custom attributes (participant data) sent with messages. String values only. */
  customAttributes: Record<string, string> = {};

  /**
   * Replaces the WebSocket transport: a function from the transport options to a `Transport`
   * (tests use it; a site could relay the protocol its own way).
   */
  transportFactory?: TransportFactory;

  /** The connection attributes resolved (once per change) into where to connect. */
  #config: ResolvedConfig = { storage: 'local', problems: [] };
  #reported = '';
  /** A session token is stored for this deployment (a returning visitor). */
  #stored = false;
  /** The unread count the last page left in storage, until the engine knows better. */
  #storedUnread = 0;
  /** Between the panel (before it) and the launcher (after it), in the shadow root. */
  #marker?: Comment;
  #launcher?: HTMLButtonElement;
  /** The launcher's icons (the chat bubble, and the close chevron while open). */
  #icons?: [SVGSVGElement, SVGSVGElement];
  /** What the launcher's icon and badge show now: open, and the unread count. */
  #face = '';
  readonly #deployment: DeploymentController = new DeploymentController(this, {
    config: () => this.#config,
    rtl: () => isRtl(this.#language.language),
    report: (e) => this.#report(e),
  });
  readonly #language: LanguageController = new LanguageController(this, {
    deployment: () => (this.#deployment.settled ? this.#deployment.deployment : undefined),
    report: (e) => this.#report(e),
  });
  readonly #chunks: ChunkLoader = new ChunkLoader(this, {
    ready: () => this.#deployment.settled && this.#deployment.deployment.enabled,
    stored: () => this.#stored,
    keep: (text) => {
      const { target, storage } = this.#config;
      if (target) unsentTexts(storage, target.deploymentId, [...unsentTexts(storage, target.deploymentId), text]);
    },
    settling: () => this.#deployment.settling,
    engine: ({ Engine }) =>
      new Engine(this, {
        config: () => this.#config,
        deployment: () => this.#deployment.raw,
        report: (e) => this.#report(e),
      }),
    panel: ({ ChatPanel }, engine) =>
      new ChatPanel(this, engine, {
        setOpen: (open) => this.#setOpen(open),
        text: (key, params) => this.#language.text(key, params),
        report: (e) => this.#report(e),
        language: () => this.#language.language,
        // Whole once the panel's `whole()` settled, which it waits for before it reads keys.
        catalog: () => (this.#language.catalog ?? {}) as Catalog,
        whole: () => this.#language.whole(),
      }),
    report: (e) => this.#report(e),
  });

  // ------------------------------------------------------------------ public API

  /** The conversation as shown (read-only snapshot). */
  get messages(): readonly ChatMessage[] {
    return this.#chunks.engine?.messages ?? [];
  }

  /** Connection state. */
  get connectionState(): ConnectionState {
    return this.#chunks.engine?.state ?? 'idle';
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

  /**
   * Sends a message as the customer (connecting first if needed). Returns false when there
   * was nothing to send or it cannot be sent (an error event says why). A message that
   * cannot go yet (the chat still loading, sign-in loading, the element off the page) is
   * kept until it can.
   */
  send(text: string): boolean {
    const clean = typeof text === 'string' ? text.trim() : '';
    if (!clean) {
      this.#report({ code: 'invalid-argument', message: 'send() needs non-empty text' });
      return false;
    }
    const engine = this.#chunks.engine;
    if (engine) return engine.send(clean);
    if (!this.#config.target) {
      this.#report({ code: 'invalid-config', message: `send() ${NEEDS_TARGET}` });
      return false;
    }
    this.#chunks.queue(clean);
    return true;
  }

  /** Clears the conversation (Presence Clear where the deployment allows it) and starts afresh. */
  clearConversation(): void {
    void this.#withEngine((engine) => {
      this.#chunks.panel?.reset();
      engine.clear();
    }).catch(() => undefined);
  }

  /** The customer is signed in (authenticated messaging). */
  get authenticated(): boolean {
    return this.#chunks.engine?.authenticated ?? false;
  }

  /**
   * Signs the customer in with the authorization code the site's identity provider redirected
   * back with (`{ code, redirectUri, codeVerifier?, nonce?, maxAge?, iss? }`). Settles when the
   * signed-in session is configured; rejects when sign-in failed. No secret is ever needed.
   */
  login(params: LoginParams): Promise<void> {
    return this.#withEngine((engine) => engine.login(params));
  }

  /** Revokes the sign-in and forgets the conversation in this browser. */
  logout(): Promise<void> {
    return this.#withEngine((engine) => engine.logout());
  }

  // ------------------------------------------------------------------ lifecycle

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (['deploymentId', 'region', 'socketUrl', 'apiUrl', 'storage', 'configUrl'].some((p) => changed.has(p as keyof GenesysChat))) {
      this.#config = resolveConfig(this);
      const problems = this.#config.problems.join('; ');
      if (problems && problems !== this.#reported) this.#report({ code: 'invalid-config', message: problems });
      this.#reported = problems;
      const { target, storage } = this.#config;
      this.#stored = !!target && !!readStored(storage, target.deploymentId, 'token');
      this.#storedUnread = this.#stored ? Math.max(0, Math.min(999, Number(readStored(storage, target!.deploymentId, 'unread')) || 0)) : 0;
    }
  }

  /**
   * Renders by hand: the panel renders itself (its chunk brings lit-html) before a marker, and
   * the launcher is one button after it. Nothing shows before the deployment said how (at most
   * 1.5 s), or when it is off; a widget that cannot work (no valid deployment id or region)
   * shows visitors nothing (the page has had its error event). The panel shows with its
   * language's catalog.
   */
  protected override update(changed: PropertyValues<this>): void {
    const { deployment, settled } = this.#deployment;
    const shown = !!this.#config.target && settled && deployment.enabled;
    const { engine, panel } = this.#chunks;
    // Made before the properties count as updated, as LitElement's render(): what rendering
    // sets asks for no second update.
    const view = shown && this.#language.catalog ? panel?.render() : undefined;
    super.update(changed);
    const marker = (this.#marker ??= this.renderRoot.appendChild(document.createComment('')));
    panel?.paint(view, marker);
    if (!shown || !deployment.launcher) return this.#launcher?.remove();
    const launcher = (this.#launcher ??= this.#newLauncher());
    if (launcher.previousSibling !== marker) marker.after(launcher);
    this.#paintLauncher(launcher, this.open ? 0 : (engine?.unread ?? this.#storedUnread), this.open && !panel);
  }

  /** The launcher's button; what it says and shows follows each update (#paintLauncher). */
  #newLauncher(): HTMLButtonElement {
    const launcher = document.createElement('button');
    launcher.setAttribute('part', 'launcher');
    launcher.setAttribute('aria-controls', 'genesys-chat-panel');
    launcher.addEventListener('click', this.#onLauncher);
    launcher.addEventListener('pointerenter', this.#prefetch);
    launcher.addEventListener('focus', this.#prefetch);
    return launcher;
  }

  /** The launcher's label, state and face: the chat icon (the close one while open) and the unread badge. */
  #paintLauncher(launcher: HTMLButtonElement, unread: number, busy: boolean): void {
    const language = this.#language;
    launcher.lang = language.language;
    launcher.setAttribute(
      'aria-label',
      this.open ? language.text('closeChat') : unread ? language.text('openChatUnread', { count: unread }) : language.text('openChat'),
    );
    launcher.setAttribute('aria-expanded', this.open ? 'true' : 'false');
    if (busy) launcher.setAttribute('aria-busy', 'true');
    else launcher.removeAttribute('aria-busy');
    const face = `${this.open} ${unread}`;
    if (face === this.#face) return;
    this.#face = face;
    this.#icons ??= [icon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'), icon('M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z')];
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.setAttribute('aria-hidden', 'true');
    badge.textContent = String(unread);
    launcher.replaceChildren(this.#icons[this.open ? 1 : 0], ...(unread ? [badge] : []));
  }

  override updated(): void {
    // What the person has not seen, open or not, for the next page's badge.
    const engine = this.#chunks.engine;
    engine?.rememberUnread(engine.unread);
  }

  /**
   * `updateComplete` also waits for what is being loaded (the chunks, the deployment up to the
   * launcher's deadline, the catalog), so a test or page sees the panel.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    for (let wait; (wait = this.#chunks.loading ?? this.#deployment.settling ?? this.#language.settling ?? this.#chunks.panel?.pending); ) {
      await wait;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** Runs `fn` with the engine, loading it first; rejects without a usable configuration. */
  #withEngine<T>(fn: (engine: import('./engine.js').Engine) => T | Promise<T>): Promise<T> {
    return this.#chunks.withEngine(fn, `genesys-chat ${NEEDS_TARGET}`);
  }

  // ------------------------------------------------------------------ handlers

  /** The pointer is over the launcher, or it has focus: fetch the chunks before the click. */
  #prefetch = (): void => {
    if (!this.#chunks.panel) chunks(PANEL).catch(() => undefined);
  };

  #onLauncher = (): void => {
    this.#setOpen(!this.open);
    if (!this.open) return;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="input"]')?.focus());
  };

  #setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.dispatchEvent(open ? new GenesysChatOpenEvent() : new GenesysChatCloseEvent());
  }

  #report(error: ChatError): void {
    console.warn(`[genesys-chat] ${error.code}: ${error.message}`);
    this.dispatchEvent(new GenesysChatErrorEvent(error));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'genesys-chat': GenesysChat;
  }
}
