// Reaching into a page the test runs in an iframe of another origin (the demo page served by
// the simulator), through the frame-eval server command (test/helpers/frame-plugin.mjs).
import { executeServerCommand } from '@web/test-runner-commands';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `inFrame` evaluates an expression in the frame showing `page` (a promise is awaited); `frameUntil` polls one until it is truthy. */
export function frameAt(page: string) {
  async function inFrame<T>(expression: string, timeout = 5000): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const r = await executeServerCommand<{ found: boolean; value?: T; frames?: string[] }, { url: string; expression: string }>('frame-eval', { url: page, expression });
      if (r?.found) return r.value as T;
      if (Date.now() > deadline) throw new Error(`no frame showing ${page} (frames: ${r?.frames?.join(', ')})`);
      await sleep(50);
    }
  }
  async function frameUntil(expression: string, message: string, timeout = 8000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!(await inFrame<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
      await sleep(50);
    }
  }
  return { inFrame, frameUntil };
}

/** Types `text` into the widget's field and presses send, as a person does (the page hears it all). */
export const typeAndSend = (text: string) => `(async () => {
  const el = document.querySelector('genesys-chat');
  const input = el.shadowRoot.querySelector('[part="input"]');
  input.value = ${JSON.stringify(text)};
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  el.shadowRoot.querySelector('[part="send-button"]').click();
  return true;
})()`;
