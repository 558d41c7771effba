// @web/test-runner plugin: evaluates an expression inside a frame of the test page, whatever
// the frame's origin (a page served by the simulator is cross-origin to the test page, so the
// test cannot reach into it). Chromium only (puppeteer); browser side:
//
//   import { executeServerCommand } from '@web/test-runner-commands';
//   const { found, value } = await executeServerCommand('frame-eval', { url: '/index.html', expression: 'document.title' });
//
// `expression` is evaluated in the frame's main world; a promise is awaited; the value must be
// JSON-serialisable. `found` is false while no frame's URL contains `url`.

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function framePlugin() {
  return {
    name: 'frame-eval',
    async executeCommand({ command, payload, session }) {
      if (command !== 'frame-eval') return undefined;
      const browser = /** @type {any} */ (session.browser);
      if (browser.type !== 'puppeteer') throw new Error(`frame-eval needs a puppeteer browser, not ${browser.type}`);
      const { url, expression } = /** @type {{ url: string, expression: string }} */ (payload ?? {});
      const page = browser.getPage(session.id);
      const frame = page.frames().find((/** @type {any} */ f) => f !== page.mainFrame() && f.url().includes(url));
      if (!frame) return { found: false, frames: page.frames().map((/** @type {any} */ f) => f.url()) };
      return { found: true, value: await frame.evaluate(expression) };
    },
  };
}
