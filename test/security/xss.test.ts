/**
 * Bad input, proven (2/3): every XSS vector of test/security/xss-vectors.ts in every field a
 * server controls and the widget can show (or act on), into a real <genesys-chat>.
 *
 * Through FakeTransport (the real decoder, controller, store and render) each vector goes
 * into every field; through the real simulator each vector goes into the fields its control
 * API can set (text, nickname, avatar, quick replies, and raw card/attachment content).
 *
 * Asserted after every placement: nothing ran (each vector calls a global with its own id,
 * or posts a message to the top window from opaque documents), the shadow DOM holds only the
 * widget's own elements (no script/iframe/object/embed/style/math/..., svg only the widget's
 * aria-hidden icons), no `on*` attribute anywhere, every `a[href]` and `img[src]` is http(s),
 * text fields show the vector verbatim as text, and quick-reply/postback payloads go back
 * to the server byte for byte. The data model is checked too: no non-http(s) URL is stored.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { showAllMessages } from '../helpers/show-all.js';
import { describeError, trapUncaught } from '../helpers/uncaught.js';
import { MARKDOWN_XSS_VECTORS, XSS_VECTORS, materialize } from './xss-vectors.js';

declare global {
  interface Window {
    __gcxXss?: (id: number) => void;
  }
}

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;
type Json = Record<string, unknown>;

/** Every element the widget's own templates create. Anything else came from a payload. */
const OWN_TAGS = new Set(['section', 'header', 'h2', 'button', 'svg', 'path', 'div', 'p', 'span', 'time', 'strong', 'img', 'a', 'form', 'label', 'textarea', 'input', 'ul', 'li', 'progress', 'bdi']);
/** Attributes that load or run something; the widget uses only href (links) and src (images). */
const URL_OR_CODE_ATTRS = new Set(['srcdoc', 'formaction', 'action', 'xlink:href', 'data', 'background', 'poster', 'dynsrc', 'lowsrc', 'style', 'srcset', 'ping', 'codebase']);
const HTTP_URL = /^https?:\/\//i;

/** What the simulator's control API can set (agentMessage text/nickname/image/quickReplies, and raw content). */
const SIM_FIELDS = [
  'text', 'channel.from.nickname', 'channel.from.image', 'quickReply.text', 'quickReply.payload', 'quickReply.image',
  'channel.from.firstName', 'channel.from.lastName', 'card.title', 'card.description', 'card.image',
  'card.defaultAction.url', 'card Link text', 'card Link url', 'card Postback text', 'card Postback payload',
  'carousel card title/image/url', 'attachment.filename', 'attachment.url', 'attachment.mime',
] as const;

const isHttp = (value: string | null | undefined): boolean => {
  if (!value || !HTTP_URL.test(value)) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** Everything wrong in a shadow root, as readable lines (empty when clean). */
/** The elements markdown adds (panel/markdown.ts), and the link schemes it may render. */
const MARKDOWN_TAGS = new Set(['em', 's', 'code', 'pre', 'ul', 'ol', 'li', 'br']);
const MAIL_OR_TEL = /^(mailto|tel):[^\s]/i;

function audit(root: ShadowRoot, markdown = false): string[] {
  const problems: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    const tag = node.localName;
    if (!OWN_TAGS.has(tag) && !(markdown && MARKDOWN_TAGS.has(tag))) problems.push(`foreign element <${tag}>`);
    for (const attr of node.getAttributeNames()) {
      const name = attr.toLowerCase();
      if (name.startsWith('on')) problems.push(`event-handler attribute ${name} on <${tag}>`);
      if (URL_OR_CODE_ATTRS.has(name)) problems.push(`attribute ${name} on <${tag}>`);
      if ((name === 'href' && tag !== 'a') || (name === 'src' && tag !== 'img')) problems.push(`${name} on <${tag}>`);
    }
    const href = node.getAttribute('href');
    if (tag === 'a' && href !== null && !isHttp(href) && !(markdown && MAIL_OR_TEL.test(href))) problems.push(`link to ${JSON.stringify(href)}`);
    if (tag === 'img' && !isHttp(node.getAttribute('src'))) problems.push(`image from ${JSON.stringify(node.getAttribute('src'))}`);
    if (tag === 'svg') {
      if (node.getAttribute('aria-hidden') !== 'true' || node.closest('[part="log"]')) problems.push('svg that is not one of the icons');
      for (const child of node.querySelectorAll('*')) if (child.localName !== 'path') problems.push(`<${child.localName}> inside an svg`);
    }
    if (tag === 'path' && !node.closest('svg')) problems.push('<path> outside an svg');
  }
  return problems;
}

/** Every URL the data model holds must be http(s) (the render may start showing avatars tomorrow). */
function auditModel(el: GenesysChat): string[] {
  const problems: string[] = [];
  const url = (where: string, value: string | undefined) => {
    if (value !== undefined && !isHttp(value)) problems.push(`${where} = ${JSON.stringify(value)}`);
  };
  for (const m of el.messages) {
    url('avatar', m.avatar);
    for (const q of m.quickReplies ?? []) url('quickReply.image', q.image);
    for (const c of m.cards ?? []) {
      url('card.image', c.image);
      url('card.url', c.url);
      for (const a of c.actions) url('card action url', a.url);
    }
    for (const a of m.attachments ?? []) url('attachment.url', a.url);
  }
  return problems;
}

/** What the test sees of one element: its fake connection and frame helpers. */
class Chat {
  #acked = new Set<OnMessage>();
  readonly reported = new Set<string>();
  constructor(
    readonly el: GenesysChat,
    readonly t: FakeTransport,
  ) {}

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  receive(frame: Json): void {
    this.t.receive(frame);
  }

  agent(fields: Json = {}, from: Json = { nickname: 'Alex' }): void {
    this.receive({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      body: {
        id: crypto.randomUUID().replace(/-/g, ''),
        type: 'Text',
        direction: 'Outbound',
        text: 'Hello',
        channel: { time: new Date().toISOString(), from },
        originatingEntity: 'Human',
        ...fields,
      },
    });
  }

  structured(content: Json[], text = ''): void {
    this.agent({ type: 'Structured', text, content });
  }

  echo(fields: Json = {}, tracingId?: string): void {
    this.receive({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      ...(tracingId !== undefined ? { tracingId } : {}),
      body: { id: crypto.randomUUID().replace(/-/g, ''), type: 'Text', direction: 'Inbound', text: 'Echo', channel: { time: new Date().toISOString() }, ...fields },
    });
  }

  get onMessages(): OnMessage[] {
    return this.t.sent.filter((f): f is OnMessage => f.action === 'onMessage');
  }

  /** The server echoes every customer message it got, so the next one can go. */
  ackAll(): void {
    for (const f of this.onMessages) {
      if (this.#acked.has(f) || (f.message.type !== 'Text' && f.message.type !== 'Structured')) continue;
      this.#acked.add(f);
      const m = f.message;
      this.echo({ type: m.type, text: m.text, metadata: m.metadata ?? {}, ...(m.type === 'Structured' ? { content: m.content } : {}) }, f.tracingId);
    }
  }

  /** Sends a customer message and returns its frame (still unacknowledged). */
  sendOwn(text: string): OnMessage {
    expect(this.el.send(text), `send(${text})`).to.equal(true);
    const frame = this.onMessages.at(-1)!;
    expect('text' in frame.message && frame.message.text).to.equal(text);
    this.#acked.add(frame); // the test answers it itself
    return frame;
  }

  /** Clicks the quick-reply/postback button labelled `label` and returns the frame it sent. */
  async click(label: string): Promise<OnMessage> {
    const button = [...this.root.querySelectorAll<HTMLButtonElement>('[part="quick-reply"]')].find((b) => b.textContent === label);
    expect(button, `a button labelled ${JSON.stringify(label)}`).to.not.equal(undefined);
    const before = this.onMessages.length;
    button!.click();
    await this.el.updateComplete;
    expect(this.onMessages.length, 'the click sent a frame').to.equal(before + 1);
    return this.onMessages.at(-1)!;
  }

  texts(selector: string): string[] {
    return [...this.root.querySelectorAll(selector)].map((n) => n.textContent ?? '');
  }
}

const payloadOf = (f: OnMessage) => (f.message.type === 'Structured' ? f.message.content[0]!.buttonResponse.payload : undefined);

const card = (v: Partial<Record<'title' | 'description' | 'image' | 'url' | 'text' | 'payload', string>>): Json => ({
  title: v.title ?? 'Blue Runner 2',
  description: v.description ?? 'In stock',
  image: v.image ?? 'https://127.0.0.1:9/shoe.jpg',
  defaultAction: { type: 'Link', url: v.url ?? 'https://127.0.0.1:9/p/1' },
  actions: [
    { type: 'Link', text: v.text ?? 'View', url: v.url ?? 'https://127.0.0.1:9/p/1' },
    { type: 'Postback', text: v.text ?? 'Buy now', payload: v.payload ?? 'BUY' },
  ],
});

interface Field {
  name: string;
  /** Puts `v` into the field; asserts what must be shown or sent (text fields: verbatim). */
  place(v: string, c: Chat): Promise<void> | void;
}

const expectText = (c: Chat, selector: string, v: string, mode: 'equal' | 'include' = 'equal') => {
  const texts = c.texts(selector);
  const found = mode === 'equal' ? texts.includes(v) : texts.some((t) => t.includes(v));
  expect(found, `${selector} shows the vector as text`).to.equal(true);
};

/** Every server-controlled field the widget can show or act on. */
const FIELDS: readonly Field[] = [
  { name: 'message text', place: (v, c) => { c.agent({ text: v }); } },
  { name: 'customer message text (echo)', place: (v, c) => c.echo({ text: v }) },
  { name: 'channel.from.nickname', place: (v, c) => c.agent({ text: 'nickname' }, { nickname: v }) },
  { name: 'channel.from.firstName', place: (v, c) => c.agent({ text: 'first name' }, { firstName: v }) },
  { name: 'channel.from.lastName', place: (v, c) => c.agent({ text: 'last name' }, { firstName: 'Ann', lastName: v }) },
  { name: 'channel.from.image', place: (v, c) => c.agent({ text: 'avatar' }, { nickname: 'Alex', image: v }) },
  { name: 'quick reply text', place: (v, c) => c.structured([{ contentType: 'QuickReply', quickReply: { text: v, payload: 'P' } }], 'pick one') },
  {
    name: 'quick reply payload',
    async place(v, c) {
      c.structured([{ contentType: 'QuickReply', quickReply: { text: 'Choose this', payload: v, action: 'Message' } }], 'pick');
      await c.el.updateComplete;
      expect(payloadOf(await c.click('Choose this')), 'payload sent verbatim').to.equal(v);
    },
  },
  { name: 'quick reply image', place: (v, c) => c.structured([{ contentType: 'QuickReply', quickReply: { text: 'With image', payload: 'p', image: v } }]) },
  { name: 'card title', place: (v, c) => c.structured([{ contentType: 'Card', card: card({ title: v }) }]) },
  { name: 'card description', place: (v, c) => c.structured([{ contentType: 'Card', card: card({ description: v }) }]) },
  { name: 'card image', place: (v, c) => c.structured([{ contentType: 'Card', card: card({ image: v }) }]) },
  { name: 'card defaultAction URL', place: (v, c) => c.structured([{ contentType: 'Card', card: { title: 'Default', defaultAction: { type: 'Link', url: v }, actions: [] } }]) },
  { name: 'card Link action text', place: (v, c) => c.structured([{ contentType: 'Card', card: { title: 'T', actions: [{ type: 'Link', text: v, url: 'https://127.0.0.1:9/p' }] } }]) },
  { name: 'card Link action URL', place: (v, c) => c.structured([{ contentType: 'Card', card: { title: 'T', actions: [{ type: 'Link', text: 'Open', url: v }] } }]) },
  {
    name: 'card Postback action text',
    async place(v, c) {
      c.structured([{ contentType: 'Card', card: { title: 'T', actions: [{ type: 'Postback', text: v, payload: 'BUY' }] } }]);
      await c.el.updateComplete;
      const frame = await c.click(v);
      expect('text' in frame.message && frame.message.text, 'label sent verbatim').to.equal(v);
    },
  },
  {
    name: 'card Postback action payload',
    async place(v, c) {
      c.structured([{ contentType: 'Card', card: { title: 'T', actions: [{ type: 'Postback', text: 'Buy it', payload: v }] } }]);
      await c.el.updateComplete;
      expect(payloadOf(await c.click('Buy it')), 'payload sent verbatim').to.equal(v);
    },
  },
  {
    name: 'carousel cards (every card field)',
    place: (v, c) => c.structured([{ contentType: 'Carousel', carousel: { cards: [card({ title: v, description: v, image: v, url: v, text: v, payload: v }), card({ title: v, description: v, image: v, url: v, text: v, payload: v })] } }]),
  },
  { name: 'attachment filename', place: (v, c) => c.structured([{ contentType: 'Attachment', attachment: { id: 'att-1', mediaType: 'File', filename: v, url: 'https://127.0.0.1:9/f.pdf' } }]) },
  { name: 'attachment url', place: (v, c) => c.structured([{ contentType: 'Attachment', attachment: { id: 'att-2', mediaType: 'Image', filename: 'photo.png', url: v } }]) },
  { name: 'attachment id, mime, mediaType', place: (v, c) => c.structured([{ contentType: 'Attachment', attachment: { id: v, mediaType: v, mime: v, filename: 'x.bin' } }]) },
  { name: 'ButtonResponse from the agent', place: (v, c) => c.structured([{ contentType: 'ButtonResponse', buttonResponse: { type: v, text: v, payload: v } }], 'choose') },
  { name: 'unknown content type', place: (v, c) => c.structured([{ contentType: v, [v]: { text: v } }], 'unknown content') },
  {
    name: 'typing event (and the name it shows)',
    async place(v, c) {
      c.agent({ text: 'typing next' }, { nickname: v });
      c.receive({
        type: 'message',
        class: 'StructuredMessage',
        code: 200,
        body: { id: 'typing-1', type: 'Event', direction: 'Outbound', channel: { time: new Date().toISOString() }, events: [{ eventType: 'Typing', typing: { type: v, duration: v } }] },
      });
      await c.el.updateComplete;
      expectText(c, '[part="typing-indicator"]', v, 'include');
    },
  },
  {
    name: 'presence event',
    place: (v, c) =>
      c.receive({
        type: 'message',
        class: 'StructuredMessage',
        code: 200,
        body: { id: 'presence-1', type: 'Event', direction: 'Outbound', channel: { time: new Date().toISOString() }, metadata: { readOnly: v, correlationId: v }, events: [{ eventType: 'Presence', presence: { type: v } }, { eventType: v, [v]: v }] },
      }),
  },
  {
    name: 'receipt id and status',
    place(v, c) {
      const own = c.el.messages.find((m) => m.from === 'customer');
      for (const [id, status] of [[v, 'Read'], [v, v], [own?.id ?? 'x', v]] as const) {
        c.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id, type: 'Receipt', status, direction: 'Outbound', channel: { time: new Date().toISOString() } } });
      }
    },
  },
  {
    name: 'error body (string)',
    async place(v, c) {
      const frame = c.sendOwn('first try');
      c.receive({ type: 'response', class: 'string', code: 400, body: v, tracingId: frame.tracingId });
      await c.el.updateComplete;
      expectText(c, '[part="receipt"]', `Not sent: ${v}`, 'include');
      // A known code is worded by the catalog; the service's own text stays in the tooltip.
      const tooLong = c.sendOwn('third try');
      c.receive({ type: 'response', class: 'string', code: 4011, body: v, tracingId: tooLong.tracingId });
      await c.el.updateComplete;
      const receipts = [...c.el.shadowRoot!.querySelectorAll('[part="receipt"]')];
      expect(receipts.some((r) => r.getAttribute('title') === v && r.textContent!.includes('The message is too long.'))).to.equal(true);
    },
  },
  {
    name: 'error body (object)',
    async place(v, c) {
      const frame = c.sendOwn('second try');
      c.receive({ type: 'response', class: 'Error', code: 400, tracingId: frame.tracingId, body: { errorMessage: v, message: v, errorCode: v, name: v, stack: v } });
      await c.el.updateComplete;
      expectText(c, '[part="receipt"]', `Not sent: ${v}`, 'include');
    },
  },
  { name: 'error class, code and body', place: (v, c) => c.receive({ type: v, class: v, code: 500, body: v, tracingId: v }) },
  { name: 'message id', place: (v, c) => c.agent({ id: v, text: 'an id' }) },
  { name: 'channel.time and messageId', place: (v, c) => c.agent({ text: 'a time', channel: { time: v, messageId: v, type: v, from: { nickname: 'Alex' } } }) },
  { name: 'envelope tracingId', place: (v, c) => c.echo({ text: 'traced' }, v) },
  { name: 'metadata', place: (v, c) => c.agent({ text: 'metadata', metadata: { id: v, correlationId: v, readOnly: v, [v]: v } }) },
  { name: 'originatingEntity and type', place: (v, c) => c.agent({ text: 'entity', originatingEntity: v, status: v }) },
  { name: 'ConnectionClosedEvent reason', place: (v, c) => c.receive({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reason: v, reasonCode: v } }) },
];

/** Text checks of fields whose value is shown as text (the rest are checked by `place`). */
const SHOWN: Record<string, [selector: string, mode: 'equal' | 'include']> = {
  'message text': ['[part~="message"][part~="agent"]', 'equal'],
  'customer message text (echo)': ['[part~="message"][part~="customer"]', 'equal'],
  'channel.from.nickname': ['.meta', 'include'],
  'channel.from.firstName': ['.meta', 'include'],
  'channel.from.lastName': ['.meta', 'include'],
  'quick reply text': ['[part="quick-reply"]', 'equal'],
  'card title': ['.card strong', 'equal'],
  'card description': ['.card span', 'equal'],
  'card Link action text': ['.card a', 'equal'],
  'carousel cards (every card field)': ['.card strong', 'equal'],
  'attachment filename': ['.card a', 'equal'],
  'ButtonResponse from the agent': ['[part="quick-reply"]', 'equal'],
};

describe('XSS: every vector in every server-controlled field', function () {
  this.timeout(180_000);

  const hits: string[] = [];
  const onMessage = (e: MessageEvent) => {
    if (typeof e.data === 'string' && e.data.startsWith('gcx-xss:')) hits.push(e.data);
  };
  let container: HTMLElement;
  let sim: Simulator;
  let lightBefore = 0;
  const dangerousLight = () => document.querySelectorAll('script, iframe, object, embed, base, meta[http-equiv]').length;

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 0 });
    window.__gcxXss = (id: number) => void hits.push(`call:${id}`);
    addEventListener('message', onMessage);
  });

  after(async () => {
    removeEventListener('message', onMessage);
    delete window.__gcxXss;
    await sim.setOptions({ ratePerSecond: 2 });
  });

  beforeEach(() => {
    FakeTransport.reset();
    container = document.createElement('div');
    document.body.append(container);
    lightBefore = dangerousLight();
  });

  afterEach(() => {
    sinon.restore();
    container.remove();
  });

  /** An open element on the simulator, connected; and its session token. */
  async function onSimulator(dep: string): Promise<{ el: GenesysChat; token: string }> {
    const el = document.createElement('genesys-chat');
    el.setAttribute('deployment-id', dep);
    el.setAttribute('socket-url', sim.wsUrl);
    el.setAttribute('storage', 'session');
    el.setAttribute('rate-limit', '1000');
    el.open = true;
    container.append(el);
    await waitUntil(() => el.connectionState === 'ready', 'connected to the simulator', { timeout: 5000 });
    return { el, token: sessionStorage.getItem(`genesys-chat:${dep}:token`)! };
  }

  /** Where a placement id came from. */
  const describeHit = (hit: string) => {
    const id = Number(hit.split(':')[1]);
    const vector = XSS_VECTORS[Math.floor(id / 100)];
    const field = id % 100 === 99 ? 'simulator fields' : FIELDS[id % 100]?.name;
    return `${hit}: ${JSON.stringify(typeof vector === 'function' ? vector.toString() : vector)} in ${field}`;
  };

  it('never runs, never adds markup, never links to a script URL (FakeTransport, every field)', async () => {
    expect(XSS_VECTORS.length).to.be.at.least(50);
    const warn = sinon.stub(console, 'warn');
    const trap = trapUncaught();
    const problems: string[] = [];
    const chats: Chat[] = [];
    let placements = 0;
    let links = 0;
    let images = 0;
    try {
      for (let vi = 0; vi < XSS_VECTORS.length; vi++) {
        const el = document.createElement('genesys-chat');
        el.setAttribute('deployment-id', `xss-${vi}`);
        el.setAttribute('socket-url', 'ws://127.0.0.1:1/v1');
        el.setAttribute('storage', 'none');
        el.setAttribute('rate-limit', '1000');
        el.open = true;
        el.transportFactory = (o) => new FakeTransport(o);
        container.append(el);
        await el.updateComplete;
        const c = new Chat(el, FakeTransport.last);
        c.t.ready();
        chats.push(c);
        for (let fi = 0; fi < FIELDS.length; fi++) {
          const field = FIELDS[fi]!;
          const v = materialize(XSS_VECTORS[vi]!, vi * 100 + fi);
          const where = `vector #${vi} ${JSON.stringify(v).slice(0, 80)} in ${field.name}`;
          try {
            await field.place(v, c);
            await el.updateComplete;
            const shown = SHOWN[field.name];
            if (shown) expectText(c, shown[0], v, shown[1]);
          } catch (error) {
            problems.push(`${where}: ${describeError(error).split('\n')[0]}`);
          }
          c.ackAll();
          await el.updateComplete;
          placements++;
          // Report each problem once per element, at the placement that caused it.
          for (const p of [...audit(el.shadowRoot!), ...auditModel(el)]) {
            if (c.reported.has(p)) continue;
            c.reported.add(p);
            problems.push(`${where}: ${p}`);
          }
        }
      }
      // Give anything that would run late (image errors, frames loading, focus) the chance to.
      await new Promise((r) => setTimeout(r, 500));
      for (const c of chats) {
        for (const p of audit(c.root)) if (!c.reported.has(p)) problems.push(`after waiting, ${c.el.deploymentId}: ${p}`);
        links += c.root.querySelectorAll('a[href]').length;
        images += c.root.querySelectorAll('img[src]').length;
      }
    } finally {
      trap.restore();
      warn.restore();
    }
    if (dangerousLight() !== lightBefore) problems.push('script/iframe/object/embed/base/meta appeared in the page');
    for (const e of trap.errors) problems.push(`uncaught: ${describeError(e).split('\n')[0]}`);

    console.log(`FIGURE xss: ${XSS_VECTORS.length} vectors x ${FIELDS.length} fields, executed: ${hits.length}`);
    console.log(`FIGURE xss detail: ${placements} placements through FakeTransport, ${links} links and ${images} images audited in the shadow DOMs, ${problems.length} problems`);
    for (const hit of hits.slice(0, 10)) console.log(`xss executed: ${describeHit(hit)}`);
    for (const p of problems.slice(0, 20)) console.log(`xss problem: ${p}`);

    expect(hits.map(describeHit), 'vectors that ran').to.deep.equal([]);
    expect(problems, 'injection problems').to.deep.equal([]);
    expect(placements).to.equal(XSS_VECTORS.length * FIELDS.length);
  });

  it('never runs or renders markup when the vectors come over the real socket from the simulator', async () => {
    const warn = sinon.stub(console, 'warn');
    const trap = trapUncaught();
    const problems: string[] = [];
    try {
      const { el, token } = await onSimulator(`xss-sim-${Date.now().toString(36)}`);

      let sent = 0;
      for (let vi = 0; vi < XSS_VECTORS.length; vi++) {
        const v = materialize(XSS_VECTORS[vi]!, vi * 100 + 99);
        await sim.agentMessage({ token, text: v, nickname: v, image: v, quickReplies: [{ text: v, payload: v, image: v }] });
        await sim.agentMessage({
          token,
          text: v,
          raw: {
            type: 'Structured',
            channel: { time: new Date().toISOString(), type: 'Private', from: { firstName: v, lastName: v, image: v } },
            content: [
              { contentType: 'Card', card: card({ title: v, description: v, image: v, url: v, text: v, payload: v }) },
              { contentType: 'Carousel', carousel: { cards: [card({ title: v, image: v, url: v })] } },
              { contentType: 'Attachment', attachment: { id: `att-${vi}`, mediaType: 'Image', mime: v, filename: v, url: v } },
            ],
          },
        });
        sent += 2;
      }
      await waitUntil(() => el.messages.filter((m) => m.from === 'agent').length === sent, 'all vectors arrived', { timeout: 10_000 });
      await showAllMessages(el);
      // The last one carries quick replies whose text is the last vector: shown as text, payload verbatim on click.
      const last = materialize(XSS_VECTORS.at(-1)!, (XSS_VECTORS.length - 1) * 100 + 99);
      const agentTexts = [...el.shadowRoot!.querySelectorAll('[part~="message"][part~="agent"]')].map((b) => b.textContent ?? '');
      for (let vi = 0; vi < XSS_VECTORS.length; vi++) {
        const v = materialize(XSS_VECTORS[vi]!, vi * 100 + 99);
        if (!agentTexts.some((t) => t.startsWith(v))) problems.push(`vector #${vi} is not shown verbatim as text`);
      }
      await sim.agentMessage({ token, text: 'choose', quickReplies: [{ text: last, payload: last }] });
      await waitUntil(() => [...el.shadowRoot!.querySelectorAll('[part="quick-reply"]')].some((b) => b.textContent === last), 'quick reply shown');
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="quick-reply"]')].find((b) => b.textContent === last)!.click();
      const s = await sim.waitFor((all) => all.find((x) => x.token === token && x.messages.some((m) => m.direction === 'Inbound')), { timeout: 5000 });
      const answer = s.messages.find((m) => m.direction === 'Inbound')!;
      const reply = (answer.content?.[0] as { buttonResponse?: { payload?: string } } | undefined)?.buttonResponse;
      if (reply?.payload !== last) problems.push(`quick-reply payload reached the server as ${JSON.stringify(reply?.payload)}`);

      await new Promise((r) => setTimeout(r, 500));
      await showAllMessages(el);
      problems.push(...audit(el.shadowRoot!), ...auditModel(el));
      console.log(`FIGURE xss simulator: ${XSS_VECTORS.length} vectors x ${SIM_FIELDS.length} fields over the real socket (${sent} agent messages), executed: ${hits.length}`);
    } finally {
      trap.restore();
      warn.restore();
    }
    for (const e of trap.errors) problems.push(`uncaught: ${describeError(e).split('\n')[0]}`);
    if (dangerousLight() !== lightBefore) problems.push('script/iframe/object/embed/base/meta appeared in the page');
    for (const p of problems.slice(0, 20)) console.log(`xss problem (simulator): ${p}`);
    expect(hits.map(describeHit), 'vectors that ran').to.deep.equal([]);
    expect(problems, 'injection problems').to.deep.equal([]);
  });

  it('never runs hostile file names, MIME types or download URLs (uploads and attachments over the real simulator)', async () => {
    const warn = sinon.stub(console, 'warn');
    const trap = trapUncaught();
    const problems: string[] = [];
    try {
      const dep = `xss-att-${Date.now().toString(36)}`;
      await sim.setConfig({ deploymentId: dep, config: { messenger: { fileUpload: { enableAttachments: true } } } });
      const { el, token } = await onSimulator(dep);
      await waitUntil(() => el.shadowRoot!.querySelector('input[type="file"]'), 'the paperclip', { timeout: 5000 });
      const vectors = XSS_VECTORS.map((v, vi) => materialize(v, 80_000 + vi));
      // Hostile names (as pictures) and hostile types: refused or uploaded, their names only ever text.
      // 40 vectors: one message carries every uploaded file, and content[] is capped at 100 items.
      const files = vectors.slice(0, 40).flatMap((v) => [new File(['x'], v.slice(0, 200), { type: 'image/png' }), new File(['y'], 'typed.png', { type: v.slice(0, 200) })]);
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(f);
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
      const chips = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('li[part="attachment"]')];
      await waitUntil(() => chips().length === files.length && chips().every((c) => c.dataset.state === 'uploaded' || c.dataset.state === 'failed'), 'every upload settled', { timeout: 30_000 });
      for (const [i, f] of files.entries()) if (chips()[i]!.querySelector('.name')!.textContent !== f.name) problems.push(`file name #${i} not shown verbatim`);
      // Hostile URLs where the service names them: the upload URL, the download URL, a refresh.
      for (const v of vectors.slice(0, 20)) {
        await sim.inject({ token, frame: { type: 'message', class: 'UploadSuccessEvent', code: 200, body: { attachmentId: 'x', downloadUrl: v, timestamp: v } } });
        await sim.inject({ token, frame: { type: 'response', class: 'PresignedUrlResponse', code: 200, body: { attachmentId: v, url: v, headers: { [v.slice(0, 20)]: v }, fileSize: v } } });
      }
      const uploaded = chips().filter((c) => c.dataset.state === 'uploaded').length;
      if (uploaded) {
        el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!.click();
        await waitUntil(() => el.messages.some((m) => m.from === 'customer' && m.status !== 'sending' && (m.attachments?.length ?? 0) === uploaded), 'the files echoed', { timeout: 10_000 });
      }
      for (const [vi, v] of vectors.slice(0, 20).entries()) {
        await sim.agentMessage({ token, text: `file ${vi}`, attachment: { filename: v, mime: v, bytesBase64: 'eA==' } });
        await sim.agentMessage({ token, text: `link ${vi}`, raw: { type: 'Text', content: [{ contentType: 'Attachment', attachment: { id: `j${vi}`, mediaType: 'File', filename: 'x', url: 'javascript:alert(1)', fileSize: v } }] } });
      }
      await waitUntil(() => el.messages.filter((m) => m.from === 'agent').length === 40, 'agent files arrived', { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 500));
      await showAllMessages(el);
      problems.push(...audit(el.shadowRoot!), ...auditModel(el));
      console.log(`FIGURE xss attachments: ${files.length} hostile files (${uploaded} uploaded and sent), 40 hostile agent attachments, 40 hostile upload frames, executed: ${hits.length}`);
    } finally {
      trap.restore();
      warn.restore();
    }
    for (const e of trap.errors) problems.push(`uncaught: ${describeError(e).split('\n')[0]}`);
    for (const p of problems.slice(0, 20)) console.log(`xss problem (attachments): ${p}`);
    expect(hits.map(describeHit), 'vectors that ran').to.deep.equal([]);
    expect(problems, 'injection problems').to.deep.equal([]);
  });

  it('never runs hostile markdown when the deployment turns markdown on (real socket, real config.json)', async () => {
    const warn = sinon.stub(console, 'warn');
    const trap = trapUncaught();
    const problems: string[] = [];
    try {
      const dep = `xss-md-${Date.now().toString(36)}`;
      await sim.setConfig({ deploymentId: dep, config: { messenger: { apps: { conversations: { markdown: { enabled: true } } } } } });
      const { el, token } = await onSimulator(dep);
      const vectors = [...MARKDOWN_XSS_VECTORS, ...XSS_VECTORS, `${'*'.repeat(10_000)}deep${'*'.repeat(10_000)}`, `${'[a]('.repeat(900)}`];
      for (let vi = 0; vi < vectors.length; vi++) await sim.agentMessage({ token, text: materialize(vectors[vi]!, 90_000 + vi).slice(0, 4000) });
      await waitUntil(() => el.messages.filter((m) => m.from === 'agent').length === vectors.length, 'all arrived', { timeout: 20_000 });
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="message"].markdown .md'), 'rendered as markdown', { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 500));
      await showAllMessages(el);
      const bubbles = el.shadowRoot!.querySelectorAll('[part~="message"][part~="agent"]');
      if (bubbles.length !== vectors.length) problems.push(`${bubbles.length} bubbles for ${vectors.length} messages`);
      problems.push(...audit(el.shadowRoot!, true));
      console.log(`FIGURE xss markdown: ${vectors.length} hostile messages rendered as markdown, executed: ${hits.length}, uncaught: ${trap.errors.length}`);
    } finally {
      trap.restore();
      warn.restore();
    }
    expect(hits).to.deep.equal([]);
    expect(trap.errors.map(describeError)).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });
});
