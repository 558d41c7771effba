/**
 * The element's connection attributes resolved once into where to connect, plus the
 * problems a page author should hear about. Pure: no DOM, no Lit.
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
    let socketUrl: string | undefined;
    try {
      const url = new URL(input.socketUrl);
      if (/^wss?:$/.test(url.protocol)) socketUrl = withDeploymentId(input.socketUrl, deploymentId);
    } catch {
      /* reported below */
    }
    const apiUrl = socketUrl && (input.apiUrl || apiUrlFromSocketUrl(socketUrl));
    if (!socketUrl || !apiUrl) problems.push(`socket-url "${input.socketUrl.slice(0, 80)}" is not a ws:// or wss:// URL`);
    else target = { deploymentId, socketUrl, apiUrl };
  } else {
    const region = resolveRegion(input.region || DEFAULT_REGION_DOMAIN);
    if (!region) problems.push(`region "${input.region.slice(0, 40)}" is not a known Genesys region or domain`);
    else {
      target = { deploymentId, socketUrl: socketUrlFor(region.domain, deploymentId), apiUrl: input.apiUrl || apiUrlFor(region.domain) };
      if (!input.apiUrl) cdn = `https://api-cdn.${region.domain}`;
    }
  }
  if (!validDeploymentId(deploymentId)) return { storage, problems };
  return { target, storage, problems, configUrl: target && configUrlFor(input.configUrl, cdn ?? target.apiUrl, deploymentId, problems) };
}

/**
 * `config-url` when set (absolute, or relative to the page); else the same path on the
 * CDN of the region, or on the origin of `api-url` (or `socket-url`) when they override it.
 */
function configUrlFor(override: string | undefined, base: string, deploymentId: string, problems: string[]): string | undefined {
  try {
    if (override) {
      const url = new URL(override, globalThis.document?.baseURI);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
      problems.push(`config-url "${override.slice(0, 80)}" is not an http(s) URL`);
      return undefined;
    }
    return `${new URL(base).origin}/webdeployments/v1/deployments/${encodeURIComponent(deploymentId)}/config.json`;
  } catch {
    if (override) problems.push(`config-url "${override.slice(0, 80)}" is not a URL`);
    return undefined;
  }
}
