/**
 * The follower's Transport: frames travel through the leader's socket (tab-link.ts). What
 * the leader relays is the server's JSON text, decoded here like any socket's frame; a
 * frame that does not decode is dropped with a log line, and the connection stays.
 */
import { decodeServerFrame } from '../protocol/decode.js';
import type { ClientFrame, HistoryPage } from '../protocol/types.js';
import type { LinkMessage } from './link-message.js';
import type { Transport, TransportFactory, TransportListener, TransportOptions } from './transport.js';

/** The TabLink as a follower's transport sees it. */
export interface FollowerLink {
  attach(f: FollowerTransport): void;
  detach(f: FollowerTransport): void;
  relay(frame: ClientFrame): void;
  log(line: string): void;
}

export class FollowerTransport implements Transport {
  #link: FollowerLink;
  #options: TransportOptions;
  #factory: TransportFactory;
  #rest?: Transport;
  #listener?: TransportListener;
  #open = false;

  constructor(link: FollowerLink, options: TransportOptions, factory: TransportFactory) {
    this.#link = link;
    this.#options = options;
    this.#factory = factory;
  }

  connect(listener: TransportListener): void {
    this.#listener = listener;
    this.#link.attach(this);
  }

  send(frame: ClientFrame): boolean {
    if (!this.#open) return false;
    this.#link.relay(frame);
    return true;
  }

  close(): void {
    this.#listener = undefined;
    this.#open = false;
    this.#link.detach(this);
  }

  fetchHistory(jwt: string, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
    // History is plain REST: a follower fetches it itself, through a transport it never connects.
    this.#rest ??= this.#factory(this.#options);
    return this.#rest.fetchHistory(jwt, pageNumber, pageSize, signal);
  }

  /** A checked LinkMessage from the leader (`tab`: this tab's id). */
  onLink(m: LinkMessage, tab: string): void {
    const listener = this.#listener;
    if (!listener) return;
    if (m.t === 'up' && !this.#open) {
      this.#open = true;
      listener.open();
    } else if (m.t === 'down' && this.#open) {
      this.#end();
    } else if (m.t === 'frame' && this.#open && (!m.to || m.to === tab)) {
      const result = decodeServerFrame(m.raw);
      if (result.ok) listener.frame(result.frame, m.raw);
      else {
        this.#link.log(`dropped a frame relayed by the leading tab: ${result.reason}`);
        listener.invalid(result.reason, m.raw.slice(0, 200));
      }
    }
  }

  #end(): void {
    const listener = this.#listener;
    this.close();
    listener?.close({ code: 1001, reason: 'tab leader changed', opened: true });
  }
}
