/**
 * The English catalog: every string the widget shows, and the one that defines the keys.
 * The other languages are chunks of their own (see ./languages.ts); a page overrides any
 * key with the element's `strings` property. `{name}` and `{count}` are placeholders.
 *
 * Like every catalog it is a chunk of its own, loaded while config.json is read, so the
 * first load carries no strings at all.
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
  /** Status line when the connection was closed for good. */
  disconnected: 'Disconnected.',
  /** Status line when the service cannot be reached. */
  unavailable: 'Chat is unavailable right now.',
  /** Button after `disconnected` or `unavailable`. */
  tryAgain: 'Try again',
  /** Notice: the stored session had expired. */
  sessionExpired: 'Your previous chat session expired, so a new one was started.',
  /** Notice: the stored session was gone. */
  sessionRestarted: 'Your previous chat session ended, so a new one was started.',
  /** Button that starts a new conversation after one ended. */
  startNew: 'Start a new conversation',
  /** Instead of the conversation, when the deployment wants signed-in customers. */
  signInRequired: 'Sign in to chat with us.',
  /** The button to the page's `login-url`. */
  signIn: 'Sign in',
  /** Instead of the conversation, after the service ended the sign-in. */
  signInAgain: 'Your sign-in has ended. Sign in again to continue.',
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
  /** Why: the text is over the service's limit. */
  failedTooLong: 'The message is too long.',
  /** Why: the service asked to slow down. */
  failedRateLimited: 'Too many messages at once. Wait a moment, then retry.',
  /** Button that sends a failed message again. */
  retry: 'Retry',
  /** Accessible name of the quick-reply buttons. */
  suggestedReplies: 'Suggested replies',
  /** Accessible name of the text field. */
  messageLabel: 'Message',
  /** Placeholder of the text field. */
  placeholder: 'Type a message…',
  /** The send button's accessible name. */
  send: 'Send message',
  /** The header action that deletes the conversation (when the deployment allows it). */
  clearConversation: 'Clear conversation',
  /** Asked before clearing. */
  clearConfirm: 'Delete this conversation for good?',
  /** Confirms clearing. */
  clear: 'Delete',
  /** Keeps the conversation. */
  cancel: 'Cancel',
  // attachments
  /** The paperclip button that picks files (when the deployment takes files). */
  attach: 'Attach files',
  /** Shown over the panel while files are dragged onto it. */
  dropFiles: 'Drop files here to attach them',
  /** Accessible name of the × that removes a pending file. */
  removeFile: 'Remove {name}',
  /** Why a file was refused: its type. */
  fileTypeRefused: "This type of file can't be sent.",
  /** Why a file was refused: its size. */
  fileTooLarge: 'The file is too large.',
  /** Why a file was refused: it has no content. */
  fileEmpty: 'The file is empty.',
  /** Why a file was refused: its name (a blocked ending, too long). */
  fileNameRefused: "This file name isn't allowed.",
  /** Why a file was refused: this deployment takes no files. */
  filesOff: "Files can't be sent in this chat.",
  /** Why an upload failed (the network, the service). */
  uploadFailed: 'The file could not be uploaded.',
  /** The send button waits for uploads still running. */
  waitingForFiles: 'Sending once the files are uploaded…',
  // states (issue 15 §3)
  /** Status line in a session's last 5 minutes (protocol §5.3); `{when}` is "in 4 minutes" in the language. */
  sessionExpiring: 'This chat will close {when} if no message is sent. Writing a message keeps it open.',
  /** The same when the time left is unknown. */
  sessionExpiringSoon: 'This chat will close soon if no message is sent. Writing a message keeps it open.',
  /** Divider in the log where an expired session ended; the messages above it stay. */
  sessionExpiredDivider: 'This chat session expired. New messages start a new conversation.',
  /** Divider in the log where a session that was gone gave way to a new one. */
  sessionRestartedDivider: 'The earlier chat session ended. New messages start a new conversation.',
  /** Button under such a divider: to the composer. */
  writeMessage: 'Write a message',
  /** Status line when no connection worked for a while (bad host, DNS, refused); sending continues. */
  unreachable: "Chat can't be reached right now. Your messages will be sent as soon as it's back.",
  /** Button after `unreachable`: connect now instead of after the backoff. */
  tryNow: 'Try now',
  /** Under the composer when the text is over the limit; `{count}` is 2 or more. */
  overLimit: 'Too long for one message: it will be sent as {count} messages.',
};

export default en;

/** A complete catalog: every key of the English one. */
export type Catalog = { readonly [K in keyof typeof en]: string };
/** A key of the catalog. */
export type StringKey = keyof typeof en;
