import { expect, waitUntil } from '@open-wc/testing';
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import type { SessionNotice } from '../../src/session/chat-session.js';
import { GuestSession } from '../../src/session/guest-session.js';
import { BudgetedTransport } from '../../src/transport/budgeted-transport.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import type { ChatError, ConnectionState } from '../../src/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryState } from '../helpers/memory-state.js';
import { FakeTransport } from '../helpers/fake-transport.js';


function setup() {
  FakeTransport.reset();
  const clock = new FakeClock();
  const storage = new MemoryState();
  const store = new MessageStore();
  const log = { states: [] as ConnectionState[], notices: [] as SessionNotice[], errors: [] as ChatError[] };
  const session = new GuestSession({
    deploymentId: 'dep',
    storage,
    sink: store,
    clock,
    random: () => 0.5,
    log: () => {},
    connect: () => new BudgetedTransport(new FakeTransport({ deploymentId: 'dep', socketUrl: 'ws://x', apiUrl: 'http://x' }), new RateBudget({ ratePerSecond: 100 })),
    events: {
      state: (s) => log.states.push(s),
      notice: (c) => log.notices.push(c),
      error: (e) => log.errors.push(e),
    },
  });
  return { clock, storage, store, log, session, t: () => FakeTransport.last };
}

const error403 = (tracingId?: string) => ({ type: 'response', class: 'string', code: 403, body: 'Turn on the Feature Toggle or fix the configuration.', ...(tracingId ? { tracingId } : {}) });
const typingFrames = (t: FakeTransport) => t.frames('Event').filter((f) => f.action === 'onMessage' && f.message.type === 'Event');

describe('GuestSession', () => {
  it('configures the session on open with the stored token and goes ready', () => {
    const { session, t, log } = setup();
    session.start();
    t().ready();
    const configure = t().frames('configureSession') as Extract<ClientFrame, { action: 'configureSession' }>[];
    expect(configure.map((f) => [f.token, f.deploymentId])).to.deep.equal([['token-1', 'dep']]);
    expect(log.states).to.deep.equal(['connecting', 'ready']);
    expect(session.state).to.equal('ready');
  });

  it('reconnects with backoff after a drop and ignores the old connection', () => {
    const { session, t, clock, log } = setup();
    session.start();
    const first = t();
    first.ready();
    first.drop();
    expect(session.state).to.equal('reconnecting');
    clock.tick(999);
    expect(FakeTransport.instances).to.have.length(1);
    clock.tick(1);
    expect(FakeTransport.instances).to.have.length(2);
    first.agentSays('late frame on a dead socket');
    t().ready({ connected: true, newSession: true });
    expect(log.states).to.deep.equal(['connecting', 'ready', 'reconnecting', 'ready']);
  });

  it('turns typing off for a 403 answering a typing frame, receipts off for one answering a receipt', () => {
    const { session, t, store } = setup();
    session.start();
    t().ready();
    store.upsert({ id: 'a1', from: 'agent', text: 'hi', time: 1 });
    expect(session.sendTyping()).to.equal(true);
    session.markRead('a1');
    const receipt = t().frames('Receipt')[0]!;
    t().receive(error403((receipt as { tracingId: string }).tracingId));
    expect(session.sendTyping()).to.equal(true, 'typing still on');
    t().receive(error403('somebody-elses-frame'));
    expect(session.sendTyping()).to.equal(true, 'a 403 for a frame this session never sent changes nothing');
    t().receive(error403((typingFrames(t()).at(-1) as { tracingId: string }).tracingId));
    expect(session.sendTyping()).to.equal(false, 'typing off');
    store.upsert({ id: 'a2', from: 'agent', text: 'again', time: 2 });
    session.markRead('a2');
    expect(t().frames('Receipt')).to.have.length(1, 'receipts off');
  });

  it('writes the read horizon to the store and to storage, and restores it on start', () => {
    const { session, t, store, storage } = setup();
    storage.readHorizon = 'a0';
    session.start();
    expect(store.readHorizon).to.equal('a0');
    t().ready();
    store.upsert({ id: 'a0', from: 'agent', text: 'zero', time: 1 });
    store.upsert({ id: 'a1', from: 'agent', text: 'one', time: 2 });
    session.markRead('a1');
    expect([store.readHorizon, storage.readHorizon]).to.deep.equal(['a1', 'a1']);
    expect(store.isRead('a0')).to.equal(true);
  });

  it('starts a fresh session with a new token on SessionExpiredEvent and says so with a code', () => {
    const { session, t, log, storage } = setup();
    session.start();
    const first = t();
    first.ready();
    first.receive({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
    expect(log.notices).to.deep.equal(['session-expired']);
    expect(storage.token).to.equal('token-1+');
    expect(t()).to.not.equal(first);
  });

  it('keeps the conversation and reports the refusal when Clear is refused with 403 (no tracingId)', () => {
    const { session, t, store, storage, log } = setup();
    session.start();
    t().ready();
    session.sendText('hello');
    session.clear();
    t().receive(error403());
    expect(store.messages.map((m) => m.text)).to.deep.equal(['hello']);
    expect(storage.outbox).to.have.length(1);
    expect(storage.token).to.equal('token-1');
    expect(log.errors.at(-1)!.code).to.equal(403);
    expect(log.errors.at(-1)!.message).to.include('does not allow clearing');
  });

  it('asks again for a Clear or a new start the service refused for the rate (429), once the wait is over', async () => {
    const { session, t } = setup();
    session.start();
    t().ready();
    const presence = () => t().frames('Event').filter((f) => f.action === 'onMessage' && JSON.stringify(f.message).includes('"Clear"'));
    session.clear();
    const first = presence()[0] as { tracingId: string };
    // Genesys's shape (TooManyRequestsErrorMessage), with a short wait for the test.
    t().receive({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, tracingId: first.tracingId, body: { retryAfter: 0.05, errorCode: 4029, errorMessage: 'Message rate too high for this session' } });
    expect(presence()).to.have.length(1, 'held while the service asks to wait');
    await waitUntil(() => presence().length === 2, 'the Clear is sent again', { timeout: 2000 });
    expect((presence()[1] as { tracingId: string }).tracingId).not.to.equal(first.tracingId);

    session.startNew();
    const close = t().frames('closeSession').at(-1) as { tracingId: string };
    t().receive({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, tracingId: close.tracingId, body: { retryAfter: 0.05, errorCode: 4029, errorMessage: 'Message rate too high for this session' } });
    await waitUntil(() => t().frames('closeSession').length === 2, 'closeSession is sent again', { timeout: 2000 });
  });

  it('fails for good when configureSession is refused, and stop() leaves no timers', () => {
    const { session, t, log, clock } = setup();
    session.start();
    t().open();
    t().receive({ type: 'response', class: 'string', code: 400, body: 'deployment unknown' });
    expect(session.state).to.equal('failed');
    expect(log.errors.map((e) => e.code)).to.deep.equal([400]);
    session.reconnectNow();
    t().ready();
    session.stop();
    expect(session.state).to.equal('closed');
    expect(clock.pending).to.equal(0);
  });
});
