/**
 * The defects the review of 6bed108 found, each driven through the element with a fake
 * transport (so the same test ran against the old SocketController and fails there).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { ClientFrame, HistoryPage } from '../../src/protocol/types.js';
import { HistoryError } from '../../src/transport/guest-transport.js';
import { FakeTransport } from '../helpers/fake-transport.js';

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;
let dep = 0;

async function chat(): Promise<GenesysChat> {
  dep += 1;
  return fixture<GenesysChat>(html`<genesys-chat deployment-id=${`review-${Date.now()}-${dep}`} socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
    storage="none" open .transportFactory=${(o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o)}></genesys-chat>`);
}

const texts = (t: FakeTransport) => t.frames('Text') as OnMessage[];

function answerJwt(t: FakeTransport): void {
  for (const f of t.frames('getJwt')) {
    t.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: f.tracingId, body: { jwt: 'a.b.c', exp: Math.floor(Date.now() / 1000) + 900 } });
  }
}

describe('review fixes', () => {
  beforeEach(() => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
  });
  afterEach(() => sinon.restore());

  it('loads each older page once, however often "Load earlier messages" is clicked', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    const pages: number[] = [];
    t.fetchHistory = async (_jwt: string, page: number): Promise<HistoryPage> => {
      pages.push(page);
      await new Promise((r) => setTimeout(r, 100));
      return { messages: [], pageNumber: page, pageCount: 5 };
    };
    t.ready({ connected: true, newSession: false });
    await waitUntil(() => t.frames('getJwt').length > 0, 'jwt asked');
    answerJwt(t);
    await waitUntil(() => el.shadowRoot!.querySelector('button.older'), 'older button shown');
    const older = el.shadowRoot!.querySelector<HTMLButtonElement>('button.older')!;
    older.click();
    older.click();
    older.click();
    await new Promise((r) => setTimeout(r, 400));
    expect(pages).to.deep.equal([1, 2]);
  });

  it('sends messages without custom attributes that are too large, and says so once', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready({ connected: true, newSession: true, maxCustomDataBytes: 100 });
    const errors: unknown[] = [];
    el.addEventListener('genesys-chat-error', (e) => errors.push((e as CustomEvent).detail.code));
    el.customAttributes = { note: 'x'.repeat(200) };
    el.send('one');
    t.echo(texts(t)[0]!);
    el.send('two');
    await waitUntil(() => texts(t).length === 2, 'second message sent');
    expect(texts(t).map((f) => 'channel' in f.message)).to.deep.equal([false, false]);
    expect(errors).to.deep.equal(['custom-attributes-too-large']);
  });

  it('keeps typing on when a 403 answers a read receipt, and turns it off for a 403 answering typing', async () => {
    const el = await chat();
    const t = FakeTransport.last;
    t.ready();
    const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    const type = async (text: string) => {
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    };
    // Own echo resets the typing cooldown, so each round may send Typing On at once.
    const round = async (text: string) => {
      el.send(text);
      await waitUntil(() => texts(t).some((f) => (f.message as { text: string }).text === text), 'sent');
      t.echo(texts(t).find((f) => (f.message as { text: string }).text === text)!);
      await type(`${text}!`);
    };
    const typing = () => t.frames('Event').length;
    await round('a');
    expect(typing()).to.equal(1);
    // A receipt this tab sent is refused: receipts are off, typing is not.
    t.receive({ type: 'response', class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.', tracingId: 'not-a-typing-frame' });
    await round('b');
    // The typing frame may wait for a budget token (at most 1 s).
    await waitUntil(() => typing() === 2, 'typing still on after a 403 about another frame', { timeout: 1500 });
    const lastTyping = t.frames('Event').at(-1)!;
    t.receive({ type: 'response', class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.', tracingId: lastTyping.tracingId });
    await new Promise((r) => setTimeout(r, 600));
    await round('c');
    await new Promise((r) => setTimeout(r, 1200));
    expect(typing()).to.equal(2, 'typing off after a 403 for typing');
  });

  it('waits for history\'s Retry-After before reading history again', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await chat();
    const first = FakeTransport.last;
    first.ready();
    el.send('did this arrive?');
    first.drop();
    await clock.tickAsync(1400);
    const second = FakeTransport.last;
    const calls: number[] = [];
    second.fetchHistory = async () => {
      calls.push(Date.now());
      throw new HistoryError(429, 20);
    };
    second.ready({ connected: true, newSession: false });
    await clock.tickAsync(0);
    answerJwt(second);
    await clock.tickAsync(15_000);
    expect(calls.length).to.equal(1, 'no second read inside Retry-After');
    await clock.tickAsync(15_000);
    expect(calls.length).to.be.greaterThan(1, 'read again after Retry-After');
    expect(calls[1]! - calls[0]!).to.be.at.least(20_000);
    clock.restore();
  });
});
