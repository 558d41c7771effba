import { expect } from '@open-wc/testing';
import {
  HEALTH_CHECK_TRACING_ID,
  MAX_CUSTOM_DATA_BYTES,
  MAX_TEXT_LENGTH,
  closeSession,
  configureAuthenticatedSession,
  configureSession,
  customAttributesBytes,
  echo,
  encodeFrame,
  getJwt,
  presence,
  quickReplyMessage,
  readReceipt,
  textMessage,
  typingOn,
  utf8ByteLength,
} from '../../src/protocol/encode.js';

const TOKEN = '5f3b9c1e-2d4a-4e8b-a0c7-61f2de93ab10';
const DEPLOYMENT = '9a1d5c2e-7b44-4f0e-9f6a-2c8e11d0b7a3';
const TRACE = '7d1e5b2a-0000-4000-8000-000000000002';

/** The frame as it goes on the wire, parsed back: what the server sees. */
const wire = (frame: Parameters<typeof encodeFrame>[0]) => JSON.parse(encodeFrame(frame));

describe('encode: protocol file client examples', () => {
  it('§2.2 configureSession (startNew omitted unless true)', () => {
    const example = {
      action: 'configureSession',
      deploymentId: DEPLOYMENT,
      token: TOKEN,
      tracingId: 'c2e0a8d4-0000-4000-8000-000000000001',
      journeyContext: {
        customer: { id: TOKEN, idType: 'cookie' },
        customerSession: { id: '', type: 'web' },
      },
    };
    expect(wire(configureSession(TOKEN, DEPLOYMENT, { tracingId: example.tracingId }))).to.deep.equal(example);
    expect(wire(configureSession(TOKEN, DEPLOYMENT, { tracingId: example.tracingId, startNew: false }))).to.deep.equal(example);
    expect(wire(configureSession(TOKEN, DEPLOYMENT, { tracingId: example.tracingId, startNew: true }))).to.deep.equal({
      ...example,
      startNew: true,
    });
    const bare = wire(configureSession(TOKEN, DEPLOYMENT));
    expect(bare).to.not.have.property('tracingId');
    expect(bare).to.not.have.property('startNew');
    expect(bare.journeyContext.customer.id).to.equal(TOKEN);
  });

  it('§2.4a plain text', () => {
    expect(wire(textMessage(TOKEN, TRACE, 'Hi, I need help with my order'))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: { type: 'Text', text: 'Hi, I need help with my order' },
    });
  });

  it('§2.4a text with the client id as metadata.customMessageId (Genesys SDK\'s key) and metadata.id (P1)', () => {
    expect(wire(textMessage(TOKEN, TRACE, 'Hi', { clientId: 'c-1' })).message).to.deep.equal({
      type: 'Text',
      text: 'Hi',
      metadata: { customMessageId: 'c-1', id: 'c-1' },
    });
  });

  it('P6: configureAuthenticatedSession carries the same journeyContext as the anonymous configure', () => {
    const signedIn = wire(configureAuthenticatedSession(TOKEN, DEPLOYMENT, 'jwt-1', { tracingId: 't' }));
    expect(signedIn.journeyContext).to.deep.equal(wire(configureSession(TOKEN, DEPLOYMENT)).journeyContext);
    expect(signedIn.data).to.deep.equal({ code: 'jwt-1' });
  });

  it('§2.4b text with custom attributes under message.channel', () => {
    expect(wire(textMessage(TOKEN, TRACE, 'Hello', { customAttributes: { orderId: 'A-1042', lang: 'en' } }))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: {
        type: 'Text',
        text: 'Hello',
        channel: { metadata: { customAttributes: { orderId: 'A-1042', lang: 'en' } } },
      },
    });
  });

  it('§2.4b empty custom attributes send no channel', () => {
    expect(wire(textMessage(TOKEN, TRACE, 'Hello', { customAttributes: {} })).message).to.not.have.property('channel');
    const junk = { a: 5, b: null } as unknown as Record<string, string>;
    expect(wire(textMessage(TOKEN, TRACE, 'Hello', { customAttributes: junk })).message).to.not.have.property('channel');
  });

  it('§2.4d quick-reply answer, the Messenger way', () => {
    expect(wire(quickReplyMessage(TOKEN, TRACE, { text: 'Track my order', payload: 'TRACK_ORDER' }))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: {
        type: 'Structured',
        text: 'Track my order',
        content: [
          {
            contentType: 'ButtonResponse',
            buttonResponse: { type: 'QuickReply', text: 'Track my order', payload: 'TRACK_ORDER' },
          },
        ],
      },
    });
  });

  it('§2.4e card postback answer uses type Button; client id and attributes ride along', () => {
    const frame = wire(
      quickReplyMessage(TOKEN, TRACE, { text: 'Buy now', payload: 'BUY_123' }, { type: 'Button', clientId: 'c-2', customAttributes: { k: 'v' } }),
    );
    expect(frame.message).to.deep.equal({
      type: 'Structured',
      text: 'Buy now',
      content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'Button', text: 'Buy now', payload: 'BUY_123' } }],
      metadata: { customMessageId: 'c-2', id: 'c-2' },
      channel: { metadata: { customAttributes: { k: 'v' } } },
    });
  });

  it('§2.4h typing', () => {
    expect(wire(typingOn(TOKEN, TRACE))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] },
    });
  });

  it('§2.4i presence Join with custom attributes', () => {
    expect(wire(presence(TOKEN, TRACE, 'Join', { orderId: 'A-1042' }))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: {
        type: 'Event',
        events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
        channel: { metadata: { customAttributes: { orderId: 'A-1042' } } },
      },
    });
    expect(wire(presence(TOKEN, TRACE, 'Join')).message).to.not.have.property('channel');
  });

  it('§2.4j presence Clear', () => {
    expect(wire(presence(TOKEN, TRACE, 'Clear'))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] },
    });
  });

  it('§2.5 echo', () => {
    expect(HEALTH_CHECK_TRACING_ID).to.equal(btoa('HealthCheckMessageId'));
    expect(wire(echo(TOKEN))).to.deep.equal({
      action: 'echo',
      token: TOKEN,
      tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=',
      message: { type: 'Text', text: 'ping' },
    });
  });

  it('§2.6 getJwt', () => {
    expect(wire(getJwt(TOKEN, TRACE))).to.deep.equal({ action: 'getJwt', token: TOKEN, tracingId: TRACE });
  });

  it('§2.8 closeSession', () => {
    expect(wire(closeSession(TOKEN, TRACE))).to.deep.equal({
      action: 'closeSession',
      token: TOKEN,
      closeAllConnections: true,
      tracingId: TRACE,
    });
    expect(wire(closeSession(TOKEN))).to.deep.equal({ action: 'closeSession', token: TOKEN, closeAllConnections: true });
  });

  it('§4.2 read receipt', () => {
    expect(wire(readReceipt(TOKEN, TRACE, 'a41c09e7f1b24d6c9d3a5e0f8b7c6d21'))).to.deep.equal({
      action: 'onMessage',
      token: TOKEN,
      tracingId: TRACE,
      message: { type: 'Receipt', id: 'a41c09e7f1b24d6c9d3a5e0f8b7c6d21', status: 'Read' },
    });
  });
});

describe('encode: purity and safety', () => {
  it('encodeFrame is JSON.stringify of the builder output', () => {
    const frame = textMessage(TOKEN, TRACE, 'x');
    expect(encodeFrame(frame)).to.equal(JSON.stringify(frame));
  });

  it('text is sent verbatim: HTML, quotes, newlines, emoji', () => {
    const text = '<b>"hi"</b>\n\\ 😀 \u2028';
    expect(wire(textMessage(TOKEN, TRACE, text)).message.text).to.equal(text);
  });

  it('custom attributes are copied, not shared, and cannot pollute prototypes', () => {
    const attrs: Record<string, string> = { a: '1' };
    const frame = textMessage(TOKEN, TRACE, 'x', { customAttributes: attrs });
    attrs.a = '2';
    expect(wire(frame).message.channel.metadata.customAttributes).to.deep.equal({ a: '1' });

    const hostile = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"c","ok":"1"}');
    const sent = wire(textMessage(TOKEN, TRACE, 'x', { customAttributes: hostile }));
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(sent.message.channel.metadata.customAttributes.ok).to.equal('1');
  });

  it('each call builds a new frame', () => {
    expect(echo(TOKEN)).to.not.equal(echo(TOKEN));
    expect(configureSession(TOKEN, DEPLOYMENT).journeyContext).to.not.equal(configureSession(TOKEN, DEPLOYMENT).journeyContext);
  });
});

describe('encode: limits', () => {
  it('constants', () => {
    expect(MAX_TEXT_LENGTH).to.equal(4096);
    expect(MAX_CUSTOM_DATA_BYTES).to.equal(2048);
  });

  it('utf8ByteLength matches TextEncoder', () => {
    const enc = new TextEncoder();
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€é', '\u0000', '\ud800', 'x\udc00y', '\ud800\ud800\udc00', 'ß'.repeat(1000)]) {
      expect(utf8ByteLength(s), JSON.stringify(s)).to.equal(enc.encode(s).length);
    }
  });

  it('customAttributesBytes counts UTF-8 bytes of keys and values', () => {
    expect(customAttributesBytes({})).to.equal(0);
    expect(customAttributesBytes({ orderId: 'A-1042', lang: 'en' })).to.equal(7 + 6 + 4 + 2);
    expect(customAttributesBytes({ 'ключ': '€' })).to.equal(8 + 3);
    const atLimit = { k: 'x'.repeat(MAX_CUSTOM_DATA_BYTES - 1) };
    expect(customAttributesBytes(atLimit)).to.equal(MAX_CUSTOM_DATA_BYTES);
  });
});

describe('encode: attachments (§2.7, §2.4c)', () => {
  it('onAttachment, getAttachment, deleteAttachment', async () => {
    const encode = await import('../../src/protocol/encode.js');
    expect(encode.onAttachment('tok', 't1', { attachmentId: 'a1', fileName: 'damage.png', fileType: 'image/png', fileSize: 48213 })).to.deep.equal({
      action: 'onAttachment', token: 'tok', tracingId: 't1', attachmentId: 'a1', fileName: 'damage.png', fileType: 'image/png', fileSize: 48213,
    });
    expect(encode.attachmentRequest('getAttachment', 'tok', 't2', 'a1')).to.deep.equal({ action: 'getAttachment', token: 'tok', tracingId: 't2', attachmentId: 'a1' });
    expect(encode.attachmentRequest('deleteAttachment', 'tok', 't3', 'a1')).to.deep.equal({ action: 'deleteAttachment', token: 'tok', tracingId: 't3', attachmentId: 'a1' });
    expect(encode.textMessage('tok', 't4', 'Photo of the damage', { attachmentIds: ['a1'] }).message).to.deep.equal({
      type: 'Text', text: 'Photo of the damage', content: [{ contentType: 'Attachment', attachment: { id: 'a1' } }],
    });
    expect(encode.textMessage('tok', 't5', '', { attachmentIds: ['a1'] }).message).to.deep.equal({ content: [{ contentType: 'Attachment', attachment: { id: 'a1' } }] });
  });
});
