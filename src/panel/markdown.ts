/**
 * Agent text as a small, safe markdown, rendered straight to Lit templates.
 *
 * Nothing here produces HTML from strings: the result is made only of `html` templates with
 * the text in bindings, so HTML in a message is shown as text. The only URLs rendered are
 * link hrefs, and each one passes `safeUrl(url, 'link')`.
 *
 * Supported, as chat products do: paragraphs, a single newline as a line break, `**bold**`
 * and `__bold__`, `*italic*` and `_italic_` (not inside words, so snake_case stays literal),
 * `~~strike~~`, `` `code` ``, fenced code blocks, `[text](url)` links, bare http(s) URLs,
 * `-`/`*`/`+` and `1.` lists with one level of nesting, and backslash escapes. Headings,
 * tables, images and HTML are not markdown here: they show as the text they are.
 *
 * The parser is a single left-to-right scan per line and per paragraph with a bounded stack
 * (inline nesting stops at {@link MAX_INLINE_DEPTH}), so time is linear in the input and the
 * recursion depth of the renderer is bounded whatever the input.
 *
 * Longer than 300 lines: parser and renderer in one file for now; issue 17 splits it (with one
 * URL tokenizer shared with linkify.ts).
 */
import { css } from '@lit/reactive-element';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { MAX_URL, safeUrl } from '../safe-url.js';

/** Longer input is rendered as plain text (a chat message is at most 4,096 characters). */
export const MAX_MARKDOWN = 20_000;
/** Emphasis, strikethrough and link text nest at most this deep; deeper markers are literal. */
export const MAX_INLINE_DEPTH = 6;

/** Renders `text` as markdown. Never throws; input over {@link MAX_MARKDOWN} is plain text. */
export function renderMarkdown(text: string): TemplateResult {
  if (text.length > MAX_MARKDOWN) return html`<span class="md">${text}</span>`;
  let blocks: Block[];
  try {
    blocks = parseBlocks(text);
  } catch {
    return html`<span class="md">${text}</span>`; // not expected: the parser has no throwing paths
  }
  return html`<span class="md">${blocks.map(renderBlock)}</span>`;
}

/** Markdown styles; adopt them next to the panel's. Colours come from the bubble (currentColor). */
export const markdownStyles = css`
  .md {
    display: block;
  }
  .md > p,
  .md > pre,
  .md > ul,
  .md > ol {
    margin-block: 0;
  }
  .md > * + * {
    margin-block-start: 0.5em;
  }
  .md ul,
  .md ol {
    margin-inline: 0;
    padding-inline-start: 1.4em;
  }
  .md li ul,
  .md li ol {
    margin-block: 0.15em 0;
  }
  .md li + li {
    margin-block-start: 0.15em;
  }
  .md code {
    padding: 0.05em 0.3em;
    border-radius: 4px;
    background: color-mix(in srgb, currentColor 12%, transparent);
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    white-space: pre-wrap;
  }
  .md pre {
    max-width: 100%;
    padding: 0.5em 0.75em;
    overflow-x: auto;
    border-radius: 6px;
    background: color-mix(in srgb, currentColor 10%, transparent);
    white-space: pre;
    overflow-wrap: normal;
  }
  .md pre code {
    padding: 0;
    border-radius: 0;
    background: none;
    white-space: inherit;
  }
  .md a {
    color: inherit;
    text-decoration: underline;
  }
  @media (max-width: 480px) {
    .md pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  }
`;

// ------------------------------------------------------------------ model

type Inline = string | Br | Code | Span | Link | Url;
interface Br {
  readonly t: 'br';
}
interface Code {
  readonly t: 'code';
  readonly v: string;
}
interface Span {
  readonly t: 'strong' | 'em' | 's';
  readonly c: Inline[];
}
/** `[text](url)`; `href` is undefined when `safeUrl` refused the URL (the text shows alone). */
interface Link {
  readonly t: 'a';
  readonly href: string | undefined;
  readonly c: Inline[];
}
/** A bare http(s) URL that `safeUrl` accepted. */
interface Url {
  readonly t: 'url';
  readonly v: string;
  readonly href: string;
}

interface ListBlock {
  readonly t: 'list';
  readonly ordered: boolean;
  readonly start: number;
  readonly items: Item[];
}
interface Item {
  text: string;
  readonly lists: ListBlock[];
}
type Block = { readonly t: 'p'; readonly text: string } | { readonly t: 'pre'; readonly text: string } | ListBlock;

const BR: Br = { t: 'br' };

// ------------------------------------------------------------------ blocks

/** Up to 3 spaces, 3 or more backticks, then an info string without backticks (ignored). */
function isFenceOpen(line: string): boolean {
  const i = skipSpaces(line, 0);
  if (i > 3) return false;
  const j = skipChar(line, i, '`');
  return j - i >= 3 && !line.includes('`', j);
}

/** Up to 3 spaces, 3 or more backticks, then nothing but spaces. */
function isFenceClose(line: string): boolean {
  const i = skipSpaces(line, 0);
  if (i > 3) return false;
  const j = skipChar(line, i, '`');
  return j - i >= 3 && line.slice(j).trim() === '';
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

function skipChar(s: string, i: number, ch: string): number {
  while (i < s.length && s[i] === ch) i++;
  return i;
}

interface Marker {
  readonly indent: number;
  readonly ordered: boolean;
  readonly start: number;
  readonly content: string;
}

/** `- x`, `* x`, `+ x`, `1. x` or `1) x` (content required), else undefined. */
function listMarker(line: string): Marker | undefined {
  const i = skipSpaces(line, 0);
  const c = line[i];
  let end: number;
  let ordered = false;
  let start = 1;
  if (c === '-' || c === '*' || c === '+') {
    end = i + 1;
  } else {
    let j = i;
    while (j < line.length && j - i < 9 && line[j]! >= '0' && line[j]! <= '9') j++;
    if (j === i || (line[j] !== '.' && line[j] !== ')')) return undefined;
    ordered = true;
    start = Number(line.slice(i, j));
    end = j + 1;
  }
  if (line[end] !== ' ' && line[end] !== '\t') return undefined;
  const content = line.slice(end).trim();
  return content ? { indent: i, ordered, start, content } : undefined;
}

/** Lines to blocks: fenced code, lists (one nested level), and paragraphs. Linear in lines. */
function parseBlocks(text: string): Block[] {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: ListBlock | undefined;
  let listIndent = 0;
  let item: Item | undefined; // the current top-level item
  let sub: Item | undefined; // the current nested item
  let blank = false;
  let noCloseFrom = Infinity; // no closing fence on this line index or after

  const endPara = () => {
    if (para.length) blocks.push({ t: 'p', text: para.join('\n') });
    para = [];
  };
  const endList = () => {
    if (list) blocks.push(list);
    list = item = sub = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isFenceOpen(line) && i + 1 < noCloseFrom) {
      let close = -1;
      for (let j = i + 1; j < lines.length; j++) {
        if (isFenceClose(lines[j]!)) {
          close = j;
          break;
        }
      }
      if (close >= 0) {
        endPara();
        endList();
        blocks.push({ t: 'pre', text: lines.slice(i + 1, close).join('\n') });
        i = close;
        blank = false;
        continue;
      }
      noCloseFrom = i + 1; // an unclosed fence is text, and so is every later one
    }
    if (line.trim() === '') {
      endPara();
      blank = true;
      continue;
    }
    const m = listMarker(line);
    if (m && list && item && m.indent >= listIndent + 2) {
      sub = { text: m.content, lists: [] };
      const last = item.lists.at(-1);
      if (last && last.ordered === m.ordered) last.items.push(sub);
      else item.lists.push({ t: 'list', ordered: m.ordered, start: m.start, items: [sub] });
      blank = false;
      continue;
    }
    if (m && list && list.ordered === m.ordered) {
      item = { text: m.content, lists: [] };
      sub = undefined;
      list.items.push(item);
      blank = false;
      continue;
    }
    // A list may interrupt a paragraph, except a numbered one not starting at 1 ("In 2024. we…").
    if (m && !(para.length && m.ordered && m.start !== 1)) {
      endPara();
      endList();
      item = { text: m.content, lists: [] };
      list = { t: 'list', ordered: m.ordered, start: m.start, items: [item] };
      listIndent = m.indent;
      blank = false;
      continue;
    }
    if (list && item && !blank) {
      const target = sub ?? item; // a continuation line of the item above
      target.text += '\n' + line.trim();
      continue;
    }
    endList();
    para.push(line.trimStart());
    blank = false;
  }
  endPara();
  endList();
  return blocks;
}

// ------------------------------------------------------------------ inlines

/** An open delimiter: emphasis (`n` = 1 or 2 markers), `~~`, or a link's `[`. */
interface Frame {
  readonly ch: string;
  readonly n: number;
  readonly c: Inline[];
  /** False once a link closed inside it: links do not nest. */
  active: boolean;
}

const ASCII_PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const UNICODE_PUNCT = /[\p{P}\p{S}]/u;
const isSpace = (c: string | undefined) => c === undefined || c.trim() === '';
const isPunct = (c: string | undefined) =>
  c !== undefined && (ASCII_PUNCT.includes(c) || UNICODE_PUNCT.test(c));
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function pushText(out: Inline[], s: string): void {
  if (!s) return;
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = (out[last] as string) + s;
  else out.push(s);
}

function pushAll(out: Inline[], nodes: readonly Inline[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') pushText(out, node);
    else out.push(node);
  }
}

/**
 * Starts of every backtick run, by run length, so that finding a code span's closing run is
 * a pointer step rather than a scan (which would be quadratic on "` `` ``` …").
 */
function backtickRuns(s: string): Map<number, { starts: number[]; next: number }> {
  const runs = new Map<number, { starts: number[]; next: number }>();
  for (let i = s.indexOf('`'); i >= 0; ) {
    const end = skipChar(s, i, '`');
    const len = end - i;
    let entry = runs.get(len);
    if (!entry) runs.set(len, (entry = { starts: [], next: 0 }));
    entry.starts.push(i);
    i = s.indexOf('`', end);
  }
  return runs;
}

/**
 * What link destinations need to know about a paragraph, computed in one pass so that each
 * `](` costs constant time plus its own length (a scan per `](` would be quadratic on
 * "[x](" repeated): the `)` matching each `(` within a stretch without spaces, where each
 * stretch ends, where the spaces after it end, and the next `>`, quote or newline.
 */
class LinkScan {
  readonly #s: string;
  readonly #match = new Map<number, number>();
  readonly #nextSpace: Int32Array;
  readonly #nextSolid: Int32Array;
  readonly #next = new Map<string, { from: number; at: number }>();

  constructor(s: string) {
    this.#s = s;
    const n = s.length;
    const open: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = s[i]!;
      if (c === '\\') i++;
      else if (c <= ' ') open.length = 0;
      else if (c === '(') open.push(i);
      else if (c === ')' && open.length) this.#match.set(open.pop()!, i);
    }
    this.#nextSpace = new Int32Array(n + 1).fill(n);
    this.#nextSolid = new Int32Array(n + 1).fill(n);
    for (let i = n - 1; i >= 0; i--) {
      const space = s[i]! <= ' ';
      this.#nextSpace[i] = space ? i : this.#nextSpace[i + 1]!;
      this.#nextSolid[i] = s[i] === ' ' || s[i] === '\t' ? this.#nextSolid[i + 1]! : i;
    }
  }

  /** `s.indexOf(ch, from)`, remembered: calls come with rising `from`, so this is linear. */
  #indexOf(ch: string, from: number): number {
    const hit = this.#next.get(ch);
    if (hit && from >= hit.from && (hit.at < 0 || hit.at >= from)) return hit.at;
    const at = this.#s.indexOf(ch, from);
    this.#next.set(ch, { from, at });
    return at;
  }

  /**
   * `(destination)`, `(<destination>)` or either with a `"title"` (ignored), starting at
   * `s[p] === '('`; undefined if there is none.
   */
  destination(p: number): { url: string; end: number } | undefined {
    const s = this.#s;
    let url: string;
    let j: number;
    const close = this.#match.get(p);
    if (close !== undefined) {
      url = s.slice(p + 1, close);
      if (url.startsWith('<') && url.endsWith('>')) url = url.slice(1, -1);
      j = close;
    } else {
      j = this.#nextSolid[p + 1]!;
      if (s[j] === '<') {
        const gt = this.#indexOf('>', j);
        const nl = this.#indexOf('\n', j);
        if (gt < 0 || (nl >= 0 && nl < gt)) return undefined;
        url = s.slice(j + 1, gt);
        j = gt + 1;
      } else {
        const e = this.#nextSpace[j]!;
        url = s.slice(j, e);
        j = e;
      }
      if (url.length > MAX_URL) return undefined;
      j = this.#nextSolid[j]!;
      const q = s[j];
      if (q === '"' || q === "'") {
        const end = this.#indexOf(q, j + 1);
        const nl = this.#indexOf('\n', j + 1);
        if (end < 0 || (nl >= 0 && nl < end)) return undefined;
        j = this.#nextSolid[end + 1]!;
      }
      if (s[j] !== ')') return undefined;
    }
    return { url: url.replace(/\\([!-/:-@[-`{-~])/g, '$1'), end: j + 1 };
  }
}

/** A bare http(s) URL at `i` (trailing punctuation left out), or undefined. */
function bareUrl(s: string, i: number): { url: string; end: number } | undefined {
  if (isAlnum(s[i - 1])) return undefined;
  const head = s.slice(i, i + 8).toLowerCase();
  if (!head.startsWith('http://') && !head.startsWith('https://')) return undefined;
  let j = i;
  let open = 0;
  let close = 0;
  for (; j < s.length; j++) {
    const c = s[j]!;
    if (c <= ' ' || c === '<' || c === '>' || c === '"' || c === '`' || c === ']' || isSpace(c)) break;
    if (c === '(') open++;
    else if (c === ')') close++;
  }
  while (j > i) {
    const c = s[j - 1]!;
    if ('.,:;!?\'"*_~'.includes(c)) j--;
    else if (c === ')' && close > open) {
      j--;
      close--;
    } else break;
  }
  const url = s.slice(i, j);
  return url.length > head.indexOf('/') + 2 ? { url, end: j } : undefined;
}

const TAGS: Record<string, readonly ['em' | 's' | 'strong', 'em' | 's' | 'strong']> = {
  '*': ['em', 'strong'],
  _: ['em', 'strong'],
  '~': ['s', 's'],
};

/**
 * One paragraph or list item's text to inline nodes. A single scan with a stack of open
 * delimiters at most {@link MAX_INLINE_DEPTH} deep: a closer matches the nearest opener of its
 * kind, openers left in between become literal text, and so does anything open at the end.
 */
function parseInline(s: string): Inline[] {
  const root: Frame = { ch: '', n: 0, c: [], active: false };
  const stack: Frame[] = [root];
  const runs = backtickRuns(s);
  let links: LinkScan | undefined; // built on the first "](" only
  let i = 0;
  let textStart = 0;

  const out = () => stack[stack.length - 1]!.c;
  const flush = (to: number) => {
    pushText(out(), s.slice(textStart, to));
  };
  const depth = () => stack.length - 1;
  /** Turns the frames above `k` back into text, then pops and returns frame `k`. */
  const closeTo = (k: number): Frame => {
    while (stack.length - 1 > k) dissolve();
    return stack.pop()!;
  };
  const dissolve = () => {
    const f = stack.pop()!;
    const parent = out();
    pushText(parent, f.ch === '[' ? '[' : f.ch.repeat(f.n));
    pushAll(parent, f.c);
  };

  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      const next = s[i + 1];
      if (next === '\n') {
        flush(i);
        out().push(BR);
        i += 2;
        textStart = i;
      } else if (next !== undefined && ASCII_PUNCT.includes(next)) {
        flush(i);
        pushText(out(), next);
        i += 2;
        textStart = i;
      } else i++;
    } else if (c === '\n') {
      flush(i);
      out().push(BR);
      textStart = ++i;
    } else if (c === '`') {
      flush(i);
      const end = skipChar(s, i, '`');
      const len = end - i;
      const run = runs.get(len);
      if (run) while (run.next < run.starts.length && run.starts[run.next]! < end) run.next++;
      const closer = run?.starts[run.next];
      if (closer === undefined) {
        pushText(out(), s.slice(i, end));
        i = end;
      } else {
        let code = s.slice(end, closer).replace(/\n/g, ' ');
        if (code.length > 2 && code[0] === ' ' && code.at(-1) === ' ' && code.trim()) code = code.slice(1, -1);
        out().push({ t: 'code', v: code });
        run!.next++;
        i = closer + len;
      }
      textStart = i;
    } else if (c === '*' || c === '_' || c === '~') {
      flush(i);
      const end = skipChar(s, i, c);
      i = emphasis(c, i, end);
      textStart = i;
    } else if (c === '[') {
      flush(i);
      if (depth() < MAX_INLINE_DEPTH) stack.push({ ch: '[', n: 0, c: [], active: true });
      else pushText(out(), '[');
      textStart = ++i;
    } else if (c === ']') {
      flush(i);
      let k = stack.length - 1;
      while (k > 0 && stack[k]!.ch !== '[') k--;
      const dest =
        k > 0 && stack[k]!.active && s[i + 1] === '(' ? (links ??= new LinkScan(s)).destination(i + 1) : undefined;
      if (dest) {
        const f = closeTo(k);
        out().push({ t: 'a', href: safeUrl(dest.url, 'link'), c: f.c });
        for (const open of stack) if (open.ch === '[') open.active = false;
        i = dest.end;
      } else {
        pushText(out(), ']');
        i++;
      }
      textStart = i;
    } else if (c === 'h' || c === 'H') {
      const found = bareUrl(s, i);
      if (found) {
        // A refused URL stays text as a whole, so its tail is not scanned again (linear time).
        flush(i);
        const href = safeUrl(found.url, 'link');
        if (href) out().push({ t: 'url', v: found.url, href });
        else pushText(out(), found.url);
        i = found.end;
        textStart = i;
      } else i++;
    } else i++;
  }
  flush(i);
  while (stack.length > 1) dissolve();
  return root.c;

  /** A run of `ch` from `i` to `end`: closes, opens, or stays text. Returns where to go on. */
  function emphasis(ch: string, from: number, end: number): number {
    const len = end - from;
    const unit = ch === '~' ? 2 : 1;
    if (len > 3 || (ch === '~' && len !== 2)) {
      pushText(out(), s.slice(from, end));
      return end;
    }
    const before = s[from - 1];
    const after = s[end];
    const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
    const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
    const canOpen = ch === '_' ? left && (!right || isPunct(before)) : left;
    const canClose = ch === '_' ? right && (!left || isPunct(after)) : right;
    let rest = len;
    if (canClose) {
      while (rest > 0) {
        let k = stack.length - 1;
        while (k > 0 && !(stack[k]!.ch === ch && stack[k]!.n <= rest)) k--;
        if (k === 0) break;
        const f = closeTo(k);
        const [one, two] = TAGS[ch]!;
        out().push({ t: f.n === unit ? one : two, c: f.c });
        rest -= f.n;
      }
    }
    if (rest > 0 && canOpen) {
      // "***" opens em then strong, so that "***x***" closes as <em><strong>.
      const sizes = ch === '~' ? [2] : rest === 3 ? [1, 2] : [rest];
      for (const n of sizes) {
        if (depth() >= MAX_INLINE_DEPTH) break;
        stack.push({ ch, n, c: [], active: true });
        rest -= n;
      }
    }
    pushText(out(), ch.repeat(rest));
    return end;
  }
}

// ------------------------------------------------------------------ render

function renderBlock(b: Block): TemplateResult {
  if (b.t === 'pre') return html`<pre><code>${b.text}</code></pre>`;
  if (b.t === 'p') return html`<p>${renderInlines(parseInline(b.text), false)}</p>`;
  return renderList(b);
}

function renderList(l: ListBlock): TemplateResult {
  const items = l.items.map(
    (it) => html`<li>${renderInlines(parseInline(it.text), false)}${it.lists.map(renderList)}</li>`,
  );
  return l.ordered
    ? html`<ol start=${l.start === 1 ? nothing : l.start}>${items}</ol>`
    : html`<ul>${items}</ul>`;
}

function renderInlines(nodes: readonly Inline[], inLink: boolean): unknown[] {
  return nodes.map((n) => renderInline(n, inLink));
}

/** Recursion depth is bounded by the parser's stack ({@link MAX_INLINE_DEPTH}). */
function renderInline(n: Inline, inLink: boolean): unknown {
  if (typeof n === 'string') return n;
  switch (n.t) {
    case 'br':
      return html`<br />`;
    case 'code':
      return html`<code>${n.v}</code>`;
    case 'strong':
      return html`<strong>${renderInlines(n.c, inLink)}</strong>`;
    case 'em':
      return html`<em>${renderInlines(n.c, inLink)}</em>`;
    case 's':
      return html`<s>${renderInlines(n.c, inLink)}</s>`;
    case 'url':
      return inLink ? n.v : anchor(n.href, n.v);
    case 'a':
      return n.href && !inLink ? anchor(n.href, renderInlines(n.c, true)) : renderInlines(n.c, inLink);
  }
}

/** Web links open in a new tab without an opener; mailto: and tel: get no target. */
function anchor(href: string, content: unknown): TemplateResult {
  return href.startsWith('http:') || href.startsWith('https:')
    ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${content}</a>`
    : html`<a href=${href}>${content}</a>`;
}
