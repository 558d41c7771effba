/**
 * Issue 15 §2/§3: the session against a service that is not kind (review of 749c705). A
 * FakeTransport that behaves like the real service where it matters (untagged errors,
 * swallowed echoes, metadata not given back) and a FakeClock for every session timer.
 * Each test names the review item it holds.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ClientFrame, HistoryPage } from '../../src/protocol/types.js';
import type { NoticeDetail, SessionAuth, SessionNotice } from '../../src/session/chat-session.js';
import { GuestSession } from '../../src/session/guest-session.js';
import { BudgetedTransport } from '../../src/transport/budgeted-transport.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import type { ChatError, ConnectionState } from '../../src/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeTransport, keptMetadata, type MetadataKept, randomId } from '../helpers/fake-transport.js';
import { MemoryState } from '../helpers/memory-state.js';

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;

interface Options {
  attributes?: Record<string, string>;
  auth?: SessionAuth;
  autoStart?: boolean;
  kept?: MetadataKept;
}

function setup(options: Options = {}) {
  FakeTransport.reset();
  const clock = new FakeClock();
  const storage = new MemoryState();
  const store = new MessageStore();
  const log = {
    states: [] as ConnectionState[],
    notices: [] as [SessionNotice, NoticeDetail | undefined][],
    over: [] as SessionNotice[],
    errors: [] as ChatError[],
    /** onMessage frames written with `send` (around the rate budget). */
    direct: [] as ClientFrame[],
  };
  const session = new GuestSession({
    deploymentId: 'dep',
    storage,
    sink: store,
    clock,
    random: () => 0.5,
    log: () => {},
    attributes: () => options.attributes,
    autoStart: () => !!options.autoStart,
    ...(options.auth ? { auth: options.auth } : {}),
    connect: () => {
      const fake = new FakeTransport({ deploymentId: 'dep', socketUrl: 'ws://x', apiUrl: 'http://x' });
      fake.metadataKept = options.kept ?? 'all';
      const budgeted = new BudgetedTransport(fake, new RateBudget({ ratePerSecond: 100 }));
      const send = budgeted.send.bind(budgeted);
      budgeted.send = (f) => {
        if (f.action === 'onMessage') log.direct.push(f);
        return send(f);
      };
      return budgeted;
    },
    events: {
      state: (s) => log.states.push(s),
      notice: (c, d) => log.notices.push([c, d]),
      noticeOver: (c) => log.over.push(c),
      error: (e) => log.errors.push(e),
    },
  });
  return { clock, storage, store, log, session, t: () => FakeTransport.last };
}

const texts = (t: FakeTransport) => (t.frames('Text') as OnMessage[]).map((f) => (f.message as { text: string }).text);
const allTexts = () => FakeTransport.instances.flatMap(texts);
const lastText = (t: FakeTransport, text: string) => (t.frames('Text') as OnMessage[]).filter((f) => (f.message as { text: string }).text === text).at(-1)!;
const statuses = (store: MessageStore) => store.messages.filter((m) => m.from === 'customer').map((m) => `${m.text}:${m.status}`);
/** Lets awaited promises (JWT, history) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

function answerJwt(t: FakeTransport): void {
  for (const f of t.frames('getJwt')) {
    t.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: f.tracingId, body: { jwt: 'a.b.c', exp: Math.floor(Date.now() / 1000) + 3600 } });
  }
}

/** What the real service stores of a Text frame, with only the metadata it keeps. */
function stored(frame: OnMessage, kept: MetadataKept, time: number) {
  const m = frame.message as { text: string; metadata?: Record<string, string> };
  return { id: randomId(), type: 'Text', direction: 'Inbound', text: m.text, content: [], events: [], metadata: keptMetadata(m.metadata, kept), time } as unknown as HistoryPage['messages'][number];
}

/** The outbox's acknowledgement deadline (ACK_DEADLINE_MS), written out so the test also runs against code without it. */
const ACK_DEADLINE_MS = 15_000;
/** The wait for an echo after an error that names no frame (UNTAGGED_WAIT_MS), written out likewise. */
const UNTAGGED_WAIT_MS = 2_000;

const untagged = (code: number, body = 'Request failed.') => ({ type: 'response', class: 'string', code, body });

describe('the session against an unkind service (issue 15)', () => {
  it('C1: an untagged 5000 after "one" does not block "two" and "three": after the deadline history decides, and all go out once', async () => {
    const { session, t, clock, store, log } = setup();
    session.start();
    t().ready();
    session.sendText('one');
    session.sendText('two');
    session.sendText('three');
    t().receive(untagged(5000));
    expect(texts(t())).to.deep.equal(['one']);
    expect(log.errors.map((e) => e.code)).to.deep.equal([5000]);
    clock.tick(ACK_DEADLINE_MS);
    await settle();
    answerJwt(t());
    await waitUntil(() => texts(t()).length === 2, 'history did not show "one": it is sent again');
    t().echo(lastText(t(), 'one'));
    t().echo(lastText(t(), 'two'));
    t().echo(lastText(t(), 'three'));
    expect(texts(t())).to.deep.equal(['one', 'one', 'two', 'three']);
    expect(statuses(store)).to.deep.equal(['one:sent', 'two:sent', 'three:sent']);
  });

  it('C1: a swallowed echo (the service stored it, the socket stays up): after the deadline history acknowledges it, no duplicate, no wedge', async () => {
    const { session, t, clock, store } = setup({ kept: 'customMessageId' });
    session.start();
    t().ready();
    session.sendText('one');
    session.sendText('two');
    const one = t().frames('Text')[0] as OnMessage;
    t().history = { messages: [stored(one, 'customMessageId', clock.now())], pageNumber: 1, pageCount: 1 };
    clock.tick(ACK_DEADLINE_MS - 1);
    expect(t().frames('getJwt')).to.have.length(0, 'not before the deadline');
    clock.tick(1);
    await settle();
    answerJwt(t());
    await waitUntil(() => texts(t()).length === 2, '"two" goes out');
    expect(texts(t())).to.deep.equal(['one', 'two']);
    expect(statuses(store)).to.deep.equal(['one:sent', 'two:sending']);
  });

  it('C1/P4: an untagged 4013 fails the message on the wire (once) and the next goes out', () => {
    const { session, t, store, log } = setup();
    session.start();
    t().ready();
    session.sendText('one');
    session.sendText('two');
    t().receive(untagged(4013, 'Custom Attributes in channel metadata is larger than 2048 bytes'));
    expect(texts(t())).to.deep.equal(['one', 'two']);
    expect(statuses(store)).to.deep.equal(['one:failed', 'two:sending']);
    expect(log.errors.map((e) => e.code)).to.deep.equal([4013]);
  });

  it('C13: an untagged 429 with no message written only pauses; with one written, its echo gets a moment, then history decides: never sent twice', async () => {
    const { session, t, clock } = setup({ kept: 'customMessageId' });
    session.start();
    t().ready();
    const tooMany = { type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, body: { retryAfter: 0.05, errorCode: 4029, errorMessage: 'Message rate too high for this session' } };
    session.sendText('one');
    t().echo(lastText(t(), 'one'));
    t().receive(tooMany);
    await new Promise((r) => setTimeout(r, 120));
    expect(texts(t())).to.deep.equal(['one'], 'nothing was in flight: nothing resent');
    // The 429 was a receipt's or typing's: the message's echo comes, nothing is resent.
    session.sendText('two');
    await waitUntil(() => texts(t()).length === 2, '"two" written once the pause is over');
    t().receive(tooMany);
    t().echo(lastText(t(), 'two'));
    clock.tick(UNTAGGED_WAIT_MS + 100);
    await settle();
    expect(texts(t())).to.deep.equal(['one', 'two']);
    // The 429 was the message's: no echo; after the wait history does not show it, it is sent again.
    session.sendText('three');
    await waitUntil(() => texts(t()).length === 3, '"three" written once the pause is over');
    t().receive(tooMany);
    clock.tick(UNTAGGED_WAIT_MS + 100);
    await settle();
    answerJwt(t());
    await waitUntil(() => texts(t()).length === 4, '"three" is sent again once history says it is not there');
    expect(texts(t())).to.deep.equal(['one', 'two', 'three', 'three']);
  });

  it('C9: a 4009 naming a message is final: sent once, shown failed, one error', () => {
    const { session, t, store, log } = setup();
    session.start();
    t().ready();
    session.sendText('see file');
    t().receive({ type: 'response', class: 'string', code: 4009, body: 'attachment not found', tracingId: lastText(t(), 'see file').tracingId });
    expect(texts(t())).to.deep.equal(['see file']);
    expect(statuses(store)).to.deep.equal(['see file:failed']);
    expect(log.errors.map((e) => e.code)).to.deep.equal([4009]);
  });

  it('C9: after the session changes, a waiting message whose files belonged to the old one is not sent with dead ids: failed, text kept, one error', () => {
    const { session, t, store, storage, log } = setup();
    session.start();
    t().open(); // configuring: the message waits
    storage.outbox = [{ tracingId: 'w1', clientId: 'c1', text: 'my photo', time: 1, attempts: 0, attachments: [{ id: 'old-att', name: 'p.png' }] }];
    session.showOutbox();
    t().receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: false } });
    t().receive({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
    t().ready();
    const ids = FakeTransport.instances.flatMap((x) => x.sent).filter((f) => f.action === 'onMessage' && JSON.stringify(f).includes('old-att'));
    expect(ids).to.have.length(0);
    expect(statuses(store)).to.deep.equal(['my photo:failed']);
    expect(log.errors.map((e) => e.code)).to.deep.equal(['attachments-expired']);
    // Kept as failed, its text with it and its dead files not: a reload still shows it.
    expect(storage.outbox.map((e) => [e.text, e.failed?.code, e.attachments])).to.deep.equal([['my photo', 4009, undefined]]);
  });

  it('a message refused for good survives a reload as failed, with its retry (nothing typed is lost; the hostile chaos lost one a run so)', () => {
    const first = setup();
    first.session.start();
    first.t().ready();
    first.session.sendText('refused');
    first.t().receive({ type: 'response', class: 'string', code: 4020, body: 'missing parameter', tracingId: lastText(first.t(), 'refused').tracingId });
    expect(statuses(first.store)).to.deep.equal(['refused:failed']);
    first.session.stop();
    // The reload: a new session and conversation on the same storage.
    const store = new MessageStore();
    const again = new GuestSession({ deploymentId: 'dep', storage: first.storage, sink: store, clock: first.clock, random: () => 0.5, log: () => {}, connect: () => new BudgetedTransport(new FakeTransport({ deploymentId: 'dep', socketUrl: 'ws://x', apiUrl: 'http://x' }), new RateBudget({ ratePerSecond: 100 })), events: {} });
    again.start();
    FakeTransport.last.ready({ connected: true, newSession: false });
    expect(statuses(store), 'shown failed after the reload').to.deep.equal(['refused:failed']);
    expect(texts(FakeTransport.last), 'not sent again by itself').to.deep.equal([]);
    again.retry(store.messages[0]!.tracingId!);
    expect(texts(FakeTransport.last), 'the person retries: it goes').to.deep.equal(['refused']);
  });

  it('C6: custom attributes refused with the message (429) go with its resend, and later messages leave them off', async () => {
    const { session, t } = setup({ attributes: { orderId: 'A-1042' } });
    session.start();
    t().ready();
    session.sendText('one');
    const first = lastText(t(), 'one');
    expect('channel' in first.message).to.equal(true);
    t().receive({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, tracingId: first.tracingId, body: { retryAfter: 0.05, errorCode: 4029, errorMessage: 'Message rate too high' } });
    await waitUntil(() => texts(t()).length === 2, 'resent');
    expect('channel' in lastText(t(), 'one').message).to.equal(true, 'the resend carries them');
    t().echo(lastText(t(), 'one'));
    session.sendText('two');
    expect('channel' in lastText(t(), 'two').message).to.equal(false);
  });

  it('C7: a service answering every configure with SessionExpiredEvent gets a few connections with backoff, not one per round trip, and the session recovers when it does', () => {
    const { session, clock, log } = setup();
    session.start();
    const answered = new Set<FakeTransport>();
    const connectionsBy = (ms: number) => {
      const end = clock.now() + ms;
      // Bounded, so a session that reconnects at once fails the test instead of hanging it.
      for (let n = 0; clock.now() < end && n < 10_000; n++) {
        const fresh = FakeTransport.instances.find((x) => !answered.has(x));
        if (fresh) {
          answered.add(fresh);
          fresh.open();
          fresh.receive({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
        } else clock.tick(10);
      }
      return FakeTransport.instances.length;
    };
    expect(connectionsBy(1000)).to.be.at.most(3);
    // Backoff 1, 2, 4, 8, 16 s…: about 7 in a minute (the review measured ~100 a second).
    expect(connectionsBy(59_000)).to.be.within(5, 8);
    expect(session.state, 'never given up').to.equal('reconnecting');
    expect(log.errors, 'the page is told once').to.have.length(1);
    // The service recovers: the next configure is answered and the session is ready.
    clock.tick(31_000);
    FakeTransport.last.open();
    FakeTransport.last.ready();
    expect(session.state).to.equal('ready');
  });

  it('C7: a service answering every configure with 4017 backs off the same way', () => {
    const { session, clock } = setup();
    session.start();
    const answered = new Set<FakeTransport>();
    const end = clock.now() + 60_000;
    for (let n = 0; clock.now() < end && n < 10_000; n++) {
      const fresh = FakeTransport.instances.find((x) => !answered.has(x));
      if (fresh) {
        answered.add(fresh);
        fresh.open();
        fresh.receive(untagged(4017, 'cannot downgrade to unauthenticated'));
      } else clock.tick(10);
    }
    expect(FakeTransport.instances.length).to.be.within(5, 8);
    expect(session.state).to.equal('reconnecting');
  });

  it('C7: once the service takes configures again, the session comes up with the messages typed meanwhile', () => {
    const { session, clock, store, t } = setup();
    session.start();
    session.sendText('typed while it kept ending');
    for (let i = 0; i < 4; i++) {
      t().open();
      t().receive({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
      const count = FakeTransport.instances.length;
      for (let n = 0; n < 10_000 && FakeTransport.instances.length === count; n++) clock.tick(10);
    }
    t().ready();
    expect(session.state).to.equal('ready');
    expect(texts(t())).to.deep.equal(['typed while it kept ending']);
    t().echo(lastText(t(), 'typed while it kept ending'));
    expect(statuses(store)).to.deep.equal(['typed while it kept ending:sent']);
  });

  it('two tabs that hear one SessionExpiredEvent agree on one new token: the follower adopts the leader\'s', () => {
    const leader = setup();
    const storage = leader.storage;
    leader.session.start();
    const leaderSocket = leader.t();
    leaderSocket.ready();
    // The follower: a second session on the same storage (its own transport stands in for the relay).
    const follower = new GuestSession({
      deploymentId: 'dep',
      storage,
      sink: new MessageStore(),
      clock: leader.clock,
      random: () => 0.5,
      log: () => {},
      connect: () => new BudgetedTransport(new FakeTransport({ deploymentId: 'dep', socketUrl: 'ws://x', apiUrl: 'http://x' }), new RateBudget({ ratePerSecond: 100 })),
      events: {},
    });
    follower.start();
    const followerSocket = FakeTransport.last;
    followerSocket.ready({ connected: true, newSession: false });
    const expired = { type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} };
    // The leader hears it first (it owns the socket) and renews the token; the relay reaches the follower after.
    leaderSocket.receive(expired);
    const renewed = storage.token;
    expect(renewed).to.not.equal('token-1');
    followerSocket.receive(expired);
    expect(storage.token, 'not a third token that the leader\'s new socket never configured').to.equal(renewed);
  });

  it('C10: a Clear refused with 409 ends the operation: a later ConnectionClosedEvent closes (no reconnect), a later 403 is not "clearing not allowed"', () => {
    const { session, t, log } = setup();
    session.start();
    t().ready();
    session.clear();
    const clear = t().frames('Event').at(-1)!;
    t().receive({ type: 'response', class: 'string', code: 409, body: 'Conflict', tracingId: clear.tracingId });
    t().receive(untagged(403, 'Turn on the Feature Toggle or fix the configuration.'));
    expect(log.errors.at(-1)!.message).to.not.include('clearing');
    const count = FakeTransport.instances.length;
    t().receive({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reason: 'SessionLimitReached' } });
    expect(session.state).to.equal('closed');
    expect(FakeTransport.instances.length).to.equal(count);
  });

  it('C10: a Clear with no answer is over after its deadline', () => {
    const { session, t, clock, log } = setup();
    session.start();
    t().ready();
    session.clear();
    clock.tick(15_000);
    expect(log.errors.map((e) => e.code)).to.deep.equal(['clear-unanswered']);
    t().receive({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reason: 'SessionLimitReached' } });
    expect(session.state).to.equal('closed');
  });

  it('P3: a Receipt answered by 400 turns receipts off for the session: one error, no more receipts', () => {
    const { session, t, store, log } = setup();
    session.start();
    t().ready();
    store.upsert({ id: 'a1', from: 'agent', text: 'hi', time: 1 });
    store.upsert({ id: 'a2', from: 'agent', text: 'again', time: 2 });
    store.upsert({ id: 'a3', from: 'agent', text: 'and again', time: 3 });
    session.markRead('a1');
    session.markRead('a2');
    for (const r of t().frames('Receipt')) t().receive({ type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: r.tracingId });
    session.markRead('a3');
    expect(t().frames('Receipt')).to.have.length(2);
    expect(log.errors).to.have.length(1);
  });

  it('P1: sends customMessageId and id, and recognises an echo that keeps only customMessageId', () => {
    const { session, t, store } = setup({ kept: 'customMessageId' });
    session.start();
    t().ready();
    session.sendText('one');
    const frame = lastText(t(), 'one');
    const metadata = (frame.message as { metadata: Record<string, string> }).metadata;
    expect(Object.keys(metadata).sort()).to.deep.equal(['customMessageId', 'id']);
    expect(metadata['customMessageId']).to.equal(metadata['id']);
    t().echo(frame);
    expect(statuses(store)).to.deep.equal(['one:sent']);
    expect(store.messages[0]!.clientId).to.equal(metadata['id']);
  });

  it('P1: a history entry with no metadata at all is matched to the unconfirmed message by content and time: not sent twice', async () => {
    const { session, t, clock, store } = setup({ kept: 'none' });
    session.start();
    t().ready();
    session.sendText('did this arrive?');
    const frame = lastText(t(), 'did this arrive?');
    t().drop();
    clock.tick(1000);
    t().history = { messages: [stored(frame, 'none', clock.now() - 500)], pageNumber: 1, pageCount: 1 };
    t().ready({ connected: true, newSession: false });
    await settle();
    answerJwt(t());
    await settle();
    await settle();
    expect(allTexts()).to.deep.equal(['did this arrive?']);
    expect(statuses(store)).to.deep.equal(['did this arrive?:sent']);
  });

  it("P1: another tab's message this tab shows as sending becomes sent when history gives it without metadata: one copy, not two", async () => {
    // The tab loaded while the leading tab had it in the shared outbox, then followed; the
    // leader confirmed it from history (its echo was lost), so no echo reaches this tab.
    const { session, t, clock, store } = setup({ kept: 'none' });
    store.addPending({ id: 'other-tab', tracingId: 'other-tab', clientId: 'other-client', from: 'customer', text: 'typed in the other tab', time: clock.now(), status: 'sending' });
    session.start();
    clock.tick(1000);
    t().history = {
      messages: [{ id: 'h1', type: 'Text', direction: 'Inbound', text: 'typed in the other tab', content: [], events: [], metadata: {}, time: clock.now() - 500 } as unknown as HistoryPage['messages'][number]],
      pageNumber: 1,
      pageCount: 1,
    };
    t().ready({ connected: true, newSession: false });
    await settle();
    answerJwt(t());
    await settle();
    await settle();
    expect(statuses(store)).to.deep.equal(['typed in the other tab:sent']);
    expect(allTexts(), 'this tab sends nothing of it').to.deep.equal([]);
  });

  it('P1: an identical message from long before is not taken for the unconfirmed one: it is sent again', async () => {
    const { session, t, clock, store } = setup({ kept: 'none' });
    session.start();
    t().ready();
    session.sendText('ok');
    const frame = lastText(t(), 'ok');
    t().drop();
    clock.tick(1000);
    t().history = { messages: [stored(frame, 'none', clock.now() - 10 * 60_000)], pageNumber: 1, pageCount: 1 };
    t().ready({ connected: true, newSession: false });
    await settle();
    answerJwt(t());
    await waitUntil(() => allTexts().length === 2, 'resent');
    expect(statuses(store)).to.deep.equal(['ok:sent', 'ok:sending']);
  });

  it('P2: a card postback answers as ButtonResponse "Button", a quick reply as "QuickReply", and the kind survives a reload', () => {
    const { session, t, storage } = setup();
    session.start();
    t().ready();
    session.sendQuickReply({ text: 'Yes', payload: 'y', type: 'Button' });
    const kind = (f: ClientFrame) => (f as OnMessage & { message: { content: { buttonResponse: { type: string } }[] } }).message.content[0]!.buttonResponse.type;
    const structured = () => t().frames('Structured');
    expect(structured().map(kind)).to.deep.equal(['Button']);
    expect(storage.outbox[0]!.replyType).to.equal('Button');
    t().receive({ type: 'response', class: 'string', code: 503, body: 'later', tracingId: structured()[0]!.tracingId });
    expect(structured().map(kind)).to.deep.equal(['Button', 'Button']);
    t().receive({ type: 'message', class: 'StructuredMessage', code: 200, tracingId: structured()[1]!.tracingId, body: { id: 'e1', type: 'Structured', direction: 'Inbound', text: 'Yes', content: [] } });
    session.sendQuickReply({ text: 'No', payload: 'n' });
    expect(structured().map(kind)).to.deep.equal(['Button', 'Button', 'QuickReply']);
  });

  it('4017 answering the configure: a new token, and what waits to be sent goes in the new session', () => {
    const { session, t, storage, store } = setup();
    session.start();
    const first = t();
    first.open();
    session.sendText('typed here');
    first.receive(untagged(4017, 'cannot downgrade to unauthenticated'));
    expect(storage.token, 'a new token').to.not.equal('token-1');
    expect(store.messages.filter((m) => !m.divider).map((m) => `${m.text}:${m.status}`)).to.deep.equal(['typed here:sending']);
    const next = t();
    expect(next).to.not.equal(first);
    next.ready();
    expect(texts(next), 'the waiting message goes in the new session').to.deep.equal(['typed here']);
  });

  it('P5: ConnectionClosedEvent{signedIn} forgets the anonymous token', () => {
    const { session, t, storage } = setup();
    session.start();
    t().ready();
    t().receive({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: { reason: 'signedIn' } });
    expect(session.state).to.equal('closed');
    expect(storage.token).to.not.equal('token-1');
  });

  it('P7: the auto-start Join goes through the rate budget, not around it', () => {
    const { session, t, log } = setup({ autoStart: true });
    session.start();
    t().ready();
    expect(t().frames('Event').map((f) => JSON.stringify(f))).to.have.length(1);
    expect(log.direct).to.deep.equal([]);
  });

  it('C13: markRead never moves the stored horizon backwards (another tab read further)', () => {
    const { session, t, store, storage } = setup();
    session.start();
    t().ready();
    store.upsert({ id: 'a1', from: 'agent', text: 'one', time: 1 });
    store.upsert({ id: 'a2', from: 'agent', text: 'two', time: 2 });
    storage.readHorizon = 'a2';
    session.markRead('a1');
    expect(storage.readHorizon).to.equal('a2');
    expect(store.isRead('a2')).to.equal(true);
    store.upsert({ id: 'a3', from: 'agent', text: 'three', time: 3 });
    session.markRead('a3');
    expect(storage.readHorizon).to.equal('a3');
  });
});

describe('states that tell the truth (issue 15 §3)', () => {
  it('warns in the last 5 minutes of the session with its expiry time; a message extends it and the warning is over', async () => {
    const { session, t, clock, log } = setup();
    session.start();
    t().ready({ connected: true, newSession: true, durationSeconds: 900 });
    const expiresAt = clock.now() + 900_000;
    expect(session.expiresAt).to.equal(expiresAt);
    // In steps, so the heartbeat's echoes are answered (microtasks) and the socket stays up.
    for (let i = 0; i < 599; i++) {
      clock.tick(1000);
      await Promise.resolve();
    }
    clock.tick(999);
    expect(log.notices).to.deep.equal([]);
    clock.tick(1);
    expect(log.notices).to.deep.equal([['session-expiring', { expiresAt }]]);
    t().agentSays('still there?');
    expect(session.expiresAt).to.equal(clock.now() + 900_000);
    expect(log.over).to.deep.equal(['session-expiring']);
  });

  it('reads the expiry from the echo reply\'s metadata (and from expirationDate, epoch seconds)', () => {
    const { session, t, clock } = setup();
    session.start();
    t().ready({ connected: true, newSession: true, durationSeconds: 259200, expirationDate: 2_000_000 });
    expect(session.expiresAt).to.equal(2_000_000_000);
    t().receive({ type: 'response', class: 'StructuredMessage', code: 200, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=', body: { text: 'ping', type: 'Text', direction: 'Inbound', id: 'echo_id', metadata: { durationSeconds: '259200', expirationDate: '1900000000' } } });
    expect(session.expiresAt).to.equal(1_900_000_000_000);
    expect(clock.pending).to.be.greaterThan(0);
  });

  it('a session that expires keeps the earlier messages above a divider; the new session\'s messages follow', () => {
    const { session, t, store, log } = setup();
    session.start();
    t().ready();
    t().agentSays('Your refund is approved');
    session.sendText('thanks');
    t().echo(lastText(t(), 'thanks'));
    t().receive({ type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
    t().ready();
    t().agentSays('Hello again');
    const shown = store.messages.map((m) => m.divider ?? m.text);
    expect(shown).to.deep.equal(['Your refund is approved', 'thanks', 'session-expired', 'Hello again']);
    expect(log.notices.map(([c]) => c)).to.deep.equal(['session-expired']);
    expect(store.unreadCount()).to.equal(2, 'the divider is never unread');
  });

  it('an unreachable service: one error naming the cause and a notice after ~30 s, retries go on with capped backoff, messages stay sending, the notice is over once connected', () => {
    const { session, t, clock, store, log } = setup();
    session.start();
    session.sendText('hello?');
    for (let elapsed = 0; elapsed < 300_000; elapsed += 1000) {
      if (!t().closed && !t().isOpen) t().refuse();
      clock.tick(1000);
    }
    expect(log.errors.map((e) => e.code)).to.deep.equal(['service-unreachable']);
    expect(log.notices.map(([c]) => c)).to.deep.equal(['unreachable']);
    expect(session.state).to.equal('reconnecting');
    expect(FakeTransport.instances.length).to.be.greaterThan(10, 'still trying');
    expect(statuses(store)).to.deep.equal(['hello?:sending']);
    while (t().closed) clock.tick(1000);
    t().ready();
    expect(log.over).to.deep.equal(['unreachable']);
    expect(texts(t())).to.deep.equal(['hello?']);
  });
});
