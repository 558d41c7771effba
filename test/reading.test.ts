/**
 * A conversation that reads well: consecutive messages of one sender form a group (name,
 * face and time once; each time on hover or focus), days are separated ("Today",
 * "Yesterday", then dates, through Intl), the delivery status shows under the newest
 * customer message only (and under a failed one), a "new messages" button appears when
 * something arrives while the person reads older messages, and the end is one divider.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);

async function chat(lang = 'en'): Promise<{ el: GenesysChat; t: FakeTransport }> {
  FakeTransport.reset();
  const el = await fixture<GenesysChat>(html`<genesys-chat
    deployment-id="dep-1" socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
    storage="none" rate-limit="100" open lang=${lang} .transportFactory=${factory}
  ></genesys-chat>`);
  const t = FakeTransport.last;
  t.ready();
  return { el, t };
}

const at = (time: number, nickname = 'Alex', image?: string) => ({ channel: { time: new Date(time).toISOString(), from: { nickname, image } } });
const PICTURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUHEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const shown = (e: Element) => getComputedStyle(e).display !== 'none';
const all = (el: GenesysChat, s: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];

describe('a conversation that reads well', () => {
  it('groups one sender\'s consecutive messages: the name and time once, each time on hover', async () => {
    const { el, t } = await chat();
    const now = Date.now();
    t.agentSays('one', at(now - 60_000));
    t.agentSays('two', at(now - 50_000));
    t.agentSays('three', at(now - 40_000));
    t.agentSays('from someone else', at(now - 30_000, 'Sam'));
    t.agentSays('much later', at(now - 30_000 + 6 * 60_000, 'Sam'));
    await el.updateComplete;
    expect(all(el, '.row.agent .meta').map((m) => m.textContent!.split(' · ')[0])).to.deep.equal(['Alex', 'Sam', 'Sam']);
    expect(all(el, '.row.agent.grouped')).to.have.length(2);
    for (const bubble of all(el, '[part~="message"][part~="agent"]')) expect(bubble.title).to.match(/\d/);
  });

  it('separates days: Today, Yesterday, then the date, in the chosen language', async () => {
    const { el, t } = await chat();
    const day = 86_400_000;
    const now = Date.now();
    t.agentSays('long ago', at(now - 5 * day));
    t.agentSays('yesterday', at(now - day));
    t.agentSays('today', at(now));
    await el.updateComplete;
    const labels = all(el, '.day').map((d) => d.textContent);
    expect(labels).to.have.length(3);
    expect(labels.slice(1)).to.deep.equal(['Yesterday', 'Today']);
    expect(labels[0]).to.equal(new Date(now - 5 * day).toLocaleDateString('en', { weekday: 'long', day: 'numeric', month: 'long' }));
    expect(all(el, '.day').every((d) => d.getAttribute('role') === 'separator')).to.equal(true);

    const german = await chat('de');
    german.t.agentSays('heute', at(Date.now()));
    await german.el.updateComplete;
    expect(all(german.el, '.day').map((d) => d.textContent)).to.deep.equal(['Heute']);
  });

  it('shows the delivery status under the newest customer message only, and under a failed one', async () => {
    const { el, t } = await chat();
    const onMessage = () => t.sent.filter((f) => f.action === 'onMessage');
    const sendAndEcho = async (text: string, n: number) => {
      el.send(text);
      await waitUntil(() => onMessage().length === n, `${text} on the wire`);
      t.echo(onMessage().at(-1)!);
    };
    await sendAndEcho('first', 1);
    await sendAndEcho('second', 2);
    await sendAndEcho('third', 3);
    await el.updateComplete;
    expect(el.messages.map((m) => m.status)).to.deep.equal(['sent', 'sent', 'sent']);
    expect(all(el, '[part="receipt"]').map((r) => r.dataset['status'])).to.deep.equal(['sent']);
    el.send('fourth');
    await waitUntil(() => onMessage().length === 4, 'fourth on the wire');
    const fourth = onMessage().at(-1) as { tracingId: string };
    t.receive({ type: 'response', class: 'string', code: 4011, body: 'too long', tracingId: fourth.tracingId });
    await sendAndEcho('fifth', 5);
    await el.updateComplete;
    // The failed one keeps its status and retry; the newest shows its own.
    expect(all(el, '[part="receipt"]').map((r) => r.dataset['status'])).to.deep.equal(['failed', 'sent']);
  });

  it('puts the agent\'s face beside the first bubble of each group: the picture, else an initial', async () => {
    const { el, t } = await chat();
    const now = Date.now();
    t.agentSays('one', at(now - 60_000, 'Alex', PICTURE));
    t.agentSays('two', at(now - 50_000, 'Alex', PICTURE));
    t.agentSays('from Sam', at(now - 40_000, 'Sam'));
    await el.updateComplete;
    const faces = all(el, '.row.agent .face');
    expect(faces).to.have.length(2);
    expect(faces[0]!.querySelector('img')!.getAttribute('src')).to.equal(PICTURE);
    expect(faces[1]!.textContent!.trim()).to.equal('S');
    expect(faces.every((f) => f.getAttribute('aria-hidden') === 'true')).to.equal(true);
    // Beside the bubble, and the grouped bubble lines up with the first one.
    const [first, second] = all(el, '[part~="message"][part~="agent"]').map((b) => b.getBoundingClientRect());
    const face = faces[0]!.getBoundingClientRect();
    expect(face.right).to.be.at.most(first!.left);
    expect(face.bottom).to.be.greaterThan(first!.top);
    expect(second!.left).to.equal(first!.left);
  });

  it('shows a grouped bubble\'s time while it is hovered, or focused with the arrow keys', async () => {
    const { el, t } = await chat();
    const now = Date.now();
    t.agentSays('one', at(now - 60_000));
    t.agentSays('two', at(now - 50_000));
    await el.updateComplete;
    const when = el.shadowRoot!.querySelector('.row.grouped .when')!;
    expect(when.textContent).to.match(/\d/);
    expect(shown(when)).to.equal(false);

    const bubbles = all(el, '[part~="message"]');
    const box = bubbles[1]!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + 5), Math.round(box.top + 5)] });
    expect(shown(when)).to.equal(true);
    await sendMouse({ type: 'move', position: [0, 0] });
    expect(shown(when)).to.equal(false);

    // From the log, Up goes to the newest message, then to the one before; Home to the first.
    all(el, '[part="log"]')[0]!.focus();
    await sendKeys({ press: 'ArrowUp' });
    expect(el.shadowRoot!.activeElement).to.equal(bubbles[1]);
    expect(shown(when)).to.equal(true);
    await sendKeys({ press: 'ArrowUp' });
    expect(el.shadowRoot!.activeElement).to.equal(bubbles[0]);
    expect(shown(when)).to.equal(false);
    await sendKeys({ press: 'ArrowUp' });
    expect(el.shadowRoot!.activeElement).to.equal(bubbles[0]);
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement).to.equal(bubbles[1]);
  });

  it('offers a "new messages" button when something arrives while the person reads older ones', async () => {
    const { el, t } = await chat();
    for (let i = 0; i < 30; i++) t.agentSays(`line ${i}`);
    await el.updateComplete;
    const log = all(el, '[part="log"]')[0]!;
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'at the end');
    // At the end, an arrival shows itself: no button.
    t.agentSays('while at the end');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.pill')).to.equal(null);

    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    const top = log.scrollTop;
    t.agentSays('while reading above');
    await el.updateComplete;
    const pill = el.shadowRoot!.querySelector<HTMLButtonElement>('.pill')!;
    expect(pill.textContent).to.equal('New messages');
    expect(log.scrollTop).to.equal(top);
    // It floats at the bottom of what the person sees.
    expect(Math.abs(pill.getBoundingClientRect().bottom - log.getBoundingClientRect().bottom)).to.be.lessThan(20);
    pill.click();
    await el.updateComplete;
    await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'back at the end');
    await waitUntil(() => !el.shadowRoot!.querySelector('.pill'), 'the button goes');
  });

  it('ends with one divider: no "Agent left" for a nameless Disconnect (Genesys\'s own test frame)', async () => {
    const { el, t } = await chat();
    t.agentSays('Goodbye');
    // MT Response.structuredMessageWithEvents(presenceDisconnect), with readOnly as the service sends it.
    t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { direction: 'Outbound', id: 'disc-1', channel: { time: new Date().toISOString(), messageId: 'disc-1' }, type: 'Event', metadata: { correlationId: 'c', readOnly: 'true' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] } });
    await el.updateComplete;
    const log = all(el, '[part="log"]')[0]!;
    expect(log.textContent).not.to.include('left');
    expect(all(el, '.divider')).to.have.length(1);
    expect(all(el, '.presence')).to.have.length(0);
    expect(all(el, '.ended button')[0]!.textContent).to.equal('Start a new conversation');

    // With a name, the presence line says who left, and the divider still ends it once.
    const named = await chat();
    named.t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { direction: 'Outbound', id: 'disc-2', channel: { time: new Date().toISOString(), from: { nickname: 'Alex' } }, type: 'Event', metadata: {}, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] } });
    await named.el.updateComplete;
    expect(all(named.el, '.presence').map((p) => p.textContent)).to.deep.equal(['Alex left']);
    expect(all(named.el, '.divider')).to.have.length(1);
  });

  it('shows the clear action only when there is something to clear, and quick replies on the customer\'s side', async () => {
    const { el, t } = await chat();
    await el.updateComplete;
    await el.updateComplete;
    expect(all(el, '[part="header"] button').map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Close chat']);
    t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 's1', type: 'Structured', direction: 'Outbound', originatingEntity: 'Bot', text: 'What would you like to do?', channel: { time: new Date().toISOString() }, content: [{ contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK', action: 'Message' } }] } });
    await el.updateComplete;
    await waitUntil(() => all(el, '[part="header"] button').length === 2, 'the clear action');
    const log = all(el, '[part="log"]')[0]!.getBoundingClientRect();
    const reply = all(el, '[part="quick-reply"]')[0]!.getBoundingClientRect();
    expect(log.right - reply.right).to.be.lessThan(20);
  });
});
