/**
 * The shared send budget as a Transport decorator. Control frames (configureSession, echo,
 * getJwt, closeSession) go out at once through `send`; onMessage frames go through `queue`,
 * which spends the one `RateBudget` (messages before receipts before typing, rate-budget.ts).
 */
import type { ClientFrame, HistoryPage } from '../protocol/types.js';
import type { Priority, RateBudget } from './rate-budget.js';
import type { Transport, TransportListener } from './transport.js';

export interface QueueOptions {
  /** Receipts with the same key coalesce (the newest replaces the queued one). */
  key?: string;
  /** Called when the frame was written. */
  written?: () => void;
}

/** A frame, or a function that makes it when its turn comes (undefined: skip it, spend nothing). */
export type FrameSource = ClientFrame | (() => ClientFrame | undefined);

export interface QueueingTransport extends Transport {
  /** Queues an onMessage frame behind the budget. True when it was written at once or still waits. */
  queue(priority: Priority, frame: FrameSource, options?: QueueOptions): boolean;
  /** A 429 said "later": hold every queued frame for `ms`. */
  pause(ms: number): void;
}

export class BudgetedTransport implements QueueingTransport {
  #inner: Transport;
  #budget: RateBudget;

  constructor(inner: Transport, budget: RateBudget) {
    this.#inner = inner;
    this.#budget = budget;
  }

  connect(listener: TransportListener): void {
    this.#inner.connect(listener);
  }

  send(frame: ClientFrame): boolean {
    return this.#inner.send(frame);
  }

  queue(priority: Priority, frame: FrameSource, options: QueueOptions = {}): boolean {
    let written = false;
    this.#budget.enqueue(
      priority,
      () => {
        const f = typeof frame === 'function' ? frame() : frame;
        if (!f || !this.#inner.send(f)) return false;
        written = true;
        options.written?.();
        return true;
      },
      options.key,
    );
    return written || this.#budget.pending[priority] > 0;
  }

  pause(ms: number): void {
    this.#budget.pause(ms);
  }

  /** Closes the connection and drops what waits in the budget (a pause still holds). */
  close(): void {
    this.#budget.clear();
    this.#inner.close();
  }

  fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
    return this.#inner.fetchHistory(jwt, pageNumber, pageSize, signal);
  }
}
