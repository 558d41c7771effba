// The demo shows everything (issue 16): the agent console sends quick replies it edits, cards,
// carousels and a Join; the scripted agent answers keywords with each kind. Every frame is
// checked against the real service's shapes: the same keys as the MT serialization fixtures
// (test/fixtures/real-frames.json: card, carousel, onMessageWithPostbackCardReply,
// onMessageWithQuickReplies, onMessageWithAttachment, presenceJoin), and decoded by the
// widget's own decoder and mapper (src/protocol/decode.ts, src/conversation/from-wire.ts,
// bundled by esbuild) into the cards, replies and files the panel renders.
//   node --test test/server/demo-content.test.mjs
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

import { startSimulator } from '../../server/simulator.mjs';
import { KEYWORDS, composeReply } from '../../server/scripted-agent.mjs';
import { MAX_CARDS, SAMPLE_CARDS, demoPdf, demoPicture } from '../../server/demo-content.mjs';
import { GuestClient, agentConsole } from './ws-client.mjs';

const root = (/** @type {string} */ p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/** The MT fixture frames by id (the `raw` text of test/fixtures/real-frames.json, with their sources). */
const REAL = Object.fromEntries(
  JSON.parse(readFileSync(root('test/fixtures/real-frames.json'), 'utf8'))
    .frames.filter((/** @type {any} */ f) => typeof f.raw === 'string' && f.raw.trim().startsWith('{'))
    .map((/** @type {any} */ f) => [f.id, JSON.parse(f.raw)]),
);
const keys = (/** @type {object} */ o) => Object.keys(o).sort();

/** The widget's decoder and mapper, bundled from src/ as the browser gets them. */
let widget;
async function widgetCode() {
  const out = await build({
    stdin: {
      contents: "export { decodeServerFrame } from './src/protocol/decode.ts'; export { toChatMessage } from './src/conversation/from-wire.ts';",
      resolveDir: root(''),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
/** A server frame as the widget sees it: its ChatMessage (cards, quickReplies, attachments). */
function asWidget(/** @type {any} */ frame) {
  const decoded = widget.decodeServerFrame(JSON.stringify(frame));
  assert.ok(decoded.ok, `the widget decodes the frame: ${decoded.reason ?? ''}`);
  assert.equal(decoded.frame.kind, 'message');
  return { wire: decoded.frame.message, chat: widget.toChatMessage(decoded.frame.message) };
}

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {{ ws: { terminate(): void } }[]} */
let open = [];
let n = 0;

before(async () => {
  widget = await widgetCode();
  sim = await startSimulator({ ratePerSecond: 0, agentDelays: { typing: 5, reply: 15, disconnect: 15 }, deployments: 'any' });
});
after(() => sim.close());
beforeEach(() => {
  for (const c of open) c.ws.terminate();
  open = [];
  sim.reset();
});

async function guest(deploymentId = 'dep-test') {
  const token = `tok-demo-${process.pid}-${++n}`;
  const client = await GuestClient.open(sim.wsUrl, { deploymentId });
  open.push(client);
  const res = await client.configure(token, { deploymentId });
  assert.equal(res.class, 'SessionResponse');
  return { client, token };
}

/** A console attached to the guest's session (the attach makes the agent join). */
async function attached(/** @type {string} */ token) {
  const agent = await agentConsole(sim.httpUrl, { tries: 200 });
  open.push(agent);
  await agent.until((m) => m.type === 'hello');
  agent.send({ type: 'attach', token });
  await agent.until((m) => m.type === 'transcript');
  return agent;
}

const outbound = (/** @type {any} */ f) => f.class === 'StructuredMessage' && f.body?.direction === 'Outbound' && f.body.type !== 'Event';

/** The real card shape: only the keys the MT fixtures' cards use, each of the right kind. */
function assertRealCard(/** @type {any} */ card) {
  const realKeys = new Set([...keys(REAL['mt.SerializationTest.card'].body.content[0].card), ...keys(REAL['mt.Response.onMessageWithPostbackCardReply'].body.content[0].card), 'defaultAction']);
  for (const k of keys(card)) assert.ok(realKeys.has(k), `card key ${k} is one the real service sends`);
  assert.equal(typeof card.title, 'string');
  assert.ok(Array.isArray(card.actions));
  for (const a of card.actions) {
    if (a.type === 'Link') assert.deepEqual(keys(a), ['text', 'type', 'url']);
    else assert.deepEqual([a.type, ...keys(a)], ['Postback', 'payload', 'text', 'type']);
  }
  if (card.defaultAction) assert.deepEqual(keys(card.defaultAction), ['type', 'url']);
}

/** The body of an outbound structured message carries the real envelope's keys. */
function assertRealBody(/** @type {any} */ body) {
  assert.equal(body.type, 'Structured');
  for (const k of keys(REAL['mt.SerializationTest.card'].body)) assert.ok(k in body, `body has ${k}`);
  assert.match(body.id, /^[0-9a-f]{32}$/);
  assert.equal(body.channel.from.nickname, sim.options.agentName);
}

describe('the agent console sends', () => {
  test('a card: one Card content item in the real shape, its image served by the simulator on the guest\'s host; the widget renders it as a card with both buttons', async () => {
    const { client, token } = await guest();
    const agent = await attached(token);
    agent.send({
      type: 'card',
      text: 'This one?',
      card: {
        title: 'Trail Runner 2',
        description: 'Size 42',
        image: '/demo/trail-shoe.svg',
        actions: [
          { type: 'Link', text: 'View', url: 'https://example.com/p/1' },
          { type: 'Postback', text: 'Buy now', payload: 'BUY_1' },
        ],
      },
    });
    const f = await client.take(outbound);
    assert.deepEqual([f.type, f.class, f.code], ['message', 'StructuredMessage', 200]);
    assertRealBody(f.body);
    assert.equal(f.body.text, 'This one?');
    assert.equal(f.body.content.length, 1);
    assert.deepEqual(keys(f.body.content[0]), keys(REAL['mt.SerializationTest.card'].body.content[0]));
    const card = f.body.content[0].card;
    assertRealCard(card);
    assert.equal(card.image, `${sim.httpUrl}/demo/trail-shoe.svg`);
    assert.deepEqual(card.defaultAction, { type: 'Link', url: 'https://example.com/p/1' });
    const img = await fetch(card.image);
    assert.equal(img.status, 200);
    assert.match(img.headers.get('content-type') ?? '', /image\/svg\+xml/);

    const { chat } = asWidget(f);
    assert.equal(chat.cards.length, 1);
    assert.equal(chat.cards[0].title, 'Trail Runner 2');
    assert.equal(chat.cards[0].image, card.image);
    assert.deepEqual(chat.cards[0].actions.map((/** @type {any} */ a) => a.type), ['Link', 'Postback']);
    // It is stored for history as sent.
    assert.deepEqual(sim.sessions().find((s) => s.token === token)?.messages.at(-1).content, f.body.content);
  });

  test('a carousel: one Carousel item whose cards are real cards; the widget gets every card', async () => {
    const { client, token } = await guest();
    const agent = await attached(token);
    agent.send({ type: 'carousel', text: 'Favourites', cards: SAMPLE_CARDS });
    const f = await client.take(outbound);
    assertRealBody(f.body);
    const real = REAL['mt.SerializationTest.carousel'].body.content[0];
    assert.deepEqual(keys(f.body.content[0]), keys(real));
    assert.deepEqual(keys(f.body.content[0].carousel), keys(real.carousel));
    const cards = f.body.content[0].carousel.cards;
    assert.equal(cards.length, 3);
    cards.forEach(assertRealCard);
    assert.deepEqual(
      cards.map((/** @type {any} */ c) => new URL(c.image).pathname),
      ['/demo/trail-shoe.svg', '/demo/rain-jacket.svg', '/demo/day-pack.svg'],
    );
    for (const c of cards) assert.equal((await fetch(c.image)).status, 200, c.image);
    const { chat } = asWidget(f);
    assert.deepEqual(chat.cards.map((/** @type {any} */ c) => c.title), SAMPLE_CARDS.map((c) => c.title));
  });

  test('quick replies the agent edited (payload defaults to the text); without a list, the default three', async () => {
    const { client, token } = await guest();
    const agent = await attached(token);
    agent.send({ type: 'quick-replies', text: 'Which size?', replies: [{ text: '42' }, { text: '43', payload: 'SIZE_43' }] });
    const f = await client.take(outbound);
    const real = REAL['mt.Response.onMessageWithQuickReplies'].body.content[0];
    assert.equal(f.body.type, 'Structured');
    assert.equal(f.body.text, 'Which size?');
    for (const c of f.body.content) {
      assert.deepEqual(keys(c), keys(real));
      assert.deepEqual(keys(c.quickReply), keys(real.quickReply));
    }
    assert.deepEqual(f.body.content.map((/** @type {any} */ c) => [c.quickReply.text, c.quickReply.payload, c.quickReply.action]), [
      ['42', '42', 'Message'],
      ['43', 'SIZE_43', 'Message'],
    ]);
    assert.deepEqual(asWidget(f).chat.quickReplies.map((/** @type {any} */ q) => q.payload), ['42', 'SIZE_43']);

    agent.send({ type: 'quick-replies' });
    const d = await client.take(outbound);
    assert.equal(d.body.content.length, 3);
  });

  test('markdown is text, sent as typed (the widget renders it when the deployment says so)', async () => {
    const { client, token } = await guest();
    const agent = await attached(token);
    const md = '**Bold**, *italic*, [a link](https://example.com)\n\n- one\n- two\n\n```\ncode\n```';
    agent.send({ type: 'send', text: md });
    const f = await client.take(outbound);
    assert.deepEqual([f.body.type, f.body.text], ['Text', md]);
  });

  test('Join: an Outbound Presence Join with the agent as from, in the real shape; a second one is refused', async () => {
    const { client, token } = await guest();
    const agent = await attached(token); // attaching joined once
    await client.take((f) => f.body?.events?.[0]?.presence?.type === 'Join');
    agent.send({ type: 'join' });
    const err = await agent.until((m) => m.type === 'error');
    assert.match(err.message, /already joined/);
    agent.send({ type: 'end' });
    const end = await client.take((f) => f.body?.events?.[0]?.presence?.type === 'Disconnect');
    assert.equal(end.body.channel.from.nickname, sim.options.agentName);
    // Read-only by default: a Join would reopen nothing, the console says so.
    sim.setDeploymentConfig(sim.sessions().find((s) => s.token === token)?.deploymentId ?? '', { messenger: { apps: { conversations: { conversationDisconnect: { enabled: true, type: 'Send' } } } } });
    const { client: c2, token: t2 } = await guest();
    const a2 = await attached(t2);
    await c2.take((f) => f.body?.events?.[0]?.presence?.type === 'Join');
    a2.send({ type: 'end' });
    await c2.take((f) => f.body?.events?.[0]?.presence?.type === 'Disconnect');
    a2.send({ type: 'join' });
    const join = await c2.take((f) => f.body?.events?.[0]?.presence?.type === 'Join');
    const real = REAL['mt.Response.structuredMessageWithEvents.presenceJoin'].body;
    for (const k of keys(real)) assert.ok(k in join.body, `Join has ${k}`);
    assert.deepEqual(join.body.events, real.events);
    assert.equal(join.body.channel.from.nickname, sim.options.agentName);
  });

  test('a bad card or carousel is refused with a plain error, and nothing reaches the customer', async () => {
    const { client, token } = await guest();
    const agent = await attached(token);
    await client.take((f) => f.body?.events?.[0]?.presence?.type === 'Join');
    const cases = [
      [{ type: 'card', card: { description: 'no title' } }, /title is needed/],
      [{ type: 'card', card: { title: 'x', actions: [{ type: 'Link', text: 'Open', url: 'javascript:alert(1)' }] } }, /http\(s\) URL/],
      [{ type: 'card', card: { title: 'x', actions: [{ type: 'Link', text: 'Open' }] } }, /URL is needed/],
      [{ type: 'card', card: { title: 'x', actions: [1, 2, 3, 4].map((i) => ({ type: 'Postback', text: `b${i}` })) } }, /at most 3/],
      [{ type: 'card', card: { title: 'x', actions: [{ type: 'Call', text: 'Ring' }] } }, /Link or a Postback/],
      [{ type: 'carousel', cards: [] }, /at least one card/],
      [{ type: 'carousel', cards: Array.from({ length: MAX_CARDS + 1 }, (_, i) => ({ title: `c${i}` })) }, /at most 10 cards/],
      [{ type: 'carousel', cards: [{ title: 'ok' }, { title: '' }] }, /Card 2's title is needed/],
      [{ type: 'quick-replies', replies: [] }, /at least one choice/],
      [{ type: 'quick-replies', replies: [{ payload: 'X' }] }, /Choice 1's text is needed/],
    ];
    for (const [msg, re] of cases) {
      agent.got.length = 0;
      agent.send(msg);
      const err = await agent.until((m) => m.type === 'error');
      assert.match(err.message, re, JSON.stringify(msg));
    }
    const leaked = await client.collect(outbound, 100);
    assert.deepEqual(leaked, []);
  });
});

/** Says `text` and returns the scripted reply (after its typing), and what came before it. */
async function ask(/** @type {string} */ text, deploymentId = undefined) {
  sim.setOptions({ scriptedAgent: true });
  const { client, token } = await guest(deploymentId);
  await client.say(token, text);
  const reply = await client.take(outbound, 3000);
  return { client, token, reply };
}

describe('the scripted agent answers keywords', () => {
  test('"card": a Structured message with one real Card, its picture served', async () => {
    const { reply } = await ask('show me a card');
    assertRealBody(reply.body);
    assert.equal(reply.body.content[0].contentType, 'Card');
    assertRealCard(reply.body.content[0].card);
    assert.equal((await fetch(reply.body.content[0].card.image)).status, 200);
    assert.equal(asWidget(reply).chat.cards.length, 1);
  });

  test('"carousel": a Carousel of three real cards', async () => {
    const { reply } = await ask('carousel please');
    assert.equal(reply.body.content[0].contentType, 'Carousel');
    reply.body.content[0].carousel.cards.forEach(assertRealCard);
    assert.equal(asWidget(reply).chat.cards.length, 3);
  });

  test('a card\'s postback answer (ButtonResponse "Button") is understood', async () => {
    sim.setOptions({ scriptedAgent: true });
    const { client, token } = await guest();
    const buy = SAMPLE_CARDS[1].actions[1];
    await client.say(token, buy.text, { type: 'Structured', content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'Button', text: buy.text, payload: buy.payload } }] });
    const reply = await client.take(outbound, 3000);
    assert.match(reply.body.text, /Storm Shell jacket is in your basket/);
  });

  test('"quick replies" and "options": QuickReply choices', async () => {
    for (const words of ['quick replies', 'options']) {
      const { reply } = await ask(words);
      assert.deepEqual(reply.body.content.map((/** @type {any} */ c) => c.contentType), ['QuickReply', 'QuickReply', 'QuickReply'], words);
    }
  });

  test('"markdown" and "code": markdown text; with the deployment\'s markdown off, a note says why the marks show', async () => {
    sim.setDeploymentConfig('dep-md-on', { messenger: { apps: { conversations: { markdown: { enabled: true } } } } });
    const on = (await ask('markdown', 'dep-md-on')).reply.body;
    assert.equal(on.type, 'Text');
    assert.match(on.text, /\*\*free\*\*/);
    assert.match(on.text, /^1\. /m);
    assert.match(on.text, /^- /m);
    assert.match(on.text, /\[your orders\]\(https:\/\/example\.com\/orders\)/);
    assert.doesNotMatch(on.text, /Markdown is off/);
    const code = (await ask('code', 'dep-md-on')).reply.body;
    assert.match(code.text, /`RET-1042`/);
    assert.match(code.text, /```\n[\s\S]+\n```/);
    const off = (await ask('markdown')).reply.body;
    assert.match(off.text, /^Markdown is off for this deployment/);
  });

  test('"picture" and "file": an Attachment in the real shape whose URL serves a real PNG and a real PDF', async () => {
    const real = REAL['mt.Response.onMessageWithAttachment'].body.content[0];
    for (const [word, mime, mediaType, magic] of [
      ['picture', 'image/png', 'Image', '\x89PNG'],
      ['file', 'application/pdf', 'File', '%PDF-'],
    ]) {
      const { reply } = await ask(`can you send a ${word}?`);
      const item = reply.body.content[0];
      assert.deepEqual(keys(item), keys(real));
      assert.deepEqual(keys(item.attachment), keys(real.attachment));
      assert.deepEqual([item.attachment.mime, item.attachment.mediaType], [mime, mediaType]);
      const bytes = Buffer.from(await (await fetch(item.attachment.url)).arrayBuffer());
      assert.equal(bytes.subarray(0, magic.length).toString('latin1'), magic, word);
      assert.equal(item.attachment.fileSize, bytes.length);
      assert.equal(asWidget(reply).chat.attachments[0].mime, mime);
    }
  });

  test('"typing": typing, typing again, then the answer', async () => {
    sim.setOptions({ scriptedAgent: true });
    const { client, token } = await guest();
    await client.say(token, 'show me typing');
    const reply = await client.take(outbound, 3000);
    const typing = client.raw.map((r) => JSON.parse(r)).filter((f) => f.body?.events?.[0]?.eventType === 'Typing');
    assert.equal(typing.length, 2);
    const real = REAL['mt.Response.structuredMessageWithEvents.typingOn'].body.events;
    for (const t of typing) assert.deepEqual(t.body.events, real);
    assert.match(reply.body.text, /That was me typing/);
  });

  test('"bye" and "end": the answer, then a Presence Disconnect; "the end of the month" is not an end', async () => {
    for (const words of ['bye', 'end']) {
      const { client } = await ask(words);
      const disc = await client.take((f) => f.body?.events?.[0]?.presence?.type === 'Disconnect', 3000);
      assert.deepEqual(disc.body.events, REAL['mt.Response.structuredMessageWithEvents.presenceDisconnect'].body.events);
    }
    const ctx = { first: false, agentName: 'Alex (Support)', turn: 0 };
    assert.equal(composeReply('by the end of the month', ctx).disconnect, undefined);
    assert.equal(composeReply('end the chat', ctx).disconnect, true);
  });
});

describe('the demo page', () => {
  test('lists every keyword the scripted agent knows', () => {
    const page = readFileSync(root('index.html'), 'utf8');
    for (const { word } of KEYWORDS) assert.match(page, new RegExp(`data-keyword="${word}"`), word);
    // Each listed keyword really gets its own kind of answer.
    const ctx = { first: false, agentName: 'Alex', turn: 0, markdown: true };
    const kinds = KEYWORDS.map(({ word }) => {
      const r = composeReply(word, ctx);
      return r.content?.[0]?.contentType ?? r.attachment?.mime ?? (r.quickReplies ? 'QuickReply' : r.disconnect ? 'end' : r.slow ? 'typing' : r.text.slice(0, 12));
    });
    assert.equal(new Set(kinds).size, KEYWORDS.length, kinds.join(', '));
  });

  test('the demo files are sound: a PNG of the stated size, a PDF whose xref offsets point at its objects', () => {
    const png = demoPicture();
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [240, 150]);
    const pdf = demoPdf().toString('latin1');
    const xref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    assert.equal(pdf.slice(xref, xref + 4), 'xref');
    const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    assert.equal(offsets.length, 5);
    offsets.forEach((o, i) => assert.equal(pdf.slice(o, o + `${i + 1} 0 obj`.length), `${i + 1} 0 obj`));
  });

  test('a simulator without a static root still serves the card pictures', async () => {
    const bare = await startSimulator({});
    try {
      for (const p of ['/demo/trail-shoe.svg', '/demo/rain-jacket.svg', '/demo/day-pack.svg']) {
        const res = await fetch(`${bare.httpUrl}${p}`);
        assert.equal(res.status, 200, p);
        assert.match(await res.text(), /^<svg/);
      }
    } finally {
      await bare.close();
    }
  });
});
