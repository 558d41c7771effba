/**
 * Integration: README's promises against a service that is not kind. The real element over a
 * real WebSocket to the real simulator, with the simulator's opt-in faults doing what the
 * real service does (server/faults.mjs): error frames without a tracingId, echoes that never
 * come, guest metadata dropped, every configure expired, final 4xxx refusals. Each test
 * counts what the service stored, so a lost or doubled message fails it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type SimSession, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;

function deployment(): string {
  counter += 1;
  return `unkind-${Date.now().toString(36)}-${counter}`;
}

async function mount(dep: string): Promise<GenesysChat> {
  const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" connect="eager" open></genesys-chat>`);
  await waitUntil(() => el.connectionState === 'ready', 'widget ready', { timeout: 8000 });
  return el;
}

const tokenOf = (dep: string): string => sessionStorage.getItem(`genesys-chat:${dep}:token`)!;

/** What the service stored from the customer, in order. */
async function stored(dep: string): Promise<string[]> {
  const s: SimSession | undefined = await sim.session(tokenOf(dep));
  return (s?.messages ?? []).filter((m) => m.direction === 'Inbound' && m.type === 'Text').map((m) => m.text ?? '');
}

const statuses = (el: GenesysChat): string[] => el.messages.filter((m) => m.from === 'customer' && !m.divider).map((m) => `${m.text}:${m.status}`);
const settled = (el: GenesysChat) => el.messages.every((m) => m.from !== 'customer' || m.status !== 'sending');

describe('a service that is not kind (simulator faults)', function () {
  this.timeout(60_000);

  before(async () => {
    sim = await simulator();
  });
  beforeEach(async () => {
    await sim.reset();
    await sim.setOptions({ scriptedAgent: false, receipts: false, ratePerSecond: 20 });
    sinon.stub(console, 'warn');
  });
  afterEach(async () => {
    sinon.restore();
    await sim.setOptions({ faults: null });
  });

  it('an error without tracingId (5000 "Request failed.") never blocks the messages after it (C1)', async () => {
    const dep = deployment();
    const el = await mount(dep);
    await sim.setOptions({ faults: { deploymentId: dep, stripTracingIds: true } });
    await sim.failNext({ token: tokenOf(dep), code: 5000, body: 'Request failed.' });
    el.send('one');
    el.send('two');
    el.send('three');
    await waitUntil(() => settled(el), `all settle: ${statuses(el).join(', ')}`, { timeout: 20_000 });
    expect(await stored(dep), 'each once, in order').to.deep.equal(['one', 'two', 'three']);
    expect(statuses(el).map((s) => s.split(':')[1])).to.satisfy((s: string[]) => s.every((x) => x !== 'failed'));
  });

  it('an echo that never comes while the socket stays up: history decides, nothing is sent twice (C1)', async () => {
    const dep = deployment();
    const el = await mount(dep);
    await sim.setOptions({ faults: { deploymentId: dep, swallowEcho: 1 } });
    el.send('swallowed');
    await sim.waitFor((all) => all.find((s) => s.token === tokenOf(dep) && s.messages.some((m) => m.text === 'swallowed')));
    await sim.setOptions({ faults: null });
    el.send('after it');
    // The acknowledgement deadline (15 s) passes, history shows "swallowed": it is confirmed, not resent.
    await waitUntil(() => settled(el), `all settle: ${statuses(el).join(', ')}`, { timeout: 30_000 });
    expect(await stored(dep)).to.deep.equal(['swallowed', 'after it']);
    expect(statuses(el).map((s) => s.split(':')[0])).to.deep.equal(['swallowed', 'after it']);
    expect(statuses(el).every((s) => /:(sent|delivered|read)$/.test(s)), statuses(el).join()).to.equal(true);
  });

  it('a service that keeps no guest metadata: a message whose socket died before its echo is matched by content and time, not sent twice (P1)', async () => {
    const dep = deployment();
    const el = await mount(dep);
    await sim.setOptions({ faults: { deploymentId: dep, metadata: 'none', dropAfterMessage: 1, seed: 3 } });
    el.send('only once');
    await sim.waitFor((all) => all.find((s) => s.token === tokenOf(dep) && s.messages.some((m) => m.text === 'only once')));
    await sim.setOptions({ faults: { deploymentId: dep, metadata: 'none' } });
    await waitUntil(() => el.connectionState === 'ready' && settled(el), `settles: ${statuses(el).join(', ')}`, { timeout: 20_000 });
    expect(await stored(dep)).to.deep.equal(['only once']);
    el.send('next');
    await waitUntil(() => settled(el), 'next settles', { timeout: 10_000 });
    expect(await stored(dep)).to.deep.equal(['only once', 'next']);
  });

  it('every configure answered with 4017 or SessionExpiredEvent: a few connections with backoff, not a storm (C7)', async () => {
    for (const expireSessions of ['4017', 'event'] as const) {
      await sim.setOptions({ faults: { expireSessions } });
      const dep = deployment();
      const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" connect="eager"></genesys-chat>`);
      await new Promise((r) => setTimeout(r, 3000));
      const expired = (await sim.faultStats()).expiredSessions;
      el.remove();
      await sim.setOptions({ faults: null });
      // Before the fix: a new connection per round trip, ~100 a second.
      expect(expired, `${expireSessions}: configures answered in 3 s`).to.be.within(1, 4);
    }
  });

  it('a final 4xxx refusal is sent once and shown failed; retry sends it again (C9)', async () => {
    const dep = deployment();
    const el = await mount(dep);
    await sim.setOptions({ faults: { deploymentId: dep, finalRefusal: 1, finalRefusalCodes: [4020] } });
    const errors: unknown[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail.code));
    el.send('refused for good');
    await waitUntil(() => el.messages.some((m) => m.status === 'failed'), 'shown failed', { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await sim.faultStats()).finalRefusals, 'sent once, not retried as transient').to.equal(1);
    expect(errors).to.deep.equal([4020]);
    await sim.setOptions({ faults: null });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await waitUntil(() => settled(el) && !el.messages.some((m) => m.status === 'failed'), 'retried', { timeout: 10_000 });
    expect(await stored(dep)).to.deep.equal(['refused for good']);
  });

  it('a session that expires keeps the earlier messages above a divider, and the next message starts the new one (§3)', async () => {
    const dep = deployment();
    const el = await mount(dep);
    el.send('before');
    await waitUntil(() => settled(el), 'first sent');
    const oldToken = tokenOf(dep);
    await sim.expire({ token: oldToken });
    await waitUntil(() => el.messages.some((m) => m.divider === 'session-expired'), 'divider', { timeout: 10_000 });
    await waitUntil(() => el.connectionState === 'ready', 'new session', { timeout: 10_000 });
    expect(el.messages.some((m) => m.text === 'before'), 'earlier messages stay').to.equal(true);
    const divider = el.shadowRoot!.querySelector('[data-divider="session-expired"]');
    expect(divider, 'the divider is drawn').not.to.equal(null);
    expect(tokenOf(dep)).not.to.equal(oldToken);
    el.send('after');
    await waitUntil(() => settled(el), 'second sent');
    expect(await stored(dep), 'the new session has only the new message').to.deep.equal(['after']);
  });
});
