/**
 * What the element needs from a conversation backend. `GuestSession` (the Genesys guest
 * protocol) is one implementation; another backend implements the same and the element
 * does not change. Events carry codes, never UI text: the element words them.
 */
import type { Attachment, ChatError, ChatMessage, ConnectionState, QuickReply } from '../types.js';

/**
 * Something the person should be told in the status line:
 * - `session-expired`, `session-restarted`: the session ended and a new one starts; the log
 *   keeps the earlier messages above a divider (`ChatMessage.divider`).
 * - `conversation-ended`: the agent ended the conversation.
 * - `session-expiring`: the session expires without activity within 5 minutes; the notice's
 *   detail (and `ChatSession.expiresAt`) says when. Over (`noticeOver`) once a message extends it.
 * - `unreachable`: no connection has opened for about 30 s while online (bad host, DNS, an
 *   origin the deployment does not allow): chat is unavailable and messages wait to be sent;
 *   a `service-unreachable` error came with it. Over (`noticeOver`, and `ready`) once connected.
 */
export type SessionNotice = 'session-expired' | 'session-restarted' | 'conversation-ended' | 'session-expiring' | 'unreachable';

/** What comes with a notice: the expiry time (epoch ms) for `session-expiring`. */
export interface NoticeDetail {
  readonly expiresAt?: number;
}

/** How a session signs a customer in (authenticated messaging); the auth chunk implements it. */
export interface SessionAuth {
  /** The signed-in customer's JWT, or undefined: an anonymous session. */
  jwt(): string | undefined;
  /** The service found the JWT expired (401): a fresh one, or undefined when none can be had. */
  refresh(): Promise<string | undefined>;
  /** The service ended the sign-in: refused (403), expired for good, or a LogoutEvent. */
  signedOut(reason: 'rejected' | 'expired' | 'logout'): void;
  /** The deployment refused an anonymous session: the customer must sign in. */
  required(): void;
}

export interface ChatSessionEvents {
  state?(state: ConnectionState): void;
  /** Configured; `authenticated` when as a signed-in customer. */
  ready?(info: { newSession: boolean; readOnly: boolean; authenticated?: boolean }): void;
  /** The conversation changed (messages, statuses, receipts, older history): render. */
  changed?(): void;
  /** An agent message arrived live (not from history). */
  agentMessage?(message: ChatMessage): void;
  /** The customer's own message was echoed. */
  ownEcho?(message: ChatMessage): void;
  agentTyping?(durationMs: number): void;
  error?(error: ChatError): void;
  notice?(code: SessionNotice, detail?: NoticeDetail): void;
  /** What a notice said no longer holds (the service is reached, the session was extended). */
  noticeOver?(code: SessionNotice): void;
}

export interface ChatSession {
  readonly state: ConnectionState;
  /** Older history exists beyond what has been loaded. */
  readonly hasOlder: boolean;
  /** When the session expires without activity (epoch ms), once the service has said. */
  readonly expiresAt?: number;
  /** Connects (restoring what waits from an earlier page view). */
  start(): void;
  /** Disconnects for good. */
  stop(): void;
  /** Queues a customer message (with uploaded attachments); undefined when the conversation takes no messages. */
  sendText(text: string, attachments?: readonly Attachment[]): ChatMessage | undefined;
  /** Answers a quick reply, or a card's postback button when `reply.type` is `Button` (protocol §2.4e). */
  sendQuickReply(reply: QuickReply): ChatMessage | undefined;
  /** Tells the agent the customer is typing; false if it could not go. */
  sendTyping(): boolean;
  /** Everything up to this agent message has been read (a Receipt frame says so unless `send` is false). */
  markRead(id: string, send?: boolean): void;
  loadOlder(): Promise<void>;
  retry(tracingId: string): void;
  startNew(): void;
  clear(): void;
  reconnectNow(): void;
  /** The page became visible again, or the browser came back online. */
  wake(reason: 'visible' | 'online'): void;
}
