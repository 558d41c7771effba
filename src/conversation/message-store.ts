/**
 * The conversation: messages ordered by time, deduplicated by server id, by tracingId and
 * by client id (`metadata.id`), each customer message carrying its status, and the read
 * horizon of agent messages (what the person has seen).
 *
 * Genesys gives no ordering guarantee (protocol §3.1), echoes reach every connection, and
 * history backfill overlaps live traffic, so every path in here is idempotent: applying
 * the same message twice changes nothing.
 *
 * Cost: the list is kept sorted by (time, insertion order). A message newer than all
 * others (the live case) is a push; an older one is placed by binary search (one splice).
 * `get`, `byTracingId` and the own-message match are map lookups. `messages` hands out a
 * copy made on the first read after a change, so a burst of upserts copies once.
 *
 * Longer than 300 lines on purpose: the sorted list, its indexes and the unread count
 * change together in `#put`, `#insert` and `#remove`, and splitting them would spread one
 * invariant over several files.
 */
import type { ConversationSink } from '../session/conversation-sink.js';
import type { ChatMessage, MessageStatus } from '../types.js';

/** Status rank: a status only moves forward (a late `Delivered` never undoes `Read`). */
const rank: Record<MessageStatus, number> = {
  failed: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
};

const withoutError = (m: ChatMessage): ChatMessage => {
  const { error: _error, ...rest } = m;
  return rest;
};


/** An agent message that can be unread: not a presence notice ("Alex joined"), not a divider. */
const counted = (m: ChatMessage): boolean => m.from === 'agent' && !m.presence && !m.divider;

export class MessageStore implements ConversationSink {
  /** Display order: (time, seq) ascending. Mutated in place; never handed out. */
  #list: ChatMessage[] = [];
  /** What `messages` returned since the last change; rebuilt on the first read after one. */
  #snapshot?: readonly ChatMessage[];
  /** Insertion order, the tie-break for equal times. A merged message keeps its first seq. */
  #seq = new Map<ChatMessage, number>();
  #nextSeq = 0;
  #byId = new Map<string, ChatMessage>();
  #byTracingId = new Map<string, ChatMessage>();
  /** Customer messages by client id (`metadata.id`). */
  #byClientId = new Map<string, ChatMessage>();

  /** The newest agent message the person has seen. */
  #horizon?: ChatMessage;
  /** A horizon id not in the conversation yet (restored from storage): resolved when it arrives. */
  #pendingHorizon?: string;
  #agents = 0;
  /** Agent messages at or before the horizon. */
  #readAgents = 0;

  /** The conversation in display order. A new array after every change, the same one otherwise. */
  get messages(): readonly ChatMessage[] {
    return (this.#snapshot ??= this.#list.slice());
  }

  get(id: string): ChatMessage | undefined {
    return this.#byId.get(id);
  }

  byTracingId(tracingId: string): ChatMessage | undefined {
    return this.#byTracingId.get(tracingId);
  }

  /** Position of a message in `messages`, or -1. O(log n). */
  indexOf(id: string): number {
    const m = this.#byId.get(id);
    return m ? this.#position(m) : -1;
  }

  /** Of the given ids, the one latest in display order (unknown ids are ignored). */
  newestOf(ids: Iterable<string>): string | undefined {
    let newest: ChatMessage | undefined;
    for (const id of ids) {
      const m = this.#byId.get(id);
      if (m && (!newest || this.#compare(m, newest) > 0)) newest = m;
    }
    return newest?.id;
  }

  /**
   * The id of the newest agent message the person has seen: the resolved horizon, else one
   * that was set before its message arrived (so it can be stored again as it was given).
   */
  get readHorizon(): string | undefined {
    return this.#horizon?.id ?? this.#pendingHorizon;
  }

  /**
   * Moves the read horizon forward to agent message `id`; returns true when it moved. An id
   * at or before the current horizon, or of a customer message, is ignored. An unknown id
   * (restored from storage before its message was loaded) is kept and takes effect when
   * that message arrives, if it is still newer then.
   */
  setReadHorizon(id: string | undefined): boolean {
    if (id === undefined) return false;
    const m = this.#byId.get(id);
    if (!m) {
      this.#pendingHorizon = id;
      return false;
    }
    if (this.#pendingHorizon === id) this.#pendingHorizon = undefined;
    if (m.from !== 'agent' || (this.#horizon && this.#compare(m, this.#horizon) <= 0)) return false;
    // Count the agent messages the horizon passes over: amortised O(1) per message.
    const from = this.#horizon ? this.#position(this.#horizon) + 1 : 0;
    const to = this.#position(m);
    for (let i = from; i <= to; i++) if (counted(this.#list[i]!)) this.#readAgents++;
    this.#horizon = m;
    return true;
  }

  /** True for an agent message at or before the read horizon. O(1). */
  isRead(id: string): boolean {
    const m = this.#byId.get(id);
    return !!m && m.from === 'agent' && !!this.#horizon && this.#compare(m, this.#horizon) <= 0;
  }

  /** Agent messages after the read horizon (all of them while there is none). O(1). */
  unreadCount(): number {
    return this.#agents - this.#readAgents;
  }

  /**
   * A customer message typed here, shown at once as `sending`; not when the conversation has
   * it already, by tracingId or by client id (history gives our messages with the client id
   * only: a tab that read them there before restoring the outbox showed them twice).
   */
  addPending(message: ChatMessage): void {
    if (message.tracingId && this.byTracingId(message.tracingId)) return;
    if (message.clientId && this.#byClientId.has(message.clientId)) return;
    const taken = this.get(message.id);
    const id = taken && taken.from !== message.from ? `${message.id}:${message.from}` : message.id;
    this.#put(undefined, { ...message, id, status: message.status ?? 'sending' });
  }

  /**
   * A message from the server (live or history). Our own messages are matched to their
   * pending copy by tracingId or client id and become `sent`; anything already known by id
   * is merged rather than added again. Returns true when it was new to the conversation.
   */
  upsert(message: ChatMessage): boolean {
    const own = message.from === 'customer' ? this.#ownCopy(message) : undefined;
    const sameId = this.get(message.id);
    if (sameId && sameId.from !== message.from) {
      // Two senders never share a message: a colliding id (a broken or hostile server) gets
      // a key of its own instead of overwriting the other one.
      message = { ...message, id: `${message.id}:${message.from}` };
    }
    const existing = own ?? this.get(message.id);
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
    this.#put(existing, merged.status === 'failed' ? merged : withoutError(merged));
    return false;
  }

  /** Server receipt for one of the customer's messages. `Read` is a horizon: earlier ones are read too. */
  applyReceipt(id: string, status: 'delivered' | 'read'): boolean {
    const target = this.get(id);
    if (!target || target.from !== 'customer') return false;
    const index = this.#position(target);
    let changed = false;
    // O(index) for Read; receipts for the customer's messages are rare.
    for (let i = status === 'read' ? 0 : index; i <= index; i++) {
      const m = this.#list[i]!;
      if (m.from !== 'customer' || m.status === 'failed' || m.status === 'sending') continue;
      const s = this.#forward(m.status, status);
      if (s === m.status) continue;
      this.#put(m, { ...m, status: s });
      changed = true;
    }
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
    const next = withoutError({ ...m, status: 'sending' });
    this.#put(m, next);
    return next;
  }

  /** Forgets the conversation, the read horizon included. */
  clear(): void {
    this.#list = [];
    this.#snapshot = undefined;
    this.#seq.clear();
    this.#byId.clear();
    this.#byTracingId.clear();
    this.#byClientId.clear();
    this.#horizon = undefined;
    this.#pendingHorizon = undefined;
    this.#agents = 0;
    this.#readAgents = 0;
  }

  /** The pending or earlier copy of one of our own messages: the first in display order. */
  #ownCopy(message: ChatMessage): ChatMessage | undefined {
    const t = message.tracingId ? this.#byTracingId.get(message.tracingId) : undefined;
    const byTracing = t?.from === 'customer' ? t : undefined;
    const byClient = message.clientId ? this.#byClientId.get(message.clientId) : undefined;
    if (!byTracing || !byClient) return byTracing ?? byClient;
    return this.#compare(byTracing, byClient) <= 0 ? byTracing : byClient;
  }

  #forward(current: MessageStatus | undefined, next: MessageStatus): MessageStatus {
    if (!current || current === 'failed') return next;
    return rank[next] > rank[current] ? next : current;
  }

  /** Display order: time, then insertion order. */
  #compare(a: ChatMessage, b: ChatMessage): number {
    return a.time - b.time || this.#seq.get(a)! - this.#seq.get(b)!;
  }

  /** Index of a stored message, by binary search (a linear scan if times are not comparable). */
  #position(m: ChatMessage): number {
    const list = this.#list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(list[mid]!, m) < 0) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] === m ? lo : list.indexOf(m);
  }

  /** Stores `message`, replacing `old` (keeping its place in insertion order) and any other copy with the same id. */
  #put(old: ChatMessage | undefined, message: ChatMessage): void {
    this.#snapshot = undefined;
    const seq = old ? this.#seq.get(old)! : this.#nextSeq++;
    const other = this.#byId.get(message.id);
    const horizonReplaced = !!this.#horizon && (this.#horizon === old || this.#horizon === other);
    if (horizonReplaced) this.#horizon = undefined; // counted again below
    if (other && other !== old) this.#remove(other);
    if (old && old.time === message.time) {
      // Same place: replace in the list without moving anything.
      const i = this.#position(old);
      this.#unindex(old);
      this.#seq.delete(old);
      this.#seq.set(message, seq);
      this.#list[i] = message;
      this.#index(message);
    } else {
      if (old) this.#remove(old);
      this.#seq.set(message, seq);
      this.#insert(message);
    }
    if (horizonReplaced) this.#moveHorizonTo(message);
    else if (message.id === this.#pendingHorizon && message.from === 'agent') {
      this.#pendingHorizon = undefined;
      if (!this.#horizon || this.#compare(message, this.#horizon) > 0) this.#moveHorizonTo(message);
    }
  }

  #insert(m: ChatMessage): void {
    const list = this.#list;
    const last = list[list.length - 1];
    if (!last || this.#compare(last, m) < 0) {
      list.push(m); // the live case: newer than everything
    } else {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.#compare(list[mid]!, m) <= 0) lo = mid + 1;
        else hi = mid;
      }
      list.splice(lo, 0, m);
    }
    this.#index(m);
    if (counted(m)) {
      this.#agents++;
      if (this.#horizon && this.#compare(m, this.#horizon) <= 0) this.#readAgents++;
    }
  }

  #remove(m: ChatMessage): void {
    const i = this.#position(m);
    if (i >= 0) this.#list.splice(i, 1);
    this.#unindex(m);
    if (counted(m)) {
      this.#agents--;
      if (this.#horizon && this.#compare(m, this.#horizon) <= 0) this.#readAgents--;
    }
    this.#seq.delete(m);
  }

  /** Sets the horizon and counts the agent messages up to it: O(position), for the rare jumps. */
  #moveHorizonTo(m: ChatMessage): void {
    this.#horizon = m;
    const to = this.#position(m);
    let read = 0;
    for (let i = 0; i <= to; i++) if (counted(this.#list[i]!)) read++;
    this.#readAgents = read;
  }

  #index(m: ChatMessage): void {
    this.#byId.set(m.id, m);
    if (m.tracingId && !this.#byTracingId.has(m.tracingId)) this.#byTracingId.set(m.tracingId, m);
    if (m.from === 'customer' && m.clientId && !this.#byClientId.has(m.clientId)) this.#byClientId.set(m.clientId, m);
  }

  #unindex(m: ChatMessage): void {
    if (this.#byId.get(m.id) === m) this.#byId.delete(m.id);
    if (m.tracingId && this.#byTracingId.get(m.tracingId) === m) this.#byTracingId.delete(m.tracingId);
    if (m.clientId && this.#byClientId.get(m.clientId) === m) this.#byClientId.delete(m.clientId);
  }
}
