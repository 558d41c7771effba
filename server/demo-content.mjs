// The structured messages the demo shows (agent console, scripted agent): cards, carousels,
// quick replies, markdown samples, and two small files. Everything is built in the shapes the
// real service sends (protocol §3.3a(f), (g); the MT serialization fixtures `card`,
// `carousel` and `onMessageWithPostbackCardReply`): a `Structured` message whose `content[]`
// holds `{ contentType: 'Card', card }` or `{ contentType: 'Carousel', carousel: { cards } }`,
// each card `{ title, description?, image?, defaultAction?, actions[] }`, each action
// `{ type: 'Link', text, url }` or `{ type: 'Postback', text, payload }`.
//
// What a console sends is checked here, with a plain error for each mistake (the console
// shows it): a card needs a title and at most MAX_ACTIONS buttons, a carousel 1..MAX_CARDS
// cards; links are http(s). These bounds are the simulator's (no documented Genesys limit is
// known, §7), generous for a demo and small enough that one frame stays readable.

import { rgbPng } from './png.mjs';

/** @typedef {{ type: 'Link', text: string, url: string } | { type: 'Postback', text: string, payload: string }} CardAction */
/** @typedef {{ title: string, description?: string, image?: string, defaultAction?: { type: 'Link', url: string }, actions: CardAction[] }} Card */
/** @typedef {(path: string) => string} Resolve  an absolute URL for a path the simulator serves */

export const MAX_CARDS = 10;
export const MAX_ACTIONS = 3;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 500;
const MAX_BUTTON = 100;
const MAX_URL = 2000;
export const MAX_QUICK_REPLIES = 10;

/** The card pictures the simulator serves (server/rest.mjs BUILTIN_FILES), drawn for this project. */
export const DEMO_IMAGES = Object.freeze({
  shoe: '/demo/trail-shoe.svg',
  jacket: '/demo/rain-jacket.svg',
  pack: '/demo/day-pack.svg',
});

/** The demo shop's products, as cards: images are paths, resolved per session. */
export const SAMPLE_CARDS = Object.freeze([
  {
    title: 'Trail Runner 2',
    description: 'Trail running shoes · size 42 · in stock',
    image: DEMO_IMAGES.shoe,
    actions: [
      { type: 'Link', text: 'View', url: 'https://example.com/p/trail-runner-2' },
      { type: 'Postback', text: 'Buy now', payload: 'BUY_TRAIL_RUNNER_2' },
    ],
  },
  {
    title: 'Storm Shell jacket',
    description: 'Waterproof, packs into its pocket · M, L',
    image: DEMO_IMAGES.jacket,
    actions: [
      { type: 'Link', text: 'View', url: 'https://example.com/p/storm-shell' },
      { type: 'Postback', text: 'Buy now', payload: 'BUY_STORM_SHELL' },
    ],
  },
  {
    title: 'Ridge 22 day pack',
    description: '22 litres, rain cover included',
    image: DEMO_IMAGES.pack,
    actions: [
      { type: 'Link', text: 'View', url: 'https://example.com/p/ridge-22' },
      { type: 'Postback', text: 'Buy now', payload: 'BUY_RIDGE_22' },
    ],
  },
]);

/**
 * What `npm start` sets on the demo page's deployment (over the defaults): markdown on, so the
 * scripted agent's "markdown" and "code" answers render. The console's settings can turn it off.
 */
export const DEMO_PAGE_CONFIG = Object.freeze({ messenger: { apps: { conversations: { markdown: { enabled: true } } } } });

/** Markdown the widget renders when the deployment's markdown setting is on (lists, emphasis, links). */
export const MARKDOWN_SAMPLE =
  'Returns are **free** within *30 days*:\n\n' +
  '1. Print the label from [your orders](https://example.com/orders)\n' +
  '2. Pack the item, ~~with~~ without the shoe box\n' +
  '3. Drop it at any parcel shop\n\n' +
  'You can also:\n- swap for another **size**\n- ask for a _refund_ instead';

/** Inline code and a fenced block. */
export const CODE_SAMPLE =
  'Your return code is `RET-1042`. Paste this into the form:\n\n' +
  '```\nOrder:  A-1042\nRMA:    88-2231\nItems:  1 × Trail Runner 2\n```';

/** @param {unknown} v @param {string} what @param {number} max @param {boolean} [required] */
function text(v, what, max, required = false) {
  if (v === undefined || v === null || v === '') {
    if (required) throw new Error(`${what} is needed`);
    return undefined;
  }
  if (typeof v !== 'string') throw new Error(`${what} must be text`);
  const t = v.trim();
  if (!t && required) throw new Error(`${what} is needed`);
  if (t.length > max) throw new Error(`${what} is longer than ${max} characters`);
  return t || undefined;
}

/**
 * An http(s) URL, or a path the simulator serves (made absolute with `resolve`).
 * @param {unknown} v @param {string} what @param {Resolve} resolve
 */
function url(v, what, resolve) {
  const t = text(v, what, MAX_URL);
  if (t === undefined) return undefined;
  if (/^\/(?!\/)/.test(t)) return resolve(t);
  let u;
  try {
    u = new URL(t);
  } catch {
    throw new Error(`${what} is not a URL: ${t.slice(0, 80)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`${what} must be an http(s) URL`);
  return u.href;
}

/**
 * One card, checked, in the real shape. A link action's URL also becomes the card's
 * defaultAction (what a tap on the card opens), as in the protocol's example, unless one is given.
 * @param {unknown} input @param {Resolve} resolve @param {string} [where] "Card 2" in a carousel
 * @returns {Card}
 */
export function toCard(input, resolve, where = 'The card') {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error(`${where} must be an object`);
  const c = /** @type {Record<string, unknown>} */ (input);
  const title = /** @type {string} */ (text(c.title, `${where}'s title`, MAX_TITLE, true));
  const actionsIn = c.actions ?? [];
  if (!Array.isArray(actionsIn)) throw new Error(`${where}'s actions must be a list`);
  if (actionsIn.length > MAX_ACTIONS) throw new Error(`${where} has ${actionsIn.length} buttons; at most ${MAX_ACTIONS}`);
  /** @type {CardAction[]} */
  const actions = actionsIn.map((a, i) => {
    const what = `${where}'s button ${i + 1}`;
    if (!a || typeof a !== 'object') throw new Error(`${what} must be an object`);
    const label = /** @type {string} */ (text(a.text, `${what}'s text`, MAX_BUTTON, true));
    if (a.type === 'Link') return { type: 'Link', text: label, url: /** @type {string} */ (url(a.url ?? '', `${what}'s URL`, resolve) ?? missing(`${what}'s URL`)) };
    if (a.type === 'Postback') return { type: 'Postback', text: label, payload: text(a.payload, `${what}'s payload`, MAX_BUTTON) ?? label };
    throw new Error(`${what} must be a Link or a Postback`);
  });
  /** @type {Card} */
  const card = { title };
  const description = text(c.description, `${where}'s description`, MAX_DESCRIPTION);
  if (description) card.description = description;
  const image = url(c.image, `${where}'s image`, resolve);
  if (image) card.image = image;
  const tap = c.defaultAction && typeof c.defaultAction === 'object' ? /** @type {Record<string, unknown>} */ (c.defaultAction).url : undefined;
  const open = url(tap, `${where}'s default action URL`, resolve) ?? actions.find((a) => a.type === 'Link')?.url;
  if (open) card.defaultAction = { type: 'Link', url: open };
  card.actions = actions;
  return card;
}

/** @param {string} what @returns {never} */
function missing(what) {
  throw new Error(`${what} is needed`);
}

/** `content[]` of a one-card message. @param {unknown} card @param {Resolve} resolve */
export function cardContent(card, resolve) {
  return [{ contentType: 'Card', card: toCard(card, resolve) }];
}

/** `content[]` of a carousel message. @param {unknown} cards @param {Resolve} resolve */
export function carouselContent(cards, resolve) {
  if (!Array.isArray(cards) || !cards.length) throw new Error('A carousel needs at least one card');
  if (cards.length > MAX_CARDS) throw new Error(`A carousel has at most ${MAX_CARDS} cards (got ${cards.length})`);
  return [{ contentType: 'Carousel', carousel: { cards: cards.map((c, i) => toCard(c, resolve, `Card ${i + 1}`)) } }];
}

/**
 * Quick replies the console edited: 1..MAX_QUICK_REPLIES of { text, payload? } (payload
 * defaults to the text). @param {unknown} list @returns {{ text: string, payload: string }[]}
 */
export function toQuickReplies(list) {
  if (!Array.isArray(list) || !list.length) throw new Error('Quick replies need at least one choice');
  if (list.length > MAX_QUICK_REPLIES) throw new Error(`At most ${MAX_QUICK_REPLIES} quick replies (got ${list.length})`);
  return list.map((q, i) => {
    if (!q || typeof q !== 'object') throw new Error(`Choice ${i + 1} must be an object`);
    const label = /** @type {string} */ (text(q.text, `Choice ${i + 1}'s text`, MAX_BUTTON, true));
    return { text: label, payload: text(q.payload, `Choice ${i + 1}'s payload`, MAX_BUTTON) ?? label };
  });
}

// ---------------------------------------------------------------- files for "file" and "picture"

/** A 240×150 PNG: an evening sky over hills (the "picture" the scripted agent sends). */
export function demoPicture(w = 240, h = 150) {
  return rgbPng(w, h, (x, y) => {
    const hill = h * 0.6 + Math.sin(x / 30) * 10 + Math.sin(x / 11) * 3;
    const sun = (x - w * 0.3) ** 2 + (y - h * 0.35) ** 2 < 16 ** 2;
    return y > hill ? [40 + (y - hill) * 0.5, 110 - (y - hill) * 0.4, 60] : sun ? [255, 214, 90] : [250 - y * 0.6, 150 + y * 0.3, 120 + y * 0.9];
  });
}

/** A one-page PDF (a return label), with a correct cross-reference table so viewers open it. */
export function demoPdf() {
  const stream = 'BT /F1 20 Tf 56 760 Td (Northwind Outfitters: return label) Tj 0 -32 Td /F1 14 Tf (Order A-1042   RMA 88-2231) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
