/**
 * The demo page (index.html, demo/demo.css, demo/demo.js) on a 320 px wide phone: nothing may
 * scroll sideways, not even after the event log has filled with long JSON lines. And the theme
 * switcher: Light and Dark set the widget's `theme`, the brand themes its custom properties.
 *
 * The page is served by the simulator (as `npm start` serves it, under its strict CSP), in an
 * iframe 320 px wide; it is cross-origin to the test page, so the test reaches into it through
 * the `frame-eval` command (test/helpers/frame-plugin.mjs). It loads the built
 * /dist/genesys-chat.min.js: `npm test` builds first; with `npx wtr` alone run `npm run build`.
 */
import { expect } from '@open-wc/testing';
import { typeAndSend, frameAt } from './helpers/frame.js';
import { simulator, type Simulator } from './helpers/sim-client.js';

const PAGE = '/index.html';
const WIDTH = 320;
const TOKEN_KEY = 'genesys-chat:demo-deployment:token';

const { inFrame, frameUntil } = frameAt(PAGE);

/** Loads the demo page in an iframe `width` px wide, with no stored session. */
async function loadDemo(sim: Simulator, width: number): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.width = String(width);
  iframe.height = '640';
  iframe.style.border = '0';
  const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  iframe.src = `${sim.httpUrl}${PAGE}`;
  document.body.append(iframe);
  await loaded;
  await frameUntil(
    `customElements.get('genesys-chat') && document.querySelector('genesys-chat').shadowRoot?.querySelector('[part="launcher"]')`,
    `<genesys-chat> shows its launcher (is ${sim.httpUrl}/dist/genesys-chat.min.js built? run npm run build)`,
  );
  return iframe;
}

describe('the demo page', function () {
  this.timeout(30_000);

  let sim: Simulator;
  let iframe: HTMLIFrameElement | undefined;

  before(async () => {
    sim = await simulator();
  });

  afterEach(async () => {
    // The simulator's origin is shared with other tests (csp.test.ts expects a new visitor).
    if (iframe) await inFrame(`(localStorage.clear(), sessionStorage.clear(), true)`).catch(() => {});
    iframe?.remove();
    iframe = undefined;
  });

  it(`does not scroll sideways at ${WIDTH} px, even with a full event log`, async () => {
    iframe = await loadDemo(sim, WIDTH);
    expect(await inFrame<number>('document.documentElement.clientWidth'), 'the frame is the phone width').to.equal(WIDTH);
    expect(await inFrame<number>('document.documentElement.scrollWidth'), 'scrollWidth before any message').to.be.at.most(WIDTH);

    await inFrame(`(document.querySelector('genesys-chat').show(), true)`);
    await frameUntil(`document.querySelector('genesys-chat').connectionState === 'ready'`, 'the widget connects');
    // The panel is a chunk of its own: ready may come before it has rendered its text field.
    await frameUntil(`!!document.querySelector('genesys-chat').shadowRoot.querySelector('textarea')`, 'the panel renders');
    const text = 'Hello, where is my order? It was due on Monday and the tracking page has said "in transit" since.';
    // Typed and sent as a person does, so the page's log gets its genesys-chat-send line too.
    await inFrame(typeAndSend(text));
    const token = await inFrame<string>(`localStorage.getItem('${TOKEN_KEY}')`);
    expect(token, 'session token').to.be.a('string');
    await sim.waitFor((all) => all.find((s) => s.token === token)?.messages.some((m) => m.direction === 'Inbound' && m.text === text), { timeout: 5000 });
    // An agent answer: its event line is the longest the log shows (160 characters of JSON).
    await sim.agentMessage({ token, text: 'Let me check that for you: https://example.com/orders/A-1042/tracking?carrier=dhl&ref=00420042004200420042' });
    await frameUntil(`[...document.querySelectorAll('#events li')].some((li) => li.textContent.includes(' message '))`, 'the event log shows the agent message');
    await frameUntil(`[...document.querySelectorAll('#events li')].some((li) => li.textContent.includes(' send '))`, 'the event log shows the sent message');

    const widths = await inFrame<{ doc: number; body: number; widest: string }>(`(() => {
      const widest = [...document.querySelectorAll('body *')].filter((e) => !e.closest('genesys-chat')).sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
      return { doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, widest: widest ? widest.tagName + (widest.id ? '#' + widest.id : '') + ' ' + Math.round(widest.getBoundingClientRect().right) : '' };
    })()`);
    expect(widths.doc, `document.documentElement.scrollWidth (widest element: ${widths.widest})`).to.be.at.most(WIDTH);
    expect(widths.body, 'document.body.scrollWidth').to.be.at.most(WIDTH);

    // The header and the buttons wrap inside the page rather than stick out of it.
    const outside = await inFrame<string[]>(`[...document.querySelectorAll('.site, .site *, button, select')]
      .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > ${WIDTH} + 0.5)
      .map((e) => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 20))`);
    expect(outside, 'header, buttons and select inside the page').to.deep.equal([]);
  });

  it('switches themes: Light and Dark set the widget theme, brands set custom properties', async () => {
    iframe = await loadDemo(sim, WIDTH);
    const state = () =>
      inFrame<{ page: string | null; theme: string | null; accent: string; pressed: string[]; bg: string }>(`(() => {
        const chat = document.querySelector('genesys-chat');
        return {
          page: document.documentElement.getAttribute('data-theme'),
          theme: chat.getAttribute('theme'),
          accent: getComputedStyle(chat).getPropertyValue('--genesys-chat-accent').trim(),
          pressed: [...document.querySelectorAll('.themes [aria-pressed="true"]')].map((b) => b.textContent.trim()),
          bg: getComputedStyle(document.documentElement).backgroundColor,
        };
      })()`);
    const click = (label: string) =>
      inFrame(`([...document.querySelectorAll('.themes button')].find((b) => b.textContent.trim() === ${JSON.stringify(label)}).click(), true)`);

    const labels = await inFrame<string[]>(`[...document.querySelectorAll('.themes button')].map((b) => b.textContent.trim())`);
    expect(labels).to.deep.equal(['Light', 'Dark', 'Forest', 'Sunset']);
    const initial = await state();
    expect(initial.theme, 'no theme chosen: the widget follows the system').to.equal(null);
    expect(initial.pressed).to.deep.equal([]);

    await click('Dark');
    const dark = await state();
    expect(dark).to.include({ page: 'dark', theme: 'dark' });
    expect(dark.pressed).to.deep.equal(['Dark']);
    expect(dark.bg, 'a dark page').to.equal('rgb(19, 20, 22)');

    await click('Light');
    const light = await state();
    expect(light).to.include({ page: 'light', theme: 'light' });
    expect(light.bg, 'a light page').to.equal('rgb(246, 247, 249)');

    await click('Forest');
    const forest = await state();
    expect(forest).to.include({ page: 'forest', accent: '#1b5e20' });
    expect(forest.pressed).to.deep.equal(['Forest']);

    await click('Sunset');
    expect(await state()).to.include({ page: 'sunset', accent: '#d84315' });

    // Pressing the chosen theme again: back to the system's.
    await click('Sunset');
    const none = await state();
    expect(none).to.include({ page: null, theme: null, accent: '' });
    expect(none.pressed).to.deep.equal([]);
  });
});
