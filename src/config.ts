/**
 * The element's connection attributes resolved once into where to connect, plus the
 * problems a page author should hear about. Pure: no DOM, no Lit.
 *
 * Overrides must be encrypted (`wss:`, `https:`): tokens and sign-in codes travel over them.
 * Plaintext is accepted for localhost, 127.0.0.1 and [::1] only (the simulator, a developer's
 * machine); anything else is refused as `invalid-config`, with no connection at all.
 */
import {
  DEFAULT_REGION_DOMAIN,
  apiUrlFor,
  apiUrlFromSocketUrl,
  resolveRegion,
  socketUrlFor,
  withDeploymentId,
} from './protocol/regions.js';
import { STORAGE_KINDS, validDeploymentId, type StorageKind } from './stored.js';
import type { TransportOptions } from './transport/transport.js';

export interface ConfigInput {
  deploymentId: string;
  region: string;
  socketUrl: string;
  apiUrl: string;
  storage: string;
  /** `config-url`: where the deployment configuration is read instead. */
  configUrl?: string;
}

export interface ResolvedConfig {
  /** Where to connect; undefined when the attributes cannot work. */
  target?: TransportOptions;
  storage: StorageKind;
  /** Where the deployment's `config.json` is read (with a valid target only). */
  configUrl?: string;
  /** Human-readable problems, one per wrong attribute (reported as `invalid-config`). */
  problems: string[];
}

/** Hosts where plaintext `ws:`/`http:` is allowed: the developer's own machine, nothing on a network. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An override URL if it is one with the `secure` scheme, or `plain` to the local machine (S6:
 * the guest token, the OAuth code, the refresh token and JWTs travel over these URLs); else
 * undefined, and the problem noted.
 */
function overrideUrl(attribute: string, raw: string, secure: string, plain: string, problems: string[], base?: string): URL | undefined {
  try {
    const url = new URL(raw, base);
    if (url.protocol === secure || (url.protocol === plain && LOCAL_HOSTS.has(url.hostname))) return url;
  } catch {
    /* below */
  }
  problems.push(`${attribute} "${raw.slice(0, 80)}" must be a ${secure}// URL (${plain}// only for localhost)`);
  return undefined;
}

export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const problems: string[] = [];
  const deploymentId = input.deploymentId.trim();
  const storage = (STORAGE_KINDS as readonly string[]).includes(input.storage) ? (input.storage as StorageKind) : 'local';
  if (storage !== input.storage) problems.push(`storage "${String(input.storage).slice(0, 20)}" must be local, session or none; using local`);
  if (!deploymentId) problems.push('deployment-id is required');
  else if (!validDeploymentId(deploymentId)) problems.push(`deployment-id "${deploymentId.slice(0, 40)}" is not a valid deployment id`);

  let target: TransportOptions | undefined;
  let cdn: string | undefined;
  if (input.socketUrl) {
    const url = overrideUrl('socket-url', input.socketUrl, 'wss:', 'ws:', problems);
    const socketUrl = url && withDeploymentId(input.socketUrl, deploymentId);
    const apiUrl = socketUrl && (input.apiUrl || apiUrlFromSocketUrl(socketUrl));
    if (socketUrl && apiUrl) target = { deploymentId, socketUrl, apiUrl };
  } else {
    const region = resolveRegion(input.region || DEFAULT_REGION_DOMAIN);
    if (!region) problems.push(`region "${input.region.slice(0, 40)}" is not a known Genesys region or domain`);
    else {
      target = { deploymentId, socketUrl: socketUrlFor(region.domain, deploymentId), apiUrl: input.apiUrl || apiUrlFor(region.domain) };
      if (!input.apiUrl) cdn = `https://api-cdn.${region.domain}`;
    }
  }
  // api-url carries the tokens of history and sign-in.
  if (target && input.apiUrl && !overrideUrl('api-url', input.apiUrl, 'https:', 'http:', problems)) target = undefined;
  if (!validDeploymentId(deploymentId)) return { storage, problems };
  return { target, storage, problems, configUrl: target && configUrlFor(input.configUrl, cdn ?? target.apiUrl, deploymentId, problems) };
}

/**
 * `config-url` when set (absolute, or relative to the page); else the same path on the
 * CDN of the region, or on the origin of `api-url` (or `socket-url`) when they override it.
 */
function configUrlFor(override: string | undefined, base: string, deploymentId: string, problems: string[]): string | undefined {
  if (override) return overrideUrl('config-url', override, 'https:', 'http:', problems, globalThis.document?.baseURI)?.href;
  try {
    return `${new URL(base).origin}/webdeployments/v1/deployments/${encodeURIComponent(deploymentId)}/config.json`;
  } catch {
    return undefined;
  }
}
