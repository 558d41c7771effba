// HTTP routes on the simulator's port: REST history (protocol §6.1), deployment config
// (§6.3), the control API (/__sim/*, simulator-only), and optional static files.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

import { CONTROL_METHODS, ControlError } from './control.mjs';
import { attachmentRoute } from './attachments.mjs';

/** @typedef {import('./simulator.mjs').Simulator} Simulator */
/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

export const HISTORY_CALLS_PER_MINUTE = 10;
export const HISTORY_MAX_PAGE_SIZE = 100;
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The agent console (page, script, styles) and the agent avatar, served even without a
 * static root (request path -> file).
 */
const BUILTIN_FILES = Object.freeze(
  /** @type {Record<string, string>} */ (
    Object.fromEntries(
      ['agent.html', 'agent.js', 'agent.css', 'agent-avatar.svg', 'trail-shoe.svg', 'rain-jacket.svg', 'day-pack.svg'].map((f) => [`/demo/${f}`, fileURLToPath(new URL(`../demo/${f}`, import.meta.url))]),
    )
  ),
);

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.woff2': 'font/woff2',
});

/**
 * The strict policy of the demo page (index.html), the same text as its <meta>. Sent as a real response
 * header too: a header is in force before the first byte is parsed, a <meta> only after it.
 */
export const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' https: data:; object-src 'none'; base-uri 'none'";

/**
 * The agent console's policy: its script and styles are files (demo/agent.js, demo/agent.css),
 * nothing inline; it talks to /agent on its own origin only.
 */
export const AGENT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Extra response headers for particular static files, by path below the static root. */
export const STATIC_HEADERS = Object.freeze({
  'index.html': { 'Content-Security-Policy': DEMO_CSP },
  'demo/agent.html': { 'Content-Security-Policy': AGENT_CSP },
});

/**
 * @param {Res} res @param {number} status @param {unknown} data @param {Record<string, string>} [headers]
 */
export function json(res, status, data, headers = {}) {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** A Genesys-platform-shaped error body. */
export const apiError = (/** @type {number} */ status, /** @type {string} */ code, /** @type {string} */ message) => ({
  message,
  code,
  status,
  messageParams: {},
  contextId: randomUUID(),
  details: [],
  errors: [],
});

/** CORS for REST and control routes: echo the Origin (or *), allow Authorization + Content-Type. */
function cors(/** @type {Req} */ req, /** @type {Res} */ res) {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', typeof origin === 'string' && origin ? origin : '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h && !/^(authorization|content-type)$/i.test(h));
  res.setHeader('Access-Control-Allow-Headers', ['Authorization', 'Content-Type', ...requested].join(', '));
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Access-Control-Max-Age', '600');
}

/** @param {Req} req @returns {Promise<string>} */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ControlError(413, 'Body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * @param {Simulator} sim
 * @returns {(req: Req, res: Res) => void}
 */
export function createHttpHandler(sim) {
  return (req, res) => {
    route(sim, req, res).catch((err) => {
      sim.log(`http ${req.method} ${req.url} failed: ${err?.stack ?? err}`);
      if (!res.headersSent) json(res, 500, apiError(500, 'internal.server.error', 'Simulator error'));
      else res.destroy();
    });
  };
}

/** @param {Simulator} sim @param {Req} req @param {Res} res */
async function route(sim, req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  if (attachmentRoute(sim, req, res, url)) return;
  const isApi = p.startsWith('/api/') || p.startsWith('/webdeployments/') || p === '/__sim' || p.startsWith('/__sim/');
  if (isApi) {
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Content-Length': '0' });
      return void res.end();
    }
    if (p === '/api/v2/webmessaging/messages') {
      if (req.method !== 'GET') return json(res, 405, apiError(405, 'method.not.allowed', 'Method not allowed'));
      return history(sim, req, res, url);
    }
    const cfg = /^\/webdeployments\/v1\/deployments\/([^/]+)\/config\.json$/.exec(p);
    if (cfg) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, apiError(405, 'method.not.allowed', 'Method not allowed'));
      let id;
      try {
        id = decodeURIComponent(/** @type {string} */ (cfg[1]));
      } catch {
        return json(res, 400, apiError(400, 'bad.request', 'Malformed deployment id'));
      }
      return deploymentConfig(sim, res, id);
    }
    if (p === '/__sim' || p.startsWith('/__sim/')) return control(sim, req, res, p.slice('/__sim/'.length));
    // Authenticated messaging token endpoints (auth.mjs).
    if (p.startsWith('/api/v2/webdeployments/token/') && (await sim.auth.handleToken(req, res, p))) return;
    return json(res, 404, apiError(404, 'not.found', `No route for ${p}`));
  }
  // The simulated identity provider's sign-in page (auth.mjs).
  if (p.startsWith('/idp/') && (await sim.auth.handleIdp(req, res, url))) return;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
    return void res.end('Method Not Allowed\n');
  }
  return serveStatic(sim, req, res, p);
}

/**
 * GET config.json (§6.3) for one deployment id: counted, then the deployment's override if any
 * (a patch, or a raw body/status, after its delay), never cached so edits show on reload.
 * @param {Simulator} sim @param {Res} res @param {string} deploymentId
 */
async function deploymentConfig(sim, res, deploymentId) {
  sim.countConfigFetch(deploymentId);
  const override = sim.deploymentConfigs.get(deploymentId);
  // Fault injection (faults.mjs, configDelayMs): a slow config.json, on top of any override's delay.
  const delayMs = (override?.delayMs ?? 0) + sim.faults.configDelay(deploymentId);
  if (delayMs) {
    await new Promise((resolve) => setTimeout(resolve, delayMs).unref?.());
    // The client went away, or the simulator closed, meanwhile.
    if (res.destroyed || res.writableEnded) return;
  }
  // A deployment that does not exist (protocol §6.3): the CDN has no file for it. The body's
  // wording is the simulator's; the widget keys on the status only.
  if (!sim.knowsDeployment(deploymentId)) {
    sim.log(`config.json for unknown deployment ${deploymentId}: 404`);
    return json(res, 404, apiError(404, 'not.found', `No deployment ${deploymentId}`));
  }
  const status = override?.status ?? 200;
  if (override?.raw !== undefined) {
    res.writeHead(status, {
      'Content-Type': override.contentType ?? 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(override.raw),
      'Cache-Control': 'no-store',
    });
    return void res.end(override.raw);
  }
  // Read at answer time: an edit made during the delay is what the widget gets.
  return json(res, status, sim.configFor(deploymentId));
}

/**
 * GET /api/v2/webmessaging/messages with the getJwt JWT: the conversation, newest first.
 * @param {Simulator} sim @param {Req} req @param {Res} res @param {URL} url
 */
function history(sim, req, res, url) {
  const auth = String(req.headers.authorization ?? '');
  const m = /^bearer\s+(\S+)$/i.exec(auth.trim());
  const owner = m ? sim.store.jwts.get(/** @type {string} */ (m[1])) : undefined;
  const session = owner && owner.exp * 1000 > Date.now() ? sim.store.get(owner.token) : undefined;
  if (!session) {
    sim.log(`history: 401 (${m ? 'unknown or expired JWT' : 'no bearer token'})`);
    return json(res, 401, apiError(401, 'bad.credentials', 'Invalid login credentials.'));
  }

  // Fault injection (faults.mjs): the history service is down, unreachable or refusing.
  const failure = sim.faults.historyFailure(session);
  if (failure) {
    sim.log(`history: ${failure.kind === 'network' ? 'socket destroyed' : failure.status} (fault)`);
    return failHttp(res, failure);
  }

  // 10 calls per minute per session (protocol §6.1 / §7, [M]).
  const now = Date.now();
  session.historyCalls = session.historyCalls.filter((t) => now - t < 60_000);
  if (session.historyCalls.length >= HISTORY_CALLS_PER_MINUTE) {
    const retryAfter = Math.max(1, Math.ceil((60_000 - (now - /** @type {number} */ (session.historyCalls[0]))) / 1000));
    return json(res, 429, apiError(429, 'too.many.requests', 'Rate limit exceeded the maximum. Retry the request in a few seconds.'), {
      'Retry-After': String(retryAfter),
    });
  }
  session.historyCalls.push(now);

  const int = (/** @type {string|null} */ v, /** @type {number} */ d) => {
    const n = v === null || v === '' ? d : Number(v);
    return Number.isInteger(n) ? n : NaN;
  };
  let pageSize = int(url.searchParams.get('pageSize'), 25);
  const pageNumber = int(url.searchParams.get('pageNumber'), 1);
  if (Number.isNaN(pageSize) || Number.isNaN(pageNumber) || pageSize < 1 || pageNumber < 1) {
    return json(res, 400, apiError(400, 'bad.request', 'pageSize and pageNumber must be positive integers'));
  }
  pageSize = Math.min(pageSize, HISTORY_MAX_PAGE_SIZE);

  // Typing is never stored; everything stored is history (Text, Structured, Presence events).
  const all = [...session.messages].reverse().map(toEntity);
  const total = all.length;
  const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  sim.log(`history: session=${session.token.slice(0, 8)} page ${pageNumber} of ${total}`);
  return json(res, 200, { entities, pageSize, pageNumber, total, pageCount: Math.ceil(total / pageSize) });
}

/**
 * Answer a REST call with an injected failure (faults.mjs): no answer at all (the socket is
 * destroyed, as a dropped network would), a 5xx, or a 429 with Retry-After in seconds.
 * @param {Res} res @param {import('./faults.mjs').HttpFailure} failure
 */
export function failHttp(res, failure) {
  if (failure.kind === 'network') return void res.socket?.destroy();
  if (failure.kind === '429') {
    return json(res, 429, apiError(429, 'too.many.requests', 'Rate limit exceeded the maximum. Retry the request in a few seconds.'), {
      'Retry-After': String(failure.retryAfter),
    });
  }
  const text = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[failure.status] ?? 'Server Error';
  return json(res, failure.status, apiError(failure.status, 'service.unavailable', text));
}

/**
 * A stored message as a WebMessagingMessage entity (§6.1).
 * @param {import('./session.mjs').StoredMessage} m
 */
function toEntity(m) {
  /** @type {Record<string, unknown>} */
  const e = { id: m.id, channel: { time: m.channel.time } };
  const ch = /** @type {Record<string, unknown>} */ (e.channel);
  if (m.channel.messageId) ch.messageId = m.channel.messageId;
  if (m.direction === 'Outbound') ch.from = structuredClone(m.channel.from ?? {});
  e.type = m.type;
  if (m.text !== undefined) e.text = m.text;
  e.content = structuredClone(m.content ?? []);
  if (m.events) e.events = structuredClone(m.events);
  e.direction = m.direction;
  e.originatingEntity = m.originatingEntity ?? 'Human';
  e.metadata = { ...m.metadata };
  return e;
}

/**
 * POST /__sim/<method> with a JSON body; GET /__sim/sessions, /__sim/deployments; GET /__sim/ (info).
 * @param {Simulator} sim @param {Req} req @param {Res} res @param {string} method
 */
async function control(sim, req, res, method) {
  if (req.method === 'GET' && (method === '' || method === 'info')) {
    return json(res, 200, { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, methods: CONTROL_METHODS });
  }
  if (req.method === 'GET' && method === 'sessions') return json(res, 200, sim.sessions());
  if (req.method === 'GET' && method === 'deployments') return json(res, 200, sim.deployments());
  if (req.method === 'GET' && method === 'configFetches') {
    const deploymentId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('deploymentId');
    return json(res, 200, sim.configFetches(deploymentId === null ? {} : { deploymentId }));
  }
  if (!CONTROL_METHODS.includes(method)) return json(res, 404, { error: `Unknown control method ${method}` });
  if (req.method !== 'POST') return json(res, 405, { error: 'Use POST' });
  try {
    const raw = await readBody(req);
    let args;
    try {
      args = raw.trim() ? JSON.parse(raw) : {};
    } catch {
      throw new ControlError(400, 'Body is not valid JSON');
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new ControlError(400, 'Body must be a JSON object');
    const result = await /** @type {any} */ (sim)[method](args);
    return json(res, 200, result ?? { ok: true });
  } catch (err) {
    if (err instanceof ControlError) return json(res, err.status, { error: err.message });
    throw err;
  }
}

/**
 * Static files from options.static.root (no traversal; `/` -> /index.html). Without a root,
 * only the agent console page is served.
 * @param {Simulator} sim @param {Req} req @param {Res} res @param {string} pathname
 */
async function serveStatic(sim, req, res, pathname) {
  /** @param {number} status @param {string} text */
  const plain = (status, text) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return plain(400, 'Bad Request\n');
  }
  if (decoded.includes('\0')) return plain(400, 'Bad Request\n');

  // A mounted folder (the built docs at /docs/) answers its prefix instead of the root.
  const mount = Object.keys(sim.staticMounts ?? {}).find((prefix) => decoded.startsWith(prefix) || `${decoded}/` === prefix);
  if (mount && `${decoded}/` === mount) {
    res.writeHead(301, { Location: mount });
    return void res.end();
  }
  const staticRoot = mount ? sim.staticMounts[mount] : sim.staticRoot;
  const inRoot = mount ? `/${decoded.slice(mount.length)}` : decoded;

  /** @type {string|undefined} */
  let file;
  if (staticRoot) {
    const root = path.resolve(staticRoot);
    const resolved = path.resolve(root, `.${inRoot.endsWith('/') ? `${inRoot}index.html` : inRoot}`);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) return plain(403, 'Forbidden\n');
    file = resolved;
    const st = await stat(file).catch(() => null);
    if (st?.isDirectory()) file = path.join(file, 'index.html');
  }
  const builtin = /** @type {Record<string, string>} */ (BUILTIN_FILES)[decoded];
  if ((!file || !(await isFile(file))) && builtin) file = builtin;
  if (!file || !(await isFile(file))) {
    if (!sim.staticRoot && decoded === '/') {
      return plain(200, `Genesys web messaging simulator\nWebSocket: ${sim.wsUrl}?deploymentId=…\nAgent console: ${sim.httpUrl}/demo/agent.html\n`);
    }
    return plain(404, 'Not Found\n');
  }
  const st = await stat(file);
  const type = /** @type {Record<string, string>} */ (CONTENT_TYPES)[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const relative =
    builtin === file ? decoded.slice(1) : staticRoot ? path.relative(path.resolve(staticRoot), file).split(path.sep).join('/') : '';
  // The docs' pages get the demo's policy as a header too (they carry it as <meta>).
  const policy = mount && file.endsWith('.html') ? { 'Content-Security-Policy': DEMO_CSP } : {};
  const extra = mount ? policy : /** @type {Record<string, Record<string, string>>} */ (STATIC_HEADERS)[relative] ?? {};
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': st.size, 'Cache-Control': 'no-cache', ...extra });
  if (req.method === 'HEAD') return void res.end();
  await new Promise((resolve, reject) => {
    createReadStream(file).on('error', reject).on('end', () => resolve(undefined)).pipe(res);
  });
}

/** @param {string} file */
async function isFile(file) {
  const st = await stat(file).catch(() => null);
  return Boolean(st?.isFile());
}
