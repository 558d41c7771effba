// @web/test-runner plugin: throttles the CPU of the calling test page, as a slow device would
// be (Chromium's Emulation.setCPUThrottlingRate over the DevTools protocol; 4 is a mid-range
// phone). Chromium only (puppeteer); browser side:
//
//   import { executeServerCommand } from '@web/test-runner-commands';
//   await executeServerCommand('cpu-throttle', { rate: 4 });
//   ...
//   await executeServerCommand('cpu-throttle', { rate: 1 });   // always reset: pages are reused
//
// Answers { rate } as set.

/** One DevTools session per page, kept open: an override may end with the session that set it. */
const sessions = new WeakMap();

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function cpuThrottlePlugin() {
  return {
    name: 'cpu-throttle',
    async executeCommand({ command, payload, session }) {
      if (command !== 'cpu-throttle') return undefined;
      const browser = /** @type {any} */ (session.browser);
      if (browser.type !== 'puppeteer') throw new Error(`cpu-throttle needs a puppeteer browser, not ${browser.type}`);
      const rate = Number(/** @type {{ rate?: unknown }} */ (payload ?? {}).rate ?? 1);
      if (!Number.isFinite(rate) || rate < 1) throw new Error(`cpu-throttle: rate must be a number >= 1, not ${rate}`);
      const page = browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp || cdp.detached) {
        cdp = await page.createCDPSession();
        sessions.set(page, cdp);
      }
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      return { rate };
    },
  };
}
