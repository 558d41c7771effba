/**
 * The React test, run once per React major (react18.test.ts, react19.test.ts): the test app
 * (test/react/app.tsx) is bundled with esbuild by test/helpers/bundle-plugin.mjs, as a site's
 * bundler would, and driven here against the simulator.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { deployment, loadBundle, typeAndSend } from '../helpers/framework-apps.js';
import type { AppModule } from './app-types.js';

export function reactSuite(name: 'react18' | 'react19', major: number): void {
  describe(`genesys-chat/react with React ${major}`, function () {
    this.timeout(30000);
    let app: AppModule;
    let sim: Simulator;
    let container: HTMLElement;
    let errors: sinon.SinonSpy;

    before(async function () {
      this.timeout(240000); // the first run installs React 18 from the registry
      sim = await simulator();
      await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 5 });
      app = await loadBundle<AppModule>(name);
    });
    beforeEach(() => {
      container = document.body.appendChild(document.createElement('div'));
      errors = sinon.spy(console, 'error');
    });
    afterEach(() => {
      sinon.restore();
      container.remove();
    });

    it(`is React ${major}`, () => {
      expect(app.version.split('.')[0]).to.equal(String(major));
    });

    it('renders, sends, hears the agent through a typed handler, and closes the socket when unmounted', async () => {
      const dep = deployment(name);
      const props = { deploymentId: dep, socketUrl: sim.wsUrl, customAttributes: { orderId: '42' } };
      const view = app.mount(container, props);
      const el = container.querySelector<GenesysChat>('genesys-chat')!;
      expect(el, 'rendered').to.exist;
      expect(view.log.element, 'ref is the element').to.equal(el);
      expect(el.className).to.equal('chat');
      expect(el.deploymentId).to.equal(dep);
      expect(el.customAttributes).to.deep.equal({ orderId: '42' });
      expect(el.heading).to.equal('Support');
      expect(el.rateLimit).to.equal(5);
      expect(el.open, 'open left out').to.not.equal(true);

      view.render({ ...props, open: true });
      expect(el.open, 'open prop reaches the element').to.equal(true);
      await waitUntil(() => el.connectionState === 'ready', 'connected', { timeout: 5000 });
      expect(view.log.states).to.include('ready');
      const token = sessionStorage.getItem(`genesys-chat:${dep}:token`)!;
      expect(token).to.be.a('string');

      await typeAndSend(el, `Hello from React ${major}`);
      expect(view.log.sent).to.deep.equal([`Hello from React ${major}`]);
      const stored = await sim.waitFor((all) => all.find((s) => s.token === token && s.messages.length === 1));
      expect(stored.messages[0]!.text).to.equal(`Hello from React ${major}`);
      expect(stored.messages[0]!.direction).to.equal('Inbound');
      expect(stored.customAttributes).to.deep.include({ orderId: '42' });

      await sim.agentMessage({ token, text: 'Hi, how can I help?' });
      await waitUntil(() => view.log.messages.length === 1, 'typed handler called', { timeout: 5000 });
      expect(view.log.messages[0]!.text).to.equal('Hi, how can I help?');
      expect(view.log.messages[0]!.from).to.equal('agent');
      await waitUntil(() => container.querySelector('#last-message')!.textContent === 'Hi, how can I help?', 'React state updated');

      expect((await sim.session(token))!.connections).to.equal(1);
      view.unmount();
      expect(el.isConnected).to.equal(false);
      expect(container.querySelector('genesys-chat')).to.equal(null);
      await sim.waitFor((all) => all.find((s) => s.token === token)?.connections === 0, { timeout: 5000 });
      expect(errors.args.map(String).filter((a) => /Warning|React/.test(a))).to.deep.equal([]);
    });

    it('sets lang as a property, sound and disable-title-badge as attributes, and takes them away again', async () => {
      const base = { deploymentId: deployment(name), socketUrl: sim.wsUrl };
      const view = app.mount(container, { ...base, lang: 'fr', sound: true, disableTitleBadge: true, disableTyping: true });
      const el = container.querySelector<GenesysChat>('genesys-chat')!;
      expect(el.getAttribute('lang')).to.equal('fr');
      expect(el.getAttribute('sound')).to.equal('');
      expect(el.getAttribute('disable-title-badge')).to.equal('');
      expect(el.hasAttribute('disableTitleBadge'), 'no camelCase attribute').to.equal(false);
      expect(el.disableTyping).to.equal(true);
      expect(el.hasAttribute('disable-typing'), 'a property, not reflected').to.equal(false);

      view.render({ ...base, lang: 'de', sound: false, disableTitleBadge: false, disableTyping: false });
      expect(el.getAttribute('lang')).to.equal('de');
      expect(el.hasAttribute('sound'), 'sound={false}: no attribute (React 18 would write "false")').to.equal(false);
      expect(el.hasAttribute('disable-title-badge')).to.equal(false);
      expect(el.disableTyping).to.equal(false);

      view.render(base);
      expect(el.hasAttribute('lang'), 'lang left out: removed').to.equal(false);
      expect(el.hasAttribute('sound')).to.equal(false);
      view.unmount();
      expect(errors.args.map(String).filter((a) => /Warning|React/.test(a))).to.deep.equal([]);
    });
  });
}
