/**
 * The customer's uploads (protocol §2.7, §6.5): each file is checked against what the
 * deployment takes, then gets an upload URL (`onAttachment`), is PUT there with the headers
 * the URL came with, and waits for `UploadSuccessEvent`. Files queue, `MAX_ACTIVE` at a
 * time. No DOM and no timers of its own: the clock, the PUT and the wire are injected.
 *
 *   queued → requesting (URL) → uploading (progress 0..1, then the event) → uploaded
 *                  ↘ failed (a reason code; retry() queues it again)     ↘ cancel() drops it
 *
 * A connection that goes away takes the answers and events of its uploads with it: every
 * upload not yet done goes back to the queue and starts again, with a new URL, once a
 * session is configured on the next connection. Only uploaded files can be sent, and only
 * they survive a reload (in the outbox entry of their message).
 *
 * Slightly over 300 lines: the upload's whole state machine, which reads best in one place.
 */
import type { AttachmentFrame } from '../protocol/types.js';
import type { Attachment } from '../types.js';
import type { Clock } from './clock.js';
import type { UrlRefused } from './guest-session.js';

/** Uploads in flight at once. */
export const MAX_ACTIVE = 2;
/** Longest wait for an upload URL, or for the event after the PUT (ms). */
export const ANSWER_TIMEOUT_MS = 30_000;
/** PUTs cut by the network before an upload counts as failed. */
const MAX_NETWORK_TRIES = 3;
export const MAX_FILE_NAME = 255;

/**
 * Why an upload failed: a guest-API code (4000 off, 4001 type, 4002 size, 4003 content,
 * 4004 name, 4005 name too long, 4102 empty) or `network`, `upload` (the PUT was refused),
 * `timeout`.
 */
export type UploadReason = number | 'network' | 'upload' | 'timeout';

export type UploadState = 'queued' | 'requesting' | 'uploading' | 'uploaded' | 'failed';

export interface Upload {
  readonly key: number;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly state: UploadState;
  /** 0..1 while uploading. */
  readonly progress: number;
  readonly reason?: UploadReason;
  /** Refused before any upload (type, size, name): retrying cannot help. */
  readonly refused?: boolean;
  readonly attachmentId?: string;
  readonly downloadUrl?: string;
}

/** What the deployment takes: types (`image/*` wildcards too) with their largest size, blocked name endings. */
export interface FileRules {
  readonly modes: readonly { readonly types: readonly string[]; readonly maxBytes: number }[];
  readonly blocked: readonly string[];
}

/** A failed PUT: `network` when no HTTP answer came (offline, dropped, aborted). */
export class PutError extends Error {
  constructor(
    readonly network: boolean,
    readonly status = 0,
  ) {
    super(network ? 'network error' : `upload refused (${status})`);
  }
}

/** PUTs `blob` to `url` with `headers`; reports progress 0..1; rejects with PutError. */
export type Put = (url: string, headers: Record<string, string>, blob: Blob, onProgress: (fraction: number) => void, signal: AbortSignal) => Promise<void>;

export interface UploadWire {
  /** What the deployment takes; undefined when nothing is known (the server decides). */
  rules(): FileRules | undefined;
  /** Writes onAttachment; its tracingId, or undefined when no connection can take it now. */
  request(file: { attachmentId: string; fileName: string; fileType: string; fileSize: number }): string | undefined;
  /** Writes deleteAttachment for an upload the person cancelled. */
  remove(attachmentId: string): void;
  /** Something changed: render. */
  changed(): void;
  /** A new attachment id. */
  id(): string;
}

interface Item extends Upload {
  blob: Blob;
  state: UploadState;
  progress: number;
  reason?: UploadReason;
  refused?: boolean;
  attachmentId?: string;
  downloadUrl?: string;
  tracingId?: string;
  abort?: AbortController;
  timer?: unknown;
  tries: number;
}

/** Why `file` cannot be sent under `rules`, or undefined. */
export function refusal(rules: FileRules | undefined, file: { name: string; size: number; type: string }): UploadReason | undefined {
  if (file.size === 0) return 4102;
  if (!file.name.trim()) return 4004;
  if (file.name.length > MAX_FILE_NAME) return 4005;
  if (!rules) return undefined;
  const name = file.name.toLowerCase();
  if (rules.blocked.some((ext) => name.endsWith(ext))) return 4004;
  const type = file.type.toLowerCase();
  const modes = rules.modes.filter((m) => m.types.some((t) => t === type || (t.endsWith('/*') && type.startsWith(t.slice(0, -1)))));
  if (!type || !modes.length) return 4001;
  return modes.some((m) => file.size <= m.maxBytes) ? undefined : 4002;
}

export class UploadManager {
  #clock: Clock;
  #put: Put;
  #wire: UploadWire;
  #items: Item[] = [];
  #next = 1;
  #connected = true;

  constructor(clock: Clock, put: Put, wire: UploadWire) {
    this.#clock = clock;
    this.#put = put;
    this.#wire = wire;
  }

  get items(): readonly Upload[] {
    return this.#items;
  }

  /** Uploads still on their way (the send button waits for them). */
  get busy(): boolean {
    return this.#items.some((i) => i.state !== 'uploaded' && i.state !== 'failed');
  }

  /** What a message can carry now. */
  get uploaded(): Attachment[] {
    return this.#items.filter((i) => i.state === 'uploaded').map(toAttachment);
  }

  /** Adds files; those the rules refuse fail at once (no request is sent for them). */
  add(files: Iterable<Blob & { name?: string }>): void {
    const rules = this.#wire.rules();
    for (const blob of files) {
      const file = { name: (blob.name ?? '').slice(0, 1000), size: blob.size, type: blob.type.slice(0, 200) };
      const reason = refusal(rules, file);
      const item: Item = { key: this.#next++, ...file, blob, state: reason ? 'failed' : 'queued', progress: 0, tries: 0 };
      if (reason) Object.assign(item, { reason, refused: true });
      this.#items.push(item);
    }
    this.#pump();
  }

  /** Drops an upload; an uploaded one is deleted on the server too. */
  cancel(key: number): void {
    const item = this.#find(key);
    if (!item) return;
    this.#items = this.#items.filter((i) => i !== item);
    const id = item.attachmentId;
    const started = item.state === 'uploading' || item.state === 'uploaded';
    this.#stop(item);
    if (id && started) this.#wire.remove(id);
    this.#pump();
  }

  /** Tries a failed upload again, with a new URL. */
  retry(key: number): void {
    const item = this.#find(key);
    if (!item || item.state !== 'failed' || item.refused) return;
    this.#requeue(item);
    item.tries = 0;
    this.#pump();
  }

  /** The uploaded files went out in a message: they leave the list. */
  take(): Attachment[] {
    const done = this.uploaded;
    this.#items = this.#items.filter((i) => i.state !== 'uploaded');
    this.#wire.changed();
    return done;
  }

  /** Stops everything (the element left the page). */
  dispose(): void {
    for (const item of this.#items) this.#stop(item);
    this.#items = [];
  }

  // ------------------------------------------------------------------ the session's side

  /**
   * A session is configured. A new one (the conversation was cleared, started anew, signed
   * in or out) knows nothing of the files uploaded to the one before: they go up again.
   */
  connected(newSession = false): void {
    this.#connected = true;
    if (newSession) for (const item of this.#items) if (item.state === 'uploaded') this.#requeue(item);
    this.#pump();
  }

  lost(): void {
    this.#connected = false;
    for (const item of this.#items) if (item.state === 'requesting' || item.state === 'uploading') this.#requeue(item);
    this.#wire.changed();
  }

  frame(f: AttachmentFrame | UrlRefused): void {
    const item = f.kind === 'url-refused' ? this.#items.find((i) => (f.tracingId && i.tracingId === f.tracingId) || (f.attachmentId && i.attachmentId === f.attachmentId)) : this.#byId(f.attachmentId);
    if (!item) return;
    switch (f.kind) {
      case 'presigned':
        // A refreshed download URL (empty headers) is no answer to an upload.
        if (!f.refresh && item.state === 'requesting') this.#upload(item, f.url, f.headers);
        return;
      case 'upload-success':
        if (item.state !== 'uploading') return;
        this.#stop(item);
        Object.assign(item, { state: 'uploaded', progress: 1, downloadUrl: f.downloadUrl });
        return this.#pump();
      case 'upload-failure':
        return this.#fail(item, f.errorCode || 'upload');
      case 'url-refused':
        return this.#fail(item, f.errorCode || 'upload');
    }
  }

  // ------------------------------------------------------------------ steps

  #pump(): void {
    let active = this.#items.filter((i) => i.state === 'requesting' || i.state === 'uploading').length;
    for (const item of this.#items) {
      if (active >= MAX_ACTIVE || !this.#connected) break;
      if (item.state !== 'queued') continue;
      const attachmentId = this.#wire.id();
      const tracingId = this.#wire.request({ attachmentId, fileName: item.name, fileType: item.type, fileSize: item.size });
      if (!tracingId) break; // not connected after all: connected() pumps again
      Object.assign(item, { state: 'requesting', attachmentId, tracingId, progress: 0 });
      this.#arm(item);
      active++;
    }
    this.#wire.changed();
  }

  #upload(item: Item, url: string, headers: Record<string, string>): void {
    this.#clock.clearTimeout(item.timer);
    const abort = new AbortController();
    const id = item.attachmentId;
    Object.assign(item, { state: 'uploading', abort, progress: 0 });
    const current = () => item.abort === abort && item.attachmentId === id && item.state === 'uploading';
    this.#put(url, { ...headers, 'Content-Type': item.type }, item.blob, (p) => {
      if (!current()) return;
      item.progress = Math.min(1, Math.max(0, p));
      this.#wire.changed();
    }, abort.signal).then(
      // The bytes are there: the event says whether the service took them.
      () => current() && this.#arm(item),
      (e: unknown) => {
        if (!current()) return;
        if (e instanceof PutError && !e.network) return this.#fail(item, 'upload');
        // Cut by the network: again with a new URL (after the reconnect if the socket went too).
        if (++item.tries >= MAX_NETWORK_TRIES) return this.#fail(item, 'network');
        this.#requeue(item);
        this.#pump();
      },
    );
    this.#wire.changed();
  }

  /** No answer in time: the upload failed (retry() starts it again). */
  #arm(item: Item): void {
    this.#clock.clearTimeout(item.timer);
    const state = item.state;
    const id = item.attachmentId;
    item.timer = this.#clock.setTimeout(() => {
      if (item.state === state && item.attachmentId === id) this.#fail(item, 'timeout');
    }, ANSWER_TIMEOUT_MS);
  }

  #fail(item: Item, reason: UploadReason): void {
    this.#stop(item);
    Object.assign(item, { state: 'failed', reason });
    this.#pump();
  }

  #requeue(item: Item): void {
    this.#stop(item);
    Object.assign(item, { state: 'queued', progress: 0 });
    delete item.reason;
    delete item.attachmentId;
    delete item.tracingId;
  }

  #stop(item: Item): void {
    this.#clock.clearTimeout(item.timer);
    item.abort?.abort();
    delete item.abort;
  }

  #find(key: number): Item | undefined {
    return this.#items.find((i) => i.key === key);
  }

  #byId(id: string): Item | undefined {
    return this.#items.find((i) => i.attachmentId === id);
  }
}

function toAttachment(i: Item): Attachment {
  const a: { -readonly [K in keyof Attachment]: Attachment[K] } = { id: i.attachmentId!, name: i.name, mime: i.type, size: i.size, mediaType: i.type.startsWith('image/') ? 'Image' : 'File' };
  if (i.downloadUrl) a.url = i.downloadUrl;
  return a;
}
