/**
 * The sign-in's pure pieces (no state, no timers): what the code exchange sends, what a JWT
 * says about its expiry, how a failed token request is classified, and Retry-After. Apart
 * from auth.ts so the class there reads as the sign-in's life cycle alone.
 */

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

const MAX_TOKEN = 16_384;
/** A Retry-After longer than this is read as this (a hostile or broken header). */
const RETRY_AFTER_MAX_MS = 10 * 60_000;

/**
 * A refresh or exchange that did not work. `definitive` only for the service's refusal of the
 * token itself (400, 401); network errors, 5xx, 429 and unusable answers may work later.
 * The message names the status only: bodies may echo secrets.
 */
export class AuthRequestError extends Error {
  readonly status?: number;
  readonly definitive: boolean;
  /** The service's Retry-After, in ms. */
  readonly retryAfterMs?: number;

  constructor(message: string, status?: number, retryAfterMs?: number) {
    super(message);
    this.name = 'AuthRequestError';
    this.status = status;
    this.definitive = status === 400 || status === 401;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retry-After as ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS) : undefined;
}

export const isToken = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TOKEN;

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
