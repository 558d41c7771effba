/**
 * A config.json slower than the launcher's 1.5 s (review C8), from the simulator over real
 * HTTP and a real WebSocket: the launcher shows with the defaults and one config-timeout
 * error, and the file still applies when it lands: its settings reach the engine, even
 * one that was already loaded.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;
const deployment = () => `late-${Date.now().toString(36)}-${++counter}`;
const conversations = (config: Record<string, unknown>) => ({ messenger: { apps: { conversations: config } } });

describe('a late config.json', function () {
  this.timeout(20000);
  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: false });
  });
  afterEach(() => sinon.restore());

  it('shows the launcher at the deadline with one config-timeout, then applies the file when it lands (C8)', async () => {
    sinon.stub(console, 'warn');
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: { ...conversations({ autoStart: { enabled: true }, markdown: { enabled: true } }), messenger: { ...conversations({ autoStart: { enabled: true }, markdown: { enabled: true } }).messenger, styles: { primaryColor: '#aa0000' } } }, delayMs: 2500 });
    const errors: unknown[] = [];
    const started = performance.now();
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" lang="en" @genesys-chat-error=${(e: CustomEvent) => errors.push(e.detail.code)}></genesys-chat>`);
    expect(performance.now() - started, 'the launcher does not wait for the file').to.be.below(2300);
    const launcher = () => el.shadowRoot!.querySelector<HTMLElement>('[part="launcher"]');
    expect(launcher()).to.exist;
    expect(errors).to.deep.equal(['config-timeout']);
    // The file lands: its colour applies, and no second error is said.
    await waitUntil(() => getComputedStyle(launcher()!).backgroundColor === 'rgb(170, 0, 0)', 'the late colour applies', { timeout: 5000 });
    expect(errors).to.deep.equal(['config-timeout']);
    // Its conversation settings too: autoStart sends Join for the new session, markdown renders.
    el.show();
    await waitUntil(() => el.connectionState === 'ready', 'ready', { timeout: 5000 });
    const token = sessionStorage.getItem(`genesys-chat:${dep}:token`)!;
    await waitUntil(async () => (await sim.session(token))!.messages.some((m) => m.direction === 'Inbound' && JSON.stringify(m.events ?? []).includes('"Join"')), 'Join sent (autoStart)');
    await sim.agentMessage({ token, text: 'Your order is **shipped**' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="message"] strong')?.textContent === 'shipped', 'markdown on');
  });

  it("applies a late file to an engine that loaded before it landed (the engine's settings follow the latest file) (C8)", async () => {
    sinon.stub(console, 'warn');
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: conversations({ markdown: { enabled: true } }), delayMs: 2500 });
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" connect="eager" open></genesys-chat>`);
    await waitUntil(() => el.connectionState === 'ready', 'ready before the file lands', { timeout: 5000 });
    const token = sessionStorage.getItem(`genesys-chat:${dep}:token`)!;
    await new Promise((r) => setTimeout(r, 1500)); // the file has landed by now
    await sim.agentMessage({ token, text: 'Now **bold**' });
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="message"] strong')?.textContent === 'bold', 'markdown on after the late file');
  });
});
