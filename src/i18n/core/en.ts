/**
 * The English strings every open chat shows (the launcher, the panel, connecting): the core
 * of the catalog, and the one that defines its keys. Each language's core is a chunk of its
 * own, loaded in the first idle moment after the launcher paints; the rest of a catalog
 * (../en.ts, ../de.ts, …: what trouble and the features that load on use say) comes the
 * first time the panel needs it.
 */
export const en = {
  /** The panel's title when the page sets no `heading`. */
  heading: 'Chat with us',
  /** The launcher's label while the panel is closed. */
  openChat: 'Open chat',
  /** The launcher's label when agent messages are unread. */
  openChatUnread: 'Open chat, {count} unread',
  /** The launcher's and the header's close button. */
  closeChat: 'Close chat',
  /** Status line while the first connection opens. */
  connecting: 'Connecting…',
  /** Status line after the connection dropped. */
  reconnecting: 'Connection lost. Reconnecting…',
  /** Status line once the conversation is over (read-only). */
  ended: 'This conversation has ended.',
  /** Button that starts a new conversation after one ended. */
  startNew: 'Start a new conversation',
  /** Accessible name of the message list. */
  messages: 'Messages',
  /** Button above the oldest shown message. */
  loadEarlier: 'Load earlier messages',
  /** The button that scrolls to messages that arrived while the person read older ones. */
  newMessages: 'New messages',
  /** The empty conversation. */
  empty: 'Send us a message. We usually reply in a few minutes.',
  /** An agent without a name. */
  agent: 'Agent',
  /** A bot without a name. */
  assistant: 'Assistant',
  /** Presence: an agent joined the conversation. */
  joined: '{name} joined',
  /** Presence: an agent left the conversation. */
  left: '{name} left',
  /** The agent is typing (announced once per burst). */
  typing: '{name} is typing…',
  /** Delivery status of a customer message. */
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  /** A customer message that could not be sent. */
  notSent: 'Not sent',
  /** Accessible name of the text field. */
  messageLabel: 'Message',
  /** Placeholder of the text field. */
  placeholder: 'Type a message…',
  /** The send button's accessible name. */
  send: 'Send message',
};

export default en;

/** The core of a catalog: every key of the English core. */
export type CoreCatalog = { readonly [K in keyof typeof en]: string };
