/**
 * A conversation that reads well: consecutive messages of one sender form a group (name and
 * time once), days are separated ("Today", "Yesterday", then dates, through Intl), and the
 * delivery status shows under the newest customer message only (and under a failed one).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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

const at = (time: number, nickname = 'Alex') => ({ channel: { time: new Date(time).toISOString(), from: { nickname } } });
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
});
