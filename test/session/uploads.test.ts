import { expect } from '@open-wc/testing';
import { MAX_ACTIVE, PutError, refusal, UploadManager, type FileRules, type Put, type UploadWire } from '../../src/session/uploads.js';
import { FakeClock } from '../helpers/fake-clock.js';

const RULES: FileRules = { modes: [{ types: ['image/png', 'application/pdf'], maxBytes: 1000 }], blocked: ['.exe'] };
const file = (name: string, size = 10, type = 'image/png') => new File([new Uint8Array(size)], name, { type });

interface PutCall {
  url: string;
  headers: Record<string, string>;
  progress: (p: number) => void;
  signal: AbortSignal;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function setup(rules: FileRules | undefined = RULES) {
  const clock = new FakeClock();
  const requests: { attachmentId: string; fileName: string; tracingId: string }[] = [];
  const removed: string[] = [];
  const puts: PutCall[] = [];
  let connected = true;
  let n = 0;
  const wire: UploadWire = {
    rules: () => rules,
    request: (f) => {
      if (!connected) return undefined;
      const tracingId = `t${++n}`;
      requests.push({ ...f, tracingId });
      return tracingId;
    },
    remove: (id) => removed.push(id),
    changed: () => undefined,
    id: () => `a${++n}`,
  };
  const put: Put = (url, headers, _blob, progress, signal) =>
    new Promise((resolve, reject) => puts.push({ url, headers, progress, signal, resolve, reject }));
  const m = new UploadManager(clock, put, wire);
  const presign = (i: number) => m.frame({ kind: 'presigned', attachmentId: requests[i]!.attachmentId, url: `https://up.example/${i}`, headers: { 'x-amz-tagging': 'k=v' }, refresh: false });
  return { m, clock, requests, removed, puts, presign, setConnected: (c: boolean) => (connected = c) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('refusal', () => {
  it('type, size, empty, blocked and long names, before any upload', () => {
    expect(refusal(RULES, { name: 'a.png', size: 10, type: 'image/png' })).to.equal(undefined);
    expect(refusal(RULES, { name: 'a.tif', size: 10, type: 'image/tiff' })).to.equal(4001);
    expect(refusal(RULES, { name: 'a', size: 10, type: '' })).to.equal(4001);
    expect(refusal(RULES, { name: 'a.png', size: 1001, type: 'image/png' })).to.equal(4002);
    expect(refusal(RULES, { name: 'a.png', size: 0, type: 'image/png' })).to.equal(4102);
    expect(refusal(RULES, { name: 'RUN.EXE', size: 10, type: 'image/png' })).to.equal(4004);
    expect(refusal(RULES, { name: `${'x'.repeat(300)}.png`, size: 10, type: 'image/png' })).to.equal(4005);
    expect(refusal({ modes: [{ types: ['image/*'], maxBytes: 5 }], blocked: [] }, { name: 'a.gif', size: 5, type: 'image/gif' })).to.equal(undefined);
    expect(refusal(undefined, { name: 'a.tif', size: 10, type: 'image/tiff' })).to.equal(undefined);
  });
});

describe('UploadManager', () => {
  it('requests a URL, PUTs with its headers and Content-Type, reports progress, and is uploaded on the event', async () => {
    const { m, requests, puts, presign } = setup();
    m.add([file('a.png')]);
    expect(m.items[0]!.state).to.equal('requesting');
    expect(requests[0]).to.include({ fileName: 'a.png' });
    presign(0);
    expect(puts[0]!.headers).to.deep.equal({ 'x-amz-tagging': 'k=v', 'Content-Type': 'image/png' });
    puts[0]!.progress(0.5);
    expect(m.items[0]!.progress).to.equal(0.5);
    expect(m.busy).to.equal(true);
    puts[0]!.resolve();
    await tick();
    expect(m.items[0]!.state).to.equal('uploading');
    m.frame({ kind: 'upload-success', attachmentId: requests[0]!.attachmentId, downloadUrl: 'https://dl.example/a' });
    expect(m.items[0]).to.include({ state: 'uploaded', progress: 1, downloadUrl: 'https://dl.example/a' });
    expect(m.busy).to.equal(false);
    expect(m.take()).to.deep.equal([{ id: requests[0]!.attachmentId, name: 'a.png', mime: 'image/png', size: 10, mediaType: 'Image', url: 'https://dl.example/a' }]);
    expect(m.items).to.have.length(0);
  });

  it('refused files fail at once without a request', () => {
    const { m, requests } = setup();
    m.add([file('a.tif', 10, 'image/tiff'), file('big.png', 5000)]);
    expect(m.items.map((i) => [i.state, i.reason, i.refused])).to.deep.equal([['failed', 4001, true], ['failed', 4002, true]]);
    expect(requests).to.have.length(0);
    m.retry(m.items[0]!.key);
    expect(requests).to.have.length(0);
  });

  it(`queues: at most ${MAX_ACTIVE} at a time, the next when one is done`, () => {
    const { m, requests, presign } = setup();
    m.add([file('1.png'), file('2.png'), file('3.png')]);
    expect(requests).to.have.length(MAX_ACTIVE);
    presign(0);
    m.frame({ kind: 'upload-success', attachmentId: requests[0]!.attachmentId, downloadUrl: 'https://dl.example/1' });
    expect(requests).to.have.length(3);
  });

  it('GenerateUrlError and UploadFailureEvent fail the upload; retry asks for a new URL', async () => {
    const { m, requests, presign, puts } = setup();
    m.add([file('a.png'), file('b.png')]);
    m.frame({ kind: 'url-refused', tracingId: requests[0]!.tracingId, errorCode: 4001, message: 'no' });
    expect(m.items[0]).to.include({ state: 'failed', reason: 4001 });
    presign(1);
    puts[0]!.resolve();
    await tick();
    m.frame({ kind: 'upload-failure', attachmentId: requests[1]!.attachmentId, errorCode: 4003, message: 'bad' });
    expect(m.items[1]).to.include({ state: 'failed', reason: 4003 });
    m.retry(m.items[1]!.key);
    expect(m.items[1]!.state).to.equal('requesting');
    expect(requests.at(-1)!.attachmentId).to.not.equal(requests[1]!.attachmentId);
  });

  it('a refused PUT fails; no event in time fails with timeout', async () => {
    const { m, presign, puts, clock } = setup();
    m.add([file('a.png'), file('b.png')]);
    presign(0);
    puts[0]!.reject(new PutError(false, 403));
    await tick();
    expect(m.items[0]).to.include({ state: 'failed', reason: 'upload' });
    presign(1);
    puts[1]!.resolve();
    await tick();
    clock.tick(30_000);
    expect(m.items[1]).to.include({ state: 'failed', reason: 'timeout' });
  });

  it('a lost connection re-queues uploads not done; they start again with a new URL after the reconnect', async () => {
    const { m, requests, presign, puts, setConnected } = setup();
    m.add([file('a.png')]);
    presign(0);
    setConnected(false);
    m.lost();
    expect(puts[0]!.signal.aborted).to.equal(true);
    expect(m.items[0]!.state).to.equal('queued');
    setConnected(true);
    m.connected();
    expect(requests).to.have.length(2);
    expect(m.items[0]!.state).to.equal('requesting');
    // The old upload's event, if it ever comes, changes nothing.
    m.frame({ kind: 'upload-success', attachmentId: requests[0]!.attachmentId, downloadUrl: 'https://dl.example/old' });
    expect(m.items[0]!.state).to.equal('requesting');
  });

  it('a new session (cleared, started anew, signed in or out) uploads the waiting files again', async () => {
    const { m, requests, presign, puts } = setup();
    m.add([file('a.png')]);
    presign(0);
    puts[0]!.resolve();
    await tick();
    m.frame({ kind: 'upload-success', attachmentId: requests[0]!.attachmentId, downloadUrl: 'https://dl.example/a' });
    expect(m.items[0]!.state).to.equal('uploaded');
    m.connected(false);
    expect(requests, 'the same session: nothing to do').to.have.length(1);
    m.connected(true);
    expect(requests).to.have.length(2);
    expect(requests[1]!.attachmentId).not.to.equal(requests[0]!.attachmentId);
    expect(m.items[0]!.state).to.equal('requesting');
  });

  it('a PUT cut by the network is tried again with a new URL', async () => {
    const { m, requests, presign, puts } = setup();
    m.add([file('a.png')]);
    presign(0);
    puts[0]!.reject(new PutError(true));
    await tick();
    expect(requests).to.have.length(2);
  });

  it('cancel: deleteAttachment for an upload that reached the server, nothing for one still asking', async () => {
    const { m, requests, presign, puts, removed } = setup();
    m.add([file('a.png'), file('b.png')]);
    presign(0);
    puts[0]!.resolve();
    await tick();
    m.frame({ kind: 'upload-success', attachmentId: requests[0]!.attachmentId, downloadUrl: 'https://dl.example/a' });
    m.cancel(m.items[0]!.key);
    m.cancel(m.items[0]!.key);
    expect(removed).to.deep.equal([requests[0]!.attachmentId]);
    expect(m.items).to.have.length(0);
  });
});
