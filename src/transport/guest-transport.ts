/**
 * The real transport: one WebSocket to `wss://webmessaging.{domain}/v1?deploymentId=…`
 * carrying JSON frames, plus REST history from `https://api.{domain}`.
 */
import { decodeHistoryPage, decodeServerFrame, MAX_FRAME_CHARS } from '../protocol/decode.js';
import { encodeFrame } from '../protocol/encode.js';
import type { ClientFrame, HistoryPage } from '../protocol/types.js';
import type { Transport, TransportListener, TransportOptions } from './transport.js';

/**
 * The most of a history response body that is read, in characters: the same bound as one
 * WebSocket frame. A page of 25 messages is far below it; a body beyond it is refused
 * unread rather than parsed (a hostile or broken peer, review S5).
 */
export const MAX_HISTORY_BODY_CHARS = MAX_FRAME_CHARS;

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

  async fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
    // Keep any base path of the REST origin (a proxy may mount the API below one).
    const url = new URL(`${this.#options.apiUrl.replace(/\/+$/, '')}/api/v2/webmessaging/messages`);
    url.searchParams.set('pageSize', String(pageSize));
    url.searchParams.set('pageNumber', String(pageNumber));
    const response = await fetch(url, { headers: { Authorization: `Bearer ${jwt}` }, ...(signal ? { signal } : {}) });
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      const retryAfter = Number(response.headers.get('Retry-After'));
      throw new HistoryError(response.status, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    let json: unknown;
    try {
      json = JSON.parse(await readCapped(response, MAX_HISTORY_BODY_CHARS));
    } catch (error) {
      if (error instanceof HistoryError || signal?.aborted) throw error;
      throw new HistoryError(0, undefined, 'malformed history page');
    }
    const page = decodeHistoryPage(json);
    if (!page) throw new HistoryError(0, undefined, 'malformed history page');
    return page;
  }
}

/** The body as text, refused (and the rest left unread) once it passes `max` characters. */
async function readCapped(response: Response, max: number): Promise<string> {
  const tooLarge = () => new HistoryError(0, undefined, `history page larger than ${max} characters`);
  // UTF-8 takes at least one byte a character: a declared length past 4 bytes a character is too large.
  if (Number(response.headers.get('Content-Length')) > max * 4) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) {
    const text = await response.text();
    if (text.length > max) throw tooLarge();
    return text;
  }
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    text += decoder.decode(value, { stream: !done });
    if (text.length > max) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (done) return text;
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
