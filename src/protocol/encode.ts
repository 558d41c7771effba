/**
 * Builders for the frames a guest sends (protocol file §2). Pure: token, tracing ids and
 * client ids are passed in; nothing is validated against limits here. The element checks
 * `MAX_TEXT_LENGTH`; the outbox checks custom attributes with `customAttributesBytes`
 * against the session's `maxCustomDataBytes` (default `MAX_CUSTOM_DATA_BYTES`).
 */
import type { ButtonResponse, ClientFrame, GuestChannel, GuestEvent, GuestMessage, JourneyContext } from './types.js';

export { MAX_TEXT_LENGTH } from './limits.js';
/** Custom attributes limit in UTF-8 bytes of keys + values; more gets error 4013 (§7). */
export const MAX_CUSTOM_DATA_BYTES = 2048;
/** MT's fixed echo tracingId, base64 of "HealthCheckMessageId" (§2.5). */
export const HEALTH_CHECK_TRACING_ID = 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=';

type Frame<A extends ClientFrame['action']> = Extract<ClientFrame, { action: A }>;
type OnMessage = Frame<'onMessage'>;

export interface MessageOptions {
  /**
   * Sent as `message.metadata.customMessageId` (the key Genesys's own SDK sends and reads) and
   * as `metadata.id` (what a Messenger HAR showed), to recognise our messages in history (P1).
   */
  clientId?: string;
  /** Genesys custom attributes (participant data); sent only when non-empty. */
  customAttributes?: Record<string, string>;
}

/** Number of bytes of `s` in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Size of custom attributes as MT counts it: UTF-8 bytes of every key plus every value (§7). */
export function customAttributesBytes(attrs: Record<string, string>): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(attrs)) bytes += utf8ByteLength(k) + utf8ByteLength(String(v));
  return bytes;
}

/** `message.channel` with the string-valued attributes, or undefined when there are none (§2.4b). */
function guestChannel(attrs: Record<string, string> | undefined): GuestChannel | undefined {
  if (!attrs) return undefined;
  const entries = Object.entries(attrs).filter(([, v]) => typeof v === 'string');
  // Object.fromEntries defines own properties: a `__proto__` key cannot reach a prototype.
  return entries.length ? { metadata: { customAttributes: Object.fromEntries(entries) } } : undefined;
}

const onMessage = (token: string, tracingId: string, message: GuestMessage): OnMessage => ({
  action: 'onMessage',
  token,
  tracingId,
  message,
});

/** §2.2. `journeyContext` as MT sends it; `startNew` only when true (after a ReadOnly close, §5.4). */
export function configureSession(
  token: string,
  deploymentId: string,
  options: { tracingId?: string; startNew?: boolean } = {},
): Frame<'configureSession'> {
  const frame: Frame<'configureSession'> = { action: 'configureSession', deploymentId, token };
  if (options.tracingId !== undefined) frame.tracingId = options.tracingId;
  if (options.startNew === true) frame.startNew = true;
  frame.journeyContext = journeyContext(token);
  return frame;
}

const journeyContext = (token: string): JourneyContext => ({
  customer: { id: token, idType: 'cookie' },
  customerSession: { id: '', type: 'web' },
});

const ids = (clientId: string) => ({ customMessageId: clientId, id: clientId });

/** §2.3: a signed-in customer's session; the JWT is the one from the code exchange, not the code. */
export function configureAuthenticatedSession(
  token: string,
  deploymentId: string,
  jwt: string,
  options: { tracingId?: string; startNew?: boolean } = {},
): Frame<'configureAuthenticatedSession'> {
  const frame: Frame<'configureAuthenticatedSession'> = { action: 'configureAuthenticatedSession', deploymentId, token, data: { code: jwt } };
  if (options.tracingId !== undefined) frame.tracingId = options.tracingId;
  if (options.startNew === true) frame.startNew = true;
  // The same journeyContext as an anonymous configure, as MT's encodeAuthenticatedConfigureSessionRequest does (P6).
  frame.journeyContext = journeyContext(token);
  return frame;
}

/**
 * §2.4a/b/c: a plain text message, optionally with a client id, custom attributes and
 * uploaded attachments. Without text, attachments go the Messenger way: no type, no text.
 */
export function textMessage(
  token: string,
  tracingId: string,
  text: string,
  options: MessageOptions & { attachmentIds?: readonly string[] } = {},
): OnMessage {
  const content = options.attachmentIds?.map((id) => ({ contentType: 'Attachment' as const, attachment: { id } }));
  const message: GuestMessage = content?.length ? (text ? { type: 'Text', text, content } : { content }) : { type: 'Text', text };
  if (options.clientId !== undefined) message.metadata = ids(options.clientId);
  const channel = guestChannel(options.customAttributes);
  if (channel) message.channel = channel;
  return onMessage(token, tracingId, message);
}

/**
 * §2.4d/e: the answer to a quick reply (`QuickReply`) or a card postback (`Button`), sent
 * the Messenger way: `type: "Structured"`, `text` = the label, one ButtonResponse.
 */
export function quickReplyMessage(
  token: string,
  tracingId: string,
  reply: { text: string; payload: string },
  options: MessageOptions & { type?: 'QuickReply' | 'Button' } = {},
): OnMessage {
  const buttonResponse: ButtonResponse = {
    type: options.type ?? 'QuickReply',
    text: reply.text,
    payload: reply.payload,
  };
  const message: GuestMessage = {
    type: 'Structured',
    text: reply.text,
    content: [{ contentType: 'ButtonResponse', buttonResponse }],
  };
  if (options.clientId !== undefined) message.metadata = ids(options.clientId);
  const channel = guestChannel(options.customAttributes);
  if (channel) message.channel = channel;
  return onMessage(token, tracingId, message);
}

const event = (token: string, tracingId: string, ev: GuestEvent, attrs?: Record<string, string>) => {
  const message: GuestMessage = { type: 'Event', events: [ev] };
  const channel = guestChannel(attrs);
  if (channel) message.channel = channel;
  return onMessage(token, tracingId, message);
};

/** §2.4h: guest typing. There is no "Off" and no duration (§4.1). */
export const typingOn = (token: string, tracingId: string): OnMessage =>
  event(token, tracingId, { eventType: 'Typing', typing: { type: 'On' } });

/** §2.4i/j: Presence Join (auto-start, may carry custom attributes) or Clear. */
export const presence = (
  token: string,
  tracingId: string,
  type: 'Join' | 'Clear',
  customAttributes?: Record<string, string>,
): OnMessage => event(token, tracingId, { eventType: 'Presence', presence: { type } }, customAttributes);

/**
 * §4.2: a read receipt for the newest message read (a read horizon). In the schema but
 * used by no official client: callers keep it switchable (design.md).
 */
export const readReceipt = (token: string, tracingId: string, id: string): OnMessage =>
  onMessage(token, tracingId, { type: 'Receipt', id, status: 'Read' });

/** §2.5: health check, always with `HEALTH_CHECK_TRACING_ID` so the reply can be recognised. */
export const echo = (token: string): Frame<'echo'> => ({
  action: 'echo',
  token,
  tracingId: HEALTH_CHECK_TRACING_ID,
  message: { type: 'Text', text: 'ping' },
});

/** §2.6: a short-lived JWT for REST history. */
export const getJwt = (token: string, tracingId: string): Frame<'getJwt'> => ({
  action: 'getJwt',
  token,
  tracingId,
});

/** §2.7: asks for an upload URL (`attachmentId` is ours, as MT makes it). */
export const onAttachment = (
  token: string,
  tracingId: string,
  file: { attachmentId: string; fileName: string; fileType: string; fileSize: number },
): Frame<'onAttachment'> => ({ action: 'onAttachment', token, tracingId, ...file });

/** §2.7: a fresh download URL (`getAttachment`) or drops an upload not yet sent (`deleteAttachment`). */
export const attachmentRequest = (
  action: 'getAttachment' | 'deleteAttachment',
  token: string,
  tracingId: string,
  attachmentId: string,
): ClientFrame => ({ action, token, tracingId, attachmentId });

/** §2.8: closes every connection of the session (used before `startNew`, §5.4). */
export function closeSession(token: string, tracingId?: string): Frame<'closeSession'> {
  const frame: Frame<'closeSession'> = { action: 'closeSession', token, closeAllConnections: true };
  if (tracingId !== undefined) frame.tracingId = tracingId;
  return frame;
}

/** The text of one WebSocket frame. */
export const encodeFrame = (frame: ClientFrame): string => JSON.stringify(frame);
