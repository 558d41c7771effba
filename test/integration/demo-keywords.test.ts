/**
 * The demo's scripted agent, through the real widget: the keywords "card" and "carousel"
 * (listed on the demo page) bring a card and a carousel from the simulator, in the real
 * service's shapes, and the panel renders them: pictures that load, titles, descriptions, a
 * link and a postback button per card; pressing a postback answers as the customer would
 * (a ButtonResponse of type Button) and the agent understands it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;

const cardsOf = (el: GenesysChat) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"][part~="agent"] .card')];

describe('the demo keywords through the widget', function () {
  this.timeout(20000);

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: true, receipts: false, agentDelays: { typing: 20, reply: 60, disconnect: 60 } });
  });
  after(async () => {
    await sim.setOptions({ scriptedAgent: false });
    await sim.reset();
  });

  it('"card" renders one card and "carousel" three, with their pictures, text and buttons; a postback answers', async () => {
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id=${`demo-keywords-${Date.now().toString(36)}-${++counter}`}
      socket-url=${sim.wsUrl}
      storage="none"
      lang="en"
      open
    ></genesys-chat>`);
    await waitUntil(() => el.connectionState === 'ready', 'ready', { timeout: 8000 });

    el.send('card');
    await waitUntil(() => cardsOf(el).length === 1, 'the card shows', { timeout: 8000 });
    const card = cardsOf(el)[0]!;
    expect(card.querySelector('strong')!.textContent).to.contain('Trail Runner 2');
    expect(card.querySelector('span')!.textContent).to.contain('size 42');
    const link = card.querySelector<HTMLAnchorElement>('.actions a')!;
    expect([link.textContent!.trim(), link.href]).to.deep.equal(['View', 'https://example.com/p/trail-runner-2']);
    expect(card.querySelector('.actions button')!.textContent!.trim()).to.equal('Buy now');

    el.send('carousel');
    await waitUntil(() => cardsOf(el).length === 4, 'the carousel shows', { timeout: 8000 });
    const carousel = cardsOf(el).slice(1);
    expect(carousel.map((c) => c.querySelector('strong')!.textContent!.trim())).to.deep.equal(['Trail Runner 2', 'Storm Shell jacket', 'Ridge 22 day pack']);
    // Each picture is served by the simulator and loads (an SVG drawn for the demo).
    const images = cardsOf(el).map((c) => c.querySelector('img')!);
    await waitUntil(() => images.every((i) => i.complete && i.naturalWidth > 0), 'the pictures load', { timeout: 8000 });
    expect(new URL(images[2]!.src).pathname).to.equal('/demo/rain-jacket.svg');

    // "Buy now" on the jacket answers as the customer (ButtonResponse type Button), and the agent replies.
    carousel[1]!.querySelector<HTMLButtonElement>('.actions button')!.click();
    await waitUntil(() => el.messages.some((m) => m.from === 'agent' && /Storm Shell jacket is in your basket/.test(m.text)), 'the agent answers the postback', { timeout: 8000 });
    const session = (await sim.sessions()).find((s) => s.messages.some((m) => m.text === 'card'))!;
    const answer = session.messages.find((m) => m.content?.some((c) => c['contentType'] === 'ButtonResponse'));
    expect(answer?.content?.[0]?.['buttonResponse']).to.include({ type: 'Button', payload: 'BUY_STORM_SHELL' });
  });
});
