/**
 * The outbox: customer messages not yet echoed, persisted (so a reload or a new session
 * still sends them) and sent one at a time, the next only after the echo of the previous
 * (Genesys does not order messages, so pipelining could reorder them). It is the one owner
 * of delivery truth: the conversation store only mirrors it.
 *
 * An entry whose frame was written to a connection that went away before its echo is
 * `maybeSent`: it may have arrived, and the service does not deduplicate, so it is not
 * resent until history has been read on the current connection (`checked`). The check
 * itself is the session's (history.ts); the outbox only asks for it.
 *
 * A written message has an acknowledgement deadline: the real service may swallow an echo
 * while the socket stays up, or answer with an error that names no frame. When the deadline
 * passes the entry is treated like one on a lost connection (maybeSent, history decides), so
 * one unanswered message never blocks the ones after it.
 *
 * Longer than 300 lines: every method moves the one in-flight entry (written, deadline,
 * attributes it carries) and the persisted entries together; split, that invariant would be
 * spread over files.
 */
import { customAttributesBytes, MAX_CUSTOM_DATA_BYTES } from '../protocol/encode.js';
import * as encode from '../protocol/encode.js';
import type { ClientFrame } from '../protocol/types.js';
import { uuid } from '../transport/ids.js';
import type { OutboxEntry } from '../transport/session-storage.js';
import type { Attachment, ChatMessage } from '../types.js';
import { type Clock, Timer } from './clock.js';
import type { ConversationSink } from './conversation-sink.js';

/** Refusals (other than 429 and final 4xx) before a message is marked failed. */
const MAX_SEND_ATTEMPTS = 5;
/** How long a written message waits for its echo (or an error naming it) before history decides. */
export const ACK_DEADLINE_MS = 15_000;
/** How long the echo of a message gets after an error that names no frame, before history decides. */
export const UNTAGGED_WAIT_MS = 2_000;
/**
 * A history entry without our key (P1: whether the service keeps guest metadata is not
 * verified) is matched to an unconfirmed entry by content, when its time is no earlier than
 * this before the entry's local time: the service's clock and this device's may disagree.
 */
const CONTENT_MATCH_SKEW_MS = 60_000;

/** Where entries are kept (SessionStorage implements it). */
export interface OutboxPersistence {
  outbox: readonly OutboxEntry[];
}

export interface OutboxWire {
  /** The session is configured and not read-only. */
  canSend(): boolean;
  token(): string;
  /** Queues a message frame behind the budget; `written` runs when it went out. */
  queue(frame: () => ClientFrame | undefined, written: () => void): void;
  /** Unconfirmed entries wait for a history check on this connection: start one. */
  needCheck(): void;
  /** Custom attributes to send with messages, if any. */
  attributes(): Record<string, string> | undefined;
  maxAttributeBytes(): number | undefined;
  error(code: number | string, message: string): void;
  log?(line: string): void;
}

/** How an error frame counts against a message (error-policy.ts). */
export type Refusal = 'final' | 'transient';

export class Outbox {
  #store: OutboxPersistence;
  #sink: ConversationSink;
  #clock: Clock;
  #wire: OutboxWire;
  /** tracingId of the entry on the wire, if any. */
  #inFlight?: string;
  /** The in-flight entry's frame has been written (until then it waits in the budget). */
  #written = false;
  /** History was read on this connection: unconfirmed entries are settled. */
  #checked = false;
  /** The attributes the service has acknowledged for this session (JSON). */
  #sentAttributes?: string;
  /** The attributes the in-flight frame carries: recorded as sent only once it is acknowledged (C6). */
  #inFlightAttributes?: string;
  #refusedAttributes?: string;
  /** The in-flight message's acknowledgement deadline. */
  #deadline: Timer;
  /**
   * The entries this outbox sends: those it restored or enqueued. Storage may be seen by
   * another outbox too (tabs that share a tab-scoped area, a duplicated tab), whose entries
   * are its own business.
   */
  #mine = new Set<string>();

  constructor(store: OutboxPersistence, sink: ConversationSink, clock: Clock, wire: OutboxWire) {
    this.#store = store;
    this.#sink = sink;
    this.#clock = clock;
    this.#wire = wire;
    this.#deadline = new Timer(clock);
  }

  /** The tracingId of the message written and waiting for its answer, if any. */
  get inFlightWritten(): string | undefined {
    return this.#written ? this.#inFlight : undefined;
  }

  get entries(): readonly OutboxEntry[] {
    return this.#store.outbox;
  }

  get #own(): OutboxEntry[] {
    return this.entries.filter((e) => this.#mine.has(e.tracingId));
  }

  /** Entries that may have arrived and wait for history to say. */
  get unconfirmed(): OutboxEntry[] {
    return this.#own.filter((e) => e.maybeSent && !e.failed);
  }

  has(tracingId: string): boolean {
    return this.entries.some((e) => e.tracingId === tracingId);
  }

  /** Shows every waiting entry in the conversation (after a reload or a cleared view). */
  restore(): void {
    for (const entry of this.entries) {
      this.#mine.add(entry.tracingId);
      this.#sink.addPending(pendingMessage(entry));
      // Refused for good before a reload: still shown failed, with its retry.
      if (entry.failed) this.#sink.markFailed(entry.tracingId, entry.failed);
    }
  }

  enqueue({ attachments, replyType, ...input }: { text: string; payload?: string; replyType?: 'QuickReply' | 'Button'; attachments?: readonly Attachment[] }): ChatMessage {
    const entry: OutboxEntry = { tracingId: uuid(), clientId: uuid(), time: this.#clock.now(), attempts: 0, ...input };
    if (replyType === 'Button') entry.replyType = replyType;
    if (attachments?.length) entry.attachments = [...attachments];
    this.#mine.add(entry.tracingId);
    this.#store.outbox = [...this.entries, entry];
    const message = pendingMessage(entry);
    this.#sink.addPending(message);
    this.pump();
    return message;
  }

  /** Tries a failed message again. */
  retry(tracingId: string): boolean {
    const message = this.#sink.markSending(tracingId);
    if (!message) return false;
    const entries = [...this.entries];
    const i = entries.findIndex((e) => e.tracingId === tracingId);
    if (i >= 0) {
      const { failed: _, ...entry } = entries[i]!;
      entries[i] = { ...entry, attempts: 0 };
    }
    else entries.push({ tracingId, clientId: message.clientId ?? uuid(), text: message.text, ...(message.payload !== undefined ? { payload: message.payload } : {}), ...(message.replyType ? { replyType: message.replyType } : {}), ...(message.attachments ? { attachments: [...message.attachments] } : {}), time: this.#clock.now(), attempts: 0 });
    this.#mine.add(tracingId);
    this.#store.outbox = entries;
    this.pump();
    return true;
  }

  /** A new session or connection is configured. `checked`: nothing needs a history check (a new session). */
  connected(checked: boolean): void {
    this.#checked = checked;
    this.#sentAttributes = undefined;
  }

  /** History was read on this connection: what it did not show may be sent again. */
  checked(): void {
    this.#checked = true;
    this.pump();
  }

  /** History stays unreadable: a possible duplicate is better than a message that never goes out. */
  releaseUnconfirmed(): void {
    for (const e of this.unconfirmed) this.#setMaybeSent(e.tracingId, false);
    this.#checked = true;
  }

  /**
   * The connection is gone. The in-flight message may or may not have arrived: it stays,
   * marked maybeSent if it was written. A lost connection says nothing about the message,
   * so it does not count as a failed attempt.
   */
  connectionLost(): void {
    this.#settle();
    this.#checked = false;
  }

  /**
   * A new session: attachment ids uploaded to an earlier one mean nothing to it (C9).
   * Entries that name them are not sent with dead ids (which would only be refused): they
   * are shown failed, text kept, and reported once, so the person can attach the files again.
   */
  dropStaleAttachments(): void {
    const stale = this.#own.filter((e) => e.attachments?.length && !e.failed);
    if (!stale.length) return;
    const message = 'The attached files belonged to a chat session that has ended: attach them again';
    let failed = 0;
    for (const entry of stale) {
      // Kept as failed with its text (a reload keeps it too); the files must be attached again.
      this.#update(entry.tracingId, ({ maybeSent: _, attachments: __, ...e }) => ({ ...e, failed: { code: 4009, message } }));
      if (entry.tracingId === this.#inFlight) this.#settle();
      if (this.#sink.markFailed(entry.tracingId, { code: 4009, message })) failed++;
    }
    if (failed) this.#wire.error('attachments-expired', message);
  }

  /** Sends the oldest entry, if none is in flight. */
  pump(): void {
    if (this.#inFlight || !this.#wire.canSend()) return;
    // The oldest not refused for good (those wait for the person's retry).
    const entry = this.#own.find((e) => !e.failed);
    if (!entry) return;
    if (entry.maybeSent && !this.#checked) {
      this.#wire.needCheck();
      return;
    }
    const id = entry.tracingId;
    this.#inFlight = id;
    this.#written = false;
    const token = this.#wire.token();
    const attributes = this.#attributesToSend();
    this.#inFlightAttributes = attributes && JSON.stringify(attributes);
    const options = { clientId: entry.clientId, customAttributes: attributes };
    const frame: ClientFrame =
      entry.payload !== undefined
        ? encode.quickReplyMessage(token, id, { text: entry.text, payload: entry.payload }, { ...options, type: entry.replyType ?? 'QuickReply' })
        : encode.textMessage(token, id, entry.text, { ...options, attachmentIds: entry.attachments?.map((a) => a.id) });
    this.#wire.queue(
      // Superseded, or already written by an earlier queued send: spend nothing.
      () => (this.#inFlight === id && !this.#written ? frame : undefined),
      () => {
        this.#written = true;
        // Persisted before any answer: after a drop or a reload, history is checked first.
        this.#setMaybeSent(id, true);
        this.#deadline.start(ACK_DEADLINE_MS, () => this.#unanswered(id));
      },
    );
  }

  /**
   * No echo and no error naming the message within the deadline (a swallowed echo, an
   * untagged error): it may or may not be stored. As after a lost connection, history
   * decides: it is acknowledged from there, or sent again; the messages after it follow.
   */
  #unanswered(id: string): void {
    if (this.#inFlight !== id || !this.#written) return;
    this.#wire.log?.(`no answer to a message within ${ACK_DEADLINE_MS} ms: checking history before sending on`);
    this.#settle();
    this.#checked = false;
    this.pump();
  }

  /** Nothing is in flight any more. */
  #settle(): void {
    this.#deadline.stop();
    this.#inFlight = undefined;
    this.#written = false;
    this.#inFlightAttributes = undefined;
  }

  /**
   * Of history's customer messages that carry no client id (P1), the one that is most likely
   * an unconfirmed entry of this outbox (`sameContent`). Returns the message with the entry's
   * ids, ready to acknowledge.
   */
  claim(candidates: readonly ChatMessage[]): ChatMessage | undefined {
    const now = this.#clock.now();
    for (const entry of this.unconfirmed) {
      const match = sameContent(entry, candidates, now);
      if (match) return { ...match, tracingId: entry.tracingId, clientId: entry.clientId };
    }
    return undefined;
  }

  /** The customer's message is in the conversation (its echo, or history): it leaves the outbox. */
  acknowledge(message: ChatMessage): void {
    this.#sink.upsert(message);
    const entries = this.entries;
    const rest = entries.filter((e) => e.tracingId !== message.tracingId && (!message.clientId || e.clientId !== message.clientId));
    if (rest.length !== entries.length) this.#store.outbox = rest;
    if (this.#inFlight && (this.#inFlight === message.tracingId || !rest.some((e) => e.tracingId === this.#inFlight))) {
      // The attributes it carried reached the service: later messages may leave them off.
      if (this.#written && this.#inFlightAttributes) this.#sentAttributes = this.#inFlightAttributes;
      this.#settle();
      this.pump();
    }
  }

  /**
   * A transient error that names no frame (an untagged 429 or 5000): most likely the reply to
   * the message in flight, as Genesys's SDK takes it; but a typing or receipt frame may have
   * drawn it, and then the message is stored and its echo on its way. Resending at once could
   * deliver it twice: its echo gets `ms` more, then history decides, as after the deadline.
   * False when no written message waits.
   */
  doubted(ms: number): boolean {
    const id = this.inFlightWritten;
    if (id === undefined) return false;
    this.#deadline.start(ms, () => this.#unanswered(id));
    return true;
  }

  /**
   * A 429 (the budget is paused by the session). Only the message on the wire can have
   * been refused (without a tracingId, it is the one). A 429 naming another frame, or
   * arriving again while the resend waits, must not queue a second copy. A 429 means
   * "later": it is no failed attempt, and the message was not stored, so no check first.
   */
  rateLimited(tracingId?: string, pauseMs = 1000): void {
    if (!this.#inFlight || !this.#written || (tracingId && tracingId !== this.#inFlight)) return;
    if (!tracingId) return void this.doubted(pauseMs + UNTAGGED_WAIT_MS);
    this.#setMaybeSent(this.#inFlight, false);
    this.#settle();
    this.pump();
  }

  /**
   * An error frame refusing one of our entries: the one it names, or (untagged, an error MT
   * attributes to the pending message) the one written and waiting. `final` (every 4xx and
   * 4xxx, C9) fails it at once; `transient` counts an attempt. Returns false if no entry of
   * ours is meant.
   */
  refused(tracingId: string | undefined, how: Refusal, code: number, message: string): boolean {
    if (tracingId === undefined && how === 'transient') return this.doubted(UNTAGGED_WAIT_MS);
    const id = tracingId ?? this.inFlightWritten;
    const entry = id !== undefined ? this.entries.find((e) => e.tracingId === id) : undefined;
    if (!entry) return false;
    tracingId = entry.tracingId;
    // The same error again while its resend waits in the budget: already handled.
    if (tracingId === this.#inFlight && !this.#written) return true;
    if (tracingId === this.#inFlight) this.#settle();
    if (how === 'final') this.#fail(entry, code, message);
    else if (entry.attempts + 1 >= MAX_SEND_ATTEMPTS) this.#fail(entry, code, message);
    // An answer, even an error, says the frame was not stored: no history check before the resend.
    else this.#update(tracingId, ({ maybeSent: _, ...e }) => ({ ...e, attempts: e.attempts + 1 }));
    this.pump();
    return true;
  }

  /** Forget every entry (the conversation was cleared). */
  clear(): void {
    this.#store.outbox = [];
    this.#mine.clear();
    this.#settle();
  }

  /** Refused for good: shown failed, and kept (failed) so a reload does not lose it. */
  #fail(entry: OutboxEntry, code: number, message: string): void {
    this.#update(entry.tracingId, ({ maybeSent: _, ...e }) => ({ ...e, failed: { code, message } }));
    if (this.#sink.markFailed(entry.tracingId, { code, message })) this.#wire.error(code, message);
  }

  #setMaybeSent(tracingId: string, maybeSent: boolean): void {
    this.#update(tracingId, ({ maybeSent: _, ...e }) => (maybeSent ? { ...e, maybeSent } : e));
  }

  #update(tracingId: string, change: (e: OutboxEntry) => OutboxEntry): void {
    const entries = this.entries;
    const i = entries.findIndex((e) => e.tracingId === tracingId);
    if (i < 0) return;
    const next = change(entries[i]!);
    if (JSON.stringify(next) === JSON.stringify(entries[i])) return;
    this.#store.outbox = entries.map((e, j) => (j === i ? next : e));
  }

  /**
   * Custom attributes go once per session, then only when they change (as the Genesys
   * Messenger Transport SDK does). Attributes over the deployment's limit would make the
   * service refuse the message (4013): they are reported once and left off instead.
   */
  #attributesToSend(): Record<string, string> | undefined {
    const attrs = this.#wire.attributes();
    const json = attrs && Object.keys(attrs).length ? JSON.stringify(attrs) : undefined;
    if (!json || json === this.#sentAttributes) return undefined;
    const limit = this.#wire.maxAttributeBytes() ?? MAX_CUSTOM_DATA_BYTES;
    const bytes = customAttributesBytes(attrs!);
    if (bytes > limit) {
      if (json !== this.#refusedAttributes) {
        this.#refusedAttributes = json;
        this.#wire.error('custom-attributes-too-large', `custom attributes are ${bytes} bytes, the limit is ${limit}`);
      }
      return undefined;
    }
    return attrs;
  }
}

/**
 * Of `candidates` (history's customer messages without a client id), the one most likely the
 * message `sent` (an outbox entry, or a pending copy shown from another tab's): same text,
 * payload and attachment ids, stored no earlier than its local time less the clock skew and
 * not in the future. The earliest at or after its time wins (an identical earlier message was
 * another one), else the latest before it.
 */
export function sameContent(sent: Pick<ChatMessage, 'text' | 'payload' | 'attachments' | 'time'>, candidates: readonly ChatMessage[], now: number): ChatMessage | undefined {
  const ids = (sent.attachments ?? []).map((a) => a.id).join(',');
  const same = candidates.filter(
    (m) =>
      m.text === sent.text &&
      m.payload === sent.payload &&
      (m.attachments ?? []).map((a) => a.id).join(',') === ids &&
      m.time >= sent.time - CONTENT_MATCH_SKEW_MS &&
      m.time <= now + CONTENT_MATCH_SKEW_MS,
  );
  const after = same.filter((m) => m.time >= sent.time).sort((a, b) => a.time - b.time)[0];
  return after ?? same.sort((a, b) => b.time - a.time)[0];
}

function pendingMessage(e: OutboxEntry): ChatMessage {
  return { id: e.tracingId, tracingId: e.tracingId, clientId: e.clientId, from: 'customer', text: e.text, time: e.time, status: 'sending', ...(e.payload !== undefined ? { payload: e.payload } : {}), ...(e.replyType ? { replyType: e.replyType } : {}), ...(e.attachments ? { attachments: e.attachments } : {}) };
}
