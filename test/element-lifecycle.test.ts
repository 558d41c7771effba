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

  /** A JWT whose payload says it expires in `seconds` (nothing checks its signature here). */
  const jwt = (seconds: number) => `e30.${btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + seconds })).replace(/=+$/, '')}.sig`;
  const signedIn = (id: string, seconds = 3600) => sessionStorage.setItem(`genesys-chat:${id}:auth`, JSON.stringify({ jwt: jwt(seconds), refreshToken: 'r-1' }));

  it('send() before the engine loads is kept while the sign-in chunk loads, then sent (C4)', async () => {
    const id = nextDep();
    signedIn(id);
    const el = await mount(id);
    expect(el.send('hello from a signed-in customer')).to.equal(true);
    await waitUntil(() => FakeTransport.instances.length === 1, 'connects once the sign-in is read', { timeout: 5000 });
    const t = FakeTransport.last;
    t.ready({ connected: true, newSession: true });
    await waitUntil(() => texts(t).length === 1, 'sent');
    expect(texts(t)).to.deep.equal(['hello from a signed-in customer']);
  });

  it('send() before the engine loads survives the element leaving the page, and goes when it is back (C4)', async () => {
    const el = await mount(nextDep());
    const parent = el.parentElement!;
    expect(el.send('sent while leaving')).to.equal(true);
    el.remove();
    await new Promise((r) => setTimeout(r, 300)); // the engine arrives while it is away
    expect(FakeTransport.instances, 'no connection off the page').to.have.length(0);
    parent.append(el);
    await waitUntil(() => FakeTransport.instances.length === 1, 'connects when back');
    FakeTransport.last.ready();
    await waitUntil(() => texts(FakeTransport.last).length === 1, 'sent');
    expect(texts(FakeTransport.last)).to.deep.equal(['sent while leaving']);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['sent while leaving']);
  });

  it('send() before any session survives a reload: a new element on the page sends it (C4; the hostile chaos lost one so)', async () => {
    const id = nextDep();
    const first = await mount(id);
    expect(first.send('before the reload')).to.equal(true);
    first.remove();
    await new Promise((r) => setTimeout(r, 300));
    const second = await mount(id, { open: true });
    await waitUntil(() => FakeTransport.instances.length === 1, 'the new page connects');
    FakeTransport.last.ready();
    await waitUntil(() => texts(FakeTransport.last).length === 1, 'sent');
    expect(texts(FakeTransport.last)).to.deep.equal(['before the reload']);
    expect(second.messages.map((m) => m.text)).to.deep.equal(['before the reload']);
    expect(sessionStorage.getItem(`genesys-chat:${id}:unsent`), 'no longer kept once in the outbox').to.equal(null);
  });

  it('send() that cannot go returns false with an error event that says why (C4)', async () => {
    sinon.stub(console, 'warn');
    const el = await mount(nextDep(), { open: true });
    const errors: unknown[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail.code));
    const t = FakeTransport.last;
    t.ready();
    t.receive({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'd1', type: 'Event', direction: 'Outbound', metadata: { readOnly: 'true' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] } });
    await el.updateComplete;
    expect(el.connectionState).to.equal('read-only');
    expect(el.send('anyone there?')).to.equal(false);
    expect(errors).to.deep.equal(['read-only']);
  });

  it('an element removed while the sign-in chunk loads never refreshes its token (C11)', async () => {
    const id = nextDep();
    signedIn(id, 30); // due for a refresh at once (the minimum wait is 1 s)
    const refreshes: string[] = [];
    const realFetch = window.fetch;
    sinon.stub(window, 'fetch').callsFake((input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('/token/refresh')) refreshes.push(String(input));
      return realFetch(input, init);
    });
    const el = await mount(id);
    el.send('hi'); // loads the engine, which loads the sign-in
    el.remove();
    await new Promise((r) => setTimeout(r, 1800));
    expect(refreshes, 'a detached element refreshes nothing').to.deep.equal([]);
  });

  it('fires genesys-chat-send only for a message that goes (C13)', async () => {
    sinon.stub(console, 'warn');
    const el = await mount(nextDep(), { open: true });
    // The service refuses the session (configure answered 403): nothing can be sent.
    FakeTransport.last.open();
    FakeTransport.last.receive({ type: 'response', class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.' });
    await el.updateComplete;
    const sent: string[] = [];
    const errors: unknown[] = [];
    el.addEventListener('genesys-chat-send', (e) => sent.push(e.detail.text));
    el.addEventListener('genesys-chat-error', (e) => errors.push(e.detail.code));
    const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    input.value = 'refused';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(sent, 'no send event for a refused message').to.deep.equal([]);
    expect(errors).to.deep.equal(['not-connected']);
    expect(input.value, 'the text is kept').to.equal('refused');
  });

  it('sends a text over the limit in order as parts, with one send event and nothing cut (§3)', async () => {
    const el = await mount(nextDep(), { open: true });
    const t = FakeTransport.last;
    t.ready();
    const sent: string[] = [];
    el.addEventListener('genesys-chat-send', (e) => sent.push(e.detail.text));
    const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    input.value = words;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(sent).to.deep.equal([words]);
    expect(input.value).to.equal('');
    // One at a time, the next after the echo of the previous: echo each as it goes.
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      await waitUntil(() => t.sent.filter((f) => f.action === 'onMessage').length > i, `part ${i + 1} written`);
      const frame = t.sent.filter((f) => f.action === 'onMessage')[i] as { message: { text: string } };
      texts.push(frame.message.text);
      if (texts.join(' ') === words) break;
      t.echo(frame as never);
    }
    expect(texts.length).to.be.greaterThan(1);
    expect(texts.every((p) => p.length <= 4096)).to.equal(true);
    expect(texts.join(' '), 'every word, in order').to.equal(words);
  });

  it('a text over the limit waits for the splitting chunk, and one that cannot load loses nothing: kept in order, an error event, sent after a reload', async () => {
    const { Engine } = await import('../src/engine.js');
    const id = nextDep();
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    // The chunk cannot load (a network failure): the text and the one after it stay kept.
    const failing = sinon.stub(Engine.prototype, 'splitter').rejects(new TypeError('Failed to fetch dynamically imported module'));
    sinon.stub(console, 'warn');
    const first = await mount(id, { open: true });
    const errors: unknown[] = [];
    first.addEventListener('genesys-chat-error', (e) => errors.push(e.detail.code));
    FakeTransport.last.ready();
    await first.updateComplete;
    expect(first.send(words)).to.equal(true);
    expect(first.send('after the long one')).to.equal(true);
    await waitUntil(() => errors.length > 0, 'an error event');
    await first.updateComplete;
    expect(errors, 'said once').to.deep.equal(['load-failed']);
    expect(texts(FakeTransport.last), 'nothing sent out of order').to.deep.equal([]);
    expect(JSON.parse(sessionStorage.getItem(`genesys-chat:${id}:unsent`)!), 'both kept, in order').to.deep.equal([words, 'after the long one']);
    // The page reloads with the network back: both go, the long one as parts, in order.
    first.remove();
    failing.restore();
    FakeTransport.reset();
    await mount(id, { open: true });
    await waitUntil(() => FakeTransport.instances.length === 1, 'the new page connects');
    const t = FakeTransport.last;
    t.ready();
    for (let i = 0; ; i++) {
      await waitUntil(() => texts(t).length > i, `message ${i + 1} written`);
      if (texts(t)[i] === 'after the long one') break;
      t.echo(t.sent.filter((f) => f.action === 'onMessage')[i] as never);
    }
    expect(texts(t).length).to.be.greaterThan(2);
    expect(texts(t).every((p) => p.length <= 4096)).to.equal(true);
    expect(texts(t).join(' ')).to.equal(`${words} after the long one`);
  });

  it('clearConversation() before the engine loads clears the session it builds, however the host schedules its updates (C13)', async () => {
    const id = nextDep();
    const old = crypto.randomUUID();
    sessionStorage.setItem(`genesys-chat:${id}:token`, old);
    const el = await mount(id);
    // A host that renders on the next macrotask (Lit allows scheduleUpdate to be overridden).
    const schedule = (el as unknown as { scheduleUpdate(): unknown }).scheduleUpdate;
    (el as unknown as { scheduleUpdate(): unknown }).scheduleUpdate = async function (this: GenesysChat) {
      await new Promise((r) => setTimeout(r, 0));
      return schedule.call(this);
    };
    el.clearConversation();
    await waitUntil(() => FakeTransport.instances.length > 0, 'connects', { timeout: 4000 });
    const t = FakeTransport.last;
    t.open();
    const configured = t.sent.filter((f) => f.action === 'configureSession') as { token: string }[];
    expect(configured.map((f) => f.token)).to.have.length(1);
    expect(configured[0]!.token, 'the stored conversation is forgotten, not resumed').not.to.equal(old);
  });
});
