// A friendly scripted agent for the demo: typing first, then a short reply. It stays quiet
// for any session a person is handling in the agent console. When the session's deployment
// has markdown.enabled, some replies use markdown (bold, a link, a bulleted list).
// Keywords (KEYWORDS, listed on the demo page) show each kind of message the widget renders:
// a card, a carousel, quick replies, markdown, code, a picture, a file, typing, the end.

import { conversationsOf } from './config.mjs';
import { CODE_SAMPLE, MARKDOWN_SAMPLE, SAMPLE_CARDS, carouselContent, cardContent, demoPdf, demoPicture } from './demo-content.mjs';

/** @typedef {import('./simulator.mjs').Simulator} Simulator */
/** @typedef {import('./session.mjs').Session} Session */
/** @typedef {import('./session.mjs').StoredMessage} StoredMessage */

/**
 * @typedef {object} Reply
 * @property {string} text
 * @property {{ text: string, payload: string }[]} [quickReplies]
 * @property {Record<string, any>[]} [content]  a Card or Carousel item (demo-content.mjs), real shapes
 * @property {{ filename: string, mime: string, bytesBase64: string }} [attachment]  a file the simulator serves
 * @property {boolean} [slow]  keep typing longer before the reply (the "typing" keyword)
 * @property {boolean} [disconnect]  end the conversation after this reply (read-only or not, as the deployment says)
 */

/**
 * What a visitor can type, and what each shows: the demo page (index.html) lists them all
 * (a test keeps the two in step).
 */
export const KEYWORDS = Object.freeze([
  { word: 'card', shows: 'a card: picture, title, text, a link and a postback button' },
  { word: 'carousel', shows: 'a carousel of three cards' },
  { word: 'options', shows: 'quick replies (also "quick replies", "help", "menu")' },
  { word: 'markdown', shows: 'emphasis, links and lists (rendered when the deployment turns markdown on)' },
  { word: 'code', shows: 'inline code and a code block' },
  { word: 'picture', shows: 'an image attachment (also "photo", "image")' },
  { word: 'file', shows: 'a PDF attachment (also "pdf", "document")' },
  { word: 'typing', shows: 'the agent typing for a while before answering' },
  { word: 'order', shows: 'a plain answer (also "refund", "person")' },
  { word: 'bye', shows: 'the agent ends the conversation (also "end")' },
]);

export const QUICK_REPLIES = Object.freeze([
  { text: 'Track my order', payload: 'ORDER' },
  { text: 'Request a refund', payload: 'REFUND' },
  { text: 'Talk to a person', payload: 'HUMAN' },
]);

const FALLBACKS = [
  'Got it! Let me look into that for you.',
  'Thanks, that helps. Anything else I can do for you?',
  'Happy to help with that. Type "options" to see what I can do.',
];

/**
 * The words a customer message carries: its text plus quick-reply answers.
 * @param {StoredMessage} m
 */
export function customerWords(m) {
  const parts = [m.text ?? ''];
  for (const c of m.content ?? []) {
    const b = c?.buttonResponse;
    if (b) parts.push(String(b.text ?? ''), String(b.payload ?? ''));
  }
  return parts.join(' ').toLowerCase();
}

/**
 * Choose the reply. Pure, so it is easy to test.
 * @param {string} words   lower-case text
 * @param {{ first: boolean, agentName: string, turn: number, markdown?: boolean, resolve?: (path: string) => string }} ctx
 *   markdown: the deployment renders markdown, so some replies use it;
 *   resolve: the absolute URL of a picture the simulator serves (card images), for this session
 * @returns {Reply}
 */
export function composeReply(words, { first, agentName, turn, markdown = false, resolve = (p) => p }) {
  const name = agentName.replace(/\s*\(.*\)\s*$/, '').trim() || 'your agent';
  const hello = first ? `Hi, I'm ${name}! ` : '';
  const has = (/** @type {RegExp} */ re) => re.test(words);

  if (has(/\b(bye|goodbye|see you|that'?s all|end (the )?(chat|conversation))\b/) || has(/^\s*end\s*[.!]*\s*$/)) {
    return { text: 'Thanks for chatting with us. Have a great day! 👋', disconnect: true };
  }
  // A card's postback button answers with its payload (§2.4(e)).
  const bought = /\bbuy_[a-z0-9_]+/.exec(words)?.[0];
  const product = bought && SAMPLE_CARDS.find((c) => c.actions.some((a) => a.type === 'Postback' && a.payload.toLowerCase() === bought));
  if (product) return { text: `Great choice: the ${product.title} is in your basket. 🛒` };
  if (has(/\bcarousel\b/)) {
    return { text: `${hello}Here are this week's favourites:`, content: carouselContent(SAMPLE_CARDS, resolve) };
  }
  if (has(/\bcards?\b/)) {
    return { text: `${hello}This is the one you looked at:`, content: cardContent(SAMPLE_CARDS[0], resolve) };
  }
  if (has(/\bmarkdown\b/)) {
    const off = markdown ? '' : 'Markdown is off for this deployment, so the marks show as typed (turn on "Markdown enabled" in the agent console\'s settings, then reload the page).\n\n';
    return { text: `${off}${MARKDOWN_SAMPLE}` };
  }
  if (has(/\bcode\b/)) {
    const off = markdown ? '' : 'Markdown is off for this deployment, so the code shows as typed.\n\n';
    return { text: `${off}${CODE_SAMPLE}` };
  }
  if (has(/\b(picture|photo|image)s?\b/)) {
    return {
      text: `${hello}Here is a picture from our last trail run.`,
      attachment: { filename: 'trail-evening.png', mime: 'image/png', bytesBase64: demoPicture().toString('base64') },
    };
  }
  if (has(/\b(file|pdf|document)s?\b/)) {
    return {
      text: `${hello}Here is your return label as a PDF.`,
      attachment: { filename: 'return-label-A-1042.pdf', mime: 'application/pdf', bytesBase64: demoPdf().toString('base64') },
    };
  }
  if (has(/\btyping\b/)) {
    return { text: 'That was me typing: the dots show while an agent types, for up to 5 seconds after each typing event.', slow: true };
  }
  if (has(/\b(options|help|menu|quick ?repl(y|ies))\b/)) {
    const list = markdown ? '\n\n- **Track** an order\n- Request a **refund**\n- Talk to a person' : '';
    return { text: `${hello}Here is what I can help with:${list}`, quickReplies: QUICK_REPLIES.map((q) => ({ ...q })) };
  }
  if (has(/\border/)) {
    if (markdown) {
      return {
        text: `${hello}Your order **A-1042** shipped yesterday and should arrive within 2 days. 📦 [Track it here](https://example.com/track/A-1042).`,
      };
    }
    return { text: `${hello}Your order A-1042 shipped yesterday and should arrive within 2 days. 📦` };
  }
  if (has(/\brefund/)) {
    return { text: `${hello}No problem: I've started a refund. You'll see it within 5 business days.` };
  }
  if (has(/\b(human|person|agent|someone)\b/)) {
    return { text: `${hello}You're chatting with a simulator. Open the agent console (/demo/agent.html) to play the agent yourself.` };
  }
  if (first || has(/^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/)) {
    const options = markdown ? '**options**' : '"options"';
    return { text: `${first ? hello : 'Hi again! '}How can I help you today? Type ${options} to see what I can do.` };
  }
  return { text: /** @type {string} */ (FALLBACKS[turn % FALLBACKS.length]) };
}

export class ScriptedAgent {
  /** @param {Simulator} sim */
  constructor(sim) {
    this.sim = sim;
    /** @type {Map<string, Set<NodeJS.Timeout>>} pending timers per token */
    this.timers = new Map();
    this.turn = 0;
  }

  /** Should the scripted agent speak in this session right now? @param {Session} s */
  active(s) {
    return (
      this.sim.options.scriptedAgent === true &&
      s.consoles === 0 &&
      !s.readOnly &&
      this.sim.store.get(s.token) === s
    );
  }

  /** @param {number} textLength */
  delays(textLength) {
    const d = this.sim.options.agentDelays ?? {};
    return {
      typing: d.typing ?? 400,
      // 1.2–2 s, longer for longer questions.
      reply: d.reply ?? 1200 + Math.min(800, textLength * 12),
      disconnect: d.disconnect ?? 1500,
    };
  }

  /** @param {Session} s @param {number} ms @param {() => void} fn */
  schedule(s, ms, fn) {
    const set = this.timers.get(s.token) ?? new Set();
    this.timers.set(s.token, set);
    const t = setTimeout(() => {
      set.delete(t);
      if (!set.size && this.timers.get(s.token) === set) this.timers.delete(s.token);
      if (this.active(s)) fn();
    }, ms);
    set.add(t);
  }

  /** Drop any pending reply for a session (console attached, read-only, deleted). @param {Session} s */
  cancel(s) {
    const set = this.timers.get(s.token);
    if (!set) return;
    for (const t of set) clearTimeout(t);
    this.timers.delete(s.token);
  }

  cancelAll() {
    for (const set of this.timers.values()) for (const t of set) clearTimeout(t);
    this.timers.clear();
  }

  /** A customer Text/Structured message was stored. @param {Session} s @param {StoredMessage} m */
  onCustomerMessage(s, m) {
    if (!this.active(s)) return;
    // A burst of customer messages gets one answer (to the latest): restart the script.
    this.cancel(s);
    const first = !spokeSinceDisconnect(s);
    const words = customerWords(m);
    const markdown = conversationsOf(this.sim.configFor(s.deploymentId)).markdown?.enabled === true;
    const resolve = (/** @type {string} */ path) => this.sim.publicUrl(s, path);
    const reply = composeReply(words, { first, agentName: this.sim.options.agentName, turn: this.turn++, markdown, resolve });
    this.play(s, reply, words.length);
  }

  /** Presence Join (auto-start): greet if the agent has not spoken yet (since the last Disconnect). @param {Session} s */
  onJoin(s) {
    if (!this.active(s) || spokeSinceDisconnect(s)) return;
    const name = this.sim.options.agentName.replace(/\s*\(.*\)\s*$/, '').trim();
    this.play(s, { text: `Hi, I'm ${name}! How can I help you today?` }, 0);
  }

  /** Typing, then (reading the customer's messages) the reply, then maybe a disconnect. */
  play(/** @type {Session} */ s, /** @type {Reply} */ reply, /** @type {number} */ length) {
    const d = this.delays(length);
    this.schedule(s, d.typing, () => this.sim.sendAgentTyping(s, { duration: 5000 }));
    // "typing": a second typing event keeps the indicator up (it lasts 5 s after each), as a slow typist's.
    if (reply.slow) this.schedule(s, d.typing + d.reply, () => this.sim.sendAgentTyping(s, { duration: 5000 }));
    this.schedule(s, d.typing + d.reply * (reply.slow ? 3 : 1), () => {
      this.sim.markCustomerRead(s);
      this.sim.sendAgentMessage(s, { text: reply.text, quickReplies: reply.quickReplies, content: reply.content, attachment: reply.attachment });
      // ReadOnly or Send, as the session's deployment says (conversationDisconnect).
      if (reply.disconnect) this.schedule(s, d.disconnect, () => this.sim.sendDisconnect(s, undefined, this.sim.agentFrom(s)));
    });
  }
}

/**
 * Has the agent written (Text/Structured) since the conversation last ended? After a `Send`
 * disconnect the customer may write again, and is greeted as at the start.
 * @param {Session} s
 */
export function spokeSinceDisconnect(s) {
  for (let i = s.messages.length - 1; i >= 0; i--) {
    const m = /** @type {StoredMessage} */ (s.messages[i]);
    if (m.direction !== 'Outbound') continue;
    if (m.type !== 'Event') return true;
    if (m.events?.some((e) => e?.eventType === 'Presence' && e.presence?.type === 'Disconnect')) return false;
  }
  return false;
}
