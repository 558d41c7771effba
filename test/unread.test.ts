/** The unread badge counts what the person has not seen, whether or not receipts are sent. */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);

describe('the unread badge', () => {
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
});
