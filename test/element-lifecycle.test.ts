/**
 * The element on the page and off it (issue 15, review C4, C11, C13): what `send()` and
 * `clearConversation()` do before the engine is there, what leaving the page stops, and
 * that a move in the DOM is not a departure. The chunks are imported for real; the
 * connection is a driveable FakeTransport.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import type { ClientFrame } from '../src/protocol/types.js';
import { FakeTransport } from './helpers/fake-transport.js';

const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
let dep = 0;
const nextDep = () => `life-el-${Date.now()}-${++dep}`;

function mount(id: string, attrs: { open?: boolean; storage?: string; config?: string } = {}) {
  return fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${id}
    socket-url="ws://127.0.0.1:1/v1" config-url=${attrs.config ?? '/test/fixtures/deployment-config.json'}
    storage=${attrs.storage ?? 'session'}
    ?open=${attrs.open ?? false}
    .transportFactory=${factory}
  ></genesys-chat>`);
}

const texts = (t: FakeTransport) =>
  t.sent.filter((f): f is Extract<ClientFrame, { action: 'onMessage' }> => f.action === 'onMessage' && f.message.type === 'Text').map((f) => (f.message as { text: string }).text);

describe('the element on and off the page', function () {
  this.timeout(15000);
  beforeEach(() => FakeTransport.reset());
  afterEach(() => sinon.restore());

  it('a move in the DOM keeps the session, its socket and its conversation (C11)', async () => {
    const el = await mount(nextDep(), { open: true });
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('before the move');
    await el.updateComplete;
    const states: string[] = [];
    el.addEventListener('genesys-chat-state', (e) => states.push(e.detail));
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect(FakeTransport.instances, 'no second connection').to.have.length(1);
    expect(t.closed, 'the socket stays open').to.equal(false);
    expect(states, 'no closed state').to.deep.equal([]);
    expect(el.connectionState).to.equal('ready');
    expect(el.messages.map((m) => m.text)).to.deep.equal(['before the move']);
    expect(el.send('after the move')).to.equal(true);
    expect(texts(t)).to.deep.equal(['after the move']);
    // Leaving for good still closes, a microtask later.
    el.remove();
    await Promise.resolve();
    expect(t.closed).to.equal(true);
    expect(el.connectionState).to.equal('closed');
    elsewhere.remove();
  });

  it('removing the element flushes the last reads before the session goes (C11)', async () => {
    const id = nextDep();
    const el = await mount(id, { open: true });
    const t = FakeTransport.last;
    t.ready();
    t.agentSays('one');
    const read: string[][] = [];
    el.addEventListener('genesys-chat-read', (e) => read.push([...e.detail.ids]));
    await waitUntil(() => read.length === 1, 'the first read flushed at once');
    t.agentSays('two');
    const two = el.messages.at(-1)!.id;
    // Seen for its dwell (500 ms), but the next flush waits for the interval (1 s).
    await new Promise((r) => setTimeout(r, 750));
    expect(read, 'not flushed yet').to.have.length(1);
    el.remove();
    expect(read.at(-1)).to.deep.equal([two]);
    expect(sessionStorage.getItem(`genesys-chat:${id}:read`), 'the read horizon is stored').to.equal(two);
    const receipts = t.sent.filter((f) => f.action === 'onMessage' && f.message.type === 'Receipt');
    expect(JSON.stringify(receipts.at(-1) ?? {})).to.include(two);
  });
});
