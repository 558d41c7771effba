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
import type { ClientFrame, ServerFrame } from '../../src/protocol/types.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import { TabLink, type TabLinkHandlers } from '../../src/transport/tab-link.js';
import type { TransportListener } from '../../src/transport/transport.js';
import { FakeClock } from '../helpers/fake-clock.js';
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
    await waitUntil(() => FakeTransport.instances.length === 1, 'leader socket from the factory', { timeout: 5000 }); // the engine chunk loads first
    const socket = FakeTransport.last;
    socket.ready();
    expect(a.connectionState).to.equal('ready');
    const b = await mount();
    await waitUntil(() => b.connectionState === 'ready', 'follower ready through the leader', { timeout: 5000 });
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

describe('TabLink: "Start a new conversation" from a follower (C3)', () => {
  beforeEach(() => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
  });
  afterEach(() => sinon.restore());

  it('runs on the leader, and every tab follows into the new conversation', async () => {
    const dep = `tab-new-${Date.now()}`;
    const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
    const mount = () =>
      fixture<GenesysChat>(html`<div><genesys-chat deployment-id=${dep} socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json" storage="local" open .transportFactory=${factory}></genesys-chat></div>`).then(
        (d) => d.querySelector('genesys-chat')!,
      );
    const a = await mount();
    await waitUntil(() => FakeTransport.instances.length === 1, 'leader socket');
    const socket = FakeTransport.last;
    socket.ready();
    const b = await mount();
    const c = await mount();
    await waitUntil(() => b.connectionState === 'ready' && c.connectionState === 'ready', 'followers ready');
    socket.agentSays('Thanks, bye!');
    socket.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'd1', type: 'Event', direction: 'Outbound', metadata: { readOnly: 'true' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] } });
    await waitUntil(() => [a, b, c].every((x) => x.connectionState === 'read-only'), 'all read-only');
    await b.updateComplete;
    const button = () => b.shadowRoot!.querySelector<HTMLButtonElement>('.ended button');
    await waitUntil(() => button(), 'the follower offers a new conversation');
    button()!.click();
    await waitUntil(() => socket.frames('closeSession').length === 1, 'closeSession through the leader');
    socket.receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: false, readOnly: true } });
    const configures = () => socket.frames('configureSession') as Extract<ClientFrame, { action: 'configureSession' }>[];
    await waitUntil(() => configures().some((f) => f.startNew), 'someone configures the new session', { timeout: 2000 });
    expect(configures().filter((f) => f.startNew)).to.have.length(1);
    socket.receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true, readOnly: false } });
    // The tab that asked, the leader and the tab that did nothing: all in the new conversation.
    await waitUntil(() => [a, b, c].every((x) => x.connectionState === 'ready'), 'every tab in the new conversation', { timeout: 2000 });
    for (const x of [a, b, c]) expect(x.messages.filter((m) => m.text === 'Thanks, bye!')).to.have.length(0);
    expect(socket.frames('closeSession')).to.have.length(1);
    b.send('in the new conversation');
    await waitUntil(() => socket.frames('Text').some((f) => (f as OnMessage).message.type === 'Text'), 'the follower can write again');
  });
});

describe('TabLink relay (S3, C13, one clock)', () => {
  const open = new Set<{ close(): void }>();
  const logs: string[] = [];
  afterEach(() => {
    for (const x of open) x.close();
    open.clear();
    logs.length = 0;
    FakeTransport.reset();
  });
  const options = (dep: string) => ({ deploymentId: dep, socketUrl: 'ws://127.0.0.1:1/v1', apiUrl: 'http://127.0.0.1:1' });
  const listener = () => {
    const got = { frames: [] as ServerFrame[], invalid: [] as string[], opened: 0 };
    const l: TransportListener = { open: () => got.opened++, frame: (f) => got.frames.push(f), invalid: (r) => got.invalid.push(r), close: () => {} };
    return { got, l };
  };

  /** A leading TabLink whose socket (FakeTransport) is configured. */
  async function leader(dep: string, extra: Partial<TabLinkHandlers> = {}) {
    let leading!: () => void;
    const led = new Promise<void>((r) => (leading = r));
    const started: string[] = [];
    const link = new TabLink(dep, { onLeader: () => leading(), onLeaderUp: () => {}, position: () => -1, startNew: () => started.push('startNew'), log: (l) => logs.push(l), ...extra });
    open.add(link);
    await led;
    const socket = link.transportFor(options(dep), (o) => new FakeTransport(o), new RateBudget({ ratePerSecond: 100, ...(extra.clock ? { clock: extra.clock } : {}) }));
    const own = listener();
    socket.connect(own.l);
    const fake = FakeTransport.last;
    fake.open();
    socket.send({ action: 'configureSession', token: 'leader-token', deploymentId: dep });
    fake.receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: false } });
    return { link, socket, fake, started, got: own.got };
  }

  /** A follower: a second TabLink, which waits for the lock the leader holds, once it hears the leader is up. */
  async function follower(dep: string) {
    const link = new TabLink(dep, { onLeader: () => {}, onLeaderUp: () => {}, position: () => -1, startNew: () => {}, log: (l) => logs.push(l) });
    open.add(link);
    const transport = link.transportFor(options(dep), (o) => new FakeTransport(o), new RateBudget());
    const { got, l } = listener();
    transport.connect(l);
    await waitUntil(() => got.opened === 1, 'the follower hears the leader is up');
    return { transport, got };
  }

  /** A raw end of the versioned channel: another tab, possibly a hostile or an old one. */
  function peer(dep: string, version = 2) {
    const heard: unknown[] = [];
    const channel = new BroadcastChannel(version === 1 ? `genesys-chat:${dep}` : `genesys-chat:v${version}:${dep}`);
    channel.onmessage = (e) => heard.push(e.data);
    open.add(channel);
    return { channel, heard };
  }
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('the leader writes only allow-listed frames for a follower, rebuilt with its own token', async () => {
    const dep = `relay-${Date.now()}`;
    const { fake } = await leader(dep);
    const { channel } = peer(dep);
    const tab = crypto.randomUUID();
    const send = (frame: unknown) => channel.postMessage({ v: 2, t: 'send', tab, frame });
    send({ action: 'onMessage', token: 'x', tracingId: 't1', message: { type: 'Text', text: 'allowed', metadata: { customMessageId: 'c1' }, sneaky: 1 } });
    send({ action: 'bogus', token: 'x' });
    send({ action: 'onMessage', token: 'x', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    send({ action: 'onMessage', token: 'x', message: { type: 'Text', text: 'x'.repeat(5000) } });
    send({ action: 'onMessage', token: 'x', message: { type: 'Text', text: 'hi', content: [{ contentType: 'Card', card: {} }] } });
    send({ action: 'onMessage', token: 'x', message: { type: 'Structured', text: 'yes', content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'Button', text: 'yes', payload: 'Y' } }] } });
    send({ action: 'configureSession', token: 'x', deploymentId: dep });
    channel.postMessage({ t: 'send', tab, frame: { action: 'onMessage', token: 'x', message: { type: 'Text', text: 'unversioned' } } });
    await settle();
    const written = fake.sent.filter((f) => f.action !== 'configureSession');
    expect(written.map((f) => (f as OnMessage).message)).to.deep.equal([
      { type: 'Text', text: 'allowed', metadata: { customMessageId: 'c1' } },
      { type: 'Structured', text: 'yes', content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'Button', text: 'yes', payload: 'Y' } }] },
    ]);
    expect(written.every((f) => f.token === 'leader-token')).to.equal(true);
    expect(fake.frames('configureSession')).to.have.length(1, 'the follower configure is answered, not written');
    expect(logs.filter((l) => l.startsWith('refused'))).to.have.length(3);
    expect(logs.some((l) => l.includes('version'))).to.equal(true);
  });

  it("a follower's requests are written in the order they came, though their check is a chunk loaded on the first", async () => {
    const dep = `relay-o-${Date.now()}`;
    const { fake } = await leader(dep);
    const { channel } = peer(dep);
    const tab = crypto.randomUUID();
    const texts = Array.from({ length: 30 }, (_, i) => `m${i}`);
    for (const text of texts) channel.postMessage({ v: 2, t: 'send', tab, frame: { action: 'onMessage', token: 'x', tracingId: `t-${text}`, message: { type: 'Text', text } } });
    await waitUntil(() => fake.frames('Text').length === texts.length, 'all written');
    expect(fake.frames('Text').map((f) => ((f as OnMessage).message as { text: string }).text)).to.deep.equal(texts);
  });

  it('relays the server text to followers, which decode it; malformed relays are dropped with a log line', async () => {
    const dep = `relay-f-${Date.now()}`;
    const { fake } = await leader(dep);
    const { got } = await follower(dep);
    fake.agentSays('relayed as text');
    const { channel } = peer(dep);
    channel.postMessage({ v: 2, t: 'frame', raw: '{not json' });
    channel.postMessage({ v: 2, t: 'frame', frame: { kind: 'message', message: { text: 'no raw' } } });
    channel.postMessage({ v: 2, t: 'frame', raw: JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'x', type: 'Text', direction: 'Outbound', text: 'valid', channel: { time: new Date().toISOString() }, __proto__: { polluted: true } } }) });
    const old = peer(dep, 1).channel;
    old.postMessage({ t: 'frame', frame: { kind: 'message', tracingId: 'x', message: null } });
    await waitUntil(() => got.frames.length === 2, 'two good frames');
    await settle();
    const texts = got.frames.map((f) => (f.kind === 'message' ? f.message.text : f.kind));
    expect(texts).to.deep.equal(['relayed as text', 'valid']);
    expect(got.invalid).to.have.length(1);
    expect(logs.some((x) => x.includes('frame without its text'))).to.equal(true);
    expect(logs.some((x) => x.includes('relayed by the leading tab'))).to.equal(true);
  });

  it('an error that names no frame goes to the tab whose message is in flight, the newest written, and to no other', async () => {
    const dep = `relay-u-${Date.now()}`;
    const { socket, fake, got: leaderGot } = await leader(dep);
    const { transport, got } = await follower(dep);
    const errors = (g: typeof got) => g.frames.filter((f) => f.kind === 'error').map((f) => (f.kind === 'error' ? f.code : 0));
    const untagged = (code: number) => fake.receive({ type: 'response', class: 'string', code, body: 'Request failed.' });
    // The leader's own message, then the follower's: the untagged error answers the follower's.
    socket.queue('message', () => ({ action: 'onMessage', token: 'leader-token', tracingId: 'own-1', message: { type: 'Text', text: 'from the leader' } }));
    transport.send({ action: 'onMessage', token: 'x', tracingId: 'theirs-1', message: { type: 'Text', text: 'from the follower' } });
    await waitUntil(() => fake.frames('Text').length === 2, 'both written');
    untagged(4013);
    await waitUntil(() => errors(got).length === 1, 'the follower hears it');
    await settle();
    expect(errors(leaderGot), 'not the leader: its message is not the newest').to.deep.equal([]);
    // The follower's echo comes: now the leader's message is the one in flight.
    fake.receive({ type: 'message', class: 'StructuredMessage', code: 200, tracingId: 'theirs-1', body: { id: 'e1', type: 'Text', direction: 'Inbound', text: 'from the follower', channel: { time: new Date().toISOString() } } });
    untagged(5000);
    await settle();
    expect(errors(leaderGot)).to.deep.equal([5000]);
    expect(errors(got), 'the follower does not take the leader\'s error for its own').to.deep.equal([4013]);
    // Nothing in flight: an untagged error is everyone's, as before.
    fake.receive({ type: 'message', class: 'StructuredMessage', code: 200, tracingId: 'own-1', body: { id: 'e2', type: 'Text', direction: 'Inbound', text: 'from the leader', channel: { time: new Date().toISOString() } } });
    untagged(403);
    await waitUntil(() => errors(got).length === 2, 'the follower hears it too');
    expect(errors(leaderGot)).to.deep.equal([5000, 403]);
  });

  it('a new leader sends no receipt behind the stored read horizon, and its horizon only moves forward', async () => {
    const dep = `relay-r-${Date.now()}`;
    const order = ['m1', 'm2', 'm3', 'm4'];
    const { socket, fake } = await leader(dep, { position: (id) => order.indexOf(id), readHorizon: () => 'm3' });
    const receipt = (id: string) => socket.queue('receipt', { action: 'onMessage', token: 'leader-token', message: { type: 'Receipt', id, status: 'Read' } }, { key: 'read' });
    receipt('m2');
    receipt('m3');
    await settle();
    expect(fake.frames('Receipt')).to.have.length(0);
    receipt('m4');
    receipt('m1');
    await settle();
    expect(fake.frames('Receipt').map((f) => ((f as OnMessage).message as { id: string }).id)).to.deep.equal(['m4']);
  });

  it('typing goes out once per cooldown for all tabs, on the injected clock', async () => {
    const dep = `relay-t-${Date.now()}`;
    const clock = new FakeClock();
    const { socket, fake } = await leader(dep, { clock });
    const typing = () => socket.queue('typing', { action: 'onMessage', token: 'leader-token', message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    typing();
    typing();
    expect(fake.frames('Event')).to.have.length(1);
    clock.tick(4999);
    typing();
    expect(fake.frames('Event')).to.have.length(1);
    clock.tick(1);
    typing();
    expect(fake.frames('Event')).to.have.length(2);
  });
});
