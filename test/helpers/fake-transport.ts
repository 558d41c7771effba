/**
 * A driveable Transport for element and controller tests: the test decides when the
 * connection opens, which frames arrive (as raw JSON, through the real decoder) and
 * when it drops. Every sent frame is recorded.
 */
import { decodeServerFrame } from '../../src/protocol/decode.js';
import type { ClientFrame, HistoryPage } from '../../src/protocol/types.js';
import type { Transport, TransportListener, TransportOptions } from '../../src/transport/transport.js';

export class FakeTransport implements Transport {
  static instances: FakeTransport[] = [];
  static get last(): FakeTransport {
    return FakeTransport.instances[FakeTransport.instances.length - 1]!;
  }
  static reset(): void {
    FakeTransport.instances = [];
  }

  sent: ClientFrame[] = [];
  listener?: TransportListener;
  isOpen = false;
  closed = false;
  /** Answer `echo` frames (turn off to simulate a half-open socket). */
  answerEcho = true;
  history: HistoryPage = { messages: [], pageNumber: 1, pageCount: 1 };
  /**
   * Which guest metadata the service gives back in echoes (P1): `all` (what the simulator
   * does), `customMessageId` (the key Genesys's own SDK relies on), or `none`.
   */
  metadataKept: MetadataKept = 'all';

  constructor(readonly options: TransportOptions) {
    FakeTransport.instances.push(this);
  }

  connect(listener: TransportListener): void {
    this.listener = listener;
  }

  send(frame: ClientFrame): boolean {
    if (!this.isOpen) return false;
    this.sent.push(frame);
    // Like the service, answer the health check so the heartbeat sees a live socket.
    if (frame.action === 'echo' && this.answerEcho) {
      queueMicrotask(() =>
        this.receive({
          type: 'response',
          class: 'StructuredMessage',
          code: 200,
          tracingId: frame.tracingId,
          body: { id: randomId(), type: 'Text', direction: 'Inbound', text: frame.message.text, channel: { time: new Date().toISOString() } },
        }),
      );
    }
    return true;
  }

  close(): void {
    this.isOpen = false;
    this.closed = true;
  }

  async fetchHistory(_jwt: string, _pageNumber: number, _pageSize: number): Promise<HistoryPage> {
    return this.history;
  }

  // ---- test controls

  open(): void {
    this.isOpen = true;
    this.listener!.open();
  }

  /** Opens and answers configureSession. */
  ready(session: Record<string, unknown> = { connected: true, newSession: true }): void {
    this.open();
    this.receive({ type: 'response', class: 'SessionResponse', code: 200, body: session });
  }

  receive(frame: unknown): void {
    const raw = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const result = decodeServerFrame(raw);
    if (result.ok) this.listener!.frame(result.frame, raw);
    else this.listener!.invalid(result.reason, raw);
  }

  /** The upgrade is turned away: the connection closes without ever opening. */
  refuse(): void {
    this.listener!.close({ code: 1006, reason: '', opened: false });
  }

  drop(code = 1006): void {
    this.isOpen = false;
    this.listener!.close({ code, reason: '', opened: true });
  }

  /** Frames of one action, or onMessage frames of one message type. */
  frames(kind: string): ClientFrame[] {
    return this.sent.filter(
      (f) => f.action === kind || (f.action === 'onMessage' && f.message.type === kind),
    );
  }

  /** Echoes an onMessage Text frame back as the server would. */
  echo(frame: ClientFrame, id = randomId()): void {
    if (frame.action !== 'onMessage' || !('text' in frame.message)) throw new Error('not a text frame');
    this.receive({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      tracingId: frame.tracingId,
      body: {
        id,
        type: frame.message.type,
        direction: 'Inbound',
        text: frame.message.text,
        channel: { time: new Date().toISOString(), messageId: randomId() },
        metadata: keptMetadata('metadata' in frame.message ? frame.message.metadata : undefined, this.metadataKept),
      },
    });
  }

  agentSays(text: string, extra: Record<string, unknown> = {}): string {
    const id = randomId();
    this.receive({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      body: {
        id,
        type: 'Text',
        direction: 'Outbound',
        text,
        channel: { time: new Date().toISOString(), from: { nickname: 'Alex' } },
        originatingEntity: 'Human',
        ...extra,
      },
    });
    return id;
  }
}

export type MetadataKept = 'all' | 'customMessageId' | 'none';

/** Guest metadata as a service that keeps only some of it would give it back. */
export function keptMetadata(metadata: Record<string, string> | undefined, kept: MetadataKept): Record<string, string> {
  if (!metadata || kept === 'none') return {};
  if (kept === 'all') return metadata;
  return metadata['customMessageId'] !== undefined ? { customMessageId: metadata['customMessageId'] } : {};
}

export function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
