/**
 * Issue 9, attention: the unread count in the title of a hidden tab, and the optional chime
 * (`sound`) for live agent messages. The chunk is tested on a throw-away host, then once
 * through the element with a fake transport. A hidden tab is emulated by giving `document`
 * its own `visibilityState`/`hidden` (removed after each test, so the real ones show again).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ReactiveElement } from 'lit';
import sinon from 'sinon';
import { Attention, CHIME_GAP_MS } from '../src/attention.js';
import '../src/define.js';
import type { GenesysChat } from '../src/genesys-chat.js';
import type { WireMessage } from '../src/protocol/types.js';
import { FakeTransport, randomId } from './helpers/fake-transport.js';

class AttentionTestHost extends ReactiveElement {
  open = false;
}
customElements.define('attention-test-host', AttentionTestHost);

const TITLE = 'Attention test page';
const own = {
  visibilityState: Object.getOwnPropertyDescriptor(document, 'visibilityState'),
  hidden: Object.getOwnPropertyDescriptor(document, 'hidden'),
};

/** Emulates the tab being hidden or shown again, and tells the page as the browser would. */
function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

function realVisibility(): void {
  for (const [key, descriptor] of Object.entries(own)) {
    if (descriptor) Object.defineProperty(document, key, descriptor);
    else delete (document as unknown as Record<string, unknown>)[key];
  }
}

/**
 * A host on the page and the engine's side (its unread count and tab leadership), then the
 * Attention, made as the engine makes it: for a live message (which chimes where wanted).
 */
async function attention(attrs: { sound?: boolean; disableTitleBadge?: boolean; open?: boolean; leader?: boolean } = {}) {
  const host = await fixture<AttentionTestHost>(html`<attention-test-host
    ?sound=${attrs.sound ?? false}
    ?disable-title-badge=${attrs.disableTitleBadge ?? false}
  ></attention-test-host>`);
  host.open = attrs.open ?? false;
  const source = { unread: 0, socket: { isLeader: attrs.leader ?? true } };
  const a = new Attention(host, source);
  /** The count changes and the element renders (the engine's store, then an update). */
  const unread = async (n: number) => {
    source.unread = n;
    host.requestUpdate();
    await host.updateComplete;
  };
  /** A live agent message, as the element announces it. */
  const message = () => host.dispatchEvent(new Event('genesys-chat-message', { bubbles: true, composed: true }));
  return { host, source, a, unread, message };
}

const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

describe('attention', () => {
  beforeEach(() => {
    document.title = TITLE;
  });

  afterEach(() => {
    sinon.restore();
    realVisibility();
    document.title = TITLE;
  });

  describe('title badge', () => {
    it('shows the unread count while the tab is hidden, and gives the title back exactly when it is visible again', async () => {
      const { unread } = await attention();
      await unread(3);
      expect(document.title, 'visible: no badge').to.equal(TITLE);
      setVisibility('hidden');
      expect(document.title).to.equal(`(3) ${TITLE}`);
      await unread(4);
      expect(document.title).to.equal(`(4) ${TITLE}`);
      setVisibility('visible');
      expect(document.title).to.equal(TITLE);
    });

    it('caps the count at 99+', async () => {
      const { unread } = await attention();
      setVisibility('hidden');
      await unread(99);
      expect(document.title).to.equal(`(99) ${TITLE}`);
      await unread(150);
      expect(document.title).to.equal(`(99+) ${TITLE}`);
    });

    it('gives the title back when the count drops to 0 while hidden', async () => {
      const { unread } = await attention();
      setVisibility('hidden');
      await unread(2);
      expect(document.title).to.equal(`(2) ${TITLE}`);
      await unread(0);
      expect(document.title).to.equal(TITLE);
    });

    it("keeps a title the page set while the badge showed: badged while hidden, never clobbered on restore", async () => {
      const { unread } = await attention();
      setVisibility('hidden');
      await unread(1);
      expect(document.title).to.equal(`(1) ${TITLE}`);
      document.title = 'Checkout';
      await unread(2);
      expect(document.title).to.equal('(2) Checkout');
      document.title = 'Thank you';
      const writes = new MutationObserver(() => undefined);
      writes.observe(document.head, { subtree: true, childList: true, characterData: true });
      setVisibility('visible');
      expect(document.title).to.equal('Thank you');
      expect(writes.takeRecords(), "the page's title is not even written again").to.have.length(0);
      writes.disconnect();
      // And the page's title is the one badged next time.
      setVisibility('hidden');
      expect(document.title).to.equal('(2) Thank you');
    });

    it('badges a title whose whitespace the browser normalises only once', async () => {
      document.title = '  Spaced   out  ';
      const normalised = document.title;
      const { unread } = await attention();
      setVisibility('hidden');
      await unread(1);
      await unread(2);
      expect(document.title).to.equal(`(2) ${normalised}`);
      setVisibility('visible');
      expect(document.title).to.equal(normalised);
    });

    it('shows nothing with disable-title-badge, and follows the attribute live', async () => {
      const { host, unread } = await attention({ disableTitleBadge: true });
      setVisibility('hidden');
      await unread(5);
      expect(document.title).to.equal(TITLE);
      host.removeAttribute('disable-title-badge');
      await unread(5);
      expect(document.title).to.equal(`(5) ${TITLE}`);
      host.setAttribute('disable-title-badge', '');
      await unread(5);
      expect(document.title).to.equal(TITLE);
    });

    it('gives the title back when the element leaves the page, and stops listening', async () => {
      const { host, unread } = await attention();
      setVisibility('hidden');
      await unread(2);
      expect(document.title).to.equal(`(2) ${TITLE}`);
      host.remove();
      expect(document.title).to.equal(TITLE);
      setVisibility('visible');
      setVisibility('hidden');
      expect(document.title, 'no listener left').to.equal(TITLE);
      // Back on the page, it badges again.
      document.body.append(host);
      expect(document.title).to.equal(`(2) ${TITLE}`);
      host.remove();
    });
  });

  describe('sound', () => {
    it('waits for the first gesture when the browser keeps audio locked', async () => {
      // Chromium starts an AudioContext made before any user gesture suspended, and resume()
      // waits for one. This must run before anything in this file gives the page a gesture.
      expect(navigator.userActivation?.hasBeenActive, 'no gesture yet: this test runs before any key in this file').to.not.equal(true);
      const oscillators = sinon.spy(AudioContext.prototype, 'createOscillator');
      const resume = sinon.spy(AudioContext.prototype, 'resume');
      const { a } = await attention({ sound: true, open: true });
      a.chime();
      await settle();
      expect(oscillators.callCount, 'locked: no tone').to.equal(0);
      expect(resume.callCount).to.equal(1);
      // A key that types (a modifier alone does not count as a gesture); the body takes no text.
      await sendKeys({ press: 'a' });
      await waitUntil(() => resume.callCount === 2, 'the keydown unlocks the audio');
      const audio = resume.lastCall.thisValue as AudioContext;
      await waitUntil(() => audio.state === 'running', 'running after the gesture');
      await sendKeys({ press: 'a' });
      expect(resume.callCount, 'one-time unlock').to.equal(2);
    });

    describe('with the audio unlocked', () => {
      let oscillators: sinon.SinonSpy;
      before(async () => {
        await sendKeys({ press: 'a' }); // a user gesture: audio may start
      });
      beforeEach(() => {
        oscillators = sinon.spy(AudioContext.prototype, 'createOscillator');
      });

      it('chimes (two notes) for a live agent message while the tab is hidden, not twice within 2 s', async () => {
        const { message } = await attention({ sound: true, open: true });
        setVisibility('hidden');
        message();
        await waitUntil(() => oscillators.callCount === 2, 'a two-note tone');
        const started = sinon.spy(OscillatorNode.prototype, 'start');
        message();
        message();
        await settle();
        expect(oscillators.callCount, 'throttled').to.equal(2);
        expect(started.callCount).to.equal(0);
      });

      it('chimes for the message it was loaded for', async () => {
        await attention({ sound: true });
        await waitUntil(() => oscillators.callCount === 2, 'the engine loads attention for a message: that one chimes');
      });

      it('chimes for a message while the panel is closed, even in a visible tab; not while the person looks', async () => {
        const { host, message } = await attention({ sound: true, open: true });
        message();
        await settle();
        expect(oscillators.callCount, 'open and visible: the person sees it').to.equal(0);
        host.open = false;
        message();
        await waitUntil(() => oscillators.callCount === 2, 'closed panel: a tone');
      });

      it('is silent without the sound attribute, and follows it live', async () => {
        const { host, message } = await attention();
        setVisibility('hidden');
        message();
        await settle();
        expect(oscillators.callCount).to.equal(0);
        host.setAttribute('sound', '');
        message();
        await waitUntil(() => oscillators.callCount === 2, 'sound set: a tone');
      });

      it('is silent in a tab that follows another (the leading tab chimes for both)', async () => {
        setVisibility('hidden');
        const { message } = await attention({ sound: true, leader: false });
        message();
        await settle();
        expect(oscillators.callCount).to.equal(0);
      });

      it('chimes again once 2 s have passed', async () => {
        const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
        const { message } = await attention({ sound: true, open: true });
        setVisibility('hidden');
        message();
        await waitUntil(() => oscillators.callCount === 2, 'first tone');
        clock.tick(CHIME_GAP_MS - 1);
        message();
        await settle();
        expect(oscillators.callCount, 'within 2 s').to.equal(2);
        clock.tick(1);
        message();
        await waitUntil(() => oscillators.callCount === 4, 'a second tone after 2 s');
      });

      it('shapes each note: a quiet gain (0.08) that rises and fades within 0.2 s', async () => {
        const ramps = sinon.spy(AudioParam.prototype, 'linearRampToValueAtTime');
        const stops = sinon.spy(OscillatorNode.prototype, 'stop');
        const { a } = await attention({ sound: true, open: true });
        a.chime();
        await waitUntil(() => stops.callCount === 2, 'two notes scheduled');
        expect(ramps.getCalls().map((c) => c.args[0])).to.deep.equal([0.08, 0.08]);
        const audio = oscillators.firstCall.thisValue as AudioContext;
        for (const call of stops.getCalls()) expect((call.args[0] as number) - audio.currentTime).to.be.at.most(0.21);
      });

      it('never throws without Web Audio, or when it fails', async () => {
        const { a, host } = await attention({ sound: true, open: true });
        sinon.stub(window, 'AudioContext').value(undefined);
        expect(() => a.chime()).not.to.throw();
        sinon.restore();
        const second = new Attention(host, { unread: 0, socket: { isLeader: true } });
        sinon.stub(AudioContext.prototype, 'createOscillator').throws(new Error('no more oscillators'));
        expect(() => second.chime()).not.to.throw();
        await settle();
      });

      it('closes its audio when the element leaves the page', async () => {
        const close = sinon.spy(AudioContext.prototype, 'close');
        const { host, a } = await attention({ sound: true, open: true });
        a.chime();
        await waitUntil(() => oscillators.callCount === 2);
        host.remove();
        expect(close.callCount).to.equal(1);
      });
    });
  });

  describe('in the element', () => {
    const factory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
    let deployment = 0;

    async function chat(attrs: { sound?: boolean; disableTitleBadge?: boolean } = {}): Promise<{ el: GenesysChat; t: FakeTransport }> {
      FakeTransport.reset();
      deployment += 1;
      const el = await fixture<GenesysChat>(html`<genesys-chat
        deployment-id=${`attention-${deployment}`} socket-url="ws://127.0.0.1:1/v1" config-url="/test/fixtures/deployment-config.json"
        storage="none" open ?sound=${attrs.sound ?? false} ?disable-title-badge=${attrs.disableTitleBadge ?? false}
        .transportFactory=${factory}
      ></genesys-chat>`);
      const t = FakeTransport.last;
      t.ready();
      await el.updateComplete;
      return { el, t };
    }

    it('title badge: a hidden tab shows (1) for a new agent message, and its own title once visible again', async () => {
      const { el, t } = await chat();
      setVisibility('hidden');
      t.agentSays('Are you still there?');
      await waitUntil(() => document.title === `(1) ${TITLE}`, `title is "${document.title}"`);
      t.agentSays('Hello?');
      await waitUntil(() => document.title === `(2) ${TITLE}`, `title is "${document.title}"`);
      setVisibility('visible');
      expect(document.title).to.equal(TITLE);
      el.remove();
    });

    it('does not load attention where nothing is wanted: the person looks, or the badge is off and no sound', async () => {
      const connected = sinon.spy(Attention.prototype, 'hostConnected');
      const { el, t } = await chat();
      t.agentSays('seen at once'); // visible tab, open panel
      const off = await chat({ disableTitleBadge: true });
      setVisibility('hidden');
      off.t.agentSays('in a hidden tab');
      await el.updateComplete;
      await off.el.updateComplete;
      await settle();
      expect(connected.callCount).to.equal(0);
      expect(document.title).to.equal(TITLE);
    });

    it('chimes for live agent messages only, never for messages read from history', async () => {
      const chime = sinon.spy(Attention.prototype, 'chime');
      const { el, t } = await chat({ sound: true });
      setVisibility('hidden');
      t.agentSays('live');
      await waitUntil(() => chime.callCount === 1, 'a chime for the live message');
      // The socket drops; while it is down the agent writes, and the resumed session reads
      // the missed message from history.
      t.drop();
      await waitUntil(() => FakeTransport.instances.length === 2, 'reconnecting', { timeout: 5000 });
      const again = FakeTransport.last;
      const missed = { id: randomId(), type: 'Text', direction: 'Outbound', text: 'missed', content: [], events: [], metadata: {}, time: Date.now(), originatingEntity: 'Human' };
      again.history = { messages: [missed as unknown as WireMessage], pageNumber: 1, pageCount: 1 };
      again.ready({ connected: true, newSession: false });
      await waitUntil(() => again.frames('getJwt').length > 0, 'history asks for a JWT');
      for (const f of again.frames('getJwt')) {
        again.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: f.tracingId, body: { jwt: 'a.b.c', exp: Math.floor(Date.now() / 1000) + 900 } });
      }
      await waitUntil(() => el.messages.some((m) => m.text === 'missed'), 'the missed message from history');
      await settle();
      expect(chime.callCount, 'history is not news').to.equal(1);
      again.agentSays('live again');
      await waitUntil(() => chime.callCount === 2, 'a chime for the next live message');
      el.remove();
    });
  });
});
