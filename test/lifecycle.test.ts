/**
 * Session lifecycle (protocol §5) through the element, with a driveable transport:
 * expiry, read-only disconnect and starting over, clearing, closed connections and a
 * refused upgrade.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import type { ClientFrame } from '../src/protocol/types.js';
import type { TransportOptions } from '../src/transport/transport.js';
import { backoffDelay } from '../src/session/reconnect-policy.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: TransportOptions) => new FakeTransport(o);
let dep = 0;

async function chat(): Promise<GenesysChat> {
  dep += 1;
  return fixture<GenesysChat>(html`<genesys-chat deployment-id=${`life-${Date.now()}-${dep}`} socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json" storage="session" open .transportFactory=${factory}></genesys-chat>`);
}

const configure = (t: FakeTransport) => t.frames('configureSession') as Extract<ClientFrame, { action: 'configureSession' }>[];
const texts = (t: FakeTransport) => t.frames('Text').map((f) => (f as { message: { text: string } }).message.text);
const q = (el: GenesysChat, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);

describe('session lifecycle', () => {
  beforeEach(() => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
  });
  afterEach(() => sinon.restore());

  it('starts a fresh session with a new token after SessionExpiredEvent, keeping unsent messages', async () => {
    const el = await chat();
    const first = FakeTransport.last;
    first.ready();
    const oldToken = configure(first)[0]!.token;
    first.receive({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
    await el.updateComplete;
    expect(q(el, '[part="status"]')!.textContent).to.contain('expired');
    el.send('are you still there?');
    const second = FakeTransport.last;
    expect(second).not.to.equal(first);
    second.ready();
    expect(configure(second)[0]!.token).not.to.equal(oldToken);
    expect(texts(second)).to.deep.equal(['are you still there?']);
  });

  for (const code of [4006, 4007]) {
    it(`treats error ${code} as a dead session and starts a new one`, async () => {
      const el = await chat();
      const first = FakeTransport.last;
      first.ready();
      const oldToken = configure(first)[0]!.token;
      first.receive({ type: 'response', class: 'string', code, body: 'session gone' });
      FakeTransport.last.ready();
      expect(FakeTransport.last).not.to.equal(first);
      expect(configure(FakeTransport.last)[0]!.token).not.to.equal(oldToken);
      expect(el.connectionState).to.equal('ready');
    });
  }

  it('disables the composer after a read-only Disconnect and starts a new conversation on request', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('Thanks, bye!');
    t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'd1', type: 'Event', direction: 'Outbound', metadata: { readOnly: 'true' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] } });
    await el.updateComplete;
    expect(el.connectionState).to.equal('read-only');
    expect(q(el, '[part="input"]')).to.equal(null);
    expect(el.send('hello?')).to.equal(false);
    const button = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Start a new conversation'))!;
    button.click();
    expect(t.frames('closeSession')).to.have.length(1);
    t.receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: false, readOnly: true } });
    const again = configure(t).at(-1)!;
    expect(again.startNew).to.equal(true);
    expect(again.token).to.equal(configure(t)[0]!.token, 'same token');
    t.receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true, readOnly: false } });
    await el.updateComplete;
    expect(el.connectionState).to.equal('ready');
    expect(el.messages).to.have.length(0);
    expect(q(el, '[part="input"]')).to.exist;
  });

  it('clears the conversation with Presence Clear, then reconnects on a new token', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('something private');
    el.clearConversation();
    const clear = t.frames('Event').at(-1) as { message: { events: unknown[] } };
    expect(clear.message.events).to.deep.equal([{ eventType: 'Presence', presence: { type: 'Clear' } }]);
    t.receive({ type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
    await el.updateComplete;
    expect(el.messages).to.have.length(0);
    t.receive({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
    expect(FakeTransport.last).not.to.equal(t);
    FakeTransport.last.ready();
    expect(configure(FakeTransport.last)[0]!.token).not.to.equal(configure(t)[0]!.token);
    expect(el.connectionState).to.equal('ready');
  });

  it('ends with a clear error and no reconnect loop on ConnectionClosedEvent', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const errors: { code: unknown }[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail));
    FakeTransport.last.ready();
    FakeTransport.last.receive({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reason: 'signedIn' } });
    expect(el.connectionState).to.equal('closed');
    expect(errors.map((e) => e.code)).to.deep.equal(['connection-closed']);
    const count = FakeTransport.instances.length;
    await clock.tickAsync(120_000);
    expect(FakeTransport.instances.length).to.equal(count);
    clock.restore();
  });

  it('says once that the service cannot be reached when the upgrade keeps being refused, and keeps trying with capped backoff (issue 15 §3)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const errors: { code: unknown }[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail));
    for (let i = 0; i < 10; i++) {
      FakeTransport.last.refuse();
      await clock.tickAsync(31_000);
    }
    expect(el.connectionState).to.equal('reconnecting');
    expect(errors.map((e) => e.code)).to.deep.equal(['service-unreachable']);
    const count = FakeTransport.instances.length;
    FakeTransport.last.refuse();
    await clock.tickAsync(31_000);
    expect(FakeTransport.instances.length).to.equal(count + 1, 'at most 30 s between attempts');
    FakeTransport.last.ready();
    expect(el.connectionState).to.equal('ready');
    clock.restore();
  });

  it('replaces a socket that stops answering echo within 10 s', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const t = FakeTransport.last;
    t.answerEcho = false;
    t.ready();
    await clock.tickAsync(30_000);
    expect(t.frames('echo')).to.have.length(1);
    await clock.tickAsync(9_000);
    expect(el.connectionState).to.equal('ready');
    await clock.tickAsync(1_500);
    expect(el.connectionState).to.equal('reconnecting');
    await clock.tickAsync(1_300);
    expect(FakeTransport.last).not.to.equal(t);
    clock.restore();
  });

  it('checks the socket at once when the tab becomes visible again after a long sleep', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    // A sleeping laptop: the clock jumps without timers firing.
    clock.setSystemTime(Date.now() + 45_000);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(t.frames('echo')).to.have.length(1);
    expect(el.connectionState).to.equal('ready');
    clock.restore();
  });
});

describe('unconfirmed messages', () => {
  beforeEach(() => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
  });
  afterEach(() => sinon.restore());

  it('fires genesys-chat-ready once even if the SessionResponse is duplicated', async () => {
    const el = await chat();
    let ready = 0;
    el.addEventListener('genesys-chat-ready', () => ready++);
    FakeTransport.last.ready();
    FakeTransport.last.receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true } });
    expect(ready).to.equal(1);
  });

  it('resends a message whose socket died once history stays unreadable, instead of holding it forever', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const first = FakeTransport.last;
    first.ready();
    el.send('did this arrive?');
    expect(texts(first)).to.deep.equal(['did this arrive?']);
    first.drop();
    await clock.tickAsync(1300);
    const second = FakeTransport.last;
    second.fetchHistory = () => Promise.reject(new Error('history is down'));
    second.ready({ connected: true, newSession: false });
    // getJwt goes unanswered by this fake service: each check times out, then backs off.
    await clock.tickAsync(5_000);
    expect(texts(second)).to.deep.equal([], 'held while history may still answer');
    await clock.tickAsync(200_000);
    expect(texts(second)).to.deep.equal(['did this arrive?']);
    clock.restore();
  });
});

describe('reconnect backoff', () => {
  it('starts at 1 s, doubles, jitters by ±30 % and never waits more than 30 s', () => {
    const bounds = (attempt: number) => [backoffDelay(attempt, () => 0), backoffDelay(attempt, () => 0.999999)];
    expect(bounds(1)).to.deep.equal([700, 1300]);
    expect(bounds(2)).to.deep.equal([1400, 2600]);
    expect(bounds(3)).to.deep.equal([2800, 5200]);
    expect(bounds(6)[1]).to.equal(30_000);
    expect(bounds(40)).to.deep.equal([21_000, 30_000]);
  });
});
