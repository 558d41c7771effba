/**
 * The Transport seam. A transport carries guest-protocol frames between the widget and
 * Genesys Cloud; the session (src/session/) drives it (outbox, heartbeat, reconnect)
 * and knows nothing of WebSockets. `GuestTransport` is the real one; a second transport
 * (another tab relaying through a leader, a proxy, a test double) implements the same
 * interface and the element never notices.
 */
import type { ClientFrame, HistoryPage, ServerFrame } from '../protocol/types.js';

export interface TransportListener {
  /** The connection is up; the session now sends `configureSession`. */
  open(): void;
  /**
   * A validated frame arrived; `raw` is the server's JSON text it was decoded from (the tab
   * leader relays the text, and every tab decodes it itself).
   */
  frame(frame: ServerFrame, raw: string): void;
  /** A frame arrived that failed validation; it is dropped, the connection stays. */
  invalid(reason: string, raw: string): void;
  /**
   * The connection ended (or never came up). `opened` is false when it never opened: the
   * server turned the upgrade away (origin not allowed, 403/503), as far as a browser can tell.
   */
  close(info: { code: number; reason: string; opened: boolean }): void;
}

export interface Transport {
  /** Opens one connection. Listener callbacks fire until `close()` or the `close` callback. */
  connect(listener: TransportListener): void;
  /** Sends one frame. Returns false (and sends nothing) if the connection is not open. */
  send(frame: ClientFrame): boolean;
  /** Closes the connection; no listener callback fires afterwards. */
  close(): void;
  /** One page of REST history, newest first, authorised by a JWT from `getJwt`; `signal` aborts it. */
  fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage>;
}

/** Everything a transport needs to know where to connect. */
export interface TransportOptions {
  deploymentId: string;
  /** Full WebSocket URL including `?deploymentId=`. */
  socketUrl: string;
  /** REST base, e.g. `https://api.mypurecloud.com`. */
  apiUrl: string;
}

export type TransportFactory = (options: TransportOptions) => Transport;
