/**
 * What bots send: quick replies, and the cards and carousels of an agent message with their
 * text, links and images (attachments are attachment-view.ts's). A chunk, loaded when the
 * first of them arrives. The decoder already let only `safeUrl` URLs through; every href and
 * src passes `safeUrl` again here, so a message that reached the store some other way cannot
 * render a script URL either. Postback buttons answer like quick replies.
 */
import { css } from '@lit/reactive-element';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { safeUrl } from '../safe-url.js';
import type { ChatMessage, QuickReply } from '../types.js';

type Card = NonNullable<ChatMessage['cards']>[number];
type CardAction = Card['actions'][number];

export function renderCards(m: ChatMessage, onPostback: (reply: QuickReply) => void) {
  return html`${m.cards?.map((c) => renderCard(c, onPostback))}`;
}

function renderCard(c: Card, onPostback: (reply: QuickReply) => void) {
  const image = safeUrl(c.image, 'image');
  const actions = c.actions.map((a) => renderAction(a, onPostback)).filter((a) => a !== nothing);
  return html`<div class="card rich">
    ${image ? html`<img src=${image} alt="" loading="lazy" />` : nothing}
    <strong>${link(c.url, c.title)}</strong>
    ${c.description ? html`<span>${c.description}</span>` : nothing}
    ${actions.length ? html`<div class="actions">${actions}</div>` : nothing}
  </div>`;
}

/** A link action looks like the postback buttons beside it: both are what the card offers. */
function renderAction(a: CardAction, onPostback: (reply: QuickReply) => void) {
  if (a.type === 'Link') return safeUrl(a.url) ? link(a.url, a.text) : nothing;
  const payload = a.payload;
  if (a.type === 'Postback' && payload !== undefined) {
    return html`<button part="quick-reply" @click=${() => onPostback({ text: a.text, payload, type: 'Button' })}>${a.text}</button>`;
  }
  return nothing;
}

/** The newest message's suggested answers: buttons that send their text. */
export function renderQuickReplies(replies: readonly QuickReply[], label: string, onReply: (reply: QuickReply) => void) {
  return html`<div class="quick-replies" role="group" aria-label=${label}>
    ${replies.map((q) => html`<button part="quick-reply" @click=${() => onReply(q)}>${q.text}</button>`)}
  </div>`;
}

/** The card's layout: picture edge to edge, the title, the text, then its actions in a row. */
export const cardStyles = css`
  /* What the customer might answer: on their side of the log. */
  .quick-replies {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    align-self: flex-end;
    gap: 6px;
    max-width: 85%;
  }
  [part='quick-reply'] {
    padding: 6px 12px;
    border: 1px solid var(--_accent-text);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_accent-text);
  }
  [part='quick-reply']:hover {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
  }
  .rich {
    display: flex;
    flex-direction: column;
    gap: 4px;
    max-width: 260px;
    padding: 0 0 10px;
    overflow: hidden;
    white-space: normal;
  }
  .rich > * {
    margin-inline: 12px;
  }
  .rich > img {
    width: 100%;
    max-height: 150px;
    margin: 0 0 4px;
    object-fit: cover;
  }
  .rich > :first-child:not(img) {
    margin-block-start: 10px;
  }
  .rich strong a {
    color: inherit;
    text-decoration: none;
  }
  .rich strong a:hover {
    text-decoration: underline;
  }
  .rich > span {
    font-size: 0.9em;
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-block-start: 4px;
  }
  .actions > * {
    padding: 5px 10px;
    font-size: 0.9em;
  }
  .actions a {
    border: 1px solid var(--_accent-text);
    border-radius: 999px;
    color: var(--_accent-text);
    text-decoration: none;
  }
`;

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
