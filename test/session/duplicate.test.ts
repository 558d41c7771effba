/**
 * Issue 6 §3: "chaos 0397 was stored 2 times, 21848 ms apart, same tracingId". A message
 * written to a socket that died before its echo is `maybeSent`; history must decide before
 * it is resent. These reproduce, with a fake transport holding a fake service's stored
 * conversation and a fake clock, the ways history could not be read at that moment
 * although it would have shown the message: its own 10-per-minute limit, a 429 from the
 * service, and a message further back than the first page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { ClientFrame, HistoryPage, WireMessage } from '../../src/protocol/types.js';
import { HistoryError } from '../../src/transport/guest-transport.js';
import type { TransportOptions } from '../../src/transport/transport.js';
import { FakeTransport, randomId } from '../helpers/fake-transport.js';

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;

/** A fake service: every Text frame written on any connection is stored; history pages it, newest first. */
class Service {
  stored: { wire: WireMessage; tracingId: string }[] = [];
  /** When set, history answers with this error instead. */
  historyError?: () => Error | undefined;
  factory = (o: TransportOptions) => {
    const t = new FakeTransport(o);
    const send = t.send.bind(t);
    t.send = (frame: ClientFrame) => {
      const ok = send(frame);
      if (ok && frame.action === 'onMessage' && frame.message.type === 'Text') {
        const m = frame.message as { text: string; metadata?: { id: string } };
        this.stored.push({
          tracingId: frame.tracingId!,
          wire: { id: randomId(), type: 'Text', direction: 'Inbound', text: m.text, content: [], events: [], metadata: m.metadata ?? {}, time: Date.now() } as unknown as WireMessage,
        });
      }
      return ok;
    };
    t.fetchHistory = async (_jwt: string, page: number, size: number): Promise<HistoryPage> => {
      const error = this.historyError?.();
      if (error) throw error;
      const newestFirst = [...this.stored].reverse().map((s) => s.wire);
      return { messages: newestFirst.slice((page - 1) * size, page * size), pageNumber: page, pageCount: Math.max(1, Math.ceil(newestFirst.length / size)) };
    };
    return t;
  };
  count(text: string): number {
    return this.stored.filter((s) => (s.wire as { text?: string }).text === text).length;
  }
}

function answerJwt(t: FakeTransport): void {
  for (const f of t.frames('getJwt')) {
    t.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: f.tracingId, body: { jwt: 'a.b.c', exp: Math.floor(Date.now() / 1000) + 3600 } });
  }
}

describe('exactly once when history cannot be read at once (issue 6 §3)', () => {
  let clock: sinon.SinonFakeTimers;
  let dep = 0;
  beforeEach(() => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    clock.restore();
    sinon.restore();
  });

  async function mount(service: Service): Promise<GenesysChat> {
    dep += 1;
    return fixture<GenesysChat>(html`<genesys-chat deployment-id=${`dup-${dep}`} socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json" storage="none" open
      .transportFactory=${service.factory}></genesys-chat>`);
  }

  /** Drop the socket, wait for the reconnect and answer it as a resumed session. */
  async function reconnect(): Promise<FakeTransport> {
    FakeTransport.last.drop();
    await clock.tickAsync(1400);
    const t = FakeTransport.last;
    t.ready({ connected: true, newSession: false });
    await clock.tickAsync(0);
    answerJwt(t);
    await clock.tickAsync(0);
    return t;
  }

  /** Send and echo `n` messages on the current connection. */
  async function chatter(el: GenesysChat, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      el.send(`before ${i}`);
      await clock.tickAsync(600);
      const t = FakeTransport.last;
      const frame = (t.frames('Text') as OnMessage[]).at(-1)!;
      t.echo(frame);
    }
  }

  it('does not resend while its own 10-per-minute history limit is spent', async () => {
    const service = new Service();
    const el = await mount(service);
    FakeTransport.last.ready();
    // Ten reconnects inside a minute spend the history budget.
    for (let i = 0; i < 10; i++) await reconnect();
    el.send('unconfirmed');
    await clock.tickAsync(0);
    expect(service.count('unconfirmed')).to.equal(1);
    await reconnect(); // dies before its echo
    await clock.tickAsync(180_000);
    expect(service.count('unconfirmed')).to.equal(1);
    expect(el.messages.filter((m) => m.text === 'unconfirmed').map((m) => m.status)).to.deep.equal(['sent']);
  });

  it('does not resend while the history service answers 429', async () => {
    const service = new Service();
    const el = await mount(service);
    FakeTransport.last.ready();
    el.send('unconfirmed');
    await clock.tickAsync(0);
    const limitedUntil = Date.now() + 90_000;
    service.historyError = () => (Date.now() < limitedUntil ? new HistoryError(429, 30) : undefined);
    await reconnect();
    await clock.tickAsync(180_000);
    expect(service.count('unconfirmed')).to.equal(1);
    expect(el.messages.filter((m) => m.text === 'unconfirmed').map((m) => m.status)).to.deep.equal(['sent']);
  });

  it('finds an unconfirmed message further back than the first history page', async () => {
    const service = new Service();
    const el = await mount(service);
    FakeTransport.last.ready();
    el.send('unconfirmed');
    await clock.tickAsync(0);
    // Another writer on the same conversation (a second device) adds 30 newer messages.
    for (let i = 0; i < 30; i++) {
      service.stored.push({ tracingId: randomId(), wire: { id: randomId(), type: 'Text', direction: 'Inbound', text: `elsewhere ${i}`, content: [], events: [], metadata: {}, time: Date.now() + i } as unknown as WireMessage });
    }
    await reconnect();
    await clock.tickAsync(180_000);
    expect(service.count('unconfirmed')).to.equal(1);
    void chatter;
  });
});
