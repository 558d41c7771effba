/**
 * S2 through the whole element: an agent's attachment named `invoice\u202Efdp.exe` (which a
 * browser would draw as "invoiceexe.pdf") shows as what it is, with its real extension.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { FakeTransport } from '../helpers/fake-transport.js';

describe('S2: bidi spoofing in an agent attachment', () => {
  it('strips the override, isolates the name and shows EXE', async () => {
    FakeTransport.reset();
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id="dep-1" socket-url="ws://127.0.0.1:1/v1"
      config-url="/test/fixtures/deployment-config.json" storage="none" open
      .transportFactory=${(o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o)}></genesys-chat>`);
    await waitUntil(() => FakeTransport.instances.length > 0, 'connects');
    FakeTransport.last.ready();
    FakeTransport.last.agentSays('Your invoice', {
      content: [{ contentType: 'Attachment', attachment: { id: 'att-1', filename: 'invoice\u202Efdp.exe', mediaType: 'File', mime: 'application/pdf', fileSize: 2048, url: 'https://cdn.example/f' } }],
    });
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[part~="message"][part~="agent"] [part="attachment"]'), 'the attachment shows');
    const link = root.querySelector<HTMLAnchorElement>('[part~="agent"] [part="attachment"]')!;
    expect(link.textContent).to.equal('invoicefdp.exe');
    expect(link.querySelector('bdi')).not.to.equal(null);
    expect(link.closest('.card')!.querySelector('.ext')!.textContent).to.equal('EXE');
    expect(root.querySelector('[part="log"]')!.textContent).not.to.include('\u202E');
  });
});
