/**
 * Validation of everything the server sends: WebSocket frames (protocol file §3) and REST
 * history pages (§6.1). The wire is untrusted input: nothing here throws, nothing is copied
 * wholesale, results are built from fresh objects holding only the fields we know, and
 * every URL that could reach an `href` or `src` passes `safeUrl` (links as 'link', pictures as
 * 'image').
 *
 * Longer than 300 lines: one decoder per frame class and message body, each short; they share
 * the small readers at the top and read best as the one place where the wire is trusted.
 */
import { obj, type Json } from '../json.js';
import { safeUrl } from '../safe-url.js';
import type {
  DecodeResult,
  HistoryPage,
  ServerFrame,
  SessionInfo,
  WireAttachment,
  WireCard,
  WireCardAction,
  WireContent,
  WireEvent,
  WireMessage,
  WireParticipant,
  WireQuickReply,
} from './types.js';

/** Frames longer than this (in UTF-16 code units) are refused before `JSON.parse`. */
export const MAX_FRAME_CHARS = 2_000_000;
const MAX_ID = 512;
const MAX_TEXT = 100_000;
const MAX_NAME = 256;
const MAX_ITEMS = 100;
const MAX_HISTORY_ENTITIES = 1000;
const DEFAULT_TYPING_MS = 5000;
const MAX_TYPING_MS = 60_000;
/**
 * Longest `retryAfter` honoured, in seconds. The documented example is 3 s for a 1 s rate
 * window (§3.5); a larger or infinite value (1e308) would stop sending for good.
 */
export const MAX_RETRY_AFTER_S = 60;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

// ------------------------------------------------------------------ small validators

/** An array cut to `max` items, else an empty array. */
const arr = (v: unknown, max = MAX_ITEMS): unknown[] => (Array.isArray(v) ? v.slice(0, max) : []);

/** Cuts a string to `max` code units without splitting a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A string (clipped to `max`), else undefined. */
const str = (v: unknown, max = MAX_NAME): string | undefined =>
  typeof v === 'string' ? clip(v, max) : undefined;

/** A non-empty string of at most `max` chars (identifiers: never clipped, refused instead). */
const id = (v: unknown, max = MAX_ID): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;

/** A finite number; numeric strings such as "259200" are accepted (the server sends some). */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length <= 32 && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** A finite number >= 0, else undefined. */
const nonNeg = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

/** A boolean (or "true"/"false"), else `fallback`. */
const bool = (v: unknown, fallback: boolean): boolean =>
  v === true || v === 'true' ? true : v === false || v === 'false' ? false : fallback;

/** Drops keys whose value is undefined, so results compare cleanly and stay small. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A string map: string values kept, finite numbers and booleans stringified, anything
 * else dropped. Keys that could reach a prototype are skipped.
 */
function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = obj(v);
  if (!o) return out;
  let n = 0;
  for (const key of Object.keys(o)) {
    if (n >= MAX_ITEMS) break;
    if (UNSAFE_KEYS.has(key) || key.length > MAX_NAME) continue;
    const val = o[key];
    const s =
      typeof val === 'string'
        ? clip(val, 4096)
        : (typeof val === 'number' && Number.isFinite(val)) || typeof val === 'boolean'
          ? String(val)
          : undefined;
    if (s !== undefined) {
      out[key] = s;
      n++;
    }
  }
  return out;
}

/** Names that end up in reasons are clipped and quoted, so a hostile class cannot flood logs. */
const quote = (s: string): string => JSON.stringify(clip(s, 60));

const fail = (reason: string): DecodeResult => ({ ok: false, reason });
const ok = (frame: ServerFrame): DecodeResult => ({ ok: true, frame });

// ------------------------------------------------------------------ message bodies (§3.3a)

function decodeParticipant(v: unknown): WireParticipant | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return compact<WireParticipant>({
    nickname: str(o.nickname),
    firstName: str(o.firstName),
    lastName: str(o.lastName),
    image: safeUrl(o.image, 'image'),
  });
}

/** QuickReply and ButtonResponse share `{text, payload}`; a missing payload falls back to the text. */
function decodeReply(v: unknown): WireQuickReply | undefined {
  const o = obj(v);
  const text = o && str(o.text, MAX_TEXT);
  if (!o || !text) return undefined;
  return compact<WireQuickReply>({ text, payload: str(o.payload, MAX_TEXT) ?? text, image: safeUrl(o.image, 'image') });
}

/** A card button. A Link whose URL `safeUrl` refuses is dropped entirely (§3.3a(f)). */
function decodeAction(v: unknown): WireCardAction | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const text = str(o.text, MAX_TEXT) ?? '';
  if (o.type === 'Link') {
    const url = safeUrl(o.url, 'link');
    return url ? { type: 'Link', text, url } : undefined;
  }
  if (o.type === 'Postback') {
    const payload = str(o.payload, MAX_TEXT) ?? text;
    return text || payload ? { type: 'Postback', text, payload } : undefined;
  }
  return undefined;
}

function decodeCard(v: unknown): WireCard | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return compact<WireCard>({
    title: str(o.title, MAX_TEXT) ?? '',
    description: str(o.description, MAX_TEXT),
    image: safeUrl(o.image, 'image'),
    defaultAction: decodeAction(o.defaultAction),
    actions: arr(o.actions).map(decodeAction).filter((a) => a !== undefined),
  });
}

function decodeAttachment(v: unknown): WireAttachment | undefined {
  const o = obj(v);
  const attId = o && id(o.id);
  if (!o || !attId) return undefined;
  return compact<WireAttachment>({
    id: attId,
    filename: str(o.filename, 1024),
    mime: str(o.mime),
    mediaType: str(o.mediaType, 64),
    url: safeUrl(o.url, 'link'),
    fileSize: size(o.fileSize),
  });
}

/** A byte count: a whole number from 0 to 1e12, else undefined. */
const size = (v: unknown): number | undefined => {
  const n = nonNeg(v);
  return n !== undefined && Number.isInteger(n) && n <= 1e12 ? n : undefined;
};

/** One `content[]` item. Known types that are malformed are skipped; unknown types are kept by name. */
function decodeContent(v: unknown): WireContent | undefined {
  const o = obj(v);
  const type = o && str(o.contentType, 60);
  if (!o || !type) return undefined;
  switch (type) {
    case 'QuickReply': {
      const quickReply = decodeReply(o.quickReply);
      return quickReply && { contentType: 'QuickReply', quickReply };
    }
    case 'ButtonResponse': {
      const reply = decodeReply(o.buttonResponse);
      if (!reply) return undefined;
      const kind = str(obj(o.buttonResponse)?.type, 64) ?? 'QuickReply';
      return { contentType: 'ButtonResponse', buttonResponse: { ...reply, type: kind } };
    }
    case 'Card': {
      const card = decodeCard(o.card);
      return card && { contentType: 'Card', card };
    }
    case 'Carousel': {
      const cards = arr(obj(o.carousel)?.cards).map(decodeCard).filter((c) => c !== undefined);
      return cards.length ? { contentType: 'Carousel', carousel: { cards } } : undefined;
    }
    case 'Attachment': {
      const attachment = decodeAttachment(o.attachment);
      return attachment && { contentType: 'Attachment', attachment };
    }
    default:
      return { contentType: 'Unknown', original: type };
  }
}

/** One `events[]` item (§3.3a(d), (e)). */
function decodeEvent(v: unknown): WireEvent | undefined {
  const o = obj(v);
  const type = o && str(o.eventType, 60);
  if (!o || !type) return undefined;
  if (type === 'Typing') {
    const t = obj(o.typing) ?? {};
    // The schema says `duration`, the Messenger docs show `durationMs` (§8 item 12): accept both.
    const ms = num(t.duration) ?? num(t.durationMs) ?? DEFAULT_TYPING_MS;
    return {
      eventType: 'Typing',
      typing: { type: str(t.type, 64) ?? 'On', durationMs: Math.min(Math.max(ms, 0), MAX_TYPING_MS) },
    };
  }
  if (type === 'Presence') {
    const presence = str(obj(o.presence)?.type, 64);
    return presence ? { eventType: 'Presence', presence: { type: presence } } : undefined;
  }
  return { eventType: 'Unknown', original: type };
}

/** Validates a `StructuredMessage` body or a REST history entity; undefined if unusable. Never throws. */
export function decodeWireMessage(body: unknown): WireMessage | undefined {
  try {
    return wireMessage(body);
  } catch {
    return undefined; // only reachable with exotic objects (throwing getters, proxies), never from JSON
  }
}

function wireMessage(body: unknown): WireMessage | undefined {
  const o = obj(body);
  if (!o) return undefined;
  const msgId = id(o.id);
  const direction = o.direction;
  const type = str(o.type, 64);
  if (!msgId || (direction !== 'Inbound' && direction !== 'Outbound') || type === undefined) {
    return undefined;
  }
  const channel = obj(o.channel);
  // `channel.time` is ISO-8601 (§3.3a); other date spellings Date.parse might guess at are ignored.
  const rawTime = channel && str(channel.time, 64);
  const time = rawTime && ISO_DATE.test(rawTime) ? Date.parse(rawTime) : undefined;
  return compact<WireMessage>({
    id: msgId,
    type,
    direction,
    text: str(o.text, MAX_TEXT),
    time: time !== undefined && Number.isFinite(time) ? time : undefined,
    channelMessageId: channel && id(channel.messageId),
    from: channel && decodeParticipant(channel.from),
    content: arr(o.content).map(decodeContent).filter((c) => c !== undefined),
    events: arr(o.events).map(decodeEvent).filter((e) => e !== undefined),
    metadata: stringMap(o.metadata),
    originatingEntity: str(o.originatingEntity, 64),
    status: str(o.status, 64),
  });
}

/** A REST history page (§6.1), newest first as served. Invalid entities are skipped. */
export function decodeHistoryPage(json: unknown): HistoryPage | undefined {
  try {
    const o = obj(json);
    if (!o || !Array.isArray(o.entities)) return undefined;
    const messages = arr(o.entities, MAX_HISTORY_ENTITIES)
      .map(decodeWireMessage)
      .filter((m) => m !== undefined);
    const pageNumber = Math.max(1, Math.floor(nonNeg(o.pageNumber) ?? 1));
    // Without a page count there is no evidence of older pages: stop paging here.
    const pageCount = Math.floor(nonNeg(o.pageCount) ?? pageNumber);
    return compact<HistoryPage>({ messages, pageNumber, pageCount, total: nonNeg(o.total) });
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ frames (§3)

/** Classes we recognise but do not act on (uploads, configuration, ...). */
const OTHER_CLASSES = new Set([
  'GetConfigurationResponse',
  'ResumeTokenResponse',
  'Unknown',
]);

/** Classes that are errors whatever their `code` (MT's GenerateUrlError fixture has code 200, §3.5). */
const ERROR_CLASSES = new Set(['string', 'TooManyRequestsErrorMessage', 'GenerateUrlError', 'Error']);

/**
 * The session's lifetime from an echo reply's metadata (§2.5: `durationSeconds` and
 * `expirationDate`, epoch seconds, as strings), checked like the SessionResponse's.
 */
export function sessionExpiry(metadata: Record<string, string>): Pick<SessionInfo, 'durationSeconds' | 'expirationDate'> {
  const num = (v: string | undefined) => (v !== undefined && /^\d{1,12}$/.test(v) ? nonNeg(Number(v)) : undefined);
  return compact({ durationSeconds: num(metadata['durationSeconds']), expirationDate: num(metadata['expirationDate']) });
}

function decodeSession(body: unknown): SessionInfo | undefined {
  const o = obj(body);
  if (!o) return undefined;
  // Minimal real form is `{"connected":true,"newSession":true}` (§3.2); absent flags take the
  // conservative default (a missing newSession must not trigger a second auto-start Join).
  return compact<SessionInfo>({
    connected: bool(o.connected, true),
    newSession: bool(o.newSession, false),
    readOnly: bool(o.readOnly, false),
    clearedExistingSession: typeof o.clearedExistingSession === 'boolean' ? o.clearedExistingSession : undefined,
    maxCustomDataBytes: nonNeg(o.maxCustomDataBytes),
    durationSeconds: nonNeg(o.durationSeconds),
    expirationDate: nonNeg(o.expirationDate),
    ...media(o),
  });
}

/** `allowedMedia.inbound` and `blockedExtensions` of a SessionResponse (§3.2), checked. */
function media(o: Json): Pick<SessionInfo, 'allowedMedia' | 'blockedExtensions'> {
  const inbound = obj(obj(o.allowedMedia)?.inbound);
  const fileTypes = arr(inbound?.fileTypes)
    .map((t) => str(obj(t)?.type, 100) ?? str(t, 100))
    .filter((t): t is string => !!t);
  const blocked = arr(o.blockedExtensions, 500)
    .map((e) => str(e, 32)?.toLowerCase())
    .filter((e): e is string => !!e);
  const out: Pick<SessionInfo, 'allowedMedia' | 'blockedExtensions'> = {};
  if (inbound) out.allowedMedia = compact({ fileTypes, maxFileSizeKB: nonNeg(inbound.maxFileSizeKB) });
  if (blocked.length) out.blockedExtensions = blocked;
  return out;
}

/** The attachment frames (§3.3); undefined when the body is unusable. */
function decodeAttachmentFrame(cls: string, body: unknown, tracingId: string | undefined): ServerFrame | undefined {
  const b = obj(body);
  const attachmentId = b && id(b.attachmentId);
  if (!b || !attachmentId) return undefined;
  if (cls === 'PresignedUrlResponse') {
    const headers = stringMap(b.headers);
    const refresh = Object.keys(headers).length === 0;
    // An upload URL receives our bytes, a download URL is rendered: both must be web URLs.
    const url = safeUrl(b.url, 'link');
    if (!url || !/^https?:/.test(url)) return undefined;
    return compact<ServerFrame>({ kind: 'presigned', tracingId, attachmentId, url, headers, refresh, fileSize: size(b.fileSize) });
  }
  if (cls === 'UploadSuccessEvent') {
    const downloadUrl = safeUrl(b.downloadUrl, 'link');
    return downloadUrl && /^https?:/.test(downloadUrl) ? { kind: 'upload-success', attachmentId, downloadUrl } : undefined;
  }
  if (cls === 'UploadFailureEvent') {
    return { kind: 'upload-failure', attachmentId, errorCode: num(b.errorCode) ?? 0, message: str(b.errorMessage, 500) ?? '' };
  }
  return compact<ServerFrame>({ kind: 'attachment-deleted', tracingId, attachmentId });
}

const ATTACHMENT_CLASSES = new Set(['PresignedUrlResponse', 'UploadSuccessEvent', 'UploadFailureEvent', 'AttachmentDeletedResponse']);

function decodeError(
  cls: string,
  code: number | undefined,
  body: unknown,
  tracingId: string | undefined,
): ServerFrame {
  const b = obj(body);
  const errorCode = b && num(b.errorCode);
  const message =
    (typeof body === 'string' ? clip(body, 2000) : undefined) ??
    str(b?.errorMessage, 2000) ??
    str(b?.message, 2000) ??
    '';
  const wait = b && nonNeg(b.retryAfter);
  const retryAfter = wait === undefined ? undefined : Math.min(wait, MAX_RETRY_AFTER_S);
  const tooMany = cls === 'TooManyRequestsErrorMessage';
  return compact<ServerFrame>({
    kind: 'error',
    // The TooManyRequests body may carry the tracingId instead of the envelope (§3.5).
    tracingId: tracingId ?? (tooMany ? id(b?.tracingId) : undefined),
    code: code ?? (tooMany ? 429 : errorCode ?? 0),
    errorCode,
    message,
    retryAfter,
    errorClass: clip(cls, 60),
    attachmentId: cls === 'GenerateUrlError' ? id(b?.attachmentId) : undefined,
  });
}

function decodeEnvelope(raw: unknown): DecodeResult {
  if (typeof raw !== 'string') return fail('frame is not text');
  if (raw.length > MAX_FRAME_CHARS) return fail(`frame too large (${raw.length} chars)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail('frame is not valid JSON');
  }
  const env = obj(parsed);
  if (!env) return fail('frame is not a JSON object');
  const cls = env.class;
  if (typeof cls !== 'string') return fail('frame has no class');
  const code = num(env.code);
  const tracingId = id(env.tracingId);
  const body = env.body;

  // Dispatch on `class`, not `type` (§3.1). Any non-2xx code is an error whatever the class:
  // error classes the server adds later still fail the pending request.
  if (ERROR_CLASSES.has(cls) || (code !== undefined && (code < 200 || code > 299))) {
    return ok(decodeError(cls, code, body, tracingId));
  }
  switch (cls) {
    case 'SessionResponse': {
      const session = decodeSession(body);
      return session ? ok(compact<ServerFrame>({ kind: 'session', tracingId, session })) : fail('invalid SessionResponse body');
    }
    case 'StructuredMessage': {
      const message = wireMessage(body);
      return message
        ? ok(compact<ServerFrame>({ kind: 'message', tracingId, response: env.type === 'response', message }))
        : fail('invalid StructuredMessage body');
    }
    case 'JwtResponse': {
      const b = obj(body);
      const jwt = b && id(b.jwt, MAX_TEXT);
      const exp = b && nonNeg(b.exp);
      return jwt && exp !== undefined ? ok(compact<ServerFrame>({ kind: 'jwt', tracingId, jwt, exp })) : fail('invalid JwtResponse body');
    }
    case 'SessionExpiredEvent':
      return ok({ kind: 'session-expired' });
    case 'SessionClearedEvent':
      return ok({ kind: 'session-cleared' });
    case 'ConnectionClosedEvent': {
      // MT reads `reason`, JSDK names it `reasonCode` (§3.4).
      const b = obj(body);
      return ok(compact<ServerFrame>({ kind: 'connection-closed', reason: str(b?.reason) ?? str(b?.reasonCode) }));
    }
    case 'LogoutEvent':
      return ok({ kind: 'logout' });
    default:
      if (ATTACHMENT_CLASSES.has(cls)) {
        const f = decodeAttachmentFrame(cls, body, tracingId);
        return f ? ok(f) : fail(`invalid ${cls} body`);
      }
      return OTHER_CLASSES.has(cls)
        ? ok(compact<ServerFrame>({ kind: 'other', className: cls, tracingId }))
        : fail(`unknown frame class ${quote(cls)}`);
  }
}

/**
 * Decodes one WebSocket message (`event.data`). Never throws: anything unusable comes back
 * as `{ok:false, reason}` so that the transport can drop it and keep the connection.
 */
export function decodeServerFrame(raw: unknown): DecodeResult {
  try {
    return decodeEnvelope(raw);
  } catch (e) {
    // Defensive only: the validators above do not throw on any JSON value.
    return fail(`frame could not be decoded (${e instanceof Error ? clip(e.name, 60) : 'error'})`);
  }
}
