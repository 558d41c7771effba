import { expect } from '@open-wc/testing';
import {
  decodeHistoryPage,
  decodeServerFrame,
  decodeWireMessage,
  MAX_RETRY_AFTER_S,
} from '../../src/protocol/decode.js';
import { safeUrl } from '../../src/safe-url.js';
import type { DecodeResult, ServerFrame, WireMessage } from '../../src/protocol/types.js';
import { mulberry32 } from '../helpers/prng.js';

// ------------------------------------------------------------------ helpers

/** Decodes an object (stringified) or a raw string and asserts success. */
function decode(frame: unknown): ServerFrame {
  const result = decodeServerFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.frame;
}

/** Decodes and asserts the frame kind, narrowing the type. */
function decodeAs<K extends ServerFrame['kind']>(frame: unknown, kind: K): Extract<ServerFrame, { kind: K }> {
  const decoded = decode(frame);
  expect(decoded.kind).to.equal(kind);
  return decoded as Extract<ServerFrame, { kind: K }>;
}

function message(frame: unknown): WireMessage {
  return decodeAs(frame, 'message').message;
}

function rejected(raw: unknown): string {
  const result = decodeServerFrame(raw);
  expect(result.ok).to.equal(false);
  return (result as Extract<DecodeResult, { ok: false }>).reason;
}

const structured = (body: unknown, extra: object = {}) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body,
  ...extra,
});

const outbound = (extra: object) => ({
  id: 'a41c09e7f1b24d6c9d3a5e0f8b7c6d21',
  type: 'Structured',
  direction: 'Outbound',
  ...extra,
});

// ------------------------------------------------------------------ fixtures from the protocol file

const TRACE = 'c2e0a8d4-0000-4000-8000-000000000001';
const SEND_TRACE = '7d1e5b2a-0000-4000-8000-000000000002';

/** §3.2 */
const sessionResponse = {
  type: 'response',
  class: 'SessionResponse',
  code: 200,
  tracingId: TRACE,
  body: {
    connected: true,
    newSession: true,
    readOnly: false,
    clearedExistingSession: false,
    maxCustomDataBytes: 2048,
    allowedMedia: {
      inbound: { fileTypes: [{ type: 'image/png' }, { type: 'image/jpeg' }], maxFileSizeKB: 10240 },
    },
    blockedExtensions: ['.ade', '.adp', '.bat', '.exe'],
    durationSeconds: 259200,
    expirationDate: 1791139139,
  },
};

/** §3.3 */
const jwtResponse = {
  type: 'response',
  class: 'JwtResponse',
  code: 200,
  tracingId: TRACE,
  body: { jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdCJ9.c2ln', exp: 1767225600 },
};

const presignedUpload = {
  type: 'response',
  class: 'PresignedUrlResponse',
  code: 200,
  tracingId: TRACE,
  body: {
    attachmentId: '0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91',
    url: 'https://shyrka-prod-upload.s3.amazonaws.com/0b6f2d1c?X-Amz-Signature=abc',
    headers: { 'x-amz-tagging': 'abc=def' },
    fileName: 'damage.png',
    fileSize: 48213,
    fileType: 'image/png',
  },
};

const presignedDownload = {
  ...presignedUpload,
  body: { ...presignedUpload.body, headers: {}, url: 'https://api.mypurecloud.com/api/v2/downloads/0b6f' },
};

const uploadSuccess = {
  type: 'message',
  class: 'UploadSuccessEvent',
  code: 200,
  body: {
    attachmentId: '0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91',
    downloadUrl: 'https://api.mypurecloud.com/api/v2/downloads/0b6f2d1c',
    timestamp: '2026-01-10T09:15:02.411Z',
  },
};

const uploadFailure = {
  type: 'message',
  class: 'UploadFailureEvent',
  code: 200,
  body: {
    attachmentId: '0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91',
    errorCode: 4003,
    errorMessage: 'File content is invalid',
    timestamp: '2026-01-10T09:15:02.411Z',
  },
};

const attachmentDeleted =
  '{"type":"message","class":"AttachmentDeletedResponse","code":200,"body":{"attachmentId":"0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91"}}';

const getConfigurationResponse = {
  type: 'response',
  class: 'GetConfigurationResponse',
  code: 200,
  tracingId: TRACE,
  body: {
    allowedMedia: { inbound: { fileTypes: [{ type: 'image/png' }], maxFileSizeKB: 10240 } },
    blockedExtensions: ['.exe'],
    maxCustomDataBytes: 2048,
    messageRoutingEnabled: true,
    sessionDurationSeconds: 259200,
  },
};

const resumeTokenResponse = {
  type: 'response',
  class: 'ResumeTokenResponse',
  code: 200,
  body: { resumeToken: 'rt-123', exp: 1767225600 },
};

/** §3.3a(a) */
const outboundText = structured({
  id: 'a41c09e7f1b24d6c9d3a5e0f8b7c6d21',
  type: 'Text',
  direction: 'Outbound',
  text: 'Hi Sam, how can I help?',
  channel: {
    time: '2026-01-10T09:14:55.120Z',
    type: 'Private',
    from: { nickname: 'Alex (Support)', image: 'https://cdn.example.com/avatar.png' },
  },
  originatingEntity: 'Human',
  metadata: { correlationId: '6e2f1a9b-3c4d-4e5f-8a7b-9c0d1e2f3a4b' },
});

/** §3.3a(b) */
const guestEcho = structured(
  {
    id: '5bd2e0a9c3f84e1aa07d91b6c2e4f380',
    type: 'Text',
    direction: 'Inbound',
    text: 'Hi, I need help with my order',
    channel: { time: '2026-01-10T09:14:50.004Z', messageId: '2c7a9d4e-1b3f-4e5a-9c8d-7f6e5d4c3b2a' },
    originatingEntity: 'Human',
    metadata: { correlationId: '6e2f1a9b-3c4d-4e5f-8a7b-9c0d1e2f3a4b' },
  },
  { tracingId: SEND_TRACE },
);

/** §3.3a(c) */
const echoReply = {
  type: 'response',
  class: 'StructuredMessage',
  code: 200,
  tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=',
  body: {
    id: 'e1f0c3b2a1d04e5f9a8b7c6d5e4f3a2b',
    type: 'Text',
    direction: 'Inbound',
    text: 'ping',
    channel: { time: '2026-01-10T09:20:00.000Z', messageId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' },
    metadata: { durationSeconds: '259200', expirationDate: '1791139139' },
  },
};

/** §3.3a(d) */
const agentTyping = structured({
  id: '0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c',
  type: 'Event',
  direction: 'Outbound',
  channel: { time: '2026-01-10T09:14:53.300Z', messageId: '1a2b3c4d-0000-4000-8000-000000000003' },
  events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }],
});

/** §3.3a(e) */
const presenceDisconnect = structured({
  id: '7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29',
  type: 'Event',
  direction: 'Outbound',
  channel: { time: '2026-01-10T09:40:00.000Z', messageId: '1a2b3c4d-0000-4000-8000-000000000004' },
  metadata: { correlationId: '6e2f1a9b-3c4d-4e5f-8a7b-9c0d1e2f3a4b', readOnly: 'true' },
  events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
});

/** §3.3a(f) */
const quickReplies = structured({
  id: '3e2d1c0b9a8f7e6d5c4b3a2918273645',
  type: 'Structured',
  direction: 'Outbound',
  originatingEntity: 'Bot',
  text: 'What would you like to do?',
  channel: { time: '2026-01-10T09:15:10.000Z', type: 'Private' },
  content: [
    { contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK_ORDER', action: 'Message' } },
    {
      contentType: 'QuickReply',
      quickReply: { text: 'Talk to a person', payload: 'AGENT', action: 'Message', image: 'https://cdn.example.com/icon.png' },
    },
  ],
});

const cardItem = {
  contentType: 'Card',
  card: {
    title: 'Blue Runner 2',
    description: 'Size 42, in stock',
    image: 'https://cdn.example.com/shoe.jpg',
    defaultAction: { type: 'Link', url: 'https://shop.example/p/123' },
    actions: [
      { type: 'Link', text: 'View', url: 'https://shop.example/p/123' },
      { type: 'Postback', text: 'Buy now', payload: 'BUY_123' },
    ],
  },
};

const decodedCard = {
  title: 'Blue Runner 2',
  description: 'Size 42, in stock',
  image: 'https://cdn.example.com/shoe.jpg',
  defaultAction: { type: 'Link', text: '', url: 'https://shop.example/p/123' },
  actions: [
    { type: 'Link', text: 'View', url: 'https://shop.example/p/123' },
    { type: 'Postback', text: 'Buy now', payload: 'BUY_123' },
  ],
};

const datePickerItem = {
  contentType: 'DatePicker',
  datePicker: {
    title: 'Pick a delivery slot',
    subtitle: 'Next week',
    imageUrl: 'https://cdn.example.com/cal.png',
    dateMinimum: '2026-01-12T00:00:00.000Z',
    dateMaximum: '2026-01-16T23:59:59.000Z',
    availableTimes: [{ dateTime: '2026-01-12T09:00:00.000Z', duration: 3600 }],
  },
};

const listPickerItem = {
  contentType: 'ListPicker',
  listPicker: {
    id: 'lp-1',
    receivedMessage: { title: 'Choose toppings', subtitle: 'Pick any', imageUrl: 'https://cdn.example.com/t.png' },
    replyMessage: { title: 'Your toppings', subtitle: 'Thanks!' },
    sections: [
      { title: 'Veg', multipleSelection: true, items: [{ id: 't1', title: 'Olives', subtitle: '', imageUrl: '' }] },
    ],
  },
};

/** §3.3a(g) */
const attachmentItem = {
  contentType: 'Attachment',
  attachment: {
    id: '9f1e2d3c-4b5a-4968-8776-655443322110',
    mediaType: 'Image',
    mime: 'image/png',
    filename: 'receipt.png',
    fileSize: 30211,
    url: 'https://api.mypurecloud.com/api/v2/downloads/9f1e2d3c',
  },
};

/** §3.4 */
const lifecycle = [
  '{ "type": "response", "class": "SessionExpiredEvent", "code": 200, "body": {} }',
  '{ "type": "message",  "class": "SessionClearedEvent", "code": 200, "body": {} }',
  '{ "type": "message",  "class": "ConnectionClosedEvent", "code": 200, "body": {} }',
  '{ "type": "message",  "class": "ConnectionClosedEvent", "code": 200, "body": { "reason": "signedIn" } }',
  '{ "type": "message",  "class": "LogoutEvent", "code": 200, "body": {} }',
];

/** §3.5 */
const stringErrors = [
  `{ "type": "response", "class": "string", "code": 4011, "body": "Message length 5000 is larger than 4096", "tracingId": "${SEND_TRACE}" }`,
  '{ "type": "response", "class": "string", "code": 4013, "body": "Custom Attributes in channel metadata is larger than 2048 bytes" }',
  '{ "type": "response", "class": "string", "code": 4006, "body": "session expired error message" }',
  '{ "type": "response", "class": "string", "code": 4007, "body": "session not found error message" }',
  '{ "type": "response", "class": "string", "code": 403,  "body": "Turn on the Feature Toggle or fix the configuration." }',
  '{ "type": "response", "class": "string", "code": 400,  "body": "Request failed." }',
  '{ "type": "response", "class": "string", "code": 401,  "body": "User is unauthorized" }',
  '{ "type": "response", "class": "string", "code": 5000, "body": "Request failed." }',
];

const tooManyRequests = {
  type: 'response',
  class: 'TooManyRequestsErrorMessage',
  code: 429,
  body: { retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' },
};

const generateUrlError = {
  type: 'response',
  class: 'GenerateUrlError',
  code: 400,
  tracingId: TRACE,
  body: { attachmentId: '0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91', errorCode: 4001, errorMessage: 'File type image/tiff not supported' },
};

/** §6.1 */
const historyPage = {
  entities: [
    {
      id: '5befde6373a23f32f20b59b4e1cba0e6',
      type: 'Text',
      direction: 'Outbound',
      originatingEntity: 'Bot',
      text: 'Welcome!',
      content: [],
      channel: { time: '2026-01-10T09:14:40.000Z' },
    },
    {
      id: '46e7001c24abed05e9bcd1a006eb54b7',
      type: 'Event',
      direction: 'Inbound',
      originatingEntity: 'Human',
      events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
      channel: { time: '2026-01-10T09:14:39.000Z' },
    },
  ],
  pageSize: 25,
  pageNumber: 1,
  total: 2,
  pageCount: 1,
};

/** Every example server frame above: the seeds of the fuzz test too. */
const ALL_FRAMES: unknown[] = [
  sessionResponse,
  jwtResponse,
  presignedUpload,
  presignedDownload,
  uploadSuccess,
  uploadFailure,
  JSON.parse(attachmentDeleted),
  getConfigurationResponse,
  resumeTokenResponse,
  outboundText,
  guestEcho,
  echoReply,
  agentTyping,
  presenceDisconnect,
  quickReplies,
  structured(outbound({ content: [cardItem, { contentType: 'Carousel', carousel: { cards: [cardItem.card] } }] })),
  structured(outbound({ content: [datePickerItem, listPickerItem, attachmentItem] })),
  ...lifecycle.map((s) => JSON.parse(s)),
  ...stringErrors.map((s) => JSON.parse(s)),
  tooManyRequests,
  generateUrlError,
];

// ------------------------------------------------------------------ protocol examples

describe('decodeServerFrame: protocol file examples', () => {
  it('§3.2 SessionResponse: all fields', () => {
    const frame = decodeAs(sessionResponse, 'session');
    expect(frame).to.deep.equal({
      kind: 'session',
      tracingId: TRACE,
      session: {
        connected: true,
        newSession: true,
        readOnly: false,
        clearedExistingSession: false,
        maxCustomDataBytes: 2048,
        durationSeconds: 259200,
        expirationDate: 1791139139,
        allowedMedia: { fileTypes: ['image/png', 'image/jpeg'], maxFileSizeKB: 10240 },
        blockedExtensions: ['.ade', '.adp', '.bat', '.exe'],
      },
    });
  });

  it('§3.2 SessionResponse: minimal real-world form', () => {
    const frame = decodeAs({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true } }, 'session');
    expect(frame).to.deep.equal({ kind: 'session', session: { connected: true, newSession: true, readOnly: false } });
  });

  it('§2.8/§5.4 SessionResponse after closeSession: connected false, readOnly true', () => {
    const frame = decodeAs({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: false, newSession: false, readOnly: true } }, 'session');
    expect(frame.session).to.deep.equal({ connected: false, newSession: false, readOnly: true });
  });

  it('§3.3 JwtResponse', () => {
    expect(decodeAs(jwtResponse, 'jwt')).to.deep.equal({
      kind: 'jwt',
      tracingId: TRACE,
      jwt: jwtResponse.body.jwt,
      exp: 1767225600,
    });
  });

  it('§3.3 attachment frames: upload URL, refreshed download URL (empty headers), events, deletion', () => {
    const id = '0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91';
    expect(decodeAs(presignedUpload, 'presigned')).to.deep.equal({
      kind: 'presigned', tracingId: TRACE, attachmentId: id, url: presignedUpload.body.url, headers: { 'x-amz-tagging': 'abc=def' }, refresh: false, fileSize: 48213,
    });
    expect(decodeAs(presignedDownload, 'presigned').refresh).to.equal(true);
    expect(decodeAs(uploadSuccess, 'upload-success')).to.deep.equal({ kind: 'upload-success', attachmentId: id, downloadUrl: uploadSuccess.body.downloadUrl });
    expect(decodeAs(uploadFailure, 'upload-failure')).to.deep.equal({ kind: 'upload-failure', attachmentId: id, errorCode: 4003, message: 'File content is invalid' });
    expect(decodeAs(attachmentDeleted, 'attachment-deleted')).to.deep.equal({ kind: 'attachment-deleted', attachmentId: id });
  });

  it('§3.3 hostile attachment frames: script URLs and missing ids are refused, numbers checked', () => {
    const bad = (raw: unknown) => !decodeServerFrame(JSON.stringify(raw)).ok;
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b.c', ' java\tscript:x', 42]) {
      expect(bad({ ...uploadSuccess, body: { ...uploadSuccess.body, downloadUrl: url } }), String(url)).to.equal(true);
      expect(bad({ ...presignedUpload, body: { ...presignedUpload.body, url } }), String(url)).to.equal(true);
    }
    expect(bad({ ...uploadSuccess, body: { downloadUrl: 'https://x.example/' } })).to.equal(true);
    expect(decodeAs({ ...presignedUpload, body: { ...presignedUpload.body, fileSize: 1e400 } }, 'presigned').fileSize).to.equal(undefined);
    expect(decodeAs({ ...uploadFailure, body: { ...uploadFailure.body, errorCode: 'x' } }, 'upload-failure').errorCode).to.equal(0);
  });

  it('§3.3 known but unused classes decode as kind other', () => {
    const cases: [unknown, string][] = [
      [getConfigurationResponse, 'GetConfigurationResponse'],
      [resumeTokenResponse, 'ResumeTokenResponse'],
      [{ type: 'message', class: 'Unknown', code: 200, body: {} }, 'Unknown'],
    ];
    for (const [raw, className] of cases) {
      const frame = decodeAs(raw, 'other');
      expect(frame.className).to.equal(className);
    }
  });

  it('§3.3a(a) outbound agent text', () => {
    const frame = decodeAs(outboundText, 'message');
    expect(frame.response).to.equal(false);
    expect(frame.tracingId).to.equal(undefined);
    expect(frame.message).to.deep.equal({
      id: 'a41c09e7f1b24d6c9d3a5e0f8b7c6d21',
      type: 'Text',
      direction: 'Outbound',
      text: 'Hi Sam, how can I help?',
      time: Date.UTC(2026, 0, 10, 9, 14, 55, 120),
      from: { nickname: 'Alex (Support)', image: 'https://cdn.example.com/avatar.png' },
      content: [],
      events: [],
      metadata: { correlationId: '6e2f1a9b-3c4d-4e5f-8a7b-9c0d1e2f3a4b' },
      originatingEntity: 'Human',
    });
  });

  it('§3.3a(a) a bot message with `from: {}` or no from at all', () => {
    const empty = message(structured(outbound({ type: 'Text', text: 'x', channel: { time: '2026-01-10T09:14:55.120Z', from: {} } })));
    expect(empty.from).to.deep.equal({});
    const none = message(structured(outbound({ type: 'Text', text: 'x' })));
    expect(none).to.not.have.property('from');
    expect(none).to.not.have.property('time');
    expect(none).to.not.have.property('channelMessageId');
  });

  it('§3.3a(b) echo of the guest message carries the tracingId', () => {
    const frame = decodeAs(guestEcho, 'message');
    expect(frame.tracingId).to.equal(SEND_TRACE);
    expect(frame.response).to.equal(false);
    expect(frame.message).to.deep.equal({
      id: '5bd2e0a9c3f84e1aa07d91b6c2e4f380',
      type: 'Text',
      direction: 'Inbound',
      text: 'Hi, I need help with my order',
      time: Date.UTC(2026, 0, 10, 9, 14, 50, 4),
      channelMessageId: '2c7a9d4e-1b3f-4e5a-9c8d-7f6e5d4c3b2a',
      content: [],
      events: [],
      metadata: { correlationId: '6e2f1a9b-3c4d-4e5f-8a7b-9c0d1e2f3a4b' },
      originatingEntity: 'Human',
    });
  });

  it('§3.3a(c) reply to echo: response true, string metadata kept', () => {
    const frame = decodeAs(echoReply, 'message');
    expect(frame.response).to.equal(true);
    expect(frame.tracingId).to.equal('SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=');
    expect(frame.message.text).to.equal('ping');
    expect(frame.message.metadata).to.deep.equal({ durationSeconds: '259200', expirationDate: '1791139139' });
  });

  it('§3.3a(d) agent typing with duration', () => {
    const m = message(agentTyping);
    expect(m.type).to.equal('Event');
    expect(m.events).to.deep.equal([{ eventType: 'Typing', typing: { type: 'On', durationMs: 5000 } }]);
    expect(m).to.not.have.property('text');
  });

  it('§3.3a(d) typing: durationMs, numeric strings, default and clamp', () => {
    const typing = (typing: unknown) =>
      message(structured(outbound({ type: 'Event', events: [{ eventType: 'Typing', typing }] }))).events[0];
    expect(typing({ type: 'On', durationMs: 3000 })).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 3000 } });
    expect(typing({ type: 'On', duration: '7000' })).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 7000 } });
    expect(typing({ type: 'On' })).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 5000 } });
    expect(typing({ type: 'On', duration: 'soon' })).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 5000 } });
    expect(typing({ type: 'On', duration: 1e12 })).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 60000 } });
    expect(typing({ type: 'On', duration: -5 })).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 0 } });
    expect(typing(null)).to.deep.equal({ eventType: 'Typing', typing: { type: 'On', durationMs: 5000 } });
  });

  it('§3.3a(e) presence Disconnect with readOnly metadata', () => {
    const m = message(presenceDisconnect);
    expect(m.events).to.deep.equal([{ eventType: 'Presence', presence: { type: 'Disconnect' } }]);
    expect(m.metadata.readOnly).to.equal('true');
    expect(m.time).to.equal(Date.UTC(2026, 0, 10, 9, 40));
  });

  it('§3.3a(e) unknown event types are kept by name; malformed presence skipped', () => {
    const m = message(
      structured(
        outbound({
          type: 'Event',
          events: [{ eventType: 'CoBrowse', coBrowse: {} }, { eventType: 'Presence', presence: {} }, { eventType: 7 }, null],
        }),
      ),
    );
    expect(m.events).to.deep.equal([{ eventType: 'Unknown', original: 'CoBrowse' }]);
  });

  it('§3.3a(f) quick replies', () => {
    const m = message(quickReplies);
    expect(m.originatingEntity).to.equal('Bot');
    expect(m.text).to.equal('What would you like to do?');
    expect(m.content).to.deep.equal([
      { contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK_ORDER' } },
      {
        contentType: 'QuickReply',
        quickReply: { text: 'Talk to a person', payload: 'AGENT', image: 'https://cdn.example.com/icon.png' },
      },
    ]);
  });

  it('§3.3a(f) card and carousel', () => {
    const m = message(structured(outbound({ content: [cardItem, { contentType: 'Carousel', carousel: { cards: [cardItem.card, cardItem.card] } }] })));
    expect(m.content).to.deep.equal([
      { contentType: 'Card', card: decodedCard },
      { contentType: 'Carousel', carousel: { cards: [decodedCard, decodedCard] } },
    ]);
  });

  it('§3.3a(f) DatePicker, ListPicker and other types come back as Unknown', () => {
    const m = message(structured(outbound({ content: [datePickerItem, listPickerItem, { contentType: 'Form', form: {} }] })));
    expect(m.content).to.deep.equal([
      { contentType: 'Unknown', original: 'DatePicker' },
      { contentType: 'Unknown', original: 'ListPicker' },
      { contentType: 'Unknown', original: 'Form' },
    ]);
  });

  it('§3.3a(f) outbound ButtonResponse', () => {
    const m = message(
      structured(
        outbound({
          content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Yes', payload: 'YES' } }],
        }),
      ),
    );
    expect(m.content).to.deep.equal([
      { contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Yes', payload: 'YES' } },
    ]);
  });

  it('§3.3a(g) attachment', () => {
    const m = message(structured(outbound({ type: 'Text', content: [attachmentItem] })));
    expect(m.content).to.deep.equal([
      {
        contentType: 'Attachment',
        attachment: {
          id: '9f1e2d3c-4b5a-4968-8776-655443322110',
          filename: 'receipt.png',
          mime: 'image/png',
          mediaType: 'Image',
          url: 'https://api.mypurecloud.com/api/v2/downloads/9f1e2d3c',
          fileSize: 30211,
        },
      },
    ]);
  });

  it('§4.2 a Receipt message keeps its status', () => {
    const m = message(structured({ id: '5bd2e0a9c3f84e1aa07d91b6c2e4f380', type: 'Receipt', direction: 'Outbound', status: 'Read' }));
    expect(m.type).to.equal('Receipt');
    expect(m.status).to.equal('Read');
  });

  it('§3.4 lifecycle events', () => {
    expect(decode(lifecycle[0])).to.deep.equal({ kind: 'session-expired' });
    expect(decode(lifecycle[1])).to.deep.equal({ kind: 'session-cleared' });
    expect(decode(lifecycle[2])).to.deep.equal({ kind: 'connection-closed' });
    expect(decode(lifecycle[3])).to.deep.equal({ kind: 'connection-closed', reason: 'signedIn' });
    expect(decode(lifecycle[4])).to.deep.equal({ kind: 'logout' });
  });

  it('§3.4 ConnectionClosedEvent: JSDK spelling reasonCode, and no body', () => {
    expect(decode({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reasonCode: 'signedIn' } })).to.deep.equal({
      kind: 'connection-closed',
      reason: 'signedIn',
    });
    expect(decode({ type: 'message', class: 'ConnectionClosedEvent', code: 200 })).to.deep.equal({ kind: 'connection-closed' });
  });

  it('§3.5 string errors', () => {
    const expected: [number, string][] = [
      [4011, 'Message length 5000 is larger than 4096'],
      [4013, 'Custom Attributes in channel metadata is larger than 2048 bytes'],
      [4006, 'session expired error message'],
      [4007, 'session not found error message'],
      [403, 'Turn on the Feature Toggle or fix the configuration.'],
      [400, 'Request failed.'],
      [401, 'User is unauthorized'],
      [5000, 'Request failed.'],
    ];
    stringErrors.forEach((raw, i) => {
      const frame = decodeAs(raw, 'error');
      const [code, text] = expected[i];
      const want: Record<string, unknown> = { kind: 'error', code, message: text, errorClass: 'string' };
      if (i === 0) want.tracingId = SEND_TRACE;
      expect(frame).to.deep.equal(want);
    });
  });

  it('§3.5 TooManyRequestsErrorMessage', () => {
    expect(decodeAs(tooManyRequests, 'error')).to.deep.equal({
      kind: 'error',
      code: 429,
      errorCode: 4029,
      message: 'Message rate too high for this session',
      retryAfter: 3,
      errorClass: 'TooManyRequestsErrorMessage',
    });
  });

  it('§3.5 TooManyRequests: tracingId at top level or in the body', () => {
    expect(decodeAs({ ...tooManyRequests, tracingId: SEND_TRACE }, 'error').tracingId).to.equal(SEND_TRACE);
    const inBody = { ...tooManyRequests, body: { ...tooManyRequests.body, tracingId: SEND_TRACE } };
    expect(decodeAs(inBody, 'error').tracingId).to.equal(SEND_TRACE);
  });

  it('§3.5 retryAfter only when a finite non-negative number', () => {
    const withRetry = (retryAfter: unknown) =>
      decodeAs({ ...tooManyRequests, body: { ...tooManyRequests.body, retryAfter } }, 'error').retryAfter;
    expect(withRetry(0)).to.equal(0);
    expect(withRetry(2.5)).to.equal(2.5);
    expect(withRetry(-1)).to.equal(undefined);
    expect(withRetry('soon')).to.equal(undefined);
    expect(withRetry(null)).to.equal(undefined);
    expect(withRetry({})).to.equal(undefined);
  });

  it('§3.5 retryAfter is capped at MAX_RETRY_AFTER_S (a huge value would stop sending for good)', () => {
    const withRetry = (retryAfter: unknown) =>
      decodeAs({ ...tooManyRequests, body: { ...tooManyRequests.body, retryAfter } }, 'error').retryAfter;
    expect(withRetry(MAX_RETRY_AFTER_S)).to.equal(MAX_RETRY_AFTER_S);
    expect(withRetry(1e9)).to.equal(MAX_RETRY_AFTER_S);
    expect(withRetry(1e308)).to.equal(MAX_RETRY_AFTER_S);
    expect(withRetry('86400')).to.equal(MAX_RETRY_AFTER_S);
    expect(decodeAs('{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":1e400}}', 'error').retryAfter).to.equal(undefined);
  });

  it('§3.5 GenerateUrlError, both the docs form (400) and the MT fixture form (200)', () => {
    const want = {
      kind: 'error',
      tracingId: TRACE,
      code: 400,
      errorCode: 4001,
      message: 'File type image/tiff not supported',
      errorClass: 'GenerateUrlError',
      attachmentId: '0b6f2d1c-58a4-4c61-9e0b-4f7d2a1b3e91',
    };
    expect(decodeAs(generateUrlError, 'error')).to.deep.equal(want);
    expect(decodeAs({ ...generateUrlError, type: 'message', code: 200 }, 'error')).to.deep.equal({ ...want, code: 200 });
  });

  it('§3.1 class Error and body.message', () => {
    expect(decodeAs({ type: 'response', class: 'Error', code: 500, body: { message: 'boom' } }, 'error')).to.deep.equal({
      kind: 'error',
      code: 500,
      message: 'boom',
      errorClass: 'Error',
    });
  });

  it('§3.1 any non-2xx code is an error, whatever the class', () => {
    const frame = decodeAs({ type: 'response', class: 'SessionResponse', code: 4007, body: 'session not found' }, 'error');
    expect(frame).to.deep.equal({ kind: 'error', code: 4007, message: 'session not found', errorClass: 'SessionResponse' });
    expect(decodeAs({ class: 'SomeNewError', code: 409, body: 'read only' }, 'error').code).to.equal(409);
    expect(decode({ ...sessionResponse, code: 204 }).kind).to.equal('session');
  });

  it('§3.1 dispatches on class, not type', () => {
    expect(decode({ ...outboundText, type: 'response' }).kind).to.equal('message');
    expect(decode({ ...sessionResponse, type: 'message' }).kind).to.equal('session');
    expect(decode({ ...sessionResponse, type: undefined }).kind).to.equal('session');
  });

  it('unknown classes are refused with a reason naming them (clipped)', () => {
    expect(rejected('{"class":"BrandNewThing","code":200,"body":{}}')).to.contain('BrandNewThing');
    const long = 'X'.repeat(500);
    const reason = rejected(JSON.stringify({ class: long, code: 200 }));
    expect(reason).to.contain('X'.repeat(60));
    expect(reason).to.not.contain('X'.repeat(61));
  });
});

describe('decodeHistoryPage (§6.1)', () => {
  it('decodes the example page, newest first as given', () => {
    const page = decodeHistoryPage(historyPage);
    expect(page).to.deep.equal({
      messages: [
        {
          id: '5befde6373a23f32f20b59b4e1cba0e6',
          type: 'Text',
          direction: 'Outbound',
          text: 'Welcome!',
          time: Date.UTC(2026, 0, 10, 9, 14, 40),
          content: [],
          events: [],
          metadata: {},
          originatingEntity: 'Bot',
        },
        {
          id: '46e7001c24abed05e9bcd1a006eb54b7',
          type: 'Event',
          direction: 'Inbound',
          time: Date.UTC(2026, 0, 10, 9, 14, 39),
          content: [],
          events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
          metadata: {},
          originatingEntity: 'Human',
        },
      ],
      pageNumber: 1,
      pageCount: 1,
      total: 2,
    });
  });

  it('skips invalid entities instead of failing', () => {
    const page = decodeHistoryPage({
      ...historyPage,
      entities: [null, 5, 'x', [], { id: '' }, { id: 'a', direction: 'Sideways', type: 'Text' }, ...historyPage.entities],
    });
    expect(page?.messages.map((m) => m.id)).to.deep.equal([
      '5befde6373a23f32f20b59b4e1cba0e6',
      '46e7001c24abed05e9bcd1a006eb54b7',
    ]);
  });

  it('refuses non-pages; defaults missing paging fields', () => {
    for (const bad of [undefined, null, 'x', 1, [], {}, { entities: {} }, { entities: 'x' }]) {
      expect(decodeHistoryPage(bad)).to.equal(undefined);
    }
    expect(decodeHistoryPage({ entities: [] })).to.deep.equal({ messages: [], pageNumber: 1, pageCount: 1 });
    expect(decodeHistoryPage({ entities: [], pageNumber: '2', pageCount: 'many', total: -3 })).to.deep.equal({
      messages: [],
      pageNumber: 2,
      pageCount: 2,
    });
  });
});

// ------------------------------------------------------------------ hostile input

describe('decodeServerFrame: hostile input', () => {
  it('refuses non-text data', () => {
    for (const raw of [undefined, null, 0, true, {}, [], new ArrayBuffer(8), new Blob(['{}']), () => 1, Symbol('x')]) {
      expect(rejected(raw)).to.be.a('string');
    }
  });

  it('refuses broken JSON and non-object JSON', () => {
    for (const raw of ['', ' ', '{', '{"class":', 'null', '1', '"SessionResponse"', '[]', '[{"class":"SessionResponse"}]', 'undefined', '{class:"x"}']) {
      expect(decodeServerFrame(raw).ok, raw).to.equal(false);
    }
  });

  it('refuses frames without a string class', () => {
    for (const cls of [undefined, null, 1, true, {}, ['SessionResponse']]) {
      expect(rejected(JSON.stringify({ ...sessionResponse, class: cls }))).to.equal('frame has no class');
    }
  });

  it('refuses text over 2,000,000 characters before parsing, with a reason', () => {
    const huge = `{"class":"SessionResponse","code":200,"body":{"connected":true},"pad":"${'a'.repeat(2_000_001)}"}`;
    expect(rejected(huge)).to.match(/too large/);
  });

  it('survives 10,000-deep nesting anywhere', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const deepObj = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const raw of [
      deep,
      deepObj,
      `{"class":"StructuredMessage","code":200,"body":${deep}}`,
      `{"class":"StructuredMessage","code":200,"body":{"id":"x","type":"Text","direction":"Outbound","content":${deep},"events":${deep},"metadata":${deepObj},"channel":${deepObj}}}`,
      `{"class":"string","code":400,"body":${deepObj}}`,
    ]) {
      const result = decodeServerFrame(raw);
      expect(result.ok).to.be.a('boolean');
    }
    const m = message(`{"class":"StructuredMessage","code":200,"body":{"id":"x","type":"Text","direction":"Outbound","text":"ok","content":${deep},"metadata":${deepObj}}}`);
    expect(m.content).to.deep.equal([]);
    expect(m.metadata).to.deep.equal({});
  });

  it('does not let __proto__ / constructor keys pollute anything', () => {
    const raw = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},
      "type":"message","class":"StructuredMessage","code":200,
      "body":{"__proto__":{"polluted":"yes"},"id":"m1","type":"Text","direction":"Outbound","text":"hi",
        "channel":{"__proto__":{"polluted":"yes"},"from":{"__proto__":{"polluted":"yes"},"nickname":"A"}},
        "metadata":{"__proto__":{"polluted":"yes"},"constructor":"x","prototype":"y","ok":"1"},
        "content":[{"contentType":"QuickReply","quickReply":{"__proto__":{"polluted":"yes"},"text":"a","payload":"b"}}]}}`;
    const frame = decodeAs(raw, 'message');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect((Object.prototype as Record<string, unknown>).polluted).to.equal(undefined);
    expect(frame.message.metadata).to.deep.equal({ ok: '1' });
    expect(Object.getPrototypeOf(frame.message.metadata)).to.equal(Object.prototype);
    expect(Object.getPrototypeOf(frame.message)).to.equal(Object.prototype);
    expect(Object.getPrototypeOf(frame.message.from)).to.equal(Object.prototype);
    expect((frame.message as unknown as Record<string, unknown>).polluted).to.equal(undefined);
    expect((frame as unknown as Record<string, unknown>).polluted).to.equal(undefined);

    decode(`{"__proto__":{"polluted":"yes"},"class":"SessionResponse","code":200,"body":{"__proto__":{"polluted":"yes"},"connected":true}}`);
    decode(`{"class":"string","code":400,"body":{"__proto__":{"polluted":"yes"},"errorMessage":"x"}}`);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('null, array or primitive bodies', () => {
    for (const cls of ['SessionResponse', 'StructuredMessage', 'JwtResponse']) {
      for (const body of [null, [], 'x', 5, true]) {
        expect(decodeServerFrame(JSON.stringify({ type: 'response', class: cls, code: 200, body })).ok, `${cls} ${JSON.stringify(body)}`).to.equal(false);
      }
    }
    // Lifecycle events ignore their body.
    expect(decode({ class: 'SessionExpiredEvent', code: 200, body: null })).to.deep.equal({ kind: 'session-expired' });
    expect(decode({ class: 'ConnectionClosedEvent', code: 200, body: ['signedIn'] })).to.deep.equal({ kind: 'connection-closed' });
    // An error body of any shape still yields an error.
    for (const body of [null, [], 5, { errorMessage: 5 }]) {
      expect(decodeAs({ class: 'string', code: 400, body }, 'error')).to.deep.equal({ kind: 'error', code: 400, message: '', errorClass: 'string' });
    }
  });

  it('each required message field of the wrong type refuses the message', () => {
    const good = outboundText.body as Record<string, unknown>;
    for (const [field, values] of Object.entries({
      id: [undefined, null, '', 5, {}, [], 'x'.repeat(513)],
      direction: [undefined, null, 'inbound', 'Both', 1, {}],
      type: [undefined, null, 5, {}, []],
    })) {
      for (const v of values) {
        expect(decodeWireMessage({ ...good, [field]: v }), `${field}=${JSON.stringify(v)}`).to.equal(undefined);
      }
    }
    expect(decodeWireMessage({ ...good, id: 'x'.repeat(512) })?.id).to.have.length(512);
  });

  it('optional message fields of the wrong type are dropped, not fatal', () => {
    const good = outboundText.body as Record<string, unknown>;
    for (const v of [null, 5, {}, [], true]) {
      const m = decodeWireMessage({
        ...good,
        text: v,
        channel: v,
        content: v,
        events: v,
        metadata: v,
        originatingEntity: v,
        status: v,
      });
      expect(m).to.deep.equal({
        id: good.id,
        type: 'Text',
        direction: 'Outbound',
        content: [],
        events: [],
        metadata: {},
      });
    }
  });

  it('channel fields of the wrong type are dropped one by one', () => {
    const m = decodeWireMessage(
      outbound({
        channel: { time: 12345, messageId: 5, from: { nickname: 1, firstName: 'Ann', lastName: null, image: 'javascript:alert(1)' } },
      }),
    );
    expect(m).to.not.have.property('time');
    expect(m).to.not.have.property('channelMessageId');
    expect(m?.from).to.deep.equal({ firstName: 'Ann' });
    for (const time of ['yesterday', 'Tue Jan 10 2026', '2026-13-45T99:99:99Z', '', '1']) {
      expect(decodeWireMessage(outbound({ channel: { time } })), time).to.not.have.property('time');
    }
  });

  it('metadata: strings kept, numbers and booleans stringified, the rest dropped', () => {
    const m = decodeWireMessage(outbound({ metadata: { a: 'x', b: 5, c: true, d: null, e: {}, f: [], g: NaN, h: 1.5 } }));
    expect(m?.metadata).to.deep.equal({ a: 'x', b: '5', c: 'true', h: '1.5' });
  });

  it('numbers as strings: accepted for numbers, not for text', () => {
    expect(decodeAs({ ...sessionResponse, code: '200', body: { connected: 'true', newSession: 'false', maxCustomDataBytes: '2048', expirationDate: 'soon' } }, 'session').session).to.deep.equal({
      connected: true,
      newSession: false,
      readOnly: false,
      maxCustomDataBytes: 2048,
    });
    expect(decodeAs({ class: 'string', code: '4011', body: 'too long' }, 'error').code).to.equal(4011);
    expect(decodeAs({ ...tooManyRequests, body: { ...tooManyRequests.body, retryAfter: '3', errorCode: '4029' } }, 'error')).to.include({
      retryAfter: 3,
      errorCode: 4029,
    });
    expect(rejected(JSON.stringify({ ...jwtResponse, body: { jwt: 123, exp: 1 } }))).to.match(/JwtResponse/);
    expect(decodeAs({ ...jwtResponse, body: { jwt: 'j', exp: '1767225600' } }, 'jwt').exp).to.equal(1767225600);
    expect(rejected(JSON.stringify({ ...jwtResponse, body: { jwt: 'j' } }))).to.match(/JwtResponse/);
    expect(decodeWireMessage(outbound({ id: 12345 }))).to.equal(undefined);
    expect(decodeWireMessage(outbound({ text: 12345 }))).to.not.have.property('text');
  });

  it('a tracingId that is not a short non-empty string is ignored', () => {
    for (const tracingId of [5, null, {}, [], '', 'x'.repeat(513)]) {
      expect(decode({ ...sessionResponse, tracingId })).to.not.have.property('tracingId');
    }
  });

  it('1 MB strings: text clipped to 100,000, names to 256, ids refused', () => {
    const mb = 'a'.repeat(1_000_000);
    expect(message(structured(outbound({ text: mb }))).text).to.have.length(100_000);
    expect(message(structured(outbound({ channel: { from: { nickname: mb } } }))).from?.nickname).to.have.length(256);
    expect(message(structured(outbound({ channel: { from: { lastName: mb } } }))).from?.lastName).to.have.length(256);
    expect(message(structured(outbound({ metadata: { big: mb } }))).metadata.big.length).to.be.at.most(4096);
    const qr = message(structured(outbound({ content: [{ contentType: 'QuickReply', quickReply: { text: mb, payload: 'p' } }] })));
    expect(qr.content[0].contentType === 'QuickReply' && qr.content[0].quickReply.text).to.have.length(100_000);
    expect(decodeServerFrame(JSON.stringify(structured(outbound({ id: mb })))).ok).to.equal(false);
    const err = decodeAs({ class: 'string', code: 400, body: mb }, 'error');
    expect(err.message.length).to.be.at.most(2000);
    const reason = rejected(JSON.stringify({ class: mb, code: 200 }));
    expect(reason.length).to.be.below(200);
  });

  it('clipping never splits a surrogate pair', () => {
    const text = 'a'.repeat(99_999) + '😀' + 'b';
    const m = message(structured(outbound({ text })));
    expect(m.text).to.equal('a'.repeat(99_999));
  });

  it('arrays are capped at 100 items', () => {
    const qr = { contentType: 'QuickReply', quickReply: { text: 't', payload: 'p' } };
    const m = message(structured(outbound({ content: Array(500).fill(qr), events: Array(500).fill({ eventType: 'Presence', presence: { type: 'Join' } }) })));
    expect(m.content).to.have.length(100);
    expect(m.events).to.have.length(100);
    const actions = Array(500).fill({ type: 'Postback', text: 'a', payload: 'b' });
    const card = message(structured(outbound({ content: [{ contentType: 'Card', card: { title: 't', actions } }] }))).content[0];
    expect(card.contentType === 'Card' && card.card.actions).to.have.length(100);
  });

  it('javascript:, data:, vbscript: URLs are dropped from cards, attachments, quick replies and avatars', () => {
    const bad = [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative/path',
      5,
      null,
      {},
    ];
    for (const url of bad) {
      const label = String(url);
      const m = message(
        structured(
          outbound({
            channel: { from: { nickname: 'A', image: url } },
            content: [
              { contentType: 'QuickReply', quickReply: { text: 'q', payload: 'p', image: url } },
              {
                contentType: 'Card',
                card: {
                  title: 't',
                  image: url,
                  defaultAction: { type: 'Link', url },
                  actions: [
                    { type: 'Link', text: 'Open', url },
                    { type: 'Postback', text: 'Buy', payload: 'BUY' },
                  ],
                },
              },
              { contentType: 'Carousel', carousel: { cards: [{ title: 'c', image: url, actions: [{ type: 'Link', text: 'x', url }] }] } },
              { contentType: 'Attachment', attachment: { id: 'att1', filename: 'f.png', url } },
            ],
          }),
        ),
      );
      expect(m.from, label).to.deep.equal({ nickname: 'A' });
      expect(m.content, label).to.deep.equal([
        { contentType: 'QuickReply', quickReply: { text: 'q', payload: 'p' } },
        { contentType: 'Card', card: { title: 't', actions: [{ type: 'Postback', text: 'Buy', payload: 'BUY' }] } },
        { contentType: 'Carousel', carousel: { cards: [{ title: 'c', actions: [] }] } },
        { contentType: 'Attachment', attachment: { id: 'att1', filename: 'f.png' } },
      ]);
    }
  });

  it('card links may be mailto:/tel:, images and avatars may be data:image, each only where it fits', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const m = message(
      structured(
        outbound({
          channel: { from: { nickname: 'A', image: png } },
          content: [
            {
              contentType: 'Card',
              card: {
                title: 't',
                image: png,
                defaultAction: { type: 'Link', url: png },
                actions: [
                  { type: 'Link', text: 'Mail', url: 'mailto:help@example.com' },
                  { type: 'Link', text: 'Call', url: 'tel:+15550100' },
                  { type: 'Link', text: 'Pic', url: png },
                ],
              },
            },
            { contentType: 'QuickReply', quickReply: { text: 'q', payload: 'p', image: 'mailto:help@example.com' } },
          ],
        }),
      ),
    );
    expect(m.from).to.deep.equal({ nickname: 'A', image: png });
    expect(m.content).to.deep.equal([
      {
        contentType: 'Card',
        card: {
          title: 't',
          image: png,
          actions: [
            { type: 'Link', text: 'Mail', url: 'mailto:help@example.com' },
            { type: 'Link', text: 'Call', url: 'tel:+15550100' },
          ],
        },
      },
      { contentType: 'QuickReply', quickReply: { text: 'q', payload: 'p' } },
    ]);
  });

  it('HTML in text is kept verbatim as a string (the renderer escapes it)', () => {
    const html = '<img src=x onerror=alert(1)><script>alert(1)</script>&amp;';
    const m = message(
      structured(
        outbound({
          text: html,
          channel: { from: { nickname: html } },
          content: [{ contentType: 'QuickReply', quickReply: { text: html, payload: html } }],
        }),
      ),
    );
    expect(m.text).to.equal(html);
    expect(m.from?.nickname).to.equal(html.slice(0, 256));
    expect(m.content[0]).to.deep.equal({ contentType: 'QuickReply', quickReply: { text: html, payload: html } });
  });

  it('malformed content items are skipped, unknown ones kept by name', () => {
    const m = message(
      structured(
        outbound({
          content: [
            null,
            5,
            'QuickReply',
            [],
            {},
            { contentType: 5 },
            { contentType: 'QuickReply' },
            { contentType: 'QuickReply', quickReply: [] },
            { contentType: 'QuickReply', quickReply: { text: 5, payload: 'p' } },
            { contentType: 'QuickReply', quickReply: { text: 'no payload' } },
            { contentType: 'ButtonResponse', buttonResponse: 'x' },
            { contentType: 'Card', card: null },
            { contentType: 'Card', card: { title: 5, actions: 'x', defaultAction: [] } },
            { contentType: 'Carousel', carousel: { cards: 'x' } },
            { contentType: 'Carousel', carousel: [] },
            { contentType: 'Attachment', attachment: { filename: 'no id' } },
            { contentType: 'Card', card: { title: 'acts', actions: [null, { type: 'Other', text: 'x' }, { type: 'Postback' }, { type: 'Link', text: 'no url' }] } },
            { contentType: 'RichLink', richLink: {} },
          ],
        }),
      ),
    );
    expect(m.content).to.deep.equal([
      { contentType: 'QuickReply', quickReply: { text: 'no payload', payload: 'no payload' } },
      { contentType: 'Card', card: { title: '', actions: [] } },
      { contentType: 'Card', card: { title: 'acts', actions: [] } },
      { contentType: 'Unknown', original: 'RichLink' },
    ]);
  });

  it('decodeWireMessage and decodeHistoryPage never throw, even on exotic objects', () => {
    const trap = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
    const getter = Object.defineProperty({ id: 'x', type: 'Text', direction: 'Outbound' }, 'text', {
      enumerable: true,
      get: () => { throw new Error('getter'); },
    });
    expect(decodeWireMessage(trap)).to.equal(undefined);
    expect(decodeWireMessage(getter)).to.equal(undefined);
    expect(decodeHistoryPage(trap)).to.equal(undefined);
    expect(decodeHistoryPage({ entities: [getter, historyPage.entities[0]] })?.messages).to.have.length(1);
  });

  it('results are fresh objects: mutating the input afterwards changes nothing', () => {
    const body = JSON.parse(JSON.stringify(quickReplies.body));
    const m = decodeWireMessage(body)!;
    body.content[0].quickReply.text = 'changed';
    body.metadata = { x: 'y' };
    expect(m.content[0]).to.deep.equal({ contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK_ORDER' } });
  });
});

/** The decoder's URL check now lives in src/safe-url.ts (test/safe-url.test.ts has the full table). */
const safeHttpUrl = (v: unknown) => safeUrl(v, 'link');

describe('safeUrl (links), as the decoder uses it', () => {
  it('accepts absolute http(s) URLs and normalises them', () => {
    expect(safeHttpUrl('https://example.com')).to.equal('https://example.com/');
    expect(safeHttpUrl('HTTPS://Example.COM:443/%20x')).to.equal('https://example.com/%20x');
    expect(safeHttpUrl('  https://Example.COM/a?b=c#d  ')).to.equal('https://example.com/a?b=c#d');
    expect(safeHttpUrl('http://localhost:8080/x')).to.equal('http://localhost:8080/x');
  });

  it('refuses everything else', () => {
    for (const v of [
      undefined,
      null,
      5,
      {},
      '',
      '   ',
      'javascript:alert(1)',
      'https://example.com/a b',
      'jAvAsCrIpT:alert(1)',
      'java\tscript:alert(1)',
      'java\u0000script:alert(1)',
      'https://exa\nmple.com',
      'https://exa\u2028mple.com/',
      'https://example.com/\u00a0x',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox',
      'ftp://example.com',
      'ws://example.com',
      'example.com',
      '//example.com',
      'https://user:pw@example.com/',
      'https://a.example@evil.example/',
      'https://' + 'a'.repeat(9000) + '.com',
    ]) {
      expect(safeHttpUrl(v), JSON.stringify(v)).to.equal(undefined);
    }
  });
});

// ------------------------------------------------------------------ fuzz


describe('decodeServerFrame: seeded fuzz', () => {
  it('never throws and always returns {ok:boolean} over 2,000 mutated frames', () => {
    const rand = mulberry32(0x5eed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const nasty: unknown[] = [
      null,
      true,
      false,
      0,
      -1,
      1e308,
      -0,
      '',
      'x',
      '__proto__',
      'javascript:alert(1)',
      '<script>alert(1)</script>',
      '2026-01-10T09:14:55.120Z',
      '\u0000\ud800',
      [],
      {},
      [null],
      JSON.parse('{"__proto__":{"polluted":1}}'),
      'Typing',
      'Presence',
      'QuickReply',
      'Card',
      'Carousel',
      'Attachment',
      'ButtonResponse',
      'Link',
      'Postback',
      'Inbound',
      'Outbound',
      'StructuredMessage',
      'SessionResponse',
      'string',
      429,
      4011,
      '4029',
    ];

    /** Every object and array inside `v`, including itself. */
    const containers = (v: unknown, out: (Record<string, unknown> | unknown[])[] = []) => {
      if (v !== null && typeof v === 'object') {
        out.push(v as Record<string, unknown>);
        for (const child of Object.values(v)) containers(child, out);
      }
      return out;
    };

    function mutate(seed: unknown): string {
      const root = JSON.parse(JSON.stringify(seed));
      const rounds = 1 + Math.floor(rand() * 4);
      for (let r = 0; r < rounds; r++) {
        const target = pick(containers(root));
        const keys = Object.keys(target);
        const key = keys.length && rand() < 0.8 ? pick(keys) : pick(['class', 'code', 'body', 'id', 'x', '__proto__']);
        const op = rand();
        const t = target as Record<string, unknown>;
        // defineProperty, so that a `__proto__` key becomes an own key (as JSON.parse makes it).
        const set = (v: unknown) =>
          Object.defineProperty(t, key, { value: v, enumerable: true, writable: true, configurable: true });
        if (op < 0.5) set(structuredClone(pick(nasty)));
        else if (op < 0.65) delete t[key];
        else if (op < 0.8) set([t[key], structuredClone(t[key])]);
        else if (op < 0.9) set({ [key]: t[key] });
        else set(String(t[key]));
      }
      let text = JSON.stringify(root);
      const tail = rand();
      if (tail < 0.05) text = text.slice(0, Math.floor(rand() * text.length));
      else if (tail < 0.1) {
        const at = Math.floor(rand() * text.length);
        text = text.slice(0, at) + pick(['"', '{', ']', '\\', ',', '\u0000']) + text.slice(at);
      }
      return text;
    }

    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 2000; i++) {
      const raw = mutate(pick(ALL_FRAMES));
      let result: DecodeResult;
      try {
        result = decodeServerFrame(raw);
      } catch (e) {
        throw new Error(`threw on ${raw}: ${String(e)}`);
      }
      expect(result.ok, raw).to.be.a('boolean');
      if (result.ok) {
        counts.ok++;
        expect(result.frame.kind).to.be.a('string');
        // Whatever survives stays serialisable and safe.
        JSON.stringify(result.frame);
      } else {
        counts.rejected++;
        expect(result.reason).to.be.a('string');
      }
    }
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    // The mutations exercise both outcomes.
    expect(counts.ok).to.be.above(100);
    expect(counts.rejected).to.be.above(100);
  });
});
