/**
 * States that tell the truth: the unread badge counts what the person has not seen (receipts
 * or not); before the first connection the status says connecting; a disabled input looks it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);

describe('states that tell the truth', () => {
  beforeEach(() => FakeTransport.reset());

  it('counts what the person has not seen even with disable-receipts, and sends no receipt', async () => {
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id="dep-1" socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
      storage="none" connect="eager" disable-receipts .transportFactory=${factory}
    ></genesys-chat>`);
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('one');
    t.agentSays('two');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge')!.textContent).to.equal('2');
    el.show();
    await el.updateComplete;
    // Seen (half in view for 500 ms): the badge does not come back when the panel closes.
    await new Promise((r) => setTimeout(r, 1500));
    el.hide();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge')).to.equal(null);
    expect(t.sent.filter((f) => f.action === 'onMessage' && f.message.type === 'Receipt')).to.have.length(0);
  });

  it('says "connecting" until the first connection succeeds, "lost" only after one did', async () => {
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id="dep-1" socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
      storage="none" open .transportFactory=${factory}
    ></genesys-chat>`);
    const status = () => el.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
    FakeTransport.last.refuse();
    await el.updateComplete;
    expect(el.connectionState).to.equal('reconnecting');
    expect(status()).to.equal('Connecting…');
    // Typing stays possible (messages wait in the outbox); when the field is disabled, it looks it.
    const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    expect(input.disabled).to.equal(false);
    await waitUntil(() => FakeTransport.instances.length === 2, 'tries again', { timeout: 4000 });
    FakeTransport.last.ready();
    FakeTransport.last.drop();
    await el.updateComplete;
    expect(status()).to.equal('Connection lost. Reconnecting…');
    input.disabled = true;
    expect(getComputedStyle(input).cursor).to.equal('not-allowed');
    expect(Number(getComputedStyle(input).opacity)).to.be.below(1);
  });

  it('never cuts a message over the limit: counts near it, says it will go as 3 messages, sends all 11,101 characters in order', async () => {
    const el = await fixture<GenesysChat>(html`<genesys-chat
      deployment-id="dep-1" socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
      storage="none" open .transportFactory=${factory}
    ></genesys-chat>`);
    await waitUntil(() => FakeTransport.instances.length > 0, 'connects');
    const t = FakeTransport.last;
    t.ready();
    await el.updateComplete;
    const root = el.shadowRoot!;
    const input = root.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    const limit = root.querySelector<HTMLElement>('.limit')!;
    // No silent cut in the field itself.
    expect(input.hasAttribute('maxlength')).to.equal(false);
    const type = async (text: string) => {
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };
    await type('a'.repeat(3_000));
    expect(limit.hidden, 'quiet far from the limit').to.equal(true);
    await type('a '.repeat(1_975));
    expect(limit.hidden).to.equal(false);
    expect(limit.textContent).to.equal('3,950 / 4,096');
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ').slice(0, 11_101);
    await type(words);
    expect(input.value).to.have.length(11_101);
    expect(root.querySelector('#limit-count')!.textContent).to.equal('11,101 / 4,096');
    expect(root.querySelector('.limit .over')!.textContent).to.equal('Too long for one message: it will be sent as 3 messages.');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(input.value, 'sent: the field is empty').to.equal('');
    expect(limit.hidden).to.equal(true);
    // Three bubbles, sending, then each sent in order as its echo comes.
    expect(el.messages.filter((m) => m.from === 'customer').map((m) => m.text).join(' ')).to.equal(words);
    for (let i = 0; i < 3; i++) {
      await waitUntil(() => t.frames('Text').length > i, `part ${i + 1} goes out`);
      t.echo(t.frames('Text')[i]!);
    }
    const texts = t.frames('Text').map((f) => (f.action === 'onMessage' && 'text' in f.message ? f.message.text : ''));
    expect(texts).to.have.length(3);
    for (const text of texts) expect(text.length).to.be.at.most(4096);
    expect(texts.join(' ')).to.equal(words);
  });
});
