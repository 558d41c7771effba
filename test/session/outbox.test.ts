import { expect } from '@open-wc/testing';
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ClientFrame } from '../../src/protocol/types.js';
import { Outbox, type OutboxWire } from '../../src/session/outbox.js';
import type { OutboxEntry } from '../../src/transport/session-storage.js';
import type { ChatMessage } from '../../src/types.js';
import { FakeClock } from '../helpers/fake-clock.js';

type OnMessage = Extract<ClientFrame, { action: 'onMessage' }>;

function setup(options: { attributes?: Record<string, string>; maxBytes?: number } = {}) {
  const persisted = { outbox: [] as readonly OutboxEntry[] };
  const store = new MessageStore();
  const written: OnMessage[] = [];
  const queued: (() => ClientFrame | undefined)[] = [];
  const log = { checks: 0, errors: [] as (string | number)[] };
  let open = true;
  const wire: OutboxWire = {
    canSend: () => open,
    token: () => 'tok',
    queue: (frame, done) => {
      queued.push(() => {
        const f = frame();
        if (f) {
          written.push(f as OnMessage);
          done();
        }
        return f;
      });
    },
    needCheck: () => log.checks++,
    attributes: () => options.attributes,
    maxAttributeBytes: () => options.maxBytes,
    error: (code) => log.errors.push(code),
  };
  const clock = new FakeClock();
  const outbox = new Outbox(persisted, store, clock, wire);
  /** Lets the budget write everything queued. */
  const drain = () => {
    while (queued.length) queued.shift()!();
  };
  const echo = (f: OnMessage): ChatMessage => ({ id: `srv-${f.tracingId}`, tracingId: f.tracingId, clientId: (f.message as { metadata?: { id: string } }).metadata?.id, from: 'customer', text: (f.message as { text: string }).text, time: 1 });
  return { persisted, store, written, outbox, drain, echo, log, clock, setOpen: (v: boolean) => (open = v) };
}

const texts = (frames: OnMessage[]) => frames.map((f) => (f.message as { text: string }).text);

describe('Outbox', () => {
  it('sends one message at a time, the next after the echo of the previous', () => {
    const { outbox, written, drain, echo, store } = setup();
    outbox.enqueue({ text: 'one' });
    outbox.enqueue({ text: 'two' });
    drain();
    expect(texts(written)).to.deep.equal(['one']);
    outbox.acknowledge(echo(written[0]!));
    drain();
    expect(texts(written)).to.deep.equal(['one', 'two']);
    expect(store.messages.map((m) => m.status)).to.deep.equal(['sent', 'sending']);
  });

  it('persists before any answer that a written message may have arrived, and holds it for a history check after a drop', () => {
    const { outbox, written, drain, persisted, log } = setup();
    outbox.enqueue({ text: 'one' });
    drain();
    expect(persisted.outbox[0]!.maybeSent).to.equal(true);
    outbox.connectionLost();
    outbox.connected(false);
    outbox.pump();
    drain();
    expect(written).to.have.length(1);
    expect(log.checks).to.equal(1);
    outbox.checked();
    drain();
    expect(texts(written)).to.deep.equal(['one', 'one']);
  });

  it('acknowledges from history by client id, without resending', () => {
    const { outbox, written, drain, echo, persisted } = setup();
    outbox.enqueue({ text: 'one' });
    drain();
    outbox.connectionLost();
    const fromHistory = { ...echo(written[0]!), tracingId: undefined };
    outbox.acknowledge(fromHistory);
    outbox.checked();
    drain();
    expect(written).to.have.length(1);
    expect(persisted.outbox).to.deep.equal([]);
  });

  it('resends after a 429 for the message on the wire, once, however often the 429 comes', () => {
    const { outbox, written, drain } = setup();
    outbox.enqueue({ text: 'one' });
    drain();
    outbox.rateLimited(written[0]!.tracingId);
    outbox.rateLimited(written[0]!.tracingId);
    outbox.rateLimited();
    drain();
    expect(texts(written)).to.deep.equal(['one', 'one']);
  });

  it('ignores a 429 that names another frame', () => {
    const { outbox, written, drain } = setup();
    outbox.enqueue({ text: 'one' });
    drain();
    outbox.rateLimited('a-typing-frame');
    drain();
    expect(written).to.have.length(1);
  });

  it('fails a message on a final 4xx and sends the next; retry sends it again', () => {
    const { outbox, written, drain, store, log } = setup();
    outbox.enqueue({ text: 'one' });
    outbox.enqueue({ text: 'two' });
    drain();
    expect(outbox.refused(written[0]!.tracingId!, 'final', 4011, 'too long')).to.equal(true);
    drain();
    expect(texts(written)).to.deep.equal(['one', 'two']);
    expect(store.messages[0]!.status).to.equal('failed');
    expect(log.errors).to.deep.equal([4011]);
    expect(outbox.refused('not-ours', 'final', 400, 'x')).to.equal(false);
  });

  it('counts server errors as attempts and fails after five', () => {
    const { outbox, written, drain, store } = setup();
    outbox.enqueue({ text: 'one' });
    for (let i = 0; i < 5; i++) {
      drain();
      outbox.refused(written.at(-1)!.tracingId!, 'transient', 500, 'oops');
    }
    expect(written).to.have.length(5);
    expect(store.messages[0]!.status).to.equal('failed');
  });

  it('sends only entries it restored or enqueued, not another outbox\'s in shared storage', () => {
    const { outbox, written, drain, persisted } = setup();
    outbox.restore();
    persisted.outbox = [{ tracingId: 'other-tab', clientId: 'c', text: 'not mine', time: 1, attempts: 0 }];
    outbox.enqueue({ text: 'mine' });
    drain();
    expect(texts(written)).to.deep.equal(['mine']);
  });

  it('sends custom attributes once, and reports oversized ones once while sending without them', () => {
    const big = setup({ attributes: { note: 'x'.repeat(50) }, maxBytes: 20 });
    big.outbox.enqueue({ text: 'one' });
    big.drain();
    big.outbox.acknowledge(big.echo(big.written[0]!));
    big.outbox.enqueue({ text: 'two' });
    big.drain();
    expect(big.written.map((f) => 'channel' in f.message)).to.deep.equal([false, false]);
    expect(big.log.errors).to.deep.equal(['custom-attributes-too-large']);
    const ok = setup({ attributes: { a: 'b' } });
    ok.outbox.enqueue({ text: 'one' });
    ok.drain();
    ok.outbox.acknowledge(ok.echo(ok.written[0]!));
    ok.outbox.enqueue({ text: 'two' });
    ok.drain();
    expect(ok.written.map((f) => 'channel' in f.message)).to.deep.equal([true, false]);
  });

  it('C1: a written message unanswered for 15 s asks for a history check instead of blocking the next', () => {
    const { outbox, written, drain, log, clock, echo } = setup();
    outbox.enqueue({ text: 'one' });
    outbox.enqueue({ text: 'two' });
    drain();
    clock.tick(14_999);
    expect(log.checks).to.equal(0);
    clock.tick(1);
    expect(log.checks).to.equal(1, 'history decides about "one"');
    outbox.checked();
    drain();
    expect(texts(written)).to.deep.equal(['one', 'one']);
    outbox.acknowledge(echo(written[1]!));
    drain();
    expect(texts(written)).to.deep.equal(['one', 'one', 'two']);
  });

  it('P1: two identical unconfirmed messages are each matched to their own keyless history entry', () => {
    const { outbox, written, drain, clock, persisted } = setup();
    outbox.enqueue({ text: 'ok' });
    drain();
    outbox.acknowledge({ id: 's1', tracingId: written[0]!.tracingId, from: 'customer', text: 'ok', time: clock.now() });
    clock.tick(1000);
    outbox.enqueue({ text: 'ok' });
    drain();
    outbox.connectionLost();
    persisted.outbox = [...persisted.outbox, { tracingId: 'x2', clientId: 'c2', text: 'ok', time: clock.now() + 10, attempts: 0, maybeSent: true }];
    outbox.restore();
    const history = [
      { id: 'h-old', from: 'customer' as const, text: 'ok', time: clock.now() - 30 * 60_000 },
      { id: 'h1', from: 'customer' as const, text: 'ok', time: clock.now() + 5 },
      { id: 'h2', from: 'customer' as const, text: 'ok', time: clock.now() + 20 },
    ];
    const first = outbox.claim(history)!;
    expect([first.id, first.tracingId]).to.deep.equal(['h1', written[1]!.tracingId]);
    outbox.acknowledge(first);
    const second = outbox.claim(history.filter((m) => m.id !== 'h1'))!;
    expect([second.id, second.tracingId]).to.deep.equal(['h2', 'x2']);
    outbox.acknowledge(second);
    expect(outbox.claim([history[0]!])).to.equal(undefined, 'half an hour before: another message');
    expect(persisted.outbox).to.deep.equal([]);
  });

  it('does not send while the session cannot', () => {
    const { outbox, written, drain, setOpen } = setup();
    setOpen(false);
    outbox.enqueue({ text: 'one' });
    drain();
    expect(written).to.have.length(0);
    setOpen(true);
    outbox.pump();
    drain();
    expect(written).to.have.length(1);
  });
});

describe('Outbox: attachments', () => {
  const photo = { id: 'att-1', name: 'photo.png', mime: 'image/png', size: 48, mediaType: 'Image', url: 'https://dl.example/p' };

  it('persists the uploaded files with the entry, names them by id, and sends attachment-only messages without text', () => {
    const { outbox, written, drain, persisted, store } = setup();
    outbox.enqueue({ text: '', attachments: [photo] });
    expect(persisted.outbox[0]!.attachments).to.deep.equal([photo]);
    expect(store.messages[0]!.attachments).to.deep.equal([photo]);
    drain();
    const clientId = persisted.outbox[0]!.clientId;
    expect(written[0]!.message).to.deep.equal({ content: [{ contentType: 'Attachment', attachment: { id: 'att-1' } }], metadata: { customMessageId: clientId, id: clientId } });
  });

  it('text with files goes as Text with content; a reload restores the entry exactly once', () => {
    const first = setup();
    first.outbox.enqueue({ text: 'see', attachments: [photo] });
    first.drain();
    expect(first.written[0]!.message).to.include({ type: 'Text', text: 'see' });
    // A new page: the same storage, a new outbox.
    const second = setup();
    second.persisted.outbox = first.persisted.outbox;
    second.outbox.restore();
    expect(second.store.messages.map((m) => [m.text, m.attachments?.[0]?.id])).to.deep.equal([['see', 'att-1']]);
  });
});
