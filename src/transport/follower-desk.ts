/**
 * What the leading tab does for its followers (leader-transport.ts, review C3): it answers
 * their configureSession from its own SessionResponse and their health checks itself (its
 * socket is alive), starts a new conversation for them on its own session, and writes what
 * the allow-list (link-check.ts) lets through, with its own token, remembering which tab
 * asked so that the answer goes to that tab alone.
 *
 * With link-check.ts the 'tabs' chunk: a leader builds its desk when a follower first asks
 * something, so a tab alone never loads it.
 */
import type { ClientFrame } from '../protocol/types.js';
import type { QueueOptions } from './budgeted-transport.js';
import { uuid } from './ids.js';
import type { FollowerRequest } from './link-check.js';
import type { Priority } from './rate-budget.js';

/** How many followers' requests are remembered to send their answers to them alone. */
const REMEMBERED_REQUESTS = 64;

/** The leader's socket as its desk sees it. */
export interface DeskLeader {
  /** The leader's session is configured. */
  readonly up: boolean;
  /** closeSession went out; the new session is not up yet. */
  readonly restarting: boolean;
  /** The token of the leader's last configure. */
  readonly token?: string;
  /** The leader's last SessionResponse, as the server's text: the template of the answers to configures. */
  readonly sessionRaw?: string;
  /** Writes a control frame at once (getJwt, attachments). */
  write(frame: ClientFrame): void;
  /** Queues a frame through the shared budget (typing and receipts once for all tabs); `tab` asked for it. */
  queue(priority: Priority, frame: ClientFrame, options: QueueOptions, tab: string): void;
  broadcast(raw: string, to?: string): void;
  /** Starts a new conversation on the leader's own session. */
  startNew(): void;
  now(): number;
  log(line: string): void;
}

export class FollowerDesk {
  #leader: DeskLeader;
  /** Followers' configures that came between two conversations, answered when the new one is up. */
  #pending: { tab: string; tracingId?: string }[] = [];
  /** tracingId of a follower's frame → its tab. */
  #asked = new Map<string, string>();

  constructor(leader: DeskLeader) {
    this.#leader = leader;
  }

  /** A frame a follower asks the leader to send, as the allow-list read it: answered, run or written. */
  relay(request: FollowerRequest | string, tab: string): void {
    const leader = this.#leader;
    if (typeof request === 'string') return leader.log(`refused a frame from another tab: ${request}`);
    switch (request.kind) {
      case 'configure':
        if (leader.up) this.#answerConfigure(tab, request.tracingId, false);
        else if (leader.token) this.#pending.push(request.tracingId ? { tab, tracingId: request.tracingId } : { tab });
        return;
      case 'echo':
        // This socket is alive (it is configured); don't spend the per-connection echo limit.
        if (!leader.up) return;
        return leader.broadcast(JSON.stringify({ type: 'response', class: 'StructuredMessage', code: 200, tracingId: request.tracingId, body: { id: uuid(), type: 'Text', direction: 'Inbound', text: request.text, channel: { time: new Date(leader.now()).toISOString() } } }), tab);
      case 'join':
        return; // the leader's session says Join for a new conversation, once for all tabs
      case 'start-new':
        if (leader.up && !leader.restarting) leader.startNew();
        return;
      default: {
        const token = leader.token;
        if (!leader.up || !token) return;
        const out = { ...request.frame, token } as ClientFrame;
        if ('tracingId' in out && out.tracingId) this.#remember(out.tracingId, tab);
        if (request.kind === 'control') leader.write(out);
        else leader.queue(request.priority, out, request.priority === 'receipt' ? { key: 'read' } : {}, tab);
      }
    }
  }

  /** The leader's session is up: the configures that waited for it are answered. */
  up(newSession: boolean): void {
    for (const p of this.#pending.splice(0)) this.#answerConfigure(p.tab, p.tracingId, newSession);
  }

  /** The leader's session is gone: configures wait for the next, or for a new leader. */
  down(): void {
    this.#pending = [];
  }

  /** The follower tab that asked for the frame with this tracingId, if one did. */
  askedBy(tracingId: string): string | undefined {
    return this.#asked.get(tracingId);
  }

  /** Answers a follower's configure with the leader's SessionResponse (the session exists; only whether it is new to that tab differs). */
  #answerConfigure(tab: string, tracingId: string | undefined, newSession: boolean): void {
    const raw = this.#leader.sessionRaw;
    if (!raw) return;
    try {
      const envelope = JSON.parse(raw) as { tracingId?: string; body: Record<string, unknown> };
      envelope.body = { ...envelope.body, newSession };
      if (tracingId) envelope.tracingId = tracingId;
      else delete envelope.tracingId;
      this.#leader.broadcast(JSON.stringify(envelope), tab);
    } catch {
      /* the text decoded once already: cannot fail */
    }
  }

  #remember(tracingId: string, tab: string): void {
    this.#asked.set(tracingId, tab);
    if (this.#asked.size > REMEMBERED_REQUESTS) this.#asked.delete(this.#asked.keys().next().value!);
  }
}
