import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import type { ClientFrame } from '../src/protocol/types.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);

async function chat(attrs: { open?: boolean; disableTyping?: boolean } = {}): Promise<GenesysChat> {
  const el = await fixture<GenesysChat>(html`<genesys-chat
    deployment-id="dep-1"
    socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
    storage="none"
    ?open=${attrs.open ?? true}
    ?disable-typing=${attrs.disableTyping ?? false}
    .transportFactory=${factory}
  ></genesys-chat>`);
  return el;
}

/** `[part~=a][part~=b]` for a space-separated list of part names. */
const partSelector = (names: string) => names.split(' ').map((n) => `[part~="${n}"]`).join('');

function part(el: GenesysChat, name: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(partSelector(name));
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

function parts(el: GenesysChat, name: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(partSelector(name))];
}

async function type(el: GenesysChat, text: string): Promise<void> {
  const input = part(el, 'input') as HTMLTextAreaElement;
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function pressEnter(el: GenesysChat, shiftKey = false): Promise<void> {
  part(el, 'input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey, bubbles: true, composed: true, cancelable: true }));
  await el.updateComplete;
}

function textFrames(t: FakeTransport) {
  return t.sent.filter((f): f is Extract<ClientFrame, { action: 'onMessage' }> => f.action === 'onMessage' && f.message.type === 'Text');
}

describe('<genesys-chat>', () => {
  beforeEach(() => FakeTransport.reset());
  afterEach(() => sinon.restore());

  it('connects at once and configures the session with the deployment id and a token', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    expect(t.options.socketUrl).to.equal('ws://127.0.0.1:1/v1?deploymentId=dep-1');
    expect(t.options.apiUrl).to.equal('http://127.0.0.1:1');
    const ready = oneEvent(el, 'genesys-chat-ready');
    t.ready();
    expect((await ready).detail).to.deep.equal({ newSession: true, readOnly: false });
    const configure = t.frames('configureSession')[0] as Extract<ClientFrame, { action: 'configureSession' }>;
    expect(configure.deploymentId).to.equal('dep-1');
    expect(configure.token).to.match(/^[0-9a-f-]{36}$/);
    expect(el.connectionState).to.equal('ready');
  });

  it('resolves the region attribute into the real Genesys hosts', async () => {
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id="dep-2" region="prod-euw2" config-url="/test/fixtures/deployment-config.json" storage="none" connect="eager" .transportFactory=${factory}></genesys-chat>`);
    expect(FakeTransport.last.options.socketUrl).to.equal('wss://webmessaging.euw2.pure.cloud/v1?deploymentId=dep-2');
    expect(FakeTransport.last.options.apiUrl).to.equal('https://api.euw2.pure.cloud');
    el.remove();
  });

  it('fires genesys-chat-state for each connection state', async () => {
    const states: string[] = [];
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id="dep-1" socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json" storage="none" connect="eager"
      .transportFactory=${factory} @genesys-chat-state=${(e: CustomEvent) => states.push(e.detail)}
    ></genesys-chat>`);
    FakeTransport.last.ready();
    el.show();
    await el.updateComplete;
    expect(states).to.deep.equal(['connecting', 'ready']);
    expect(part(el, 'status').textContent).to.equal('');
  });

  it('renders an agent message with nickname, as text, and fires genesys-chat-message', async () => {
    const el = await chat();
    FakeTransport.last.ready();
    const got = oneEvent(el, 'genesys-chat-message');
    FakeTransport.last.agentSays('Hello <b>there</b>');
    const event = await got;
    expect(event.detail.text).to.equal('Hello <b>there</b>');
    await el.updateComplete;
    const bubble = part(el, 'message agent');
    expect(bubble.textContent).to.equal('Hello <b>there</b>');
    expect(bubble.querySelector('b')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('Alex');
  });

  it('never turns hostile server text into markup or script', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    (window as unknown as { pwned?: number }).pwned = 0;
    const vectors = [
      '<img src=x onerror="window.pwned=1">',
      '<script>window.pwned=1</script>',
      '"><svg onload=window.pwned=1>',
      '<a href="javascript:window.pwned=1">click</a>',
    ];
    for (const v of vectors) t.agentSays(v, { channel: { time: new Date().toISOString(), from: { nickname: v } } });
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect((window as unknown as { pwned?: number }).pwned).to.equal(0);
    expect(el.shadowRoot!.querySelectorAll('[part~="log"] img, [part~="log"] script, [part~="log"] svg').length).to.equal(0);
    expect(parts(el, 'message').map((m) => m.textContent)).to.deep.equal(vectors);
  });

  it('sends on Enter, fires genesys-chat-send, and shows sending then sent', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    await type(el, 'Where is my order?');
    const sendEvent = oneEvent(el, 'genesys-chat-send');
    await pressEnter(el);
    expect((await sendEvent).detail).to.deep.equal({ text: 'Where is my order?' });
    const [frame] = textFrames(t);
    expect(frame!.message).to.include({ type: 'Text', text: 'Where is my order?' });
    expect(frame!.tracingId).to.be.a('string');
    await el.updateComplete;
    expect(part(el, 'receipt').dataset['status']).to.equal('sending');
    expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('');
    t.echo(frame!);
    await el.updateComplete;
    expect(part(el, 'receipt').dataset['status']).to.equal('sent');
    expect(parts(el, 'message customer')).to.have.length(1);
  });

  it('clears the input even when Enter comes before the render of the typed text', async () => {
    const el = await chat();
    FakeTransport.last.ready();
    const input = part(el, 'input') as HTMLTextAreaElement;
    input.value = 'quick';
    input.dispatchEvent(new InputEvent('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    await el.updateComplete;
    expect(textFrames(FakeTransport.last)).to.have.length(1);
    expect(input.value).to.equal('');
  });

  it('does not send when genesys-chat-send is cancelled, and Shift+Enter does not send', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    await type(el, 'line one');
    await pressEnter(el, true);
    expect(textFrames(t)).to.have.length(0);
    el.addEventListener('genesys-chat-send', (e) => e.preventDefault(), { once: true });
    await pressEnter(el);
    expect(textFrames(t)).to.have.length(0);
    expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('line one');
  });

  it('holds messages typed while connecting and sends them in order once ready', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    el.send('first');
    el.send('second');
    expect(textFrames(t)).to.have.length(0);
    t.ready();
    expect(textFrames(t).map((f) => (f.message as { text: string }).text)).to.deep.equal(['first']);
    t.echo(textFrames(t)[0]!);
    expect(textFrames(t).map((f) => (f.message as { text: string }).text)).to.deep.equal(['first', 'second']);
  });

  it('sends customAttributes with the first message, then only when they change', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    el.customAttributes = { orderId: 'A-1042' };
    const channels = () => textFrames(t).map((f) => (f.message as { channel?: unknown }).channel);
    for (const text of ['one', 'two']) {
      el.send(text);
      t.echo(textFrames(t).at(-1)!);
    }
    el.customAttributes = { orderId: 'A-2000' };
    el.send('three');
    // Two frames spent the budget's burst; the third goes when a token comes back (≤ 500 ms).
    await waitUntil(() => textFrames(t).length === 3, 'third message sent');
    expect(channels()).to.deep.equal([
      { metadata: { customAttributes: { orderId: 'A-1042' } } },
      undefined,
      { metadata: { customAttributes: { orderId: 'A-2000' } } },
    ]);
  });

  it('marks receipts from the server as delivered and read marks', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    el.send('hi');
    t.echo(textFrames(t)[0]!, 'srv-1');
    const receipt = (status: string) =>
      t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'srv-1', type: 'Receipt', status, direction: 'Outbound', channel: { time: new Date().toISOString() } } });
    receipt('Delivered');
    await el.updateComplete;
    expect(part(el, 'receipt').dataset['status']).to.equal('delivered');
    receipt('Read');
    await el.updateComplete;
    expect(part(el, 'receipt').dataset['status']).to.equal('read');
    receipt('Delivered');
    await el.updateComplete;
    expect(part(el, 'receipt').dataset['status']).to.equal('read');
  });

  it('marks a message failed on 4011 and offers a retry', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    const errors: unknown[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail));
    el.send('too long, says the server');
    const frame = textFrames(t)[0]!;
    t.receive({ type: 'response', class: 'string', code: 4011, body: 'Message length 5000 is larger than 4096', tracingId: frame.tracingId });
    await el.updateComplete;
    expect(part(el, 'receipt').dataset['status']).to.equal('failed');
    expect(errors).to.have.length(1);
    part(el, 'retry').click();
    await el.updateComplete;
    expect(textFrames(t)).to.have.length(2);
    expect(textFrames(t)[1]!.tracingId).to.equal(frame.tracingId);
  });

  it('renders quick replies and answers with a ButtonResponse', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('What would you like to do?', {
      type: 'Structured',
      content: [
        { contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK', action: 'Message' } },
        { contentType: 'QuickReply', quickReply: { text: 'Talk to a person', payload: 'AGENT', action: 'Message' } },
      ],
    });
    await el.updateComplete;
    const buttons = parts(el, 'quick-reply');
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Track my order', 'Talk to a person']);
    buttons[0]!.click();
    const sent = t.frames('Structured')[0] as Extract<ClientFrame, { action: 'onMessage' }>;
    expect(sent.message).to.deep.include({ type: 'Structured', text: 'Track my order' });
    expect((sent.message as { content: unknown[] }).content).to.deep.equal([
      { contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Track my order', payload: 'TRACK' } },
    ]);
  });

  it('shows the agent typing indicator and hides it when the agent message arrives', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    const on = oneEvent(el, 'genesys-chat-typing');
    t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'e1', type: 'Event', direction: 'Outbound', channel: { time: new Date().toISOString() }, events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }] } });
    expect((await on).detail).to.deep.equal({ typing: true });
    await el.updateComplete;
    // A bubble at the end of the log, hidden from screen readers, which hear the live region once.
    const bubble = part(el, 'typing-indicator');
    expect(bubble.textContent).to.contain('is typing');
    expect(bubble.parentElement).to.equal(part(el, 'log'));
    expect(bubble.getAttribute('aria-hidden')).to.equal('true');
    expect(bubble.querySelector('.dots')).to.exist;
    const news = el.shadowRoot!.querySelector('#typing-news')!;
    expect([news.getAttribute('role'), news.getAttribute('aria-live'), news.textContent!.trim()]).to.deep.equal(['status', 'polite', 'Agent is typing…']);
    expect(news.closest('[part="log"]')).to.equal(null);
    const off = oneEvent(el, 'genesys-chat-typing');
    t.agentSays('Here I am');
    expect((await off).detail).to.deep.equal({ typing: false });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="typing-indicator"]')).to.equal(null);
    expect(news.textContent!.trim()).to.equal('');
  });

  it('tells the agent the customer is typing, unless disable-typing is set', async () => {
    const el = await chat();
    FakeTransport.last.ready();
    await type(el, 'h');
    await type(el, 'he');
    expect(FakeTransport.last.frames('Event')).to.have.length(1);

    const quiet = await chat({ disableTyping: true });
    FakeTransport.last.ready();
    await type(quiet, 'hello');
    expect(FakeTransport.last.frames('Event'), JSON.stringify(FakeTransport.last.frames('Event'))).to.have.length(0);
  });

  it('opens from the launcher with an event, but programmatic changes fire nothing', async () => {
    const el = await chat({ open: false });
    const fired: string[] = [];
    for (const n of ['open', 'close']) el.addEventListener(`genesys-chat-${n}`, () => fired.push(n));
    el.open = true;
    await el.updateComplete;
    el.hide();
    el.show();
    el.toggle();
    await el.updateComplete;
    expect(fired).to.deep.equal([]);
    expect(part(el, 'panel').hidden).to.equal(true);
    part(el, 'launcher').click();
    await el.updateComplete;
    expect(fired).to.deep.equal(['open']);
    expect(el.open).to.equal(true);
    expect(part(el, 'launcher').getAttribute('aria-expanded')).to.equal('true');
  });

  it('closes on Escape and returns focus to the launcher', async () => {
    const el = await chat({ open: false });
    part(el, 'launcher').click();
    await el.updateComplete;
    const closed = oneEvent(el, 'genesys-chat-close');
    part(el, 'input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await closed;
    await el.updateComplete;
    expect(el.open).to.equal(false);
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'launcher'), 'focus back on launcher');
  });

  it('reports a wrong attribute with an error event and a log line, without crashing', async () => {
    const warn = sinon.stub(console, 'warn');
    const errors: { code: unknown; message: string }[] = [];
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id="dep-1" region="euw2.pure.cloud" config-url="/test/fixtures/deployment-config.json" storage="none" .transportFactory=${factory}
      @genesys-chat-error=${(e: CustomEvent) => errors.push(e.detail)}
    ></genesys-chat>`);
    expect(errors.length).to.equal(0);
    el.region = 'not a region!';
    await el.updateComplete;
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-config']);
    expect(errors[0]!.message).to.contain('region');
    expect(warn.calledWithMatch(/invalid-config/)).to.equal(true);
    // A widget that cannot work shows visitors nothing (issue 9); a fixed attribute brings it back.
    expect(el.shadowRoot!.querySelector('[part="launcher"]')).to.equal(null);
    el.region = 'euw2.pure.cloud';
    await el.updateComplete;
    expect(part(el, 'launcher')).to.exist;
  });

  it('reconnects with backoff after the socket drops, within 1.3 s the first time', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    sinon.stub(console, 'warn');
    const el = await chat();
    FakeTransport.last.ready();
    const before = FakeTransport.instances.length;
    FakeTransport.last.drop();
    expect(el.connectionState).to.equal('reconnecting');
    await clock.tickAsync(1300);
    expect(FakeTransport.instances.length).to.equal(before + 1);
    FakeTransport.last.ready({ connected: true, newSession: false });
    expect(el.connectionState).to.equal('ready');
    clock.restore();
  });

  it('closes the socket and leaves no timers when removed', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'e1', type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    await type(el, 'typing');
    expect(clock.countTimers()).to.be.greaterThan(0);
    const transports = FakeTransport.instances.length;
    el.remove();
    // The teardown waits a microtask (a move in the DOM is not a departure).
    await Promise.resolve();
    expect(t.closed).to.equal(true);
    expect(clock.countTimers()).to.equal(0);
    clock.restore();
    // A detached element may still finish an update; it must not open a new connection.
    await el.updateComplete;
    expect(FakeTransport.instances.length).to.equal(transports);
  });

  it('reads its theme from --genesys-chat-* custom properties', async () => {
    const el = await chat({ open: false });
    el.style.setProperty('--genesys-chat-accent', 'rgb(1, 2, 3)');
    expect(getComputedStyle(part(el, 'launcher')).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('prints no Lit dev-mode warnings while rendering and updating', async () => {
    const warn = sinon.stub(console, 'warn');
    const el = await chat();
    FakeTransport.last.ready();
    FakeTransport.last.agentSays('hello', { type: 'Structured', content: [{ contentType: 'QuickReply', quickReply: { text: 'ok', payload: 'ok' } }] });
    el.send('hi');
    el.open = false;
    await el.updateComplete;
    el.open = true;
    await el.updateComplete;
    const lit = warn.getCalls().filter((c) => String(c.args[0]).includes('lit.dev/msg'));
    expect(lit.map((c) => String(c.args[0]))).to.deep.equal([]);
  });

  it('leaves the page language alone unless lang is set', async () => {
    const el = await chat();
    expect(el.hasAttribute('lang')).to.equal(false);
    expect(el.hasAttribute('region')).to.equal(false);
    el.lang = 'de';
    await el.updateComplete;
    FakeTransport.last.ready();
    el.send('Hallo');
    await el.updateComplete;
    const receipt = el.shadowRoot!.querySelector('[part="receipt"]')!.textContent!;
    expect(receipt).to.match(/\d{1,2}:\d{2}/);
    expect(receipt).not.to.match(/AM|PM/);
  });

  it('passes an axe audit with the panel open and messages shown', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('Hi! How can I help?');
    el.send('Hello');
    await el.updateComplete;
    // Let the panel's entrance animation finish so contrast is measured at full opacity.
    await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
    await expect(el).shadowDom.to.be.accessible();
  });
});
