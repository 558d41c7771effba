/**
 * A wrong deployment id, rehearsed locally: the simulator answers an id it does not know as
 * the real service does (config.json 404, the configure refused with 403), and the element
 * shows its misconfigured state: the launcher with the defaults, then, open, "unavailable"
 * with a retry, one `genesys-chat-error` for each refusal, and no session on the service.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;
const deployment = () => `unknown-${Date.now().toString(36)}-${++counter}`;

async function mount(dep: string, errors: { code: unknown; message: string }[]): Promise<GenesysChat> {
  return fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${dep}
    socket-url=${sim.wsUrl}
    storage="none"
    connect="eager"
    lang="en"
    open
    @genesys-chat-error=${(e: CustomEvent) => errors.push(e.detail)}
  ></genesys-chat>`);
}

describe('a deployment id the service does not know', function () {
  this.timeout(20000);

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: false });
  });
  after(() => sim.reset());

  it('shows the misconfigured state: config.json 404 and the refused configure each give an error event, the panel says unavailable, no session is made', async () => {
    const dep = deployment();
    // The test run's simulator serves every id; this one it no longer knows.
    const known = await sim.removeDeployment({ deploymentId: dep });
    expect(known.removed).to.include(dep);
    const errors: { code: unknown; message: string }[] = [];
    const el = await mount(dep, errors);

    await waitUntil(() => el.connectionState === 'failed', 'the session failed', { timeout: 8000 });
    const codes = errors.map((e) => e.code);
    expect(codes).to.include('config-unavailable');
    expect(errors.find((e) => e.code === 'config-unavailable')!.message).to.contain('HTTP 404');
    expect(codes).to.include(403);
    const status = el.shadowRoot!.querySelector('[part="status"]')!;
    // What the status line says when something went wrong is in the rest of the catalog, a
    // chunk loaded with the first such text: it shows once that chunk has arrived.
    await waitUntil(() => status.textContent!.includes('Chat is unavailable right now.'), 'the panel says unavailable', { timeout: 5000 });
    expect(status.querySelector('button'), 'a retry').to.exist;
    // The widget asked (config.json, a configure) and the service made nothing of it.
    expect((await sim.configFetches({ deploymentId: dep })).count).to.be.greaterThan(0);
    expect((await sim.sessions()).some((s) => s.deploymentId === dep)).to.equal(false);
    // A message typed now is refused with its own error, not lost silently.
    expect(el.send('anyone there?')).to.equal(false);
    expect(errors.map((e) => e.code)).to.include('not-connected');
  });

  it('the same page with a deployment the service knows connects (the misconfigured state is the id, nothing else)', async () => {
    const dep = deployment();
    await sim.addDeployment({ deploymentId: dep });
    const errors: { code: unknown; message: string }[] = [];
    const el = await mount(dep, errors);
    await waitUntil(() => el.connectionState === 'ready', 'ready', { timeout: 8000 });
    expect(errors).to.deep.equal([]);
  });
});
