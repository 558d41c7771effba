/**
 * The small first load: what connects when (connect="lazy" by default), what the launcher
 * shows before the engine is there, and that long conversations stay cheap to render.
 * The chunks themselves are imported for real (the dev server serves them as modules).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import type { ClientFrame } from '../src/protocol/types.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
let dep = 0;
const nextDep = () => `load-${Date.now()}-${++dep}`;

function mount(id: string, attrs: { open?: boolean; storage?: string; connect?: string } = {}) {
  return fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${id}
    socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
    storage=${attrs.storage ?? 'session'}
    connect=${attrs.connect ?? 'lazy'}
    ?open=${attrs.open ?? false}
    .transportFactory=${factory}
  ></genesys-chat>`);
}

const launcher = (el: GenesysChat) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!;
const textFrames = (t: FakeTransport) =>
  t.sent.filter((f): f is Extract<ClientFrame, { action: 'onMessage' }> => f.action === 'onMessage' && f.message.type === 'Text');

describe('first load and lazy connection', () => {
  beforeEach(() => FakeTransport.reset());
  afterEach(() => sinon.restore());

  it('a new visitor opens no connection and loads no panel until the chat is opened', async () => {
    const el = await mount(nextDep());
    await new Promise((r) => setTimeout(r, 300));
    expect(FakeTransport.instances.length).to.equal(0);
    expect(el.connectionState).to.equal('idle');
    expect(el.shadowRoot!.querySelector('[part="panel"]')).to.equal(null);
    expect(launcher(el)).to.exist;
    launcher(el).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="panel"]')).to.exist;
    expect(FakeTransport.instances.length).to.equal(1);
    expect(el.connectionState).to.equal('connecting');
  });

  it('show() loads the panel and connects', async () => {
    const el = await mount(nextDep());
    el.show();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!.hidden).to.equal(false);
    expect(FakeTransport.instances.length).to.equal(1);
  });

  it('send() before anything loaded connects and sends, without opening the panel', async () => {
    const el = await mount(nextDep());
    expect(el.send('hello from the page')).to.equal(true);
    await waitUntil(() => FakeTransport.instances.length === 1, 'connects');
    FakeTransport.last.ready();
    await waitUntil(() => textFrames(FakeTransport.last).length === 1, 'sends');
    expect((textFrames(FakeTransport.last)[0]!.message as { text: string }).text).to.equal('hello from the page');
    expect(el.open).to.equal(false);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['hello from the page']);
  });

  it('send() without a valid deployment id returns false with an error event', async () => {
    const el = await mount('');
    sinon.stub(console, 'warn');
    const codes: unknown[] = [];
    el.addEventListener('genesys-chat-error', (e) => codes.push(e.detail.code));
    expect(el.send('hi')).to.equal(false);
    expect(codes).to.include('invalid-config');
  });

  it('a returning visitor (stored session) connects after first paint, with the panel closed', async () => {
    const id = nextDep();
    sessionStorage.setItem(`genesys-chat:${id}:token`, crypto.randomUUID());
    const el = await mount(id);
    expect(FakeTransport.instances.length, 'not during the first render').to.equal(0);
    await waitUntil(() => FakeTransport.instances.length === 1, 'connects when idle', { timeout: 4000 });
    expect(el.open).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="panel"]'), 'the panel stays unloaded').to.equal(null);
  });

  it('restores the unread badge of a stored conversation before the engine loads, then keeps it', async () => {
    const id = nextDep();
    sessionStorage.setItem(`genesys-chat:${id}:token`, crypto.randomUUID());
    sessionStorage.setItem(`genesys-chat:${id}:unread`, '3');
    const el = await mount(id);
    expect(FakeTransport.instances.length).to.equal(0);
    expect(launcher(el).getAttribute('aria-label')).to.equal('Open chat, 3 unread');
    expect(el.shadowRoot!.querySelector('.badge')!.textContent).to.equal('3');
    await waitUntil(() => FakeTransport.instances.length === 1, 'connects', { timeout: 4000 });
    const t = FakeTransport.last;
    t.ready({ connected: true, newSession: false });
    t.agentSays('one');
    t.agentSays('two');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge')!.textContent).to.equal('2');
    expect(sessionStorage.getItem(`genesys-chat:${id}:unread`)).to.equal('2');
  });

  it('forgets the stored unread count once the person has read the messages', async () => {
    const id = nextDep();
    const el = await mount(id, { open: true });
    const t = FakeTransport.last;
    t.ready();
    el.hide();
    t.agentSays('while closed');
    await el.updateComplete;
    expect(sessionStorage.getItem(`genesys-chat:${id}:unread`)).to.equal('1');
    const read = new Promise((r) => el.addEventListener('genesys-chat-read', r, { once: true }));
    el.show();
    await read;
    await el.updateComplete;
    expect(sessionStorage.getItem(`genesys-chat:${id}:unread`)).to.equal(null);
  });

  it('connect="eager" connects at once for a new visitor', async () => {
    await mount(nextDep(), { connect: 'eager' });
    expect(FakeTransport.instances.length).to.equal(1);
  });

  it('storage="none" has no stored session, so it stays lazy', async () => {
    const id = nextDep();
    sessionStorage.setItem(`genesys-chat:${id}:token`, crypto.randomUUID());
    await mount(id, { storage: 'none' });
    await new Promise((r) => setTimeout(r, 300));
    expect(FakeTransport.instances.length).to.equal(0);
  });

  it('lang is the native attribute, and times follow it', async () => {
    const el = await mount(nextDep(), { open: true });
    expect(el.hasAttribute('lang')).to.equal(false);
    el.lang = 'de';
    expect(el.getAttribute('lang')).to.equal('de');
    FakeTransport.last.ready();
    FakeTransport.last.agentSays('Hallo', { channel: { time: '2026-11-26T15:04:00.000Z' } });
    await el.updateComplete;
    const time = el.shadowRoot!.querySelector('[part~="message"][part~="agent"]')!.parentElement!.querySelector('time')!;
    expect(time.textContent).to.equal(new Intl.DateTimeFormat('de', { hour: 'numeric', minute: '2-digit' }).format(Date.parse('2026-11-26T15:04:00.000Z')));
    el.setAttribute('lang', 'en-US');
    await el.updateComplete;
    expect(time.isConnected ? time.textContent : '').to.match(/PM|AM/);
  });
});

describe('long conversations', () => {
  beforeEach(() => FakeTransport.reset());

  async function withMessages(count: number) {
    const el = await mount(nextDep(), { open: true, storage: 'none' });
    const t = FakeTransport.last;
    t.ready();
    const start = Date.parse('2026-11-26T09:00:00.000Z');
    for (let i = 0; i < count; i++) t.agentSays(`message ${i}`, { channel: { time: new Date(start + i * 1000).toISOString() } });
    await el.updateComplete;
    return el;
  }

  const bubbles = (el: GenesysChat) => [...el.shadowRoot!.querySelectorAll('[part~="message"][part~="agent"]')].map((b) => b.textContent);

  it('a keystroke renders nothing, yet the send button follows the draft', async () => {
    const el = await withMessages(20);
    const update = sinon.spy(el as unknown as { update: () => void }, 'update');
    const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!;
    expect(button.disabled).to.equal(true);
    input.value = 'h';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(button.disabled).to.equal(false);
    input.value = '';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(button.disabled).to.equal(true);
    expect(update.callCount).to.equal(0);
  });

  it('renders a window of the newest messages and grows it upward on request, keeping the view still', async () => {
    const el = await withMessages(260);
    expect(el.messages.length).to.equal(260);
    let shown = bubbles(el);
    expect(shown.length).to.equal(100);
    expect(shown.at(-1)).to.equal('message 259');
    const log = el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
    const anchor = el.shadowRoot!.querySelector<HTMLElement>('[part~="message"][part~="agent"]')!;
    const top = anchor.getBoundingClientRect().top;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.older')!.click();
    await el.updateComplete;
    shown = bubbles(el);
    expect(shown.length).to.equal(150);
    expect(shown[0]).to.equal('message 110');
    expect(anchor.isConnected, 'the same node stays (keyed by id)').to.equal(true);
    expect(Math.abs(anchor.getBoundingClientRect().top - top), 'the message read stays where it was').to.be.below(2);
    // New messages while reading older ones leave the window's first message in place.
    FakeTransport.last.agentSays('late news', { channel: { time: '2026-11-26T12:00:00.000Z' } });
    await el.updateComplete;
    expect(bubbles(el)[0]).to.equal('message 110');
    expect(log.scrollTop).to.be.greaterThan(0);
  });
});
