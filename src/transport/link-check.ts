/**
 * The checks of what another tab sends (tab-link.ts, link-message.ts): every message on the
 * channel (`readLinkMessage`), and on the leader the frames a follower asks it to send (the
 * allow-list, `followerRequest`). A chunk of its own: a tab loads it when another tab first
 * speaks to it, so a tab alone never does.
 */
import { obj, type Json } from '../json.js';
import { MAX_FRAME_CHARS } from '../protocol/decode.js';
import { MAX_TEXT_LENGTH } from '../protocol/limits.js';
import type { AttachmentRef, ButtonResponse, ClientFrame, GuestMessage } from '../protocol/types.js';
import { LINK_VERSION, type LinkMessage } from './link-message.js';

/** json.ts's check as a type guard, for the conditions below that go on to read the fields. */
const isObj = (v: unknown): v is Json => obj(v) !== undefined;

const TAB_ID = /^[0-9a-f-]{1,64}$/i;

/** The message if it is a well-formed LinkMessage of this version, or why not. */
export function readLinkMessage(data: unknown): LinkMessage | string {
  if (!data || typeof data !== 'object') return 'not an object';
  const m = data as Record<string, unknown>;
  if (m['v'] !== LINK_VERSION) return `version ${String(m['v']).slice(0, 20)}, expected ${LINK_VERSION}`;
  const tabOk = (key: string) => typeof m[key] === 'string' && TAB_ID.test(m[key] as string);
  switch (m['t']) {
    case 'hello':
      return tabOk('tab') ? { v: LINK_VERSION, t: 'hello', tab: m['tab'] as string } : 'hello without a tab id';
    case 'send':
      if (!tabOk('tab')) return 'send without a tab id';
      if (!isObj(m['frame'])) return 'send without a frame';
      return { v: LINK_VERSION, t: 'send', tab: m['tab'] as string, frame: m['frame'] as ClientFrame };
    case 'up':
    case 'down':
      return { v: LINK_VERSION, t: m['t'] };
    case 'frame': {
      const raw = m['raw'];
      if (typeof raw !== 'string' || raw.length > MAX_FRAME_CHARS) return 'frame without its text';
      if (m['to'] !== undefined && !tabOk('to')) return 'frame to a malformed tab id';
      return m['to'] === undefined ? { v: LINK_VERSION, t: 'frame', raw } : { v: LINK_VERSION, t: 'frame', raw, to: m['to'] as string };
    }
    default:
      return `unknown message ${String(m['t']).slice(0, 20)}`;
  }
}

// ---------------------------------------------------------------- what a follower may ask

/**
 * What the leader does with a frame a follower asks it to send: answer it itself, run it as
 * its own operation, or write a copy rebuilt from checked fields only (with the leader's
 * token). A follower may ask only what the widget sends:
 *
 * | follower's frame                                   | leader                                 |
 * |----------------------------------------------------|----------------------------------------|
 * | configureSession / configureAuthenticatedSession   | answers from its own SessionResponse   |
 * | echo (health check)                                | answers itself (its socket is alive)   |
 * | onMessage Text (text ≤ 4096, attachment refs, metadata, custom attributes) | writes, as a message |
 * | onMessage attachments only (no type, no text)      | writes, as a message                   |
 * | onMessage Structured, one ButtonResponse (QuickReply or Button) | writes, as a message      |
 * | onMessage Event: Typing On, or Presence Clear      | writes (typing once for all tabs)      |
 * | onMessage Event: Presence Join                     | drops it: the leader joins for all tabs |
 * | onMessage Receipt (status Read)                    | writes once for all tabs, never backwards |
 * | getJwt, onAttachment, getAttachment, deleteAttachment | writes; the answer goes to that tab |
 * | closeSession                                       | starts the new conversation itself (C3) |
 *
 * Anything else (another action, another event, extra content, a field of the wrong type)
 * is refused with the reason, which the leader logs.
 */
export type FollowerRequest =
  | { kind: 'configure'; tracingId?: string }
  | { kind: 'echo'; tracingId: string; text: string }
  | { kind: 'join' }
  | { kind: 'start-new' }
  | { kind: 'message'; priority: 'message' | 'receipt' | 'typing'; frame: ClientFrame }
  | { kind: 'control'; frame: ClientFrame };

const MAX_ID = 512;
const MAX_MESSAGE_TEXT = MAX_TEXT_LENGTH;
const MAX_RECORD_KEYS = 100;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;
const optId = (v: unknown): v is string | undefined => v === undefined || isId(v);

/** A flat string → string map, copied; undefined when it is anything else. */
function stringRecord(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length > MAX_RECORD_KEYS) return undefined;
  const out: Record<string, string> = {};
  for (const k of keys) {
    const value = v[k];
    if (k === '__proto__' || typeof value !== 'string') return undefined;
    out[k] = value;
  }
  return out;
}

/** Copies `metadata` and `channel.metadata.customAttributes` when well-formed; false when present and malformed. */
function extras(m: Record<string, unknown>): Pick<Extract<GuestMessage, { type: 'Text' }>, 'metadata' | 'channel'> | false {
  const out: Pick<Extract<GuestMessage, { type: 'Text' }>, 'metadata' | 'channel'> = {};
  if (m['metadata'] !== undefined) {
    const metadata = stringRecord(m['metadata']);
    if (!metadata) return false;
    out.metadata = metadata;
  }
  if (m['channel'] !== undefined) {
    const channel = m['channel'];
    const attrs = isObj(channel) && isObj(channel['metadata']) ? stringRecord(channel['metadata']['customAttributes']) : undefined;
    if (!attrs) return false;
    out.channel = { metadata: { customAttributes: attrs } };
  }
  return out;
}

function attachmentRefs(v: unknown): AttachmentRef[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_RECORD_KEYS) return undefined;
  const refs: AttachmentRef[] = [];
  for (const c of v) {
    if (!isObj(c) || c['contentType'] !== 'Attachment' || !isObj(c['attachment']) || !isId(c['attachment']['id'])) return undefined;
    refs.push({ contentType: 'Attachment', attachment: { id: c['attachment']['id'] } });
  }
  return refs;
}

function guestMessage(m: unknown): { priority: 'message' | 'receipt' | 'typing'; message: GuestMessage } | 'join' | string {
  if (!isObj(m)) return 'onMessage without a message';
  const type = m['type'];
  if (type === 'Receipt') {
    return isId(m['id']) && m['status'] === 'Read' ? { priority: 'receipt', message: { type: 'Receipt', id: m['id'], status: 'Read' } } : 'malformed Receipt';
  }
  if (type === 'Event') {
    const events = m['events'];
    if (!Array.isArray(events) || events.length !== 1 || !isObj(events[0])) return 'an Event must carry one event';
    const e = events[0];
    const more = extras({ channel: m['channel'] });
    if (more === false) return 'malformed custom attributes';
    if (e['eventType'] === 'Typing' && isObj(e['typing']) && e['typing']['type'] === 'On') {
      return { priority: 'typing', message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }], ...more } };
    }
    if (e['eventType'] === 'Presence' && isObj(e['presence'])) {
      if (e['presence']['type'] === 'Join') return 'join';
      if (e['presence']['type'] === 'Clear') return { priority: 'message', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }], ...more } };
    }
    return `event ${String(e['eventType']).slice(0, 20)} is not relayed`;
  }
  const more = extras(m);
  if (more === false) return 'malformed metadata or custom attributes';
  if (type === 'Text' || type === undefined) {
    const text = m['text'];
    const content = m['content'] === undefined ? undefined : attachmentRefs(m['content']);
    if (m['content'] !== undefined && !content) return 'content other than attachment references';
    if (type === undefined) return content && text === undefined ? { priority: 'message', message: { content, ...more } } : 'a message without a type carries attachments only';
    if (typeof text !== 'string' || text.length > MAX_MESSAGE_TEXT) return 'Text without text, or longer than the service takes';
    return { priority: 'message', message: { type: 'Text', text, ...(content ? { content } : {}), ...more } };
  }
  if (type === 'Structured') {
    const content = m['content'];
    const b = Array.isArray(content) && content.length === 1 && isObj(content[0]) && content[0]['contentType'] === 'ButtonResponse' ? content[0]['buttonResponse'] : undefined;
    if (typeof m['text'] !== 'string' || m['text'].length > MAX_MESSAGE_TEXT || !isObj(b)) return 'Structured other than one ButtonResponse';
    if ((b['type'] !== 'QuickReply' && b['type'] !== 'Button') || typeof b['text'] !== 'string' || typeof b['payload'] !== 'string' || !optId(b['originatingMessageId'])) return 'malformed ButtonResponse';
    const buttonResponse: ButtonResponse = { type: b['type'], text: b['text'], payload: b['payload'] };
    if (b['originatingMessageId'] !== undefined) buttonResponse.originatingMessageId = b['originatingMessageId'] as string;
    return { priority: 'message', message: { type: 'Structured', text: m['text'], content: [{ contentType: 'ButtonResponse', buttonResponse }], ...more } };
  }
  return `message type ${String(type).slice(0, 20)} is not relayed`;
}

/** What a follower's frame may be, per the table above, or why it is refused. */
export function followerRequest(frame: ClientFrame): FollowerRequest | string {
  const f = frame as unknown as Record<string, unknown>;
  const tracingId = f['tracingId'];
  if (!optId(tracingId)) return 'malformed tracingId';
  switch (f['action']) {
    case 'configureSession':
    case 'configureAuthenticatedSession':
      return tracingId === undefined ? { kind: 'configure' } : { kind: 'configure', tracingId };
    case 'echo': {
      const m = f['message'];
      return isId(tracingId) && isObj(m) && typeof m['text'] === 'string' && m['text'].length <= MAX_ID ? { kind: 'echo', tracingId, text: m['text'] } : 'malformed echo';
    }
    case 'closeSession':
      return { kind: 'start-new' };
    case 'getJwt':
      return { kind: 'control', frame: { action: 'getJwt', token: '', ...(tracingId ? { tracingId } : {}) } };
    case 'onAttachment': {
      const { attachmentId, fileName, fileType, fileSize } = f;
      if (!isId(tracingId) || !isId(attachmentId) || typeof fileName !== 'string' || fileName.length > 1024 || !isId(fileType) || typeof fileSize !== 'number' || !(fileSize >= 0)) return 'malformed onAttachment';
      return { kind: 'control', frame: { action: 'onAttachment', token: '', tracingId, attachmentId, fileName, fileType, fileSize } };
    }
    case 'getAttachment':
    case 'deleteAttachment':
      return isId(tracingId) && isId(f['attachmentId']) ? { kind: 'control', frame: { action: f['action'], token: '', tracingId, attachmentId: f['attachmentId'] } } : `malformed ${f['action']}`;
    case 'onMessage': {
      const checked = guestMessage(f['message']);
      if (checked === 'join') return { kind: 'join' };
      if (typeof checked === 'string') return checked;
      return { kind: 'message', priority: checked.priority, frame: { action: 'onMessage', token: '', ...(tracingId ? { tracingId } : {}), message: checked.message } };
    }
    default:
      return `action ${String(f['action']).slice(0, 40)} is not relayed`;
  }
}
