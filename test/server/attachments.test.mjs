// Attachments in the simulator (server/attachments.mjs): upload URLs, the PUT, the events,
// downloads that expire, getAttachment, deleteAttachment, messages naming attachments, the
// agent's files, and the control methods. Shapes are checked against the real frames
// (test/fixtures/real-frames.json: Genesys's own transport SDK tests, with their sources).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { startSimulator } from '../../server/simulator.mjs';
import { GuestClient, agentConsole, sleep } from './ws-client.mjs';

const FIXTURES = new URL('../fixtures/real-frames.json', import.meta.url);
/** @type {Record<string, any>} */
const real = {};
for (const f of JSON.parse(readFileSync(FIXTURES, 'utf8')).frames) if (f.raw.trim().startsWith('{')) real[f.id] = JSON.parse(f.raw);
/** A real frame by id: the fixture file has it, or the test fails (never a silent skip). */
const realFrame = (/** @type {string} */ id) => {
  assert.ok(real[id], `test/fixtures/real-frames.json has ${id}`);
  return real[id];
};

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
let n = 0;
/** @type {GuestClient[]} */
const clients = [];
const ON = { messenger: { fileUpload: { enableAttachments: true } } };

before(async () => {
  sim = await startSimulator({ ratePerSecond: 0, deployments: 'any' });
});
after(async () => {
  for (const c of clients) c.ws.terminate();
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.setOptions({ config: ON });
});

async function guest(token = `att-${process.pid}-${++n}`) {
  const client = await GuestClient.open(sim.wsUrl);
  clients.push(client);
  const response = await client.configure(token);
  return { client, token, response };
}

/** onAttachment for `file`; resolves with the answer. */
const ask = (/** @type {GuestClient} */ c, /** @type {string} */ token, file = {}) =>
  c.request({ action: 'onAttachment', token, fileName: 'damage.png', fileType: 'image/png', fileSize: 4, ...file });

/** PUT bytes to a PresignedUrlResponse body. */
const put = (/** @type {any} */ body, bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47]), headers = { ...body.headers, 'Content-Type': body.fileType }) =>
  fetch(body.url, { method: 'PUT', headers, body: bytes });

/** Keys of an object, sorted (shape comparison with the real frames). */
const keys = (/** @type {any} */ o) => Object.keys(o).sort();

describe('allowed media', () => {
  test('the SessionResponse carries allowedMedia and blockedExtensions when uploads are on', async () => {
    const { response } = await guest();
    assert.deepEqual(response.body.allowedMedia.inbound.fileTypes.map((/** @type {any} */ t) => t.type), ['image/png', 'image/jpeg', 'image/gif', 'application/pdf']);
    assert.equal(response.body.allowedMedia.inbound.maxFileSizeKB, 10240);
    assert.ok(response.body.blockedExtensions.includes('.exe'));
  });

  test('with modes (enableAttachments off) the modes decide, and allowedMedia mirrors them', async () => {
    sim.setOptions({ config: { messenger: { fileUpload: { enableAttachments: false, modes: [{ fileTypes: ['text/plain'], maxFileSizeKB: 1 }] } } } });
    const { client, token, response } = await guest();
    assert.deepEqual(response.body.allowedMedia, { inbound: { fileTypes: [{ type: 'text/plain' }], maxFileSizeKB: 1 } });
    assert.equal((await ask(client, token, { fileName: 'a.txt', fileType: 'text/plain', fileSize: 10 })).class, 'PresignedUrlResponse');
    assert.equal((await ask(client, token, { fileName: 'a.txt', fileType: 'text/plain', fileSize: 2000 })).body.errorCode, 4002);
    assert.equal((await ask(client, token)).body.errorCode, 4001);
  });

  test('uploads off: no allowedMedia, and onAttachment answers GenerateUrlError 4000', async () => {
    sim.reset();
    const { client, token, response } = await guest();
    assert.equal(response.body.allowedMedia, undefined);
    const f = await ask(client, token);
    assert.equal(f.class, 'GenerateUrlError');
    assert.equal(f.body.errorCode, 4000);
  });
});

describe('onAttachment', () => {
  test('answers a PresignedUrlResponse shaped like the real one, on the simulator origin', async () => {
    const { client, token } = await guest();
    const f = await ask(client, token, { attachmentId: 'my-own-id' });
    assert.equal(f.type, 'response');
    assert.equal(f.class, 'PresignedUrlResponse');
    assert.equal(f.code, 200);
    assert.equal(f.body.attachmentId, 'my-own-id');
    assert.ok(f.body.url.startsWith(`${sim.httpUrl}/__uploads/my-own-id?sig=`));
    assert.ok(f.body.headers['x-amz-tagging']);
    assert.deepEqual([f.body.fileName, f.body.fileSize, f.body.fileType], ['damage.png', 4, 'image/png']);
    const shape = realFrame('mt.Response.presignedUrlResponse');
    {
      for (const k of keys(shape.body)) assert.ok(k in f.body, `real body key ${k}`);
      assert.deepEqual(keys(f.body.headers), keys(shape.body.headers));
    }
  });

  test('refusals are GenerateUrlError 400 with the code: type 4001, size 4002, name 4004, long name 4005', async () => {
    const { client, token } = await guest();
    const cases = [
      [{ fileType: 'image/tiff' }, 4001],
      [{ fileSize: 11 * 1024 * 1024 }, 4002],
      [{ fileSize: -1 }, 4002],
      [{ fileName: 'run.exe' }, 4004],
      [{ fileName: '../etc/passwd' }, 4004],
      [{ fileName: `${'a'.repeat(300)}.png` }, 4005],
    ];
    for (const [file, code] of cases) {
      const f = await ask(client, token, /** @type {any} */ (file));
      assert.equal(f.class, 'GenerateUrlError', JSON.stringify(file).slice(0, 80));
      assert.equal(f.type, 'response');
      assert.equal(f.code, 400);
      assert.equal(f.body.errorCode, code);
      assert.ok(f.body.attachmentId);
      assert.equal(typeof f.body.errorMessage, 'string');
      const shape = realFrame('mt.Response.generateUrlError');
      assert.deepEqual(keys(f.body), keys(shape.body));
    }
  });

  test('needs a configured session (4007)', async () => {
    const client = await GuestClient.open(sim.wsUrl);
    clients.push(client);
    const f = await ask(client, 'nobody');
    assert.equal(f.code, 4007);
  });
});

describe('the PUT', () => {
  test('stores the bytes and pushes UploadSuccessEvent with a download URL that serves them', async () => {
    const { client, token } = await guest();
    const url = await ask(client, token);
    const res = await put(url.body);
    assert.equal(res.status, 200);
    const ev = await client.ofClass('UploadSuccessEvent');
    assert.equal(ev.type, 'message');
    assert.equal(ev.body.attachmentId, url.body.attachmentId);
    assert.ok(ev.body.downloadUrl.startsWith(`${sim.httpUrl}/__downloads/`));
    assert.ok(!Number.isNaN(Date.parse(ev.body.timestamp)));
    const shape = realFrame('mt.Response.uploadSuccessEvent');
    assert.deepEqual(keys(ev.body), keys(shape.body));
    const dl = await fetch(ev.body.downloadUrl);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'image/png');
    assert.equal(Buffer.from(await dl.arrayBuffer()).toString('latin1'), '\x89PNG');
    const { puts } = sim.uploadStats();
    assert.equal(puts.at(-1)?.headers['x-amz-tagging'], url.body.headers['x-amz-tagging']);
    assert.equal(puts.at(-1)?.headers['content-type'], 'image/png');
  });

  test('answers the CORS preflight for the presigned header', async () => {
    const { client, token } = await guest();
    const url = await ask(client, token);
    const res = await fetch(url.body.url, {
      method: 'OPTIONS',
      headers: { Origin: 'http://page.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-amz-tagging' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://page.example');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /x-amz-tagging/i);
  });

  test('refuses (403, no event) a PUT without the presigned header, with another Content-Type or a bad signature', async () => {
    const { client, token } = await guest();
    const url = await ask(client, token);
    assert.equal((await put(url.body, undefined, { 'Content-Type': 'image/png' })).status, 403);
    assert.equal((await put(url.body, undefined, { ...url.body.headers, 'Content-Type': 'text/html' })).status, 403);
    assert.equal((await put({ ...url.body, url: url.body.url.replace(/sig=.*/, 'sig=forged') })).status, 403);
    assert.deepEqual(await client.collect((f) => /Upload/.test(f.class), 100), []);
    assert.deepEqual(sim.uploadStats().puts.map((p) => p.status), [403, 403, 403]);
  });

  test('a wrong size, zero bytes (4102) or failNextUpload push UploadFailureEvent', async () => {
    const { client, token } = await guest();
    const a = await ask(client, token);
    await put(a.body, Buffer.from('toolong'));
    const f1 = await client.ofClass('UploadFailureEvent');
    assert.equal(f1.body.attachmentId, a.body.attachmentId);
    assert.equal(f1.body.errorCode, 4003);
    const shape = realFrame('mt.Response.uploadFailureEvent');
    assert.deepEqual(keys(f1.body), keys(shape.body));

    const b = await ask(client, token, { fileSize: 0 });
    await put(b.body, Buffer.alloc(0));
    assert.equal((await client.ofClass('UploadFailureEvent')).body.errorCode, 4102);

    sim.failNextUpload({ token, errorCode: 4003 });
    const c = await ask(client, token);
    await put(c.body);
    const f3 = await client.ofClass('UploadFailureEvent');
    assert.equal(f3.body.attachmentId, c.body.attachmentId);
    assert.equal(f3.body.errorCode, 4003);
    // The next one succeeds again.
    const d = await ask(client, token);
    await put(d.body);
    assert.equal((await client.ofClass('UploadSuccessEvent')).body.attachmentId, d.body.attachmentId);
  });

  test('the event goes to every connection of the session; none when the socket is gone', async () => {
    const { client, token } = await guest();
    const other = await GuestClient.open(sim.wsUrl);
    clients.push(other);
    await other.configure(token);
    const a = await ask(client, token);
    client.ws.terminate();
    await sleep(50);
    await put(a.body);
    assert.equal((await other.ofClass('UploadSuccessEvent')).body.attachmentId, a.body.attachmentId);
  });
});

describe('download URLs, getAttachment, deleteAttachment', () => {
  test('download URLs expire (403) and getAttachment answers a fresh one with empty headers', async () => {
    sim.setOptions({ downloadUrlSeconds: 1 });
    const { client, token } = await guest();
    const a = await ask(client, token);
    await put(a.body);
    const ev = await client.ofClass('UploadSuccessEvent');
    await sleep(1100);
    assert.equal((await fetch(ev.body.downloadUrl)).status, 403);
    sim.setOptions({ downloadUrlSeconds: 600 });
    const fresh = await client.request({ action: 'getAttachment', token, attachmentId: a.body.attachmentId });
    assert.equal(fresh.class, 'PresignedUrlResponse');
    assert.deepEqual(fresh.body.headers, {});
    assert.equal(fresh.body.fileSize, 4);
    assert.notEqual(fresh.body.url, ev.body.downloadUrl);
    assert.equal((await fetch(fresh.body.url)).status, 200);
    assert.equal((await client.request({ action: 'getAttachment', token, attachmentId: 'unknown' })).code, 4009);
  });

  test('deleteAttachment: AttachmentDeletedResponse for an uploaded attachment not sent yet', async () => {
    const { client, token } = await guest();
    const a = await ask(client, token);
    await put(a.body);
    await client.ofClass('UploadSuccessEvent');
    const del = await client.request({ action: 'deleteAttachment', token, attachmentId: a.body.attachmentId });
    assert.equal(del.class, 'AttachmentDeletedResponse');
    assert.equal(del.body.attachmentId, a.body.attachmentId);
    const shape = realFrame('mt.Response.attachmentDeleted');
    assert.deepEqual([del.type, del.code, keys(del.body)], [shape.type, shape.code, keys(shape.body)]);
    assert.equal(sim.uploadStats().attachments.length, 0);
    // Gone: a message naming it is refused.
    const echo = await client.request({ action: 'onMessage', token, message: { content: [{ contentType: 'Attachment', attachment: { id: a.body.attachmentId } }] } });
    assert.equal(echo.code, 4009);
  });
});

describe('messages with attachments', () => {
  test('an attachment-only message is echoed with the full attachment, also in history', async () => {
    const { client, token } = await guest();
    const a = await ask(client, token);
    await put(a.body);
    await client.ofClass('UploadSuccessEvent');
    const echo = await client.request({ action: 'onMessage', token, message: { content: [{ contentType: 'Attachment', attachment: { id: a.body.attachmentId } }] } });
    assert.equal(echo.class, 'StructuredMessage');
    assert.equal(echo.body.type, 'Text');
    assert.equal(echo.body.text, undefined);
    const att = echo.body.content[0].attachment;
    assert.deepEqual([att.id, att.mediaType, att.mime, att.filename, att.fileSize], [a.body.attachmentId, 'Image', 'image/png', 'damage.png', 4]);
    assert.equal((await fetch(att.url)).status, 200);
    const shape = realFrame('mt.Response.onMessageWithAttachment');
    assert.deepEqual(keys(att), keys(shape.body.content[0].attachment));
    // Sent: it can no longer be deleted.
    assert.equal((await client.request({ action: 'deleteAttachment', token, attachmentId: a.body.attachmentId })).code, 400);
    const stored = sim.sessions().find((s) => s.token === token)?.messages.at(-1);
    assert.equal(stored?.content?.[0]?.attachment?.id, a.body.attachmentId);
  });

  test('text with an attachment; unknown ids are 4009, not uploaded ones 4010', async () => {
    const { client, token } = await guest();
    const a = await ask(client, token, { fileName: 'notes.pdf', fileType: 'application/pdf' });
    const early = await client.request({ action: 'onMessage', token, message: { type: 'Text', text: 'see', content: [{ contentType: 'Attachment', attachment: { id: a.body.attachmentId } }] } });
    assert.equal(early.code, 4010);
    await put(a.body, Buffer.from('%PDF'));
    await client.ofClass('UploadSuccessEvent');
    const echo = await client.request({ action: 'onMessage', token, message: { type: 'Text', text: 'see', content: [{ contentType: 'Attachment', attachment: { id: a.body.attachmentId } }] } });
    assert.equal(echo.body.text, 'see');
    assert.equal(echo.body.content[0].attachment.mediaType, 'File');
    const dl = await fetch(echo.body.content[0].attachment.url);
    assert.equal(dl.headers.get('content-type'), 'application/octet-stream');
    assert.match(dl.headers.get('content-disposition') ?? '', /^attachment/);
    assert.match(dl.headers.get('content-security-policy') ?? '', /sandbox/);
    const unknown = await client.request({ action: 'onMessage', token, message: { content: [{ contentType: 'Attachment', attachment: { id: 'nope' } }] } });
    assert.equal(unknown.code, 4009);
  });

  test("agentMessage carries an attachment the simulator serves", async () => {
    const { client, token } = await guest();
    sim.agentMessage({ token, text: 'Here', attachment: { filename: 'label.png', mime: 'image/png', bytesBase64: Buffer.from('PNGDATA').toString('base64') } });
    const m = await client.take((f) => f.class === 'StructuredMessage' && f.body.direction === 'Outbound');
    const att = m.body.content[0].attachment;
    assert.deepEqual([m.body.text, att.filename, att.mediaType, att.mime, att.fileSize], ['Here', 'label.png', 'Image', 'image/png', 7]);
    assert.equal(await (await fetch(att.url)).text(), 'PNGDATA');
    const fresh = await client.request({ action: 'getAttachment', token, attachmentId: att.id });
    assert.deepEqual(fresh.body.headers, {});
  });
});

describe('the agent console', () => {
  test("sees the customer's files and sends a file", async () => {
    const { client, token } = await guest();
    const { ws: agent, until } = await agentConsole(sim.httpUrl, { tries: 200 });
    try {
      await until((m) => m.type === 'hello');
      agent.send(JSON.stringify({ type: 'attach', token }));
      await until((m) => m.type === 'transcript');
      const a = await ask(client, token);
      await put(a.body);
      await client.ofClass('UploadSuccessEvent');
      await client.request({ action: 'onMessage', token, message: { content: [{ contentType: 'Attachment', attachment: { id: a.body.attachmentId } }] } });
      const seen = await until((m) => m.type === 'message' && m.message.content?.[0]?.attachment);
      assert.equal(seen.message.content[0].attachment.filename, 'damage.png');
      agent.send(JSON.stringify({ type: 'send-file', filename: 'label.pdf', mime: 'application/pdf', bytesBase64: Buffer.from('%PDF-1').toString('base64') }));
      const f = await client.take((x) => x.body?.direction === 'Outbound' && x.body.content?.[0]?.attachment);
      assert.equal(f.body.content[0].attachment.filename, 'label.pdf');
      assert.equal(await (await fetch(f.body.content[0].attachment.url)).text(), '%PDF-1');
    } finally {
      agent.terminate();
    }
  });
});

describe('control over HTTP', () => {
  test('failNextUpload, uploadStats and setOptions downloadUrlSeconds are control methods', async () => {
    const call = (/** @type {string} */ m, /** @type {any} */ body = {}) =>
      fetch(`${sim.httpUrl}/__sim/${m}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    assert.deepEqual(await call('failNextUpload', { errorCode: 4003 }), { queued: true });
    const stats = await call('uploadStats');
    assert.deepEqual(stats, { puts: [], attachments: [] });
    assert.equal((await call('setOptions', { downloadUrlSeconds: 5 })).downloadUrlSeconds, 5);
  });
});
