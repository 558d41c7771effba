/**
 * How the widget looks where it matters: dark pages and phones (Chromium's colour-scheme
 * and viewport emulation), with axe in each, and the unread badge without receipts.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import { visibleBox } from '../src/panel/fullscreen.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);

async function chat(o: { theme?: string; display?: string; open?: boolean; disableReceipts?: boolean; lang?: string } = {}): Promise<GenesysChat> {
  const el = await fixture<GenesysChat>(html`<genesys-chat
    deployment-id="dep-1"
    socket-url="ws://127.0.0.1:1/v1"
    config-url="/test/fixtures/deployment-config.json"
    storage="none"
    theme=${o.theme ?? ''}
    display=${o.display ?? ''}
    lang=${o.lang ?? 'en'}
    ?open=${o.open ?? true}
    ?disable-receipts=${o.disableReceipts ?? false}
    .transportFactory=${factory}
  ></genesys-chat>`);
  if (!o.theme) el.removeAttribute('theme');
  if (!o.display) el.removeAttribute('display');
  await el.updateComplete;
  return el;
}

const q = (el: GenesysChat, s: string) => el.shadowRoot!.querySelector<HTMLElement>(s)!;
const bg = (el: GenesysChat, s: string) => getComputedStyle(q(el, s)).backgroundColor;
/** The panel rises in (0.18 s): axe measures colours once it has. */
const settled = (el: GenesysChat) => Promise.all(el.shadowRoot!.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished));

describe('dark pages', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('follows prefers-color-scheme by default, and theme="light"/"dark" choose', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const auto = await chat();
    expect(bg(auto, '[part="panel"]')).to.equal('rgb(31, 32, 35)');
    expect(getComputedStyle(q(auto, '[part="panel"]')).colorScheme).to.equal('dark');
    const light = await chat({ theme: 'light' });
    expect(bg(light, '[part="panel"]')).to.equal('rgb(255, 255, 255)');

    await emulateMedia({ colorScheme: 'light' });
    const dark = await chat({ theme: 'dark' });
    expect(bg(dark, '[part="panel"]')).to.equal('rgb(31, 32, 35)');
    expect(bg(auto, '[part="panel"]')).to.equal('rgb(255, 255, 255)');
  });

  it('lets the page theme every colour in dark too', async () => {
    const el = await chat({ theme: 'dark' });
    el.style.setProperty('--genesys-chat-bg', '#102030');
    expect(bg(el, '[part="panel"]')).to.equal('rgb(16, 32, 48)');
  });

  it('passes axe in dark, with a conversation', async () => {
    const el = await chat({ theme: 'dark' });
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('Hello from the dark side', { channel: { time: new Date().toISOString(), from: { nickname: 'Alex' } } });
    el.send('Hi there');
    await el.updateComplete;
    await settled(el);
    await expect(el).to.be.accessible();
  });
});

/** Everything a conversation shows at once: groups with faces, a quick reply, a failed message, the agent typing, the "new messages" button. */
async function busy(el: GenesysChat): Promise<void> {
  const t = FakeTransport.last;
  t.ready();
  const from = { nickname: 'Alex' };
  for (let i = 0; i < 12; i++) t.agentSays(`Line ${i}: your order shipped yesterday`, { channel: { time: new Date().toISOString(), from } });
  t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'qr', type: 'Structured', direction: 'Outbound', text: 'Anything else?', channel: { time: new Date().toISOString(), from }, content: [{ contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'T', action: 'Message' } }] } });
  el.send('Hi there');
  await waitUntil(() => t.sent.some((f) => f.action === 'onMessage'));
  const sent = t.sent.find((f) => f.action === 'onMessage') as { tracingId: string };
  t.receive({ type: 'response', class: 'string', code: 4011, body: 'too long', tracingId: sent.tracingId });
  await el.updateComplete;
  const log = q(el, '[part="log"]');
  log.scrollTop = 0;
  log.dispatchEvent(new Event('scroll'));
  await el.updateComplete;
  t.agentSays('One more thing', { channel: { time: new Date().toISOString(), from } });
  t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'typing', type: 'Event', direction: 'Outbound', channel: { time: new Date().toISOString() }, events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }] } });
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot!.querySelector('.pill') && el.shadowRoot!.querySelector('[part="typing-indicator"]'), 'the button and the typing bubble');
  await settled(el);
}

describe('a busy conversation', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('passes axe in light, with faces, a quick reply, a failed message, typing and the new-messages button', async () => {
    const el = await chat({ theme: 'light' });
    await busy(el);
    await expect(el).to.be.accessible();
  });

  it('passes axe in dark, the same conversation', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await chat();
    await busy(el);
    await expect(el).to.be.accessible();
  });

  it('passes axe right to left (Arabic), mirrored: faces on the right, own messages on the left', async () => {
    const el = await chat({ lang: 'ar' });
    await waitUntil(() => q(el, '[part="panel"]')?.getAttribute('dir') === 'rtl', 'the Arabic catalog');
    await busy(el);
    const log = q(el, '[part="log"]').getBoundingClientRect();
    const face = q(el, '.row.agent .face').getBoundingClientRect();
    const own = q(el, '[part~="customer"]').getBoundingClientRect();
    expect(log.right - face.right).to.be.lessThan(20);
    expect(own.left - log.left).to.be.lessThan(20);
    await expect(el).to.be.accessible();
  });
});

describe('motion and focus', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('moves nothing under prefers-reduced-motion: no rise, no blinking dots, no launcher transition', async () => {
    const moving = await chat();
    expect(getComputedStyle(q(moving, '[part="panel"]')).animationName).to.equal('rise');
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await chat();
    await busy(el);
    expect(getComputedStyle(q(el, '[part="panel"]')).animationName).to.equal('none');
    expect(getComputedStyle(q(el, '.dots span')).animationName).to.equal('none');
    expect(getComputedStyle(q(el, '[part="launcher"]')).transitionDuration).to.equal('0s');
  });

  it('rings every control it reaches with Tab: a visible outline of 2 px at least', async () => {
    const el = await chat({ theme: 'light' });
    await busy(el);
    // From the header's first control to the composer; then a button of the page's own stops
    // the walk, so focus never leaves the document (later test files need it).
    const after = document.body.appendChild(document.createElement('button'));
    q(el, '[part="header"] button').focus();
    const seen = new Set<Element>([q(el, '[part="header"] button')]);
    for (let i = 0; i < 20 && document.activeElement !== after; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement;
      if (!active || seen.has(active)) break;
      seen.add(active);
      const style = getComputedStyle(active);
      expect(style.outlineStyle, `${active.tagName} ${active.getAttribute('part') ?? active.className}`).not.to.equal('none');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    }
    after.remove();
    const names = [...seen].map((e) => e.getAttribute('part') ?? e.className);
    expect(names, names.join()).to.include.members(['icon-button', 'log', 'retry', 'input', 'launcher']);
    // The rest (the new-messages button, a message reached with the arrows): focused after
    // keys, as a keyboard user gets there, they ring too.
    for (const control of el.shadowRoot!.querySelectorAll<HTMLElement>('.pill, [part~="message"]')) {
      control.focus();
      expect(el.shadowRoot!.activeElement).to.equal(control);
      expect(getComputedStyle(control).outlineStyle).not.to.equal('none');
    }
    expect(document.hasFocus()).to.equal(true);
  });
});

describe('phones', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    document.documentElement.style.overflow = '';
  });

  it('fills a 375 × 667 screen, hides the launcher, keeps the page still, 16 px input', async () => {
    await setViewport({ width: 375, height: 667 });
    const el = await chat();
    const panel = q(el, '[part="panel"]');
    await waitUntil(() => panel.classList.contains('fullscreen'));
    const box = panel.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 375, 667]);
    expect(getComputedStyle(q(el, '[part="launcher"]')).display).to.equal('none');
    expect(document.documentElement.style.overflow).to.equal('hidden');
    expect(parseFloat(getComputedStyle(q(el, '[part="input"]')).fontSize)).to.be.at.least(16);
    await busy(el);
    // Touch targets: every control of the open chat is 44 × 44 px at least.
    for (const control of el.shadowRoot!.querySelectorAll<HTMLElement>('[part="panel"] button:not([hidden]), [part="input"]')) {
      const box = control.getBoundingClientRect();
      expect([box.width, box.height].every((n) => n >= 44), `${control.className || control.getAttribute('part')} ${box.width}×${box.height}`).to.equal(true);
    }
    await expect(el).to.be.accessible();

    el.hide();
    await el.updateComplete;
    expect(document.documentElement.style.overflow).to.equal('');
    expect(getComputedStyle(q(el, '[part="launcher"]')).display).not.to.equal('none');
  });

  it('is a floating card on a desktop, and full screen there with display="fullscreen"', async () => {
    await setViewport({ width: 1000, height: 700 });
    const card = await chat();
    expect(q(card, '[part="panel"]').classList.contains('fullscreen')).to.equal(false);
    expect(document.documentElement.style.overflow).to.equal('');
    card.remove();
    const full = await chat({ display: 'fullscreen' });
    expect(q(full, '[part="panel"]').getBoundingClientRect().width).to.equal(1000);
  });

  it('follows visualViewport: when a keyboard takes the lower part, the composer stays in sight', async () => {
    await setViewport({ width: 375, height: 667 });
    const el = await chat();
    const panel = q(el, '[part="panel"]');
    await waitUntil(() => panel.classList.contains('fullscreen'));
    await el.updateComplete;
    const viewport = window.visualViewport!;
    // What a phone's visual viewport reports with the keyboard up (no keyboard here).
    Object.defineProperty(viewport, 'height', { configurable: true, get: () => 380 });
    Object.defineProperty(viewport, 'offsetTop', { configurable: true, get: () => 40 });
    try {
      viewport.dispatchEvent(new Event('resize'));
      const box = panel.getBoundingClientRect();
      expect([box.top, box.height]).to.deep.equal([40, 380]);
      expect(q(el, '[part="composer"]').getBoundingClientRect().bottom).to.be.at.most(420);
    } finally {
      delete (viewport as unknown as Record<string, unknown>)['height'];
      delete (viewport as unknown as Record<string, unknown>)['offsetTop'];
    }
    viewport.dispatchEvent(new Event('resize'));
    expect(panel.getBoundingClientRect().height).to.equal(667);
    el.hide();
    await el.updateComplete;
    expect(panel.style.getPropertyValue('--_vv-height')).to.equal('');
  });

  it('fits the panel to the visible viewport (the on-screen keyboard takes the rest)', () => {
    expect(visibleBox({ height: 402.4, offsetTop: 120.6 })).to.deep.equal({ height: '402px', top: '121px' });
    expect(visibleBox({ height: 0, offsetTop: 0 })).to.equal(undefined);
    expect(visibleBox(undefined)).to.equal(undefined);
  });
});
