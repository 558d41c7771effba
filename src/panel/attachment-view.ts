/**
 * Attachments in the log, of agent and customer messages alike: pictures as thumbnails that
 * open full size in a new tab, other files as a link with their name and size. Download
 * URLs expire (protocol §2.7): a picture that fails to load, or a link clicked after the
 * URL's assumed lifetime, gets a fresh URL with `getAttachment` first. Every URL passes
 * `safeUrl`; names are text, never markup.
 *
 * Names cannot disguise what a file is (S2): bidi controls are taken out (an agent's or a
 * bot's `invoice\u202Efdp.exe` would otherwise read "invoiceexe.pdf"), each name is isolated
 * in a `<bdi>` so it cannot reorder the text around it, and the real extension is shown on its
 * own beside the name.
 */
import { css } from '@lit/reactive-element';
import { html, nothing } from 'lit/html.js';
import { safeUrl } from '../safe-url.js';
import type { Attachment, ChatMessage } from '../types.js';

/**
 * How long a download URL is taken to work after it was issued. Genesys does not document
 * it; the simulator's default is 10 minutes. Older links are refreshed before they open.
 */
export const URL_LIFETIME_MS = 600_000;

/**
 * Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the marks
 * (U+200E, U+200F, U+061C): in a file name they only ever serve to reorder what is read.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** A file name as shown: without bidi controls, and its real extension (upper case, up to 10 characters), if it has one. */
export function displayName(name: string): { name: string; ext?: string } {
  const clean = name.replace(BIDI_CONTROLS, '');
  const ext = /\.([^.\s]{1,10})$/u.exec(clean)?.[1];
  return { name: clean, ext: ext && clean.length > ext.length + 1 ? ext.toLocaleUpperCase('en') : undefined };
}

export interface AttachmentViewHooks {
  /** A fresh download URL (`getAttachment`), or undefined. */
  refresh(id: string): Promise<string | undefined>;
  /** Render again. */
  update(): void;
  language(): string;
}

export class AttachmentView {
  #hooks: AttachmentViewHooks;
  /** Refreshed URLs and when they came. */
  #fresh = new Map<string, { url: string; at: number }>();
  /** Ids refreshed after a load error: once each, so a broken file cannot loop. */
  #retried = new Set<string>();
  #formats = new Map<string, Intl.NumberFormat>();

  constructor(hooks: AttachmentViewHooks) {
    this.#hooks = hooks;
  }

  render(m: ChatMessage) {
    return m.attachments?.length ? m.attachments.map((a) => this.#one(a, m.time)) : nothing;
  }

  #one(a: Attachment, issued: number) {
    const fresh = this.#fresh.get(a.id);
    const url = safeUrl(fresh?.url ?? a.url);
    const web = url && /^https?:/.test(url) ? url : undefined;
    const at = fresh?.at ?? issued;
    const { name, ext } = displayName(a.name);
    // The extension apart from the name, so no trick in the name can hide or fake it.
    const details = html`${ext ? html` <span class="ext">${ext}</span>` : nothing}${a.size === undefined ? nothing : html` <span class="size">${this.size(a.size)}</span>`}`;
    if (!web) return html`<div class="card"><span part="attachment"><bdi>${name}</bdi></span>${details}</div>`;
    const open = (e: MouseEvent) => this.#open(e, a.id, at);
    if (a.mediaType === 'Image' || a.mime?.startsWith('image/')) {
      return html`<div class="card"><a part="attachment" class="thumb" href=${web} target="_blank" rel="noopener noreferrer" @click=${open}
          ><img src=${web} alt=${name} loading="lazy" @error=${() => this.#renew(a.id)}
        /></a></div>`;
    }
    return html`<div class="card"><a part="attachment" href=${web} target="_blank" rel="noopener noreferrer" @click=${open}><bdi>${name}</bdi></a>${details}</div>`;
  }

  /** A link older than its URL's lifetime opens with a fresh URL. */
  #open(e: MouseEvent, id: string, at: number): void {
    if (Date.now() - at < URL_LIFETIME_MS) return;
    e.preventDefault();
    // Opened now, while the click still counts as the person's (popup blockers), filled in later.
    const tab = window.open('about:blank', '_blank');
    if (tab) tab.opener = null;
    void this.#get(id).then((url) => {
      if (url && tab) tab.location.href = url;
      else tab?.close();
    });
  }

  #renew(id: string): void {
    if (this.#retried.has(id)) return;
    this.#retried.add(id);
    void this.#get(id);
  }

  async #get(id: string): Promise<string | undefined> {
    const url = safeUrl(await this.#hooks.refresh(id));
    if (!url || !/^https?:/.test(url)) return undefined;
    this.#fresh.set(id, { url, at: Date.now() });
    this.#hooks.update();
    return url;
  }

  /** "48 kB", "1.2 MB" in the person's language. */
  size(bytes: number): string {
    const [unit, n] = bytes < 1000 ? ['byte', bytes] : bytes < 1e6 ? ['kilobyte', bytes / 1e3] : ['megabyte', bytes / 1e6];
    const lang = this.#hooks.language();
    const key = `${lang}|${unit}`;
    let f = this.#formats.get(key);
    if (!f) {
      const options: Intl.NumberFormatOptions = { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 };
      try {
        f = new Intl.NumberFormat(lang || undefined, options);
      } catch {
        f = new Intl.NumberFormat(undefined, options);
      }
      this.#formats.set(key, f);
    }
    return f.format(n);
  }
}

/** A file's card in the log: its extension on its own (S2), a picture as a thumbnail. */
export const attachmentViewStyles = css`
  /* The real extension, apart from the name (S2). */
  .card .ext {
    padding: 0 4px;
    border: 1px solid color-mix(in srgb, var(--_fg) 30%, var(--_bg));
    border-radius: 3px;
    font-size: 0.75em;
    font-weight: 600;
    letter-spacing: 0.03em;
  }
  .card .thumb img {
    display: block;
    max-width: min(100%, 220px);
    max-height: 160px;
    object-fit: cover;
  }
`;
