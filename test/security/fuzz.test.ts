/**
 * Bad input, proven (1/3): a seeded, repeatable fuzz of the server side of the socket.
 *
 * 10,000 generated frames (test/security/fuzz-frames.ts) go into a real <genesys-chat>
 * through FakeTransport.receive (the real decoder, controller, store and render; a fake
 * clock makes the run deterministic and lets server-imposed pauses elapse), and a few
 * hundred more go through the real simulator over a real WebSocket (`sim.inject`). Between
 * frames a minimal server answers what the widget asks (configureSession, closeSession,
 * getJwt, echoes of its messages), as the service would.
 *
 * Asserted: no uncaught error or unhandled rejection, no prototype pollution, nothing a
 * frame carries ever runs, and afterwards the widget still answers: a new agent message
 * renders and `send()` puts a frame on the wire.
 *
 * A failure prints the seed, and the kinds of the frames of the batch that failed;
 * `FrameFuzzer` replays the same sequence from the same seed.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { MAX_RETRY_AFTER_S, decodeServerFrame } from '../../src/protocol/decode.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { describeError, trapUncaught, type UncaughtTrap } from '../helpers/uncaught.js';
import { FrameFuzzer, type FuzzContext, type FuzzFrame } from './fuzz-frames.js';

const SEED = 0x2026_0110;
const FAKE_FRAMES = 10_000;
const SIM_FRAMES = 300;
/** Frames between two Lit updates / clock steps: rendering once per frame would only measure Lit. */
const BATCH = 25;
/** Above this many messages the harness clears the conversation (a SessionClearedEvent), so render cost stays flat. */
const MAX_SHOWN = 200;

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;

declare global {
  interface Window {
    __gcxFuzz?: () => void;
  }
}

interface Incident {
  phase: string;
  frames: string[];
  errors: string[];
}

/** Ids the fuzzer aims at: what the widget has sent and shows. */
function contextFor(el: () => GenesysChat | undefined): FuzzContext {
  const sentOnMessage = (): OnMessage[] =>
    FakeTransport.instances.flatMap((t) => t.sent.filter((f): f is OnMessage => f.action === 'onMessage'));
  return {
    tracingIds: () => [
      ...sentOnMessage().map((f) => f.tracingId!).slice(-20),
      ...(el()?.messages ?? []).flatMap((m) => (m.tracingId ? [m.tracingId] : [])).slice(-20),
    ],
    messageIds: () => (el()?.messages ?? []).map((m) => m.id).slice(-40),
    clientIds: () =>
      sentOnMessage()
        .flatMap((f) => ('metadata' in f.message && f.message.metadata?.id ? [f.message.metadata.id] : []))
        .slice(-20),
    now: () => Date.now(),
  };
}

/** What the service answers to a client frame (the fuzz supplies everything else). */
function serverReply(f: ClientFrame): unknown {
  switch (f.action) {
    case 'configureSession':
      return { type: 'response', class: 'SessionResponse', code: 200, tracingId: f.tracingId, body: { connected: true, newSession: true, readOnly: false } };
    case 'closeSession':
      return { type: 'response', class: 'SessionResponse', code: 200, tracingId: f.tracingId, body: { connected: false, readOnly: true } };
    case 'getJwt':
      return { type: 'response', class: 'JwtResponse', code: 200, tracingId: f.tracingId, body: { jwt: 'eyJ.fuzz', exp: Math.floor(Date.now() / 1000) + 3600 } };
    case 'onMessage': {
      const m = f.message;
      if (m.type !== 'Text' && m.type !== 'Structured') return undefined;
      return {
        type: 'message',
        class: 'StructuredMessage',
        code: 200,
        tracingId: f.tracingId,
        body: {
          id: crypto.randomUUID().replace(/-/g, ''),
          type: m.type,
          direction: 'Inbound',
          text: m.text,
          ...(m.type === 'Structured' ? { content: m.content } : {}),
          channel: { time: new Date().toISOString(), messageId: crypto.randomUUID() },
          metadata: m.metadata ?? {},
        },
      };
    }
    default:
      return undefined;
  }
}

/** The FakeTransport side: one element, a minimal server, and delivery that records throws. */
class FakeHarness {
  el!: GenesysChat;
  remounts = 0;
  restartsServed = 0;
  readonly #served = new WeakMap<FakeTransport, number>();

  constructor(
    private readonly container: HTMLElement,
    private readonly trap: UncaughtTrap,
  ) {}

  async mount(): Promise<void> {
    const el = document.createElement('genesys-chat');
    el.setAttribute('deployment-id', 'fuzz-deployment');
    el.setAttribute('socket-url', 'ws://127.0.0.1:1/v1');
    el.setAttribute('storage', 'none');
    el.open = true;
    el.transportFactory = (o) => new FakeTransport(o);
    this.container.append(el);
    this.el = el;
    await this.settle();
    this.serve();
  }

  /** A page would reload; re-attaching makes the element connect again from scratch. */
  async remount(): Promise<void> {
    this.remounts++;
    this.el.remove();
    // A move within one task keeps the session (the teardown waits a microtask): a remount
    // lets the teardown run first, as a page that removes and later re-adds the element.
    await Promise.resolve();
    this.container.append(this.el);
    await this.settle();
    this.serve();
  }

  /** Feeds one raw frame to the newest connection, as its `onmessage` would. */
  deliver(raw: unknown): void {
    const t = FakeTransport.last;
    if (!t?.listener) return;
    try {
      t.receive(raw);
    } catch (error) {
      // In the real transport this would escape a WebSocket event handler: an uncaught error.
      this.trap.record(error);
    }
  }

  /** Answers what the widget asked on the newest connection (opening it first if needed). */
  serve(): void {
    const t = FakeTransport.last;
    if (!t || t.closed || !t.listener) return;
    if (!t.isOpen) {
      this.restartsServed++;
      try {
        t.open();
      } catch (error) {
        this.trap.record(error);
      }
    }
    let i = this.#served.get(t) ?? 0;
    while (i < t.sent.length) {
      const reply = serverReply(t.sent[i++]!);
      this.#served.set(t, i);
      if (reply !== undefined) this.deliver(reply);
    }
  }

  /** Advances the fake clock; a timer callback that throws is an uncaught error too. */
  async tick(clock: sinon.SinonFakeTimers, ms: number): Promise<void> {
    try {
      await clock.tickAsync(ms);
    } catch (error) {
      this.trap.record(error);
    }
  }

  async settle(): Promise<void> {
    try {
      await this.el.updateComplete;
    } catch (error) {
      this.trap.record(error);
    }
  }

  /** Brings the widget back to `ready` the way a person and the service would. */
  async recover(clock: sinon.SinonFakeTimers): Promise<void> {
    for (let i = 0; i < 5 && this.el.connectionState !== 'ready'; i++) {
      const state = this.el.connectionState;
      if (state === 'closed' || state === 'failed') await this.remount();
      else if (state === 'read-only') {
        // "Start a new conversation": closeSession, then configureSession{startNew}.
        this.el.shadowRoot!.querySelector<HTMLButtonElement>('.ended button')?.click();
        this.serve();
      }
      await this.tick(clock, 50);
      this.serve();
      await this.settle();
    }
  }
}

describe('fuzz: hostile frames', function () {
  this.timeout(180_000);

  let sim: Simulator;
  let container: HTMLElement;

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 2 });
  });

  beforeEach(() => {
    FakeTransport.reset();
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    sinon.restore();
    container.remove();
    delete window.__gcxFuzz;
  });

  it(`survives ${FAKE_FRAMES} + ${SIM_FRAMES} generated frames (seed 0x${SEED.toString(16)}) and still answers`, async () => {
    const started = performance.now();
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join();
    const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).sort().join();
    let executed = 0;
    window.__gcxFuzz = () => void executed++;
    const warn = sinon.stub(console, 'warn'); // one warning per refused frame; counted, not printed
    const trap = trapUncaught();
    const incidents: Incident[] = [];
    const kinds = new Map<string, number>();
    let errorEvents = 0;
    const countErrors = () => void errorEvents++;
    document.addEventListener('genesys-chat-error', countErrors);

    let fakeDelivered = 0;
    let simDelivered = 0;
    let simSkipped = 0;
    let simRemounts = 0;
    let fakeFailure: string | undefined = 'not run';
    let simFailure: string | undefined = 'not run';
    let fakeRemounts = 0;
    let decodedOk = 0;
    try {
      // ---------------------------------------------------------------- FakeTransport phase
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      try {
        const h = new FakeHarness(container, trap);
        await h.mount();
        await h.tick(clock, 10);
        expect(h.el.connectionState, 'harness connects').to.equal('ready');

        const fuzzer = new FrameFuzzer(SEED, contextFor(() => h.el));
        let batch: FuzzFrame[] = [];
        for (let i = 0; i < FAKE_FRAMES; i++) {
          const frame = fuzzer.next();
          batch.push(frame);
          const family = frame.kind.split('/').pop()!.split('+')[0]!;
          kinds.set(family, (kinds.get(family) ?? 0) + 1);
          if (decodeServerFrame(frame.raw).ok) decodedOk++;
          h.deliver(frame.raw);
          fakeDelivered++;
          h.serve();
          const state = h.el.connectionState;
          if (state === 'closed' || state === 'failed') await h.remount();

          if ((i + 1) % BATCH === 0 || i === FAKE_FRAMES - 1) {
            const before = trap.errors.length;
            await h.tick(clock, 100);
            h.serve();
            await h.settle();
            if (trap.errors.length > before) {
              incidents.push({
                phase: 'fake',
                frames: batch.map((f) => `#${f.index} ${f.kind} (${f.raw.length} chars): ${f.raw.slice(0, 120)}`),
                errors: trap.errors.slice(before).map(describeError),
              });
            }
            batch = [];
          }
          if ((i + 1) % 250 === 0) {
            if (h.el.connectionState === 'read-only') await h.recover(clock);
            h.el.send(`fuzz customer message ${i + 1}`);
            h.serve();
          }
          if (h.el.messages.length > MAX_SHOWN) {
            h.deliver({ type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
            h.serve();
          }
        }

        // Afterwards: the widget still answers.
        fakeFailure = await attempt(async () => {
          await h.recover(clock);
          expect(h.el.connectionState, 'ready again after the fuzz').to.equal('ready');
          const t = FakeTransport.last;
          t.agentSays('Fuzz survivor: still here?');
          await h.tick(clock, 10);
          await h.settle();
          const agentTexts = [...h.el.shadowRoot!.querySelectorAll('[part~="message"][part~="agent"]')].map((b) => b.textContent);
          expect(agentTexts, 'a new agent message renders').to.include('Fuzz survivor: still here?');

          expect(h.el.send('still alive'), 'send() accepts').to.equal(true);
          const sentStillAlive = () =>
            FakeTransport.instances.some((x) => x.sent.some((f) => f.action === 'onMessage' && 'text' in f.message && f.message.text === 'still alive'));
          // A 429 from the fuzz may legitimately hold sending for up to its (capped) retryAfter.
          const wall = performance.now();
          for (let waited = 0; waited <= 65_000 && !sentStillAlive() && performance.now() - wall < 10_000; waited += 250) {
            await h.tick(clock, 250);
            h.serve();
          }
          expect(sentStillAlive(), 'send("still alive") put a frame on the wire').to.equal(true);
        });
        fakeRemounts = h.remounts;
        h.el.remove();
      } finally {
        clock.uninstall();
      }

      // ---------------------------------------------------------------- simulator phase
      try {
        const sr = await simPhase(sim, container, trap, incidents);
        simDelivered = sr.delivered;
        simSkipped = sr.skipped;
        simRemounts = sr.remounts;
        simFailure = sr.failure;
      } catch (error) {
        simFailure = describeError(error);
      }
    } finally {
      document.removeEventListener('genesys-chat-error', countErrors);
      trap.restore();
      warn.restore();
    }

    const total = fakeDelivered + simDelivered;
    const uncaught = trap.errors.length;
    const answers = !fakeFailure && !simFailure;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `FIGURE fuzz detail: seed 0x${SEED.toString(16)}; ${fakeDelivered} frames via FakeTransport (${decodedOk} decoded as valid, ` +
        `${fakeRemounts} reloads after closing frames), ${simDelivered} via the simulator (${simSkipped} skipped as too large ` +
        `for the control API or pausing > 2 s, ${simRemounts} reloads); ${errorEvents} genesys-chat-error events, ` +
        `${warn.callCount} warnings; ${seconds} s; mix: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    console.log(`FIGURE fuzz: ${total} frames, ${uncaught} uncaught errors, widget answers: ${answers}`);
    for (const incident of incidents.slice(0, 5)) {
      console.log(`fuzz incident (${incident.phase}):\n  ${incident.errors.join('\n  ')}\n  frames of the batch:\n    ${incident.frames.join('\n    ')}`);
    }

    expect(total).to.be.at.least(FAKE_FRAMES);
    expect(uncaught, `uncaught errors (seed 0x${SEED.toString(16)}): ${trap.errors.slice(0, 3).map(describeError).join(' | ')}`).to.equal(0);
    expect(executed, 'a payload inside a frame ran').to.equal(0);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(({} as Record<string, unknown>)['isAdmin']).to.equal(undefined);
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).to.equal(protoBefore);
    expect(Object.getOwnPropertyNames(Array.prototype).sort().join()).to.equal(arrayProtoBefore);
    expect(fakeFailure, 'widget answers after the FakeTransport fuzz').to.equal(undefined);
    expect(simFailure, 'widget answers after the simulator fuzz').to.equal(undefined);
  });
});

describe('fuzz findings, pinned', () => {
  afterEach(() => sinon.restore());

  it('a 429 with an absurd retryAfter (1e308 s) holds sending for at most MAX_RETRY_AFTER_S, not for ever', async () => {
    FakeTransport.reset();
    sinon.stub(console, 'warn');
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const el = document.createElement('genesys-chat');
      el.setAttribute('deployment-id', 'fuzz-429');
      el.setAttribute('socket-url', 'ws://127.0.0.1:1/v1');
      el.setAttribute('storage', 'none');
      el.setAttribute('connect', 'eager');
      el.transportFactory = (o) => new FakeTransport(o);
      container.append(el);
      await el.updateComplete;
      const t = FakeTransport.last;
      t.ready();
      expect(el.send('first')).to.equal(true);
      const first = t.sent.filter((f): f is OnMessage => f.action === 'onMessage').at(-1)!;
      t.receive({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, tracingId: first.tracingId, body: { retryAfter: 1e308, errorCode: 4029, errorMessage: 'slow down' } });
      const attempts = () => t.sent.filter((f) => f.action === 'onMessage' && 'text' in f.message && f.message.text === 'first').length;
      await clock.tickAsync(MAX_RETRY_AFTER_S * 1000 - 100);
      expect(attempts(), 'still paused').to.equal(1);
      await clock.tickAsync(1000);
      expect(attempts(), 'sent again once the capped pause is over').to.equal(2);
    } finally {
      clock.uninstall();
      container.remove();
    }
  });
});

// ------------------------------------------------------------------ simulator phase

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a check and returns why it failed (undefined when it passed), so figures print either way. */
async function attempt(check: () => Promise<void>): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

/** The control API takes bodies up to 1 MB; frames that hold sending for seconds are the FakeTransport phase's job. */
function fitsSimulator(raw: string): boolean {
  if (raw.length > 300_000) return false;
  if (new TextEncoder().encode(JSON.stringify({ token: 'x'.repeat(36), frame: raw })).length > 1_000_000) return false;
  const decoded = decodeServerFrame(raw);
  if (decoded.ok && decoded.frame.kind === 'error') {
    const f = decoded.frame;
    if ((f.code === 429 || f.errorCode === 4029) && (f.retryAfter ?? 1) > 2) return false;
  }
  return true;
}

async function simPhase(sim: Simulator, container: HTMLElement, trap: UncaughtTrap, incidents: Incident[]) {
  const dep = `fuzz-sim-${Date.now().toString(36)}`;
  const tokenKey = `genesys-chat:${dep}:token`;
  const el = document.createElement('genesys-chat');
  el.setAttribute('deployment-id', dep);
  el.setAttribute('socket-url', sim.wsUrl);
  el.setAttribute('storage', 'session');
  el.open = true;
  container.append(el);
  let remounts = 0;
  let lastToken = '';

  const live = () => el.connectionState === 'ready' || el.connectionState === 'read-only';
  const remount = async () => {
    remounts++;
    el.remove();
    await Promise.resolve(); // the teardown runs (a move within one task keeps the session)
    container.append(el);
    await waitUntil(live, 'simulator widget reconnects', { timeout: 8000 });
  };
  /** The token of a configured connection, reloading the widget if it lost its session. */
  const ensureLive = async (): Promise<string> => {
    for (let tries = 0; tries < 4; tries++) {
      if (el.connectionState === 'closed' || el.connectionState === 'failed') await remount();
      await waitUntil(live, 'simulator widget live', { timeout: 8000 });
      const token = sessionStorage.getItem(tokenKey) ?? '';
      if (token === lastToken) return token;
      for (let i = 0; i < 10; i++) {
        const s = await sim.session(token);
        if (s && s.connections > 0) {
          lastToken = token;
          return token;
        }
        await sleep(50);
      }
      // A SessionClearedEvent gave the widget a new token on the old socket: reload it.
      await remount();
    }
    throw new Error('the simulator widget did not come back');
  };
  let markers = 0;
  /** An agent message through the same socket: once it shows, every frame before it was handled. */
  const marker = async () => {
    for (let tries = 0; tries < 4; tries++) {
      const token = await ensureLive();
      const text = `sim marker ${++markers}`;
      await sim.agentMessage({ token, text });
      try {
        await waitUntil(() => el.messages.some((m) => m.text === text), 'marker shown', { timeout: 2000 });
        return;
      } catch {
        lastToken = ''; // a frame before it restarted the session: look again
      }
    }
    throw new Error('markers stopped arriving');
  };

  await ensureLive();
  const fuzzer = new FrameFuzzer(SEED + 1, contextFor(() => el));
  let delivered = 0;
  let skipped = 0;
  let batch: FuzzFrame[] = [];
  for (let i = 0; delivered < SIM_FRAMES && i < SIM_FRAMES * 4; i++) {
    const frame = fuzzer.next();
    if (!fitsSimulator(frame.raw)) {
      skipped++;
      continue;
    }
    batch.push(frame);
    const token = await ensureLive();
    const { sent } = await sim.inject({ token, frame: frame.raw });
    if (sent > 0) delivered++;
    if (batch.length === 20) {
      const before = trap.errors.length;
      await marker();
      if (trap.errors.length > before) {
        incidents.push({ phase: 'simulator', frames: batch.map((f) => `#${f.index} ${f.kind}: ${f.raw.slice(0, 120)}`), errors: trap.errors.slice(before).map(describeError) });
      }
      batch = [];
    }
  }
  await marker();

  // Afterwards: the widget still answers, over the real socket.
  const failure = await attempt(async () => {
    if (el.connectionState === 'read-only') {
      el.shadowRoot!.querySelector<HTMLButtonElement>('.ended button')!.click();
      await waitUntil(() => el.connectionState === 'ready', 'new conversation', { timeout: 5000 });
    }
    const token = await ensureLive();
    await sim.agentMessage({ token, text: 'Simulator survivor: still here?' });
    await waitUntil(
      () => [...el.shadowRoot!.querySelectorAll('[part~="message"][part~="agent"]')].some((b) => b.textContent === 'Simulator survivor: still here?'),
      'agent message renders after the simulator fuzz',
      { timeout: 5000 },
    );
    expect(el.send('still alive (simulator)'), 'send() accepts').to.equal(true);
    await sim.waitFor((all) => all.find((s) => s.token === token)?.messages.some((m) => m.text === 'still alive (simulator)'), { timeout: 8000 });
  });
  el.remove();
  return { delivered, skipped, remounts, failure };
}
