/**
 * Where the session token, the unsent messages, the read horizon and the history limit's
 * count live: `localStorage` (default: the conversation survives reloads and is shared by
 * tabs), `sessionStorage` (one conversation per tab) or nowhere (`none`: memory only).
 * Storage can throw (blocked cookies, quota, sandboxed frames); then this falls back to memory.
 *
 * The outbox is shared by tabs only while they coordinate (tab-link.ts: one leader sends
 * it). A follower's own outbox is in localStorage too, under a key named for its tab (`tab`),
 * so that messages of a tab that closes, crashes or reloads before the leader sent them
 * outlive it: the leader takes them over when the tab's lock is released (orphans.ts). Where
 * tabs cannot coordinate (no Web Locks: an http: origin, Safari before 15.4), every tab would
 * send the shared outbox and two tabs would overwrite each other's entries, so each tab keeps
 * its own, in sessionStorage, for good.
 */
import type { HistoryLimit } from '../session/history-loader.js';
import { storageArea, storagePrefix, type StorageKind } from '../stored.js';
import type { Attachment } from '../types.js';
import { uuid } from './ids.js';
import { tabsCanCoordinate } from './link-message.js';

export type { StorageKind };

/** A customer message that has not been echoed yet. */
export interface OutboxEntry {
  tracingId: string;
  clientId: string;
  text: string;
  /** Quick-reply answer payload, when the entry answers a quick reply. */
  payload?: string;
  /** How a quick-reply answer goes back (§2.4e): `Button` for a card postback; absent: `QuickReply`. */
  replyType?: 'QuickReply' | 'Button';
  /**
   * Uploaded attachments the message names (ids, with what the log shows of them). Only
   * files whose upload succeeded get here, so the entry survives a reload like text.
   */
  attachments?: Attachment[];
  time: number;
  attempts: number;
  /**
   * Its frame was written to a socket and no answer has come yet: it may have arrived, so
   * history must be checked before it is sent again (the service does not deduplicate).
   */
  maybeSent?: boolean;
  /**
   * Refused for good (a final 4xxx, or retries ran out): not sent again unless the person
   * retries, but kept, so a failed message survives a reload as failed and is never lost.
   */
  failed?: { code: number; message: string };
}

export interface SessionStorageOptions {
  /** Tabs coordinate (default `tabsCanCoordinate()`); without, a `local` outbox is per tab. */
  coordinated?: boolean;
  /** Test seam: the shared area (default per `kind`) and the tab's own (default sessionStorage). */
  areas?: { shared?: Storage; tab?: Storage };
}

/** A follower tab's own outbox (localStorage, while tabs coordinate): `tab-outbox:<tab>`. */
const TAB_OUTBOX = 'tab-outbox:';

export class SessionStorage {
  readonly kind: StorageKind;
  /** This page's id among the tabs (a new one on every load: a duplicated tab copies nothing of it). */
  readonly tab = uuid();
  #prefix: string;
  #area: Storage | undefined;
  #memory = new Map<string, string>();
  #tabScoped = false;
  /** The outbox is the tab's whatever the leadership (tabs cannot coordinate). */
  #alwaysTabScoped = false;
  #tabArea: Storage | undefined;

  constructor(kind: StorageKind, deploymentId: string, options: SessionStorageOptions = {}) {
    this.kind = kind;
    this.#prefix = storagePrefix(deploymentId);
    this.#area = options.areas?.shared ?? storageArea(kind);
    this.#tabArea = kind === 'local' ? (options.areas?.tab ?? storageArea('session')) : undefined;
    if (kind === 'local' && !(options.coordinated ?? tabsCanCoordinate())) {
      // Entries a shared outbox still holds (written while tabs coordinated, or by an older
      // build) are taken by the first tab that starts: taken and removed in one synchronous
      // step, so no second tab sends them too.
      const shared = this.outbox;
      this.#remove('outbox');
      this.#tabScoped = this.#alwaysTabScoped = true;
      if (shared.length) this.outbox = mergeEntries(this.outbox, shared);
    }
  }

  /** The guest session token, created on first use and kept (protocol §2.1). */
  get token(): string {
    return this.#get('token') ?? this.newToken();
  }

  /**
   * After the session behind `previous` ended: adopt the token another tab already made
   * for the new session, or make one. Tabs sharing storage thus agree on one token.
   */
  renewToken(previous: string): string {
    const current = this.#get('token');
    return current && current !== previous ? current : this.newToken();
  }

  /** Forgets the old token and makes a new one. */
  newToken(): string {
    const token = uuid();
    this.#set('token', token);
    return token;
  }

  /**
   * While this tab follows another tab's socket its outbox is its own (kept in
   * sessionStorage, so it survives a reload of this tab); the leader's outbox is shared.
   * Becoming leader merges the tab's entries into the shared outbox.
   */
  set tabScoped(on: boolean) {
    if (on === this.#tabScoped || this.#alwaysTabScoped) return;
    if (on) {
      this.#tabScoped = true;
      return;
    }
    const mine = this.outbox;
    const own = this.#outboxKey;
    this.#tabScoped = false;
    if (mine.length) this.outbox = mergeEntries(this.outbox, mine);
    this.#remove(own);
  }

  get #outboxKey(): string {
    return !this.#tabScoped ? 'outbox' : this.#alwaysTabScoped ? 'tab-outbox' : TAB_OUTBOX + this.tab;
  }

  /** Tabs other than this one whose own outbox is in storage (they live, or left it behind). */
  get otherTabOutboxes(): string[] {
    const tabs: string[] = [];
    try {
      const area = this.#area;
      for (let i = 0; area && !this.#alwaysTabScoped && i < area.length; i++) {
        const tab = this.tabOf(area.key(i));
        if (tab) tabs.push(tab);
      }
    } catch {
      /* blocked storage: no other tab can have written there either */
    }
    return tabs;
  }

  /**
   * The entries a change of the shared outbox took out of it (another tab's `storage` event:
   * its key and values); undefined for any other key.
   */
  takenFromShared(key: string | null, oldValue: string | null, newValue: string | null): OutboxEntry[] | undefined {
    if (key !== this.#prefix + 'outbox') return undefined;
    const left = new Set(readEntries(newValue).map((e) => e.tracingId));
    return readEntries(oldValue).filter((e) => !left.has(e.tracingId));
  }

  /** The tab whose own outbox a storage key is, if it is one (and not this tab's). */
  tabOf(key: string | null): string | undefined {
    const start = this.#prefix + TAB_OUTBOX;
    const tab = key?.startsWith(start) ? key.slice(start.length) : undefined;
    return tab && tab !== this.tab ? tab : undefined;
  }

  /**
   * (Leader) Takes a gone tab's own outbox into the shared one; returns how many entries came.
   * Only call once that tab is gone (its lock released): a live tab still sends them itself.
   */
  adoptTabOutbox(tab: string): number {
    const key = TAB_OUTBOX + tab;
    const theirs = readEntries(this.#get(key));
    this.#remove(key);
    if (theirs.length) this.#set('outbox', JSON.stringify(mergeEntries(readEntries(this.#get('outbox')), theirs)));
    return theirs.length;
  }

  get outbox(): OutboxEntry[] {
    return readEntries(this.#get(this.#outboxKey));
  }

  set outbox(entries: readonly OutboxEntry[]) {
    if (entries.length) this.#set(this.#outboxKey, JSON.stringify(entries));
    else this.#remove(this.#outboxKey);
  }

  /** Id of the newest agent message this person has read (so reloads don't re-send receipts). */
  get readHorizon(): string | undefined {
    return this.#get('read') ?? undefined;
  }

  set readHorizon(id: string | undefined) {
    if (id) this.#set('read', id);
    else this.#remove('read');
  }

  /**
   * The session's history calls of the last minute: the limit is per session (protocol
   * §6.1), so tabs sharing the session count together. Malformed values read as none.
   */
  get historyLimit(): HistoryLimit | undefined {
    try {
      const v: unknown = JSON.parse(this.#get('history-limit') ?? 'null');
      const o = v as HistoryLimit | null;
      return o && Array.isArray(o.calls) && typeof o.pausedUntil === 'number' ? { calls: o.calls.filter((t) => typeof t === 'number'), pausedUntil: o.pausedUntil } : undefined;
    } catch {
      return undefined;
    }
  }

  set historyLimit(limit: HistoryLimit | undefined) {
    if (limit && (limit.calls.length || limit.pausedUntil)) this.#set('history-limit', JSON.stringify(limit));
    else this.#remove('history-limit');
  }

  #areaFor(key: string): Storage | undefined {
    return key === 'tab-outbox' ? this.#tabArea : this.#area;
  }

  #get(key: string): string | null {
    try {
      const v = this.#areaFor(key)?.getItem(this.#prefix + key);
      if (v != null) return v;
    } catch {
      /* fall through to memory */
    }
    return this.#memory.get(key) ?? null;
  }

  #set(key: string, value: string): void {
    this.#memory.set(key, value);
    try {
      this.#areaFor(key)?.setItem(this.#prefix + key, value);
    } catch {
      /* quota or blocked: memory keeps it for this page */
    }
  }

  #remove(key: string): void {
    this.#memory.delete(key);
    try {
      this.#areaFor(key)?.removeItem(this.#prefix + key);
    } catch {
      /* ignore */
    }
  }
}

/** The valid entries of a stored outbox (malformed JSON or entries read as none). */
function readEntries(json: string | null): OutboxEntry[] {
  try {
    const list: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(list) ? list.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/** `extra` added to `entries` (by tracingId, no duplicates), in time order. */
function mergeEntries(entries: readonly OutboxEntry[], extra: readonly OutboxEntry[]): OutboxEntry[] {
  const known = new Set(entries.map((e) => e.tracingId));
  return [...entries, ...extra.filter((e) => !known.has(e.tracingId))].sort((a, b) => a.time - b.time);
}

function isEntry(e: unknown): e is OutboxEntry {
  const o = e as OutboxEntry;
  return (
    !!o &&
    typeof o.tracingId === 'string' &&
    typeof o.clientId === 'string' &&
    typeof o.text === 'string' &&
    typeof o.time === 'number' &&
    typeof o.attempts === 'number' &&
    (o.attachments === undefined ||
      (Array.isArray(o.attachments) && o.attachments.every((a) => !!a && typeof a.id === 'string' && typeof a.name === 'string')))
  );
}
