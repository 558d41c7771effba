/**
 * The chaos scenario's profiles and its "tabs" (scenario.ts uses them):
 *
 * - `default`: the network and a kind service misbehaving (drops, refusals, duplicated and
 *   reordered frames, 429s, failing history, reloads, storms), as before issue 15;
 * - `hostile`: the same, plus everything the real service was seen to do that the simulator
 *   learnt in issue 15 §1 (server/faults.mjs): error frames without a tracingId, echoes that
 *   never come, guest metadata kept only for `customMessageId` (none at all in storms), history
 *   failing at the network level, 5xx or 429, every configure answered with SessionExpiredEvent
 *   or 4017 for a few seconds, final 4xxx refusals (a person presses retry), a config.json
 *   slower than 1.5 s, and, signed in, the token endpoints down for a while.
 *
 * A tab is either the page itself (one tab) or a same-origin iframe loading `tabUrl`, which
 * must define <genesys-chat> and load test/chaos/tab-hook.js first: the tabs then share
 * localStorage, BroadcastChannel and Web Locks exactly as browser tabs do, and the hook lets
 * the scenario see which tab holds the WebSocket (the leader).
 */
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { SimFaults } from '../helpers/sim-client.js';
import { showAllMessages } from '../helpers/show-all.js';

export type ChaosProfile = 'default' | 'hostile';

/** Fault settings all the time (baseline) and during a storm, per profile. */
export const PROFILES: Record<ChaosProfile, { baseline: SimFaults; storm: SimFaults }> = {
  default: {
    baseline: { duplicate: 0.03, reorder: 0.03, dropAfterMessage: 0.005, rateLimit429: 0.02, historyFailure: 0.1 },
    storm: { duplicate: 0.25, reorder: 0.25, dropAfterMessage: 0.04, rateLimit429: 0.12, historyFailure: 0.5 },
  },
  hostile: {
    // Per 2,000 messages about 20 untagged errors, 20 swallowed echoes and 8 final refusals
    // before the storms add theirs; every config.json (each reload) answers after 2 s.
    baseline: {
      duplicate: 0.03,
      reorder: 0.03,
      dropAfterMessage: 0.005,
      rateLimit429: 0.02,
      historyFailure: 0.15,
      historyFailureKinds: ['network', '5xx', '429'],
      untaggedErrors: 0.01,
      swallowEcho: 0.01,
      finalRefusal: 0.004,
      metadata: 'customMessageId',
      configDelayMs: 2000,
    },
    storm: {
      duplicate: 0.25,
      reorder: 0.25,
      dropAfterMessage: 0.04,
      rateLimit429: 0.12,
      historyFailure: 0.5,
      historyFailureKinds: ['network', '5xx', '429'],
      untaggedErrors: 0.06,
      stripTracingIds: true,
      swallowEcho: 0.04,
      finalRefusal: 0.02,
      metadata: 'none',
      configDelayMs: 2000,
    },
  },
};

/** The tab hook's record (test/chaos/tab-hook.js): every WebSocket the tab opened. */
interface HookedWindow extends Window {
  chaosSockets?: WebSocket[];
}

/** Does this tab hold an open (or opening) WebSocket, that is, is it the leader? */
export function holdsSocket(win: Window | null | undefined): boolean {
  const sockets = (win as HookedWindow | null | undefined)?.chaosSockets ?? [];
  return sockets.some((s) => s.readyState === WebSocket.CONNECTING || s.readyState === WebSocket.OPEN);
}

/**
 * A new "tab": a same-origin iframe on `tabUrl`, once its <genesys-chat> is defined.
 * The element is created by the iframe's own document, so its own registry upgrades it.
 */
export async function openTab(tabUrl: string, container: HTMLElement): Promise<{ frame: HTMLIFrameElement; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.src = tabUrl;
  frame.style.cssText = 'width:420px;height:640px;border:0';
  container.append(frame);
  const deadline = performance.now() + 20_000;
  for (;;) {
    const win = frame.contentWindow as (Window & typeof globalThis) | null;
    if (win?.customElements?.get('genesys-chat') && win.document.readyState !== 'loading' && win.document.body) break;
    if (performance.now() > deadline) throw new Error(`the tab ${tabUrl} did not define <genesys-chat> within 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { frame, doc: frame.contentDocument! };
}

/**
 * A person pressing retry on a message shown as failed (a final refusal): they notice it
 * after a moment (0.5–2 s) and press the message's retry button. Returns how many presses.
 */
export class RetryPresser {
  /** When each failed message (by text) was first seen failed. */
  readonly #seenAt = new Map<string, number>();
  /** Texts that were ever shown as failed. */
  readonly failedTexts = new Set<string>();
  /** Texts the person sent again: each went out anew at its press. */
  readonly pressedTexts = new Set<string>();
  presses = 0;

  constructor(private readonly random: () => number) {}

  /** Look at one tab; press retry on the failed messages that waited long enough. */
  async visit(el: GenesysChat, now = performance.now()): Promise<void> {
    const failed = el.messages.filter((m) => m.from === 'customer' && m.status === 'failed');
    if (!failed.length) return;
    let rendered = false;
    for (const m of failed) {
      const text = m.text ?? '';
      this.failedTexts.add(text);
      const seen = this.#seenAt.get(text);
      if (seen === undefined) {
        this.#seenAt.set(text, now + 500 + 1500 * this.random());
        continue;
      }
      if (now < seen) continue;
      if (!rendered) {
        await showAllMessages(el);
        rendered = true;
      }
      const button = retryButton(el, text);
      if (!button) continue;
      button.click();
      this.presses++;
      this.pressedTexts.add(text);
      this.#seenAt.delete(text);
    }
  }
}

/** The retry button of the failed bubble showing `text`. */
function retryButton(el: GenesysChat, text: string): HTMLButtonElement | null {
  const bubbles = el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="message"][part~="customer"][part~="failed"]') ?? [];
  for (const b of bubbles) {
    if ((b.textContent ?? '').trim() !== text) continue;
    return b.parentElement?.querySelector<HTMLButtonElement>('[part="retry"]') ?? null;
  }
  return null;
}
