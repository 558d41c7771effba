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
}

export interface ResolvedConfig {
  /** Where to connect; undefined when the attributes cannot work. */
  target?: TransportOptions;
  storage: StorageKind;
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
    else target = { deploymentId, socketUrl: socketUrlFor(region.domain, deploymentId), apiUrl: input.apiUrl || apiUrlFor(region.domain) };
  }
  return { target: validDeploymentId(deploymentId) ? target : undefined, storage, problems };
}
