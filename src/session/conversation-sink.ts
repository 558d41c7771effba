/** What the session writes to (and the little it reads from) the element's conversation store. */
import type { ChatMessage } from '../types.js';

export interface ConversationSink {
  readonly messages: readonly ChatMessage[];
  get(id: string): ChatMessage | undefined;
  addPending(message: ChatMessage): void;
  /** True when the message was new to the conversation. */
  upsert(message: ChatMessage): boolean;
  applyReceipt(id: string, status: 'delivered' | 'read'): boolean;
  markFailed(tracingId: string, error: { code: number; message: string }): ChatMessage | undefined;
  markSending(tracingId: string): ChatMessage | undefined;
  /** Position in display order, -1 if unknown. */
  indexOf(id: string): number;
  setReadHorizon(id: string | undefined): void;
  clear(): void;
}
