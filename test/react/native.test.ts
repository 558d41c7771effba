/**
 * React 19 without the wrapper: `<genesys-chat>` in JSX (typed by src/jsx.ts), bundled with
 * esbuild. React 19 sets `customAttributes` as a property, kebab-case names as attributes,
 * and listens for `ongenesys-chat-message`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import type { NativeModule } from './app-types.js';
import { deployment, loadBundle, typeAndSend } from '../helpers/framework-apps.js';

describe('<genesys-chat> in React 19 JSX, without the wrapper', function () {
  this.timeout(30000);
  let app: NativeModule;
  let sim: Simulator;

  before(async function () {
    this.timeout(120000);
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 5 });
    app = await loadBundle<NativeModule>('react19-native');
  });

  it('takes attributes, properties and an on<event> handler, and closes the socket when unmounted', async () => {
    expect(app.version.split('.')[0]).to.equal('19');
    const container = document.body.appendChild(document.createElement('div'));
    const dep = deployment('native');
    const props = { deploymentId: dep, socketUrl: sim.wsUrl, customAttributes: { plan: 'gold' }, disableTitleBadge: true };
    const view = app.mount(container, props);
    const el = container.querySelector<GenesysChat>('genesys-chat')!;
    expect(el.getAttribute('deployment-id')).to.equal(dep);
    expect(el.deploymentId).to.equal(dep);
    expect(el.customAttributes, 'an object goes in as a property').to.deep.equal({ plan: 'gold' });
    expect(el.hasAttribute('customattributes')).to.equal(false);
    expect(el.getAttribute('disable-title-badge')).to.equal('');
    expect(el.open).to.equal(true);
    await waitUntil(() => el.connectionState === 'ready', 'connected', { timeout: 5000 });
    const token = sessionStorage.getItem(`genesys-chat:${dep}:token`)!;

    await typeAndSend(el, 'Hello from JSX');
    const stored = await sim.waitFor((all) => all.find((s) => s.token === token && s.messages.length === 1));
    expect(stored.customAttributes).to.deep.include({ plan: 'gold' });
    await sim.agentMessage({ token, text: 'Native hello' });
    await waitUntil(() => container.querySelector('#native-last')!.textContent === 'Native hello', 'handler called');
    expect(view.received).to.deep.equal(['Native hello']);

    view.render({ ...props, disableTitleBadge: false });
    expect(el.hasAttribute('disable-title-badge'), 'false removes it').to.equal(false);
    view.unmount();
    await sim.waitFor((all) => all.find((s) => s.token === token)?.connections === 0, { timeout: 5000 });
    container.remove();
  });
});
