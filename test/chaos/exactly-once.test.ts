/**
 * Exactly-once delivery, one fault at a time: the bugs the chaos scenario found, pinned down
 * deterministically (against the simulator, or a FakeTransport under fake timers).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;
const deployment = () => `once-${Date.now().toString(36)}-${++counter}`;
const tokenOf = (dep: string) => sessionStorage.getItem(`genesys-chat:${dep}:token`)!;
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function mount(dep: string): Promise<GenesysChat> {
  const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" open></genesys-chat>`);
  await waitUntil(() => el.connectionState === 'ready', 'ready', { timeout: 5000 });
  return el;
}

/** Receipt statuses the element shows for its customer messages. */
const statuses = (el: GenesysChat) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="receipt"]')].map((r) => r.dataset['status']);

/** The first customer message shows as sent (or a later status). */
const confirmed = (el: GenesysChat) => ['sent', 'delivered', 'read'].includes(statuses(el)[0] ?? '');

async function stored(token: string): Promise<string[]> {
  const s = await sim.session(token);
  return (s?.messages ?? []).filter((m) => m.direction === 'Inbound' && m.type !== 'Event').map((m) => m.text ?? '');
}

describe('exactly once, against the simulator', function () {
  this.timeout(30000);

  before(async () => {
    sim = await simulator();
  });
  beforeEach(async () => {
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 0, faults: null });
  });
  afterEach(() => sinon.restore());
  after(async () => {
    await sim.setOptions({ faults: null, receipts: true, ratePerSecond: 2 });
  });

  it('resends a message refused with a 429 once, even when the 429 arrives twice', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    await sim.setOptions({ faults: { duplicate: 1, deploymentId: dep } });
    await sim.failNext({ token, class: 'TooManyRequestsErrorMessage', retryAfter: 1 });
    el.send('refused once, sent once');
    await waitUntil(() => confirmed(el), 'echoed', { timeout: 5000 });
    await settle();
    expect(await stored(token)).to.deep.equal(['refused once, sent once']);
  });

  it('does not resend the message on the wire when a 429 names another frame', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    // Hold the echo back until the next frame, which is the 429 for something else.
    await sim.setOptions({ receipts: false, faults: { reorder: 1, holdMs: 5000, deploymentId: dep } });
    el.send('on the wire');
    await sim.waitFor((all) => all.find((s) => s.token === token)?.messages.length === 1);
    await sim.inject({
      token,
      frame: {
        type: 'response',
        class: 'TooManyRequestsErrorMessage',
        code: 429,
        tracingId: 'a-receipt-or-typing-frame',
        body: { retryAfter: 0, errorCode: 4029, errorMessage: 'Message rate too high for this session' },
      },
    });
    await waitUntil(() => confirmed(el), 'echoed', { timeout: 5000 });
    await settle();
    expect(await stored(token)).to.deep.equal(['on the wire']);
  });

  it('does not resend a message whose socket died before its echo until history shows it is missing', async () => {
    const dep = deployment();
    sinon.stub(console, 'warn');
    const el = await mount(dep);
    const token = tokenOf(dep);
    // Seed 1: the first drop comes before the echo. History is down as well.
    await sim.setOptions({ faults: { seed: 1, dropAfterMessage: 1, historyFailure: 1, deploymentId: dep } });
    el.send('stored, never echoed');
    await sim.waitFor((all) => all.find((s) => s.token === token)?.messages.length === 1);
    await sim.setOptions({ faults: { historyFailure: 1, deploymentId: dep } });
    expect((await sim.faultStats()).historyFailed).to.equal(0);
    // The widget reconnects and tries to read history; a blind resend would be stored now.
    await waitUntil(async () => (await sim.faultStats()).historyFailed > 0, 'history tried', { timeout: 8000 });
    await settle(500);
    expect(await stored(token)).to.deep.equal(['stored, never echoed']);
    expect(statuses(el)).to.deep.equal(['sending']);
    // History is back: the next check finds the message, which is then shown as sent.
    await sim.setOptions({ faults: null });
    await waitUntil(() => confirmed(el), 'confirmed from history', { timeout: 15000 });
    await settle();
    expect(await stored(token)).to.deep.equal(['stored, never echoed']);
  });
});

describe('exactly once, with a fake transport', () => {
  beforeEach(() => FakeTransport.reset());
  afterEach(() => sinon.restore());

  const textFrames = (t: FakeTransport) =>
    t.sent.filter((f): f is Extract<ClientFrame, { action: 'onMessage' }> => f.action === 'onMessage' && f.message.type === 'Text');

  it('keeps a message through any number of lost connections: a drop is not a failed attempt', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    sinon.stub(console, 'warn');
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id="dep-drops" socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json" storage="none" open
      .transportFactory=${(o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o)}></genesys-chat>`);
    FakeTransport.last.ready();
    el.send('through eight drops');
    expect(textFrames(FakeTransport.last)).to.have.length(1);
    for (let drop = 0; drop < 8; drop++) {
      FakeTransport.last.drop();
      await clock.tickAsync(1400); // the first reconnect waits at most 1.3 s
      const t = FakeTransport.last;
      t.ready({ connected: true, newSession: false });
      await clock.tickAsync(0);
      // The history check: answer getJwt (the JWT is reused while valid); history is empty.
      for (const f of t.frames('getJwt')) {
        t.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: f.tracingId, body: { jwt: 'a.b.c', exp: Math.floor(Date.now() / 1000) + 900 } });
      }
      await clock.tickAsync(0);
      expect(textFrames(t), `resent after drop ${drop + 1}`).to.have.length(1);
    }
    await el.updateComplete;
    expect(statuses(el)).to.deep.equal(['sending']);
    const t = FakeTransport.last;
    t.echo(textFrames(t)[0]!);
    await el.updateComplete;
    expect(statuses(el)).to.deep.equal(['sent']);
    clock.restore();
  });
});
