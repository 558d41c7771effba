import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { DEFAULT_DEPLOYMENT, cachedDeployment, fetchDeployment, type Deployment, type Json, type Loaded } from './deployment.js';
import type { LoginParams } from './auth/auth.js';
import type { Engine } from './engine.js';
// The public event map (a type-only import: it brings the global typings, not the code).
import type {} from './events.js';
import { GenesysChatCloseEvent, GenesysChatErrorEvent, GenesysChatOpenEvent } from './launcher-events.js';
import { styles } from './genesys-chat.styles.js';
import type { ChatPanel } from './panel/chat-panel.js';
import type { Catalog, StringKey } from './i18n/en.js';
import { chooseLanguage, fill, isRtl, loadCatalog } from './i18n/languages.js';
import { readStored, storageArea, type StorageKind } from './stored.js';
import type { TransportFactory } from './transport/transport.js';
import type { ChatError, ChatMessage, ConnectionState } from './types.js';

const chatIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" /></svg>`;
const closeIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z" /></svg>`;

/**
 * The launcher's labels until the language's catalog (a chunk fetched beside config.json)
 * arrives: the launcher never waits for it.
 */
const launcherLabels: Partial<Record<StringKey, string>> = { openChat: 'Open chat', closeChat: 'Close chat', openChatUnread: 'Open chat, {count} unread' };

const NEEDS_TARGET = 'needs a valid deployment-id and region';

/** The engine's chunk, and the panel's too when `need` is 2 (imports of loaded modules cost nothing). */
const chunks = (need: Need) => Promise.all([import('./engine.js'), need > 1 ? import('./panel/chat-panel.js') : undefined]);

/** What has to be loaded: nothing yet, the session engine, or the engine and the panel. */
type Need = 0 | 1 | 2;

/**
 * A Genesys Cloud web messaging conversation in one element.
 *
 * @summary Chat launcher and panel speaking the Genesys Web Messaging guest protocol.
 * @tagname genesys-chat
 *
 * This class is the first load: the launcher, the unread badge of a stored conversation,
 * the deployment's configuration (read before the launcher shows) and the choice of
 * language, the public API. The session engine (engine.ts), the panel (panel/chat-panel.ts)
 * and the language's catalog are chunks it imports when they are needed; see `#wanted()`.
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
export class GenesysChat extends LitElement {
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
   * The page's own wording: a partial catalog (keys as in README, e.g. `{ placeholder:
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
  #engine?: Engine;
  #panel?: ChatPanel;
  /** The chunks being imported, until they are in use. */
  #loading?: Promise<void>;
  #loaded: Need = 0;
  /** Texts given to `send()` before the engine was there. */
  #queued: string[] = [];
  /** A session token is stored for this deployment (a returning visitor). */
  #stored = false;
  /** The unread count the last page left in storage, until the engine knows better. */
  #storedUnread = 0;
  #idle?: () => void;
  /** The deployment's configuration (defaults until read, or when reading failed). */
  #deployment: Deployment = DEFAULT_DEPLOYMENT;
  /** config.json as read, for the engine's settings. */
  #deploymentRaw?: Json;
  /** Reading config.json or a catalog: the launcher waits for it (config.json at most 1.5 s). */
  #settling?: Promise<void>;
  #deploymentSettled = true;
  #deploymentUrl?: string;
  /** The language spoken, its catalog (a chunk: the panel waits for it), the page's overrides. */
  #language = '';
  #catalog?: Catalog;
  #sheet?: CSSStyleSheet;

  // ------------------------------------------------------------------ public API

  /** The conversation as shown (read-only snapshot). */
  get messages(): readonly ChatMessage[] {
    return this.#engine?.messages ?? [];
  }

  /** Connection state. */
  get connectionState(): ConnectionState {
    return this.#engine?.state ?? 'idle';
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
   * was nothing to send or it cannot be sent (an error event says why).
   */
  send(text: string): boolean {
    const clean = typeof text === 'string' ? text.trim() : '';
    if (!clean) {
      this.#report({ code: 'invalid-argument', message: 'send() needs non-empty text' });
      return false;
    }
    if (this.#engine) return this.#engine.send(clean);
    if (!this.#config.target) {
      this.#report({ code: 'invalid-config', message: `send() ${NEEDS_TARGET}` });
      return false;
    }
    this.#queued.push(clean);
    void this.#load(1);
    return true;
  }

  /** Clears the conversation (Presence Clear where the deployment allows it) and starts afresh. */
  clearConversation(): void {
    void this.#withEngine((engine) => {
      this.#panel?.reset();
      engine.clear();
    }).catch(() => undefined);
  }

  /** The customer is signed in (authenticated messaging). */
  get authenticated(): boolean {
    return this.#engine?.authenticated ?? false;
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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#idle?.();
    this.#idle = undefined;
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
      this.#readDeployment();
    }
    this.#chooseLanguage();
  }

  /**
   * A catalog string in the chosen language (the page's `strings` first, when it is text),
   * placeholders filled. The panel checks `strings` and reports wrong keys when it loads.
   */
  #text(key: StringKey, params?: Record<string, string | number>): string {
    const own: unknown = (this.strings as Record<string, unknown> | null)?.[key];
    return fill(typeof own === 'string' && own.trim() ? own.slice(0, 500) : (this.#catalog?.[key] ?? launcherLabels[key] ?? key), params);
  }

  protected override render() {
    // Nothing shows before the deployment said how (at most 1.5 s), or when it is off; the
    // panel shows with its language's catalog.
    // A widget that cannot work (no valid deployment id or region) shows visitors nothing;
    // the page has had its error event.
    if (!this.#config.target || !this.#deploymentSettled || !this.#deployment.enabled) return nothing;
    const panel = (this.#catalog && this.#panel?.render()) || nothing;
    if (!this.#deployment.launcher) return panel;
    const unread = this.open ? 0 : (this.#engine?.unread ?? this.#storedUnread);
    return html`${panel}<button
        part="launcher"
        lang=${this.#language}
        aria-label=${this.open ? this.#text('closeChat') : unread ? this.#text('openChatUnread', { count: unread }) : this.#text('openChat')}
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="genesys-chat-panel"
        aria-busy=${this.open && !this.#panel ? 'true' : nothing}
        @click=${this.#onLauncher}
        @pointerenter=${this.#prefetch}
        @focus=${this.#prefetch}
      >
        ${this.open ? closeIcon : chatIcon} ${unread ? html`<span class="badge" aria-hidden="true">${unread}</span>` : nothing}
      </button>`;
  }

  override updated(): void {
    // Texts given to send() before the engine loaded: it has its session storage now.
    if (this.#engine) for (const text of this.#queued.splice(0)) this.#engine.send(text);
    // What the person has not seen, open or not, for the next page's badge.
    if (this.#engine) this.#engine.rememberUnread(this.#engine.unread);
    const need = this.#wanted();
    if (need <= this.#loaded) return;
    if (need === 1 && this.#stored && this.connect !== 'eager' && !this.#queued.length) {
      // A returning visitor: connect once the page has painted and the browser is idle.
      this.#whenIdle(() => void this.#load(1));
    } else {
      void this.#load(need);
    }
  }

  /** `updateComplete` also waits for chunks being loaded, so a test or page sees the panel. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#loading || this.#settling || this.#panel?.pending) {
      await (this.#loading ?? this.#settling ?? this.#panel?.pending);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  // ------------------------------------------------------------------ loading

  /** What the current state needs: the panel when open, the engine to connect. */
  #wanted(): Need {
    // Nothing before the deployment's configuration is read (and nothing if it is off).
    if (!this.isConnected || !this.#deploymentSettled || !this.#deployment.enabled) return this.#loaded;
    if (this.open) return 2;
    return this.#engine || this.#queued.length || this.connect === 'eager' || this.#stored ? 1 : 0;
  }

  /** Runs `fn` with the engine, loading it first; rejects without a usable configuration. */
  #withEngine<T>(fn: (engine: Engine) => T | Promise<T>): Promise<T> {
    const engine = this.#engine;
    // Loaded: at once (a throw still rejects), so `clearConversation()` acts synchronously.
    if (engine) return new Promise<T>((resolve) => resolve(fn(engine)));
    return this.#load(this.open ? 2 : 1).then(() => (this.#engine ? fn(this.#engine) : Promise.reject(new Error(`genesys-chat ${NEEDS_TARGET}`))));
  }

  /** Imports the engine (and the panel) chunks once; later calls share the first. */
  #load(need: Need): Promise<void> {
    if (need <= this.#loaded) return Promise.resolve();
    const previous = this.#loading ?? Promise.resolve();
    const loading = previous
      // The session follows the deployment's configuration: wait for it (1.5 s at most).
      .then(() => this.#settling)
      .then(() =>
        chunks(need),
      )
      .then(([engineModule, panelModule]) => {
        if (engineModule && !this.#engine) {
          this.#engine = new engineModule.Engine(this, {
            config: () => this.#config,
            deployment: () => this.#deploymentRaw,
            report: (e) => this.#report(e),
          });
        }
        if (panelModule && !this.#panel && this.#engine) {
          this.#panel = new panelModule.ChatPanel(this, this.#engine, {
            setOpen: (open) => this.#setOpen(open),
            text: (key, params) => this.#text(key, params),
            report: (e) => this.#report(e),
            language: () => this.#language,
            catalog: () => this.#catalog ?? ({} as Catalog),
          });
        }
        this.#loaded = Math.max(this.#loaded, need) as Need;
        this.requestUpdate();
      })
      .catch((error: unknown) => {
        this.#report({ code: 'load-failed', message: `Could not load the chat: ${String(error)}` });
      })
      .finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
    this.#loading = loading;
    return loading;
  }

  /** Runs `fn` when the browser is idle (at most 2 s later); cancelled on disconnect. */
  #whenIdle(fn: () => void): void {
    if (this.#idle) return;
    const done = () => {
      this.#idle = undefined;
      fn();
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(done, { timeout: 2000 });
      this.#idle = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(done, 200);
      this.#idle = () => clearTimeout(id);
    }
  }

  // ------------------------------------------------------------------ deployment and language

  /** Reads the deployment's config.json: this page session's copy at once, else the network. */
  #readDeployment(): void {
    const { target, configUrl, storage } = this.#config;
    if (configUrl === this.#deploymentUrl) return;
    this.#deploymentUrl = configUrl;
    if (!target || !configUrl) return this.#applyDeployment({ deployment: DEFAULT_DEPLOYMENT, problems: [] });
    const area = storage === 'none' ? undefined : storageArea('session');
    const cached = cachedDeployment(target.deploymentId, configUrl, area);
    // A copy read earlier in this page session shows the launcher at once; the file is read
    // again in the background, and an admin's change applies when it arrives.
    // Nothing waits for the background read, so it may take longer than the launcher's 1.5 s.
    const reading = fetchDeployment(target.deploymentId, configUrl, area, cached && 10_000);
    if (cached) {
      void reading.then((fresh) => {
        const changed = !fresh.error && configUrl === this.#deploymentUrl && JSON.stringify(fresh.raw) !== JSON.stringify(cached.raw);
        if (changed) this.#applyDeployment(fresh);
      });
      return this.#applyDeployment(cached);
    }
    this.#deploymentSettled = false;
    this.#settle(reading.then((loaded) => configUrl === this.#deploymentUrl && this.#applyDeployment(loaded)));
  }

  #applyDeployment(loaded: Loaded): void {
    const d = (this.#deployment = loaded.deployment);
    this.#deploymentRaw = loaded.raw;
    this.#deploymentSettled = true;
    if (loaded.error) this.#report(loaded.error);
    if (!d.enabled) this.#report({ code: 'deployment-disabled', message: `The chat does not appear: ${loaded.disabled}` });
    this.#chooseLanguage();
    this.#restyle();
    this.requestUpdate();
  }

  /**
   * Picks the language (lang, an ancestor's, the deployment's, English) and loads its catalog,
   * once the deployment is read and the launcher has had a frame: the launcher's labels have
   * an English fallback, so its first paint never waits for (or downloads) a catalog.
   */
  #chooseLanguage(): void {
    if (!this.#deploymentSettled) return;
    let inherited: string | null = null;
    for (let n: Node | null = this.parentNode; n && !inherited; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
      if (n instanceof Element) inherited = n.getAttribute('lang');
    }
    const d = this.#deployment;
    const language = chooseLanguage({ own: this.lang, inherited, offered: d.languages, fallback: d.defaultLanguage, preferred: navigator.languages ?? [] });
    if (language === this.#language) return;
    this.#language = language;
    this.#restyle();
    this.#settle(
      // The first idle moment comes after the launcher's frame (a hidden tab: within 100 ms).
      new Promise((painted) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(painted, { timeout: 100 }) : setTimeout(painted, 50)))
        .then(() => loadCatalog(language))
        .then(
          (catalog) => {
            if (this.#language !== language) return;
            this.#catalog = catalog;
            this.requestUpdate();
          },
          (error: unknown) => {
            // Without a catalog the keys themselves show: still usable, and the error says why.
            this.#report({ code: 'load-failed', message: `Could not load the ${language} strings: ${String(error)}` });
            this.#catalog ??= {} as Catalog;
            this.requestUpdate();
          },
        ),
    );
  }

  /** Tracks `work` in `updateComplete` (the launcher itself waits only for the deployment). */
  #settle(work: Promise<unknown>): void {
    const settling: Promise<void> = Promise.all([this.#settling, work]).then(() => {
      if (this.#settling === settling) this.#settling = undefined;
    });
    this.#settling = settling;
  }

  /**
   * The deployment's colour as the default accent (a page's `--genesys-chat-accent` wins)
   * and the direction of the language, in a sheet of the shadow root.
   */
  #restyle(): void {
    const shadow = this.renderRoot as ShadowRoot | undefined;
    if (!shadow || !('adoptedStyleSheets' in shadow)) return;
    const colour = this.#deployment.primaryColor;
    if (!this.#sheet) {
      this.#sheet = new CSSStyleSheet();
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, this.#sheet];
    }
    this.#sheet.replaceSync(`:host{${colour ? `--_deployment-accent:${colour};` : ''}direction:${isRtl(this.#language) ? 'rtl' : 'ltr'}}`);
  }

  // ------------------------------------------------------------------ handlers

  /** The pointer is over the launcher, or it has focus: fetch the chunks before the click. */
  #prefetch = (): void => {
    if (this.#loaded < 2) chunks(2).catch(() => undefined);
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
