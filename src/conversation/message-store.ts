/**
 * The conversation: messages ordered by time, deduplicated by server id, by tracingId and
 * by client id (`metadata.id`), each customer message carrying its status.
 *
 * Genesys gives no ordering guarantee (protocol §3.1), echoes reach every connection, and
 * history backfill overlaps live traffic, so every path in here is idempotent: applying
 * the same message twice changes nothing.
 */
import type { ChatMessage, MessageStatus } from '../types.js';

/** Status rank: a status only moves forward (a late `Delivered` never undoes `Read`). */
const rank: Record<MessageStatus, number> = {
  failed: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
};

export class MessageStore {
  #messages: ChatMessage[] = [];
  /** Insertion order, the tie-break for equal times. */
  #seq = new Map<ChatMessage, number>();
  #nextSeq = 0;
  #readHorizon?: string;

  /** The conversation in display order. A new array after every change. */
  get messages(): readonly ChatMessage[] {
    return this.#messages;
  }

  get(id: string): ChatMessage | undefined {
    return this.#messages.find((m) => m.id === id);
  }

  /** Position of a message in display order, -1 if unknown. */
  indexOf(id: string): number {
    return this.#messages.findIndex((m) => m.id === id);
  }

  /** Id of the newest agent message the person has read. */
  get readHorizon(): string | undefined {
    return this.#readHorizon;
  }

  /** Moves the read horizon forward (never back); undefined resets it. */
  setReadHorizon(id: string | undefined): void {
    if (id === undefined || this.#readHorizon === undefined) {
      this.#readHorizon = id;
      return;
    }
    const current = this.indexOf(this.#readHorizon);
    if (current < 0 || this.indexOf(id) > current) this.#readHorizon = id;
  }

  /** At or before the read horizon. */
  isRead(id: string): boolean {
    if (this.#readHorizon === undefined) return false;
    const h = this.indexOf(this.#readHorizon);
    return h >= 0 && this.indexOf(id) <= h;
  }

  byTracingId(tracingId: string): ChatMessage | undefined {
    return this.#messages.find((m) => m.tracingId === tracingId);
  }

  /** A customer message typed here, shown at once as `sending`. */
  addPending(message: ChatMessage): void {
    if (message.tracingId && this.byTracingId(message.tracingId)) return;
    this.#put(undefined, { ...message, status: message.status ?? 'sending' });
  }

  /**
   * A message from the server (live or history). Our own messages are matched to their
   * pending copy by tracingId or client id and become `sent`; anything already known by id
   * is merged rather than added again. Returns true when it was new to the conversation.
   */
  upsert(message: ChatMessage): boolean {
    const own =
      message.from === 'customer'
        ? this.#messages.find(
            (m) =>
              m.from === 'customer' &&
              ((message.tracingId && m.tracingId === message.tracingId) ||
                (message.clientId && m.clientId === message.clientId)),
          )
        : undefined;
    let existing = own ?? this.get(message.id);
    if (existing && existing.from !== message.from) {
      // Two senders never share a message: a colliding id (a broken or hostile server) gets
      // a key of its own instead of overwriting the other one.
      message = { ...message, id: `${message.id}:${message.from}` };
      existing = this.get(message.id);
    }
    if (!existing) {
      this.#put(undefined, message.from === 'customer' ? { ...message, status: message.status ?? 'sent' } : message);
      return true;
    }
    // A second copy under a different id (e.g. history after a pending echo) is the same message.
    const status = message.from === 'customer' ? this.#forward(existing.status, 'sent') : undefined;
    const merged: ChatMessage = {
      ...existing,
      ...message,
      tracingId: existing.tracingId ?? message.tracingId,
      clientId: existing.clientId ?? message.clientId,
      ...(status ? { status } : {}),
    };
    if (merged.status !== 'failed') delete (merged as { error?: unknown }).error;
    this.#put(existing, merged);
    return false;
  }

  /** Server receipt for one of the customer's messages. `Read` is a horizon: earlier ones are read too. */
  applyReceipt(id: string, status: 'delivered' | 'read'): boolean {
    const target = this.get(id);
    if (!target || target.from !== 'customer') return false;
    const index = this.#messages.indexOf(target);
    let changed = false;
    const next = this.#messages.map((m, i) => {
      if (m.from !== 'customer' || m.status === 'failed' || m.status === 'sending') return m;
      if (i !== index && (status !== 'read' || i > index)) return m;
      const s = this.#forward(m.status, status);
      if (s === m.status) return m;
      changed = true;
      return { ...m, status: s };
    });
    if (changed) this.#replaceAll(next);
    return changed;
  }

  /** Marks a pending customer message failed (4011, 4013, retries exhausted). */
  markFailed(tracingId: string, error: { code: number; message: string }): ChatMessage | undefined {
    const m = this.byTracingId(tracingId);
    if (!m || (m.status && rank[m.status] >= rank.sent)) return undefined;
    const failed: ChatMessage = { ...m, status: 'failed', error };
    this.#put(m, failed);
    return failed;
  }

  /** A failed message goes back to `sending` (the person pressed retry). */
  markSending(tracingId: string): ChatMessage | undefined {
    const m = this.byTracingId(tracingId);
    if (!m || m.status !== 'failed') return undefined;
    const next: ChatMessage = { ...m, status: 'sending' };
    delete (next as { error?: unknown }).error;
    this.#put(m, next);
    return next;
  }

  clear(): void {
    this.#messages = [];
    this.#seq.clear();
  }

  #forward(current: MessageStatus | undefined, next: MessageStatus): MessageStatus {
    if (!current || current === 'failed') return next;
    return rank[next] > rank[current] ? next : current;
  }

  #put(old: ChatMessage | undefined, message: ChatMessage): void {
    const seq = old ? (this.#seq.get(old) ?? this.#nextSeq++) : this.#nextSeq++;
    // Whatever else carries the same id (a pending copy and an echo) is this message too.
    const rest = this.#messages.filter((m) => m !== old && m.id !== message.id);
    this.#seq.set(message, seq);
    this.#replaceAll([...rest, message]);
  }

  #replaceAll(list: ChatMessage[]): void {
    const seq = new Map<ChatMessage, number>();
    for (const m of list) seq.set(m, this.#seq.get(m) ?? this.#nextSeq++);
    this.#seq = seq;
    this.#messages = list.sort((a, b) => a.time - b.time || seq.get(a)! - seq.get(b)!);
  }
}
