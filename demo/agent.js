// Agent side of the simulator, over /agent (see server/agent-console.mjs).
// Customer text is untrusted: it is only ever rendered with textContent.
const $ = (id) => document.getElementById(id);
const els = {
  sessions: $('sessions'), noSessions: $('no-sessions'), title: $('chat-title'), meta: $('chat-meta'),
  log: $('log'), typing: $('typing'), composer: $('composer'), input: $('input'), send: $('send'),
  qr: $('qr'), file: $('file'), end: $('end'), expire: $('expire'), drop: $('drop'), notice: $('notice'),
  linkDot: $('link-dot'), linkText: $('link-text'), receipts: $('receipts'), who: $('chat-who'),
  mdSample: $('md-sample'), mdHint: $('md-hint'), card: $('card'), carousel: $('carousel'),
  typingBtn: $('typing-btn'), join: $('join'),
};

const TYPING_SHOW_MS = 5000; // customer typing: shown 5 s after each event
const TYPING_SEND_MS = 3000; // agent typing: at most one event every 3 s

const state = {
  ws: null,
  sessions: [],
  token: null,
  session: null, // transcript info of the attached session
  messages: [],
  readIds: new Set(),
  typingTimer: 0,
  lastTypingSent: 0,
  markdown: null, // the attached session's deployment renders markdown (from its config), null: not known yet
};

const short = (token) => (token.length > 12 ? `${token.slice(0, 8)}…` : token);
const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

function send(msg) {
  if (state.ws?.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(msg));
}

function connect() {
  const url = new URL('/agent', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  state.ws = ws;
  ws.addEventListener('open', () => {
    els.linkDot.classList.add('on');
    els.linkText.textContent = 'connected';
    if (state.token) send({ type: 'attach', token: state.token });
  });
  ws.addEventListener('message', (e) => {
    let msg;
    try { msg = JSON.parse(e.data); } catch { return; }
    onServer(msg);
  });
  ws.addEventListener('close', () => {
    els.linkDot.classList.remove('on');
    els.linkText.textContent = 'reconnecting…';
    setTimeout(connect, 1000);
  });
}

function onServer(msg) {
  switch (msg.type) {
    case 'hello':
      showOptions(msg);
      state.sessions = msg.sessions;
      renderSessions();
      if (msg.config) showConfig(msg.config);
      // After a reconnect the field may name another deployment than the demo's.
      if (currentDeployment() && currentDeployment() !== msg.config?.deploymentId) requestConfig();
      break;
    case 'config':
      showConfig(msg);
      if (msg.deploymentId === state.session?.deploymentId) {
        state.markdown = msg.settings?.messenger?.apps?.conversations?.markdown?.enabled === true;
        renderHead();
      }
      break;
    case 'config-saved':
      if (msg.deploymentId === currentDeployment()) {
        const ignored = msg.ignored?.length ? ` (ignored: ${msg.ignored.join(', ')})` : '';
        result(`Saved at ${new Date().toLocaleTimeString()}${ignored}.`);
      }
      break;
    case 'sessions':
      state.sessions = msg.sessions;
      renderSessions();
      break;
    case 'options':
      showOptions(msg);
      break;
    case 'transcript':
      if (msg.token !== state.token) return;
      if (!state.session && msg.deploymentId && msg.deploymentId !== currentDeployment()) {
        // Attaching shows the settings of the session's deployment (the server sends them next).
        settings.deployment.value = msg.deploymentId;
        settings.form.dataset.loaded = '';
      }
      state.session = msg;
      state.messages = msg.messages;
      state.readIds = new Set(msg.readIds);
      renderChat();
      markRead();
      break;
    case 'message': {
      if (msg.token !== state.token) return;
      const i = state.messages.findIndex((m) => m.id === msg.message.id);
      if (i >= 0) state.messages[i] = msg.message;
      else state.messages.push(msg.message);
      if (msg.message.direction === 'Inbound' && msg.message.type !== 'Event') hideTyping();
      if (msg.message.direction === 'Outbound' && msg.message.metadata?.readOnly === 'true' && state.session) state.session.readOnly = true;
      renderChat();
      markRead();
      break;
    }
    case 'typing':
      if (msg.token === state.token) showTyping();
      break;
    case 'receipt':
      if (msg.token !== state.token) return;
      state.readIds = new Set(msg.readIds);
      renderLog();
      break;
    case 'customer-read':
      if (msg.token !== state.token) return;
      for (const m of state.messages) if (msg.ids.includes(m.id)) m.receipt = 'Read';
      renderLog();
      break;
    case 'ended':
      if (msg.token === state.token) {
        notice(`Session ${short(msg.token)} ${msg.reason === 'reset' ? 'was reset' : `was ${msg.reason}`}.`);
        state.token = null;
        state.session = null;
        state.messages = [];
        state.markdown = null;
        renderSessions();
        renderChat();
      }
      break;
    case 'error':
      notice(msg.message);
      if (/^Settings not saved/.test(msg.message)) result(msg.message, true);
      break;
  }
}

// Server-sent receipts are the simulator's opt-in, unverified behaviour (see the label).
function showOptions(msg) {
  els.receipts.checked = msg.receipts === true;
  els.receipts.disabled = false;
}

function notice(text) {
  els.notice.textContent = text;
  clearTimeout(notice.t);
  notice.t = setTimeout(() => (els.notice.textContent = ''), 6000);
}

// A signed-in customer (authenticated messaging) is "Verified", with the name and email their
// identity provider vouched for; anyone else is a "Guest". Text only, never markup.
function whoBadge(auth) {
  if (!auth) {
    const b = el('span', 'badge guest', 'Guest');
    b.title = 'Anonymous guest session';
    return b;
  }
  const b = el('span', 'badge verified');
  b.title = `Signed in as ${auth.sub}`;
  b.append(el('strong', '', '✓ Verified'), el('span', '', ` ${auth.name || auth.sub}${auth.email ? ` <${auth.email}>` : ''}`));
  return b;
}

function renderSessions() {
  els.sessions.replaceChildren();
  els.noSessions.hidden = state.sessions.length > 0;
  for (const s of state.sessions) {
    const li = el('li');
    const b = el('button');
    b.type = 'button';
    b.title = s.token;
    b.setAttribute('aria-current', String(s.token === state.token));
    const top = el('span', 's-top');
    top.append(el('span', `dot${s.connections ? ' on' : ''}`), el('span', '', short(s.token)));
    top.append(el('span', 'badge', s.connections === 1 ? '1 tab' : `${s.connections} tabs`));
    if (s.readOnly) top.append(el('span', 'badge ro', 'read-only'));
    const who = el('span', 's-who');
    who.append(whoBadge(s.authenticated));
    b.append(top, who, el('span', 's-last', s.lastText || 'No messages yet'));
    b.addEventListener('click', () => attach(s.token));
    li.append(b);
    els.sessions.append(li);
  }
  if (state.session) {
    const s = state.sessions.find((x) => x.token === state.token);
    if (s) {
      state.session.connections = s.connections;
      state.session.readOnly = s.readOnly;
      state.session.authenticated = s.authenticated ?? null;
      renderHead();
    }
  }
}

function attach(token) {
  if (token === state.token) return;
  state.token = token;
  state.session = null;
  state.messages = [];
  state.markdown = null;
  hideTyping();
  send({ type: 'attach', token });
  renderSessions();
  renderChat();
  els.input.focus();
}

function renderHead() {
  const s = state.session;
  els.title.textContent = state.token ? short(state.token) : 'Pick a session';
  els.title.title = state.token ?? '';
  els.who.replaceChildren();
  if (s) els.who.append(whoBadge(s.authenticated));
  if (!s) {
    els.meta.textContent = state.token ? 'loading…' : '';
  } else {
    const attrs = Object.entries(s.customAttributes ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
    els.meta.textContent = [
      `deployment ${s.deploymentId}`,
      s.connections ? `${s.connections} connection${s.connections > 1 ? 's' : ''}` : 'customer offline',
      s.readOnly ? 'read-only' : '',
      attrs ? `attributes: ${attrs}` : '',
    ].filter(Boolean).join(' · ');
  }
  const live = Boolean(s && !s.readOnly);
  for (const b of [els.input, els.send, els.qr, els.file, els.end, els.mdSample, els.card, els.carousel, els.typingBtn]) b.disabled = !live;
  els.join.disabled = !live || agentJoined();
  els.mdHint.textContent = live && state.markdown === false
    ? `Markdown is off for deployment ${s.deploymentId}: the customer sees the marks as typed (Deployment settings, Markdown enabled).`
    : live && state.markdown ? 'Markdown on: **bold**, *italic*, [links](https://…), lists and `code` render for the customer.' : '';
  els.mdHint.classList.toggle('warn', live && state.markdown === false);
  els.expire.disabled = !s;
  els.drop.disabled = !s;
}

/** Has the agent joined since the conversation last ended? (Presence Join/Disconnect in the transcript.) */
function agentJoined() {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    const t = m.direction === 'Outbound' && m.type === 'Event' && m.events?.[0]?.eventType === 'Presence' ? m.events[0].presence?.type : null;
    if (t === 'Join') return true;
    if (t === 'Disconnect') return false;
  }
  return false;
}

function renderChat() {
  renderHead();
  renderLog();
}

function eventLabel(m) {
  const e = m.events?.[0];
  if (e?.eventType === 'Presence') {
    const t = e.presence?.type;
    const who = m.direction === 'Outbound' ? m.channel?.from?.nickname ?? 'Agent' : 'Customer';
    if (t === 'Join') return `${who} joined`;
    if (t === 'Disconnect') {
      const by = m.direction === 'Outbound' && m.channel?.from?.nickname ? ` by ${m.channel.from.nickname}` : '';
      return m.metadata?.readOnly === 'true' ? `Conversation ended${by} (read-only)` : `Conversation ended${by}; the customer may write again`;
    }
    if (t === 'Clear') return 'Customer cleared the conversation';
    return `Presence: ${t}`;
  }
  return e ? `${e.eventType} event` : 'Event';
}

function renderLog() {
  const atBottom = els.log.scrollHeight - els.log.scrollTop - els.log.clientHeight < 40;
  els.log.replaceChildren();
  if (!state.token) {
    els.log.append(el('li', 'event placeholder', 'Choose a session on the left to join the conversation.'));
    return;
  }
  const sorted = [...state.messages].sort((a, b) => a.channel.time.localeCompare(b.channel.time));
  for (const m of sorted) {
    if (m.type === 'Event') {
      els.log.append(el('li', 'event', `${eventLabel(m)} · ${clock(m.channel.time)}`));
      continue;
    }
    const inbound = m.direction === 'Inbound';
    const li = el('li', inbound ? 'inbound' : 'outbound');
    const answer = (m.content ?? []).find((c) => c.contentType === 'ButtonResponse')?.buttonResponse;
    const text = m.text || answer?.text || '';
    const files = (m.content ?? []).filter((c) => c.contentType === 'Attachment' && c.attachment);
    const cards = (m.content ?? []).flatMap((c) => (c.contentType === 'Card' && c.card ? [c.card] : c.contentType === 'Carousel' ? c.carousel?.cards ?? [] : []));
    if (text || (!files.length && !cards.length)) li.append(el('div', 'bubble', text || '(no text)'));
    if (cards.length) li.append(renderCards(cards));
    if (files.length) li.append(renderFiles(files.map((c) => c.attachment)));
    if (answer) li.append(el('span', 'answer', `↩ ${answer.type === 'Button' ? 'card button' : 'quick reply'}: ${answer.payload ?? answer.text}`));
    const qrs = (m.content ?? []).filter((c) => c.contentType === 'QuickReply');
    if (qrs.length) {
      const chips = el('div', 'chips');
      for (const q of qrs) chips.append(el('span', 'chip', q.quickReply?.text ?? ''));
      li.append(chips);
    }
    const meta = el('span', 'meta');
    meta.append(el('span', '', inbound ? `Customer · ${clock(m.channel.time)}` : `${m.channel.from?.nickname ?? 'Agent'} · ${clock(m.channel.time)}`));
    if (!inbound) {
      const read = state.readIds.has(m.id);
      meta.append(el('span', read ? 'read' : '', read ? '✓✓ Read' : '✓ Sent'));
    } else if (m.receipt === 'Read') {
      meta.append(el('span', '', 'seen'));
    }
    li.append(meta);
    els.log.append(li);
  }
  if (atBottom || sorted.length < 3) els.log.scrollTop = els.log.scrollHeight;
}

/** Cards as the customer gets them, smaller: picture, title, text, buttons (text only; http(s) pictures). */
function renderCards(cards) {
  const row = el('div', 'cards');
  for (const c of cards) {
    const card = el('div', 'mini-card');
    if (typeof c.image === 'string' && /^https?:\/\//i.test(c.image)) {
      const img = el('img');
      img.src = c.image;
      img.alt = '';
      img.loading = 'lazy';
      card.append(img);
    }
    card.append(el('strong', '', c.title ?? ''));
    if (c.description) card.append(el('span', '', c.description));
    const chips = el('div', 'chips');
    for (const a of c.actions ?? []) chips.append(el('span', 'chip', a.type === 'Link' ? `↗ ${a.text}` : `↩ ${a.text}`));
    if (chips.childElementCount) card.append(chips);
    row.append(card);
  }
  return row;
}

/** Attachments: pictures as thumbnails, other files as links; names only ever as text, URLs only http(s). */
function renderFiles(list) {
  const box = el('div', 'files');
  for (const a of list) {
    const name = typeof a.filename === 'string' ? a.filename : 'file';
    const url = typeof a.url === 'string' && /^https?:\/\//i.test(a.url) ? a.url : null;
    const size = typeof a.fileSize === 'number' ? ` (${Math.max(1, Math.round(a.fileSize / 1000))} kB)` : '';
    if (!url) {
      box.append(el('span', 'file', `${name}${size}`));
      continue;
    }
    const link = el('a', 'file');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    if (a.mediaType === 'Image' || String(a.mime).startsWith('image/')) {
      const img = el('img');
      img.src = url;
      img.alt = name;
      img.loading = 'lazy';
      link.className = '';
      link.append(img);
    } else link.textContent = `${name}${size}`;
    box.append(link);
  }
  return box;
}

function showTyping() {
  els.typing.textContent = 'Customer is typing…';
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
}
function hideTyping() {
  clearTimeout(state.typingTimer);
  els.typing.textContent = '';
}

// The agent has "read" what is on screen while this window is visible and focused.
function markRead() {
  if (!state.token || document.visibilityState !== 'visible' || !document.hasFocus()) return;
  const unread = state.messages.some((m) => m.direction === 'Inbound' && m.type !== 'Event' && m.receipt !== 'Read');
  if (unread) send({ type: 'read' });
}
window.addEventListener('focus', markRead);
document.addEventListener('visibilitychange', markRead);

// Keystrokes send agent typing (throttled); Enter sends the message.
els.input.addEventListener('input', () => {
  if (!els.input.value.trim()) return;
  const now = Date.now();
  if (now - state.lastTypingSent >= TYPING_SEND_MS) {
    state.lastTypingSent = now;
    send({ type: 'typing' });
  }
});
els.composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = els.input.value.trim();
  if (!text || !state.token) return;
  send({ type: 'send', text });
  els.input.value = '';
  state.lastTypingSent = 0;
});
// Enter sends (Shift+Enter: a new line, for markdown lists and code); not while composing text in an IME.
els.input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    els.composer.requestSubmit();
  }
});
els.typingBtn.addEventListener('click', () => send({ type: 'typing' }));
els.join.addEventListener('click', () => send({ type: 'join' }));
// A file for the customer (at most ~700 kB: the console's socket takes 1 MB frames).
els.file.addEventListener('change', () => {
  const file = els.file.files?.[0];
  els.file.value = '';
  if (!file || !state.token) return;
  if (file.size > 700_000) return void (els.notice.textContent = 'Files up to 700 kB can be sent from the console.');
  const reader = new FileReader();
  reader.onload = () => send({ type: 'send-file', filename: file.name, mime: file.type || 'application/octet-stream', bytesBase64: String(reader.result).split(',')[1] ?? '' });
  reader.readAsDataURL(file);
});
els.end.addEventListener('click', () => send({ type: 'end' }));

// ---------------------------------------------------------------- rich messages
// Markdown is text the widget renders when the deployment says so; quick replies, cards and
// carousels are edited in dialogs and checked again by the server (server/demo-content.mjs).

const MARKDOWN_SAMPLES = {
  list: 'Here is what I can do:\n\n- **Track** an order\n- Start a *return*\n- Change the delivery address',
  steps: 'To return an item:\n\n1. Print the label from [your orders](https://example.com/orders)\n2. Pack the item\n3. Drop it at any parcel shop',
  emphasis: 'Returns are **free** within *30 days*, ~~no~~ no questions asked. Details: https://example.com/returns',
  code: 'Your return code is `RET-1042`. Paste this into the form:\n\n```\nOrder:  A-1042\nRMA:    88-2231\n```',
};
els.mdSample.addEventListener('change', () => {
  const sample = MARKDOWN_SAMPLES[els.mdSample.value];
  els.mdSample.value = '';
  if (!sample) return;
  // Inserted at the caret (replacing a selection), to edit before sending.
  const { selectionStart: a, selectionEnd: b, value } = els.input;
  els.input.value = `${value.slice(0, a)}${sample}${value.slice(b)}`;
  els.input.focus();
  els.input.setSelectionRange(a + sample.length, a + sample.length);
});

/** A dialog that closes on its Cancel button and on Escape (native), and returns focus to its opener. */
function dialogFor(id, opener) {
  const dialog = $(id);
  for (const b of dialog.querySelectorAll('[data-close]')) b.addEventListener('click', () => dialog.close());
  if (opener) dialog.addEventListener('close', () => opener.focus());
  return dialog;
}

let fieldId = 0;
/** A labelled input. */
function field(label, value, attrs = {}) {
  const wrap = el('div', `field${attrs.wide ? ' wide' : ''}`);
  const input = el('input');
  input.id = `f${++fieldId}`;
  input.value = value ?? '';
  for (const [k, v] of Object.entries(attrs)) if (k !== 'wide') input.setAttribute(k, v);
  const l = el('label', '', label);
  l.htmlFor = input.id;
  wrap.append(l, input);
  return { wrap, input };
}

// Quick replies: the prompt and 1-10 choices (text, optional payload).
const DEFAULT_CHOICES = [
  { text: 'Track my order', payload: 'ORDER' },
  { text: 'Request a refund', payload: 'REFUND' },
  { text: 'Talk to a person', payload: 'HUMAN' },
];
const qr = { dialog: dialogFor('qr-dialog', els.qr), form: $('qr-form'), text: $('qr-text'), rows: $('qr-rows'), add: $('qr-add') };
function qrRow(choice = { text: '', payload: '' }) {
  const tr = el('tr');
  const n = qr.rows.childElementCount + 1;
  const text = el('input');
  text.required = true;
  text.maxLength = 100;
  text.value = choice.text;
  text.setAttribute('aria-label', `Choice ${n} text`);
  const payload = el('input');
  payload.maxLength = 100;
  payload.value = choice.payload ?? '';
  payload.setAttribute('aria-label', `Choice ${n} payload`);
  const remove = el('button', 'icon-btn', 'Remove');
  remove.type = 'button';
  remove.setAttribute('aria-label', `Remove choice ${n}`);
  remove.addEventListener('click', () => {
    tr.remove();
    qrChanged();
    qr.rows.querySelector('input')?.focus();
  });
  for (const input of [text, payload, remove]) {
    const td = el('td');
    td.append(input);
    tr.append(td);
  }
  qr.rows.append(tr);
}
function qrChanged() {
  const rows = [...qr.rows.children];
  rows.forEach((tr, i) => {
    const [text, payload, remove] = tr.querySelectorAll('input, button');
    text.setAttribute('aria-label', `Choice ${i + 1} text`);
    payload.setAttribute('aria-label', `Choice ${i + 1} payload`);
    remove.setAttribute('aria-label', `Remove choice ${i + 1}`);
    remove.disabled = rows.length === 1;
  });
  qr.add.disabled = rows.length >= 10;
}
function qrReset() {
  qr.text.value = 'What would you like to do?';
  qr.rows.replaceChildren();
  for (const c of DEFAULT_CHOICES) qrRow(c);
  qrChanged();
}
qr.add.addEventListener('click', () => {
  qrRow();
  qrChanged();
  qr.rows.lastElementChild.querySelector('input').focus();
});
$('qr-reset').addEventListener('click', qrReset);
els.qr.addEventListener('click', () => {
  qr.dialog.showModal();
  qr.text.focus();
});
qr.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const replies = [...qr.rows.children].map((tr) => {
    const [text, payload] = tr.querySelectorAll('input');
    return { text: text.value.trim(), payload: payload.value.trim() || undefined };
  });
  send({ type: 'quick-replies', text: qr.text.value, replies });
  qr.dialog.close();
});
qrReset();

// Cards: one card (Card…) or a carousel of 1-10 (Carousel…), each title, description,
// picture, a link button and a postback button. The samples are the demo shop's products.
const SAMPLE_CARDS = [
  { title: 'Trail Runner 2', description: 'Trail running shoes · size 42 · in stock', image: '/demo/trail-shoe.svg', link: ['View', 'https://example.com/p/trail-runner-2'], postback: ['Buy now', 'BUY_TRAIL_RUNNER_2'] },
  { title: 'Storm Shell jacket', description: 'Waterproof, packs into its pocket · M, L', image: '/demo/rain-jacket.svg', link: ['View', 'https://example.com/p/storm-shell'], postback: ['Buy now', 'BUY_STORM_SHELL'] },
  { title: 'Ridge 22 day pack', description: '22 litres, rain cover included', image: '/demo/day-pack.svg', link: ['View', 'https://example.com/p/ridge-22'], postback: ['Buy now', 'BUY_RIDGE_22'] },
];
const cardsUi = { dialog: dialogFor('cards-dialog', null), form: $('cards-form'), title: $('cards-title'), text: $('cards-text'), list: $('cards-list'), add: $('cards-add'), mode: 'card' };
const saved = { card: null, carousel: null }; // each mode's edits, kept between openings (Reset brings the sample back)

function cardFieldset(c = { title: '', description: '', image: '', link: ['', ''], postback: ['', ''] }) {
  const fs = el('fieldset', 'card-edit');
  const legend = el('legend');
  const name = el('span');
  const remove = el('button', 'icon-btn', 'Remove');
  remove.type = 'button';
  remove.addEventListener('click', () => {
    fs.remove();
    cardsChanged();
    cardsUi.list.querySelector('input')?.focus();
  });
  legend.append(name, remove);
  const title = field('Title', c.title, { required: '', maxlength: '200', wide: true });
  const description = field('Description', c.description, { maxlength: '500', wide: true });
  const image = field('Picture', c.image, { list: 'card-images', wide: true, placeholder: '/demo/trail-shoe.svg or https://…' });
  const linkText = field('Link button', c.link[0], { maxlength: '100', placeholder: 'View' });
  const linkUrl = field('Link URL', c.link[1], { maxlength: '2000', placeholder: 'https://…' });
  const postText = field('Postback button', c.postback[0], { maxlength: '100', placeholder: 'Buy now' });
  const postPayload = field('Postback payload', c.postback[1], { maxlength: '100', placeholder: 'the button text' });
  fs.append(legend, title.wrap, description.wrap, image.wrap, linkText.wrap, linkUrl.wrap, postText.wrap, postPayload.wrap);
  // A link needs both its text and its URL.
  const pair = () => {
    linkUrl.input.required = Boolean(linkText.input.value.trim());
    linkText.input.required = Boolean(linkUrl.input.value.trim());
  };
  linkText.input.addEventListener('input', pair);
  linkUrl.input.addEventListener('input', pair);
  pair();
  fs.read = () => {
    const actions = [];
    if (linkText.input.value.trim()) actions.push({ type: 'Link', text: linkText.input.value.trim(), url: linkUrl.input.value.trim() });
    if (postText.input.value.trim()) actions.push({ type: 'Postback', text: postText.input.value.trim(), payload: postPayload.input.value.trim() || undefined });
    return { title: title.input.value.trim(), description: description.input.value.trim() || undefined, image: image.input.value.trim() || undefined, actions };
  };
  fs.parts = { name, remove };
  cardsUi.list.append(fs);
  return fs;
}
function cardsChanged() {
  const sets = [...cardsUi.list.children];
  const carousel = cardsUi.mode === 'carousel';
  sets.forEach((fs, i) => {
    fs.parts.name.textContent = carousel ? `Card ${i + 1}` : 'Card';
    fs.parts.remove.hidden = !carousel;
    fs.parts.remove.disabled = sets.length === 1;
    fs.parts.remove.setAttribute('aria-label', `Remove card ${i + 1}`);
  });
  cardsUi.add.hidden = !carousel;
  cardsUi.add.disabled = sets.length >= 10;
}
function cardsReset() {
  const carousel = cardsUi.mode === 'carousel';
  cardsUi.text.value = carousel ? "Here are this week's favourites:" : 'This is the one you looked at:';
  cardsUi.list.replaceChildren();
  for (const c of carousel ? SAMPLE_CARDS : SAMPLE_CARDS.slice(0, 1)) cardFieldset(c);
  cardsChanged();
}
function openCards(mode, opener) {
  if (mode !== cardsUi.mode || !cardsUi.list.childElementCount) {
    // This mode's last edits (saved on close), else its sample.
    cardsUi.mode = mode;
    const last = saved[mode];
    if (last) {
      cardsUi.text.value = last.text;
      cardsUi.list.replaceChildren(...last.sets);
      cardsChanged();
    } else cardsReset();
  }
  cardsUi.title.textContent = mode === 'carousel' ? 'Send a carousel' : 'Send a card';
  cardsUi.opener = opener;
  cardsUi.dialog.showModal();
  cardsUi.list.querySelector('input')?.focus();
}
cardsUi.dialog.addEventListener('close', () => {
  saved[cardsUi.mode] = { text: cardsUi.text.value, sets: [...cardsUi.list.children] };
  cardsUi.opener?.focus();
});
cardsUi.add.addEventListener('click', () => {
  cardFieldset().querySelector('input').focus();
  cardsChanged();
});
$('cards-reset').addEventListener('click', cardsReset);
els.card.addEventListener('click', () => openCards('card', els.card));
els.carousel.addEventListener('click', () => openCards('carousel', els.carousel));
cardsUi.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const cards = [...cardsUi.list.children].map((fs) => fs.read());
  const text = cardsUi.text.value;
  send(cardsUi.mode === 'carousel' ? { type: 'carousel', text, cards } : { type: 'card', text, card: cards[0] });
  cardsUi.dialog.close();
});
els.expire.addEventListener('click', () => {
  if (confirm('Expire this session? The customer will have to start over.')) send({ type: 'expire' });
});
els.drop.addEventListener('click', () => send({ type: 'drop' }));
els.receipts.addEventListener('change', () => send({ type: 'set-receipts', on: els.receipts.checked }));

// ---------------------------------------------------------------- deployment settings
// The console-editable part of a deployment's config.json (server/config.mjs CONSOLE_SETTINGS).
// The server validates what is saved; the widget reads config.json on its next page load.

const settings = {
  form: $('settings-form'), deployment: $('cfg-deployment'), raw: $('cfg-raw'), color: $('cfg-color'),
  languages: $('cfg-languages'), defaultLanguage: $('cfg-default-language'), status: $('cfg-status'),
  launcher: $('cfg-launcher'), disconnect: $('cfg-disconnect'), messenger: $('cfg-messenger'),
  agentTyping: $('cfg-agent-typing'), userTyping: $('cfg-user-typing'), clear: $('cfg-clear'),
  autoStart: $('cfg-autostart'), markdown: $('cfg-markdown'), auth: $('cfg-auth'), authUpgrade: $('cfg-auth-upgrade'),
  attachments: $('cfg-attachments'), types: [...document.querySelectorAll('.cfg-type')],
  save: $('cfg-save'), result: $('cfg-result'),
};
const MAX_FILE_KB = 10240;

function currentDeployment() {
  return settings.deployment.value.trim();
}

function result(text, error = false) {
  settings.result.textContent = text;
  settings.result.classList.toggle('error', error);
}

function requestConfig() {
  const deploymentId = currentDeployment();
  if (!deploymentId) return;
  settings.save.disabled = true;
  result('loading…');
  send({ type: 'get-config', deploymentId });
}

function showConfig(msg) {
  if (msg.deploymentId !== currentDeployment()) return;
  const c = msg.settings ?? {};
  const m = c.messenger ?? {};
  const conv = m.apps?.conversations ?? {};
  const colour = m.styles?.primaryColor ?? '';
  settings.color.value = /^#[0-9a-f]{6}$/i.test(colour) ? colour.toLowerCase() : '#2563eb';
  settings.languages.value = (c.languages ?? []).join(', ');
  settings.defaultLanguage.value = c.defaultLanguage ?? '';
  settings.status.value = c.status === 'Inactive' ? 'Inactive' : 'Active';
  settings.launcher.value = m.launcherButton?.visibility === 'Off' ? 'Off' : 'On';
  settings.disconnect.value = conv.conversationDisconnect?.type === 'Send' ? 'Send' : 'ReadOnly';
  settings.messenger.checked = m.enabled !== false;
  settings.agentTyping.checked = conv.showAgentTypingIndicator !== false;
  settings.userTyping.checked = conv.showUserTypingIndicator !== false;
  settings.clear.checked = conv.conversationClear?.enabled === true;
  settings.autoStart.checked = conv.autoStart?.enabled === true;
  settings.markdown.checked = conv.markdown?.enabled === true;
  settings.auth.checked = c.auth?.enabled === true;
  settings.authUpgrade.checked = c.auth?.allowSessionUpgrade === true;
  settings.attachments.checked = m.fileUpload?.enableAttachments === true;
  const types = new Set((m.fileUpload?.modes ?? []).flatMap((mode) => mode.fileTypes ?? []));
  for (const box of settings.types) box.checked = types.has(box.value);
  settings.raw.hidden = !msg.raw;
  settings.save.disabled = false;
  if (settings.form.dataset.loaded !== msg.deploymentId) result('');
  settings.form.dataset.loaded = msg.deploymentId;
}

function readForm() {
  const languages = settings.languages.value.split(',').map((l) => l.trim()).filter(Boolean);
  const fileTypes = settings.types.filter((b) => b.checked).map((b) => b.value);
  return {
    languages,
    defaultLanguage: settings.defaultLanguage.value.trim() || languages[0] || '',
    status: settings.status.value,
    messenger: {
      enabled: settings.messenger.checked,
      styles: { primaryColor: settings.color.value },
      launcherButton: { visibility: settings.launcher.value },
      fileUpload: {
        enableAttachments: settings.attachments.checked,
        modes: fileTypes.length ? [{ fileTypes, maxFileSizeKB: MAX_FILE_KB }] : [],
      },
      apps: {
        conversations: {
          showAgentTypingIndicator: settings.agentTyping.checked,
          showUserTypingIndicator: settings.userTyping.checked,
          conversationDisconnect: { enabled: true, type: settings.disconnect.value },
          conversationClear: { enabled: settings.clear.checked },
          autoStart: { enabled: settings.autoStart.checked },
          markdown: { enabled: settings.markdown.checked },
        },
      },
    },
    auth: { enabled: settings.auth.checked, allowSessionUpgrade: settings.authUpgrade.checked },
  };
}

settings.form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!currentDeployment()) return result('A deployment id is needed.', true);
  result('saving…');
  send({ type: 'set-config', deploymentId: currentDeployment(), config: readForm() });
});
settings.deployment.addEventListener('change', requestConfig);

renderChat();
connect();
