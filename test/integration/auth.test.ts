/**
 * Signed-in customers end to end: the real element, the simulator's real token endpoints
 * over real HTTP, configureAuthenticatedSession over the real WebSocket. The identity
 * provider's redirect is simulated with `issueCode` (the demo has a real form).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let n = 0;
const REDIRECT = `${location.origin}/signed-in`;
const deployment = () => `auth-${Date.now().toString(36)}-${++n}`;

interface Seen {
  auth: { authenticated: boolean; reason?: string }[];
  errors: { code: unknown; message: string }[];
}

async function mount(dep: string, o: { open?: boolean; loginUrl?: string; storage?: string } = {}): Promise<{ el: GenesysChat; seen: Seen }> {
  const seen: Seen = { auth: [], errors: [] };
  const el = await fixture<GenesysChat>(html`<genesys-chat
    deployment-id=${dep}
    socket-url=${sim.wsUrl}
    storage=${o.storage ?? 'local'}
    connect="eager"
    login-url=${o.loginUrl ?? ''}
    ?open=${o.open ?? true}
    @genesys-chat-auth=${(e: CustomEvent) => seen.auth.push(e.detail)}
    @genesys-chat-error=${(e: CustomEvent) => seen.errors.push(e.detail)}
  ></genesys-chat>`);
  return { el, seen };
}

const token = (dep: string) => localStorage.getItem(`genesys-chat:${dep}:token`)!;
const stored = (dep: string) => JSON.parse(localStorage.getItem(`genesys-chat:${dep}:auth`) ?? 'null') as { jwt: string; refreshToken: string } | null;
const q = (el: GenesysChat, s: string) => el.shadowRoot!.querySelector<HTMLElement>(s);
const signIn = async (el: GenesysChat, name = 'Jordan Lee') => {
  const { code } = await sim.issueCode({ redirectUri: REDIRECT, name, sub: `sub-${name}` });
  await el.login({ code, redirectUri: REDIRECT });
  return code;
};

describe('signed-in customers', function () {
  this.timeout(30_000);

  before(async () => {
    sim = await simulator();
  });
  beforeEach(async () => {
    await sim.setOptions({ scriptedAgent: false, authJwtSeconds: 900 });
  });
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
  });

  it('signs in with the code: exact exchange body, an authenticated session, the event; no secret logged', async () => {
    const logs: string[] = [];
    for (const level of ['log', 'warn', 'error', 'info', 'debug'] as const) sinon.stub(console, level).callsFake((...args: unknown[]) => void logs.push(args.map(String).join(' ')));
    const dep = deployment();
    const { el, seen } = await mount(dep);
    await waitUntil(() => el.connectionState === 'ready');
    const before = (await sim.authStats()).exchange;
    const code = await signIn(el);
    expect(el.authenticated).to.equal(true);
    expect(seen.auth).to.deep.include({ authenticated: true, reason: 'login' });
    const stats = await sim.authStats();
    expect(stats.exchange).to.equal(before + 1);
    expect(stats.bodies.exchange.at(-1)).to.deep.equal({ deploymentId: dep, oauth: { code, redirectUri: REDIRECT } });
    const s = await sim.waitFor((all) => all.find((x) => x.deploymentId === dep && x.authenticated));
    expect(s.authenticated!.name).to.equal('Jordan Lee');
    const tokens = stored(dep)!;
    const secrets = [code, tokens.jwt, tokens.refreshToken];
    const said = [...logs, ...seen.errors.map((e) => e.message), JSON.stringify(seen.auth)].join('\n');
    for (const secret of secrets) expect(said.includes(secret), 'a secret in a log line or event').to.equal(false);
  });

  it('rejects a bad code with an Error naming no secret, and stays anonymous', async () => {
    const dep = deployment();
    const { el } = await mount(dep);
    let error: Error | undefined;
    await el.login({ code: 'not-a-real-code-123', redirectUri: REDIRECT }).catch((e: Error) => (error = e));
    expect(error).to.be.instanceOf(Error);
    expect(error!.message).not.to.include('not-a-real-code-123');
    expect(el.authenticated).to.equal(false);
    const bad = await el.login({ code: 'x', redirectUri: 'javascript:alert(1)' }).then(() => 'resolved', (e: Error) => e.name);
    expect(bad).to.equal('TypeError');
  });

  it('refreshes the JWT before it expires, with deploymentId and refreshToken', async () => {
    await sim.setOptions({ authJwtSeconds: 62 });
    const dep = deployment();
    const { el } = await mount(dep);
    await signIn(el);
    const before = (await sim.authStats()).refresh;
    await waitUntil(async () => (await sim.authStats()).refresh > before, 'refreshed a minute before expiry', { timeout: 6000 });
    const body = (await sim.authStats()).bodies.refresh.at(-1) as Record<string, unknown>;
    expect(Object.keys(body).sort()).to.deep.equal(['deploymentId', 'refreshToken']);
    expect(body['deploymentId']).to.equal(dep);
    expect(el.authenticated).to.equal(true);
  });

  it('refreshes on 401 when the stored JWT expired while the page was closed', async () => {
    await sim.setOptions({ authJwtSeconds: 1 });
    const dep = deployment();
    const first = await mount(dep);
    await signIn(first.el);
    first.el.remove();
    await new Promise((r) => setTimeout(r, 1500));
    await sim.setOptions({ authJwtSeconds: 900 });
    const before = (await sim.authStats()).refresh;
    const { el, seen } = await mount(dep);
    await waitUntil(() => el.connectionState === 'ready', 'ready again after the refresh', { timeout: 8000 });
    expect((await sim.authStats()).refresh).to.be.greaterThan(before);
    expect(el.authenticated).to.equal(true);
    expect(seen.auth[0]).to.deep.equal({ authenticated: true, reason: 'restored' });
    const s = (await sim.session(token(dep)))!;
    expect(s.authenticated).to.not.equal(null);
  });

  it('a revoked sign-in is refused (403) and ends signed out', async () => {
    const dep = deployment();
    const first = await mount(dep);
    await signIn(first.el);
    const { jwt } = stored(dep)!;
    first.el.remove();
    // Signed out elsewhere: the tokens here are revoked.
    await fetch(`${sim.apiUrl}/api/v2/webdeployments/token/revoke`, { method: 'DELETE', headers: { authorization: `Bearer ${jwt}` } });
    const { el, seen } = await mount(dep);
    await waitUntil(() => seen.auth.some((a) => !a.authenticated), 'signed out', { timeout: 8000 });
    expect(el.authenticated).to.equal(false);
    expect(seen.auth.find((a) => !a.authenticated)!.reason).to.be.oneOf(['rejected', 'refresh-failed']);
    expect(stored(dep)).to.equal(null);
  });

  it('logout() revokes, forgets the conversation here, and says so', async () => {
    const dep = deployment();
    const { el, seen } = await mount(dep);
    await signIn(el);
    const t = token(dep);
    await sim.agentMessage({ token: t, text: 'for the signed-in customer' });
    await waitUntil(() => el.messages.length > 0);
    const revokes = (await sim.authStats()).revoke;
    await el.logout();
    expect((await sim.authStats()).revoke).to.equal(revokes + 1);
    expect(el.authenticated).to.equal(false);
    expect(seen.auth.at(-1)).to.deep.equal({ authenticated: false, reason: 'logout' });
    expect(stored(dep)).to.equal(null);
    await waitUntil(() => el.connectionState === 'ready', 'an anonymous session again');
    expect(el.messages.filter((m) => m.text === 'for the signed-in customer')).to.have.length(0);
    expect(token(dep)).to.not.equal(t);
  });

  it('the service logging the customer out (LogoutEvent) signs this tab out', async () => {
    const dep = deployment();
    const { el, seen } = await mount(dep);
    await signIn(el);
    const { jwt } = stored(dep)!;
    await fetch(`${sim.apiUrl}/api/v2/webdeployments/token/revoke`, { method: 'DELETE', headers: { authorization: `Bearer ${jwt}` } });
    await waitUntil(() => !el.authenticated, 'signed out by the service', { timeout: 5000 });
    expect(seen.auth.at(-1)!.authenticated).to.equal(false);
  });

  it('a token that was signed in does not go anonymous (4017): a new token does', async () => {
    const dep = deployment();
    const first = await mount(dep);
    await signIn(first.el);
    const signedInToken = token(dep);
    first.el.remove();
    localStorage.removeItem(`genesys-chat:${dep}:auth`);
    const { el } = await mount(dep);
    await waitUntil(() => el.connectionState === 'ready' && token(dep) !== signedInToken, 'anonymous on a new token', { timeout: 8000 });
    expect(el.authenticated).to.equal(false);
  });

  it('upgrades an anonymous conversation when the deployment allows it, keeping its history', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: { auth: { enabled: true, allowSessionUpgrade: true } } });
    const { el } = await mount(dep);
    await waitUntil(() => el.connectionState === 'ready');
    const anonymous = token(dep);
    el.send('before signing in');
    await sim.waitFor((all) => all.find((x) => x.token === anonymous && x.messages.length === 1));
    await signIn(el);
    expect(token(dep)).to.equal(anonymous);
    const s = (await sim.session(anonymous))!;
    expect(s.authenticated).to.not.equal(null);
    expect(el.messages.map((m) => m.text)).to.include('before signing in');
  });

  it('asks for sign-in first where the deployment requires it: no anonymous session, a button to login-url', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: { auth: { enabled: true, allowSessionUpgrade: false } } });
    const { el, seen } = await mount(dep, { loginUrl: '/account/sign-in?return=chat' });
    await waitUntil(() => q(el, '[part="sign-in"]'), 'sign-in view');
    await waitUntil(() => seen.auth.some((a) => a.reason === 'required'), 'the page is told');
    expect(seen.auth).to.deep.equal([{ authenticated: false, reason: 'required' }]);
    expect(q(el, '[part="sign-in"] a')!.getAttribute('href')).to.equal(new URL('/account/sign-in?return=chat', document.baseURI).href);
    expect(q(el, '[part="input"]')).to.equal(null);
    expect((await sim.sessions()).filter((s) => s.deploymentId === dep)).to.have.length(0);
    await signIn(el);
    await waitUntil(() => el.connectionState === 'ready' && q(el, '[part="input"]'), 'the conversation after sign-in');
  });

  it('a hostile login-url never becomes a link', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: { auth: { enabled: true } } });
    const { el } = await mount(dep, { loginUrl: 'javascript:alert(1)' });
    await waitUntil(() => q(el, '[part="sign-in"]'), 'sign-in view');
    expect(q(el, '[part="sign-in"] a')).to.equal(null);
  });
});
