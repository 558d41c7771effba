/**
 * What the element needs from a conversation backend. `GuestSession` (the Genesys guest
 * protocol) is one implementation; another backend implements the same and the element
 * does not change. Events carry codes, never UI text: the element words them.
 */
import type { Attachment, ChatError, ChatMessage, ConnectionState, QuickReply } from '../types.js';

/** Something the person should be told in the status line. */
export type SessionNotice = 'session-expired' | 'session-restarted' | 'conversation-ended' | 'session-expiring' | 'unreachable';

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
  notice?(code: SessionNotice): void;
}

export interface ChatSession {
  readonly state: ConnectionState;
  /** Older history exists beyond what has been loaded. */
  readonly hasOlder: boolean;
  /** Connects (restoring what waits from an earlier page view). */
  start(): void;
  /** Disconnects for good. */
  stop(): void;
  /** Queues a customer message (with uploaded attachments); undefined when the conversation takes no messages. */
  sendText(text: string, attachments?: readonly Attachment[]): ChatMessage | undefined;
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
