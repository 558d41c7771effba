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

  beforeEach(() => FakeTransport.reset());

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
});
