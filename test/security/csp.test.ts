/**
 * Bad input, proven (3/3): the widget under a strict Content-Security-Policy.
 *
 * index.html, the demo page, is served with
 *   default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:;
 *   img-src 'self' https: data:; object-src 'none'; base-uri 'none'
 * as a <meta> and, from the simulator's static server, as a response header too: no inline
 * script or style, no eval. It loads /demo/demo.js and the built /dist/genesys-chat.min.js
 * (`npm test` builds first; with `npx wtr` alone run `npm run build` before).
 *
 * The page is cross-origin to the test page, so the test reaches into it through the
 * `frame-eval` command (test/helpers/frame-plugin.mjs). Violations are collected by a
 * buffered ReportingObserver (which also delivers those from before it was created, while
 * the page loaded) and by `securitypolicyviolation` listeners. At the end the test makes
 * two violations on purpose, to prove that the policy is in force and that they are seen.
 */
import { expect } from '@open-wc/testing';
import { typeAndSend, frameAt, sleep } from '../helpers/frame.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

const PAGE = '/index.html';
const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' https: data:; object-src 'none'; base-uri 'none'";

interface Violation {
  via: 'event' | 'report';
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

const { inFrame, frameUntil } = frameAt(PAGE);

const violations = () => inFrame<Violation[]>('window.__cspViolations');

describe('strict CSP: the demo page', function () {
  this.timeout(60_000);

  let sim: Simulator;
  let iframe: HTMLIFrameElement;

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: true, ratePerSecond: 2 });
  });

  afterEach(() => iframe?.remove());

  it('connects, opens, sends and receives with no CSP violation, styles applied', async () => {
    iframe = document.createElement('iframe');
    iframe.width = '1024';
    iframe.height = '768';
    const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
    iframe.src = `${sim.httpUrl}${PAGE}`;
    document.body.append(iframe);
    await loaded;

    // Watch for violations: the buffered observer also reports the ones from page load.
    await inFrame(`(() => {
      const list = (window.__cspViolations = []);
      const push = (via, b) => list.push({ via, directive: b.effectiveDirective, blocked: String(b.blockedURI ?? b.blockedURL ?? ''), sample: String(b.sample ?? ''), source: String(b.sourceFile ?? '') + ':' + (b.lineNumber ?? '') });
      new ReportingObserver((reports) => { for (const r of reports) push('report', r.body); }, { types: ['csp-violation'], buffered: true }).observe();
      document.addEventListener('securitypolicyviolation', (e) => push('event', e), true);
      return true;
    })()`);

    // The policy is the strict one, as <meta> and as a response header.
    const policy = await inFrame<{ meta: string | null; header: string | null }>(`(async () => ({
      meta: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null,
      header: (await fetch(location.href, { cache: 'no-store' })).headers.get('content-security-policy'),
    }))()`);
    expect(policy.meta, '<meta> policy').to.equal(POLICY);
    expect(policy.header, 'response header policy').to.equal(POLICY);

    // The classic loader imports its ES chunks under script-src 'self'.
    await frameUntil(`customElements.get('genesys-chat') && document.querySelector('genesys-chat').shadowRoot?.querySelector('[part="launcher"]')`, `<genesys-chat> is defined and shows its launcher (is ${sim.httpUrl}/dist/genesys-chat.min.js built? run npm run build)`);
    // A new visitor: no session and no socket until the chat is opened (connect="lazy").
    await sleep(300);
    expect(await inFrame<string>(`document.querySelector('genesys-chat').connectionState`), 'state before opening').to.equal('idle');
    expect(await inFrame<string | null>(`localStorage.getItem('genesys-chat:demo-deployment:token')`), 'no token before opening').to.equal(null);
    const firstLoad = await inFrame<string[]>(`performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('/dist/'))`);
    expect(firstLoad.some((n) => /engine|chat-panel/.test(n)), `chunks before opening: ${firstLoad.join(', ')}`).to.equal(false);
    // A pointer over the launcher fetches the engine and the panel before the click.
    await inFrame(`document.querySelector('genesys-chat').shadowRoot.querySelector('[part="launcher"]').dispatchEvent(new PointerEvent('pointerenter')) || true`);
    await frameUntil(`performance.getEntriesByType('resource').some((r) => /chunks\\/engine-/.test(r.name)) && performance.getEntriesByType('resource').some((r) => /chunks\\/chat-panel-/.test(r.name))`, 'the chunks are prefetched on hover');
    expect(await inFrame<string>(`document.querySelector('genesys-chat').connectionState`), 'prefetching does not connect').to.equal('idle');

    // Open it the way a person does: the panel and the session engine load, and it connects.
    await inFrame(`(async () => {
      const el = document.querySelector('genesys-chat');
      el.shadowRoot.querySelector('[part="launcher"]').click();
      await el.updateComplete;
      return el.open;
    })()`);
    await frameUntil(`document.querySelector('genesys-chat').open && !document.querySelector('genesys-chat').shadowRoot.querySelector('[part="panel"]')?.hidden`, 'the panel opens');
    await frameUntil(`document.querySelector('genesys-chat').connectionState === 'ready'`, 'the widget connects');

    // Type and send.
    const text = 'Hello from a page with a strict CSP';
    await inFrame(typeAndSend(text));
    const token = await inFrame<string>(`localStorage.getItem('genesys-chat:demo-deployment:token')`);
    expect(token, 'session token').to.be.a('string');
    await sim.waitFor((all) => all.find((s) => s.token === token)?.messages.some((m) => m.direction === 'Inbound' && m.text === text), { timeout: 5000 });
    await frameUntil(
      `[...document.querySelector('genesys-chat').shadowRoot.querySelectorAll('[part="receipt"]')].some((r) => r.dataset.status !== 'sending')`,
      'the message is confirmed',
    );

    // An agent answer with a card (an image from 'self', a link) and quick replies.
    const reply = 'An agent answers under the same policy';
    await sim.agentMessage({
      token,
      text: reply,
      quickReplies: [{ text: 'Thanks', payload: 'THANKS' }],
      raw: {
        type: 'Structured',
        content: [
          { contentType: 'Card', card: { title: 'Your order', description: 'On its way', image: `${sim.httpUrl}/demo/no-such-image.png`, defaultAction: { type: 'Link', url: `${sim.httpUrl}/` }, actions: [{ type: 'Postback', text: 'Track', payload: 'TRACK' }] } },
          { contentType: 'QuickReply', quickReply: { text: 'Thanks', payload: 'THANKS' } },
        ],
      },
    });
    await frameUntil(
      `[...document.querySelector('genesys-chat').shadowRoot.querySelectorAll('[part~="message"][part~="agent"]')].some((b) => b.textContent.startsWith(${JSON.stringify(reply)}))`,
      'the agent message renders',
    );
    // Cards are a chunk of their own (loaded with the first card): under the CSP too.
    await frameUntil(`document.querySelector('genesys-chat').shadowRoot.querySelector('.card img')`, 'the card (its chunk) renders');

    // The widget's styles applied (adopted stylesheets, allowed by style-src 'self').
    const styles = await inFrame<{ launcherBg: string; launcherRadius: string; panelPosition: string; adopted: number; bubbleBg: string; quickReplies: number; images: number }>(`(() => {
      const el = document.querySelector('genesys-chat');
      const root = el.shadowRoot;
      const cs = (sel) => getComputedStyle(root.querySelector(sel));
      return {
        launcherBg: cs('[part="launcher"]').backgroundColor,
        launcherRadius: cs('[part="launcher"]').borderTopLeftRadius,
        panelPosition: getComputedStyle(el).position,
        adopted: root.adoptedStyleSheets.length,
        bubbleBg: cs('[part~="message"][part~="customer"]').backgroundColor,
        quickReplies: root.querySelectorAll('[part="quick-reply"]').length,
        images: root.querySelectorAll('.card img').length,
      };
    })()`);
    expect(styles.adopted, 'adopted stylesheets (host and panel)').to.be.at.least(2);
    // The simulator's deployment says primaryColor #2563eb: applied under the strict CSP too.
    expect(styles.launcherBg, "launcher has the deployment's accent").to.equal('rgb(37, 99, 235)');
    expect(styles.bubbleBg, "own bubble has the deployment's accent").to.equal('rgb(37, 99, 235)');
    expect(styles.panelPosition, ':host is position: fixed').to.equal('fixed');
    expect(styles.launcherRadius).to.not.equal('0px');
    expect(styles.quickReplies, 'quick replies rendered').to.be.at.least(1);
    expect(styles.images, 'card image rendered').to.equal(1);

    // Reports are delivered asynchronously: give them a moment, then there must be none.
    await sleep(500);
    const seen = await violations();
    console.log(`FIGURE csp: strict policy (meta + header), widget connected, opened, sent and received; violations: ${seen.length}`);
    expect(seen.map((v) => `${v.via}: ${v.directive} blocked ${v.blocked} ${v.sample} at ${v.source}`), 'CSP violations').to.deep.equal([]);

    // Positive control: the policy is in force and violations are seen.
    const control = await inFrame<{ inlineRan: boolean }>(`(async () => {
      document.body.setAttribute('style', 'outline: 1px solid red');
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      await new Promise((r) => setTimeout(r, 300));
      return { inlineRan: window.__inlineRan === true };
    })()`);
    expect(control.inlineRan, 'inline script is blocked').to.equal(false);
    const after = await violations();
    expect(after.map((v) => v.directive)).to.include.members(['style-src-attr', 'script-src-elem']);
  });
});
