/**
 * Signed-in customers (authenticated web messaging, protocol §2.3, §6.4): the page hands
 * over the authorization code its own identity provider redirected back with; this
 * exchanges it for a Genesys webdeployments JWT and a refresh token, keeps the JWT fresh,
 * and revokes both on logout. No secret is ever in the browser: the exchange is Genesys's
 * public endpoint, bound to the deployment and the redirect URI.
 *
 * A chunk of its own: loaded when a page calls `login()`, when tokens are stored, or when
 * the deployment has sign-in on. No Lit, no DOM beyond `fetch`, storage and `storage`
 * events. Tokens and codes never reach a log line or an error event.
 *
 * Several tabs: the tokens live in the storage area `storage` names, so every tab sees the
 * same sign-in (a `storage` event tells the others at once); only the leading tab of the
 * tab coordination refreshes the JWT, and any tab may sign in or out.
 */
import type { SessionAuth } from '../session/chat-session.js';
import { storageArea, storagePrefix, type StorageKind } from '../stored.js';

/** What `login()` takes: the identity provider's redirect, as Genesys's Platform SDK models it. */
export interface LoginParams {
  /** The authorization code from the identity provider's redirect. */
  code: string;
  /** The redirect URI the code was issued for. */
  redirectUri: string;
  /** PKCE: the verifier of the code challenge sent to the identity provider. */
  codeVerifier?: string;
  /** The nonce sent to the identity provider, if one was. */
  nonce?: string;
  /** The max_age sent to the identity provider, if one was. */
  maxAge?: number;
  /** The issuer from the redirect (RFC 9207), if the identity provider sends one. */
  iss?: string;
}

export type SignOutReason = 'logout' | 'rejected' | 'expired' | 'refresh-failed' | 'other-tab' | 'required';

export interface AuthOptions {
  apiUrl: string;
  deploymentId: string;
  storage: StorageKind;
  /** The sign-in state changed (also when another tab changed it). */
  changed(authenticated: boolean, reason: string): void;
  /** The service refused an anonymous session: the customer must sign in. */
  required(): void;
  /** This tab leads the tab coordination (it alone refreshes). */
  leader(): boolean;
  /** Test seam for the clock. */
  now?: () => number;
}

interface Tokens {
  readonly jwt: string;
  readonly refreshToken: string;
}

/** Refresh this long before the JWT expires (Genesys's JWTs last 15 minutes). */
const REFRESH_AHEAD_MS = 60_000;
/** Without a readable `exp`, assume the documented 15 minutes. */
const DEFAULT_LIFETIME_MS = 15 * 60_000;
const MAX_TOKEN = 16_384;

const isToken = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TOKEN;

/** `exp` (epoch ms) of a JWT, if its payload says; nothing is verified (the service does). */
export function jwtExpiry(jwt: string): number | undefined {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=')));
    const exp = Number(json?.exp);
    return Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The body of the code exchange: exactly the fields given, checked. Throws a clear TypeError. */
export function exchangeBody(deploymentId: string, p: LoginParams): { deploymentId: string; oauth: Record<string, string | number> } {
  if (!p || typeof p !== 'object') throw new TypeError('login() needs { code, redirectUri }');
  if (!isToken(p.code)) throw new TypeError('login() needs the authorization code (a non-empty string)');
  let redirect: URL | undefined;
  try {
    redirect = new URL(p.redirectUri);
  } catch {
    /* below */
  }
  if (!redirect || !/^https?:$/.test(redirect.protocol)) throw new TypeError('login() needs redirectUri, the http(s) URL the code was issued for');
  const oauth: Record<string, string | number> = { code: p.code, redirectUri: p.redirectUri };
  for (const key of ['codeVerifier', 'nonce', 'iss'] as const) {
    const v = p[key];
    if (v === undefined) continue;
    if (!isToken(v)) throw new TypeError(`login(): ${key} must be a non-empty string`);
    oauth[key] = v;
  }
  if (p.maxAge !== undefined) {
    if (!Number.isInteger(p.maxAge) || p.maxAge < 0) throw new TypeError('login(): maxAge must be a whole number of seconds');
    oauth['maxAge'] = p.maxAge;
  }
  return { deploymentId, oauth };
}

export class Auth implements SessionAuth {
  #o: AuthOptions;
  #key: string;
  #area?: Storage;
  /** Kept in memory too: with `storage="none"`, or when storage is blocked. */
  #tokens?: Tokens;
  #timer?: ReturnType<typeof setTimeout>;
  #refreshing?: Promise<string | undefined>;

  constructor(options: AuthOptions) {
    this.#o = options;
    this.#key = `${storagePrefix(options.deploymentId)}auth`;
    this.#area = storageArea(options.storage);
    this.#tokens = this.#read();
    if (options.storage === 'local') addEventListener('storage', this.#onStorage);
    this.#schedule();
  }

  get authenticated(): boolean {
    return !!this.#tokens;
  }

  /** Stored tokens for this deployment exist (a signed-in customer coming back). */
  static stored(deploymentId: string, storage: StorageKind): boolean {
    try {
      return !!storageArea(storage)?.getItem(`${storagePrefix(deploymentId)}auth`);
    } catch {
      return false;
    }
  }

  // ------------------------------------------------------------------ SessionAuth

  jwt(): string | undefined {
    return this.#tokens?.jwt;
  }

  /** A fresh JWT from the refresh token; one request at a time; undefined (signed out) on failure. */
  refresh(): Promise<string | undefined> {
    const tokens = this.#tokens;
    if (!tokens) return Promise.resolve(undefined);
    this.#refreshing ??= this.#post('refresh', { deploymentId: this.#o.deploymentId, refreshToken: tokens.refreshToken })
      .then((body) => {
        const jwt = body?.['jwt'];
        if (!isToken(jwt)) throw new Error('no jwt');
        if (this.#tokens !== tokens) return this.#tokens?.jwt;
        this.#write({ jwt, refreshToken: tokens.refreshToken });
        return jwt;
      })
      .catch(() => {
        if (this.#tokens === tokens) this.signedOut('refresh-failed');
        return undefined;
      })
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  signedOut(reason: SignOutReason): void {
    if (!this.#tokens) return;
    this.#write(undefined);
    this.#o.changed(false, reason);
  }

  required(): void {
    this.#o.required();
  }

  // ------------------------------------------------------------------ login and logout

  /** Exchanges the identity provider's code for the customer's tokens. Rejects with an Error that names no secret. */
  async login(params: LoginParams): Promise<void> {
    const body = exchangeBody(this.#o.deploymentId, params);
    const answer = await this.#post('oauthcodegrantjwtexchange', body);
    const jwt = answer?.['jwt'];
    const refreshToken = answer?.['refreshToken'];
    if (!isToken(jwt) || !isToken(refreshToken)) throw new Error('Sign-in failed: the token exchange answered without a usable JWT and refresh token');
    this.#write({ jwt, refreshToken });
    this.#o.changed(true, 'login');
  }

  /** Revokes the tokens with Genesys (best effort) and forgets them here. */
  async logout(): Promise<void> {
    const tokens = this.#tokens;
    if (!tokens) return;
    this.#write(undefined);
    this.#o.changed(false, 'logout');
    try {
      await fetch(this.#url('revoke'), { method: 'DELETE', headers: { authorization: `Bearer ${tokens.jwt}` }, credentials: 'omit' });
    } catch {
      /* signed out here either way; the JWT expires on its own */
    }
  }

  /** The element left the page: no refresh, no listening. */
  pause(): void {
    clearTimeout(this.#timer);
    removeEventListener('storage', this.#onStorage);
  }

  /** The element is back: read what changed meanwhile, and refresh on time again. */
  resume(): void {
    this.pause();
    const before = this.#tokens;
    // Without a storage area (storage="none") the tokens live in memory only.
    if (this.#area) this.#tokens = this.#read();
    if (this.#o.storage === 'local') addEventListener('storage', this.#onStorage);
    this.#schedule();
    if (!!before !== !!this.#tokens) this.#o.changed(!!this.#tokens, 'other-tab');
  }

  // ------------------------------------------------------------------ internals

  #url(endpoint: string): string {
    return `${this.#o.apiUrl.replace(/\/+$/, '')}/api/v2/webdeployments/token/${endpoint}`;
  }

  /** POSTs JSON; the answer's JSON object, or an Error with the status only (bodies may echo secrets). */
  async #post(endpoint: string, body: unknown): Promise<Record<string, unknown> | undefined> {
    const response = await fetch(this.#url(endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
    if (!response.ok) throw new Error(`Sign-in failed: the ${endpoint === 'refresh' ? 'token refresh' : 'token exchange'} answered HTTP ${response.status}`);
    const json: unknown = await response.json().catch(() => undefined);
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  }

  #read(): Tokens | undefined {
    try {
      const t: unknown = JSON.parse(this.#area?.getItem(this.#key) ?? 'null');
      const o = t as Partial<Tokens> | null;
      return o && isToken(o.jwt) && isToken(o.refreshToken) ? { jwt: o.jwt, refreshToken: o.refreshToken } : undefined;
    } catch {
      return undefined;
    }
  }

  #write(tokens: Tokens | undefined): void {
    this.#tokens = tokens;
    try {
      if (tokens) this.#area?.setItem(this.#key, JSON.stringify(tokens));
      else this.#area?.removeItem(this.#key);
    } catch {
      /* full or blocked: the tokens live in memory for this page */
    }
    this.#schedule();
  }

  /** Refreshes a minute before the JWT expires, in the leading tab only. */
  #schedule(): void {
    clearTimeout(this.#timer);
    const tokens = this.#tokens;
    if (!tokens) return;
    const now = (this.#o.now ?? Date.now)();
    const expiry = jwtExpiry(tokens.jwt) ?? now + DEFAULT_LIFETIME_MS;
    const wait = Math.min(Math.max(expiry - REFRESH_AHEAD_MS - now, 1000), 2 ** 31 - 1);
    this.#timer = setTimeout(() => {
      if (this.#o.leader()) void this.refresh();
      else this.#timer = setTimeout(() => this.#schedule(), 30_000);
    }, wait);
  }

  /** Another tab signed in, refreshed or signed out. */
  #onStorage = (e: StorageEvent): void => {
    if (e.key !== this.#key && e.key !== null) return;
    const before = this.#tokens;
    this.#tokens = this.#read();
    this.#schedule();
    if (!!before !== !!this.#tokens) this.#o.changed(!!this.#tokens, 'other-tab');
  };
}
