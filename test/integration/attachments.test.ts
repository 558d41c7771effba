/**
 * Attachments end to end: the element, the real simulator over a real WebSocket, the
 * uploads over real HTTP (the presigned PUT, CORS preflight and all), the downloads.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type SimSession, type Simulator } from '../helpers/sim-client.js';

let sim: Simulator;
let counter = 0;
const deployment = () => `att-${Date.now().toString(36)}-${++counter}`;
const ON = { messenger: { fileUpload: { enableAttachments: true } } };
/** A 1×1 PNG. */
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const png = (name = 'photo.png', size = 0) =>
  new File(size ? [new Uint8Array(size)] : [Uint8Array.from(atob(PNG_B64), (c) => c.charCodeAt(0))], name, { type: 'image/png' });

async function mount(dep: string, open = true): Promise<GenesysChat> {
  return fixture<GenesysChat>(html`<genesys-chat deployment-id=${dep} socket-url=${sim.wsUrl} storage="session" connect="eager" lang="en" ?open=${open}></genesys-chat>`);
}

const q = <T extends Element = HTMLElement>(el: GenesysChat, s: string) => el.shadowRoot!.querySelector<T>(s);
const qa = (el: GenesysChat, s: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];
const tokenOf = (el: GenesysChat) => sessionStorage.getItem(`genesys-chat:${el.deploymentId}:token`)!;

async function ready(el: GenesysChat): Promise<SimSession> {
  await waitUntil(() => el.connectionState === 'ready' && q(el, '[part="attach-button"]'), 'ready with a paperclip', { timeout: 5000 });
  return (await sim.session(tokenOf(el)))!;
}

/** Picks files through the hidden file input, as the paperclip does. */
function pick(el: GenesysChat, ...files: File[]): void {
  const input = q<HTMLInputElement>(el, 'input[type="file"]')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}

const chips = (el: GenesysChat) => qa(el, 'li[part="attachment"]');
const states = (el: GenesysChat) => chips(el).map((c) => c.dataset.state);
const frames = async (token: string, action: string) => (await sim.session(token))?.framesReceived[action] ?? 0;

async function sendNow(el: GenesysChat): Promise<void> {
  await el.updateComplete;
  q<HTMLButtonElement>(el, '[part="send-button"]')!.click();
}

describe('attachments over the simulator', function () {
  this.timeout(20000);

  before(async () => {
    sim = await simulator();
  });
  beforeEach(async () => {
    await sim.setOptions({ scriptedAgent: false, receipts: false, downloadUrlSeconds: 600, uploadDelayMs: 0 });
  });

  it('uploads with progress and the presigned headers, then sends the file (attachment only) exactly once', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    const s = await ready(el);
    expect(q<HTMLInputElement>(el, 'input[type="file"]')!.accept).to.equal('image/png,image/jpeg,image/gif,application/pdf');
    const progress: number[] = [];
    const watch = new MutationObserver((records) => {
      for (const r of records) if (r.target instanceof HTMLProgressElement) progress.push(Number(r.target.getAttribute('value')));
    });
    watch.observe(el.shadowRoot!, { subtree: true, attributes: true, attributeFilter: ['value'] });
    pick(el, png('big.png', 3_000_000));
    await waitUntil(() => states(el)[0] === 'uploaded', 'uploaded', { timeout: 8000 });
    watch.disconnect();
    expect(progress.some((p) => p > 0), `progress ${progress.join(',')}`).to.equal(true);
    const { puts } = await sim.uploadStats();
    expect(puts).to.have.length(1);
    expect(puts[0]!.headers['x-amz-tagging']).to.match(/^deploymentId=/);
    expect(puts[0]!.headers['content-type']).to.equal('image/png');
    expect(puts[0]!.bytes).to.equal(3_000_000);
    await sendNow(el);
    await waitUntil(async () => (await sim.session(s.token))!.messages.length === 1, 'delivered');
    await new Promise((r) => setTimeout(r, 300));
    const messages = (await sim.session(s.token))!.messages;
    expect(messages).to.have.length(1);
    expect(messages[0]!.text).to.equal(undefined);
    expect((messages[0]!.content![0] as { attachment: { filename: string } }).attachment.filename).to.equal('big.png');
    expect(chips(el)).to.have.length(0);
    await waitUntil(() => q(el, '[part~="customer"] img[alt="big.png"]'), 'the sent picture in the log');
  });

  it('takes files dropped on the panel (with a visible hint while dragging) and pasted into the text field', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    await ready(el);
    const panel = q(el, '[part="panel"]')!;
    const dropped = new DataTransfer();
    dropped.items.add(png('dropped.png'));
    panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(q(el, '.drop-hint')!.textContent).to.equal('Drop files here to attach them');
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(q(el, '.drop-hint')).to.equal(null);
    const pasted = new DataTransfer();
    pasted.items.add(png('pasted.png'));
    const paste = new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true });
    q(el, '[part="input"]')!.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await waitUntil(() => states(el).join() === 'uploaded,uploaded', 'both uploaded');
    expect(chips(el).map((c) => c.querySelector('.name')!.textContent)).to.deep.equal(['dropped.png', 'pasted.png']);
  });

  it('refuses a wrong type and a too large file at once, in words, without asking the service', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    const s = await ready(el);
    pick(el, new File(['x'], 'scan.tiff', { type: 'image/tiff' }), png('huge.png', 11 * 1024 * 1024), new File(['x'], 'setup.exe', { type: 'image/png' }));
    await el.updateComplete;
    expect(states(el)).to.deep.equal(['failed', 'failed', 'failed']);
    expect(chips(el).map((c) => c.querySelector('.reason')!.textContent!.trim())).to.deep.equal([
      "This type of file can't be sent.",
      'The file is too large.',
      "This file name isn't allowed.",
    ]);
    expect(chips(el).some((c) => c.querySelector('[part="retry"]'))).to.equal(false);
    expect(await frames(s.token, 'onAttachment')).to.equal(0);
  });

  it('GenerateUrlError and UploadFailureEvent show with a retry that works', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    const s = await ready(el);
    // The service stops taking files after the session said it did: GenerateUrlError 4000.
    await sim.setConfig({ deploymentId: dep, config: { messenger: { fileUpload: { enableAttachments: false } } } });
    pick(el, png('a.png'));
    await waitUntil(() => states(el)[0] === 'failed', 'refused');
    expect(chips(el)[0]!.querySelector('.reason')!.textContent).to.include("Files can't be sent in this chat.");
    await sim.setConfig({ deploymentId: dep, config: ON });
    chips(el)[0]!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await waitUntil(() => states(el)[0] === 'uploaded', 'uploaded after retry');

    await sim.failNextUpload({ token: s.token, errorCode: 4003 });
    pick(el, png('b.png'));
    await waitUntil(() => states(el)[1] === 'failed', 'upload failed');
    expect(chips(el)[1]!.querySelector('.reason')!.textContent).to.include('The file could not be uploaded.');
    chips(el)[1]!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await waitUntil(() => states(el)[1] === 'uploaded', 'uploaded after retry');
  });

  it('cancel deletes an uploaded file on the service', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    const s = await ready(el);
    pick(el, png('a.png'));
    await waitUntil(() => states(el)[0] === 'uploaded', 'uploaded');
    chips(el)[0]!.querySelector<HTMLButtonElement>('.remove')!.click();
    await waitUntil(async () => (await frames(s.token, 'deleteAttachment')) === 1, 'deleteAttachment');
    expect(chips(el)).to.have.length(0);
    expect((await sim.uploadStats()).attachments.filter((a) => a.token === s.token)).to.have.length(0);
  });

  it('several files queue, and go in one message with text; send waits for uploads still running', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    await sim.setOptions({ uploadDelayMs: 300 });
    const el = await mount(dep);
    const s = await ready(el);
    pick(el, png('1.png'), png('2.png'), png('3.png'));
    await el.updateComplete;
    expect(states(el).filter((x) => x === 'queued')).to.have.length(1);
    const input = q<HTMLTextAreaElement>(el, '[part="input"]')!;
    input.value = 'three photos';
    input.dispatchEvent(new Event('input'));
    await sendNow(el);
    await el.updateComplete;
    expect(q(el, '.waiting')).to.exist;
    await waitUntil(async () => (await sim.session(s.token))!.messages.length === 1, 'delivered', { timeout: 8000 });
    const m = (await sim.session(s.token))!.messages[0]!;
    expect(m.text).to.equal('three photos');
    expect(m.content).to.have.length(3);
  });

  it('a text over the limit with a file: the file goes with its first part, the rest after it in order, nothing cut (the splitting chunk waited for)', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    const s = await ready(el);
    pick(el, png());
    await waitUntil(() => states(el)[0] === 'uploaded', 'uploaded', { timeout: 8000 });
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    // No input event: nothing has asked for the splitting chunk before the send.
    q<HTMLTextAreaElement>(el, '[part="input"]')!.value = words;
    await sendNow(el);
    await waitUntil(async () => (await sim.session(s.token))!.messages.map((m) => m.text).join(' ') === words, 'every part delivered', { timeout: 8000 });
    const messages = (await sim.session(s.token))!.messages;
    expect(messages.length).to.be.greaterThan(1);
    expect(messages[0]!.content, 'the file with the first part').to.have.length(1);
    expect(messages.slice(1).every((m) => !m.content?.length), 'the other parts text only').to.equal(true);
    expect(messages.every((m) => (m.text ?? '').length <= 4096)).to.equal(true);
    expect(q<HTMLTextAreaElement>(el, '[part="input"]')!.value, 'sent: the field is empty').to.equal('');
  });

  it('an upload cut by a dropped connection completes after the reconnect, with a new URL', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    await sim.setOptions({ uploadDelayMs: 400 });
    const el = await mount(dep);
    const s = await ready(el);
    pick(el, png('a.png'));
    await waitUntil(async () => (await sim.uploadStats()).puts.some((p) => p.attachmentId && p.status === 0), 'PUT under way');
    await sim.drop({ token: s.token });
    await sim.setOptions({ uploadDelayMs: 0 });
    await waitUntil(() => states(el)[0] === 'uploaded', 'uploaded after the reconnect', { timeout: 10000 });
    expect(await frames(s.token, 'onAttachment')).to.equal(2);
  });

  it('a message whose files were uploaded survives a reload and is delivered exactly once', async () => {
    const dep = deployment();
    await sim.setConfig({ deploymentId: dep, config: ON });
    const el = await mount(dep);
    const s = await ready(el);
    pick(el, png('kept.png'));
    await waitUntil(() => states(el)[0] === 'uploaded', 'uploaded');
    await sim.refuse({ ms: 1500 });
    await sim.drop({ token: s.token });
    await waitUntil(() => el.connectionState === 'reconnecting', 'offline');
    await sendNow(el);
    const stored = JSON.parse(sessionStorage.getItem(`genesys-chat:${dep}:outbox`) ?? '[]');
    expect(stored).to.have.length(1);
    expect(stored[0].attachments[0]).to.include({ name: 'kept.png', mime: 'image/png' });
    el.remove();
    const again = await mount(dep);
    await waitUntil(async () => (await sim.session(s.token))?.messages.length === 1, 'delivered after the reload', { timeout: 8000 });
    await waitUntil(() => again.messages.some((m) => m.status === 'sent'), 'echoed');
    await new Promise((r) => setTimeout(r, 500));
    expect((await sim.session(s.token))!.messages).to.have.length(1);
    await waitUntil(() => q(again, '[part~="customer"] img[alt="kept.png"]'), 'rendered');
  });

  it("renders the agent's picture as a thumbnail and a file as a link with its size", async () => {
    const dep = deployment();
    const el = await mount(dep);
    await waitUntil(() => el.connectionState === 'ready', 'ready');
    const token = tokenOf(el);
    await sim.agentMessage({ token, text: 'Your label', attachment: { filename: 'label.png', mime: 'image/png', bytesBase64: PNG_B64 } });
    await sim.agentMessage({ token, text: '', attachment: { filename: 'invoice.pdf', mime: 'application/pdf', bytesBase64: btoa('x'.repeat(2500)) } });
    await waitUntil(() => q<HTMLImageElement>(el, '[part~="agent"] img[alt="label.png"]')?.naturalWidth === 1, 'thumbnail loaded');
    const link = q<HTMLAnchorElement>(el, '[part~="agent"] a[part="attachment"]:not(.thumb)')!;
    expect(link.textContent).to.equal('invoice.pdf');
    expect(link.target).to.equal('_blank');
    expect(link.nextElementSibling!.textContent, 'the real extension, apart from the name (S2)').to.equal('PDF');
    expect(link.parentElement!.querySelector('.size')!.textContent).to.equal('2.5 kB');
    // No paperclip: this deployment takes no files.
    expect(q(el, '[part="attach-button"]')).to.equal(null);
  });

  it('refreshes an expired download URL with getAttachment before showing the picture', async () => {
    const dep = deployment();
    await sim.setOptions({ downloadUrlSeconds: 1 });
    const el = await mount(dep);
    await waitUntil(() => el.connectionState === 'ready', 'ready');
    const token = tokenOf(el);
    el.open = false;
    await el.updateComplete;
    await sim.agentMessage({ token, text: '', attachment: { filename: 'late.png', mime: 'image/png', bytesBase64: PNG_B64 } });
    await new Promise((r) => setTimeout(r, 1300));
    await sim.setOptions({ downloadUrlSeconds: 600 });
    el.open = true;
    await waitUntil(() => q<HTMLImageElement>(el, 'img[alt="late.png"]')?.naturalWidth === 1, 'loaded with a fresh URL', { timeout: 6000 });
    expect(await frames(token, 'getAttachment')).to.equal(1);
  });
});
