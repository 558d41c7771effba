/**
 * "Clear conversation": the header's action and the question it asks first. A chunk loaded
 * only for deployments that allow clearing (`conversationClear.enabled`).
 */
import { css } from '@lit/reactive-element';
import { html, nothing } from 'lit/html.js';
import type { StringKey } from '../i18n/en.js';

const clearIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 3h6l1 2h4v2H4V5h4zm-3 6h12l-1 12H7z" /></svg>`;

interface ClearHooks {
  text(key: StringKey): string;
  /** Render again. */
  update(): void;
  /** The root to find the confirm button in, once rendered. */
  root(): HTMLElement | DocumentFragment;
  /** The person confirmed: clear. */
  clear(): void;
}

export class ClearAction {
  #hooks: ClearHooks;
  #asking = false;

  constructor(hooks: ClearHooks) {
    this.#hooks = hooks;
  }

  /** The header's button. */
  button() {
    const t = this.#hooks.text;
    return html`<button class="icon-button" aria-label=${t('clearConversation')} title=${t('clearConversation')} @click=${this.#ask}>${clearIcon}</button>`;
  }

  /** The question, under the header, while it is asked. */
  confirm() {
    if (!this.#asking) return nothing;
    const t = this.#hooks.text;
    return html`<div class="confirm" role="alertdialog" aria-label=${t('clearConversation')}>
      <span>${t('clearConfirm')}</span>
      <button class="danger" @click=${this.#yes}>${t('clear')}</button>
      <button @click=${this.#no}>${t('cancel')}</button>
    </div>`;
  }

  #ask = (): void => {
    this.#asking = true;
    this.#hooks.update();
    requestAnimationFrame(() => this.#hooks.root().querySelector<HTMLElement>('.confirm .danger')?.focus());
  };

  #no = (): void => {
    this.#asking = false;
    this.#hooks.update();
  };

  #yes = (): void => {
    this.#asking = false;
    this.#hooks.clear();
  };
}

export const clearStyles = css`
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px 16px;
    font-size: 0.85em;
    background: color-mix(in srgb, var(--_panel-error) 8%, var(--_bg));
  }
  .confirm span {
    flex: 1;
  }
  .confirm button {
    padding: 4px 12px;
    border: 1px solid color-mix(in srgb, var(--_fg) 25%, var(--_bg));
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_fg);
    font-size: inherit;
  }
  .confirm .danger {
    border-color: var(--_panel-error);
    background: var(--_panel-error);
    color: var(--_bg);
  }
`;
