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
 */
import { customAttributesBytes, MAX_CUSTOM_DATA_BYTES } from '../protocol/encode.js';
import * as encode from '../protocol/encode.js';
import type { ClientFrame } from '../protocol/types.js';
import { uuid } from '../transport/ids.js';
import type { OutboxEntry } from '../transport/session-storage.js';
import type { Attachment, ChatMessage } from '../types.js';
import type { Clock } from './clock.js';
import type { ConversationSink } from './conversation-sink.js';

/** Refusals (other than 429 and final 4xx) before a message is marked failed. */
const MAX_SEND_ATTEMPTS = 5;

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
}

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
  #sentAttributes?: string;
  #refusedAttributes?: string;
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
  }

  get entries(): readonly OutboxEntry[] {
    return this.#store.outbox;
  }

  get #own(): OutboxEntry[] {
    return this.entries.filter((e) => this.#mine.has(e.tracingId));
  }

  /** Entries that may have arrived and wait for history to say. */
  get unconfirmed(): OutboxEntry[] {
    return this.#own.filter((e) => e.maybeSent);
  }

  has(tracingId: string): boolean {
    return this.entries.some((e) => e.tracingId === tracingId);
  }

  /** Shows every waiting entry in the conversation (after a reload or a cleared view). */
  restore(): void {
    for (const entry of this.entries) {
      this.#mine.add(entry.tracingId);
      this.#sink.addPending(pendingMessage(entry));
    }
  }

  enqueue({ attachments, ...input }: { text: string; payload?: string; attachments?: readonly Attachment[] }): ChatMessage {
    const entry: OutboxEntry = { tracingId: uuid(), clientId: uuid(), time: this.#clock.now(), attempts: 0, ...input };
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
    if (i >= 0) entries[i] = { ...entries[i]!, attempts: 0 };
    else entries.push({ tracingId, clientId: message.clientId ?? uuid(), text: message.text, ...(message.payload !== undefined ? { payload: message.payload } : {}), ...(message.attachments ? { attachments: [...message.attachments] } : {}), time: this.#clock.now(), attempts: 0 });
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
    this.#inFlight = undefined;
    this.#written = false;
    this.#checked = false;
  }

  /** Sends the oldest entry, if none is in flight. */
  pump(): void {
    if (this.#inFlight || !this.#wire.canSend()) return;
    const entry = this.#own[0];
    if (!entry) return;
    if (entry.maybeSent && !this.#checked) {
      this.#wire.needCheck();
      return;
    }
    const id = entry.tracingId;
    this.#inFlight = id;
    this.#written = false;
    const token = this.#wire.token();
    const options = { clientId: entry.clientId, customAttributes: this.#attributesToSend() };
    const frame: ClientFrame =
      entry.payload !== undefined
        ? encode.quickReplyMessage(token, id, { text: entry.text, payload: entry.payload }, options)
        : encode.textMessage(token, id, entry.text, { ...options, attachmentIds: entry.attachments?.map((a) => a.id) });
    this.#wire.queue(
      // Superseded, or already written by an earlier queued send: spend nothing.
      () => (this.#inFlight === id && !this.#written ? frame : undefined),
      () => {
        this.#written = true;
        // Persisted before any answer: after a drop or a reload, history is checked first.
        this.#setMaybeSent(id, true);
      },
    );
  }

  /** The customer's message is in the conversation (its echo, or history): it leaves the outbox. */
  acknowledge(message: ChatMessage): void {
    this.#sink.upsert(message);
    const entries = this.entries;
    const rest = entries.filter((e) => e.tracingId !== message.tracingId && (!message.clientId || e.clientId !== message.clientId));
    if (rest.length !== entries.length) this.#store.outbox = rest;
    if (this.#inFlight && (this.#inFlight === message.tracingId || !rest.some((e) => e.tracingId === this.#inFlight))) {
      this.#inFlight = undefined;
      this.pump();
    }
  }

  /**
   * A 429 (the budget is paused by the session). Only the message on the wire can have
   * been refused (without a tracingId, it is the one). A 429 naming another frame, or
   * arriving again while the resend waits, must not queue a second copy. A 429 means
   * "later": it is no failed attempt, and the message was not stored, so no check first.
   */
  rateLimited(tracingId?: string): void {
    if (!this.#inFlight || !this.#written || (tracingId && tracingId !== this.#inFlight)) return;
    this.#setMaybeSent(this.#inFlight, false);
    this.#inFlight = undefined;
    this.pump();
  }

  /** An error frame naming one of our entries. Returns false if the tracingId is not ours. */
  refused(tracingId: string, code: number, message: string): boolean {
    const entry = this.entries.find((e) => e.tracingId === tracingId);
    if (!entry) return false;
    // The same error again while its resend waits in the budget: already handled.
    if (tracingId === this.#inFlight && !this.#written) return true;
    if (tracingId === this.#inFlight) this.#inFlight = undefined;
    if (code === 4011 || code === 4013 || (code >= 400 && code < 500)) this.#fail(entry, code, message);
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
    this.#inFlight = undefined;
  }

  #fail(entry: OutboxEntry, code: number, message: string): void {
    this.#store.outbox = this.entries.filter((e) => e.tracingId !== entry.tracingId);
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
    this.#sentAttributes = json;
    return attrs;
  }
}

function pendingMessage(e: OutboxEntry): ChatMessage {
  return { id: e.tracingId, tracingId: e.tracingId, clientId: e.clientId, from: 'customer', text: e.text, time: e.time, status: 'sending', ...(e.payload !== undefined ? { payload: e.payload } : {}), ...(e.attachments ? { attachments: e.attachments } : {}) };
}
