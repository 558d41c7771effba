/**
 * Messages a follower tab leaves behind. A follower keeps its unsent messages under a key of
 * its own (session-storage.ts) and holds a Web Lock named for its tab while it lives
 * (tab-link.ts); closing, crashing or reloading the tab releases it. The leader waits on the
 * lock of every such key it sees, now and as keys appear (a `storage` event), and when one is
 * granted takes that tab's messages into the shared outbox, which it sends. A lock is never
 * granted while its tab lives, so no message is sent by two tabs; and a message typed in a
 * tab that then closes is not lost with the tab (sessionStorage would have lost it).
 */
import { tabLockName } from './link-message.js';
import type { SessionStorage } from './session-storage.js';

export class Orphans {
  #deploymentId: string;
  #storage: SessionStorage;
  #adopted: () => void;
  #watched = new Set<string>();
  #abort = new AbortController();

  /** `adopted` runs after messages of a gone tab joined the shared outbox. */
  constructor(deploymentId: string, storage: SessionStorage, adopted: () => void) {
    this.#deploymentId = deploymentId;
    this.#storage = storage;
    this.#adopted = adopted;
    addEventListener('storage', this.#onStorage);
    for (const tab of storage.otherTabOutboxes) this.#watch(tab);
  }

  /** No longer leader (or gone): waits that have not been granted are given up. */
  stop(): void {
    removeEventListener('storage', this.#onStorage);
    this.#abort.abort();
  }

  #onStorage = (e: StorageEvent): void => {
    const tab = this.#storage.tabOf(e.key);
    if (tab && e.newValue) this.#watch(tab);
  };

  #watch(tab: string): void {
    if (this.#watched.has(tab)) return;
    this.#watched.add(tab);
    const signal = this.#abort.signal;
    navigator.locks
      .request(tabLockName(this.#deploymentId, tab), { signal }, () => {
        this.#watched.delete(tab);
        if (signal.aborted) return;
        if (this.#storage.adoptTabOutbox(tab)) this.#adopted();
      })
      .catch(() => {
        /* aborted: this tab stopped leading; the next leader watches */
      });
  }
}
