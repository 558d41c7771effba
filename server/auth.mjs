// Authenticated web messaging (signed-in customers), simulator side (protocol §2.3, §3.4
// LogoutEvent, §3.5, §5.6, §6.4):
//
//   REST (CORS like the other REST routes, DELETE and Authorization allowed)
//     POST   /api/v2/webdeployments/token/oauthcodegrantjwtexchange
//              { deploymentId, oauth: { code, redirectUri, codeVerifier?, nonce?, maxAge?, iss? } }
//              -> 200 { jwt, refreshToken }
//     POST   /api/v2/webdeployments/token/refresh   { deploymentId?, refreshToken } -> 200 { jwt }
//     DELETE /api/v2/webdeployments/token/revoke    Authorization: Bearer <jwt>     -> 204
//   A tiny identity provider for the demo (simulator-only, strict CSP):
//     GET  /idp/authorize?redirect_uri&state&nonce&code_challenge&code_challenge_method=S256
//     POST /idp/authorize (form) -> 302 redirect_uri?code=…&state=…
//   WebSocket: configureAuthenticatedSession { data: { code: <jwt> } } (handled here, called
//   from guest-protocol.mjs), and the checks on an anonymous configureSession.
//
// The JWT is HS256 over a per-simulator random secret: { iss:'genesys-sim', sub, name, email?,
// deploymentId, iat, exp, jti }. Authenticated sessions are keyed by (deploymentId, sub): a
// configureAuthenticatedSession with another guest token but the same subject resumes the
// same conversation (the conversation follows the customer across devices); that token then
// becomes an alias of the session's token.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { frame, stringError } from './frames.mjs';
import { ControlError } from './control.mjs';
import { apiError, failHttp, json, readBody } from './rest.mjs';

/** @typedef {import('./simulator.mjs').Simulator} Simulator */
/** @typedef {import('./session.mjs').Session} Session */
/** @typedef {import('./guest-protocol.mjs').GuestConnection} GuestConnection */
/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * @typedef {object} Identity  who an authenticated session belongs to
 * @property {string} sub
 * @property {string} name
 * @property {string} [email]
 */

/**
 * @typedef {object} AuthCode  an authorization code issued by the simulated identity provider
 * @property {string} redirectUri
 * @property {string} sub
 * @property {string} name
 * @property {string} [email]
 * @property {string} [nonce]
 * @property {string} [codeChallenge]  S256
 * @property {number} expiresAt        epoch ms
 */

/**
 * @typedef {object} RefreshGrant
 * @property {Identity} identity
 * @property {string} deploymentId
 * @property {number} expiresAt  epoch ms
 * @property {boolean} revoked
 */

/** Error texts. Clients key on `code`; "Session authentication failed" is what MT matches the start of. */
export const AUTH_TEXT = Object.freeze({
  failed: 'Session authentication failed',
  unauthorized: 'User is unauthorized',
  /** The simulator's wording: the protocol file knows the meaning of 4017, not the real text. */
  downgrade: 'Cannot downgrade an authenticated session to unauthenticated',
});

export const JWT_ISSUER = 'genesys-sim';
/** Default lifetime of the auth JWT (seconds): "cannot exceed 15 minutes" (F-TOK). */
export const AUTH_JWT_SECONDS = 900;
/** Refresh tokens last 24 h (F-TOK). */
export const REFRESH_TOKEN_MS = 24 * 60 * 60 * 1000;
/** Authorization codes of the simulated identity provider: single use, 5 minutes. */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;

export const TOKEN_PATH = '/api/v2/webdeployments/token/';
export const IDP_PATH = '/idp/authorize';
const IDP_CSS_PATH = '/idp/idp.css';

/** The identity-provider page's policy: no script at all, its stylesheet a file, forms only to itself. */
export const IDP_CSP_BASE = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
/** @param {string} [redirectOrigin] the form's POST redirects there, which form-action must allow */
export const idpCsp = (redirectOrigin) => `${IDP_CSP_BASE}; form-action 'self'${redirectOrigin ? ` ${redirectOrigin}` : ''}`;

const DEFAULT_NAME = 'Jordan Lee';
const DEFAULT_EMAIL = 'jordan@example.com';

/** Other guest tokens that lead to a session (cross-device sign-in). @type {WeakMap<Session, Set<string>>} */
const ALIASES = new WeakMap();

/** The guest tokens, besides its own, that address this session. @param {Session} s */
export function aliasesOf(s) {
  return ALIASES.get(s) ?? new Set();
}

const b64url = (/** @type {string|Buffer} */ v) => Buffer.from(v).toString('base64url');
/** S256 code challenge of a PKCE verifier (RFC 7636). @param {string} verifier */
export const s256 = (verifier) => createHash('sha256').update(verifier, 'ascii').digest('base64url');
const subjectKey = (/** @type {string} */ deploymentId, /** @type {string} */ sub) => `${deploymentId}\n${sub}`;
/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v */
const nonEmpty = (v) => typeof v === 'string' && v.length > 0;

/** A subject for a person the form signed in: the email (lower case), else the name. @param {string} name @param {string} [email] */
export const subjectFor = (name, email) => (email ? email.trim().toLowerCase() : `name:${name.trim()}`);

/** Auth state of one simulator: codes, refresh tokens, issued JWTs, identities of sessions. */
export class AuthService {
  /** @param {Simulator} sim */
  constructor(sim) {
    this.sim = sim;
    /** HMAC key of the JWTs: new for every simulator and every reset, so earlier JWTs are refused. */
    this.secret = randomBytes(32);
    /** @type {Map<string, AuthCode>} */
    this.codes = new Map();
    /** @type {Map<string, RefreshGrant>} */
    this.refreshTokens = new Map();
    /** jti of every JWT issued, by subject key. @type {Map<string, Set<string>>} */
    this.issued = new Map();
    /** @type {Set<string>} revoked jti */
    this.revoked = new Set();
    /** @type {WeakMap<Session, Identity>} */
    this.identities = new WeakMap();
    /** subject key -> token of that customer's session. @type {Map<string, string>} */
    this.subjects = new Map();
    /** alias token -> session token. @type {Map<string, string>} */
    this.aliases = new Map();
    this.stats = { exchange: 0, refresh: 0, revoke: 0, bodies: { exchange: /** @type {unknown[]} */ ([]), refresh: /** @type {unknown[]} */ ([]) } };
    /** The next answer of an endpoint, verbatim (hostile-input tests). @type {Record<string, { status: number, raw: string }>} */
    this.faults = {};
  }

  /**
   * The next exchange or refresh answers exactly `raw` with `status` (default 200): wrong
   * types, huge strings, not JSON. The request is still counted.
   * @param {{ endpoint: 'exchange' | 'refresh', raw: string, status?: number }} p
   */
  setFault(p) {
    if (p?.endpoint !== 'exchange' && p?.endpoint !== 'refresh') throw new ControlError(400, 'endpoint must be exchange or refresh');
    if (typeof p.raw !== 'string') throw new ControlError(400, 'raw must be a string');
    this.faults[p.endpoint] = { status: Number.isInteger(p.status) ? /** @type {number} */ (p.status) : 200, raw: p.raw };
    return { queued: true };
  }

  /** Forget codes, tokens, identities and counters, and change the signing key (control reset). */
  reset() {
    const fresh = new AuthService(this.sim);
    this.secret = fresh.secret;
    this.codes = fresh.codes;
    this.refreshTokens = fresh.refreshTokens;
    this.issued = fresh.issued;
    this.revoked = fresh.revoked;
    this.identities = fresh.identities;
    this.subjects = fresh.subjects;
    this.aliases = fresh.aliases;
    this.stats = fresh.stats;
    this.faults = fresh.faults;
  }

  // ------------------------------------------------------------ tokens

  /** @param {Identity} identity @param {string} deploymentId */
  signJwt(identity, deploymentId) {
    const iat = Math.floor(Date.now() / 1000);
    const jti = randomBytes(12).toString('hex');
    /** @type {Record<string, unknown>} */
    const payload = { iss: JWT_ISSUER, sub: identity.sub, name: identity.name };
    if (identity.email) payload.email = identity.email;
    Object.assign(payload, { deploymentId, iat, exp: iat + Math.max(1, Math.round(this.sim.options.authJwtSeconds)), jti });
    const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    const sig = createHmac('sha256', this.secret).update(input).digest('base64url');
    const key = subjectKey(deploymentId, identity.sub);
    const set = this.issued.get(key) ?? new Set();
    set.add(jti);
    this.issued.set(key, set);
    return `${input}.${sig}`;
  }

  /**
   * Check a JWT. `bad`: not ours (shape, signature, issuer); `revoked`; `expired`; else the claims.
   * @param {unknown} jwt
   * @returns {{ ok: true, identity: Identity, deploymentId: string, exp: number } | { ok: false, why: 'bad'|'revoked'|'expired' }}
   */
  verifyJwt(jwt) {
    if (typeof jwt !== 'string') return { ok: false, why: 'bad' };
    const parts = jwt.split('.');
    if (parts.length !== 3) return { ok: false, why: 'bad' };
    const [h, p, sig] = /** @type {[string, string, string]} */ (parts);
    const want = createHmac('sha256', this.secret).update(`${h}.${p}`).digest();
    const got = Buffer.from(sig, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, why: 'bad' };
    /** @type {any} */
    let claims;
    try {
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, why: 'bad' };
    }
    if (!isObject(claims) || claims.iss !== JWT_ISSUER || !nonEmpty(claims.sub) || !nonEmpty(claims.deploymentId)) return { ok: false, why: 'bad' };
    if (this.revoked.has(claims.jti)) return { ok: false, why: 'revoked' };
    if (!(Number(claims.exp) * 1000 > Date.now())) return { ok: false, why: 'expired' };
    /** @type {Identity} */
    const identity = { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : '' };
    if (typeof claims.email === 'string') identity.email = claims.email;
    return { ok: true, identity, deploymentId: claims.deploymentId, exp: Number(claims.exp) };
  }

  /**
   * An authorization code, as the identity provider's form issues them (control method issueCode).
   * @param {{ redirectUri: string, sub?: string, name?: string, email?: string, nonce?: string, codeChallenge?: string }} p
   * @returns {{ code: string }}
   */
  issueCode(p) {
    if (!isObject(p) || !nonEmpty(p.redirectUri)) throw new ControlError(400, 'issueCode needs a redirectUri');
    if (!httpUrl(p.redirectUri)) throw new ControlError(400, 'redirectUri must be an http(s) URL');
    for (const k of /** @type {const} */ (['sub', 'name', 'email', 'nonce', 'codeChallenge'])) {
      if (p[k] !== undefined && typeof p[k] !== 'string') throw new ControlError(400, `${k} must be a string`);
    }
    const name = p.name ?? DEFAULT_NAME;
    const email = p.email === undefined ? (p.name === undefined ? DEFAULT_EMAIL : undefined) : p.email || undefined;
    const code = randomBytes(24).toString('base64url');
    /** @type {AuthCode} */
    const entry = { redirectUri: p.redirectUri, sub: p.sub || subjectFor(name, email), name, expiresAt: Date.now() + CODE_LIFETIME_MS };
    if (email) entry.email = email;
    if (p.nonce) entry.nonce = p.nonce;
    if (p.codeChallenge) entry.codeChallenge = p.codeChallenge;
    this.codes.set(code, entry);
    return { code };
  }

  /** Control method authStats: request counts and every exchange/refresh body as received. */
  statsSnapshot() {
    return structuredClone(this.stats);
  }

  // ------------------------------------------------------------ sessions

  /** Who a session is signed in as, or null (anonymous). @param {Session} s @returns {Identity|null} */
  identityOf(s) {
    const id = this.identities.get(s);
    return id ? { ...id } : null;
  }

  /** The session a guest token leads to: its own, or the session it is an alias of. @param {string} token */
  sessionOf(token) {
    const own = this.sim.store.get(token);
    if (own) return own;
    const target = this.aliases.get(token);
    return target ? this.sim.store.get(target) : undefined;
  }

  /**
   * Why an anonymous configureSession is refused, or null: 4017 for a token of an authenticated
   * session; 403 when the deployment requires sign-in (auth.enabled without allowSessionUpgrade).
   * @param {string} token @param {string} deploymentId @param {unknown} tracingId
   */
  anonymousRefusal(token, deploymentId, tracingId) {
    const s = this.sessionOf(token);
    if (s && this.identities.has(s)) return stringError(4017, AUTH_TEXT.downgrade, tracingId);
    const auth = this.sim.configFor(deploymentId).auth;
    if (auth?.enabled === true && auth.allowSessionUpgrade !== true) return stringError(403, AUTH_TEXT.failed, tracingId);
    return null;
  }

  /**
   * configureAuthenticatedSession (§2.3): which session this request gets, or the error frame.
   * @param {GuestConnection} conn @param {any} req
   * @returns {{ error: import('./frames.mjs').Frame } | { session: Session|null, identity: Identity, deploymentId: string, upgrade: boolean }}
   *   session null: create one for req.token
   */
  authenticate(conn, req) {
    const { token, tracingId } = req;
    const deploymentId = nonEmpty(req.deploymentId) ? req.deploymentId : conn.deploymentId;
    const failed = () => ({ error: stringError(403, AUTH_TEXT.failed, tracingId) });
    const jwt = isObject(req.data) ? req.data.code : undefined;
    if (!nonEmpty(jwt)) return { error: stringError(400, 'Request failed.', tracingId) };
    const v = this.verifyJwt(jwt);
    if (!v.ok) {
      this.sim.log(`guest #${conn.id} configureAuthenticatedSession: JWT ${v.why}`);
      return v.why === 'expired' ? { error: stringError(401, AUTH_TEXT.unauthorized, tracingId) } : failed();
    }
    if (v.deploymentId !== deploymentId) {
      this.sim.log(`guest #${conn.id} configureAuthenticatedSession: JWT of deployment ${v.deploymentId}, not ${deploymentId}`);
      return failed();
    }
    const { identity } = v;
    // The customer's conversation, wherever it was started.
    const owned = this.subjects.get(subjectKey(deploymentId, identity.sub));
    const mine = owned ? this.sim.store.get(owned) : undefined;
    if (mine) return { session: mine, identity, deploymentId, upgrade: false };
    const existing = this.sessionOf(token);
    if (!existing) return { session: null, identity, deploymentId, upgrade: false };
    const other = this.identities.get(existing);
    // A token of someone else's authenticated conversation.
    if (other) return failed();
    // An anonymous conversation on this token: upgrade it if the deployment allows that.
    if (this.sim.configFor(existing.deploymentId).auth?.allowSessionUpgrade !== true) return failed();
    if (existing.deploymentId !== deploymentId) return failed();
    return { session: existing, identity, deploymentId, upgrade: true };
  }

  /**
   * Mark a session as the customer's, and let `token` address it.
   * @param {Session} s @param {Identity} identity @param {string} token
   */
  bind(s, identity, token) {
    this.identities.set(s, { ...identity });
    this.subjects.set(subjectKey(s.deploymentId, identity.sub), s.token);
    if (token !== s.token) {
      this.aliases.set(token, s.token);
      const set = ALIASES.get(s) ?? new Set();
      set.add(token);
      ALIASES.set(s, set);
    }
  }

  // ------------------------------------------------------------ REST

  /**
   * Answer the token endpoints; false when the path is not one of them.
   * @param {Req} req @param {Res} res @param {string} pathname
   */
  async handleToken(req, res, pathname) {
    const name = pathname.slice(TOKEN_PATH.length);
    if (name === 'oauthcodegrantjwtexchange' || name === 'refresh') {
      if (req.method !== 'POST') return json(res, 405, apiError(405, 'method.not.allowed', 'Method not allowed')), true;
      const body = await readJson(req);
      const endpoint = name === 'refresh' ? 'refresh' : 'exchange';
      // Fault injection (faults.mjs, tokenFailure): the endpoint is down for a while.
      const failure = this.sim.faults.tokenFailure(endpoint, body);
      if (failure) {
        this.stats[endpoint] += 1;
        this.stats.bodies[endpoint].push(structuredClone(body));
        this.sim.log(`token ${endpoint}: ${failure.kind === 'network' ? 'socket destroyed' : failure.status} (fault)`);
        failHttp(res, failure);
        return true;
      }
      const fault = this.faults[endpoint];
      if (fault) {
        delete this.faults[endpoint];
        this.stats[endpoint] += 1;
        this.stats.bodies[endpoint].push(structuredClone(body));
        res.writeHead(fault.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(fault.raw);
        return true;
      }
      if (name === 'oauthcodegrantjwtexchange') this.exchange(res, body);
      else this.refresh(res, body);
      return true;
    }
    if (name === 'revoke') {
      if (req.method !== 'DELETE') return json(res, 405, apiError(405, 'method.not.allowed', 'Method not allowed')), true;
      this.revoke(req, res);
      return true;
    }
    return false;
  }

  /** @param {Res} res @param {unknown} body */
  exchange(res, body) {
    this.stats.exchange += 1;
    this.stats.bodies.exchange.push(structuredClone(body));
    /** @param {string} message */
    const bad = (message) => {
      this.sim.log(`token exchange: 400 ${message}`);
      json(res, 400, apiError(400, 'bad.request', message));
    };
    if (!isObject(body)) return bad('The request body must be a JSON object');
    const b = /** @type {Record<string, any>} */ (body);
    if (!nonEmpty(b.deploymentId)) return bad('deploymentId is required');
    if (!isObject(b.oauth)) return bad('oauth is required');
    const o = b.oauth;
    if (!nonEmpty(o.code)) return bad('oauth.code is required');
    if (!nonEmpty(o.redirectUri)) return bad('oauth.redirectUri is required');
    for (const k of ['codeVerifier', 'nonce', 'iss']) if (o[k] !== undefined && typeof o[k] !== 'string') return bad(`oauth.${k} must be a string`);
    if (o.maxAge !== undefined && !(Number.isInteger(o.maxAge) && o.maxAge >= 0)) return bad('oauth.maxAge must be a whole number of seconds');
    const entry = this.codes.get(o.code);
    // Single use: a code presented once is gone, whatever the outcome.
    this.codes.delete(o.code);
    if (!entry || entry.expiresAt <= Date.now()) return bad('The authorization code is invalid, expired or already used');
    if (entry.redirectUri !== o.redirectUri) return bad('redirectUri does not match the one the code was issued for');
    if (entry.codeChallenge !== undefined) {
      if (!nonEmpty(o.codeVerifier)) return bad('oauth.codeVerifier is required: the code was issued with a code_challenge');
      if (s256(o.codeVerifier) !== entry.codeChallenge) return bad('codeVerifier does not match the code_challenge');
    }
    if (entry.nonce !== undefined && o.nonce !== entry.nonce) return bad('nonce does not match the one given at authorization');
    /** @type {Identity} */
    const identity = { sub: entry.sub, name: entry.name };
    if (entry.email) identity.email = entry.email;
    const jwt = this.signJwt(identity, b.deploymentId);
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, { identity, deploymentId: b.deploymentId, expiresAt: Date.now() + REFRESH_TOKEN_MS, revoked: false });
    this.sim.log(`token exchange: ${identity.sub} signed in on ${b.deploymentId}`);
    json(res, 200, { jwt, refreshToken });
  }

  /** @param {Res} res @param {unknown} body */
  refresh(res, body) {
    this.stats.refresh += 1;
    this.stats.bodies.refresh.push(structuredClone(body));
    /** @param {string} message */
    const bad = (message) => {
      this.sim.log(`token refresh: 400 ${message}`);
      json(res, 400, apiError(400, 'bad.request', message));
    };
    if (!isObject(body)) return bad('The request body must be a JSON object');
    const b = /** @type {Record<string, any>} */ (body);
    if (!nonEmpty(b.refreshToken)) return bad('refreshToken is required');
    if (b.deploymentId !== undefined && !nonEmpty(b.deploymentId)) return bad('deploymentId must be a string');
    const grant = this.refreshTokens.get(b.refreshToken);
    if (!grant || grant.revoked || grant.expiresAt <= Date.now()) return bad('The refresh token is invalid, expired or revoked');
    if (b.deploymentId !== undefined && b.deploymentId !== grant.deploymentId) return bad('The refresh token was issued for another deployment');
    json(res, 200, { jwt: this.signJwt(grant.identity, grant.deploymentId) });
  }

  /** Log out: revoke the customer's tokens, LogoutEvent to their sessions' connections. @param {Req} req @param {Res} res */
  revoke(req, res) {
    this.stats.revoke += 1;
    const m = /^bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? '').trim());
    const v = m ? this.verifyJwt(m[1]) : null;
    if (!v?.ok) {
      this.sim.log(`token revoke: 401 (${m ? `JWT ${v && !v.ok ? v.why : 'bad'}` : 'no bearer token'})`);
      return json(res, 401, apiError(401, 'bad.credentials', 'Invalid login credentials.'));
    }
    const { identity, deploymentId } = v;
    const key = subjectKey(deploymentId, identity.sub);
    for (const jti of this.issued.get(key) ?? []) this.revoked.add(jti);
    this.issued.delete(key);
    for (const grant of this.refreshTokens.values()) {
      if (grant.deploymentId === deploymentId && grant.identity.sub === identity.sub) grant.revoked = true;
    }
    let pushed = 0;
    for (const s of this.sim.store.all()) {
      if (s.deploymentId !== deploymentId || this.identities.get(s)?.sub !== identity.sub) continue;
      // Every connection hears it and is signed out: its next frames need a new sign-in.
      for (const c of [...s.connections]) {
        if (c.send(frame('message', 'LogoutEvent', 200, {}))) pushed += 1;
        s.connections = s.connections.filter((x) => x !== c);
        c.session = null;
      }
      this.sim.events.emit('session', { event: 'logged-out', token: s.token });
    }
    this.sim.log(`token revoke: ${identity.sub} signed out on ${deploymentId} (${pushed} connection(s) told)`);
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  // ------------------------------------------------------------ identity provider (simulator-only)

  /**
   * GET shows the sign-in form, POST issues a code and redirects; the stylesheet is a file.
   * False when the path is not the identity provider's.
   * @param {Req} req @param {Res} res @param {URL} url
   */
  async handleIdp(req, res, url) {
    if (url.pathname === IDP_CSS_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed\n'), true;
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Content-Length': Buffer.byteLength(IDP_CSS), 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : IDP_CSS);
      return true;
    }
    if (url.pathname !== IDP_PATH) return false;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const params = authorizeParams(url.searchParams);
      if (typeof params === 'string') return plain(res, 400, `${params}\n`), true;
      const html = signInPage(params);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
        'Cache-Control': 'no-store',
        'Content-Security-Policy': idpCsp(new URL(params.redirectUri).origin),
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return true;
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const params = authorizeParams(form);
      if (typeof params === 'string') return plain(res, 400, `${params}\n`), true;
      const name = (form.get('name') ?? '').trim();
      const email = (form.get('email') ?? '').trim();
      if (!name || name.length > 200 || email.length > 320) return plain(res, 400, 'A name (and at most a 320-character email) is needed\n'), true;
      /** @type {Parameters<AuthService['issueCode']>[0]} */
      const spec = { redirectUri: params.redirectUri, name, email };
      if (params.nonce) spec.nonce = params.nonce;
      if (params.codeChallenge) spec.codeChallenge = params.codeChallenge;
      const { code } = this.issueCode(spec);
      const target = new URL(params.redirectUri);
      target.searchParams.set('code', code);
      if (params.state) target.searchParams.set('state', params.state);
      this.sim.log(`idp: ${subjectFor(name, email)} signed in, redirecting to ${target.origin}${target.pathname}`);
      res.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store', 'Content-Length': '0' });
      res.end();
      return true;
    }
    res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD, POST' });
    res.end('Method Not Allowed\n');
    return true;
  }
}

/** @param {Res} res @param {number} status @param {string} text */
function plain(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** @param {string} v */
function httpUrl(v) {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The JSON body, or the raw text when it is not JSON (recorded as received). @param {Req} req */
async function readJson(req) {
  const raw = await readBody(req);
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * The OAuth parameters of an authorize request (query or form), or what is wrong with them.
 * @param {URLSearchParams} q
 * @returns {{ redirectUri: string, state: string, nonce: string, codeChallenge: string } | string}
 */
function authorizeParams(q) {
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!httpUrl(redirectUri)) return 'redirect_uri must be an http(s) URL';
  const codeChallenge = q.get('code_challenge') ?? '';
  const method = q.get('code_challenge_method') ?? '';
  if (codeChallenge && method !== 'S256') return 'code_challenge_method must be S256';
  if (codeChallenge && !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return 'code_challenge must be a base64url SHA-256 (43 characters)';
  const state = q.get('state') ?? '';
  const nonce = q.get('nonce') ?? '';
  if (state.length > 2048 || nonce.length > 2048) return 'state and nonce are limited to 2048 characters';
  return { redirectUri, state, nonce, codeChallenge };
}

/** @param {string} s */
const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {{ redirectUri: string, state: string, nonce: string, codeChallenge: string }} p */
function signInPage(p) {
  const hidden = [
    ['redirect_uri', p.redirectUri],
    ['state', p.state],
    ['nonce', p.nonce],
    ['code_challenge', p.codeChallenge],
    ['code_challenge_method', p.codeChallenge ? 'S256' : ''],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `      <input type="hidden" name="${k}" value="${esc(/** @type {string} */ (v))}" />`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sign in to Northwind (simulated identity provider)</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${IDP_CSS_PATH}" />
  </head>
  <body>
    <main>
    <form method="post" action="${IDP_PATH}">
      <h1>Sign in to Northwind (simulated identity provider)</h1>
      <p class="note">A stand-in for your company's sign-in page: any name works, no password. You will return to ${esc(new URL(p.redirectUri).origin)}.</p>
${hidden}
      <label for="name">Name</label>
      <input id="name" name="name" value="${esc(DEFAULT_NAME)}" required maxlength="200" autocomplete="name" />
      <label for="email">Email</label>
      <input id="email" name="email" type="email" value="${esc(DEFAULT_EMAIL)}" maxlength="320" autocomplete="email" />
      <button type="submit">Sign in</button>
    </form>
    </main>
  </body>
</html>
`;
}

const IDP_CSS = `/* Simulated identity provider (server/auth.mjs); a file, for the page's strict CSP. */
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f5f7; color: #1f2933;
  font: 15px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
form { background: #fff; border: 1px solid #e3e6ea; border-radius: 12px; padding: 24px 28px; display: grid; gap: 8px; width: min(360px, 90vw); }
h1 { font-size: 18px; margin: 0 0 4px; }
.note { color: #6b7280; font-size: 13px; margin: 0 0 8px; }
label { font-size: 13px; color: #374151; }
input { font: inherit; padding: 8px 10px; border: 1px solid #d1d5db; border-radius: 8px; }
button { margin-top: 8px; font: inherit; padding: 9px 12px; border-radius: 8px; border: 0; background: #0f766e; color: #fff; cursor: pointer; }
`;
