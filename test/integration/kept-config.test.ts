/**
 * config.json kept across visits (issue 16, a first impression as fast as a bare Lit
 * element): a returning visitor's launcher paints at once from the copy the last visit kept
 * in the element's storage, the fresh file is read behind it and replaces it; a kept copy is
 * checked as the network's answer is, and `storage="none"` keeps nothing. Over real HTTP to
 * the simulator, whose config.json is held back so that "before it answers" is observable.
 *
 * A next visit is a new tab: its sessionStorage is empty, its localStorage is the last
 * visit's. The tests drop the deployment's sessionStorage keys between visits to be that tab
 * (not sessionStorage.clear(): the test runner keeps its own state there).
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;
const deployment = () => `kept-${Date.now().toString(36)}-${++counter}`;
const colour = (primaryColor: string) => ({ messenger: { styles: { primaryColor } } });
const keptKey = (dep: string) => `genesys-chat:${dep}:config-kept`;

/** Places an element as a page would (not awaited: the launcher's wait is what is measured). */
function place(dep: string, storage: string, errors: { code: unknown; message: string }[] = []): GenesysChat {
  const el = document.createElement('genesys-chat') as GenesysChat;
  el.setAttribute('deployment-id', dep);
  el.setAttribute('socket-url', sim.wsUrl);
  el.setAttribute('storage', storage);
  el.addEventListener('genesys-chat-error', (e) => errors.push((e as CustomEvent).detail));
  document.body.append(el);
  return el;
}
// (Compared as booleans: a failing assertion on an element itself disconnects the test browser.)
const launcher = (el: GenesysChat) => el.shadowRoot?.querySelector<HTMLElement>('[part="launcher"]') ?? null;
const background = (el: GenesysChat) => getComputedStyle(launcher(el)!).backgroundColor;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A next visit's tab: this tab's sessionStorage of the deployment is gone, localStorage stays. */
const newTab = (dep: string) => {
  for (const k of Object.keys(sessionStorage)) if (k.startsWith(`genesys-chat:${dep}:`)) sessionStorage.removeItem(k);
};
/** The keys this deployment has in both storage areas. */
const keysOf = (dep: string) =>
  [localStorage, sessionStorage].flatMap((area) => Object.keys(area).filter((k) => k.startsWith(`genesys-chat:${dep}:`)));

describe('config.json kept across visits', function () {
  this.timeout(20000);
  const used: string[] = [];
  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: false });
  });
  afterEach(() => {
    sinon.restore();
    for (const dep of used.splice(0)) for (const area of [localStorage, sessionStorage]) area.removeItem(keptKey(dep));
  });

  it("paints a returning visitor's launcher before config.json answers, in the kept colour, then applies the fresh file", async () => {
    const dep = deployment();
    used.push(dep);
    // The first visit waits for the file (as before: nothing is kept yet).
    await sim.setConfig({ deploymentId: dep, config: colour('#aa0000'), delayMs: 300 });
    const first = place(dep, 'local');
    await wait(100);
    expect(!launcher(first), 'a first visit waits for the file').to.equal(true);
    await waitUntil(() => launcher(first), 'the first visit shows its launcher', { timeout: 5000 });
    expect(background(first)).to.equal('rgb(170, 0, 0)');
    first.remove();
    const kept = JSON.parse(localStorage.getItem(keptKey(dep))!);
    expect(kept.url).to.match(/\/config\.json$/);
    expect(kept.at, 'the time it was read').to.be.within(Date.now() - 10_000, Date.now());
    expect(kept.body.messenger.styles.primaryColor).to.equal('#aa0000');

    // The next visit, in a new tab; the admin changed the colour and the CDN is slow.
    newTab(dep);
    await sim.setConfig({ deploymentId: dep, config: colour('#00aa00'), delayMs: 1200 });
    const before = (await sim.configFetches({ deploymentId: dep })).count;
    const errors: { code: unknown; message: string }[] = [];
    const next = place(dep, 'local', errors);
    const started = performance.now();
    await next.updateComplete;
    expect(!!launcher(next), 'the launcher at once').to.equal(true);
    expect(performance.now() - started, 'no wait for the network').to.be.below(600);
    expect(background(next), 'in the kept colour').to.equal('rgb(170, 0, 0)');
    // The fresh file is read behind it, applies when it lands, and replaces the kept one.
    await waitUntil(async () => (await sim.configFetches({ deploymentId: dep })).count > before, 'read again');
    await waitUntil(() => background(next) === 'rgb(0, 170, 0)', 'the fresh colour applies', { timeout: 6000 });
    expect(JSON.parse(localStorage.getItem(keptKey(dep))!).body.messenger.styles.primaryColor).to.equal('#00aa00');
    expect(errors).to.deep.equal([]);
    next.remove();
  });

  it('ignores a malformed or hostile kept copy with a log line and an error event, and waits for the file as a first visit', async () => {
    const cases = [
      { name: 'not JSON', kept: () => '{"url": "' },
      { name: 'not an object', kept: () => '[1, 2, 3]' },
      { name: 'no time', kept: (url: string) => JSON.stringify({ url, body: colour('#0000aa') }) },
      // A value no fetched copy could have been kept with: it would close the declaration.
      { name: 'hostile colour', kept: (url: string) => JSON.stringify({ url, at: Date.now(), body: colour('red;background:url(javascript:alert(1))') }) },
      { name: 'body not an object', kept: (url: string) => JSON.stringify({ url, at: Date.now(), body: 'red' }) },
    ];
    for (const c of cases) {
      const dep = deployment();
      used.push(dep);
      const warn = sinon.stub(console, 'warn');
      await sim.setConfig({ deploymentId: dep, config: colour('#00aa00'), delayMs: 300 });
      const url = `${new URL(sim.wsUrl.replace(/^ws/, 'http')).origin}/webdeployments/v1/deployments/${dep}/config.json`;
      localStorage.setItem(keptKey(dep), c.kept(url));
      const errors: { code: unknown; message: string }[] = [];
      const el = place(dep, 'local', errors);
      await wait(100);
      expect(!launcher(el), `${c.name}: no launcher from it`).to.equal(true);
      expect(errors.map((e) => e.code), c.name).to.deep.equal(['config-invalid']);
      expect(errors[0]!.message, c.name).to.match(/kept copy/);
      expect(warn.calledWithMatch(/\[genesys-chat\] config-invalid: .*kept copy/), `${c.name}: a log line`).to.equal(true);
      await waitUntil(() => launcher(el), `${c.name}: the launcher once the file answers`, { timeout: 5000 });
      expect(background(el), c.name).to.equal('rgb(0, 170, 0)');
      expect(JSON.parse(localStorage.getItem(keptKey(dep))!).body.messenger.styles.primaryColor, `${c.name}: replaced`).to.equal('#00aa00');
      expect(errors.length, c.name).to.equal(1);
      el.remove();
      sinon.restore();
    }
  });

  it('keeps nothing with storage="none", and does not read what a local visit kept', async () => {
    const dep = deployment();
    used.push(dep);
    await sim.setConfig({ deploymentId: dep, config: colour('#aa0000'), delayMs: 300 });
    const none = place(dep, 'none');
    await waitUntil(() => launcher(none), 'the launcher', { timeout: 5000 });
    expect(background(none)).to.equal('rgb(170, 0, 0)');
    expect(keysOf(dep), 'nothing stored').to.deep.equal([]);
    none.remove();

    // A local visit keeps the file; a storage="none" element of the same deployment still waits.
    const local = place(dep, 'local');
    await waitUntil(() => launcher(local), 'the launcher', { timeout: 5000 });
    local.remove();
    expect(localStorage.getItem(keptKey(dep))).to.be.a('string');
    newTab(dep);
    const again = place(dep, 'none');
    await wait(100);
    expect(!launcher(again), 'storage="none" waits for the file').to.equal(true);
    await waitUntil(() => launcher(again), 'the launcher', { timeout: 5000 });
    again.remove();
  });
});
