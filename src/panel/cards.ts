/**
 * Cards, carousels and attachments of an agent message: text and http(s) links only (the
 * decoder lets no other URL through), postback buttons answer like quick replies.
 */
import { html, nothing } from 'lit';
import type { ChatMessage, QuickReply } from '../types.js';

type Card = NonNullable<ChatMessage['cards']>[number];
type CardAction = Card['actions'][number];

export function renderCards(m: ChatMessage, onPostback: (reply: QuickReply) => void) {
  return html`${m.cards?.map((c) => renderCard(c, onPostback))}${m.attachments?.map(
    (a) => html`<div class="card">${a.url ? html`<a href=${a.url} target="_blank" rel="noopener noreferrer" download>${a.name}</a>` : a.name}</div>`,
  )}`;
}

function renderCard(c: Card, onPostback: (reply: QuickReply) => void) {
  return html`<div class="card">
    ${c.image ? html`<img src=${c.image} alt="" loading="lazy" />` : nothing}
    <strong>${c.url ? html`<a href=${c.url} target="_blank" rel="noopener noreferrer">${c.title}</a>` : c.title}</strong>
    ${c.description ? html`<span>${c.description}</span>` : nothing}
    ${c.actions.map((a) => renderAction(a, onPostback))}
  </div>`;
}

function renderAction(a: CardAction, onPostback: (reply: QuickReply) => void) {
  if (a.type === 'Link' && a.url) return html`<a href=${a.url} target="_blank" rel="noopener noreferrer">${a.text}</a> `;
  const payload = a.payload;
  if (a.type === 'Postback' && payload !== undefined) {
    return html`<button part="quick-reply" @click=${() => onPostback({ text: a.text, payload })}>${a.text}</button> `;
  }
  return nothing;
}
