#!/usr/bin/env node
// `npm run screenshots`: PNGs of every state of the widget on the demo page, in four variants,
// into docs/screenshots/<state>-<variant>.png. Not part of `npm test`: it is for looking at.
//
//   npm run build && npm run screenshots [-- --only conversation,typing] [--variants light,phone] [--out dir]
//
// It builds nothing: dist/ must exist (`npm run build`). It starts the simulator in-process on
// a free port (scripted agent off, so only what this script says happens), and drives the demo
// page with puppeteer-core and Debian's Chromium (scripts/chromium.mjs, else /usr/bin/chromium).
// Each shot gets its own browser context (empty storage) and its own deployment id, so no state
// leaks into the next; the deployment-config overrides it set are removed at the end.
// A state that fails is logged and skipped; the exit code is 1 if any did.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rgbPng } from '../server/png.mjs';
import puppeteer from 'puppeteer-core';
import { startSimulator } from '../server/simulator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    variants: { type: 'string' },
    out: { type: 'string', default: join(root, 'docs', 'screenshots') },
  },
});

if (!existsSync(join(root, 'dist', 'genesys-chat.min.js'))) {
  console.error('screenshots: dist/genesys-chat.min.js is missing. Run `npm run build` first.');
  process.exit(2);
}

// ---- fonts: without these, Arabic, Hebrew, CJK and emoji render as boxes (tofu) ----------
const FONT_PACKAGES = ['fonts-noto-core', 'fonts-noto-cjk', 'fonts-noto-color-emoji'];
function missingFonts() {
  const installed = (pkg) => {
    try {
      execFileSync('dpkg', ['-s', pkg], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  let families = '';
  try {
    families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  } catch {
    /* no fontconfig tools: rely on dpkg alone */
  }
  // A package counts as present if dpkg has it or fontconfig sees a family it provides.
  const provides = { 'fonts-noto-core': /Noto Sans Arabic|Noto Sans Hebrew/i, 'fonts-noto-cjk': /Noto Sans CJK/i, 'fonts-noto-color-emoji': /Noto Color Emoji/i };
  return FONT_PACKAGES.filter((pkg) => !installed(pkg) && !provides[pkg].test(families));
}
const missing = missingFonts();
if (missing.length) {
  console.warn(
    `WARNING: missing font packages: ${missing.join(', ')}.\n` +
      '         Arabic, Hebrew, CJK and emoji will render as boxes in the screenshots.\n' +
      `         Install them with: sudo apt-get install -y ${missing.join(' ')}\n` +
      '         Continuing anyway.',
  );
}

// ---- browser ------------------------------------------------------------------------------
let executablePath = '/usr/bin/chromium';
let args = ['--no-sandbox', '--disable-gpu'];
try {
  const chromium = await import('./chromium.mjs');
  if (chromium.chromiumPath) executablePath = chromium.chromiumPath;
  if (Array.isArray(chromium.chromiumArgs)) args = chromium.chromiumArgs;
} catch {
  /* keep the defaults */
}

// ---- a small PNG for the agent's picture (no binary fixture in the repository) --------------
/** A 320×200 landscape: sky gradient, a sun, green hills. */
function picturePng(w = 320, h = 200) {
  return rgbPng(w, h, (x, y) => {
    const hill = h * 0.62 + Math.sin(x / 38) * 14 + Math.sin(x / 13) * 4;
    const sun = (x - w * 0.72) ** 2 + (y - h * 0.3) ** 2 < 22 ** 2;
    if (y > hill) return [46 + (y - hill) * 0.6, 125 - (y - hill) * 0.5, 50];
    return sun ? [255, 204, 64] : [120 + y * 0.5, 170 + y * 0.3, 235];
  });
}

// ---- states -------------------------------------------------------------------------------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const AGENT = 'Alex';
const yesterday = () => {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  d.setHours(16, 42, 0, 0);
  return d.toISOString();
};

/** A short conversation: a message from yesterday, then several from each side today. */
async function conversation(h) {
  await h.open();
  await h.sim('agentMessage', {
    token: h.token,
    text: 'Hi! We received your return request for order #A-1042.',
    raw: { channel: { time: yesterday(), type: 'Private', from: { nickname: AGENT } } },
  });
  await h.sim('agentJoin', { token: h.token, nickname: AGENT });
  await h.send('Hello, where is my order #A-1042?');
  await h.send('It was due on Monday.');
  await h.agent('Let me check that for you.');
  await h.agent('Your order shipped yesterday and arrives on Friday. 📦');
  await h.send('Great, thank you!');
  await h.agent('You are welcome. Anything else I can help with?');
}

/** @type {Array<{ name: string, config?: Record<string, unknown>, run: (h: any) => Promise<void>, cleanup?: (h: any) => Promise<void> }>} */
const STATES = [
  {
    name: 'launcher-unread',
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.eval((el) => el.hide());
      await h.until((el) => !el.open, 'the panel closes');
      await h.agent('Are you still there?');
      await h.agent('Your replacement is ready to ship.');
      await h.until((el) => el.shadowRoot.querySelector('[part="launcher"] .badge'), 'the unread badge shows');
    },
  },
  {
    name: 'empty',
    async run(h) {
      await h.open();
    },
  },
  { name: 'conversation', run: conversation },
  {
    // The same conversation scrolled to its start: yesterday's message and the day change.
    name: 'conversation-start',
    async run(h) {
      await conversation(h);
      await h.eval((el) => {
        const log = el.shadowRoot.querySelector('[part="log"]');
        log.scrollTop = 0;
      });
    },
  },
  {
    // Reading the start when a reply arrives: the "new messages" button.
    name: 'new-messages',
    async run(h) {
      await conversation(h);
      await h.send('Can I change the delivery address?');
      await h.agent('Yes: which address should it go to?');
      await h.send('Office: 12 Harbour Street, second floor.');
      await h.agent('Done. The parcel now goes to 12 Harbour Street.');
      await h.eval((el) => {
        const log = el.shadowRoot.querySelector('[part="log"]');
        log.scrollTop = 0;
        log.dispatchEvent(new Event('scroll'));
      });
      await h.agent('One more thing: the courier will call before delivery.');
      await h.until((el) => el.shadowRoot.querySelector('.pill'), 'the new-messages button shows');
    },
  },
  {
    name: 'typing',
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.send('Can I change the delivery address?');
      await h.sim('agentTyping', { token: h.token, duration: 60000 });
      await h.until((el) => el.shadowRoot.querySelector('[part="typing-indicator"]'), 'the typing indicator shows');
    },
  },
  {
    name: 'quick-replies-card',
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.send('What can I do about my order?');
      await h.sim('agentMessage', {
        token: h.token,
        nickname: AGENT,
        text: 'Here is your order. What would you like to do?',
        raw: {
          type: 'Structured',
          content: [
            {
              contentType: 'Card',
              card: {
                title: 'Order #A-1042',
                description: 'Trail running shoes, size 42 · arrives Friday',
                image: `${h.base}demo/trail-shoe.svg`,
                defaultAction: { type: 'Link', url: `${h.base}#orders` },
                actions: [
                  { type: 'Link', text: 'Track parcel', url: `${h.base}#track` },
                  { type: 'Postback', text: 'Return item', payload: 'RETURN' },
                ],
              },
            },
            { contentType: 'QuickReply', quickReply: { text: 'Track my order', payload: 'TRACK', action: 'Message' } },
            { contentType: 'QuickReply', quickReply: { text: 'Change address', payload: 'ADDRESS', action: 'Message' } },
            { contentType: 'QuickReply', quickReply: { text: 'Talk to a person', payload: 'HUMAN', action: 'Message' } },
          ],
        },
      });
      await h.until((el) => el.shadowRoot.querySelector('[part="quick-reply"]'), 'the quick replies show');
    },
  },
  {
    name: 'failed-message',
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.agent('How can I help?');
      await h.sim('failNext', { token: h.token, code: 4011 });
      await h.eval((el) => el.send('Here is the whole story of my order, from the beginning…'));
      await h.until((el) => el.shadowRoot.querySelector('[part~="message"][part~="failed"], [part="retry"]'), 'the message shows as failed');
    },
  },
  {
    name: 'ended',
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.send('That is all, thanks.');
      await h.agent('Glad I could help. Goodbye!');
      await h.sim('disconnect', { token: h.token, readOnly: true });
      await h.until((el) => el.connectionState === 'read-only', 'the conversation is read-only');
    },
  },
  {
    name: 'reconnecting',
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.send('Is anyone there?');
      await h.sim('refuse', { ms: 120_000 });
      await h.sim('drop', { token: h.token });
      await h.until((el) => el.connectionState === 'reconnecting', 'the widget is reconnecting');
    },
    async cleanup(h) {
      await h.sim('refuse', { ms: 0 });
    },
  },
  {
    name: 'sign-in-required',
    config: { auth: { enabled: true, allowSessionUpgrade: false } },
    async run(h) {
      await h.eval((el) => el.show());
      await h.until((el) => el.shadowRoot.querySelector('[part="sign-in"]'), 'the sign-in button shows');
    },
  },
  {
    name: 'markdown',
    config: { messenger: { apps: { conversations: { markdown: { enabled: true } } } } },
    async run(h) {
      await h.open();
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.send('How do I return something?');
      await h.agent(
        'Returns are **free** within *30 days*:\n\n1. Print the label from [your orders](https://example.com/orders)\n2. Pack the item\n3. Drop it at any ~~post office~~ parcel shop\n\nUse the code `RET-1042`.\n\n```\nOrder:  A-1042\nRMA:    88-2231\n```',
      );
      await h.until((el) => el.shadowRoot.querySelector('[part~="message"][part~="agent"] strong'), 'the markdown renders');
    },
  },
  {
    name: 'attachment',
    config: {
      messenger: {
        fileUpload: {
          enableAttachments: true,
          modes: [{ fileTypes: ['image/png', 'image/jpeg', 'application/pdf'], maxFileSizeKB: 10240 }],
        },
      },
    },
    async run(h) {
      await h.open();
      await h.until((el) => el.shadowRoot.querySelector('[part="attach-button"]'), 'the paperclip shows');
      await h.sim('agentJoin', { token: h.token, nickname: AGENT });
      await h.send('Could you show me the colour?');
      await h.sim('agentMessage', {
        token: h.token,
        nickname: AGENT,
        text: 'Here is a photo of the Forest Green one.',
        attachment: { filename: 'forest-green.png', mime: 'image/png', bytesBase64: PICTURE },
      });
      await h.until((el) => {
        const img = el.shadowRoot.querySelector('[part~="attachment"] img, [part~="message"] img');
        return img && img.complete && img.naturalWidth > 0;
      }, 'the picture loads');
    },
  },
];
const PICTURE = picturePng().toString('base64');

const VARIANTS = [
  { name: 'light', viewport: { width: 1100, height: 760 }, scheme: 'light' },
  { name: 'dark', viewport: { width: 1100, height: 760 }, scheme: 'dark' },
  { name: 'rtl', viewport: { width: 1100, height: 760 }, scheme: 'light', lang: 'ar' },
  { name: 'phone', viewport: { width: 375, height: 667, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, scheme: 'light' },
];

const pick = (list, csv, what) => {
  if (!csv) return list;
  const names = csv.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !list.some((x) => x.name === n));
  if (unknown.length) {
    console.error(`screenshots: unknown ${what} ${unknown.join(', ')} (known: ${list.map((x) => x.name).join(', ')})`);
    process.exit(2);
  }
  return list.filter((x) => names.includes(x.name));
};
const states = pick(STATES, flags.only, 'state');
const variants = pick(VARIANTS, flags.variants, 'variant');

// ---- run ----------------------------------------------------------------------------------
mkdirSync(flags.out, { recursive: true });
const sim = await startSimulator({ port: 0, host: '127.0.0.1', scriptedAgent: false, static: { root }, deployments: 'any' /* shots-<state>-<run> */ });
const base = `${sim.httpUrl}/`;
/** Calls a control method as POST /__sim/<method> would, in-process. */
const control = async (method, params) => (await sim[method](params)) ?? { ok: true };
const browser = await puppeteer.launch({ executablePath, headless: true, args });
const runId = Date.now().toString(36);
const overridden = new Set();
const written = [];
const failed = [];

/** One state in one variant, in a fresh browser context with its own deployment id. */
async function shoot(state, variant) {
  const name = `${state.name}-${variant.name}`;
  const deploymentId = `shots-${name}-${runId}`;
  if (state.config) {
    overridden.add(deploymentId);
    await control('setConfig', { deploymentId, config: state.config });
  }
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => logs.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 400 && logs.push(`HTTP ${r.status()}: ${r.url()}`));
  const el = () => page.evaluateHandle(() => document.querySelector('genesys-chat'));
  const h = {
    base,
    token: /** @type {string|undefined} */ (undefined),
    sim: (method, params) => control(method, params),
    /** Runs fn(element, arg) in the page. */
    eval: async (fn, arg) => page.evaluate(fn, await el(), arg),
    /** Waits until fn(element, arg) is truthy. */
    until: async (fn, what, arg = null, timeout = 10_000) => {
      try {
        await page.waitForFunction(fn, { timeout, polling: 50 }, await el(), arg);
      } catch {
        throw new Error(`timed out waiting until ${what}`);
      }
    },
    /** Opens the panel as a person does, waits for a ready session, and learns its token. */
    async open() {
      await page.evaluate(() => document.querySelector('genesys-chat').shadowRoot.querySelector('[part="launcher"]').click());
      await h.until((e) => e.connectionState === 'ready', 'the session is ready');
      h.token = await page.evaluate((id) => localStorage.getItem(`genesys-chat:${id}:token`) ?? sessionStorage.getItem(`genesys-chat:${id}:token`), deploymentId);
      if (!h.token) throw new Error('no session token in storage');
    },
    /** The customer sends a message; waits until the service confirms it. */
    async send(text) {
      await h.eval((e, t) => e.send(t), text);
      await h.until(
        (e) => [...e.shadowRoot.querySelectorAll('[part="receipt"]')].every((r) => r.dataset.status !== 'sending'),
        `"${text}" is confirmed`,
      );
    },
    /** An agent message; waits until it shows. */
    async agent(text) {
      const before = await h.eval((e) => e.messages.length);
      await control('agentMessage', { token: h.token, nickname: AGENT, text });
      await h.until((e, n) => e.messages.length > n, `the agent's "${text.slice(0, 30)}" arrives`, before);
    },
  };
  try {
    await page.setViewport(variant.viewport);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: variant.scheme }]);
    // Before any page script: give the element this shot's deployment id (and lang) as soon as
    // the parser creates it, before it upgrades. (Injected scripts are exempt from the CSP.)
    await page.evaluateOnNewDocument((attrs) => {
      const apply = () => {
        const chat = document.querySelector('genesys-chat');
        if (!chat) return false;
        for (const [k, v] of Object.entries(attrs)) chat.setAttribute(k, v);
        return true;
      };
      const mo = new MutationObserver(() => apply() && mo.disconnect());
      mo.observe(document, { childList: true, subtree: true });
    }, { 'deployment-id': deploymentId, ...(variant.lang ? { lang: variant.lang } : {}) });
    await page.goto(base, { waitUntil: 'load' });
    await h.until((e) => e?.shadowRoot?.querySelector('[part="launcher"]'), 'the launcher shows (is dist/ built?)');
    const id = await h.eval((e) => e.getAttribute('deployment-id'));
    if (id !== deploymentId) throw new Error(`the element has deployment-id ${id}, not ${deploymentId}`);
    await state.run(h);
    // Let transitions and late images settle, and fonts load.
    await page.evaluate(() => document.fonts.ready.then(() => true));
    await sleep(500);
    const file = join(flags.out, `${name}.png`);
    await page.screenshot({ path: file });
    written.push(file);
    console.log(`ok    ${name}`);
  } catch (err) {
    failed.push(name);
    console.error(`FAIL  ${name}: ${err instanceof Error ? err.message : err}`);
    for (const line of logs.slice(-5)) console.error(`      page ${line}`);
  } finally {
    try {
      await state.cleanup?.(h);
    } catch (err) {
      console.error(`      cleanup of ${name} failed: ${err instanceof Error ? err.message : err}`);
    }
    await context.close().catch(() => {});
  }
}

try {
  for (const state of states) for (const variant of variants) await shoot(state, variant);
} finally {
  // Leave the simulator as we found it: no config overrides, no refusal.
  for (const deploymentId of overridden) await control('setConfig', { deploymentId, config: null }).catch(() => {});
  await control('refuse', { ms: 0 }).catch(() => {});
  await browser.close().catch(() => {});
  await sim.close();
}

console.log(`\n${written.length} file(s) written:`);
for (const file of written) console.log(`  ${file.startsWith(root) ? file.slice(root.length) : file}`);
if (missing.length) console.log(`\nFonts missing (boxes instead of glyphs): ${missing.join(', ')}`);
if (failed.length) {
  console.error(`\n${failed.length} shot(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
