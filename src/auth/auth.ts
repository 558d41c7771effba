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
 *
 * A refresh that fails is not a sign-out (a laptop waking before its Wi-Fi, a 503, a 429):
 * only a definitive refusal of the refresh token (HTTP 400 or 401) signs the customer out.
 * Anything else keeps the tokens and tries again with backoff (at least the service's
 * Retry-After), and at once when the browser comes back `online`.
 *
 * Created paused: no `storage` or `online` listener and no timer until `resume()`, which the
 * element calls while it is on the page (an Auth made after the element left never runs).
 */
import { type Clock, Timer } from '../session/clock.js';
import type { SessionAuth } from '../session/chat-session.js';
import { obj } from '../json.js';
import { storageArea, storagePrefix, type StorageKind } from '../stored.js';

import { AuthRequestError, exchangeBody, isToken, jwtExpiry, retryAfterMs, type LoginParams } from './tokens.js';

export { AuthRequestError, exchangeBody, jwtExpiry, retryAfterMs, type LoginParams };

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
  /** A refresh succeeded after failed ones: a session that waited for a JWT may connect again. */
  recovered?(): void;
  /** Time and timers: the one clock the element injects everywhere (tests a fake one). */
  clock: Clock;
}

interface Tokens {
  readonly jwt: string;
  readonly refreshToken: string;
}

/** Refresh this long before the JWT expires (Genesys's JWTs last 15 minutes). */
const REFRESH_AHEAD_MS = 60_000;
/** Without a readable `exp`, assume the documented 15 minutes. */
const DEFAULT_LIFETIME_MS = 15 * 60_000;
/** A failed refresh is tried again after 2 s, then doubling, at most every 2 minutes. */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 120_000;
export class Auth implements SessionAuth {
  #o: AuthOptions;
  #clock: Clock;
  /** The next refresh (or a follower's next look). */
  #timer: Timer;
  #key: string;
  #area?: Storage;
  /** Kept in memory too: with `storage="none"`, or when storage is blocked. */
  #tokens?: Tokens;
  #refreshing?: Promise<string | undefined>;
  /** Refreshes failed in a row (not refused): the backoff's exponent. */
  #failures = 0;
  /** When the service's Retry-After allows the next refresh (epoch ms). */
  #notBefore = 0;
  /** Until `resume()`, and after `pause()`: no timer, no listener. */
  #paused = true;

  constructor(options: AuthOptions) {
    this.#o = options;
    this.#clock = options.clock;
    this.#timer = new Timer(options.clock);
    this.#key = `${storagePrefix(options.deploymentId)}auth`;
    this.#area = storageArea(options.storage);
    this.#tokens = this.#read();
  }

  get authenticated(): boolean {
    return !!this.#tokens;
  }

  // ------------------------------------------------------------------ SessionAuth

  jwt(): string | undefined {
    return this.#tokens?.jwt;
  }

  /**
   * A fresh JWT from the refresh token, one request at a time. Undefined when none came: signed
   * out if the service refused the refresh token (400, 401); otherwise still signed in, with
   * the next try scheduled (backoff, Retry-After, or the `online` event).
   */
  refresh(): Promise<string | undefined> {
    const tokens = this.#tokens;
    if (!tokens) return Promise.resolve(undefined);
    // The service asked to wait: asking again before then only draws another 429.
    if (this.#clock.now() < this.#notBefore) return Promise.resolve(undefined);
    this.#refreshing ??= this.#post('refresh', { deploymentId: this.#o.deploymentId, refreshToken: tokens.refreshToken })
      .then((body) => {
        const jwt = body?.['jwt'];
        if (!isToken(jwt)) throw new AuthRequestError('Sign-in: the token refresh answered without a usable JWT');
        if (this.#tokens !== tokens) return this.#tokens?.jwt;
        const recovered = this.#failures > 0;
        this.#failures = 0;
        this.#write({ jwt, refreshToken: tokens.refreshToken });
        if (recovered) this.#o.recovered?.();
        return jwt;
      })
      .catch((error: unknown) => {
        if (this.#tokens !== tokens) return this.#tokens?.jwt;
        if (error instanceof AuthRequestError && error.definitive) {
          this.signedOut('refresh-failed');
          return undefined;
        }
        // Offline, 5xx, 429, an unusable answer: the refresh token may still be good.
        this.#failures++;
        const wait = Math.max(this.#backoff(), error instanceof AuthRequestError ? (error.retryAfterMs ?? 0) : 0);
        this.#notBefore = error instanceof AuthRequestError && error.retryAfterMs !== undefined ? this.#clock.now() + error.retryAfterMs : 0;
        this.#retryIn(wait);
        return undefined;
      })
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  signedOut(reason: SignOutReason): void {
    if (!this.#tokens) return;
    this.#failures = 0;
    this.#notBefore = 0;
    this.#write(undefined);
    this.#o.changed(false, reason);
  }

  required(): void {
    this.#o.required();
  }

  // ------------------------------------------------------------------ login and logout

  /**
   * Exchanges the identity provider's code for the customer's tokens. Rejects with an Error
   * that names no secret (an AuthRequestError when the service refused or could not be
   * reached); nothing stored changes unless it succeeds.
   */
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
    this.#paused = true;
    this.#timer.stop();
    removeEventListener('storage', this.#onStorage);
    removeEventListener('online', this.#onOnline);
  }

  /** The element is on the page: read what changed meanwhile, and refresh on time again. */
  resume(): void {
    this.pause();
    this.#paused = false;
    const before = this.#tokens;
    // Without a storage area (storage="none") the tokens live in memory only.
    if (this.#area) this.#tokens = this.#read();
    if (this.#o.storage === 'local') addEventListener('storage', this.#onStorage);
    addEventListener('online', this.#onOnline);
    if (this.#failures) this.#retryIn(0);
    else this.#schedule();
    if (!!before !== !!this.#tokens) this.#o.changed(!!this.#tokens, 'other-tab');
  }

  // ------------------------------------------------------------------ internals

  #url(endpoint: string): string {
    return `${this.#o.apiUrl.replace(/\/+$/, '')}/api/v2/webdeployments/token/${endpoint}`;
  }

  /** POSTs JSON; the answer's JSON object, or an AuthRequestError with the status only (bodies may echo secrets). */
  async #post(endpoint: string, body: unknown): Promise<Record<string, unknown> | undefined> {
    const what = endpoint === 'refresh' ? 'token refresh' : 'token exchange';
    let response: Response;
    try {
      response = await fetch(this.#url(endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new AuthRequestError(`Sign-in failed: the ${what} could not reach the service (offline?); try again`);
    }
    if (!response.ok) {
      const later = response.status === 429 || response.status >= 500 ? ' (try again later)' : '';
      throw new AuthRequestError(`Sign-in failed: the ${what} answered HTTP ${response.status}${later}`, response.status, retryAfterMs(response.headers.get('retry-after'), this.#clock.now()));
    }
    const json: unknown = await response.json().catch(() => undefined);
    return obj(json);
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
    const now = this.#clock.now();
    const expiry = this.#tokens && (jwtExpiry(this.#tokens.jwt) ?? now + DEFAULT_LIFETIME_MS);
    if (expiry !== undefined) this.#retryIn(expiry - REFRESH_AHEAD_MS - now);
    else this.#timer.stop();
  }

  /** The next refresh in `ms` (at least 1 s), while on the page and signed in; a follower checks back later. */
  #retryIn(ms: number): void {
    this.#timer.stop();
    if (this.#paused || !this.#tokens) return;
    this.#timer.start(Math.max(ms, 1000), () => {
      if (this.#o.leader()) void this.refresh();
      else this.#timer.start(30_000, () => this.#schedule());
    });
  }

  /** 2 s, 4 s, 8 s … 2 min after the failures so far, with a little jitter so tabs and pages spread out. */
  #backoff(): number {
    const base = Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, this.#failures - 1), RETRY_MAX_MS);
    return base + Math.floor(Math.random() * base * 0.2);
  }

  /** Back online after failed refreshes: try now (a pending Retry-After still holds). */
  #onOnline = (): void => {
    if (!this.#failures || !this.#tokens || this.#paused) return;
    const wait = this.#notBefore - this.#clock.now();
    if (wait <= 0 && this.#o.leader()) void this.refresh();
    else this.#retryIn(wait);
  };

  /** Another tab signed in, refreshed or signed out. */
  #onStorage = (e: StorageEvent): void => {
    if (e.key !== this.#key && e.key !== null) return;
    const before = this.#tokens;
    this.#tokens = this.#read();
    this.#schedule();
    if (!!before !== !!this.#tokens) this.#o.changed(!!this.#tokens, 'other-tab');
  };
}
