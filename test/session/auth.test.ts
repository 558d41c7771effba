/**
 * The session's side of signed-in customers (protocol §2.3): which configure it sends, and
 * what it does with 401, 403, 4017 and LogoutEvent. The auth is a fake here (its own
 * module is tested against the simulator's real endpoints in test/integration/auth.test.ts).
 */
import { expect } from '@open-wc/testing';
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import type { SessionAuth } from '../../src/session/chat-session.js';
import { GuestSession } from '../../src/session/guest-session.js';
import { BudgetedTransport } from '../../src/transport/budgeted-transport.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import type { ConnectionState } from '../../src/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryState } from '../helpers/memory-state.js';
import { FakeTransport } from '../helpers/fake-transport.js';


class FakeAuth implements SessionAuth {
  current: string | undefined = 'jwt-1';
  refreshes = 0;
  /** What refresh() gives next (undefined: the refresh fails). */
  next: (string | undefined)[] = [];
  out: string[] = [];
  requiredCalls = 0;
  jwt() {
    return this.current;
  }
  /** Refreshes fail for the network (offline, 5xx, 429): still signed in, no fresh JWT. */
  unreachable = false;
  refresh() {
    this.refreshes++;
    if (this.unreachable) return Promise.resolve(undefined);
    this.current = this.next.shift();
    return Promise.resolve(this.current);
  }
  signedOut(reason: string) {
    this.current = undefined;
    this.out.push(reason);
  }
  required() {
    this.requiredCalls++;
  }
}

function setup(jwt: string | null = 'jwt-1') {
  FakeTransport.reset();
  const storage = new MemoryState();
  const store = new MessageStore();
  const auth = new FakeAuth();
  auth.current = jwt ?? undefined;
  const states: ConnectionState[] = [];
  const clock = new FakeClock();
  const session = new GuestSession({
    deploymentId: 'dep',
    storage,
    sink: store,
    clock,
    random: () => 0.5,
    log: () => {},
    auth,
    connect: () => new BudgetedTransport(new FakeTransport({ deploymentId: 'dep', socketUrl: 'ws://x', apiUrl: 'http://x' }), new RateBudget({ ratePerSecond: 100 })),
    events: { state: (s) => states.push(s) },
  });
  return { session, auth, storage, store, states, clock, t: () => FakeTransport.last };
}

type Configure = Extract<ClientFrame, { action: 'configureAuthenticatedSession' }>;
const configures = (t: FakeTransport) => t.sent.filter((f): f is Configure => f.action === 'configureAuthenticatedSession');
const stringError = (code: number, body: string) => ({ type: 'response', class: 'string', code, body });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('GuestSession: signed-in customers', () => {
  it('configures with the JWT in data.code (never the OAuth code), and anonymously without one', () => {
    const { session, t } = setup();
    session.start();
    t().open();
    expect(configures(t()).map((f) => [f.token, f.deploymentId, f.data.code])).to.deep.equal([['token-1', 'dep', 'jwt-1']]);
    expect(t().frames('configureSession')).to.have.length(0);

    const anonymous = setup(null);
    anonymous.session.start();
    anonymous.t().open();
    expect(anonymous.t().frames('configureSession')).to.have.length(1);
    expect(configures(anonymous.t())).to.have.length(0);
  });

  it('refreshes on 401 and configures again with the new JWT', async () => {
    const { session, auth, t } = setup();
    auth.next = ['jwt-2'];
    session.start();
    t().open();
    t().receive(stringError(401, 'User is unauthorized'));
    await tick();
    expect(auth.refreshes).to.equal(1);
    expect(configures(t()).map((f) => f.data.code)).to.deep.equal(['jwt-1', 'jwt-2']);
    t().receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: false } });
    expect(session.state).to.equal('ready');
  });

  it('gives up after 3 refreshes that the service still finds unauthorized: signed out, closed', async () => {
    const { session, auth, t } = setup();
    auth.next = ['jwt-2', 'jwt-3', 'jwt-4'];
    session.start();
    t().open();
    for (let i = 0; i < 4; i++) {
      t().receive(stringError(401, 'User is unauthorized'));
      await tick();
    }
    expect(auth.refreshes).to.equal(3);
    expect(configures(t())).to.have.length(4);
    expect(auth.out).to.deep.equal(['expired']);
    expect(session.state).to.equal('closed');
  });

  it('a failed refresh ends the attempt (the auth has signed out)', async () => {
    const { session, auth, t } = setup();
    auth.next = [undefined];
    session.start();
    t().open();
    t().receive(stringError(401, 'User is unauthorized'));
    await tick();
    expect(configures(t())).to.have.length(1);
    expect(session.state).to.equal('closed');
  });

  it('a refresh that cannot be made yet (offline, 5xx, 429) keeps the customer signed in: the session waits and configures again (C2)', async () => {
    const { session, auth, clock, t } = setup();
    auth.unreachable = true;
    session.start();
    t().open();
    t().receive(stringError(401, 'User is unauthorized'));
    await tick();
    expect(auth.out, 'not signed out').to.deep.equal([]);
    expect(session.state).to.equal('reconnecting');
    const first = t();
    // The network is back: the next attempt refreshes and configures with the fresh JWT.
    auth.unreachable = false;
    auth.next = ['jwt-2'];
    clock.tick(60_000);
    expect(t()).not.to.equal(first);
    t().open();
    t().receive(stringError(401, 'User is unauthorized'));
    await tick();
    expect(configures(t()).map((f) => f.data.code)).to.deep.equal(['jwt-1', 'jwt-2']);
    t().receive({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: false } });
    expect(session.state).to.equal('ready');
    expect(auth.out).to.deep.equal([]);
  });

  it('403 "Session authentication failed" on a signed-in configure signs out', () => {
    const { session, auth, t } = setup();
    session.start();
    t().open();
    t().receive(stringError(403, 'Session authentication failed'));
    expect(auth.out).to.deep.equal(['rejected']);
    expect(session.state).to.equal('closed');
  });

  it('403 on an anonymous configure where sign-in is required says so', () => {
    const { session, auth, t } = setup(null);
    session.start();
    t().open();
    t().receive(stringError(403, 'Session authentication failed'));
    expect(auth.requiredCalls).to.equal(1);
    expect(session.state).to.equal('closed');
  });

  it('4017 (an authenticated token may not go anonymous) takes a new token and configures again', () => {
    const { session, storage, t } = setup(null);
    session.start();
    const first = t();
    first.open();
    first.receive(stringError(4017, 'Cannot downgrade an authenticated session to unauthenticated'));
    expect(storage.token).to.equal('token-1+');
    const again = t();
    again.open();
    expect((again.frames('configureSession') as { token: string }[]).map((f) => f.token)).to.deep.equal(['token-1+']);
  });

  it('a LogoutEvent forgets the conversation and the token, and signs out', () => {
    const { session, auth, storage, store, t } = setup();
    session.start();
    t().ready();
    t().agentSays('private');
    expect(store.messages).to.have.length(1);
    t().receive({ type: 'message', class: 'LogoutEvent', code: 200, body: {} });
    expect(store.messages).to.have.length(0);
    expect(storage.token).to.equal('token-1+');
    expect(auth.out).to.deep.equal(['logout']);
    expect(session.state).to.equal('closed');
  });

  it('reauthenticate keeps the token for an upgrade and takes a new one otherwise', () => {
    const { session, auth, storage, store, t } = setup(null);
    session.start();
    t().ready();
    t().agentSays('before sign-in');
    auth.current = 'jwt-9';
    session.reauthenticate(true);
    t().open();
    expect(configures(t()).map((f) => [f.token, f.data.code])).to.deep.equal([['token-1', 'jwt-9']]);
    expect(store.messages).to.have.length(1);
    session.reauthenticate(false);
    t().open();
    expect(configures(t()).map((f) => f.token)).to.deep.equal(['token-1+']);
    expect(storage.token).to.equal('token-1+');
    expect(store.messages).to.have.length(0);
  });
});
