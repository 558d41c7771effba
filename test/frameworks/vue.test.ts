/**
 * The Vue example of docs/vue.md (test/frameworks/vue-app.ts), bundled with esbuild and
 * Vue's runtime template compiler, against the simulator: the element appears, the
 * `customAttributes` property binding reaches it (and the agent side), and the
 * `@genesys-chat-message` listener fires for an agent message.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { loadBundle, typeAndSend } from '../helpers/framework-apps.js';
import type { mountExample } from './vue-app.js';

describe('the Vue example', function () {
  this.timeout(30000);
  let vue: { mountExample: typeof mountExample };
  let sim: Simulator;

  before(async function () {
    this.timeout(120000);
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 5 });
    vue = await loadBundle('vue');
  });
  afterEach(() => sinon.restore());

  it('renders the element, binds customAttributes as a property, and hears the agent through @genesys-chat-message', async () => {
    const warn = sinon.spy(console, 'warn');
    const target = document.body.appendChild(document.createElement('div'));
    const deploymentId = `vue-${Date.now().toString(36)}`;
    const example = vue.mountExample(target, { deploymentId, socketUrl: sim.wsUrl });
    const el = target.querySelector<GenesysChat>('genesys-chat')!;
    expect(el, 'the element appears').to.exist;
    expect(el.shadowRoot, 'upgraded').to.exist;
    expect(el.deploymentId).to.equal(deploymentId);
    expect(el.customAttributes, 'a property, not an attribute').to.deep.equal({ orderId: '1234' });
    expect(el.hasAttribute('customattributes')).to.equal(false);
    expect(warn.args.map(String).filter((a) => a.includes('[Vue warn]')), 'isCustomElement: no "failed to resolve component"').to.deep.equal([]);

    example.customAttributes.value = { orderId: '5678', plan: 'gold' };
    await waitUntil(() => el.customAttributes.orderId === '5678', 'the binding follows the ref');
    await waitUntil(() => el.connectionState === 'ready', 'connected', { timeout: 5000 });
    const token = sessionStorage.getItem(`genesys-chat:${deploymentId}:token`)!;
    await typeAndSend(el, 'Hello from Vue');
    const stored = await sim.waitFor((all) => all.find((s) => s.token === token && s.messages.length === 1));
    expect(stored.customAttributes).to.deep.include({ orderId: '5678', plan: 'gold' });

    await sim.agentMessage({ token, text: 'Hello, Vue' });
    await waitUntil(() => example.messages.value.length === 1, 'listener fired', { timeout: 5000 });
    expect(example.messages.value).to.deep.equal(['Hello, Vue']);
    await waitUntil(() => target.querySelector('.agent-said')!.textContent === 'Hello, Vue', 'rendered by Vue');

    example.app.unmount();
    await sim.waitFor((all) => all.find((s) => s.token === token)?.connections === 0, { timeout: 5000 });
    target.remove();
  });
});
