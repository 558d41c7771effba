import type { SessionState } from '../../src/session/guest-session.js';
import type { OutboxEntry } from '../../src/transport/session-storage.js';

/** A session's storage in memory; a renewed token is the previous one with a `+`. */
export class MemoryState implements SessionState {
  token = 'token-1';
  outbox: readonly OutboxEntry[] = [];
  readHorizon: string | undefined;
  renewToken(previous: string): string {
    if (this.token === previous) this.token = `${previous}+`;
    return this.token;
  }
}
