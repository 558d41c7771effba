/**
 * What the first load needs to know about a stored conversation, without the session
 * engine: whether a session token is stored (a returning visitor, who connects at once)
 * and how many agent messages were unread when the last page closed (the launcher badge).
 * The keys are the ones SessionStorage (transport/session-storage.ts) writes.
 */

export type StorageKind = 'local' | 'session' | 'none';

export const STORAGE_KINDS: readonly StorageKind[] = ['local', 'session', 'none'];

const DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export const validDeploymentId = (id: string): boolean => DEPLOYMENT_ID.test(id);

/** Prefix of every key this widget stores for one deployment. */
export const storagePrefix = (deploymentId: string): string => `genesys-chat:${deploymentId}:`;

/** The Storage area for a kind, or undefined (`none`, or storage blocked). */
export function storageArea(kind: StorageKind): Storage | undefined {
  try {
    return kind === 'local' ? localStorage : kind === 'session' ? sessionStorage : undefined;
  } catch {
    return undefined;
  }
}

export function readStored(kind: StorageKind, deploymentId: string, key: string): string | undefined {
  try {
    return storageArea(kind)?.getItem(storagePrefix(deploymentId) + key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Kept texts where nothing can be stored (`none`, storage blocked): this page's only. */
const unsentInMemory = new Map<string, string[]>();

/**
 * Texts given to `send()` that no session has taken yet, oldest first: this tab's (for
 * `local`, in sessionStorage), so a reload before the session starts loses none. With
 * `texts`, replaces them (none: forgets them); without, reads them.
 */
export function unsentTexts(kind: StorageKind, deploymentId: string, texts?: readonly string[]): string[] {
  const key = `${storagePrefix(deploymentId)}unsent`;
  const area = storageArea(kind === 'local' ? 'session' : kind);
  try {
    if (!area) throw new Error('no storage');
    if (texts) {
      if (texts.length) area.setItem(key, JSON.stringify(texts));
      else area.removeItem(key);
      return [...texts];
    }
    const list: unknown = JSON.parse(area.getItem(key) ?? '[]');
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    if (texts) unsentInMemory.set(key, [...texts]);
    return [...(unsentInMemory.get(key) ?? [])];
  }
}
