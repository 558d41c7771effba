/**
 * Cards and carousels of an agent message: text, links and images (attachments are
 * attachment-view.ts's). The decoder
 * already let only `safeUrl` URLs through; every href and src passes `safeUrl` again here, so
 * a message that reached the store some other way cannot render a script URL either.
 * Postback buttons answer like quick replies.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { safeUrl } from '../safe-url.js';
import type { ChatMessage, QuickReply } from '../types.js';

type Card = NonNullable<ChatMessage['cards']>[number];
type CardAction = Card['actions'][number];

export function renderCards(m: ChatMessage, onPostback: (reply: QuickReply) => void) {
  return html`${m.cards?.map((c) => renderCard(c, onPostback))}`;
}

function renderCard(c: Card, onPostback: (reply: QuickReply) => void) {
  const image = safeUrl(c.image, 'image');
  return html`<div class="card">
    ${image ? html`<img src=${image} alt="" loading="lazy" />` : nothing}
    <strong>${link(c.url, c.title)}</strong>
    ${c.description ? html`<span>${c.description}</span>` : nothing}
    ${c.actions.map((a) => renderAction(a, onPostback))}
  </div>`;
}

function renderAction(a: CardAction, onPostback: (reply: QuickReply) => void) {
  if (a.type === 'Link') return safeUrl(a.url) ? html`${link(a.url, a.text)} ` : nothing;
  const payload = a.payload;
  if (a.type === 'Postback' && payload !== undefined) {
    return html`<button part="quick-reply" @click=${() => onPostback({ text: a.text, payload })}>${a.text}</button> `;
  }
  return nothing;
}

/**
 * An anchor when `url` passes `safeUrl`, else the text alone. Web links open in a new tab
 * without an opener; mailto: and tel: hand over to the device, so they get no target.
 */
function link(url: string | undefined, text: string): TemplateResult | string {
  const href = safeUrl(url);
  if (!href) return text;
  if (!/^https?:/.test(href)) return html`<a href=${href}>${text}</a>`;
  return html`<a href=${href} target="_blank" rel="noopener noreferrer">${text}</a>`;
}
