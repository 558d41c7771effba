/**
 * The open chat: header, status line, message log, typing indicator and composer, with
 * read receipts. Its own chunk, loaded the first time the panel opens; it renders inside
 * the element's shadow root (so `::part()` and the element's styles reach it) and adopts
 * its styles there when it loads. The element renders by hand (its first load carries no
 * template engine): lit-html comes with this chunk, and `paint()` puts the panel in place.
 *
 * Long conversations stay fast:
 * - typing in the composer re-renders nothing: the draft is not reactive state, and only
 *   the send button's disabled state follows it;
 * - the log renders a window of the newest messages (`WINDOW`) and grows upward as the
 *   person scrolls up or asks for earlier messages; while they read older messages the
 *   window holds its first message, so arrivals at the bottom never shift what they read;
 * - one time formatter per language, and each message's time strings are formatted once.
 *
 * Longer than 300 lines: it is the whole open chat's template and its handlers, which read
 * best together; cards live in cards.ts and everything with state of its own (receipts,
 * typing, the session) in its controller.
 */
import type { CSSResult, ReactiveController } from '@lit/reactive-element';
import { html, nothing, render } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import { ReadReceiptController } from '../controllers/read-receipt-controller.js';
// A value import of the engine: the build then knows the panel always loads with it, and
// keeps what both use in the engine's chunk rather than in the first load.
import { MAX_TEXT_LENGTH, type Engine } from '../engine.js';
import { GenesysChatReadEvent, GenesysChatSendEvent } from '../conversation-events.js';
import type { PanelHost } from '../host-types.js';
import type { Catalog, StringKey } from '../i18n/en.js';
import { isRtl } from '../i18n/languages.js';
import type { SessionNotice } from '../session/chat-session.js';
import type { ChatError, ChatMessage, ConnectionState, QuickReply } from '../types.js';
import type { AttachmentComposer } from './attachments.js';
import type { renderMarkdown } from './markdown.js';
import type * as Notices from './notices.js';
import { panelStyles } from './panel.styles.js';

/** Messages rendered when following the end of the conversation. */
export const WINDOW = 100;
/** Messages added to the window each time the person scrolls to its top. */
const WINDOW_STEP = 50;
/** Messages of one sender within this long of each other form a group (name and time once). */
const GROUP_MS = 5 * 60_000;

/** Text that may hold a URL, an e-mail address or a phone number (linkify.ts decides). */
const MAYBE_LINK = /https?:|www\.|@|\d{3}/i;

/** Closer than this to the bottom counts as "at the bottom" (px). */
const NEAR_BOTTOM = 40;

/** The catalog key of the status line for each state (none: nothing to say). */
const stateKey: Partial<Record<ConnectionState, StringKey>> = {
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  closed: 'disconnected',
  failed: 'unavailable',
};

/** An ended conversation says so once: as the divider at the end of the log, not here. */
const noticeKey: Partial<Record<SessionNotice, StringKey>> = {
  'session-expired': 'sessionExpired',
  'session-restarted': 'sessionRestarted',
};

/** The composer shows its count from this share of the limit on. */
const COUNT_FROM = 0.9;

const closeIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7l-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z" /></svg>`;
const sendIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5V14l9-2-9-2V3.5L22 12z" /></svg>`;

/** A catalog string in the chosen language, placeholders filled. */
type Text = (key: StringKey, params?: Record<string, string | number>) => string;

export interface PanelHooks {
  /** The person opened or closed the chat (fires `genesys-chat-open`/`-close`). */
  setOpen(open: boolean): void;
  /** A catalog string in the chosen language, placeholders filled. */
  text: Text;
  /** The language spoken (a catalog's tag). */
  language(): string;
  /** Its catalog (whole once `whole()` settled: every complete catalog has every key). */
  catalog(): Catalog;
  /**
   * The rest of the catalog: the strings only the features that load on use say (notices,
   * sign-in, clearing, files, the count over the limit). Settles when it is here; each such
   * feature shows once it has. Absent: the catalog is whole already.
   */
  whole?(): Promise<void>;
  /** A `genesys-chat-error` event and a log line. */
  report(error: ChatError): void;
}

const nearBottom = (log: HTMLElement): boolean => log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_BOTTOM;

export class ChatPanel implements ReactiveController {
  readonly #host: PanelHost;
  readonly #engine: Engine;
  readonly #hooks: PanelHooks;
  readonly #receipts: ReadReceiptController;

  /** The composer's text. Not reactive: a keystroke must not re-render the log. */
  #draft = '';
  /** The person is at the bottom of the log (new messages keep it there). */
  #stickToBottom = true;
  #pinned = true;
  /** A scroll to the end waits for the next frame. */
  #scrolling = false;
  /** The newest message at the last render: something new arrived when it changes. */
  #newest?: string;
  /** Messages arrived below while the person read older ones: the "new messages" button shows. */
  #below = false;
  #wasOpen = false;
  /** First message of the window while the person reads older messages; unset: follow the end. */
  #firstId?: string;
  /** The engine's notice when last rendered (a new session-ended notice moves to the end). */
  #notice?: SessionNotice;
  /** Distance from the bottom to keep while the window grows upward. */
  #keepFromBottom?: number;
  #formatter?: Intl.DateTimeFormat;
  #formatterLang?: string;
  #times = new WeakMap<ChatMessage, readonly [text: string, iso: string]>();
  /** The day separators' words, by language, today and day. */
  #days = new Map<string, string>();
  #dayKeys = new WeakMap<ChatMessage, string>();
  /** The chunks asked for, by name: what each gave once it arrived, or `false` while it loads. */
  #chunks = new Map<string, unknown>();
  /** The page's `strings` as last checked. */
  #checkedStrings?: unknown;
  /** Phones: narrower than 480 px, the open chat fills the screen (fullscreen.ts does the rest). */
  readonly #phone = matchMedia('(max-width: 479.98px)');
  /** A chunk this render needs is on its way (`updateComplete` waits for it). */
  pending?: Promise<unknown>;
  /** Renders again when the minutes left of an expiring session change. */
  #minute?: ReturnType<typeof setTimeout>;

  constructor(host: PanelHost, engine: Engine, hooks: PanelHooks) {
    this.#host = host;
    this.#engine = engine;
    this.#hooks = hooks;
    adoptSheet(host.renderRoot, panelStyles);
    this.#receipts = new ReadReceiptController(host, {
      root: () => this.#log,
      // What the person has seen counts for the badge even where receipts are not sent.
      active: () => host.open,
      isKnownRead: (id) => engine.store.isRead(id),
      newestOf: (ids) => engine.store.newestOf(ids),
      onFlush: (ids) => {
        const newest = engine.store.newestOf(ids);
        if (newest) engine.socket.sendReceipt(newest, !host.disableReceipts);
        host.dispatchEvent(new GenesysChatReadEvent(ids));
        host.requestUpdate();
      },
    });
    host.addController(this);

  }

  /** Forget what was read here (the conversation was cleared or started anew). */
  reset(): void {
    this.#receipts.reset();
    this.#firstId = undefined;
    this.#below = false;
  }

  // ------------------------------------------------------------------ lifecycle

  hostConnected(): void {
    this.#phone.addEventListener('change', this.#onPhone);
  }

  hostDisconnected(): void {
    this.#phone.removeEventListener('change', this.#onPhone);
    // Uploads in flight end with the element (a move in the DOM, connected again at once,
    // keeps them); a fresh composer comes back with it.
    queueMicrotask(() => {
      const files = this.#chunks.get('files') as AttachmentComposer | false | undefined;
      if (this.#host.isConnected || !files) return;
      files.dispose();
      this.#chunks.delete('files');
    });
    clearTimeout(this.#minute);
    this.#minute = undefined;
  }

  #onPhone = (): void => this.#host.requestUpdate();

  /** The open chat fills the screen; the first time, the chunk that keeps it there loads. */
  #full(): boolean {
    const on = this.#host.display === 'fullscreen' || this.#phone.matches;
    if (on) {
      this.#chunk('phone', () => import('./fullscreen.js'), ({ FullScreen }) =>
        new FullScreen(this.#host, () => this.#host.renderRoot.querySelector<HTMLElement>('[part="panel"]'), () => this.#full()),
      false);
    }
    return on;
  }

  hostUpdate(): void {
    // The page's own wording: wrong keys or values are reported once per change.
    const strings = this.#host.strings;
    if (strings !== this.#checkedStrings) {
      this.#checkedStrings = strings;
      // The check loads only for a page that set some, with the whole catalog: it has every key.
      if (strings != null && (typeof strings !== 'object' || Object.keys(strings).length)) {
        void this.#wait(this.#speaking(import('../i18n/check-strings.js'))).then(({ checkStrings }) => {
          const { problems } = checkStrings(strings, this.#hooks.catalog());
          if (problems.length) this.#hooks.report({ code: 'invalid-config', message: problems.join('; ') });
        });
      }
    }
    // Decided before rendering: new content keeps the log at the bottom unless the person
    // scrolled up to read (the scroll handler keeps #stickToBottom; reading the log's layout
    // here would force one per arrival).
    const notice = this.#engine.notice;
    if (notice !== this.#notice) {
      this.#notice = notice;
      // A session ended and a new one began below its divider: show the end of the log, with
      // the window following it again (a window held while reading above could otherwise
      // hide the new session's first messages above its held start).
      if (notice === 'session-expired' || notice === 'session-restarted') {
        this.#firstId = undefined;
        this.#stickToBottom = true;
      }
    }
    this.#pinned = this.#stickToBottom;
    const newest = this.#engine.messages.at(-1)?.id;
    if (newest !== this.#newest) {
      if (this.#newest && !this.#pinned) this.#below = true;
      this.#newest = newest;
    }
  }

  hostUpdated(): void {
    this.#showCount();
    const log = this.#log;
    const opened = this.#host.open && !this.#wasOpen;
    this.#wasOpen = this.#host.open;
    if (!log) return;
    if (this.#keepFromBottom !== undefined) {
      log.scrollTop = log.scrollHeight - this.#keepFromBottom;
      this.#keepFromBottom = undefined;
    } else if (opened) {
      log.scrollTop = log.scrollHeight;
    } else if (this.#pinned && !this.#scrolling) {
      // To the end once per frame, not once per message: reading scrollHeight lays the log
      // out, and a burst of arrivals would pay that each time.
      this.#scrolling = true;
      requestAnimationFrame(() => {
        this.#scrolling = false;
        const now = this.#log;
        if (now && this.#stickToBottom) now.scrollTop = now.scrollHeight;
      });
    }
  }

  // ------------------------------------------------------------------ render

  /**
   * Puts what `render()` gave (or nothing: the panel goes) into the element's shadow root,
   * before `before` (the launcher comes after it).
   */
  paint(view: unknown, before: ChildNode): void {
    render(view, this.#host.renderRoot, { renderBefore: before, host: this.#host });
  }

  render() {
    const host = this.#host;
    const state = this.#engine.state;
    const { shown, hidden } = this.#window();
    // The delivery status shows under the newest customer message only (and a failed one).
    let newestOwn: string | undefined;
    for (let i = shown.length - 1; i >= 0 && !newestOwn; i--) if (shown[i]!.from === 'customer' && !shown[i]!.presence && !shown[i]!.divider) newestOwn = shown[i]!.id;
    const t = this.#hooks.text;
    const heading = host.heading || t('heading');
    const lang = this.#hooks.language();
    const markdown = this.#engine.settings.markdown;
    // Plain text until it is there, or if it never comes: still safe, still readable.
    const md = markdown ? this.#chunk('markdown', () => import('./markdown.js'), (m) => (adoptSheet(host.renderRoot, m.markdownStyles), m.renderMarkdown), false) : undefined;
    // With the deployment's `Send` disconnect mode the composer stays after the agent ends.
    const ended = state === 'read-only';
    if (this.#engine.signInRequired) {
      return html`<section part="panel" id="genesys-chat-panel" class=${this.#full() ? 'fullscreen' : ''} role="dialog" aria-label=${heading} lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'} ?hidden=${!host.open} @keydown=${this.#onPanelKeydown}>
        ${this.#renderHeader(heading)}
        ${this.#signIn()?.signInView(t, host.loginUrl, ['rejected', 'expired', 'refresh-failed', 'logout'].includes(this.#engine.signedOutBecause ?? ''))}
      </section>`;
    }
    // The deployment takes files: config.json's fileUpload, or allowedMedia in the SessionResponse.
    const files = this.#files();
    return html`<section part="panel" id="genesys-chat-panel" class=${this.#full() ? 'fullscreen' : ''} role="dialog" aria-label=${heading} lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'} ?hidden=${!host.open} @keydown=${this.#onPanelKeydown}
      @dragover=${files?.dragOver} @dragleave=${files?.dragLeave} @drop=${files?.drop}>${files?.dropHint()}
      ${this.#renderHeader(heading)} ${this.#engine.settings.clear ? this.#clearAction()?.confirm() : nothing} ${this.#renderStatus(state, shown)}
      <div part="log" role="log" aria-live="polite" aria-label=${t('messages')} tabindex="0" @scroll=${this.#onScroll} @keydown=${this.#onLogKeydown}>
        ${hidden || this.#engine.socket.hasOlder ? html`<button class="older" @click=${this.#onOlder}>${t('loadEarlier')}</button>` : nothing}
        ${shown.length === 0 ? html`<p class="empty">${t('empty')}</p>` : nothing}
        ${repeat(
          shown,
          (m) => m.id,
          (m, i) => {
            const before = shown[i - 1];
            const day = this.#day(m, before);
            // A group: the same sender, the same day, within five minutes of the one before.
            const grouped = !day && !!before && !before.presence && !before.divider && before.from === m.from && before.nickname === m.nickname && m.time - before.time < GROUP_MS;
            const item = m.divider
              ? this.#renderDivider(m)
              : m.presence
              ? this.#renderPresence(m)
              : m.from === 'agent'
                ? this.#renderAgent(m, i === shown.length - 1, markdown, md, grouped)
                : this.#renderCustomer(m, m.id === newestOwn, grouped);
            // One template shape for every row, so growing the window keeps each row's nodes.
            return html`${day ?? nothing}${item}`;
          },
        )}
        ${ended || this.#engine.notice === 'conversation-ended' ? html`<p class="divider" role="separator"><span>${t('ended')}</span></p>` : nothing}
        ${this.#renderTyping()}
        ${this.#below ? html`<button class="pill" @click=${this.#toEnd}>${t('newMessages')}</button>` : nothing}
      </div>
      ${this.#typingNews()} ${ended ? this.#renderEnded() : this.#renderComposer(state)}
    </section>`;
  }

  #renderHeader(heading: string) {
    const t = this.#hooks.text;
    const agent = this.#currentAgent();
    return html`<header part="header">
      ${agent?.avatar ? html`<img class="avatar" src=${agent.avatar} alt="" />` : nothing}
      <div class="title">
        <h2>${heading}</h2>
        ${agent?.name ? html`<span class="agent-name">${agent.name}</span>` : nothing}
      </div>
      ${this.#engine.settings.auth.enabled && !this.#engine.authenticated && !this.#engine.signInRequired
        ? this.#signIn()?.signInLink(t, this.#host.loginUrl)
        : nothing}
      ${this.#engine.settings.clear && !this.#engine.signInRequired && this.#engine.messages.length
        ? this.#clearAction()?.button()
        : nothing}
      <button class="icon-button" aria-label=${t('closeChat')} @click=${this.#onClose}>${closeIcon}</button>
    </header>`;
  }

  /** The clear action (once its chunk is there; it loads where the deployment allows clearing). */
  #clearAction() {
    return this.#chunk('clear', () => this.#speaking(import('./clear.js')), ({ ClearAction, clearStyles }) => {
      adoptSheet(this.#host.renderRoot, clearStyles);
      return new ClearAction({
        text: this.#hooks.text,
        update: () => this.#host.requestUpdate(),
        root: () => this.#host.renderRoot,
        clear: () => this.#host.clearConversation(),
      });
    });
  }

  /** The sign-in pieces: a chunk, loaded for deployments with sign-in on. */
  #signIn() {
    return this.#chunk('sign-in', () => this.#speaking(import('./sign-in.js')), (m) => (adoptSheet(this.#host.renderRoot, m.signInStyles), m));
  }

  /**
   * The status line. Connecting says so in the catalog's core; the rest of what it says (the
   * service unreachable, a connection ended or refused, a stored session's end) is in the
   * rest of the catalog, and shows once that is here (loaded the first time it is needed).
   */
  #renderStatus(state: ConnectionState, rows: readonly ChatMessage[]) {
    const notice = this.#engine.notice;
    const reconnect = (t: Text, label: StringKey) => html` <button class="link" @click=${() => this.#engine.socket.reconnectNow()}>${t(label)}</button>`;
    // No connection for a while: say so, and that what is written still goes; retries go on.
    if (notice === 'unreachable' && state !== 'ready') {
      const t = this.#rest();
      return html`<div part="status" role="status" data-notice=${notice}>${t ? html`${t('unreachable')}${reconnect(t, 'tryNow')}` : nothing}</div>`;
    }
    const expiring = notice === 'session-expiring' && state === 'ready' ? this.#expiring() : undefined;
    if (expiring) return html`<div part="status" role="status" data-notice=${notice}>${expiring}</div>`;
    const retry = state === 'failed' || state === 'closed';
    // Never connected yet (a wrong region, a blocked network): still connecting, not "lost".
    const shown = state === 'reconnecting' && !this.#engine.everReady ? 'connecting' : state;
    // A session that ended says so once: as its divider in the log when there is one.
    const said = (notice === 'session-expired' || notice === 'session-restarted') && rows.some((m) => m.divider);
    const noticed = notice && !said && noticeKey[notice];
    const key = noticed || stateKey[shown];
    const t = noticed || retry ? this.#rest() : this.#hooks.text;
    // (`unreachable` and `session-expiring` are said above, while they are true.)
    return html`<div part="status" role="status">${key && t ? t(key) : nothing}${retry && t ? reconnect(t, 'tryAgain') : nothing}</div>`;
  }

  /**
   * The catalog's text once its rest (what only trouble and the features that load on use say)
   * is here too; undefined while it loads, which starts the first time it is asked for.
   */
  #rest(): Text | undefined {
    return this.#chunk('rest', () => this.#speaking(Promise.resolve()), () => this.#hooks.text);
  }

  /** A session's last minutes: the warning (notices.ts), rendered again as the minutes change. */
  #expiring(): string | undefined {
    clearTimeout(this.#minute);
    this.#minute = undefined;
    const notices = this.#notices();
    if (!notices) return undefined;
    const { text, again } = notices.expiring(this.#engine.socket.expiresAt, this.#hooks.language(), this.#hooks.text);
    if (again !== undefined) this.#minute = setTimeout(() => this.#host.requestUpdate(), again);
    return text;
  }

  /** Where one session ended and the next began (notices.ts). */
  #renderDivider(m: ChatMessage) {
    return this.#notices()?.divider(m, this.#hooks.text, this.#toComposer) ?? nothing;
  }

  /** What the panel says when something went wrong or a session ends: a chunk, loaded the first time it is needed. */
  #notices() {
    return this.#chunk('notices', () => this.#speaking(import('./notices.js')), (m: typeof Notices) => (adoptSheet(this.#host.renderRoot, m.noticeStyles), m));
  }

  #renderPresence(m: ChatMessage) {
    // "Agent left" says nothing the end divider below it does not.
    if (m.presence === 'left' && !m.nickname) return nothing;
    const name = m.nickname ?? this.#hooks.text(m.bot ? 'assistant' : 'agent');
    return html`<p class="presence">${this.#hooks.text(m.presence === 'joined' ? 'joined' : 'left', { name })}</p>`;
  }

  #renderAgent(m: ChatMessage, last: boolean, markdown: boolean, md: typeof renderMarkdown | undefined, grouped: boolean) {
    const t = this.#hooks.text;
    const text = md ? md(m.text) : this.#plain(m.text);
    const name = m.nickname ?? t(m.bot ? 'assistant' : 'agent');
    return html`<div class=${grouped ? 'row agent grouped' : 'row agent'}>
      ${grouped ? this.#when(m) : html`<span class="meta">${name} · ${this.#time(m)}</span>${face(name, m.avatar)}`}
      <div part="message agent" class=${markdown ? 'markdown' : ''} dir="auto" title=${this.#clock(m)} tabindex="-1" data-read-id=${m.id}>${text}${this.#cards_(m)}${this.#files_(m)}</div>
    </div>${last && m.quickReplies?.length ? this.#structured()?.renderQuickReplies(m.quickReplies, t('suggestedReplies'), this.#onQuickReply) : nothing}`;
  }

  #renderCustomer(m: ChatMessage, newest: boolean, grouped: boolean) {
    const t = this.#hooks.text;
    const status = m.status ?? 'sent';
    const failed = status === 'failed';
    const bubble = html`<div part=${failed ? 'message customer failed' : 'message customer'} dir="auto" title=${this.#clock(m)} tabindex="-1">${this.#plain(m.text)}${this.#files_(m)}</div>`;
    if (!newest && !failed && status !== 'sending') return html`<div class=${grouped ? 'row customer grouped' : 'row customer'}>${this.#when(m)}${bubble}</div>`;
    return html`<div class=${grouped ? 'row customer grouped' : 'row customer'}>
      ${bubble}
      <span part="receipt" class=${status} data-status=${status} title=${failed && m.error ? m.error.message : nothing}>${failed
          ? (this.#notices()?.failed(m, t, () => this.#engine.socket.retry(m.tracingId ?? m.id)) ?? t('notSent'))
          : html`${t(status === 'sent' ? 'sent' : status)} · ${this.#time(m)}`}</span>
    </div>`;
  }

  /** The agent's typing: a bubble at the end of the log while it lasts (heard through #typingNews). */
  #renderTyping() {
    if (!this.#engine.typing.agentTyping) return nothing;
    const agent = this.#currentAgent();
    const name = agent?.name ?? this.#agentName();
    return html`<div part="typing-indicator" class="row agent" aria-hidden="true">
      <span class="meta">${this.#hooks.text('typing', { name })}</span>${face(name, agent?.avatar)}
      <span class="dots"><span></span><span></span><span></span></span>
    </div>`;
  }

  /** "Alex is typing…" for screen readers: its text changes once per burst, so it is said once. */
  #typingNews() {
    return html`<div class="visually-hidden" id="typing-news" role="status" aria-live="polite">${this.#engine.typing.agentTyping
        ? this.#hooks.text('typing', { name: this.#currentAgent()?.name ?? this.#agentName() })
        : nothing}</div>`;
  }

  #renderComposer(state: ConnectionState) {
    const canSend = this.#canSend(state);
    const t = this.#hooks.text;
    const files = this.#files();
    // The count near the limit and what happens over it: filled in by #showCount, not by
    // rendering (a keystroke re-renders nothing).
    return html`${files?.pending()}<p class="limit" hidden><span id="limit-count"></span><span class="over" aria-live="polite"></span></p>
      <form part="composer" @submit=${this.#onSubmit}>
      ${files?.button(!canSend)}
      <label class="visually-hidden" for="input">${t('messageLabel')}</label>
      <textarea
        id="input"
        part="input"
        dir="auto"
        rows="1"
        placeholder=${t('placeholder')}
        aria-describedby="limit-count"
        ?disabled=${!canSend}
        @input=${this.#onInput}
        @keydown=${this.#onInputKeydown}
        @paste=${files?.paste}
      ></textarea>
      <button part="send-button" type="submit" aria-label=${t('send')} aria-busy=${files?.waiting ? 'true' : 'false'} ?disabled=${!this.#sendable(canSend)}>${sendIcon}</button>
    </form>`;
  }

  /** After a ReadOnly end: the divider in the log says it ended; here, what to do next. */
  #renderEnded() {
    return html`<div class="ended">
      <button @click=${this.#onStartNew}>${this.#hooks.text('startNew')}</button>
    </div>`;
  }

  // ------------------------------------------------------------------ handlers

  #onClose = (): void => {
    this.#hooks.setOpen(false);
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>('[part="launcher"]')?.focus());
  };

  #onPanelKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.#onClose();
    }
  };

  #onInput = (e: Event): void => {
    this.#draft = (e.target as HTMLTextAreaElement).value;
    // Only the send button follows the draft; Lit sets the same value on the next render.
    const button = this.#host.renderRoot.querySelector<HTMLButtonElement>('[part="send-button"]');
    if (button) button.disabled = !this.#sendable(this.#canSend(this.#engine.state));
    this.#showCount();
    if (this.#draft.trim()) this.#engine.typing.keystroke();
  };

  /**
   * Near the limit, "3,950 / 4,096"; over it, also how many messages the text will go as
   * (limit.ts: a chunk, loaded the first time a draft comes near the limit; the count shows
   * once it is here).
   */
  #showCount(): void {
    const box = this.#host.renderRoot.querySelector<HTMLElement>('.limit');
    if (!box) return;
    const near = this.#draft.length >= Math.ceil(MAX_TEXT_LENGTH * COUNT_FROM);
    // With the engine's splitting too, so a text written up to here is sent at once.
    const load = () => this.#speaking(Promise.all([import('./limit.js'), this.#engine.splitter()]).then(([m]) => m));
    const limit = near || this.#chunks.has('limit') ? this.#chunk('limit', load, (m) => (adoptSheet(this.#host.renderRoot, m.limitStyles), m)) : undefined;
    limit?.showCount(box, this.#draft, near, this.#hooks.language(), (count) => this.#hooks.text('overLimit', { count }));
  }

  #onInputKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.#submit(e.target as HTMLTextAreaElement);
    }
  };

  #onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = this.#host.renderRoot.querySelector<HTMLTextAreaElement>('[part="input"]');
    if (input) this.#submit(input);
  };

  #submit(input: HTMLTextAreaElement): void {
    // The field is the truth: an Enter can come before any input event was handled.
    const text = input.value.trim();
    const files = this.#files();
    if (files?.uploads.busy) {
      // Sent with the files once their uploads are done (or failed).
      files.waiting = true;
      this.#host.requestUpdate();
      return;
    }
    const attachments = files?.uploads.uploaded ?? [];
    if (!text && !attachments.length) return;
    // Over the limit with files, the first part goes with them: sent once the splitting is here.
    if (attachments.length && text.length > MAX_TEXT_LENGTH && !this.#splitter()) {
      void this.#engine.splitter().then(() => this.#submit(input), () => undefined);
      return;
    }
    // The send event only for a message that goes (the engine reports why one cannot). Over
    // the service's limit, the engine sends it in order as parts: nothing is cut.
    if (!this.#engine.sendable() || !this.#host.dispatchEvent(new GenesysChatSendEvent(text))) return;
    if (!this.#engine.send(text, attachments)) return;
    files?.take();
    input.value = '';
    this.#draft = '';
    this.#showCount();
    this.#stickToBottom = true;
    this.#firstId = undefined;
    this.#host.requestUpdate();
  }

  #onQuickReply = (reply: QuickReply): void => {
    if (!this.#host.dispatchEvent(new GenesysChatSendEvent(reply.text))) return;
    this.#engine.sendQuickReply(reply);
    this.#stickToBottom = true;
    this.#firstId = undefined;
  };




  /** The "new messages" button: to the end of the log, where they are. */
  #toEnd = (): void => {
    this.#below = false;
    this.#stickToBottom = true;
    this.#firstId = undefined;
    this.#host.requestUpdate();
    const log = this.#log;
    if (log) log.scrollTop = log.scrollHeight;
  };

  /**
   * Up and down arrows move between the messages (a focused message shows its time), Home
   * and End to the first and the newest; from the log itself they start at the newest.
   */
  #onLogKeydown = (e: KeyboardEvent): void => {
    const keys: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, Home: -1e9, End: 1e9 };
    const step = keys[e.key];
    if (!step) return;
    const bubbles = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[part~="message"]')];
    const at = bubbles.indexOf((e.target as Element).closest<HTMLElement>('[part~="message"]')!);
    e.preventDefault();
    bubbles[at < 0 ? (step < -1 ? 0 : bubbles.length - 1) : Math.max(0, Math.min(at + step, bubbles.length - 1))]?.focus();
  };

  /** Under a session's divider: the new session is already connected; to the end and the field. */
  #toComposer = (): void => {
    this.#toEnd();
    this.#host.renderRoot.querySelector<HTMLElement>('[part="input"]')?.focus();
  };

  #onStartNew = (): void => {
    this.reset();
    this.#engine.socket.startNew();
  };

  #onScroll = (): void => {
    const log = this.#log;
    if (!log) return;
    this.#stickToBottom = nearBottom(log);
    if (this.#stickToBottom && this.#below) {
      this.#below = false;
      this.#host.requestUpdate();
    }
    if (this.#stickToBottom && this.#firstId !== undefined) {
      // Back at the end: follow it with the normal window again.
      this.#firstId = undefined;
      this.#host.requestUpdate();
    } else if (!this.#stickToBottom && this.#firstId === undefined) {
      // Reading older messages: hold the window's first message where it is.
      this.#firstId = this.#window().shown[0]?.id;
    }
    if (log.scrollTop === 0) this.#onOlder();
  };

  /** Shows earlier messages: more of what is loaded, else the next page of history. */
  #onOlder = (): void => {
    const messages = this.#engine.messages;
    const { hidden } = this.#window();
    const log = this.#log;
    this.#keepFromBottom = log ? log.scrollHeight - log.scrollTop : undefined;
    this.#stickToBottom = false;
    if (hidden > 0) {
      this.#firstId = messages[Math.max(0, hidden - WINDOW_STEP)]?.id;
      this.#host.requestUpdate();
      return;
    }
    if (!this.#engine.socket.hasOlder) {
      this.#keepFromBottom = undefined;
      return;
    }
    void this.#engine.socket.loadOlder().then(() => {
      // Show everything that history just added above.
      this.#firstId = this.#engine.messages[0]?.id;
      const now = this.#log;
      this.#keepFromBottom = now ? now.scrollHeight - now.scrollTop : undefined;
      this.#host.requestUpdate();
    });
  };

  // ------------------------------------------------------------------ helpers

  get #log(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('[part="log"]');
  }

  /** Text, or files uploaded or on their way. */
  #sendable(canSend: boolean): boolean {
    return canSend && (!!this.#draft.trim() || !!this.#files()?.ready);
  }

  /** The splitting of a text over the limit (the engine's chunk), once it is here. */
  #splitter() {
    return this.#chunk('split', () => this.#engine.splitter(), (split) => split);
  }

  /** Sending files: a chunk, loaded where the deployment takes them (config.json's fileUpload, or allowedMedia in the SessionResponse). */
  #files(): AttachmentComposer | undefined {
    if (!this.#engine.settings.fileUpload.enabled && !this.#engine.socket.info?.allowedMedia) return undefined;
    this.#viewer(); // sizes are formatted there
    // Without it, no paperclip: the conversation itself still works.
    return this.#chunk('files', () => this.#speaking(import('./attachments.js')), ({ AttachmentComposer, attachmentStyles }) => {
      adoptSheet(this.#host.renderRoot, attachmentStyles);
      return new AttachmentComposer(this.#engine, {
        text: this.#hooks.text,
        size: (bytes) => this.#viewer()?.size(bytes) ?? `${bytes} B`,
        update: () => this.#host.requestUpdate(),
        ready: () => {
          const input = this.#host.renderRoot.querySelector<HTMLTextAreaElement>('[part="input"]');
          if (input) this.#submit(input);
        },
      });
    }, false);
  }

  #canSend(state: ConnectionState): boolean {
    return state !== 'failed' && state !== 'closed' && state !== 'idle';
  }

  /** The messages to render, and how many loaded ones lie above them. */
  #window(): { shown: readonly ChatMessage[]; hidden: number } {
    const messages = this.#engine.messages;
    let first = this.#firstId === undefined ? -1 : this.#engine.store.indexOf(this.#firstId);
    if (first < 0) first = Math.max(0, messages.length - WINDOW);
    return { shown: first ? messages.slice(first) : messages, hidden: first };
  }

  #agentName(): string {
    const messages = this.#engine.messages;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.from === 'agent' && m.nickname && !m.divider) return m.nickname;
    }
    return this.#hooks.text('agent');
  }

  /** The agent now in the conversation (the newest agent message or presence), until they leave. */
  #currentAgent(): { name?: string; avatar?: string } | undefined {
    const messages = this.#engine.messages;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.from !== 'agent' || m.divider) continue;
      return m.presence === 'left' ? undefined : { name: m.nickname, avatar: m.avatar };
    }
    return undefined;
  }

  /** A card or carousel (a bot's). */
  #cards_(m: ChatMessage) {
    return m.cards?.length ? this.#structured()?.renderCards(m, this.#onQuickReply) : nothing;
  }

  /** Cards and quick replies (a bot's): a chunk, loaded when the first one arrives (quick replies' name is in the rest of the catalog). */
  #structured() {
    return this.#chunk('bots', () => this.#speaking(import('./cards.js')), (m) => (adoptSheet(this.#host.renderRoot, m.cardStyles), m));
  }

  /** The date separator before `m`: at the first message shown, and where the day changes. */
  #day(m: ChatMessage, before: ChatMessage | undefined) {
    const day = this.#dayOf(m);
    if (before && this.#dayOf(before) === day) return undefined;
    const lang = this.#hooks.language();
    const today = new Date().toDateString();
    // Worded once per language, today and day: every arrival renders the window, whose first
    // row has a separator, and Intl's formatters are slow to make.
    const key = `${lang} ${today} ${day}`;
    let label = this.#days.get(key);
    if (!label) {
      const ago = Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000);
      // "Today", "Yesterday" (Intl words them in the language), then the date.
      label =
        ago < 2
          ? new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-ago, 'day')
          : new Date(m.time).toLocaleDateString(lang, { weekday: 'long', day: 'numeric', month: 'long' });
      this.#days.set(key, (label = label.charAt(0).toLocaleUpperCase(lang) + label.slice(1)));
    }
    return html`<p class="day" role="separator">${label}</p>`;
  }

  /** A message's day (`toDateString`), worked out once: every render asks for the whole window. */
  #dayOf(m: ChatMessage): string {
    let day = this.#dayKeys.get(m);
    if (!day) this.#dayKeys.set(m, (day = new Date(m.time).toDateString()));
    return day;
  }

  /** The time of a bubble that shows none: visible while its row is hovered or focused. */
  #when(m: ChatMessage) {
    return html`<span class="when" aria-hidden="true">${this.#clock(m)}</span>`;
  }

  /** A message's time as plain text (the hover title of a grouped bubble). */
  #clock(m: ChatMessage): string {
    this.#time(m);
    return this.#times.get(m)![0];
  }

  /** Plain text with its links (once their chunk is there; it loads for text that may hold one). */
  #plain(text: string) {
    if (!MAYBE_LINK.test(text)) return text;
    // Plain text it stays if the chunk never comes.
    const links = this.#chunk('links', () => import('./linkify.js'), (m) => m.linkify, false);
    return links ? links(text) : text;
  }

  /** A message's files (pictures, links), once the chunk that shows them is there. */
  #files_(m: ChatMessage) {
    return m.attachments?.length ? (this.#viewer()?.render(m) ?? nothing) : nothing;
  }

  /** Files in the log: a chunk, loaded when a message carries one (or files may be sent). */
  #viewer() {
    return this.#chunk('view', () => import('./attachment-view.js'), ({ AttachmentView, attachmentViewStyles }) => {
      adoptSheet(this.#host.renderRoot, attachmentViewStyles);
      return new AttachmentView({
        refresh: (id) => this.#engine.socket.downloadUrl(id),
        update: () => this.#host.requestUpdate(),
        language: () => this.#hooks.language(),
      });
    });
  }

  /**
   * What a chunk gives once it has arrived (`ready` makes it from the module, once), or
   * undefined while it loads, which starts the first time it is asked for. `updateComplete`
   * waits for it (`pending`). A chunk that failed to load is asked for again on a later
   * render, unless `retry` is false (the panel goes on without it).
   */
  #chunk<M, T>(name: string, load: () => Promise<M>, ready: (module: M) => T, retry = true): T | undefined {
    const have = this.#chunks.get(name);
    if (have !== undefined) return have === false ? undefined : (have as T);
    this.#chunks.set(name, false);
    this.#wait(load()).then(
      (module) => {
        this.#chunks.set(name, ready(module));
        this.#host.requestUpdate();
      },
      () => retry && this.#chunks.delete(name),
    );
    return undefined;
  }

  /** A feature's chunk that speaks: its module, once the rest of the catalog is here too. */
  #speaking<M>(chunk: Promise<M>): Promise<M> {
    return Promise.all([chunk, this.#hooks.whole?.()]).then(([module]) => module);
  }

  /** Tracks a chunk in `pending` until it has arrived (and rendered: the next update). */
  #wait<T>(chunk: Promise<T>): Promise<T> {
    const pending: Promise<unknown> = chunk.then(
      () => undefined,
      () => undefined,
    );
    this.pending = pending;
    void pending.then(() => queueMicrotask(() => this.pending === pending && (this.pending = undefined)));
    return chunk;
  }

  /** `<time>` of a message, formatted once per message and language. */
  #time(m: ChatMessage) {
    const lang = this.#hooks.language();
    if (lang !== this.#formatterLang || !this.#formatter) {
      this.#formatterLang = lang;
      this.#times = new WeakMap();
      try {
        this.#formatter = new Intl.DateTimeFormat(lang || undefined, { hour: 'numeric', minute: '2-digit' });
      } catch {
        this.#formatter = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
      }
    }
    let time = this.#times.get(m);
    if (!time) {
      time = [this.#formatter.format(m.time), new Date(m.time).toISOString()];
      this.#times.set(m, time);
    }
    return html`<time datetime=${time[1]}>${time[0]}</time>`;
  }
}

/** The agent's picture beside their group of messages, or their initial without one. */
function face(name: string, avatar: string | undefined) {
  return html`<span class="face" aria-hidden="true">${avatar ? html`<img src=${avatar} alt="" />` : [...name][0]?.toLocaleUpperCase()}</span>`;
}

/** Adds styles of a chunk to the element's shadow root. */
function adoptSheet(root: HTMLElement | DocumentFragment, styles: CSSResult): void {
  const shadow = root as ShadowRoot;
  const sheet = styles.styleSheet;
  if (sheet && 'adoptedStyleSheets' in shadow) {
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = styles.cssText;
    shadow.appendChild(style);
  }
}
