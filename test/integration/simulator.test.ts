/**
 * Integration: the real element over a real WebSocket to the real simulator (started by
 * the test runner), with the real IntersectionObserver.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type SimSession, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;

/** A fresh deployment id per test keeps tokens and storage apart. */
function deployment(): string {
  counter += 1;
  return `it-${Date.now().toString(36)}-${counter}`;
}

async function mount(dep: string, opts: { open?: boolean; storage?: string } = {}): Promise<GenesysChat> {
  const el = await fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${dep}
    socket-url=${sim.wsUrl}
    storage=${opts.storage ?? 'session'}
    connect="eager"
    ?open=${opts.open ?? true}
  ></genesys-chat>`);
  await waitUntil(() => el.connectionState === 'ready', 'widget ready', { timeout: 5000 });
  return el;
}

function tokenOf(dep: string, area: Storage = sessionStorage): string {
  return area.getItem(`genesys-chat:${dep}:token`)!;
}

async function session(dep: string, area: Storage = sessionStorage): Promise<SimSession> {
  return (await sim.session(tokenOf(dep, area)))!;
}

function shadow(el: GenesysChat, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

const customerBubbles = (el: GenesysChat) => shadow(el, '[part~="message"][part~="customer"]');
const agentBubbles = (el: GenesysChat) => shadow(el, '[part~="message"][part~="agent"]');

describe('integration with the simulator', function () {
  this.timeout(30000);

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 2 });
  });
  afterEach(() => sinon.restore());

  it('connects, then resumes the same session after a reload with its history', async () => {
    const dep = deployment();
    const first = await mount(dep, { storage: 'local' });
    const token = tokenOf(dep, localStorage);
    expect((await sim.session(token))!.newSessionCount).to.equal(1);
    first.send('Hello from before the reload');
    await sim.waitFor((all) => all.find((s) => s.token === token)?.messages.length === 1);
    await sim.agentMessage({ token, text: 'Welcome back later' });
    await waitUntil(() => agentBubbles(first).length === 1);
    first.remove();

    const second = await mount(dep, { storage: 'local' });
    expect(tokenOf(dep, localStorage)).to.equal(token);
    const s = (await sim.session(token))!;
    expect(s.newSessionCount).to.equal(1, 'resumed, not a new session');
    await waitUntil(() => agentBubbles(second).length === 1 && customerBubbles(second).length === 1, 'history backfilled');
    expect(customerBubbles(second)[0]!.textContent).to.equal('Hello from before the reload');
    // Read again: `s` was taken before the backfill, so its count could still be 0.
    expect((await sim.session(token))!.historyCalls).to.be.greaterThan(0);
    second.remove();
    localStorage.removeItem(`genesys-chat:${dep}:token`);
  });

  it('sends a message that the agent side receives once, with a client id, and shows it sent', async () => {
    const dep = deployment();
    const el = await mount(dep);
    el.send('Where is my parcel?');
    const s = await sim.waitFor((all) => all.find((x) => x.token === tokenOf(dep) && x.messages.length === 1));
    const stored = s.messages[0]!;
    expect(stored.text).to.equal('Where is my parcel?');
    expect(stored.metadata['customMessageId']).to.match(/^[0-9a-f-]{36}$/);
    expect(stored.tracingId).to.be.a('string');
    await waitUntil(() => shadow(el, '[part="receipt"]')[0]?.dataset['status'] !== 'sending', 'echo');
    expect(['sent', 'delivered', 'read']).to.include(shadow(el, '[part="receipt"]')[0]!.dataset['status']);
    expect(customerBubbles(el)).to.have.length(1);
  });

  it('shows the agent typing and hides it when the agent message arrives', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    await sim.agentTyping({ token, duration: 5000 });
    await waitUntil(() => shadow(el, '[part="typing-indicator"]')[0]!.textContent!.includes('typing'), 'indicator shown');
    await sim.agentMessage({ token, text: 'Found it!' });
    await waitUntil(() => agentBubbles(el).length === 1, 'message shown');
    expect(shadow(el, '[part="typing-indicator"]')).to.have.length(0);
  });

  it('tells the agent side that the customer is typing, at most once per 5 s', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const input = shadow(el, '[part="input"]')[0] as HTMLTextAreaElement;
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) {
      input.value = text;
      input.dispatchEvent(new InputEvent('input'));
    }
    const s = await sim.waitFor((all) => all.find((x) => x.token === tokenOf(dep) && x.typingReceived.length > 0));
    await new Promise((r) => setTimeout(r, 300));
    expect((await session(dep)).typingReceived).to.have.length(1);
    expect(s.typingReceived).to.have.length(1);
  });

  it('marks agent messages read once they are seen, as one coalesced receipt', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    const reads: string[][] = [];
    el.addEventListener('genesys-chat-read', (e) => reads.push([...e.detail.ids]));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await sim.agentMessage({ token, text: `Update ${i}` })).id);
    const s = await sim.waitFor((all) => all.find((x) => x.token === token && x.readUpTo === ids[2]), { timeout: 5000 });
    expect(s.receiptsReceived.length).to.be.within(1, 2);
    expect(s.receiptsReceived.at(-1)!.id).to.equal(ids[2]);
    expect(reads.flat()).to.have.members(ids);
  });

  it('sends no receipt while the panel is closed', async () => {
    const dep = deployment();
    const el = await mount(dep, { open: false });
    const token = tokenOf(dep);
    await sim.agentMessage({ token, text: 'Are you there?' });
    await waitUntil(() => el.messages.length === 1);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await session(dep)).receiptsReceived).to.have.length(0);
    expect(shadow(el, '.badge')[0]!.textContent).to.equal('1');
  });

  it('delivers messages typed during an outage exactly once after the reconnect', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    sinon.stub(console, 'warn');
    await sim.refuse({ ms: 1500 });
    await sim.drop({ token });
    await waitUntil(() => el.connectionState === 'reconnecting', 'reconnecting');
    el.send('typed while offline 1');
    el.send('typed while offline 2');
    await waitUntil(() => el.connectionState === 'ready', 'back', { timeout: 15000 });
    const s = await sim.waitFor((all) => all.find((x) => x.token === token && x.messages.length >= 2), { timeout: 8000 });
    await new Promise((r) => setTimeout(r, 500));
    const texts = (await sim.session(token))!.messages.map((m) => m.text);
    expect(texts).to.deep.equal(['typed while offline 1', 'typed while offline 2']);
    expect(s.messages).to.have.length(2);
    await waitUntil(() => shadow(el, '[part="receipt"]').every((r) => r.dataset['status'] !== 'sending'));
    expect(customerBubbles(el)).to.have.length(2);
  });

  it('keeps a message typed while offline across a page reload and delivers it once', async () => {
    const dep = deployment();
    const first = await mount(dep, { storage: 'local' });
    const token = tokenOf(dep, localStorage);
    sinon.stub(console, 'warn');
    await sim.refuse({ ms: 2500 });
    await sim.drop({ token });
    await waitUntil(() => first.connectionState === 'reconnecting');
    first.send('written on a train, then the page reloaded');
    first.remove();
    expect(localStorage.getItem(`genesys-chat:${dep}:outbox`)).to.contain('written on a train');

    const second = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="local" open></genesys-chat>`);
    expect(customerBubbles(second).map((b) => b.textContent)).to.deep.equal(['written on a train, then the page reloaded']);
    await waitUntil(() => second.connectionState === 'ready', 'ready after the refusal', { timeout: 10000 });
    await sim.waitFor((all) => all.find((x) => x.token === token && x.messages.length === 1), { timeout: 5000 });
    await waitUntil(() => shadow(second, '[part="receipt"]')[0]?.dataset['status'] !== 'sending', 'echoed');
    await new Promise((r) => setTimeout(r, 300));
    expect((await sim.session(token))!.messages.map((m) => m.text)).to.deep.equal(['written on a train, then the page reloaded']);
    expect(customerBubbles(second)).to.have.length(1);
    expect(localStorage.getItem(`genesys-chat:${dep}:outbox`)).to.equal(null);
    second.remove();
    localStorage.removeItem(`genesys-chat:${dep}:token`);
  });

  it('does not send again what history shows already arrived', async () => {
    const dep = deployment();
    const el = await mount(dep, { storage: 'local' });
    const token = tokenOf(dep, localStorage);
    sinon.stub(console, 'warn');
    // The message is stored, then the socket dies before its echo reaches the widget.
    await sim.setOptions({ faults: { dropAfterMessage: 1, seed: 7 } } as never).catch(() => undefined);
    el.send('stored but never echoed');
    await sim.waitFor((all) => all.find((x) => x.token === token && x.messages.length === 1), { timeout: 5000 });
    await sim.setOptions({ faults: {} } as never).catch(() => undefined);
    await sim.drop({ token });
    await waitUntil(() => el.connectionState === 'ready' && shadow(el, '[part="receipt"]')[0]?.dataset['status'] !== 'sending', 'resolved', { timeout: 10000 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await sim.session(token))!.messages.filter((m) => m.direction === 'Inbound')).to.have.length(1);
    expect(customerBubbles(el)).to.have.length(1);
    el.remove();
    localStorage.removeItem(`genesys-chat:${dep}:token`);
  });

  it('loads older pages when the log is scrolled to the top', async () => {
    const dep = deployment();
    const first = await mount(dep, { storage: 'local' });
    const token = tokenOf(dep, localStorage);
    for (let i = 0; i < 60; i++) await sim.agentMessage({ token, text: `history line ${i}` });
    await waitUntil(() => first.messages.length === 60);
    first.remove();
    const el = await mount(dep, { storage: 'local' });
    await waitUntil(() => el.messages.length >= 25, 'first page', { timeout: 5000 });
    const log = shadow(el, '[part="log"]')[0]!;
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => el.messages.length >= 50, 'older page', { timeout: 5000 });
    expect(el.messages.map((m) => m.text)).to.include.members(['history line 10', 'history line 59']);
    el.remove();
    localStorage.removeItem(`genesys-chat:${dep}:token`);
  });

  it('survives malformed frames with an error event and keeps working', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    sinon.stub(console, 'warn');
    const errors: unknown[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail));
    for (const frame of ['{not json', '[]', 'null', '{"class":"StructuredMessage","code":200,"body":"x"}', '{"class":"Nope","code":200}', `{"class":"StructuredMessage","code":200,"body":{"id":5}}`]) {
      await sim.inject({ token, frame });
    }
    await waitUntil(() => errors.length >= 4, 'errors reported');
    expect(el.connectionState).to.equal('ready');
    await sim.agentMessage({ token, text: 'Still here' });
    await waitUntil(() => agentBubbles(el).length === 1);
  });

  it('renders hostile text from every server field inert', async () => {
    const dep = deployment();
    const el = await mount(dep);
    const token = tokenOf(dep);
    const w = window as unknown as { xss?: number };
    w.xss = 0;
    const v = '<img src=x onerror="window.xss=1"><script>window.xss=2</script>';
    await sim.agentMessage({ token, text: v, nickname: v, quickReplies: [{ text: v, payload: v }] });
    await waitUntil(() => agentBubbles(el).length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(w.xss).to.equal(0);
    expect(agentBubbles(el)[0]!.textContent).to.equal(v);
    // The only images are the agent's avatar (header, and the face beside the message), from
    // the simulator's own http URL; no script made it in.
    expect(shadow(el, 'script').length).to.equal(0);
    expect(shadow(el, 'img').map((i) => i.getAttribute('src'))).to.deep.equal([`${sim.httpUrl}/demo/agent-avatar.svg`, `${sim.httpUrl}/demo/agent-avatar.svg`]);
    expect(shadow(el, '[part~="message"] img').length).to.equal(0);
    expect(shadow(el, '[part="quick-reply"]')[0]!.textContent).to.equal(v);
  });

  it('passes an axe audit of the open panel with a live conversation', async () => {
    const dep = deployment();
    const el = await mount(dep);
    await sim.agentMessage({ token: tokenOf(dep), text: 'Hi, how can I help?' });
    el.send('I need help');
    await waitUntil(() => agentBubbles(el).length === 1);
    await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
    await expect(el).shadowDom.to.be.accessible();
  });

  it('closes its socket and leaves no timers when removed', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const dep = deployment();
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" open></genesys-chat>`);
    // Real socket events still flow while the clock is fake; poll with microtask-free waits.
    for (let i = 0; i < 200 && el.connectionState !== 'ready'; i++) await new Promise((r) => requestAnimationFrame(r));
    expect(el.connectionState).to.equal('ready');
    expect(clock.countTimers()).to.be.greaterThan(0, 'heartbeat armed');
    el.remove();
    // The teardown waits a microtask (a move in the DOM keeps the session), no longer.
    await Promise.resolve();
    expect(clock.countTimers()).to.equal(0);
    clock.restore();
    const token = tokenOf(dep);
    await sim.waitFor((all) => all.find((s) => s.token === token && s.connections === 0));
  });
});
