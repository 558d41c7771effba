/**
 * dist/messenger-compat.js: a page written against Genesys Messenger's `Genesys(...)` API
 * (test/compat/messenger-page.html and .js: the snippet and `Genesys(...)` calls, nothing
 * else) runs on `<genesys-chat>` against the simulator, under the demo's strict CSP.
 *
 * The page is served by the simulator (cross-origin to the test page), so the test reaches
 * into it with the `frame-eval` command, as the CSP test does. It uses the build as shipped:
 * `npm test` builds first; with `npx wtr` alone run `npm run build` before.
 */
import { expect } from '@open-wc/testing';
import { frameAt, sleep } from '../helpers/frame.js';
import { simulator, type SimSession, type Simulator } from '../helpers/sim-client.js';

const PAGE = '/test/compat/messenger-page.html';
const { inFrame, frameUntil } = frameAt(PAGE);

interface Logged {
  event: string;
  data: any;
  at: number;
}

const events = (name?: string) => inFrame<Logged[]>(`window.__events${name ? `.filter((e) => e.event === ${JSON.stringify(name)})` : ''}`);
const until = (name: string, count = 1) => frameUntil(`window.__events.filter((e) => e.event === ${JSON.stringify(name)}).length >= ${count}`, `${name} published ${count}×`);
/** Runs a command in the page; resolves with `ok: value` or `failed: the reason` (a string or an Error's message). */
const command = (name: string, options?: unknown, form: 'promise' | 'callbacks' = 'promise') =>
  inFrame<{ ok?: unknown; failed?: string; isError?: boolean }>(`new Promise((resolve) => {
    const ok = (v) => resolve({ ok: v === undefined ? null : v });
    const failed = (e) => resolve({ failed: e && e.message || String(e), isError: e instanceof Error });
    ${form === 'promise' ? `Genesys('command', ${JSON.stringify(name)}, ${JSON.stringify(options ?? {})}).then(ok, failed);` : `Genesys('command', ${JSON.stringify(name)}, ${JSON.stringify(options ?? {})}, ok, failed);`}
  })`);

describe('messenger-compat: a Genesys Messenger page on <genesys-chat>', function () {
  this.timeout(60_000);

  let sim: Simulator;
  let iframe: HTMLIFrameElement | undefined;

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false, receipts: false, ratePerSecond: 2 });
  });
  afterEach(() => iframe?.remove());

  async function load(query: string): Promise<void> {
    iframe = document.createElement('iframe');
    iframe.width = '1024';
    iframe.height = '768';
    const loaded = new Promise((r) => iframe!.addEventListener('load', r, { once: true }));
    iframe.src = `${sim.httpUrl}${PAGE}?${query}`;
    document.body.append(iframe);
    await loaded;
  }

  it('opens, sends, receives, types, disconnects, clears and closes through Genesys(...)', async () => {
    const deploymentId = `compat-${Date.now().toString(36)}`;
    const configBefore = (await sim.configFetches({ deploymentId })).count;
    await load(`deploymentId=${deploymentId}`);

    // Messenger.ready: the element is upgraded and the deployment's config.json is read.
    await frameUntil('window.__readyAt', `Messenger.ready (is ${sim.httpUrl}/dist/messenger-compat.js built? run npm run build)`);
    expect((await sim.configFetches({ deploymentId })).count, 'config.json read before ready').to.be.greaterThan(configBefore);
    const el = await inFrame<{ tag: boolean; deployment: string; region: string; socket: string; api: string; upgraded: boolean; state: string }>(`(() => {
      const el = document.querySelector('genesys-chat');
      return { tag: !!el, deployment: el.getAttribute('deployment-id'), region: el.getAttribute('region'), socket: el.getAttribute('socket-url'),
        api: el.getAttribute('api-url'), upgraded: el instanceof customElements.get('genesys-chat'), state: el.connectionState };
    })()`);
    expect(el).to.deep.equal({ tag: true, deployment: deploymentId, region: 'prod-euw2', socket: `${sim.httpUrl.replace(/^http/, 'ws')}/v1`, api: sim.httpUrl, upgraded: true, state: 'idle' });
    // A new visitor has no session until the chat opens.
    expect((await sim.sessions()).filter((s) => s.deploymentId === deploymentId)).to.have.length(0);
    // Database.ready and MessagingService.ready are published with it, and replayed to late subscribers.
    await frameUntil('window.__lateReady', 'a late Messenger.ready subscriber is called');
    expect((await events()).map((e) => e.event)).to.include.members(['Messenger.ready', 'Database.ready', 'MessagingService.ready']);
    await until('Database.updated', 2);
    expect((await events('Database.updated'))[1]!.data).to.deep.equal({ messaging: { customAttributes: { page: 'checkout', cartValue: '42' } } });

    // Messenger.open → the panel opens, Messenger.opened; a second open is refused as Messenger does.
    expect(await command('Messenger.open')).to.deep.equal({ ok: null });
    await until('Messenger.opened');
    expect(await inFrame<boolean>(`document.querySelector('genesys-chat').open`)).to.equal(true);
    expect(await command('Messenger.open')).to.deep.include({ failed: 'Messenger is already opened.' });
    await until('MessagingService.started');
    expect((await events('MessagingService.started'))[0]!.data).to.deep.equal({ newSession: true, readOnly: false, authenticated: false });
    const session = (): Promise<SimSession> => sim.waitFor((all) => all.find((s) => s.deploymentId === deploymentId));
    const { token } = await session();

    // MessagingService.sendMessage (callback form) reaches the simulator, with the custom attributes.
    expect(await command('MessagingService.sendMessage', { message: 'Where is my parcel?' }, 'callbacks')).to.deep.equal({ ok: null });
    const sent = await sim.waitFor((all) => all.find((s) => s.token === token && s.messages.some((m) => m.text === 'Where is my parcel?')));
    expect(sent.customAttributes).to.deep.include({ page: 'checkout', cartValue: '42' });
    expect(await command('MessagingService.sendMessage', { message: '   ' })).to.deep.include({ failed: 'Message only contains whitespaces' });

    // Database.set later: the next message carries it.
    expect((await command('Database.set', { messaging: { customAttributes: { orderId: 'A-17' } } })).ok).to.deep.equal({
      messaging: { customAttributes: { page: 'checkout', cartValue: '42', orderId: 'A-17' } },
    });
    await command('MessagingService.sendMessage', { message: 'Order A-17' });
    const withOrder = await sim.waitFor((all) => all.find((s) => s.token === token && s.customAttributes['orderId'] === 'A-17'));
    expect(withOrder.customAttributes).to.deep.include({ page: 'checkout', orderId: 'A-17' });

    // The agent types, then answers: typingReceived, then messagesReceived with the text.
    await sim.agentTyping({ token, duration: 5000 });
    await until('MessagingService.typingReceived');
    expect((await events('MessagingService.typingReceived'))[0]!.data).to.deep.equal({ typing: { type: 'On' } });
    const agent = await sim.agentMessage({ token, text: 'It left the warehouse today.', nickname: 'Alex' });
    await until('MessagingService.messagesReceived');
    const [received] = await events('MessagingService.messagesReceived');
    expect(received!.data.messages).to.have.length(1);
    expect(received!.data.messages[0]).to.deep.include({ id: agent.id, type: 'Text', text: 'It left the warehouse today.', direction: 'Outbound', originatingEntity: 'Human' });
    expect(received!.data.messages[0].channel.from.nickname).to.equal('Alex');
    // The agent's message ends the typing indicator.
    await until('MessagingService.typingTimeout');

    // Errors of the element map to MessagingService.error.
    await sim.inject({ token, frame: '{not json' });
    await until('MessagingService.error');
    const [error] = await events('MessagingService.error');
    expect(error!.data.code).to.be.a('string');
    expect(error!.data.message).to.be.a('string').and.not.equal('');

    // The agent ends the conversation (read-only): conversationDisconnected, and sending is refused.
    await sim.disconnect({ token });
    await until('MessagingService.conversationDisconnected');
    const [disconnected] = await events('MessagingService.conversationDisconnected');
    expect(disconnected!.data.readOnly).to.equal(true);
    expect(disconnected!.data.message).to.deep.include({ type: 'Event', direction: 'Outbound', events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] });
    await until('MessagingService.readOnlyConversation');
    expect(await command('MessagingService.sendMessage', { message: 'Hello?' })).to.deep.include({
      failed: 'Conversation session has ended, start a new session to send a message.',
    });

    // clearConversation: the service clears it, a new conversation starts, conversationCleared.
    // (A second later, as a person would: the simulator's rate limit counts the Clear frame
    // with the messages, and a Clear refused with 429 goes unanswered.)
    await sleep(1100);
    expect(await command('MessagingService.clearConversation')).to.deep.equal({ ok: null });
    await until('MessagingService.conversationCleared');
    await until('MessagingService.started', 2);
    expect((await events('MessagingService.started'))[1]!.data).to.deep.include({ newSession: true, readOnly: false });
    expect(await inFrame<number>(`document.querySelector('genesys-chat').messages.length`)).to.equal(0);

    // Unknown commands reject, naming the command, in both forms.
    const unknown = await command('Launcher.hide');
    expect(unknown.isError).to.equal(true);
    expect(unknown.failed).to.contain('Launcher.hide');
    expect((await command('Toaster.open', {}, 'callbacks')).failed).to.contain('Toaster.open');

    // Messenger.close → Messenger.closed; a second close is refused.
    expect(await command('Messenger.close')).to.deep.equal({ ok: null });
    await until('Messenger.closed');
    expect(await inFrame<boolean>(`document.querySelector('genesys-chat').open`)).to.equal(false);
    expect(await command('Messenger.close')).to.deep.include({ failed: 'Messenger is already closed.' });

    // The person uses the launcher: the element's own events become Messenger.opened/closed.
    await inFrame(`document.querySelector('genesys-chat').shadowRoot.querySelector('[part="launcher"]').click() || true`);
    await until('Messenger.opened', 2);

    // Everything under the strict CSP, no violation.
    await sleep(100);
    expect(await inFrame<string[]>('window.__cspViolations')).to.deep.equal([]);
  });

  it('maps environment to region, and talks to the real region without socketUrl/apiUrl', async () => {
    await load('deploymentId=compat-real&environment=usw2&real=1');
    await frameUntil(`document.querySelector('genesys-chat')`, 'the element is on the page');
    const attrs = await inFrame<Record<string, string | null>>(`(() => {
      const el = document.querySelector('genesys-chat');
      return { region: el.getAttribute('region'), socket: el.getAttribute('socket-url'), api: el.getAttribute('api-url'), loaded: !!document.querySelector('script[src$="/dist/genesys-chat.min.js"]') };
    })()`);
    expect(attrs).to.deep.equal({ region: 'prod-usw2', socket: null, api: null, loaded: true });
    // It reads the deployment's config.json from the region's CDN; the page's connect-src
    // ('self' ws: wss:) blocks that request, so nothing leaves the machine and the attempt shows.
    await frameUntil(`window.__cspViolations.some((v) => v.startsWith('connect-src https://api-cdn.usw2.pure.cloud/webdeployments/v1/deployments/compat-real/config.json'))`, 'config.json requested from the region');
  });
});
