/**
 * Sending files: the paperclip button, drag and drop onto the panel, paste into the text
 * field, and the pending files above the composer (name, size, progress, ×, the reason of a
 * failure with a retry). Its own chunk, which the panel imports only when the deployment
 * takes files (config.json's `fileUpload`, or `allowedMedia` in the SessionResponse); the
 * uploads themselves are session/uploads.ts's, the PUT session/xhr-put.ts's.
 */
import { css } from '@lit/reactive-element';
import { html, nothing } from 'lit/html.js';
import type { Engine } from '../engine.js';
import type { StringKey } from '../i18n/en.js';
import type { Clock } from '../session/clock.js';
import { UploadManager, type FileRules, type Upload, type UploadReason } from '../session/uploads.js';
import { xhrPut } from '../session/xhr-put.js';
import type { Attachment } from '../types.js';
// The log's viewer loads with the composer anyway (it formats the sizes); its name rule is S2's.
import { displayName } from './attachment-view.js';

export interface AttachmentHooks {
  text(key: StringKey, params?: Record<string, string | number>): string;
  /** "48 kB" in the person's language. */
  size(bytes: number): string;
  /** Render again. */
  update(): void;
  /** The uploads the person waited for are done: send now. */
  ready(): void;
}

/** The browser's clock (the engine's is in its own chunk; importing it would split a chunk off). */
const clock: Clock = { now: Date.now, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) };

const clip = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" /></svg>`;

/** The person's words for why a file failed. */
const reasonKey = (r: UploadReason | undefined): StringKey =>
  r === 4000 ? 'filesOff' : r === 4001 ? 'fileTypeRefused' : r === 4002 ? 'fileTooLarge' : r === 4102 ? 'fileEmpty' : r === 4004 || r === 4005 ? 'fileNameRefused' : 'uploadFailed';

/** The deployment's rules: the session's allowedMedia when it sent some, else config.json's modes (protocol §6.3). */
function rules(engine: Engine): FileRules | undefined {
  const info = engine.socket.info;
  const blocked = info?.blockedExtensions ?? [];
  const media = info?.allowedMedia;
  if (media?.fileTypes.length) return { modes: [{ types: media.fileTypes, maxBytes: (media.maxFileSizeKB ?? 1e7) * 1024 }], blocked };
  const modes = engine.settings.fileUpload.modes;
  return modes.length ? { modes: modes.map((m) => ({ types: m.fileTypes, maxBytes: m.maxFileSizeKB * 1024 })), blocked } : undefined;
}

export class AttachmentComposer {
  readonly uploads: UploadManager;
  #engine: Engine;
  #hooks: AttachmentHooks;
  /** Files are being dragged over the panel. */
  dragging = false;
  /** The person pressed send while uploads were running. */
  waiting = false;

  constructor(engine: Engine, hooks: AttachmentHooks) {
    this.#engine = engine;
    this.#hooks = hooks;
    const socket = engine.socket;
    this.uploads = new UploadManager(clock, xhrPut, {
      rules: () => rules(engine),
      request: (f) => socket.sendAttachment('onAttachment', f),
      remove: (attachmentId) => void socket.sendAttachment('deleteAttachment', { attachmentId }),
      changed: () => this.#changed(),
      id: () => socket.newId(),
    });
    engine.socket.uploads = this.uploads;
  }

  /** Files ready to go (the send button is enabled for them). */
  get ready(): boolean {
    return this.uploads.items.some((i) => i.state === 'uploaded') || this.uploads.busy;
  }

  /** The uploaded files, out of the list: they go with the message being sent. */
  take(): Attachment[] {
    this.waiting = false;
    return this.uploads.take();
  }

  dispose(): void {
    this.uploads.dispose();
    if (this.#engine.socket.uploads === this.uploads) this.#engine.socket.uploads = undefined;
  }

  // ------------------------------------------------------------------ render

  /** The paperclip and its hidden file input (`accept` lists the allowed types). */
  button(disabled: boolean) {
    const t = this.#hooks.text;
    const accept = rules(this.#engine)?.modes.flatMap((m) => m.types).join(',') ?? '';
    return html`<input class="visually-hidden" type="file" multiple accept=${accept} tabindex="-1" aria-hidden="true" @change=${this.#onPick} /><button
        part="attach-button"
        type="button"
        class="icon-button"
        aria-label=${t('attach')}
        title=${t('attach')}
        ?disabled=${disabled}
        @click=${this.#onAttach}
      >${clip}</button>`;
  }

  /** The pending files above the composer. */
  pending() {
    const items = this.uploads.items;
    if (!items.length) return nothing;
    return html`<ul class="uploads">${items.map((u) => this.#chip(u))}</ul>${this.waiting ? html`<p class="waiting" role="status">${this.#hooks.text('waitingForFiles')}</p>` : nothing}`;
  }

  /** Over the panel while files are dragged onto it. */
  dropHint() {
    return this.dragging ? html`<div class="drop-hint" aria-hidden="true">${this.#hooks.text('dropFiles')}</div>` : nothing;
  }

  #chip(u: Upload) {
    const t = this.#hooks.text;
    const failed = u.state === 'failed';
    const shown = displayName(u.name).name;
    return html`<li part="attachment" class=${`upload ${u.state}`} data-state=${u.state}>
      <bdi class="name">${shown}</bdi> <span class="size">${this.#hooks.size(u.size)}</span>
      <button class="remove" type="button" aria-label=${t('removeFile', { name: shown })} title=${t('removeFile', { name: shown })} @click=${() => this.uploads.cancel(u.key)}>×</button>
      ${failed
        ? html`<span class="reason" role="alert">${t(reasonKey(u.reason))}${u.refused ? nothing : html` <button part="retry" type="button" @click=${() => this.uploads.retry(u.key)}>${t('retry')}</button>`}</span>`
        : u.state === 'uploaded' ? nothing : html`<progress max="1" value=${u.progress} aria-label=${shown}></progress>`}
    </li>`;
  }

  // ------------------------------------------------------------------ input

  add(files: Iterable<File>): void {
    this.uploads.add(files);
  }

  /** Files pasted into the text field are attached (text pastes as usual). */
  paste = (e: ClipboardEvent): void => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!files.length) return;
    e.preventDefault();
    this.add(files);
  };

  dragOver = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.#hooks.update();
    }
  };

  dragLeave = (e: DragEvent): void => {
    // Leaving a child for another child is no leaving.
    if (e.relatedTarget && (e.currentTarget as Node).contains(e.relatedTarget as Node)) return;
    this.dragging = false;
    this.#hooks.update();
  };

  drop = (e: DragEvent): void => {
    this.dragging = false;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) {
      e.preventDefault();
      this.add(files);
    }
    this.#hooks.update();
  };

  #onAttach = (e: Event): void => {
    ((e.currentTarget as HTMLElement).previousElementSibling as HTMLInputElement | null)?.click();
  };

  #onPick = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    this.add([...(input.files ?? [])]);
    input.value = '';
  };

  #changed(): void {
    if (this.waiting && !this.uploads.busy) {
      this.waiting = false;
      this.#hooks.ready();
    }
    this.#hooks.update();
  }
}

export const attachmentStyles = css`
  [part='panel'] {
    position: relative;
  }
  [part='attach-button'] {
    flex: none;
    align-self: center;
  }
  .uploads {
    flex: none;
    max-height: 35%;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: 0;
    padding: 6px 12px 0;
    list-style: none;
  }
  .upload {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    padding: 4px 8px;
    border: 1px solid color-mix(in srgb, var(--_fg) 15%, var(--_bg));
    border-radius: calc(var(--_radius) / 2);
    font-size: 0.85em;
  }
  .upload .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .upload .size,
  .waiting {
    color: var(--_muted);
  }
  .upload progress {
    flex-basis: 100%;
    height: 4px;
    accent-color: var(--_accent);
  }
  .upload .reason {
    flex-basis: 100%;
    color: var(--_panel-error);
  }
  .upload .remove {
    border: 0;
    background: none;
    color: inherit;
    font-size: 1.2em;
    line-height: 1;
    cursor: pointer;
  }
  .waiting {
    margin: 4px 12px 0;
    font-size: 0.85em;
  }
  .drop-hint {
    position: absolute;
    inset: 8px;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_bg) 90%, transparent);
    color: var(--_accent-text);
    font-weight: 600;
    pointer-events: none;
  }
`;
