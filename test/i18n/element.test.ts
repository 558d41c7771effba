/**
 * The element speaking a language: the catalog chosen by lang (its own or an ancestor's),
 * `strings` overrides, right-to-left layout, times through Intl, and agent presence.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { FakeTransport } from '../helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
const config = '/test/fixtures/deployment-config.json';
/** A deployment with none of the conversation's features on (no clearing, no files, no sign-in). */
const plain = '/test/fixtures/deployment-config-plain.json';

function chat(lang: string | undefined, extra: { strings?: Record<string, unknown>; heading?: string; config?: string } = {}) {
  return fixture<GenesysChat>(html`<genesys-chat
    deployment-id="dep-1"
    socket-url="ws://127.0.0.1:1/v1"
    config-url=${extra.config ?? config}
    storage="none"
    lang=${lang ?? ''}
    heading=${extra.heading ?? ''}
    open
    .strings=${extra.strings ?? {}}
    .transportFactory=${factory}
  ></genesys-chat>`);
}

const q = <T extends HTMLElement = HTMLElement>(el: GenesysChat, s: string) => el.shadowRoot!.querySelector<T>(s)!;

describe('languages in the element', () => {
  beforeEach(() => FakeTransport.reset());
  afterEach(() => sinon.restore());

  it('speaks the language of its lang attribute, times included', async () => {
    const el = await chat('de');
    FakeTransport.last.ready();
    await el.updateComplete;
    expect(q<HTMLTextAreaElement>(el, '[part="input"]').placeholder).to.equal('Nachricht schreiben…');
    expect(q(el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Nachricht senden');
    expect(q(el, '[part="launcher"]').getAttribute('aria-label')).to.equal('Chat schließen');
    expect(q(el, '[part="panel"]').getAttribute('lang')).to.equal('de');
    el.send('Hallo');
    await el.updateComplete;
    const time = el.messages[0]!.time;
    const expected = new Intl.DateTimeFormat('de', { hour: 'numeric', minute: '2-digit' }).format(time);
    expect(q(el, '[part="receipt"]').textContent).to.equal(`Wird gesendet… · ${expected}`);
  });

  it("speaks its nearest ancestor's language, across a shadow root", async () => {
    const outer = await fixture<HTMLElement>(html`<div lang="ja"><section></section></div>`);
    const host = outer.querySelector('section')!;
    const shadow = host.attachShadow({ mode: 'open' });
    const el = document.createElement('genesys-chat');
    Object.assign(el, { transportFactory: factory });
    el.setAttribute('deployment-id', 'dep-1');
    el.setAttribute('socket-url', 'ws://127.0.0.1:1/v1');
    el.setAttribute('config-url', config);
    el.setAttribute('storage', 'none');
    el.setAttribute('open', '');
    shadow.append(el);
    await el.updateComplete;
    expect(q(el, '[part="panel"]').getAttribute('lang')).to.equal('ja');
    expect(q<HTMLTextAreaElement>(el, '[part="input"]').placeholder).to.not.equal('Type a message…');
  });

  it('follows a change of lang at run time', async () => {
    const el = await chat('en');
    expect(q(el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Send message');
    el.setAttribute('lang', 'fr');
    await el.updateComplete;
    expect(q(el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Envoyer le message');
    el.lang = 'es';
    await el.updateComplete;
    expect(q(el, '[part="panel"]').getAttribute('lang')).to.equal('es');
  });

  it('speaks the rest of its catalog with the first feature that needs it, and every later language whole', async () => {
    const el = await chat('de');
    const t = FakeTransport.last;
    t.ready();
    await el.updateComplete;
    el.send('Zu lang, sagt der Dienst');
    const frame = t.frames('onMessage').at(-1) as { tracingId: string };
    t.receive({ type: 'response', class: 'string', code: 4011, body: 'too long', tracingId: frame.tracingId });
    await el.updateComplete;
    // "Not sent" is the core's; its reason and the retry come with the notices, from the rest.
    expect(q(el, '[part="receipt"]').textContent).to.equal('Nicht gesendet: Die Nachricht ist zu lang.Erneut senden');
    el.setAttribute('lang', 'fr');
    await el.updateComplete;
    expect(q(el, '[part="receipt"]').textContent).to.equal('Non envoyé: Le message est trop long.Renvoyer');
  });

  it('loads the rest of its catalog only when the panel first needs it: the status line of a refused session, in Dutch', async () => {
    const warn = sinon.stub(console, 'warn');
    const rest = () => performance.getEntriesByType('resource').some((r) => r.name.includes('/src/i18n/nl.ts'));
    const el = await chat('nl', { config: plain });
    const t = FakeTransport.last;
    t.open();
    await el.updateComplete;
    expect(q(el, '[part="status"]').textContent).to.equal('Verbinden…');
    expect(rest(), 'the rest of the catalog, before anything needs it').to.equal(false);
    t.receive({ type: 'response', class: 'string', code: 4001, body: 'deployment not found' });
    await el.updateComplete;
    expect(el.connectionState).to.equal('failed');
    expect(q(el, '[part="status"]').textContent).to.equal('De chat is op dit moment niet beschikbaar. Opnieuw proberen');
    expect(q(el, '[part="status"] button').textContent).to.equal('Opnieuw proberen');
    expect(rest()).to.equal(true);
    expect(warn.calledWithMatch(/4001/)).to.equal(true);
  });

  it("uses the page's strings over every catalog, and the heading attribute over both", async () => {
    const el = await chat('de', { strings: { placeholder: 'Ask us anything', heading: 'Hilfe' } });
    expect(q<HTMLTextAreaElement>(el, '[part="input"]').placeholder).to.equal('Ask us anything');
    expect(q(el, 'h2').textContent).to.equal('Hilfe');
    el.heading = 'Support';
    await el.updateComplete;
    expect(q(el, 'h2').textContent).to.equal('Support');
    expect(q(el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Nachricht senden');
  });

  it('reports wrong strings keys with one error and keeps the rest', async () => {
    const warn = sinon.stub(console, 'warn');
    const errors: string[] = [];
    const el = await chat('en');
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail.message));
    el.strings = { placeholder: 'Hi', bogus: 'x' } as never;
    await el.updateComplete;
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include('bogus');
    expect(warn.calledWithMatch(/invalid-config/)).to.equal(true);
    expect(q<HTMLTextAreaElement>(el, '[part="input"]').placeholder).to.equal('Hi');
  });

  it('lays out right to left for Arabic and Hebrew: panel, launcher corner, send icon', async () => {
    for (const lang of ['ar', 'he']) {
      const el = await chat(lang);
      await el.updateComplete;
      expect(q(el, '[part="panel"]').getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(el).direction).to.equal('rtl');
      const launcher = q(el, '[part="launcher"]').getBoundingClientRect();
      expect(launcher.left, 'launcher in the left corner').to.be.below(innerWidth / 2);
      const icon = q(el, '[part="send-button"] svg');
      expect(getComputedStyle(icon).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
      el.remove();
    }
    const ltr = await chat('en');
    expect(q(ltr, '[part="launcher"]').getBoundingClientRect().left).to.be.above(innerWidth / 2);
  });

  it('shows agent presence in the log and the current agent in the header, never as unread', async () => {
    const el = await chat('en');
    const t = FakeTransport.last;
    t.ready();
    const presence = (type: string, id: string) =>
      t.receive({
        type: 'message',
        class: 'StructuredMessage',
        code: 200,
        body: {
          id,
          type: 'Event',
          direction: 'Outbound',
          channel: { time: new Date().toISOString(), from: { nickname: 'Alex', image: 'https://example.com/alex.png' } },
          events: [{ eventType: 'Presence', presence: { type } }],
          metadata: {},
        },
      });
    presence('Join', 'p-1');
    await el.updateComplete;
    expect(q(el, '.presence').textContent).to.equal('Alex joined');
    expect(q(el, '.agent-name').textContent).to.equal('Alex');
    expect(q<HTMLImageElement>(el, 'header img.avatar').getAttribute('src')).to.equal('https://example.com/alex.png');
    el.hide();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge'), 'presence is not unread').to.equal(null);
    el.show();
    presence('Disconnect', 'p-2');
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('.presence')].map((p) => p.textContent)).to.deep.equal(['Alex joined', 'Alex left']);
    expect(el.shadowRoot!.querySelector('.agent-name')).to.equal(null);
    expect(el.shadowRoot!.querySelector('header img')).to.equal(null);
  });

  it('words presence in the chosen language', async () => {
    const el = await chat('de');
    const t = FakeTransport.last;
    t.ready();
    t.receive({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      body: { id: 'p-1', type: 'Event', direction: 'Outbound', channel: { time: new Date().toISOString(), from: { nickname: 'Mia' } }, events: [{ eventType: 'Presence', presence: { type: 'Join' } }], metadata: {} },
    });
    await waitUntil(() => el.shadowRoot!.querySelector('.presence'));
    expect(q(el, '.presence').textContent).to.include('Mia');
    expect(q(el, '.presence').textContent).to.not.equal('Mia joined');
  });
});
