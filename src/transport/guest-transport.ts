/**
 * The real transport: one WebSocket to `wss://webmessaging.{domain}/v1?deploymentId=…`
 * carrying JSON frames, plus REST history from `https://api.{domain}` (history-request.ts).
 */
import { decodeServerFrame, MAX_FRAME_CHARS } from '../protocol/decode.js';
import { encodeFrame } from '../protocol/encode.js';
import type { ClientFrame, HistoryPage } from '../protocol/types.js';
import type { Transport, TransportListener, TransportOptions } from './transport.js';

/**
 * The most of a history response body that is read, in characters: the same bound as one
 * WebSocket frame. A page of 25 messages is far below it; a body beyond it is refused
 * unread rather than parsed (a hostile or broken peer, review S5).
 */
export const MAX_HISTORY_BODY_CHARS = MAX_FRAME_CHARS;

/** The REST history request: a chunk, needed once a session reads history (a resumed session, a check after a drop). */
const loadHistoryRequest = () => import('./history-request.js');

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
      if (result.ok) listener.frame(result.frame, event.data as string);
      else listener.invalid(result.reason, typeof event.data === 'string' ? event.data.slice(0, 200) : '');
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      // Closed unasked: the next connection resumes the session and reads its history, so
      // the history request's chunk is fetched now, while the session waits to reconnect.
      if (opened) void loadHistoryRequest().catch(() => undefined);
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

  /** A page of REST history (the request is a chunk of its own, history-request.ts, loaded with the first page read). */
  async fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
    const { fetchHistory } = await loadHistoryRequest();
    return fetchHistory(this.#options.apiUrl, jwt, pageNumber, pageSize, signal);
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
