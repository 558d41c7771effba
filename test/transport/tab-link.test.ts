/**
 * Tab sharing through the transportFactory test seam: two elements on one page stand in
 * for two tabs (one Web Lock, one BroadcastChannel name). The leader's socket comes from
 * the factory; the follower talks through it. (test/integration/tabs.test.ts runs real
 * tabs against the simulator.)
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import { FakeTransport } from '../helpers/fake-transport.js';

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;

describe('TabLink with a transport factory', () => {
  beforeEach(() => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
  });
  afterEach(() => sinon.restore());

  it('opens one socket from the factory for two tabs and relays the follower message once', async () => {
    const dep = `tab-link-${Date.now()}`;
    const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
    const mount = () =>
      fixture<GenesysChat>(html`<div><genesys-chat deployment-id=${dep} socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json" storage="local" open .transportFactory=${factory}></genesys-chat></div>`).then(
        (d) => d.querySelector('genesys-chat')!,
      );
    const a = await mount();
    await waitUntil(() => FakeTransport.instances.length === 1, 'leader socket from the factory');
    const socket = FakeTransport.last;
    socket.ready();
    expect(a.connectionState).to.equal('ready');
    const b = await mount();
    await waitUntil(() => b.connectionState === 'ready', 'follower ready through the leader');
    expect(FakeTransport.instances).to.have.length(1);

    b.send('from the follower');
    await waitUntil(() => socket.frames('Text').length === 1, 'relayed');
    const frame = socket.frames('Text')[0] as OnMessage;
    expect(frame.token).to.equal((socket.frames('configureSession')[0] as { token: string }).token);
    socket.echo(frame);
    await waitUntil(() => b.messages.some((m) => m.text === 'from the follower' && m.status === 'sent'), 'follower sees its echo');
    await waitUntil(() => a.messages.some((m) => m.text === 'from the follower'), 'leader shows it too');
    expect(socket.frames('Text')).to.have.length(1);
  });
});
