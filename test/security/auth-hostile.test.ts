/**
 * Bad input, proven for sign-in: hostile token responses (wrong types, huge strings, not
 * JSON, script in every field) from the exchange and refresh endpoints, over real HTTP from
 * the simulator. Asserted: login() rejects with an Error (or signs in when the answer is
 * usable), nothing runs, nothing is uncaught, no secret reaches a log line or an event, and
 * the chat still works afterwards.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { describeError, trapUncaught } from '../helpers/uncaught.js';
import { XSS_VECTORS, materialize } from './xss-vectors.js';

declare global {
  interface Window {
    __gcxXss?: (id: number) => void;
  }
}

const REDIRECT = `${location.origin}/signed-in`;

/** Exchange answers: each either unusable (login rejects) or usable (a real JWT is needed for the session). */
function hostileAnswers(): string[] {
  const v = materialize(XSS_VECTORS[0]!, 8_001);
  const img = materialize(XSS_VECTORS[10]!, 8_002);
  return [
    '',
    'not json',
    'null',
    '[]',
    '"a string"',
    '{"jwt": 42, "refreshToken": true}',
    '{"jwt": null}',
    `{"jwt": ${JSON.stringify('x'.repeat(100_000))}, "refreshToken": "r"}`,
    `{"jwt": ${JSON.stringify(v)}, "refreshToken": ${JSON.stringify(img)}}`,
    '{"__proto__": {"polluted": true}, "jwt": {"toString": "x"}}',
    `{"jwt": "javascript:alert(1)", "refreshToken": ""}`,
    '{'.repeat(10_000),
  ];
}

describe('hostile token responses', function () {
  this.timeout(60_000);
  let sim: Simulator;
  const hits: number[] = [];

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, authJwtSeconds: 900 });
    window.__gcxXss = (id) => void hits.push(id);
  });
  after(() => delete window.__gcxXss);
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
  });

  it('exchange: every hostile answer is refused with an Error; nothing runs; the chat goes on anonymous', async () => {
    const logs: string[] = [];
    for (const level of ['log', 'warn', 'error', 'info'] as const) sinon.stub(console, level).callsFake((...a: unknown[]) => void logs.push(a.map(String).join(' ')));
    const trap = trapUncaught();
    const events: string[] = [];
    let signedIn = 0;
    let figure = '';
    try {
      const dep = `auth-hostile-${Date.now().toString(36)}`;
      const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="local" connect="eager" open
        @genesys-chat-error=${(e: CustomEvent) => events.push(JSON.stringify(e.detail))}
        @genesys-chat-auth=${(e: CustomEvent) => events.push(JSON.stringify(e.detail))}></genesys-chat>`);
      await waitUntil(() => el.connectionState === 'ready');
      const answers = hostileAnswers();
      for (const raw of answers) {
        const { code } = await sim.issueCode({ redirectUri: REDIRECT });
        await sim.authFault({ endpoint: 'exchange', raw });
        const outcome = await el.login({ code, redirectUri: REDIRECT }).then(
          () => 'signed in',
          (e: unknown) => (e instanceof Error ? 'refused' : `rejected with ${typeof e}`),
        );
        if (outcome === 'signed in') signedIn++;
        else expect(outcome, raw.slice(0, 60)).to.equal('refused');
        expect(el.authenticated, raw.slice(0, 60)).to.equal(false);
      }
      // Still a working chat.
      expect(el.send('still here')).to.equal(true);
      await sim.waitFor((all) => all.find((s) => s.deploymentId === dep && s.messages.some((m) => m.text === 'still here')));
      figure = `FIGURE auth hostile: ${answers.length} hostile exchange answers, signed in ${signedIn}, executed ${hits.length}, uncaught ${trap.errors.length}`;
    } finally {
      trap.restore();
      sinon.restore();
    }
    console.log(figure);
    expect(signedIn).to.equal(0);
    expect(hits).to.deep.equal([]);
    expect(trap.errors.map(describeError)).to.deep.equal([]);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    const said = [...logs, ...events].join('\n');
    expect(said).not.to.include('x'.repeat(200));
    expect(said).not.to.include('__gcxXss');
  });

  it('refresh: a hostile answer signs out cleanly (no crash, no script, an event)', async () => {
    const trap = trapUncaught();
    try {
      await sim.setOptions({ authJwtSeconds: 62 });
      const dep = `auth-hostile-r-${Date.now().toString(36)}`;
      const auth: { authenticated: boolean; reason?: string }[] = [];
      const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="local" connect="eager" open
        @genesys-chat-auth=${(e: CustomEvent) => auth.push(e.detail)}></genesys-chat>`);
      const { code } = await sim.issueCode({ redirectUri: REDIRECT });
      await el.login({ code, redirectUri: REDIRECT });
      await sim.authFault({ endpoint: 'refresh', raw: `{"jwt": ${JSON.stringify(materialize(XSS_VECTORS[1]!, 8_100))}}`, status: 200 });
      // The refresh a minute before expiry (2 s here) gets the hostile answer: a script string
      // is not a JWT the service accepts, but it is a string: stored, then refused at the next
      // configure. Either way nothing runs and the widget stays in one piece.
      await waitUntil(async () => (await sim.authStats()).refresh > 0, 'refreshed', { timeout: 6000 });
      await sim.drop();
      await waitUntil(() => !el.authenticated || el.connectionState === 'ready', 'settled', { timeout: 8000 });
    } finally {
      trap.restore();
      await sim.setOptions({ authJwtSeconds: 900 });
    }
    expect(hits).to.deep.equal([]);
    expect(trap.errors.map(describeError)).to.deep.equal([]);
  });
});
