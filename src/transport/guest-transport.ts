/**
 * The real transport: one WebSocket to `wss://webmessaging.{domain}/v1?deploymentId=…`
 * carrying JSON frames, plus REST history from `https://api.{domain}`.
 */
import { decodeHistoryPage, decodeServerFrame } from '../protocol/decode.js';
import { encodeFrame } from '../protocol/encode.js';
import type { ClientFrame, HistoryPage } from '../protocol/types.js';
import type { Transport, TransportListener, TransportOptions } from './transport.js';

/** Test seam: how a socket is made. */
export type SocketFactory = (url: string) => WebSocket;

export class GuestTransport implements Transport {
  #options: TransportOptions;
  #createSocket: SocketFactory;
  #socket?: WebSocket;

  constructor(options: TransportOptions, createSocket: SocketFactory = (url) => new WebSocket(url)) {
    this.#options = options;
    this.#createSocket = createSocket;
  }

  connect(listener: TransportListener): void {
    this.close();
    let opened = false;
    let socket: WebSocket;
    try {
      socket = this.#createSocket(this.#options.socketUrl);
    } catch (error) {
      // A malformed URL throws synchronously; report it like a refused connection.
      queueMicrotask(() => listener.close({ code: 1006, reason: String(error), opened: false }));
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      opened = true;
      if (this.#socket === socket) listener.open();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.#socket !== socket) return;
      const result = decodeServerFrame(event.data);
      if (result.ok) listener.frame(result.frame);
      else listener.invalid(result.reason, typeof event.data === 'string' ? event.data.slice(0, 200) : '');
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      listener.close({ code: event.code, reason: event.reason, opened });
    };
    socket.onerror = () => {
      /* always followed by close */
    };
  }

  send(frame: ClientFrame): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(encodeFrame(frame));
    return true;
  }

  close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000);
    } catch {
      /* already closing */
    }
  }

  async fetchHistory(jwt: string, pageNumber: number, pageSize: number): Promise<HistoryPage> {
    // Keep any base path of the REST origin (a proxy may mount the API below one).
    const url = new URL(`${this.#options.apiUrl.replace(/\/+$/, '')}/api/v2/webmessaging/messages`);
    url.searchParams.set('pageSize', String(pageSize));
    url.searchParams.set('pageNumber', String(pageNumber));
    const response = await fetch(url, { headers: { Authorization: `Bearer ${jwt}` } });
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('Retry-After'));
      throw new HistoryError(response.status, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    const page = decodeHistoryPage(await response.json());
    if (!page) throw new HistoryError(0, undefined, 'malformed history page');
    return page;
  }
}

export class HistoryError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter?: number,
    message = `history request failed with HTTP ${status}`,
  ) {
    super(message);
  }
}
