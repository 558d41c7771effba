// Server side of the agent console (demo/agent.html): a small JSON protocol over the
// /agent WebSocket, private to this simulator.
//
// Console -> server                         Server -> console
//   {type:'attach', token}                    {type:'hello', agentName, sessions, config}
//   {type:'detach'}                           {type:'sessions', sessions}
//   {type:'send', text}                       {type:'transcript', token, messages, readIds, readOnly, ...}
//   {type:'typing'}                           {type:'message', token, message}
//   {type:'quick-replies', text?, replies?}   {type:'typing', token, at}        customer typing
//   {type:'card', text?, card}                (replies: [{text, payload?}], default QUICK_REPLIES)
//   {type:'carousel', text?, cards}
//   {type:'join'}        Presence Join
//   {type:'end'}        read-only disconnect  {type:'receipt', token, id, status, readIds}
//   {type:'expire'}                           {type:'customer-read', token, ids}
//   {type:'drop'}                             {type:'ended', token, reason}
//   {type:'read', upTo?} agent saw messages   {type:'error', message}
//   {type:'set-receipts', on}                 {type:'options', receipts, scriptedAgent}
//   {type:'get-config', deploymentId}         {type:'config', deploymentId, settings, raw, note}
//   {type:'set-config', deploymentId, config} {type:'config-saved', deploymentId, ignored}
//
// Sessions (in `sessions` and `transcript`) carry `authenticated`: { sub, name, email? } of a
// signed-in customer (authenticated messaging, auth.mjs), null for a guest.
//
// Attaching to a session makes the agent join it (an Outbound Presence Join with the agent's
// nickname and avatar) unless already joined; 'end' is a Presence Disconnect with the same
// `from`, read-only or not as the deployment's conversationDisconnect says. Writing again
// after a Send-type end joins again first.
//
// Deployment settings: `config` messages carry the console-editable subset of a deployment's
// config (CONSOLE_SETTINGS in config.mjs), on hello (the demo's deployment), on attach (the
// session's deployment), on get-config, and to every console whenever a deployment's config
// changes. set-config is validated (known keys only, right types, #rrggbb colour); unknown keys
// are ignored and listed back, a bad value refuses the whole save with an error.
//
// `receipts` is the simulator's opt-in, UNVERIFIED behaviour of pushing Delivered/Read
// Receipt frames of the customer's own messages to the guest (off by default): the console
// shows it labelled as such and lets the person playing the agent turn it on for a test.
//
// Cards and carousels are checked by demo-content.mjs (a title, http(s) links, a few
// buttons) and sent in the real shapes: a Structured message with a Card or Carousel content
// item. Image paths the simulator serves (/demo/trail-shoe.svg) become absolute URLs on the
// host the guest connected to. Markdown is text: the widget renders it when the deployment's
// markdown setting is on.
//
// While a console is attached to a session, the scripted agent stays quiet there.

import { QUICK_REPLIES } from './scripted-agent.mjs';
import { cardContent, carouselContent, toQuickReplies } from './demo-content.mjs';
import { consoleSettingsOf, deepMerge, validateConsoleSettings } from './config.mjs';

/** @typedef {import('./simulator.mjs').Simulator} Simulator */
/** @typedef {import('./session.mjs').Session} Session */

/** Agent → guest text limit (protocol §7). */
export const AGENT_TEXT_MAX = 4000;

/** The deployment id of the demo page (index.html): the console's settings start there. */
export const DEMO_DEPLOYMENT_ID = 'demo-deployment';

/** Shown with the settings: config.json is read once per page load. */
export const CONFIG_NOTE = 'Applies to the widget on its next page load; server behaviour at once.';

/**
 * @typedef {object} ConsoleClient
 * @property {import('ws').WebSocket} ws
 * @property {Session|null} session
 */

export class AgentConsoleHub {
  /**
   * @param {Simulator} sim
   * @param {import('ws').WebSocketServer} _wss
   */
  constructor(sim, _wss) {
    this.sim = sim;
    /** @type {Set<ConsoleClient>} */
    this.clients = new Set();
    /** @type {NodeJS.Timeout|null} */
    this.sessionsTimer = null;

    /** @type {[string, (e: any) => void][]} */
    this.listeners = [
      ['session', (e) => this.onSessionEvent(e)],
      ['connection', () => this.scheduleSessions()],
      ['customer-message', (e) => this.onMessage(e)],
      ['agent-message', (e) => this.onMessage(e)],
      ['customer-typing', (e) => this.toAttached(e.token, { type: 'typing', token: e.token, at: e.at })],
      ['receipt', (e) => this.toAttached(e.token, { type: 'receipt', ...e })],
      ['customer-read', (e) => this.toAttached(e.token, { type: 'customer-read', token: e.token, ids: e.ids })],
      ['options', (e) => this.toAll({ type: 'options', receipts: e.receipts, scriptedAgent: e.scriptedAgent })],
      ['deployment-config', (e) => this.onConfigChange(e)],
    ];
    for (const [name, fn] of this.listeners) sim.events.on(name, fn);
  }

  /** @param {import('ws').WebSocket} ws */
  add(ws) {
    /** @type {ConsoleClient} */
    const client = { ws, session: null };
    this.clients.add(client);
    this.sim.log('agent console connected');
    this.send(client, {
      type: 'hello',
      agentName: this.sim.options.agentName,
      receipts: this.sim.options.receipts,
      scriptedAgent: this.sim.options.scriptedAgent,
      sessions: this.summaries(),
      config: this.configMessage(DEMO_DEPLOYMENT_ID),
    });
    ws.on('message', (data, isBinary) => {
      try {
        const msg = isBinary ? null : JSON.parse(data.toString('utf8'));
        if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') throw new Error('Bad console message');
        this.handle(client, msg);
      } catch (err) {
        this.send(client, { type: 'error', message: /** @type {Error} */ (err).message });
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      this.detach(client);
      this.clients.delete(client);
      this.sim.log('agent console disconnected');
    });
  }

  close() {
    for (const [name, fn] of this.listeners) this.sim.events.off(name, fn);
    if (this.sessionsTimer) clearTimeout(this.sessionsTimer);
    this.sessionsTimer = null;
  }

  /** @param {ConsoleClient} client @param {unknown} msg */
  send(client, msg) {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(msg));
  }

  summaries() {
    return this.sim.store
      .all()
      .map((s) => ({ ...s.summary(), authenticated: this.sim.auth.identityOf(s) }))
      .sort((a, b) => b.lastActivity - a.lastActivity);
  }

  /** Coalesce session-list updates into one frame per tick. */
  scheduleSessions() {
    if (this.sessionsTimer || !this.clients.size) return;
    this.sessionsTimer = setTimeout(() => {
      this.sessionsTimer = null;
      const msg = { type: 'sessions', sessions: this.summaries() };
      for (const c of this.clients) this.send(c, msg);
    }, 30);
    this.sessionsTimer.unref?.();
  }

  /** @param {unknown} msg */
  toAll(msg) {
    for (const c of this.clients) this.send(c, msg);
  }

  /** @param {string} token @param {unknown} msg */
  toAttached(token, msg) {
    for (const c of this.clients) if (c.session?.token === token) this.send(c, msg);
  }

  /** @param {ConsoleClient} client */
  transcript(client) {
    const s = client.session;
    if (!s) return;
    this.send(client, {
      type: 'transcript',
      token: s.token,
      deploymentId: s.deploymentId,
      messages: s.messages,
      readUpTo: s.readUpTo,
      readIds: s.readOutboundIds(),
      readOnly: s.readOnly,
      connections: s.connections.length,
      customAttributes: s.customAttributes,
      authenticated: this.sim.auth.identityOf(s),
    });
  }

  /** @param {{ event: string, token: string|null }} e */
  onSessionEvent(e) {
    this.scheduleSessions();
    for (const c of this.clients) {
      if (!c.session) continue;
      if (e.event === 'reset' || (c.session.token === e.token && this.sim.store.get(e.token) !== c.session)) {
        // The session is gone (cleared, expired, reset): the console is no longer attached.
        const token = c.session.token;
        c.session = null;
        this.send(c, { type: 'ended', token, reason: e.event });
      } else if (c.session.token === e.token) {
        this.transcript(c);
      }
    }
  }

  /** The console-editable settings of a deployment. @param {string} deploymentId */
  configMessage(deploymentId) {
    return {
      type: 'config',
      deploymentId,
      settings: consoleSettingsOf(this.sim.configFor(deploymentId)),
      raw: this.sim.deploymentConfigs.get(deploymentId)?.raw !== undefined,
      note: CONFIG_NOTE,
    };
  }

  /** A deployment's config changed (or all, on reset): every console may be showing it. @param {{ deploymentId: string|null }} e */
  onConfigChange(e) {
    if (!this.clients.size) return;
    if (e.deploymentId === null) {
      // reset: the demo's deployment is the one a console shows by default.
      this.toAll(this.configMessage(DEMO_DEPLOYMENT_ID));
      const seen = new Set([DEMO_DEPLOYMENT_ID]);
      for (const c of this.clients) {
        const id = c.session?.deploymentId;
        if (id && !seen.has(id)) {
          seen.add(id);
          this.toAll(this.configMessage(id));
        }
      }
      return;
    }
    this.toAll(this.configMessage(e.deploymentId));
  }

  /** @param {{ token: string, message: unknown }} e */
  onMessage(e) {
    this.scheduleSessions();
    this.toAttached(e.token, { type: 'message', token: e.token, message: e.message });
  }

  /** @param {ConsoleClient} client */
  detach(client) {
    const s = client.session;
    if (!s) return;
    s.consoles = Math.max(0, s.consoles - 1);
    client.session = null;
    this.scheduleSessions();
  }

  /**
   * @param {ConsoleClient} client
   * @param {Record<string, any>} msg
   */
  handle(client, msg) {
    const sim = this.sim;
    if (msg.type === 'attach') {
      const s = sim.store.get(String(msg.token));
      if (!s) throw new Error('Unknown session');
      if (client.session !== s) {
        this.detach(client);
        client.session = s;
        s.consoles += 1;
        sim.scripted.cancel(s); // a person takes over: no scripted reply in flight
        // ...and joins the conversation, visibly, with a name and an avatar.
        if (!s.agentJoined && !s.readOnly) sim.sendAgentJoin(s);
      }
      this.transcript(client);
      this.send(client, this.configMessage(s.deploymentId));
      this.scheduleSessions();
      return;
    }
    if (msg.type === 'detach') return this.detach(client);
    if (msg.type === 'get-config') {
      this.send(client, this.configMessage(deploymentIdOf(msg)));
      return;
    }
    if (msg.type === 'set-config') {
      const deploymentId = deploymentIdOf(msg);
      const result = validateConsoleSettings(msg.config);
      if (!result.ok) throw new Error(`Settings not saved: ${result.errors.join('; ')}`);
      // Over the deployment's current override, keeping its delay (a raw override is replaced).
      const prev = sim.deploymentConfigs.get(deploymentId);
      const base = prev?.raw === undefined ? prev?.patch ?? {} : {};
      sim.setDeploymentConfig(deploymentId, deepMerge(base, result.config), { delayMs: prev?.delayMs });
      this.send(client, { type: 'config-saved', deploymentId, ignored: result.ignored });
      return;
    }
    if (msg.type === 'set-receipts') {
      // Simulator-wide, like setOptions: every console hears the new setting.
      sim.setOptions({ receipts: msg.on === true });
      return;
    }

    const s = client.session;
    if (!s || sim.store.get(s.token) !== s) throw new Error('Not attached to a session');
    switch (msg.type) {
      case 'send': {
        const text = String(msg.text ?? '').trim();
        if (!text) throw new Error('Empty message');
        if (text.length > AGENT_TEXT_MAX) throw new Error(`Agent messages are limited to ${AGENT_TEXT_MAX} characters`);
        // Answering implies the agent has read what the customer wrote.
        sim.markCustomerRead(s);
        // Writing again after ending a Send-type conversation (or after startNew) rejoins first.
        if (!s.agentJoined) sim.sendAgentJoin(s);
        sim.sendAgentMessage(s, { text });
        return;
      }
      case 'send-file': {
        // A file for the customer, served by the simulator (attachments.mjs).
        if (typeof msg.bytesBase64 !== 'string' || !msg.bytesBase64) throw new Error('Empty file');
        if (!s.agentJoined) sim.sendAgentJoin(s);
        sim.sendAgentMessage(s, { text: '', attachment: { filename: String(msg.filename ?? 'file'), mime: String(msg.mime ?? ''), bytesBase64: msg.bytesBase64 } });
        return;
      }
      case 'typing':
        sim.sendAgentTyping(s, { duration: 5000 });
        return;
      case 'quick-replies': {
        const replies = msg.replies === undefined ? QUICK_REPLIES.map((q) => ({ ...q })) : toQuickReplies(msg.replies);
        const text = promptOf(msg) ?? 'What would you like to do?';
        sim.markCustomerRead(s);
        if (!s.agentJoined) sim.sendAgentJoin(s);
        sim.sendAgentMessage(s, { text, quickReplies: replies });
        return;
      }
      case 'card':
      case 'carousel': {
        const resolve = (/** @type {string} */ path) => sim.publicUrl(s, path);
        const content = msg.type === 'card' ? cardContent(msg.card, resolve) : carouselContent(msg.cards, resolve);
        sim.markCustomerRead(s);
        if (!s.agentJoined) sim.sendAgentJoin(s);
        sim.sendAgentMessage(s, { text: promptOf(msg) ?? '', content });
        return;
      }
      case 'join':
        // The agent (back) in the conversation: after a Send-type end, or to show the notice.
        if (s.agentJoined) throw new Error('You have already joined this conversation');
        sim.sendAgentJoin(s);
        return;
      case 'end':
        // ReadOnly or Send, as the session's deployment says; from = the agent.
        sim.sendDisconnect(s, undefined, sim.agentFrom(s));
        return;
      case 'expire':
        sim.expireSession(s);
        return;
      case 'drop':
        sim.drop({ token: s.token });
        return;
      case 'read':
        sim.markCustomerRead(s, typeof msg.upTo === 'string' ? msg.upTo : undefined);
        return;
      default:
        throw new Error(`Unknown console message ${msg.type}`);
    }
  }
}

/** The optional text above quick replies, a card or a carousel. @param {Record<string, any>} msg */
function promptOf(msg) {
  if (msg.text === undefined || msg.text === null) return undefined;
  if (typeof msg.text !== 'string') throw new Error('The message text must be text');
  const text = msg.text.trim();
  if (text.length > AGENT_TEXT_MAX) throw new Error(`Agent messages are limited to ${AGENT_TEXT_MAX} characters`);
  return text || undefined;
}

/** The deployment id a console message names. @param {Record<string, any>} msg */
function deploymentIdOf(msg) {
  const id = msg.deploymentId;
  if (typeof id !== 'string' || !id.trim() || id.length > 200) throw new Error('A deployment id is needed');
  return id.trim();
}
