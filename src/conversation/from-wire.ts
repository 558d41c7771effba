/**
 * Maps a validated Genesys `StructuredMessage` (live or from REST history) to the widget's
 * ChatMessage, or undefined when it is not a conversation message (events, receipts,
 * the health-check echo). URLs already passed `safeUrl` while decoding: links as 'link',
 * card and quick-reply images and the agent's avatar as 'image'.
 */
import { compact } from '../protocol/decode.js';
import type { WireCard, WireMessage } from '../protocol/types.js';
import type { Attachment, Card, ChatMessage, QuickReply, Sender } from '../types.js';

export function toChatMessage(wire: WireMessage, tracingId?: string): ChatMessage | undefined {
  if (wire.type === 'Event') return toPresence(wire);
  if (wire.type !== 'Text' && wire.type !== 'Structured') return undefined;
  const from: Sender = wire.direction === 'Inbound' ? 'customer' : 'agent';
  const quickReplies: QuickReply[] = [];
  const cards: Card[] = [];
  const attachments: Attachment[] = [];
  let payload: string | undefined;
  for (const c of wire.content) {
    switch (c.contentType) {
      case 'QuickReply':
        quickReplies.push(c.quickReply);
        break;
      case 'ButtonResponse':
        // Inbound: the customer's own answer. Outbound: some bots send choices this way.
        if (from === 'customer') payload = c.buttonResponse.payload;
        else quickReplies.push({ text: c.buttonResponse.text, payload: c.buttonResponse.payload });
        break;
      case 'Card':
        cards.push(toCard(c.card));
        break;
      case 'Carousel':
        cards.push(...c.carousel.cards.map(toCard));
        break;
      case 'Attachment':
        attachments.push({
          id: c.attachment.id,
          name: c.attachment.filename ?? 'attachment',
          mime: c.attachment.mime,
          mediaType: c.attachment.mediaType,
          url: c.attachment.url,
          size: c.attachment.fileSize,
        });
        break;
    }
  }
  const text = wire.text ?? '';
  if (!text && !quickReplies.length && !cards.length && !attachments.length) return undefined;
  const nickname = nameOf(wire);
  return compact<ChatMessage>({
    id: wire.id,
    tracingId,
    // Genesys's own SDK keys its messages by `customMessageId`; older frames of ours by `id` (P1).
    clientId: wire.metadata['customMessageId'] || wire.metadata['id'] || undefined,
    from,
    text,
    time: wire.time ?? Date.now(),
    nickname: from === 'agent' ? nickname : undefined,
    avatar: from === 'agent' ? wire.from?.image : undefined,
    bot: wire.originatingEntity === 'Bot' || undefined,
    quickReplies: quickReplies.length ? quickReplies : undefined,
    cards: cards.length ? cards : undefined,
    attachments: attachments.length ? attachments : undefined,
    payload,
  });
}

/** An agent's Presence Join or Disconnect, as a notice in the log ("Alex joined"). */
function toPresence(wire: WireMessage): ChatMessage | undefined {
  if (wire.direction !== 'Outbound') return undefined;
  for (const e of wire.events) {
    if (e.eventType !== 'Presence') continue;
    const presence = e.presence.type === 'Join' ? 'joined' : e.presence.type === 'Disconnect' ? 'left' : undefined;
    if (!presence) continue;
    return compact<ChatMessage>({
      id: wire.id,
      from: 'agent',
      text: '',
      time: wire.time ?? Date.now(),
      nickname: nameOf(wire),
      avatar: wire.from?.image,
      bot: wire.originatingEntity === 'Bot' || undefined,
      presence,
    });
  }
  return undefined;
}

const nameOf = (wire: WireMessage): string | undefined =>
  wire.from?.nickname || [wire.from?.firstName, wire.from?.lastName].filter(Boolean).join(' ') || undefined;

function toCard(card: WireCard): Card {
  return {
    title: card.title,
    description: card.description,
    image: card.image,
    url: card.defaultAction?.type === 'Link' ? card.defaultAction.url : undefined,
    actions: card.actions,
  };
}
