// Browser-side handle on the Genesys simulator that test/helpers/sim-plugin.mjs runs
// in the test-runner process. Control calls go over HTTP (POST /__sim/<method>).
//
//   const sim = await simulator();
//   el.setAttribute('socket-url', sim.wsUrl);
//   const [session] = await sim.waitFor((all) => all.length > 0 && all);
//   await sim.agentMessage({ token: session.token, text: 'Hello!' });

import { executeServerCommand } from '@web/test-runner-commands';

export interface SimInfo {
  /** http://127.0.0.1:PORT */
  httpUrl: string;
  /** ws://127.0.0.1:PORT/v1 (add ?deploymentId=…) */
  wsUrl: string;
  /** REST base (same origin as httpUrl) */
  apiUrl: string;
}

export interface SimChannel {
  time: string;
  messageId?: string;
  type?: string;
  from?: { nickname?: string; image?: string; firstName?: string; lastName?: string };
}

/** A stored conversation entry (what history returns, plus simulator bookkeeping). */
export interface SimStoredMessage {
  id: string;
  type: 'Text' | 'Structured' | 'Event' | string;
  direction: 'Inbound' | 'Outbound';
  text?: string;
  content?: Array<Record<string, unknown>>;
  events?: Array<Record<string, unknown>>;
  channel: SimChannel;
  originatingEntity: 'Human' | 'Bot' | string;
  metadata: Record<string, string>;
  /** tracingId of the onMessage request (Inbound), null for agent messages */
  tracingId: string | null;
  /** epoch ms */
  receivedAt: number;
  /** simulator-only receipt state of a customer message */
  receipt: null | 'Delivered' | 'Read';
}

export interface SimSession {
  token: string;
  deploymentId: string;
  /** open, configured connections */
  connections: number;
  /** how many SessionResponses said newSession:true (1, +1 per startNew) */
  newSessionCount: number;
  conversation: number;
  readOnly: boolean;
  messages: SimStoredMessage[];
  /** epoch ms of each customer typing event */
  typingReceived: number[];
  receiptsReceived: Array<{ id: string | null; status: string; at: number }>;
  /** newest agent message id the customer has read (read horizon) */
  readUpTo: string | null;
  /** frames received, by action ('invalid' for malformed ones) */
  framesReceived: Record<string, number>;
  errorsSent: Array<{ code: number; tracingId: string | null }>;
  echoCount: number;
  customAttributes: Record<string, unknown>;
  historyCalls: number;
  consoleAttached: boolean;
/** an agent Presence Join was sent (console attach, agentJoin) and no Disconnect since */
agentJoined: boolean;
  createdAt: number;
  lastActivity: number;
  expiresAt: number;
  /** Who signed in (configureAuthenticatedSession), null for an anonymous guest session. */
  authenticated?: SimIdentity | null;
}

/** A signed-in customer, as the simulated identity provider vouched for them. */
export interface SimIdentity {
  /** subject: the email in lower case by default (or `name:<name>` without one) */
  sub: string;
  name: string;
  email?: string;
}

/** issueCode: an authorization code as the simulated identity provider's form issues them. */
export interface SimIssueCode {
  /** must be http(s); the exchange must send the same */
  redirectUri: string;
  /** default: the email in lower case */
  sub?: string;
  /** default 'Jordan Lee' */
  name?: string;
  /** default 'jordan@example.com' when no name is given either */
  email?: string;
  /** the exchange must then send the same nonce */
  nonce?: string;
  /** S256 challenge (base64url SHA-256 of the verifier); the exchange must then send codeVerifier */
  codeChallenge?: string;
}

/** Authenticated-messaging requests the simulator received (since the last reset). */
export interface SimAuthStats {
  exchange: number;
  refresh: number;
  revoke: number;
  /** request bodies as received (parsed JSON, or the raw text when not JSON) */
  bodies: { exchange: unknown[]; refresh: unknown[] };
}

export interface SimQuickReply {
  text: string;
  payload?: string;
  image?: string;
}

export interface SimOptions {
  ratePerSecond?: number;
  receipts?: boolean;
  scriptedAgent?: boolean;
  /** partial deployment config, deep-merged (e.g. { messenger: { apps: { conversations: { conversationClear: { enabled: false } } } } }) */
  config?: Record<string, unknown>;
  agentName?: string;
  agentDelays?: { typing?: number; reply?: number; disconnect?: number };
  durationSeconds?: number;
  /** Lifetime of the authenticated-messaging JWT in seconds (default 900); set it small to test expiry. */
  authJwtSeconds?: number;
  /** Lifetime of attachment download URLs, seconds (default 600); 403 after. */
  downloadUrlSeconds?: number;
  /** Every upload PUT is answered (and its event pushed) this many ms late (default 0). */
  uploadDelayMs?: number;
  allowedOrigins?: string[] | null;
  /** Fault injection (server/faults.mjs); replaces the previous settings, null = off. */
  faults?: SimFaults | null;
}

/** Seeded fault injection; probabilities are 0..1 per frame or per customer message. */
export interface SimFaults {
  /** PRNG seed (default 1): the same seed rolls the same sequence of decisions. */
  seed?: number;
  /** A server→client frame is sent twice. */
  duplicate?: number;
  /** A server→client frame is held back and sent after the next one (or after holdMs). */
  reorder?: number;
  /** Longest a held-back frame waits, ms (default 100). */
  holdMs?: number;
  /** The socket is terminated right after a customer message is stored, before or after its echo. */
  dropAfterMessage?: number;
  /** A customer message is refused with 429 TooManyRequestsErrorMessage (not stored). */
  rateLimit429?: number;
  /** retryAfter of those 429s, seconds (default 1). */
  retryAfter?: number;
  /** A REST history GET fails (503 unless historyFailureKinds says otherwise). */
  historyFailure?: number;
  /**
   * How a failing history GET fails, one picked at random per failure: 'network' (the HTTP
   * socket destroyed, no answer: fetch rejects), '5xx' (500/502/503/504), '429' (Retry-After:
   * historyRetryAfter seconds). Default: 503 only.
   */
  historyFailureKinds?: SimHttpFailureKind[];
  /** Retry-After seconds of a history 429 (default 2). */
  historyRetryAfter?: number;
  /**
   * Every server→client frame waits a random 0..N ms more (seeded); a socket keeps its
   * order, so a long delay holds back the frames behind it. A slow network or device.
   */
  deliveryJitterMs?: number;
  /**
   * A customer Text/Structured message is answered by a transient error WITHOUT tracingId and
   * not stored: half `string` 5000 "Request failed.", half 429 TooManyRequestsErrorMessage/4029
   * with `retryAfter`. A client must resend.
   */
  untaggedErrors?: number;
  /** Every error frame (code other than 200) goes out without its tracingId. */
  stripTracingIds?: boolean;
  /** A customer message is stored (history, agent) but its echo is never sent; the socket stays up. */
  swallowEcho?: number;
  /**
   * Which guest metadata keys survive into echoes and history: 'all' (default), only
   * 'customMessageId', or 'none'. The server's own correlationId always stays.
   */
  metadata?: 'all' | 'customMessageId' | 'none';
  /** The token exchange/refresh endpoints fail for `forMs` from when the faults are set, then recover. */
  tokenFailure?: SimTokenFailure | null;
  /**
   * Every configureSession/configureAuthenticatedSession is answered with SessionExpiredEvent
   * (then the socket is closed, 1000) or with a 4017 string error; no session is made.
   */
  expireSessions?: 'event' | '4017' | null;
  /** A customer message is refused with a final 4xxx code (with its tracingId), not stored. */
  finalRefusal?: number;
  /** Codes of those refusals (default [4008, 4009, 4010, 4020]). */
  finalRefusalCodes?: number[];
  /** config.json answers this many ms late. */
  configDelayMs?: number;
  /** Only sockets opened for this deployment id, and its history, token and config.json calls (default all). */
  deploymentId?: string;
}

export type SimHttpFailureKind = 'network' | '5xx' | '429';

export interface SimTokenFailure {
  /** Default both. */
  endpoints?: Array<'exchange' | 'refresh'>;
  /** Default all three, one picked at random per request. */
  kinds?: SimHttpFailureKind[];
  /** Default: until the faults are set again. */
  forMs?: number;
  /** Retry-After seconds of a 429 (default 2). */
  retryAfter?: number;
}

/** How many times each fault fired since the faults were last set. */
export interface SimFaultStats {
  duplicated: number;
  reordered: number;
  droppedBeforeEcho: number;
  droppedAfterEcho: number;
  rateLimited: number;
  /** History GETs failed (every kind). */
  historyFailed: number;
  /** Frames the delivery jitter held back. */
  delayed: number;
  /** Of historyFailed: no answer, 5xx, 429. */
  historyNetwork: number;
  history5xx: number;
  history429: number;
  /** Messages answered by an error frame with no tracingId. */
  untaggedErrors: number;
  /** Error frames whose tracingId was removed (stripTracingIds). */
  strippedTracingIds: number;
  /** Stored messages never echoed. */
  swallowedEchoes: number;
  /** Messages whose guest metadata lost at least one key. */
  metadataFiltered: number;
  /** Token requests failed on purpose. */
  tokenFailed: number;
  /** Configures answered with SessionExpiredEvent or 4017. */
  expiredSessions: number;
  /** Messages refused with a final 4xxx code. */
  finalRefusals: number;
  /** config.json answers held back by configDelayMs. */
  configDelayed: number;
}

/**
 * setConfig: what config.json answers for one deployment id, and what the simulator honours
 * for sessions of that deployment (typing, clear, conversationDisconnect, markdown replies).
 */
export interface SimConfigSpec {
  deploymentId: string;
  /**
   * Patch deep-merged over the defaults and setOptions' config; replaces this deployment's
   * earlier override. null (or neither config, raw, status nor delayMs) removes the override.
   */
  config?: Record<string, unknown> | null;
  /** Serve exactly this body (malformed JSON, `{"__proto__":…}`, HTML…); the server then behaves as without an override. */
  raw?: string;
  /** HTTP status of config.json (default 200), with raw or a patch. */
  status?: number;
  /** config.json answers after this many ms, with raw or a patch. */
  delayMs?: number;
  /** Content-Type of a raw answer (default application/json; charset=utf-8). */
  contentType?: string;
}

/** The deployments the simulator serves (deployments, addDeployment, removeDeployment). */
export interface SimDeployments {
  any: boolean;
  ids: string[];
  removed: string[];
}

/** A deployment's stored override, as setConfig answers it. */
export interface SimConfigOverride {
  patch?: Record<string, unknown>;
  raw?: string;
  status?: number;
  delayMs?: number;
  contentType?: string;
}

/** uploadStats: the upload PUTs seen, and the attachments kept. */
export interface SimUploadStats {
  puts: Array<{ attachmentId: string; status: number; bytes: number; headers: Record<string, string> }>;
  attachments: Array<{ id: string; token: string; fileName: string; fileType: string; fileSize: number; status: string; direction: 'Inbound' | 'Outbound' }>;
}

/** A control-API failure (HTTP status from the simulator). */
export class SimulatorError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'SimulatorError';
    this.status = status;
  }
}

/** Calls without `token` target the most recently active session. */
export interface Simulator extends SimInfo {
  /** Send a raw frame (object → JSON, string → verbatim) to a session's connections, or to all. */
  inject(p: { token?: string; frame: unknown }): Promise<{ sent: number }>;
  /** Terminate sockets abruptly (no close handshake). */
  drop(p?: { token?: string }): Promise<{ dropped: number }>;
  /** Answer WebSocket upgrades with 503 for `ms`. */
  refuse(p: { ms: number }): Promise<{ until: number }>;
  /** The next onMessage Text/Structured gets this error frame (class "string" by default). */
  failNext(p: { token?: string; code?: number; body?: unknown; class?: string; retryAfter?: number }): Promise<{ queued: boolean }>;
  /** An agent message; with quickReplies it is Structured/QuickReply. */
  agentMessage(p: {
    token?: string;
    text?: string;
    quickReplies?: SimQuickReply[];
    raw?: Record<string, unknown>;
    nickname?: string;
    image?: string;
    /** A file the simulator serves with the message. */
    attachment?: { filename: string; mime: string; bytesBase64: string };
  }): Promise<SimStoredMessage>;
  /** The next upload PUT gets UploadFailureEvent with errorCode (default 4003). */
  failNextUpload(p?: { token?: string; errorCode?: number }): Promise<{ queued: boolean }>;
  /** Upload PUTs seen (with their headers) and the attachments kept. */
  uploadStats(): Promise<SimUploadStats>;
  agentTyping(p?: { token?: string; duration?: number; field?: 'duration' | 'durationMs' }): Promise<Record<string, unknown>>;
  /** The agent read the customer's messages (pushes Read receipts when receipts are on). */
  agentRead(p?: { token?: string; upTo?: string }): Promise<{ ids: string[] }>;
  /**
   * Outbound Presence Disconnect. Read-only (metadata.readOnly "true", later messages refused) as
   * the session's deployment says: conversationDisconnect type ReadOnly (the default) yes, Send no;
   * `readOnly` overrides it.
   */
  disconnect(p?: { token?: string; readOnly?: boolean }): Promise<SimStoredMessage>;
  /** The agent joins: Outbound Presence Join, channel.from { nickname, image } (default: agentName and the simulator's avatar URL). */
  agentJoin(p?: { token?: string; nickname?: string; image?: string }): Promise<SimStoredMessage>;
  /** The agent leaves: Outbound Presence Disconnect with the agent's from; not read-only unless readOnly: true. */
  agentLeave(p?: { token?: string; nickname?: string; image?: string; readOnly?: boolean }): Promise<SimStoredMessage>;
  /** Set (or remove) the config.json of one deployment id; `config` is the effective config (null in raw mode). */
  setConfig(p: SimConfigSpec): Promise<{ deploymentId: string; override: SimConfigOverride | null; config: Record<string, unknown> | null }>;
  /** How many times config.json was requested: `count` for deploymentId (or in all), `counts` per deployment id. reset() clears them. */
  configFetches(p?: { deploymentId?: string }): Promise<{ count: number; counts: Record<string, number> }>;
  /** The deployments served: `any` (every id but `removed`, as the test run's simulator), else `ids`. */
  deployments(): Promise<SimDeployments>;
  /** Serve this deployment from now on (until reset), with `config` as its override if given. */
  addDeployment(p: { deploymentId: string; config?: Record<string, unknown> }): Promise<SimDeployments>;
  /** This deployment no longer exists (until reset), even under 'any': config.json 404, configures refused with 403. */
  removeDeployment(p: { deploymentId: string }): Promise<SimDeployments>;
  /** SessionExpiredEvent, then the token answers 4007. */
  expire(p?: { token?: string }): Promise<{ expired: string }>;
  sessions(): Promise<SimSession[]>;
  /** One session by token, or the most recently active one. */
  session(token?: string): Promise<SimSession | undefined>;
  /** Forget sessions, failures, options, config overrides, config fetch counts and auth state (codes, tokens, sign-ins). */
reset(): Promise<void>;
  setOptions(p: SimOptions): Promise<SimOptions>;
  faultStats(): Promise<SimFaultStats>;
  /** An authorization code of the simulated identity provider (single use, 5 minutes), without driving its form. */
  issueCode(p: SimIssueCode): Promise<{ code: string }>;
  /** Token exchange/refresh/revoke request counts and the exchange/refresh bodies; reset() clears them. */
  authStats(): Promise<SimAuthStats>;
  /** The next token exchange or refresh answers exactly `raw` (default status 200). */
  authFault(p: { endpoint: 'exchange' | 'refresh'; raw: string; status?: number }): Promise<{ queued: boolean }>;
  /** Poll sessions() until `check` returns a truthy value, and resolve with it. */
  waitFor<T>(check: (sessions: SimSession[]) => T | undefined | null | false, opts?: { timeout?: number; interval?: number }): Promise<T>;
}

let info: Promise<SimInfo> | undefined;

async function call<T>(base: string, method: string, args: unknown = {}): Promise<T> {
  const res = await fetch(`${base}/__sim/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(args ?? {}),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new SimulatorError(res.status, data.error ?? `Simulator ${method} failed with ${res.status}`);
  return data as T;
}

/** The simulator handle for this test run. */
export async function simulator(): Promise<Simulator> {
  info ??= executeServerCommand<SimInfo, undefined>('sim-info');
  let urls: SimInfo;
  try {
    urls = await info;
  } catch (err) {
    info = undefined;
    throw err;
  }
  return simulatorAt(urls);
}

/** A handle on a simulator whose URLs are known (a page served by the simulator itself, say). */
export function simulatorAt(urls: SimInfo): Simulator {
  const base = urls.httpUrl;
  const sessions = () => call<SimSession[]>(base, 'sessions');
  return {
    httpUrl: urls.httpUrl,
    wsUrl: urls.wsUrl,
    apiUrl: urls.apiUrl,
    inject: (p) => call(base, 'inject', p),
    drop: (p = {}) => call(base, 'drop', p),
    refuse: (p) => call(base, 'refuse', p),
    failNext: (p) => call(base, 'failNext', p),
    agentMessage: (p) => call(base, 'agentMessage', p),
    agentTyping: (p = {}) => call(base, 'agentTyping', p),
    agentRead: (p = {}) => call(base, 'agentRead', p),
    disconnect: (p = {}) => call(base, 'disconnect', p),
agentJoin: (p = {}) => call(base, 'agentJoin', p),
agentLeave: (p = {}) => call(base, 'agentLeave', p),
setConfig: (p) => call(base, 'setConfig', p),
configFetches: (p = {}) => call(base, 'configFetches', p),
    deployments: () => call(base, 'deployments'),
    addDeployment: (p) => call(base, 'addDeployment', p),
    removeDeployment: (p) => call(base, 'removeDeployment', p),
    expire: (p = {}) => call(base, 'expire', p),
    failNextUpload: (p = {}) => call(base, 'failNextUpload', p),
    uploadStats: () => call(base, 'uploadStats'),
    sessions,
    async session(token?: string) {
      const all = await sessions();
      if (token) return all.find((s) => s.token === token);
      return [...all].sort((a, b) => b.lastActivity - a.lastActivity)[0];
    },
    async reset() {
      await call(base, 'reset');
    },
    setOptions: (p) => call(base, 'setOptions', p),
    faultStats: () => call(base, 'faultStats'),
    issueCode: (p) => call(base, 'issueCode', p),
    authStats: () => call(base, 'authStats'),
    authFault: (p) => call(base, 'authFault', p),
    async waitFor<T>(check: (all: SimSession[]) => T | undefined | null | false, opts: { timeout?: number; interval?: number } = {}) {
      const { timeout = 3000, interval = 25 } = opts;
      const deadline = Date.now() + timeout;
      for (;;) {
        const result = check(await sessions());
        if (result) return result;
        if (Date.now() > deadline) throw new Error(`simulator.waitFor timed out after ${timeout} ms`);
        await new Promise((r) => setTimeout(r, interval));
      }
    },
  };
}
