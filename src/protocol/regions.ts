/**
 * Genesys Cloud regions and the URLs built from them (protocol file §1.1, §1.2, §1.3).
 * The `region` attribute accepts a domain, a region id, a Messenger environment code,
 * an alias domain or a full service host; any other well-formed domain is accepted as is.
 */

export interface KnownRegion {
  readonly known: true;
  /** AWS-style region id, e.g. `eu-west-2`. */
  readonly id: string;
  /** Region domain, e.g. `euw2.pure.cloud`. */
  readonly domain: string;
  /** Messenger environment code, e.g. `prod-euw2` (`prod` for us-east-1). */
  readonly env: string;
  /** Other domains of the same region, e.g. `use1.pure.cloud` (§1.1). */
  readonly aliases: readonly string[];
}

/** A domain not in the table (a new region, a test environment): used verbatim. */
export interface UnknownRegion {
  readonly known: false;
  readonly domain: string;
  readonly id?: undefined;
  readonly env?: undefined;
  readonly aliases?: undefined;
}

export type Region = KnownRegion | UnknownRegion;

export const DEFAULT_REGION_DOMAIN = 'mypurecloud.com';

/**
 * `id short [domain]` per region, in the order of the protocol file's table; the domain is
 * `<short>.pure.cloud` unless given. The five oldest regions also have a `<short>.pure.cloud`
 * alias. us-east-2 is FedRAMP; sa-east-1 is in the PSDK and a HAR only (the JSDK omits it, §1.1).
 * (A string rather than an array of arrays: this is in the first load.)
 */
const TABLE =
  'us-east-1 use1 mypurecloud.com,eu-west-1 euw1 mypurecloud.ie,ap-southeast-2 apse2 mypurecloud.com.au,' +
  'ap-northeast-1 apne1 mypurecloud.jp,eu-central-1 euc1 mypurecloud.de,us-west-2 usw2,ca-central-1 cac1,' +
  'ap-northeast-2 apne2,eu-west-2 euw2,ap-south-1 aps1,us-east-2 use2 use2.us-gov-pure.cloud,me-central-1 mec1,' +
  'ap-northeast-3 apne3,eu-central-2 euc2,mx-central-1 mxc1,ap-southeast-1 apse1,sa-east-1 sae1';

/** Every accepted spelling (lower case) to its region. */
const LOOKUP = new Map<string, KnownRegion>();

/** Every known region, in the order of the protocol file's table. */
export const REGIONS: readonly KnownRegion[] = TABLE.split(',').map((row) => {
  const [id, short, domain = `${short}.pure.cloud`] = row.split(' ') as [string, string, string?];
  const region: KnownRegion = Object.freeze({
    known: true,
    id,
    domain,
    // Messenger calls us-east-1 plain "prod" (`prod-use1` is accepted too); others are "prod-<short>".
    env: short === 'use1' ? 'prod' : `prod-${short}`,
    aliases: Object.freeze(domain.endsWith('.pure.cloud') ? [] : [`${short}.pure.cloud`]),
  });
  for (const key of [id, domain, region.env, `prod-${short}`, ...region.aliases]) LOOKUP.set(key, region);
  return region;
});

/** Service prefixes of a region host (§1.1), stripped so `api.mypurecloud.ie` finds eu-west-1. */
const HOST_PREFIX = /^(?:webmessaging|api|api-cdn|apps|login)\./;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+${LABEL}$`);

/**
 * The region for a user-supplied spelling (trimmed, case-insensitive), or an unknown-region
 * record for any other well-formed domain, or undefined for anything else.
 */
export function resolveRegion(input: string): Region | undefined {
  if (typeof input !== 'string') return undefined;
  const s = input.trim().toLowerCase();
  if (!s || s.length > 253) return undefined;
  const found = LOOKUP.get(s);
  if (found) return found;
  const host = HOST_PREFIX.test(s) && s.replace(HOST_PREFIX, '').includes('.') ? s.replace(HOST_PREFIX, '') : s;
  return LOOKUP.get(host) ?? (DOMAIN.test(host) ? { known: false, domain: host } : undefined);
}

/** `wss://webmessaging.{domain}/v1?deploymentId=…` (§1.2). */
export const socketUrlFor = (domain: string, deploymentId: string): string =>
  `wss://webmessaging.${domain}/v1?deploymentId=${encodeURIComponent(deploymentId)}`;

/** `https://api.{domain}` (§1.3). */
export const apiUrlFor = (domain: string): string => `https://api.${domain}`;

/**
 * A full socket URL override (a proxy, the simulator) with `deploymentId` added when it has
 * none; other query parameters are kept. An unparseable URL is returned unchanged.
 */
export function withDeploymentId(socketUrl: string, deploymentId: string): string {
  let url: URL;
  try {
    url = new URL(socketUrl);
  } catch {
    return socketUrl;
  }
  if (url.searchParams.has('deploymentId')) return socketUrl;
  url.searchParams.set('deploymentId', deploymentId);
  return url.href;
}

const HTTP_SCHEME: Readonly<Record<string, string>> = { 'wss:': 'https:', 'ws:': 'http:', 'https:': 'https:', 'http:': 'http:' };

/**
 * The REST base for a socket URL: `wss://webmessaging.X/…` gives `https://api.X` (as the
 * JSDK derives it, §1.1); any other URL gives its own origin with ws→http and wss→https,
 * since a proxy or the local simulator serves REST on the same origin.
 */
export function apiUrlFromSocketUrl(socketUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(socketUrl);
  } catch {
    return undefined;
  }
  const scheme = HTTP_SCHEME[url.protocol];
  if (!scheme || !url.host) return undefined;
  if (url.hostname.startsWith('webmessaging.')) return `https://api.${url.host.slice('webmessaging.'.length)}`;
  return `${scheme}//${url.host}`;
}
