/**
 * The in-page half of `npm run bench` (scripts/bench.mjs bundles this with esbuild).
 *
 * Drives `<genesys-chat>` through its public API only (attributes, `show()`, `messages`,
 * `transportFactory`, `updateComplete`, parts in the shadow root), so the figures stay
 * comparable while the element's internals change, and drives a floor beside it: a small
 * Lit chat log with one shared time formatter, the least any Lit chat log costs here.
 */
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '../../src/define.js';
import { FakeTransport } from '../../test/helpers/fake-transport.js';

// ------------------------------------------------------------------ the floor (about 40 lines)

interface FloorMessage {
  id: string;
  text: string;
  time: number;
  from: 'agent' | 'customer';
}
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

class FloorChat extends LitElement {
  static override properties = { messages: { attribute: false } };
  static override styles = css`
    :host { display: flex; flex-direction: column; width: 360px; height: 560px; font: 14px system-ui; }
    [part='log'] { flex: 1; overflow: auto; }
    .row { margin: 4px 8px; }
    .agent { text-align: left; }
    .customer { text-align: right; }
  `;
  messages: FloorMessage[] = [];
  draft = '';
  add(m: FloorMessage): void {
    this.messages = [...this.messages, m];
  }
  protected override render() {
    return html`<div part="log" role="log">
        ${repeat(
          this.messages,
          (m) => m.id,
          (m) => html`<div class="row ${m.from}">
            <div part="message ${m.from}">${m.text}</div>
            <time>${clock.format(m.time)}</time>
          </div>`,
        )}
      </div>
      <textarea part="input" @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}></textarea>`;
  }
  protected override updated(): void {
    const log = this.renderRoot.querySelector('[part="log"]');
    if (log) log.scrollTop = log.scrollHeight;
  }
}
customElements.define('bench-floor-chat', FloorChat);

// ------------------------------------------------------------------ one driver per subject

interface Subject {
  el: HTMLElement & { updateComplete: Promise<boolean> };
  /** Adds n agent messages; `spread` delivers each in its own task, as a WebSocket would. */
  agent(texts: string[], spread: boolean): Promise<void>;
  count(): number;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const task = () => new Promise<void>((r) => setTimeout(r, 0));

/** Waits until no update is pending (an update may request another). */
async function settled(el: Subject['el']): Promise<void> {
  for (let i = 0; i < 20 && !(await el.updateComplete); i++);
}

/**
 * Main-thread time of `action` until the frame that shows its result is done: it starts at
 * the beginning of a frame (in a requestAnimationFrame callback, so no time is spent waiting
 * for vsync), runs the action and its updates (microtasks, before that frame's style and
 * layout), and ends in the first task after that frame. If the result is not shown yet,
 * `action` waits for further frames itself, and they count.
 */
function inFrame(action: () => Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    requestAnimationFrame(() => {
      const t0 = performance.now();
      action().then(() => setTimeout(() => resolve(performance.now() - t0), 0), reject);
    });
  });
}

let seq = 0;
const nextText = () => `bench message ${++seq}`;

async function mountOurs(container: HTMLElement): Promise<Subject> {
  const el = document.createElement('genesys-chat') as any;
  el.setAttribute('deployment-id', `bench-${Date.now()}-${seq}`);
  el.setAttribute('socket-url', 'ws://127.0.0.1:1/v1');
  el.setAttribute('storage', 'none');
  el.transportFactory = (o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o);
  container.append(el);
  await el.updateComplete;
  el.show();
  await settled(el);
  // Today the element connects at once; a lazy one connects on show(). Either way, wait for it.
  for (let i = 0; i < 200 && !FakeTransport.last?.listener; i++) await task();
  const t = FakeTransport.last;
  if (!t?.listener) throw new Error('the element created no transport');
  t.ready();
  await settled(el);
  await frame();
  return {
    el,
    count: () => el.messages.length,
    async agent(texts, spread) {
      if (!spread) {
        for (const text of texts) t.agentSays(text);
        return;
      }
      const channel = new MessageChannel();
      let i = 0;
      await new Promise<void>((resolve) => {
        channel.port1.onmessage = () => {
          t.agentSays(texts[i++]!);
          if (i === texts.length) resolve();
        };
        for (let k = 0; k < texts.length; k++) channel.port2.postMessage(0);
      });
      channel.port1.close();
    },
  };
}

async function mountFloor(container: HTMLElement): Promise<Subject> {
  const el = document.createElement('bench-floor-chat') as FloorChat;
  container.append(el);
  await el.updateComplete;
  let n = 0;
  const make = (text: string): FloorMessage => ({ id: `f${++n}`, text, time: Date.now(), from: 'agent' });
  return {
    el,
    count: () => el.messages.length,
    async agent(texts, spread) {
      if (!spread) {
        el.messages = [...el.messages, ...texts.map(make)];
        return;
      }
      const channel = new MessageChannel();
      let i = 0;
      await new Promise<void>((resolve) => {
        channel.port1.onmessage = () => {
          el.add(make(texts[i++]!));
          if (i === texts.length) resolve();
        };
        for (let k = 0; k < texts.length; k++) channel.port2.postMessage(0);
      });
      channel.port1.close();
    },
  };
}

/** Is `text` shown as the newest message bubble? */
function shownLast(el: HTMLElement, text: string): boolean {
  const bubbles = (el.shadowRoot ?? el).querySelectorAll('[part~="message"]');
  return (bubbles[bubbles.length - 1]?.textContent ?? '').includes(text);
}

async function untilShown(s: Subject, text: string, timeoutMs = 120_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    await settled(s.el);
    if (shownLast(s.el, text)) return;
    if (performance.now() > end) throw new Error(`"${text}" not shown within ${timeoutMs} ms`);
    await frame();
  }
}

// ------------------------------------------------------------------ measurements

const subjects = new Map<string, Subject>();

const bench = {
  /** Mounts a fresh subject ('ours' or 'floor') and forgets the previous one of that kind. */
  async mount(kind: 'ours' | 'floor'): Promise<void> {
    // Forget every earlier subject, so that the heap figure holds one conversation only.
    for (const s of subjects.values()) s.el.remove();
    subjects.clear();
    FakeTransport.reset();
    const container = document.createElement('div');
    container.style.cssText = 'position: relative; width: 420px; height: 640px;';
    document.body.replaceChildren(container);
    subjects.set(kind, kind === 'ours' ? await mountOurs(container) : await mountFloor(container));
  },

  /** Brings the conversation to n messages at once (untimed). */
  async fill(kind: string, n: number): Promise<number> {
    const s = subjects.get(kind)!;
    const texts = Array.from({ length: Math.max(0, n - s.count()) }, nextText);
    if (texts.length) {
      await s.agent(texts, false);
      await untilShown(s, texts[texts.length - 1]!);
    }
    await frame();
    return s.count();
  },

  /** One `input` event on the textarea until updateComplete and a frame (ms). */
  async keystroke(kind: string): Promise<number> {
    const s = subjects.get(kind)!;
    const input = (s.el.shadowRoot ?? s.el).querySelector('[part="input"]') as HTMLTextAreaElement;
    if (!input) throw new Error('no part="input"');
    const ms = await inFrame(async () => {
      input.value += 'a';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: 'a', inputType: 'insertText' }));
      await settled(s.el);
    });
    await frame();
    return ms;
  },

  /** One more agent message until shown: updateComplete and a frame (ms). */
  async append(kind: string): Promise<number> {
    const s = subjects.get(kind)!;
    const text = nextText();
    const ms = await inFrame(async () => {
      await s.agent([text], false);
      await untilShown(s, text);
    });
    await frame();
    return ms;
  },

  /** n agent messages, each in its own task, until the last is shown (ms). */
  async burst(kind: string, n: number): Promise<number> {
    const s = subjects.get(kind)!;
    const texts = Array.from({ length: n }, nextText);
    const t0 = performance.now();
    await s.agent(texts, true);
    await untilShown(s, texts[texts.length - 1]!, 300_000);
    return performance.now() - t0;
  },

  count(kind: string): number {
    return subjects.get(kind)!.count();
  },

  heap(): number {
    return (performance as any).memory?.usedJSHeapSize ?? NaN;
  },
};

Object.assign(window, { bench });
