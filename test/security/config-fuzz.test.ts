/**
 * Bad input, proven for the deployment's config.json: a seeded fuzz of the file a CDN (or
 * whoever controls it) serves. 3,000 generated bodies go through the parsers the widget
 * uses (launcher and conversation settings), and 40 of them through the real element over
 * real HTTP from the simulator (`setConfig` with a raw body).
 *
 * Asserted: nothing throws, no prototype pollution, every value read is of its type and
 * within its allow-list (a colour is a plain colour, languages are tags), nothing a body
 * carries ever runs, and the element either shows its launcher (and still sends a message)
 * or, for a disabled deployment, shows nothing and says why.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import { parseDeployment } from '../../src/deployment.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { parseSettings } from '../../src/settings.js';
import { mulberry32 } from '../helpers/prng.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { describeError, trapUncaught } from '../helpers/uncaught.js';
import { XSS_VECTORS, materialize } from './xss-vectors.js';

const SEED = 0x2026_1126;
const PARSED = 3000;
const MOUNTED = 40;

declare global {
  interface Window {
    __gcxXss?: (id: number) => void;
  }
}

/** Every path the widget reads, and a few around them. */
const PATHS = [
  'status',
  'languages',
  'defaultLanguage',
  'messenger',
  'messenger.enabled',
  'messenger.styles.primaryColor',
  'messenger.launcherButton.visibility',
  'messenger.apps.conversations.showAgentTypingIndicator',
  'messenger.apps.conversations.showUserTypingIndicator',
  'messenger.apps.conversations.conversationDisconnect.type',
  'messenger.apps.conversations.conversationDisconnect.enabled',
  'messenger.apps.conversations.conversationClear.enabled',
  'messenger.apps.conversations.autoStart.enabled',
  'messenger.apps.conversations.markdown.enabled',
  'messenger.fileUpload.enableAttachments',
  'messenger.fileUpload.modes',
  'auth.enabled',
  'auth.allowSessionUpgrade',
];

/** Hostile JSON values: wrong types, huge strings, script and CSS injections, odd keys. */
function value(r: () => number, depth = 0): unknown {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  switch (Math.floor(r() * 12)) {
    case 0:
      return pick([true, false, null, 0, -1, 1e308, NaN, 'true', 'false', '', 'Active', 'Off', 'Send', 'ReadOnly']);
    case 1:
      return pick(['javascript:alert(1)', 'red;}:host{display:none', 'url(https://evil.example/x)', 'expression(alert(1))', '#ff0000', 'rgb(1,2,3)', 'var(--x)']);
    case 2:
      return materialize(pick(XSS_VECTORS), 7_000 + Math.floor(r() * 99));
    case 3:
      return 'x'.repeat(Math.floor(r() * 100_000));
    case 4:
      return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 5) }, () => value(r, depth + 1));
    case 5:
      return depth > 3 ? {} : JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    case 6:
      return pick([['en-us', 'de'], ['<script>', 42, null], ['x'.repeat(500)], 'en-us', { 0: 'de' }]);
    case 7:
      return [{ fileTypes: pick([['image/png'], 'image/png', [1, 2], []]), maxFileSizeKB: pick([-1, 0, 1e99, '10', 10240]) }];
    case 8:
      return { enabled: pick([true, false, 'yes', 1, null]), type: pick(['Send', 'ReadOnly', 'Explode', 7]) };
    case 9:
      return depth > 3 ? 1 : { [pick(['__proto__', 'constructor', 'prototype', 'enabled', 'type'])]: value(r, depth + 1) };
    default:
      return pick([undefined, 'Active', 'Inactive', 'On', 'Off']);
  }
}

function setPath(root: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let o: Record<string, unknown> = root;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = v;
}

/** A config.json body: the real shape with some keys replaced, or something else entirely. */
function body(r: () => number): string {
  const roll = r();
  if (roll < 0.05) return ['', 'null', '[]', '"text"', '{', '<html>', '{"a":'.repeat(50), '1e999'][Math.floor(r() * 8)]!;
  if (roll < 0.1) return JSON.stringify(value(r));
  const config: Record<string, unknown> = { status: 'Active', messenger: { enabled: true } };
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) setPath(config, PATHS[Math.floor(r() * PATHS.length)]!, value(r));
  // A literal __proto__ key at the top, as JSON can carry it.
  return r() < 0.2 ? JSON.stringify(config).replace(/^\{/, '{"__proto__":{"polluted":true},') : JSON.stringify(config);
}

const TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$/;
const COLOUR = /^(#[0-9a-f]{3,8}|(rgba?|hsla?)\([\d\s.,%/+-]{1,60}\)|[a-z]{3,20})$/i;

describe('fuzz: hostile config.json', function () {
  this.timeout(120_000);
  let sim: Simulator;
  const hits: number[] = [];

  before(async () => {
    sim = await simulator();
    await sim.setOptions({ scriptedAgent: false });
    window.__gcxXss = (id) => void hits.push(id);
  });
  after(() => delete window.__gcxXss);
  afterEach(() => sinon.restore());

  it(`reads ${PARSED} generated bodies into typed, allow-listed values (seed 0x${SEED.toString(16)})`, () => {
    const r = mulberry32(SEED);
    const problems: string[] = [];
    let disabled = 0;
    for (let i = 0; i < PARSED; i++) {
      const text = body(r);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        continue; // the element reports config-invalid without parsing (tested below)
      }
      try {
        const { deployment: d, raw } = parseDeployment(json);
        const { settings: s } = parseSettings(raw);
        if (typeof d.enabled !== 'boolean' || typeof d.launcher !== 'boolean') problems.push(`#${i}: enabled/launcher not boolean`);
        if (!d.enabled) disabled++;
        if (d.primaryColor !== undefined && (!COLOUR.test(d.primaryColor) || !CSS.supports('color', d.primaryColor))) problems.push(`#${i}: colour ${d.primaryColor}`);
        if (!d.languages.every((l) => TAG.test(l)) || (d.defaultLanguage !== undefined && !TAG.test(d.defaultLanguage))) problems.push(`#${i}: a language is not a tag`);
        for (const key of ['agentTyping', 'userTyping', 'clear', 'autoStart', 'markdown'] as const) if (typeof s[key] !== 'boolean') problems.push(`#${i}: ${key}`);
        if (!s.fileUpload.modes.every((m) => m.maxFileSizeKB > 0 && m.maxFileSizeKB <= 1e7 && m.fileTypes.every((t) => typeof t === 'string'))) problems.push(`#${i}: file modes`);
        if (typeof s.auth.enabled !== 'boolean' || typeof s.auth.allowSessionUpgrade !== 'boolean') problems.push(`#${i}: auth`);
      } catch (error) {
        problems.push(`#${i}: threw ${describeError(error)}`);
      }
    }
    console.log(`FIGURE config fuzz: ${PARSED} bodies parsed, ${disabled} disabled deployments, ${problems.length} problems`);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(problems).to.deep.equal([]);
  });

  it(`mounts the element on ${MOUNTED} of them over real HTTP: no crash, no script, a launcher or a reason`, async () => {
    const r = mulberry32(SEED ^ 0x5a5a);
    const warn = sinon.stub(console, 'warn');
    const trap = trapUncaught();
    const problems: string[] = [];
    let shown = 0;
    try {
      for (let i = 0; i < MOUNTED; i++) {
        const dep = `fuzz-cfg-${Date.now().toString(36)}-${i}`;
        const raw = body(r);
        await sim.setConfig({ deploymentId: dep, raw });
        const errors: { code: unknown }[] = [];
        const el = await fixture<GenesysChat>(html`<genesys-chat
          deployment-id=${dep}
          socket-url=${sim.wsUrl}
          storage="none"
          open
          @genesys-chat-error=${(e: CustomEvent) => errors.push(e.detail)}
        ></genesys-chat>`);
        const panel = el.shadowRoot!.querySelector('[part="panel"]');
        if (!el.shadowRoot!.children.length) {
          if (!errors.some((e) => e.code === 'deployment-disabled')) problems.push(`#${i}: nothing shown and no reason: ${raw.slice(0, 120)}`);
        } else {
          shown++;
          if (!panel) problems.push(`#${i}: no panel though open: ${raw.slice(0, 120)}`);
          await waitUntil(() => el.connectionState === 'ready', `#${i} ready`, { timeout: 5000 });
          if (!el.send(`still works ${i}`)) problems.push(`#${i}: send refused`);
        }
        el.remove();
      }
      console.log(`FIGURE config fuzz: ${MOUNTED} hostile config.json over HTTP, ${shown} showed the chat, executed: ${hits.length}, uncaught: ${trap.errors.length}`);
    } finally {
      trap.restore();
      warn.restore();
    }
    expect(hits).to.deep.equal([]);
    expect(trap.errors.map(describeError)).to.deep.equal([]);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(problems).to.deep.equal([]);
  });
});
