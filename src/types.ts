/**
 * The widget's own data model: what the store keeps and the element renders.
 * Protocol-neutral on purpose, so that a second transport can feed the same store.
 */

/** Connection states of the socket controller, also the detail of `genesys-chat-state`. */
export const ConnectionState = {
  Idle: 'idle',
  Connecting: 'connecting',
  Ready: 'ready',
  Reconnecting: 'reconnecting',
  ReadOnly: 'read-only',
  Closed: 'closed',
  Failed: 'failed',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/**
 * Status of a customer message: `sending` until its echo arrives, `sent` once it has,
 * `delivered`/`read` from server receipts, `failed` on 4011/4013 or after retries ran out.
 */
export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** Who wrote a message. `agent` covers human agents and bots (see `bot`). */
export type Sender = 'agent' | 'customer';

export interface QuickReply {
  readonly text: string;
  readonly payload: string;
  /** A URL `safeUrl` accepts as an image (http, https, data:image). */
  readonly image?: string;
  /**
   * How the answer goes back (`ButtonResponse.type`, protocol §2.4e): `Button` for a card's
   * postback button, `QuickReply` (the default) for a quick reply.
   */
  readonly type?: 'QuickReply' | 'Button';
}

/** A link or postback button of a card. */
export interface CardAction {
  readonly type: 'Link' | 'Postback';
  readonly text: string;
  /** A URL `safeUrl` accepts as a link (http, https, mailto, tel): anything else is dropped while decoding. */
  readonly url?: string;
  readonly payload?: string;
}

export interface Card {
  readonly title: string;
  readonly description?: string;
  /** A URL `safeUrl` accepts as an image (http, https, data:image). */
  readonly image?: string;
  /** The default action's link, a URL `safeUrl` accepts as a link. */
  readonly url?: string;
  readonly actions: readonly CardAction[];
}

export interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly mime?: string;
  readonly mediaType?: string;
  /** A URL `safeUrl` accepts as a link (http, https, mailto, tel). */
  readonly url?: string;
  /** Bytes, when known. */
  readonly size?: number;
}

export interface ChatMessage {
  /** Server id once known; for a customer message still in flight, its tracingId. */
  readonly id: string;
  /** The tracingId a customer message was sent with (own messages only). */
  readonly tracingId?: string;
  /**
   * Client id sent as `message.metadata.customMessageId` (the key Genesys's own SDK uses) and
   * `metadata.id`, read from either, to recognise our own messages in echoes and history.
   */
  readonly clientId?: string;
  readonly from: Sender;
  readonly text: string;
  /** Epoch milliseconds (from `channel.time`, or the local clock while sending). */
  readonly time: number;
  readonly nickname?: string;
  /** The agent's picture (`channel.from.image`), a URL `safeUrl` accepts as an image. */
  readonly avatar?: string;
  /** True when `originatingEntity` is `Bot`. */
  readonly bot?: boolean;
  /** Customer messages only. */
  readonly status?: MessageStatus;
  /** Why a customer message failed. */
  readonly error?: { readonly code: number; readonly message: string };
  readonly quickReplies?: readonly QuickReply[];
  readonly cards?: readonly Card[];
  readonly attachments?: readonly Attachment[];
  /** A quick-reply answer: the payload that was chosen. */
  readonly payload?: string;
  /** A quick-reply answer's kind while it is sent: `Button` when it answers a card's postback. */
  readonly replyType?: 'QuickReply' | 'Button';
  /**
   * An agent's presence rather than a message (text empty): they `joined` or `left` the
   * conversation (Genesys Presence Join and Disconnect). Never unread.
   */
  readonly presence?: 'joined' | 'left';
  /**
   * A divider in the log rather than a message (text empty, `from: 'agent'`, never unread):
   * the session before it ended and a new one began below it. `session-expired`: it expired
   * after inactivity (SessionExpiredEvent); `session-restarted`: the service no longer knew
   * it (4006/4007) or a new token was needed (4017). The messages above it stay visible; the
   * panel words it and offers a way to start again (the new session is already connecting).
   */
  readonly divider?: 'session-expired' | 'session-restarted';
}

/** Detail of `genesys-chat-error`. */
export interface ChatError {
  readonly code: number | string;
  readonly message: string;
}
