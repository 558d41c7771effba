/**
 * The REST history request (protocol §6.1) of GuestTransport: a chunk of its own, loaded the
 * first time a session reads history (a session resumed after a reload or a drop, a check of
 * an unconfirmed message, earlier messages asked for). A conversation that never needs its
 * history never loads it.
 */
import { decodeHistoryPage } from '../protocol/decode.js';
import type { HistoryPage } from '../protocol/types.js';
import { HistoryError, MAX_HISTORY_BODY_CHARS } from './guest-transport.js';

/** One page of history from the REST base `apiUrl`, with the session's JWT. */
export async function fetchHistory(apiUrl: string, jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
  // Keep any base path of the REST origin (a proxy may mount the API below one).
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/api/v2/webmessaging/messages`);
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
