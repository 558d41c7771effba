/**
 * The deployment's configuration, end to end: the simulator serves a config.json per
 * deployment id over real HTTP, the element reads it before its launcher shows, and every
 * key the widget honours changes what a person sees or what goes over the real WebSocket.
 * The page's attributes and CSS custom properties win over it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type SimSession, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;

const deployment = () => `cfg-${Date.now().toString(36)}-${++counter}`;

interface Mount {
  open?: boolean;
  lang?: string;
  connect?: 'lazy' | 'eager';
  disableTyping?: boolean;
  style?: string;
  errors?: { code: unknown; message: string }[];
}

async function mount(dep: string, o: Mount = {}): Promise<GenesysChat> {
  const errors = o.errors ?? [];
  const el = await fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${dep}
    socket-url=${sim.wsUrl}
    storage="session"
    connect=${o.connect ?? 'eager'}
    lang=${o.lang ?? 'en'}
    style=${o.style ?? ''}
    ?open=${o.open ?? true}
    ?disable-typing=${o.disableTyping ?? false}
    @genesys-chat-error=${(e: CustomEvent) => errors.push(e.detail)}
  ></genesys-chat>`);
  return el;
}

async function ready(el: GenesysChat): Promise<SimSession> {
  await waitUntil(() => el.connectionState === 'ready', 'ready', { timeout: 5000 });
  const token = sessionStorage.getItem(`genesys-chat:${el.deploymentId}:token`)!;
  return (await sim.session(token))!;
}

const q = <T extends Element = HTMLElement>(el: GenesysChat, s: string) => el.shadowRoot!.querySelector<T>(s);
const qa = (el: GenesysChat, s: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];
const conversations = (config: Record<string, unknown>) => ({ messenger: { apps: { conversations: config } } });

describe('the deployment configuration', function () {
  this.timeout(20000);

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: false });
  });
  afterEach(() => sinon.restore());

  it('takes its primary colour as the accent, and readable text on it; the page CSS wins', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: { messenger: { styles: { primaryColor: '#ffeb3b' } } } });
    const el = await mount(dep, { open: false, connect: 'lazy' });
    const launcher = q(el, '[part="launcher"]')!;
    expect(getComputedStyle(launcher).backgroundColor).to.equal('rgb(255, 235, 59)');
    // Dark text on the light colour (computed in CSS from the accent).
    expect(getComputedStyle(launcher).color).to.equal('oklch(0 0 0)');

    const dep2 = deployment();
    await sim.setConfig({ deploymentId: dep2, config: { messenger: { styles: { primaryColor: '#ffeb3b' } } } });
    const themed = await mount(dep2, { open: false, connect: 'lazy', style: '--genesys-chat-accent: #123456' });
    const themedLauncher = q(themed, '[part="launcher"]')!;
    expect(getComputedStyle(themedLauncher).backgroundColor).to.equal('rgb(18, 52, 86)');
    expect(getComputedStyle(themedLauncher).color).to.equal('oklch(1 0 0)');
  });

  it('shows no launcher before config.json answers; then this page session\'s copy at once, updated when the file changed', async () => {
    const dep = deployment();
    const place = () => {
      const el = document.createElement('genesys-chat');
      el.setAttribute('deployment-id', dep);
      el.setAttribute('socket-url', sim.wsUrl);
      el.setAttribute('storage', 'session');
      document.body.append(el);
      return el;
    };
    const background = (el: GenesysChat) => getComputedStyle(q(el, '[part="launcher"]')!).backgroundColor;
    await sim.setConfig({ deploymentId: dep, config: { messenger: { styles: { primaryColor: '#aa0000' } } }, delayMs: 400 });
    const el = place();
    await new Promise((r) => setTimeout(r, 150));
    expect(q(el, '[part="launcher"]'), 'nothing before the configuration').to.equal(null);
    await el.updateComplete;
    expect(background(el)).to.equal('rgb(170, 0, 0)');
    el.remove();

    // The next page view of this session: the launcher at once, from this session's copy;
    // the admin has changed the colour meanwhile, which applies as soon as it is read.
    await sim.setConfig({ deploymentId: dep, config: { messenger: { styles: { primaryColor: '#00aa00' } } }, delayMs: 1500 });
    const changed = place();
    const started = performance.now();
    await changed.updateComplete;
    expect(performance.now() - started, 'no wait for the network').to.be.below(1000);
    expect(background(changed), "this session's copy first").to.equal('rgb(170, 0, 0)');
    await waitUntil(() => background(changed) === 'rgb(0, 170, 0)', 'the changed colour applies', { timeout: 6000 });
    changed.remove();
  });

  it('never blocks the chat: slow, failing and malformed answers leave the defaults with one error each', async () => {
    const cases = [
      { setup: { delayMs: 4000, raw: '{}' }, code: 'config-timeout' },
      { setup: { status: 500, raw: 'oops' }, code: 'config-unavailable' },
      { setup: { raw: '{"messenger": {' }, code: 'config-invalid' },
      { setup: { raw: '"just a string"' }, code: 'config-invalid' },
    ];
    for (const c of cases) {
      const dep = deployment();
      await sim.setConfig({ deploymentId: dep, ...c.setup });
      const errors: { code: unknown; message: string }[] = [];
      const started = performance.now();
      const el = await mount(dep, { errors });
      expect(performance.now() - started, c.code).to.be.below(3500);
      expect(q(el, '[part="launcher"]'), c.code).to.exist;
      expect(errors.map((e) => e.code), c.code).to.deep.equal([c.code]);
      await ready(el);
      el.remove();
    }
  });

  it('does not appear when Messenger is off or the deployment is not Active, and says why', async () => {
    for (const config of [{ messenger: { enabled: false } }, { status: 'Inactive' }]) {
      const dep = deployment();
      await sim.setConfig({ deploymentId: dep, config });
      const warn = sinon.stub(console, 'warn');
      const errors: { code: unknown; message: string }[] = [];
      const el = await mount(dep, { errors });
      el.show();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 200));
      expect(el.shadowRoot!.children.length, JSON.stringify(config)).to.equal(0);
      expect(errors.map((e) => e.code)).to.deep.equal(['deployment-disabled']);
      expect(warn.calledWithMatch(/deployment-disabled/)).to.equal(true);
      expect(el.connectionState, 'no connection either').to.equal('idle');
      warn.restore();
    }
  });

  it('hides the launcher when its visibility is Off; show() still opens the chat', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: { messenger: { launcherButton: { visibility: 'Off' } } } });
    const el = await mount(dep, { open: false, connect: 'lazy' });
    expect(q(el, '[part="launcher"]')).to.equal(null);
    el.show();
    await el.updateComplete;
    expect(q(el, '[part="panel"]')!.hidden).to.equal(false);
    await ready(el);
  });

  it("hides the agent's typing when showAgentTypingIndicator is false", async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: conversations({ showAgentTypingIndicator: false }) });
    const el = await mount(dep);
    const s = await ready(el);
    const typing = sinon.spy();
    el.addEventListener('genesys-chat-typing', typing);
    await sim.agentTyping({ token: s.token });
    await sim.agentMessage({ token: s.token, text: 'after typing' });
    await waitUntil(() => el.messages.some((m) => m.text === 'after typing'));
    expect(typing.called).to.equal(false);
    expect(q(el, '[part="typing-indicator"]')).to.equal(null);
    expect(q(el, '#typing-news')!.textContent!.trim()).to.equal('');
  });

  it("sends no typing when showUserTypingIndicator is false, and disable-typing still wins when it is true", async () => {
    for (const [config, disableTyping, expected] of [
      [false, false, 0],
      [true, true, 0],
      [true, false, 1],
    ] as const) {
      const dep = deployment();
      await sim.setConfig({ deploymentId: dep, config: conversations({ showUserTypingIndicator: config }) });
      const el = await mount(dep, { disableTyping });
      const s = await ready(el);
      const input = q<HTMLTextAreaElement>(el, '[part="input"]')!;
      input.value = 'hello';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      el.send('hello');
      await waitUntil(async () => (await sim.session(s.token))!.messages.some((m) => m.text === 'hello'));
      expect((await sim.session(s.token))!.typingReceived.length, `config ${config}, disable-typing ${disableTyping}`).to.equal(expected);
      el.remove();
    }
  });

  it('keeps the composer after the agent ends with disconnect mode Send; ReadOnly ends it', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: conversations({ conversationDisconnect: { enabled: true, type: 'Send' } }) });
    const el = await mount(dep);
    const s = await ready(el);
    await sim.disconnect({ token: s.token, readOnly: false });
    await waitUntil(() => q(el, '.divider')?.textContent!.includes('ended'), 'the end, once, as a divider');
    expect(q(el, '[part="status"]')!.textContent!.trim()).to.equal('');
    expect(q(el, '[part="input"]')).to.exist;
    expect(q(el, '.ended')).to.equal(null);
    expect(el.send('one more thing')).to.equal(true);
    await waitUntil(async () => (await sim.session(s.token))!.messages.some((m) => m.text === 'one more thing'));
    await el.updateComplete;
    expect(q(el, '.divider'), 'writing again: the conversation goes on').to.equal(null);

    const dep2 = deployment();
    const other = await mount(dep2);
    const s2 = await ready(other);
    await sim.disconnect({ token: s2.token });
    await waitUntil(() => other.connectionState === 'read-only');
    await other.updateComplete;
    expect(q(other, '[part="input"]')).to.equal(null);
    expect(q(other, '.ended button')!.textContent).to.equal('Start a new conversation');
    expect(qa(other, '.divider')).to.have.length(1);
    expect(q(other, '[part="status"]')!.textContent!.trim(), 'said once').to.equal('');
  });

  it('offers "Clear conversation" only when the deployment allows it, and asks first', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: conversations({ conversationClear: { enabled: true } }) });
    const el = await mount(dep);
    const s = await ready(el);
    await sim.agentMessage({ token: s.token, text: 'something private' });
    await waitUntil(() => el.messages.length === 1);
    const clear = qa(el, 'header button').find((b) => b.getAttribute('aria-label') === 'Clear conversation')!;
    expect(clear).to.exist;
    clear.click();
    await el.updateComplete;
    const confirm = q(el, '.confirm')!;
    expect(confirm.textContent).to.include('Delete this conversation');
    expect(el.messages).to.have.length(1);
    q<HTMLButtonElement>(el, '.confirm .danger')!.click();
    await waitUntil(() => el.messages.length === 0 && el.connectionState === 'ready', 'cleared and reconnected', { timeout: 8000 });
    const fresh = sessionStorage.getItem(`genesys-chat:${dep}:token`);
    expect(fresh).not.to.equal(s.token);
  });

  it('hides the clear action when clearing is off; clearConversation() reports the refusal and keeps the messages', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: conversations({ conversationClear: { enabled: false } }) });
    const errors: { code: unknown; message: string }[] = [];
    const el = await mount(dep, { errors });
    const s = await ready(el);
    expect(qa(el, 'header button').map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Close chat']);
    await sim.agentMessage({ token: s.token, text: 'keep me' });
    await waitUntil(() => el.messages.length === 1);
    el.clearConversation();
    await waitUntil(() => errors.length > 0, 'refusal reported');
    expect(errors[0]!.code).to.equal(403);
    expect(errors[0]!.message).to.include('clearing');
    expect(el.messages.map((m) => m.text)).to.deep.equal(['keep me']);
  });

  it('sends Presence Join right after a new session when autoStart is on, and not on resume', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: conversations({ autoStart: { enabled: true } }) });
    const el = await mount(dep, { open: false });
    const s = await ready(el);
    const joins = async () =>
      (await sim.session(s.token))!.messages.filter((m) => m.direction === 'Inbound' && JSON.stringify(m.events ?? []).includes('"Join"')).length;
    await waitUntil(async () => (await joins()) === 1, 'Join sent');
    el.remove();
    const again = await mount(dep, { open: false });
    await ready(again);
    await new Promise((r) => setTimeout(r, 300));
    expect(await joins(), 'a resumed session sends no second Join').to.equal(1);

    const quiet = deployment();
    const other = await mount(quiet, { open: false });
    const s2 = await ready(other);
    await new Promise((r) => setTimeout(r, 300));
    expect((await sim.session(s2.token))!.messages.filter((m) => m.direction === 'Inbound')).to.have.length(0);
  });

  it('renders agent markdown when the deployment turns it on, and plain text otherwise', async () => {
    for (const markdown of [true, false]) {
      const dep = deployment();
      await sim.setConfig({ deploymentId: dep, config: conversations({ markdown: { enabled: markdown } }) });
      const el = await mount(dep);
      const s = await ready(el);
      await sim.agentMessage({ token: s.token, text: 'Your order is **shipped**. [Track it](https://example.com/track)' });
      await waitUntil(() => el.messages.length === 1);
      await waitUntil(() => !markdown || !!q(el, '[part~="message"] strong'), 'markdown chunk rendered');
      const bubble = q(el, '[part~="message"][part~="agent"]')!;
      if (markdown) {
        expect(bubble.querySelector('strong')!.textContent).to.equal('shipped');
        expect(bubble.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/track');
      } else {
        expect(bubble.querySelector('strong')).to.equal(null);
        expect(bubble.textContent).to.include('**shipped**');
      }
      el.remove();
    }
  });

  it("speaks the browser's best match among the deployment's languages, else its default", async () => {
    const root = document.documentElement;
    const pageLang = root.getAttribute('lang');
    root.removeAttribute('lang');
    try {
      const preferred = navigator.languages[0]!;
      const cases: [string[], string, string][] = [
        [[preferred.toLowerCase(), 'de'], 'de', 'Send message'],
        [['de', 'fr'], 'fr', 'Envoyer le message'],
      ];
      for (const [languages, defaultLanguage, send] of cases) {
        const dep = deployment();
        await sim.setConfig({ deploymentId: dep, config: { languages, defaultLanguage } });
        const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" open></genesys-chat>`);
        expect(q(el, '[part="send-button"]')!.getAttribute('aria-label'), languages.join()).to.equal(send);
        el.remove();
      }
      // The page's lang wins over the deployment's languages.
      const dep = deployment();
      await sim.setConfig({ deploymentId: dep, config: { languages: ['fr'], defaultLanguage: 'fr' } });
      const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" lang="de" open></genesys-chat>`);
      expect(q(el, '[part="send-button"]')!.getAttribute('aria-label')).to.equal('Nachricht senden');
      el.remove();
    } finally {
      if (pageLang !== null) root.setAttribute('lang', pageLang);
    }
  });

  it("shows the agent's presence from the service: joined, the header's name and avatar, left", async () => {
    const dep = deployment();
    const el = await mount(dep, { lang: 'fr' });
    const s = await ready(el);
    await sim.agentJoin({ token: s.token, nickname: 'Camille' });
    await waitUntil(() => q(el, '.presence'), 'presence shown');
    expect(q(el, '.presence')!.textContent).to.include('Camille');
    expect(q(el, '.agent-name')!.textContent).to.equal('Camille');
    expect(q<HTMLImageElement>(el, 'header img.avatar')!.src).to.equal(`${sim.httpUrl}/demo/agent-avatar.svg`);
    expect(el.messages.filter((m) => m.presence === 'joined')).to.have.length(1);
    await sim.agentLeave({ token: s.token, nickname: 'Camille' });
    await waitUntil(() => qa(el, '.presence').length === 2, 'left shown');
    expect(q(el, 'header img')).to.equal(null);
    expect(el.connectionState, 'leaving is not the end of the conversation').to.equal('ready');
    // After a reload the presence comes back from history, in order.
    el.remove();
    const again = await mount(dep, { lang: 'fr' });
    await ready(again);
    await waitUntil(() => qa(again, '.presence').length === 2, 'presence from history');
  });
});
