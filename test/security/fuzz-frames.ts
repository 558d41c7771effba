/**
 * A seeded generator of hostile server frames for the fuzz test (test/security/fuzz.test.ts).
 * Same seed, same frames: every run is repeatable and a failure can be replayed by index.
 *
 * Frames are raw WebSocket text. Most start from a valid-looking frame of one of the server
 * classes of the guest protocol (docs/protocol.md §3) and are then broken:
 * wrong types in any field, missing fields, unknown classes, 1 MB strings, 5,000-deep
 * nesting, 100,000-item arrays, numbers for strings and strings for numbers,
 * prototype-pollution keys, tricky values of the right type, text-level corruption of
 * real frames, and plainly broken JSON.
 */
import { HEALTH_CHECK_TRACING_ID } from '../../src/protocol/encode.js';
import { mulberry32 } from '../helpers/prng.js';

// ------------------------------------------------------------------ PRNG

/** Seeded choices for the fuzzer (mulberry32 underneath). */
export class Rand {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((s, [w]) => s + w, 0);
    let x = this.next() * total;
    for (const [w, v] of entries) if ((x -= w) < 0) return v;
    return entries[entries.length - 1]![1];
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

// ------------------------------------------------------------------ raw JSON fragments

/** A JSON fragment spliced verbatim into the serialised frame (deep nesting, huge arrays, 1e400). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON.stringify that splices `Raw` fragments in. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const json =
    JSON.stringify(value, (_key, v: unknown) => (v instanceof Raw ? `\u0000RAW${raws.push(v.text) - 1}\u0000` : v)) ?? 'null';
  return raws.length ? json.replace(/"\\u0000RAW(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!) : json;
}

const MB = 1 << 20;
/** 1 MB strings, built once. */
const BIG_STRINGS: readonly string[] = [
  'A'.repeat(MB),
  '<img src=x onerror=__gcxFuzz()>'.repeat(MB / 32),
  '\u{1F4A5}'.repeat(MB / 2), // surrogate pairs
  'é\u0301\u202e'.repeat(MB / 3), // combining marks, RTL override
  ' '.repeat(MB),
  'https://127.0.0.1:9/'.padEnd(MB, 'a'),
];

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + 'null' + '}'.repeat(n);
const deepMixed = (n: number) => '[{"contentType":'.repeat(n) + '1' + '}]'.repeat(n);
const DEEP: readonly (() => string)[] = [() => deepArray(5000), () => deepObject(5000), () => deepMixed(5000), () => deepArray(50_000)];

function hugeArray(r: Rand, item?: unknown): string {
  const n = r.pick([10_000, 50_000, 100_000]);
  const one = item === undefined ? r.pick(['0', 'null', '""', '{}', '[]', '"x"']) : toJson(item);
  // Keep the frame below the decoder's 2,000,000-char limit most of the time (one sometimes exceeds it).
  const count = Math.max(1, Math.min(n, Math.floor(2_100_000 / (one.length + 1))));
  return `[${`${one},`.repeat(count - 1)}${one}]`;
}

// ------------------------------------------------------------------ values

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const TRICKY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  'x',
  '0',
  '-1',
  '1e3',
  '259200',
  ' 42 ',
  'NaN',
  'Infinity',
  'true',
  'false',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'Text',
  'Structured',
  'Event',
  'Receipt',
  'Message',
  'Inbound',
  'Outbound',
  'Typing',
  'Presence',
  'On',
  'Off',
  'Join',
  'Disconnect',
  'Clear',
  'Read',
  'Delivered',
  'Link',
  'Postback',
  'QuickReply',
  'Card',
  'Carousel',
  'Attachment',
  'ButtonResponse',
  'signedIn',
  'Bot',
  'Human',
  '2026-01-10T09:14:55.120Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00.000Z',
  '2026-13-45T99:99:99Z',
  '2026-01-10T09:14',
  '2026-01-10T09:14:55.120+99:99',
  '9999-12-31T23:59:59.999-23:59',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
  'https://127.0.0.1:9/avatar.png',
  'http://127.0.0.1:9/a b.png',
  'javascript:__gcxFuzz()',
  ' JaVaScRiPt:__gcxFuzz()',
  'java\tscript:__gcxFuzz()',
  'data:text/html,<script>__gcxFuzz()</script>',
  '//127.0.0.1:9/x',
  'https://user:pass@127.0.0.1:9/',
  '<script>__gcxFuzz()</script>',
  '<img src=x onerror=__gcxFuzz()>',
  '"><svg onload=__gcxFuzz()>',
  '<!--?lit$123$-->',
  '{{constructor.constructor("__gcxFuzz()")()}}',
  '${__gcxFuzz()}',
  '\u0000',
  '\ud800',
  'a\udc00b',
  '\ufeff',
  '\u202e\u2066',
  '\u{1F4A5}\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
  '%s%s%n%x',
  '../../etc/passwd',
  HEALTH_CHECK_TRACING_ID,
  'x'.repeat(512),
  'x'.repeat(513),
  'y'.repeat(2048),
  'z'.repeat(100_001),
];

const TRICKY_NUMBERS: readonly number[] = [
  0, -0, 1, -1, 0.5, 2, 3, 200, 204, 299, 300, 199, 400, 401, 403, 404, 408, 409, 429, 500, 503, 5000,
  4000, 4001, 4006, 4007, 4008, 4011, 4013, 4017, 4029, 1e9, -1e9, 1e21, 1e308, -1e308, 5e-324,
  2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 + 1, -(2 ** 53), 8.64e15, 8.64e15 + 1, 1791139139, 259200,
];

/** Number literals JSON.stringify cannot produce. */
const RAW_NUMBERS: readonly string[] = ['1e400', '-1e400', '1E+2', '-0', '0.0000001', '123456789012345678901234567890', '4.2e-400'];

export class Values {
  constructor(private readonly r: Rand) {}

  string(): string {
    const r = this.r;
    return r.weighted([
      [6, () => r.pick(TRICKY_STRINGS)],
      [2, () => r.hex(r.pick([1, 8, 32]))],
      [1, () => String.fromCharCode(...Array.from({ length: 1 + r.int(12) }, () => r.int(0x10000)))],
      [1, () => r.uuid()],
    ] as const)();
  }

  number(): number | Raw {
    const r = this.r;
    if (r.chance(0.1)) return new Raw(r.pick(RAW_NUMBERS));
    return r.chance(0.7) ? r.pick(TRICKY_NUMBERS) : (r.next() - 0.5) * 10 ** r.int(20);
  }

  /** Any JSON value, `depth` bounding ordinary nesting. */
  any(depth = 2): unknown {
    const r = this.r;
    const kinds: [number, () => unknown][] = [
      [4, () => this.string()],
      [3, () => this.number()],
      [1, () => r.chance(0.5)],
      [1, () => null],
      [1, () => (depth > 0 ? Array.from({ length: r.int(4) }, () => this.any(depth - 1)) : [])],
      [1, () => (depth > 0 ? this.object(depth - 1) : {})],
      [0.05, () => r.pick(BIG_STRINGS)],
      [0.05, () => new Raw(r.pick(DEEP)())],
      [0.05, () => new Raw(hugeArray(r))],
    ];
    return r.weighted(kinds)();
  }

  object(depth = 1): Record<string, unknown> {
    const r = this.r;
    const o: Record<string, unknown> = {};
    const n = r.int(5);
    for (let i = 0; i < n; i++) {
      const key = r.chance(0.15) ? r.pick(POLLUTION_KEYS) : this.string().slice(0, 40);
      define(o, key, this.any(depth));
    }
    return o;
  }

  /** A value of a different JSON type than `v`. */
  otherType(v: unknown): unknown {
    const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    for (;;) {
      const candidate = this.any(1);
      const t = candidate === null ? 'null' : Array.isArray(candidate) ? 'array' : candidate instanceof Raw ? 'raw' : typeof candidate;
      if (t !== type) return candidate;
    }
  }

  /** A tricky value of the same type as `v`. */
  sameType(v: unknown): unknown {
    const r = this.r;
    if (typeof v === 'string') return this.string();
    if (typeof v === 'number') return this.number();
    if (typeof v === 'boolean') return !v;
    if (Array.isArray(v)) return r.chance(0.5) ? [] : [...v, ...v];
    if (v && typeof v === 'object') return r.chance(0.5) ? {} : this.object();
    return null;
  }
}

/** Sets an own enumerable property, even for `__proto__` (so JSON.stringify writes it). */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

// ------------------------------------------------------------------ paths

type Path = (string | number)[];
type Node = Record<string, unknown> | unknown[];

function isNode(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !(v instanceof Raw);
}

function allPaths(root: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (!isNode(root)) return out;
  for (const key of Object.keys(root)) {
    const k: string | number = Array.isArray(root) ? Number(key) : key;
    const path = [...prefix, k];
    out.push(path);
    allPaths((root as Record<string, unknown>)[key], path, out);
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const k of path) cur = isNode(cur) ? (cur as Record<string, unknown>)[k as string] : undefined;
  return cur;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  if (isNode(parent)) define(parent as Record<string, unknown>, String(path[path.length - 1]), value);
}

function deleteAt(root: unknown, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  if (!isNode(parent)) return;
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key as string];
}

// ------------------------------------------------------------------ templates

/** What the harness knows about the conversation, so that frames can hit live ids. */
export interface FuzzContext {
  /** tracingIds of customer messages sent so far (pending ones included). */
  tracingIds(): readonly string[];
  /** ids of the messages the widget shows. */
  messageIds(): readonly string[];
  /** client ids (`metadata.id`) of customer messages sent so far. */
  clientIds(): readonly string[];
  now(): number;
}

type Frame = Record<string, unknown>;
type Template = (r: Rand, c: FuzzContext) => Frame;

const iso = (ms: number) => new Date(ms).toISOString();

function someId(r: Rand, c: FuzzContext): string {
  const live = r.weighted<() => readonly string[] | undefined>([
    [5, () => undefined],
    [2, () => c.messageIds()],
    [2, () => c.tracingIds()],
  ])();
  return live && live.length ? r.pick(live) : r.hex(32);
}

function tracing(r: Rand, c: FuzzContext): string | undefined {
  return r.weighted<() => string | undefined>([
    [3, () => undefined],
    [2, () => r.uuid()],
    [3, () => (c.tracingIds().length ? r.pick(c.tracingIds()) : r.uuid())],
    [0.3, () => HEALTH_CHECK_TRACING_ID],
  ])();
}

const structured = (body: Frame, extra: Frame = {}): Frame => ({ type: 'message', class: 'StructuredMessage', code: 200, ...extra, body });

function outbound(r: Rand, c: FuzzContext, fields: Frame): Frame {
  return {
    id: someId(r, c),
    type: 'Text',
    direction: 'Outbound',
    text: 'Hi Sam, how can I help?',
    channel: {
      time: iso(c.now() + r.int(10_000) - 5000),
      type: 'Private',
      messageId: r.uuid(),
      from: { nickname: 'Alex (Support)', firstName: 'Alex', lastName: 'Smith', image: 'https://127.0.0.1:9/avatar.png' },
    },
    originatingEntity: r.pick(['Human', 'Bot']),
    metadata: { correlationId: r.uuid() },
    ...fields,
  };
}

const card = (r: Rand) => ({
  title: 'Blue Runner 2',
  description: 'Size 42, in stock',
  image: 'https://127.0.0.1:9/shoe.jpg',
  defaultAction: { type: 'Link', url: 'https://127.0.0.1:9/p/123' },
  actions: [
    { type: 'Link', text: 'View', url: 'https://127.0.0.1:9/p/123' },
    { type: 'Postback', text: 'Buy now', payload: `BUY_${r.int(1000)}` },
  ],
});

const errorFrame = (cls: string, code: number, body: unknown, tracingId?: string): Frame => ({
  type: 'response',
  class: cls,
  code,
  body,
  ...(tracingId ? { tracingId } : {}),
});

/** The frame shapes of protocol §3, with their share of the fuzz (terminal ones are rare). */
export const TEMPLATES: readonly (readonly [number, string, Template])[] = [
  [6, 'session', (r) => ({
    type: 'response',
    class: 'SessionResponse',
    code: 200,
    tracingId: r.uuid(),
    body: {
      connected: true,
      newSession: r.chance(0.3),
      readOnly: r.chance(0.05),
      clearedExistingSession: false,
      maxCustomDataBytes: 2048,
      allowedMedia: { inbound: { fileTypes: [{ type: 'image/png' }, { type: 'image/jpeg' }], maxFileSizeKB: 10240 } },
      blockedExtensions: ['.ade', '.exe'],
      durationSeconds: 259200,
      expirationDate: 1791139139,
    },
  })],
  [14, 'agent-text', (r, c) => structured(outbound(r, c, {}))],
  [6, 'agent-quick-replies', (r, c) => structured(outbound(r, c, {
    type: 'Structured',
    text: 'What would you like to do?',
    content: [
      { contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK_ORDER', action: 'Message' } },
      { contentType: 'QuickReply', quickReply: { text: 'Talk to a person', payload: 'AGENT', action: 'Message', image: 'https://127.0.0.1:9/i.png' } },
    ],
  }))],
  [5, 'agent-card', (r, c) => structured(outbound(r, c, { type: 'Structured', text: '', content: [{ contentType: 'Card', card: card(r) }] }))],
  [4, 'agent-carousel', (r, c) => structured(outbound(r, c, {
    type: 'Structured',
    content: [{ contentType: 'Carousel', carousel: { cards: [card(r), card(r), card(r)] } }],
  }))],
  [4, 'agent-attachment', (r, c) => structured(outbound(r, c, {
    text: 'Here is your receipt',
    content: [{ contentType: 'Attachment', attachment: { id: r.hex(32), mediaType: 'Image', mime: 'image/png', filename: 'receipt.png', fileSize: 30211, url: 'https://127.0.0.1:9/dl/receipt.png' } }],
  }))],
  [3, 'agent-button-response', (r, c) => structured(outbound(r, c, {
    type: 'Structured',
    content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Yes', payload: 'YES' } }],
  }))],
  [3, 'agent-unknown-content', (r, c) => structured(outbound(r, c, {
    type: 'Structured',
    content: [
      { contentType: 'DatePicker', datePicker: { title: 'Pick a slot', availableTimes: [{ dateTime: iso(c.now()), duration: 3600 }] } },
      { contentType: 'ListPicker', listPicker: { id: 'lp-1', sections: [{ title: 'Veg', items: [{ id: 't1', title: 'Olives' }] }] } },
    ],
  }))],
  [8, 'inbound-echo', (r, c) => structured(
    {
      id: r.hex(32),
      type: r.pick(['Text', 'Structured']),
      direction: 'Inbound',
      text: 'Hi, I need help with my order',
      channel: { time: iso(c.now()), messageId: r.uuid() },
      originatingEntity: 'Human',
      metadata: { correlationId: r.uuid(), ...(c.clientIds().length && r.chance(0.5) ? { id: r.pick(c.clientIds()) } : {}) },
      ...(r.chance(0.3) ? { content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Track my order', payload: 'TRACK_ORDER' } }] } : {}),
    },
    { tracingId: tracing(r, c) },
  )],
  [2, 'echo-reply', (r, c) => structured(
    { id: r.hex(32), type: 'Text', direction: 'Inbound', text: 'ping', channel: { time: iso(c.now()), messageId: r.uuid() }, metadata: { durationSeconds: '259200', expirationDate: '1791139139' } },
    { type: 'response', tracingId: HEALTH_CHECK_TRACING_ID },
  )],
  [6, 'typing', (r, c) => structured({
    id: r.hex(32),
    type: 'Event',
    direction: r.chance(0.8) ? 'Outbound' : 'Inbound',
    channel: { time: iso(c.now()), messageId: r.uuid() },
    events: [{ eventType: 'Typing', typing: { type: 'On', [r.pick(['duration', 'durationMs'])]: r.pick([5000, 0, 60000]) } }],
  })],
  [3, 'presence', (r, c) => structured({
    id: r.hex(32),
    type: 'Event',
    direction: r.chance(0.8) ? 'Outbound' : 'Inbound',
    channel: { time: iso(c.now()), messageId: r.uuid() },
    metadata: { correlationId: r.uuid(), ...(r.chance(0.3) ? { readOnly: 'true' } : {}) },
    events: [{ eventType: 'Presence', presence: { type: r.pick(['Join', 'Disconnect', 'Clear', 'SignIn', 'SessionExpired']) } }],
  })],
  [5, 'receipt', (r, c) => structured({
    id: someId(r, c),
    type: 'Receipt',
    status: r.pick(['Delivered', 'Read', 'Failed']),
    direction: 'Outbound',
    channel: { time: iso(c.now()) },
  })],
  [2, 'jwt', (r) => ({ type: 'response', class: 'JwtResponse', code: 200, tracingId: r.uuid(), body: { jwt: `eyJ${r.hex(40)}`, exp: 1767225600 } })],
  [5, 'error-string', (r, c) => errorFrame('string', r.pick([4011, 4013, 403, 400, 401, 404, 408, 409, 500, 5000, 4000, 4008]), 'Request failed.', tracing(r, c))],
  [3, 'error-too-many', (r, c) => errorFrame('TooManyRequestsErrorMessage', 429, { retryAfter: r.pick([1, 3]), errorCode: 4029, errorMessage: 'Message rate too high for this session', ...(r.chance(0.3) ? { tracingId: tracing(r, c) } : {}) }, tracing(r, c))],
  [2, 'error-generate-url', (r, c) => errorFrame('GenerateUrlError', r.pick([400, 200]), { attachmentId: r.hex(32), errorCode: 4001, errorMessage: 'File type image/tiff not supported' }, tracing(r, c))],
  [2, 'error-object', (r, c) => errorFrame('Error', r.pick([400, 500]), { errorCode: 4000, message: 'Something failed', name: 'Error', stack: 'at x' }, tracing(r, c))],
  [0.5, 'error-session-gone', (r) => errorFrame('string', r.pick([4006, 4007]), 'session expired error message')],
  [0.5, 'session-expired', () => ({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} })],
  [0.5, 'session-cleared', () => ({ type: 'message', class: 'SessionClearedEvent', code: 200, body: {} })],
  [0.4, 'connection-closed', (r) => ({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: r.chance(0.5) ? { reason: 'signedIn' } : {} })],
  [0.2, 'logout', () => ({ type: 'message', class: 'LogoutEvent', code: 200, body: {} })],
  [1, 'presigned', (r) => ({ type: 'response', class: 'PresignedUrlResponse', code: 200, tracingId: r.uuid(), body: { attachmentId: r.hex(32), url: 'https://127.0.0.1:9/upload', headers: { 'x-amz-tagging': 'a=b' }, fileName: 'damage.png', fileSize: 48213, fileType: 'image/png' } })],
  [1, 'upload-events', (r) => ({ type: 'message', class: r.pick(['UploadSuccessEvent', 'UploadFailureEvent', 'AttachmentDeletedResponse']), code: 200, body: { attachmentId: r.hex(32), downloadUrl: 'https://127.0.0.1:9/dl', errorCode: 4003, errorMessage: 'File content is invalid', timestamp: iso(0) } })],
  // Attachments with hostile values: script and data URLs, odd headers, names and sizes.
  [1, 'upload-events-hostile', (r) => ({ type: 'message', class: r.pick(['UploadSuccessEvent', 'UploadFailureEvent']), code: 200, body: { attachmentId: r.pick([r.hex(32), '', 42, null]), downloadUrl: r.pick(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'https://user:pw@127.0.0.1:9/dl', 'https://127.0.0.1:9/dl']), errorCode: r.pick(['x', 1e300, -1, 4102]), errorMessage: '<img src=x onerror=alert(1)>', timestamp: r.pick(['x', 0]) } })],
  [1, 'presigned-hostile', (r) => ({ type: 'response', class: 'PresignedUrlResponse', code: 200, tracingId: r.uuid(), body: { attachmentId: r.pick([r.hex(32), '']), url: r.pick(['javascript:alert(1)', 'https://127.0.0.1:9/up', 'blob:https://x/y']), headers: r.pick([{}, { __proto__: 'x', 'x-amz-tagging': '<b>' }, 'x', null]), fileSize: r.pick([-1, 'big', 1e300]) } })],
  [1, 'attachment-content-hostile', (r, c) => structured({
    id: r.hex(32),
    type: 'Text',
    direction: r.chance(0.5) ? 'Outbound' : 'Inbound',
    channel: { time: iso(c.now()) },
    content: [{ contentType: 'Attachment', attachment: { id: r.pick([r.hex(8), '', {}]), mediaType: r.pick(['Image', 'File', '<svg onload=alert(1)>']), mime: 'image/svg+xml"><script>alert(1)</script>', filename: '<img src=x onerror=alert(1)>.png', url: r.pick(['javascript:alert(1)', 'https://127.0.0.1:9/f.png', 'data:image/svg+xml,<svg onload=alert(1)>']), fileSize: r.pick([1e21, -5, '12', 'NaN']) } }],
  })],
  [1, 'configuration', (r) => ({ type: 'response', class: r.pick(['GetConfigurationResponse', 'ResumeTokenResponse', 'Unknown']), code: 200, body: { maxCustomDataBytes: 2048, sessionDurationSeconds: 259200, resumeToken: r.uuid(), exp: 1 } })],
];

/** Real frames as captured from the service (protocol file §3, MT and OVO fixtures), as text. */
export const REAL_FRAMES: readonly string[] = [
  '{"type":"response","class":"SessionResponse","code":200,"body":{"connected":true,"newSession":true}}',
  '{"type":"response","class":"SessionResponse","code":200,"tracingId":"c2e0a8d4-0000-4000-8000-000000000001","body":{"connected":true,"newSession":true,"readOnly":false,"clearedExistingSession":false,"maxCustomDataBytes":2048,"allowedMedia":{"inbound":{"fileTypes":[{"type":"image/png"},{"type":"image/jpeg"}],"maxFileSizeKB":10240}},"blockedExtensions":[".ade",".adp",".bat",".exe"],"durationSeconds":259200,"expirationDate":1791139139}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"a41c09e7f1b24d6c9d3a5e0f8b7c6d21","type":"Text","direction":"Outbound","text":"Hi Sam, how can I help?","channel":{"time":"2026-01-10T09:14:55.120Z","type":"Private","from":{"nickname":"Alex (Support)","image":"https://127.0.0.1:9/avatar.png"}},"originatingEntity":"Human","metadata":{"correlationId":"6e2f"}}}',
  '{"type":"message","class":"StructuredMessage","code":200,"tracingId":"7d1e0000-0000-4000-8000-000000000002","body":{"id":"5bd2e0a9c3f84e1aa07d91b6c2e4f380","type":"Text","direction":"Inbound","text":"Hi, I need help with my order","channel":{"time":"2026-01-10T09:14:50.004Z","messageId":"2c7a9d4e-1b3f-4e5a-9c8d-7f6e5d4c3b2a"},"originatingEntity":"Human","metadata":{"correlationId":"6e2f"}}}',
  '{"type":"response","class":"StructuredMessage","code":200,"tracingId":"SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=","body":{"id":"e1f0","type":"Text","direction":"Inbound","text":"ping","channel":{"time":"2026-01-10T09:20:00.000Z","messageId":"m"},"metadata":{"durationSeconds":"259200","expirationDate":"1791139139"}}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"0f9e","type":"Event","direction":"Outbound","channel":{"time":"2026-01-10T09:14:53.300Z","messageId":"m"},"events":[{"eventType":"Typing","typing":{"type":"On","duration":5000}}]}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"d1","type":"Event","direction":"Outbound","channel":{"time":"2026-01-10T09:40:00.000Z","messageId":"m"},"metadata":{"correlationId":"c","readOnly":"true"},"events":[{"eventType":"Presence","presence":{"type":"Disconnect"}}]}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"s1","type":"Structured","direction":"Outbound","originatingEntity":"Bot","text":"What would you like to do?","channel":{"time":"2026-01-10T09:15:10.000Z","type":"Private"},"content":[{"contentType":"QuickReply","quickReply":{"text":"Track my order","payload":"TRACK_ORDER","action":"Message"}},{"contentType":"QuickReply","quickReply":{"text":"Talk to a person","payload":"AGENT","action":"Message","image":"https://127.0.0.1:9/icon.png"}}]}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"c1","type":"Structured","direction":"Outbound","channel":{"time":"2026-01-10T09:15:10.000Z"},"content":[{"contentType":"Card","card":{"title":"Blue Runner 2","description":"Size 42, in stock","image":"https://127.0.0.1:9/shoe.jpg","defaultAction":{"type":"Link","url":"https://127.0.0.1:9/p/123"},"actions":[{"type":"Link","text":"View","url":"https://127.0.0.1:9/p/123"},{"type":"Postback","text":"Buy now","payload":"BUY_123"}]}}]}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"att1","type":"Text","direction":"Outbound","channel":{"time":"2026-01-10T09:15:10.000Z"},"content":[{"contentType":"Attachment","attachment":{"id":"9f1e","mediaType":"Image","mime":"image/png","filename":"receipt.png","fileSize":30211,"url":"https://127.0.0.1:9/api/v2/downloads/x"}}]}}',
  '{"type":"response","class":"string","code":4011,"body":"Message length 5000 is larger than 4096","tracingId":"7d1e0000-0000-4000-8000-000000000002"}',
  '{"type":"response","class":"string","code":403,"body":"Turn on the Feature Toggle or fix the configuration."}',
  '{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":3,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}',
  '{"type":"response","class":"GenerateUrlError","code":400,"tracingId":"t","body":{"attachmentId":"0b6f","errorCode":4001,"errorMessage":"File type image/tiff not supported"}}',
  '{"type":"response","class":"JwtResponse","code":200,"tracingId":"t","body":{"jwt":"eyJhbGciOi","exp":1767225600}}',
  '{"type":"message","class":"UploadSuccessEvent","code":200,"body":{"attachmentId":"0b6f","downloadUrl":"https://127.0.0.1:9/dl","timestamp":"2026-01-10T09:15:02.411Z"}}',
  // The attachment frames of Genesys's own transport SDK tests (test/fixtures/real-frames.json).
  '{"type":"response","class":"PresignedUrlResponse","code":200,"body":{"attachmentId":"test_attachment_id","headers":{"x-amz-tagging":"abc"},"url":"https://downloadurl.png"}}',
  '{"type":"message","class":"GenerateUrlError","code":200,"body":{"attachmentId":"test_attachment_id","errorCode":4001,"errorMessage":"This is a generic error message for testing."}}',
  '{"type":"message","class":"UploadFailureEvent","code":200,"body":{"attachmentId":"test_attachment_id","errorCode":4001,"errorMessage":"This is a generic error message for testing.","timestamp":"2022-08-22T19:24:26.704Z"}}',
  '{"type":"message","class":"AttachmentDeletedResponse","code":200,"body":{"attachmentId":"attachment_id"}}',
  '{"type":"message","class":"StructuredMessage","code":200,"body":{"direction":"Outbound","id":"msg_id","type":"Text","text":"Hi","content":[{"fakeContent":{"foo":"bar"},"contentType":"FakeContent"},{"attachment":{"id":"attachment_id","filename":"image.png","mediaType":"Image","url":"https://downloadurl.com"},"contentType":"Attachment"}],"originatingEntity":"Human"}}',
];

const BROKEN_JSON: readonly string[] = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '-1',
  '"StructuredMessage"',
  '[]',
  '{}',
  '[{"class":"StructuredMessage"}]',
  '{',
  '}',
  '{"class":',
  '{"class":"StructuredMessage"',
  '{"class":"StructuredMessage","body":',
  "{'class':'SessionResponse','code':200,'body':{}}",
  '{class:"SessionResponse"}',
  'NaN',
  'undefined',
  '{"class":"SessionResponse","code":200,"body":{},}',
  '\ufeff{"class":"SessionResponse","code":200,"body":{"connected":true}}',
  '{"class":"SessionResponse","code":200,"body":{"connected":true}}garbage',
  '{"class":"SessionResponse"}{"class":"SessionResponse"}',
  '{"class":"StructuredMessage","code":200,"body":{"id":"\\ud800","type":"Text","direction":"Outbound","text":"\\udfff"}}',
  '{"class":"StructuredMessage","code":200,"body":{"id":"x","text":"\\x41"}}',
  '{"class":"StructuredMessage","code":200,"body":{"id":"x","text":"a\nb"}}',
  '{"class":"StructuredMessage","class":"SessionResponse","code":200,"body":{"connected":true}}',
  '{"class":"StructuredMessage","code":0x10,"body":{}}',
  '{"class":"StructuredMessage","code":+200,"body":{}}',
  '{"class":"StructuredMessage","code":.5,"body":{}}',
  '\u0000\u0001\u0002',
  '\ud800',
  'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=',
  '<html><body>502 Bad Gateway</body></html>',
];

// ------------------------------------------------------------------ mutators

type Mutator = (r: Rand, v: Values, frame: Frame) => void;

function randomPath(r: Rand, frame: Frame, filter: (value: unknown) => boolean = () => true): Path | undefined {
  const paths = allPaths(frame).filter((p) => filter(getAt(frame, p)));
  return paths.length ? r.pick(paths) : undefined;
}

const MUTATORS: readonly (readonly [number, string, Mutator])[] = [
  [15, 'wrong-type', (r, v, f) => {
    for (let i = 1 + r.int(3); i > 0; i--) {
      const p = randomPath(r, f);
      if (p) setAt(f, p, v.otherType(getAt(f, p)));
    }
  }],
  [10, 'missing-fields', (r, _v, f) => {
    for (let i = 1 + r.int(3); i > 0; i--) {
      const p = randomPath(r, f);
      if (p) deleteAt(f, p);
    }
  }],
  [5, 'unknown-class', (r, v, f) => {
    f.class = r.weighted([
      [3, () => v.string()],
      [2, () => r.pick(POLLUTION_KEYS)],
      [2, () => r.pick(['structuredmessage', 'StructuredMessage ', 'Structured\u0000Message', 'SESSIONRESPONSE', 'Receipt', 'TypingEvent', 'PresenceEvent', 'toString', 'hasOwnProperty', 'valueOf', 'Object'])],
    ] as const)();
  }],
  [10, 'numbers-vs-strings', (r, _v, f) => {
    for (const p of allPaths(f)) {
      if (!r.chance(0.35)) continue;
      const cur = getAt(f, p);
      if (typeof cur === 'number') setAt(f, p, String(cur));
      else if (typeof cur === 'string') setAt(f, p, r.chance(0.5) && cur.trim() !== '' && !Number.isNaN(Number(cur)) ? Number(cur) : r.pick(TRICKY_NUMBERS));
      else if (typeof cur === 'boolean') setAt(f, p, String(cur));
    }
  }],
  [5, 'prototype-pollution', (r, v, f) => {
    const nodes = [[] as Path, ...allPaths(f).filter((p) => { const x = getAt(f, p); return isNode(x) && !Array.isArray(x); })];
    for (let i = 1 + r.int(3); i > 0; i--) {
      const node = getAt(f, r.pick(nodes)) as Record<string, unknown>;
      const key = r.pick(POLLUTION_KEYS);
      const payload = r.weighted([
        [3, () => ({ polluted: 'yes', isAdmin: true, toString: 'x' })],
        [2, () => ({ prototype: { polluted: 'yes' } })],
        [1, () => v.any(1)],
      ] as const)();
      define(node, key, payload);
    }
  }],
  [22, 'tricky-same-type', (r, v, f) => {
    for (let i = 1 + r.int(3); i > 0; i--) {
      const p = randomPath(r, f);
      if (p) setAt(f, p, v.sameType(getAt(f, p)));
    }
  }],
  [1.5, 'one-megabyte-string', (r, _v, f) => {
    const p = randomPath(r, f, (x) => typeof x === 'string') ?? randomPath(r, f);
    if (p) setAt(f, p, r.pick(BIG_STRINGS));
  }],
  [2, 'deep-nesting', (r, _v, f) => {
    const p = randomPath(r, f);
    const deep = new Raw(r.pick(DEEP)());
    if (p) setAt(f, p, deep);
    else f.body = deep;
  }],
  [2, 'huge-array', (r, _v, f) => {
    const p = randomPath(r, f, (x) => Array.isArray(x)) ?? randomPath(r, f);
    if (!p) return;
    const cur = getAt(f, p);
    setAt(f, p, new Raw(hugeArray(r, Array.isArray(cur) && cur.length && r.chance(0.7) ? cur[0] : undefined)));
  }],
];

/** Corrupts JSON text: flips, deletions, duplications, insertions, truncation. */
function corruptText(r: Rand, text: string): string {
  let s = text;
  for (let i = 1 + r.int(4); i > 0; i--) {
    const at = r.int(s.length + 1);
    s = r.weighted([
      [3, () => s.slice(0, at) + String.fromCharCode(r.int(128)) + s.slice(at + 1)],
      [2, () => s.slice(0, at) + s.slice(at + 1 + r.int(20))],
      [2, () => s.slice(0, at) + s.slice(at, at + r.int(40)) + s.slice(at)],
      [2, () => s.slice(0, at) + r.pick(['"', '{', '}', '[', ']', ',', ':', '\\', '\\u', '\u0000', 'null', '"__proto__":{"polluted":1},', '1e400', '-']) + s.slice(at)],
      [1, () => s.slice(0, at)],
    ] as const)();
  }
  return s;
}

// ------------------------------------------------------------------ the generator

export interface FuzzFrame {
  /** Index in the sequence (replay with the same seed). */
  index: number;
  /** How the frame was made, e.g. `agent-card/wrong-type`. */
  kind: string;
  raw: string;
}

/** An endless, seeded sequence of hostile frames. */
export class FrameFuzzer {
  readonly #r: Rand;
  readonly #v: Values;
  #index = 0;

  constructor(seed: number, private readonly context: FuzzContext) {
    this.#r = new Rand(seed);
    this.#v = new Values(this.#r);
  }

  next(): FuzzFrame {
    const r = this.#r;
    const index = this.#index++;
    const strategy = r.weighted([
      [6, 'broken-json'],
      [8, 'real-frame-corrupted'],
      [6, 'valid'],
      [80, 'mutated'],
    ] as const);
    if (strategy === 'broken-json') {
      const raw = r.chance(0.5) ? r.pick(BROKEN_JSON) : corruptText(r, r.pick(BROKEN_JSON));
      return { index, kind: 'broken-json', raw };
    }
    if (strategy === 'real-frame-corrupted') {
      return { index, kind: 'real-frame-corrupted', raw: corruptText(r, r.pick(REAL_FRAMES)) };
    }
    const [, name, template] = r.weighted(TEMPLATES.map((t) => [t[0], t] as const));
    const frame = template(r, this.context);
    if (strategy === 'valid') return { index, kind: `${name}/valid`, raw: toJson(frame) };
    const [, mutation, mutate] = r.weighted(MUTATORS.map((m) => [m[0], m] as const));
    mutate(r, this.#v, frame);
    // A fifth of the mutated frames also get a second, different kind of damage.
    let kind = `${name}/${mutation}`;
    if (r.chance(0.2)) {
      const [, second, mutate2] = r.weighted(MUTATORS.map((m) => [m[0], m] as const));
      mutate2(r, this.#v, frame);
      kind += `+${second}`;
    }
    return { index, kind, raw: toJson(frame) };
  }
}
