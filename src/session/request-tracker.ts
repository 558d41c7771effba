/** Request/reply by tracingId: the reply frame carrying a request's tracingId settles it. */
import type { ClientFrame, ServerFrame } from '../protocol/types.js';
import type { Clock } from './clock.js';

const REQUEST_TIMEOUT_MS = 10_000;

interface Waiter {
  resolve: (frame: ServerFrame | undefined) => void;
  timer: unknown;
}

export class RequestTracker {
  #clock: Clock;
  #send: (frame: ClientFrame) => boolean;
  #timeoutMs: number;
  #waiting = new Map<string, Waiter>();

  constructor(clock: Clock, send: (frame: ClientFrame) => boolean, timeoutMs = REQUEST_TIMEOUT_MS) {
    this.#clock = clock;
    this.#send = send;
    this.#timeoutMs = timeoutMs;
  }

  /** Sends `frame`; resolves with its reply, or undefined if it could not be sent, timed out or was cancelled. */
  request(frame: ClientFrame & { tracingId: string }): Promise<ServerFrame | undefined> {
    return new Promise((resolve) => {
      const id = frame.tracingId;
      if (!this.#send(frame)) return resolve(undefined);
      const timer = this.#clock.setTimeout(() => {
        this.#waiting.delete(id);
        resolve(undefined);
      }, this.#timeoutMs);
      this.#waiting.set(id, { resolve, timer });
    });
  }

  /** Settles the request this frame answers; true if there was one. */
  settle(frame: ServerFrame): boolean {
    const id = 'tracingId' in frame ? frame.tracingId : undefined;
    const waiter = id ? this.#waiting.get(id) : undefined;
    if (!waiter) return false;
    this.#waiting.delete(id!);
    this.#clock.clearTimeout(waiter.timer);
    waiter.resolve(frame);
    return true;
  }

  /** The connection is gone: every open request resolves undefined. */
  cancelAll(): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const w of waiting) {
      this.#clock.clearTimeout(w.timer);
      w.resolve(undefined);
    }
  }
}
